/**
 * Coverage and runway from today's balance sheet (like a credit rating's asset coverage):
 * - secured instruments (coins pledged): pledged coin value / principal (= 1 / LTV);
 * - unsecured debt (convertibles and loans, pari passu): all coin value / all debt;
 * - preferred: all coin value / (all debt + all liquidation preference).
 * The break-even coin price is the price at which the coverage is 1x.
 * Runway: months of interest, coupons and preferred dividends (at today's rates
 * on today's principal) that today's cash pays, with and without opex.
 */
import type { CompanyToday } from './valuation.ts';

export type Seniority = 'secured' | 'unsecured' | 'preferred';

export interface CoverageRow {
  instrument: string;
  kind: 'convertible' | 'loan' | 'preferred';
  seniority: Seniority;
  /** Principal or liquidation preference (USD). */
  claimUsd: number;
  /** Claims ranking ahead of or with it that the coins cover in this row (USD). */
  coveredClaimsUsd: number;
  /** Coin value against those claims (USD). */
  coinValueUsd: number;
  /** coinValueUsd / coveredClaimsUsd. */
  coverage: number;
  /** Coin price at which the coverage is 1x (USD). */
  breakEvenCoinPrice: number;
  /** Annual interest, coupon or dividend (USD). */
  annualCostUsd: number;
}

export interface Runway {
  cashUsd: number;
  /** Interest, coupons and preferred dividends per month (USD). */
  monthlyFinancingUsd: number;
  monthlyOpexUsd: number;
  /** Months of financing costs today's cash pays (null: nothing to pay). */
  monthsFinancing: number | null;
  /** Months of financing costs plus opex (null: nothing to pay). */
  monthsWithOpex: number | null;
  /** The model (v1) has no USD reserve: cash is the only buffer. */
  reserveUsd: number;
}

const RANK: Record<Seniority, number> = { secured: 0, unsecured: 1, preferred: 2 };

export function coverage(c: CompanyToday, coinPrice: number): CoverageRow[] {
  let debt = 0, pref = 0;
  c.params.debt.forEach((d, j) => { if (d.kind === 'preferred') pref += c.principalUsd[j]; else debt += c.principalUsd[j]; });
  const rows: CoverageRow[] = [];
  c.params.debt.forEach((d, j) => {
    const claim = c.principalUsd[j];
    if (!(claim > 0)) return;
    const rate = d.kind === 'preferred' ? d.dividendRate : d.kind === 'convertible' ? d.couponRate : d.rate;
    let seniority: Seniority, covered: number, coins: number;
    if (d.kind === 'preferred') { seniority = 'preferred'; covered = debt + pref; coins = c.coins; }
    else if (c.pledgedCoins[j] > 0) { seniority = 'secured'; covered = claim; coins = c.pledgedCoins[j]; }
    else { seniority = 'unsecured'; covered = debt; coins = c.coins; }
    rows.push({
      instrument: d.id, kind: d.kind, seniority, claimUsd: claim, coveredClaimsUsd: covered,
      coinValueUsd: coins * coinPrice, coverage: (coins * coinPrice) / covered,
      breakEvenCoinPrice: coins > 0 ? covered / coins : Infinity, annualCostUsd: claim * rate,
    });
  });
  return rows.sort((a, b) => RANK[a.seniority] - RANK[b.seniority]);
}

export function runway(c: CompanyToday): Runway {
  let annual = 0;
  c.params.debt.forEach((d, j) => {
    const rate = d.kind === 'preferred' ? d.dividendRate : d.kind === 'convertible' ? d.couponRate : d.rate;
    annual += c.principalUsd[j] * rate;
  });
  const monthly = annual / 12, opex = c.params.opexUsdPerYear / 12;
  const cash = Math.max(0, c.cashUsd);
  return {
    cashUsd: c.cashUsd,
    monthlyFinancingUsd: monthly,
    monthlyOpexUsd: opex,
    monthsFinancing: monthly > 0 ? cash / monthly : null,
    monthsWithOpex: monthly + opex > 0 ? cash / (monthly + opex) : null,
    reserveUsd: 0,
  };
}
