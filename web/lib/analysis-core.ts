/**
 * The Analysis page's computations, pure and driver-agnostic (the worker
 * web/analysis.worker.ts runs them; test/web/analysis.test.ts checks them
 * against src/analysis directly):
 *
 * - `runTornado`: the one-at-a-time tornado of src/analysis/sensitivity.ts,
 *   reporting progress after each variation (same seed and path indices for
 *   every variation: common random numbers; the ranges of src/analysis/ranges.ts);
 * - `runStress`: the stress grid of src/analysis/stress.ts, cell by cell;
 * - `metricChoices`: the `<metric>:<COIN|TICKER>` ids a scenario offers;
 * - `cellVerdict`, `parseNumberList`: reading a cell and the grid inputs.
 *
 * Note: src/analysis/run.ts imports the rule compiler (sim/expr.ts, mathjs)
 * statically, so whatever imports this module carries mathjs: only the
 * worker does (the page imports the types and `metricChoices` from
 * web/lib/analysis-metrics.ts instead).
 */
import type { ResolvedScenario } from '../../sim/index.ts';
import { sortTornadoRows, tornado, type SensitivityOptions, type TornadoResult } from '../../src/analysis/sensitivity.ts';
import { stressGrid, type StressCell, type StressOptions, type StressResult } from '../../src/analysis/stress.ts';

/** Called after each unit of work: `done` of `total`. */
export type Progress = (done: number, total: number) => void;

/** Same ordering as src/analysis/sensitivity.ts (it is that function). */
export const sortRows = sortTornadoRows;

/** The tornado of `tornado()` in src/analysis/sensitivity.ts, with progress after each variation (1 + 2 per range). */
export function runTornado(scenario: ResolvedScenario, metricText: string, o: SensitivityOptions, onProgress?: Progress): TornadoResult {
  return tornado(scenario, metricText, o, onProgress);
}

/** The grid of `stressGrid()` in src/analysis/stress.ts, one cell at a time (drawdown-major, as there). */
export function runStress(scenario: ResolvedScenario, o: StressOptions, onProgress?: Progress): StressResult {
  const total = o.drawdowns.length * o.mnavs.length;
  if (total === 0) throw new RangeError('give at least one drawdown and one mNAV');
  let head: StressResult | null = null;
  const cells: StressCell[] = [];
  for (const d of o.drawdowns) {
    for (const m of o.mnavs) {
      const r = stressGrid(scenario, { ...o, drawdowns: [d], mnavs: [m] });
      head ??= r;
      cells.push(...r.cells);
      onProgress?.(cells.length, total);
    }
  }
  return { ...head!, cells };
}

export { metricChoices, cellVerdict, parseNumberList } from './analysis-metrics.ts';
