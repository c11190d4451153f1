/**
 * The procedure around the listing counts (issue 11; docs/model.md 5): exchange
 * holidays, the letter lag, the deadline roll, hearings and their stay, the
 * Global -> Capital Market transfer, the conditional second period, the cure
 * length, the $0.10 rule (in force and proposed), the reverse-split notice
 * lag, NYSE's receipt of notice, intent to cure and annual-meeting path, and a
 * clock that starts mid-story.
 *
 * Every date below was counted by hand from the rule text on the 2023-2027
 * calendars and cross-checked with test/reference/listing_dates.py, which uses
 * the exchanges' PUBLISHED holiday lists (not sim/holidays.ts). Its output:
 *
 *   example 2023-07-31 test 2023-09-11 letter 2023-09-12 deadline 2024-03-11
 *   example 2023-05-01 test 2023-06-12 letter 2023-06-13 deadline 2023-12-11
 *   cm: test 2026-02-17 letter 2026-02-18 deadline1 2026-08-17 expiry1 2026-08-18 deadline2 2027-02-16
 *       determination 2027-02-17 hearing deadline 2027-02-24 suspension 2027-02-26
 *   gm no second period: determination 2026-08-18 stay end 2027-02-14 suspension 2027-02-16 |
 *       no hearing: window 2026-08-25 suspension 2026-08-27 | panel 0: decision 2026-10-02 suspension 2026-10-05
 *   gm cure in stay: 1.20 from 2026-09-14 -> regained 2026-09-25
 *   cure 10 from 2026-02-19 -> 2026-03-04 ; cure 20 -> 2026-03-18
 *   penny inPeriod: determination 2026-03-04 stay end 2026-08-31 suspension 2026-09-01
 *   penny anyTime: determination 2026-01-16 window 2026-01-23 suspension 2026-01-27
 *   split decided 2026-06-26 -> effective 2026-07-06
 *   split decided 2026-06-24 -> effective 2026-07-06
 *   split decided 2026-07-20 -> effective 2026-07-30
 *   split effective 2026-07-30 cure from it -> 2026-08-12
 *   nyse: test 2026-02-17 receipt 2026-02-18 deadline 2026-08-18 expiry 2026-08-19 intent due 2026-03-04
 *   meeting 2026-10-15 stage2 from 2026-10-16 prompt deadline 2026-10-29 fail 2026-10-30
 *   meeting cure: exceeds 2026-10-19, 30 trading days above -> 2026-12-01
 *   notice 2025-12-01 deadline1 2026-06-01 deadline2 2026-11-30
 *   notice 2025-06-02 deadline1 2025-12-01 deadline2 2026-06-01
 *     determination 2026-06-02 suspension 2026-06-11
 *   35 closes before start: 30th 2025-12-24 letter 2025-12-26 deadline 2026-06-24 days left at start 170
 *   25 closes before start: 30th close 2026-01-09 letter 2026-01-12
 */
import { describe, expect, it } from 'vitest';
import { ListingClock, earliestSplitEffectiveOrdinal } from '../sim/listing.ts';
import { buildCalendar, dateToOrdinal, ordinalToDate, type TradingCalendar } from '../sim/calendar.ts';
import { exchangeHolidays, easterOrdinal } from '../sim/holidays.ts';
import type { SimEvent } from '../sim/events.ts';
import { ListingState } from '../sim/listing-state.ts';
import type { CompanyListingSettings, IsoDate, ListingRuleSet } from '../sim/types.ts';
import { LISTING_RULE_PRESETS } from '../src/presets/listing-rules.ts';
import { resolveScenario } from '../src/resolve.ts';
import { simulate } from '../src/simulate.ts';

const CM = LISTING_RULE_PRESETS['nasdaq-cm'];
const GM = LISTING_RULE_PRESETS['nasdaq-gm'];
const NYSE = LISTING_RULE_PRESETS['nyse'];
const US = (from: number, to: number) => exchangeHolidays('us', from, to);
const weekdaysOf = (year: number, list: string[]) => list.filter((d) => d.startsWith(String(year)));

interface Spec {
  start: IsoDate;
  days: number;
  /** Step function: each [date, close] holds from that date on. */
  path: Array<[IsoDate, number]>;
  settings?: CompanyListingSettings;
  /** Closes before the start and a notice already received. */
  before?: number[];
  noticeDate?: IsoDate;
}

