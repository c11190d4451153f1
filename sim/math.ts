/** Small numerical kernels used by the engine. No allocation in the hot ones. */

/**
 * Standard normal CDF, Phi(x). W. J. Cody's rational Chebyshev approximation
 * as used in many statistics libraries (erfc form), accurate to ~1e-15.
 * Source: Cody (1969), "Rational Chebyshev approximations for the error function".
 * Check: Phi(0) = 0.5, Phi(1.96) = 0.9750021048517795, Phi(-1) = 0.15865525393145707.
 */
const ERFC_C = new Float64Array([0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131, 881.95222124176909, 1712.04761263407058, 2051.07837782607147, 1230.33935479799725, 2.15311535474403846e-8]);
const ERFC_D = new Float64Array([15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963, 4362.61909014324716, 3439.36767414372164, 1230.33935480374942]);
const ERFC_P = new Float64Array([0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766, 6.58749161529837803e-4, 0.0163153871373020978]);
const ERFC_Q = new Float64Array([2.56852019228982242, 1.87295284992346725, 0.527905102951428412, 0.0605183413124413191, 0.00233520497626869185]);
export function normCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  let erfcZ: number;
  if (z < 0.5) {
    // Cody's rational approximation of erf on |z| < 0.5.
    const t = z * z;
    const a0 = 3.16112374387056560, a1 = 113.864154151050156, a2 = 377.485237685302021, a3 = 3209.37758913846947, a4 = 0.185777706184603153;
    const b0 = 23.6012909523441209, b1 = 244.024637934444173, b2 = 1282.61652607737228, b3 = 2844.23683343917062;
    const xnum = (((a4 * t + a0) * t + a1) * t + a2) * t + a3;
    const xden = (((t + b0) * t + b1) * t + b2) * t + b3;
    erfcZ = 1 - (z * xnum) / xden;
  } else if (z < 4) {
    let xnum = ERFC_C[8] * z, xden = z;
    for (let i = 0; i < 7; i++) { xnum = (xnum + ERFC_C[i]) * z; xden = (xden + ERFC_D[i]) * z; }
    erfcZ = ((xnum + ERFC_C[7]) / (xden + ERFC_D[7])) * DMath.exp(-z * z);
  } else {
    const zi = 1 / (z * z);
    let xnum = ERFC_P[5] * zi, xden = zi;
    for (let i = 0; i < 4; i++) { xnum = (xnum + ERFC_P[i]) * zi; xden = (xden + ERFC_Q[i]) * zi; }
    let r = (zi * (xnum + ERFC_P[4])) / (xden + ERFC_Q[4]);
    r = (0.564189583547756287 - r) / z;
    erfcZ = r * DMath.exp(-z * z);
  }
  return x >= 0 ? 1 - 0.5 * erfcZ : 0.5 * erfcZ;
}

/**
 * Inverse standard normal CDF (Acklam's algorithm, relative error < 1.15e-9),
 * used to turn one uniform into one normal so every day draws a fixed count.
 */
