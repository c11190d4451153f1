/**
 * Worked examples of every formula of MODEL.md, with numbers computed apart
 * from the engine: by hand, with python3 (the one-liner is in the comment;
 * Phi(x) = 0.5*erfc(-x/sqrt(2)) from the C library), with mathjs, or by an
 * independent method in the test itself (bisection for the cascade).
 */
import { describe, expect, it } from 'vitest';
import { eigs, multiply, transpose } from 'mathjs';
import { linearImpact, liquidated, mertonEquity, sqrtImpact } from '../sim/engine.ts';
import { cholesky, normCdf } from '../sim/math.ts';
import { close, companyFile, marketFile, run, scenarioFile } from './reference/scenarios.ts';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));

describe('Merton equity (docs/model.md §5.2, 11 "Merton")', () => {
  it('no senior claims: E = max(A, 0)', () => {
    expect(mertonEquity(150, 0, 0.5, 1)).toBe(150);
    expect(mertonEquity(-5, 0, 0.5, 1)).toBe(0);
  });

  it('zero asset volatility: E = max(A - D, 0)', () => {
    expect(mertonEquity(100, 60, 0, 1)).toBe(40);
    expect(mertonEquity(50, 60, 0, 1)).toBe(0);
  });

  it('A=100, D=60, s=0.5, tau=1: the Black-Scholes call', () => {
    // d1 = (ln(100/60) + 0.125)/0.5 = 1.2716512475319814, d2 = 0.7716512475319814
    // python3 -c "import math;P=lambda x:0.5*math.erfc(-x/2**.5);d1=(math.log(100/60)+.125)/.5;print(100*P(d1)-60*P(d1-.5))"
    //   -> 43.03477740178363
    expect(rel(mertonEquity(100, 60, 0.5, 1), 43.03477740178363)).toBeLessThan(1e-13);
  });

  it('more examples: debt above assets keeps equity positive; the tau floor case', () => {
    // python3 -c "import math;P=lambda x:0.5*math.erfc(-x/2**.5);s=0.8*2**.5;d1=(math.log(50/60)+0.64)/s;print(50*P(d1)-60*P(d1-s))"
    //   -> 18.834720791092845 (A=50 < D=60, s=0.8, tau=2)
    expect(rel(mertonEquity(50, 60, 0.8, 2), 18.834720791092845)).toBeLessThan(1e-13);
    // tau = 0.25 (the floor): python3 ... -> 40.14539605105063
    expect(rel(mertonEquity(100, 60, 0.5, 0.25), 40.14539605105063)).toBeLessThan(1e-13);
  });

  it("the engine's tau (docs/model.md §5.2): principal-weighted years to maturity, a preferred as 10 years, at least 0.25", () => {
    // 10,000 BTC at a flat $100,000 (no impact), no cash: A = $1B, s = 0.5; equity NAV per share x shares = E.
    // python3: E(1e9,4e8,0.5,10) -> 748100761.7943828; E(1e9,8e8,0.5,0.25) -> 222655901.30531836
    //   (unfloored, tau = 30/365: 203291711.001464); E(A,D,s,t) = A N(d1) - D N(d1 - s sqrt(t)).
    const equity = (debt: object) => {
      const r = run(scenarioFile({
        horizonDays: 2,
        markets: { BTC: marketFile({ impactY: 0, scriptedPath: [{ date: '2025-11-01', price: 100_000 }, { date: '2025-11-10', price: 100_000 }] }) },
        companies: [companyFile('TAU', { debt: [debt] })],
      }), { counterfactual: false });
      expect(r.markets.BTC.price[0]).toBeCloseTo(100_000, 6);
      return r.companies.TAU.navPerShare[0] * r.companies.TAU.shares[0];
    };
    expect(rel(equity({ kind: 'preferred', id: 'pf', liquidationPreferenceUsd: 400e6, dividendRate: 0 }), 748100761.7943828)).toBeLessThan(1e-12);
    expect(rel(equity({ kind: 'loan', id: 'ln', principalUsd: 800e6, rate: 0, maturityDate: '2025-12-03' }), 222655901.30531836)).toBeLessThan(1e-12);
  });

  it('is bounded by intrinsic value and assets: max(A-D,0) <= E <= A', () => {
    for (const [A, D, s, tau] of [[10, 100, 0.9, 3], [100, 10, 0.1, 0.25], [1e9, 9e8, 0.7, 10], [5, 5, 0.3, 1]]) {
      const e = mertonEquity(A, D, s, tau);
      expect(e).toBeGreaterThanOrEqual(Math.max(A - D, 0) - 1e-9 * A);
      expect(e).toBeLessThanOrEqual(A);
    }
  });
});

