/**
 * Monte Carlo ensembles: many paths of one scenario, summarized as they
 * finish (src/batch/ensemble.ts). The same answer, byte for byte, for any
 * worker count, in one process or split into shards (src/batch/partial.ts).
 */
import { setImmediate as tick } from 'node:timers/promises';
import { prepareModel, type Model, type RuleCompiler, type ResolvedScenario } from '../../sim/index.ts';
import type { SimResult } from '../simulate.ts';
import { EnsembleState, ensembleMeta, summarize, type EnsembleSummary } from './ensemble.ts';
import { abortError, BatchError } from './errors.ts';
import { engineIdentity, scenarioHash } from './identity.ts';
import { defaultWorkers, WorkerPool } from './pool.ts';
import { planSlices, runPaths, type PathRunSpec } from './runner.ts';
import { shardRange, type Shard } from './shard.ts';
import { usesRules } from './worker-core.ts';
import { MAX_PATHS, pathCountProblem, runOptionProblem, runSeed } from '../run-options.ts';

/** Summary mode keeps O(1) memory in the path count; the cap (src/run-options.ts) only keeps counts inside 32-bit bins. */
export { MAX_PATHS };
/** Full mode keeps every series of every path in memory and writes them in one JSON text (V8 strings stop near 512 MB). */
export const FULL_MODE_BUDGET_BYTES = 400e6;

export interface MonteCarloOptions {
  /** Paths in the whole run (1 to 1e9). */
  paths: number;
  /** Seed (defaults to the scenario's). Path i uses alea("<seed>:<i>"). */
  seed?: string | number;
  /** Worker threads (default: all cores). 1 runs in this thread. The result does not depend on it. */
  workers?: number;
  /** Horizon override (days). */
  days?: number;
  /** Zero every noise term (all paths are then identical). */
  deterministic?: boolean;
  /** Run the counterfactual (companies switched off) per path: needed for the self-inflicted drawdown. Default true; false halves the work. */
  counterfactual?: boolean;
  /** Per-day fan-chart bands (default true; memory days x series x 1,285 x 4 bytes). */
  bands?: boolean;
  /** 'full' also returns every path's series (`pathResults`); capped by memory (see maxFullPaths). Default 'summary'. */
  record?: 'summary' | 'full';
  /** Run only this slice of the paths (for partial results, src/batch/partial.ts). */
  shard?: Pick<Shard, 'index' | 'count'>;
  /** Called as slices finish: paths done so far and the paths of this run (or shard). */
  onProgress?: (done: number, total: number) => void;
  /** Abort the run; the promise rejects with an AbortError. */
  signal?: AbortSignal;
  /** Reuse a worker pool (a sweep runs many ensembles); it is not closed. */
  pool?: WorkerPool;
}

export type MonteCarloResult = EnsembleSummary & { pathResults?: SimResult[] };

export interface EnsembleRun {
  model: Model;
  state: EnsembleState;
  /** Path indices run: [start, end). */
  range: [number, number];
  pathResults?: SimResult[];
}

/** Approximate bytes per path of full mode for a model (series as JSON text, ~20 bytes a number). */
export function fullModeBytesPerPath(model: Model): number {
  const series = model.markets.length * 12 + model.companies.length * 16;
  return model.days * series * 20;
}

export function maxFullPaths(model: Model): number {
  return Math.max(1, Math.floor(FULL_MODE_BUDGET_BYTES / fullModeBytesPerPath(model)));
}

/** null when fine, else what is wrong with the path count for this model and record mode. */
export function checkPaths(paths: unknown, model?: Model, record: 'summary' | 'full' = 'summary'): string | null {
  const count = pathCountProblem(paths);
  if (count) return count;
  if (record === 'full' && model) {
    const cap = maxFullPaths(model);
    if ((paths as number) > cap) {
      const mb = fullModeBytesPerPath(model) / 1e6;
      return `--record full keeps every path's daily series in memory and in one JSON text (~${mb.toFixed(1)} MB a path for ${model.companies.length} companies x ${model.days} days), so it is capped at ${cap} paths here, got ${paths}; use the default summary mode for large ensembles`;
    }
  }
  return null;
}

export { usesRules };

/**
 * The rule compiler, loaded only for scenarios with user rules: it brings in
 * mathjs, ~1 s of start-up and ~110 MB of memory.
 */
export async function ruleCompilerFor(scenario: unknown): Promise<RuleCompiler | undefined> {
  return usesRules(scenario) ? (await import('../rules.ts')).compileExpression : undefined;
}

export function prepareEnsembleModel(scenario: ResolvedScenario, o: Pick<MonteCarloOptions, 'days' | 'deterministic'>, compileRule?: RuleCompiler): Model {
  return prepareModel(scenario, { days: o.days, deterministic: o.deterministic, compileRule });
}

