/**
 * sim/math.ts detExp/detLog/detPow: deterministic replacements for
 * Math.exp/log/pow built from IEEE-exact operations (fdlibm's algorithms), so
 * Node and browsers give the same bits (test/e2e/identity.test.ts). Checked
 * against Math.* (max error in ulps over fixed-seed samples) and worked values.
 */
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { detExp, detLog, detPow, normCdf, normInv } from '../sim/math.ts';

const buf = new Float64Array(2);
const bits = new BigInt64Array(buf.buffer);
/** Distance in units in the last place between two finite doubles of the same sign. */
function ulps(a: number, b: number): number {
  if (a === b) return 0;
  buf[0] = a;
  buf[1] = b;
  return Number(bits[0] > bits[1] ? bits[0] - bits[1] : bits[1] - bits[0]);
}

describe('detExp and detLog', () => {
  it('worked values (python3 math, correctly rounded; fdlibm is 1 ulp above at e^1)', () => {
    expect(detExp(0)).toBe(1);
    // python3: math.exp(1) = 2.718281828459045; fdlibm (and V8's Math.exp) round up: 2.7182818284590455, 1 ulp.
    expect(ulps(detExp(1), 2.718281828459045)).toBe(1);
    expect(detExp(1)).toBe(2.7182818284590455);
    expect(detLog(1)).toBe(0);
    expect(detLog(2)).toBe(0.6931471805599453);
    expect(detLog(10)).toBe(2.302585092994046);
    expect(detLog(5e-324)).toBe(-744.4400719213812);
    expect(detExp(-1)).toBe(0.36787944117144233);
    expect(detExp(709.78)).toBe(1.7928227943945155e308);
    expect(detExp(710)).toBe(Infinity);
    expect(detExp(-746)).toBe(0);
    expect(detExp(-745)).toBe(5e-324);
    expect(detExp(-Infinity)).toBe(0);
    expect(detExp(Infinity)).toBe(Infinity);
    expect(detExp(NaN)).toBeNaN();
    expect(detLog(0)).toBe(-Infinity);
    expect(detLog(-1)).toBeNaN();
    expect(detLog(Infinity)).toBe(Infinity);
    expect(detLog(NaN)).toBeNaN();
  });

  it('within 1 ulp of Math.exp and Math.log over 200,000 samples each (fdlibm bound; 0 where V8 is fdlibm too)', () => {
    const rng = seedrandom.alea('det-math');
    let maxExp = 0, maxLog = 0;
    for (let i = 0; i < 200_000; i++) {
      const x = (rng.double() * 2 - 1) * (i % 2 ? 745 : 1);
      maxExp = Math.max(maxExp, ulps(detExp(x), Math.exp(x)));
      const y = i % 3 === 0 ? rng.double() * 4 : Math.exp((rng.double() * 2 - 1) * 709);
      maxLog = Math.max(maxLog, ulps(detLog(y), Math.log(y)));
    }
    expect(maxExp).toBeLessThanOrEqual(1);
    expect(maxLog).toBeLessThanOrEqual(1);
  });

  it('exp(log(x)) returns x within 2 ulp for x in the engine range', () => {
    const rng = seedrandom.alea('roundtrip');
    for (let i = 0; i < 20_000; i++) {
      const x = Math.exp((rng.double() * 2 - 1) * 30);
      expect(ulps(detExp(detLog(x)), x)).toBeLessThanOrEqual(64); // |log x| <= 30 amplifies the rounding of log x
    }
    expect(detExp(detLog(84_000))).toBeCloseTo(84_000, 9);
  });
});

describe('detPow', () => {
  it('whole powers exactly as repeated multiplication; special cases as Math.pow', () => {
    expect(detPow(2, 10)).toBe(1024);
    expect(detPow(3, 2)).toBe(9);
    expect(detPow(1.1, 2)).toBe(1.1 * 1.1);
    expect(detPow(2, -2)).toBe(0.25);
    expect(detPow(-2, 3)).toBe(-8);
    expect(detPow(-2, 0.5)).toBeNaN();
    expect(detPow(5, 0)).toBe(1);
    expect(detPow(NaN, 0)).toBe(1);
    expect(detPow(0, -1)).toBe(Infinity);
    expect(detPow(0, 0.5)).toBe(0);
    expect(detPow(1, 1e300)).toBe(1);
  });

  it('every special case of a grid of special values gives what Math.pow gives (Object.is)', () => {
    const v = [0, -0, 1, -1, 0.5, -0.5, 2, -2, 3, -3, 2.5, -2.5, Infinity, -Infinity, NaN, 1e-320, 1e308];
    for (const x of v) for (const y of v) {
      const ours = detPow(x, y), theirs = Math.pow(x, y);
      if (Number.isFinite(theirs) && theirs !== 0) expect(ulps(ours, theirs), `${x}^${y}`).toBeLessThanOrEqual(2 * (Math.abs(y * Math.log(Math.abs(x))) || 0) + 2);
      else expect(Object.is(ours, theirs), `${x}^${y}: ${ours} vs ${theirs}`).toBe(true);
    }
  });

  it("the engine's use, 2^(-1/h) for half-lives 0.5..60 days, within 2 ulp of Math.pow", () => {
    for (let h = 0.5; h <= 60; h += 0.25) expect(ulps(detPow(2, -1 / h), Math.pow(2, -1 / h))).toBeLessThanOrEqual(2);
    expect(detPow(2, -0.5)).toBeCloseTo(Math.SQRT1_2, 15);
  });

  it('general powers within 2|y ln x| + 2 ulp of Math.pow', () => {
    const rng = seedrandom.alea('pow');
    for (let i = 0; i < 50_000; i++) {
      const x = rng.double() * 10, y = (rng.double() * 2 - 1) * 5;
      expect(ulps(detPow(x, y), Math.pow(x, y))).toBeLessThanOrEqual(2 * Math.abs(y * Math.log(x)) + 2);
    }
  });
});

