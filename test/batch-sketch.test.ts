/**
 * The quantile sketch's stated error bound, checked against exact
 * nearest-rank quantiles of random data; exact merging; Wilson intervals;
 * shard specs.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BAND_SKETCH, SketchLayout, TERMINAL_SKETCH, quantileRowsOf, quantilesOf, rankOf, relativeError } from '../src/batch/sketch.ts';
import { wilson } from '../src/batch/stats.ts';
import { parseShard, shardFromEnv, shardRange, shardFileName } from '../src/batch/shard.ts';
import { BatchError } from '../src/batch/errors.ts';

const T = new SketchLayout(TERMINAL_SKETCH);
const B = new SketchLayout(BAND_SKETCH);
const QS = [0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1];

function histogram(layout: SketchLayout, xs: readonly number[]): Uint32Array {
  const h = new Uint32Array(layout.size);
  for (const x of xs) h[layout.index(x)]++;
  return h;
}

function exactQuantile(xs: readonly number[], q: number): number {
  const s = [...xs].filter((x) => x === x).sort((a, b) => a - b);
  return s[rankOf(q, s.length) - 1];
}

/** |estimate - exact| within the sketch's bound: relative inside the binned range, absolute 2^minExp below it. */
function withinBound(layout: SketchLayout, est: number | null, exact: number): boolean {
  if (!Number.isFinite(exact)) return est === null;
  if (est === null) return false;
  const floor = 2 ** layout.spec.minExp;
  if (Math.abs(exact) < floor) return Math.abs(est - exact) <= floor;
  return Math.abs(est - exact) <= relativeError(layout.spec) * Math.abs(exact) * (1 + 1e-12);
}

// Values spread over many magnitudes and both signs, with exact zeros, ties and infinities.
const magnitude = fc.oneof(
  fc.double({ min: 1e-12, max: 1e15, noNaN: true }),
  fc.integer({ min: 0, max: 1000 }),
  fc.constantFrom(0, 1, 2, 0.5, 1e-10, 84_000, Infinity),
);
const signed = fc.tuple(magnitude, fc.boolean()).map(([m, neg]) => (neg ? -m : m));

