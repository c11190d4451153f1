/**
 * The tornado and the stress grid on worker threads (Node; `dat-sim sensitivity|stress --workers
 * W`): each thread (src/analysis/worker.ts) is handed the next unit (an ensemble, a cell) as it
 * finishes one, and the units are assembled in order (src/analysis/tornado.ts, units.ts). A unit's
 * result does not depend on which thread ran it, so the output is the in-process one, byte for
 * byte, whatever W (test/sensitivity.test.ts).
 */
import { Worker } from 'node:worker_threads';
import type { ResolvedScenario } from '../../sim/index.ts';
import type { SensitivityOptions, TornadoEnsemble } from './tornado.ts';
import type { StressOptions, StressResult } from './stress.ts';
import type { AnalysisThreadJob, AnalysisThreadReply } from './worker.ts';
import { dispatchOrder } from './units.ts';

/** The thread's entry: the built package starts dist/analysis-worker.js; the TypeScript sources worker.mjs (it registers tsx). */
const WORKER_URL = import.meta.url.endsWith('.ts') ? new URL('./worker.mjs', import.meta.url) : new URL('./analysis-worker.js', import.meta.url);

export function tornadoOnThreads(scenario: ResolvedScenario, metric: string, options: SensitivityOptions, units: number, workers: number): Promise<TornadoEnsemble[]> {
  return unitsOnThreads<TornadoEnsemble>({ kind: 'tornado', scenarioJson: JSON.stringify(scenario), metric, options }, units, workers);
}

export function stressOnThreads(scenario: ResolvedScenario, options: StressOptions, units: number, workers: number): Promise<StressResult[]> {
  return unitsOnThreads<StressResult>({ kind: 'stress', scenarioJson: JSON.stringify(scenario), options }, units, workers);
}

/**
 * Units 0..units-1 of `job` on min(workers, units) threads (handed out in dispatchOrder), returned in
 * unit order. The first error of a
 * thread rejects with its name and message (a ModelError stays one for the CLI's exit code) and
 * every thread is stopped.
 */
async function unitsOnThreads<R>(job: AnalysisThreadJob, units: number, workers: number): Promise<R[]> {
  const out = new Array<R>(units);
  const threads: Worker[] = [];
  const order = dispatchOrder(job.kind, units);
  let next = 0;
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, units)) }, () => new Promise<void>((resolve, reject) => {
      const w = new Worker(WORKER_URL);
      threads.push(w);
      let busy = -1;
      const give = () => {
        if (next >= units) {
          busy = -1;
          return resolve();
        }
        busy = order[next++];
        w.postMessage({ unit: busy });
      };
      w.on('message', (m: AnalysisThreadReply) => {
        if ('error' in m) {
          const e = new Error(m.error.message);
          e.name = m.error.name;
          return reject(e);
        }
        out[m.unit] = m.result as R;
        give();
      });
      w.once('error', reject);
      w.once('exit', (code) => (busy >= 0 ? reject(new Error(`an analysis worker thread exited before its unit ${busy} was done (code ${code})`)) : undefined));
      w.postMessage({ job });
      give();
    })));
    return out;
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
  }
}
