/**
 * The worker thread of `dat-sim sensitivity|stress --workers W` (src/analysis/threads.ts): first
 * the job (the scenario, metric and options), then one unit at a time (src/node/thread-units.ts),
 * the functions the app's analysis workers run (src/analysis/sensitivity.ts tornadoUnit, stress.ts
 * stressCell). The tornado's values are transferred. mathjs is loaded with the analyses
 * (src/analysis/run.ts).
 */
import type { ResolvedScenario } from '../../sim/index.ts';
import { serveUnits } from '../node/thread-unit-worker.ts';
import { tornadoUnit } from './sensitivity.ts';
import { stressCell, type StressOptions, type StressResult } from './stress.ts';
import type { SensitivityOptions, TornadoEnsemble } from './tornado.ts';

export type AnalysisThreadJob =
  | { kind: 'tornado'; scenarioJson: string; metric: string; options: SensitivityOptions }
  | { kind: 'stress'; scenarioJson: string; options: StressOptions };

serveUnits<AnalysisThreadJob, { job: AnalysisThreadJob; scenario: ResolvedScenario }, TornadoEnsemble | StressResult>(
  (job) => ({ job, scenario: JSON.parse(job.scenarioJson) as ResolvedScenario }),
  ({ job, scenario }, unit) => {
    if (job.kind === 'tornado') {
      const result = tornadoUnit(scenario, job.metric, job.options, unit);
      return { result, transfer: 'values' in result ? [result.values.buffer as ArrayBuffer] : [] };
    }
    return { result: stressCell(scenario, job.options, unit) };
  },
);
