/** Small numerical kernels used by the engine. No allocation in the hot ones. */

/**
 * Standard normal CDF, Phi(x). W. J. Cody's rational Chebyshev approximation
 * as used in many statistics libraries (erfc form), accurate to ~1e-15.
 * Source: Cody (1969), "Rational Chebyshev approximations for the error function".
 * Check: Phi(0) = 0.5, Phi(1.96) = 0.9750021048517795, Phi(-1) = 0.15865525393145707.
 */
const C0 = 0.564188496988670089, C1 = 8.88314979438837594, C2 = 66.1191906371416295, C3 = 298.635138197400131, C4 = 881.95222124176909,
  C5 = 1712.04761263407058, C6 = 2051.07837782607147, C7 = 1230.33935479799725, C8 = 2.15311535474403846e-8;
const D0 = 15.7449261107098347, D1 = 117.693950891312499, D2 = 537.181101862009858, D3 = 1621.38957456669019, D4 = 3290.79923573345963,
  D5 = 4362.61909014324716, D6 = 3439.36767414372164, D7 = 1230.33935480374942;
/**
 * Small and branch-light so that V8 inlines it into its callers (Merton
 * valuation): a double returned from a call that is not inlined is boxed.
 * The operations and their order are those of the loop form it replaced
 * (bit-identical: test/golden.test.ts), unrolled.
 */
export function normCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  let erfcZ: number;
  if (z < 0.5) {
    // Cody's rational approximation of erf on |z| < 0.5.
    const t = z * z;
    const xnum = (((0.185777706184603153 * t + 3.16112374387056560) * t + 113.864154151050156) * t + 377.485237685302021) * t + 3209.37758913846947;
    const xden = (((t + 23.6012909523441209) * t + 244.024637934444173) * t + 1282.61652607737228) * t + 2844.23683343917062;
    erfcZ = 1 - (z * xnum) / xden;
  } else if (z < 4) {
    const xnum = ((((((((C8 * z + C0) * z + C1) * z + C2) * z + C3) * z + C4) * z + C5) * z + C6) * z + C7);
    const xden = ((((((((z + D0) * z + D1) * z + D2) * z + D3) * z + D4) * z + D5) * z + D6) * z + D7);
    erfcZ = (xnum / xden) * detExp(-z * z);
  } else {
    erfcZ = erfcLarge(z);
  }
  return x >= 0 ? 1 - 0.5 * erfcZ : 0.5 * erfcZ;
}

const ERFC_P = new Float64Array([0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766, 6.58749161529837803e-4, 0.0163153871373020978]);
const ERFC_Q = new Float64Array([2.56852019228982242, 1.87295284992346725, 0.527905102951428412, 0.0605183413124413191, 0.00233520497626869185]);
/** Cody's erfc for z >= 4 (|x| >= 5.66: Phi is within 1e-8 of 0 or 1; rare, kept out of line). */
function erfcLarge(z: number): number {
  const zi = 1 / (z * z);
  let xnum = ERFC_P[5] * zi, xden = zi;
  for (let i = 0; i < 4; i++) { xnum = (xnum + ERFC_P[i]) * zi; xden = (xden + ERFC_Q[i]) * zi; }
  let r = (zi * (xnum + ERFC_P[4])) / (xden + ERFC_Q[4]);
  r = (0.564189583547756287 - r) / z;
  return r * detExp(-z * z);
}

/**
 * Inverse standard normal CDF (Acklam's algorithm, relative error < 1.15e-9),
 * used to turn one uniform into one normal so every day draws a fixed count.
 * The central region (95% of draws) is inline-sized; the tails, which need a
 * logarithm, are out of line.
 */
const P_HIGH = 1 - 0.02425; // as computed, not the literal 0.97575
export function normInv(p: number): number {
  if (p < 0.02425 || p > P_HIGH) return normInvTail(p);
  const q = p - 0.5, r = q * q;
  return ((((((-39.69683028665376 * r + 220.9460984245205) * r + -275.9285104469687) * r + 138.357751867269) * r + -30.66479806614716) * r + 2.506628277459239) * q) /
    (((((-54.47609879822406 * r + 161.5858368580409) * r + -155.6989798598866) * r + 66.80131188771972) * r + -13.28068155288572) * r + 1);
}

