/**
 * Coverage and runway from today's balance sheet (like a credit rating's asset coverage):
 * - secured instruments (coins pledged): pledged coin value / principal (= 1 / LTV);
 * - unsecured debt (convertibles and loans, pari passu): all coin value / all debt;
 * - preferred: all coin value / (all debt + all liquidation preference).
 * The break-even coin price is the price at which the coverage is 1x.
 * Runway: months of interest, coupons and preferred dividends (at today's rates
 * on today's principal, the preferred programme's outstanding preference
 * included) that today's cash and USD reserve pay, with and without opex.
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
  /** Months of financing costs today's cash (reserve included) pays (null: nothing to pay). */
  monthsFinancing: number | null;
  /** Months of financing costs plus opex (null: nothing to pay). */
  monthsWithOpex: number | null;
  /** USD reserve today (docs/model.md 3.3): earmarked cash, part of cashUsd (0 without a reserve). */
  reserveUsd: number;
  /** Cash outside the reserve (max(cash, 0) - reserve). */
  freeCashUsd: number;
  /** Months of financing costs the reserve alone pays (null: nothing to pay). */
  monthsReserve: number | null;
}

const RANK: Record<Seniority, number> = { secured: 0, unsecured: 1, preferred: 2 };

/**
 * Every instrument slot with a claim today: the scenario's debt, dated raises already outstanding and the
 * preferred programme's outstanding preference (docs/model.md 3.2), each with its annual rate.
 */
export function coverage(c: CompanyToday, coinPrice: number): CoverageRow[] {
  let debt = 0, pref = 0;
  c.instruments.forEach((d, j) => { if (d.kind === 'preferred') pref += c.principalUsd[j]; else debt += c.principalUsd[j]; });
  const rows: CoverageRow[] = [];
  c.instruments.forEach((d, j) => {
    const claim = c.principalUsd[j];
    if (!(claim > 0)) return;
    let seniority: Seniority, covered: number, coins: number;
    if (d.kind === 'preferred') { seniority = 'preferred'; covered = debt + pref; coins = c.coins; }
    else if (c.pledgedCoins[j] > 0) { seniority = 'secured'; covered = claim; coins = c.pledgedCoins[j]; }
    else { seniority = 'unsecured'; covered = debt; coins = c.coins; }
    rows.push({
      instrument: d.id, kind: d.kind, seniority, claimUsd: claim, coveredClaimsUsd: covered,
      coinValueUsd: coins * coinPrice, coverage: (coins * coinPrice) / covered,
      breakEvenCoinPrice: coins > 0 ? covered / coins : Infinity, annualCostUsd: claim * d.annualRate,
    });
  });
  return rows.sort((a, b) => RANK[a.seniority] - RANK[b.seniority]);
}

/**
 * Months of financing costs (interest, coupons, dividends on the preferred outstanding, including the
 * preferred programme's) that cash pays. The USD reserve is earmarked cash (docs/model.md 3.3: part of
 * cashUsd, drawn once free cash is spent), so cash = free cash + reserve pays them; the reserve's own
 * months are reported beside.
 */
export function runway(c: CompanyToday): Runway {
  let annual = 0;
  c.instruments.forEach((d, j) => { annual += Math.max(0, c.principalUsd[j]) * d.annualRate; });
  const monthly = annual / 12, opex = c.params.opexUsdPerYear / 12;
  const cash = Math.max(0, c.cashUsd);
  const reserve = Math.max(0, Math.min(c.reserveUsd, cash));
  return {
    cashUsd: c.cashUsd,
    reserveUsd: reserve,
    freeCashUsd: cash - reserve,
    monthlyFinancingUsd: monthly,
    monthlyOpexUsd: opex,
    monthsFinancing: monthly > 0 ? cash / monthly : null,
    monthsWithOpex: monthly + opex > 0 ? cash / (monthly + opex) : null,
    monthsReserve: monthly > 0 ? reserve / monthly : null,
  };
}