describe('normCdf (sim/math.ts)', () => {
  // python3 -c "import math;print([0.5*math.erfc(-x/2**.5) for x in (0,1.96,-1,3,-5,0.3,-0.7,2.5,-8)])"
  const known: [number, number][] = [
    [0, 0.5], [1.96, 0.9750021048517795], [-1, 0.15865525393145707], [3, 0.9986501019683699],
    [-5, 2.866515718791946e-7], [0.3, 0.6179114221889526], [-0.7, 0.24196365222307306],
    [2.5, 0.9937903346742238], [-8, 6.220960574271819e-16],
  ];
  it.each(known)('Phi(%d)', (x, p) => {
    expect(rel(normCdf(x), p)).toBeLessThan(1e-13);
  });
  it('is symmetric: Phi(x) + Phi(-x) = 1', () => {
    for (let x = -6; x <= 6; x += 0.37) expect(Math.abs(normCdf(x) + normCdf(-x) - 1)).toBeLessThan(1e-15);
  });
});

describe('Cholesky factor (sim/math.ts) against mathjs eigs', () => {
  /** Correlation matrix from random factor loadings (always PSD). */
  function randomCorrelation(n: number, seed: number): number[][] {
    let s = seed;
    const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1;
    const f = Array.from({ length: n }, () => [rnd(), rnd(), rnd()]);
    const c = f.map((a) => f.map((b) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2]));
    return c.map((row, i) => row.map((v, j) => (i === j ? 1 : v / Math.sqrt(c[i][i] * c[j][j]))));
  }
  const minEig = (m: number[][]) => Math.min(...(eigs(m).values as unknown as number[]));

  it('reconstructs PSD matrices: L lower triangular and L*L^T = M', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const n = 2 + (seed % 4);
      const m = randomCorrelation(n, seed);
      expect(minEig(m)).toBeGreaterThan(-1e-12);
      const l = cholesky(m.flat(), n);
      expect(l).not.toBeNull();
      const L = Array.from({ length: n }, (_, i) => Array.from(l!.subarray(i * n, i * n + n)));
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(L[i][j]).toBe(0);
      const back = multiply(L, transpose(L)) as number[][];
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(Math.abs(back[i][j] - m[i][j])).toBeLessThan(1e-12);
    }
  });

  it('accepts a singular PSD matrix (perfect correlation) with a zero column', () => {
    const m = [[1, 1, 0.5], [1, 1, 0.5], [0.5, 0.5, 1]];
    expect(minEig(m)).toBeGreaterThan(-1e-12);
    const l = cholesky(m.flat(), 3)!;
    expect(l).not.toBeNull();
    const L = [0, 1, 2].map((i) => Array.from(l.subarray(i * 3, i * 3 + 3)));
    const back = multiply(L, transpose(L)) as number[][];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(Math.abs(back[i][j] - m[i][j])).toBeLessThan(1e-12);
  });

  it('rejects matrices that are not PSD (mathjs finds a negative eigenvalue)', () => {
    const bad = [
      [[1, 0.99, 0.99], [0.99, 1, -0.99], [0.99, -0.99, 1]], // BTC/ETH .99, BTC/INDEX .99, ETH/INDEX -.99
      [[1, 0.9, 0.9], [0.9, 1, 0], [0.9, 0, 1]],
      [[1, 1.2], [1.2, 1]],
    ];
    for (const m of bad) {
      expect(minEig(m)).toBeLessThan(-1e-3);
      expect(cholesky(m.flat(), m.length)).toBeNull();
    }
  });
});

