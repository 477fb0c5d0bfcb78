/**
 * Dutch working-day calendar following the Algemene termijnenwet.
 * Pure and deterministic (no Node built-ins, no Intl, no local-time Date methods), so it can run
 * inside a Temporal workflow sandbox. Valid and tested for 1990–2100; RangeError outside 1900–2199.
 */
export { addCalendarDays, dayOfWeek, parseIsoDate, type IsoDate } from './date.ts';
export { easterSunday } from './easter.ts';
export { formatDutchDate } from './dutch.ts';
export {
  holidayName, holidaysOf, isWorkingDay, nonWorkingReason,
  type CalendarOptions, type Holiday, type HolidayName,
} from './holidays.ts';
export {
  amsterdamDateOf, amsterdamOffsetMinutes, atAmsterdamTime, endOfDayAmsterdam, startOfDayAmsterdam,
} from './timezone.ts';
export {
  addWorkingDays, computeDeadline, subtractWorkingDays, workingDaysBetween,
  type Deadline, type SkippedDay, type TermKind,
} from './deadline.ts';
