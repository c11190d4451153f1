/**
 * Fixed-bin, mergeable quantile sketches for ensembles (pure: no Node, no DOM).
 *
 * A value's bin comes from its IEEE-754 bits: the binary exponent picks an
 * octave [2^e, 2^(e+1)), and the top `subBits` bits of the mantissa split the
 * octave into 2^subBits equal sub-bins (the log-linear scheme of
 * HdrHistogram). Binning reads bits, never calls Math.log, so a value lands in
 * the same bin on every machine; bins are fixed by the layout, so two
 * histograms merge exactly by adding counts. That is what makes results
 * identical for any worker count, shard split or merge order: counts are
 * integers and addition of integers is exact and commutative.
 *
 * Error bound. A bin [lo, hi) with hi/lo <= 1 + 2^-subBits is reported as
 * 2*lo*hi/(lo + hi), which is within (hi - lo)/(hi + lo) <= 1/(2^(subBits+1) + 1)
 * of every value in the bin, relatively: 1/257 = 0.39% for subBits 7, 1/65 =
 * 1.54% for subBits 5. A quantile (nearest rank, see `rankOf`) is therefore
 * within that relative error of the exact sample quantile, for magnitudes in
 * [2^minExp, 2^(maxExp+1)). Smaller magnitudes are counted in an "underflow"
 * bin reported as 0 (absolute error < 2^minExp); larger ones in an
 * "overflow" bin reported as +-2^(maxExp+1); exact zeros, infinities and NaN
 * have their own bins (NaN is excluded from quantiles and counted apart).
 */

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const HI = LITTLE_ENDIAN ? 1 : 0;

export interface SketchSpec {
  /** Sub-bins per octave = 2^subBits. */
  subBits: number;
  /** Smallest binned magnitude is 2^minExp (smaller ones underflow). */
  minExp: number;
  /** Largest binned magnitude is just below 2^(maxExp+1) (larger ones overflow). */
  maxExp: number;
  /** true: negative values get their own mirrored bins; false: values must be >= 0 (negatives count as invalid). */
  signed: boolean;
}

/** Terminal (end-of-path) quantities: USD amounts, prices, coins, ratios. 0.39% relative error over ~1e-9..9e18. */
export const TERMINAL_SKETCH: SketchSpec = { subBits: 7, minExp: -30, maxExp: 62, signed: true };
/**
 * Per-day fan-chart bands, binned as the ratio to the series' start value:
 * 1.54% relative error over 6e-8x..131072x the start (the memory is days x
 * series x 1,285 bins x 4 bytes, so the resolution is coarser than TERMINAL_SKETCH).
 */
export const BAND_SKETCH: SketchSpec = { subBits: 5, minExp: -24, maxExp: 16, signed: false };

/** The largest relative error of a reported value inside the binned range. */
export function relativeError(spec: SketchSpec): number {
  return 1 / (2 ** (spec.subBits + 1) + 1);
}

/**
 * A bin layout. Bins are ordered by value, so a quantile is a cumulative scan:
 * signed:   -Inf, -overflow, negative bins (large to small magnitude), -underflow, 0, +underflow, positive bins, +overflow, +Inf, NaN
 * unsigned: 0, underflow, positive bins, overflow, +Inf, invalid (NaN or negative)
 */
export class SketchLayout {
  readonly spec: SketchSpec;
  /** Bins per sign inside the binned range. */
  readonly nPos: number;
  readonly size: number;
  private readonly mask: number;
  private readonly shift: number;
  /** Index of the first positive bin. */
  readonly posStart: number;
  readonly zero: number;
  readonly nan: number;
  private readonly reps: Float64Array;

