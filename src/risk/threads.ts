/**
 * The risk odds' Monte Carlo on worker threads (Node; `dat-sim risk --workers W`): paths
 * 0..paths-1 cut into one contiguous slice per thread (src/risk/worker.ts), merged in path order.
 * Path p is the same whichever thread runs it, so the report is the in-process one, byte for byte,
 * whatever W (test/risk-cli.test.ts).
 */
import { Worker } from 'node:worker_threads';
import type { ResolvedScenario } from '../../sim/index.ts';
import { mergeFirstDays, type FirstDays } from './probabilities.ts';
import { pathSlices } from './slices.ts';
import type { RiskThreadRequest } from './worker.ts';

/** The thread's entry: the built package starts dist/risk-worker.js; the TypeScript sources worker.mjs (it registers tsx). */
const WORKER_URL = import.meta.url.endsWith('.ts') ? new URL('./worker.mjs', import.meta.url) : new URL('./risk-worker.js', import.meta.url);

/** The first days of paths 0..paths-1 on `workers` threads; the first error of a thread rejects (every thread is stopped). */
export async function riskFirstDaysOnThreads(scenario: ResolvedScenario, o: { paths: number; seed: string; days?: number; deterministic?: boolean }, workers: number): Promise<FirstDays> {
  const scenarioJson = JSON.stringify(scenario);
  const threads: Worker[] = [];
  try {
    const parts = await Promise.all(pathSlices(o.paths, workers).map(([start, end]) => new Promise<FirstDays>((resolve, reject) => {
      const w = new Worker(WORKER_URL);
      threads.push(w);
      w.once('message', (m: { days?: FirstDays; error?: { name: string; message: string } }) => {
        if (m.days) return resolve(m.days);
        const e = new Error(m.error?.message ?? 'a risk worker thread failed');
        e.name = m.error?.name ?? 'Error';
        reject(e);
      });
      w.once('error', reject);
      w.once('exit', (code) => reject(new Error(`a risk worker thread exited before its slice was done (code ${code})`)));
      const req: RiskThreadRequest = { scenarioJson, seed: o.seed, days: o.days, deterministic: o.deterministic, start, end };
      w.postMessage(req);
    })));
    return mergeFirstDays(parts);
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
  }
}
