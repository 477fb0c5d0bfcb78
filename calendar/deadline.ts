/** Terms ("termijnen") under the Algemene termijnenwet: working-day and calendar-day deadlines. */
import { fromDayNumber, toDayNumber, type IsoDate } from './date.ts';
import { dayTable, dutchOfDay, type CalendarOptions, type DayTable } from './holidays.ts';
import { endOfDayInstant } from './timezone.ts';

/** 'working-days' and 'days' count `n` from a start date; 'date' is a fixed calendar date (n = 0). */
export type TermKind = 'working-days' | 'days' | 'date';

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
  let table = dayTable(start, opts);
  for (let left = n; left > 0; ) {
    day += step;
    if (day < table.first || day >= table.next) table = dayTable(day, opts);
    if (table.working[day - table.first] === 1) left--;
    else skipped?.push(day);
  }
  return day;
}

/** The year table of `day`, reusing `table` when it already covers it. */
const tableOf = (table: DayTable, day: number, opts?: CalendarOptions): DayTable =>
  day >= table.first && day < table.next ? table : dayTable(day, opts);

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
  let table = dayTable(lo + 1, opts);
  for (let day = lo + 1; day <= hi; day++) {
    table = tableOf(table, day, opts);
    if (table.working[day - table.first] === 1) count++;
  }
  return a <= b ? count : -count;
}

const isoOf = (table: DayTable, day: number): IsoDate => (table.isos[day - table.first] ??= fromDayNumber(day));

function dutchDay(startTable: DayTable, day: number, opts?: CalendarOptions): string {
  return dutchOfDay(tableOf(startTable, day, opts), day);
}

function skippedList(days: readonly number[], startTable: DayTable, opts?: CalendarOptions): SkippedDay[] {
  const list: SkippedDay[] = new Array(days.length);
  for (let i = 0; i < days.length; i++) {
    const day = days[i]!;
    const table = tableOf(startTable, day, opts);
    list[i] = { date: isoOf(table, day), reason: table.reasons[day - table.first]! };
  }
  return list;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The "(overgeslagen: …)" part of the explanation. To keep the sentence readable it names the
 * holidays together with the weekend days adjoining them (e.g. Easter weekend); ordinary weekends
 * are implied by "werkdagen" and only listed in `Deadline.skipped`. Plain loops, no closures: this
 * runs for every deadline computed.
 */
function describeSkipped(days: readonly number[], startTable: DayTable, opts?: CalendarOptions): string {
  let text = '';
  for (let i = 0; i < days.length; ) {
    // A run of consecutive skipped days: days[i..j).
    let j = i + 1;
    while (j < days.length && days[j] === days[j - 1]! + 1) j++;
    let hasHoliday = false;
    for (let k = i; k < j && !hasHoliday; k++) {
      const table = tableOf(startTable, days[k]!, opts);
      hasHoliday = table.holidays[days[k]! - table.first] !== undefined;
    }
    if (hasHoliday) {
      for (let k = i; k < j; k++) {
        const day = days[k]!;
        const table = tableOf(startTable, day, opts);
        const holiday = table.holidays[day - table.first];
        const item = holiday ? `${dutchOfDay(table, day)} ${holiday}` : dutchOfDay(table, day);
        text = text ? `${text}, ${item}` : item;
      }
    }
    i = j;
  }
  return text ? ` (overgeslagen: ${text})` : '';
}

/**
 * Deadline of a term of `n` working days ('working-days': the n-th working day after `from`),
 * `n` calendar days ('days': from + n, moved to the next working day if that is a weekend day or holiday),
 * or a fixed calendar date ('date': `from` itself, n = 0, moved the same way: "vóór 1 april" as a last day).
 * The move is the Algemene termijnenwet's (art. 1): a term that ends on a Saturday, Sunday or public
 * holiday ends on the next day that is none of these.
 */
export function computeDeadline(args: { kind: TermKind; n: number; from: IsoDate; options?: CalendarOptions }): Deadline {
  const { kind, n, from, options } = args;
  const start = toDayNumber(from);
  if (kind === 'date') {
    if (n !== 0) throw new RangeError(`A fixed-date term has no length: n must be 0, got ${String(n)}`);
  } else assertTermLength(n);
  const skippedDays: number[] = [];
  let due: number;
  let explanation: string;
  const startTable = dayTable(start, options);
  if (kind === 'working-days') {
    due = walkWorkingDays(start, n, 1, options, skippedDays);
    explanation = `${plural(n, 'werkdag', 'werkdagen')} na ${dutchDay(startTable, start, options)}: uiterlijk ${dutchDay(startTable, due, options)}`;
  } else if (kind === 'days') {
    const raw = start + n;
    due = walkWorkingDays(raw - 1, 1, 1, options, skippedDays);
    const head = `${plural(n, 'dag', 'dagen')} na ${dutchDay(startTable, start, options)}`;
    explanation = due === raw
      ? `${head}: uiterlijk ${dutchDay(startTable, due, options)}`
      : `${head} valt op ${dutchDay(startTable, raw, options)}; verschoven naar de eerstvolgende werkdag: ${dutchDay(startTable, due, options)}`;
  } else if (kind === 'date') {
    due = walkWorkingDays(start - 1, 1, 1, options, skippedDays);
    const head = `vaste datum ${dutchDay(startTable, start, options)}`;
    explanation = due === start
      ? `${head}: uiterlijk ${dutchDay(startTable, due, options)}`
      : `${head} is geen werkdag; verschoven naar de eerstvolgende werkdag: ${dutchDay(startTable, due, options)}`;
  } else {
    throw new RangeError(`Unknown term kind ${JSON.stringify(kind)}: expected 'working-days', 'days' or 'date'`);
  }
  return {
    kind,
    n,
    from,
    due: isoOf(tableOf(startTable, due, options), due),
    dueAt: endOfDayInstant(due),
    skipped: skippedList(skippedDays, startTable, options),
    explanation: explanation + describeSkipped(skippedDays, startTable, options),
  };
}
