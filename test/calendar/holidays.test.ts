import { describe, expect, it } from 'vitest';
import {
  addCalendarDays, dayOfWeek, easterSunday, holidayName, holidaysOf, isWorkingDay, nonWorkingReason,
} from '../../calendar/index.ts';

/** Easter by a different method (Knuth, TAOCP vol. 1, Algorithm E: Lilian epact), to cross-check the Meeus computus. */
function knuthEaster(year: number): string {
  const golden = (year % 19) + 1;
  const century = Math.floor(year / 100) + 1;
  const skippedLeap = Math.floor((3 * century) / 4) - 12;
  const moonCorrection = Math.floor((8 * century + 5) / 25) - 5;
  const sunday = Math.floor((5 * year) / 4) - skippedLeap - 10;
  let epact = (11 * golden + 20 + moonCorrection - skippedLeap) % 30;
  if ((epact === 25 && golden > 11) || epact === 24) epact++;
  let fullMoon = 44 - epact;
  if (fullMoon < 21) fullMoon += 30;
  const n = fullMoon + 7 - ((sunday + fullMoon) % 7);
  return n > 31 ? `${year}-04-${String(n - 31).padStart(2, '0')}` : `${year}-03-${String(n).padStart(2, '0')}`;
}

const years = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const dateOf = (year: number, name: string) => holidaysOf(year).find((h) => h.name === name)?.date;

describe('Easter (Gregorian computus)', () => {
  it.each([
    [2000, '2000-04-23'], [2008, '2008-03-23'], [2011, '2011-04-24'], [2019, '2019-04-21'], [2024, '2024-03-31'],
    [2025, '2025-04-20'], [2026, '2026-04-05'], [2038, '2038-04-25'], [2100, '2100-03-28'],
  ])('Easter %i is on %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
    expect(dateOf(year, 'Eerste Paasdag')).toBe(date);
  });

  it('agrees with an independent epact algorithm (Knuth) for every year 1900–2199', () => {
    for (const year of years(1900, 2199)) expect(easterSunday(year), String(year)).toBe(knuthEaster(year));
  });

  it('Easter is always a Sunday between 22 March and 25 April; Goede Vrijdag, Hemelvaart and Pinksteren follow at -2, +1, +39, +49, +50 days', () => {
    for (const year of years(1990, 2100)) {
      const easter = easterSunday(year);
      expect(dayOfWeek(easter)).toBe(0);
      expect(easter >= `${year}-03-22` && easter <= `${year}-04-25`).toBe(true);
      expect(dateOf(year, 'Goede Vrijdag')).toBe(addCalendarDays(easter, -2));
      expect(dateOf(year, 'Tweede Paasdag')).toBe(addCalendarDays(easter, 1));
      expect(dateOf(year, 'Hemelvaartsdag')).toBe(addCalendarDays(easter, 39));
      expect(dateOf(year, 'Eerste Pinksterdag')).toBe(addCalendarDays(easter, 49));
      expect(dateOf(year, 'Tweede Pinksterdag')).toBe(addCalendarDays(easter, 50));
    }
  });
});

