/**
 * The tornado without the engine: its plan (which ensembles it runs, in what order) and its
 * result from those ensembles' values, whoever computed them: src/analysis/sensitivity.ts
 * `tornado()` in one loop, the app's analysis workers a few ensembles each
 * (web/lib/analysis-controller.ts). Nothing here runs a path, so the page can assemble the
 * workers' parts without loading the engine or the rule compiler.
 */
import type { ResolvedScenario } from '../../sim/index.ts';
import { parseMetric, type ParsedMetric } from './metrics.ts';
import { PARAMETER_RANGES, formatRangeValue, type ParameterRange } from './ranges.ts';

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
  /**
   * Why metricLow (metricHigh) is NaN when that variation's run stopped: a path's figure left
   * what the model can carry (TornadoEnsemble `failure`); absent when it ran.
   */
  lowFailure?: string;
  highFailure?: string;
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

/**
 * What a tornado runs: ensemble 0 is the base, ensembles 2k+1 and 2k+2 are range k at its low
 * and its high end (`total` = 1 + 2 x ranges). Throws MetricError for a metric the scenario
 * does not have and RangeError for an unknown parameter id.
 */
export interface TornadoPlan {
  metric: ParsedMetric;
  ranges: ParameterRange[];
  total: number;
}

export function tornadoPlan(scenario: ResolvedScenario, metricText: string, params?: string[]): TornadoPlan {
  const metric = parseMetric(metricText, scenario);
  const ranges: ParameterRange[] = params ? params.map((id) => {
    const r = PARAMETER_RANGES.find((x) => x.id === id);
    if (!r) throw new RangeError(`unknown parameter "${id}"; expected one of ${PARAMETER_RANGES.map((x) => x.id).join(', ')}`);
    return r;
  }) : [...PARAMETER_RANGES];
  return { metric, ranges, total: 1 + 2 * ranges.length };
}

/** The range and the end (its value) that ensemble u >= 1 of a plan varies. */
export function planVariation(plan: TornadoPlan, u: number): { range: ParameterRange; value: ParameterRange['low'] } {
  const range = plan.ranges[(u - 1) >> 1];
  return { range, value: u % 2 ? range.low : range.high };
}

/**
 * One ensemble of a tornado: the metric on each path (NaN where a path has none), or why the run
 * stopped (a variation whose numbers leave what the model can carry on some path; the base
 * never: its failure stops the tornado).
 */
export type TornadoEnsemble = { values: Float64Array } | { failure: string };

/** The tornado from its plan's ensembles (in plan order): the rows sorted by swing. */
export function tornadoFromEnsembles(scenario: ResolvedScenario, plan: TornadoPlan, o: SensitivityOptions, ensembles: readonly TornadoEnsemble[]): TornadoResult {
  if (ensembles.length !== plan.total) throw new RangeError(`expected ${plan.total} ensembles (the base and two per range), got ${ensembles.length}`);
  const at = (u: number): { v: number; failure?: string } => {
    const e = ensembles[u];
    return 'failure' in e ? { v: NaN, failure: e.failure } : { v: metricStats(e.values).mean };
  };
  const first = ensembles[0];
  if ('failure' in first) throw new RangeError(`the base run failed: ${first.failure}`);
  const baseStats = metricStats(first.values);
  const base = baseStats.mean;
  const rows: TornadoRow[] = plan.ranges.map((r, k) => {
    const lo = at(2 * k + 1), hi = at(2 * k + 2);
    return {
      parameter: r.id,
      label: r.label,
      lowValue: formatRangeValue(r, r.low),
      highValue: formatRangeValue(r, r.high),
      metricLow: lo.v,
      metricBase: base,
      metricHigh: hi.v,
      swing: Number.isFinite(lo.v) && Number.isFinite(hi.v) ? Math.abs(hi.v - lo.v) : NaN,
      ...(lo.failure ? { lowFailure: lo.failure } : {}),
      ...(hi.failure ? { highFailure: hi.failure } : {}),
    };
  });
  sortTornadoRows(rows);
  return {
    scenario: scenario.id,
    metric: plan.metric.id,
    unit: plan.metric.def.unit,
    description: plan.metric.def.description,
    paths: o.paths,
    seed: o.seed,
    days: o.days ?? scenario.horizonDays,
    deterministic: o.deterministic === true,
    base,
    baseStats,
    rows,
  };
}
