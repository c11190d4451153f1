/**
 * The cascade solver (docs/model.md §4.4, sim/market.ts `cascade`/`solveBook`): a safeguarded
 * Newton method in place of v1's plain iteration. Checked against the point plain iteration
 * from 0 converges to (run here until it stops moving, up to 2,000,000 steps), on random days
 * of both laws and both books, on days where the cascade crawls (v1 stopped at 100 iterations
 * short of it), and with net buying before liquidations (the convex part of the square-root law).
 */
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { cascade, impactOf, CASCADE_TOLERANCE } from '../sim/market.ts';
import { MarketState } from '../sim/state.ts';
import { detExp } from '../sim/math.ts';
import type { PreparedMarket } from '../sim/model.ts';

interface Day { linear: boolean; impactY: number; lambda: number; sd: number; vEff: number; L: number; S: number; mL: number; mS: number; qBase: number; base: number }

function market(d: Day): PreparedMarket {
  return { isLinear: d.linear, impactSd: d.sd, params: { impactY: d.impactY, lambdaPerBillion: d.lambda, leverage: { meanLiquidationDistance: d.mL, shortMeanLiquidationDistance: d.mS } } } as unknown as PreparedMarket;
}

/** Plain iteration from (0, 0) as in v1 (docs/model.md §4.4), with v1's stop rule when cap = 100, else until it stops moving. */
function plain(d: Day, cap: number): { value: number; iterations: number } {
  const pm = market(d);
  let ell = 0, ells = 0, it = 0;
  for (; it < cap; it++) {
    const x = impactOf(pm, d.qBase + ell - ells, d.vEff) - d.base;
    const next = x > 0 ? d.L * (1 - detExp(-x / d.mL)) : 0;
    const nextS = x < 0 ? d.S * (1 - detExp(x / d.mS)) : 0;
    const change = Math.abs(next - ell) + Math.abs(nextS - ells);
    ell = next;
    ells = nextS;
    if (change <= (cap === 100 ? 1e-12 : 0) * (ell + ells)) break;
  }
  return { value: ell - ells, iterations: it + 1 };
}

function newton(d: Day): { value: number; evaluations: number } {
  const m = new MarketState();
  m.oi = d.L;
  m.soi = d.S;
  cascade(market(d), m, d.qBase, d.vEff, d.base);
  return { value: m.liquidations - m.shortLiquidations, evaluations: m.cascadeIterations };
}

/**
 * The accuracy the law itself allows at its root: 1 - exp(-y) for small y = x/m loses about
 * eps/y of relative accuracy, and a root where the gain F' is near 1 moves by that noise over
 * (1 - F'); every float in a band of that width is a fixed point of the computed law.
 */
function allowed(d: Day, root: number): number {
  if (root === 0) return 0; // nothing to liquidate must give exactly 0
  const pm = market(d), long = root > 0, e = Math.abs(root);
  const q = long ? d.qBase + e : -d.qBase + e; // the mirrored flow for shorts
  const I = impactOf(pm, q, d.vEff), x = I - (long ? d.base : -d.base), md = long ? d.mL : d.mS;
  const dI = d.linear ? d.lambda / 1e9 : q !== 0 ? I / (2 * q) : Infinity;
  const gain = ((long ? d.L : d.S) - e) * dI / md;
  return CASCADE_TOLERANCE + (4 * Number.EPSILON) / Math.min(1, x / md) / Math.max(1e-3, 1 - gain);
}

const rel = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));

function randomDay(rng: () => number): Day {
  const u = (a: number, b: number) => a + (b - a) * rng();
  const logU = (a: number, b: number) => Math.exp(u(Math.log(a), Math.log(b)));
  return {
    linear: rng() < 0.3,
    impactY: u(0.2, 1.5),
    lambda: logU(0.005, 0.3),
    sd: u(0.3, 1.2) / Math.sqrt(365),
    vEff: logU(5e8, 1e11),
    L: rng() < 0.1 ? 0 : logU(1e7, 3e10),
    S: rng() < 0.3 ? 0 : logU(1e7, 1e10),
    mL: u(0.03, 0.4),
    mS: u(0.03, 0.4),
    qBase: (rng() < 0.5 ? -1 : 1) * logU(1e5, 5e9),
    base: u(-0.2, 0.2),
  };
}

