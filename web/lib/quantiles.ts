/**
 * Per-day quantile bands for fan charts, and histograms of event days.
 * Pure; used by the ensemble worker (bands) and the UI (histograms).
 *
 * Quantiles use linear interpolation between order statistics (Hyndman-Fan
 * type 7, the default of R, NumPy and d3.quantile): for sorted x[0..n-1],
 * h = (n-1)q, Q = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]).
 * Example: [1, 2, 3, 4] at q = 0.25 gives h = 0.75, Q = 1.75.
 */

/** The fan: 5-95, 25-75 and the median. */
export const BAND_QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

/** Type-7 quantile of an ascending array of n finite values (NaN when n = 0). */
export function quantileSorted(sorted: ArrayLike<number>, q: number, n = sorted.length): number {
  if (n === 0) return NaN;
  if (q <= 0) return sorted[0];
  if (q >= 1) return sorted[n - 1];
  const h = (n - 1) * q;
  const i = Math.floor(h);
  const a = sorted[i];
  return i + 1 < n ? a + (h - i) * (sorted[i + 1] - a) : a;
}

/**
 * Bands over paths for each day. `dayMajor[t * nPaths + p]` is path p on day t.
 * NaN values (e.g. mNAV with no coins) are left out of that day's quantiles;
 * a day with no values gives NaN. Returns one Float64Array of nDays per quantile.
 * Sorts `dayMajor` in place, day by day (pass a copy to keep it).
 */
export function dayBands(
  dayMajor: Float32Array | Float64Array,
  nPaths: number,
  nDays: number,
  qs: readonly number[] = BAND_QUANTILES,
): Float64Array[] {
  if (dayMajor.length < nPaths * nDays) throw new RangeError(`expected ${nPaths * nDays} values, got ${dayMajor.length}`);
  const out = qs.map(() => new Float64Array(nDays));
  for (let t = 0; t < nDays; t++) {
    const col = dayMajor.subarray(t * nPaths, (t + 1) * nPaths);
    col.sort(); // typed arrays sort numerically, NaN last
    let n = nPaths;
    while (n > 0 && Number.isNaN(col[n - 1])) n--;
    for (let j = 0; j < qs.length; j++) out[j][t] = quantileSorted(col, qs[j], n);
  }
  return out;
}

/**
 * Transposes path-major chunks (`chunk[p * nDays + t]`, paths from..to-1)
 * into one day-major array over all paths.
 */
export function toDayMajor(chunks: readonly { from: number; to: number; data: Float32Array }[], nPaths: number, nDays: number): Float32Array {
  const out = new Float32Array(nPaths * nDays);
  for (const c of chunks) {
    for (let p = c.from; p < c.to; p++) {
      const row = (p - c.from) * nDays;
      for (let t = 0; t < nDays; t++) out[t * nPaths + p] = c.data[row + t];
    }
  }
  return out;
}

export interface Histogram {
  /** Left edges of the bins; bin i is [edges[i], edges[i] + binWidth). */
  edges: number[];
  counts: number[];
  /** Values that are null/negative/NaN: the event did not happen within the horizon. */
  never: number;
  total: number;
}

/**
 * Histogram of event days (null or < 0 = never). Bins of `binWidth` days
 * starting at 0 and covering `horizonDays`.
 * Example: days [0, 5, 31, null] with width 30 over 60 days -> counts [2, 1], never 1.
 */
export function histogram(days: ArrayLike<number | null>, binWidth: number, horizonDays: number): Histogram {
  const nBins = Math.max(1, Math.ceil(horizonDays / binWidth));
  const counts = new Array<number>(nBins).fill(0);
  let never = 0;
  for (let i = 0; i < days.length; i++) {
    const d = days[i];
    if (d === null || !(d >= 0)) {
      never++;
      continue;
    }
    counts[Math.min(nBins - 1, Math.floor(d / binWidth))]++;
  }
  return { edges: counts.map((_, i) => i * binWidth), counts, never, total: days.length };
}

/** Share of values that are not "never" (an event's probability by the horizon). */
export function probability(days: ArrayLike<number | null>): number {
  if (days.length === 0) return NaN;
  let k = 0;
  for (let i = 0; i < days.length; i++) {
    const d = days[i];
    if (d !== null && d >= 0) k++;
  }
  return k / days.length;
}

/** Quantiles of a plain list of numbers (NaN left out). */
export function quantiles(values: ArrayLike<number>, qs: readonly number[] = BAND_QUANTILES): number[] {
  const a = Float64Array.from(values as ArrayLike<number>).filter((v) => !Number.isNaN(v)).sort();
  return qs.map((q) => quantileSorted(a, q));
}
