/**
 * The risk map's Monte Carlo odds as the risk worker (web/risk.worker.ts) computes them, pure and
 * driver-agnostic (test/web/analysis.test.ts checks them against src/risk directly):
 *
 * - `runRisk`: the map with its odds, `dat-sim risk --paths N --seed S`'s function and numbers,
 *   running every path itself or reading them already run (`firstDays`);
 * - `runRiskSlice`: one slice of those paths (web/lib/risk-odds-controller.ts runs one per worker).
 *
 * The rule compiler is a parameter: the worker loads it (mathjs) only for a scenario with user rules.
 */
import type { ResolvedScenario, RuleCompiler } from '../../sim/index.ts';
import { riskMap, type RiskReport } from '../../src/risk/map.ts';
import type { FirstDays } from '../../src/risk/probabilities.ts';
import { runRiskSlice as slice } from '../../src/risk/slices.ts';
import type { RiskOddsOptions, RiskSliceOptions } from './risk-types.ts';

/** Called after each path: `done` of `total`. */
export type Progress = (done: number, total: number) => void;

/** The risk map with its Monte Carlo odds (riskMap with paths, seed, horizon, mode and, if given, the paths already run). */
export function runRisk(scenario: ResolvedScenario, o: RiskOddsOptions, compileRule?: RuleCompiler, onProgress?: Progress): RiskReport {
  return riskMap(scenario, { paths: o.paths, seed: o.seed, days: o.days, deterministic: o.deterministic, compileRule, onProgress, firstDays: o.firstDays });
}

/** Paths start..end-1 of the odds' Monte Carlo, for `runRisk`'s `firstDays` once the slices are merged (mergeFirstDays): src/risk/slices.ts. */
export function runRiskSlice(scenario: ResolvedScenario, o: RiskSliceOptions, compileRule?: RuleCompiler, onProgress?: Progress): FirstDays {
  return slice(scenario, o, compileRule, onProgress);
}
