/**
 * The daily series of one simulated path as one table (`dat-sim run --format
 * csv|parquet`, the web export): one row per day, columns `day, date`, then
 * `<COIN>.<series>` for every market series of the JSON output (and the
 * counterfactual price) and `<TICKER>.<series>` for every company series.
 * Every JSON series is a column; each column has one type (numbers, or the
 * listing state's name).
 */
import type { SimResult } from '../simulate.ts';
import { toCsv, type Cell } from './csv.ts';

export const MARKET_COLUMNS = ['price', 'preTradePrice', 'fundamental', 'executionPrice', 'drawdown', 'companyFlowUsd', 'scheduledFlowUsd', 'etfFlowUsd', 'liquidationsUsd', 'openInterestUsd', 'shortLiquidationsUsd', 'shortOpenInterestUsd', 'transientImpact'] as const;
export const CAPITAL_COLUMNS = ['reserveUsd', 'preferredUsd', 'sharesIssued', 'atmProceedsUsd', 'atmShelfLeftUsd', 'preferredProceedsUsd'] as const;
export const COMPANY_COLUMNS = ['stockPrice', 'mnav', 'evMnav', 'navPerShare', 'coins', 'costBasis', 'cashUsd', 'debtUsd', 'shares', 'ltv', 'collateralLtv', 'listingState', 'unrealizedPnlUsd', 'realizedPnlUsd', 'coinsSold', 'bookNavPerShare', 'logPremium'] as const;

/** One column of the series table: its name, type and value on day t. */
export interface SeriesColumn {
  name: string;
  type: 'INT32' | 'DATE' | 'DOUBLE' | 'STRING';
  get: (t: number) => Cell;
}

export function seriesColumns(r: SimResult): SeriesColumn[] {
  const cols: SeriesColumn[] = [
    { name: 'day', type: 'INT32', get: (t) => t },
    { name: 'date', type: 'DATE', get: (t) => r.dates[t] },
  ];
  for (const [coin, m] of Object.entries(r.markets)) {
    for (const col of MARKET_COLUMNS) {
      const a = m[col];
      cols.push({ name: `${coin}.${col}`, type: 'DOUBLE', get: (t) => a[t] });
    }
    const cf = r.counterfactual?.markets[coin]?.price;
    if (cf) cols.push({ name: `${coin}.counterfactualPrice`, type: 'DOUBLE', get: (t) => cf[t] });
  }
  for (const [ticker, c] of Object.entries(r.companies)) {
    for (const col of COMPANY_COLUMNS) {
      const a = c[col] as readonly Cell[];
      cols.push({ name: `${ticker}.${col}`, type: col === 'listingState' ? 'STRING' : 'DOUBLE', get: (t) => a[t] });
    }
    // Capital series (docs/model.md 3.2-3.4), only for companies that have them.
    if (c.capital) {
      for (const col of CAPITAL_COLUMNS) {
        const a = c.capital[col];
        cols.push({ name: `${ticker}.${col}`, type: 'DOUBLE', get: (t) => a[t] });
      }
    }
  }
  return cols;
}

export function seriesCsv(r: SimResult): string {
  const cols = seriesColumns(r);
  const rows: Cell[][] = r.dates.map((_d, t) => cols.map((c) => c.get(t)));
  return toCsv(cols.map((c) => c.name), rows);
}