export function normInv(p: number): number {
  const a1 = -39.69683028665376, a2 = 220.9460984245205, a3 = -275.9285104469687, a4 = 138.357751867269, a5 = -30.66479806614716, a6 = 2.506628277459239;
  const b1 = -54.47609879822406, b2 = 161.5858368580409, b3 = -155.6989798598866, b4 = 66.80131188771972, b5 = -13.28068155288572;
  const c1 = -0.007784894002430293, c2 = -0.3223964580411365, c3 = -2.400758277161838, c4 = -2.549732539343734, c5 = 4.374664141464968, c6 = 2.938163982698783;
  const d1 = 0.007784695709041462, d2 = 0.3224671290700398, d3 = 2.445134137142996, d4 = 3.754408661907416;
  const pLow = 0.02425;
  if (p < pLow) {
    const q = Math.sqrt(-2 * DMath.log(p));
    return (((((c1 * q + c2) * q + c3) * q + c4) * q + c5) * q + c6) / ((((d1 * q + d2) * q + d3) * q + d4) * q + 1);
  }
  if (p <= 1 - pLow) {
    const q = p - 0.5, r = q * q;
    return ((((((a1 * r + a2) * r + a3) * r + a4) * r + a5) * r + a6) * q) / (((((b1 * r + b2) * r + b3) * r + b4) * r + b5) * r + 1);
  }
  const q = Math.sqrt(-2 * DMath.log(1 - p));
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

const EXP_HI = [6.93147180369123816490e-1, -6.93147180369123816490e-1];
const EXP_LO = [1.90821492927058770002e-10, -1.90821492927058770002e-10];
const HALF = [0.5, -0.5];
const INV_LN2 = 1.44269504088896338700e+0;
const P1 = 1.66666666666666019037e-1, P2 = -2.77777777770155933842e-3, P3 = 6.61375632143793436117e-5, P4 = -1.65339022054652515390e-6, P5 = 4.13813679705723846039e-8;
const O_THRESHOLD = 7.09782712893383973096e+2, U_THRESHOLD = -7.45133219101941108420e+2;
const TWO_M1000 = 9.33263618503218878990e-302;

/** e^x, deterministic (fdlibm e_exp.c). exp(0) = 1, exp(1) = 2.718281828459045. */
export function detExp(x: number): number {
  F64[0] = x;
  let hx = I32[1];
  const xsb = (hx >>> 31) & 1;
  hx &= 0x7fffffff;
  let hi = 0, lo = 0, k = 0;
  if (hx >= 0x40862e42) {
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | I32[0]) !== 0) return x + x; // NaN
      return xsb === 0 ? x : 0; // exp(+-Infinity)
    }
    if (x > O_THRESHOLD) return Infinity;
    if (x < U_THRESHOLD) return 0;
  }
  if (hx > 0x3fd62e42) {
    if (hx < 0x3ff0a2b2) {
      hi = x - EXP_HI[xsb];
      lo = EXP_LO[xsb];
      k = 1 - xsb - xsb;
    } else {
      k = (INV_LN2 * x + HALF[xsb]) | 0; // truncation toward zero, as C's (int)
      hi = x - k * EXP_HI[0]; // exact: k has few bits
      lo = k * EXP_LO[0];
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    return 1 + x; // |x| < 2^-28
  } else {
    k = 0;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - ((lo - (x * c) / (2 - c)) - hi);
  F64[0] = y;
  if (k >= -1021) {
    I32[1] += k << 20; // add k to the exponent
    return F64[0];
  }
  I32[1] += (k + 1000) << 20;
  return F64[0] * TWO_M1000;
}

const LN2_HI = 6.93147180369123816490e-1, LN2_LO = 1.90821492927058770002e-10, TWO54 = 1.80143985094819840000e+16;
const LG1 = 6.666666666666735130e-1, LG2 = 3.999999999940941908e-1, LG3 = 2.857142874366239149e-1, LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1, LG6 = 1.531383769920937332e-1, LG7 = 1.479819860511658591e-1;

/** Natural logarithm, deterministic (fdlibm e_log.c). log(1) = 0, log(2) = 0.6931471805599453. */
export function detLog(x: number): number {
  F64[0] = x;
  let hx = I32[1];
  const lx = I32[0];
  let k = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity; // log(+-0)
    if (hx < 0) return NaN; // log(negative)
    k -= 54;
    x *= TWO54; // subnormal: scale up
    F64[0] = x;
    hx = I32[1];
  }
  if (hx >= 0x7ff00000) return x + x; // Infinity or NaN
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i0 = (hx + 0x95f64) & 0x100000;
  I32[1] = hx | (i0 ^ 0x3ff00000); // normalize x or x/2
  k += i0 >> 20;
  const f = F64[0] - 1;
  if ((0x000fffff & (2 + hx)) < 3) {
    // |f| < 2^-20
    if (f === 0) return k === 0 ? 0 : k * LN2_HI + k * LN2_LO;
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - R : k * LN2_HI - ((R - k * LN2_LO) - f);
  }
  const s = f / (2 + f);
  const dk = k;
  const z = s * s;
  let i = hx - 0x6147a;
  const w = z * z;
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
