/** Ensemble summaries as CSV (long format) and as flat metric rows (sweeps). Pure. */
import { csvRow } from '../output/csv.ts';
import { COMPANY_METRICS, EVENTS, MARKET_METRICS, type Distribution, type EnsembleSummary } from './ensemble.ts';

const DIST_STATS = ['n', 'infinite', 'min', 'q01', 'q05', 'q25', 'q50', 'q75', 'q95', 'q99', 'max'] as const;
const DAY_STATS = ['min', 'q05', 'q25', 'q50', 'q75', 'q95', 'max', 'mean'] as const;

export const SUMMARY_CSV_HEADER = ['section', 'entity', 'metric', 'statistic', 'day', 'date', 'value', 'seed'] as const;

/** A row of the long summary table: section, entity, metric, statistic, day, date, value, seed. */
export type SummaryRow = [string, string, string, string, number | null, string | null, number | null, string];

/**
 * One row per figure: `company,FGNX,notice,probability,,,0.12,<seed>`,
 * `market,BTC,selfInflictedDrawdown,q50,,,0.004,<seed>`, `band,BTC,price,q05,12,2025-12-06,81234.5,<seed>`.
 * `value` is always a number (or empty), so CSV readers type it as one; the
 * seed, which may be text, has its own column. Long format pivots easily
 * (pandas pivot_table, R pivot_wider).
 */
export function* summaryRows(s: EnsembleSummary): Generator<SummaryRow> {
  const seed = s.seed;
  const row = (section: string, entity: string, metric: string, stat: string, value: number | null, day: number | null = null, date: string | null = null): SummaryRow => [section, entity, metric, stat, day, date, value, seed];
  yield row('run', s.scenario.id, 'paths', 'count', s.paths);
  yield row('run', s.scenario.id, 'days', 'count', s.days);
  for (const [ticker, c] of Object.entries(s.companies)) {
    for (const ev of EVENTS) {
      const p = c.events[ev];
      yield row('company', ticker, ev, 'count', p.count);
      yield row('company', ticker, ev, 'probability', p.probability);
      yield row('company', ticker, ev, 'ci95Low', p.ci95[0]);
      yield row('company', ticker, ev, 'ci95High', p.ci95[1]);
      for (const st of DAY_STATS) yield row('company', ticker, ev, `day.${st}`, p.day ? p.day[st] : null);
    }
    // The listing settings the notice/determination/delisting dates rest on (hearing path, cure length).
    // `value` stays numeric: flags are 1/0, a text setting is its name in the statistic with value 1
    // (`listing,exchange.nyse,1`).
    if (c.listing) {
      for (const [k, v] of Object.entries(c.listing) as [string, number | boolean | string | null][]) {
        if (v === null) continue; // a setting that does not apply to this rule set
        if (typeof v === 'number') yield row('company', ticker, 'listing', k, v);
        else if (typeof v === 'boolean') yield row('company', ticker, 'listing', k, v ? 1 : 0);
        else yield row('company', ticker, 'listing', `${k}.${v}`, 1);
      }
    }
    for (const m of COMPANY_METRICS) for (const st of DIST_STATS) yield row('company', ticker, m, st, c.terminal[m][st]);
  }
  for (const [coin, mk] of Object.entries(s.markets)) {
    for (const m of MARKET_METRICS) for (const st of DIST_STATS) yield row('market', coin, m, st, mk.terminal[m][st]);
  }
  if (s.bands) {
    const dates = s.bands.dates;
    const emit = function* (entity: string, metric: string, b: Record<string, (number | null)[]>) {
      for (const [q, arr] of Object.entries(b)) for (let t = 0; t < arr.length; t++) yield row('band', entity, metric, q, arr[t], t, dates[t]);
    };
    for (const [coin, b] of Object.entries(s.bands.markets)) yield* emit(coin, 'price', b.price);
    for (const [ticker, b] of Object.entries(s.bands.companies)) {
      yield* emit(ticker, 'stockPrice', b.stockPrice);
      yield* emit(ticker, 'mnav', b.mnav);
    }
  }
}

export function* summaryCsvLines(s: EnsembleSummary): Generator<string> {
  yield csvRow([...SUMMARY_CSV_HEADER]);
  for (const r of summaryRows(s)) yield csvRow(r);
}

export function summaryCsv(s: EnsembleSummary): string {
  let out = '';
  for (const line of summaryCsvLines(s)) out += line;
  return out;
}

const pick = (d: Distribution, ...stats: (keyof Distribution)[]): [string, number | null][] => stats.map((st) => [st, d[st]]);

/**
 * The outcome metrics of one sweep point, flat and in a fixed order:
 * per company `T.notice.p`, `.lo`, `.hi` (likewise delisting, insolvency, listingLost,
 * forcedSale), `T.notice.dayQ50`, quantiles of terminal stock, mNAV, coins
 * sold (all, and forced) and P&L; per market terminal price quantiles and the self-inflicted
 * drawdown's median and 95th percentile.
 */
export function sweepMetrics(s: EnsembleSummary): [string, number | null][] {
  const out: [string, number | null][] = [];
  for (const [t, c] of Object.entries(s.companies)) {
    for (const ev of ['notice', 'delisting', 'insolvency', 'listingLost', 'forcedSale'] as const) {
      const p = c.events[ev];
      out.push([`${t}.${ev}.p`, p.probability], [`${t}.${ev}.lo`, p.ci95[0]], [`${t}.${ev}.hi`, p.ci95[1]]);
    }
    out.push([`${t}.notice.dayQ50`, c.events.notice.day?.q50 ?? null]);
    for (const [st, v] of pick(c.terminal.stockPrice, 'q05', 'q50', 'q95')) out.push([`${t}.stockPrice.${st}`, v]);
    for (const [st, v] of pick(c.terminal.mnav, 'q05', 'q50', 'q95')) out.push([`${t}.mnav.${st}`, v]);
    for (const [st, v] of pick(c.terminal.coinsSold, 'q50', 'q95')) out.push([`${t}.coinsSold.${st}`, v]);
    for (const [st, v] of pick(c.terminal.forcedCoinsSold, 'q50', 'q95')) out.push([`${t}.forcedCoinsSold.${st}`, v]);
    for (const [st, v] of pick(c.terminal.realizedPnlUsd, 'q05', 'q50')) out.push([`${t}.realizedPnlUsd.${st}`, v]);
    for (const [st, v] of pick(c.terminal.unrealizedPnlUsd, 'q05', 'q50')) out.push([`${t}.unrealizedPnlUsd.${st}`, v]);
  }
  for (const [k, m] of Object.entries(s.markets)) {
    for (const [st, v] of pick(m.terminal.price, 'q05', 'q50', 'q95')) out.push([`${k}.price.${st}`, v]);
    for (const [st, v] of pick(m.terminal.selfInflictedDrawdown, 'q50', 'q95')) out.push([`${k}.selfInflictedDrawdown.${st}`, v]);
  }
  return out;
}
