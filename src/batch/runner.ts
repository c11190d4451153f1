/**
 * Run a contiguous slice of path indices into an EnsembleState (pure: the
 * in-process driver and the worker threads both call this). Path i always
 * uses PathRun(model, seed, i), so a path's numbers never depend on which
 * worker or shard ran it (docs/model.md §3).
 */
import { PathRun, createMarketsLockstep, dayCloses, type Model } from '../../sim/index.ts';
import { runPrepared, type SimResult } from '../simulate.ts';
import { summarizePath } from '../summary.ts';
import type { EnsembleState } from './ensemble.ts';

export interface PathRunSpec {
  seed: string;
  /** Run the counterfactual (companies switched off) for every path. */
  counterfactual: boolean;
  /** Accumulate per-day bands. */
  bands: boolean;
  /** Also return each path's full series (small ensembles only). */
  full: boolean;
}

/**
 * How a run's path range is cut into slices (tasks) for `workers` workers:
 * about 8 slices a worker, at most `maxSlice` paths each. The cut never
 * changes a number (states merge exactly); it sets the load balance, the
 * progress granularity and, in the app, how soon a cancel takes effect.
 */
export function planSlices(range: readonly [number, number], workers: number, maxSlice = 500): [number, number][] {
  const total = range[1] - range[0];
  const chunk = Math.max(1, Math.min(maxSlice, Math.ceil(total / (workers * 8))));
  const slices: [number, number][] = [];
  for (let s = range[0]; s < range[1]; s += chunk) slices.push([s, Math.min(range[1], s + chunk)]);
  return slices;
}

export function runPaths(model: Model, spec: PathRunSpec, start: number, end: number, state: EnsembleState, fullOut?: SimResult[]): void {
  const days = model.days, nC = model.companies.length;
  const splitDays = new Int32Array(nC);
  // The day's closes: typed arrays allocated once per slice, filled by the engine's read-out each day.
  const day = spec.bands && !spec.full ? dayCloses(model) : null;
  // The counterfactuals (companies switched off) of the whole slice, stepped in lockstep: bit-identical to
  // PathRun(model, seed, p, { companyTrading: false, marketsOnly: true }) for each p (sim/lockstep-markets.ts).
  // A path whose counterfactual failed throws when it is read, in path order, as the serial runs did.
  // In WebAssembly where available (sim/lockstep-markets-wasm.ts), the same numbers.
  const cfs = spec.counterfactual && !spec.full && end > start ? createMarketsLockstep(model, spec.seed, start, end - start).run() : null;
  for (let p = start; p < end; p++) {
    if (spec.full) {
      const r = runPrepared(model, { seed: spec.seed, path: p, counterfactual: spec.counterfactual });
      splitDays.fill(-1);
      for (const e of r.events) {
        if (e.kind !== 'reverseSplit') continue;
        const i = model.companies.findIndex((c) => c.params.ticker === e.company);
        if (i >= 0 && splitDays[i] < 0) splitDays[i] = e.day;
      }
      if (spec.bands) {
        const markets = state.meta.markets.map((coin) => r.markets[coin].price);
        const cos = state.meta.companies.map((c) => r.companies[c.ticker]);
        state.addSeries(markets, cos.map((c) => c.stockPrice), cos.map((c) => c.mnav));
      }
      state.addPath(r.summary, splitDays);
      fullOut?.push(r);
      continue;
    }
    const run = new PathRun(model, spec.seed, p, { record: 'summary' });
    if (day) {
      while (run.t < days) {
        run.step();
        run.readCloses(day);
        state.addDay(run.t - 1, day);
      }
    } else {
      run.run();
    }
    const cf = cfs ? cfs.path(p) : null;
    for (let i = 0; i < nC; i++) splitDays[i] = run.milestones[i].reverseSplitDay;
    state.addPath(summarizePath(model, run, cf), splitDays);
  }
}
