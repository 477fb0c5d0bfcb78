import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addCalendarDays, addWorkingDays, amsterdamDateOf, computeDeadline, endOfDayAmsterdam, isWorkingDay, nonWorkingReason,
  startOfDayAmsterdam, subtractWorkingDays, workingDaysBetween,
} from '../../calendar/index.ts';

const DAYS_1990_2100 = 40_541; // 1990-01-01 .. 2100-12-31 inclusive
const date = fc.integer({ min: 0, max: DAYS_1990_2100 - 1 }).map((k) => addCalendarDays('1990-01-01', k));
const n = fc.integer({ min: 1, max: 60 });
const options = fc.record({ goedeVrijdag: fc.boolean(), bevrijdingsdag: fc.boolean() });
const runs = { numRuns: 2000 };

/** All dates strictly between a and b. */
function between(a: string, b: string): string[] {
  const out: string[] = [];
  for (let d = addCalendarDays(a, 1); d < b; d = addCalendarDays(d, 1)) out.push(d);
  return out;
}

describe('working-day terms (property-based, 1990–2100, N in 1..60, both option toggles)', () => {
  it('the due date is a working day strictly after X, with exactly N-1 working days in between', () => {
    fc.assert(fc.property(date, n, options, (x, k, opts) => {
      const due = addWorkingDays(x, k, opts);
      expect(due > x).toBe(true);
      expect(isWorkingDay(due, opts)).toBe(true);
      expect(between(x, due).filter((d) => isWorkingDay(d, opts))).toHaveLength(k - 1);
    }), runs);
  });

  it('N+1 working days is always strictly later than N working days', () => {
    fc.assert(fc.property(date, n, options, (x, k, opts) => {
      expect(addWorkingDays(x, k + 1, opts) > addWorkingDays(x, k, opts)).toBe(true);
    }), runs);
  });

  it('workingDaysBetween(x, addWorkingDays(x, n)) === n, and subtractWorkingDays undoes addWorkingDays when x is a working day', () => {
    fc.assert(fc.property(date, n, options, (x, k, opts) => {
      const due = addWorkingDays(x, k, opts);
      expect(workingDaysBetween(x, due, opts)).toBe(k);
      expect(workingDaysBetween(due, x, opts)).toBe(-k);
      const back = subtractWorkingDays(due, k, opts);
      if (isWorkingDay(x, opts)) expect(back).toBe(x);
      else expect(back < x && isWorkingDay(back, opts)).toBe(true);
    }), runs);
  });

  it('skipped lists exactly the non-working days strictly between X and the due date, each with its reason', () => {
    fc.assert(fc.property(date, n, options, (x, k, opts) => {
      const d = computeDeadline({ kind: 'working-days', n: k, from: x, options: opts });
      const expected = between(x, d.due)
        .filter((day) => !isWorkingDay(day, opts))
        .map((day) => ({ date: day, reason: nonWorkingReason(day, opts) }));
      expect(d.skipped).toEqual(expected);
      expect(d.due).toBe(addWorkingDays(x, k, opts));
      expect(d.dueAt).toBe(endOfDayAmsterdam(d.due));
    }), runs);
  });
});

describe('calendar-day terms (property-based)', () => {
  it('the due date is the first working day on or after X+N, and skipped lists exactly the days from X+N up to it', () => {
    fc.assert(fc.property(date, n, options, (x, k, opts) => {
      const d = computeDeadline({ kind: 'days', n: k, from: x, options: opts });
      const raw = addCalendarDays(x, k);
      expect(d.due >= raw).toBe(true);
      expect(isWorkingDay(d.due, opts)).toBe(true);
      const moved = [raw, ...between(raw, d.due)].filter((day) => day < d.due);
      expect(moved.every((day) => !isWorkingDay(day, opts))).toBe(true);
      expect(d.skipped).toEqual(moved.map((day) => ({ date: day, reason: nonWorkingReason(day, opts) })));
    }), runs);
  });

  it('N+1 calendar days is never earlier than N calendar days', () => {
    fc.assert(fc.property(date, n, options, (x, k, opts) => {
      const due = (m: number) => computeDeadline({ kind: 'days', n: m, from: x, options: opts }).due;
      expect(due(k + 1) >= due(k)).toBe(true);
    }), runs);
  });
});

describe('Amsterdam day boundaries (property-based)', () => {
  it('endOfDayAmsterdam(d) and startOfDayAmsterdam(d) lie on d in Amsterdam, and the next day starts 1 ms after d ends', () => {
    fc.assert(fc.property(date, (d) => {
      expect(amsterdamDateOf(endOfDayAmsterdam(d))).toBe(d);
      expect(amsterdamDateOf(startOfDayAmsterdam(d))).toBe(d);
      expect(Date.parse(endOfDayAmsterdam(d)) + 1).toBe(Date.parse(startOfDayAmsterdam(addCalendarDays(d, 1))));
    }), runs);
  });
});
