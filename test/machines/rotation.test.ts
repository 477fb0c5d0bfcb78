// Integrity rotation of contract managers (002 §2.3.2): the pure rules, on their boundaries.
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  addYears,
  COOLING_RULE,
  decideAssignment,
  decideEnd,
  firstDayAfterCooling,
  PAIR_RULE,
  reviewRotation,
  TERM_RULE,
  termStatus,
  type Assignment,
  type RotationState,
} from '../../machines/rotation.ts';

const pair = (provider: string, first: string, second: string, from: string, until?: string): Assignment[] => [
  { id: 1, userId: first, provider, position: 1, from, until },
  { id: 2, userId: second, provider, position: 2, from, until },
];
const state = (assignments: Assignment[] = [], employment: RotationState['employment'] = []): RotationState => ({ assignments, employment });

describe('002 §2.3.2 "werken in koppels van 2 contractmanagers (een 1e en 2e verantwoordelijke)"', () => {
  it('a provider without a pair gets a 1st and a 2nd at once: one person alone is refused', () => {
    const d = decideAssignment({ provider: 'aanb-1', first: 'cm-a', from: '2026-01-05' }, state(), '2026-01-05');
    expect(d.plan).toBeUndefined();
    expect(d.refusals[0]).toMatchObject({ kind: 'pair', field: 'second', rule: PAIR_RULE });
    expect(d.refusals[0]!.message).toContain('1e én de 2e');
    const ok = decideAssignment({ provider: 'aanb-1', first: 'cm-a', second: 'cm-b', from: '2026-01-05' }, state(), '2026-01-05');
    expect(ok.refusals).toEqual([]);
    expect(ok.plan!.adds.map((a) => [a.userId, a.position])).toEqual([['cm-a', 1], ['cm-b', 2]]);
  });

  it('replacing one of a pair ends the holder the day before; the other stays', () => {
    const d = decideAssignment({ provider: 'aanb-1', second: 'cm-c', from: '2026-03-01' }, state(pair('aanb-1', 'cm-a', 'cm-b', '2025-01-01')), '2026-03-01');
    expect(d.refusals).toEqual([]);
    expect(d.plan!.ends).toEqual([{ id: 2, until: '2026-02-28' }]);
    expect(d.plan!.adds).toEqual([{ userId: 'cm-c', provider: 'aanb-1', position: 2, from: '2026-03-01', until: undefined }]);
  });

  it('the 2nd cannot also become the 1st: a pair is two different people', () => {
    const d = decideAssignment({ provider: 'aanb-1', first: 'cm-b', from: '2026-03-01' }, state(pair('aanb-1', 'cm-a', 'cm-b', '2025-01-01')), '2026-03-01');
    expect(d.refusals[0]).toMatchObject({ kind: 'pair', field: 'first', userId: 'cm-b', rule: PAIR_RULE });
  });

  it('the pair ends only together; a provider without contract managers has nothing to end', () => {
    const s = state(pair('aanb-1', 'cm-a', 'cm-b', '2025-01-01'));
    expect(decideEnd({ provider: 'aanb-1', until: '2026-06-30', reason: 'contract beëindigd' }, s).plan!.ends).toEqual([
      { id: 1, until: '2026-06-30' },
      { id: 2, until: '2026-06-30' },
    ]);
    expect(decideEnd({ provider: 'aanb-2', until: '2026-06-30', reason: 'contract beëindigd' }, s).refusals[0]).toMatchObject({ kind: 'pair', field: 'provider' });
  });

  it('the review flags a provider left with one contract manager', () => {
    const one: Assignment[] = [{ id: 1, userId: 'cm-a', provider: 'aanb-1', position: 1, from: '2025-01-01' }];
    const r = reviewRotation(state(one), '2026-01-01');
    expect(r.violations).toMatchObject([{ kind: 'pair', provider: 'aanb-1', rule: PAIR_RULE }]);
    expect(reviewRotation(state(pair('aanb-1', 'cm-a', 'cm-b', '2025-01-01')), '2026-01-01').violations).toEqual([]);
  });
});

