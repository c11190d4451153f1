/**
 * A Lit reactive controller that runs an ensemble in Web Workers: splits the
 * paths over a small pool (up to 4 workers, never more than the machine's
 * cores), reports progress, cancels by terminating the workers, and asks one
 * worker to compute the per-day bands. The host re-renders on every change.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ResolvedScenario } from '../../sim/types.ts';
import { buildCalendar } from '../../sim/calendar.ts';
import { ensembleStats, seriesSpecs } from './ensemble-core.ts';
import { BAND_QUANTILES } from './quantiles.ts';
import type { EnsembleResult, FromWorker, ToWorker } from './ensemble-types.ts';

export const EnsembleStatus = {
  idle: 'idle',
  running: 'running',
  done: 'done',
  cancelled: 'cancelled',
  error: 'error',
} as const;
export type EnsembleStatusName = (typeof EnsembleStatus)[keyof typeof EnsembleStatus];

export interface EnsembleRequest {
  scenario: ResolvedScenario;
  seed: string;
  days: number;
  deterministic: boolean;
  paths: number;
  hasRules: boolean;
}

class Cancelled extends Error {}

export class EnsembleController implements ReactiveController {
  status: EnsembleStatusName = EnsembleStatus.idle;
  done = 0;
  total = 0;
  result: EnsembleResult | null = null;
  error: string | null = null;
  /** Set when the parameters changed after the last ensemble. */
  stale = false;

  private workers: Worker[] = [];
  private job = 0;
  private rejectors = new Set<(e: Error) => void>();
  private frame = 0;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.terminate();
  }

  private poolSize(paths: number): number {
    const cores = (typeof navigator !== 'undefined' && navigator.hardwareConcurrency) || 2;
    return Math.max(1, Math.min(4, cores, Math.ceil(paths / 50)));
  }

  private ensureWorkers(n: number): void {
    while (this.workers.length < n) {
      // Written inline so Vite bundles the worker (STYLE.md).
      this.workers.push(new Worker(new URL('../ensemble.worker.ts', import.meta.url), { type: 'module' }));
    }
  }

  private terminate(): void {
    for (const w of this.workers) w.terminate();
    this.workers = [];
    for (const r of this.rejectors) r(new Cancelled('cancelled'));
    this.rejectors.clear();
  }

  private request(w: Worker, job: number, msg: ToWorker, transfer: Transferable[], onProgress?: (done: number) => void): Promise<FromWorker> {
    return new Promise<FromWorker>((resolve, reject) => {
      const done = (e: Error) => {
        this.rejectors.delete(done);
        reject(e);
      };
      this.rejectors.add(done);
      w.onmessage = (ev: MessageEvent<FromWorker>) => {
        const m = ev.data;
        if (m.job !== job) return;
        if (m.type === 'progress') onProgress?.(m.done);
        else if (m.type === 'error') done(new Error(m.path ? `${m.path}: ${m.message}` : m.message));
        else {
          this.rejectors.delete(done);
          resolve(m);
        }
      };
      w.onerror = (ev) => done(new Error(ev.message || 'the ensemble worker failed to start'));
      w.postMessage(msg, transfer);
    });
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.host.requestUpdate();
    });
  }

  /** Runs an ensemble; resolves to null when cancelled or failed (see `status` and `error`). */
  async start(req: EnsembleRequest): Promise<EnsembleResult | null> {
    if (this.status === EnsembleStatus.running) this.cancel();
    const job = ++this.job;
    const t0 = performance.now();
    this.status = EnsembleStatus.running;
    this.error = null;
    this.done = 0;
    this.total = req.paths;
    this.host.requestUpdate();
    const nW = this.poolSize(req.paths);
    try {
      this.ensureWorkers(nW);
      const perWorker = new Array<number>(nW).fill(0);
      const ranges: [number, number][] = [];
      for (let i = 0; i < nW; i++) ranges.push([Math.floor((i * req.paths) / nW), Math.floor(((i + 1) * req.paths) / nW)]);
      const chunks = await Promise.all(
        ranges.map(([from, to], i) =>
          this.request(
            this.workers[i],
            job,
            { type: 'run', job, scenario: req.scenario, seed: req.seed, days: req.days, deterministic: req.deterministic, from, to, hasRules: req.hasRules },
            [],
            (d) => {
              perWorker[i] = d;
              this.done = perWorker.reduce((a, b) => a + b, 0);
              this.schedule();
            },
          ),
        ),
      );
      const runs = chunks.filter((c): c is Extract<FromWorker, { type: 'chunk' }> => c.type === 'chunk');
      this.done = req.paths;
      this.schedule();
      const quantiles = [...BAND_QUANTILES];
      const bandMsg = await this.request(
        this.workers[0],
        job,
        { type: 'bands', job, nPaths: req.paths, days: req.days, quantiles, chunks: runs.map((c) => ({ from: c.from, to: c.to, series: c.series })) },
        runs.flatMap((c) => c.series.map((s) => s.buffer)),
      );
      if (job !== this.job || bandMsg.type !== 'bands') return null;
      const specs = seriesSpecs(req.scenario);
      const stats = ensembleStats(req.scenario, runs);
      const result: EnsembleResult = {
        scenarioId: req.scenario.id,
        seed: req.seed,
        paths: req.paths,
        days: req.days,
        dates: buildCalendar(req.scenario.startDate, req.days, req.scenario.holidays).dates,
        quantiles,
        series: specs.map((s, k) => ({ ...s, bands: bandMsg.bands[k] })),
        companies: stats.companies,
        markets: stats.markets,
        elapsedMs: performance.now() - t0,
        workers: nW,
      };
      this.result = result;
      this.status = EnsembleStatus.done;
      this.stale = false;
      this.host.requestUpdate();
      return result;
    } catch (e) {
      if (job !== this.job || e instanceof Cancelled) return null;
      this.status = EnsembleStatus.error;
      this.error = (e as Error).message;
      this.terminate();
      this.host.requestUpdate();
      return null;
    }
  }

  /** Forgets the last result (a different scenario is on screen). */
  reset(): void {
    this.result = null;
    this.error = null;
    this.done = this.total = 0;
    this.status = EnsembleStatus.idle;
    this.host.requestUpdate();
  }

  /** Shows why an ensemble could not start. */
  fail(message: string): void {
    this.status = EnsembleStatus.error;
    this.error = message;
    this.host.requestUpdate();
  }

  cancel(): void {
    if (this.status !== EnsembleStatus.running) return;
    this.job++;
    this.terminate();
    this.status = EnsembleStatus.cancelled;
    this.host.requestUpdate();
  }
}
