/**
 * The markets-only counterfactual in lockstep (issue 13, item 1, first slice):
 * paths start..start+K-1 of a model with the companies switched off, stepped
 * together. The day loop is outside, the loops over paths inside each step;
 * every market state variable is a Float64Array over (market, path), index
 * k*K + p, and each path's alea stream is four numbers in typed arrays.
 *
 * Bit-identical to `new PathRun(model, seed, start + p, { record: 'summary',
 * companyTrading: false, marketsOnly: true })` for every path and market: the
 * same operations in the same order on the same doubles as sim/market.ts
 * preTrade and clear (docs/model.md §4), with the company terms at their
 * counterfactual values (no company flow, no signal). Each path draws exactly
 * `model.drawsPerDay` uniforms a day (the company and index draws included, or
 * the stream would shift), with PathRun.drawDay's `u <= 0 -> 1e-12`. Work that
 * cannot change a market figure is skipped: the index normal (only the index
 * return reads it), the execution price, the day figures of the series.
 * test/lockstep-markets.test.ts compares it with PathRun on every saved scenario.
 *
 * A path whose close is not finite and positive records the error PathRun's
 * checkFinite would have thrown (first day, first market); `path(p)` throws it,
 * so a driver that reads the paths in order fails where the serial one did.
 */
import seedrandom from 'seedrandom';
import { DMath, normInv } from './math.ts';
import { cascade, impactOf } from './market.ts';
import { MarketState } from './state.ts';
import { companyFiniteError, marketFiniteError } from './record.ts';
import type { Model, ModelError } from './model.ts';

/** A market's running totals and close, as PathRun.marketTotals returns them. */
export interface MarketTotals {
  close: number;
  peak: number;
  minClose: number;
  liquidationsUsd: number;
  companyNetSoldUsd: number;
  shortLiquidationsUsd: number;
}

/** What a summary reads from a counterfactual: PathRun, or a lockstep path's view. */
export interface MarketTotalsSource {
  marketTotals(k: number): Readonly<MarketTotals>;
}

export class MarketsLockstep {
  readonly model: Model;
  readonly start: number;
  /** Number of paths stepped together. */
  readonly K: number;
  /** Days stepped so far. */
  t = 0;
  // alea state per path (seedrandom's Alea: c, s0, s1, s2).
  private readonly ac: Float64Array;
  private readonly a0: Float64Array;
  private readonly a1: Float64Array;
  private readonly a2: Float64Array;
  /** The day's market uniforms, index i*K + p (i < 4 * markets). */
  private readonly draws: Float64Array;
  /** Independent and correlated normals over the coins, index k*K + p. */
  private readonly raw: Float64Array;
  private readonly corr: Float64Array;
  // Market state, index k*K + p (names as in MarketState).
  private readonly f: Float64Array;
  private readonly T: Float64Array;
  private readonly P: Float64Array;
  private readonly peak: Float64Array;
  private readonly oi: Float64Array;
  private readonly soi: Float64Array;
  private readonly g: Float64Array;
  private readonly rPrev: Float64Array;
  private readonly minClose: Float64Array;
  private readonly totalLiquidationsUsd: Float64Array;
  private readonly totalShortLiquidationsUsd: Float64Array;
  /** Per path: the checkFinite error of its first failing day (null = none). */
  private readonly failure: (ModelError | null)[];
  /** The cascade solver's one argument object (sim/market.ts cascade), reused for every path and day. */
  private readonly scratch = new MarketState();
  private readonly view: LockstepPathView;

  constructor(model: Model, seed: string, start: number, K: number) {
    if (!Number.isInteger(K) || K < 1) throw new RangeError(`MarketsLockstep: expected K >= 1 paths, got ${K}`);
    this.model = model;
    this.start = start;
    this.K = K;
    const nM = model.markets.length, n = nM * K;
    const arr = () => new Float64Array(n);
    this.ac = new Float64Array(K); this.a0 = new Float64Array(K); this.a1 = new Float64Array(K); this.a2 = new Float64Array(K);
    for (let p = 0; p < K; p++) {
      // docs/model.md §3: path i of seed s uses alea seeded with "<s>:<i>"; its state continues here.
      const st = seedrandom.alea(`${seed}:${start + p}`, { state: true }).state();
      this.ac[p] = st.c; this.a0[p] = st.s0; this.a1[p] = st.s1; this.a2[p] = st.s2;
    }
    this.draws = new Float64Array(4 * n);
    this.raw = arr(); this.corr = arr();
    this.f = arr(); this.T = arr(); this.P = arr(); this.peak = arr(); this.oi = arr(); this.soi = arr();
    this.g = arr(); this.rPrev = arr(); this.minClose = arr().fill(Infinity);
    this.totalLiquidationsUsd = arr(); this.totalShortLiquidationsUsd = arr();
    for (let k = 0; k < nM; k++) {
      const m = model.markets[k];
      this.f.fill(m.logPrice0, k * K, (k + 1) * K);
      this.P.fill(m.params.price0, k * K, (k + 1) * K);
      this.peak.fill(m.params.peakPrice, k * K, (k + 1) * K);
      this.oi.fill(m.params.leverage.openInterestUsd, k * K, (k + 1) * K);
      this.soi.fill(m.params.leverage.shortOpenInterestUsd, k * K, (k + 1) * K);
    }
    this.failure = new Array<ModelError | null>(K).fill(null);
    this.view = new LockstepPathView(this);
  }