describe('impact laws (docs/model.md §4.3)', () => {
  it('square root: Y=0.7, sigma 50%, V=$20B, $1B sale -> about 0.41%', () => {
    // 0.7 * 0.5/sqrt(365) * sqrt(1e9/20e9) = 0.7 * 0.0261712 * 0.2236068
    // python3 -c "print(0.7*0.5/365**.5*(1/20)**.5)" -> 0.004096440151864569
    const i = sqrtImpact(1e9, 0.7, 0.5 / Math.sqrt(365), 20e9);
    expect(rel(i, 0.004096440151864569)).toBeLessThan(1e-14);
    expect(sqrtImpact(-1e9, 0.7, 0.5 / Math.sqrt(365), 20e9)).toBe(-i); // buying lifts the price
    expect(sqrtImpact(0, 0.7, 0.5 / Math.sqrt(365), 20e9)).toBe(0);
    expect(rel(sqrtImpact(4e9, 0.7, 0.5 / Math.sqrt(365), 20e9), 2 * i)).toBeLessThan(1e-14); // 4x the sale, 2x the move
  });

  it('linear: 3.4% per $1B', () => {
    expect(linearImpact(1e9, 0.034)).toBeCloseTo(0.034, 15);
    expect(linearImpact(-2.5e9, 0.034)).toBeCloseTo(-0.085, 15);
  });

  it('the two calibrations differ by a factor of about 8 (docs/model.md §4.3)', () => {
    const ratio = linearImpact(1e9, 0.034) / sqrtImpact(1e9, 0.7, 0.5 / Math.sqrt(365), 20e9);
    expect(ratio).toBeGreaterThan(7.5);
    expect(ratio).toBeLessThan(8.8);
  });

  // One market, no companies, a $1B scheduled sale on day 0, no drift: P_pre = price0.
  const oneDay = (law: 'sqrt' | 'linear') =>
    run(scenarioFile({
      horizonDays: 3,
      markets: { BTC: marketFile({ impactLaw: law, permanentFraction: 0.3, scheduledFlows: [{ startDate: '2025-11-03', days: 1, usdPerDay: 1e9 }] }) },
    }), { deterministic: true, counterfactual: false });

  it('execution price P_pre*exp(-I/2) and close P_pre*exp(-I) on an engine day (square root)', () => {
    const m = oneDay('sqrt').markets.BTC;
    const I = 0.004096440151864569;
    expect(rel(m.preTradePrice[0], 100_000)).toBeLessThan(1e-15); // exp(log(price0))
    expect(rel(m.executionPrice[0], 100_000 * Math.exp(-I / 2))).toBeLessThan(1e-14);
    expect(rel(m.price[0], 100_000 * Math.exp(-I))).toBeLessThan(1e-14);
    // ~0.41% lower: 1 - exp(-0.0040964) = 0.4088%
    expect(1 - m.price[0] / 100_000).toBeCloseTo(0.004088, 6);
    // Day 1: transient part (1 - 0.3) decays with half-life 5 days; the permanent 30% stays.
    const T1 = 0.7 * I * Math.pow(2, -1 / 5);
    expect(rel(m.price[1], 100_000 * Math.exp(-0.3 * I - T1))).toBeLessThan(1e-13);
    expect(rel(m.transientImpact[0], 0.7 * I)).toBeLessThan(1e-13);
  });

  it('execution price and close on an engine day (linear, 3.4% per $1B)', () => {
    const m = oneDay('linear').markets.BTC;
    expect(rel(m.executionPrice[0], 100_000 * Math.exp(-0.017))).toBeLessThan(1e-14);
    expect(rel(m.price[0], 100_000 * Math.exp(-0.034))).toBeLessThan(1e-14); // 96,657.4
  });

  it('liquidity thins in drawdowns: V_eff = V*max(min, 1 - s*DD)', () => {
    // peak 125,000 and price 100,000: DD = 0.2, s = 2 -> V_eff = 0.6 V; with s = 5 the floor 0.3 applies.
    for (const [sens, frac] of [[2, 0.6], [5, 0.3]]) {
      const m = run(scenarioFile({
        horizonDays: 1,
        markets: { BTC: marketFile({ peakPrice: 125_000, liquidityDrawdownSensitivity: sens, minLiquidityFraction: 0.3, scheduledFlows: [{ startDate: '2025-11-03', days: 1, usdPerDay: 1e9 }] }) },
      }), { deterministic: true, counterfactual: false }).markets.BTC;
      const I = 0.7 * (0.5 / Math.sqrt(365)) * Math.sqrt(1e9 / (20e9 * frac));
      expect(rel(m.price[0], 100_000 * Math.exp(-I))).toBeLessThan(1e-13);
    }
  });

  it('and by the liquidity shocks covering the day: V_eff = V*max(min, 1 - s*DD)*f_t (f_t the product of their volumeFractions)', () => {
    // python3 -c "import math;I=0.7*(0.5/365**.5)*(1e9/(20e9*0.25))**.5;print(I,1e5*math.exp(-I))" -> 0.008192880303729139 99184.05898720198
    const shocked = (shocks: object[]) => run(scenarioFile({
      horizonDays: 2,
      markets: { BTC: marketFile({ liquidityShocks: shocks, scheduledFlows: [{ startDate: '2025-11-03', days: 1, usdPerDay: 1e9 }] }) },
    }), { deterministic: true, counterfactual: false }).markets.BTC;
    const one = shocked([{ startDate: '2025-11-03', days: 1, volumeFraction: 0.25 }]);
    expect(rel(one.price[0], 100_000 * Math.exp(-0.00819288030372914))).toBeLessThan(1e-13);
    expect(one.price[0]).toBeCloseTo(99184.059, 2);
    // Two shocks over the same day multiply: 0.5 x 0.5 = 0.25, the same close.
    const two = shocked([{ startDate: '2025-11-03', days: 1, volumeFraction: 0.5 }, { startDate: '2025-11-03', days: 1, volumeFraction: 0.5 }]);
    expect(two.price[0]).toBe(one.price[0]);
    // Without the shock: V = $20B, I = 0.004096440151864569.
    expect(rel(shocked([]).price[0], 100_000 * Math.exp(-0.004096440151864569))).toBeLessThan(1e-13);
  });
});

