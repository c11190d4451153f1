/**
 * The figures of one day for one company, computed once: the diagram
 * (story.ts), the day's chain, the lesson steps (LessonContext.fig) and the
 * tests all read this object, so a step never quotes two numbers for one
 * thing (issue 14: "stock -8.3%" in the diagram while the stock rose; an
 * ether fall given as -8.8% and -9.2%).
 *
 * Conventions (every change is a simple change, never a log return):
 * - coin.day      close / previous close - 1 (the close-to-close move; the
 *                 liquidation "drop" is this move, shown the same way);
 * - coin.overnight pre-trade price / previous close - 1 (what the stock
 *                 priced this morning);
 * - coin.intraday close / pre-trade price - 1 (today's trading, which the
 *                 stock only hears of on the next business day);
 * - nav.change    NAV per share at today's close against the previous
 *                 close (split-adjusted);
 * - stock.change  today's stock close against the last business day's
 *                 close (split-adjusted; NaN on a day without trading);
 * - stock.next    the next business day's close against today's stock
 *                 (or the last one before today when the market is shut).
 *
 * A window (from, to) compares the same series over several days
 * (windowFigures): the stock's change is NAV per share's change times the
 * change of the stock's ratio to NAV per share (its premium), exactly:
 *   (1 + stock) = (1 + nav) * (ratioTo / ratioFrom).
 * Pure.
 */
import { linearImpact, sqrtImpact } from '../../../sim/index.ts';
import { finiteOrNull } from '../../../sim/index.ts';
import type { SimEvent } from '../../../sim/index.ts';
import { chg, keyed, num, price, ratio, usd, type Segment } from './segments.ts';
import { dayEvents, navBefore, nextBusinessDay, prevBusinessDay, type TeachingTrace } from './trace.ts';

export interface DayFigures {
  day: number;
  ticker: string;
  coin: string;
  business: boolean;
  /** Last business day before `day` (-1: the starting state). */
  prevBiz: number;
  /** Next business day after `day` (-1: past the horizon). */
  nextBiz: number;
  coinPrevClose: number;
  coinPreTrade: number;
  coinClose: number;
  coinDay: number;
  coinOvernight: number;
  coinIntraday: number;
  /** Move of the day's net flows (impact law), simple. */
  impactMove: number;
  navBefore: number;
  nav: number;
  navChange: number;
  stockBefore: number;
  stock: number;
  stockChange: number;
  /** Market cap over coin value (null: no coins). */
  mnav: number | null;
  /** Stock over NAV per share (the premium; below one a discount). */
  premiumRatio: number;
  stockNext: number;
  stockNextChange: number;
  mnavNext: number | null;
  /** The coin from today's close to the next business day's pre-trade price (what the stock hears next). */
  coinToNext: number;
  /** The focus company's coin sales today. */
  soldCoins: number;
  soldUsd: number;
  soldReasons: string[];
  /** The focus company's net coin flow today (USD at the pre-trade price, sales positive). */
  focusFlowUsd: number;
  /** Its sale's move on its own / on top of the day's other flows (simple changes). */
  aloneMove: number;
  focusMove: number;
}

/** Product of the reverse-split ratios of a company on days in (fromDay, toDay]. */
export function splitFactor(trace: TeachingTrace, ticker: string, fromDay: number, toDay: number): number {
  let f = 1;
  for (const e of trace.events) if (e.company === ticker && e.kind === 'reverseSplit' && e.day > fromDay && e.day <= toDay) f *= e.ratio as number;
  return f;
}

/** The impact (log) one trader's net flow `q` would have on its own, at today's depth. */
export function standaloneImpact(trace: TeachingTrace, k: number, day: number, q: number): number {
  const pm = trace.model.markets[k];
  const md = trace.market[day][k];
  return pm.isLinear ? linearImpact(q, pm.params.lambdaPerBillion) : sqrtImpact(q, pm.params.impactY, pm.impactSd, md.effectiveVolumeUsd);
}

/** The part of today's impact (log) that one trader's net flow `q` adds on top of everyone else's. */
export function incrementalImpact(trace: TeachingTrace, k: number, day: number, q: number): number {
  const pm = trace.model.markets[k];
  const md = trace.market[day][k];
  const I = (x: number) => (pm.isLinear ? linearImpact(x, pm.params.lambdaPerBillion) : sqrtImpact(x, pm.params.impactY, pm.impactSd, md.effectiveVolumeUsd));
  return I(md.totalFlowUsd) - I(md.totalFlowUsd - q);
}

