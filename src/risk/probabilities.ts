/**
 * The odds that each trigger fires within 90 days, a year and the horizon,
 * over a Monte Carlo of the scenario. Path i is alea("<seed>:<i>"), the same
 * path as `dat-sim mc`'s path i, so the answer is the same whatever drives it.
 * A path counts a trigger on the first day the engine shows it (the trigger's
 * `observe`: an event of the day such as `marginCall`, or the day's recorded
 * series such as the stock close) — the simulated company, not the solved
 * price, decides. 95% Wilson intervals (src/batch/stats.ts).
 */
import { PathRun } from '../../sim/engine.ts';
import type { SimEvent } from '../../sim/events.ts';
import { wilson } from '../batch/stats.ts';
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
  const model = ctx.model;
  const first: number[][][] = instances.map((list) => list.map(() => []));
  for (let p = 0; p < paths; p++) {
    const run = new PathRun(model, seed, p, { record: 'full' });
    const day = instances.map((list) => list.map(() => -1));
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
      }
    }
    day.forEach((list, i) => list.forEach((d, k) => first[i][k].push(d)));
  }
  const horizon = model.days;
  return first.map((list) => list.map((days) => {
    const within = (w: number) => days.filter((d) => d >= 0 && d < Math.min(w, horizon)).length;
    const fired = days.filter((d) => d >= 0).sort((a, b) => a - b);
    return {
      within90Days: odds(within(WINDOWS_DAYS[0]), paths),
      within1Year: odds(within(WINDOWS_DAYS[1]), paths),
      withinHorizon: odds(fired.length, paths),
      medianFirstDay: fired.length ? fired[Math.floor((fired.length - 1) / 2)] : null,
    };
  }));
}
