// Definitieve financiële afronding (002 §3.2.2 Wijze van afrekening): the five steps. Pure xstate stepping, no
// Temporal: the generated cases from the definition, then the steps of the seed one by one.
import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { finalSettlement, finalSettlementMachine, startSchema, type FinalSettlementEvent } from '../../machines/finalSettlementMachine.ts';
import { exploreMachine, exploreWithinAndAfterTerms, findUnhandledDeadlines, findUnresolvedDeadlinePaths, step, type EventSamples } from '../../machines/testing.ts';
import type { AnyRole, StateMeta } from '../../machines/types.ts';
import { generatedDefinitionTests } from './generated.ts';

type Snapshot = SnapshotFrom<typeof finalSettlementMachine>;
const AT = '2027-09-01T09:00:00.000Z';
const START = { provider: 'aanbieder-042', contractYear: 2026 };
const COMPARISON = { declared: 100_000, accounted: 95_000, accountabilityReference: 'PV-2026-042' };

const SAMPLES: Record<string, { valid: Record<string, unknown>[]; broken: Record<string, unknown> }> = {
  'declarations.settled': { valid: [{ date: '2027-09-01' }], broken: { date: '2027-09-31' } },
  'declarationsTarget.expired': { valid: [{ deadline: 'declarationsTarget' }], broken: { deadline: 'anders' } },
  'comparison.recorded': {
    valid: [COMPARISON, { ...COMPARISON, accounted: 100_000 }, { ...COMPARISON, accounted: 101_000.5 }],
    broken: { ...COMPARISON, declared: -1 },
  },
  'difference.discussed': { valid: [{ date: '2027-09-10', cause: 'Declaraties van december dubbel ingediend' }], broken: { date: '2027-09-10', cause: 'kort' } },
  'boardStatement.submitted': {
    valid: [
      { date: '2027-09-20', reference: 'BV-2026-042', mistakenlyOverDeclared: true },
      { date: '2027-09-20', reference: 'BV-2026-042', mistakenlyOverDeclared: false },
    ],
    broken: { date: '2027-09-20', reference: 'BV-2026-042' },
  },
  'repayment.received': {
    valid: [{ date: '2027-10-15', amount: 5000 }, { date: '2027-10-15', amount: 4999.99 }],
    broken: { date: '2027-10-15', amount: 10.001 },
  },
  'finalLetter.sent': { valid: [{ date: '2027-10-20', reference: 'BR-2026-042' }], broken: { date: '2027-10-20', reference: '' } },
};

const definition = finalSettlement;
const EVENT_TYPES = Object.keys(definition.events);
function ev(type: string, payload: Record<string, unknown> = SAMPLES[type]!.valid[0]!, role?: AnyRole): FinalSettlementEvent {
  const sender = role ?? definition.events[type]!.roles[0]!;
  return { type, payload, actor: { role: sender, userId: `u-${sender}` }, at: AT } as FinalSettlementEvent;
}
const INPUT = { caseId: 'DA-1', startedAt: AT, startedBy: { role: 'contractmanager' as const, userId: 'u-contractmanager' }, data: START };
const start = (): Snapshot => initialTransition(finalSettlementMachine, { ...INPUT, data: startSchema.parse(START) })[0];
const run = (s: Snapshot, ...events: FinalSettlementEvent[]) => events.reduce((x, e) => step(finalSettlementMachine, x, e) as Snapshot, s);

const EVENT_SAMPLES: EventSamples = Object.fromEntries(EVENT_TYPES.map((type) => [type, SAMPLES[type]!.valid.map((p) => ev(type, p))]));
const EXPLORATION = exploreWithinAndAfterTerms(finalSettlementMachine, EVENT_SAMPLES, (machine, samples) => exploreMachine(machine, { input: INPUT, samples }));

describe('final-settlement: generated from the definition', () => {
  it('is registered under its id with its title and start role', () => {
    expect(definition.id).toBe('final-settlement');
    expect(definition.title).toBe('Definitieve financiële afronding');
    expect(definition.startRoles).toEqual(['contractmanager']);
  });

  generatedDefinitionTests({
    definition,
    samples: SAMPLES,
    events: EVENT_SAMPLES,
    exploration: EXPLORATION,
    rule: { title: 'from 002 §3.2.2', pattern: /^002 §3\.2\.2/ },
    guardDescription: /\S{10}/,
    openStatesWaitOnSomeone: true,
    otherSchemas: [['start data', startSchema, START, { ...START, contractYear: 2014 }]],
    unknownField: 'unexpected',
  });

  it("every deadline's onExpiry is handled where it is declared while the term runs, and does something", () => {
    expect(findUnhandledDeadlines(EXPLORATION.withinTerms)).toEqual([]);
    expect(findUnresolvedDeadlinePaths(EXPLORATION.explored)).toEqual([]);
  });
});