describe('cascade solver: safeguarded Newton (docs/model.md §4.4)', () => {
  it('lands within the tolerance of the plain-iteration limit on 3,000 random days (both laws, both books, net buying or selling)', () => {
    const rng = seedrandom.alea('cascade');
    let evals = 0, steps = 0, worst = 0, convex = 0, evalsConvex = 0, stepsConvex = 0;
    for (let k = 0; k < 3000; k++) {
      const d = randomDay(rng);
      const ref = plain(d, 2_000_000), got = newton(d);
      expect(ref.iterations, 'the reference settled').toBeLessThan(2_000_000);
      const r = rel(got.value, ref.value);
      expect(r, JSON.stringify(d)).toBeLessThanOrEqual(allowed(d, ref.value));
      if (ref.value !== 0) worst = Math.max(worst, r / allowed(d, ref.value));
      const v1Steps = plain(d, 100).iterations;
      if (!d.linear && ref.value > 0 && d.qBase + ref.value < 0) {
        convex++;
        evalsConvex += got.evaluations;
        stepsConvex += v1Steps;
      }
      evals += got.evaluations;
      steps += v1Steps;
    }
    expect(convex, 'cases with the root in the convex part of the square-root law').toBeGreaterThan(50);
    expect(evals / 3000).toBeLessThan(steps / 3000);
    expect(evalsConvex / convex, 'Newton in the convex part').toBeLessThan(0.75 * (stepsConvex / convex));
    expect(worst).toBeLessThanOrEqual(1);
  });

  it('where the cascade crawls (gain > 0.99 at the root), v1 stopped 100 iterations short; Newton does not', () => {
    // Linear law, no flow, a pre-trade drop d: x = d + lambda ell / 1e9, and ell = L (1 - exp(-x/m)).
    // The gain at the root is F' = L exp(-x/m) lambda / (1e9 m); choose lambda so that F'(root) ~ 0.995.
    // A 0.0001% pre-trade drop and lambda with F'(0) = L lambda / (1e9 m) = 0.995: the gain stays near 0.995
    // up to the root (about F(0)/(1 - 0.995) = 1e7), so plain iteration closes 0.5% of the gap a step.
    const d: Day = { linear: true, impactY: 0, lambda: 0.995 * 1e9 * 0.1 / 5e9, sd: 0, vEff: 1e10, L: 5e9, S: 0, mL: 0.1, mS: 0.1, qBase: 0, base: -1e-6 };
    const ref = plain(d, 2_000_000), v1 = plain(d, 100), got = newton(d);
    expect(v1.iterations).toBeGreaterThanOrEqual(100); // stopped at the cap
    expect(rel(v1.value, ref.value)).toBeGreaterThan(0.1); // v1 stopped far short of the fixed point
    expect(Math.round(rel(v1.value, ref.value) * 100)).toBe(54); // docs/model.md §4.4: "v1 stopped 54% short"
    expect(rel(got.value, ref.value)).toBeLessThanOrEqual(allowed(d, ref.value));
    expect(got.evaluations).toBeLessThan(20);
    expect(got.evaluations).toBe(9); // "the solver needs 9 evaluations"
    const gain = (d.L * Math.exp(-(d.lambda * ref.value / 1e9 - d.base) / d.mL) * d.lambda) / (1e9 * d.mL);
    expect(gain).toBeGreaterThan(0.99);
  });

  it('shorts are the long equation mirrored: a rise with net buying liquidates shorts, none of the longs', () => {
    const d: Day = { linear: false, impactY: 0.7, lambda: 0, sd: 0.5 / Math.sqrt(365), vEff: 2e10, L: 1e10, S: 4e9, mL: 0.2, mS: 0.1, qBase: -1e9, base: 0.01 };
    const got = newton(d), ref = plain(d, 2_000_000);
    expect(got.value).toBeLessThan(0); // forced buys
    expect(rel(got.value, ref.value)).toBeLessThanOrEqual(allowed(d, ref.value));
    const m = new MarketState();
    m.oi = d.L; m.soi = d.S;
    cascade(market(d), m, d.qBase, d.vEff, d.base);
    expect(m.liquidations).toBe(0);
    // Mirror: the same day with signs flipped and the books swapped gives the same amount of longs.
    const mirror: Day = { ...d, L: d.S, S: d.L, mL: d.mS, mS: d.mL, qBase: -d.qBase, base: -d.base };
    expect(rel(newton(mirror).value, -got.value)).toBeLessThanOrEqual(CASCADE_TOLERANCE);
  });

  it('no move, no books, or a drop with no open interest: nothing is liquidated and nothing is evaluated twice', () => {
    const base: Day = { linear: false, impactY: 0.7, lambda: 0, sd: 0.5 / Math.sqrt(365), vEff: 2e10, L: 1e10, S: 1e9, mL: 0.2, mS: 0.1, qBase: 0, base: 0 };
    expect(newton(base).value).toBe(0);
    expect(newton({ ...base, L: 0, S: 0, base: -0.1 }).evaluations).toBe(0);
    expect(newton({ ...base, L: 0, base: -0.1 }).value).toBe(0);
  });
});
