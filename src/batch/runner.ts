/**
 * Run a contiguous slice of path indices into an EnsembleState (pure: the
 * in-process driver and the worker threads both call this). Path i always
 * has PathRun(model, seed, i)'s numbers, whether it is stepped alone or in a
 * lockstep group (sim/lockstep-engine.ts, bit-identical), so a path's numbers
 * never depend on which worker or shard ran it (docs/model.md §3).
 */
import { NonFiniteError, PathRun, createEngineLockstep, createMarketsLockstep, dayCloses, type DayCloses, type EngineLockstep, type MarketsLockstepLike, type Model } from '../../sim/index.ts';
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
  const splitDays = new Int32Array(model.companies.length);
  // The counterfactuals (companies switched off) of the whole slice, stepped in lockstep: bit-identical to
  // PathRun(model, seed, p, { companyTrading: false, marketsOnly: true }) for each p (sim/lockstep-markets.ts).
  // A path whose counterfactual failed throws when it is read, in path order, as the serial runs did.
  // In WebAssembly where available (sim/lockstep-markets-wasm.ts), the same numbers.
  const cfs = spec.counterfactual && !spec.full && end > start ? createMarketsLockstep(model, spec.seed, start, end - start).run() : null;
  if (!spec.full) {
    // With bands, each path of a group adds its days to its own slot of the state until it is added.
    if (spec.bands) state.reserveSlots(LOCKSTEP_GROUP);
    const onDay = spec.bands ? (t: number, slot: number, closes: DayCloses) => state.addDay(t, closes, slot) : undefined;
    eachPath(model, spec.seed, start, end, (p, run, slot) => addRun(model, p, run, state, cfs, splitDays, slot), onDay);
    return;
  }
  // Full series (small ensembles): one simulate() per path.
  for (let p = start; p < end; p++) {
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
  }
}

/**
 * Paths per engine lockstep. Few on purpose: the companies are still objects per path, stepped in
 * turn each day, and more paths than the caches hold undo the kernel's gain (contagion, CPU ns per
 * company-path-day against PathRun one path at a time, two interleaved runs: 4-9% less at K = 4 to
 * 16, 2-4% more at K = 64). With bands, each path of a group has its own slot in the ensemble state
 * (EnsembleState.reserveSlots) until the group is read in path order.
 */
export const LOCKSTEP_GROUP = 8;

/**
 * Paths start..end-1 of `model` (summary record), each handed to `visit` in path order once it has
 * run: in lockstep groups of LOCKSTEP_GROUP paths (sim/lockstep-engine.ts, markets in WebAssembly)
 * where they can be, else one PathRun at a time; the same numbers either way. `slot` is the path's
 * place in its group (0 one at a time). `onDay(t, slot, closes)`: each path's closes after each day
 * (the day's figures in a typed-array read-out allocated once). A path that failed throws when its
 * turn comes, after the paths before it were visited, as one at a time; a NonFiniteError names the
 * path in its message ("on day t (date) of path p ..."), so `dat-sim run --path p` reproduces it.
 */
export function eachPath(
  model: Model, seed: string, start: number, end: number,
  visit: (p: number, run: PathRun, slot: number) => void,
  onDay?: (t: number, slot: number, closes: DayCloses) => void,
): void {
  // The path whose turn it is: a run that stops (NonFiniteError) is named in its message ("of path p").
  let p = start;
  try {
    eachPathIn(model, seed, start, end, visit, onDay, (q) => (p = q));
  } catch (e) {
    if (e instanceof NonFiniteError) e.onPath(p);
    throw e;
  }
}

/** eachPath's loop; `turn(p)` before path p is read (a failed path throws there). */
function eachPathIn(
  model: Model, seed: string, start: number, end: number,
  visit: (p: number, run: PathRun, slot: number) => void,
  onDay: ((t: number, slot: number, closes: DayCloses) => void) | undefined,
  turn: (p: number) => void,
): void {
  const closes = onDay ? dayCloses(model) : null;
  let ls: EngineLockstep | null = null;
  for (let g = start; g < end; g += LOCKSTEP_GROUP) {
    const e = Math.min(end, g + LOCKSTEP_GROUP);
    ls = createEngineLockstep(model, seed, g, e - g, ls); // one kernel instance, reused
    if (ls) {
      while (!ls.done) {
        const t = ls.t;
        ls.step();
        if (!onDay || !closes) continue;
        for (let p = g; p < e; p++) {
          if (ls.failed(p)) continue;
          ls.readCloses(p, closes);
          onDay(t, p - g, closes);
        }
      }
      for (let p = g; p < e; p++) {
        turn(p);
        visit(p, ls.path(p), p - g);
      }
    } else {
      for (let p = g; p < e; p++) {
        turn(p);
        const run = new PathRun(model, seed, p, { record: 'summary' });
        while (run.t < model.days) {
          run.step();
          if (!onDay || !closes) continue;
          run.readCloses(closes);
          onDay(run.t - 1, 0, closes);
        }
        visit(p, run, 0);
      }
    }
  }
}

/** A path's end-of-run figures into the state (the counterfactual's error, if any, is thrown here, in path order); `slot`: its addDay slot. */
function addRun(model: Model, p: number, run: PathRun, state: EnsembleState, cfs: MarketsLockstepLike | null, splitDays: Int32Array, slot: number): void {
  const cf = cfs ? cfs.path(p) : null;
  for (let i = 0; i < splitDays.length; i++) splitDays[i] = run.milestones[i].reverseSplitDay;
  state.addPath(summarizePath(model, run, cf), splitDays, slot);
}
