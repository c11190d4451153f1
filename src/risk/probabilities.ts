/**
 * The odds that each trigger fires within 90 days, a year and the horizon,
 * over a Monte Carlo of the scenario. Path i is alea("<seed>:<i>"), the same
 * path as `dat-sim mc`'s path i, so the answer is the same whatever drives it.
 * A path counts a trigger on the first day the engine shows it (the trigger's
 * `observe`: an event of the day such as `marginCall`, or the day's close such
 * as the stock price) — the simulated company, not the solved price, decides.
 * The paths run with the `events` record (every event, no daily series: about
 * twice as fast as the full record), the closes read from the state (`readClose`,
 * equal to the full record's series: test/risk-odds.test.ts). 95% Wilson intervals (src/batch/stats.ts). The same paths give
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
 * The horizon is the scenario's (ctx.model.days); windows longer than it are clipped to it.
 */
export function triggerOdds(ctx: RiskContext, instances: TriggerInstance[][], paths: number, seed: string = ctx.scenario.seed): TriggerOdds[][] {
  return riskOdds(ctx, instances, paths, seed).triggers;
}

/** The odds of each trigger and of each listing step, from the same paths (one Monte Carlo); `onProgress` after each path. */
export function riskOdds(ctx: RiskContext, instances: TriggerInstance[][], paths: number, seed: string = ctx.scenario.seed, onProgress?: (done: number, total: number) => void): OddsResult {
  const model = ctx.model;
  const steps = instances.map((_, i) => listingSteps(ctx, i));
  const listingFirst: number[][][] = steps.map((list) => list.map(() => []));
  const first: number[][][] = instances.map((list) => list.map(() => []));
  const index = new Map(model.companies.map((c, i) => [c.params.ticker, i]));
  // Per company, the triggers seen in the day's close and those seen in its events (indices into instances[i]).
  const byClose = instances.map((list) => list.flatMap((tr, k) => (tr.observe.close ? [k] : [])));
  const byEvent = instances.map((list) => list.flatMap((tr, k) => (tr.observe.event ? [k] : [])));
  const today: SimEvent[][] = instances.map(() => []);
  const close: CloseFigures = { stockPrice: 0, mnav: 0, bookNavPerShare: 0 };
  const closes = dayCloses(model);
  const nCo = instances.length;
  for (let p = 0; p < paths; p++) {
    const run = new PathRun(model, seed, p, { record: 'events' });
    const day = instances.map((list) => list.map(() => -1));
    const lday = steps.map((list) => list.map(() => -1));
    // What is still to be seen, per company: a company's close is read, its events matched, only while something is.
    const openClose = byClose.map((ks) => ks.length), openEvent = byEvent.map((ks) => ks.length), openListing = steps.map((list) => list.length);
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
      run.readCloses(closes);
      for (let i = 0; i < nCo; i++) {
        const di = day[i], list = instances[i];
        if (openClose[i] > 0) {
          readClose(run, closes, i, close);
          const ks = byClose[i];
          for (let j = 0; j < ks.length; j++) {
            const k = ks[j];
            if (di[k] < 0 && list[k].observe.close!(close)) { di[k] = t; openClose[i]--; }
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
    day.forEach((list, i) => list.forEach((d, k) => first[i][k].push(d)));
    lday.forEach((list, i) => list.forEach((d, k) => listingFirst[i][k].push(d)));
    onProgress?.(p + 1, paths);
  }
  const horizon = model.days;
  const dates = model.calendar.dates;
  const summarize = (days: number[]): TriggerOdds => {
    const within = (w: number) => days.filter((d) => d >= 0 && d < Math.min(w, horizon)).length;
    const fired = days.filter((d) => d >= 0).sort((a, b) => a - b);
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
    triggers: first.map((list) => list.map(summarize)),
    listing: listingFirst.map((list, i) => list.map((days, k) => ({ step: steps[i][k], ...summarize(days) }))),
  };
}
