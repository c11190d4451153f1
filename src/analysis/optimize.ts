/**
 * Small, deterministic optimizers for the calibration (scripts/calibration)
 * and the analysis tools: golden-section search on an interval and a plain
 * grid scan. No randomness and a fixed number of evaluations, so a fit gives
 * the same numbers on every machine.
 */

export interface Minimum {
  x: number;
  f: number;
  /** Objective evaluations used. */
  evaluations: number;
}

const INV_PHI = (Math.sqrt(5) - 1) / 2; // 0.618...

/**
 * Golden-section search for the minimum of a unimodal `f` on [lo, hi], with a
 * fixed count of iterations (the bracket shrinks by 0.618 each time; 40
 * iterations shrink it by ~2e-9). Returns the best point evaluated, including
 * the two ends, so a minimum at an end of the interval is found too.
 */
export function goldenSection(f: (x: number) => number, lo: number, hi: number, iterations = 40): Minimum {
  if (!(hi > lo)) throw new RangeError(`goldenSection: expected lo < hi, got [${lo}, ${hi}]`);
  let a = lo, b = hi;
  let c = b - INV_PHI * (b - a), d = a + INV_PHI * (b - a);
  let fc = f(c), fd = f(d);
  let evaluations = 2;
  let best: Minimum = fc <= fd ? { x: c, f: fc, evaluations } : { x: d, f: fd, evaluations };
  for (let i = 0; i < iterations; i++) {
    if (fc <= fd) {
      b = d; d = c; fd = fc;
      c = b - INV_PHI * (b - a);
      fc = f(c);
      evaluations++;
      if (fc < best.f) best = { x: c, f: fc, evaluations };
    } else {
      a = c; c = d; fc = fd;
      d = a + INV_PHI * (b - a);
      fd = f(d);
      evaluations++;
      if (fd < best.f) best = { x: d, f: fd, evaluations };
    }
  }
  const fl = f(lo), fh = f(hi);
  evaluations += 2;
  if (fl < best.f) best = { x: lo, f: fl, evaluations };
  if (fh < best.f) best = { x: hi, f: fh, evaluations };
  return { ...best, evaluations };
}

/** Evaluate `f` at every point of `xs`; returns all values and the best (first on ties). */
export function gridScan(f: (x: number) => number, xs: readonly number[]): { values: number[]; best: Minimum } {
  const values = xs.map((x) => f(x));
  let k = 0;
  for (let i = 1; i < values.length; i++) if (values[i] < values[k]) k = i;
  return { values, best: { x: xs[k], f: values[k], evaluations: xs.length } };
}

/** n points spaced evenly in log between lo and hi (both included). */
export function logSpace(lo: number, hi: number, n: number): number[] {
  if (n === 1) return [lo];
  const a = Math.log(lo), b = Math.log(hi);
  return Array.from({ length: n }, (_, i) => Math.exp(a + ((b - a) * i) / (n - 1)));
}

/** n points spaced evenly between lo and hi (both included). */
export function linSpace(lo: number, hi: number, n: number): number[] {
  if (n === 1) return [lo];
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}
