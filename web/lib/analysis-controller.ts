/**
 * A Lit reactive controller for one analysis job at a time (a tornado or a stress grid) on
 * several Web Workers (web/analysis.worker.ts): the job is cut into units (the tornado's
 * ensembles in src/analysis/tornado.ts plan order, the grid's cells drawdown-major), each worker
 * is handed the next unit as it finishes one (src/analysis/units.ts dispatchOrder: the grid's
 * costliest rows first), and the units are assembled in order on the page
 * (tornadoFromEnsembles, stressFromCells). A unit's result does not depend on which worker ran
 * it, so the result is the one `dat-sim sensitivity` / `dat-sim stress` prints whatever the worker
 * count. Progress is units done; cancel terminates every worker (web/lib/worker-job.ts). As many
 * workers as the job's estimated compute is worth (workerCountForWork: a short job on one, up to
 * 4 and the cores), kept between jobs (warm).
 */
import { tornadoFromEnsembles, tornadoPlan, type TornadoEnsemble } from '../../src/analysis/tornado.ts';
import type { StressResult } from '../../src/analysis/stress.ts';
import { dispatchOrder, estimatedSeconds, stressFromCells } from '../../src/analysis/units.ts';
import type { AnalysisDone, AnalysisJob, AnalysisReply, AnalysisRequest } from './analysis-types.ts';
import { WorkerJob, workerCountForWork } from './worker-job.ts';

export { AnalysisStatus, type AnalysisStatusName } from './worker-job.ts';

type Done<K extends AnalysisJob['type']> = Extract<AnalysisDone, { type: K }>;

export class AnalysisController<K extends AnalysisJob['type']> extends WorkerJob<Done<K>> {
  /** Starts a job (cancelling a running one). */
  start(req: Extract<AnalysisJob, { type: K }>): void {
    const job = this.begin(0);
    const t0 = performance.now();
    let total: number;
    let assemble: (parts: unknown[]) => AnalysisDone['result'];
    const r = req as AnalysisJob; // narrowed by its type below (K is generic)
    try {
      if (r.type === 'tornado') {
        const plan = tornadoPlan(r.scenario, r.metric, r.options.params);
        total = plan.total;
        assemble = (parts) => tornadoFromEnsembles(r.scenario, plan, r.options, parts as TornadoEnsemble[]);
      } else {
        total = r.options.drawdowns.length * r.options.mnavs.length;
        if (total === 0) throw new RangeError('give at least one drawdown and one mNAV');
        assemble = (parts) => stressFromCells(parts as StressResult[]);
      }
    } catch (e) {
      return this.fail(job, (e as Error).message);
    }
    this.total = total;
    const n = workerCountForWork(total, estimatedSeconds(r, total));
    // Written inline so Vite bundles the worker (STYLE.md).
    while (this.workers.length < n) this.workers.push(new Worker(new URL('../analysis.worker.ts', import.meta.url), { type: 'module' }));
    const parts: unknown[] = new Array(total);
    const order = dispatchOrder(r.type, total);
    let next = 0;
    const give = (w: Worker) => {
      if (next < total) w.postMessage({ ...r, job, unit: order[next++] } as AnalysisRequest);
    };
    for (const w of this.workers.slice(0, n)) {
      w.onerror = (ev) => this.fail(job, ev.message || 'an analysis worker failed');
      w.onmessage = (ev: MessageEvent<AnalysisReply>) => {
        const m = ev.data;
        if (m.job !== job) return;
        if (m.type === 'error') return this.fail(job, m.message);
        parts[m.unit] = m.result;
        this.done++;
        if (this.done < total) {
          give(w);
          this.host.requestUpdate();
          return;
        }
        let result: AnalysisDone['result'];
        try {
          result = assemble(parts);
        } catch (e) {
          return this.fail(job, (e as Error).message);
        }
        this.finish(job, { type: r.type, result, elapsedMs: performance.now() - t0, workers: n } as Done<K>);
      };
      give(w);
    }
    this.host.requestUpdate();
  }
}