function run(rules: ListingRuleSet, spec: Spec): { events: SimEvent[]; clock: ListingClock; calendar: TradingCalendar; states: Map<string, number>; left0: number } {
  const y = Number(spec.start.slice(0, 4));
  const calendar = buildCalendar(spec.start, spec.days, US(y - 1, y + 3));
  const events: SimEvent[] = [];
  const clock = new ListingClock(rules, calendar, { push: (e) => events.push(e) }, 'T', spec.settings);
  if (spec.before || spec.noticeDate) clock.startMidStory(spec.before ?? [], spec.noticeDate);
  const states = new Map<string, number>();
  const left0 = clock.daysLeft(0);
  for (let t = 0; t < spec.days; t++) {
    const date = calendar.dates[t];
    let close = NaN;
    for (const [from, p] of spec.path) if (from <= date) close = p;
    if (calendar.isBusinessDay[t] === 1) clock.onClose(t, close);
    states.set(date, clock.state);
  }
  return { events, clock, calendar, states, left0 };
}
const timeline = (ev: SimEvent[]) => ev.map((e) => `${e.date} ${e.kind}${e.reason !== undefined ? ` ${e.reason}` : ''}`);
const find = (ev: SimEvent[], kind: string) => ev.find((e) => e.kind === kind)!;

