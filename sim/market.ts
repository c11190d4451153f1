/**
 * The coin markets (docs/model.md §4): the correlated shocks and pre-trade
 * price (step 2), the companies' net flow, and the clearing of step 7:
 * scheduled and ETF flows, the liquidation cascade of both books, impact,
 * close and execution price.
 *
 * Written once for one path's MarketState objects, with the day's uniforms
 * read as d[base + i*stride]: PathRun steps its path with (0, 1), the
 * markets-only lockstep (sim/lockstep-markets.ts) path p of K with (p, K) and
 * the company terms off (no flow, no signal, no coin shock).
 */

import { DMath, detExp, normInv } from './math.ts';
import type { Model, PreparedMarket } from './model.ts';
import { MarketState } from './state.ts';
import type { PathRun } from './engine.ts';

/** Square-root impact (docs/model.md §4.3): sign(Q)*Y*sd*sqrt(|Q|/V). Log move, positive = down. */
export function sqrtImpact(qUsd: number, y: number, sdDaily: number, volumeUsd: number): number {
  if (qUsd === 0) return 0;
  const v = y * sdDaily * Math.sqrt(Math.abs(qUsd) / volumeUsd);
  return qUsd > 0 ? v : -v;
}

/** Linear impact (docs/model.md §4.3): lambdaPerBillion * Q / 1e9. */
export function linearImpact(qUsd: number, lambdaPerBillion: number): number {
  return (lambdaPerBillion * qUsd) / 1e9;
}

/**
 * Liquidated notional for a day's drop x (docs/model.md §4.4): L*(1 - exp(-x/m)). The short side
 * (docs/model.md §12) uses the same law with the day's rise x = max(0, log P - log P_prevClose).
 */
export function liquidated(openInterestUsd: number, drop: number, meanDistance: number): number {
  return drop > 0 ? openInterestUsd * (1 - DMath.exp(-drop / meanDistance)) : 0;
}

/** The markets of one path of `model` on day 0 (before the first step). */
export function initialMarkets(model: Model): MarketState[] {
  return model.markets.map((m) => {
    const s = new MarketState();
    s.f = m.logPrice0;
    s.P = m.params.price0;
    s.peak = m.params.peakPrice;
    s.oi = m.params.leverage.openInterestUsd;
    s.soi = m.params.leverage.shortOpenInterestUsd;
    return s;
  });
}

/**
 * Step 7 for one path's market m: net flow, liquidation cascade, impact, close and execution
 * price. d[iEtf] is the day's ETF-flow uniform; `trading` false = no company flow (the
 * counterfactual); `figures` false leaves the figures only read-outs use (impact, execution
 * price, the day's flows, drop and rise, the books before the cascade) unwritten.
 */
export function clear(m: MarketState, pm: PreparedMarket, t: number, d: Float64Array, iEtf: number, trading: boolean, figures: boolean): void {
  const prm = pm.params, ef = prm.etfFlow, lev = prm.leverage;
  // Scheduled flows and the stochastic ETF flow (inflow counts as negative Q).
  const qScheduled = pm.scheduledUsd[t];
  const g = ef.aumUsd > 0 || pm.flowVolUsd > 0 ? ef.phi * m.g + ef.chase * ef.aumUsd * m.rPrev + pm.flowVolUsd * normInv(d[iEtf]) : 0;
  m.g = g;
  const qEtf = -g;
  const qBase = (trading ? m.qCompanies : 0) + qScheduled + qEtf;
  // Liquidity thins in drawdowns.
  let liq = 1 - prm.liquidityDrawdownSensitivity * m.dd;
  if (liq < prm.minLiquidityFraction) liq = prm.minLiquidityFraction;
  const vEff = prm.dailyVolumeUsd * liq * pm.volumeFactor[t];
  const pPrev = m.P;
  const base = m.logPPre - m.signal - DMath.log(pPrev);
  const oi = m.oi, soi = m.soi;
  cascade(pm, m, qBase, vEff, base);
  const ell = m.liquidations, ells = m.shortLiquidations;
  const I = impactOf(pm, qBase + ell - ells, vEff);
  let oiNext = oi - ell;
  oiNext += lev.rebuildPerDay * (lev.targetOpenInterestUsd - oiNext);
  m.oi = oiNext;
  let soiNext = soi - ells;
  soiNext += lev.shortRebuildPerDay * (lev.shortTargetOpenInterestUsd - soiNext);
  m.soi = soiNext;
  m.f -= prm.permanentFraction * I + m.signal;
  m.T += (1 - prm.permanentFraction) * I;
  const P = DMath.exp(m.f - m.T);
  m.P = P;
  m.rPrev = DMath.log(P / pPrev);
  if (P > m.peak) m.peak = P;
  if (P < m.minClose) m.minClose = P;
  m.totalLiquidationsUsd += ell;
  m.totalShortLiquidationsUsd += ells;
  if (trading) m.totalCompanyUsd += m.qCompanies;
  if (figures) {
    const rClose = base - I;
    m.qScheduled = qScheduled;
    m.qEtf = qEtf;
    m.oiBefore = oi;
    m.soiBefore = soi;
    m.vEff = vEff;
    m.qTotal = qBase + ell - ells;
    m.drop = Math.max(0, -rClose);
    m.rise = Math.max(0, rClose);
    m.impact = I;
    m.pExec = m.pPre * DMath.exp(-I / 2);
  }
}