  constructor(spec: SketchSpec) {
    if (!(spec.subBits >= 0 && spec.subBits <= 20 && spec.minExp <= spec.maxExp && spec.minExp >= -1022 && spec.maxExp <= 1023)) {
      throw new RangeError(`bad sketch spec ${JSON.stringify(spec)}`);
    }
    this.spec = spec;
    this.nPos = (spec.maxExp - spec.minExp + 1) << spec.subBits;
    this.mask = (1 << spec.subBits) - 1;
    this.shift = 20 - spec.subBits;
    if (spec.signed) {
      this.zero = 3 + this.nPos;
      this.posStart = this.zero + 2;
      this.size = 2 * this.nPos + 8;
    } else {
      this.zero = 0;
      this.posStart = 2;
      this.size = this.nPos + 5;
    }
    this.nan = this.size - 1;
    this.reps = new Float64Array(this.size);
    for (let b = 0; b < this.size; b++) this.reps[b] = this.computeValue(b);
  }

  /** Bin of a positive finite magnitude inside the range, or -1 underflow, -2 overflow. */
  private posBin(x: number): number {
    F64[0] = x;
    const hi = U32[HI];
    const e = (hi >>> 20) - 1023; // x > 0, so the sign bit is 0
    if (e < this.spec.minExp) return -1;
    if (e > this.spec.maxExp) return -2;
    return ((e - this.spec.minExp) << this.spec.subBits) | ((hi >>> this.shift) & this.mask);
  }

  /** The bin of a value. */
  index(x: number): number {
    if (x > 0) {
      if (x === Infinity) return this.posStart + this.nPos + 1;
      const b = this.posBin(x);
      return b >= 0 ? this.posStart + b : b === -1 ? this.posStart - 1 : this.posStart + this.nPos;
    }
    if (x === 0) return this.zero;
    if (x !== x || !this.spec.signed) return this.nan; // NaN, or a negative value in an unsigned layout
    if (x === -Infinity) return 0;
    const b = this.posBin(-x);
    return b >= 0 ? this.zero - 2 - b : b === -1 ? this.zero - 1 : 1;
  }

  /** The value reported for a bin (see the module comment for the error bound). */
  value(bin: number): number {
    return this.reps[bin];
  }

  private computeValue(bin: number): number {
    const { subBits, minExp, maxExp } = this.spec;
    const mag = (b: number): number => {
      const e = (b >> subBits) + minExp, j = b & this.mask;
      const lo = 2 ** e * (1 + j / 2 ** subBits), hi = 2 ** e * (1 + (j + 1) / 2 ** subBits);
      return (2 * lo * hi) / (lo + hi);
    };
    if (bin === this.nan) return NaN;
    if (bin === this.zero) return 0;
    const p = bin - this.posStart;
    if (p === -1) return 0; // +underflow
    if (p >= 0 && p < this.nPos) return mag(p);
    if (p === this.nPos) return 2 ** (maxExp + 1);
    if (p === this.nPos + 1) return Infinity;
    // negative side (signed only)
    if (bin === 0) return -Infinity;
    if (bin === 1) return -(2 ** (maxExp + 1));
    if (bin === this.zero - 1) return 0; // -underflow
    return -mag(this.zero - 2 - bin);
  }

  /** Lower and upper bound of the values a bin holds (for tests and docs). */
  bounds(bin: number): [number, number] {
    const { subBits, minExp } = this.spec;
    const edge = (b: number, j: number) => 2 ** ((b >> subBits) + minExp) * (1 + j / 2 ** subBits);
    const p = bin - this.posStart;
    if (p >= 0 && p < this.nPos) return [edge(p, p & this.mask), edge(p, (p & this.mask) + 1)];
    if (this.spec.signed && bin > 1 && bin < this.zero - 1) {
      const q = this.zero - 2 - bin;
      return [-edge(q, (q & this.mask) + 1), -edge(q, q & this.mask)];
    }
    const v = this.value(bin);
    return [v, v];
  }
}

/**
 * Nearest-rank quantile: the k-th smallest of n values with k = ceil(q*n)
 * (at least 1). q*n is rounded to 6 decimals first so that, e.g., 0.07*100
 * gives rank 7 and not 8 (0.07*100 = 7.000000000000001 in binary).
 */
