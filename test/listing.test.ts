/**
 * Listing clocks on hand-made price paths (docs/model.md §6, 10, 11 "Listing").
 *
 * Every expected date below was counted by hand on a 2025/2026 calendar (and
 * cross-checked with an independent date script, not with the clock). Unless a
 * test says otherwise the calendar starts Monday 2025-01-06 with no holidays,
 * so business days 1..30 are Jan 6-10, 13-17, 20-24, 27-31, Feb 3-7, 10-14.
 *
 * These tests hold the counting alone: the presets with their procedure
 * (letter lag, deadline roll, hearings, transfer, intent, split notice)
 * switched off by `withoutProcedure()`. The procedure is tested in
 * test/listing-procedure.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { ListingClock } from '../sim/listing.ts';
import { buildCalendar, type TradingCalendar } from '../sim/calendar.ts';
import type { SimEvent } from '../sim/events.ts';
import { ListingState, type ListingStateCode } from '../sim/listing-state.ts';
import type { IsoDate, ListingRuleSet } from '../sim/types.ts';
import { LISTING_RULE_PRESETS, withoutProcedure } from '../src/presets/listing-rules.ts';

const bare = withoutProcedure;
const NASDAQ_CM = bare(LISTING_RULE_PRESETS['nasdaq-cm']);
/** Global Market without the transfer to the Capital Market: one period (withoutProcedure drops the transfer). */
const NASDAQ_GM = bare(LISTING_RULE_PRESETS['nasdaq-gm']);
const NYSE = bare(LISTING_RULE_PRESETS['nyse']);
const NYSE_AMERICAN = bare(LISTING_RULE_PRESETS['nyse-american']);

interface DaySnapshot {
  state: ListingStateCode;
  daysLeft: number;
  underNotice: boolean;
}

interface PathSpec {
  start?: IsoDate;
  days: number;
  holidays?: IsoDate[];
  /** Step function: each [date, close] holds from that date until the next entry. */
  path: Array<[IsoDate, number]>;
  /** Reverse splits, date -> ratio (1-for-ratio), recorded before that day's close. */
  splits?: Record<IsoDate, number>;
}

interface RunResult {
  events: SimEvent[];
  clock: ListingClock;
  calendar: TradingCalendar;
  /** State after each day's close, by date (business and non-business days). */
  byDate: Map<IsoDate, DaySnapshot>;
}

function closeOn(path: Array<[IsoDate, number]>, date: IsoDate): number {
  let close = NaN;
  for (const [from, price] of path) if (from <= date) close = price;
  return close;
}

/** The tiny driver: walk calendar days, call onClose on business days only. */
function drive(clock: ListingClock, calendar: TradingCalendar, spec: PathSpec, fromDay: number, toDay: number, byDate?: Map<IsoDate, DaySnapshot>): void {
  for (let t = fromDay; t < toDay; t++) {
    const date = calendar.dates[t];
    if (calendar.isBusinessDay[t] === 1) {
      const ratio = spec.splits?.[date];
      if (ratio !== undefined) clock.recordReverseSplit(t, ratio);
      clock.onClose(t, closeOn(spec.path, date));
    }
    byDate?.set(date, { state: clock.state, daysLeft: clock.daysLeft(t), underNotice: clock.underNotice });
  }
}

function run(rules: ListingRuleSet, spec: PathSpec): RunResult {
  const calendar = buildCalendar(spec.start ?? '2025-01-06', spec.days, spec.holidays ?? []);
  const events: SimEvent[] = [];
  const clock = new ListingClock(rules, calendar, { push: (e) => events.push(e) }, 'TEST');
  const byDate = new Map<IsoDate, DaySnapshot>();
  drive(clock, calendar, spec, 0, spec.days, byDate);
  return { events, clock, calendar, byDate };
}

/** "date kind[ reason]" lines, the form every expectation below uses. */
function timeline(events: SimEvent[]): string[] {
  return events.map((e) => `${e.date} ${e.kind}${e.reason !== undefined ? ` ${e.reason}` : ''}`);
}