describe('liquidation cascade fixed point (docs/model.md §4.4), solved here by bisection', () => {
  /** Root of g(ell) = ell - L(1 - exp(-x(ell)/m)) on [0, L]; g(0) <= 0 < g(L) and the right side is concave. */
  function bisect(L: number, m: number, drop: (ell: number) => number): number {
    let lo = 0, hi = L;
    for (let k = 0; k < 200; k++) {
      const mid = (lo + hi) / 2;
      if (mid - L * (1 - Math.exp(-Math.max(0, drop(mid)) / m)) < 0) lo = mid;
      else hi = mid;
    }
    return lo;
  }

  it('square root: $2B sold into $10B of longs 20% from liquidation', () => {
    const L = 10e9, m = 0.2, q0 = 2e9;
    const sd = 0.5 / Math.sqrt(365);
    const ell = bisect(L, m, (e) => 0.7 * sd * Math.sqrt((q0 + e) / 20e9));
    // python3 bisection gives 306262722.37213033
    expect(rel(ell, 306262722.37213033)).toBeLessThan(1e-9);
    const r = run(scenarioFile({
      horizonDays: 2,
      markets: { BTC: marketFile({ leverage: { openInterestUsd: L, meanLiquidationDistance: m, targetOpenInterestUsd: 12e9, rebuildPerDay: 0.1 }, scheduledFlows: [{ startDate: '2025-11-03', days: 1, usdPerDay: q0 }] }) },
    }), { deterministic: true, counterfactual: false });
    const mk = r.markets.BTC;
    expect(rel(mk.liquidationsUsd[0], ell)).toBeLessThan(1e-9);
    // The close is the impact of sale plus liquidations; liquidations equal ell(x) at that close.
    const I = 0.7 * sd * Math.sqrt((q0 + ell) / 20e9);
    expect(rel(mk.price[0], 100_000 * Math.exp(-I))).toBeLessThan(1e-12);
    expect(rel(mk.liquidationsUsd[0], liquidated(L, -Math.log(mk.price[0] / 100_000), m))).toBeLessThan(1e-9);
    // Open interest: L - ell, then rebuild 10% of the gap to $12B.
    expect(rel(mk.openInterestUsd[0], L - ell + 0.1 * (12e9 - (L - ell)))).toBeLessThan(1e-12);
  });

  it('linear law, no flow, a 1% pre-trade drop: the cascade runs on its own (gain > 1, bounded by L)', () => {
    const L = 5e9, m = 0.1;
    const ell = bisect(L, m, (e) => 0.01 + (0.034 * e) / 1e9);
    // python3 bisection gives 3725018604.1289253
    expect(rel(ell, 3725018604.1289253)).toBeLessThan(1e-9);
    const r = run(scenarioFile({
      horizonDays: 1,
      markets: { BTC: marketFile({ mu: -3.65, impactLaw: 'linear', leverage: { openInterestUsd: L, meanLiquidationDistance: m, targetOpenInterestUsd: L, rebuildPerDay: 0 } }) },
    }), { deterministic: true, counterfactual: false });
    expect(r.markets.BTC.preTradePrice[0]).toBeCloseTo(100_000 * Math.exp(-0.01), 6);
    expect(rel(r.markets.BTC.liquidationsUsd[0], ell)).toBeLessThan(1e-9);
  });

  it('liquidated(): no drop, no liquidations', () => {
    expect(liquidated(1e9, 0, 0.2)).toBe(0);
    expect(liquidated(1e9, -0.05, 0.2)).toBe(0);
    expect(rel(liquidated(1e9, 0.2, 0.2), 1e9 * (1 - Math.exp(-1)))).toBeLessThan(1e-15);
  });
});