function sales(evs: SimEvent[]): { coins: number; usd: number; reasons: string[]; bought: number } {
  let coins = 0, u = 0, bought = 0;
  const reasons: string[] = [];
  for (const e of evs) {
    if (e.kind === 'coinPurchase') bought += e.coins as number;
    if (e.kind !== 'coinSale') continue;
    coins += e.coins as number;
    u += e.usd as number;
    const r = String(e.reason);
    if (!reasons.includes(r)) reasons.push(r);
  }
  return { coins, usd: u, reasons, bought };
}

const cache = new WeakMap<TeachingTrace, Map<string, DayFigures>>();

/** The figures of `day` for `ticker` (memoized per trace). */
export function dayFigures(trace: TeachingTrace, day: number, ticker: string): DayFigures {
  let m = cache.get(trace);
  if (!m) cache.set(trace, (m = new Map()));
  const key = `${ticker}:${day}`;
  let f = m.get(key);
  if (!f) m.set(key, (f = computeDayFigures(trace, day, ticker)));
  return f;
}

function computeDayFigures(trace: TeachingTrace, day: number, ticker: string): DayFigures {
  const i = trace.model.companies.findIndex((c) => c.params.ticker === ticker);
  if (i < 0) throw new Error(`no company ${ticker}`);
  const pc = trace.model.companies[i];
  const k = pc.market;
  const md = trace.market[day][k];
  const cs = trace.result.companies[ticker];
  const business = trace.business[day] === 1;
  const prevBiz = prevBusinessDay(trace, day);
  const nextBiz = nextBusinessDay(trace, day);
  const evs = dayEvents(trace, day, ticker).map((x) => x.event);
  const s = sales(evs);
  const focusFlowUsd = (s.coins - s.bought) * md.preTradePrice;
  const nav0 = navBefore(trace, i, day), nav = cs.navPerShare[day];
  const stock0 = prevBiz >= 0 ? cs.stockPrice[prevBiz] : pc.params.stockPrice0;
  const stock = cs.stockPrice[day];
  const stockChange = business && stock0 > 0 ? stock / (stock0 * splitFactor(trace, ticker, prevBiz, day)) - 1 : NaN;
  // The stock the next business day is compared with: today's close, or the last close before a closed day.
  const refDay = business ? day : prevBiz;
  const ref = business ? stock : stock0;
  const stockNext = nextBiz >= 0 ? cs.stockPrice[nextBiz] : NaN;
  return {
    day,
    ticker,
    coin: pc.params.coin,
    business,
    prevBiz,
    nextBiz,
    coinPrevClose: md.prevClose,
    coinPreTrade: md.preTradePrice,
    coinClose: md.close,
    coinDay: md.close / md.prevClose - 1,
    coinOvernight: md.preTradePrice / md.prevClose - 1,
    coinIntraday: md.close / md.preTradePrice - 1,
    impactMove: Math.expm1(-md.impact),
    navBefore: nav0,
    nav,
    navChange: nav / (nav0 * splitFactor(trace, ticker, day - 1, day)) - 1,
    stockBefore: stock0,
    stock,
    stockChange,
    mnav: finiteOrNull(cs.mnav[day]),
    premiumRatio: nav > 0 ? stock / nav : NaN,
    stockNext,
    stockNextChange: nextBiz >= 0 && ref > 0 ? stockNext / (ref * splitFactor(trace, ticker, refDay, nextBiz)) - 1 : NaN,
    mnavNext: nextBiz >= 0 ? finiteOrNull(cs.mnav[nextBiz]) : null,
    coinToNext: nextBiz >= 0 ? trace.market[nextBiz][k].preTradePrice / md.close - 1 : NaN,
    soldCoins: s.coins,
    soldUsd: s.usd,
    soldReasons: s.reasons,
    focusFlowUsd,
    aloneMove: focusFlowUsd !== 0 ? Math.expm1(-standaloneImpact(trace, k, day, focusFlowUsd)) : 0,
    focusMove: focusFlowUsd !== 0 ? Math.expm1(-incrementalImpact(trace, k, day, focusFlowUsd)) : 0,
  };
}

