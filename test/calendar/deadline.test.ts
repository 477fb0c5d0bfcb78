import { describe, expect, it } from 'vitest';
import { addWorkingDays, computeDeadline, subtractWorkingDays, workingDaysBetween } from '../../calendar/index.ts';

const workingDays = (from: string, n: number, options?: { goedeVrijdag?: boolean; bevrijdingsdag?: boolean }) =>
  computeDeadline({ kind: 'working-days', n, from, options });
const days = (from: string, n: number) => computeDeadline({ kind: 'days', n, from });

describe('worked examples', () => {
  it('5 working days after Thursday 2 April 2026 is Monday 13 April 2026: Goede Vrijdag and the Easter weekend are skipped', () => {
    expect(workingDays('2026-04-02', 5)).toEqual({
      kind: 'working-days',
      n: 5,
      from: '2026-04-02',
      due: '2026-04-13',
      dueAt: '2026-04-13T21:59:59.999Z',
      skipped: [
        { date: '2026-04-03', reason: 'Goede Vrijdag' },
        { date: '2026-04-04', reason: 'zaterdag' },
        { date: '2026-04-05', reason: 'zondag (Eerste Paasdag)' },
        { date: '2026-04-06', reason: 'Tweede Paasdag' },
        { date: '2026-04-11', reason: 'zaterdag' },
        { date: '2026-04-12', reason: 'zondag' },
      ],
      explanation:
        '5 werkdagen na donderdag 2 april 2026: uiterlijk maandag 13 april 2026 (overgeslagen: vrijdag 3 april 2026 Goede Vrijdag, ' +
        'zaterdag 4 april 2026, zondag 5 april 2026 Eerste Paasdag, maandag 6 april 2026 Tweede Paasdag)',
    });
  });

  it('2 days after Friday 24 April 2026 falls on Sunday 26 April and moves over Koningsdag to Tuesday 28 April 2026', () => {
    expect(days('2026-04-24', 2)).toEqual({
      kind: 'days',
      n: 2,
      from: '2026-04-24',
      due: '2026-04-28',
      dueAt: '2026-04-28T21:59:59.999Z',
      skipped: [
        { date: '2026-04-26', reason: 'zondag' },
        { date: '2026-04-27', reason: 'Koningsdag' },
      ],
      explanation:
        '2 dagen na vrijdag 24 april 2026 valt op zondag 26 april 2026; verschoven naar de eerstvolgende werkdag: ' +
        'dinsdag 28 april 2026 (overgeslagen: zondag 26 april 2026, maandag 27 april 2026 Koningsdag)',
    });
  });
});

