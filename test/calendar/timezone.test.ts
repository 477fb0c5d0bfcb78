import { describe, expect, it } from 'vitest';
import {
  amsterdamDateOf, amsterdamOffsetMinutes, atAmsterdamTime, computeDeadline, endOfDayAmsterdam, startOfDayAmsterdam,
} from '../../calendar/index.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('end and start of day in Amsterdam', () => {
  it('a summer due date ends at 21:59:59.999Z (CEST) and a winter one at 22:59:59.999Z (CET)', () => {
    expect(endOfDayAmsterdam('2026-07-01')).toBe('2026-07-01T21:59:59.999Z');
    expect(endOfDayAmsterdam('2026-01-15')).toBe('2026-01-15T22:59:59.999Z');
    expect(computeDeadline({ kind: 'days', n: 14, from: '2026-06-17' }).dueAt).toBe('2026-07-01T21:59:59.999Z');
    expect(computeDeadline({ kind: 'days', n: 14, from: '2026-01-01' }).dueAt).toBe('2026-01-15T22:59:59.999Z');
  });

  it('on the spring transition day (Sunday 29 March 2026) the day ends in CEST, the day before in CET', () => {
    expect(endOfDayAmsterdam('2026-03-28')).toBe('2026-03-28T22:59:59.999Z');
    expect(endOfDayAmsterdam('2026-03-29')).toBe('2026-03-29T21:59:59.999Z');
    expect(startOfDayAmsterdam('2026-03-29')).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfDayAmsterdam('2026-03-30')).toBe('2026-03-29T22:00:00.000Z');
  });

  it('on the autumn transition day (Sunday 25 October 2026) the day ends in CET, the day before in CEST', () => {
    expect(endOfDayAmsterdam('2026-10-24')).toBe('2026-10-24T21:59:59.999Z');
    expect(endOfDayAmsterdam('2026-10-25')).toBe('2026-10-25T22:59:59.999Z');
    expect(startOfDayAmsterdam('2026-10-25')).toBe('2026-10-24T22:00:00.000Z');
    expect(startOfDayAmsterdam('2026-10-26')).toBe('2026-10-25T23:00:00.000Z');
  });

  it('a transition day is 23 hours (spring) or 25 hours (autumn) long', () => {
    const length = (d: string) => Date.parse(endOfDayAmsterdam(d)) + 1 - Date.parse(startOfDayAmsterdam(d));
    expect(length('2026-03-29')).toBe(23 * HOUR);
    expect(length('2026-10-25')).toBe(25 * HOUR);
    expect(length('2026-04-13')).toBe(24 * HOUR);
  });

  it('atAmsterdamTime gives 08:00 local as 06:00Z in summer and 07:00Z in winter', () => {
    expect(atAmsterdamTime('2026-04-13', 8)).toBe('2026-04-13T06:00:00.000Z');
    expect(atAmsterdamTime('2026-01-13', 8, 30)).toBe('2026-01-13T07:30:00.000Z');
  });

  it('atAmsterdamTime moves a time in the spring gap forward (02:30 → 03:30 CEST) and takes the earlier instant of an ambiguous autumn time', () => {
    expect(atAmsterdamTime('2026-03-29', 2, 30)).toBe('2026-03-29T01:30:00.000Z');
    expect(atAmsterdamTime('2026-10-25', 2, 30)).toBe('2026-10-25T00:30:00.000Z');
    expect(atAmsterdamTime('2026-10-25', 3, 0)).toBe('2026-10-25T02:00:00.000Z');
  });
});

