import { describe, expect, it } from 'vitest';
import { BAND_QUANTILES, dayBands, histogram, probability, quantiles, quantileSorted, toDayMajor } from '../../web/lib/quantiles.ts';

describe('quantiles (type 7, as R, NumPy and d3)', () => {
  it('matches the worked example', () => {
    // [1,2,3,4] at q=0.25: h = 3*0.25 = 0.75 -> 1 + 0.75*(2-1) = 1.75 (numpy.quantile gives 1.75)
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12);
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBeCloseTo(2.5, 12);
    expect(quantileSorted([1, 2, 3, 4], 0)).toBe(1);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
    expect(quantileSorted([7], 0.9)).toBe(7);
    expect(quantileSorted([], 0.5)).toBeNaN();
    // numpy.quantile(range(1, 101), [0.05, 0.95]) -> 5.95, 95.05
    const h = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantileSorted(h, 0.05)).toBeCloseTo(5.95, 10);
    expect(quantileSorted(h, 0.95)).toBeCloseTo(95.05, 10);
  });

  it('computes per-day bands over paths, leaving NaN out', () => {
    const nPaths = 5, nDays = 3;
    // day-major: day 0 = [5,1,4,2,3], day 1 = all NaN, day 2 = [10, NaN, 30, NaN, 20]
    const dm = Float64Array.from([5, 1, 4, 2, 3, NaN, NaN, NaN, NaN, NaN, 10, NaN, 30, NaN, 20]);
    const [q05, q25, q50, q75, q95] = dayBands(dm, nPaths, nDays, BAND_QUANTILES);
    expect(q50[0]).toBe(3);
    expect(q25[0]).toBe(2);
    expect(q75[0]).toBe(4);
    expect(q05[0]).toBeCloseTo(1.2, 12);
    expect(q95[0]).toBeCloseTo(4.8, 12);
    expect(q50[1]).toBeNaN();
    expect(q50[2]).toBe(20);
    expect(q05[2]).toBeCloseTo(11, 12);
  });

  it('transposes path-major chunks into one day-major array', () => {
    const nDays = 2;
    const a = { from: 0, to: 2, data: Float32Array.from([1, 2, 3, 4]) }; // path0: 1,2  path1: 3,4
    const b = { from: 2, to: 3, data: Float32Array.from([5, 6]) }; // path2: 5,6
    expect([...toDayMajor([b, a], 3, nDays)]).toEqual([1, 3, 5, 2, 4, 6]);
  });

  it('makes histograms of event days with a "never" count', () => {
    const h = histogram([0, 5, 31, null, -1, 59, 60], 30, 60);
    expect(h.counts).toEqual([2, 3]); // 60 falls in the last bin
    expect(h.edges).toEqual([0, 30]);
    expect(h.never).toBe(2);
    expect(h.total).toBe(7);
    expect(probability([0, null, 3, null])).toBe(0.5);
    expect(quantiles([3, 1, NaN, 2], [0.5])).toEqual([2]);
  });
});