describe('holiday list', () => {
  it('2026 has the eleven Dutch holidays of the Algemene termijnenwet (incl. Goede Vrijdag and Bevrijdingsdag) in date order', () => {
    expect(holidaysOf(2026)).toEqual([
      { date: '2026-01-01', name: 'Nieuwjaarsdag' },
      { date: '2026-04-03', name: 'Goede Vrijdag' },
      { date: '2026-04-05', name: 'Eerste Paasdag' },
      { date: '2026-04-06', name: 'Tweede Paasdag' },
      { date: '2026-04-27', name: 'Koningsdag' },
      { date: '2026-05-05', name: 'Bevrijdingsdag' },
      { date: '2026-05-14', name: 'Hemelvaartsdag' },
      { date: '2026-05-24', name: 'Eerste Pinksterdag' },
      { date: '2026-05-25', name: 'Tweede Pinksterdag' },
      { date: '2026-12-25', name: 'Eerste Kerstdag' },
      { date: '2026-12-26', name: 'Tweede Kerstdag' },
    ]);
  });

  it('every year 1990–2100 has exactly eleven holidays, each a distinct holiday name', () => {
    for (const year of years(1990, 2100)) {
      const list = holidaysOf(year);
      expect(list).toHaveLength(11);
      expect(new Set(list.map((h) => h.name)).size).toBe(11);
      expect(list.every((h) => h.date.startsWith(`${year}-`))).toBe(true);
    }
  });

  it('switching options off removes exactly Goede Vrijdag and/or Bevrijdingsdag, and the per-option cache keeps them apart', () => {
    const names = (opts: Parameters<typeof holidaysOf>[1]) => holidaysOf(2026, opts).map((h) => h.name);
    expect(names({ goedeVrijdag: false })).not.toContain('Goede Vrijdag');
    expect(names({ goedeVrijdag: false })).toContain('Bevrijdingsdag');
    expect(names({ bevrijdingsdag: false })).not.toContain('Bevrijdingsdag');
    expect(names({ bevrijdingsdag: false })).toContain('Goede Vrijdag');
    expect(names({ goedeVrijdag: false, bevrijdingsdag: false })).toHaveLength(9);
    expect(names(undefined)).toHaveLength(11);
    expect(names({ goedeVrijdag: true, bevrijdingsdag: true })).toHaveLength(11);
  });

  it('holidaysOf returns a fresh copy: mutating it does not corrupt the cache', () => {
    const list = holidaysOf(2030);
    list[0]!.date = '1999-01-01';
    list.pop();
    expect(holidaysOf(2030)[0]).toEqual({ date: '2030-01-01', name: 'Nieuwjaarsdag' });
    expect(holidaysOf(2030)).toHaveLength(11);
  });
});

describe('Koningsdag and Koninginnedag', () => {
  it('Koningsdag 2026 is Monday 27 April', () => {
    expect(holidayName('2026-04-27')).toBe('Koningsdag');
    expect(nonWorkingReason('2026-04-27')).toBe('Koningsdag');
  });

  it('Koningsdag 2025 is Saturday 26 April because 27 April 2025 is a Sunday', () => {
    expect(dateOf(2025, 'Koningsdag')).toBe('2025-04-26');
    expect(nonWorkingReason('2025-04-26')).toBe('zaterdag (Koningsdag)');
    expect(nonWorkingReason('2025-04-27')).toBe('zondag');
  });

  it('Koningsdag 2014 (the first one) was Saturday 26 April because 27 April 2014 was a Sunday; there was no Koninginnedag in 2014', () => {
    expect(dateOf(2014, 'Koningsdag')).toBe('2014-04-26');
    expect(dateOf(2014, 'Koninginnedag')).toBeUndefined();
    expect(isWorkingDay('2014-04-30')).toBe(true);
  });

  it('Koninginnedag 2006 was Saturday 29 April because 30 April 2006 was a Sunday', () => {
    expect(dateOf(2006, 'Koninginnedag')).toBe('2006-04-29');
    expect(nonWorkingReason('2006-04-29')).toBe('zaterdag (Koninginnedag)');
    expect(nonWorkingReason('2006-04-30')).toBe('zondag');
  });

  it('before 2014 it is Koninginnedag on 30 April (e.g. Tuesday 30 April 2013, Monday 30 April 1990), never Koningsdag', () => {
    expect(nonWorkingReason('2013-04-30')).toBe('Koninginnedag');
    expect(nonWorkingReason('1990-04-30')).toBe('Koninginnedag');
    expect(isWorkingDay('2013-04-26')).toBe(true);
    for (const year of years(1990, 2013)) expect(dateOf(year, 'Koningsdag'), String(year)).toBeUndefined();
    for (const year of years(2014, 2100)) expect(dateOf(year, 'Koninginnedag'), String(year)).toBeUndefined();
  });

  it('the royal holiday is never on a Sunday (1990–2100)', () => {
    for (const year of years(1990, 2100)) {
      const day = dateOf(year, year >= 2014 ? 'Koningsdag' : 'Koninginnedag')!;
      expect(dayOfWeek(day)).not.toBe(0);
    }
  });
});

