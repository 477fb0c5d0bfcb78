/**
 * Europe/Amsterdam wall-clock time without Intl: CET (+01:00) and CEST (+02:00).
 * Summer time starts and ends at 01:00 UTC:
 *   1996 on:   last Sunday of March → last Sunday of October (EU rule)
 *   1981–1995: last Sunday of March → last Sunday of September
 *   1977–1980: first Sunday of April → last Sunday of September (1978: 1 October)
 *   before 1977: no summer time (simplification; pre-1946 Dutch time is not modelled).
 */
import { civilFromDays, daysFromCivil, fromDayNumber, MS_PER_DAY, toDayNumber, weekdayOf, type IsoDate } from './date.ts';
import { memoize } from './memo.ts';

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;

const sundayOnOrBefore = (day: number) => day - weekdayOf(day);

/** [start, end) of summer time in `year` as UTC epoch milliseconds, or undefined. */
function summerTime(year: number): [number, number] | undefined {
  if (year < 1977) return undefined;
  const start = year >= 1981 ? sundayOnOrBefore(daysFromCivil(year, 3, 31)) : sundayOnOrBefore(daysFromCivil(year, 4, 7));
  const end = year >= 1996 ? sundayOnOrBefore(daysFromCivil(year, 10, 31))
    : year === 1978 ? daysFromCivil(1978, 10, 1)
    : sundayOnOrBefore(daysFromCivil(year, 9, 30));
  return [start * MS_PER_DAY + MS_PER_HOUR, end * MS_PER_DAY + MS_PER_HOUR];
}

function offsetMinutesAt(ms: number): number {
  const period = summerTime(civilFromDays(Math.floor(ms / MS_PER_DAY)).year);
  return period && ms >= period[0] && ms < period[1] ? 120 : 60;
}

/**
 * UTC milliseconds of Amsterdam wall-clock time `msOfDay` on day `dayNumber`.
 * Like Temporal's 'compatible' disambiguation: a time in the spring gap is moved forward by
 * the gap (02:30 → 03:30 CEST); an ambiguous autumn time takes the earlier (CEST) instant.
 */
function localToUtc(dayNumber: number, msOfDay: number): number {
  const local = dayNumber * MS_PER_DAY + msOfDay;
  const asSummer = local - 120 * MS_PER_MINUTE;
  return offsetMinutesAt(asSummer) === 120 ? asSummer : local - 60 * MS_PER_MINUTE;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** ISO instant of 23:59:59.999 Amsterdam time on the given day number. */
export const endOfDayInstant: (dayNumber: number) => string = memoize((dayNumber: number): string => iso(localToUtc(dayNumber, MS_PER_DAY - 1)));

export function endOfDayAmsterdam(date: IsoDate): string {
  return endOfDayInstant(toDayNumber(date));
}

export function startOfDayAmsterdam(date: IsoDate): string {
  return iso(localToUtc(toDayNumber(date), 0));
}

/** ISO instant of hour:minute Amsterdam time on `date` (e.g. 08:00 for reminders). */
export function atAmsterdamTime(date: IsoDate, hour: number, minute = 0): string {
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new RangeError(`Hour must be an integer 0–23, got ${String(hour)}`);
  if (!Number.isInteger(minute) || minute < 0 || minute > 59) throw new RangeError(`Minute must be an integer 0–59, got ${String(minute)}`);
  return iso(localToUtc(toDayNumber(date), (hour * 60 + minute) * MS_PER_MINUTE));
}

const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

function invalidInstant(instant: unknown, why: string): RangeError {
  return new RangeError(`Invalid instant ${JSON.stringify(instant)}: ${why}`);
}

/**
 * Epoch milliseconds of a Date, a finite epoch-millisecond number, or an ISO 8601 string with an
 * explicit 'Z' or '±HH:MM' offset (strings without an offset would be read in the host's local time).
 */
function toEpochMs(instant: Date | string | number): number {
  if (typeof instant === 'number') {
    if (!Number.isFinite(instant)) throw invalidInstant(instant, 'not a finite number of milliseconds');
    return instant;
  }
  if (instant instanceof Date) {
    const ms = instant.getTime();
    if (Number.isNaN(ms)) throw new RangeError('Invalid instant: the Date is invalid');
    return ms;
  }
  const m = typeof instant === 'string' ? ISO_INSTANT.exec(instant) : null;
  if (!m) throw invalidInstant(instant, "expected a Date, epoch milliseconds or an ISO 8601 string such as '2026-04-13T21:59:59.999Z'");
  const [hour, minute, second] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  const [offsetHours, offsetMinutes] = [Number(m[8] ?? 0), Number(m[9] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) throw invalidInstant(instant, 'time or offset out of range');
  const offset = (m[7] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  const millis = Number((m[5] ?? '').padEnd(3, '0').slice(0, 3));
  return toDayNumber(m[1]!) * MS_PER_DAY + ((hour * 60 + minute - offset) * 60 + second) * 1000 + millis;
}

/** Amsterdam UTC offset and calendar date of an instant (the date must lie in 1900–2199). */
function amsterdamWallClock(instant: Date | string | number): { offset: number; date: IsoDate } {
  const ms = toEpochMs(instant);
  const offset = offsetMinutesAt(ms);
  return { offset, date: fromDayNumber(Math.floor((ms + offset * MS_PER_MINUTE) / MS_PER_DAY)) };
}

/** Amsterdam UTC offset in minutes at `instant`: 60 (CET) or 120 (CEST). */
export function amsterdamOffsetMinutes(instant: Date | string | number): number {
  return amsterdamWallClock(instant).offset;
}

/** The Amsterdam date of an ISO instant, kept per instant: a case's steps ask it of the same instants (its last step, now). */
const amsterdamDateOfInstant = memoize((instant: string): IsoDate => amsterdamWallClock(instant).date, 1024);

/** The calendar date in Amsterdam at `instant`. */
export function amsterdamDateOf(instant: Date | string | number): IsoDate {
  return typeof instant === 'string' ? amsterdamDateOfInstant(instant) : amsterdamWallClock(instant).date;
}
