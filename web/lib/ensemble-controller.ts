/**
 * A Lit reactive controller that runs an ensemble in Web Workers with the
 * CLI's ensemble code: each worker runs src/batch/worker-core.ts (the handler
 * of `dat-sim mc`'s worker threads) on path slices cut by the same planner
 * (src/batch/runner.ts planSlices), the states merge exactly, and one worker
 * summarizes them with src/batch/ensemble.ts. So the app reports the numbers
 * `dat-sim mc` prints for the same scenario, seed and path count, whatever the
 * number of workers.
 *
 * Cancel: no new slice is handed out; the slices already handed out finish
 * (none is cut short) and are summarized. Slices go out in path order, so the
 * partial result covers exactly paths 0..n-1: the same figures as
 * `dat-sim mc --paths n` with the same seed. A new run (or leaving the page)
 * stops the workers at once.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ResolvedScenario } from '../../sim/index.ts';
import { canonicalJson } from '../../src/batch/canonical.ts';
import { toPlainSummary, type EnsembleBuffers, type EnsembleMeta } from '../../src/batch/ensemble.ts';
import type { JobSpec } from '../../src/batch/protocol.ts';
import { planSlices, type PathRunSpec } from '../../src/batch/runner.ts';
import { setEnsembleGetter } from './debug.ts';
import { bandSeries, type EnsembleResult, type FromWorker, type ToWorker } from './ensemble-types.ts';
import { workerCountFor } from './worker-job.ts';

export const EnsembleStatus = {
  idle: 'idle',
  running: 'running',
  /** Cancel asked: the slices handed out are finishing, then the partial result is summarized. */
  cancelling: 'cancelling',
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
  /** Informational: the workers load the rule compiler when the resolved scenario has `rules` policies (worker-core.ts usesRules). */
  hasRules: boolean;
  /** Worker count (default: up to 4, never more than the cores); results do not depend on it. */
  workers?: number;
}

/** Largest slice handed to a worker: a cancel waits for at most one slice per worker. */
export const WEB_MAX_SLICE = 50;

/** What the app runs per path: the counterfactual and the bands, as `dat-sim mc` does by default. */
export const WEB_RUN = { counterfactual: true, bands: true, full: false } as const;

/** The engine identity an app ensemble reports (the CLI reports its package version and source hash). */
export const WEB_ENGINE: EnsembleMeta['engine'] = { version: 'web app', sourceHash: 'web build', v8: 'browser' };

class Cancelled extends Error {}

/** The band arrays' constructor names and the number of distinct buffers behind them (test hook). */
function bandArrays(e: EnsembleResult): { types: string[]; buffers: number } {
  const arrays = bandSeries(e).flatMap((s) => Object.values(s.bands));
  return { types: [...new Set(arrays.map((a) => a.constructor.name))], buffers: new Set(arrays.map((a) => a.buffer)).size };
}