export function rankOf(q: number, n: number): number {
  const k = Math.ceil(Math.round(q * n * 1e6) / 1e6);
  return k < 1 ? 1 : k > n ? n : k;
}

/** Values counted in a histogram stored at `counts[offset .. offset+layout.size)`, NaN excluded. */
export function countOf(layout: SketchLayout, counts: Uint32Array, offset: number): number {
  let n = 0;
  for (let b = 0; b < layout.nan; b++) n += counts[offset + b];
  return n;
}

/**
 * The quantiles of `days` histograms stored bin-major, the count of bin b on
 * day t at `counts[offset + b * days + t]` (the ensemble bands' layout):
 * `out[outOffset + j * days + t]` = what `quantilesOf` gives for quantile
 * `qs[j]` of day t's histogram, NaN where it gives null. The same bins and
 * the same arithmetic (count, rank, cumulative scan, `value(b) * scale`), but
 * the counts are read in memory order, all days at once, instead of one
 * strided column per day. `qs` must be ascending.
 */
export function quantileRowsOf(layout: SketchLayout, counts: Uint32Array, offset: number, days: number, qs: readonly number[], scale: number, out: Float64Array, outOffset: number): void {
  const nQ = qs.length, nan = layout.nan;
  const n = new Float64Array(days), cum = new Float64Array(days), rank = new Float64Array(nQ * days);
  const next = new Int32Array(days);
  // The bins holding any count (a band spans a few hundred of its 1,317): only they are scanned below.
  const used = new Int32Array(nan);
  let nUsed = 0;
  for (let b = 0; b < nan; b++) {
    const base = offset + b * days;
    let any = 0;
    for (let t = 0; t < days; t++) {
      const c = counts[base + t];
      n[t] += c;
      any |= c;
    }
    if (any !== 0) used[nUsed++] = b;
  }
  let open = 0;
  for (let t = 0; t < days; t++) {
    if (n[t] === 0) {
      for (let j = 0; j < nQ; j++) out[outOffset + j * days + t] = NaN;
      next[t] = nQ;
    } else {
      for (let j = 0; j < nQ; j++) rank[j * days + t] = rankOf(qs[j], n[t]);
      open++;
    }
  }
  // Day t's quantile j is the first bin whose cumulative count reaches its rank (quantilesOf's scan).
  for (let u = 0; u < nUsed && open > 0; u++) {
    const b = used[u], base = offset + b * days;
    let v = 0, have = false;
    for (let t = 0; t < days; t++) {
      const c = counts[base + t];
      if (c === 0) continue;
      const cu = (cum[t] += c);
      let j = next[t];
      if (j < nQ && cu >= rank[j * days + t]) {
        if (!have) {
          const x = layout.value(b) * scale;
          v = Number.isFinite(x) ? x : NaN;
          have = true;
        }
        do out[outOffset + j++ * days + t] = v;
        while (j < nQ && cu >= rank[j * days + t]);
        next[t] = j;
        if (j === nQ) open--;
      }
    }
  }
}

/**
 * Quantiles (nearest rank) of the histogram at `counts[offset..]`, scaled by
 * `scale` (bands store value/start). Each result is null when the histogram
 * is empty or the quantile falls on an infinity (JSON has no Infinity).
 */
export function quantilesOf(layout: SketchLayout, counts: Uint32Array, offset: number, qs: readonly number[], scale = 1): (number | null)[] {
  const n = countOf(layout, counts, offset);
  const out: (number | null)[] = new Array(qs.length).fill(null);
  if (n === 0) return out;
  // qs need not be sorted: walk once per quantile from the start (histograms are small enough).
  const order = qs.map((q, i) => ({ k: rankOf(q, n), i })).sort((a, b) => a.k - b.k);
  let cum = 0, b = 0;
  for (const { k, i } of order) {
    while (cum + counts[offset + b] < k) cum += counts[offset + b++];
    const v = layout.value(b) * scale;
    out[i] = Number.isFinite(v) ? v : null;
  }
  return out;
}
