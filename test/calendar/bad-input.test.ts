import { describe, expect, it } from 'vitest';
import {
  addCalendarDays, addWorkingDays, amsterdamDateOf, amsterdamOffsetMinutes, atAmsterdamTime, computeDeadline, dayOfWeek,
  easterSunday, endOfDayAmsterdam, formatDutchDate, holidayName, holidaysOf, isWorkingDay, parseIsoDate, subtractWorkingDays,
  workingDaysBetween, type TermKind,
} from '../../calendar/index.ts';

describe('invalid dates throw a RangeError with a clear message', () => {
  it.each(['2026-02-30', '2023-02-29', '2100-02-29', '2026-13-01', '2026-00-10', '2026-04-00', '2026-04-31'])(
    '%s is not a real calendar date',
    (s) => expect(() => parseIsoDate(s)).toThrow(new RangeError(`Invalid date "${s}": not a real calendar date`)),
  );

  it.each(['2026-4-1', 'x', '', '2026-04-01T00:00:00Z', ' 2026-04-01', '2026/04/01', '26-04-01', '+02026-04-01'])(
    '%j is not in the form YYYY-MM-DD',
    (s) => expect(() => parseIsoDate(s)).toThrow(/^Invalid date .*: expected a string in the form YYYY-MM-DD$/),
  );

  it('non-strings are rejected as dates', () => {
    expect(() => parseIsoDate(20260401 as unknown as string)).toThrow(RangeError);
    expect(() => parseIsoDate(undefined as unknown as string)).toThrow(RangeError);
  });

  it('every date-taking function validates its date', () => {
    const fns: ((d: string) => unknown)[] = [
      dayOfWeek, formatDutchDate, holidayName, isWorkingDay, endOfDayAmsterdam, (d) => addCalendarDays(d, 1),
      (d) => addWorkingDays(d, 1), (d) => subtractWorkingDays(d, 1), (d) => workingDaysBetween(d, '2026-01-01'),
      (d) => workingDaysBetween('2026-01-01', d), (d) => atAmsterdamTime(d, 8),
      (d) => computeDeadline({ kind: 'days', n: 1, from: d }),
    ];
    for (const fn of fns) expect(() => fn('2026-02-30')).toThrow(RangeError);
  });
});

describe('the supported range is 1900–2199', () => {
  it('dates and years outside 1900–2199 throw a RangeError', () => {
    expect(() => parseIsoDate('1899-12-31')).toThrow(new RangeError('Date 1899-12-31 is outside the supported range 1900-01-01 to 2199-12-31'));
    expect(() => isWorkingDay('2200-01-01')).toThrow(/outside the supported range/);
    expect(() => holidaysOf(1899)).toThrow(new RangeError('Year 1899 is outside the supported range 1900–2199'));
    expect(() => holidaysOf(2200)).toThrow(RangeError);
    expect(() => holidaysOf(2026.5)).toThrow(RangeError);
    expect(() => easterSunday(2200)).toThrow(RangeError);
    expect(holidaysOf(1900)).toHaveLength(11);
    expect(holidaysOf(2199)).toHaveLength(11);
  });

  it('results that would leave the range throw instead of returning a bogus date', () => {
    expect(() => addCalendarDays('2199-12-31', 1)).toThrow(new RangeError('Date 2200-01-01 is outside the supported range 1900-01-01 to 2199-12-31'));
    expect(() => addWorkingDays('2199-12-30', 5)).toThrow(RangeError);
    expect(() => subtractWorkingDays('1900-01-02', 5)).toThrow(RangeError);
  });
});

describe('term lengths must be integers >= 1', () => {
  it.each([0, -1, -5, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('N = %s is rejected by computeDeadline, addWorkingDays and subtractWorkingDays', (n) => {
    const message = new RangeError(`Term length must be an integer >= 1, got ${n}`);
    for (const kind of ['working-days', 'days'] as const) {
      expect(() => computeDeadline({ kind, n, from: '2026-04-02' })).toThrow(message);
    }
    expect(() => addWorkingDays('2026-04-02', n)).toThrow(message);
    expect(() => subtractWorkingDays('2026-04-02', n)).toThrow(message);
  });

  it('addCalendarDays needs an integer day count', () => {
    expect(() => addCalendarDays('2026-04-02', 1.5)).toThrow(new RangeError('Number of days must be an integer, got 1.5'));
  });

  it('an unknown term kind is rejected', () => {
    expect(() => computeDeadline({ kind: 'weeks' as TermKind, n: 1, from: '2026-04-02' })).toThrow(
      new RangeError(`Unknown term kind "weeks": expected 'working-days', 'days' or 'date'`),
    );
  });
});

describe('invalid times and instants', () => {
  it.each([[24, 0], [-1, 0], [8.5, 0], [8, 60], [8, -1]])('atAmsterdamTime rejects %i:%i', (h, m) => {
    expect(() => atAmsterdamTime('2026-04-13', h, m)).toThrow(RangeError);
  });

  it('instant strings must be ISO 8601 with Z or an explicit offset (a bare local time would depend on the host time zone)', () => {
    for (const s of ['2026-04-13T10:00', '2026-04-13', 'yesterday', '2026-04-13T24:00Z', '2026-04-13T10:60Z', '2026-04-13T10:00+2']) {
      expect(() => amsterdamDateOf(s), s).toThrow(/^Invalid instant/);
    }
    expect(() => amsterdamDateOf('2026-02-30T10:00Z')).toThrow(/not a real calendar date/);
  });

  it('invalid Dates and non-finite numbers are rejected as instants', () => {
    expect(() => amsterdamDateOf(new Date(Number.NaN))).toThrow(new RangeError('Invalid instant: the Date is invalid'));
    expect(() => amsterdamOffsetMinutes(Number.NaN)).toThrow(RangeError);
    expect(() => amsterdamOffsetMinutes(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => amsterdamDateOf({} as unknown as Date)).toThrow(RangeError);
  });

  it('instants whose Amsterdam date is outside 1900–2199 are rejected', () => {
    expect(() => amsterdamDateOf('2199-12-31T23:30:00Z')).toThrow(/2200-01-01 is outside the supported range/);
    expect(() => amsterdamOffsetMinutes(Date.UTC(1850, 0, 1))).toThrow(RangeError);
  });
});