/** Run an ensemble (or one shard of it) into an EnsembleState. */
export async function runEnsemble(scenario: ResolvedScenario, options: MonteCarloOptions): Promise<EnsembleRun> {
  const record = options.record ?? 'summary';
  if (record !== 'summary' && record !== 'full') throw new BatchError(`record must be "summary" or "full", got "${String(record)}"`);
  const pre = checkPaths(options.paths);
  if (pre) throw new BatchError(pre);
  const bad = runOptionProblem({ seed: options.seed });
  if (bad) throw new BatchError(`${bad.option}: ${bad.message}`);
  const workers = options.workers ?? defaultWorkers();
  if (!Number.isInteger(workers) || workers < 1 || workers > 1024) throw new BatchError(`workers must be a whole number from 1 to 1024, got ${workers}`);
  const model = prepareEnsembleModel(scenario, options, await ruleCompilerFor(scenario));
  const err = checkPaths(options.paths, model, record);
  if (err) throw new BatchError(err);
  const seed = runSeed(options.seed, scenario.seed);
  const run: PathRunSpec = { seed, counterfactual: options.counterfactual !== false, bands: options.bands !== false, full: record === 'full' };
  const meta = ensembleMeta(model, { seed, paths: options.paths, counterfactual: run.counterfactual, bands: run.bands, scenarioHash: scenarioHash(scenario), engine: engineIdentity() });
  let range: [number, number] = [0, options.paths];
  if (options.shard) {
    const { index, count } = options.shard;
    if (!(Number.isInteger(count) && count >= 1 && Number.isInteger(index) && index >= 0 && index < count)) throw new BatchError(`shard ${index}/${count} is out of range: expected 0 <= index < count`);
    range = shardRange(index, count, options.paths);
  }
  const total = range[1] - range[0];
  const signal = options.signal;
  signal?.throwIfAborted();
  const results: SimResult[] | undefined = run.full ? new Array(total) : undefined;
  let done = 0;
  const progress = (n: number) => {
    done += n;
    options.onProgress?.(done, total);
  };

  // Small runs are not worth a thread start-up (~0.2 s each).
  const useWorkers = options.pool ? options.pool.size : Math.min(workers, Math.ceil(total / 32));
  if (useWorkers <= 1 && !options.pool) {
    const state = new EnsembleState(meta);
    const chunk = Math.max(1, Math.min(64, Math.ceil(total / 100)));
    for (let s = range[0]; s < range[1]; s += chunk) {
      const e = Math.min(range[1], s + chunk);
      const out: SimResult[] | undefined = results ? [] : undefined;
      runPaths(model, run, s, e, state, out);
      if (out) out.forEach((r, j) => (results![s - range[0] + j] = r));
      progress(e - s);
      if (e < range[1]) {
        await tick();
        if (signal?.aborted) throw abortError(signal);
      }
    }
    return { model, state, range, pathResults: results };
  }

  const pool = options.pool ?? new WorkerPool(useWorkers);
  // About 8 slices a worker, at most 500 paths each: balanced load, frequent progress, few messages.
  const slices = planSlices(range, pool.size);
  const onAbort = () => void pool.destroy(abortError(signal));
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const states = await pool.run({ scenarioJson: JSON.stringify(scenario), days: model.days, deterministic: model.deterministic, run, meta }, slices, (s, e, out) => {
      if (out) out.forEach((r, j) => (results![s - range[0] + j] = r));
      progress(e - s);
    });
    if (signal?.aborted) throw abortError(signal);
    // Adopt the first worker's counts and add the others: exact, so the order does not matter.
    const state = states.length ? new EnsembleState(meta, states[0]) : new EnsembleState(meta);
    for (let i = 1; i < states.length; i++) state.merge(states[i]);
    return { model, state, range, pathResults: results };
  } catch (e) {
    if (signal?.aborted) throw abortError(signal);
    throw e;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!options.pool) await pool.close();
  }
}

/**
 * Monte Carlo ensemble of a resolved scenario: per company the probabilities
 * of a notice, determination, delisting, insolvency and forced sale by the
 * horizon (Wilson 95% intervals) with the distribution of their first day;
 * quantiles of terminal coin price, stock, mNAV, coins sold, realized and
 * unrealized P&L; the counterfactual's self-inflicted drawdown 1 - P_T/P_T^cf
 * per path; per-day 5/25/50/75/95% bands of coin price, stock price and mNAV.
 */
export async function monteCarlo(scenario: ResolvedScenario, options: MonteCarloOptions): Promise<MonteCarloResult> {
  if (options.shard) throw new BatchError('monteCarlo summarizes a whole run; use runShard for one shard');
  const r = await runEnsemble(scenario, options);
  const summary: MonteCarloResult = summarize(r.state);
  if (r.pathResults) summary.pathResults = r.pathResults;
  return summary;
}
