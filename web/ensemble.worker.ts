/// <reference lib="webworker" />
/**
 * Ensemble worker. Two jobs:
 * - "run": simulate paths from..to-1 of a resolved scenario (summary mode)
 *   and send back the fan-chart series (transferred, not copied) and
 *   end-of-path figures, with progress messages on the way;
 * - "bands": merge every worker's chunks and compute per-day quantile bands,
 *   so sorting 1,000 x 730 values per series never blocks the page.
 * mathjs (through sim/expr.ts) is loaded only for scenarios with user rules.
 */
import { prepareModel, type RuleCompiler } from '../sim/engine.ts';
import { runChunk } from './lib/ensemble-core.ts';
import { dayBands, toDayMajor } from './lib/quantiles.ts';
import type { FromWorker, ToWorker } from './lib/ensemble-types.ts';

const ctx = self as unknown as DedicatedWorkerGlobalScope;

function post(msg: FromWorker, transfer: Transferable[] = []): void {
  ctx.postMessage(msg, transfer);
}

ctx.onmessage = async (ev: MessageEvent<ToWorker>) => {
  const msg = ev.data;
  try {
    if (msg.type === 'run') {
      const t0 = performance.now();
      let compileRule: RuleCompiler | undefined;
      if (msg.hasRules) compileRule = (await import('../sim/expr.ts')).compileExpression;
      const model = prepareModel(msg.scenario, { days: msg.days, deterministic: msg.deterministic, compileRule });
      let last = 0;
      const chunk = runChunk(model, msg.seed, msg.from, msg.to, (done) => {
        const now = performance.now();
        if (now - last > 40) {
          last = now;
          post({ type: 'progress', job: msg.job, done });
        }
      });
      post(
        { type: 'chunk', job: msg.job, from: chunk.from, to: chunk.to, series: chunk.series, milestones: chunk.milestones, terminals: chunk.terminals, elapsedMs: performance.now() - t0 },
        [...chunk.series.map((s) => s.buffer), chunk.milestones.buffer, chunk.terminals.buffer],
      );
    } else if (msg.type === 'bands') {
      const nSeries = msg.chunks[0]?.series.length ?? 0;
      const bands: Float64Array[][] = [];
      for (let s = 0; s < nSeries; s++) {
        const dm = toDayMajor(msg.chunks.map((c) => ({ from: c.from, to: c.to, data: c.series[s] })), msg.nPaths, msg.days);
        bands.push(dayBands(dm, msg.nPaths, msg.days, msg.quantiles));
      }
      post({ type: 'bands', job: msg.job, bands }, bands.flat().map((b) => b.buffer));
    }
  } catch (e) {
    const err = e as Error & { path?: string };
    post({ type: 'error', job: msg.job, message: err.message ?? String(e), path: typeof err.path === 'string' ? err.path : undefined });
  }
};
