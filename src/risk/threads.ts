/**
 * The risk odds' Monte Carlo on worker threads (Node; `dat-sim risk --workers W`): paths
 * 0..paths-1 cut into one contiguous slice per thread (src/risk/worker.ts, through
 * src/node/thread-units.ts), merged in path order. Path p is the same whichever thread runs it, so
 * the report is the in-process one, byte for byte, whatever W (test/risk-cli.test.ts).
 */
import type { ResolvedScenario } from '../../sim/index.ts';
import { unitsOnThreads } from '../node/thread-units.ts';
import { mergeFirstDays, type FirstDays } from './probabilities.ts';
import { pathSlices } from './slices.ts';
import type { RiskThreadJob } from './worker.ts';

/** The thread's entry: the built package starts dist/risk-worker.js; the TypeScript sources worker.mjs (it registers tsx). */
const WORKER_URL = import.meta.url.endsWith('.ts') ? new URL('./worker.mjs', import.meta.url) : new URL('./risk-worker.js', import.meta.url);

/** The first days of paths 0..paths-1 on `workers` threads; the first error of a thread rejects (every thread is stopped). */
export async function riskFirstDaysOnThreads(scenario: ResolvedScenario, o: { paths: number; seed: string; days?: number; deterministic?: boolean }, workers: number): Promise<FirstDays> {
  const slices = pathSlices(o.paths, workers);
  const job: RiskThreadJob = { scenarioJson: JSON.stringify(scenario), seed: o.seed, days: o.days, deterministic: o.deterministic, slices };
  const parts = await unitsOnThreads<RiskThreadJob, FirstDays>(WORKER_URL, job, slices.map((_, k) => k), workers, 'a risk worker thread');
  return mergeFirstDays(parts);
}
