/**
 * The odds that each trigger fires within 90 days, a year and the horizon,
 * over a Monte Carlo of the scenario. Path i is alea("<seed>:<i>"), the same
 * path as `dat-sim mc`'s path i, so the answer is the same whatever drives it.
 * A path counts a trigger on the first day the engine shows it (the trigger's
 * `observe`: an event of the day such as `marginCall`, or the day's recorded
 * series such as the stock close) — the simulated company, not the solved
 * price, decides. 95% Wilson intervals (src/batch/stats.ts). The same paths give
 * each company's listing outlook: the odds and median date of the notice, the
 * determination, a hearing stay and the delisting (suspension).
 */
import { PathRun, type SimEvent } from '../../sim/index.ts';
import { wilson } from '../batch/stats.ts';
import { LISTING_LOST_KINDS } from '../summary.ts';
import type { TriggerInstance } from './triggers.ts';
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
  for (let p = 0; p < paths; p++) {
    const run = new PathRun(model, seed, p, { record: 'full' });
    const day = instances.map((list) => list.map(() => -1));
    const lday = steps.map((list) => list.map(() => -1));
    let seen = 0;
    const today: SimEvent[][] = instances.map(() => []);
    while (!run.done) {
      run.step();
      const t = run.t - 1;
      const ev = run.events;
      for (const list of today) list.length = 0;
      for (; seen < ev.length; seen++) {
        const i = model.companies.findIndex((c) => c.params.ticker === ev[seen].company);
        if (i >= 0) today[i].push(ev[seen]);
      }
      for (let i = 0; i < instances.length; i++) {
        const series = run.companySeries[i];
        instances[i].forEach((tr, k) => {
          if (day[i][k] >= 0) return;
          const o = tr.observe;
          if ((o.series && o.series(series, t)) || (o.event && today[i].some((e) => o.event!(e, today[i])))) day[i][k] = t;
        });
        steps[i].forEach((st, k) => {
          if (lday[i][k] < 0 && today[i].some(LISTING_MATCH[st])) lday[i][k] = t;
        });
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
