/**
 * A Lit reactive controller for the risk map's Monte Carlo odds ("Odds over N paths") on
 * several risk workers (web/risk.worker.ts): the paths are cut into one contiguous
 * slice per worker (as many as an ensemble of that size uses: worker-job.ts workerCountFor),
 * each worker runs its slice's first days (src/risk/probabilities.ts riskFirstDays), the
 * slices are merged in path order and the first worker turns them into the report
 * (riskMap with `firstDays`). Path p is the same whoever runs it, so the report is the one
 * `dat-sim risk --paths N --seed S` prints, whatever the worker count. Progress is the sum of
 * the slices'; cancel terminates every worker (web/lib/worker-job.ts, as AnalysisController).
 */
import type { ResolvedScenario } from '../../sim/index.ts';
import { mergeFirstDays, type FirstDays } from '../../src/risk/probabilities.ts';
import { pathSlices } from '../../src/risk/slices.ts';
import { WorkerJob, workerCountFor } from './worker-job.ts';
import type { RiskReply, RiskRequest } from './risk-types.ts';

type ReportReply = Extract<RiskReply, { type: 'risk' }>;

/** Least time between two progress re-renders of the host (ms). */
const PROGRESS_MS = 250;

export class RiskOddsController extends WorkerJob<ReportReply> {
  /** Workers the last run used. */
  workerCount = 0;

  /** Runs the odds of `scenario` over `paths` paths of `seed`, `days` days (cancelling a running job). */
  start(scenario: ResolvedScenario, o: { paths: number; seed: string; days: number; deterministic: boolean }): void {
    const { paths, seed, days, deterministic } = o;
    const job = this.begin(paths);
    if (!Number.isInteger(paths) || paths < 1) return this.fail(job, `expected a whole number of paths >= 1, got ${paths}`);
    const t0 = performance.now();
    const slices = pathSlices(paths, workerCountFor(paths));
    // Written inline so Vite bundles the worker (STYLE.md).
    while (this.workers.length < slices.length) this.workers.push(new Worker(new URL('../risk.worker.ts', import.meta.url), { type: 'module' }));
    this.workerCount = slices.length;
    const doneBy = slices.map(() => 0);
    const parts: (FirstDays | null)[] = slices.map(() => null);
    let lastDraw = 0;
    const post = (w: Worker, m: RiskRequest) => w.postMessage(m);
    slices.forEach(([start, end], k) => {
      const w = this.workers[k];
      w.onerror = (ev) => this.fail(job, ev.message || 'a risk worker failed');
      w.onmessage = (ev: MessageEvent<RiskReply>) => {
        const m = ev.data;
        if (m.job !== job) return;
        if (m.type === 'error') return this.fail(job, m.message);
        if (m.type === 'progress') {
          doneBy[k] = m.done;
          this.done = doneBy.reduce((a, b) => a + b, 0);
          // The host re-renders on progress at most every PROGRESS_MS: its render would take a core from the workers.
          const now = performance.now();
          if (now - lastDraw < PROGRESS_MS) return;
          lastDraw = now;
        } else if (m.type === 'riskSlice') {
          parts[k] = m.result;
          doneBy[k] = end - start;
          this.done = doneBy.reduce((a, b) => a + b, 0);
          if (parts.every((p) => p)) {
            // The report from the merged paths, on the first worker (it has loaded the rule compiler if the scenario needs it).
            this.workers[0].onmessage = (e: MessageEvent<RiskReply>) => {
              const r = e.data;
              if (r.job !== job) return;
              if (r.type === 'error') return this.fail(job, r.message);
              if (r.type === 'risk') this.finish(job, { ...r, elapsedMs: performance.now() - t0 });
            };
            post(this.workers[0], { type: 'risk', job, scenario, options: { paths, seed, days, deterministic, firstDays: mergeFirstDays(parts as FirstDays[]) } });
          }
        }
        this.host.requestUpdate();
      };
      post(w, { type: 'riskSlice', job, scenario, options: { seed, days, deterministic, start, end } });
    });
    this.host.requestUpdate();
  }
}
