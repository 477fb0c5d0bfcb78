// Productieplafond (002 §3.2.1; art. 1.2.7 as quoted in §3.2.2). Pure xstate stepping, no engine, no Temporal.
// The first half is generated from the definition; the second proves the rules of the seed one by one.
import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type AnyMachineSnapshot, type SnapshotFrom } from 'xstate';
import {
  EIGHTY_PERCENT_RULE,
  isAtReportThreshold,
  maxCeilingEur,
  overproductionOf,
  productionCeiling,
  productionCeilingMachine,
  REPORT_TERM_WORKING_DAYS,
  startSchema,
  type ProductionCeilingEvent,
  type ProductionCeilingStart,
} from '../../machines/productionCeilingMachine.ts';
import { startSchema as escalationStartSchema } from '../../machines/escalationLadderMachine.ts';
import { activeStateNodes, allStateNodes, exploreMachine, explainRefusal, expiryEvent, exploreWithinAndAfterTerms, findUnhandledDeadlines, findUnresolvedDeadlinePaths, step, type EventSamples } from '../../machines/testing.ts';
import type { AnyRole, StateMeta } from '../../machines/types.ts';
import { generatedDefinitionTests } from './generated.ts';

type Snapshot = SnapshotFrom<typeof productionCeilingMachine>;

const AT = '2026-03-02T09:00:00.000Z';
const START: ProductionCeilingStart = { provider: 'aanbieder-042', assignment: 'opdracht-c', contractYear: 2026, ceilingEur: 1_000_000 };

const RAISE = {
  decision: 'verhogen',
  newCeilingEur: 1_150_000,
  trendAboveCeiling: true,
  budgetRoomInLot: true,
  confirmedInWritingOn: '2026-03-10',
  reason: 'Trendmatige groei van de productie en ruimte in het perceel',
};

const SAMPLES: Record<string, { valid: Record<string, unknown>[]; broken: Record<string, unknown> }> = {
  'usage.recorded': {
    valid: [
      { recordedOn: '2026-03-02', usedEur: 400_000, source: 'handmatig' },
      { recordedOn: '2026-03-02', usedEur: 800_000, source: 'facturatie' },
      { recordedOn: '2026-03-02', usedEur: 1_050_000, source: 'handmatig' },
    ],
    broken: { recordedOn: '2026-03-02', usedEur: 100.001, source: 'handmatig' },
  },
  'capacity.shortageNoted': {
    valid: [{ since: '2026-03-02', explanation: 'Wachtlijst gemeld door het lokale team' }],
    broken: { since: '2026-02-30', explanation: 'Wachtlijst gemeld door het lokale team' },
  },
  'report.submitted': {
    valid: [{ reason: 'uitnutting-80', reportedOn: '2026-03-03', explanation: 'Verwachte productie dit jaar 1,1 miljoen; wachtlijst van 12 weken' }],
    broken: { reason: 'vol', reportedOn: '2026-03-03', explanation: 'Verwachte productie dit jaar 1,1 miljoen' },
  },
  'reportTerm.expired': { valid: [{ deadline: 'reportTerm' }], broken: { deadline: 'anders' } },
  'decision.made': {
    valid: [
      RAISE,
      { ...RAISE, newCeilingEur: 1_150_000.01 },
      { decision: 'weigeren', reason: 'Geen budgettaire ruimte in het perceel' },
      { decision: 'maatregelen', measures: 'Nieuwe cliënten via een overbruggingsarrangement bij aanbieder-077', reason: 'Plafond blijft, zorg gaat door' },
    ],
    broken: { ...RAISE, budgetRoomInLot: false },
  },
  'overproduction.consented': {
    valid: [{ consentedOn: '2026-03-05', reference: 'GRJR/2026/123' }],
    broken: { consentedOn: '2026-03-05' },
  },
  'escalation.linked': {
    valid: [{ escalationCase: 'EL-2026-7', startedOn: '2026-03-12' }],
    broken: { escalationCase: 'x', startedOn: '2026-03-12' },
  },
  'escalation.waived': {
    valid: [{ reason: 'Aanbieder meldde mondeling op tijd; melding volgt alsnog' }],
    broken: { reason: 'kort' },
  },
  'year.closed': {
    valid: [
      { closedOn: '2026-12-31', realisedEur: 1_100_000 },
      { closedOn: '2026-12-31', realisedEur: 900_000 },
    ],
    broken: { closedOn: '2026-12-31', realisedEur: -1 },
  },
};

const definition = productionCeiling;
const EVENT_TYPES = Object.keys(definition.events);

