/**
 * Calendar arithmetic on day ordinals (days since 1970-01-01, UTC), so the
 * engine never touches Date objects or strings inside the per-day loop.
 */
import type { IsoDate } from './types.ts';

const MS_PER_DAY = 86_400_000;
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day ordinal of an ISO date, or NaN when it is not a real calendar date. */
export function dateToOrdinal(iso: IsoDate): number {
  const m = ISO_RE.exec(iso);
  if (!m) return NaN;
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return NaN;
  return ms / MS_PER_DAY;
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
  for (let t = 0; t < days; t++) {
    const ord = startOrdinal + t;
    dates[t] = ordinalToDate(ord);
    if (!isBiz(ord)) continue;
    isBusinessDay[t] = 1;
    // Last trading day of the month: no business day later in the same month.
    const month = new Date(ord * MS_PER_DAY).getUTCMonth();
    let later = false;
    for (let k = ord + 1; new Date(k * MS_PER_DAY).getUTCMonth() === month; k++) {
      if (isBiz(k)) { later = true; break; }
    }
    if (!later) isMonthEndTradingDay[t] = 1;
  }
  return { startOrdinal, days, isBusinessDay, isMonthEndTradingDay, dates, holidaySet };
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