describe('Bevrijdingsdag and Goede Vrijdag (where the npm library date-holidays differs)', () => {
  // date-holidays (NL) lists Bevrijdingsdag as a public holiday only every five years (2020, 2025, …)
  // and Goede Vrijdag as "optional". For the Algemene termijnenwet, 5 May is a holiday every year,
  // and this calendar treats Goede Vrijdag as a holiday unless switched off.
  it('Tuesday 5 May 2026 (not a lustrum year) is Bevrijdingsdag and not a working day, unlike date-holidays', () => {
    expect(isWorkingDay('2026-05-05')).toBe(false);
    expect(nonWorkingReason('2026-05-05')).toBe('Bevrijdingsdag');
  });

  it('Bevrijdingsdag is a holiday on 5 May of every year 1990–2100, not only every five years', () => {
    for (const year of years(1990, 2100)) expect(holidayName(`${year}-05-05`), String(year)).toContain('Bevrijdingsdag');
  });

  it('with { bevrijdingsdag: false } Tuesday 5 May 2026 is a working day', () => {
    expect(isWorkingDay('2026-05-05', { bevrijdingsdag: false })).toBe(true);
    expect(holidayName('2026-05-05', { bevrijdingsdag: false })).toBeUndefined();
  });

  it('Goede Vrijdag 3 April 2026 is not a working day by default, unlike date-holidays where it is only "optional"', () => {
    expect(isWorkingDay('2026-04-03')).toBe(false);
    expect(nonWorkingReason('2026-04-03')).toBe('Goede Vrijdag');
  });

  it('with { goedeVrijdag: false } Goede Vrijdag 3 April 2026 is a working day', () => {
    expect(isWorkingDay('2026-04-03', { goedeVrijdag: false })).toBe(true);
    expect(nonWorkingReason('2026-04-03', { goedeVrijdag: false })).toBeUndefined();
  });

  it('in 2016 Hemelvaartsdag fell on Bevrijdingsdag (Thursday 5 May): both are listed and the day name joins them', () => {
    expect(holidaysOf(2016).filter((h) => h.date === '2016-05-05').map((h) => h.name)).toEqual(['Bevrijdingsdag', 'Hemelvaartsdag']);
    expect(holidayName('2016-05-05')).toBe('Bevrijdingsdag en Hemelvaartsdag');
    expect(holidayName('2016-05-05', { bevrijdingsdag: false })).toBe('Hemelvaartsdag');
    expect(isWorkingDay('2016-05-05', { bevrijdingsdag: false })).toBe(false);
  });
});

describe('working days and reasons', () => {
  it('a weekday that is not a holiday is a working day with no reason', () => {
    expect(isWorkingDay('2026-04-02')).toBe(true);
    expect(nonWorkingReason('2026-04-02')).toBeUndefined();
    expect(holidayName('2026-04-02')).toBeUndefined();
  });

  it('weekend days are named "zaterdag"/"zondag"; a holiday on a weekend adds its name in brackets', () => {
    expect(nonWorkingReason('2026-04-04')).toBe('zaterdag');
    expect(nonWorkingReason('2026-04-12')).toBe('zondag');
    expect(nonWorkingReason('2026-04-05')).toBe('zondag (Eerste Paasdag)');
    expect(nonWorkingReason('2022-12-25')).toBe('zondag (Eerste Kerstdag)');
    expect(nonWorkingReason('2027-12-25')).toBe('zaterdag (Eerste Kerstdag)');
    expect(holidayName('2026-04-05')).toBe('Eerste Paasdag');
  });

  it('holidays on weekdays are named by their Dutch name alone', () => {
    expect(nonWorkingReason('2026-01-01')).toBe('Nieuwjaarsdag');
    expect(nonWorkingReason('2026-04-06')).toBe('Tweede Paasdag');
    expect(nonWorkingReason('2026-05-14')).toBe('Hemelvaartsdag');
    expect(nonWorkingReason('2026-05-25')).toBe('Tweede Pinksterdag');
    expect(nonWorkingReason('2026-12-25')).toBe('Eerste Kerstdag');
    expect(nonWorkingReason('2025-12-26')).toBe('Tweede Kerstdag');
  });

  it('isWorkingDay is exactly "nonWorkingReason is undefined" for every day 1990–2100', () => {
    for (let day = '1990-01-01'; day <= '2100-12-31'; day = addCalendarDays(day, 1)) {
      expect(isWorkingDay(day)).toBe(nonWorkingReason(day) === undefined);
    }
  });
});