/** sha256 (hex, first 32 digits) of the resolved scenario's canonical JSON, as the CLI's scenarioHash; '' without WebCrypto. */
export async function webScenarioHash(scenario: ResolvedScenario): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return '';
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(canonicalJson(scenario)));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('').slice(0, 32);
}

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
  /** Set by a cancel: no further slice is handed out for the current job. */
  private cancelAsked = false;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
    // The test hook reports the summary in dat-sim mc's JSON form (plain arrays, null where the bands have NaN),
    // plus the form the bands arrived in from the worker (`bandArrays`: the arrays' types and how many buffers hold them).
    setEnsembleGetter(() => (this.result ? { summary: toPlainSummary(this.result.summary), requested: this.result.requested, cancelled: this.result.cancelled, workers: this.result.workers, bandArrays: bandArrays(this.result) } : null));
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.terminate();
  }

  private poolSize(paths: number): number {
    return workerCountFor(paths);
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

  /**
   * Route a worker's messages for `job` to `on` until it returns true (finished) or the worker reports an error.
   * Resolves when finished; rejects on an error or a hard stop.
   */
  private listen(w: Worker, job: number, on: (m: FromWorker) => boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const fail = (e: Error) => {
        this.rejectors.delete(fail);
        reject(e);
      };
      this.rejectors.add(fail);
      w.onmessage = (ev: MessageEvent<FromWorker>) => {
        const m = ev.data;
        if (m.jobId !== job) return;
        if (m.type === 'error') fail(new Error(m.path ? `${m.path}: ${m.message}` : m.message));
        else if (on(m)) {
          this.rejectors.delete(fail);
          resolve();
        }
      };
      w.onerror = (ev) => fail(new Error(ev.message || 'the ensemble worker failed to start'));
    });
  }

  private async ask<T extends FromWorker['type']>(w: Worker, job: number, msg: ToWorker, type: T, transfer: Transferable[] = []): Promise<Extract<FromWorker, { type: T }>> {
    let out: Extract<FromWorker, { type: T }> | undefined;
    const p = this.listen(w, job, (m) => {
      if (m.type !== type) return false;
      out = m as Extract<FromWorker, { type: T }>;
      return true;
    });
    w.postMessage(msg, transfer);
    await p;
    return out!;
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.host.requestUpdate();
    });
  }

  /**
   * Run slices on the first `nW` workers, one slice at a time per worker, in
   * path order; after a cancel no new one goes out. Every slice handed out
   * finishes, so the paths covered are exactly 0..n-1. Resolves with every
   * worker's state and n.
   */
  private async runSlices(job: number, spec: JobSpec, slices: [number, number][], nW: number): Promise<{ states: EnsembleBuffers[]; paths: number }> {
    let next = 0, covered = 0;
    const more = () => !this.cancelAsked && next < slices.length;
    const worker = async (w: Worker): Promise<EnsembleBuffers | null> => {
      if (!more()) return null;
      const give = () => {
        const [start, end] = slices[next++];
        covered = end;
        w.postMessage({ type: 'task', jobId: job, taskId: next, start, end } satisfies ToWorker);
      };
      let state: EnsembleBuffers | null = null;
      const finished = this.listen(w, job, (m) => {
        if (m.type === 'done') {
          this.done += m.end - m.start;
          this.schedule();
          if (more()) give();
          else w.postMessage({ type: 'flush', jobId: job } satisfies ToWorker);
          return false;
        }
        if (m.type === 'state') {
          state = m.buffers;
          return true;
        }
        return false;
      });
      w.postMessage({ type: 'job', spec } satisfies ToWorker);
      give();
      await finished;
      return state;
    };
    const states = (await Promise.all(this.workers.slice(0, nW).map(worker))).filter((s): s is EnsembleBuffers => s !== null);
    return { states, paths: covered };
  }

  /** Runs an ensemble; resolves to null when stopped or failed (see `status` and `error`). A cancelled run resolves to its partial result. */
  async start(req: EnsembleRequest): Promise<EnsembleResult | null> {
    if (this.status === EnsembleStatus.running || this.status === EnsembleStatus.cancelling) this.stop();
    const job = ++this.job;
    const t0 = performance.now();
    this.status = EnsembleStatus.running;
    this.error = null;
    this.done = 0;
    this.total = req.paths;
    // The previous ensemble's bands leave the screen: what is shown is always this run's.
    this.result = null;
    this.cancelAsked = false;
    this.host.requestUpdate();
    const nW = req.workers ?? this.poolSize(req.paths);
    try {
      this.ensureWorkers(nW);
      const scenarioJson = JSON.stringify(req.scenario);
      const run: PathRunSpec = { seed: req.seed, ...WEB_RUN };
      const scenarioHash = await webScenarioHash(req.scenario);
      const { meta } = await this.ask(this.workers[0], job, { type: 'meta', jobId: job, scenarioJson, days: req.days, deterministic: req.deterministic, run, paths: req.paths, scenarioHash, engine: WEB_ENGINE }, 'meta');
      if (job !== this.job) return null;
      const spec: JobSpec = { jobId: job, scenarioJson, days: meta.days, deterministic: meta.deterministic, run, meta };
      const { states, paths } = await this.runSlices(job, spec, planSlices([0, req.paths], nW, WEB_MAX_SLICE), nW);
      if (job !== this.job) return null;
      const cancelled = paths < req.paths;
      this.done = paths;
      if (paths === 0) {
        // Cancelled before the first slice went out: nothing to show.
        this.status = EnsembleStatus.cancelled;
        this.host.requestUpdate();
        return null;
      }
      const s = await this.ask(this.workers[0], job, { type: 'summarize', jobId: job, meta, states }, 'summary', states.flatMap((b) => [b.events.buffer, b.terminal.buffer, b.extrema.buffer, b.bands.buffer]));
      if (job !== this.job) return null;
      const result: EnsembleResult = { summary: s.summary, eventDays: s.events, requested: req.paths, cancelled, elapsedMs: performance.now() - t0, workers: nW };
      this.result = result;
      this.status = cancelled ? EnsembleStatus.cancelled : EnsembleStatus.done;
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

  /**
   * Cancel: hand out no new slice; the finished paths (a prefix 0..n-1) become
   * a labelled partial result (slices hold at most WEB_MAX_SLICE paths, so this
   * waits for at most one slice per worker).
   */
  cancel(): void {
    if (this.status !== EnsembleStatus.running) return;
    this.cancelAsked = true;
    this.status = EnsembleStatus.cancelling;
    this.host.requestUpdate();
  }

  /** Stop at once: the workers are terminated and nothing is kept. */
  private stop(): void {
    this.job++;
    this.cancelAsked = true;
    this.terminate();
    this.status = EnsembleStatus.cancelled;
    this.result = null;
    this.host.requestUpdate();
  }
}
