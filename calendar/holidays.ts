/**
 * Dutch public holidays ("algemeen erkende feestdagen") as used for the Algemene termijnenwet,
 * plus the working-day test built on them.
 */
import { assertSupportedYear, civilFromDays, daysFromCivil, fromDayNumber, toDayNumber, weekdayOf, type IsoDate } from './date.ts';
import { weekdayName } from './dutch.ts';
import { easterDayNumber } from './easter.ts';

export interface CalendarOptions {
  /** Count Goede Vrijdag as a holiday (default true). */
  goedeVrijdag?: boolean;
  /** Count Bevrijdingsdag (5 May) as a holiday every year (default true). */
  bevrijdingsdag?: boolean;
}

export type HolidayName =
  | 'Nieuwjaarsdag' | 'Goede Vrijdag' | 'Eerste Paasdag' | 'Tweede Paasdag' | 'Koningsdag' | 'Koninginnedag'
  | 'Bevrijdingsdag' | 'Hemelvaartsdag' | 'Eerste Pinksterdag' | 'Tweede Pinksterdag' | 'Eerste Kerstdag' | 'Tweede Kerstdag';

export interface Holiday { date: IsoDate; name: HolidayName }

interface HolidayYear {
  list: readonly Holiday[];
  /** Day number → name; two holidays on one day are joined ('Bevrijdingsdag en Hemelvaartsdag', e.g. 2016). */
  names: ReadonlyMap<number, string>;
}

const cache = new Map<number, HolidayYear>();

function buildYear(year: number, goedeVrijdag: boolean, bevrijdingsdag: boolean): HolidayYear {
  const easter = easterDayNumber(year);
  const on = (month: number, day: number) => daysFromCivil(year, month, day);
  const saturdayIfSunday = (day: number) => (weekdayOf(day) === 0 ? day - 1 : day);
  const candidates: [number, HolidayName, boolean][] = [
    [on(1, 1), 'Nieuwjaarsdag', true],
    [easter - 2, 'Goede Vrijdag', goedeVrijdag],
    [easter, 'Eerste Paasdag', true],
    [easter + 1, 'Tweede Paasdag', true],
    year >= 2014
      ? [saturdayIfSunday(on(4, 27)), 'Koningsdag', true]
      : [saturdayIfSunday(on(4, 30)), 'Koninginnedag', true],
    [on(5, 5), 'Bevrijdingsdag', bevrijdingsdag],
    [easter + 39, 'Hemelvaartsdag', true],
    [easter + 49, 'Eerste Pinksterdag', true],
    [easter + 50, 'Tweede Pinksterdag', true],
    [on(12, 25), 'Eerste Kerstdag', true],
    [on(12, 26), 'Tweede Kerstdag', true],
  ];
  const kept = candidates.filter(([, , enabled]) => enabled).sort(([a], [b]) => a - b);
  const names = new Map<number, string>();
  for (const [day, name] of kept) {
    const other = names.get(day);
    names.set(day, other ? `${other} en ${name}` : name);
  }
  return { list: kept.map(([day, name]) => ({ date: fromDayNumber(day), name })), names };
}

/** Holidays of `year`, cached per year and options. */
function holidayYear(year: number, opts?: CalendarOptions): HolidayYear {
  const goedeVrijdag = opts?.goedeVrijdag !== false;
  const bevrijdingsdag = opts?.bevrijdingsdag !== false;
  const key = year * 4 + (goedeVrijdag ? 1 : 0) + (bevrijdingsdag ? 2 : 0);
  let entry = cache.get(key);
  if (!entry) {
    assertSupportedYear(year);
    entry = buildYear(year, goedeVrijdag, bevrijdingsdag);
    cache.set(key, entry);
  }
  return entry;
}

export function holidayNameOfDay(dayNumber: number, opts?: CalendarOptions): string | undefined {
  return holidayYear(civilFromDays(dayNumber).year, opts).names.get(dayNumber);
}

export function isWorkingDayNumber(dayNumber: number, opts?: CalendarOptions): boolean {
  const weekday = weekdayOf(dayNumber);
  return weekday !== 0 && weekday !== 6 && holidayNameOfDay(dayNumber, opts) === undefined;
}

/** 'zaterdag', 'Goede Vrijdag', 'zondag (Eerste Paasdag)', or undefined for a working day. */
export function nonWorkingReasonOfDay(dayNumber: number, opts?: CalendarOptions): string | undefined {
  const holiday = holidayNameOfDay(dayNumber, opts);
  const weekday = weekdayOf(dayNumber);
  if (weekday !== 0 && weekday !== 6) return holiday;
  return holiday ? `${weekdayName(dayNumber)} (${holiday})` : weekdayName(dayNumber);
}

/** The holidays of `year` in date order (a fresh array each call). */
export function holidaysOf(year: number, opts?: CalendarOptions): Holiday[] {
  return holidayYear(year, opts).list.map((h) => ({ ...h }));
}

/** Dutch name of the holiday on `date`, also when it falls on a weekend; undefined if none. */
export function holidayName(date: IsoDate, opts?: CalendarOptions): string | undefined {
  return holidayNameOfDay(toDayNumber(date), opts);
}

/** Monday to Friday and not a holiday. */
export function isWorkingDay(date: IsoDate, opts?: CalendarOptions): boolean {
  return isWorkingDayNumber(toDayNumber(date), opts);
}

/** Why `date` is not a working day, in Dutch; undefined for a working day. */
export function nonWorkingReason(date: IsoDate, opts?: CalendarOptions): string | undefined {
  return nonWorkingReasonOfDay(toDayNumber(date), opts);
}
