/**
 * dat-sim's public API for Node scripts:
 *
 *   import { loadScenario, simulate } from 'dat-sim';
 *   const scenario = loadScenario('scenarios/fgnx.json');
 *   const result = simulate(scenario, { seed: 7, days: 365 });
 *
 * Everything here is typed; README.md ("Library API") documents it.
 */
import type { ResolvedScenario } from '../sim/index.ts';
import { isScenarioText, loadScenarioFile } from './node/files.ts';
import { resolveScenario, resolveScenarioText } from './resolve.ts';
import { assertRunnable } from './runnable.ts';
import { checkExpression, compileExpression } from './rules.ts';
import { simulate as simulatePure, type SimulateOptions, type SimResult } from './simulate.ts';
import { riskMap as riskMapPure, type RiskOptions, type RiskReport } from './risk/index.ts';
import { backtest as backtestPure, type BacktestOptions, type BacktestResult } from './backtest.ts';
import type { Outcomes } from './backtest-outcomes.ts';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { scenariosDir } from './node/package-info.ts';

/**
 * A scenario from a file path, from a file's JSON text (a string whose first non-blank
 * character is `{`), or from an already-parsed object (a file's JSON, possibly edited in a
 * script). Throws ScenarioError naming every bad field.
 */
export function loadScenario(source: string | object): ResolvedScenario {
  if (typeof source !== 'string') return assertRunnable(resolveScenario(source, { checkExpression }));
  return isScenarioText(source) ? assertRunnable(resolveScenarioText(source, { checkExpression })) : loadScenarioFile(source, { checkExpression });
}

/** One path and its counterfactual; user rules are compiled with the safe mathjs-based compiler. */
export function simulate(scenario: ResolvedScenario, options: SimulateOptions = {}): SimResult {
  return simulatePure(scenario, { compileRule: compileExpression, ...options });
}

/**
 * The file path of a scenario shipped with the package, by name:
 * `loadScenario(savedScenario('fgnx'))`. `dat-sim list` lists them.
 */
export function savedScenario(name: string): string {
  const file = join(scenariosDir(), name.endsWith('.json') ? name : `${name}.json`);
  if (name.includes('/') || name.includes('\\') || !existsSync(file)) throw new RangeError(`no saved scenario "${name}"; \`dat-sim list\` lists them`);
  return file;
}

export { ScenarioError, resolveScenario, resolveScenarioText, type ScenarioIssue } from './resolve.ts';
export { ScenarioFileSchema, scenarioJsonSchema, type ScenarioFile } from './schema.ts';
export { prepare, runPrepared, type SimResult, type SimulateOptions, type MarketResult, type CompanyResult } from './simulate.ts';
export type { PathSummary, CompanySummary, MarketSummary } from './summary.ts';
export type { CapitalResult } from './simulate.ts';
export { runPreparedTyped, simulateTyped, toPlainResult, type SimResultTyped, type MarketResultTyped, type CompanyResultTyped, type CapitalResultTyped } from './simulate.ts';
export { reserveTargetUsd, atmRoomUsd, preferredRoomUsd, buybackCashPart, stockImpact } from '../sim/index.ts';
export { PathRun, prepareModel, ModelError, NonFiniteError, mertonEquity, sqrtImpact, linearImpact, liquidated, type Model } from '../sim/index.ts';
export type * from '../sim/index.ts';
export type { SimEvent, EventKind } from '../sim/index.ts';
export { seriesCsv } from './output/series-csv.ts';
export { toCsv } from './output/csv.ts';
export { monteCarlo, runEnsemble, checkPaths, MAX_PATHS, type MonteCarloOptions, type MonteCarloResult } from './batch/mc.ts';
export { sweep, prepareSweep, runSweep, parseSetFlag, resolveSetPath, applySets, type SweepOptions, type SweepPoint, type SetSpec } from './batch/sweep.ts';
export { runShard, mergePartials, summarizePartials, encodePartial, decodePartial, type PartialResult } from './batch/partial.ts';
export { parseShard, shardFromEnv, shardRange, type Shard } from './batch/shard.ts';
export { summarize as summarizeEnsemble, summarizeTyped as summarizeEnsembleTyped, toPlainSummary, EnsembleState, type EnsembleSummary, type EnsembleSummaryTyped, type BandsTyped, type Proportion, type Distribution, type Bands } from './batch/ensemble.ts';
export { summaryCsv, sweepMetrics } from './batch/format.ts';
export { wilson } from './batch/stats.ts';
export { WorkerPool } from './batch/pool.ts';
export { BatchError } from './batch/errors.ts';
export { RiskContext, TRIGGERS, triggerInstances, solveTrigger, coverage, runway, triggerOdds, riskCsv, riskMarkdown, RiskInputError } from './risk/index.ts';
export type { RiskOptions, RiskReport, CompanyRisk, TriggerResult, SpiralResult, LadderRow, TriggerDef, TriggerInstance, TriggerKind, Solved, CoverageRow, Runway, Odds, TriggerOdds } from './risk/index.ts';

/** The risk map (README "dat-sim risk"): trigger coin prices, the spiral, coverage, runway and (with `paths`) the odds. */
export function riskMap(scenario: ResolvedScenario, options: RiskOptions = {}): RiskReport {
  return riskMapPure(scenario, { compileRule: compileExpression, ...options });
}
/** Score a scenario (a forecast made on its start date) against realized outcomes; user rules compiled as in simulate(). */
export function backtest(scenario: ResolvedScenario, outcomes: Outcomes, options: BacktestOptions = {}): BacktestResult {
  return backtestPure(scenario, outcomes, { compileRule: compileExpression, ...options });
}
export { backtestTable, brierScore, quantileSorted, type BacktestOptions, type BacktestResult, type BacktestRow } from './backtest.ts';
export { parseOutcomes, parseOutcomesJson, parseOutcomesCsv, checkOutcomesAgainst, OutcomesError, OutcomesSchema, OUTCOME_EVENT_KINDS, OUTCOME_FIGURE_KINDS, type Outcomes, type EventOutcome, type FigureOutcome, type CoinPriceOutcome } from './backtest-outcomes.ts';
export { loadOutcomes } from './backtest-file.ts';
