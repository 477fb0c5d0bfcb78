/**
 * Calendar dates as plain integer day numbers (days since 1970-01-01, proleptic Gregorian).
 * Pure integer arithmetic: no Date, no time zones, fully deterministic.
 */
import { memoize } from './memo.ts';

/** A calendar date in the strict form 'YYYY-MM-DD'. */
export type IsoDate = string;

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;
export const MS_PER_DAY = 86_400_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of a (year, month, day) triple; H. Hinnant's `days_from_civil`. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** (year, month, day) of a day number; H. Hinnant's `civil_from_days`. */
export function civilFromDays(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day: doy - Math.floor((153 * mp + 2) / 5) + 1 };
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

export function assertSupportedYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`Year ${year} is outside the supported range ${MIN_YEAR}–${MAX_YEAR}`);
  }
}

function outOfRange(date: string): RangeError {
  return new RangeError(`Date ${date} is outside the supported range ${MIN_YEAR}-01-01 to ${MAX_YEAR}-12-31`);
}

/** Day number of a strict 'YYYY-MM-DD' date in the supported range; RangeError otherwise. */
export function toDayNumber(date: IsoDate): number {
  if (typeof date !== 'string') throw new RangeError(`Invalid date ${JSON.stringify(date)}: expected a string in the form YYYY-MM-DD`);
  return parsedDayNumber(date);
}

const parsedDayNumber = memoize((date: string): number => {
  const match = ISO_DATE.exec(date);
  if (!match) throw new RangeError(`Invalid date ${JSON.stringify(date)}: expected a string in the form YYYY-MM-DD`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const dayNumber = daysFromCivil(year, month, day);
  const check = civilFromDays(dayNumber);
  if (check.year !== year || check.month !== month || check.day !== day) {
    throw new RangeError(`Invalid date "${date}": not a real calendar date`);
  }
  if (year < MIN_YEAR || year > MAX_YEAR) throw outOfRange(date);
  return dayNumber;
});

/** 'YYYY-MM-DD' of a day number in the supported range; RangeError otherwise. */
export const fromDayNumber: (dayNumber: number) => IsoDate = memoize((dayNumber: number): IsoDate => {
  const { year, month, day } = civilFromDays(dayNumber);
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (year < MIN_YEAR || year > MAX_YEAR) throw outOfRange(iso);
  return iso;
});

function assertInteger(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be an integer, got ${String(n)}`);
}

/** Validates a strict 'YYYY-MM-DD' date (a real calendar date, years 1900–2199) and returns it. */
export function parseIsoDate(s: string): IsoDate {
  toDayNumber(s);
  return s;
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return weekdayOf(toDayNumber(date));
}

/** `date` plus `n` calendar days (n may be zero or negative). */
export function addCalendarDays(date: IsoDate, n: number): IsoDate {
  assertInteger(n, 'Number of days');
  return fromDayNumber(toDayNumber(date) + n);
}
