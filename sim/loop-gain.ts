/**
 * Loop gain (docs/model.md §9 and §11): on a given day, the extra coin sold (all
 * causes) per extra 1% drop, times the extra drop per coin sold. Above 1 a
 * drop feeds itself.
 *
 * Measured by re-running the day from the same state and the same random
 * numbers with every coin's pre-trade price 1% lower:
 * - companies' extra selling comes from the re-run (their policies see the
 *   lower price);
 * - leverage's extra net selling comes from the cascade law of both books at
 *   the base day's close-to-close return minus the shock, before any feedback
 *   (open loop): more longs sold on a deeper drop, and, on a day that rose,
 *   fewer shorts bought on a smaller rise (docs/model.md §12);
 * - ETF flows chase yesterday's return, so they add nothing within the day
 *   (that loop closes a day later).
 * The gain is the impact of that extra flow, on top of the base day's flow,
 * divided by the shock: G = [I(Q + dQ) - I(Q)] / shock, under the market's
 * own impact law and under the other one (their calibrations differ ~8x,
 * which is exactly what decides whether the coin-side spiral can run away).
 * `closedLoop` is the full re-run's extra impact per unit shock: with the
 * cascade's fixed point it approaches G/(1-G) for a linear loop.
 */
import { DMath } from './math.ts';
import { PathRun, linearImpact, sqrtImpact, type Model } from './engine.ts';

export interface LoopGain {
  coin: string;
  /** Extra USD sold per market when the pre-trade price is `shock` lower. */
  extraSoldUsd: number;
  extraCompanyUsd: number;
  /** Extra long liquidations minus the fall in short liquidations (USD of extra net selling). */
  extraLiquidationsUsd: number;
  /** Open-loop gain under the market's own impact law. */
  gain: number;
  gainSqrt: number;
  gainLinear: number;
  /** Extra impact of the full re-run (cascade at its fixed point) per unit shock. */
  closedLoop: number;
}

/**
 * `before` is a run positioned at the START of the day to measure (t not yet
 * stepped) and `draws` that day's random numbers (copy `run.draws` after
 * stepping a copy of it). Neither is modified.
 */
export function measureLoopGain(model: Model, before: PathRun, draws: Float64Array, shock = 0.01): LoopGain[] {
  const base = new PathRun(model, 'loop-gain', 0, { record: 'summary' });
  const hit = new PathRun(model, 'loop-gain', 0, { record: 'summary' });
  base.copyFrom(before);
  hit.copyFrom(before);
  base.draws.set(draws);
  hit.draws.set(draws);
  base.advance(0);
  hit.advance(-shock);
  return model.markets.map((pm, k) => {
    const b = base.marketDay(k), h = hit.marketDay(k);
    const lev = pm.params.leverage;
    const m = lev.meanLiquidationDistance, ms = lev.shortMeanLiquidationDistance;
    const ell = (x: number) => (x > 0 ? b.openInterestBeforeUsd * (1 - DMath.exp(-x / m)) : 0);
    const ells = (x: number) => (x > 0 ? b.shortOpenInterestBeforeUsd * (1 - DMath.exp(-x / ms)) : 0);
    // The base day's close-to-close log return r = rise - drop; the shock lowers it to r - shock.
    const r = b.rise - b.drop;
    const extraLiq = ell(shock - r) - ell(-r) + ells(r) - ells(r - shock);
    const extraCompany = h.companyFlowUsd - b.companyFlowUsd;
    const dQ = extraLiq + extraCompany;
    const q = b.totalFlowUsd;
    const sd = pm.impactSd;
    const dSqrt = sqrtImpact(q + dQ, pm.params.impactY, sd, b.effectiveVolumeUsd) - sqrtImpact(q, pm.params.impactY, sd, b.effectiveVolumeUsd);
    const dLin = linearImpact(q + dQ, pm.params.lambdaPerBillion) - linearImpact(q, pm.params.lambdaPerBillion);
    const gainSqrt = dSqrt / shock, gainLinear = dLin / shock;
    return {
      coin: pm.params.coin,
      extraSoldUsd: dQ,
      extraCompanyUsd: extraCompany,
      extraLiquidationsUsd: extraLiq,
      gain: pm.isLinear ? gainLinear : gainSqrt,
      gainSqrt,
      gainLinear,
      closedLoop: (h.impact - b.impact) / shock,
    };
  });
}