function normInvTail(p: number): number {
  const c1 = -0.007784894002430293, c2 = -0.3223964580411365, c3 = -2.400758277161838, c4 = -2.549732539343734, c5 = 4.374664141464968, c6 = 2.938163982698783;
  const d1 = 0.007784695709041462, d2 = 0.3224671290700398, d3 = 2.445134137142996, d4 = 3.754408661907416;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * detLog(p));
    return (((((c1 * q + c2) * q + c3) * q + c4) * q + c5) * q + c6) / ((((d1 * q + d2) * q + d3) * q + d4) * q + 1);
  }
  const q = Math.sqrt(-2 * detLog(1 - p));
  return -(((((c1 * q + c2) * q + c3) * q + c4) * q + c5) * q + c6) / ((((d1 * q + d2) * q + d3) * q + d4) * q + 1);
}

/**
 * Lower-triangular Cholesky factor of a symmetric matrix (row-major n*n).
 * Positive semi-definite matrices are accepted: a zero pivot (within `tol`)
 * gives a zero column, as for perfectly correlated assets. Returns null when
 * the matrix is not positive semi-definite.
 */
export function cholesky(m: ArrayLike<number>, n: number, tol = 1e-10): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let s = m[j * n + j];
    for (let k = 0; k < j; k++) s -= l[j * n + k] * l[j * n + k];
    if (s < -tol) return null;
    const pivot = s > tol ? Math.sqrt(s) : 0;
    l[j * n + j] = pivot;
    for (let i = j + 1; i < n; i++) {
      let v = m[i * n + j];
      for (let k = 0; k < j; k++) v -= l[i * n + k] * l[j * n + k];
      if (pivot === 0) {
        if (Math.abs(v) > 1e-8) return null; // a zero pivot with a non-zero off-diagonal: not PSD
        l[i * n + j] = 0;
      } else {
        l[i * n + j] = v / pivot;
      }
    }
  }
  return l;
}

// ---------------------------------------------------------------------------
// Deterministic exp, log and pow: the same bits in every JavaScript engine.
//
// Math.exp/Math.log are implementation-defined in the last bit, and V8 has
// changed them between versions, so Node and Chromium gave different paths
// (21 of 200 ETH prices of fgnx differed at 1e-15). These are ports of
// fdlibm's __ieee754_exp and __ieee754_log (Sun Microsystems, 1993; the
// algorithms, constants and error bounds of fdlibm 5.3, e_exp.c and e_log.c),
// written only with IEEE-754 operations that every engine rounds the same way
// (+ - * /, comparisons, integer bit operations on the float's words), so the
// result is the same everywhere. Error < 1 ulp (fdlibm's bound), checked
// against Math.* in test/det-math.test.ts. The words are read through one
// module-level Float64Array (little-endian, as on every platform V8 runs on):
// no allocation per call.
// ---------------------------------------------------------------------------

const F64 = new Float64Array(1);
const I32 = new Int32Array(F64.buffer); // I32[0] low word, I32[1] high word (little-endian)

