/**
 * The odds that each trigger fires within 90 days, a year and the horizon,
 * over a Monte Carlo of the scenario. Path i is alea("<seed>:<i>"), the same
 * path as `dat-sim mc`'s path i, so the answer is the same whatever drives it.
 * A path counts a trigger on the first day the engine shows it (the trigger's
 * `observe`: an event of the day such as `marginCall`, or the day's close such
 * as the stock price) — the simulated company, not the solved price, decides.
 * The paths run with the `events` record (every event, no daily series; faster
 * than the full record: `npm run bench` (e)), the closes read from the state
 * (`readClose`, equal to the full record's series: test/risk-odds.test.ts), each
 * day's events matched once and then dropped. Paths can run by slices in several
 * workers (`riskFirstDays`, `mergeFirstDays`: the app's risk workers, `dat-sim
 * risk --workers`). 95% Wilson intervals (src/batch/stats.ts). The same paths give
 * each company's listing outlook: the odds and median date of the notice, the
 * determination, a hearing stay and the delisting (suspension).
 */
import { PathRun, dayCloses, mnav, type DayCloses, type SimEvent } from '../../sim/index.ts';
import { wilson } from '../batch/stats.ts';
import { LISTING_LOST_KINDS } from '../summary.ts';
import type { CloseFigures, TriggerInstance } from './triggers.ts';
import type { RiskContext } from './valuation.ts';

export interface Odds {
  /** Paths on which it fired within the window. */
  count: number;
  paths: number;
  p: number;
  /** 95% Wilson interval. */
  lo: number;
  hi: number;
}

export interface TriggerOdds {
  within90Days: Odds;
  within1Year: Odds;
  withinHorizon: Odds;
  /** Median first day among the paths where it fired within the horizon (null: never). */
  medianFirstDay: number | null;
  /** Its calendar date (ISO; null: never). */
  medianFirstDate: string | null;
}

/**
 * The listing procedure's steps as the engine logs them (sim/events.ts, sim/listing.ts): `notice` (the
 * deficiency letter), `determination` (delisting determination), `hearingStay` (a determination whose
 * suspension a hearing request stays: the `determination` event with hearingStay = true; only for rule
 * sets with a hearing procedure), `delisting` (the `delisted` event: suspension, trading moves OTC) and
 * `listingLost` (delisted or frozen insolvent, whichever first: `mc`'s event of that name, src/summary.ts).
 */
export const LISTING_STEPS = ['notice', 'determination', 'hearingStay', 'delisting', 'listingLost'] as const;
export type ListingStep = (typeof LISTING_STEPS)[number];

export interface ListingOdds extends TriggerOdds {
  step: ListingStep;
}

const LISTING_MATCH: Record<ListingStep, (e: SimEvent) => boolean> = {
  notice: (e) => e.kind === 'notice',
  determination: (e) => e.kind === 'determination',
  hearingStay: (e) => e.kind === 'determination' && e.hearingStay === true,
  delisting: (e) => e.kind === 'delisted',
  listingLost: (e) => LISTING_LOST_KINDS.includes(e.kind),
};

/** The event kinds any listing step matches (a day without one leaves the steps as they are). */
const LISTING_KINDS: ReadonlySet<string> = new Set(['notice', 'determination', 'delisted', ...LISTING_LOST_KINDS]);

/** The listing steps that exist for company i: hearingStay only where its rule set has a hearing procedure. */
export function listingSteps(ctx: RiskContext, i: number): ListingStep[] {
  const rules = ctx.model.companies[i].rules;
  return LISTING_STEPS.filter((s) => s !== 'hearingStay' || (rules.hearingRequestDays ?? 0) > 0);
}

export interface OddsResult {
  /** Per company, per trigger instance. */
  triggers: TriggerOdds[][];
  /** Per company, per listing step that exists for it (listingSteps). */
  listing: ListingOdds[][];
}

export const WINDOWS_DAYS = [90, 365] as const;

/**
 * Company i's figures at the close of the day `run` last stepped, into `out`: the full record's
 * series values for that day. `closes`: that day's `run.readCloses`.
 */
export function readClose(run: PathRun, closes: DayCloses, i: number, out: CloseFigures): CloseFigures {
  out.stockPrice = closes.stockPrice[i];
  out.mnav = mnav(closes.stockPrice[i], closes.shares[i], closes.coins[i], closes.coinClose[run.model.companies[i].market]);
  out.bookNavPerShare = run.bookNavPerShare(i);
  return out;
}

