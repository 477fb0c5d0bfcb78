// Afrekening contractjaar (002 §3.2.2 "Wijze van afrekening"). Pure xstate stepping, no Temporal: the generated
// cases from the definition, then the rules one by one. The computation itself is proved in
// settlementComputation.test.ts; here that the procedure records it, routes on it and decides on it.
import { describe, expect, it } from 'vitest';
import { initialTransition, type AnyMachineSnapshot, type SnapshotFrom } from 'xstate';
import { allStateNodes, exploreMachine, exploreWithinAndAfterTerms, step, type EventSamples } from '../../machines/testing.ts';
import { findProcedure, type AnyRole, type StateMeta } from '../../machines/index.ts';
import { checkSettlementStart, settlement, settlementMachine, startSchema, type SettlementEvent, type SettlementStart } from '../../machines/settlementMachine.ts';
import { generatedDefinitionTests } from './generated.ts';

type Snapshot = SnapshotFrom<typeof settlementMachine>;

const AT = '2027-05-03T09:00:00.000Z';
const START = { provider: 'zorg-oost', year: 2018 } as const;

const FIGURES_OK = { declared: 90_000, toDeclare: 10_000, produced: 95_000, claimsSettled: true };
const FIGURES_SHORT = { declared: 100_000, toDeclare: 0, produced: 90_000, claimsSettled: true };

const SAMPLES: Record<string, { valid: Record<string, unknown>[]; broken: Record<string, unknown> }> = {
  'figures.recorded': { valid: [FIGURES_OK, FIGURES_SHORT, { declared: 80_000, toDeclare: 20_000, produced: 104_000, claimsSettled: true, kpiInformationTimely: true }, { ...FIGURES_SHORT, kpiInformationTimely: false }], broken: { ...FIGURES_OK, declared: 10.005 } },
  'differenceStatement.submitted': {
    valid: [{ date: '2027-05-01', reference: 'BV-2018-01', explanation: 'Verantwoording van twee trajecten ontbrak' }],
    broken: { date: '2027-02-30', reference: 'BV-2018-01', explanation: 'Verantwoording van twee trajecten ontbrak' },
  },
  'settlement.agreed': { valid: [{}], broken: { note: 'x' } },
  'settlement.adjusted': { valid: [{ settled: 100_000, reason: 'Verschil verklaard door late declaraties' }], broken: { settled: -1, reason: 'Verschil verklaard door late declaraties' } },
  'repayment.received': { valid: [{ date: '2027-05-02', amount: 5_000 }, { date: '2027-05-02', amount: 20_000 }], broken: { date: '2027-05-02', amount: 'vijf' } },
};

const definition = settlement;
const EVENT_TYPES = Object.keys(definition.events);

function ev(type: string, payload: Record<string, unknown> = SAMPLES[type]!.valid[0]!, role?: AnyRole): SettlementEvent {
  const sender = role ?? definition.events[type]!.roles[0]!;
  return { type, payload, actor: { role: sender, userId: `u-${sender}` }, at: AT } as SettlementEvent;
}

const inputOf = (data: Partial<SettlementStart> = {}) => ({
  caseId: 'AFR-1',
  startedAt: AT,
  startedBy: { role: 'contractmanager' as const, userId: 'u-contractmanager' },
  data: startSchema.parse({ ...START, ...data }),
});
const start = (data: Partial<SettlementStart> = {}): Snapshot => initialTransition(settlementMachine, inputOf(data))[0];
const run = (snapshot: Snapshot, ...events: SettlementEvent[]): Snapshot => events.reduce((s, e) => step(settlementMachine, s, e) as Snapshot, snapshot);

const EVENT_SAMPLES: EventSamples = Object.fromEntries(EVENT_TYPES.map((type) => [type, SAMPLES[type]!.valid.map((payload) => ev(type, payload))]));
const KEY = (s: AnyMachineSnapshot) => {
  const c = s.context as Snapshot['context'];
  return JSON.stringify([s.value, c.figures?.producedCents ?? null, c.decision?.outcome ?? null, c.repayments.length > 0, c.differenceStatement !== undefined]);
};
const EXPLORATION = exploreWithinAndAfterTerms(settlementMachine, EVENT_SAMPLES, (machine, samples) => exploreMachine(machine, { input: inputOf({ year: 2019 }), samples, key: KEY }));

describe('settlement: generated from the definition', () => {
  it('is registered under its id, at the end of the registry', () => {
    expect(findProcedure('settlement')).toBe(settlement);
    expect(definition.title).toBe('Afrekening contractjaar');
    expect(definition.startRoles).toEqual(['contractmanager', 'contractbeheer']);
  });

  generatedDefinitionTests({
    definition,
    samples: SAMPLES,
    events: EVENT_SAMPLES,
    exploration: EXPLORATION,
    rule: { title: 'quoting 002 §3.2.2', pattern: /^002 §3\.2\.2/ },
    guardDescription: /^[a-z].{20,}/,
    openStatesWaitOnSomeone: true,
    otherSchemas: [['start data', startSchema, START, { ...START, year: 2017 }]],
    unknownField: 'onbekend',
  });

  it('no state has a term: the seed gives none for the settlement steps, so each names who must act', () => {
    for (const node of allStateNodes(settlementMachine)) expect((node.meta as StateMeta | undefined)?.deadlines ?? []).toEqual([]);
  });
});

