/**
 * The engine's public entry, `dat-sim/sim`: the pure simulation core with no
 * Node, DOM or IO (runs the same in a browser, a worker or Node). Scenario
 * files are validated and resolved by the package's main entry (`dat-sim`:
 * loadScenario / resolveScenario), which hands this engine a ResolvedScenario.
 *
 *   import { prepareModel, PathRun } from 'dat-sim/sim';
 */
export {
  prepareModel,
  PathRun,
  ModelError,
  mertonEquity,
  sqrtImpact,
  linearImpact,
  liquidated,
  scriptLevel,
  SALE_REASONS,
  RULE_VARIABLE_ORDER,
  type Model,
  type ModelOptions,
  type RuleCompiler,
  type CompiledRuleExpr,
  type RunOptions,
  type RecordMode,
  type MarketSeries,
  type CompanySeries,
  type CompanyMilestones,
  type MarketDay,
} from './engine.ts';
export { EVENT_KINDS, type EventKind, type SaleReason, type SimEvent, type EventSink } from './events.ts';
export { ListingState, LISTING_STATE_NAMES, type ListingStateCode, type ListingStateName } from './listing-state.ts';
export { ListingClock, type DeterminationReason } from './listing.ts';
export { measureLoopGain, type LoopGain } from './loop-gain.ts';
export { normCdf, normInv, cholesky } from './math.ts';
export { buildCalendar, dateToOrdinal, ordinalToDate, isValidIsoDate, weekday, addMonths, isBusinessOrdinal, type TradingCalendar } from './calendar.ts';
export type * from './types.ts';
export { coinValueUsd, mnav, evMnav, navPerShare, ltv, debtUsd, seniorUsd, averageDailyVolumeUsd, finiteOrNull } from './derived.ts';