/**
 * Cascade fixed point, both sides in the same flow (docs/model.md §4.4, §12): with r(Q) the
 * close-to-close log return, longs ell = L*(1 - exp(-max(0,-r)/mL)) are sold and shorts
 * ells = Sh*(1 - exp(-max(0,r)/mS)) are bought, Q = qBase + ell - ells. Long sales only push r
 * down and short buys only push it up, so the side that is 0 at (0, 0) stays 0 and the day's
 * cascade is one book's equation, solved by `solveBook`. `base` is the day's close-to-close log
 * return before impact. Sets m.liquidations, m.shortLiquidations and m.cascadeIterations (the
 * number of times the liquidation law was evaluated).
 */
export function cascade(pm: PreparedMarket, m: MarketState, qBase: number, vEff: number, base: number): void {
  const lev = pm.params.leverage, oi = m.oi, soi = m.soi;
  let ell = 0, ells = 0;
  m.cascadeIterations = 0;
  if (oi > 0 || soi > 0) {
    const x0 = impactOf(pm, qBase, vEff) - base; // the drop with no liquidations
    if (x0 > 0 && oi > 0) ell = solveBook(pm, m, vEff, qBase, base, oi, lev.meanLiquidationDistance, x0);
    // Shorts: the rise y(s) = base - I(qBase - s) = I(s - qBase) - base (the impact law is odd), the long equation mirrored.
    else if (x0 < 0 && soi > 0) ells = solveBook(pm, m, vEff, -qBase, -base, soi, lev.shortMeanLiquidationDistance, -x0);
  }
  m.liquidations = ell;
  m.shortLiquidations = ells;
}

/** Relative accuracy to which `solveBook` finds the cascade's fixed point (docs/model.md §4.4). */
export const CASCADE_TOLERANCE = 1e-12;

/**
 * The smallest root of h(e) = F(e) - e, F(e) = L (1 - exp(-x(e)/md)), x(e) = I(q0 + e) - b,
 * with x(0) = x0 > 0: the point that plain iteration e <- F(e) from 0 converges to
 * (docs/model.md §4.4). F rises and is bounded by L, so plain iterates are lower bounds
 * (h >= 0) and the root is at most L; a point with h < 0 is an upper bound (the root lies
 * between it and any lower bound).
 * - Where q0 + e > 0 (always under the linear law) the impact law is concave, so h is concave
 *   on [e, inf) and has one root there: the sign of h tells the side. The solver takes Newton
 *   steps from either side inside the bracket [lo, hi] (bisection when a step leaves it). As h'
 *   falls, the Newton step from a lower point bounds the distance to the root, and so does
 *   -h(hi)/-h'(lo) from an upper one: it stops when that bound, or hi - lo, is <= tol x e.
 * - Under the square-root law with q0 + e <= 0 (net buying before liquidations) the impact law
 *   is convex and h may have further roots, so the solver takes plain steps. When the geometric
 *   estimate of the distance left (step / (1 - ratio of the last two steps)) is under a quarter
 *   of the tolerance, it checks one point just past the estimate: h < 0 there closes the bracket.
 * The returned point is within tol (relative) of the root. Returns the number of evaluations of
 * the liquidation law in m.cascadeIterations. Small, so that V8 inlines the impact law and detExp.
 */