describe('working-day terms', () => {
  it('the day X itself never counts, even when it is a working day: 1 working day after Monday 5 January 2026 is Tuesday 6 January', () => {
    expect(workingDays('2026-01-05', 1)).toMatchObject({ due: '2026-01-06', skipped: [] });
    expect(workingDays('2026-01-05', 1).explanation).toBe('1 werkdag na maandag 5 januari 2026: uiterlijk dinsdag 6 januari 2026');
  });

  it('when X is itself a holiday it is not listed as skipped: 1 working day after Goede Vrijdag 2026 is Tuesday 7 April', () => {
    expect(workingDays('2026-04-03', 1)).toMatchObject({
      due: '2026-04-07',
      skipped: [
        { date: '2026-04-04', reason: 'zaterdag' },
        { date: '2026-04-05', reason: 'zondag (Eerste Paasdag)' },
        { date: '2026-04-06', reason: 'Tweede Paasdag' },
      ],
    });
  });

  it('an ordinary weekend is listed in skipped but left out of the explanation sentence', () => {
    const d = workingDays('2026-03-06', 1);
    expect(d).toMatchObject({ due: '2026-03-09', skipped: [{ date: '2026-03-07', reason: 'zaterdag' }, { date: '2026-03-08', reason: 'zondag' }] });
    expect(d.explanation).toBe('1 werkdag na vrijdag 6 maart 2026: uiterlijk maandag 9 maart 2026');
  });

  it('with { goedeVrijdag: false } 5 working days after Thursday 2 April 2026 is Friday 10 April 2026 (Goede Vrijdag counts)', () => {
    const d = workingDays('2026-04-02', 5, { goedeVrijdag: false });
    expect(d.due).toBe('2026-04-10');
    expect(d.skipped.map((s) => s.reason)).toEqual(['zaterdag', 'zondag (Eerste Paasdag)', 'Tweede Paasdag']);
    expect(d.explanation).toBe(
      '5 werkdagen na donderdag 2 april 2026: uiterlijk vrijdag 10 april 2026 (overgeslagen: zaterdag 4 april 2026, ' +
        'zondag 5 april 2026 Eerste Paasdag, maandag 6 april 2026 Tweede Paasdag)',
    );
  });

  it('1 working day after Monday 4 May 2026 is Wednesday 6 May: Bevrijdingsdag (Tuesday 5 May 2026) is skipped although 2026 is no lustrum year', () => {
    expect(workingDays('2026-05-04', 1)).toMatchObject({ due: '2026-05-06', skipped: [{ date: '2026-05-05', reason: 'Bevrijdingsdag' }] });
    expect(workingDays('2026-05-04', 1, { bevrijdingsdag: false })).toMatchObject({ due: '2026-05-05', skipped: [] });
  });

  it('1 working day after Friday 23 December 2022 is Tuesday 27 December: Christmas on Sunday/Monday is skipped, with no substitute day', () => {
    const d = workingDays('2022-12-23', 1);
    expect(d.due).toBe('2022-12-27');
    expect(d.skipped).toEqual([
      { date: '2022-12-24', reason: 'zaterdag' },
      { date: '2022-12-25', reason: 'zondag (Eerste Kerstdag)' },
      { date: '2022-12-26', reason: 'Tweede Kerstdag' },
    ]);
  });

  it('Christmas 2027 falls on Saturday/Sunday: 1 working day after Thursday 23 December 2027 is Friday 24 December, 2 is Monday 27 December', () => {
    expect(workingDays('2027-12-23', 1)).toMatchObject({ due: '2027-12-24', skipped: [] });
    const d = workingDays('2027-12-23', 2);
    expect(d.due).toBe('2027-12-27');
    expect(d.skipped).toEqual([
      { date: '2027-12-25', reason: 'zaterdag (Eerste Kerstdag)' },
      { date: '2027-12-26', reason: 'zondag (Tweede Kerstdag)' },
    ]);
    expect(d.explanation).toBe(
      '2 werkdagen na donderdag 23 december 2027: uiterlijk maandag 27 december 2027 ' +
        '(overgeslagen: zaterdag 25 december 2027 Eerste Kerstdag, zondag 26 december 2027 Tweede Kerstdag)',
    );
  });

  it('a term across New Year skips Nieuwjaarsdag: 1 working day after Wednesday 31 December 2025 is Friday 2 January 2026', () => {
    expect(workingDays('2025-12-31', 1)).toMatchObject({ due: '2026-01-02', skipped: [{ date: '2026-01-01', reason: 'Nieuwjaarsdag' }] });
  });

  it('Hemelvaartsdag and Pinksteren 2026 are skipped', () => {
    expect(workingDays('2026-05-13', 1)).toMatchObject({ due: '2026-05-15', skipped: [{ date: '2026-05-14', reason: 'Hemelvaartsdag' }] });
    expect(workingDays('2026-05-22', 1).skipped).toEqual([
      { date: '2026-05-23', reason: 'zaterdag' },
      { date: '2026-05-24', reason: 'zondag (Eerste Pinksterdag)' },
      { date: '2026-05-25', reason: 'Tweede Pinksterdag' },
    ]);
  });

  it('when Hemelvaartsdag and Bevrijdingsdag coincide (5 May 2016) the day is skipped once, named after both', () => {
    const d = workingDays('2016-05-03', 3);
    expect(d).toMatchObject({ due: '2016-05-09' });
    expect(d.skipped[0]).toEqual({ date: '2016-05-05', reason: 'Bevrijdingsdag en Hemelvaartsdag' });
    expect(d.explanation).toBe('3 werkdagen na dinsdag 3 mei 2016: uiterlijk maandag 9 mei 2016 (overgeslagen: donderdag 5 mei 2016 Bevrijdingsdag en Hemelvaartsdag)');
  });

  it('addWorkingDays, subtractWorkingDays and workingDaysBetween agree with the worked example', () => {
    expect(addWorkingDays('2026-04-02', 5)).toBe('2026-04-13');
    expect(subtractWorkingDays('2026-04-13', 5)).toBe('2026-04-02');
    expect(workingDaysBetween('2026-04-02', '2026-04-13')).toBe(5);
    expect(workingDaysBetween('2026-04-13', '2026-04-02')).toBe(-5);
    expect(workingDaysBetween('2026-04-02', '2026-04-02')).toBe(0);
    expect(workingDaysBetween('2026-04-02', '2026-04-06')).toBe(0);
  });

  it('5 working days before Tuesday 28 April 2026 (a reminder) is Monday 20 April, skipping Koningsdag', () => {
    expect(subtractWorkingDays('2026-04-28', 5)).toBe('2026-04-20');
  });
});