function find(events: SimEvent[], kind: string): SimEvent {
  const e = events.find((x) => x.kind === kind);
  if (!e) throw new Error(`no ${kind} event`);
  return e;
}

describe('Nasdaq Capital Market (5550(a)(2), 5810(c)(3)(A))', () => {
  it('notice after 30 closes below $1, regained by 10 closes at exactly $1.00', () => {
    // 0.90 on business days 1..30 (Jan 6 .. Feb 14) -> notice on the 30th: 2025-02-14.
    // Deadline 2025-02-14 + 180 calendar days = 2025-08-13 (Feb 14->28: 14, Mar 31: 45,
    // Apr 30: 75, May 31: 106, Jun 30: 136, Jul 31: 167, Aug 13: 180).
    // 1.00 from Mon Feb 17: Feb 17-21 (5), Feb 24-28 (10) -> regained 2025-02-28.
    const r = run(NASDAQ_CM, { days: 120, path: [['2025-01-06', 0.9], ['2025-02-17', 1.0]] });
    expect(timeline(r.events)).toEqual(['2025-02-14 notice', '2025-02-28 regained']);
    const notice = find(r.events, 'notice');
    expect(notice).toMatchObject({ day: 39, company: 'TEST', close: 0.9, deadline: '2025-08-13', belowDays: 30 });
    expect(notice.average).toBeCloseTo(0.9, 12);
    expect(r.byDate.get('2025-02-13')).toEqual({ state: ListingState.compliant, daysLeft: Infinity, underNotice: false });
    expect(r.byDate.get('2025-02-14')).toEqual({ state: ListingState.deficient, daysLeft: 180, underNotice: true });
    // Saturday 2025-02-15: nothing moves, one calendar day less.
    expect(r.byDate.get('2025-02-15')).toEqual({ state: ListingState.deficient, daysLeft: 179, underNotice: true });
    expect(r.byDate.get('2025-02-27')?.state).toBe(ListingState.deficient); // 9 closes at $1.00 only
    expect(r.byDate.get('2025-02-28')).toEqual({ state: ListingState.compliant, daysLeft: Infinity, underNotice: false });
  });

  it('a close of exactly $1.00 is compliant and breaks the run below $1', () => {
    // 0.90 on business days 1..29 (Jan 6 .. Feb 13), exactly 1.00 on Fri Feb 14, 0.90 from Feb 17:
    // the run restarts; 30 closes from Feb 17: Feb 17-21 (5), 24-28 (10), Mar 3-7 (15),
    // Mar 10-14 (20), 17-21 (25), 24-28 (30) -> notice 2025-03-28, not 2025-02-14.
    const r = run(NASDAQ_CM, { days: 120, path: [['2025-01-06', 0.9], ['2025-02-14', 1.0], ['2025-02-17', 0.9]] });
    expect(timeline(r.events)).toEqual(['2025-03-28 notice']);
  });

  it('full path: first period expires -> second 180 days -> determination and delisting', () => {
    // 0.50 throughout. Notice 2025-02-14, deadline Wed 2025-08-13.
    // First business day after it: Thu 2025-08-14 -> second period, deadline 2025-08-13 + 180 =
    // 2026-02-09 (Aug 31: 18, Sep 30: 48, Oct 31: 79, Nov 30: 109, Dec 31: 140, Jan 31: 171, Feb 9: 180).
    // First business day after Mon 2026-02-09: Tue 2026-02-10 -> determination + delisted (delay 0).
    const r = run(NASDAQ_CM, { days: 450, path: [['2025-01-06', 0.5]] });
    expect(timeline(r.events)).toEqual([
      '2025-02-14 notice',
      '2025-08-14 secondPeriod',
      '2026-02-10 determination periodExpired',
      '2026-02-10 delisted periodExpired',
    ]);
    expect(find(r.events, 'secondPeriod').deadline).toBe('2026-02-09');
    expect(r.byDate.get('2025-08-13')).toEqual({ state: ListingState.deficient, daysLeft: 0, underNotice: true });
    // 2025-08-14 -> 2026-02-09 is 179 calendar days.
    expect(r.byDate.get('2025-08-14')).toEqual({ state: ListingState.secondPeriod, daysLeft: 179, underNotice: true });
    expect(r.byDate.get('2026-02-09')?.state).toBe(ListingState.secondPeriod);
    expect(r.byDate.get('2026-02-10')).toEqual({ state: ListingState.delisted, daysLeft: Infinity, underNotice: false });
    expect(r.clock.delisted).toBe(true);
  });

  it('$0.10 rule: 10 closes at or below $0.10 inside the period -> determination and delisting that day', () => {
    // 0.50 on business days 1..30 -> notice 2025-02-14; exactly 0.10 from Mon Feb 17:
    // Feb 17-21 (5), Feb 24-28 (10) -> determination (pennyStock) and delisted 2025-02-28.
    const r = run(NASDAQ_CM, { days: 120, path: [['2025-01-06', 0.5], ['2025-02-17', 0.1]] });
    expect(timeline(r.events)).toEqual(['2025-02-14 notice', '2025-02-28 determination pennyStock', '2025-02-28 delisted pennyStock']);
    expect(r.byDate.get('2025-02-27')?.state).toBe(ListingState.deficient);
  });

  it('$0.10 rule counts only inside the period (closes before the notice do not count)', () => {
    // 0.05 throughout: 30 closes Jan 6 .. Feb 14 -> notice 2025-02-14 (the notice day's close is
    // outside the period); the count starts Mon Feb 17: Feb 17-21 (5), 24-28 (10) -> 2025-02-28.
    const r = run(NASDAQ_CM, { days: 120, path: [['2025-01-06', 0.05]] });
    expect(timeline(r.events)).toEqual(['2025-02-14 notice', '2025-02-28 determination pennyStock', '2025-02-28 delisted pennyStock']);
  });

  it('$0.10 rule needs consecutive closes: one close at $0.11 restarts the count', () => {
    // Notice 2025-02-14; 0.10 Feb 17-21 (5 closes), 0.11 on Mon Feb 24, 0.10 from Tue Feb 25:
    // Feb 25-28 (4), Mar 3-7 (9), Mon Mar 10 (10) -> 2025-03-10.
    const r = run(NASDAQ_CM, {
      days: 120,
      path: [['2025-01-06', 0.5], ['2025-02-17', 0.1], ['2025-02-24', 0.11], ['2025-02-25', 0.1]],
    });
    expect(timeline(r.events)).toEqual(['2025-02-14 notice', '2025-03-10 determination pennyStock', '2025-03-10 delisted pennyStock']);
  });

  it('reverse split within a year -> determination instead of a second notice', () => {
    // 0.50 Jan 6 .. Feb 14 -> notice 2025-02-14. 1-for-10 split on Mon Feb 17, closes 5.00:
    // Feb 17-21 (5), 24-28 (10) -> regained 2025-02-28. 0.80 from Mon Mar 3: 30 closes
    // Mar 3-7 (5), 10-14 (10), 17-21 (15), 24-28 (20), Mar 31-Apr 4 (25), Apr 7-11 (30) -> a notice
    // would be given 2025-04-11, but the split was 53 days earlier (<= 365): determination + delisted.
    const r = run(NASDAQ_CM, {
      days: 150,
      path: [['2025-01-06', 0.5], ['2025-02-17', 5.0], ['2025-03-03', 0.8]],
      splits: { '2025-02-17': 10 },
    });
    expect(timeline(r.events)).toEqual([
      '2025-02-14 notice',
      '2025-02-28 regained',
      '2025-04-11 determination reverseSplitLookback',
      '2025-04-11 delisted reverseSplitLookback',
    ]);
    // Split-adjusted history: the 20 pre-split closes of 0.50 count as 5.00, so the
    // 30-close average on 2025-02-28 is 5.00 (unadjusted it would be 2.00).
    expect(find(r.events, 'regained').average).toBeCloseTo(5.0, 12);
  });

  it('cumulative 250:1 over two years (1:50 then 1:5) -> determination at the notice', () => {
    // Splits 1:50 on Mon 2025-01-06 and 1:5 on Mon 2025-03-03 (product 250); 1.50 until
    // Mon 2026-03-02, then 0.50: Mar 2-6 (5), 9-13 (10), 16-20 (15), 23-27 (20), Mar 30-Apr 3 (25),
    // Apr 6-10 (30) -> notice due 2026-04-10. The last split is 403 days before (> 365, so the
    // one-year look-back does not apply); the first is 459 days before (<= 730): 250 >= 250.
    const spec: PathSpec = {
      days: 500,
      path: [['2025-01-06', 1.5], ['2026-03-02', 0.5]],
      splits: { '2025-01-06': 50, '2025-03-03': 5 },
    };
    expect(timeline(run(NASDAQ_CM, spec).events)).toEqual([
      '2026-04-10 determination cumulativeSplit',
      '2026-04-10 delisted cumulativeSplit',
    ]);
    // Control: 1:50 then 1:4 = 200 < 250 -> an ordinary notice, deadline 2026-04-10 + 180 = 2026-10-07.
    const control = run(NASDAQ_CM, { ...spec, splits: { '2025-01-06': 50, '2025-03-03': 4 } });
    expect(timeline(control.events)).toEqual(['2026-04-10 notice']);
    expect(find(control.events, 'notice').deadline).toBe('2026-10-07');
  });

  it('weekends and holidays are skipped by the counters', () => {
    // Holidays Mon 2025-01-20 and Mon 2025-02-17. 0.90 from Jan 6: Jan 6-10 (5), 13-17 (10),
    // 21-24 (14), 27-31 (19), Feb 3-7 (24), 10-14 (29), Tue Feb 18 (30) -> notice 2025-02-18.
    // 1.00 from Wed Feb 19: Feb 19-21 (3), 24-28 (8), Mar 3-4 (10) -> regained 2025-03-04.
    const r = run(NASDAQ_CM, {
      days: 120,
      holidays: ['2025-01-20', '2025-02-17'],
      path: [['2025-01-06', 0.9], ['2025-02-19', 1.0]],
    });
    expect(timeline(r.events)).toEqual(['2025-02-18 notice', '2025-03-04 regained']);
    // Deadline 2025-02-18 + 180 = 2025-08-17.
    expect(find(r.events, 'notice').deadline).toBe('2025-08-17');
  });
});

