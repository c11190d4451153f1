/// <reference lib="webworker" />
/**
 * Analysis worker: the sensitivity tornado and the stress grid (web/lib/analysis-core.ts
 * over src/analysis), off the main thread, with a progress message after each variation
 * or cell (throttled). The risk map's odds have a worker of their own (web/risk.worker.ts). Cancelling is
 * terminating the worker (web/lib/analysis-controller.ts).
 *
 * src/analysis/run.ts imports the rule compiler statically, so this worker's
 * chunk carries mathjs; it is loaded only when an analysis runs.
 */
import { runStress, runTornado } from './lib/analysis-core.ts';
import type { AnalysisReply, AnalysisRequest } from './lib/analysis-types.ts';
import { throttledProgress } from './lib/worker-progress.ts';

const ctx = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: AnalysisReply) => ctx.postMessage(m);

ctx.onmessage = (ev: MessageEvent<AnalysisRequest>) => {
  const msg = ev.data;
  const t0 = performance.now();
  const progress = throttledProgress(post, msg.job);
  try {
    if (msg.type === 'tornado') {
      const result = runTornado(msg.scenario, msg.metric, msg.options, progress);
      post({ type: 'tornado', job: msg.job, result, elapsedMs: performance.now() - t0 });
    } else {
      const result = runStress(msg.scenario, msg.options, progress);
      post({ type: 'stress', job: msg.job, result, elapsedMs: performance.now() - t0 });
    }
  } catch (e) {
    post({ type: 'error', job: msg.job, message: (e as Error).message ?? String(e) });
  }
};
