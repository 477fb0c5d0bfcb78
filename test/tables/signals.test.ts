// Signals go to the fitting table (000/001 §3.2 stap 3); providers may request a table on a topic or signal (stap 2a).
import { describe, expect, it } from 'vitest';
import { routeSignal, signalSchema, tableRequestSchema, tableSchema, type Signal, type Table } from '../../tables/index.ts';

const TABLES: Table[] = [
  { id: 'DT-ALG-2', type: 'digitaal', scope: 'algemeen', date: '2026-05-01' },
  { id: 'FT-2026-Q2', type: 'fysiek', scope: 'algemeen', quarter: 2, date: '2026-06-11' },
  { id: 'BT-2026-1', type: 'bestuurlijk', scope: 'algemeen', date: '2026-04-20' },
  { id: 'ST-GGZ-1', type: 'digitaal', scope: 'segment', bijzonderDeel: 'jeugd-ggz', date: '2026-05-15' },
  { id: 'ST-GGZ-2', type: 'fysiek', scope: 'segment', bijzonderDeel: 'jeugd-ggz', date: '2026-09-15' },
  { id: 'ST-VB-1', type: 'digitaal', scope: 'segment', bijzonderDeel: 'verblijf', date: '2026-04-02' },
];

const SIGNAL: Signal = {
  id: 'SIG-2026-014',
  kind: 'negatief',
  about: 'wijk',
  scope: 'algemeen',
  submittedBy: { role: 'gemeente', code: 'gemeente-dordrecht' },
  summary: 'Toename van wachttijden voor ambulante hulp in Dordrecht-West',
};

describe('signal routing', () => {
  it('a general signal goes to the earliest general digital or physical table, never the board table', () => {
    const r = routeSignal(SIGNAL, TABLES);
    expect(r.table?.id).toBe('DT-ALG-2');
    expect(r.reason).toBe('eerstvolgende algemene digitale of fysieke tafel: DT-ALG-2 (digitaal, 2026-05-01)');
    expect(routeSignal(SIGNAL, TABLES, { from: '2026-05-02' }).table?.id).toBe('FT-2026-Q2');
  });

  it('a segment signal goes to the table of that segment', () => {
    const ggz = { ...SIGNAL, scope: 'segment' as const, bijzonderDeel: 'jeugd-ggz' };
    expect(routeSignal(ggz, TABLES).table?.id).toBe('ST-GGZ-1');
    expect(routeSignal(ggz, TABLES, { from: '2026-06-01' }).table?.id).toBe('ST-GGZ-2');
    expect(routeSignal(ggz, TABLES).rule).toMatch(/§3\.2 stap 3\.1/);
  });

  it('no fitting table: no route, with the reason (a segment signal does not fall back to the general table)', () => {
    const r = routeSignal({ ...SIGNAL, scope: 'segment', bijzonderDeel: 'ambulant' }, TABLES);
    expect(r.table).toBeUndefined();
    expect(r.reason).toBe('geen segment-tafel van Bijzonder Deel ambulant gepland');
  });

  it('signals are positive, neutral or negative, name the submitting organisation, and a segment signal names its Bijzonder Deel', () => {
    expect(signalSchema.safeParse(SIGNAL).success).toBe(true);
    expect(signalSchema.safeParse({ ...SIGNAL, kind: 'dringend' }).success).toBe(false);
    expect(signalSchema.safeParse({ ...SIGNAL, scope: 'segment' }).success).toBe(false);
    expect(signalSchema.safeParse({ ...SIGNAL, submittedBy: { role: 'gemeente', code: 'Jan Jansen' } }).success).toBe(false);
    expect(signalSchema.safeParse({ ...SIGNAL, bsn: '111222333' }).success).toBe(false);
  });

  it('a signal about specific youths carries no BSN in its summary, and a table date is a real calendar date', () => {
    expect(signalSchema.safeParse({ ...SIGNAL, about: 'jeugdige-en-ouders', summary: 'Jeugdige 111-222-333 wacht al maanden' }).success).toBe(false);
    expect(signalSchema.safeParse({ ...SIGNAL, summary: 'x'.repeat(4001) }).success).toBe(false);
    expect(tableSchema.safeParse({ id: 'FT-2026-Q2', type: 'fysiek', scope: 'algemeen', date: '2026-02-30' }).success).toBe(false);
    expect(tableSchema.safeParse({ id: 'FT-2026-Q2', type: 'fysiek', scope: 'algemeen', date: '2026-06-11' }).success).toBe(true);
  });
});

describe('table request', () => {
  const REQUEST = {
    provider: 'aanbieder-042',
    topic: { kind: 'signaal', signalId: 'SIG-2026-014' },
    scope: 'algemeen',
    proposal: 'Graag een tafel over de oplopende wachttijden in Dordrecht-West',
  };

  it('a provider may request a table on a topic, or on a signal', () => {
    expect(tableRequestSchema.safeParse(REQUEST).success).toBe(true);
    expect(tableRequestSchema.safeParse({ ...REQUEST, topic: { kind: 'onderwerp', description: 'Inzet van ervaringsdeskundigen' } }).success).toBe(true);
    expect(tableRequestSchema.safeParse({ ...REQUEST, topic: { kind: 'signaal' } }).success).toBe(false);
    expect(tableRequestSchema.safeParse({ ...REQUEST, scope: 'segment' }).success).toBe(false);
    expect(tableRequestSchema.safeParse({ ...REQUEST, scope: 'segment', bijzonderDeel: 'jeugd-ggz', preferredType: 'fysiek' }).success).toBe(true);
    expect(tableRequestSchema.safeParse({ ...REQUEST, preferredType: 'bestuurlijk' }).success).toBe(false);
  });
});
