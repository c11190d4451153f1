/**
 * The Analysis page's computations, pure and driver-agnostic (the worker
 * web/analysis.worker.ts runs them; test/web/analysis.test.ts checks them
 * against src/analysis directly):
 *
 * - `runTornado`: the one-at-a-time tornado of src/analysis/sensitivity.ts,
 *   variation by variation so the worker can report progress (same seed and
 *   path indices for every variation: common random numbers; the ranges of
 *   src/analysis/ranges.ts);
 * - `runStress`: the stress grid of src/analysis/stress.ts, cell by cell;
 * - `metricChoices`: the `<metric>:<COIN|TICKER>` ids a scenario offers;
 * - `cellVerdict`, `parseNumberList`: reading a cell and the grid inputs.
 *
 * Note: src/analysis/run.ts imports the rule compiler (sim/expr.ts, mathjs)
 * statically, so whatever imports this module carries mathjs: only the
 * worker does (the page imports the types and `metricChoices` from
 * web/lib/analysis-metrics.ts instead).
 */
import type { ImpactLaw, ResolvedScenario } from '../../sim/types.ts';
import { parseMetric } from '../../src/analysis/metrics.ts';
import { PARAMETER_RANGES, formatRangeValue, withParameter, type ParameterRange } from '../../src/analysis/ranges.ts';
import { ensembleMetric, type SensitivityOptions, type TornadoResult, type TornadoRow } from '../../src/analysis/sensitivity.ts';
import { stressGrid, type StressCell, type StressOptions, type StressResult } from '../../src/analysis/stress.ts';

/** Called after each unit of work: `done` of `total`. */
export type Progress = (done: number, total: number) => void;

/** Same ordering as src/analysis/sensitivity.ts: largest swing first, undefined swings last, ties by id. */
export function sortRows(rows: TornadoRow[]): TornadoRow[] {
  return rows.sort((a, b) => (Number.isNaN(b.swing) ? -1 : b.swing) - (Number.isNaN(a.swing) ? -1 : a.swing) || (a.parameter < b.parameter ? -1 : 1));
}

/** The tornado of `tornado()` in src/analysis/sensitivity.ts, with progress after each variation (1 + 2 per range). */
export function runTornado(scenario: ResolvedScenario, metricText: string, o: SensitivityOptions, onProgress?: Progress): TornadoResult {
  const metric = parseMetric(metricText, scenario);
  const ranges: ParameterRange[] = o.params
    ? o.params.map((id) => {
        const r = PARAMETER_RANGES.find((x) => x.id === id);
        if (!r) throw new RangeError(`unknown parameter "${id}"`);
        return r;
      })
    : [...PARAMETER_RANGES];
  const total = 1 + 2 * ranges.length;
  let done = 0;
  const step = () => onProgress?.(++done, total);
  const base = ensembleMetric(scenario, metric, o);
  step();
  const at = (r: ParameterRange, v: number | ImpactLaw) => {
    const x = ensembleMetric(withParameter(scenario, r.id, v), metric, o);
    step();
    return x;
  };
  const rows: TornadoRow[] = ranges.map((r) => {
    const lo = at(r, r.low), hi = at(r, r.high);
    return {
      parameter: r.id,
      label: r.label,
      lowValue: formatRangeValue(r, r.low),
      highValue: formatRangeValue(r, r.high),
      metricLow: lo,
      metricBase: base,
      metricHigh: hi,
      swing: Number.isFinite(lo) && Number.isFinite(hi) ? Math.abs(hi - lo) : NaN,
    };
  });
  sortRows(rows);
  return {
    scenario: scenario.id,
    metric: metric.id,
    unit: metric.def.unit,
    description: metric.def.description,
    paths: o.paths,
    seed: o.seed,
    days: o.days ?? scenario.horizonDays,
    deterministic: o.deterministic === true,
    base,
    rows,
  };
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