describe('Nasdaq Global Market (5450(a)(1), no second period)', () => {
  it('delisted at the end of the first period', () => {
    // 0.50 throughout: notice 2025-02-14, deadline Wed 2025-08-13 -> Thu 2025-08-14 determination + delisted.
    const r = run(NASDAQ_GM, { days: 260, path: [['2025-01-06', 0.5]] });
    expect(timeline(r.events)).toEqual([
      '2025-02-14 notice',
      '2025-08-14 determination periodExpired',
      '2025-08-14 delisted periodExpired',
    ]);
  });

  it('a deadline on a weekend expires on the next business day (with holidays)', () => {
    // Holidays 2025-01-20 and 2025-02-17 -> notice Tue 2025-02-18 (as above); deadline
    // 2025-02-18 + 180 = Sun 2025-08-17; first business day after it: Mon 2025-08-18.
    const r = run(NASDAQ_GM, { days: 260, holidays: ['2025-01-20', '2025-02-17'], path: [['2025-01-06', 0.5]] });
    expect(timeline(r.events)).toEqual([
      '2025-02-18 notice',
      '2025-08-18 determination periodExpired',
      '2025-08-18 delisted periodExpired',
    ]);
    // Sat Aug 16: 1 day left; Sun Aug 17 (the deadline): 0.
    expect(r.byDate.get('2025-08-16')?.daysLeft).toBe(1);
    expect(r.byDate.get('2025-08-17')).toEqual({ state: ListingState.deficient, daysLeft: 0, underNotice: true });
  });

  it('delistDelayDays counts business days after the determination; delisted is terminal', () => {
    // As above but 5 business days' delay: determination Thu 2025-08-14; Fri Aug 15 (1),
    // Mon 18 (2), Tue 19 (3), Wed 20 (4), Thu 21 (5) -> delisted 2025-08-21. The price
    // recovers to 2.00 from Aug 25: no more events.
    const rules: ListingRuleSet = { ...NASDAQ_GM, delistDelayDays: 5 };
    const r = run(rules, { days: 300, path: [['2025-01-06', 0.5], ['2025-08-25', 2.0]] });
    expect(timeline(r.events)).toEqual([
      '2025-02-14 notice',
      '2025-08-14 determination periodExpired',
      '2025-08-21 delisted periodExpired',
    ]);
    expect(r.byDate.get('2025-08-20')).toEqual({ state: ListingState.determination, daysLeft: Infinity, underNotice: true });
    expect(r.byDate.get('2025-08-21')?.state).toBe(ListingState.delisted);
    expect(r.byDate.get('2025-10-31')?.state).toBe(ListingState.delisted);
  });
});