  get done(): boolean {
    return this.t >= this.model.days;
  }

  run(): this {
    while (this.t < this.model.days) this.step();
    return this;
  }

  /** One day for every path: draws, pre-trade (steps 1-2), clearing (step 7), the finiteness check. */
  step(): void {
    this.drawDay();
    this.preTrade();
    for (let k = 0; k < this.model.markets.length; k++) this.clear(k);
    this.check();
    this.t++;
  }

  /** Step 1: every path draws model.drawsPerDay uniforms (alea, inlined); the markets' 4 per coin are kept. */
  private drawDay(): void {
    const K = this.K, D = this.model.drawsPerDay, keep = 4 * this.model.markets.length, d = this.draws;
    const ac = this.ac, a0 = this.a0, a1 = this.a1, a2 = this.a2;
    for (let p = 0; p < K; p++) {
      let c = ac[p], s0 = a0[p], s1 = a1[p], s2 = a2[p];
      for (let i = 0; i < D; i++) {
        // seedrandom's Alea.next: t = 2091639 s0 + c 2^-32; s0 = s1; s1 = s2; s2 = t - (c = t | 0).
        const x = 2091639 * s0 + c * 2.3283064365386963e-10;
        s0 = s1;
        s1 = s2;
        c = x | 0;
        s2 = x - c;
        if (i < keep) d[i * K + p] = s2 <= 0 ? 1e-12 : s2; // alea can in principle return 0
      }
      ac[p] = c; a0[p] = s0; a1[p] = s1; a2[p] = s2;
    }
  }

  /** Steps 1-2 as sim/market.ts preTrade, with no coin shock; the counterfactual's signal and company flow are 0. */
  private preTrade(): void {
    const model = this.model, K = this.K, t = this.t, nM = model.markets.length, n = model.nAssets, L = model.chol;
    const d = this.draws, raw = this.raw, corr = this.corr;
    for (let k = 0; k < nM; k++) {
      const o = k * K, od = 4 * k * K;
      for (let p = 0; p < K; p++) raw[o + p] = normInv(d[od + p]);
    }
    for (let i = 0; i < nM; i++) {
      for (let p = 0; p < K; p++) {
        let s = 0;
        for (let j = 0; j <= i; j++) s += L[i * n + j] * raw[j * K + p];
        corr[i * K + p] = s;
      }
    }
    const f = this.f, T = this.T;
    for (let k = 0; k < nM; k++) {
      const pm = model.markets[k], o = k * K, od = 4 * k * K;
      const decay = pm.decay, scripted = t < pm.scriptDays, sr = pm.scriptR[t];
      const drift = pm.drift, vol = pm.volDaily, jp = pm.jumpProb, jm = pm.jumpMean, js = pm.jumpStd;
      for (let p = 0; p < K; p++) {
        const j = o + p;
        T[j] *= decay;
        let r: number;
        if (scripted) {
          r = sr;
        } else {
          r = drift + vol * corr[j];
          if (d[od + K + p] < jp) r += jm + js * normInv(d[od + 2 * K + p]);
        }
        f[j] += r + 0; // + coinShock (0), as PathRun.step
      }
    }
  }