describe('log-linear sketch', () => {
  it('states its error: 1/257 terminal, 1/65 bands', () => {
    expect(relativeError(TERMINAL_SKETCH)).toBeCloseTo(1 / 257, 15);
    expect(relativeError(BAND_SKETCH)).toBeCloseTo(1 / 65, 15);
  });

  it('bins are ordered by value and each bin reports a value inside its bound', () => {
    for (const layout of [T, B]) {
      let prev = -Infinity;
      for (let b = 0; b < layout.nan; b++) {
        const v = layout.value(b);
        expect(v).toBeGreaterThanOrEqual(prev);
        prev = v;
        const [lo, hi] = layout.bounds(b);
        if (lo !== hi) expect(Math.abs(v - lo) / Math.abs(lo)).toBeLessThanOrEqual(relativeError(layout.spec) + 1e-15);
      }
    }
  });

  it('every value lands in the bin whose bounds contain it', () => {
    fc.assert(
      fc.property(signed, (x) => {
        const b = T.index(x);
        const [lo, hi] = T.bounds(b);
        if (lo === hi) return true; // zero, under/overflow, infinities
        return lo <= x && x < hi ? true : x < 0 && lo < x && x <= hi;
      }),
      { numRuns: 2000 },
    );
  });

  it('terminal quantiles are within the stated error of the exact nearest-rank quantiles (random data)', () => {
    fc.assert(
      fc.property(fc.array(signed, { minLength: 1, maxLength: 300 }), (xs) => {
        const est = quantilesOf(T, histogram(T, xs), 0, QS);
        return QS.every((q, i) => withinBound(T, est[i], exactQuantile(xs, q)));
      }),
      { numRuns: 300 },
    );
  });

  // Ratios to the start value stay inside the band range (2^-24 .. 2^17) here.
  it('band quantiles (scaled by a start value) are within 1/65 of the exact ones', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1e-3, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 200 }), fc.double({ min: 0.1, max: 1e3, noNaN: true }), (xs, ref) => {
        const est = quantilesOf(B, histogram(B, xs.map((x) => x / ref)), 0, QS, ref);
        return QS.every((q, i) => {
          const exact = exactQuantile(xs, q);
          return Math.abs((est[i] as number) - exact) <= (relativeError(B.spec) + 1e-12) * exact;
        });
      }),
      { numRuns: 200 },
    );
  });

  it('merging is exact: the histogram of a concatenation is the sum of the histograms', () => {
    fc.assert(
      fc.property(fc.array(signed, { maxLength: 100 }), fc.array(signed, { maxLength: 100 }), (a, b) => {
        const ha = histogram(T, a), hb = histogram(T, b), hab = histogram(T, [...a, ...b]);
        for (let i = 0; i < T.size; i++) if (ha[i] + hb[i] !== hab[i]) return false;
        return true;
      }),
      { numRuns: 100 },
    );
  });

  it('NaN is counted apart; negatives are invalid in the unsigned band layout', () => {
    const h = histogram(T, [NaN, 1, 2, 3]);
    expect(Math.abs((quantilesOf(T, h, 0, [0.5])[0] as number) - 2)).toBeLessThanOrEqual(2 / 257);
    expect(B.index(-1)).toBe(B.nan);
    expect(B.index(0)).toBe(B.zero);
  });

  it('quantileRowsOf (all days of a [bin][day] block at once) gives quantilesOf\'s figures day by day, bit for bit', () => {
    // Random days: empty ones, one value, ties, NaN and +Infinity counts, values under and over the range.
    const days = 400, QB = [0.05, 0.25, 0.5, 0.75, 0.95], scale = 37.5, off = 3 * B.size * days;
    const counts = new Uint32Array(off + B.size * days + 5);
    let seed = 12345;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const specials = [0, 1e-12, 1e9, Infinity, NaN, -1];
    for (let t = 0; t < days; t++) {
      const k = t % 10 === 0 ? 0 : Math.floor(rnd() * 12);
      for (let i = 0; i < k; i++) {
        const x = rnd() < 0.15 ? specials[Math.floor(rnd() * specials.length)] : Math.exp((rnd() - 0.5) * 6);
        counts[off + B.index(x) * days + t] += rnd() < 0.2 ? 3 : 1;
      }
    }
    const out = new Float64Array(QB.length * days + 7).fill(-123);
    quantileRowsOf(B, counts, off, days, QB, scale, out, 7);
    const hist = new Uint32Array(B.size);
    let nulls = 0, values = 0;
    for (let t = 0; t < days; t++) {
      for (let b = 0; b < B.size; b++) hist[b] = counts[off + b * days + t];
      const want = quantilesOf(B, hist, 0, QB, scale);
      QB.forEach((q, j) => {
        const got = out[7 + j * days + t], w = want[j];
        if (!(w === null ? Number.isNaN(got) : Object.is(got, w))) throw new Error(`day ${t} q${q}: ${got} vs ${w}`);
        if (w === null) nulls++;
        else values++;
      });
    }
    // Both kinds occur: empty days and infinite quantiles (null), and finite quantiles.
    expect(nulls).toBeGreaterThan(days / 10);
    expect(values).toBeGreaterThan(days);
    expect(out.subarray(0, 7).every((v) => v === -123)).toBe(true);
  });

  it('nearest rank: k = ceil(q*n), robust to binary rounding', () => {
    expect(rankOf(0.07, 100)).toBe(7); // 0.07*100 = 7.000000000000001
    expect(rankOf(0.5, 1)).toBe(1);
    expect(rankOf(0, 10)).toBe(1);
    expect(rankOf(0.05, 10)).toBe(1);
    expect(rankOf(0.95, 20)).toBe(19);
    expect(rankOf(1, 20)).toBe(20);
  });
});

