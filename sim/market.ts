/**
 * The coin markets (docs/model.md §4): the correlated shocks and pre-trade
 * price (step 2), the companies' net flow, and the clearing of step 7:
 * scheduled and ETF flows, the liquidation cascade of both books, impact,
 * close and execution price.
 */

import { DMath, detExp, normInv } from './math.ts';
import type { PreparedMarket } from './model.ts';
import type { MarketState } from './state.ts';
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

/** Step 7 for market k: net flow, liquidation cascade, impact, close and execution price. */
export function clear(run: PathRun, k: number): void {
  const pm = run.model.markets[k], m = run.mk[k], prm = pm.params, t = run.t;
  // Scheduled flows and the stochastic ETF flow (inflow counts as negative Q).
  m.qScheduled = pm.scheduledUsd[t];
  const ef = prm.etfFlow;
  if (ef.aumUsd > 0 || pm.flowVolUsd > 0) {
    m.g = ef.phi * m.g + ef.chase * ef.aumUsd * m.rPrev + pm.flowVolUsd * normInv(run.draws[4 * k + 3]);
  } else {
    m.g = 0;
  }
  m.qEtf = -m.g;
  const qBase = (run.trading ? m.qCompanies : 0) + m.qScheduled + m.qEtf;
  // Liquidity thins in drawdowns.
  let liq = 1 - prm.liquidityDrawdownSensitivity * m.dd;
  if (liq < prm.minLiquidityFraction) liq = prm.minLiquidityFraction;
  const vEff = prm.dailyVolumeUsd * liq * pm.volumeFactor[t];
  const base = m.logPPre - m.signal - DMath.log(m.P);
  const lev = prm.leverage;
  cascade(pm, m, qBase, vEff, base);
  const ell = m.liquidations, ells = m.shortLiquidations;
  m.oiBefore = m.oi;
  m.soiBefore = m.soi;
  m.vEff = vEff;
  m.qTotal = qBase + ell - ells;
  const I = impactOf(pm, qBase + ell - ells, vEff);
  const rClose = base - I;
  m.drop = Math.max(0, -rClose);
  m.rise = Math.max(0, rClose);
  m.oi -= ell;
  m.oi += lev.rebuildPerDay * (lev.targetOpenInterestUsd - m.oi);
  m.soi -= ells;
  m.soi += lev.shortRebuildPerDay * (lev.shortTargetOpenInterestUsd - m.soi);
  m.impact = I;
  m.f -= prm.permanentFraction * I + m.signal;
  m.T += (1 - prm.permanentFraction) * I;
  const pPrev = m.P;
  m.P = DMath.exp(m.f - m.T);
  m.pExec = m.pPre * DMath.exp(-I / 2);
  m.rPrev = DMath.log(m.P / pPrev);
  if (m.P > m.peak) m.peak = m.P;
  if (m.P < m.minClose) m.minClose = m.P;
  m.totalLiquidationsUsd += ell;
  m.totalShortLiquidationsUsd += ells;
  if (run.trading) m.totalCompanyUsd += m.qCompanies;
}

/**
 * Cascade fixed point, both sides in the same flow (docs/model.md §4.4, §11, §12): with r(Q) the
 * close-to-close log return, longs ell = L*(1 - exp(-max(0,-r)/mL)) are sold and shorts
 * ells = Sh*(1 - exp(-max(0,r)/mS)) are bought, Q = qBase + ell - ells, from (0, 0). Long
 * sales only push r down and short buys only push it up, so one side stays 0 and the
 * iteration is monotone as in v1 (bit-identical to v1 when Sh = 0). `base` is the day's
 * close-to-close log return before impact. Sets m.liquidations, m.shortLiquidations and
 * m.cascadeIterations. A function of its own, small, so that V8 inlines the impact law and
 * detExp into its loop (about 13 iterations a market-day): a double that crosses a call
 * V8 does not inline is boxed, an allocation per iteration.
 */
export function cascade(pm: PreparedMarket, m: MarketState, qBase: number, vEff: number, base: number): void {
  const lev = pm.params.leverage, mL = lev.meanLiquidationDistance, mS = lev.shortMeanLiquidationDistance, oi = m.oi, soi = m.soi;
  let ell = 0, ells = 0, it = 0;
  if (oi > 0 || soi > 0) {
    for (; it < 100; it++) {
      const x = -(base - impactOf(pm, qBase + ell - ells, vEff));
      const next = x > 0 ? oi * (1 - detExp(-x / mL)) : 0;
      const nextS = x < 0 ? soi * (1 - detExp(x / mS)) : 0;
      const change = Math.abs(next - ell) + Math.abs(nextS - ells);
      ell = next;
      ells = nextS;
      if (change <= 1e-12 * Math.abs(ell + ells)) break;
    }
  }
  m.liquidations = ell;
  m.shortLiquidations = ells;
  m.cascadeIterations = it;
}

export function impactOf(pm: PreparedMarket, q: number, vEff: number): number {
  return pm.isLinear ? linearImpact(q, pm.params.lambdaPerBillion) : sqrtImpact(q, pm.params.impactY, pm.impactSd, vEff);
}

/** Steps 1-2 for every market: correlated normals over (coins..., INDEX) from the day's uniforms, then the pre-trade price. */
export function preTrade(run: PathRun, coinShock: number): void {
  const model = run.model, t = run.t, d = run.draws, nM = model.markets.length;
  const raw = run.raw, corr = run.corr, L = model.chol, n = model.nAssets;
  for (let k = 0; k < nM; k++) raw[k] = normInv(d[4 * k]);
  raw[nM] = normInv(d[4 * nM]);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j <= i; j++) s += L[i * n + j] * raw[j];
    corr[i] = s;
  }
  for (let k = 0; k < nM; k++) {
    const pm = model.markets[k], m = run.mk[k];
    m.T *= pm.decay;
    let r: number;
    if (t < pm.scriptDays) {
      r = pm.scriptR[t];
    } else {
      r = pm.drift + pm.volDaily * corr[k];
      if (d[4 * k + 1] < pm.jumpProb) r += pm.jumpMean + pm.jumpStd * normInv(d[4 * k + 2]);
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