export interface WindowFigures {
  from: number;
  to: number;
  ticker: string;
  coin: string;
  coinFrom: number;
  coinTo: number;
  coinChange: number;
  navFrom: number;
  navTo: number;
  /** Split-adjusted. */
  navChange: number;
  stockFrom: number;
  stockTo: number;
  /** Split-adjusted. */
  stockChange: number;
  /** Stock over NAV per share at both ends, and its change: the premium's compression (negative) or expansion. */
  ratioFrom: number;
  ratioTo: number;
  ratioChange: number;
  mnavFrom: number | null;
  mnavTo: number | null;
}

/** Closes of day `from` and day `to` (both business days for the stock figures to mean a trade). */
export function windowFigures(trace: TeachingTrace, ticker: string, from: number, to: number): WindowFigures {
  const cs = trace.result.companies[ticker];
  if (!cs) throw new Error(`no company ${ticker}`);
  const coin = cs.coin;
  const p = trace.result.markets[coin].price;
  const split = splitFactor(trace, ticker, from, to);
  const navChange = cs.navPerShare[to] / (cs.navPerShare[from] * split) - 1;
  const stockChange = cs.stockPrice[to] / (cs.stockPrice[from] * split) - 1;
  const ratioFrom = cs.stockPrice[from] / cs.navPerShare[from];
  const ratioTo = cs.stockPrice[to] / cs.navPerShare[to];
  return {
    from,
    to,
    ticker,
    coin,
    coinFrom: p[from],
    coinTo: p[to],
    coinChange: p[to] / p[from] - 1,
    navFrom: cs.navPerShare[from],
    navTo: cs.navPerShare[to],
    navChange,
    stockFrom: cs.stockPrice[from],
    stockTo: cs.stockPrice[to],
    stockChange,
    ratioFrom,
    ratioTo,
    ratioChange: ratioTo / ratioFrom - 1,
    mnavFrom: finiteOrNull(cs.mnav[from]),
    mnavTo: finiteOrNull(cs.mnav[to]),
  };
}

/** How each figure is written (one formatter per figure, so every place shows the same text). */
const FORMATS: Record<string, (v: number) => Segment> = {
  coinPrevClose: price, coinPreTrade: price, coinClose: price, navBefore: price, nav: price, stockBefore: price, stock: price, stockNext: price,
  coinDay: (v) => chg(v), coinOvernight: (v) => chg(v), coinIntraday: (v) => chg(v), impactMove: (v) => chg(v), navChange: (v) => chg(v), stockChange: (v) => chg(v),
  stockNextChange: (v) => chg(v), coinToNext: (v) => chg(v), aloneMove: (v) => chg(v), focusMove: (v) => chg(v),
  mnav: (v) => ratio(v), mnavNext: (v) => ratio(v), premiumRatio: (v) => ratio(v),
  soldCoins: (v) => num(v), soldUsd: (v) => usd(v), focusFlowUsd: (v) => usd(v),
  coinFrom: price, coinTo: price, navFrom: price, navTo: price, stockFrom: price, stockTo: price,
  coinChange: (v) => chg(v), ratioChange: (v) => chg(v), ratioFrom: (v) => ratio(v), ratioTo: (v) => ratio(v), mnavFrom: (v) => ratio(v), mnavTo: (v) => ratio(v),
};

type NumKeys<T> = { [K in keyof T]: T[K] extends number | null ? K : never }[keyof T];

/** A day figure as text, tagged "day:<key>". */
export function fig(F: DayFigures, key: NumKeys<DayFigures>): Segment {
  return keyed(`day:${key}`, FORMATS[key]((F[key] as number | null) ?? NaN));
}

/** A window figure as text, tagged "win:<from>:<to>:<key>". */
export function wfig(W: WindowFigures, key: NumKeys<WindowFigures>): Segment {
  return keyed(`win:${W.from}:${W.to}:${key}`, FORMATS[key]((W[key] as number | null) ?? NaN));
}

/** The formatter of a figure (tests). */
export function figFormat(key: string): ((v: number) => Segment) | undefined {
  return FORMATS[key];
}
