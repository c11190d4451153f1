/**
 * Built-in exchange holiday calendars (full-day closures), computed by rule
 * for any year from 1998 on, plus the special closures listed below.
 *
 * - `us`: NYSE and Nasdaq (NYSE Rule 7.2 holidays, the same on Nasdaq):
 *   New Year's Day, Martin Luther King Jr. Day (3rd Monday of January),
 *   Washington's Birthday (3rd Monday of February), Good Friday (Easter
 *   Sunday - 2, Gregorian computus), Memorial Day (last Monday of May),
 *   Juneteenth (June 19, from 2022), Independence Day, Labor Day (1st Monday
 *   of September), Thanksgiving (4th Thursday of November), Christmas.
 *   A fixed-date holiday on a Sunday is observed on the Monday after, on a
 *   Saturday on the Friday before, except New Year's Day on a Saturday, which
 *   is not observed (the Friday before closes a year; NYSE Rule 7.2).
 *   Special closures: national days of mourning and emergencies
 *   (US_SPECIAL_CLOSURES). Source: https://www.nyse.com/markets/hours-calendars
 * - `tse`: Tokyo Stock Exchange: Jan 1-3, Dec 31 and the Japanese national
 *   holidays (Act on National Holidays): fixed days, "Happy Monday" days,
 *   the vernal and autumnal equinoxes (astronomical approximation valid
 *   1980-2099), the substitute holiday (a holiday on a Sunday moves to the
 *   next non-holiday) and the citizens' holiday (a day between two
 *   holidays); the 2020 and 2021 Olympic moves are written out.
 *   Source: https://www.jpx.co.jp/english/corporate/about-jpx/calendar/ ,
 *   https://www8.cao.go.jp/chosei/shukujitsu/gaiyou.html
 * - `none`: weekends only.
 *
 * Pure: day ordinals (days since 1970-01-01, UTC), no IO.
 */
import type { IsoDate } from './types.ts';

export const HOLIDAY_CALENDARS = ['us', 'tse', 'none'] as const;
export type HolidayCalendarId = (typeof HOLIDAY_CALENDARS)[number];

const MS_PER_DAY = 86_400_000;
const ord = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d) / MS_PER_DAY;
/** 0 = Sunday .. 6 = Saturday. */
const dow = (o: number): number => (((o + 4) % 7) + 7) % 7;

/** Ordinal of the n-th (1-based) weekday `w` of month `m`; n = -1 for the last. */
function nthWeekday(y: number, m: number, w: number, n: number): number {
  if (n > 0) {
    const first = ord(y, m, 1);
    return first + ((w - dow(first) + 7) % 7) + 7 * (n - 1);
  }
  const last = ord(y, m + 1, 1) - 1;
  return last - ((dow(last) - w + 7) % 7);
}

/** Easter Sunday (Gregorian; anonymous computus, Meeus/Jones/Butcher). */
export function easterOrdinal(y: number): number {
  const a = y % 19, b = Math.floor(y / 100), c = y % 100;
  const d = Math.floor(b / 4), e = b % 4, f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4), k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return ord(y, month, day);
}

/** Unscheduled full-day closures of NYSE and Nasdaq (days of mourning, emergencies). */
export const US_SPECIAL_CLOSURES: readonly IsoDate[] = [
  '2001-09-11', '2001-09-12', '2001-09-13', '2001-09-14', // September 11 attacks
  '2004-06-11', // President Reagan, national day of mourning
  '2007-01-02', // President Ford, national day of mourning
  '2012-10-29', '2012-10-30', // Hurricane Sandy
  '2018-12-05', // President G.H.W. Bush, national day of mourning
  '2025-01-09', // President Carter, national day of mourning
];