describe('NYSE (802.01C)', () => {
  // 1.25 on business days 1..20 (Jan 6 .. Jan 31), 0.75 from Mon Feb 3 (day 21). The 30-close
  // average with k closes at 0.75 is (37.5 - 0.5k)/30: k = 15 (day 35, Fri Feb 21) gives exactly
  // 1.00 (not below); k = 16 (day 36, Mon Feb 24) gives 29.5/30 = 0.9833 -> notice 2025-02-24.
  // The consecutive rule would have waited until day 50. Deadline: 6 months -> Sun 2025-08-24;
  // period's last trading day Fri 2025-08-22; expiry Mon 2025-08-25.
  const fall: Array<[IsoDate, number]> = [['2025-01-06', 1.25], ['2025-02-03', 0.75]];

  it('notice from the 30-day average; expiry after 6 months', () => {
    const r = run(NYSE, { days: 260, path: fall });
    expect(timeline(r.events)).toEqual([
      '2025-02-24 notice',
      '2025-08-25 determination periodExpired',
      '2025-08-25 delisted periodExpired',
    ]);
    const notice = find(r.events, 'notice');
    expect(notice.deadline).toBe('2025-08-24');
    expect(notice.average).toBeCloseTo(29.5 / 30, 12);
  });

  it('month-end cure: close and 30-day average at or above $1.00 on the last trading day of a month', () => {
    // 1.25 from Mon Mar 3. The average is back >= 1 from the 15th such close (Fri Mar 21) but only
    // month-ends count. Mon Mar 31 (month end): 21 closes at 1.25 (Mar 3-31) + 9 at 0.75
    // (Feb 18-28) -> average 1.10, close 1.25 -> regained 2025-03-31.
    // (Fri Feb 28 was a month end too, but the close was 0.75.)
    const r = run(NYSE, { days: 200, path: [...fall, ['2025-03-03', 1.25]] });
    expect(timeline(r.events)).toEqual(['2025-02-24 notice', '2025-03-31 regained']);
    expect(r.byDate.get('2025-03-28')?.state).toBe(ListingState.deficient);
    expect(find(r.events, 'regained').average).toBeCloseTo(1.1, 12);
  });

  it('month-end cure needs the close too: a 0.95 close on Mar 31 defers the cure to Apr 30', () => {
    // As above but 0.95 on Mon Mar 31 (average 1.09 >= 1, close < 1: no cure);
    // next month end Wed 2025-04-30: close 1.25, average >= 1 -> regained 2025-04-30.
    const r = run(NYSE, { days: 200, path: [...fall, ['2025-03-03', 1.25], ['2025-03-31', 0.95], ['2025-04-01', 1.25]] });
    expect(timeline(r.events)).toEqual(['2025-02-24 notice', '2025-04-30 regained']);
  });

  it("the period's last trading day is tested too", () => {
    // 0.75 until Fri Aug 1, 1.25 from Mon Aug 4: Aug 4-8 (5), 11-15 (10), 18-22 (15). Thu Jul 31
    // (month end) has close 0.75. Fri Aug 22 is not a month end but is the period's last trading
    // day: close 1.25, average (15*1.25 + 15*0.75)/30 = exactly 1.00 -> regained 2025-08-22.
    const r = run(NYSE, { days: 260, path: [...fall, ['2025-08-04', 1.25]] });
    expect(timeline(r.events)).toEqual(['2025-02-24 notice', '2025-08-22 regained']);
  });
});