function solveBook(pm: PreparedMarket, m: MarketState, vEff: number, q0: number, b: number, L: number, md: number, x0: number): number {
  const lin = pm.isLinear, lambda = pm.params.lambdaPerBillion / 1e9, tol = CASCADE_TOLERANCE;
  let e = 0, he = L * (1 - detExp(-x0 / md)), I = x0 + b, n = 1;
  let lo = 0, hi = L, sLo = 0, stepPrev = NaN; // NaN: no ratio before the second plain step
  // Square-root law: I = k sqrt(|q|), k = Y sd / sqrt(V); F is convex in the net-buying part where u <= uStar.
  const k = lin ? 0 : (pm.params.impactY * pm.impactSd) / Math.sqrt(vEff), uStar = (md / k) * (md / k);
  while (he !== 0 && n < 10_000) {
    const q = q0 + e;
    let next: number;
    if (!lin && q <= 0) {
      // Net buying (q <= 0, u = -q): I = -k sqrt(u) is convex, and so is F where u <= uStar =
      // (md/k)^2 (F'' has the sign of 1/sqrt(u) - k/md). There a Newton step from the lower
      // point e stays below the smallest root (the tangent lies under a convex h), so it is
      // taken when it does not leave the part (e + step <= -q0); otherwise a plain step.
      // Then one check just past the estimated root once the estimate is under a quarter of
      // the tolerance: h < 0 there closes the bracket.
      let step = he, est = Infinity;
      const u = -q;
      if (u > 0 && u <= uStar) {
        const slope = 1 - ((L - (he + e)) * (I / (2 * q))) / md;
        if (slope > 0 && e + he / slope <= -q0) {
          step = he / slope;
          est = step; // quadratic: what is left after the step is far below the step
          stepPrev = NaN;
        }
      }
      if (est === Infinity) {
        const ratio = he / stepPrev;
        if (ratio >= 0 && ratio < 1) est = (he * ratio) / (1 - ratio);
        stepPrev = he;
      }
      next = e + step;
      if (est <= 0.25 * tol * next) {
        const c = next + 2 * est + 0.25 * tol * next;
        const hc = L * (1 - detExp(-(impactOf(pm, q0 + c, vEff) - b) / md)) - c;
        n++;
        if (hc < 0) {
          e = next;
          break;
        }
      }
    } else {
      // Concave part: Newton. h'(e) = F'(e) - 1, F'(e) = L exp(-x/md) I'(q) / md with
      // L exp(-x/md) = L - F(e) and I'(q) = I / (2q) (square root) or lambda (linear).
      // h' falls (h is concave), so with s(e) = -h'(e): root - e <= h(e)/s(e) at a lower point,
      // e - root <= -h(e)/s(lo) at an upper one when s(lo) > 0 at a lower point lo.
      const slope = 1 - ((L - (he + e)) * (lin ? lambda : I / (2 * q))) / md;
      if (he > 0) {
        sLo = slope;
        next = slope > 0 ? e + he / slope : e + he;
        if (slope > 0 && he <= tol * slope * e) {
          e = next;
          break;
        }
      } else {
        if (sLo > 0 && -he <= tol * sLo * e) break;
        next = slope > 0 ? e + he / slope : 0.5 * (lo + hi);
      }
      if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    }
    I = impactOf(pm, q0 + next, vEff);
    he = L * (1 - detExp(-(I - b) / md)) - next;
    e = next;
    n++;
    if (he > 0) lo = e;
    else if (he < 0) hi = e;
    if (hi - lo <= tol * hi) break;
  }
  m.cascadeIterations = n;
  return e;
}

export function impactOf(pm: PreparedMarket, q: number, vEff: number): number {
  return pm.isLinear ? linearImpact(q, pm.params.lambdaPerBillion) : sqrtImpact(q, pm.params.impactY, pm.impactSd, vEff);
}

/**
 * Steps 1-2 for one path's markets mk: correlated normals over (coins..., INDEX) from the day's
 * uniforms d[base + i*stride] (scratch raw, corr), then the pre-trade price. `index` false skips
 * the INDEX normal (corr[nM]; only the index return reads it, and the Cholesky factor is lower
 * triangular, so the coins' normals do not depend on it). Zeroes the day's signal and company flow.
 */
export function preTrade(mk: readonly MarketState[], model: Model, t: number, d: Float64Array, base: number, stride: number, raw: Float64Array, corr: Float64Array, coinShock: number, index: boolean): void {
  const L = model.chol, n = model.nAssets, nM = model.markets.length, nI = index ? n : nM;
  // Asset i's shock is uniform 4i of the day (the INDEX's, i = nM, follows the coins' four each).
  for (let i = 0; i < nI; i++) raw[i] = normInv(d[base + 4 * i * stride]);
  for (let i = 0; i < nI; i++) {
    let s = 0;
    for (let j = 0; j <= i; j++) s += L[i * n + j] * raw[j];
    corr[i] = s;
  }
  for (let k = 0; k < nM; k++) {
    const pm = model.markets[k], m = mk[k];
    m.T *= pm.decay;
    let r: number;
    if (t < pm.scriptDays) {
      r = pm.scriptR[t];
    } else {
      r = pm.drift + pm.volDaily * corr[k];
      if (d[base + (4 * k + 1) * stride] < pm.jumpProb) r += pm.jumpMean + pm.jumpStd * normInv(d[base + (4 * k + 2) * stride]);
    }
    m.f += r + coinShock;
    m.logPPre = m.f - m.T;
    m.pPre = DMath.exp(m.logPPre);
    const dd = 1 - m.pPre / m.peak;
    m.dd = dd > 0 ? dd : 0;
    m.signal = 0;
    m.qCompanies = 0;
  }
}

/** After step 6: sale announcements (the coin signal) and each market's net company flow at P_pre. */
export function companyFlows(run: PathRun): void {
  const model = run.model, t = run.t;
  for (let i = 0; i < run.co.length; i++) {
    const c = run.co[i];
    if (c.insolvent) continue;
    const pc = model.companies[i], m = run.mk[pc.market];
    const sold = c.totalSell();
    if (sold > 0) {
      if (t - c.lastSaleDay > pc.params.quietDays && sold >= pc.params.saleAnnouncementMinFraction * c.H) {
        c.announcing = true;
        m.signal += pc.params.saleSignalImpact;
      }
    }
    m.qCompanies += (sold - c.buyCoins) * m.pPre - c.cap.buyUsd; // cap.buyUsd: accumulate's USD-sized purchase
  }
}