/** US exchange (NYSE/Nasdaq) full-day closures of year `y`, as sorted ordinals. */
export function usExchangeHolidays(y: number): number[] {
  const out: number[] = [];
  const fixed = (m: number, d: number, newYear = false) => {
    const o = ord(y, m, d), w = dow(o);
    if (w === 0) out.push(o + 1);
    else if (w === 6) { if (!newYear) out.push(o - 1); }
    else out.push(o);
  };
  fixed(1, 1, true);
  out.push(nthWeekday(y, 1, 1, 3)); // Martin Luther King Jr. Day
  out.push(nthWeekday(y, 2, 1, 3)); // Washington's Birthday
  out.push(easterOrdinal(y) - 2); // Good Friday
  out.push(nthWeekday(y, 5, 1, -1)); // Memorial Day
  if (y >= 2022) fixed(6, 19); // Juneteenth
  fixed(7, 4);
  out.push(nthWeekday(y, 9, 1, 1)); // Labor Day
  out.push(nthWeekday(y, 11, 4, 4)); // Thanksgiving
  fixed(12, 25);
  for (const s of US_SPECIAL_CLOSURES) if (Number(s.slice(0, 4)) === y) out.push(Date.parse(s) / MS_PER_DAY);
  return out.sort((a, b) => a - b);
}

/** Japanese national holidays of year `y` (Act on National Holidays, as amended), sorted ordinals. */
export function japaneseNationalHolidays(y: number): number[] {
  const days = new Set<number>();
  const add = (o: number) => days.add(o);
  const shift = y - 1980, leap = Math.floor(shift / 4);
  add(ord(y, 1, 1));
  add(nthWeekday(y, 1, 1, 2)); // Coming of Age Day
  add(ord(y, 2, 11)); // National Foundation Day
  if (y >= 2020) add(ord(y, 2, 23)); // Emperor's Birthday (Reiwa)
  else if (y <= 2018) add(ord(y, 12, 23)); // Emperor's Birthday (Heisei)
  add(ord(y, 3, Math.floor(20.8431 + 0.242194 * shift - leap))); // Vernal Equinox Day
  add(ord(y, 4, 29)); // Showa Day
  add(ord(y, 5, 3)); add(ord(y, 5, 4)); add(ord(y, 5, 5));
  // Marine Day, Mountain Day, Sports Day: moved for the Tokyo Olympics in 2020 and 2021.
  if (y === 2020) { add(ord(y, 7, 23)); add(ord(y, 7, 24)); add(ord(y, 8, 10)); }
  else if (y === 2021) { add(ord(y, 7, 22)); add(ord(y, 7, 23)); add(ord(y, 8, 8)); }
  else { add(nthWeekday(y, 7, 1, 3)); if (y >= 2016) add(ord(y, 8, 11)); add(nthWeekday(y, 10, 1, 2)); }
  add(nthWeekday(y, 9, 1, 3)); // Respect for the Aged Day
  add(ord(y, 9, Math.floor(23.2488 + 0.242194 * shift - leap))); // Autumnal Equinox Day
  add(ord(y, 11, 3)); add(ord(y, 11, 23));
  // Citizens' holiday: a weekday between two holidays.
  const base = [...days].sort((a, b) => a - b);
  for (let i = 0; i + 1 < base.length; i++) if (base[i + 1] - base[i] === 2 && dow(base[i] + 1) !== 0) add(base[i] + 1);
  // Substitute holiday: a holiday on a Sunday moves to the next day that is not a holiday.
  for (const o of [...days].sort((a, b) => a - b)) {
    if (dow(o) !== 0) continue;
    let s = o + 1;
    while (days.has(s)) s++;
    add(s);
  }
  return [...days].sort((a, b) => a - b);
}

/** Tokyo Stock Exchange closures of year `y` (weekdays and weekends alike), sorted ordinals. */
export function tokyoExchangeHolidays(y: number): number[] {
  const days = new Set(japaneseNationalHolidays(y));
  days.add(ord(y, 1, 2)); days.add(ord(y, 1, 3)); days.add(ord(y, 12, 31));
  return [...days].sort((a, b) => a - b);
}

/** Closures of a calendar over the years [fromYear, toYear], as ISO dates (weekend dates dropped). */
export function exchangeHolidays(calendar: HolidayCalendarId, fromYear: number, toYear: number): IsoDate[] {
  if (calendar === 'none') return [];
  const of = calendar === 'us' ? usExchangeHolidays : tokyoExchangeHolidays;
  const out: IsoDate[] = [];
  for (let y = fromYear; y <= toYear; y++) {
    for (const o of of(y)) {
      const w = dow(o);
      if (w !== 0 && w !== 6) out.push(new Date(o * MS_PER_DAY).toISOString().slice(0, 10));
    }
  }
  return out;
}
