/**
 * The risk map's view of a company "today, with only the coin price changed":
 * the start-of-scenario balance sheet (day -1 close, what the engine starts
 * from), valued at a hypothetical pre-trade coin price P on day 0 with the
 * engine's own functions (PathRun.valuationAt = step 4's Merton valuation,
 * premiumTarget = step 4's premium law). The stock is projected with the log
 * premium AT its target (as if it had fully reverted), not after one day of
 * reversion: that is the level the premium law pulls the stock to at P.
 */
import { PathRun, prepareModel, premiumTarget, sqrtImpact, linearImpact, debtUsd, mnav, type Model, type RuleCompiler, type CompanyParams, type MarketParams, type ResolvedScenario } from '../../sim/index.ts';

export interface RiskContextOptions {
  /** Value with the deterministic model (Merton equity = intrinsic max(A - D, 0)). Default false. */
  deterministic?: boolean;
  compileRule?: RuleCompiler;
  /** The horizon in days (default the scenario's horizonDays): the odds' Monte Carlo and which dated triggers fall within it. */
  days?: number;
}

/** One company's figures at coin price P (everything else as today). */
export interface CompanyAt {
  /** Pre-trade coin price (USD). */
  coinPrice: number;
  coinValueUsd: number;
  assetsUsd: number;
  /** Senior claims: convertible and loan principal plus preferred liquidation preference. */
  seniorUsd: number;
  /** Convertible and loan principal (what deleverage and LTV read). */
  debtUsd: number;
  /** Merton equity (intrinsic in deterministic mode). */
  equityUsd: number;
  drawdown: number;
  /** Log premium target at P (docs/model.md §5.3). */
  premiumTarget: number;
  /** Projected stock price with the premium at its target: exp(target) E / N. */
  stockPrice: number;
  /** S N / (H P); Infinity without coins. */
  mnav: number;
}

export interface CompanyToday {
  index: number;
  params: CompanyParams;
  market: MarketParams;
  marketIndex: number;
  coins: number;
  cashUsd: number;
  shares: number;
  principalUsd: number[];
  pledgedCoins: number[];
  conversionPrice: number[];
  /** Log premium of the day -1 close, pi0 = log(S0 N0 / E0). */
  pi0: number;
  /** Leverage + size penalty of the day -1 balance sheet the premium law measures from (0 unless premium.penaltiesFromStart). */
  penalty0: number;
  underNotice: boolean;
  delisted: boolean;
  /** Instruments' end day index (put or maturity on a business day; -1 = beyond the horizon) and whether it is a put. */
  endDay: number[];
  endIsPut: boolean[];
  /**
   * Every instrument slot the engine carries (debt, dated raises, the preferred programme's
   * preferred), aligned with principalUsd: id, kind and annual rate (coupon, interest or dividend).
   */
  instruments: { id: string; kind: 'convertible' | 'loan' | 'preferred'; annualRate: number }[];
  /** USD reserve today (part of cashUsd; 0 without a reserve). */
  reserveUsd: number;
  /** ATM programme shelf left today (USD; Infinity without a programme: v1 issuance is unlimited). */
  atmShelfLeftUsd: number;
}

export class RiskContext {
  readonly model: Model;
  readonly run: PathRun;
  readonly companies: CompanyToday[];

  constructor(readonly scenario: ResolvedScenario, options: RiskContextOptions = {}) {
    this.model = prepareModel(scenario, { days: options.days, deterministic: options.deterministic === true, compileRule: options.compileRule });
    // A path that has not stepped: its state is the day -1 close, and valuation happens on day 0.
    this.run = new PathRun(this.model, scenario.seed, 0, { record: 'summary' });
    this.companies = this.model.companies.map((pc, i) => {
      const v = this.run.companyView(i);
      const b = this.run.balanceView(i);
      return {
        index: i,
        params: pc.params,
        market: this.model.markets[pc.market].params,
        marketIndex: pc.market,
        coins: v.coins,
        cashUsd: v.cashUsd,
        shares: v.shares,
        principalUsd: b.principalUsd,
        pledgedCoins: b.pledgedCoins,
        conversionPrice: b.conversionPrice,
        pi0: pc.pi0,
        penalty0: pc.penalty0,
        underNotice: b.underNotice,
        delisted: b.delisted,
        endDay: pc.instruments.map((x) => x.endDay),
        endIsPut: pc.instruments.map((x) => x.endIsPut),
        instruments: pc.instruments.map((x, j) => ({
          id: x.id,
          kind: j < pc.actions.slots.length ? pc.actions.slots[j].kind : 'preferred' as const,
          annualRate: x.dailyRate * 365,
        })),
        // The engine starts the reserve at its initialUsd and the shelf at shelfUsd (CapitalState.init).
        reserveUsd: pc.params.reserve ? Math.min(pc.params.reserve.initialUsd, Math.max(0, v.cashUsd)) : 0,
        atmShelfLeftUsd: pc.params.atm ? pc.params.atm.shelfUsd : Infinity,
      };
    });
  }

  /** Today's coin price of company i's market. */
  price0(i: number): number {
    return this.companies[i].market.price0;
  }

  /** Company i at pre-trade coin price p, everything else as today. */
  at(i: number, p: number): CompanyAt {
    const c = this.companies[i];
    const v = this.run.valuationAt(i, p);
    const debt = debtUsd(c.principalUsd, c.params.debt.map((d) => d.kind === 'preferred'));
    const dd = Math.max(0, 1 - p / c.market.peakPrice);
    const coinValue = c.coins * p;
    const target = premiumTarget(c.pi0, c.params.premium, dd, v.seniorUsd, v.assetsUsd, coinValue, c.penalty0, c.underNotice, c.delisted);
    const stock = v.equityUsd > 0 ? (Math.exp(target) * v.equityUsd) / c.shares : 0;
    return {
      coinPrice: p,
      coinValueUsd: coinValue,
      assetsUsd: v.assetsUsd,
      seniorUsd: v.seniorUsd,
      debtUsd: debt,
      equityUsd: v.equityUsd,
      drawdown: dd,
      premiumTarget: target,
      stockPrice: stock,
      mnav: mnav(stock, c.shares, c.coins, p),
    };
  }
}

/**
 * Log impact (positive = down) of selling `usd` in market m on day 0 at coin price p, by the
 * market's own law (docs/model.md §4.3): square-root with V_eff = V max(min, 1 - s DD) times the day's
 * volume factor, or linear. No liquidation cascade, no sale-announcement signal.
 */
export function saleImpact(model: Model, marketIndex: number, usd: number, p: number): number {
  const pm = model.markets[marketIndex], m = pm.params;
  if (m.impactLaw === 'linear') return linearImpact(usd, m.lambdaPerBillion);
  const dd = Math.max(0, 1 - p / m.peakPrice);
  const liq = Math.max(m.minLiquidityFraction, 1 - m.liquidityDrawdownSensitivity * dd);
  return sqrtImpact(usd, m.impactY, pm.impactSd, m.dailyVolumeUsd * liq * pm.volumeFactor[0]);
}
