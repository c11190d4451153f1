/**
 * Light helpers of the Analysis page (no engine, no mathjs: safe for the
 * page's lazy chunk): the metric choices of a scenario, a stress cell's
 * verdict and the grid inputs' parser.
 */
import type { ResolvedScenario } from '../../sim/index.ts';
import { METRICS } from '../../src/analysis/metrics.ts';
import type { StressCell, StressGridCell } from '../../src/analysis/stress.ts';

export interface MetricChoice {
  /** `<metric>:<COIN|TICKER>`, as `dat-sim sensitivity --metric` takes it. */
  id: string;
  name: string;
  subject: string;
  unit: string;
  description: string;
}

/** Every metric for every coin (market) and ticker of the scenario, in METRICS order. */
export function metricChoices(s: Pick<ResolvedScenario, 'markets' | 'companies'>): MetricChoice[] {
  const out: MetricChoice[] = [];
  for (const m of METRICS) {
    const subjects = m.subject === 'coin' ? s.markets.map((x) => x.coin) : s.companies.map((c) => c.ticker);
    for (const subject of subjects) out.push({ id: `${m.name}:${subject}`, name: m.name, subject, unit: m.unit, description: m.description });
  }
  return out;
}

/** A run that stopped (no figures) first, then the worst outcome: insolvent > delisted > notice (any state but compliant) > covenant breach > compliant. */
export type Verdict = 'stopped' | 'insolvent' | 'delisted' | 'notice' | 'covenant' | 'ok';

type VerdictFields = Pick<StressCell, 'insolvent' | 'listingState' | 'noticeDay' | 'delistedDay' | 'covenantBreach'>;

export function cellVerdict(c: VerdictFields | Extract<StressGridCell, { failure: string }>): Verdict {
  if ('failure' in c) return 'stopped';
  if (c.insolvent) return 'insolvent';
  if (c.delistedDay !== null || /delist/i.test(c.listingState)) return 'delisted';
  if (c.noticeDay !== null || c.listingState !== 'compliant') return 'notice';
  if (c.covenantBreach) return 'covenant';
  return 'ok';
}

/**
 * "10, 30%, 0.5" -> numbers. With `percent`, values above 1 or written with
 * "%" are percentages (30 -> 0.3). Returns an error message instead when a
 * token is not a number.
 */
export function parseNumberList(text: string, percent = false): number[] | string {
  const toks = text.split(/[\s,;]+/).filter(Boolean);
  if (!toks.length) return 'give at least one value';
  const out: number[] = [];
  for (const t of toks) {
    const isPct = t.endsWith('%');
    const v = Number(isPct ? t.slice(0, -1) : t);
    if (!Number.isFinite(v)) return `"${t}" is not a number`;
    out.push(percent && (isPct || v > 1) ? v / 100 : v);
  }
  return out;
}

/**
 * Paths per variation the tornado opens with: the base and the 28 variations
 * of 14 ranges each run this many paths (2,900 paths for FGNX's year, a few
 * seconds in the worker), enough for a standard error of a few percent of
 * the mean stock price.
 */
export const DEFAULT_TORNADO_PATHS = 100;

/**
 * The metric the tornado opens on: the focus company's mean stock price at
 * the horizon (every path has one and it moves with every premium, impact and
 * volatility parameter, so the chart has spread on any scenario with noise);
 * the first coin's mean price when the scenario has no company. Event shares
 * such as pDelisting are 0 on most paths of a one-year run (FGNX: 0 of 20).
 */
export function defaultMetric(s: Pick<ResolvedScenario, 'markets' | 'companies'>, ticker: string | null): string {
  const t = s.companies.find((c) => c.ticker === ticker)?.ticker ?? s.companies[0]?.ticker;
  if (t) return `terminalStockPrice:${t}`;
  return s.markets[0] ? `terminalPrice:${s.markets[0].coin}` : '';
}

/** The fields of a tornado result that say whether it has spread (src/analysis/sensitivity.ts TornadoResult). */
export interface TornadoLike {
  metric: string;
  paths: number;
  days: number;
  base: number;
  rows: readonly { metricLow: number; metricHigh: number }[];
}

const word = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * When every variation gives the same value (all 0% delistings, say), a
 * plain statement of that and why, with what to try; null when the tornado
 * has spread. Values within 1e-12 (relative) of the base count as equal.
 */
export function flatTornadoExplanation(r: TornadoLike): string | null {
  const values = [r.base, ...r.rows.flatMap((x) => [x.metricLow, x.metricHigh])];
  const finite = values.filter(Number.isFinite);
  const [name, subject = ''] = r.metric.split(':');
  const where = `in ${word(r.paths, 'path')} of ${word(r.days, 'day')}, at the base or at either end of any of the ${r.rows.length} ranges`;
  if (!finite.length) return `${r.metric} is undefined on every path ${where} (for example mNAV once no coins are held), so there is nothing to compare.`;
  const v = finite[0];
  const tol = 1e-12 * Math.max(1, Math.abs(v));
  if (finite.some((x) => Math.abs(x - v) > tol)) return null;
  const same = 'so no parameter moves it';
  const longer = 'try a longer horizon (Days), more paths';
  if (name === 'pDelisting' && v === 0)
    return `No path reached a delisting (or froze insolvent) ${where}: the share is 0% everywhere, ${same}. A delisting takes a notice, about six months of grace and a failed cure; ${longer}, or a stock that starts nearer its minimum price. pNotice:${subject} or terminalStockPrice:${subject} show spread sooner.`;
  if (name === 'pNotice' && v === 0)
    return `No path got a listing deficiency notice ${where}: the share is 0% everywhere, ${same}. A notice needs the stock to close below the venue's minimum for 30 business days in a row; ${longer}, or a stock that starts nearer its minimum price.`;
  if (name === 'pInsolvent' && v === 0)
    return `No path became insolvent ${where}: the share is 0% everywhere, ${same}. Insolvency needs debt coming due that the company cannot pay; ${longer}, or a scenario with more debt.`;
  if (name.startsWith('p') && v === 1) return `Every path ${name === 'pNotice' ? 'got a notice' : name === 'pInsolvent' ? 'became insolvent' : 'was delisted'} ${where}: the share is 100% everywhere, ${same}. Try a shorter horizon (Days).`;
  if ((name === 'coinsSold' || name === 'coinsSoldUsd') && v === 0)
    return `${subject} sold no coins ${where}: its policies never sold within the horizon, ${same}. ${longer[0].toUpperCase()}${longer.slice(1)}, or a lower coin price.`;
  if (name === 'forcedCoinsSold' && v === 0)
    return `${subject} was never forced to sell ${where}: no funding gap, covenant, lender or amendment sale within the horizon, ${same}. ${longer[0].toUpperCase()}${longer.slice(1)}, a lower coin price, or a scenario with more debt.`;
  if (name === 'liquidations' && v === 0) return `No long ${subject} position was liquidated ${where}, ${same}. ${longer[0].toUpperCase()}${longer.slice(1)}.`;
  if (name === 'selfInflictedDrawdown' && v === 0) return `The treasuries' trading left ${subject}'s price at the horizon unchanged ${where} (no company traded the coin), ${same}.`;
  return `${r.metric} is the same (${Number(v.toPrecision(4))}) ${where}, ${same} over this horizon and these paths.`;
}
