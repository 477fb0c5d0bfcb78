// Social return (SROI), 002 §2.2.4: pure machine tests, no Temporal. The generated coverage (every state,
// refusal, guard both ways, schema, deadline) from the sample events below; then the pure law (the 2% by
// category and the EUR 50,000 boundary, the 125% fine in whole cents with worked numbers) and the rules one by
// one, including the SIRO warning letter this case proposes (the `automatic-letter` procedure).
import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type AnyMachineSnapshot, type SnapshotFrom } from 'xstate';
import { computeDeadline } from '../../calendar/index.ts';
import { automaticLetter, startSchema as letterStartSchema } from '../../machines/automaticLetterMachine.ts';
import { amsterdamDay } from '../../machines/dates.ts';
import { findProcedure, PROCEDURE_IDS } from '../../machines/index.ts';
import {
  ASSIGNMENTS,
  CONTACT_TERM_DAYS,
  EFFORT_ONLY_BELOW_CENTS,
  LATE_REGISTRATION_DAYS,
  checkAwardDate,
  eurosToCents,
  formatEuroCents,
  percentOfCents,
  sroi,
  sroiMachine,
  sroiObligation,
  sroiEvents,
  sroiSettlement,
  startSchema,
  type SroiEvent,
} from '../../machines/sroiMachine.ts';
import {
  allStateNodes,
  eventFactory,
  exploreMachine,
  exploreWithinAndAfterTerms,
  findDeadline,
  findUnhandledDeadlines,
  findUnresolvedDeadlinePaths,
  step,
  type EventSamples,
} from '../../machines/testing.ts';
import type { AnyRole, StateMeta } from '../../machines/types.ts';
import { startCase, stepEvent } from '../../workflows/engine.ts';
import { ProcedureError } from '../../workflows/errors.ts';
import { fieldNames, generatedDefinitionTests, PERSONAL_DATA } from './generated.ts';

type Snapshot = SnapshotFrom<typeof sroiMachine>;
const definition = sroi;
const machine = sroiMachine;
const AT = '2026-04-07T09:00:00.000Z';

/** Assignment B (result obligation), EUR 120,000 a year: 2% is EUR 2,400. */
const START = { provider: 'zorg-oost', assignment: 'B', yearlyContractValue: 120_000, awardDate: '2026-04-01', period: '2026' } as const;

const P = {
  contacted: { contactedOn: '2026-04-03', note: 'Gebeld met het coördinatiepunt; afspraak gepland' },
  contactedBeforeAward: { contactedOn: '2026-03-30' },
  agreements: { agreedOn: '2026-04-20', reference: 'SR-2026-017', summary: 'Twee leerwerkplekken en inkoop bij een sociale onderneming' },
  shortfall: { period: '2026-Q2', realisedPercent: 0.8, checkedOn: '2026-07-06' },
  noShortfall: { period: '2026-Q2', realisedPercent: 2.5, checkedOn: '2026-07-06' },
  letterStarted: { letterCaseId: 'BRF-2026-001' },
  realisation: { realisedAmount: 1_500.5, checkedOn: '2027-01-15', explanation: 'Realisatie volgens SIRO over het contractjaar' },
  realisationWithEffort: { realisedAmount: 1_500.5, effortJudgement: 'onvoldoende', checkedOn: '2027-01-15', explanation: 'Realisatie volgens SIRO over het contractjaar' },
};

const ev = eventFactory(definition, AT);
const as = (e: ReturnType<typeof ev>) => e as SroiEvent;

