/**
 * The tornado and the stress grid on worker threads (Node; `dat-sim sensitivity|stress --workers
 * W`): each thread (src/analysis/worker.ts) is handed the next unit (an ensemble, a cell) as it
 * finishes one (src/node/thread-units.ts), and the units are assembled in order
 * (src/analysis/tornado.ts, units.ts). A unit's
 * result does not depend on which thread ran it, so the output is the in-process one, byte for
 * byte, whatever W (test/sensitivity.test.ts).
 */
import type { ResolvedScenario } from '../../sim/index.ts';
import type { SensitivityOptions, TornadoEnsemble } from './tornado.ts';
import type { StressOptions, StressResult } from './stress.ts';
import type { AnalysisThreadJob } from './worker.ts';
import { dispatchOrder } from './units.ts';
import { unitsOnThreads } from '../node/thread-units.ts';

/** The thread's entry: the built package starts dist/analysis-worker.js; the TypeScript sources worker.mjs (it registers tsx). */
const WORKER_URL = import.meta.url.endsWith('.ts') ? new URL('./worker.mjs', import.meta.url) : new URL('./analysis-worker.js', import.meta.url);

export function tornadoOnThreads(scenario: ResolvedScenario, metric: string, options: SensitivityOptions, units: number, workers: number): Promise<TornadoEnsemble[]> {
  return analysisOnThreads<TornadoEnsemble>({ type: 'tornado', scenarioJson: JSON.stringify(scenario), metric, options }, units, workers);
}

export function stressOnThreads(scenario: ResolvedScenario, options: StressOptions, units: number, workers: number): Promise<StressResult[]> {
  return analysisOnThreads<StressResult>({ type: 'stress', scenarioJson: JSON.stringify(scenario), options }, units, workers);
}

/** Units 0..units-1 of `job`, handed out in dispatchOrder (deepest drawdowns first), in unit order. */
function analysisOnThreads<R>(job: AnalysisThreadJob, units: number, workers: number): Promise<R[]> {
  return unitsOnThreads<AnalysisThreadJob, R>(WORKER_URL, job, dispatchOrder(job.type, units), workers, 'an analysis worker thread');
}
