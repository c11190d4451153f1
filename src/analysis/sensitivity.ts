/**
 * One-at-a-time sensitivity ("tornado"): each uncertain parameter of
 * src/analysis/ranges.ts is moved to the low and the high end of its range,
 * everything else at the scenario's values, and an ensemble metric is
 * recomputed. Every variation runs the same seed and path indices (common
 * random numbers), so a difference between two rows is the parameter's
 * effect, not sampling noise, and a parameter that does not enter the metric
 * leaves it exactly unchanged.
 */
import { createMarketsLockstep, type ImpactLaw, type ResolvedScenario } from '../../sim/index.ts';
import { eachPath } from '../batch/runner.ts';
import { summarizePath } from '../summary.ts';
import { parseMetric, type ParsedMetric } from './metrics.ts';
import { PARAMETER_RANGES, formatRangeValue, withParameter, type ParameterRange } from './ranges.ts';
import { prepare } from './run.ts';

export interface EnsembleOptions {
  /** Paths per variation (the same indices 0..paths-1 for every variation). */
  paths: number;
  seed: string;
  /** Horizon override (days). */
  days?: number;
  /** Noise off (then one path is enough). */
  deterministic?: boolean;
}

export interface SensitivityOptions extends EnsembleOptions {
  /** Parameter ids to vary (default: every range). */
  params?: string[];
}

export interface TornadoRow {
  parameter: string;
  label: string;
  lowValue: string;
  highValue: string;
  metricLow: number;
  metricBase: number;
  metricHigh: number;
  /** |metricHigh - metricLow|. */
  swing: number;
}

export interface TornadoResult {
  scenario: string;
  metric: string;
  unit: string;
  description: string;
  paths: number;
  seed: string;
  days: number;
  deterministic: boolean;
  base: number;
  /** The base's spread across paths (its mean is `base`). */
  baseStats: MetricStats;
  rows: TornadoRow[];
}

/** Mean of the metric over paths 0..paths-1 (paths where it is undefined are left out; NaN if all are). */
export function ensembleMetric(scenario: ResolvedScenario, metric: ParsedMetric, o: EnsembleOptions): number {
  return metricStats(ensembleMetricValues(scenario, metric, o)).mean;
}

/** The metric on each path 0..paths-1 (NaN where the path has none). */
export function ensembleMetricValues(scenario: ResolvedScenario, metric: ParsedMetric, o: EnsembleOptions): Float64Array {
  const model = prepare(scenario, { days: o.days, deterministic: o.deterministic });
  const out = new Float64Array(o.paths);
  // The counterfactuals (markets only) of all the paths in lockstep, as the ensembles run them: the
  // same bits as one PathRun each; a failed path throws when read, after its own run, as before.
  const cfs = metric.def.needsCounterfactual ? createMarketsLockstep(model, o.seed, 0, o.paths).run() : null;
  // The paths in lockstep groups where WebAssembly is available (src/batch/runner.ts eachPath): PathRun's numbers.
  eachPath(model, o.seed, 0, o.paths, (i, run) => {
    out[i] = metric.def.read(summarizePath(model, run, cfs ? cfs.path(i) : null), metric.subject);
  });
  return out;
}

/** Spread of a metric across paths: the base of a tornado with its sampling uncertainty. */
export interface MetricStats {
  /** Paths where the metric is defined (the others are left out). */
  n: number;
  mean: number;
  /** Sample standard deviation across paths (n - 1 denominator; NaN below 2 paths). */
  sd: number;
  /** Standard error of the mean, sd / sqrt(n). */
  se: number;
  min: number;
  max: number;
}

/** Mean (summed in path order), sample sd, standard error, min and max of the finite values. */
export function metricStats(values: ArrayLike<number>): MetricStats {
  let sum = 0, n = 0, min = Infinity, max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    sum += v; n++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = n ? sum / n : NaN;
  let ss = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) ss += (values[i] - mean) ** 2;
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : NaN;
  return { n, mean, sd, se: n > 1 ? sd / Math.sqrt(n) : NaN, min: n ? min : NaN, max: n ? max : NaN };
}

/** Largest swing first, undefined swings last, ties by parameter id. */
export function sortTornadoRows(rows: TornadoRow[]): TornadoRow[] {
  return rows.sort((a, b) => (Number.isNaN(b.swing) ? -1 : b.swing) - (Number.isNaN(a.swing) ? -1 : a.swing) || (a.parameter < b.parameter ? -1 : 1));
}

/** `onProgress(done, total)` is called after each ensemble: the base, then low and high per parameter. */
export function tornado(scenario: ResolvedScenario, metricText: string, o: SensitivityOptions, onProgress?: (done: number, total: number) => void): TornadoResult {
  const metric = parseMetric(metricText, scenario);
  const ranges: ParameterRange[] = o.params ? o.params.map((id) => {
    const r = PARAMETER_RANGES.find((x) => x.id === id);
    if (!r) throw new RangeError(`unknown parameter "${id}"; expected one of ${PARAMETER_RANGES.map((x) => x.id).join(', ')}`);
    return r;
  }) : [...PARAMETER_RANGES];
  const total = 1 + 2 * ranges.length;
  let done = 0;
  const baseStats = metricStats(ensembleMetricValues(scenario, metric, o));
  const base = baseStats.mean;
  onProgress?.(++done, total);
  const at = (r: ParameterRange, v: number | ImpactLaw) => {
    const x = ensembleMetric(withParameter(scenario, r.id, v), metric, o);
    onProgress?.(++done, total);
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
  sortTornadoRows(rows);
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
    baseStats,
    rows,
  };
}
