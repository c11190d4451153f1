/**
 * The averageBelow trigger's shortcut (sim/listing.ts `triggered`): while no close of
 * the window is below minPrice (1 + 1e-9), the 30-close average is not computed (it
 * cannot be below minPrice). These tests hold that the clock gives its notice on the
 * same close as the plain rule, "the mean of the last 30 split-adjusted closes, summed
 * oldest first, is below minPrice", computed here independently of the clock.
 */
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { ListingClock } from '../sim/listing.ts';
import { buildCalendar } from '../sim/calendar.ts';
import { ListingState } from '../sim/listing-state.ts';
import type { SimEvent } from '../sim/events.ts';
import { LISTING_RULE_PRESETS, withoutProcedure } from '../src/presets/listing-rules.ts';

const NYSE = withoutProcedure(LISTING_RULE_PRESETS['nyse']); // averageBelow, 30 closes, $1.00, no letter lag

/** Business day (0-based count of closes) on which the clock leaves `compliant`, or -1. */
function clockNoticeClose(closes: readonly number[], splits: ReadonlyMap<number, number>): number {
  const calendar = buildCalendar('2025-01-06', Math.ceil((closes.length * 7) / 5) + 7, []);
  const events: SimEvent[] = [];
  const clock = new ListingClock(NYSE, calendar, { push: (e) => events.push(e) }, 'TEST');
  let n = 0;
  for (let t = 0; n < closes.length; t++) {
    if (calendar.isBusinessDay[t] !== 1) continue;
    const r = splits.get(n);
    if (r !== undefined) clock.recordReverseSplit(t, r);
    clock.onClose(t, closes[n]);
    if (clock.state !== ListingState.compliant) return n;
    n++;
  }
  return -1;
}

/** The plain rule: first close after which the mean of the last 30 split-adjusted closes is below minPrice. */
function plainNoticeClose(closes: readonly number[], splits: ReadonlyMap<number, number>, days = 30, minPrice = 1): number {
  const adj: number[] = [];
  for (let n = 0; n < closes.length; n++) {
    const r = splits.get(n);
    if (r !== undefined) for (let k = 0; k < adj.length; k++) adj[k] *= r;
    adj.push(closes[n]);
    if (adj.length < days) continue;
    let sum = 0;
    for (let k = adj.length - days; k < adj.length; k++) sum += adj[k];
    if (sum / days < minPrice) return n;
  }
  return -1;
}

describe('NYSE averageBelow trigger with the shortcut', () => {
  it('hand-made path: 30 closes at $1.05, then $0.50: notice on the 3rd close at $0.50', () => {
    // python3: (28*1.05 + 2*0.5)/30 = 1.01333 (no), (27*1.05 + 3*0.5)/30 = 0.995 (< 1): close index 32.
    const closes = [...Array(30).fill(1.05), ...Array(10).fill(0.5)];
    expect(plainNoticeClose(closes, new Map())).toBe(32);
    expect(clockNoticeClose(closes, new Map())).toBe(32);
  });

  it('closes a hair above $1.00 (inside the 1e-9 bar) take the exact average: 30 x (1 + 1e-10) is no notice, one close at 1 - 1e-8 is', () => {
    // 29 x (1 + 1e-10) + (1 - 1e-8): mean = 1 + (29e-10 - 1e-8)/30 = 1 - 2.37e-10 < 1 -> notice on close 30.
    const above = Array(30).fill(1 + 1e-10);
    expect(clockNoticeClose(above, new Map())).toBe(-1);
    const closes = [...above, 1 - 1e-8];
    expect(plainNoticeClose(closes, new Map())).toBe(30);
    expect(clockNoticeClose(closes, new Map())).toBe(30);
  });

  it('a reverse split scales the stored closes: 1-for-10 on close 31 lifts the window above $1', () => {
    // 30 closes at 1.2, then 0.15: after n closes at 0.15 the mean is (1.2 (30 - n) + 0.15 n)/30 < 1 for n > 5.71,
    // so the notice comes on the 6th, close index 35.
    const closes = [...Array(30).fill(1.2), ...Array(10).fill(0.15)];
    expect(plainNoticeClose(closes, new Map())).toBe(35);
    expect(clockNoticeClose(closes, new Map())).toBe(35);
    // Split 1-for-10 recorded before close 31: the stored closes become 12 and 1.5, later closes are 1.5: no notice.
    const split = new Map([[31, 10]]);
    const after = [...Array(30).fill(1.2), 0.15, ...Array(9).fill(1.5)];
    expect(plainNoticeClose(after, split)).toBe(-1);
    expect(clockNoticeClose(after, split)).toBe(-1);
  });

  it('random paths around $1 (closes within 1e-12..10% of it, splits): the notice close equals the plain rule on 400 paths', () => {
    const rng = seedrandom.alea('listing-shortcut');
    let notices = 0;
    for (let p = 0; p < 400; p++) {
      const closes: number[] = [];
      const splits = new Map<number, number>();
      const scale = [1e-12, 1e-9, 1e-6, 0.1][p % 4];
      for (let n = 0; n < 90; n++) {
        closes.push(1 + (rng() * 2 - 0.8) * scale * (n < 30 ? 0.1 : 1));
        if (p % 7 === 0 && n === 45) splits.set(n, 1 + rng());
      }
      const expected = plainNoticeClose(closes, splits);
      if (expected >= 0) notices++;
      expect(clockNoticeClose(closes, splits), `path ${p}`).toBe(expected);
    }
    expect(notices).toBeGreaterThan(50); // the paths do cross the bar
  });
});
