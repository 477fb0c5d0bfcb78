/**
 * Dutch public holidays ("algemeen erkende feestdagen") as used for the Algemene termijnenwet,
 * plus the working-day test built on them.
 */
import { assertSupportedYear, civilFromDays, daysFromCivil, fromDayNumber, MIN_YEAR, toDayNumber, weekdayOf, type IsoDate } from './date.ts';
import { formatDutchDay, weekdayName } from './dutch.ts';
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

/**
 * One year of days under one set of options, as flat arrays indexed by `day - first`: whether it is a
 * working day and, if not, why. Counting working days then costs an array read per day.
 */
export interface DayTable {
  first: number;
  next: number;
  working: Uint8Array;
  reasons: (string | undefined)[];
  holidays: (string | undefined)[];
  /** 'YYYY-MM-DD' per day, filled as days are asked for. */
  isos: (string | undefined)[];
  /** 'maandag 13 april 2026' per day, filled as days are asked for. */
  dutch: (string | undefined)[];
}

function buildDayTable(year: number, opts?: CalendarOptions): DayTable {
  const { names } = holidayYear(year, opts);
  const first = daysFromCivil(year, 1, 1);
  const next = daysFromCivil(year + 1, 1, 1);
  const working = new Uint8Array(next - first);
  const reasons: (string | undefined)[] = new Array(next - first);
  const holidays: (string | undefined)[] = new Array(next - first);
  for (let day = first; day < next; day++) {
    const holiday = names.get(day);
    const weekday = weekdayOf(day);
    const weekend = weekday === 0 || weekday === 6;
    working[day - first] = weekend || holiday !== undefined ? 0 : 1;
    reasons[day - first] = !weekend ? holiday : holiday ? `${weekdayName(day)} (${holiday})` : weekdayName(day);
    holidays[day - first] = holiday;
  }
  return { first, next, working, reasons, holidays, isos: new Array(next - first), dutch: new Array(next - first) };
}

const optionsKey = (opts?: CalendarOptions) => (opts?.goedeVrijdag !== false ? 1 : 0) + (opts?.bevrijdingsdag !== false ? 2 : 0);
/** Year tables per options key, indexed by year − MIN_YEAR (filled as years are asked for). */
const dayTables: (DayTable | undefined)[][] = [[], [], [], []];
/** The table used last, per options key: consecutive days nearly always fall in the same year. */
const lastTable: (DayTable | undefined)[] = [undefined, undefined, undefined, undefined];

export function dayTable(dayNumber: number, opts?: CalendarOptions): DayTable {
  const k = optionsKey(opts);
  const last = lastTable[k];
  if (last && dayNumber >= last.first && dayNumber < last.next) return last;
  const tables = dayTables[k]!;
  // The year from the day number by the mean Gregorian year, corrected by the table's own bounds.
  let year = 1970 + Math.floor(dayNumber / 365.2425);
  let table = tables[year - MIN_YEAR];
  if (table && dayNumber < table.first) table = tables[--year - MIN_YEAR];
  else if (table && dayNumber >= table.next) table = tables[++year - MIN_YEAR];
  if (!table || dayNumber < table.first || dayNumber >= table.next) {
    year = civilFromDays(dayNumber).year;
    assertSupportedYear(year);
    table = tables[year - MIN_YEAR] ??= buildDayTable(year, opts);
  }
  lastTable[k] = table;
  return table;
}

export function holidayNameOfDay(dayNumber: number, opts?: CalendarOptions): string | undefined {
  const table = dayTable(dayNumber, opts);
  return table.holidays[dayNumber - table.first];
}

/** 'maandag 13 april 2026' of a day number, from the year's table. */
export function dutchOfDay(table: DayTable, dayNumber: number): string {
  return (table.dutch[dayNumber - table.first] ??= formatDutchDay(dayNumber));
}

export function isWorkingDayNumber(dayNumber: number, opts?: CalendarOptions): boolean {
  const table = dayTable(dayNumber, opts);
  return table.working[dayNumber - table.first] === 1;
}

/** 'zaterdag', 'Goede Vrijdag', 'zondag (Eerste Paasdag)', or undefined for a working day. */
export function nonWorkingReasonOfDay(dayNumber: number, opts?: CalendarOptions): string | undefined {
  const table = dayTable(dayNumber, opts);
  return table.reasons[dayNumber - table.first];
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
