// Verantwoording contractjaar (002 §3.2.2 Verantwoording). Pure xstate stepping and the pure engine, no Temporal:
// the generated cases from the definition, then the rules one by one (the fixed dates, the EUR 125,000 rule,
// the annual accounts on request, closing when complete).
import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type AnyMachineSnapshot, type SnapshotFrom } from 'xstate';
import { computeDeadline } from '../../calendar/index.ts';
import {
  accountability,
  accountabilityCaseId,
  accountabilityMachine,
  FIXED_DATE_REMINDERS,
  startSchema,
  type AccountabilityEvent,
  type AccountabilityStart,
} from '../../machines/accountabilityMachine.ts';
import { findProcedure, type AnyRole } from '../../machines/index.ts';
import { exploreMachine, exploreWithinAndAfterTerms, findDeadline, findUnhandledDeadlines, findUnresolvedDeadlinePaths, step, type EventSamples } from '../../machines/testing.ts';
import { startCase } from '../../workflows/engine.ts';
import { generatedDefinitionTests } from './generated.ts';

type Snapshot = SnapshotFrom<typeof accountabilityMachine>;

const AT = '2026-12-03T09:00:00.000Z';
const START = { provider: 'zorg-oost', year: 2026, revenue: 512_345.67 } as const;
const PRODUCTION = { date: '2027-03-01', reference: 'PV-2026', auditorStatement: true, boardStatement: true };

const SAMPLES: Record<string, { valid: Record<string, unknown>[]; broken: Record<string, unknown> }> = {
  'production.submitted': { valid: [PRODUCTION, { ...PRODUCTION, auditorStatement: false, produced: 100_000 }], broken: { ...PRODUCTION, boardStatement: false } },
  'productionTerm.expired': { valid: [{ deadline: 'productionTerm' }], broken: { deadline: 'wntTerm' } },
  'wnt.submitted': { valid: [{ date: '2027-06-01', withinNorms: true }], broken: { date: '2027-06-01', withinNorms: 'ja' } },
  'wntTerm.expired': { valid: [{ deadline: 'wntTerm' }], broken: { deadline: 'productionTerm' } },
  'annualAccounts.requested': { valid: [{ date: '2027-02-01' }], broken: { date: '2027-02-01', note: 'BSN 111222333' } },
  'annualAccounts.submitted': { valid: [{ date: '2027-03-01', reference: 'JR-2026' }], broken: { date: '2027-03-01' } },
  'accountability.closed': { valid: [{}], broken: { note: 'x' } },
};

const definition = accountability;
const EVENT_TYPES = Object.keys(definition.events);

function ev(type: string, payload: Record<string, unknown> = SAMPLES[type]!.valid[0]!, role?: AnyRole): AccountabilityEvent {
  const sender = role ?? definition.events[type]!.roles[0]!;
  return { type, payload, actor: { role: sender, userId: sender === 'system' ? 'system' : `u-${sender}` }, at: AT } as AccountabilityEvent;
}

const inputOf = (data: Partial<AccountabilityStart> = {}) => ({
  caseId: 'VJ-2026-zorg-oost',
  startedAt: AT,
  startedBy: { role: 'contractmanager' as const, userId: 'u-contractmanager' },
  data: startSchema.parse({ ...START, ...data }),
});
const start = (data: Partial<AccountabilityStart> = {}): Snapshot => initialTransition(accountabilityMachine, inputOf(data))[0];
const run = (snapshot: Snapshot, ...events: AccountabilityEvent[]): Snapshot => events.reduce((s, e) => step(accountabilityMachine, s, e) as Snapshot, snapshot);

const EVENT_SAMPLES: EventSamples = Object.fromEntries(EVENT_TYPES.map((type) => [type, SAMPLES[type]!.valid.map((payload) => ev(type, payload))]));
const KEY = (s: AnyMachineSnapshot) => JSON.stringify(s.value);
// Small revenue, so both production samples (with and without an auditor's statement) pass, and a large one so the guard is seen failing.
const EXPLORATION = exploreWithinAndAfterTerms(accountabilityMachine, EVENT_SAMPLES, (machine, samples) => {
  const small = exploreMachine(machine, { input: inputOf({ revenue: 100_000 }), samples, key: KEY });
  exploreMachine(machine, { input: inputOf(), samples, key: KEY });
  return small;
});

describe('accountability: generated from the definition', () => {
  it('is registered under its id', () => {
    expect(findProcedure('accountability')).toBe(accountability);
    expect(definition.title).toBe('Verantwoording contractjaar');
  });

  generatedDefinitionTests({
    definition,
    samples: SAMPLES,
    events: EVENT_SAMPLES,
    exploration: EXPLORATION,
    rule: { title: 'quoting 002 §3.2.2 Verantwoording', pattern: /^002 §3\.2\.2 Verantwoording/ },
    guardDescription: /^[a-z].{20,}/,
    openStatesWaitOnSomeone: true,
    otherSchemas: [['start data', startSchema, START, { ...START, revenue: -1 }]],
    unknownField: 'onbekend',
  });

  it('both fixed dates are handled when they pass, and always resolve from the context', () => {
    expect(findUnhandledDeadlines(EXPLORATION.withinTerms)).toEqual([]);
    expect(findUnresolvedDeadlinePaths(EXPLORATION.explored)).toEqual([]);
  });
});