describe('NYSE American (1003(f)(v) practice: $0.20)', () => {
  it('notice when the 30-day average is below $0.20; cured when it is back at or above', () => {
    // 0.125 from Jan 6: the first 30-close average is due on the 30th close -> notice 2025-02-14
    // (no notice before: averages use simulated closes only). 0.25 from Mon Feb 17; with k closes
    // at 0.25 the average is (3.75 + 0.125k)/30: k = 17 (Tue Mar 11) -> 0.1958; k = 18:
    // Feb 17-21 (5), 24-28 (10), Mar 3-7 (15), Mar 10-12 (18) -> exactly 0.20 -> regained 2025-03-12.
    const r = run(NYSE_AMERICAN, { days: 120, path: [['2025-01-06', 0.125], ['2025-02-17', 0.25]] });
    expect(timeline(r.events)).toEqual(['2025-02-14 notice', '2025-03-12 regained']);
    expect(find(r.events, 'notice')).toMatchObject({ deadline: '2025-08-13', minPrice: 0.2 });
  });

  it('180 days, no second period: expiry Thu 2025-08-14', () => {
    const r = run(NYSE_AMERICAN, { days: 260, path: [['2025-01-06', 0.125]] });
    expect(timeline(r.events)).toEqual([
      '2025-02-14 notice',
      '2025-08-14 determination periodExpired',
      '2025-08-14 delisted periodExpired',
    ]);
  });

  it('cumulative 200:1 -> determination at the notice; a recent split alone does not', () => {
    // Splits 1:20 on Mon 2025-01-06 and 1:10 on Mon 2025-03-03; closes 0.50, then 5.00 from
    // Mar 3, then 0.125 from Mon Jun 2. The average of 30 falls below 0.20 only when all 30 are
    // 0.125: Jun 2-6 (5), 9-13 (10), 16-20 (15), 23-27 (20), Jun 30-Jul 4 (25), Jul 7-11 (30)
    // -> 2025-07-11, 186 days after the first split: 20 * 10 = 200 >= 200.
    const spec: PathSpec = {
      days: 220,
      path: [['2025-01-06', 0.5], ['2025-03-03', 5.0], ['2025-06-02', 0.125]],
      splits: { '2025-01-06': 20, '2025-03-03': 10 },
    };
    expect(timeline(run(NYSE_AMERICAN, spec).events)).toEqual([
      '2025-07-11 determination cumulativeSplit',
      '2025-07-11 delisted cumulativeSplit',
    ]);
    // 1:20 then 1:5 = 100: no look-back rule on NYSE American -> an ordinary notice.
    const control = run(NYSE_AMERICAN, { ...spec, splits: { '2025-01-06': 20, '2025-03-03': 5 } });
    expect(timeline(control.events)).toEqual(['2025-07-11 notice']);
  });
});