function ev(type: string, payload: Record<string, unknown> = SAMPLES[type]!.valid[0]!, role?: AnyRole): ProductionCeilingEvent {
  const sender = role ?? definition.events[type]!.roles[0]!;
  return { type, payload, actor: { role: sender, userId: `u-${sender}` }, at: AT } as ProductionCeilingEvent;
}
const INPUT = { caseId: 'PP-1', startedAt: AT, startedBy: { role: 'contractmanager' as const, userId: 'u-contractmanager' }, data: START };
function start(data: Partial<ProductionCeilingStart> = {}): Snapshot {
  const [snapshot] = initialTransition(productionCeilingMachine, { ...INPUT, data: startSchema.parse({ ...START, ...data }) });
  return snapshot;
}
function run(snapshot: Snapshot, ...events: ProductionCeilingEvent[]): Snapshot {
  return events.reduce((s, e) => step(productionCeilingMachine, s, e) as Snapshot, snapshot);
}
const usage = (usedEur: number, recordedOn = '2026-03-02') => ev('usage.recorded', { recordedOn, usedEur, source: 'handmatig' });
const expired = ev('reportTerm.expired', { deadline: 'reportTerm' }, 'system');
const close = (realisedEur: number, closedOn = '2026-12-31') => ev('year.closed', { closedOn, realisedEur });

const EVENT_SAMPLES: EventSamples = Object.fromEntries(EVENT_TYPES.map((type) => [type, SAMPLES[type]!.valid.map((payload) => ev(type, payload))]));
/** Lists add nothing to explore beyond being empty or not. */
const KEY = (s: AnyMachineSnapshot) => {
  const ctx = s.context as Snapshot['context'];
  return JSON.stringify([s.value, { ...ctx, usage: ctx.usage.length > 0, reports: ctx.reports.some((r) => r.late), decisions: ctx.decisions.length > 0 }]);
};
const EXPLORATION = exploreWithinAndAfterTerms(productionCeilingMachine, EVENT_SAMPLES, (machine, samples) => exploreMachine(machine, { input: INPUT, samples, key: KEY }));
const { explored: EXPLORED, withinTerms: EXPLORED_WITHIN_TERMS } = EXPLORATION;
const STATE_NODES = allStateNodes(productionCeilingMachine).filter((n) => n !== productionCeilingMachine.root);

describe('production-ceiling: generated from the definition', () => {
  it('is registered under its id with its title, seed and start roles', () => {
    expect(definition.id).toBe('production-ceiling');
    expect(definition.title).toBe('Productieplafond');
    expect(definition.seed).toBe('002 Protocol contractmanagement GR Jeugdhulp Rijnmond, §3.2.1');
    expect(definition.startRoles).toEqual(['contractmanager', 'contractbeheer']);
  });

  generatedDefinitionTests({
    definition,
    samples: SAMPLES,
    events: EVENT_SAMPLES,
    exploration: EXPLORATION,
    rule: { title: 'from 002 §3.2.1', pattern: /^002 §3\.2\.1/ },
    guardDescription: /\S{10}/,
    openStatesWaitOnSomeone: true,
    otherSchemas: [['start data', startSchema, START, { ...START, assignment: 'opdracht-a' }]],
    unknownField: 'unexpected',
  });

  const deadlines = STATE_NODES.flatMap((node) => ((node.meta as StateMeta | undefined)?.deadlines ?? []).map((d) => [`${node.id}#${d.name}`, node, d] as const));

  it('declares the report term of 5 working days as its only deadline', () => {
    expect(deadlines.map(([key]) => key)).toEqual(['productionCeiling.reportDue#reportTerm']);
    expect(deadlines[0]![2]).toMatchObject({ kind: 'working-days', n: REPORT_TERM_WORKING_DAYS, startsFromContext: 'reportDue.since', waitingOn: ['aanbieder'] });
    expect(REPORT_TERM_WORKING_DAYS).toBe(5);
  });

  it("every deadline's onExpiry is handled where it is declared while the term runs, and does something", () => {
    expect(findUnhandledDeadlines(EXPLORED_WITHIN_TERMS)).toEqual([]);
    expect(findUnresolvedDeadlinePaths(EXPLORED)).toEqual([]);
  });

  it.each(deadlines)('deadline %s expires into a state that still shows it', (_key, node, d) => {
    const entering = EXPLORED_WITHIN_TERMS.states.filter((s) => activeStateNodes(s.snapshot).includes(node));
    expect(entering.length).toBeGreaterThan(0);
    for (const { snapshot } of entering) {
      const [next] = transition(productionCeilingMachine, snapshot, expiryEvent(d) as ProductionCeilingEvent);
      expect(activeStateNodes(next)).toContain(node);
    }
  });
});

