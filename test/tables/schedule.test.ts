// The year's schedule: four physical tables with monitoring in Q2 and Q4 (§3.3), a board table at least twice a year (§3.4).
import { describe, expect, it } from 'vitest';
import { checkYearSchedule, monitoringFor, quarterOf, tableSchema, type Table } from '../../tables/index.ts';

const physical = (q: 1 | 2 | 3 | 4, date: string): Table => ({ id: `FT-2026-Q${q}`, type: 'fysiek', scope: 'algemeen', quarter: q, date });
const board = (n: number, date: string): Table => ({ id: `BT-2026-${n}`, type: 'bestuurlijk', scope: 'algemeen', date });
const FULL_YEAR: Table[] = [physical(1, '2026-03-12'), physical(2, '2026-06-11'), physical(3, '2026-09-17'), physical(4, '2026-12-10'), board(1, '2026-05-20'), board(2, '2026-11-18')];

describe('monitoring at the physical table', () => {
  it('Q2 carries the half-year monitoring, Q4 the year monitoring, Q1 and Q3 none', () => {
    expect(FULL_YEAR.slice(0, 4).map((t) => monitoringFor(t))).toEqual([undefined, 'halfjaarmonitoring', undefined, 'jaarmonitoring']);
  });

  it('without a planned quarter the quarter of the date counts; the planned quarter wins when SOJ deviates', () => {
    expect(monitoringFor({ type: 'fysiek', scope: 'algemeen', date: '2026-05-04' })).toBe('halfjaarmonitoring');
    expect(monitoringFor({ type: 'fysiek', scope: 'algemeen', date: '2027-01-14', quarter: 4 })).toBe('jaarmonitoring');
  });

  it('digital, board and segment tables carry no overall monitoring', () => {
    expect(monitoringFor({ type: 'digitaal', scope: 'algemeen', date: '2026-06-01' })).toBeUndefined();
    expect(monitoringFor({ type: 'bestuurlijk', scope: 'algemeen', date: '2026-06-01' })).toBeUndefined();
    expect(monitoringFor({ type: 'fysiek', scope: 'segment', date: '2026-06-01' })).toBeUndefined();
  });

  it('the mapping is a choice that can be turned around', () => {
    expect(monitoringFor(physical(2, '2026-06-11'), { 2: 'jaarmonitoring', 4: 'halfjaarmonitoring' })).toBe('jaarmonitoring');
  });

  it('quarters of dates', () => {
    expect(['2026-01-01', '2026-03-31', '2026-04-01', '2026-09-30', '2026-10-01', '2026-12-31'].map(quarterOf)).toEqual([1, 1, 2, 3, 4, 4]);
  });
});

describe('year schedule', () => {
  it('four physical tables (Q1–Q4) and two board tables: no violations', () => {
    expect(checkYearSchedule(2026, FULL_YEAR)).toEqual([]);
  });

  it('one board table is a violation of "at least twice a year"', () => {
    const v = checkYearSchedule(2026, FULL_YEAR.filter((t) => t.id !== 'BT-2026-2'));
    expect(v.map((x) => x.code)).toEqual(['bestuurlijk-aantal']);
    expect(v[0]!.message).toBe('2026: 1 bestuurlijke ontwikkeltafel(s) gepland, tenminste twee per jaar vereist');
    expect(v[0]!.rule).toMatch(/^000\/001 §3\.4/);
  });

  it('a missing Q4 table is a violation twice: the count and the year monitoring', () => {
    const v = checkYearSchedule(2026, FULL_YEAR.filter((t) => t.id !== 'FT-2026-Q4'));
    expect(v.map((x) => x.code)).toEqual(['fysiek-aantal', 'fysiek-kwartaal-ontbreekt']);
    expect(v[1]!.message).toBe('2026: geen fysieke ontwikkeltafel in Q4, waar de jaarmonitoring altijd geagendeerd staat');
  });

  it('SOJ may deviate from the basic planning: two tables in Q1 and none in Q3 is fine', () => {
    const moved = FULL_YEAR.map((t) => (t.id === 'FT-2026-Q3' ? { ...t, quarter: 1 as const, date: '2026-02-12' } : t));
    expect(checkYearSchedule(2026, moved)).toEqual([]);
  });

  it('tables of other years and segment tables do not count', () => {
    const other = [...FULL_YEAR.map((t) => ({ ...t, date: t.date.replace('2026', '2025') })), { id: 'ST-1', type: 'fysiek' as const, scope: 'segment' as const, bijzonderDeel: 'jeugd-ggz', date: '2026-06-01' }];
    expect(checkYearSchedule(2026, other).map((x) => x.code)).toEqual(['fysiek-aantal', 'fysiek-kwartaal-ontbreekt', 'fysiek-kwartaal-ontbreekt', 'bestuurlijk-aantal']);
  });
});

describe('table schema', () => {
  it('a segment table names its Bijzonder Deel; only a physical table has a planned quarter', () => {
    expect(tableSchema.safeParse(physical(2, '2026-06-11')).success).toBe(true);
    expect(tableSchema.safeParse({ id: 'ST-1', type: 'digitaal', scope: 'segment', date: '2026-06-01' }).success).toBe(false);
    expect(tableSchema.safeParse({ id: 'ST-1', type: 'digitaal', scope: 'segment', bijzonderDeel: 'jeugd-ggz', date: '2026-06-01' }).success).toBe(true);
    expect(tableSchema.safeParse({ ...board(1, '2026-05-20'), quarter: 2 }).success).toBe(false);
    expect(tableSchema.safeParse({ ...board(1, '2026-02-30') }).success).toBe(false);
  });
});
