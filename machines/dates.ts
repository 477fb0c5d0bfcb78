// Calendar arithmetic on ISO dates (YYYY-MM-DD) for the machines' rules: years and months (integrity rotation,
// a bank statement "niet ouder dan 3 maanden", a conversation interval), day counts, and "today" in Amsterdam
// from an event's instant. Pure, UTC, no time zone database (machines import nothing of the rest); the
// working-day calendar and the Atw live in calendar/, the validation of a typed date in ./schemas.ts (isoDate).

const toMs = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
const fromMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const DAY = 86_400_000;

/** The day number of an ISO date (days since 1970-01-01): differences are whole days. */
export function dayNumber(date: string): number {
  return toMs(date) / DAY;
}

export function addDays(date: string, n: number): string {
  return fromMs(toMs(date) + n * DAY);
}

/** The same date `n` years later; a 29 February that does not exist becomes 1 March. */
export function addYears(date: string, n: number): string {
  const y = Number(date.slice(0, 4)) + n;
  return fromMs(Date.UTC(y, Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))));
}

/** The same day `n` months earlier or later; a day that does not exist becomes the month's last day (31 May − 3 months = 28/29 February). */
export function addMonths(date: string, n: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + n;
  const d = Number(date.slice(8, 10));
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return fromMs(Date.UTC(y, m, Math.min(d, last)));
}

/** Days from `a` to `b` inclusive. */
export function daysInclusive(a: string, b: string): number {
  return Math.round((toMs(b) - toMs(a)) / DAY) + 1;
}

const MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];
/** Dutch date for messages: 1 april 2026. */
export function dutchDate(date: string): string {
  return `${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
}

/** Last Sunday of a month, 01:00 UTC: where EU summer time starts (March) and ends (October). */
function lastSundayAt1Utc(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
}

/**
 * The Europe/Amsterdam calendar date of an instant (CET, CEST from the last Sunday of March to the last
 * Sunday of October, 01:00 UTC), so a machine can tell "today" from the event's time.
 */
export function amsterdamDay(at: string): string {
  const ms = Date.parse(at);
  const year = new Date(ms).getUTCFullYear();
  const offsetHours = ms >= lastSundayAt1Utc(year, 2) && ms < lastSundayAt1Utc(year, 9) ? 2 : 1;
  return new Date(ms + offsetHours * 3_600_000).toISOString().slice(0, 10);
}