describe('accountability: the rules of 002 §3.2.2 Verantwoording', () => {
  it('"voor 1 april van het jaar volgend op het jaar waarin Jeugdhulp geleverd is": a fixed date, last day 31 March of the next year, reminders towards it', () => {
    const { node, def } = findDeadline(accountabilityMachine, 'productionTerm');
    expect(node.id).toBe('accountability.open.production.awaiting');
    expect(def).toMatchObject({ kind: 'date', n: 0, startsFromContext: 'productionDueDate', waitingOn: ['aanbieder'], reminders: FIXED_DATE_REMINDERS });
    expect(start().context.productionDueDate).toBe('2027-03-31');
    expect(start({ year: 2028 }).context.productionDueDate).toBe('2029-03-31');
  });

  it('"voor 1 augustus van het jaar volgend op het jaar waarin de ondersteuning is geboden": last day 31 July of the next year', () => {
    const { def } = findDeadline(accountabilityMachine, 'wntTerm');
    expect(def).toMatchObject({ kind: 'date', n: 0, startsFromContext: 'wntDueDate' });
    expect(start().context.wntDueDate).toBe('2027-07-31');
  });

  it('Atw art. 1: a last day on a weekend day or holiday moves to the next working day (31 March 2029 → Tuesday 3 April, past Easter; 31 July 2027 → Monday 2 August)', () => {
    const rt = startCase(accountability, { caseId: 'VJ-2028-zorg-oost', procedureId: 'accountability', startedBy: { role: 'contractmanager', userId: 'anna' }, data: { ...START, year: 2028 } }, AT).rt;
    const production = rt.deadlines.find((d) => d.name === 'productionTerm')!;
    expect(production).toMatchObject({ kind: 'date', from: '2029-03-31', due: '2029-04-03', status: 'open' });
    expect(computeDeadline({ kind: 'date', n: 0, from: '2027-07-31' }).due).toBe('2027-08-02');
    const rt2026 = startCase(accountability, { caseId: 'VJ-2026-zorg-oost', procedureId: 'accountability', startedBy: { role: 'contractmanager', userId: 'anna' }, data: START }, AT).rt;
    expect(rt2026.deadlines.map((d) => [d.name, d.due])).toEqual([
      ['productionTerm', '2027-03-31'],
      ['wntTerm', '2027-08-02'],
    ]);
  });

  it('production accountability "voorzien van een controleverklaring van een accountant": refused without one at EUR 125,000 revenue', () => {
    const s = start({ revenue: 125_000 });
    expect(s.can(ev('production.submitted', { ...PRODUCTION, auditorStatement: false }))).toBe(false);
    expect(s.can(ev('production.submitted', PRODUCTION))).toBe(true);
  });

  it('"Indien de omzet minder dan € 125.000,- bedraagt [...] volstaat een [...] bestuursverklaring": at EUR 124,999.99 no auditor\'s statement is needed', () => {
    const s = start({ revenue: 124_999.99 });
    const after = run(s, ev('production.submitted', { ...PRODUCTION, auditorStatement: false }));
    expect(after.value).toMatchObject({ open: { production: 'received' } });
  });

  it('the board statement is always required ("verplicht om voor 1 april [...] een bestuursverklaring/eigen verklaring in te leveren")', () => {
    expect(startSchema.safeParse(START).success).toBe(true);
    expect(definition.events['production.submitted']!.schema.safeParse({ ...PRODUCTION, boardStatement: false }).success).toBe(false);
  });

  it('a missed 1 April marks the production overdue (the engine\'s expiry notice is the only mail); it can still be handed in', () => {
    const [, actions] = transition(accountabilityMachine, start(), ev('productionTerm.expired'));
    expect(actions.filter((a) => a.type === 'notify')).toEqual([]);
    const overdue = run(start(), ev('productionTerm.expired'));
    expect(overdue.value).toMatchObject({ open: { production: { awaiting: 'overdue' } } });
    expect(overdue.context.productionOverdue).toBe(true);
    expect(run(overdue, ev('production.submitted')).value).toMatchObject({ open: { production: 'received' } });
  });

  it('"Op verzoek van de opdrachtgever overlegt de jeugdhulpaanbieder de jaarrekening": only after a request', () => {
    const s = start();
    expect(s.can(ev('annualAccounts.submitted'))).toBe(false);
    const requested = run(s, ev('annualAccounts.requested'));
    expect(requested.value).toMatchObject({ open: { annualAccounts: 'requested' } });
    expect(run(requested, ev('annualAccounts.submitted')).value).toMatchObject({ open: { annualAccounts: 'received' } });
  });

  it('closes only when everything due is in: production, WNT and, when requested, the annual accounts', () => {
    const s = run(start(), ev('production.submitted'), ev('annualAccounts.requested'));
    expect(s.can(ev('accountability.closed'))).toBe(false);
    const withWnt = run(s, ev('wnt.submitted'));
    expect(withWnt.can(ev('accountability.closed'))).toBe(false);
    const done = run(withWnt, ev('annualAccounts.submitted'), ev('accountability.closed'));
    expect(done.value).toBe('closed');
    expect(done.status).toBe('done');
  });

  it('case ids are deterministic per provider and year (opening a year twice starts no duplicates)', () => {
    expect(accountabilityCaseId('zorg-oost', 2026)).toBe('VJ-2026-zorg-oost');
    expect(accountabilityCaseId('zorg-oost', 2026)).toBe(accountabilityCaseId('zorg-oost', 2026));
    expect(accountabilityCaseId('zorg-west', 2026)).not.toBe(accountabilityCaseId('zorg-oost', 2026));
  });
});
