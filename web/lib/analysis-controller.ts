/**
 * A Lit reactive controller for one analysis job at a time (a tornado or a
 * stress grid) in its own Web Worker: progress, cancel (terminates the
 * worker; the next run starts a fresh one), result or error. The host
 * re-renders on every change.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AnalysisReply, AnalysisRequest } from './analysis-types.ts';

export const AnalysisStatus = {
  idle: 'idle',
  running: 'running',
  done: 'done',
  cancelled: 'cancelled',
  error: 'error',
} as const;
export type AnalysisStatusName = (typeof AnalysisStatus)[keyof typeof AnalysisStatus];

type Result<K extends AnalysisRequest['type']> = Extract<AnalysisReply, { type: K }>;

export class AnalysisController<K extends AnalysisRequest['type']> implements ReactiveController {
  status: AnalysisStatusName = AnalysisStatus.idle;
  done = 0;
  total = 0;
  reply: Result<K> | null = null;
  error: string | null = null;

  private worker: Worker | null = null;
  private job = 0;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.cancel();
  }

  /** Starts a job (cancelling a running one); `req` without its job number. */
  start(req: Omit<Extract<AnalysisRequest, { type: K }>, 'job'>): void {
    this.cancel();
    const job = ++this.job;
    // Written inline so Vite bundles the worker (STYLE.md).
    const w = (this.worker ??= new Worker(new URL('../analysis.worker.ts', import.meta.url), { type: 'module' }));
    this.status = AnalysisStatus.running;
    this.error = null;
    this.done = 0;
    this.total = 0;
    w.onmessage = (ev: MessageEvent<AnalysisReply>) => {
      const m = ev.data;
      if (m.job !== job) return;
      if (m.type === 'progress') {
        this.done = m.done;
        this.total = m.total;
      } else if (m.type === 'error') {
        this.status = AnalysisStatus.error;
        this.error = m.message;
      } else {
        this.reply = m as Result<K>;
        this.status = AnalysisStatus.done;
      }
      this.host.requestUpdate();
    };
    w.onerror = (ev) => {
      this.status = AnalysisStatus.error;
      this.error = ev.message || 'the analysis worker failed';
      this.terminate();
      this.host.requestUpdate();
    };
    w.postMessage({ ...req, job } as AnalysisRequest);
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
    this.worker?.terminate();
    this.worker = null;
  }
}
