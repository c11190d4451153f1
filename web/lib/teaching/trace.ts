/**
 * The teaching trace: one path stepped a day at a time with the engine's own
 * driver API (`PathRun.step()`), keeping what the teaching view needs for
 * every day:
 *
 * - each market's day figures (`PathRun.marketDay(k)`: pre-trade price,
 *   close, impact, flows by source, liquidations, drop, open interest);
 * - the loop gain of that day per coin (`measureLoopGain`, docs/model.md §9: a
 *   copy of the run kept at the start of the day, re-run 1% lower), under
 *   both impact laws;
 * - the event log, indexed by day;
 * - the same path as a `SimResultTyped` (series for the charts, with its
 *   counterfactual), which must agree with the stepped run to the bit.
 *
 * The whole horizon is computed up front (a 365-day path with its loop gains
 * takes a few tens of ms), so the scrubber can jump to any day and play
 * backwards. Pure: no DOM.
 */
import { PathRun, prepareModel, type MarketDay, type Model, type RuleCompiler } from '../../../sim/index.ts';
import type { SimEvent } from '../../../sim/index.ts';
import { measureLoopGain, type LoopGain } from '../../../sim/index.ts';
import type { ResolvedScenario } from '../../../sim/index.ts';
import { typedResultFromRuns, type SimResultTyped } from '../../../src/simulate.ts';

/** Size of the loop-gain shock: every coin 1% lower (docs/model.md §11). */
export const LOOP_GAIN_SHOCK = 0.01;

export interface TraceOptions {
  seed: string;
  /** Horizon override (days). */
  days?: number;
  deterministic?: boolean;
  compileRule?: RuleCompiler;
  /** false: the companies do not trade (the counterfactual as the run itself). */
  companyTrading?: boolean;
}

/** One market on one day: the engine's figures plus the two things a reader needs beside them. */
export interface TraceMarketDay extends MarketDay {
  coin: string;
  /** Close of the day before (day -1: the scenario's price0). */
  prevClose: number;
  /** The stochastic ETF flow's chase term today: chase * aumUsd * (yesterday's log return), USD of inflow. */
  etfChaseUsd: number;
  /** Yesterday's close-to-close log return (what the ETF chase reads). */
  prevReturn: number;
}

export interface TeachingTrace {
  model: Model;
  seed: string;
  days: number;
  dates: string[];
  /** 1 on stock-market business days. */
  business: Uint8Array;
  /** [day][market] */
  market: TraceMarketDay[][];
  /** [day][market]: the loop gain of that day (docs/model.md §9). */
  gain: LoopGain[][];
  /** The event log of the path. */
  events: SimEvent[];
  /** Indices into `events`, per day. */
  eventsByDay: number[][];
  /** The same path as series (and its counterfactual), for the charts: equal to `runPrepared`'s. */
  result: SimResultTyped;
  /** Whether the companies trade in this trace. */
  companyTrading: boolean;
  /** Wall time of the trace (ms), for the status line. */
  elapsedMs: number;
}

export function prepareTeachingModel(resolved: ResolvedScenario, o: TraceOptions): Model {
  return prepareModel(resolved, { days: o.days, deterministic: o.deterministic, compileRule: o.compileRule });
}