describe('calendar-day terms', () => {
  it('10 days after Monday 2 March 2026 is Thursday 12 March 2026, a working day, so nothing is moved', () => {
    expect(days('2026-03-02', 10)).toMatchObject({
      due: '2026-03-12',
      skipped: [],
      explanation: '10 dagen na maandag 2 maart 2026: uiterlijk donderdag 12 maart 2026',
    });
  });

  it('non-working days before X+N are counted normally: 14 days after Thursday 2 April 2026 is Thursday 16 April, Easter is not skipped', () => {
    expect(days('2026-04-02', 14)).toMatchObject({ due: '2026-04-16', skipped: [] });
  });

  it('1 day after Friday 6 March 2026 falls on Saturday and moves to Monday 9 March; the plain weekend is not in the sentence', () => {
    expect(days('2026-03-06', 1)).toMatchObject({
      due: '2026-03-09',
      skipped: [{ date: '2026-03-07', reason: 'zaterdag' }, { date: '2026-03-08', reason: 'zondag' }],
      explanation: '1 dag na vrijdag 6 maart 2026 valt op zaterdag 7 maart 2026; verschoven naar de eerstvolgende werkdag: maandag 9 maart 2026',
    });
  });

  it('a calendar-day due date landing on a weekday holiday moves: 1 day after Thursday 31 December 2026 (Nieuwjaarsdag, Friday) is Monday 4 January 2027', () => {
    expect(days('2026-12-31', 1)).toMatchObject({
      due: '2027-01-04',
      skipped: [
        { date: '2027-01-01', reason: 'Nieuwjaarsdag' },
        { date: '2027-01-02', reason: 'zaterdag' },
        { date: '2027-01-03', reason: 'zondag' },
      ],
    });
  });

  it('N+1 calendar days can give the same due date as N (both Saturday and Sunday move to Monday), so days terms are only non-decreasing in N', () => {
    expect(days('2026-03-06', 1).due).toBe('2026-03-09');
    expect(days('2026-03-06', 2).due).toBe('2026-03-09');
  });
});

describe('fixed-date terms (a date in the contract, e.g. "vóór 1 april")', () => {
  const fixed = (date: string) => computeDeadline({ kind: 'date', n: 0, from: date });

  it('a fixed date on a working day is the last day itself', () => {
    expect(fixed('2027-03-31')).toMatchObject({ kind: 'date', n: 0, from: '2027-03-31', due: '2027-03-31', dueAt: '2027-03-31T21:59:59.999Z', skipped: [] });
    expect(fixed('2027-03-31').explanation).toBe('vaste datum woensdag 31 maart 2027: uiterlijk woensdag 31 maart 2027');
  });

  it('Atw art. 1: a fixed date on a Saturday moves over Sunday and Easter Monday (31 March 2029 → Tuesday 3 April 2029)', () => {
    expect(fixed('2029-03-31')).toMatchObject({
      due: '2029-04-03',
      skipped: [
        { date: '2029-03-31', reason: 'zaterdag' },
        { date: '2029-04-01', reason: 'zondag (Eerste Paasdag)' },
        { date: '2029-04-02', reason: 'Tweede Paasdag' },
      ],
    });
    expect(fixed('2029-03-31').explanation).toMatch(/^vaste datum zaterdag 31 maart 2029 is geen werkdag; verschoven naar de eerstvolgende werkdag: dinsdag 3 april 2029/);
  });

  it('Atw art. 3: 1 August on a Sunday moves to Monday; a fixed date never moves backwards', () => {
    expect(fixed('2027-08-01').due).toBe('2027-08-02');
    for (const d of ['2026-12-25', '2026-12-26', '2027-01-01', '2027-05-05']) expect(fixed(d).due >= d).toBe(true);
  });

  it('a fixed-date term has no length: any n but 0 is refused', () => {
    expect(() => computeDeadline({ kind: 'date', n: 5, from: '2027-03-31' })).toThrow(/n must be 0/);
  });
});