function odds(count: number, paths: number): Odds {
  const [lo, hi] = wilson(count, paths);
  return { count, paths, p: paths > 0 ? count / paths : 0, lo, hi };
}

/**
 * First day each trigger fires on paths 0..paths-1, then the odds. `instances[i]` are company i's triggers.
 * The horizon is the model's (ctx.model.days: the scenario's, or the risk map's `days`); windows longer than it are clipped to it.
 */
export function triggerOdds(ctx: RiskContext, instances: TriggerInstance[][], paths: number, seed: string = ctx.scenario.seed): TriggerOdds[][] {
  return riskOdds(ctx, instances, paths, seed).triggers;
}

/** The odds of each trigger and of each listing step, from the same paths (one Monte Carlo); `onProgress` after each path. */
export function riskOdds(ctx: RiskContext, instances: TriggerInstance[][], paths: number, seed: string = ctx.scenario.seed, onProgress?: (done: number, total: number) => void): OddsResult {
  return oddsFromFirstDays(ctx, instances, riskFirstDays(ctx, instances, seed, 0, paths, onProgress));
}

/**
 * Per path of start..end-1, the first day (-1: never) each trigger and each listing step shows: the
 * Monte Carlo behind the odds, by slices of paths (path p is the same whoever runs it, so slices run
 * in several workers and merged in path order, `mergeFirstDays`, give riskOdds's numbers).
 */
export interface FirstDays {
  start: number;
  end: number;
  /** [company][trigger instance][path - start]. */
  triggers: Int32Array[][];
  /** [company][listing step (listingSteps)][path - start]. */
  listing: Int32Array[][];
}

/** The first days of paths start..end-1 (see FirstDays); `onProgress(done, end - start)` after each path. */
export function riskFirstDays(ctx: RiskContext, instances: TriggerInstance[][], seed: string, start: number, end: number, onProgress?: (done: number, total: number) => void): FirstDays {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start) throw new RangeError(`expected whole path indices 0 <= start <= end, got ${start}..${end}`);
  const model = ctx.model;
  const n = end - start;
  const steps = instances.map((_, i) => listingSteps(ctx, i));
  const listingFirst = steps.map((list) => list.map(() => new Int32Array(n)));
  const first = instances.map((list) => list.map(() => new Int32Array(n)));
  const index = new Map(model.companies.map((c, i) => [c.params.ticker, i]));
  // Per company, the triggers seen in the day's close and those seen in its events (indices into instances[i]).
  const byClose = instances.map((list) => list.flatMap((tr, k) => (tr.observe.close ? [k] : [])));
  const byEvent = instances.map((list) => list.flatMap((tr, k) => (tr.observe.event ? [k] : [])));
  const today: SimEvent[][] = instances.map(() => []);
  const close: CloseFigures = { stockPrice: 0, mnav: 0, bookNavPerShare: 0 };
  const closes = dayCloses(model);
  const nCo = instances.length;
  for (let p = start; p < end; p++) {
    const run = new PathRun(model, seed, p, { record: 'events' });
    const day = instances.map((list) => list.map(() => -1));
    const lday = steps.map((list) => list.map(() => -1));
    // What is still to be seen, per company: a company's close is read, its events matched, only while something is.
    const openClose = byClose.map((ks) => ks.length), openEvent = byEvent.map((ks) => ks.length), openListing = steps.map((list) => list.length);
    let closesOpen = openClose.reduce((a, b) => a + b, 0);
    while (!run.done) {
      run.step();
      const t = run.t - 1;
      const ev = run.events;
      for (let i = 0; i < nCo; i++) today[i].length = 0;
      for (let j = 0; j < ev.length; j++) {
        const i = index.get(ev[j].company);
        if (i !== undefined) today[i].push(ev[j]);
      }
      // Read once: dropped at once, so they never outlive a young-generation collection.
      ev.length = 0;
      if (closesOpen > 0) run.readCloses(closes);
      for (let i = 0; i < nCo; i++) {
        const di = day[i], list = instances[i];
        if (openClose[i] > 0) {
          readClose(run, closes, i, close);
          const ks = byClose[i];
          for (let j = 0; j < ks.length; j++) {
            const k = ks[j];
            if (di[k] < 0 && list[k].observe.close!(close)) { di[k] = t; openClose[i]--; closesOpen--; }
          }
        }
        const events = today[i];
        if (!events.length) continue;
        if (openEvent[i] > 0) {
          const ks = byEvent[i];
          for (let j = 0; j < ks.length; j++) {
            const k = ks[j];
            if (di[k] >= 0) continue;
            const match = list[k].observe.event!;
            for (let x = 0; x < events.length; x++) if (match(events[x], events)) { di[k] = t; openEvent[i]--; break; }
          }
        }
        if (openListing[i] > 0) {
          const li = lday[i], st = steps[i];
          for (let x = 0; x < events.length; x++) {
            if (!LISTING_KINDS.has(events[x].kind)) continue;
            for (let k = 0; k < li.length; k++) if (li[k] < 0 && LISTING_MATCH[st[k]](events[x])) { li[k] = t; openListing[i]--; }
          }
        }
      }
    }
    day.forEach((list, i) => list.forEach((d, k) => (first[i][k][p - start] = d)));
    lday.forEach((list, i) => list.forEach((d, k) => (listingFirst[i][k][p - start] = d)));
    onProgress?.(p - start + 1, n);
  }
  return { start, end, triggers: first, listing: listingFirst };
}

