/**
 * The engine's public entry, `dat-sim/sim`: the pure simulation core with no
 * Node, DOM or IO (runs the same in a browser, a worker or Node). Scenario
 * files are validated and resolved by the package's main entry (`dat-sim`:
 * loadScenario / resolveScenario), which hands this engine a ResolvedScenario.
 *
 *   import { prepareModel, PathRun } from 'dat-sim/sim';
 *
 * It is also the one door through which src/ and web/ reach the engine
 * (test/imports.test.ts holds it): a driver imports from here, never from an
 * individual sim/ file. The one other entry is sim/rules.ts, the rule
 * compiler: it pulls in mathjs (~650 kB), which the web app loads lazily
 * (web/lib/runner.ts, web/ensemble.worker.ts), so it is kept out of this file.
 */

// The engine: model preparation, one path's run and its read-outs, the
// market and valuation laws that drivers and lessons evaluate on their own.
export {
  prepareModel,
  PathRun,
  ModelError,
  NonFiniteError,
  MAX_HORIZON_DAYS,
  describeValue,
  assertResolvedScenario,
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
export { premiumTarget, dayCloses, type DayCloses } from './engine.ts';

// The markets-only counterfactual with K paths in lockstep (bit-identical to PathRun marketsOnly).
export { LockstepBase, MarketsLockstep, type MarketTotals, type MarketTotalsSource } from './lockstep-markets.ts';
// The same keeping each market's daily close: simulate()'s counterfactual without WebAssembly (src/simulate.ts).
export { MarketsLockstepCloses } from './lockstep-markets.ts';
// The same in WebAssembly (wasm/markets.ts), with the JavaScript one as fallback: createMarketsLockstep.
export { WasmMarketsLockstep, createMarketsLockstep, type MarketsLockstepLike } from './lockstep-markets-wasm.ts';
// The whole engine with K paths in lockstep: markets in the kernel, companies in JavaScript (bit-identical to PathRun).
export { EngineLockstep, createEngineLockstep, createPathPair, MAX_ENGINE_LOCKSTEP_PATHS, type CounterfactualLane, type KernelHolder } from './lockstep-engine.ts';

// Events, listing states and the exchange's listing clock.
export { EVENT_KINDS, type EventKind, type SaleReason, type SimEvent, type EventSink } from './events.ts';
export { ListingState, LISTING_STATE_NAMES, type ListingStateCode, type ListingStateName } from './listing-state.ts';
export { ListingClock, type DeterminationReason } from './listing.ts';

// Loop gain (teaching view).
export { measureLoopGain, type LoopGain } from './loop-gain.ts';

// Numerics, trading calendar and exchange holidays.
export { normCdf, normInv, cholesky } from './math.ts';
export { buildCalendar, dateToOrdinal, ordinalToDate, isValidIsoDate, weekday, addMonths, isBusinessOrdinal, type TradingCalendar } from './calendar.ts';
export { exchangeHolidays, HOLIDAY_CALENDARS, type HolidayCalendarId } from './holidays.ts';

// The resolved scenario's types (the engine's input).
export type * from './types.ts';

// Capital formulas (docs/model.md 3.2-3.4), exported by the package's main entry too.
export { reserveTargetUsd, atmRoomUsd, preferredRoomUsd, buybackCashPart, stockImpact } from './capital.ts';

// Derived figures, one definition each (mNAV, EV mNAV, NAV per share, LTV, debt, ADV...).
export { coinValueUsd, mnav, evMnav, navPerShare, ltv, debtUsd, seniorUsd, averageDailyVolumeUsd, finiteOrNull } from './derived.ts';
export { marketCapUsd, unrealizedLossUsd, startDebtUsd, bookNavPerShare } from './derived.ts';