describe('exchange holiday calendars (point 13)', () => {
  it('US (NYSE/Nasdaq) full-day closures match the published lists', () => {
    const us = US(2020, 2036);
    expect(weekdaysOf(2021, us)).toEqual(['2021-01-01', '2021-01-18', '2021-02-15', '2021-04-02', '2021-05-31', '2021-07-05', '2021-09-06', '2021-11-25', '2021-12-24']);
    // 2022: New Year's Day on a Saturday is not observed; Juneteenth from 2022 (Sunday -> Monday Jun 20).
    expect(weekdaysOf(2022, us)).toEqual(['2022-01-17', '2022-02-21', '2022-04-15', '2022-05-30', '2022-06-20', '2022-07-04', '2022-09-05', '2022-11-24', '2022-12-26']);
    expect(weekdaysOf(2023, us)).toEqual(['2023-01-02', '2023-01-16', '2023-02-20', '2023-04-07', '2023-05-29', '2023-06-19', '2023-07-04', '2023-09-04', '2023-11-23', '2023-12-25']);
    expect(weekdaysOf(2024, us)).toEqual(['2024-01-01', '2024-01-15', '2024-02-19', '2024-03-29', '2024-05-27', '2024-06-19', '2024-07-04', '2024-09-02', '2024-11-28', '2024-12-25']);
    // 2025: the national day of mourning for President Carter (Jan 9).
    expect(weekdaysOf(2025, us)).toEqual(['2025-01-01', '2025-01-09', '2025-01-20', '2025-02-17', '2025-04-18', '2025-05-26', '2025-06-19', '2025-07-04', '2025-09-01', '2025-11-27', '2025-12-25']);
    // 2026: July 4 on a Saturday -> Friday Jul 3.
    expect(weekdaysOf(2026, us)).toEqual(['2026-01-01', '2026-01-19', '2026-02-16', '2026-04-03', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07', '2026-11-26', '2026-12-25']);
    expect(weekdaysOf(2027, us)).toEqual(['2027-01-01', '2027-01-18', '2027-02-15', '2027-03-26', '2027-05-31', '2027-06-18', '2027-07-05', '2027-09-06', '2027-11-25', '2027-12-24']);
    // Every year 2020-2035: 9 rule holidays before Juneteenth (2020, 2021), 10 after, one less when New Year's Day
    // falls on a Saturday (2022, 2028, 2033: python3 datetime), one more in 2025 (the day of mourning); all on weekdays, Good Friday included.
    const expected: Record<number, number> = { 2020: 9, 2021: 9, 2022: 9, 2025: 11, 2028: 9, 2033: 9 };
    for (let y = 2020; y <= 2035; y++) expect(weekdaysOf(y, us).length, String(y)).toBe(expected[y] ?? 10);
    // Easter (computus): 2024-03-31, 2025-04-20, 2026-04-05, 2030-04-21, 2035-03-25.
    expect(['2024', '2025', '2026', '2030', '2035'].map((y) => ordinalToDate(easterOrdinal(Number(y))))).toEqual(['2024-03-31', '2025-04-20', '2026-04-05', '2030-04-21', '2035-03-25']);
  });

  it('Tokyo (TSE) closures: Jan 1-3, Dec 31, national holidays with substitute and citizens holidays', () => {
    const tse = exchangeHolidays('tse', 2025, 2026);
    // 2025: Feb 23 and Nov 23 on Sundays -> Feb 24, Nov 24; May 4 on a Sunday -> May 6.
    expect(weekdaysOf(2025, tse)).toEqual(['2025-01-01', '2025-01-02', '2025-01-03', '2025-01-13', '2025-02-11', '2025-02-24', '2025-03-20', '2025-04-29', '2025-05-05', '2025-05-06', '2025-07-21', '2025-08-11', '2025-09-15', '2025-09-23', '2025-10-13', '2025-11-03', '2025-11-24', '2025-12-31']);
    // 2026: May 3 on a Sunday -> May 6; Sep 22 between Respect for the Aged Day (21) and the equinox (23).
    expect(weekdaysOf(2026, tse)).toEqual(['2026-01-01', '2026-01-02', '2026-01-12', '2026-02-11', '2026-02-23', '2026-03-20', '2026-04-29', '2026-05-04', '2026-05-05', '2026-05-06', '2026-07-20', '2026-08-11', '2026-09-21', '2026-09-22', '2026-09-23', '2026-10-12', '2026-11-03', '2026-11-23', '2026-12-31']);
  });

  it('a scenario without a holiday list gets the US calendar; tse for a Tokyo-only rule set; holidays add to it', () => {
    const base = {
      schemaVersion: 1, id: 'h', name: 'h', startDate: '2026-01-05', horizonDays: 60,
      markets: { BTC: { price0: 1, peakPrice: 1 } },
      companies: [{ ticker: 'X', name: 'X', coin: 'BTC', exchange: 'nasdaq-cm', coins: 1, costBasisUsd: 1, sharesOutstanding: 1, stockPrice0: 1 }],
    };
    const us = resolveScenario(base).holidays;
    expect(us).toContain('2026-01-19');
    expect(us).toContain('2025-12-25'); // the year before the start (closes before the start)
    expect(resolveScenario({ ...base, holidayCalendar: 'none', holidays: ['2026-01-07'] }).holidays).toEqual(['2026-01-07']);
    const tokyo = resolveScenario({
      ...base,
      companies: [{ ...base.companies[0], exchange: 'tse' }],
      listingRules: { tse: { preset: 'nasdaq-cm', name: 'TSE', source: 'none', holidayCalendar: 'tse', minPrice: 1e-8 } },
    }).holidays;
    expect(tokyo).toContain('2026-01-12');
    expect(tokyo).not.toContain('2026-01-19');
  });
});

describe('Nasdaq procedure (points 1-6)', () => {
  it("the issue's examples: letter one business day after the 30th day, 180 days from it, a Sunday deadline rolls to Monday", () => {
    // Labor Day 2023-09-04: the 30th close from Mon 2023-07-31 is Mon Sep 11; letter Tue Sep 12;
    // +180 = Sun 2024-03-10 -> Mon 2024-03-11. Memorial Day 2023-05-29: from Mon 2023-05-01 the 30th
    // close is Mon Jun 12; letter Tue Jun 13; +180 = Sun 2023-12-10 -> Mon 2023-12-11.
    const a = run(CM, { start: '2023-07-31', days: 60, path: [['2023-07-31', 0.5]] });
    expect(find(a.events, 'notice')).toMatchObject({ date: '2023-09-12', testDate: '2023-09-11', deadline: '2024-03-11' });
    const b = run(CM, { start: '2023-05-01', days: 60, path: [['2023-05-01', 0.5]] });
    expect(find(b.events, 'notice')).toMatchObject({ date: '2023-06-13', testDate: '2023-06-12', deadline: '2023-12-11' });
  });

  it('Capital Market full path with holidays: notice, second period, determination without a stay, suspension 7 days + 2 business days later', () => {
    // From Mon 2026-01-05 at 0.80 with MLK (Jan 19) and Presidents' Day (Feb 16): 30th close Tue Feb 17,
    // letter Wed Feb 18; deadline Mon 2026-08-17; second period from Tue Aug 18 to Sat 2027-02-13 ->
    // Mon Feb 15 is Presidents' Day -> Tue 2027-02-16; determination Wed 2027-02-17 (after a failed
    // second period: no stay, SR-NASDAQ-2024-045); hearing window to Wed Feb 24; suspension Fri 2027-02-26.
    const r = run(CM, { start: '2026-01-05', days: 480, path: [['2026-01-05', 0.8]] });
    expect(timeline(r.events)).toEqual(['2026-02-18 notice', '2026-08-18 secondPeriod', '2027-02-17 determination periodExpired', '2027-02-26 delisted periodExpired']);
    expect(find(r.events, 'secondPeriod')).toMatchObject({ deadline: '2027-02-16', transfer: false });
    expect(find(r.events, 'determination')).toMatchObject({ hearingDeadline: '2027-02-24', hearingStay: false, suspensionDate: '2027-02-26' });
    expect(r.states.get('2026-02-17')).toBe(ListingState.compliant); // the letter has not come yet
    expect(r.states.get('2027-02-25')).toBe(ListingState.determination);
  });

  it('Global Market: the second period by transfer to the Capital Market (5810(c)(3)(A)(i))', () => {
    const r = run(GM, { start: '2026-01-05', days: 480, path: [['2026-01-05', 0.8]] });
    expect(timeline(r.events)).toEqual(['2026-02-18 notice', '2026-08-18 secondPeriod', '2027-02-17 determination periodExpired', '2027-02-26 delisted periodExpired']);
    expect(find(r.events, 'secondPeriod')).toMatchObject({ transfer: true, path: 'transferToCapitalMarket', deadline: '2027-02-16' });
  });

  it('a company that does not qualify for the second period: determination with a hearing stay up to 180 days', () => {
    // Determination Tue 2026-08-18; the panel's 180 days end Sun 2027-02-14; Mon Feb 15 is a
    // holiday -> suspension Tue 2027-02-16.
    const r = run(CM, { start: '2026-01-05', days: 480, path: [['2026-01-05', 0.8]], settings: { qualifiesForSecondPeriod: false } });
    expect(timeline(r.events)).toEqual(['2026-02-18 notice', '2026-08-18 determination periodExpired', '2027-02-16 delisted periodExpired']);
    expect(find(r.events, 'determination')).toMatchObject({ hearingStay: true, panelExceptionDays: 180, suspensionDate: '2027-02-16', hearingDeadline: '2026-08-25' });
    expect(r.states.get('2027-02-15')).toBe(ListingState.determination);
  });

  it('without a hearing request: suspension on the 2nd business day after the 7-day window; a panel granting nothing: the day after its decision', () => {
    const noHearing = run(GM, { start: '2026-01-05', days: 300, path: [['2026-01-05', 0.8]], settings: { qualifiesForSecondPeriod: false, requestsHearing: false } });
    // Tue 2026-08-18 + 7 = Tue Aug 25; Wed 26 (1), Thu 27 (2).
    expect(timeline(noHearing.events)).toEqual(['2026-02-18 notice', '2026-08-18 determination periodExpired', '2026-08-27 delisted periodExpired']);
    const denied = run(GM, { start: '2026-01-05', days: 300, path: [['2026-01-05', 0.8]], settings: { qualifiesForSecondPeriod: false, panelExceptionDays: 0 } });
    // Decision 45 days after the determination: Fri 2026-10-02 -> suspension Mon 2026-10-05.
    expect(timeline(denied.events).at(-1)).toBe('2026-10-05 delisted periodExpired');
  });

  it('a cure during the hearing stay ends the proceeding', () => {
    // 1.20 from Mon 2026-09-14: Sep 14-18 (5), 21-25 (10) -> regained Fri 2026-09-25.
    const r = run(GM, { start: '2026-01-05', days: 480, path: [['2026-01-05', 0.8], ['2026-09-14', 1.2]], settings: { qualifiesForSecondPeriod: false } });
    expect(timeline(r.events)).toEqual(['2026-02-18 notice', '2026-08-18 determination periodExpired', '2026-09-25 regained']);
    expect(r.clock.state).toBe(ListingState.compliant);
  });

  it('staff may require 20 days at $1 instead of 10 (5810(c)(3)(H))', () => {
    // Letter Wed 2026-02-18 (its own close 0.80 is before the period); 1.00 from Thu Feb 19:
    // 10 closes -> Wed Mar 4; 20 closes -> Wed Mar 18.
    const path: Array<[IsoDate, number]> = [['2026-01-05', 0.8], ['2026-02-19', 1.0]];
    expect(timeline(run(CM, { start: '2026-01-05', days: 90, path }).events)).toEqual(['2026-02-18 notice', '2026-03-04 regained']);
    expect(timeline(run(CM, { start: '2026-01-05', days: 90, path, settings: { cureDays: 20 } }).events)).toEqual(['2026-02-18 notice', '2026-03-18 regained']);
  });

  it('$0.10 rule in force (SR-NASDAQ-2020-001): only inside a period, a hearing stays; the 2025 proposal as an option: any time, no stay', () => {
    // In force: 0.05 from the start, letter Wed Feb 18; 10 closes from Thu Feb 19 -> Wed 2026-03-04;
    // stay to Mon 2026-08-31 -> suspension Tue 2026-09-01.
    const inForce = run(CM, { start: '2026-01-05', days: 300, path: [['2026-01-05', 0.05]] });
    expect(timeline(inForce.events)).toEqual(['2026-02-18 notice', '2026-03-04 determination pennyStock', '2026-09-01 delisted pennyStock']);
    // Proposed: 10 closes from Mon Jan 5 -> Fri 2026-01-16 (before any notice); window to Fri Jan 23;
    // Mon 26 (1), Tue 27 (2) -> suspension Tue 2026-01-27.
    const proposed = run({ ...CM, pennyRule: 'anyTime' }, { start: '2026-01-05', days: 120, path: [['2026-01-05', 0.05]] });
    expect(timeline(proposed.events)).toEqual(['2026-01-16 determination pennyStock', '2026-01-27 delisted pennyStock']);
    expect(find(proposed.events, 'determination').hearingStay).toBe(false);
  });
});

describe('reverse-split notice (point 7: Nasdaq 5250(e)(7), 5250(b)(4))', () => {
  const hol = new Set(US(2025, 2027).map(dateToOrdinal));
  const eff = (d: IsoDate, rules: ListingRuleSet = CM) => ordinalToDate(earliestSplitEffectiveOrdinal(rules, dateToOrdinal(d), hol));
  it('a split decided on day d takes effect no earlier than d + 10 calendar days, on a business day', () => {
    expect(eff('2026-06-26')).toBe('2026-07-06'); // +10 = Mon Jul 6 (2 business days: Tue Jun 30)
    expect(eff('2026-06-24')).toBe('2026-07-06'); // +10 = Sat Jul 4 -> Mon Jul 6 (Fri Jul 3 is the observed holiday)
    expect(eff('2026-07-20')).toBe('2026-07-30');
    // A rule set without notice rules: the same day.
    expect(eff('2026-06-26', { ...CM, splitNoticeCalendarDays: 0, splitNoticeBusinessDays: 0 })).toBe('2026-06-26');
    // Business days bind when they are longer: 2 business days from Wed Dec 23 2026 (Dec 25 closed) -> Mon Dec 28.
    expect(eff('2026-12-23', { ...CM, splitNoticeCalendarDays: 0 })).toBe('2026-12-28');
  });

  it('in the engine: defendListing decides on Mon 2026-07-20 (28 days left), the split takes effect Thu Jul 30, the cure counts from then', () => {
    // Deadline Mon 2026-08-17: the first business day with fewer than 30 days left is Mon Jul 20 (28).
    // Effective Thu Jul 30 (closes x10 = 8.00): Jul 30, 31 (2), Aug 3-7 (7), Aug 10-12 (10) -> regained Wed 2026-08-12.
    const d = (k: number) => new Date(Date.UTC(2026, 0, 5 + k)).toISOString().slice(0, 10);
    const scenario = resolveScenario({
      schemaVersion: 1, id: 's', name: 's', startDate: '2026-01-05', horizonDays: 240, equityIndex: { mu: 0, sigma: 0 },
      markets: { BTC: { price0: 0.8, peakPrice: 0.8, mu: 0, sigma: 0, jumpsPerYear: 0, jumpMean: 0, jumpStd: 0,
        leverage: { openInterestUsd: 0, targetOpenInterestUsd: 0, meanLiquidationDistance: 0.1, rebuildPerDay: 0 },
        etfFlow: { aumUsd: 0, phi: 0, chase: 0, flowVolUsd: 0 }, scriptedPath: [{ date: d(-1), price: 0.8 }, { date: d(240), price: 0.8 }] } },
      companies: [{ ticker: 'X', name: 'X', coin: 'BTC', exchange: 'nasdaq-cm', coins: 1, costBasisUsd: 1, cashUsd: 0, sharesOutstanding: 1, stockPrice0: 0.8,
        opexUsdPerYear: 0, saleSignalImpact: 0,
        premium: { kappa: 0, premiumVol: 0, indexBeta: 0, drawdownSensitivity: 0, noticePenalty: 0, otcPenalty: 0, leveragePenalty: 0, reverseSplitPenalty: 0, saleAnnouncementPenalty: 0 },
        policies: [{ kind: 'defendListing', maxAdvFraction: 0, reverseSplitRatio: 10, reverseSplitDaysLeft: 30 }] }],
    });
    const r = simulate(scenario, { deterministic: true });
    const ev = r.events.filter((e) => e.company === 'X').map((e) => `${e.date} ${e.kind}`);
    expect(ev).toEqual(['2026-02-18 notice', '2026-07-20 splitDecided', '2026-07-30 reverseSplit', '2026-08-12 regained']);
  });
});

describe('copyFrom keeps the procedure state', () => {
  it('copied during a hearing stay, the copy suspends on the same day', () => {
    // As above: determination Tue 2026-08-18 with a stay, suspension Tue 2027-02-16. Copy on 2026-10-01.
    const spec: Spec = { start: '2026-01-05', days: 480, path: [['2026-01-05', 0.8]], settings: { qualifiesForSecondPeriod: false } };
    const ref = run(CM, spec);
    const calendar = ref.calendar, events: SimEvent[] = [];
    const a = new ListingClock(CM, calendar, { push: () => {} }, 'T', spec.settings);
    const copyDay = dateToOrdinal('2026-10-01') - dateToOrdinal('2026-01-05');
    for (let t = 0; t < copyDay; t++) if (calendar.isBusinessDay[t] === 1) a.onClose(t, 0.8);
    const b = new ListingClock(CM, calendar, { push: (e) => events.push(e) }, 'T', spec.settings);
    b.copyFrom(a);
    expect(b.state).toBe(ListingState.determination);
    for (let t = copyDay; t < spec.days; t++) if (calendar.isBusinessDay[t] === 1) b.onClose(t, 0.8);
    expect(timeline(events)).toEqual(['2027-02-16 delisted periodExpired']);
  });

  it('copied while the letter is pending, the copy gives the notice', () => {
    const calendar = buildCalendar('2026-01-05', 60, US(2025, 2027));
    const a = new ListingClock(CM, calendar, { push: () => {} }, 'T');
    const feb17 = dateToOrdinal('2026-02-17') - dateToOrdinal('2026-01-05');
    for (let t = 0; t <= feb17; t++) if (calendar.isBusinessDay[t] === 1) a.onClose(t, 0.8);
    const events: SimEvent[] = [];
    const b = new ListingClock(CM, calendar, { push: (e) => events.push(e) }, 'T');
    b.copyFrom(a);
    for (let t = feb17 + 1; t < 60; t++) if (calendar.isBusinessDay[t] === 1) b.onClose(t, 0.8);
    expect(timeline(events)).toEqual(['2026-02-18 notice']);
  });
});

describe('NYSE 802.01C procedure (points 9-10)', () => {
  it('six months from receipt of the notice (next business day); expiry the day after', () => {
    // 30-day average < $1 on Tue 2026-02-17; receipt Wed Feb 18; deadline Tue 2026-08-18; expiry Wed Aug 19.
    const r = run(NYSE, { start: '2026-01-05', days: 260, path: [['2026-01-05', 0.8]] });
    expect(timeline(r.events)).toEqual(['2026-02-18 notice', '2026-08-19 determination periodExpired', '2026-08-19 delisted periodExpired']);
    expect(find(r.events, 'notice')).toMatchObject({ testDate: '2026-02-17', deadline: '2026-08-18', intentDeadline: '2026-03-04' });
  });

  it('no intent to cure within 10 business days -> suspension and delisting procedures', () => {
    const r = run(NYSE, { start: '2026-01-05', days: 120, path: [['2026-01-05', 0.8]], settings: { statesIntentToCure: false } });
    expect(timeline(r.events)).toEqual(['2026-02-18 notice', '2026-03-04 determination noIntentToCure', '2026-03-04 delisted noIntentToCure']);
  });

  it('annual-meeting path: the period extends to the meeting; then the price must promptly exceed $1 and stay above 30 trading days', () => {
    const settings = { annualMeetingDate: '2026-10-15' };
    // Fails: extension on Wed Aug 19; after the meeting (Thu Oct 15) 10 business days to exceed $1:
    // to Thu Oct 29; still 0.80 -> determination Fri 2026-10-30.
    const fail = run(NYSE, { start: '2026-01-05', days: 330, path: [['2026-01-05', 0.8]], settings });
    expect(timeline(fail.events)).toEqual(['2026-02-18 notice', '2026-08-19 secondPeriod', '2026-10-30 determination meetingCureFailed', '2026-10-30 delisted meetingCureFailed']);
    expect(find(fail.events, 'secondPeriod')).toMatchObject({ path: 'annualMeeting', deadline: '2026-10-15' });
    // Cures: 8.00 from Mon Oct 19 (exceeds), then 30 trading days above: Oct 20 .. Tue 2026-12-01
    // (Thanksgiving Nov 26 closed) -> regained.
    const ok = run(NYSE, { start: '2026-01-05', days: 360, path: [['2026-01-05', 0.8], ['2026-10-19', 8]], settings });
    expect(timeline(ok.events)).toEqual(['2026-02-18 notice', '2026-08-19 secondPeriod', '2026-12-01 regained']);
    // A close at $1.00 (not above) during the 30 days fails it.
    const dip = run(NYSE, { start: '2026-01-05', days: 360, path: [['2026-01-05', 0.8], ['2026-10-19', 8], ['2026-11-02', 1], ['2026-11-03', 8]], settings });
    expect(timeline(dip.events).slice(-2)).toEqual(['2026-11-02 determination meetingCureFailed', '2026-11-02 delisted meetingCureFailed']);
  });
});

describe('a clock that starts mid-story (point 14)', () => {
  it('a notice already received: the period runs from it', () => {
    // Notice Mon 2025-12-01: deadline Sat 2026-05-30 -> Mon 2026-06-01; at the start (Mon Jan 5) 147 days left.
    const r = run(CM, { start: '2026-01-05', days: 200, path: [['2026-01-05', 0.8]], noticeDate: '2025-12-01' });
    expect(r.left0).toBe(147);
    expect(timeline(r.events)).toEqual(['2026-06-02 secondPeriod']);
    expect(find(r.events, 'secondPeriod').deadline).toBe('2026-11-30');
  });

  it('a first period that ended before the start is already the second', () => {
    // Notice Mon 2025-06-02: deadline Mon 2025-12-01; second to Mon 2026-06-01; determination Tue Jun 2,
    // no stay; suspension Thu 2026-06-11.
    const r = run(CM, { start: '2026-01-05', days: 200, path: [['2026-01-05', 0.8]], noticeDate: '2025-06-02' });
    expect(r.clock.state).toBe(ListingState.delisted);
    expect(timeline(r.events)).toEqual(['2026-06-02 determination periodExpired', '2026-06-11 delisted periodExpired']);
  });

  it('closes before the start count toward the 30 days: the letter before the start gives a period already running', () => {
    // 35 closes of 0.80 before Mon 2026-01-05: the 30th is Wed 2025-12-24, letter Fri Dec 26 (Dec 25 closed);
    // deadline Wed 2026-06-24, 170 days left at the start.
    const r = run(CM, { start: '2026-01-05', days: 30, path: [['2026-01-05', 0.8]], before: new Array(35).fill(0.8) });
    expect(r.clock.state).toBe(ListingState.deficient);
    expect(r.left0).toBe(170);
    // 25 closes before: the 30th close is Fri 2026-01-09, letter Mon 2026-01-12.
    const s = run(CM, { start: '2026-01-05', days: 30, path: [['2026-01-05', 0.8]], before: new Array(25).fill(0.8) });
    expect(timeline(s.events)).toEqual(['2026-01-12 notice']);
    expect(find(s.events, 'notice').testDate).toBe('2026-01-09');
    // Without them the same path gets its letter only on Wed 2026-02-18.
    expect(timeline(run(CM, { start: '2026-01-05', days: 60, path: [['2026-01-05', 0.8]] }).events)).toEqual(['2026-02-18 notice']);
  });

  it('NYSE: a 30-day average already low at the start', () => {
    // 29 closes of 0.90 before the start + 0.90 on Mon 2026-01-05: average 0.90 < 1 -> receipt Tue 2026-01-06.
    const r = run(NYSE, { start: '2026-01-05', days: 20, path: [['2026-01-05', 0.9]], before: new Array(29).fill(0.9) });
    expect(timeline(r.events)).toEqual(['2026-01-06 notice']);
  });
});