describe('Wilson interval', () => {
  // Reference values: statsmodels proportion_confint(x, n, method="wilson"), R prop.test(x, n, correct=FALSE)$conf.int.
  it.each([
    [0, 10, 0, 0.27753279986288],
    [5, 10, 0.23659309051705, 0.76340690948295],
    [1, 100, 0.00176743206414, 0.05448619617871],
    [10, 10, 0.72246720013712, 1],
  ])('%i of %i', (x, n, lo, hi) => {
    const [a, b] = wilson(x, n);
    expect(a).toBeCloseTo(lo, 9);
    expect(b).toBeCloseTo(hi, 9);
  });
});

describe('shards', () => {
  it('k/n slices cover 0..N exactly once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 1, max: 500 }), (paths, n) => {
        let at = 0;
        for (let k = 0; k < n; k++) {
          const [a, b] = shardRange(k, n, paths);
          if (a !== at || b < a || b - a > Math.ceil(paths / n)) return false;
          at = b;
        }
        return at === paths;
      }),
      { numRuns: 200 },
    );
  });

  it('parses k/n (k from 0) and refuses malformed or out-of-range specs', () => {
    expect(parseShard('0/4', {})).toMatchObject({ index: 0, count: 4 });
    expect(parseShard(' 3/4 ', {})).toMatchObject({ index: 3, count: 4 });
    for (const bad of ['4/4', '0/0', '-1/4', '1-4', 'a/b', '1/', '/4', '1/4/2', '', '1.5/4']) {
      expect(() => parseShard(bad, {}), bad).toThrow(BatchError);
    }
  });

  it('auto: Kubernetes, Slurm, AWS Batch and the generic variables', () => {
    expect(shardFromEnv({ DAT_SIM_SHARD_INDEX: '2', DAT_SIM_SHARD_COUNT: '5' })).toMatchObject({ index: 2, count: 5 });
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '7', DAT_SIM_SHARD_COUNT: '10' })).toMatchObject({ index: 7, count: 10 });
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '100', SLURM_ARRAY_TASK_COUNT: '100' })).toMatchObject({ index: 4, count: 100 });
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '8' })).toMatchObject({ index: 0, count: 8 });
    expect(shardFromEnv({ AWS_BATCH_JOB_ARRAY_INDEX: '3', DAT_SIM_SHARD_COUNT: '4' })).toMatchObject({ index: 3, count: 4 });
    expect(() => shardFromEnv({})).toThrow(/no shard index/);
    // README "--shard auto": the table's order, first match wins (a Slurm job run inside Kubernetes, say).
    const all = { DAT_SIM_SHARD_INDEX: '1', DAT_SIM_SHARD_COUNT: '6', JOB_COMPLETION_INDEX: '2', SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '6', AWS_BATCH_JOB_ARRAY_INDEX: '4' };
    expect(shardFromEnv(all)).toMatchObject({ index: 1, count: 6 });
    const { DAT_SIM_SHARD_INDEX: _g, ...noGeneric } = all;
    expect(shardFromEnv(noGeneric)).toMatchObject({ index: 2, count: 6 });
    const { JOB_COMPLETION_INDEX: _k, ...noK8s } = noGeneric;
    expect(shardFromEnv(noK8s)).toMatchObject({ index: 3, count: 6 });
    const { SLURM_ARRAY_TASK_ID: _s, ...noSlurm } = noK8s;
    expect(shardFromEnv(noSlurm)).toMatchObject({ index: 4, count: 6 });
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: '1' })).toThrow(/DAT_SIM_SHARD_COUNT/);
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: '10', DAT_SIM_SHARD_COUNT: '10' })).toThrow(/out of range/);
    expect(() => shardFromEnv({ SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '8', SLURM_ARRAY_TASK_COUNT: '5', SLURM_ARRAY_TASK_STEP: '2' })).toThrow(/contiguous/);
    expect(() => shardFromEnv({ AWS_BATCH_JOB_ARRAY_INDEX: 'x', DAT_SIM_SHARD_COUNT: '4' })).toThrow(/whole number/);
  });

  it('fills {k} and {n} in output names', () => {
    expect(shardFileName('out/part-{k}-of-{n}.json', { index: 3, count: 8, source: '' })).toBe('out/part-3-of-8.json');
  });
});
