/// <reference lib="webworker" />
/**
 * Ensemble worker: the CLI pool's worker handler (src/batch/worker-core.ts:
 * job, task, flush into an EnsembleState, exactly as `dat-sim mc` runs it),
 * plus `meta` (the run's layout from the prepared model) and `summarize`
 * (merge every worker's state and summarize it, src/batch/ensemble.ts), so
 * the bands are computed off the page's thread. The summary's bands are
 * Float64Arrays over one buffer (summarizeTyped), transferred with the event
 * counts: the page receives them without a copy and charts them as they are.
 * mathjs (through sim/expr.ts) is loaded only for scenarios with user rules.
 */
import { prepareModel, type ResolvedScenario } from '../sim/index.ts';
import { EnsembleState, bandsTransferables, ensembleMeta, summarizeTyped } from '../src/batch/ensemble.ts';
import { EnsembleWorkerCore, usesRules } from '../src/batch/worker-core.ts';
import type { FromWorker, ToWorker } from './lib/ensemble-types.ts';

const ctx = self as unknown as DedicatedWorkerGlobalScope;

function post(msg: FromWorker, transfer: Transferable[] = []): void {
  ctx.postMessage(msg, transfer);
}

const loadRuleCompiler = async () => (await import('../sim/rules.ts')).compileExpression;
const core = new EnsembleWorkerCore({ post, loadRuleCompiler });

ctx.onmessage = async (ev: MessageEvent<ToWorker>) => {
  const msg = ev.data;
  if (msg.type === 'job' || msg.type === 'task' || msg.type === 'flush') {
    void core.receive(msg);
    return;
  }
  try {
    if (msg.type === 'meta') {
      const scenario = JSON.parse(msg.scenarioJson) as ResolvedScenario;
      const model = prepareModel(scenario, { days: msg.days, deterministic: msg.deterministic, compileRule: usesRules(scenario) ? await loadRuleCompiler() : undefined });
      const meta = ensembleMeta(model, { seed: msg.run.seed, paths: msg.paths, counterfactual: msg.run.counterfactual, bands: msg.run.bands, scenarioHash: msg.scenarioHash, engine: msg.engine });
      post({ type: 'meta', jobId: msg.jobId, meta });
    } else if (msg.type === 'summarize') {
      const state = new EnsembleState(msg.meta);
      for (const b of msg.states) state.merge(b);
      const summary = summarizeTyped(state);
      post({ type: 'summary', jobId: msg.jobId, summary, events: state.events }, [state.events.buffer, ...bandsTransferables(summary)]);
    }
  } catch (e) {
    const err = e as Error & { path?: string };
    post({ type: 'error', jobId: msg.jobId, name: err.name ?? 'Error', message: err.message ?? String(e), stack: err.stack ?? '', path: typeof err.path === 'string' ? err.path : undefined });
  }
};
