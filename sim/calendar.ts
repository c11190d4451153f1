/**
 * Calendar arithmetic on day ordinals (days since 1970-01-01, UTC), so the
 * engine never touches Date objects or strings inside the per-day loop.
 */
import type { IsoDate } from './types.ts';

const MS_PER_DAY = 86_400_000;

/**
 * Day ordinal of an ISO date (YYYY-MM-DD, ASCII digits), or NaN when it is not a real
 * calendar date. Years 0000-0099 are NaN too (Date.UTC, which this used to call, reads them
 * as 1900-1999, and its round trip refused them). Parsed by hand and counted with Hinnant's
 * days-from-civil: no RegExp, no Date (prepare() calls this for every day of a scripted path).
 */
export function dateToOrdinal(iso: IsoDate): number {
  const s = String(iso);
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
  const y = digitsAt(s, 0, 4), mo = digitsAt(s, 5, 2), d = digitsAt(s, 8, 2);
  if (y < 100 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return NaN;
  const yy = mo <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400), yoe = yy - era * 400;
  const doy = Math.floor((153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

/** The number written by the n ASCII digits of s from i, or -1 when one is not a digit. */
function digitsAt(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = i; k < i + n; k++) {
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

export function ordinalToDate(ord: number): IsoDate {
  return new Date(ord * MS_PER_DAY).toISOString().slice(0, 10);
}

export function isValidIsoDate(iso: string): boolean {
  return Number.isFinite(dateToOrdinal(iso));
}

/** 0 = Sunday .. 6 = Saturday. 1970-01-01 was a Thursday. */
export function weekday(ord: number): number {
  return (((ord + 4) % 7) + 7) % 7;
}

/** Ordinal of the same day `months` calendar months later (clamped to month end, as for "6 months"). */
export function addMonths(ord: number, months: number): number {
  const d = new Date(ord * MS_PER_DAY);
  const y = d.getUTCFullYear(), m = d.getUTCMonth() + months, day = d.getUTCDate();
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(day, lastDay)) / MS_PER_DAY;
}

/**
 * Stock-trading calendar over the simulated days: business-day flags,
 * the next business day on or after any day, and the last trading day of
 * each calendar month. Built once per scenario.
 */
export interface TradingCalendar {
  startOrdinal: number;
  days: number;
  /** 1 on business days (Mon-Fri, not a holiday). */
  isBusinessDay: Uint8Array;
  /** 1 on the last business day of a calendar month (within the horizon, looking past it when needed). */
  isMonthEndTradingDay: Uint8Array;
  dates: IsoDate[];
  /** Holiday ordinals (any date, also before the start and past the horizon): for rules that count business days outside the simulated days. */
  holidaySet: ReadonlySet<number>;
}

export function buildCalendar(startDate: IsoDate, days: number, holidays: readonly IsoDate[]): TradingCalendar {
  const startOrdinal = dateToOrdinal(startDate);
  const holidaySet = new Set(holidays.map(dateToOrdinal));
  const isBiz = (ord: number) => {
    const w = weekday(ord);
    return w !== 0 && w !== 6 && !holidaySet.has(ord);
  };
  const isBusinessDay = new Uint8Array(days);
  const isMonthEndTradingDay = new Uint8Array(days);
  const dates: IsoDate[] = new Array(days);
  if (days <= 0) return { startOrdinal, days, isBusinessDay, isMonthEndTradingDay, dates, holidaySet };
  // One Date for the first day (it throws on a start that is no date, as ordinalToDate does),
  // then year, month and day counted forward: the dates ordinalToDate writes, without a Date a day.
  dates[0] = ordinalToDate(startOrdinal);
  const first = new Date(startOrdinal * MS_PER_DAY);
  let y = first.getUTCFullYear(), m = first.getUTCMonth() + 1, d = first.getUTCDate();
  const monthOf = new Int32Array(days);
  for (let t = 0; t < days; t++) {
    const ord = startOrdinal + t;
    if (t > 0) dates[t] = y >= 1000 && y <= 9999 ? `${y}-${TWO_DIGITS[m]}-${TWO_DIGITS[d]}` : ordinalToDate(ord);
    monthOf[t] = y * 12 + m;
    if (isBiz(ord)) isBusinessDay[t] = 1;
    if (++d > daysInMonth(y, m)) {
      d = 1;
      if (++m > 12) { m = 1; y++; }
    }
  }
  // Last trading day of the month: no business day later in the same month. Backwards over the
  // days, after a look past the horizon at the rest of the last day's month (y-m-d is the day after it).
  let later = false;
  if (d !== 1) {
    for (let ord = startOrdinal + days, dd = d, n = daysInMonth(y, m); dd <= n; ord++, dd++) {
      if (isBiz(ord)) { later = true; break; }
    }
  }
  for (let t = days - 1, month = monthOf[t]; t >= 0; t--) {
    if (monthOf[t] !== month) { month = monthOf[t]; later = false; }
    if (isBusinessDay[t] === 1) {
      if (!later) isMonthEndTradingDay[t] = 1;
      later = true;
    }
  }
  return { startOrdinal, days, isBusinessDay, isMonthEndTradingDay, dates, holidaySet };
}

const TWO_DIGITS = Array.from({ length: 32 }, (_, i) => (i < 10 ? `0${i}` : `${i}`));

/** Days in month m (1-12) of year y, Gregorian. */
function daysInMonth(y: number, m: number): number {
  if (m === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** The first business day on or after `ord`. */
export function rollToBusinessDay(ord: number, holidays: ReadonlySet<number>): number {
  while (!isBusinessOrdinal(ord, holidays)) ord++;
  return ord;
}

/** The `n`-th business day after `ord` (n = 0: `ord` itself, even on a non-business day). */
export function addBusinessDays(ord: number, n: number, holidays: ReadonlySet<number>): number {
  for (let k = 0; k < n; k++) {
    ord++;
    while (!isBusinessOrdinal(ord, holidays)) ord++;
  }
  return ord;
}

/** Whether an arbitrary ordinal (possibly past the horizon) is a business day. */
export function isBusinessOrdinal(ord: number, holidays: ReadonlySet<number>): boolean {
  const w = weekday(ord);
  return w !== 0 && w !== 6 && !holidays.has(ord);
}
