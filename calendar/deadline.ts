/** Terms ("termijnen") under the Algemene termijnenwet: working-day and calendar-day deadlines. */
import { fromDayNumber, toDayNumber, type IsoDate } from './date.ts';
import { formatDutchDay } from './dutch.ts';
import { holidayNameOfDay, isWorkingDayNumber, nonWorkingReasonOfDay, type CalendarOptions } from './holidays.ts';
import { endOfDayInstant } from './timezone.ts';

export type TermKind = 'working-days' | 'days';

export interface SkippedDay {
  date: IsoDate;
  /** Dutch: 'zaterdag', 'Goede Vrijdag', 'zondag (Eerste Paasdag)'. */
  reason: string;
}

export interface Deadline {
  kind: TermKind;
  n: number;
  from: IsoDate;
  due: IsoDate;
  /** ISO instant (UTC) of 23:59:59.999 Amsterdam time on `due`. */
  dueAt: string;
  skipped: SkippedDay[];
  /** One Dutch sentence. */
  explanation: string;
}

function assertTermLength(n: number): void {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`Term length must be an integer >= 1, got ${String(n)}`);
}

/**
 * Walks from `start` (exclusive) in direction `step` to the n-th working day and returns it.
 * Non-working days passed on the way are appended to `skipped`.
 */
function walkWorkingDays(start: number, n: number, step: 1 | -1, opts?: CalendarOptions, skipped?: number[]): number {
  let day = start;
  for (let left = n; left > 0; ) {
    day += step;
    if (isWorkingDayNumber(day, opts)) left--;
    else skipped?.push(day);
  }
  return day;
}

/** The n-th working day after `from` (`from` itself never counts). */
export function addWorkingDays(from: IsoDate, n: number, opts?: CalendarOptions): IsoDate {
  assertTermLength(n);
  return fromDayNumber(walkWorkingDays(toDayNumber(from), n, 1, opts));
}

/** The n-th working day before `due` (`due` itself never counts), e.g. for "5 werkdagen vooraf" reminders. */
export function subtractWorkingDays(due: IsoDate, n: number, opts?: CalendarOptions): IsoDate {
  assertTermLength(n);
  return fromDayNumber(walkWorkingDays(toDayNumber(due), n, -1, opts));
}

/** Number of working days in (from, to]; negative (minus the working days in (to, from]) when to < from. */
export function workingDaysBetween(from: IsoDate, to: IsoDate, opts?: CalendarOptions): number {
  const [a, b] = [toDayNumber(from), toDayNumber(to)];
  const [lo, hi] = a <= b ? [a, b] : [b, a];
  let count = 0;
  for (let day = lo + 1; day <= hi; day++) if (isWorkingDayNumber(day, opts)) count++;
  return a <= b ? count : -count;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The "(overgeslagen: …)" part of the explanation. To keep the sentence readable it names the
 * holidays together with the weekend days adjoining them (e.g. Easter weekend); ordinary weekends
 * are implied by "werkdagen" and only listed in `Deadline.skipped`.
 */
function describeSkipped(days: readonly number[], opts?: CalendarOptions): string {
  const runs: number[][] = [];
  for (const day of days) {
    const run = runs.at(-1);
    if (run && run.at(-1) === day - 1) run.push(day);
    else runs.push([day]);
  }
  const items = runs
    .filter((run) => run.some((day) => holidayNameOfDay(day, opts) !== undefined))
    .flat()
    .map((day) => [formatDutchDay(day), holidayNameOfDay(day, opts)].filter(Boolean).join(' '));
  return items.length === 0 ? '' : ` (overgeslagen: ${items.join(', ')})`;
}

/**
 * Deadline of a term of `n` working days ('working-days': the n-th working day after `from`) or
 * `n` calendar days ('days': from + n, moved to the next working day if that is a weekend day or holiday).
 */
export function computeDeadline(args: { kind: TermKind; n: number; from: IsoDate; options?: CalendarOptions }): Deadline {
  const { kind, n, from, options } = args;
  const start = toDayNumber(from);
  assertTermLength(n);
  const skippedDays: number[] = [];
  let due: number;
  let explanation: string;
  if (kind === 'working-days') {
    due = walkWorkingDays(start, n, 1, options, skippedDays);
    explanation = `${plural(n, 'werkdag', 'werkdagen')} na ${formatDutchDay(start)}: uiterlijk ${formatDutchDay(due)}`;
  } else if (kind === 'days') {
    const raw = start + n;
    due = walkWorkingDays(raw - 1, 1, 1, options, skippedDays);
    const head = `${plural(n, 'dag', 'dagen')} na ${formatDutchDay(start)}`;
    explanation = due === raw
      ? `${head}: uiterlijk ${formatDutchDay(due)}`
      : `${head} valt op ${formatDutchDay(raw)}; verschoven naar de eerstvolgende werkdag: ${formatDutchDay(due)}`;
  } else {
    throw new RangeError(`Unknown term kind ${JSON.stringify(kind)}: expected 'working-days' or 'days'`);
  }
  return {
    kind,
    n,
    from,
    due: fromDayNumber(due),
    dueAt: endOfDayInstant(due),
    skipped: skippedDays.map((day) => ({ date: fromDayNumber(day), reason: nonWorkingReasonOfDay(day, options)! })),
    explanation: explanation + describeSkipped(skippedDays, options),
  };
}
