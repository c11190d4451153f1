/**
 * Chart layout rules (web/lib/chart-layout.ts): the log-default rule, the
 * venue minimum-price line, marker lanes without overlaps and the calendar
 * alignment of two runs.
 */
import { describe, expect, it } from 'vitest';
import { alignCalendars, anyOverlap, assignLanes, layoutMarkers, logByDefault, minPriceLine, shift } from '../../web/lib/chart-layout.ts';
import { LISTING_RULE_PRESETS as LISTING_RULES } from '../../src/presets/listing-rules.ts';
import type { ListingRuleSet } from '../../sim/types.ts';

describe('logByDefault', () => {
  it('is log when the positive values span more than 10x, linear at 10x or less', () => {
    // 12 -> 1.1: 12 / 1.1 = 10.9 > 10 -> log. 10 -> 1: exactly 10 -> linear.
    expect(logByDefault([[12, 5, 1.1]])).toBe(true);
    expect(logByDefault([[10, 4, 1]])).toBe(false);
    // Zeros, negatives, nulls and NaN are ignored (a delisted stock at 0 does not force log): 3 / 1 = 3.
    expect(logByDefault([[3, 0, -2, null, NaN, 1]])).toBe(false);
    // Over several series: 0.5 in one and 6 in the other = 12x.
    expect(logByDefault([[0.5, 1], [2, 6]])).toBe(true);
    expect(logByDefault([[]])).toBe(false);
  });
});

