/**
 * One-at-a-time sensitivity ("tornado"): each uncertain parameter of
 * src/analysis/ranges.ts is moved to the low and the high end of its range,
 * everything else at the scenario's values, and an ensemble metric is
 * recomputed. Every variation runs the same seed and path indices (common
 * random numbers), so a difference between two rows is the parameter's
 * effect, not sampling noise, and a parameter that does not enter the metric
 * leaves it exactly unchanged. The plan and the result without the engine:
 * src/analysis/tornado.ts; here the ensembles are run.
 */
import { NonFiniteError, createMarketsLockstep, type ResolvedScenario } from '../../sim/index.ts';
import { eachPath } from '../batch/runner.ts';
import { summarizePath } from '../summary.ts';
import type { ParsedMetric } from './metrics.ts';
import { withParameter } from './ranges.ts';
import { failureText, prepare } from './run.ts';
import { metricStats, planVariation, tornadoFromEnsembles, tornadoPlan, type EnsembleOptions, type SensitivityOptions, type TornadoEnsemble, type TornadoPlan, type TornadoResult } from './tornado.ts';


/** Mean of the metric over paths 0..paths-1 (paths where it is undefined are left out; NaN if all are). */
export function ensembleMetric(scenario: ResolvedScenario, metric: ParsedMetric, o: EnsembleOptions): number {
  return metricStats(ensembleMetricValues(scenario, metric, o)).mean;
}

/**
 * The metric on each path 0..paths-1 (NaN where the path has none). A path whose figures leave what
 * the model can carry throws its NonFiniteError, naming that path (`pathIndex`).
 */
export function ensembleMetricValues(scenario: ResolvedScenario, metric: ParsedMetric, o: EnsembleOptions): Float64Array {
  const model = prepare(scenario, { days: o.days, deterministic: o.deterministic });
  const out = new Float64Array(o.paths);
  // The counterfactuals (markets only) of all the paths in lockstep, as the ensembles run them: the
  // same bits as one PathRun each; a failed path throws when read, after its own run, as before.
  const cfs = metric.def.needsCounterfactual ? createMarketsLockstep(model, o.seed, 0, o.paths).run() : null;
  // The paths in lockstep groups where WebAssembly is available (src/batch/runner.ts eachPath): PathRun's
  // numbers; a path that stops throws its NonFiniteError naming it.
  eachPath(model, o.seed, 0, o.paths, (i, run) => {
    out[i] = metric.def.read(summarizePath(model, run, cfs ? cfs.path(i) : null), metric.subject);
  });
  return out;
}

/**
 * Ensemble `u` of a tornado's plan (0 the base, 2k+1 and 2k+2 range k's low and high end). A
 * variation whose run leaves what the model can carry on some path (NonFiniteError: a coin price
 * overflowing in a runaway flywheel, say) is reported as a failure instead of stopping the
 * tornado; the base's failure, and any other error, is thrown.
 */
export function tornadoEnsemble(scenario: ResolvedScenario, plan: TornadoPlan, o: EnsembleOptions, u: number): TornadoEnsemble {
  if (u === 0) return { values: ensembleMetricValues(scenario, plan.metric, o) };
  const { range, value } = planVariation(plan, u);
  try {
    return { values: ensembleMetricValues(withParameter(scenario, range.id, value), plan.metric, o) };
  } catch (e) {
    if (e instanceof NonFiniteError) return { failure: failureText(e) };
    throw e;
  }
}

/**
 * Ensemble `u` of the tornado of `metricText` (plan order, tornadoPlan): one unit of the work, as the
 * app's analysis workers and `dat-sim sensitivity --workers` threads run it; tornadoFromEnsembles
 * assembles the units in order into `tornado()`'s result.
 */
export function tornadoUnit(scenario: ResolvedScenario, metricText: string, o: SensitivityOptions, u: number): TornadoEnsemble {
  const plan = tornadoPlan(scenario, metricText, o.params);
  if (!(Number.isInteger(u) && u >= 0 && u < plan.total)) throw new RangeError(`tornado ensemble ${u} is not one of 0..${plan.total - 1}`);
  return tornadoEnsemble(scenario, plan, o, u);
}

/** `onProgress(done, total)` is called after each ensemble: the base, then low and high per parameter. */
export function tornado(scenario: ResolvedScenario, metricText: string, o: SensitivityOptions, onProgress?: (done: number, total: number) => void): TornadoResult {
  const plan = tornadoPlan(scenario, metricText, o.params);
  const ensembles: TornadoEnsemble[] = [];
  for (let u = 0; u < plan.total; u++) {
    ensembles.push(tornadoEnsemble(scenario, plan, o, u));
    onProgress?.(u + 1, plan.total);
  }
  return tornadoFromEnsembles(scenario, plan, o, ensembles);
}