describe('counting conventions (docs/model.md 5.1), each on a path that tells it apart', () => {
  it("a second period continues the deficiency: a cure run begun in the first carries on, and the expiry day's close counts in the second", () => {
    // 0.50 from Jan 6: notice Fri 2025-02-14 (30th close), deadline Wed Aug 13, expiry Thu Aug 14 -> second period.
    // 1.00 from Mon Aug 4: Aug 4-8 (5), 11-13 (8) in the first period, Thu 14 (9) and Fri 15 (10) in the second:
    // regained Fri 2025-08-15. Counts restarted with the second period would cure only on Thu Aug 28.
    const r = run(NASDAQ_CM, { days: 260, path: [['2025-01-06', 0.5], ['2025-08-04', 1.0]] });
    expect(timeline(r.events)).toEqual(['2025-02-14 notice', '2025-08-14 secondPeriod', '2025-08-15 regained']);
  });

  it("a period expires on the first business day after its deadline, and that day's close is not tested against it", () => {
    // Global Market (one period): 1.00 from Fri Aug 1: Aug 1 (1), 4-8 (6), 11-13 (9) by the deadline; the 10th
    // close at $1.00 is on the expiry day, Thu Aug 14, which is not tested: determination and delisting that day.
    const r = run(NASDAQ_GM, { days: 260, path: [['2025-01-06', 0.5], ['2025-08-01', 1.0]] });
    expect(timeline(r.events)).toEqual(['2025-02-14 notice', '2025-08-14 determination periodExpired', '2025-08-14 delisted periodExpired']);
    // One day earlier (from Thu Jul 31) the 10th close is Wed Aug 13, inside the period: cured.
    expect(timeline(run(NASDAQ_GM, { days: 260, path: [['2025-01-06', 0.5], ['2025-07-31', 1.0]] }).events)).toEqual(['2025-02-14 notice', '2025-08-13 regained']);
  });

  it('a regain resets the run counters but keeps the close history (NYSE: the next notice comes from the same 30-day window)', () => {
    // 1.25, 0.75 from Feb 3 (notice Mon Feb 24, as above), 1.25 from Mon Mar 3: on Mon Mar 31 (a month's last
    // trading day) the close is 1.25 and the 30-close average (9 x 0.75 + 21 x 1.25) / 30 = 1.10: regained.
    // 0.50 from Tue Apr 1: the first 9 drop the 0.75s, then each drops a 1.25; the window sum is 37.5 - 0.75k for
    // k > 9, below 30 at k = 11: Tue Apr 15 (Apr 1-4, 7-11, 14, 15). A history cleared at the regain would need 30
    // closes at 0.50: Mon May 12.
    const r = run(NYSE, { days: 160, path: [['2025-01-06', 1.25], ['2025-02-03', 0.75], ['2025-03-03', 1.25], ['2025-04-01', 0.5]] });
    expect(timeline(r.events)).toEqual(['2025-02-24 notice', '2025-03-31 regained', '2025-04-15 notice']);
    expect(r.events[2].average).toBeCloseTo((11 * 0.5 + 19 * 1.25) / 30, 12);
  });
});

