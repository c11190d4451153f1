/**
 * The worker thread of `dat-sim sensitivity|stress --workers W` (src/analysis/threads.ts): first
 * the job (the scenario, metric and options), then one unit at a time (src/node/thread-units.ts),
 * computed by src/analysis/unit.ts analysisUnit, as the app's analysis workers do. The tornado's
 * values are transferred. mathjs is loaded with the analyses (src/analysis/run.ts).
 */
import type { ResolvedScenario } from '../../sim/index.ts';
import { serveUnits } from '../node/thread-unit-worker.ts';
import type { StressResult } from './stress.ts';
import type { TornadoEnsemble } from './tornado.ts';
import { analysisUnit, type AnalysisUnitJob } from './unit.ts';

export type AnalysisThreadJob = AnalysisUnitJob & { scenarioJson: string };

serveUnits<AnalysisThreadJob, { job: AnalysisThreadJob; scenario: ResolvedScenario }, TornadoEnsemble | StressResult>(
  (job) => ({ job, scenario: JSON.parse(job.scenarioJson) as ResolvedScenario }),
  ({ job, scenario }, unit) => analysisUnit(job, scenario, unit),
);
