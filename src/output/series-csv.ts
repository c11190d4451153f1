/** The daily series of one simulated path as one CSV table (`dat-sim run --format csv`, the web export). */
import type { SimResult } from '../simulate.ts';
import { toCsv, type Cell } from './csv.ts';

const MARKET_COLUMNS = ['price', 'preTradePrice', 'fundamental', 'executionPrice', 'drawdown', 'companyFlowUsd', 'scheduledFlowUsd', 'etfFlowUsd', 'liquidationsUsd', 'openInterestUsd', 'shortLiquidationsUsd', 'shortOpenInterestUsd'] as const;
const CAPITAL_COLUMNS = ['reserveUsd', 'preferredUsd', 'sharesIssued', 'atmProceedsUsd', 'atmShelfLeftUsd', 'preferredProceedsUsd'] as const;
const COMPANY_COLUMNS = ['stockPrice', 'mnav', 'evMnav', 'navPerShare', 'coins', 'costBasis', 'cashUsd', 'debtUsd', 'shares', 'ltv', 'collateralLtv', 'listingState', 'unrealizedPnlUsd', 'realizedPnlUsd', 'coinsSold'] as const;

export function seriesCsv(r: SimResult): string {
  const header: string[] = ['day', 'date'];
  const getters: ((t: number) => Cell)[] = [];
  for (const [coin, m] of Object.entries(r.markets)) {
    for (const col of MARKET_COLUMNS) {
      header.push(`${coin}.${col}`);
      const a = m[col];
      getters.push((t) => a[t]);
    }
    const cf = r.counterfactual?.markets[coin]?.price;
    if (cf) {
      header.push(`${coin}.counterfactualPrice`);
      getters.push((t) => cf[t]);
    }
  }
  for (const [ticker, c] of Object.entries(r.companies)) {
    for (const col of COMPANY_COLUMNS) {
      header.push(`${ticker}.${col}`);
      const a = c[col] as readonly Cell[];
      getters.push((t) => a[t]);
    }
    // Capital series (docs/model.md 3.2-3.4), only for companies that have them.
    if (c.capital) {
      for (const col of CAPITAL_COLUMNS) {
        header.push(`${ticker}.${col}`);
        const a = c.capital[col];
        getters.push((t) => a[t]);
      }
    }
  }
  const rows: Cell[][] = r.dates.map((date, t) => [t, date, ...getters.map((g) => g(t))]);
  return toCsv(header, rows);
}