describe('minPriceLine', () => {
  const rules = LISTING_RULES as Record<string, ListingRuleSet>;
  it('labels Nasdaq with its rule, NYSE American as a discretionary assumption, and has no line for a placeholder minimum', () => {
    const nasdaq = minPriceLine(rules['nasdaq-cm'])!;
    expect(nasdaq.price).toBe(1);
    expect(nasdaq.label).toMatch(/^\$1\.00 minimum \(Nasdaq/);
    const amex = minPriceLine(rules['nyse-american'])!;
    expect(amex.price).toBe(0.2);
    expect(amex.label).toBe('$0.20 low-price level (NYSE American: discretionary rule, level assumed)');
    // Metaplanet's Tokyo rule set has minPrice 0.0001 (a placeholder): no line, never "$0.00 minimum".
    expect(minPriceLine({ ...rules['nasdaq-cm'], name: 'Tokyo Stock Exchange (no minimum-price rule)', minPrice: 0.0001 })).toBeNull();
    expect(minPriceLine(undefined)).toBeNull();
  });
});

describe('marker lanes', () => {
  it('puts overlapping labels in different lanes and reuses a lane once free', () => {
    // [0,50] [30,80] [60,100] [120,150]: 2nd overlaps 1st -> lane 1; 3rd starts at 60 >= 50 + 4 -> lane 0;
    // 4th starts at 120 >= 100 + 4 -> lane 0.
    expect(assignLanes([{ x0: 0, x1: 50 }, { x0: 30, x1: 80 }, { x0: 60, x1: 100 }, { x0: 120, x1: 150 }])).toEqual([0, 1, 0, 0]);
  });

  it('never overlaps, computed from the pixel extents, for dense event clusters', () => {
    // 40 markers, 3 px apart, labels 60-90 px wide, in a 600-px plot: lanes run out, the rest are hidden.
    const words = ['notice', 'determination', 'reverse split', 'cured', 'delisted', 'insolvent', '2nd period'];
    const markers = Array.from({ length: 40 }, (_, i) => ({ day: i, label: words[i % words.length], x: 50 + i * 3 + (i % 5) * 90, width: 60 + (i % 4) * 10 }));
    const boxes = layoutMarkers(markers, { left: 40, right: 640, top: 10 }, 13, 6);
    expect(anyOverlap(boxes)).toBe(false);
    // Pairwise check written out again here, not trusting anyOverlap alone.
    const shown = boxes.filter((b) => b.shown);
    for (let i = 0; i < shown.length; i++)
      for (let j = i + 1; j < shown.length; j++) {
        const a = shown[i], b = shown[j];
        const sep = a.x1 <= b.x0 || b.x1 <= a.x0 || a.y1 <= b.y0 || b.y1 <= a.y0;
        expect(sep, `${a.label}@${a.x0} vs ${b.label}@${b.x0}`).toBe(true);
      }
    expect(shown.length).toBeGreaterThan(10);
    // Every box stays inside the plot horizontally.
    for (const b of boxes) expect(b.x0 >= 40 && b.x1 <= 640 + 1e-9, b.label).toBe(true);
    // Detector sanity: two boxes on top of each other are an overlap.
    expect(anyOverlap([{ x0: 0, x1: 10, y0: 0, y1: 10 }, { x0: 5, x1: 15, y0: 5, y1: 15 }])).toBe(true);
  });

  it('flips a label left of its line at the right edge', () => {
    const [b] = layoutMarkers([{ day: 9, label: 'delisted', x: 590, width: 50 }], { left: 0, right: 600, top: 0 });
    expect(b.x1).toBeLessThanOrEqual(590);
    expect(b.x0).toBe(590 - 3 - 50);
  });

  it("keeps the labels clear of the selected day's box: under it where they would cross it, unchanged elsewhere", () => {
    // SQNS in teaching mode on a phone, day 287: "determination" and "delisted" sat under the "day 287" box.
    const markers = [
      { day: 40, label: 'notice', x: 80, width: 34 },
      { day: 286, label: 'determination', x: 250, width: 70 },
      { day: 287, label: 'delisted', x: 252, width: 44 },
    ];
    const area = { left: 40, right: 330, top: 10 };
    const avoid = { x0: 225, x1: 285, lanes: 3 }; // the box centred on x = 255
    const free = layoutMarkers(markers, area, 13, 6);
    const kept = layoutMarkers(markers, area, 13, 6, avoid);
    expect(free.map((b) => b.lane)).toEqual([0, 0, 1]);
    expect(kept.map((b) => b.lane)).toEqual([0, 3, 4]);
    expect(kept[0]).toEqual(free[0]); // far from the box: the same place
    const box = { x0: avoid.x0, x1: avoid.x1, y0: area.top, y1: area.top + 2 + 3 * 13 - 2 };
    expect(anyOverlap([...kept, { ...box, shown: true }])).toBe(false);
    expect(anyOverlap([...free, { ...box, shown: true }])).toBe(true);
    // A label that only starts after the box ends stays in the top lane.
    expect(layoutMarkers([{ day: 300, label: 'insolvent', x: 292, width: 40 }], { ...area, right: 400 }, 13, 6, avoid)[0].lane).toBe(0);
    // Lanes past maxLanes are hidden as before.
    expect(layoutMarkers(markers, area, 13, 4, avoid).map((b) => b.shown)).toEqual([true, true, false]);
  });

  it('keeps the labels out of a column another label takes (the rotated delay label): past it, or before it at the right edge', () => {
    // SQNS lesson step 6 on a phone: "notice" starts at its line, where the rotated "close → stock" stands.
    const area = { left: 40, right: 330, top: 10 };
    const column = { x0: 208, x1: 221 };
    const [notice] = layoutMarkers([{ day: 386, label: 'notice', x: 207, width: 34 }], area, 13, 6, undefined, column);
    expect(notice.x0).toBe(222);
    expect(notice.lane).toBe(0);
    // At the right edge it ends just before the column.
    const [edge] = layoutMarkers([{ day: 700, label: 'delisted', x: 320, width: 44 }], area, 13, 6, undefined, { x0: 300, x1: 313 });
    expect(edge.x1).toBe(299);
    // A label clear of the column is where it was.
    const [far] = layoutMarkers([{ day: 40, label: 'notice', x: 80, width: 34 }], area, 13, 6, undefined, column);
    expect(far.x0).toBe(83);
  });
});

describe('alignCalendars', () => {
  it('puts two runs with different start dates on one calendar axis', () => {
    // A: 2025-12-30 .. 2026-01-02 (4 days); B: 2026-01-01 .. 2026-01-05 (5 days). Axis 2025-12-30 .. 2026-01-05 = 7 days.
    const a = ['2025-12-30', '2025-12-31', '2026-01-01', '2026-01-02'];
    const b = ['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04', '2026-01-05'];
    const { dates, offA, offB } = alignCalendars(a, b);
    expect(dates).toEqual(['2025-12-30', '2025-12-31', '2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04', '2026-01-05']);
    expect([offA, offB]).toEqual([0, 2]);
    expect(shift([1, 2, 3, 4, 5], offB, dates.length)).toEqual([null, null, 1, 2, 3, 4, 5]);
    expect(shift([1, 2, 3, 4], offA, dates.length)).toEqual([1, 2, 3, 4, null, null, null]);
    // Each value sits on its own date.
    expect(dates[offB + 0]).toBe(b[0]);
  });
});