describe('final-settlement: the five steps of 002 §3.2.2 "definitieve financiële afronding"', () => {
  it('stap 1 "uiterlijk in november van het daaropvolgende jaar": a fixed date (30 November of the next year); after it the step is overdue and can still be taken', () => {
    const s = start();
    expect(s.context.declarationsTargetDate).toBe('2027-11-30');
    const d = (finalSettlementMachine.root.states.declarations!.meta as StateMeta).deadlines![0]!;
    expect(d).toMatchObject({ kind: 'date', n: 0, startsFromContext: 'declarationsTargetDate', waitingOn: ['contractmanager', 'aanbieder'] });
    const [overdue, actions] = transition(finalSettlementMachine, s, ev('declarationsTarget.expired', { deadline: 'declarationsTarget' }, 'system'));
    expect(overdue.value).toEqual({ declarations: 'overdue' });
    expect(overdue.context.declarationsTargetPassed).toBe(true);
    expect(actions.filter((a) => a.type === 'notify').map((a) => a.params)).toEqual([{ template: 'declarations-target-passed', to: ['contractmanager', 'aanbieder'] }]);
    expect(run(overdue, ev('declarations.settled')).value).toBe('comparing');
  });

  it('stap 2–3: no difference goes straight to the letter; a difference is discussed first', () => {
    const compared = run(start(), ev('declarations.settled'));
    expect(run(compared, ev('comparison.recorded', { ...COMPARISON, accounted: 100_000 })).value).toBe('letter');
    const diff = run(compared, ev('comparison.recorded'));
    expect(diff.value).toBe('discussing');
    expect(diff.context.comparison?.difference).toBe(5000);
  });

  it('stap 4: declared more than accounted for → a board statement; declared less → no statement, the letter', () => {
    const over = run(start(), ev('declarations.settled'), ev('comparison.recorded'), ev('difference.discussed'));
    expect(over.value).toBe('boardStatement');
    const under = run(start(), ev('declarations.settled'), ev('comparison.recorded', { ...COMPARISON, accounted: 101_000.5 }), ev('difference.discussed'));
    expect(under.context.comparison?.difference).toBe(-1000.5);
    expect(under.value).toBe('letter');
  });

  it('stap 4: "abusievelijk te veel ... dan dient het verschil te worden terugbetaald": only the whole difference closes the repayment', () => {
    const statement = run(start(), ev('declarations.settled'), ev('comparison.recorded'), ev('difference.discussed'));
    const repaying = run(statement, ev('boardStatement.submitted'));
    expect(repaying.value).toBe('repayment');
    expect(repaying.can(ev('repayment.received', { date: '2027-10-15', amount: 4999.99 }))).toBe(false);
    expect(run(repaying, ev('repayment.received')).value).toBe('letter');
    expect(run(statement, ev('boardStatement.submitted', SAMPLES['boardStatement.submitted']!.valid[1]!)).value).toBe('letter');
  });

  it('stap 5: the letter closes the case and goes to the provider', () => {
    const letter = run(start(), ev('declarations.settled'), ev('comparison.recorded', { ...COMPARISON, accounted: 100_000 }));
    const [closed, actions] = transition(finalSettlementMachine, letter, ev('finalLetter.sent'));
    expect(closed.value).toBe('closed');
    expect(actions.filter((a) => a.type === 'notify').map((a) => a.params)).toEqual([{ template: 'final-letter-sent', to: ['aanbieder'] }]);
  });

  it('amounts are euros with at most 2 decimals, never negative', () => {
    const schema = definition.events['comparison.recorded']!.schema;
    expect(schema.safeParse({ ...COMPARISON, declared: 0.1 + 0.2 }).success).toBe(true);
    expect(schema.safeParse({ ...COMPARISON, declared: 10.001 }).success).toBe(false);
    expect(schema.safeParse({ ...COMPARISON, accounted: -5 }).success).toBe(false);
  });
});
