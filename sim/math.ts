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
    erfcZ = ((xnum + ERFC_C[7]) / (xden + ERFC_D[7])) * Math.exp(-z * z);
  } else {
    const zi = 1 / (z * z);
    let xnum = ERFC_P[5] * zi, xden = zi;
    for (let i = 0; i < 4; i++) { xnum = (xnum + ERFC_P[i]) * zi; xden = (xden + ERFC_Q[i]) * zi; }
    let r = (zi * (xnum + ERFC_P[4])) / (xden + ERFC_Q[4]);
    r = (0.564189583547756287 - r) / z;
    erfcZ = r * Math.exp(-z * z);
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
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c1 * q + c2) * q + c3) * q + c4) * q + c5) * q + c6) / ((((d1 * q + d2) * q + d3) * q + d4) * q + 1);
  }
  if (p <= 1 - pLow) {
    const q = p - 0.5, r = q * q;
    return ((((((a1 * r + a2) * r + a3) * r + a4) * r + a5) * r + a6) * q) / (((((b1 * r + b2) * r + b3) * r + b4) * r + b5) * r + 1);
  }
  const q = Math.sqrt(-2 * Math.log(1 - p));
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
