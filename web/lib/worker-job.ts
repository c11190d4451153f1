/**
 * What the app's worker-backed analyses share (AnalysisController: the tornado and the stress
 * grid; RiskOddsController: the risk odds): one job at a time, its status, progress, reply or
 * error, and the workers it runs on, terminated on cancel (the next job starts fresh ones). A
 * Lit reactive controller: the host re-renders on every change.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { SECONDS_PER_WORKER, unitWorkers } from '../../src/analysis/units.ts';

export const AnalysisStatus = {
  idle: 'idle',
  running: 'running',
  done: 'done',
  cancelled: 'cancelled',
  error: 'error',
} as const;
export type AnalysisStatusName = (typeof AnalysisStatus)[keyof typeof AnalysisStatus];

/** Web Workers for a run of `paths` paths: up to 4 (and the machine's cores), one per 50 paths (the ensemble's and the risk odds' rule). */
export function workerCountFor(paths: number, cores: number = (typeof navigator !== 'undefined' && navigator.hardwareConcurrency) || 2): number {
  return Math.max(1, Math.min(4, cores, Math.ceil(paths / 50)));
}

/** Web Workers for a job of `units` units estimated at `seconds` of one worker's compute (the tornado's ensembles, the stress grid's cells): one per SECONDS_PER_WORKER (src/analysis/units.ts), up to 4 and the machine's cores. */
export function workerCountForWork(units: number, seconds: number, cores: number = (typeof navigator !== 'undefined' && navigator.hardwareConcurrency) || 2): number {
  return unitWorkers(units, seconds, Math.min(4, cores), SECONDS_PER_WORKER);
}

export abstract class WorkerJob<R> implements ReactiveController {
  status: AnalysisStatusName = AnalysisStatus.idle;
  done = 0;
  total = 0;
  reply: R | null = null;
  error: string | null = null;

  protected workers: Worker[] = [];
  /** The running job's number: a message of another job is stale. */
  protected job = 0;

  constructor(protected readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.cancel();
  }

  /** A new job (cancelling a running one), `total` units to do: its number. */
  protected begin(total: number): number {
    this.cancel();
    const job = ++this.job;
    this.status = AnalysisStatus.running;
    this.error = null;
    this.done = 0;
    this.total = total;
    return job;
  }

  /** Job `job` ends with `reply`, unless another has started since. */
  protected finish(job: number, reply: R): void {
    if (job !== this.job) return;
    this.reply = reply;
    this.status = AnalysisStatus.done;
    this.host.requestUpdate();
  }

  /** Job `job` fails (its workers are stopped), unless another has started since. */
  protected fail(job: number, message: string): void {
    if (job !== this.job) return;
    this.job++;
    this.terminate();
    this.status = AnalysisStatus.error;
    this.error = message;
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

  protected terminate(): void {
    for (const w of this.workers) w.terminate();
    this.workers = [];
  }
}