describe('copyFrom', () => {
  // The reverse-split path: notice 2025-02-14, split 2025-02-17, regained 2025-02-28,
  // determination + delisted 2025-04-11 (see above). Copy on Fri 2025-03-14 (day 67):
  // compliant again, with 10 closes of 0.80 counted and the split on record.
  const spec: PathSpec = {
    days: 150,
    path: [['2025-01-06', 0.5], ['2025-02-17', 5.0], ['2025-03-03', 0.8]],
    splits: { '2025-02-17': 10 },
  };
  const copyDay = 68; // days 0..67 run before the copy

  function startClock(rules: ListingRuleSet): { clock: ListingClock; events: SimEvent[]; calendar: TradingCalendar } {
    const calendar = buildCalendar('2025-01-06', spec.days, []);
    const events: SimEvent[] = [];
    return { clock: new ListingClock(rules, calendar, { push: (e) => events.push(e) }, 'TEST'), events, calendar };
  }

  it('copied mid-path, both clocks continue with identical events', () => {
    const a = startClock(NASDAQ_CM);
    drive(a.clock, a.calendar, spec, 0, copyDay);
    expect(a.calendar.dates[copyDay - 1]).toBe('2025-03-14');
    const b = startClock(NASDAQ_CM);
    b.clock.copyFrom(a.clock);
    a.events.length = 0;
    // Interleave the two clocks day by day.
    for (let t = copyDay; t < spec.days; t++) {
      drive(a.clock, a.calendar, spec, t, t + 1);
      drive(b.clock, b.calendar, spec, t, t + 1);
      expect(b.clock.state).toBe(a.clock.state);
    }
    expect(timeline(a.events)).toEqual(['2025-04-11 determination reverseSplitLookback', '2025-04-11 delisted reverseSplitLookback']);
    expect(b.events).toEqual(a.events);
  });

  it('the copy is deep: running the original on another path does not disturb it', () => {
    const a = startClock(NASDAQ_CM);
    drive(a.clock, a.calendar, spec, 0, copyDay);
    const b = startClock(NASDAQ_CM);
    b.clock.copyFrom(a.clock);
    // Original: another split and a different path for the rest of the horizon.
    drive(a.clock, a.calendar, { ...spec, path: [['2025-01-06', 0.01]], splits: { '2025-03-17': 3 } }, copyDay, spec.days);
    drive(b.clock, b.calendar, spec, copyDay, spec.days);
    const reference = run(NASDAQ_CM, spec);
    expect(b.events).toEqual(reference.events.filter((e) => e.day >= copyDay));
  });

  it('copied inside a period keeps the deadline and counters', () => {
    // Nasdaq CM full path; copy on 2025-06-02 (day 147), mid first period.
    const full: PathSpec = { days: 450, path: [['2025-01-06', 0.5]] };
    const calendar = buildCalendar('2025-01-06', full.days, []);
    const reference = run(NASDAQ_CM, full);
    const events: SimEvent[] = [];
    const a = new ListingClock(NASDAQ_CM, calendar, { push: () => {} }, 'TEST');
    drive(a, calendar, full, 0, 148);
    expect(calendar.dates[147]).toBe('2025-06-02');
    const b = new ListingClock(NASDAQ_CM, calendar, { push: (e) => events.push(e) }, 'TEST');
    b.copyFrom(a);
    expect(b.daysLeft(147)).toBe(a.daysLeft(147));
    drive(b, calendar, full, 148, full.days);
    expect(events).toEqual(reference.events.filter((e) => e.day >= 148));
    expect(timeline(events)).toEqual([
      '2025-08-14 secondPeriod',
      '2026-02-10 determination periodExpired',
      '2026-02-10 delisted periodExpired',
    ]);
  });
});