const SAMPLES: Record<string, { valid: Record<string, unknown>[]; broken: Record<string, unknown> }> = {
  'desk.contacted': { valid: [P.contacted, P.contactedBeforeAward], broken: { contactedOn: '2026-02-31' } },
  'contactTerm.expired': { valid: [{ deadline: 'contactTerm' }], broken: { deadline: 'anders' } },
  'agreements.recorded': { valid: [P.agreements], broken: { ...P.agreements, summary: 'BSN 111222333 betrokken bij de afspraak' } },
  'shortfall.reported': { valid: [P.shortfall, P.noShortfall], broken: { ...P.shortfall, period: '2026-Q5' } },
  'warningLetter.started': { valid: [P.letterStarted], broken: { letterCaseId: '111222333' } },
  'realisation.recorded': { valid: [P.realisation, P.realisationWithEffort], broken: { ...P.realisation, realisedAmount: 10.005 } },
};
const EVENT_SAMPLES: EventSamples = Object.fromEntries(Object.entries(SAMPLES).map(([type, s]) => [type, s.valid.map((payload) => ev(type, payload))]));

function inputOf(data: Record<string, unknown> = {}) {
  return { caseId: 'SROI-2026-001', startedAt: AT, startedBy: { role: 'contractmanager' as const, userId: 'cm-1' }, data: startSchema.parse({ ...START, ...data }) };
}
function start(data: Record<string, unknown> = {}): [Snapshot, Array<{ type: string; params?: unknown }>] {
  const [s, actions] = initialTransition(machine, inputOf(data));
  return [s, actions as Array<{ type: string; params?: unknown }>];
}
function run(s: Snapshot, ...events: ReturnType<typeof ev>[]): Snapshot {
  return events.reduce((acc, e) => step(machine, acc, as(e)) as Snapshot, s);
}
const KEY = (s: AnyMachineSnapshot) => {
  const c = s.context as Snapshot['context'];
  return JSON.stringify([
    s.value,
    c.contactOverdue,
    c.agreements.length > 0,
    Math.min(c.shortfallReports.length, 2),
    c.shortfallReports.some((r) => r.letterCaseId === undefined),
    c.shortfallReports.some((r) => r.letterCaseId !== undefined),
    c.assessment?.notMet ?? null,
  ]);
};
const EXPLORATION = exploreWithinAndAfterTerms(machine, EVENT_SAMPLES, (m, samples) => exploreMachine(m, { input: inputOf(), samples, key: KEY }));
const RUNNING = [ev('desk.contacted', P.contacted)];

// ---------------------------------------------------------------------------------------------