/** Steps one path day by day, measuring the loop gain of every day. */
export function traceRun(model: Model, seed: string, companyTrading = true): TeachingTrace {
  const t0 = typeof performance !== 'undefined' ? performance.now() : Date.now();
  const run = new PathRun(model, seed, 0, { record: 'full', companyTrading });
  const before = new PathRun(model, seed, 0, { record: 'summary', companyTrading });
  const days = model.days;
  const nM = model.markets.length;
  const market: TraceMarketDay[][] = [];
  const gain: LoopGain[][] = [];
  const prevClose = model.markets.map((m) => m.params.price0);
  const prevReturn = new Array<number>(nM).fill(0);
  for (let t = 0; t < days; t++) {
    before.copyFrom(run);
    run.step();
    const row: TraceMarketDay[] = [];
    for (let k = 0; k < nM; k++) {
      const d = run.marketDay(k);
      const ef = model.markets[k].params.etfFlow;
      const chase = ef.aumUsd > 0 || model.markets[k].flowVolUsd > 0 ? ef.chase * ef.aumUsd * prevReturn[k] : 0;
      row.push({ ...d, coin: model.markets[k].params.coin, prevClose: prevClose[k], etfChaseUsd: chase, prevReturn: prevReturn[k] });
      prevReturn[k] = Math.log(d.close / prevClose[k]);
      prevClose[k] = d.close;
    }
    market.push(row);
    gain.push(measureLoopGain(model, before, run.dayDraws(), LOOP_GAIN_SHOCK));
  }
  const events = run.events.slice();
  const eventsByDay: number[][] = Array.from({ length: days }, () => []);
  events.forEach((e, i) => eventsByDay[e.day]?.push(i));
  const cf = companyTrading ? new PathRun(model, seed, 0, { record: 'full', companyTrading: false }).run() : run;
  const result = resultOf(model, seed, run, cf);
  const t1 = typeof performance !== 'undefined' ? performance.now() : Date.now();
  return {
    model,
    seed,
    days,
    dates: model.calendar.dates.slice(),
    business: model.calendar.isBusinessDay.slice(),
    market,
    gain,
    events,
    eventsByDay,
    result,
    companyTrading,
    elapsedMs: t1 - t0,
  };
}

/** The run as `runPrepared` shapes it, from the stepped run itself. */
function resultOf(model: Model, seed: string, run: PathRun, cf: PathRun): SimResultTyped {
  return typedResultFromRuns(model, seed, 0, run, cf);
}

/** Resolve-to-trace in one call (tests, scripts). */
export function traceScenario(resolved: ResolvedScenario, o: TraceOptions): TeachingTrace {
  return traceRun(prepareTeachingModel(resolved, o), o.seed, o.companyTrading !== false);
}

/** Index of a company by ticker (-1 when absent). */
export function companyIndex(trace: TeachingTrace, ticker: string): number {
  return trace.model.companies.findIndex((c) => c.params.ticker === ticker);
}

/** Index of a market by coin (-1 when absent). */
export function marketIndex(trace: TeachingTrace, coin: string): number {
  return trace.model.markets.findIndex((m) => m.params.coin === coin);
}

/** The events of one day, optionally of one company, with their indices in the log. */
export function dayEvents(trace: TeachingTrace, day: number, company?: string): { index: number; event: SimEvent }[] {
  const ids = trace.eventsByDay[day] ?? [];
  const out: { index: number; event: SimEvent }[] = [];
  for (const i of ids) {
    const e = trace.events[i];
    if (company === undefined || e.company === company) out.push({ index: i, event: e });
  }
  return out;
}

/** The next stock-market business day after `day` inside the horizon, or -1. */
export function nextBusinessDay(trace: TeachingTrace, day: number): number {
  for (let t = day + 1; t < trace.days; t++) if (trace.business[t]) return t;
  return -1;
}

/** The previous business day before `day`, or -1 (day -1 is the scenario's start state). */
export function prevBusinessDay(trace: TeachingTrace, day: number): number {
  for (let t = day - 1; t >= 0; t--) if (trace.business[t]) return t;
  return -1;
}

/** First event matching a predicate, or null. */
export function firstEvent(trace: TeachingTrace, pred: (e: SimEvent) => boolean, fromDay = 0): SimEvent | null {
  for (const e of trace.events) if (e.day >= fromDay && pred(e)) return e;
  return null;
}

/** A company's equity NAV per share at the close before `day` (day -1: from the starting premium, E0/N0 = S0/exp(pi0)). */
export function navBefore(trace: TeachingTrace, i: number, day: number): number {
  const pc = trace.model.companies[i];
  if (day > 0) return trace.result.companies[pc.params.ticker].navPerShare[day - 1];
  return pc.params.stockPrice0 / Math.exp(pc.pi0);
}
