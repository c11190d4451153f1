/**
 * One unit of an analysis, what every analysis worker runs: ensemble `unit` of a tornado
 * (src/analysis/sensitivity.ts tornadoUnit) or cell `unit` of a stress grid (src/analysis/stress.ts
 * stressCell), with the buffers a worker can move to its parent rather than copy. The app's
 * workers (web/analysis.worker.ts) and `dat-sim sensitivity|stress --workers` threads
 * (src/analysis/worker.ts) both call it.
 */
import type { ResolvedScenario } from '../../sim/index.ts';
import { tornadoUnit } from './sensitivity.ts';
import { stressCell, type StressOptions, type StressResult } from './stress.ts';
import type { SensitivityOptions, TornadoEnsemble } from './tornado.ts';

/** What a unit of either analysis needs besides the scenario. */
export type AnalysisUnitJob =
  | { type: 'tornado'; metric: string; options: SensitivityOptions }
  | { type: 'stress'; options: StressOptions };

export function analysisUnit(job: AnalysisUnitJob, scenario: ResolvedScenario, unit: number): { result: TornadoEnsemble | StressResult; transfer: ArrayBuffer[] } {
  if (job.type === 'tornado') {
    const result = tornadoUnit(scenario, job.metric, job.options, unit);
    return { result, transfer: 'values' in result ? [result.values.buffer as ArrayBuffer] : [] };
  }
  return { result: stressCell(scenario, job.options, unit), transfer: [] };
}