describe('settlement: the rules of 002 §3.2.2 "Wijze van afrekening"', () => {
  it('Voorbeeld 2 in the case: declared € 100.000, produced € 95.000 → "dan rekenen wij €100.000,- af", the lines in the context', () => {
    const s = run(start(), ev('figures.recorded', FIGURES_OK));
    expect(s.value).toBe('awaitingDecision');
    expect(s.context.computation?.settledCents).toBe(10_000_000);
    expect(s.context.calculation?.title).toBe('Berekening afrekening contractjaar 2018');
    expect(s.context.calculation?.lines).toContain('Af te rekenen: € 100.000,00.');
  });

  it('stap 4: more declared than in the production accountability → the provider is asked for a board statement about the difference', () => {
    const s = run(start(), ev('figures.recorded', FIGURES_SHORT));
    expect(s.value).toBe('awaitingDifferenceStatement');
    expect((settlementMachine.getStateNodeById('settlement.awaitingDifferenceStatement').meta as StateMeta).waitingOn).toEqual(['aanbieder']);
    const s2 = run(s, ev('differenceStatement.submitted'));
    expect(s2.value).toBe('awaitingDecision');
    expect(s2.context.differenceStatement?.reference).toBe('BV-2018-01');
  });

  it('stap 4: "dan dient het verschil te worden terugbetaald": agreed at € 95.000 on € 100.000 declared → € 5.000 to repay, settled when received', () => {
    const s = run(start(), ev('figures.recorded', FIGURES_SHORT), ev('differenceStatement.submitted'), ev('settlement.agreed'));
    expect(s.value).toBe('awaitingRepayment');
    expect(s.context.decision).toMatchObject({ outcome: 'agreed', settledCents: 9_500_000, repaymentCents: 500_000 });
    expect(s.context.calculation?.lines.at(-1)).toBe('Terug te betalen: € 5.000,00.');
    const partial = run(s, ev('repayment.received', { date: '2027-05-02', amount: 3_000 }));
    expect(partial.value).toBe('awaitingRepayment');
    const done = run(partial, ev('repayment.received', { date: '2027-05-02', amount: 2_000 }));
    expect(done.value).toBe('settled');
  });

  it('"een korting die doorgevoerd kan worden": the contract manager may adjust, with a reason, and that amount decides the repayment', () => {
    const s = run(start(), ev('figures.recorded', FIGURES_SHORT), ev('differenceStatement.submitted'), ev('settlement.adjusted', { settled: 100_000, reason: 'Verschil verklaard door late declaraties' }));
    expect(s.value).toBe('settled');
    expect(s.context.decision).toMatchObject({ outcome: 'adjusted', settledCents: 10_000_000, repaymentCents: 0, reason: 'Verschil verklaard door late declaraties' });
    expect(s.context.calculation?.lines).toContain('Niets terug te betalen.');
  });

  it("from 2019 the 2,5% depends on the 4 KPI's: figures without that judgement are refused", () => {
    const s = start({ year: 2019 });
    expect(s.can(ev('figures.recorded', FIGURES_OK))).toBe(false);
    const withKpi = run(s, ev('figures.recorded', { ...FIGURES_OK, produced: 100_000, kpiInformationTimely: false }));
    expect(withKpi.context.computation?.settledCents).toBe(9_750_000);
    // 2018 needs no KPI judgement.
    expect(start().can(ev('figures.recorded', FIGURES_OK))).toBe(true);
  });

  it('"mits niet boven de productie-afspraken": the ceiling from the start caps production above the declared amount', () => {
    const s = run(start({ productionCeiling: 100_000 }), ev('figures.recorded', { declared: 100_000, toDeclare: 0, produced: 120_000, claimsSettled: true }));
    expect(s.context.computation?.settledCents).toBe(10_000_000);
  });

  it('stap 1: figures are recorded only once every claim is settled', () => {
    expect(definition.events['figures.recorded']!.schema.safeParse({ ...FIGURES_OK, claimsSettled: false }).success).toBe(false);
  });

  it('amounts are euros with at most two decimals (whole cents)', () => {
    const schema = definition.events['figures.recorded']!.schema;
    expect(schema.safeParse({ ...FIGURES_OK, declared: 0.29 }).success).toBe(true);
    expect(schema.safeParse({ ...FIGURES_OK, declared: 0.291 }).success).toBe(false);
    expect(run(start(), ev('figures.recorded', { ...FIGURES_OK, declared: 0.29, produced: 0.29 })).context.figures?.declaredCents).toBe(29);
  });

  it('a contract year is settled after it ended ("het jaar volgend op het jaar waarin Jeugdhulp geleverd is"), and rules exist from 2018', () => {
    const ctx = { startedBy: { role: 'contractmanager' as const, userId: 'u' }, today: '2027-05-03', settings: {} };
    expect(checkSettlementStart(startSchema.parse({ ...START, year: 2026 }), ctx)).toBeUndefined();
    expect(checkSettlementStart(startSchema.parse({ ...START, year: 2027 }), ctx)).toMatchObject({ field: 'year' });
    expect(startSchema.safeParse({ ...START, year: 2017 }).success).toBe(false);
  });
});