describe('002 §2.3.2 "gemaximeerd op 4 jaar ingaande bij de contractperiode 2018"', () => {
  it('exactly 4 years: from 1 January 2018 the last day is 31 December 2021; a day longer is refused', () => {
    expect(termStatus('cm-a', 'aanb-1', [{ from: '2018-01-01' }])!.lastDay).toBe('2021-12-31');
    const exact = decideAssignment({ provider: 'aanb-1', first: 'cm-a', second: 'cm-b', from: '2018-01-01', until: '2021-12-31' }, state(), '2018-01-01');
    expect(exact.refusals).toEqual([]);
    const longer = decideAssignment({ provider: 'aanb-1', first: 'cm-a', second: 'cm-b', from: '2018-01-01', until: '2022-01-01' }, state(), '2018-01-01');
    expect(longer.refusals.map((r) => [r.kind, r.field, r.userId, r.rule])).toEqual([
      ['term', 'until', 'cm-a', TERM_RULE],
      ['term', 'until', 'cm-b', TERM_RULE],
    ]);
    expect(longer.refusals[0]!.message).toContain('31 december 2021');
  });

  it('time before the contract period 2018 does not count', () => {
    expect(termStatus('cm-a', 'aanb-1', [{ from: '2015-06-01' }])!.lastDay).toBe('2021-12-31');
    expect(termStatus('cm-a', 'aanb-1', [{ from: '2015-06-01', until: '2017-12-31' }])).toBeUndefined();
  });

  it('leap days: a term from 29 February 2020 ends on 28 February 2024; one from 1 March 2020 on 29 February 2024', () => {
    expect(termStatus('cm-a', 'aanb-1', [{ from: '2020-02-29' }])!.lastDay).toBe('2024-02-28');
    expect(termStatus('cm-a', 'aanb-1', [{ from: '2020-03-01' }])!.lastDay).toBe('2024-02-29');
    expect(addYears('2096-02-29', 4)).toBe('2100-03-01');
  });

  it('1st and 2nd count together, and earlier periods shorten the term (a gap does not restart it)', () => {
    // 1 year as 1st, then 2nd without a gap: one run.
    expect(termStatus('cm-a', 'aanb-1', [{ from: '2018-01-01', until: '2018-12-31' }, { from: '2019-01-01' }])!.lastDay).toBe('2021-12-31');
    // 365 days in 2018, a gap, back in 2021: 4 years from 2021-01-01 (last day 2024-12-31, a leap year) minus 365 days.
    const t = termStatus('cm-a', 'aanb-1', [{ from: '2018-01-01', until: '2018-12-31' }, { from: '2021-01-01' }])!;
    expect(t.daysBefore).toBe(365);
    expect(t.lastDay).toBe('2024-01-01');
    // Someone who used the 4 years is refused on the provider again.
    const used: Assignment[] = [
      { id: 1, userId: 'cm-a', provider: 'aanb-1', position: 1, from: '2018-01-01', until: '2021-12-31' },
      { id: 2, userId: 'cm-b', provider: 'aanb-1', position: 2, from: '2018-01-01' },
      { id: 3, userId: 'cm-c', provider: 'aanb-1', position: 1, from: '2022-01-01' },
    ];
    const back = decideAssignment({ provider: 'aanb-1', first: 'cm-a', from: '2026-01-01' }, state(used), '2026-01-01');
    expect(back.refusals.find((r) => r.userId === 'cm-a')).toMatchObject({ kind: 'term', field: 'from', rule: TERM_RULE });
  });

  it('warns 3 months before the 4 years end, not a day earlier', () => {
    const s = state(pair('aanb-1', 'cm-a', 'cm-b', '2022-01-01'));
    expect(termStatus('cm-a', 'aanb-1', [{ from: '2022-01-01' }])!.warnFrom).toBe('2025-10-01');
    expect(reviewRotation(s, '2025-09-30').warnings).toEqual([]);
    const r = reviewRotation(s, '2025-10-01');
    expect(r.warnings.map((w) => [w.userId, w.kind])).toEqual([['cm-a', 'term'], ['cm-b', 'term']]);
    expect(r.warnings[0]!.message).toContain('31 december 2025');
    expect(reviewRotation(s, '2026-01-01').violations.map((v) => v.kind)).toEqual(['term', 'term']);
    expect(addMonths('2024-05-31', -3)).toBe('2024-02-29');
  });

  it('an assignment shows the warning when the staying partner is within 3 months of the end', () => {
    const d = decideAssignment({ provider: 'aanb-1', second: 'cm-c', from: '2025-11-01' }, state(pair('aanb-1', 'cm-a', 'cm-b', '2022-01-01')), '2025-11-01');
    expect(d.refusals).toEqual([]);
    expect(d.warnings.map((w) => w.userId)).toEqual(['cm-a']);
  });
});

describe('002 §2.3.2 "niet binnen een periode van 2 jaar na vertrek bij een Opdrachtnemer"', () => {
  const employment = [{ userId: 'cm-new', provider: 'aanb-1', leftOn: '2024-03-31' }];
  it('two years minus a day after leaving is refused; two years after is allowed', () => {
    expect(firstDayAfterCooling('2024-03-31')).toBe('2026-04-01');
    const early = decideAssignment({ provider: 'aanb-1', first: 'cm-new', second: 'cm-b', from: '2026-03-31' }, state([], employment), '2026-03-31');
    expect(early.refusals).toMatchObject([{ kind: 'cooling', field: 'first', userId: 'cm-new', rule: COOLING_RULE }]);
    expect(early.refusals[0]!.message).toContain('1 april 2026');
    const onTime = decideAssignment({ provider: 'aanb-1', first: 'cm-new', second: 'cm-b', from: '2026-04-01' }, state([], employment), '2026-04-01');
    expect(onTime.refusals).toEqual([]);
  });

  it('only the provider they left: another provider is allowed at once', () => {
    const d = decideAssignment({ provider: 'aanb-2', first: 'cm-new', second: 'cm-b', from: '2024-04-01' }, state([], employment), '2024-04-01');
    expect(d.refusals).toEqual([]);
  });

  it('leap day: leaving on 28 February 2024 allows an assignment from 1 March 2026', () => {
    expect(firstDayAfterCooling('2024-02-28')).toBe('2026-03-01');
    expect(firstDayAfterCooling('2024-02-29')).toBe('2026-03-01');
  });
});
