/**
 * One slice of the risk odds' Monte Carlo from a scenario: paths start..end-1 with the risk map's
 * model (its horizon and mode), as a worker runs it (the app's web/risk.worker.ts, the CLI's
 * src/risk/worker.ts). Path p is the same whoever runs it, so slices merged in path order
 * (mergeFirstDays) give riskMap's numbers (riskMap's `firstDays`). Pure.
 */
import type { ResolvedScenario, RuleCompiler } from '../../sim/index.ts';
import { riskFirstDays, type FirstDays } from './probabilities.ts';
import { triggerInstances } from './triggers.ts';
import { RiskContext } from './valuation.ts';

export interface RiskSliceOptions {
  seed: string;
  /** Horizon in days (default the scenario's). */
  days?: number;
  deterministic?: boolean;
  start: number;
  end: number;
}

/** The first days of paths start..end-1; `onProgress(done, end - start)` after each path. */
export function runRiskSlice(scenario: ResolvedScenario, o: RiskSliceOptions, compileRule?: RuleCompiler, onProgress?: (done: number, total: number) => void): FirstDays {
  const ctx = new RiskContext(scenario, { days: o.days, deterministic: o.deterministic, compileRule });
  const instances = ctx.companies.map((_, i) => triggerInstances(ctx, i));
  return riskFirstDays(ctx, instances, o.seed, o.start, o.end, onProgress);
}

/** Paths 0..paths-1 as `n` contiguous slices, sizes differing by at most one (empty ones left out). */
export function pathSlices(paths: number, n: number): [number, number][] {
  const out: [number, number][] = [];
  for (let k = 0, start = 0; k < n; k++) {
    const end = start + Math.floor(paths / n) + (k < paths % n ? 1 : 0);
    if (end > start) out.push([start, end]);
    start = end;
  }
  return out;
}

/** The typed arrays of a slice's first days, to transfer rather than copy. */
export function firstDaysBuffers(d: FirstDays): ArrayBuffer[] {
  return [...d.triggers, ...d.listing].flat().map((a) => a.buffer as ArrayBuffer);
}
