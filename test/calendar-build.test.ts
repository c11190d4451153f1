/**
 * dateToOrdinal (sim/calendar.ts) parses by hand and counts days with Hinnant's
 * days-from-civil instead of a RegExp and a Date; held against the code it replaced (kept
 * below as the reference) on every year-month-day of 0000-0150, 1850-2150 and 9900-9999
 * (invalid months and days included) and on malformed strings.
 *
 * buildCalendar (sim/calendar.ts) counts year, month and day forward instead of making a
 * Date per day (prepare() runs it on every slider move; 730 days took ~0.6 ms, now ~0.09).
 * Held here against the implementation it replaced, kept below as the reference (a Date per
 * day for the date string, a forward scan of Dates for the month's last trading day): the
 * same dates, business-day and month-end flags, for every start day of 1999-2041 (every
 * 5th day) at 45 and 400 days, every start day of 2024-2026 at 1, 2, 31, 61 and 730 days,
 * with and without holidays (some on month ends, one on a leap day), and around years 1000,
 * 2000 and 2100; plus the same error for a start that is no date.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildCalendar, dateToOrdinal, isBusinessOrdinal, ordinalToDate, weekday, type TradingCalendar } from '../sim/calendar.ts';
import { compileExpression } from '../sim/expr.ts';
import { prepareModel, type Model } from '../sim/engine.ts';
import { loadScenarioFile } from '../src/node/files.ts';
import { companyFile, marketFile, resolve, scenarioFile } from './reference/scenarios.ts';

const MS_PER_DAY = 86_400_000;

/** The previous dateToOrdinal, verbatim but for its name. */
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
function referenceOrdinal(iso: string): number {
  const m = ISO_RE.exec(iso);
  if (!m) return NaN;
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return NaN;
  return ms / MS_PER_DAY;
}

/** The previous buildCalendar, verbatim but for its name (and the previous dateToOrdinal). */
function referenceCalendar(startDate: string, days: number, holidays: readonly string[]): TradingCalendar {
  const startOrdinal = referenceOrdinal(startDate);
  const holidaySet = new Set(holidays.map(referenceOrdinal));
  const isBiz = (ord: number) => {
    const w = weekday(ord);
    return w !== 0 && w !== 6 && !holidaySet.has(ord);
  };
  const isBusinessDay = new Uint8Array(days);
  const isMonthEndTradingDay = new Uint8Array(days);
  const dates: string[] = new Array(days);
  for (let t = 0; t < days; t++) {
    const ord = startOrdinal + t;
    dates[t] = ordinalToDate(ord);
    if (!isBiz(ord)) continue;
    isBusinessDay[t] = 1;
    const month = new Date(ord * MS_PER_DAY).getUTCMonth();
    let later = false;
    for (let k = ord + 1; new Date(k * MS_PER_DAY).getUTCMonth() === month; k++) {
      if (isBiz(k)) { later = true; break; }
    }
    if (!later) isMonthEndTradingDay[t] = 1;
  }
  return { startOrdinal, days, isBusinessDay, isMonthEndTradingDay, dates, holidaySet };
}

// Holidays on a Friday month end (2026-01-30 is a Friday), a leap day, New Year, Thanksgiving, and past 2040.
const HOLIDAYS = ['2000-02-29', '2024-02-29', '2025-11-27', '2025-12-25', '2026-01-01', '2026-01-30', '2026-05-29', '2030-12-31', '2041-06-28'];

/** Throws at the first difference; returns the number of month-end days seen. */
function same(start: string, days: number, holidays: readonly string[]): number {
  const a = buildCalendar(start, days, holidays), b = referenceCalendar(start, days, holidays);
  if (a.startOrdinal !== b.startOrdinal || a.days !== b.days) throw new Error(`${start} ${days}: start or days differ`);
  let ends = 0;
  for (let t = 0; t < days; t++) {
    if (a.dates[t] !== b.dates[t] || a.isBusinessDay[t] !== b.isBusinessDay[t] || a.isMonthEndTradingDay[t] !== b.isMonthEndTradingDay[t]) {
      throw new Error(`${start} ${days} day ${t}: ${a.dates[t]} biz ${a.isBusinessDay[t]} end ${a.isMonthEndTradingDay[t]} vs reference ${b.dates[t]} ${b.isBusinessDay[t]} ${b.isMonthEndTradingDay[t]}`);
    }
    ends += a.isMonthEndTradingDay[t];
  }
  expect([...a.holidaySet]).toEqual([...b.holidaySet]);
  return ends;
}

describe('dateToOrdinal equals the RegExp-and-Date implementation it replaced', () => {
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  it('every year-month-day of the years 0000-0150, 1850-2150 and 9900-9999, months 00-13 and days 00-32 (invalid ones NaN)', () => {
    let valid = 0;
    for (const [from, to] of [[0, 150], [1850, 2150], [9900, 9999]]) {
      for (let y = from; y <= to; y++) for (let m = 0; m <= 13; m++) for (let d = 0; d <= 32; d++) {
        const iso = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
        const a = dateToOrdinal(iso), b = referenceOrdinal(iso);
        if (!Object.is(a, b)) throw new Error(`${iso}: ${a} vs reference ${b}`);
        if (Number.isFinite(a)) valid++;
      }
    }
    // The real dates of the 452 years 0100-0150, 1850-2150 and 9900-9999 (0000-0099 are NaN), counted in python:
    // sum(366 if leap(y) else 365 for y in those years) = 165089.
    expect(valid).toBe(165089);
  });

  it('malformed strings are NaN, as before; worked examples', () => {
    for (const bad of ['', '2025-1-01', '2025-01-1', '2025/01/01', '2025-01-01 ', ' 2025-01-01', '2025-01-01\n', '20250-01-01', '2025-0a-01', '２０２５-01-01', '2025-01-0٣', 'abcd-ef-gh', '+02025-01-01', '2025-02-29', '2024-02-30', '2100-02-29', '0099-12-31']) {
      expect(Object.is(dateToOrdinal(bad), referenceOrdinal(bad)), bad).toBe(true);
      expect(dateToOrdinal(bad), bad).toBeNaN();
    }
    // 1970-01-01 is ordinal 0 (+0); 2000-03-01 is 11017 (30 years x 365 + 7 leap days + 31 + 29); 2024-02-29 is 19782.
    expect(Object.is(dateToOrdinal('1970-01-01'), 0)).toBe(true);
    expect(dateToOrdinal('2000-03-01')).toBe(30 * 365 + 7 + 31 + 29);
    expect(dateToOrdinal('2024-02-29')).toBe(19782);
    expect(dateToOrdinal('1969-12-31')).toBe(-1);
    expect(dateToOrdinal('0100-01-01')).toBe(referenceOrdinal('0100-01-01'));
  });
});