describe('presets', () => {
  it('ids match their keys; sources cite rule numbers and URLs', () => {
    for (const [id, rules] of Object.entries(LISTING_RULE_PRESETS)) {
      expect(rules.id).toBe(id);
      expect(rules.name.length).toBeGreaterThan(0);
      expect(rules.source).toMatch(/https:\/\//);
      expect(rules.delistDelayDays).toBe(0);
    }
    expect(Object.keys(LISTING_RULE_PRESETS).sort()).toEqual(['nasdaq-cm', 'nasdaq-gm', 'nyse', 'nyse-american']);
    const NASDAQ_CM = LISTING_RULE_PRESETS['nasdaq-cm'], NASDAQ_GM = LISTING_RULE_PRESETS['nasdaq-gm'];
    const NYSE = LISTING_RULE_PRESETS['nyse'], NYSE_AMERICAN = LISTING_RULE_PRESETS['nyse-american'];
    expect(NASDAQ_CM.source).toMatch(/5550\(a\)\(2\)/);
    expect(NASDAQ_GM.source).toMatch(/5450\(a\)\(1\)/);
    expect(NYSE.source).toMatch(/802\.01C/);
    expect(NYSE_AMERICAN.source).toMatch(/1003\(f\)\(v\)/);
    expect(NYSE_AMERICAN.source).toMatch(/discretionary standard with ASSUMPTIONS/);
    expect(NYSE_AMERICAN.discretionary).toBe(true);
    // Point 11: the 250:1 limit dates from the 2020 rule; the prior-year split rule from 2025.
    expect(NASDAQ_CM.source).toMatch(/250:1 or more over two years \(5810\(c\)\(3\)\(A\)\(iv\), SR-NASDAQ-2020-001/);
    expect(NASDAQ_CM.source).toMatch(/reverse split in the prior year \(SR-NASDAQ-2024-045, approved Jan 17 2025\)/);
    expect(NYSE.source).toMatch(/200:1 or more over two years/);
  });

  it('rejects a rule set with a zero-day trigger', () => {
    const calendar = buildCalendar('2025-01-06', 10, []);
    const bad: ListingRuleSet = { ...NASDAQ_CM, trigger: { kind: 'consecutiveBelow', days: 0 } };
    expect(() => new ListingClock(bad, calendar, { push: () => {} }, 'X')).toThrow(RangeError);
  });
});