describe('buybacks and NAV per share (docs/model.md §5.3, 10)', () => {
  // A company with no debt in a market that cannot move: impactY = 0 (no coin impact),
  // no drift, no announcement signal. NAV per share then changes only through buybacks:
  // E/N after = (E - B)/(N - B/F), which is above E/N exactly when the fill F is below E/N.
  function buybackRun(stockPrice0: number, threshold: number) {
    return run(scenarioFile({
      horizonDays: 12,
      markets: { BTC: marketFile({ impactY: 0 }) },
      companies: [companyFile('BUY', {
        coins: 10_000, sharesOutstanding: 100e6, stockPrice0, buybackAuthorizationUsd: 1e9, saleSignalImpact: 0,
        policies: [{ kind: 'buybackBelowNav', navDiscountThreshold: threshold, maxAdvFraction: 0.25, maxPriceUsd: 0 }],
      })],
    }), { deterministic: true, counterfactual: false });
  }

  it('below NAV (S = 6, E/N = 10): every buyback raises E/N, by exactly (E-B)/(N-B/F)', () => {
    const r = buybackRun(6, 1);
    const c = r.companies.BUY;
    const buys = r.events.filter((e) => e.kind === 'buyback');
    expect(buys.length).toBeGreaterThan(5);
    expect(c.navPerShare.every((v, t) => t === 0 || v >= c.navPerShare[t - 1])).toBe(true);
    let nav = 10, n = 100e6;
    for (const b of buys) {
      const t = b.day, B = b.usd as number, F = b.price as number;
      expect(F).toBeLessThan(nav);
      const after = (nav * n - B) / (n - B / F);
      expect(after).toBeGreaterThan(nav);
      expect(close(c.navPerShare[t], after, 1e-12)).toBe(true);
      nav = after;
      n -= B / F;
      expect(close(c.shares[t], n, 1e-12)).toBe(true);
    }
  });

  it('above NAV (S = 13, E/N = 10, threshold 1.5): every buyback lowers E/N', () => {
    const r = buybackRun(13, 1.5);
    const c = r.companies.BUY;
    const buys = r.events.filter((e) => e.kind === 'buyback');
    expect(buys.length).toBeGreaterThan(5);
    for (const b of buys) {
      expect(b.price as number).toBeGreaterThan(c.navPerShare[b.day - 1] ?? 10);
      expect(c.navPerShare[b.day]).toBeLessThan(b.day === 0 ? 10 : c.navPerShare[b.day - 1]);
    }
  });

  it('the buyback fills at the stock midpoint S*exp(dpi/2), dpi = Ys*sdStock*sqrt(B/ADV)', () => {
    const r = buybackRun(6, 1);
    const b = r.events.find((e) => e.kind === 'buyback')!;
    // Day 0 (Monday). Step 4: target = pi0 (no drawdown, no debt), so pi = pi0 + indexBeta * r_index with
    // r_index = mu/252 = 0.08/252 (index sigma is 0 in deterministic mode); E/N = 10 and exp(pi0) = 6/10,
    // so S = 6*exp(0.08/252). B = 25% of ADV = 0.25 * 0.05 * S * N; dpi = 0.7/sqrt(252) * sqrt(0.25).
    const S = 6 * Math.exp(0.08 / 252);
    const dpi = (0.7 / Math.sqrt(252)) * 0.5;
    expect(b.day).toBe(0);
    expect(close(b.usd as number, 0.25 * 0.05 * S * 100e6, 1e-12)).toBe(true);
    expect(close(b.price as number, S * Math.exp(dpi / 2), 1e-12)).toBe(true);
    expect(close(b.shares as number, (b.usd as number) / (S * Math.exp(dpi / 2)), 1e-12)).toBe(true);
  });
});