describe('buildCalendar equals the Date-per-day implementation it replaced', () => {
  it('every 5th start day of 1999-2041 at 45 and 400 days, with and without holidays', () => {
    let ends = 0, n = 0;
    for (let ord = dateToOrdinal('1999-01-01'); ord < dateToOrdinal('2042-01-01'); ord += 5) {
      const start = ordinalToDate(ord);
      for (const days of [45, 400]) for (const h of [[], HOLIDAYS]) { ends += same(start, days, h); n++; }
    }
    expect(n).toBeGreaterThan(12_000);
    expect(ends).toBeGreaterThan(n); // month ends were flagged (400-day calendars hold 13 or 14)
  });

  it('every start day of 2024-2026 at 1, 2, 31, 61 and 730 days', () => {
    for (let ord = dateToOrdinal('2024-01-01'); ord < dateToOrdinal('2027-01-01'); ord++) {
      for (const days of [1, 2, 31, 61, 730]) same(ordinalToDate(ord), days, HOLIDAYS);
    }
  });

  it('around the years 1000, 2000 and 2100 (leap rules), and zero days', () => {
    for (const start of ['0999-12-01', '1000-02-20', '1999-12-15', '2000-02-20', '2100-02-20', '9999-11-15']) for (const days of [1, 30, 45]) same(start, days, []);
    expect(same('2000-02-20', 20, [])).toBeGreaterThan(0);
    expect(buildCalendar('2025-01-01', 0, []).dates).toEqual([]);
    // Worked example: 2026-01-30 (Friday) a holiday makes Thursday the 29th January's last trading day.
    const c = buildCalendar('2026-01-26', 10, ['2026-01-30']);
    expect(c.dates.slice(0, 6)).toEqual(['2026-01-26', '2026-01-27', '2026-01-28', '2026-01-29', '2026-01-30', '2026-01-31']);
    expect(Array.from(c.isMonthEndTradingDay)).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    // Past the horizon: a 4-day calendar from 2026-02-23 (Mon) ends on Thursday the 26th; Friday the 27th is February's last trading day.
    expect(Array.from(buildCalendar('2026-02-23', 4, []).isMonthEndTradingDay)).toEqual([0, 0, 0, 0]);
    expect(Array.from(buildCalendar('2026-02-23', 5, []).isMonthEndTradingDay)).toEqual([0, 0, 0, 0, 1]);
  });

  it('a start that is no date throws as before', () => {
    for (const bad of ['2025-02-30', 'x']) {
      expect(() => referenceCalendar(bad, 3, [])).toThrow(RangeError);
      expect(() => buildCalendar(bad, 3, [])).toThrow(RangeError);
    }
  });
});

/**
 * prepareActions' business-day count bizBefore (sim/actions.ts: the business days before each day,
 * for amendments' sale schedules) takes the run's days from the calendar and counts the days past
 * it one by one: held against a count of every day with isBusinessOrdinal.
 */
describe('prepareActions bizBefore equals a day-by-day count', () => {
  const recount = (m: Model) => {
    for (const c of m.companies) {
      const b = c.actions.bizBefore, start = m.calendar.startOrdinal;
      expect(b[0]).toBe(0);
      for (let t = 0; t + 1 < b.length; t++) {
        if (b[t + 1] - b[t] !== (isBusinessOrdinal(start + t, m.calendar.holidaySet) ? 1 : 0)) throw new Error(`${m.scenario.id} ${c.params.ticker}: bizBefore[${t + 1}] = ${b[t + 1]}`);
      }
    }
  };
  it('every saved scenario at 30 and 730 days (its holidays)', () => {
    const dir = fileURLToPath(new URL('../scenarios/', import.meta.url));
    const files = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) for (const days of [30, 730]) recount(prepareModel(loadScenarioFile(join(dir, f)), { days, compileRule: compileExpression }));
  });
  it('an amendment whose sale schedule ends 60 days past a 20-day run, with NYSE holidays', () => {
    const loan = { id: 'ln', kind: 'loan', principalUsd: 20e6, rate: 0.1, maturityDate: '2026-06-30', collateralCoins: 400, holderPut: { ltvAbove: 0.8 }, amendment: { saleEndDate: '2026-01-30', newMaturityDate: '2026-06-30' } };
    const m = prepareModel(resolve(scenarioFile({ startDate: '2025-11-20', horizonDays: 20, markets: { BTC: marketFile() }, companies: [companyFile('AMND', { coins: 1000, debt: [loan] })] })), { days: 20 });
    expect(m.calendar.holidaySet.size).toBeGreaterThan(0);
    expect(m.companies[0].actions.bizBefore.length).toBeGreaterThan(20 + 40);
    recount(m);
  });
});
