/// <reference lib="webworker" />
/**
 * Risk worker: the risk map's Monte Carlo odds (web/lib/risk-core.ts over src/risk), off the
 * main thread: `riskSlice` runs one slice of the paths (web/lib/risk-odds-controller.ts gives
 * each worker its own), `risk` turns the merged slices into the report. A progress message
 * after each path (throttled). Cancelling is terminating the worker. mathjs (sim/rules.ts) is
 * loaded only for a scenario with user rules.
 */
import { usesRules } from '../src/uses-rules.ts';
import { firstDaysBuffers, runRiskSlice } from '../src/risk/slices.ts';
import { runRisk } from './lib/risk-core.ts';
import type { RiskReply, RiskRequest } from './lib/risk-types.ts';
import { throttledProgress } from './lib/worker-progress.ts';

const ctx = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: RiskReply, transfer: Transferable[] = []) => ctx.postMessage(m, transfer);
const loadRuleCompiler = async () => (await import('../sim/rules.ts')).compileExpression;

ctx.onmessage = async (ev: MessageEvent<RiskRequest>) => {
  const msg = ev.data;
  const t0 = performance.now();
  const progress = throttledProgress(post, msg.job);
  try {
    const compileRule = usesRules(msg.scenario) ? await loadRuleCompiler() : undefined;
    if (msg.type === 'riskSlice') {
      const result = runRiskSlice(msg.scenario, msg.options, compileRule, progress);
      // The first days are moved, not copied.
      post({ type: 'riskSlice', job: msg.job, result, elapsedMs: performance.now() - t0 }, firstDaysBuffers(result));
    } else {
      const result = runRisk(msg.scenario, msg.options, compileRule, progress);
      post({ type: 'risk', job: msg.job, result, elapsedMs: performance.now() - t0 });
    }
  } catch (e) {
    post({ type: 'error', job: msg.job, message: (e as Error).message ?? String(e) });
  }
};