describe('recorded valuation figures (docs/model.md §5.2, 11 "Closing stock price")', () => {
  it('mNAV, EV/mNAV, LTV, NAV per share and unrealized P&L follow their definitions at the close', () => {
    const r = run(scenarioFile({
      horizonDays: 40,
      companies: [companyFile('LEV', {
        coins: 5_000, costBasisUsd: 110_000, cashUsd: 20e6, otherAssetsUsd: 5e6, stockPrice0: 4, opexUsdPerYear: 10e6,
        debt: [
          { kind: 'convertible', id: 'cv', principalUsd: 200e6, couponRate: 0.02, maturityDate: '2028-01-15', conversionPrice: 30, collateralCoins: 0 },
          { kind: 'loan', id: 'ln', principalUsd: 50e6, rate: 0.08, maturityDate: '2027-01-15' },
          { kind: 'preferred', id: 'pf', liquidationPreferenceUsd: 30e6, dividendRate: 0.1 },
        ],
      })],
    }), { seed: '7' });
    const c = r.companies.LEV, P = r.markets.BTC.price;
    for (let t = 0; t < 40; t++) {
      const coinValue = c.coins[t] * P[t];
      expect(close(c.mnav[t]!, (c.stockPrice[t] * c.shares[t]) / coinValue, 1e-12)).toBe(true);
      expect(close(c.evMnav[t]!, (c.stockPrice[t] * c.shares[t] + c.debtUsd[t] + 30e6 - c.cashUsd[t]) / coinValue, 1e-12)).toBe(true);
      expect(close(c.ltv[t], c.debtUsd[t] / coinValue, 1e-12)).toBe(true);
      expect(close(c.debtUsd[t], 250e6, 1e-12)).toBe(true); // debtUsd: convertible + loan, preferred apart
      expect(close(c.bookNavPerShare[t], (coinValue + c.cashUsd[t] + 5e6 - 280e6) / c.shares[t], 1e-12, 1e-12)).toBe(true);
      expect(close(c.unrealizedPnlUsd[t], c.coins[t] * (P[t] - 110_000), 1e-12)).toBe(true);
      // Equity NAV per share is Merton's: between book value and assets per share.
      expect(c.navPerShare[t]).toBeGreaterThan(Math.max(0, c.bookNavPerShare[t]));
      expect(c.navPerShare[t]).toBeLessThan((coinValue + c.cashUsd[t] + 5e6) / c.shares[t]);
    }
  });
});
