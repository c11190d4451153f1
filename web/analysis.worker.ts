/// <reference lib="webworker" />
/**
 * Analysis worker: one unit of the sensitivity tornado (an ensemble) or of the stress grid (a
 * cell) per request (src/analysis/sensitivity.ts tornadoUnit, src/analysis/stress.ts stressCell),
 * off the main thread. The page
 * runs several of these workers and hands each the next unit as it finishes
 * (web/lib/analysis-controller.ts). The risk map's odds have a worker of their own
 * (web/risk.worker.ts). Cancelling is terminating the workers.
 *
 * src/analysis/run.ts imports the rule compiler statically, so this worker's
 * chunk carries mathjs; it is loaded only when an analysis runs.
 */
import { tornadoUnit } from '../src/analysis/sensitivity.ts';
import { stressCell } from '../src/analysis/stress.ts';
import type { AnalysisReply, AnalysisRequest } from './lib/analysis-types.ts';

const ctx = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: AnalysisReply, transfer: Transferable[] = []) => ctx.postMessage(m, transfer);

ctx.onmessage = (ev: MessageEvent<AnalysisRequest>) => {
  const msg = ev.data;
  try {
    if (msg.type === 'tornado') {
      const result = tornadoUnit(msg.scenario, msg.metric, msg.options, msg.unit);
      // The values are moved, not copied.
      post({ type: 'tornado', job: msg.job, unit: msg.unit, result }, 'values' in result ? [result.values.buffer] : []);
    } else {
      post({ type: 'stress', job: msg.job, unit: msg.unit, result: stressCell(msg.scenario, msg.options, msg.unit) });
    }
  } catch (e) {
    post({ type: 'error', job: msg.job, message: (e as Error).message ?? String(e) });
  }
};