describe('offset and date of an instant', () => {
  it('summer time starts and ends at exactly 01:00 UTC on the last Sundays of March and October', () => {
    expect(amsterdamOffsetMinutes('2026-03-29T00:59:59.999Z')).toBe(60);
    expect(amsterdamOffsetMinutes('2026-03-29T01:00:00.000Z')).toBe(120);
    expect(amsterdamOffsetMinutes('2026-10-25T00:59:59.999Z')).toBe(120);
    expect(amsterdamOffsetMinutes('2026-10-25T01:00:00.000Z')).toBe(60);
  });

  it('from 1981 to 1995 summer time ended on the last Sunday of September (24 September 1995), from 1996 in October', () => {
    expect(amsterdamOffsetMinutes('1995-09-24T00:59:59Z')).toBe(120);
    expect(amsterdamOffsetMinutes('1995-09-24T01:00:00Z')).toBe(60);
    expect(amsterdamOffsetMinutes('1995-10-15T12:00:00Z')).toBe(60);
    expect(amsterdamOffsetMinutes('1996-10-15T12:00:00Z')).toBe(120);
    expect(amsterdamOffsetMinutes('1996-10-27T01:00:00Z')).toBe(60);
  });

  it('amsterdamDateOf is the local date: 22:30Z on 13 April 2026 is already 14 April in Amsterdam', () => {
    expect(amsterdamDateOf('2026-04-13T21:59:59.999Z')).toBe('2026-04-13');
    expect(amsterdamDateOf('2026-04-13T22:30:00Z')).toBe('2026-04-14');
    expect(amsterdamDateOf('2026-01-13T22:30:00Z')).toBe('2026-01-13');
    expect(amsterdamDateOf('2026-01-13T23:00:00Z')).toBe('2026-01-14');
  });

  it('instants may be a Date, epoch milliseconds or an ISO string with Z or an explicit offset', () => {
    const ms = Date.UTC(2026, 3, 13, 22, 30);
    expect(amsterdamDateOf(new Date(ms))).toBe('2026-04-14');
    expect(amsterdamDateOf(ms)).toBe('2026-04-14');
    expect(amsterdamDateOf('2026-04-14T00:30:00+02:00')).toBe('2026-04-14');
    expect(amsterdamDateOf('2026-04-13T18:30-04:00')).toBe('2026-04-14');
    expect(amsterdamDateOf('2026-04-13T21:59:59.999999Z')).toBe('2026-04-13');
    expect(amsterdamOffsetMinutes(new Date(ms))).toBe(120);
  });
});

describe('agreement with Intl (tz database) for Europe/Amsterdam', () => {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit', timeZoneName: 'longOffset',
  });
  const viaIntl = (ms: number) => {
    const parts = Object.fromEntries(format.formatToParts(ms).map((p) => [p.type, p.value]));
    const offset = /^GMT([+-])(\d{2}):(\d{2})$/.exec(parts.timeZoneName!)!;
    return {
      date: `${parts.year}-${parts.month}-${parts.day}`,
      offset: (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])),
    };
  };
  const ours = (ms: number) => ({ date: amsterdamDateOf(ms), offset: amsterdamOffsetMinutes(ms) });
  const mismatches = (instants: Iterable<number>) => {
    const bad: string[] = [];
    for (const ms of instants) {
      const [a, b] = [ours(ms), viaIntl(ms)];
      if (a.date !== b.date || a.offset !== b.offset) bad.push(`${new Date(ms).toISOString()}: ours ${JSON.stringify(a)} Intl ${JSON.stringify(b)}`);
    }
    return bad.slice(0, 10);
  };

  const first = Date.UTC(1977, 0, 1);
  const last = Date.UTC(2100, 11, 31);

  it('offset and local date match Intl every day 1977–2100 at 00:30 and 12:00 UTC', () => {
    function* instants() {
      for (let day = first; day <= last; day += DAY) yield* [day + HOUR / 2, day + 12 * HOUR];
    }
    expect(mismatches(instants())).toEqual([]);
  });

  it('offset and local date match Intl for every hour (and the minute either side of the hour) from a day before to a day after every transition 1977–2100, two transitions a year', () => {
    const transitionDays: number[] = [];
    for (let day = first; day < last; day += DAY) {
      if (viaIntl(day + 12 * HOUR).offset !== viaIntl(day + DAY + 12 * HOUR).offset) transitionDays.push(day + DAY);
    }
    expect(transitionDays).toHaveLength(2 * (2100 - 1977 + 1));
    function* instants() {
      for (const day of transitionDays) {
        for (let t = day - DAY; t <= day + 2 * DAY; t += HOUR) yield* [t - 60_000, t, t + 60_000];
      }
    }
    expect(mismatches(instants())).toEqual([]);
  });
});
