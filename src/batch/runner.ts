/**
 * Run a contiguous slice of path indices into an EnsembleState (pure: the
 * in-process driver and the worker threads both call this). Path i always
 * uses PathRun(model, seed, i), so a path's numbers never depend on which
 * worker or shard ran it (docs/model.md §3).
 */
import { PathRun, type Model, type RunOptions } from '../../sim/engine.ts';
import { runPrepared, type SimResult } from '../simulate.ts';
import { summarizePath } from '../summary.ts';
import type { DayFigures, EnsembleState } from './ensemble.ts';

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
 * The counterfactual run: companies switched off. `marketsOnly` asks the engine
 * to skip the companies' valuation, premium and listing work, which cannot
 * affect the markets when they do not trade (a proposed RunOptions field; an
 * engine without it ignores it and does the work anyway, with the same result).
 */
const COUNTERFACTUAL: RunOptions = { record: 'summary', companyTrading: false, marketsOnly: true } as RunOptions;

/** Scratch arrays for one day's figures of a model (allocated once per slice, not per day). */
export function dayFigures(model: Model): DayFigures {
  const nM = model.markets.length, nC = model.companies.length;
  return { coinClose: new Float64Array(nM), stockPrice: new Float64Array(nC), shares: new Float64Array(nC), coins: new Float64Array(nC) };
}

/**
 * The one place an ensemble driver reads a stepping run's closing figures.
 * The serial engine has no typed-array view of its state, so this reads its
 * per-path state (m.P; c.S, c.N, c.H) without allocating; once the lockstep
 * engine exposes typed-array views of the day's closes, point this at them.
 */
export function readDay(run: PathRun, out: DayFigures): void {
  const mk = run.mk, co = run.co;
  for (let k = 0; k < out.coinClose.length; k++) out.coinClose[k] = mk[k].P;
  for (let i = 0; i < out.stockPrice.length; i++) {
    const c = co[i];
    out.stockPrice[i] = c.S;
    out.shares[i] = c.N;
    out.coins[i] = c.H;
  }
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
  const day = spec.bands && !spec.full ? dayFigures(model) : null;
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
        readDay(run, day);
        state.addDay(run.t - 1, day);
      }
    } else {
      run.run();
    }
    const cf = spec.counterfactual ? new PathRun(model, spec.seed, p, COUNTERFACTUAL).run() : null;
    for (let i = 0; i < nC; i++) splitDays[i] = run.milestones[i].reverseSplitDay;
    state.addPath(summarizePath(model, run, cf), splitDays);
  }
}