const LN2HI = 6.93147180369123816490e-1, LN2LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.44269504088896338700e+0;
const P1 = 1.66666666666666019037e-1, P2 = -2.77777777770155933842e-3, P3 = 6.61375632143793436117e-5, P4 = -1.65339022054652515390e-6, P5 = 4.13813679705723846039e-8;
const O_THRESHOLD = 7.09782712893383973096e+2, U_THRESHOLD = -7.45133219101941108420e+2;
const TWO_M1000 = 9.33263618503218878990e-302;
// fdlibm tests the high word of |x| against 0x40862e42, 0x3fd62e42 and 0x3ff0a2b2 and 0x3e300000;
// each test is the same as comparing |x| with the double of that high word and a zero low word.
const HX_BIG = 709.7822265625; // hx >= 0x40862e42
const HX_REDUCE = 0.3465735912322998; // hx > 0x3fd62e42 (high word 0x3fd62e43)
const HX_ONE = 1.0397205352783203; // hx < 0x3ff0a2b2
const HX_TINY = 3.725290298461914e-9; // hx < 0x3e300000 (2^-28)
/** POW2[k + 1021] = 2^k for k in [-1021, 1023], built by exact halvings and doublings. */
const POW2 = new Float64Array(2045);
POW2[1021] = 1;
for (let k = 1; k <= 1021; k++) POW2[1021 - k] = POW2[1022 - k] / 2;
for (let k = 1; k <= 1023; k++) POW2[1021 + k] = POW2[1020 + k] * 2;

/**
 * e^x, deterministic (fdlibm e_exp.c). exp(0) = 1, exp(1) = 2.718281828459045.
 * fdlibm's high-word tests are written as comparisons of |x| with the
 * equivalent doubles, and the final "add k to the exponent" as a product with
 * an exact power of two (exact: the result is normal there), so no bits are
 * read or written through memory; the result is bit for bit fdlibm's
 * (test/det-math.test.ts compares it with the word-level port on 600,000 inputs).
 */
export function detExp(x: number): number {
  const ax = Math.abs(x);
  if (!(ax < HX_BIG)) {
    if (x !== x) return x + x; // NaN
    if (ax === Infinity) return x > 0 ? x : 0; // exp(+-Infinity)
    if (x > O_THRESHOLD) return Infinity;
    if (x < U_THRESHOLD) return 0;
  }
  let hi = 0, lo = 0, k = 0;
  if (ax >= HX_REDUCE) {
    if (ax < HX_ONE) {
      if (x < 0) { hi = x + LN2HI; lo = -LN2LO; k = -1; } else { hi = x - LN2HI; lo = LN2LO; k = 1; }
    } else {
      k = (INV_LN2 * x + (x < 0 ? -0.5 : 0.5)) | 0; // truncation toward zero, as C's (int)
      hi = x - k * LN2HI; // exact: k has few bits
      lo = k * LN2LO;
    }
    x = hi - lo;
  } else if (ax < HX_TINY) {
    return 1 + x; // |x| < 2^-28
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - ((lo - (x * c) / (2 - c)) - hi);
  if (k >= -1021) return k <= 1023 ? y * POW2[k + 1021] : y * 2 * POW2[2044]; // k = 1024: 2^1024 is not a double
  return y * POW2[k + 2021] * TWO_M1000;
}

const LN2_HI = 6.93147180369123816490e-1, LN2_LO = 1.90821492927058770002e-10, TWO54 = 1.80143985094819840000e+16;
const LG1 = 6.666666666666735130e-1, LG2 = 3.999999999940941908e-1, LG3 = 2.857142874366239149e-1, LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1, LG6 = 1.531383769920937332e-1, LG7 = 1.479819860511658591e-1;

const MIN_NORMAL = 2.2250738585072014e-308; // 2^-1022: high word 0x00100000

/**
 * Natural logarithm, deterministic (fdlibm e_log.c). log(1) = 0, log(2) = 0.6931471805599453.
 * The common case (a normal, finite x, |f| >= 2^-20) is kept below V8's inlining size;
 * zero, negatives, subnormals, Infinity, NaN and the |f| < 2^-20 series are out of line.
 * Bit for bit fdlibm's (test/det-math.test.ts compares it with the word-level port).
 */
export function detLog(x: number): number {
  if (!(x >= MIN_NORMAL && x < Infinity)) return logSpecial(x);
  return logNormal(x, 0);
}

function logSpecial(x: number): number {
  if (x === 0) return -Infinity; // log(+-0)
  if (!(x > 0)) return NaN; // log(negative), NaN
  if (x === Infinity) return x;
  return logNormal(x * TWO54, -54); // subnormal: scale up
}

/**
 * fdlibm's log of a normal, finite, positive x, with k0 added to its binary exponent.
 * fdlibm normalizes x (or x/2) by writing the exponent field of its high word; here the
 * same double is x / 2^e, a product with an exact power of two (exact: the result is
 * normal, in [0.7, 1.42)), so nothing is written through memory (a word store followed
 * by a double load stalls store forwarding). test/det-math.test.ts compares it with the
 * word-level port.
 */
function logNormal(x: number, k0: number): number {
  F64[0] = x;
  let hx = I32[1];
  let e = (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i0 = (hx + 0x95f64) & 0x100000;
  e += i0 >> 20; // normalize x or x/2
  const k = k0 + e;
  // 2^-e from POW2 (which holds 2^-1021..2^1023: e <= 1021); e >= 1022 (x near the top of the range) in two exact steps.
  const f = (e <= 1021 ? x * POW2[1021 - e] : x * POW2[1021 - 512] * POW2[1533 - e]) - 1;
  if ((0x000fffff & (2 + hx)) < 3) return logNearOne(f, k); // |f| < 2^-20
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const R = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7))) + w * (LG2 + w * (LG4 + w * LG6));
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + R)) : k * LN2_HI - ((hfsq - (s * (hfsq + R) + k * LN2_LO)) - f);
  }
  return k === 0 ? f - s * (f - R) : k * LN2_HI - ((s * (f - R) - k * LN2_LO) - f);
}

