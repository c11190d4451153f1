/**
 * The risk map's Monte Carlo odds as the risk worker (web/risk.worker.ts) computes them, pure and
 * driver-agnostic (test/web/analysis.test.ts checks them against src/risk directly):
 *
 * - `runRisk`: the map with its odds, `dat-sim risk --paths N --seed S`'s function and numbers,
 *   running every path itself or reading them already run (`firstDays`);
 * - one slice of those paths is src/risk/slices.ts `runRiskSlice` (web/lib/risk-odds-controller.ts
 *   runs one per worker), the function `dat-sim risk --workers` runs too.
 *
 * The rule compiler is a parameter: the worker loads it (mathjs) only for a scenario with user rules.
 */
import type { ResolvedScenario, RuleCompiler } from '../../sim/index.ts';
import { riskMap, type RiskReport } from '../../src/risk/map.ts';
import type { RiskOddsOptions } from './risk-types.ts';

/** Called after each path: `done` of `total`. */
export type Progress = (done: number, total: number) => void;

/** The risk map with its Monte Carlo odds (riskMap with paths, seed, horizon, mode and, if given, the paths already run). */
export function runRisk(scenario: ResolvedScenario, o: RiskOddsOptions, compileRule?: RuleCompiler, onProgress?: Progress): RiskReport {
  return riskMap(scenario, { paths: o.paths, seed: o.seed, days: o.days, deterministic: o.deterministic, compileRule, onProgress, firstDays: o.firstDays });
}