/** Slices of first days (any order) as one, paths in order; they must cover a range without gap or overlap. */
export function mergeFirstDays(parts: readonly FirstDays[]): FirstDays {
  if (!parts.length) throw new RangeError('mergeFirstDays: no slices');
  const sorted = [...parts].sort((a, b) => a.start - b.start);
  for (let j = 1; j < sorted.length; j++) {
    if (sorted[j].start !== sorted[j - 1].end) throw new RangeError(`mergeFirstDays: slices ${sorted[j - 1].start}..${sorted[j - 1].end} and ${sorted[j].start}..${sorted[j].end} leave a gap or overlap`);
  }
  const cat = (arrays: Int32Array[]) => {
    const out = new Int32Array(arrays.reduce((a, x) => a + x.length, 0));
    let o = 0;
    for (const x of arrays) { out.set(x, o); o += x.length; }
    return out;
  };
  const first = sorted[0];
  return {
    start: first.start, end: sorted[sorted.length - 1].end,
    triggers: first.triggers.map((list, i) => list.map((_, k) => cat(sorted.map((s) => s.triggers[i][k])))),
    listing: first.listing.map((list, i) => list.map((_, k) => cat(sorted.map((s) => s.listing[i][k])))),
  };
}

/** The odds from the first days of paths 0..end-1 (FirstDays from path 0) of the scenario of `ctx` and `instances`. */
export function oddsFromFirstDays(ctx: RiskContext, instances: TriggerInstance[][], days: FirstDays): OddsResult {
  if (days.start !== 0) throw new RangeError(`oddsFromFirstDays: the paths must start at 0, got ${days.start}`);
  const shape = (a: Int32Array[][], b: readonly unknown[][]) => a.length === b.length && a.every((x, i) => x.length === b[i].length);
  if (!shape(days.triggers, instances) || !shape(days.listing, instances.map((_, i) => listingSteps(ctx, i))))
    throw new RangeError('oddsFromFirstDays: the first days are of another scenario (companies, triggers or listing steps differ)');
  const paths = days.end;
  const steps = days.listing.map((_, i) => listingSteps(ctx, i));
  const horizon = ctx.model.days;
  const dates = ctx.model.calendar.dates;
  const summarize = (list: Int32Array): TriggerOdds => {
    const within = (w: number) => list.filter((d) => d >= 0 && d < Math.min(w, horizon)).length;
    const fired = list.filter((d) => d >= 0).sort();
    const median = fired.length ? fired[Math.floor((fired.length - 1) / 2)] : null;
    return {
      within90Days: odds(within(WINDOWS_DAYS[0]), paths),
      within1Year: odds(within(WINDOWS_DAYS[1]), paths),
      withinHorizon: odds(fired.length, paths),
      medianFirstDay: median,
      medianFirstDate: median === null ? null : dates[median],
    };
  };
  return {
    triggers: days.triggers.map((list) => list.map(summarize)),
    listing: days.listing.map((list, i) => list.map((d, k) => ({ step: steps[i][k], ...summarize(d) }))),
  };
}
