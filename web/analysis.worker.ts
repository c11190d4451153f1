/// <reference lib="webworker" />
/**
 * Analysis worker: one unit of the sensitivity tornado (an ensemble) or of the stress grid (a
 * cell) per request (src/analysis/unit.ts analysisUnit, as `dat-sim sensitivity|stress --workers`),
 * off the main thread. The page
 * runs several of these workers and hands each the next unit as it finishes
 * (web/lib/analysis-controller.ts). The risk map's odds have a worker of their own
 * (web/risk.worker.ts). Cancelling is terminating the workers.
 *
 * src/analysis/run.ts imports the rule compiler statically, so this worker's
 * chunk carries mathjs; it is loaded only when an analysis runs.
 */
import { analysisUnit } from '../src/analysis/unit.ts';
import type { AnalysisReply, AnalysisRequest } from './lib/analysis-types.ts';

const ctx = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: AnalysisReply, transfer: Transferable[] = []) => ctx.postMessage(m, transfer);

ctx.onmessage = (ev: MessageEvent<AnalysisRequest>) => {
  const msg = ev.data;
  try {
    // The tornado's values are moved, not copied.
    const { result, transfer } = analysisUnit(msg, msg.scenario, msg.unit);
    post({ type: msg.type, job: msg.job, unit: msg.unit, result } as AnalysisReply, transfer);
  } catch (e) {
    post({ type: 'error', job: msg.job, message: (e as Error).message ?? String(e) });
  }
};