describe('production-ceiling: the rules of 002 §3.2.1', () => {
  it('ceilings apply in opdracht B, C and E only ("In opdracht B, C en E worden productieplafonds gehanteerd")', () => {
    for (const assignment of ['opdracht-b', 'opdracht-c', 'opdracht-e']) expect(startSchema.safeParse({ ...START, assignment }).success).toBe(true);
    for (const assignment of ['opdracht-a', 'opdracht-d', 'A', 'C']) expect(startSchema.safeParse({ ...START, assignment }).success).toBe(false);
  });

  it('at 80% use of the ceiling in euros the provider must report within 5 working days, counted from the recorded date', () => {
    expect(isAtReportThreshold(799_999.99, 1_000_000)).toBe(false);
    expect(isAtReportThreshold(800_000, 1_000_000)).toBe(true);
    const below = run(start(), usage(799_999.99));
    expect(below.value).toBe('monitoring');
    expect(below.context.reportDue).toBeUndefined();
    const actions: { type: string; params?: unknown }[] = [];
    const at80 = step(productionCeilingMachine, below, usage(800_000, '2026-03-04'), actions) as Snapshot;
    expect(at80.value).toEqual({ reportDue: 'pending' });
    expect(at80.context.reportDue).toEqual({ reason: 'uitnutting-80', since: '2026-03-04' });
    expect(at80.context.usage.at(-1)!.percent).toBe(80);
    expect(actions.map((a) => ({ type: a.type, params: a.params }))).toContainEqual({ type: 'notify', params: { template: 'report-due', to: ['aanbieder'] } });
    const meta = at80.getMeta() as Record<string, StateMeta>;
    expect(meta['productionCeiling.reportDue']!.deadlines![0]!.rule).toBe(`${EIGHTY_PERCENT_RULE}; ${definition.events['capacity.shortageNoted']!.rule}`);
  });

  it('the 80% report is asked once per ceiling: later usage records do not ask again', () => {
    const s = run(start(), usage(800_000), ev('report.submitted'), ev('decision.made', { decision: 'weigeren', reason: 'Geen budgettaire ruimte in het perceel' }), usage(900_000));
    expect(s.value).toBe('monitoring');
    expect(s.context.usedEur).toBe(900_000);
  });

  it('when the provider has no capacity it reports within 5 working days as well', () => {
    const s = run(start(), ev('capacity.shortageNoted', { since: '2026-03-02', explanation: 'Wachtlijst gemeld door het lokale team' }));
    expect(s.value).toEqual({ reportDue: 'pending' });
    expect(s.context.reportDue).toEqual({ reason: 'geen-capaciteit', since: '2026-03-02' });
    const reported = run(s, ev('report.submitted', { reason: 'geen-capaciteit', reportedOn: '2026-03-03', explanation: 'Geen plek voor nieuwe cliënten tot mei' }));
    expect(reported.value).toBe('deciding');
    expect(reported.context.reports[0]!.late).toBe(false);
  });

  it('a provider may report on its own before anyone asks', () => {
    expect(run(start(), ev('report.submitted')).value).toBe('deciding');
  });

  it('a missed report is a signal for the escalation ladder: the contract manager is mailed and the case offers a linked escalation-ladder case', () => {
    const due = run(start(), usage(820_000, '2026-03-04'));
    const actions: { type: string; params?: unknown }[] = [];
    const overdue = step(productionCeilingMachine, due, expired, actions) as Snapshot;
    expect(overdue.value).toEqual({ reportDue: 'overdue' });
    expect(overdue.context.reportOverdue).toBe(true);
    expect(actions.map((a) => ({ type: a.type, params: a.params }))).toContainEqual({ type: 'notify', params: { template: 'report-overdue', to: ['contractmanager'] } });
    const suggested = overdue.context.suggestedEscalation!;
    expect(suggested).toMatchObject({ procedure: 'escalation-ladder', fromCase: 'PP-1', data: { provider: 'aanbieder-042', signal: { category: 'tijdigheid', receivedOn: '2026-03-02' } } });
    expect(suggested.data.signal.description).toMatch(/^Signaal uit zaak PP-1: geen melding binnen 5 werkdagen van 80% uitnutting/);
    // The suggestion is start data the escalation ladder accepts as it is.
    expect(escalationStartSchema.safeParse(suggested.data).success).toBe(true);
    // Starting the ladder is a person's act: the case number is linked back, once.
    const linked = run(overdue, ev('escalation.linked'));
    expect(linked.context.escalation).toMatchObject({ escalationCase: 'EL-2026-7' });
    expect(linked.can(ev('escalation.linked'))).toBe(false);
    // A late report is still taken, and recorded as late.
    const late = run(overdue, ev('report.submitted'));
    expect(late.value).toBe('deciding');
    expect(late.context.reports[0]!.late).toBe(true);
  });

  it('no escalation can be linked or waived without a missed report', () => {
    const s = start();
    expect(s.can(ev('escalation.linked'))).toBe(false);
    expect(explainRefusal(productionCeilingMachine, s, ev('escalation.linked')).blockingGuards).toEqual(['hasSuggestedEscalation']);
  });

  it('the contract manager may raise the ceiling by at most 15% a year, counted from the ceiling at the start of the year', () => {
    expect(maxCeilingEur(1_000_000)).toBe(1_150_000);
    const deciding = run(start(), usage(800_000), ev('report.submitted'));
    const tooMuch = ev('decision.made', { ...RAISE, newCeilingEur: 1_150_000.01 });
    expect(deciding.can(tooMuch)).toBe(false);
    expect(explainRefusal(productionCeilingMachine, deciding, tooMuch).blockingGuards).toEqual(['isRaiseWithinFifteenPercent']);
    const first = run(deciding, ev('decision.made', { ...RAISE, newCeilingEur: 1_100_000 }));
    expect(first.value).toBe('monitoring');
    expect(first.context.ceilingEur).toBe(1_100_000);
    // A second raise in the same year: the 15% counts from the initial ceiling, not the raised one.
    const again = run(first, ev('report.submitted'));
    expect(again.can(ev('decision.made', { ...RAISE, newCeilingEur: 1_200_000 }))).toBe(false);
    expect(run(again, ev('decision.made', RAISE)).context.ceilingEur).toBe(1_150_000);
  });

  it('a raise needs the trend above the ceiling, budget room in the lot and written confirmation (art. 1.2.7)', () => {
    const schema = definition.events['decision.made']!.schema;
    expect(schema.safeParse(RAISE).success).toBe(true);
    expect(schema.safeParse({ ...RAISE, trendAboveCeiling: false }).success).toBe(false);
    expect(schema.safeParse({ ...RAISE, budgetRoomInLot: false }).success).toBe(false);
    const { confirmedInWritingOn: _omitted, ...withoutLetter } = RAISE;
    expect(schema.safeParse(withoutLetter).success).toBe(false);
    // The fields of a raise belong to a raise only; measures to measures.
    expect(schema.safeParse({ decision: 'weigeren', newCeilingEur: 1_100_000, reason: 'Geen budgettaire ruimte in het perceel' }).success).toBe(false);
    expect(schema.safeParse({ decision: 'maatregelen', reason: 'Geen budgettaire ruimte in het perceel' }).success).toBe(false);
  });

  it('after a raise a new 80% of the raised ceiling asks a new report', () => {
    const raised = run(start(), usage(800_000), ev('report.submitted'), ev('decision.made', RAISE));
    expect(raised.context.eightyPercentSignalled).toBe(false);
    expect(run(raised, usage(919_999.99)).value).toBe('monitoring');
    expect(run(raised, usage(920_000)).value).toEqual({ reportDue: 'pending' });
  });

  it('overproduction without prior written consent is recorded as not payable', () => {
    const open = run(start(), usage(1_050_000, '2026-10-01'), ev('report.submitted'), ev('decision.made', { decision: 'weigeren', reason: 'Geen budgettaire ruimte in het perceel' }));
    const actions: { type: string; params?: unknown }[] = [];
    const s = step(productionCeilingMachine, open, close(1_100_000), actions) as Snapshot;
    expect(s.value).toBe('closed');
    expect(s.context.overproduction).toMatchObject({ amountEur: 100_000, payable: false, overrunOn: '2026-10-01' });
    // The dossier records it: the closing mail says the overproduction is not payable.
    expect(actions.filter((a) => a.type === 'notify').map((a) => a.params)).toEqual([{ template: 'overproduction-not-payable', to: ['aanbieder', 'contractmanager'] }]);
  });

  it('overproduction is payable only with written consent received before the overrun', () => {
    const consent = (consentedOn: string) => ev('overproduction.consented', { consentedOn, reference: 'GRJR/2026/123' });
    const before = run(start(), consent('2026-09-30'), usage(1_050_000, '2026-10-01'), ev('report.submitted'), ev('decision.made', { decision: 'weigeren', reason: 'Geen budgettaire ruimte in het perceel' }), close(1_100_000));
    expect(before.context.overproduction).toMatchObject({ amountEur: 100_000, payable: true });
    expect(before.value).toBe('closed');
    const after = run(start(), usage(1_050_000, '2026-10-01'), consent('2026-10-02'), ev('report.submitted'), ev('decision.made', { decision: 'weigeren', reason: 'Geen budgettaire ruimte in het perceel' }), close(1_100_000));
    expect(after.context.overproduction).toMatchObject({ payable: false });
    expect(after.context.overproduction!.ground).toMatch(/kwam na de overschrijding/);
    expect(overproductionOf({ realisedEur: 1_000_000, ceilingEur: 1_000_000, overrunOn: '2026-12-31' })).toBeUndefined();
  });

  it('production within a raised ceiling is no overproduction', () => {
    const s = run(start(), usage(800_000), ev('report.submitted'), ev('decision.made', RAISE), close(1_100_000));
    expect(s.context.overproduction).toBeUndefined();
  });
});
