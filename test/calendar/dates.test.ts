import { describe, expect, it } from 'vitest';
import { addCalendarDays, dayOfWeek, formatDutchDate, parseIsoDate } from '../../calendar/index.ts';

describe('dates and Dutch formatting', () => {
  it('formats dates in Dutch with lower-case weekday and month names', () => {
    expect(formatDutchDate('2026-04-13')).toBe('maandag 13 april 2026');
    expect(formatDutchDate('2026-04-05')).toBe('zondag 5 april 2026');
    const months = Array.from({ length: 12 }, (_, i) => formatDutchDate(`2026-${String(i + 1).padStart(2, '0')}-01`).split(' ')[2]);
    expect(months).toEqual(['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december']);
    const weekdays = Array.from({ length: 7 }, (_, i) => formatDutchDate(addCalendarDays('2026-04-12', i)).split(' ')[0]);
    expect(weekdays).toEqual(['zondag', 'maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag']);
  });

  it('day arithmetic and weekdays agree with UTC Date for every day 1900–2199 (Gregorian leap years incl. 1900, 2000, 2100)', () => {
    const bad: string[] = [];
    let d = '1900-01-01';
    for (let ms = Date.UTC(1900, 0, 1); ms <= Date.UTC(2199, 11, 31); ms += 86_400_000) {
      const expected = new Date(ms).toISOString().slice(0, 10);
      if (d !== expected || dayOfWeek(d) !== new Date(ms).getUTCDay()) bad.push(`${d} vs ${expected}`);
      if (ms < Date.UTC(2199, 11, 31)) d = addCalendarDays(d, 1);
    }
    expect(bad).toEqual([]);
  });

  it('addCalendarDays accepts zero and negative day counts', () => {
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(addCalendarDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addCalendarDays('2026-01-01', 0)).toBe('2026-01-01');
    expect(addCalendarDays('2026-01-01', 365)).toBe('2027-01-01');
  });

  it('parseIsoDate returns a valid date unchanged, including leap days', () => {
    expect(parseIsoDate('2026-04-13')).toBe('2026-04-13');
    expect(parseIsoDate('2024-02-29')).toBe('2024-02-29');
    expect(parseIsoDate('2000-02-29')).toBe('2000-02-29');
  });
});