  /** Step 7 for market k on every path, as sim/market.ts clear with companies not trading. */
  private clear(k: number): void {
    const pm = this.model.markets[k], prm = pm.params, t = this.t, K = this.K, o = k * K, od = 4 * k * K;
    const ef = prm.etfFlow, lev = prm.leverage, sc = this.scratch, d = this.draws;
    const flows = ef.aumUsd > 0 || pm.flowVolUsd > 0;
    const qScheduled = pm.scheduledUsd[t], vDay = pm.volumeFactor[t];
    const f = this.f, T = this.T, P = this.P, peak = this.peak, oi = this.oi, soi = this.soi, g = this.g, rPrev = this.rPrev;
    const minClose = this.minClose, totL = this.totalLiquidationsUsd, totS = this.totalShortLiquidationsUsd;
    const pf = prm.permanentFraction;
    for (let p = 0; p < K; p++) {
      const j = o + p;
      // preTrade's pre-trade price and drawdown (kept here: only the clearing reads them).
      const logPPre = f[j] - T[j];
      const pPre = DMath.exp(logPPre);
      const d0 = 1 - pPre / peak[j];
      const dd = d0 > 0 ? d0 : 0;
      let gj = 0;
      if (flows) gj = ef.phi * g[j] + ef.chase * ef.aumUsd * rPrev[j] + pm.flowVolUsd * normInv(d[od + 3 * K + p]);
      g[j] = gj;
      const qBase = 0 + qScheduled + -gj; // (no company flow) + scheduled + ETF (inflow counts as negative Q)
      let liq = 1 - prm.liquidityDrawdownSensitivity * dd;
      if (liq < prm.minLiquidityFraction) liq = prm.minLiquidityFraction;
      const vEff = prm.dailyVolumeUsd * liq * vDay;
      const Pj = P[j];
      const base = logPPre - 0 - DMath.log(Pj); // - signal (0)
      sc.oi = oi[j];
      sc.soi = soi[j];
      cascade(pm, sc, qBase, vEff, base);
      const ell = sc.liquidations, ells = sc.shortLiquidations;
      const I = impactOf(pm, qBase + ell - ells, vEff);
      let oij = oi[j] - ell;
      oij += lev.rebuildPerDay * (lev.targetOpenInterestUsd - oij);
      oi[j] = oij;
      let soij = soi[j] - ells;
      soij += lev.shortRebuildPerDay * (lev.shortTargetOpenInterestUsd - soij);
      soi[j] = soij;
      const fj = f[j] - (pf * I + 0); // + signal (0)
      f[j] = fj;
      const Tj = T[j] + (1 - pf) * I;
      T[j] = Tj;
      const close = DMath.exp(fj - Tj);
      P[j] = close;
      rPrev[j] = DMath.log(close / Pj);
      if (close > peak[j]) peak[j] = close;
      if (close < minClose[j]) minClose[j] = close;
      totL[j] += ell;
      totS[j] += ells;
    }
  }

  /** PathRun's checkFinite (sim/record.ts): the first failing day and market of each path is kept. */
  private check(): void {
    const model = this.model, K = this.K, P = this.P, t = this.t;
    for (let k = 0; k < model.markets.length; k++) {
      for (let p = 0; p < K; p++) {
        if (this.failure[p] !== null) continue;
        this.failure[p] = marketFiniteError(model, t, k, P[k * K + p]);
      }
    }
    if (t === 0) {
      // The companies keep their day -1 figures in the counterfactual: checkFinite's company tests, once.
      model.companies.forEach((pc, i) => {
        const c = pc.params, err = companyFiniteError(model, t, i, c.stockPrice0, c.coins, c.sharesOutstanding, c.cashUsd);
        if (err) for (let p = 0; p < K; p++) if (this.failure[p] === null) this.failure[p] = err;
      });
    }
  }

  /** Market k's running totals and close for path `path` (an absolute path index), as PathRun.marketTotals. */
  marketTotals(path: number, k: number): Readonly<MarketTotals> {
    const j = k * this.K + this.index(path);
    return { close: this.P[j], peak: this.peak[j], minClose: this.minClose[j], liquidationsUsd: this.totalLiquidationsUsd[j], companyNetSoldUsd: 0, shortLiquidationsUsd: this.totalShortLiquidationsUsd[j] };
  }

  /**
   * Path `path` (absolute index) as a MarketTotalsSource: one view object, reused (the
   * next call re-points it). Throws the path's checkFinite error if it failed.
   */
  path(path: number): MarketTotalsSource {
    const err = this.failure[this.index(path)];
    if (err) throw err;
    this.view.p = path;
    return this.view;
  }

  private index(path: number): number {
    const i = path - this.start;
    if (!(i >= 0 && i < this.K && Number.isInteger(i))) throw new RangeError(`MarketsLockstep: path ${path} is outside ${this.start}..${this.start + this.K - 1}`);
    return i;
  }
}

class LockstepPathView implements MarketTotalsSource {
  p = 0;
  constructor(private readonly ls: MarketsLockstep) {}
  marketTotals(k: number): Readonly<MarketTotals> {
    return this.ls.marketTotals(this.p, k);
  }
}
