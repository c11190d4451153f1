/**
 * A Lit reactive controller for one analysis job at a time (a tornado or a
 * stress grid) in its own Web Worker (web/analysis.worker.ts): progress,
 * cancel (terminates the worker; the next run starts a fresh one), result or
 * error (web/lib/worker-job.ts). The host re-renders on every change.
 */
import type { AnalysisReply, AnalysisRequest } from './analysis-types.ts';
import { WorkerJob } from './worker-job.ts';

export { AnalysisStatus, type AnalysisStatusName } from './worker-job.ts';

type Result<K extends AnalysisRequest['type']> = Extract<AnalysisReply, { type: K }>;

export class AnalysisController<K extends AnalysisRequest['type']> extends WorkerJob<Result<K>> {
  /** Starts a job (cancelling a running one); `req` without its job number. */
  start(req: Omit<Extract<AnalysisRequest, { type: K }>, 'job'>): void {
    const job = this.begin(0);
    // Written inline so Vite bundles the worker (STYLE.md).
    if (!this.workers.length) this.workers.push(new Worker(new URL('../analysis.worker.ts', import.meta.url), { type: 'module' }));
    const w = this.workers[0];
    w.onmessage = (ev: MessageEvent<AnalysisReply>) => {
      const m = ev.data;
      if (m.job !== job) return;
      if (m.type === 'error') return this.fail(job, m.message);
      if (m.type !== 'progress') return this.finish(job, m as Result<K>);
      this.done = m.done;
      this.total = m.total;
      this.host.requestUpdate();
    };
    w.onerror = (ev) => this.fail(job, ev.message || 'the analysis worker failed');
    w.postMessage({ ...req, job } as AnalysisRequest);
    this.host.requestUpdate();
  }
}