function logNearOne(f: number, k: number): number {
  if (f === 0) return k === 0 ? 0 : k * LN2_HI + k * LN2_LO;
  const R = f * f * (0.5 - 0.33333333333333333 * f);
  return k === 0 ? f - R : k * LN2_HI - ((R - k * LN2_LO) - f);
}

/**
 * x^y, deterministic. Whole exponents up to 64 in size by repeated squaring
 * (x^2 is x*x exactly rounded); otherwise exp(y log x), whose relative error
 * is about |y ln x| ulp plus 1 ulp (1-2 ulp for the engine's pow(2, -1/h)).
 * Special cases as Math.pow: x^0 = 1, NaN in gives NaN, a negative base to a
 * non-integer power is NaN, 0 to a negative power is Infinity.
 */
export function detPow(x: number, y: number): number {
  if (y === 0) return 1;
  if (x !== x || y !== y) return NaN;
  if (y === Infinity || y === -Infinity) {
    const ax = Math.abs(x);
    if (ax === 1) return NaN; // as Math.pow (IEEE's pown would say 1)
    return (ax > 1) === (y > 0) ? Infinity : 0;
  }
  if (Math.floor(y) === y && Math.abs(y) <= 64) {
    let n = Math.abs(y), b = x, r = 1;
    while (n > 0) {
      if (n % 2 === 1) r *= b;
      b *= b;
      n = Math.floor(n / 2);
    }
    return y < 0 ? 1 / r : r;
  }
  const oddInteger = Math.floor(y) === y && Math.floor(y / 2) * 2 !== y;
  if (x === Infinity) return y > 0 ? Infinity : 0;
  if (x === -Infinity) return y > 0 ? (oddInteger ? -Infinity : Infinity) : oddInteger ? -0 : 0;
  if (x > 0 && y === 0.5) return Math.sqrt(x); // correctly rounded
  if (x > 0 && y === -0.5) return 1 / Math.sqrt(x);
  if (x === 0) return y > 0 ? (Math.floor(y) === y && Math.floor(y / 2) * 2 !== y ? x : 0) : (Math.floor(y) === y && Math.floor(y / 2) * 2 !== y && 1 / x < 0 ? -Infinity : Infinity);
  if (x < 0) {
    if (Math.floor(y) !== y) return NaN;
    const m = detExp(y * detLog(-x));
    return Math.floor(y / 2) * 2 === y ? m : -m;
  }
  if (x === 1) return 1;
  return detExp(y * detLog(x));
}

/** The deterministic functions under Math's names, for `DMath.exp(x)` in the engine. */
export const DMath = { exp: detExp, log: detLog, pow: detPow } as const;