describe('sroi: generated from the definition', () => {
  it('is registered under its id, with its title and seed', () => {
    expect(PROCEDURE_IDS).toContain('sroi');
    expect(findProcedure('sroi')).toBe(sroi);
    expect(definition.title).toBe('Social return (SROI)');
    expect(definition.seed).toMatch(/^002 .*§2\.2\.4 SROI/);
    expect(definition.startRoles).toEqual(['contractmanager', 'contractbeheer']);
    expect(definition.startTermStartDates).toEqual(['awardDate']);
  });

  generatedDefinitionTests({
    definition,
    samples: SAMPLES,
    events: EVENT_SAMPLES,
    exploration: EXPLORATION,
    rule: { title: 'quoting 002 §2.2.4', pattern: /^002 §2\.2\.4/ },
    guardDescription: /\S{10}/,
    openStatesWaitOnSomeone: true,
    otherSchemas: [['start data', startSchema, START, { ...START, assignment: 'G' }]],
    unknownField: 'onbekend',
  });

  it('the contact term is its only deadline, its expiry is handled while it runs, and it always resolves', () => {
    expect(allStateNodes(machine).flatMap((n) => (n.meta as StateMeta | undefined)?.deadlines ?? [])).toHaveLength(1);
    expect(findUnhandledDeadlines(EXPLORATION.withinTerms)).toEqual([]);
    expect(findUnresolvedDeadlinePaths(EXPLORATION.explored)).toEqual([]);
  });

  it('no personal data: no such field in start data or payloads, none in the context', () => {
    const names = [startSchema, ...Object.values(definition.events).map((e) => e.schema)].flatMap(fieldNames);
    expect(names.filter((n) => PERSONAL_DATA.test(n))).toEqual([]);
    for (const { snapshot } of EXPLORATION.explored.states) expect(Object.keys(snapshot.context as object).filter((k) => PERSONAL_DATA.test(k))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('sroi: the 2% obligation by category (002 §2.2.4)', () => {
  it.each(['A', 'E', 'F'] as const)('assignment %s at or above EUR 50,000 a year: an effort obligation (inspanningsverplichting) of 2%', (assignment) => {
    expect(sroiObligation({ assignment, yearlyValueCents: eurosToCents(120_000) })).toMatchObject({ kind: 'inspanningsverplichting', percent: 2, amountCents: 240_000 });
  });

  it.each(['B', 'C', 'D'] as const)('assignment %s at or above EUR 50,000 a year: a result obligation (resultaatverplichting) of 2%', (assignment) => {
    expect(sroiObligation({ assignment, yearlyValueCents: eurosToCents(120_000) })).toMatchObject({ kind: 'resultaatverplichting', percent: 2, amountCents: 240_000 });
  });

  it.each(ASSIGNMENTS)('assignment %s below EUR 50,000 a year: only maximum effort ("maximale inspanning")', (assignment) => {
    const o = sroiObligation({ assignment, yearlyValueCents: EFFORT_ONLY_BELOW_CENTS - 1 });
    expect(o.kind).toBe('maximale-inspanning');
    expect(o.amountCents).toBe(100_000); // 2% of EUR 49,999.99 = EUR 999.9998 → EUR 1,000.00
    expect(o.rule).toContain('onder € 50.000');
  });

  it('the EUR 50,000 boundary: "onder € 50.000" is strict — EUR 49,999.99 is maximum effort, EUR 50,000.00 follows the category', () => {
    expect(EFFORT_ONLY_BELOW_CENTS).toBe(5_000_000);
    expect(sroiObligation({ assignment: 'B', yearlyValueCents: 4_999_999 }).kind).toBe('maximale-inspanning');
    expect(sroiObligation({ assignment: 'B', yearlyValueCents: 5_000_000 })).toMatchObject({ kind: 'resultaatverplichting', amountCents: 100_000 });
    expect(sroiObligation({ assignment: 'A', yearlyValueCents: 5_000_000 }).kind).toBe('inspanningsverplichting');
  });

  it('the case computes its obligation at start from the assignment and the yearly value in euros', () => {
    expect(start()[0].context.obligation).toMatchObject({ kind: 'resultaatverplichting', amountCents: 240_000 });
    expect(start({ assignment: 'E' })[0].context.obligation.kind).toBe('inspanningsverplichting');
    expect(start({ yearlyContractValue: 49_999.99 })[0].context).toMatchObject({ yearlyValueCents: 4_999_999, obligation: { kind: 'maximale-inspanning' } });
  });
});

describe('sroi: the fine of 125% of the outstanding amount, in whole euro cents (002 §2.2.4)', () => {
  it('worked example: result obligation of EUR 2,400.00, EUR 1,500.50 realised → EUR 899.50 outstanding, fine EUR 1,124.38 (1,124.375 rounded half up)', () => {
    const s = sroiSettlement({ obligation: { kind: 'resultaatverplichting', amountCents: 240_000 }, realisedCents: eurosToCents(1_500.5) });
    expect(s).toEqual({ shortfallCents: 89_950, notMet: true, fineCents: 112_438 });
    expect(formatEuroCents(s.fineCents)).toBe('€ 1.124,38');
  });

  it('worked example: EUR 10,000.00 asked, nothing realised → fine EUR 12,500.00', () => {
    expect(sroiSettlement({ obligation: { kind: 'resultaatverplichting', amountCents: 1_000_000 }, realisedCents: 0 })).toEqual({ shortfallCents: 1_000_000, notMet: true, fineCents: 1_250_000 });
  });

  it('no float drift: 0.1 + 0.2 style amounts stay exact (EUR 0.30 outstanding → EUR 0.38; EUR 0.01 → EUR 0.01)', () => {
    expect(eurosToCents(0.1 + 0.2)).toBe(30);
    expect(sroiSettlement({ obligation: { kind: 'resultaatverplichting', amountCents: 30 }, realisedCents: 0 }).fineCents).toBe(38); // 37.5 → 38
    expect(sroiSettlement({ obligation: { kind: 'resultaatverplichting', amountCents: 1 }, realisedCents: 0 }).fineCents).toBe(1); // 1.25 → 1
    expect(percentOfCents(4_999_999, 2)).toBe(100_000);
    expect(percentOfCents(123_456_789_01, 125)).toBe(15_432_098_626); // 15,432,098,626.25 → down
    expect(() => percentOfCents(1.5, 2)).toThrow(RangeError);
  });

  it('met or exceeded: nothing outstanding, no fine', () => {
    for (const realisedCents of [240_000, 300_000]) {
      expect(sroiSettlement({ obligation: { kind: 'resultaatverplichting', amountCents: 240_000 }, realisedCents })).toEqual({ shortfallCents: 0, notMet: false, fineCents: 0 });
    }
  });

  it('(keuze) an effort obligation is not met only when the effort was insufficient: the same shortfall, fine only then', () => {
    const obligation = { kind: 'inspanningsverplichting' as const, amountCents: 240_000 };
    expect(sroiSettlement({ obligation, realisedCents: 150_050, effortSufficient: true })).toEqual({ shortfallCents: 89_950, notMet: false, fineCents: 0 });
    expect(sroiSettlement({ obligation, realisedCents: 150_050, effortSufficient: false })).toEqual({ shortfallCents: 89_950, notMet: true, fineCents: 112_438 });
    expect(sroiSettlement({ obligation: { kind: 'maximale-inspanning', amountCents: 80_000 }, realisedCents: 0, effortSufficient: false }).fineCents).toBe(100_000);
  });

  it('amounts in euros take at most two decimals (EUR 10.005 is refused by the schema, naming the field)', () => {
    const r = sroiEvents['realisation.recorded'].schema.safeParse({ ...P.realisation, realisedAmount: 10.005 });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['realisedAmount']);
    expect(startSchema.safeParse({ ...START, yearlyContractValue: 0.07 }).success).toBe(true);
    expect(startSchema.safeParse({ ...START, yearlyContractValue: -1 }).success).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------

describe('sroi: the rules of the case (002 §2.2.4)', () => {
  it('contact with the Social Return desk within 7 calendar days after the award date, moved to the next working day (Atw)', () => {
    const { node, def } = findDeadline(machine, 'contactTerm');
    expect(node.id).toBe('sroi.awaitingDeskContact');
    expect(def).toMatchObject({ kind: 'days', n: CONTACT_TERM_DAYS, startsFromContext: 'awardDate', onExpiry: 'contactTerm.expired', waitingOn: ['aanbieder'] });
    expect(def.rule).toContain('Binnen zeven kalenderdagen na definitieve gunning');
    // Awarded Friday 24 April 2026: day 7 is Friday 1 May; awarded Monday 20 April: day 7 is Monday 27 April
    // (Koningsdag) → Tuesday 28 April.
    expect(computeDeadline({ kind: 'days', n: 7, from: '2026-04-24' }).due).toBe('2026-05-01');
    expect(computeDeadline({ kind: 'days', n: 7, from: '2026-04-20' }).due).toBe('2026-04-28');
    const [s, actions] = start();
    expect(s.value).toEqual({ awaitingDeskContact: 'pending' });
    expect(actions.filter((a) => a.type === 'notify').map((a) => a.params)).toEqual([{ template: 'sroi.awarded', to: ['aanbieder'] }]);
  });

  it('after the contact term the case is overdue (provider and contract manager told) and the contact can still be recorded', () => {
    const [s0] = start();
    const [s1, actions] = transition(machine, s0, as(ev('contactTerm.expired', { deadline: 'contactTerm' })));
    expect(actions.filter((a) => a.type === 'notify').map((a) => a.params)).toEqual([{ template: 'sroi.contactOverdue', to: ['aanbieder', 'contractmanager'] }]);
    expect(s1.value).toEqual({ awaitingDeskContact: 'overdue' });
    expect(s1.context.contactOverdue).toBe(true);
    const s2 = run(s1 as Snapshot, ...RUNNING);
    expect(s2.value).toBe('running');
    expect(s2.context.deskContact).toMatchObject({ contactedOn: '2026-04-03', recordedAs: 'aanbieder' });
  });

  it('a contact dated before the award or after today is refused with the guard naming the rule', () => {
    const [s] = start();
    expect(s.can(as(ev('desk.contacted', P.contactedBeforeAward)))).toBe(false);
    expect(s.can(as(ev('desk.contacted', { contactedOn: '2026-04-08' })))).toBe(false); // AT is 7 April 2026, 11:00 in Amsterdam
    expect(s.can(as(ev('desk.contacted', { contactedOn: '2026-04-07' })))).toBe(true);
    expect(amsterdamDay('2026-04-07T22:30:00.000Z')).toBe('2026-04-08'); // 00:30 on 8 April in Amsterdam (summer time)
    expect(amsterdamDay('2026-04-07T21:30:00.000Z')).toBe('2026-04-07');
  });

  it('the award date starts a term: no future date (engine) and no date whose term ended more than 28 days before registration (keuze)', () => {
    expect(checkAwardDate({ awardDate: '2026-04-01' }, { today: '2026-05-06' })).toBeUndefined(); // term ended 8 April: 28 days
    const refusal = checkAwardDate({ awardDate: '2026-04-01' }, { today: '2026-05-07' });
    expect(refusal).toMatchObject({ field: 'awardDate' });
    expect(refusal!.message).toContain('ligt te ver terug');
    expect(LATE_REGISTRATION_DAYS).toBe(28);
    // The engine refuses an award date after today before any workflow runs.
    const err = (() => {
      try {
        startCase(definition, { caseId: 'SROI-X', procedureId: 'sroi', startedBy: { role: 'contractmanager', userId: 'cm-1' }, data: { ...START, awardDate: '2026-04-08' } }, AT);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(ProcedureError);
    expect((err as ProcedureError).field).toContain('awardDate');
  });

  it('written agreements with the desk are recorded while the obligation runs', () => {
    const s = run(start()[0], ...RUNNING, ev('agreements.recorded', P.agreements));
    expect(s.value).toBe('running');
    expect(s.context.agreements).toEqual([{ ...P.agreements, recordedAt: AT }]);
  });

  it('a shortfall reported by the desk proposes the SIRO warning letter: automatic-letter start data, valid under that procedure, as an effect and in the case', () => {
    const s1 = run(start()[0], ...RUNNING);
    const s2 = run(s1, ev('shortfall.reported', P.shortfall));
    const report = s2.context.shortfallReports[0]!;
    const expected = { provider: 'zorg-oost', letter: 'siro-warning', data: { period: '2026-Q2', realisedPercent: 0.8, targetPercent: 2, checkedOn: '2026-07-06' } };
    expect(report.suggestedStart).toEqual({ procedure: 'automatic-letter', data: expected });
    expect(letterStartSchema.parse(report.suggestedStart.data)).toMatchObject(expected);
    expect(findProcedure(report.suggestedStart.procedure)).toBe(automaticLetter);
  });

  it('the shortfall step returns the effect offerWarningLetter with the prefilled start data and mails the contract manager', () => {
    const s1 = run(start()[0], ...RUNNING);
    const [, actions] = transition(machine, s1, as(ev('shortfall.reported', P.shortfall)));
    const offered = actions.find((a) => a.type === 'offerWarningLetter');
    expect(offered?.params).toEqual({ procedure: 'automatic-letter', data: { provider: 'zorg-oost', letter: 'siro-warning', data: { period: '2026-Q2', realisedPercent: 0.8, targetPercent: 2, checkedOn: '2026-07-06' } } });
    expect(actions.filter((a) => a.type === 'notify').map((a) => a.params)).toEqual([{ template: 'sroi.shortfallReported', to: ['contractmanager'] }]);
  });

  it('a realisation at or above 2% is not a shortfall: refused, nothing proposed', () => {
    const s1 = run(start()[0], ...RUNNING);
    expect(s1.can(as(ev('shortfall.reported', P.noShortfall)))).toBe(false);
    expect(s1.can(as(ev('shortfall.reported', { ...P.shortfall, realisedPercent: 2 })))).toBe(false);
  });

  it('the started warning letter is linked to the latest shortfall without a letter; a second link without a new shortfall is refused', () => {
    const s1 = run(start()[0], ...RUNNING);
    expect(s1.can(as(ev('warningLetter.started', P.letterStarted)))).toBe(false); // no shortfall yet
    const s2 = run(s1, ev('shortfall.reported', P.shortfall), ev('warningLetter.started', P.letterStarted));
    expect(s2.context.shortfallReports[0]).toMatchObject({ letterCaseId: 'BRF-2026-001', linkedAt: AT });
    expect(s2.can(as(ev('warningLetter.started', { letterCaseId: 'BRF-2026-002' })))).toBe(false);
    const s3 = run(s2, ev('shortfall.reported', { ...P.shortfall, period: '2026-Q3' }));
    expect(s3.can(as(ev('warningLetter.started', P.letterStarted)))).toBe(false); // the same letter twice
    expect(s3.can(as(ev('warningLetter.started', { letterCaseId: 'SROI-2026-001' })))).toBe(false); // this case itself
    const s4 = run(s3, ev('warningLetter.started', { letterCaseId: 'BRF-2026-002' }));
    expect(s4.context.shortfallReports.map((r) => r.letterCaseId)).toEqual(['BRF-2026-001', 'BRF-2026-002']);
  });

  it('at the end of the period the realisation is recorded and the fine computed: result obligation B, EUR 1,500.50 of EUR 2,400 → fine EUR 1,124.38', () => {
    const s = run(start()[0], ...RUNNING, ev('realisation.recorded', P.realisation));
    expect(s.status).toBe('done');
    expect(s.context.assessment).toMatchObject({ realisedCents: 150_050, shortfallCents: 89_950, notMet: true, fineCents: 112_438, assessedBy: 'contractmanager-1' });
  });

  it('an effort obligation needs the contract manager’s judgement of the effort; a result obligation takes none', () => {
    const result = run(start()[0], ...RUNNING);
    expect(result.can(as(ev('realisation.recorded', P.realisationWithEffort)))).toBe(false);
    const effort = run(start({ assignment: 'A' })[0], ...RUNNING);
    expect(effort.can(as(ev('realisation.recorded', P.realisation)))).toBe(false);
    const judged = run(effort, ev('realisation.recorded', { ...P.realisationWithEffort, effortJudgement: 'voldoende' }));
    expect(judged.context.assessment).toMatchObject({ shortfallCents: 89_950, notMet: false, fineCents: 0, effortSufficient: true });
  });

  it('the engine refuses what the machine would refuse, naming the guard, and leaves no trace (dry run)', () => {
    const started = startCase(definition, { caseId: 'SROI-E', procedureId: 'sroi', startedBy: { role: 'contractmanager', userId: 'cm-1' }, data: START }, AT);
    const actor = { role: 'aanbieder' as AnyRole, userId: 'p-1', organisation: 'zorg-oost' } as const;
    let err: unknown;
    try {
      stepEvent(started.rt, { type: 'desk.contacted', actor: actor as never, payload: P.contactedBeforeAward }, AT);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ProcedureError);
    expect((err as ProcedureError).code).toBe('GUARD_FAILED');
    expect((err as ProcedureError).message).toContain('op of na de datum van definitieve gunning en niet na vandaag');
    expect(started.rt.history.map((h) => h.type)).not.toContain('desk.contacted');
  });
});
