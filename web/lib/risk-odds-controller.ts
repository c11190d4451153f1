/**
 * A Lit reactive controller for the risk map's Monte Carlo odds ("Odds over N paths") on
 * several risk workers (web/risk.worker.ts): the paths are cut into one contiguous
 * slice per worker (as many workers as the ensemble would use: up to 4, one per 50 paths),
 * each worker runs its slice's first days (src/risk/probabilities.ts riskFirstDays), the
 * slices are merged in path order and the first worker turns them into the report
 * (riskMap with `firstDays`). Path p is the same whoever runs it, so the report is the one
 * `dat-sim risk --paths N --seed S` prints, whatever the worker count. Progress is the sum of
 * the slices'; cancel terminates every worker. Same surface as AnalysisController.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ResolvedScenario } from '../../sim/index.ts';
import { mergeFirstDays, type FirstDays } from '../../src/risk/probabilities.ts';
import { AnalysisStatus, type AnalysisStatusName } from './analysis-controller.ts';
import type { RiskReply, RiskRequest } from './risk-types.ts';

type ReportReply = Extract<RiskReply, { type: 'risk' }>;

/** Least time between two progress re-renders of the host (ms). */
const PROGRESS_MS = 250;

/** Workers for `paths` paths: up to 4 (and the machine's cores), one per 50 paths (EnsembleController's rule). */
export function riskWorkerCount(paths: number, cores: number): number {
  return Math.max(1, Math.min(4, cores, Math.ceil(paths / 50)));
}

/** Paths 0..paths-1 as `n` contiguous slices, sizes differing by at most one. */
export function riskSlices(paths: number, n: number): [number, number][] {
  const out: [number, number][] = [];
  for (let k = 0, start = 0; k < n; k++) {
    const end = start + Math.floor(paths / n) + (k < paths % n ? 1 : 0);
    if (end > start) out.push([start, end]);
    start = end;
  }
  return out;
}

export class RiskOddsController implements ReactiveController {
  status: AnalysisStatusName = AnalysisStatus.idle;
  done = 0;
  total = 0;
  reply: ReportReply | null = null;
  error: string | null = null;
  /** Workers the last run used. */
  workers = 0;

  private pool: Worker[] = [];
  private job = 0;

  constructor(private readonly host: ReactiveControllerHost, private readonly cores: () => number = () => (typeof navigator !== 'undefined' && navigator.hardwareConcurrency) || 2) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.cancel();
  }

  /** Runs the odds of `scenario` over `paths` paths of `seed` (cancelling a running job). */
  start(scenario: ResolvedScenario, paths: number, seed: string): void {
    this.cancel();
    const job = ++this.job;
    const t0 = performance.now();
    if (!Number.isInteger(paths) || paths < 1) {
      this.status = AnalysisStatus.error;
      this.error = `expected a whole number of paths >= 1, got ${paths}`;
      this.host.requestUpdate();
      return;
    }
    const slices = riskSlices(paths, riskWorkerCount(paths, this.cores()));
    // Written inline so Vite bundles the worker (STYLE.md).
    while (this.pool.length < slices.length) this.pool.push(new Worker(new URL('../risk.worker.ts', import.meta.url), { type: 'module' }));
    this.workers = slices.length;
    this.status = AnalysisStatus.running;
    this.error = null;
    this.done = 0;
    this.total = paths;
    const doneBy = slices.map(() => 0);
    let lastDraw = 0;
    const parts: (FirstDays | null)[] = slices.map(() => null);
    const fail = (message: string) => {
      if (job !== this.job) return;
      this.job++;
      this.terminate();
      this.status = AnalysisStatus.error;
      this.error = message;
      this.host.requestUpdate();
    };
    const post = (w: Worker, m: RiskRequest) => w.postMessage(m);
    slices.forEach(([start, end], k) => {
      const w = this.pool[k];
      w.onerror = (ev) => fail(ev.message || 'a risk worker failed');
      w.onmessage = (ev: MessageEvent<RiskReply>) => {
        const m = ev.data;
        if (m.job !== job) return;
        if (m.type === 'error') return fail(m.message);
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
            const first = this.pool[0];
            first.onmessage = (e: MessageEvent<RiskReply>) => {
              const r = e.data;
              if (r.job !== job) return;
              if (r.type === 'error') return fail(r.message);
              if (r.type !== 'risk') return;
              this.reply = { ...r, elapsedMs: performance.now() - t0 };
              this.status = AnalysisStatus.done;
              this.host.requestUpdate();
            };
            post(first, { type: 'risk', job, scenario, options: { paths, seed, firstDays: mergeFirstDays(parts as FirstDays[]) } });
          }
        }
        this.host.requestUpdate();
      };
      post(w, { type: 'riskSlice', job, scenario, options: { seed, start, end } });
    });
    this.host.requestUpdate();
  }

  cancel(): void {
    if (this.status !== AnalysisStatus.running) return;
    this.job++;
    this.terminate();
    this.status = AnalysisStatus.cancelled;
    this.host.requestUpdate();
  }

  /** Forgets the result (another scenario is on screen). */
  reset(): void {
    this.cancel();
    this.reply = null;
    this.error = null;
    this.status = AnalysisStatus.idle;
    this.done = this.total = 0;
    this.host.requestUpdate();
  }

  private terminate(): void {
    for (const w of this.pool) w.terminate();
    this.pool = [];
  }
}
