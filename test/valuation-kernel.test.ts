/**
 * The Merton valuation in WebAssembly (wasm/markets.ts `merton`, used by sim/valuation.ts value()
 * for steps 4 and 8 and record()'s close) against sim/valuation.ts mertonEquity in JavaScript:
 * the same number, bit for bit (Object.is), on every branch of both (no claims, no assets, no
 * volatility, and Phi's three regions |x|/sqrt(2) < 0.5, < 4 and >= 4 for d1 and d2). The whole
 * engine with and without it: test/no-wasm.test.ts (the CLI's bytes), test/golden.test.ts.
 * Also the kernel's e^x (expK, the premium's e^pi) against sim/math.ts detExp.
 */
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { expK, mertonEquity, valuationInWasm } from '../sim/valuation.ts';
import { detExp } from '../sim/math.ts';
import { marketsKernel } from '../sim/wasm/load.ts';

/** A kernel instance of the test's own, called as value() calls it: inputs and result through its memory. */
function wasmMerton(): (A: number, D: number, s: number, tau: number) => number {
  const k = marketsKernel();
  if (!k) throw new Error('no WebAssembly in this Node');
  const x = new k.api.Instance(k.module, {}).exports as { memory: { buffer: ArrayBuffer }; mertonIn: () => number; merton: () => void };
  const m = new Float64Array(x.memory.buffer, x.mertonIn(), 5);
  return (A, D, s, tau) => {
    m[0] = A; m[1] = D; m[2] = s; m[3] = tau;
    x.merton();
    return m[4];
  };
}

describe('Merton valuation in WebAssembly', () => {
  it('is what value() uses in Node', () => {
    expect(valuationInWasm()).toBe(true);
  });

  it('worked value: A 100, D 90, s 0.5, tau 1 (python3 below) in both', () => {
    // python3: from math import log, sqrt, erf; N = lambda x: 0.5 * (1 + erf(x / sqrt(2)))
    // d1 = (log(100/90) + 0.125) / 0.5 = 0.46072; E = 100 N(d1) - 90 N(d1 - 0.5) = 24.16000
    const w = wasmMerton();
    expect(w(100, 90, 0.5, 1)).toBeCloseTo(24.16000, 4);
    expect(Object.is(w(100, 90, 0.5, 1), mertonEquity(100, 90, 0.5, 1))).toBe(true);
  });

  it('gives mertonEquity\'s bits on every branch (200,000 fixed-seed inputs and the edges)', () => {
    const w = wasmMerton();
    const rng = seedrandom('valuation-kernel');
    const region = (x: number) => (Math.abs(x) / Math.SQRT2 < 0.5 ? 0 : Math.abs(x) / Math.SQRT2 < 4 ? 1 : 2);
    const seen = [0, 0, 0, 0, 0, 0]; // d1's regions, then d2's
    let differ = 0, n = 0;
    const check = (A: number, D: number, s: number, tau: number) => {
      n++;
      if (!Object.is(w(A, D, s, tau), mertonEquity(A, D, s, tau))) differ++;
      if (D > 0 && A > 0 && s > 0 && tau > 0) {
        const sq = s * Math.sqrt(tau), d1 = (Math.log(A / D) + 0.5 * s * s * tau) / sq;
        seen[region(d1)]++;
        seen[3 + region(d1 - sq)]++;
      }
    };
    for (let i = 0; i < 200_000; i++) {
      // Leverage D/A from 1e-4 to 1e3, asset volatility 0.01-3, tau 0.25-12 years, sizes 1e3-1e12 USD.
      const A = 10 ** (3 + 9 * rng());
      const D = A * 10 ** (-4 + 7 * rng());
      check(A, D, 0.01 + 3 * rng(), 0.25 + 11.75 * rng());
    }
    for (const [A, D, s, tau] of [
      [100, 0, 0.5, 1], [-5, 0, 0.5, 1], [0, 50, 0.5, 1], [-1, 50, 0.5, 1], [100, 50, 0, 1], [40, 50, 0, 1],
      [100, 50, 0.5, 0], [100, 50, -1, 1], [1e300, 1, 0.5, 1], [1, 1e300, 0.5, 1], [100, 100, 1e-9, 1], [100, 99.999999, 0.2, 0.25],
    ]) check(A, D, s, tau);
    expect(differ).toBe(0);
    expect(n).toBe(200_012);
    // Every Phi region was exercised for d1 and for d2 (not vacuous).
    for (const c of seen) expect(c).toBeGreaterThan(1000);
  });

  it('expK (the premium\'s e^pi, in the kernel) gives detExp\'s bits, over the whole range and the edges', () => {
    const rng = seedrandom('valuation-kernel-exp');
    let differ = 0;
    const xs = [0, -0, 1, -1, 1e-300, -1e-300, 3.7e-9, 0.34657, 0.3466, 1.0397, 1.04, 709.78, 709.79, 710, -745, -745.2, -746, Infinity, -Infinity, NaN];
    for (let i = 0; i < 100_000; i++) xs.push((rng() - 0.5) * 20, (rng() - 0.5) * 1500, (rng() - 0.5) * 1e-6);
    for (const x of xs) if (!Object.is(expK(x), detExp(x))) differ++;
    expect(xs.length).toBe(300_020);
    expect(differ).toBe(0);
    expect(expK(1)).toBe(2.7182818284590455); // fdlibm's e^1 (test/det-math.test.ts)
  });
});