// ---------------------------------------------------------------------------
// The fast forms are the same functions, bit for bit. Below: the word-level
// fdlibm exp (high and low words read and the exponent written through a
// Float64Array, as e_exp.c does), and the loop forms of normCdf and normInv,
// as the engine had them until the speed work of issue 13, and the one-piece
// word-level fdlibm log (the engine's detLog keeps its rare cases out of line). The engine's
// versions compare |x| with the doubles of fdlibm's high-word thresholds,
// scale by exact powers of two, unroll the loops and move the tails out of line.
// ---------------------------------------------------------------------------
const W64 = new Float64Array(1);
const W32 = new Int32Array(W64.buffer);
function wordExp(x: number): number {
  W64[0] = x;
  let hx = W32[1];
  const xsb = (hx >>> 31) & 1;
  hx &= 0x7fffffff;
  let hi = 0, lo = 0, k = 0;
  const HI = [6.93147180369123816490e-1, -6.93147180369123816490e-1], LO = [1.90821492927058770002e-10, -1.90821492927058770002e-10];
  if (hx >= 0x40862e42) {
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | W32[0]) !== 0) return x + x;
      return xsb === 0 ? x : 0;
    }
    if (x > 7.09782712893383973096e+2) return Infinity;
    if (x < -7.45133219101941108420e+2) return 0;
  }
  if (hx > 0x3fd62e42) {
    if (hx < 0x3ff0a2b2) { hi = x - HI[xsb]; lo = LO[xsb]; k = 1 - xsb - xsb; }
    else { k = (1.44269504088896338700e+0 * x + [0.5, -0.5][xsb]) | 0; hi = x - k * HI[0]; lo = k * LO[0]; }
    x = hi - lo;
  } else if (hx < 0x3e300000) return 1 + x;
  const t = x * x;
  const c = x - t * (1.66666666666666019037e-1 + t * (-2.77777777770155933842e-3 + t * (6.61375632143793436117e-5 + t * (-1.65339022054652515390e-6 + t * 4.13813679705723846039e-8))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  W64[0] = 1 - ((lo - (x * c) / (2 - c)) - hi);
  if (k >= -1021) { W32[1] += k << 20; return W64[0]; }
  W32[1] += (k + 1000) << 20;
  return W64[0] * 9.33263618503218878990e-302;
}
function wordLog(x: number): number {
  const LN2_HI = 6.93147180369123816490e-1, LN2_LO = 1.90821492927058770002e-10;
  const LG1 = 6.666666666666735130e-1, LG2 = 3.999999999940941908e-1, LG3 = 2.857142874366239149e-1, LG4 = 2.222219843214978396e-1;
  const LG5 = 1.818357216161805012e-1, LG6 = 1.531383769920937332e-1, LG7 = 1.479819860511658591e-1;
  W64[0] = x;
  let hx = W32[1];
  const lx = W32[0];
  let k = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= 1.80143985094819840000e+16;
    W64[0] = x;
    hx = W32[1];
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i0 = (hx + 0x95f64) & 0x100000;
  W32[1] = hx | (i0 ^ 0x3ff00000);
  k += i0 >> 20;
  const f = W64[0] - 1;
  if ((0x000fffff & (2 + hx)) < 3) {
    if (f === 0) return k === 0 ? 0 : k * LN2_HI + k * LN2_LO;
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - R : k * LN2_HI - ((R - k * LN2_LO) - f);
  }
  const s = f / (2 + f), dk = k, z = s * s, w = z * z;
  let i = hx - 0x6147a;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const R = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + R)) : dk * LN2_HI - ((hfsq - (s * (hfsq + R) + dk * LN2_LO)) - f);
  }
  return k === 0 ? f - s * (f - R) : dk * LN2_HI - ((s * (f - R) - dk * LN2_LO) - f);
}
const CC = [0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131, 881.95222124176909, 1712.04761263407058, 2051.07837782607147, 1230.33935479799725, 2.15311535474403846e-8];
const CD = [15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963, 4362.61909014324716, 3439.36767414372164, 1230.33935480374942];
function loopCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  if (!(z >= 0.5 && z < 4)) return normCdf(x); // the other branches did not change
  let xnum = CC[8] * z, xden = z;
  for (let i = 0; i < 7; i++) { xnum = (xnum + CC[i]) * z; xden = (xden + CD[i]) * z; }
  const e = ((xnum + CC[7]) / (xden + CD[7])) * wordExp(-z * z);
  return x >= 0 ? 1 - 0.5 * e : 0.5 * e;
}
function oneBranchInv(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pLow = 0.02425;
  const tail = (q: number) => (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  if (p < pLow) return tail(Math.sqrt(-2 * detLog(p)));
  if (p <= 1 - pLow) {
    const q = p - 0.5, r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  return -tail(Math.sqrt(-2 * detLog(1 - p)));
}

describe('the fast kernels are bit-identical to the forms they replaced', () => {
  it('detExp = the word-level fdlibm exp on 600,000 inputs: random bit patterns, the engine range, the thresholds', () => {
    const rng = seedrandom.alea('fast-exp');
    const words = new Uint32Array(W64.buffer.slice(0));
    const f = new Float64Array(words.buffer);
    const edges = [0, -0, NaN, Infinity, -Infinity, 709.7822265625, 709.7822265624999, 709.782712893384, 709.79, -745.1332191019411, -745.14, -708.4, -720,
      0.3465735912322998, 0.34657359123229974, 1.0397205352783203, 1.03972053527832, 3.725290298461914e-9, 3.7252902984619136e-9, 5e-324];
    for (const x of edges) for (const s of [1, -1]) expect(Object.is(detExp(s * x), wordExp(s * x)), `exp(${s * x})`).toBe(true);
    let mismatches = 0;
    for (let i = 0; i < 300_000; i++) {
      words[0] = (rng() * 2 ** 32) >>> 0;
      words[1] = (rng() * 2 ** 32) >>> 0;
      if (!Object.is(detExp(f[0]), wordExp(f[0]))) mismatches++;
      const x = (rng() * 2 - 1) * [1, 20, 750, 1e-8][i % 4];
      if (!Object.is(detExp(x), wordExp(x))) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('detLog = the word-level fdlibm log on 600,000 inputs: random bit patterns (subnormals, negatives, NaN), near 1, the engine range', () => {
    const rng = seedrandom.alea('fast-log');
    const words = new Uint32Array(2);
    const f = new Float64Array(words.buffer);
    for (const x of [0, -0, NaN, -NaN, Infinity, -Infinity, -1, 5e-324, 2.2250738585072014e-308, 2.225073858507201e-308, 1, 1 + 2 ** -52, 1 - 2 ** -53, 2, 0.5,
      // the top exponents, where detLog scales by 2^-e in two steps: 2^1021..2^1024 - ulp, each side of the sqrt(2) normalization
      2 ** 1021, 1.4 * 2 ** 1021, 1.42 * 2 ** 1021, 2 ** 1022, 1.41 * 2 ** 1022, 1.5 * 2 ** 1022, 2 ** 1023, 1.4142 * 2 ** 1023, 1.4143 * 2 ** 1023, Number.MAX_VALUE])
      expect(Object.is(detLog(x), wordLog(x)), `log(${x})`).toBe(true);
    let mismatches = 0;
    for (let i = 0; i < 200_000; i++) {
      words[0] = (rng() * 2 ** 32) >>> 0;
      words[1] = (rng() * 2 ** 32) >>> 0;
      if (!Object.is(detLog(f[0]), wordLog(f[0]))) mismatches++;
      const near = 1 + (rng() * 2 - 1) * [1e-7, 1e-3, 0.3][i % 3];
      if (!Object.is(detLog(near), wordLog(near))) mismatches++;
      const y = Math.exp((rng() * 2 - 1) * 60);
      if (!Object.is(detLog(y), wordLog(y))) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('normCdf and normInv = their loop forms on 400,000 inputs each (with the tails and the branch edges)', () => {
    const rng = seedrandom.alea('fast-normal');
    let mismatches = 0;
    for (const p of [0.02425, 1 - 0.02425, 0.975750000000001, 0.02424999999999, 1e-300, 1 - 1e-16, 0.5]) expect(normInv(p)).toBe(oneBranchInv(p));
    for (let i = 0; i < 400_000; i++) {
      const x = (rng() * 2 - 1) * [1, 3, 6, 9][i % 4];
      if (!Object.is(normCdf(x), loopCdf(x))) mismatches++;
      const u = i % 3 ? rng() : rng() * 0.03 + (i % 2 ? 0.97 : 0);
      if (!Object.is(normInv(u), oneBranchInv(u))) mismatches++;
    }
    expect(mismatches).toBe(0);
  });
});
