import { beforeAll, describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import type { AnyMachineSnapshot } from 'xstate';
import { z } from 'zod';
import {
  DEADLINES,
  GROUNDS_REQUIRING_ESTABLISHMENT,
  NOTIFY_TEMPLATES,
  amsterdamDay,
  escalationLadder,
  escalationLadderMachine,
} from '../../machines/escalationLadderMachine.ts';
import type { EscalationContext, EscalationEvent, EscalationEventType } from '../../machines/escalationLadderMachine.ts';
import {
  allStateNodes,
  explainRefusal,
  exploreMachine,
  expiryEvent,
  findAcceptedWithoutTransition,
  findDefinitionGaps,
  findGuardsNotSeenBothWays,
  findUnhandledDeadlines,
  findUnreachedStateNodes,
  findUnresolvedDeadlinePaths,
  handledEventTypes,
  step,
  walk,
  withGuardRecorder,
} from '../../machines/testing.ts';
import type { EventSamples, Exploration } from '../../machines/testing.ts';
import { MAX_TEXT } from '../../machines/schemas.ts';
import type { Actor, EventDefinition, MachineInput, ProcedureEvent, StateMeta } from '../../machines/types.ts';
import type { EscalationStartData } from '../../machines/escalationLadderMachine.ts';

// ---------------------------------------------------------------------------------------------
// Fixtures

const cm1: Actor = { role: 'contractmanager', userId: 'cm-1' };
const cm2: Actor = { role: 'contractmanager', userId: 'cm-2' };
const provider: Actor = { role: 'aanbieder', userId: 'aanbieder-1' };
const directie: Actor = { role: 'opdrachtgever-besluit', userId: 'dir-1' };
const system: Actor = { role: 'system', userId: 'system' };
const AT = '2025-03-03T09:00:00.000Z';

const input: MachineInput<EscalationStartData> = {
  caseId: 'ESC-2025-001',
  startedAt: AT,
  startedBy: cm1,
  data: {
    provider: 'AGB-12345678',
    signal: { category: 'kwaliteit', description: 'Herhaalde klachten over de kwaliteit van begeleiding', receivedOn: '2025-02-27' },
  },
};

const ev = (type: EscalationEventType, payload: Record<string, unknown>, actor: Actor = cm1): ProcedureEvent => ({
  type,
  payload,
  actor,
  at: AT,
});

const notUrgent = { needed: false };
const urgent = { needed: true, reason: 'Veiligheid van cliënten direct in het geding' };
const why = 'Onderbouwing met voldoende tekst';

const E = {
  hearing: ev('hearing.recorded', {
    date: '2025-03-03',
    providerPosition: 'De aanbieder erkent de achterstand gedeeltelijk',
    findings: 'Dossieronderzoek bevestigt het signaal',
  }),
  /** A ground the seed does not qualify as "vastgesteld": its evidence suffices for rungs 5-7. */
  groundEvidence: ev('ground.recorded', {
    kind: 'ernstige-tekortkoming',
    type: 'structureel-uitvallen-continuiteit',
    evidence: 'Rapportage toegang: drie teams zonder begeleider, geen alternatief',
    established: false,
  }),
  /** Unsafety reported but not (yet) established by the IGJ or a municipal supervisor. */
  groundUnsafetyReported: ev('ground.recorded', {
    kind: 'ernstige-tekortkoming',
    type: 'onveiligheid-igj-of-toezichthouder',
    evidence: 'Melding bij de IGJ van 2025-02-20, kenmerk 123',
    established: false,
  }),
  groundFraudSuspected: ev('ground.recorded', {
    kind: 'fraude',
    type: 'oplichting',
    evidence: 'Facturen voor zorg die volgens cliënten niet is geleverd',
    established: false,
  }),
  groundUnsafetyEstablished: ev('ground.recorded', {
    kind: 'ernstige-tekortkoming',
    type: 'onveiligheid-igj-of-toezichthouder',
    evidence: 'Rapport IGJ van 2025-02-20, kenmerk 123: onveilige situatie vastgesteld',
    established: true,
  }),
  groundEstablished: ev('ground.recorded', {
    kind: 'fraude',
    type: 'valsheid-in-geschrifte',
    evidence: 'Accountantsonderzoek urenregistraties 2024',
    established: true,
  }),
  rung1: ev('rung.chosen', { rung: 1, reason: why, arrangements: 'Tweewekelijks gesprek met de teammanager' }),
  rung1Acute: ev('rung.chosen', {
    rung: 1,
    reason: why,
    arrangements: 'Wekelijks gesprek met de bestuurder',
    acuteRisk: { responseTermWorkingDays: 5, reason: 'Acuut risico voor de continuïteit' },
  }),
  rung2: ev('rung.chosen', { rung: 2, reason: why }),
  rung2Term: ev('rung.chosen', { rung: 2, reason: why, planTermWorkingDays: 20 }),
  rung3: ev('measure.proposed', {
    rung: 3,
    reason: why,
    urgent: notUrgent,
    shortcoming: 'Wachttijden structureel boven de norm',
    recoveryTermWorkingDays: 20,
    legalConsequences: 'Bij uitblijven van herstel is de aanbieder in verzuim',
  }),
  rung3Urgent: ev('measure.proposed', {
    rung: 3,
    reason: why,
    urgent,
    shortcoming: 'Onveilige situatie op de groep',
    recoveryTermWorkingDays: 5,
    legalConsequences: 'Bij uitblijven van herstel is de aanbieder in verzuim',
  }),
  rung4: ev('measure.proposed', { rung: 4, reason: why, urgent: notUrgent, scope: 'gedeeltelijk', percentage: 50 }),
  rung5: ev('measure.proposed', { rung: 5, reason: why, urgent: notUrgent, clientStop: true, transfer: false }),
  rung5Urgent: ev('measure.proposed', { rung: 5, reason: why, urgent, clientStop: true, transfer: true }),
  rung6Urgent: ev('measure.proposed', {
    rung: 6,
    reason: why,
    urgent: { needed: true, reason: 'Ter voorkoming van verdere fraude' },
    reclaimAmountEur: 12500,
  }),
  rung6: ev('measure.proposed', {
    rung: 6,
    reason: why,
    urgent: notUrgent,
    reclaimAmountEur: 12500,
    fine: { percentage: 5, regionalRevenueEur: 1_000_000, justification: 'Herhaalde onrechtmatige declaraties' },
  }),
  rung7NoExtension: ev('measure.proposed', { rung: 7, reason: why, urgent: notUrgent, form: 'geen-verlenging-optiejaren' }),
  rung7Dissolution: ev('measure.proposed', { rung: 7, reason: why, urgent, form: 'ontbinding-per-direct' }),
  approve: ev('measure.approved', { date: '2025-03-03', registeredLetter: { reference: 'RR 1234 5678 9NL' } }, cm2),
  approveWithoutLetter: ev('measure.approved', { date: '2025-03-03' }, cm2),
  approveSelf: ev('measure.approved', { date: '2025-03-03', registeredLetter: { reference: 'RR 1234 5678 9NL' } }, cm1),
  reject: ev('measure.rejected', { reason: 'Onvoldoende onderbouwd, eerst trede 2' }, cm2),
  rejectSelf: ev('measure.rejected', { reason: 'Onvoldoende onderbouwd, eerst trede 2' }, cm1),
  response: ev('response.submitted', { explanation: 'Personeelstekort door ziekte', recoveryMeasures: 'Inhuur van twee extra begeleiders' }, provider),
  plan: ev(
    'improvementPlan.submitted',
    { shortcomings: 'Wachttijden te lang', solutions: 'Extra capaciteit en triage', terms: 'Binnen drie maanden op norm' },
    provider,
  ),
  planApproved: ev('improvementPlan.assessed', { approved: true, reason: 'Plan is concreet en haalbaar' }),
  planRejected: ev('improvementPlan.assessed', { approved: false, reason: 'Termijnen ontbreken per actie' }),
  objection: ev('objection.filed', { grounds: 'De tekortkoming is al hersteld', disputesRung: false }, provider),
  objectionRung: ev('objection.filed', { grounds: 'Trede 3 is te zwaar, trede 2 past', disputesRung: true }, provider),
  objectionUpheld: ev('objection.decided', { objectionUpheld: true, reason: 'Het herstel was al aangetoond' }, cm2),
  objectionRejected: ev('objection.decided', { objectionUpheld: false, reason: 'Het herstel is niet aangetoond' }, directie),
  objectionRejectedByProposer: ev('objection.decided', { objectionUpheld: false, reason: 'Het herstel is niet aangetoond' }, cm1),
  meetingMaintained: ev('directorMeeting.held', { date: '2025-03-10', outcome: 'maatregel-gehandhaafd', notes: 'Partijen blijven van mening verschillen' }),
  meetingWithdrawn: ev(
    'directorMeeting.held',
    { date: '2025-03-10', outcome: 'maatregel-ingetrokken', notes: 'SDFL trekt de maatregel in' },
    directie,
  ),
  meetingOtherRung: ev('directorMeeting.held', { date: '2025-03-10', outcome: 'andere-trede', notes: 'Afgesproken: verbeterplan' }),
  recovered: ev('recovery.confirmed', { reason: 'Wachttijden weer binnen de norm' }),
  recoveryFailed: ev('recovery.failed', {
    reason: 'Wachttijden nog steeds boven de norm',
    providerStatement: { date: '2025-03-03', summary: 'Brief van de bestuurder: geen extra capaciteit, herstel niet haalbaar' },
  }),
  recoveryFailedStatementBeforeNotice: ev('recovery.failed', {
    reason: 'Wachttijden nog steeds boven de norm',
    providerStatement: { date: '2025-02-28', summary: 'Brief van de bestuurder: geen extra capaciteit, herstel niet haalbaar' },
  }),
  recoveryFailedStatementInFuture: ev('recovery.failed', {
    reason: 'Wachttijden nog steeds boven de norm',
    providerStatement: { date: '2025-03-05', summary: 'Brief van de bestuurder: geen extra capaciteit, herstel niet haalbaar' },
  }),
  closeRecovered: ev('case.closed', { outcome: 'hersteld', reason: 'De aanbieder heeft de tekortkoming hersteld' }),
  responseTermExpired: ev('responseTerm.expired', { deadline: 'responseTerm' }, system),
  planTermExpired: ev('planTerm.expired', { deadline: 'planTerm' }, system),
  objectionWindowExpired: ev('objectionWindow.expired', { deadline: 'objectionWindow' }, system),
  objectionDecisionExpired: ev('objectionDecision.expired', { deadline: 'objectionDecision' }, system),
  directorMeetingExpired: ev('directorMeeting.expired', { deadline: 'directorMeeting' }, system),
  recoveryTermExpired: ev('recoveryTerm.expired', { deadline: 'recoveryTerm' }, system),
} satisfies Record<string, ProcedureEvent>;

/** Valid samples per event type, several per type to explore every branch. */
const samples: Record<EscalationEventType, ProcedureEvent[]> = {
  'hearing.recorded': [E.hearing],
  'ground.recorded': [E.groundEvidence, E.groundUnsafetyReported, E.groundFraudSuspected, E.groundUnsafetyEstablished, E.groundEstablished],
  'rung.chosen': [E.rung1, E.rung1Acute, E.rung2, E.rung2Term],
  'measure.proposed': [E.rung3, E.rung3Urgent, E.rung4, E.rung5, E.rung5Urgent, E.rung6, E.rung6Urgent, E.rung7NoExtension, E.rung7Dissolution],
  'measure.approved': [E.approve, E.approveWithoutLetter, E.approveSelf],
  'measure.rejected': [E.reject, E.rejectSelf],
  'response.submitted': [E.response],
  'improvementPlan.submitted': [E.plan],
  'improvementPlan.assessed': [E.planApproved, E.planRejected],
  'objection.filed': [E.objection, E.objectionRung],
  'objection.decided': [E.objectionUpheld, E.objectionRejected, E.objectionRejectedByProposer],
  'directorMeeting.held': [E.meetingMaintained, E.meetingWithdrawn, E.meetingOtherRung],
  'recovery.confirmed': [E.recovered],
  'recovery.failed': [E.recoveryFailed, E.recoveryFailedStatementBeforeNotice, E.recoveryFailedStatementInFuture],
  'case.closed': [E.closeRecovered],
  'responseTerm.expired': [E.responseTermExpired],
  'planTerm.expired': [E.planTermExpired],
  'objectionWindow.expired': [E.objectionWindowExpired],
  'objectionDecision.expired': [E.objectionDecisionExpired],
  'directorMeeting.expired': [E.directorMeetingExpired],
  'recoveryTerm.expired': [E.recoveryTermExpired],
};

/** Per event type, payloads that must be refused by its schema (missing field, wrong enum, …). */
const invalidPayloads: Record<EscalationEventType, unknown[]> = {
  'hearing.recorded': [
    { date: '2025-03-03', providerPosition: 'Standpunt van de aanbieder' },
    { ...E.hearing.payload, date: '3 maart 2025' },
    { ...E.hearing.payload, findings: 'kort' },
    { ...E.hearing.payload, findings: 'x'.repeat(4001) },
    { ...E.hearing.payload, providerPosition: 'Standpunt over jeugdige met BSN 111.222.333' },
    { ...E.hearing.payload, date: '2025-02-29' },
  ],
  'ground.recorded': [
    { ...E.groundEvidence.payload, kind: 'misstand' },
    { ...E.groundEvidence.payload, kind: 'fraude' }, // type belongs to ernstige-tekortkoming
    { kind: 'fraude', type: 'oplichting', established: true },
  ],
  'rung.chosen': [
    { ...E.rung1.payload, rung: 3 },
    { rung: 1, reason: why },
    { ...E.rung1.payload, acuteRisk: { responseTermWorkingDays: 5 } }, // shortening without reason
    { ...E.rung1.payload, acuteRisk: { responseTermWorkingDays: 15, reason: 'Acuut risico voor cliënten' } },
    { ...E.rung2.payload, planTermWorkingDays: 0 },
    { ...E.rung2.payload, extra: true },
  ],
  'measure.proposed': [
    { ...E.rung3.payload, legalConsequences: undefined },
    { ...E.rung3.payload, recoveryTermWorkingDays: 0 },
    { ...E.rung3.payload, urgent: { needed: true } }, // urgency without reason
    { ...E.rung4.payload, percentage: undefined },
    { ...E.rung4.payload, scope: 'half' },
    { ...E.rung5.payload, clientStop: false, transfer: false },
    { rung: 6, reason: why, urgent: notUrgent },
    { ...E.rung6.payload, fine: { percentage: 6, regionalRevenueEur: 1_000_000, justification: 'Herhaalde onrechtmatige declaraties' } },
    { ...E.rung7NoExtension.payload, form: 'opzegging' },
    { ...E.rung7NoExtension.payload, rung: 8 },
  ],
  'measure.approved': [
    {},
    { date: '04-03-2025' },
    { date: '2025-02-31' }, // no such date
    { date: '9999-12-31' }, // beyond the calendar
    { ...E.approve.payload, registeredLetter: {} },
    { ...E.approve.payload, registeredLetter: { reference: 'x'.repeat(201) } },
    { ...E.approve.payload, note: 'x'.repeat(4001) },
    { ...E.approve.payload, note: 'BSN van de jeugdige: 111222333' },
  ],
  'measure.rejected': [{}, { reason: 'nee' }],
  'response.submitted': [{ explanation: 'Personeelstekort door ziekte' }],
  'improvementPlan.submitted': [{ shortcomings: 'Wachttijden te lang', solutions: 'Extra capaciteit en triage' }],
  'improvementPlan.assessed': [{ approved: 'ja', reason: 'Plan is concreet en haalbaar' }, { approved: true }],
  'objection.filed': [{ grounds: 'De tekortkoming is al hersteld' }],
  'objection.decided': [{ reason: 'Het herstel was al aangetoond' }],
  'directorMeeting.held': [{ ...E.meetingMaintained.payload, outcome: 'onbeslist' }, { date: '2025-03-10', outcome: 'andere-trede' }],
  'recovery.confirmed': [{}],
  'recovery.failed': [
    { reason: 'kort' },
    { reason: 'Wachttijden nog steeds boven de norm' }, // no written statement of the provider
    { ...E.recoveryFailed.payload, providerStatement: { date: '2025-03-03' } },
    { ...E.recoveryFailed.payload, providerStatement: { date: '2025-13-01', summary: 'Brief van de bestuurder' } },
  ],
  'case.closed': [{ ...E.closeRecovered.payload, outcome: 'opgelost' }, { outcome: 'hersteld' }],
  'responseTerm.expired': [{}, { deadline: 'responseTerm', extra: 1 }],
  'planTerm.expired': [{}],
  'objectionWindow.expired': [{}],
  'objectionDecision.expired': [{}, { deadline: 'nietBestaand' }],
  'directorMeeting.expired': [{}],
  'recoveryTerm.expired': [{}],
};

const ctx = (s: AnyMachineSnapshot) => s.context as EscalationContext;

/** Abstraction for the generated exploration: keeps exactly what the guards read. */
const key = (s: AnyMachineSnapshot): string => {
  const c = ctx(s);
  return JSON.stringify([
    s.value,
    s.status,
    c.hearings.length > 0,
    c.grounds.length > 0,
    c.grounds.some((g) => g.established),
    c.grounds.some((g) => g.established || !GROUNDS_REQUIRING_ESTABLISHMENT.includes(g.type)),
    c.currentRung,
    c.recoveryFailedAfterNotice,
    c.measure && [c.measure.rung, c.measure.proposal.urgent.needed, c.measure.suspended, c.measure.proposedBy.userId, c.measure.takenOn],
    c.objections.some((o) => o.status === 'pending'),
    c.proposal && [c.proposal.rung, c.proposal.proposal.urgent.needed, c.proposal.proposedBy.userId],
  ]);
};

const start = (): AnyMachineSnapshot => initialTransition(escalationLadderMachine, input)[0];
/** Pure transition without refusing (the engine would refuse first). */
const pureNext = (s: AnyMachineSnapshot, e: ProcedureEvent): AnyMachineSnapshot =>
  transition(escalationLadderMachine, s as never, e as EscalationEvent)[0];
const run = (...events: ProcedureEvent[]) => walk(escalationLadderMachine, input, events).snapshot;
const go = (s: AnyMachineSnapshot, e: ProcedureEvent) => step(escalationLadderMachine, s, e);
const blockingGuards = (s: AnyMachineSnapshot, e: ProcedureEvent) =>
  explainRefusal(escalationLadderMachine, s, e).blockingGuards;

const proposeAndApprove = (s: AnyMachineSnapshot, proposal: ProcedureEvent) => go(go(s, proposal), E.approve);

// ---------------------------------------------------------------------------------------------

describe('escalation ladder: generated coverage', () => {
  let exploration: Exploration;
  const recorder = withGuardRecorder(escalationLadderMachine);

  // The exploration takes about 5 s alone and can pass the default 10 s hook timeout on a loaded machine.
  beforeAll(() => {
    exploration = exploreMachine(recorder.machine, { input, samples: samples as EventSamples, key });
  }, 60_000);

  it('explores the whole abstract state space', () => {
    expect(exploration.truncated).toBe(false);
    expect(exploration.states.length).toBeGreaterThan(50);
  });

  it('every state node is reachable', () => {
    expect(findUnreachedStateNodes(exploration)).toEqual([]);
  });

  it('every event type is refused in every reachable state where it has no transition', () => {
    expect(findAcceptedWithoutTransition(exploration, samples as EventSamples)).toEqual([]);
    // and refusal really happens: e.g. nothing is accepted once the case is closed
    const closed = exploration.states.filter((s) => s.snapshot.status === 'done');
    expect(closed.length).toBeGreaterThan(0);
    for (const s of closed) {
      for (const e of Object.values(samples).flat()) expect(s.snapshot.can(e)).toBe(false);
    }
  });

  it('every event type is accepted in some reachable state', () => {
    const accepted = new Set(exploration.edges.map((e) => e.event.type));
    expect(Object.keys(samples).filter((t) => !accepted.has(t))).toEqual([]);
  });

  it('every guard is seen both passing and blocking', () => {
        expect(findGuardsNotSeenBothWays(recorder.outcomes, Object.keys(escalationLadder.guards))).toEqual([]);
  });

  it("every deadline's expiry event is handled in the state that declares it (never a silent no-op)", () => {
    expect(findUnhandledDeadlines(exploration)).toEqual([]);
  });

  it('every deadline state node declares an expiry event with a role-system engine event', () => {
    const declared = allStateNodes(escalationLadderMachine).flatMap(
      (n) => ((n.meta ?? {}) as StateMeta).deadlines ?? [],
    );
    expect(new Set(declared.map((d) => d.name))).toEqual(new Set(Object.keys(DEADLINES)));
    for (const d of declared) {
      const def = escalationLadder.events[d.onExpiry];
      expect(def?.roles).toEqual(['system']);
      expect(def?.schema.safeParse({ deadline: d.name }).success).toBe(true);
    }
  });

  it('the effect of a measure reacts to objection events only together with the objection procedure', () => {
    const objectionEvents = [...samples['objection.filed'], ...samples['objection.decided'], ...samples['directorMeeting.held']];
    const objectionRegion = (s: AnyMachineSnapshot) =>
      (s.value as { open?: { measureTaken?: { objection?: string } } }).open?.measureTaken?.objection;
    const problems: string[] = [];
    for (const state of exploration.states) {
      const before = objectionRegion(state.snapshot);
      if (before === undefined) continue;
      for (const e of objectionEvents) {
        if (!state.snapshot.can(e)) continue;
        const next = pureNext(state.snapshot, e);
        if (objectionRegion(next) === before) problems.push(`${e.type} in ${JSON.stringify(state.snapshot.value)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("every deadline's context paths resolve while its state is active", () => {
    expect(findUnresolvedDeadlinePaths(exploration)).toEqual([]);
  });

  it('the procedure tables match the machine (events, guards, state meta)', () => {
    expect(findDefinitionGaps(escalationLadder)).toEqual([]);
  });

  it('the engine receives only notify actions, with known templates and roles', () => {
    const { actions } = walk(escalationLadderMachine, input, [
      E.hearing,
      E.rung1,
      E.responseTermExpired,
      E.rung3,
      E.approve,
      E.objectionRung,
      E.directorMeetingExpired,
      E.meetingMaintained,
      E.recoveryTermExpired,
      E.rung4,
      E.approve,
      E.closeRecovered,
    ]);
    expect(actions.length).toBeGreaterThan(5);
    for (const a of actions) {
      expect(a.type).toBe('notify');
      const params = a.params as { template: string; to: string[] };
      expect(NOTIFY_TEMPLATES).toContain(params.template);
      expect(params.to.length).toBeGreaterThan(0);
    }
  });
});

describe('escalation ladder: payload schemas', () => {
  for (const [type, list] of Object.entries(samples) as Array<[EscalationEventType, ProcedureEvent[]]>) {
    const schema = escalationLadder.events[type]!.schema;
    it(`${type}: accepts the samples and refuses wrong payloads`, () => {
      for (const e of list) expect(schema.safeParse(e.payload).error).toBeUndefined();
      const invalid = invalidPayloads[type];
      expect(invalid.length).toBeGreaterThan(0);
      for (const p of invalid) expect(schema.safeParse(p).success, JSON.stringify(p)).toBe(false);
    });
    it(`${type}: schema converts to JSON Schema (forms)`, () => {
      expect(() => z.toJSONSchema(schema as z.ZodType, { unrepresentable: 'throw' })).not.toThrow();
    });
  }

  it('start data: provider code and signal with category, description and date', () => {
    const s = escalationLadder.startSchema;
    expect(s.safeParse(input.data).success).toBe(true);
    expect(s.safeParse({ ...input.data, provider: 'Jan de Vries' }).success).toBe(false);
    expect(s.safeParse({ ...input.data, signal: { ...input.data.signal, category: 'overig' } }).success).toBe(false);
    expect(s.safeParse({ provider: 'AGB-1' }).success).toBe(false);
    expect(() => z.toJSONSchema(s as z.ZodType, { unrepresentable: 'throw' })).not.toThrow();
  });

  it('every event has a Dutch label, roles, a seed rule and field descriptions', () => {
    for (const [type, def] of Object.entries(escalationLadder.events)) {
      expect(def.label.length, type).toBeGreaterThan(3);
      expect(def.roles.length, type).toBeGreaterThan(0);
      expect(def.rule, type).toMatch(/^00[23] /);
      const json = JSON.stringify(z.toJSONSchema(def.schema as z.ZodType));
      expect(json, type).toContain('"description"');
    }
  });

  it('every guard has a Dutch description and a seed rule', () => {
    for (const [name, g] of Object.entries(escalationLadder.guards)) {
      expect(g.description.length, name).toBeGreaterThan(10);
      expect(g.rule, name).toMatch(/^00[23] /);
    }
  });
});

describe('escalation ladder: principles', () => {
  it('starts in investigation and hearing, waiting on the contract manager', () => {
    const s = start();
    expect(s.value).toEqual({ open: 'investigation' });
    expect(s.getMeta()['escalationLadder.open.investigation']).toMatchObject({ waitingOn: ['contractmanager'] });
    expect(ctx(s).signal.category).toBe('kwaliteit');
    expect(ctx(s).provider).toBe('AGB-12345678');
  });

  it('no rung, measure or closing before investigation and hearing (wederhoor)', () => {
    const s = start();
    for (const e of [E.rung1, E.rung3, E.closeRecovered]) {
      expect(s.can(e)).toBe(false);
      expect(blockingGuards(s, e)).toContain('hasHearing');
    }
    const heard = go(s, E.hearing);
    for (const e of [E.rung1, E.rung3, E.closeRecovered]) expect(heard.can(e)).toBe(true);
  });

  it('a hearing may be recorded again later and is kept as a list', () => {
    const s = run(E.hearing, E.rung1, E.hearing);
    expect(ctx(s).hearings).toHaveLength(2);
    expect(s.value).toEqual({ open: { rung1: 'awaitingResponse' } });
  });

  it('the contract manager may start at a higher rung; the choice, its reason and the skipped rungs are recorded', () => {
    const s = run(E.hearing, E.rung2);
    expect(ctx(s).rungChoices).toEqual([
      { rung: 2, reason: why, fromRung: null, skipped: [1], via: 'rung.chosen', at: AT, by: cm1 },
    ]);
    expect(ctx(s).currentRung).toBe(2);
  });
});

describe('escalation ladder: rungs 1 and 2', () => {
  it('rung 1: the provider responds within 15 working days; then the case can be closed as recovered', () => {
    const rung1 = run(E.hearing, E.rung1);
    expect(ctx(rung1).rung1?.responseTermWorkingDays).toBe(15);
    expect(rung1.getMeta()['escalationLadder.open.rung1.awaitingResponse']).toMatchObject({
      waitingOn: ['aanbieder'],
      deadlines: [DEADLINES.responseTerm],
    });
    const responded = go(rung1, E.response);
    expect(responded.value).toEqual({ open: { rung1: 'responseReceived' } });
    expect(ctx(responded).responses[0]).toMatchObject({ late: false, by: provider });
    const closed = go(responded, E.closeRecovered);
    expect(closed.value).toBe('closed');
    expect(closed.status).toBe('done');
    expect(ctx(closed).outcome).toMatchObject({ outcome: 'hersteld', by: cm1 });
  });

  it('rung 1: a shorter response term for acute risks is recorded with its reason', () => {
    const s = run(E.hearing, E.rung1Acute);
    expect(ctx(s).rung1).toMatchObject({
      responseTermWorkingDays: 5,
      acuteRisk: { responseTermWorkingDays: 5, reason: 'Acuut risico voor de continuïteit' },
    });
  });

  it('rung 1: an expired response term is marked overdue and the contract manager is offered the next step', () => {
    const s = run(E.hearing, E.rung1, E.responseTermExpired);
    expect(s.value).toEqual({ open: { rung1: 'responseOverdue' } });
    expect(ctx(s).overdue).toEqual([{ deadline: 'responseTerm', expiredAt: AT, resolvedAt: null }]);
    for (const e of [E.rung1, E.rung2, E.rung3, E.closeRecovered]) expect(s.can(e)).toBe(true);
  });

  it('rung 1: a late response after expiry is still accepted and recorded as late', () => {
    const s = run(E.hearing, E.rung1, E.responseTermExpired, E.response);
    expect(s.value).toEqual({ open: { rung1: 'responseReceived' } });
    expect(ctx(s).responses[0]?.late).toBe(true);
    expect(ctx(s).overdue[0]?.resolvedAt).toBe(AT);
  });

  it('while a term runs the contract manager may only escalate to a higher rung', () => {
    const s = run(E.hearing, E.rung1);
    expect(s.can(E.rung1)).toBe(false);
    expect(blockingGuards(s, E.rung1)).toContain('isHigherRung');
    expect(go(s, E.rung2).value).toEqual({ open: { rung2: 'awaitingPlan' } });
    expect(go(s, E.rung3).value).toEqual({ open: 'measureProposed' });
  });

  it('rung 2: the plan term is the chosen one (default 15 working days)', () => {
    expect(ctx(run(E.hearing, E.rung2)).rung2?.planTermWorkingDays).toBe(15);
    expect(ctx(run(E.hearing, E.rung2Term)).rung2?.planTermWorkingDays).toBe(20);
  });

  it('rung 2: the improvement plan is submitted and assessed by the contract manager', () => {
    const submitted = run(E.hearing, E.rung2, E.plan);
    expect(submitted.value).toEqual({ open: { rung2: 'planSubmitted' } });
    const approved = go(submitted, E.planApproved);
    expect(approved.value).toEqual({ open: { rung2: 'planApproved' } });
    expect(ctx(approved).plans[0]?.assessment).toMatchObject({ approved: true, by: cm1 });
    const rejected = go(submitted, E.planRejected);
    expect(rejected.value).toEqual({ open: { rung2: 'planRejected' } });
    expect(rejected.can(E.rung2)).toBe(true);
    expect(rejected.can(E.rung3)).toBe(true);
  });

  it('rung 2: an expired plan term is marked overdue; a late plan is still accepted', () => {
    const overdue = run(E.hearing, E.rung2, E.planTermExpired);
    expect(overdue.value).toEqual({ open: { rung2: 'planOverdue' } });
    expect(ctx(overdue).overdue).toEqual([{ deadline: 'planTerm', expiredAt: AT, resolvedAt: null }]);
    const late = go(overdue, E.plan);
    expect(ctx(late).plans[0]?.late).toBe(true);
    expect(ctx(late).overdue[0]?.resolvedAt).toBe(AT);
  });
});

describe('escalation ladder: formal measures (rungs 3-7)', () => {
  it('a measure at rung 3 or higher needs a second contract manager (four-eyes)', () => {
    const proposed = run(E.hearing, E.rung3);
    expect(proposed.value).toEqual({ open: 'measureProposed' });
    expect(proposed.getMeta()['escalationLadder.open.measureProposed']).toMatchObject({ fourEyes: true });
    expect(escalationLadder.events['measure.approved']?.fourEyesApproval).toBe(true);
    expect(ctx(proposed).proposal).toMatchObject({ rung: 3, status: 'proposed', proposedBy: cm1 });
    expect(ctx(proposed).currentRung).toBeNull();
    const taken = go(proposed, E.approve);
    expect(ctx(taken).measure).toMatchObject({ rung: 3, status: 'approved', approvedBy: cm2, takenOn: '2025-03-03' });
    expect(ctx(taken).currentRung).toBe(3);
  });

  it('four-eyes: the proposer can neither approve nor reject his own measure', () => {
    const proposed = run(E.hearing, E.rung3);
    for (const e of [E.approveSelf, E.rejectSelf]) {
      expect(proposed.can(e)).toBe(false);
      expect(blockingGuards(proposed, e)).toEqual(['isOtherContractManager']);
    }
  });

  it('a measure rejected by the second contract manager returns to choosing, recorded as rejected', () => {
    const s = run(E.hearing, E.rung1, E.responseTermExpired, E.rung3, E.reject);
    expect(s.value).toEqual({ open: 'choosing' });
    expect(ctx(s).measures[0]).toMatchObject({ status: 'rejected', rejectedBy: cm2 });
    expect(ctx(s).currentRung).toBe(1);
  });

  it('main path: rung 1 expired, notice of default approved, no objection, recovery failed, then payment suspension', () => {
    let s = run(E.hearing, E.rung1, E.responseTermExpired, E.rung3);
    expect(ctx(s).rungChoices[1]).toMatchObject({ rung: 3, fromRung: 1, skipped: [2], via: 'measure.proposed' });
    s = go(s, E.approve);
    expect(s.value).toEqual({
      open: { measureTaken: { objection: 'window', effect: 'recoveryRunning', escalation: 'idle' } },
    });
    const metas = s.getMeta();
    expect(metas['escalationLadder.open.measureTaken.objection.window']?.deadlines).toEqual([DEADLINES.objectionWindow]);
    expect(metas['escalationLadder.open.measureTaken.effect.recoveryRunning']?.deadlines).toEqual([DEADLINES.recoveryTerm]);
    expect(ctx(s).measure?.recoveryTermWorkingDays).toBe(20);
    // rung 4 only after failed recovery
    expect(s.can(E.rung4)).toBe(false);
    expect(blockingGuards(s, E.rung4)).toContain('hasFailedRecoveryAfterNotice');
    s = go(s, E.objectionWindowExpired);
    expect(s.value).toMatchObject({ open: { measureTaken: { objection: 'done' } } });
    expect(ctx(s).measure?.objectionWindowExpiredAt).toBe(AT);
    s = go(s, E.recoveryFailed);
    expect(s.value).toMatchObject({ open: { measureTaken: { effect: 'recoveryFailed' } } });
    expect(ctx(s).recoveryFailedAfterNotice).toBe(true);
    s = go(s, E.rung4);
    expect(s.value).toMatchObject({ open: { measureTaken: { escalation: 'proposed' } } });
    expect(s.can(E.approveSelf)).toBe(false);
    s = go(s, E.approve);
    expect(s.value).toEqual({ open: { measureTaken: { objection: 'window', effect: 'inForce', escalation: 'idle' } } });
    expect(ctx(s).measure).toMatchObject({ rung: 4, status: 'approved' });
    expect(ctx(s).measures.map((m) => m.status)).toEqual(['superseded', 'approved']);
    expect(ctx(s).currentRung).toBe(4);
  });

  it('an expired recovery term counts as failed recovery, marked overdue, and enables rung 4', () => {
    const s = run(E.hearing, E.rung3, E.approve, E.recoveryTermExpired);
    expect(s.value).toMatchObject({ open: { measureTaken: { effect: 'recoveryFailed' } } });
    expect(ctx(s).overdue).toEqual([{ deadline: 'recoveryTerm', expiredAt: AT, resolvedAt: null }]);
    expect(ctx(s).measure?.recovery).toBe('failed');
    expect(s.can(E.rung4)).toBe(true);
  });

  it('confirmed recovery after a notice of default ends in "herstel bevestigd"; the case closes as recovered', () => {
    const s = run(E.hearing, E.rung3, E.approve, E.recovered);
    expect(s.value).toMatchObject({ open: { measureTaken: { effect: 'recovered' } } });
    expect(s.can(E.rung4)).toBe(false);
    expect(go(s, E.closeRecovered).value).toBe('closed');
  });

  it('rungs 5-7 need a recorded ground with evidence; skipping straight to rung 5 is then allowed', () => {
    const heard = run(E.hearing);
    for (const e of [E.rung5, E.rung6, E.rung7NoExtension]) {
      expect(heard.can(e)).toBe(false);
      expect(blockingGuards(heard, e)).toContain('hasEvidenceGround');
    }
    let s = go(heard, E.groundEvidence);
    s = go(s, E.rung5);
    expect(ctx(s).rungChoices[0]).toMatchObject({ rung: 5, skipped: [1, 2, 3, 4] });
    s = go(s, E.approve);
    expect(s.value).toEqual({ open: { measureTaken: { objection: 'window', effect: 'inForce', escalation: 'idle' } } });
    expect(ctx(s).measure?.proposal).toMatchObject({ rung: 5, clientStop: true, transfer: false });
  });

  it('rung 7 immediate dissolution is refused without an established ground of fraud or serious misconduct', () => {
    const withEvidence = run(E.hearing, E.groundEvidence);
    expect(withEvidence.can(E.rung7Dissolution)).toBe(false);
    expect(blockingGuards(withEvidence, E.rung7Dissolution)).toEqual(['hasEstablishedGround']);
    expect(withEvidence.can(E.rung7NoExtension)).toBe(true);
    const established = go(withEvidence, E.groundEstablished);
    expect(established.can(E.rung7Dissolution)).toBe(true);
  });

  it('while a measure is in force the contract manager may escalate only to a higher rung, with the same guards', () => {
    const s = run(E.hearing, E.groundEvidence, E.rung5, E.approve);
    expect(s.can(E.rung3)).toBe(false);
    expect(blockingGuards(s, E.rung3)).toContain('isHigherRung');
    expect(s.can(E.rung4)).toBe(false);
    expect(s.can(E.rung1)).toBe(false);
    expect(s.can(E.rung6)).toBe(true);
    expect(s.can(E.rung7Dissolution)).toBe(false);
  });

  it('a rejected escalation leaves the measure in force with its running terms', () => {
    const taken = run(E.hearing, E.groundEvidence, E.rung5, E.approve);
    const s = go(go(taken, E.rung6), E.reject);
    expect(s.value).toEqual({ open: { measureTaken: { objection: 'window', effect: 'inForce', escalation: 'idle' } } });
    expect(ctx(s).measure?.rung).toBe(5);
    expect(ctx(s).measures.map((m) => m.status)).toEqual(['approved', 'rejected']);
  });
});

describe('escalation ladder: objection and proportionality', () => {
  const rung5Taken = () => run(E.hearing, E.groundEvidence, E.rung5, E.approve);
  const rung5UrgentTaken = () => run(E.hearing, E.groundEvidence, E.rung5Urgent, E.approve);

  it('the provider may object within 5 working days after a formal measure', () => {
    const s = rung5Taken();
    expect(s.getMeta()['escalationLadder.open.measureTaken.objection.window']).toMatchObject({
      waitingOn: ['aanbieder'],
      deadlines: [{ name: 'objectionWindow', n: 5, kind: 'working-days', startsFromContext: 'measure.takenOn' }],
    });
    expect(s.can(E.objection)).toBe(true);
    const lapsed = go(s, E.objectionWindowExpired);
    expect(lapsed.can(E.objection)).toBe(false);
  });

  it('an objection suspends the measure until its outcome (no urgency)', () => {
    let s = go(rung5Taken(), E.objection);
    expect(s.value).toEqual({ open: { measureTaken: { objection: 'decision', effect: 'suspended', escalation: 'idle' } } });
    expect(ctx(s).measure?.suspended).toBe(true);
    expect(ctx(s).objections[0]).toMatchObject({ suspendsMeasure: true, status: 'pending', disputesRung: false });
    s = go(s, E.objectionRejected);
    expect(s.value).toEqual({ open: { measureTaken: { objection: 'done', effect: 'inForce', escalation: 'idle' } } });
    expect(ctx(s).measure?.suspended).toBe(false);
    expect(ctx(s).objections[0]?.status).toBe('rejected');
  });

  it('an objection does not suspend a measure needed for client safety or to prevent further fraud', () => {
    const s = go(rung5UrgentTaken(), E.objection);
    expect(s.value).toEqual({ open: { measureTaken: { objection: 'decision', effect: 'inForce', escalation: 'idle' } } });
    expect(ctx(s).measure?.suspended).toBe(false);
    expect(ctx(s).objections[0]?.suspendsMeasure).toBe(false);
  });

  it('a suspended notice of default restarts its recovery term after the objection is rejected', () => {
    let s = run(E.hearing, E.rung3, E.approve, E.objection);
    expect(s.value).toMatchObject({ open: { measureTaken: { effect: 'suspended' } } });
    expect(s.can(E.recoveryTermExpired)).toBe(false);
    s = go(s, E.objectionRejected);
    expect(s.value).toMatchObject({ open: { measureTaken: { effect: 'recoveryRunning' } } });
  });

  it('an upheld objection withdraws the measure and returns to choosing a rung', () => {
    const s = run(E.hearing, E.rung1, E.response, E.rung3, E.approve, E.objection, E.objectionUpheld);
    expect(s.value).toEqual({ open: 'choosing' });
    expect(ctx(s).measures[0]).toMatchObject({ status: 'withdrawn', suspended: false });
    expect(ctx(s).measure).toBeNull();
    expect(ctx(s).currentRung).toBe(1);
    expect(ctx(s).objections[0]?.status).toBe('upheld');
  });

  it('an objection disputing the rung leads to a director-level meeting within 10 working days', () => {
    const s = go(rung5Taken(), E.objectionRung);
    expect(s.value).toMatchObject({ open: { measureTaken: { objection: 'meeting', effect: 'suspended' } } });
    expect(s.getMeta()['escalationLadder.open.measureTaken.objection.meeting']?.deadlines).toEqual([DEADLINES.directorMeeting]);
    expect(s.can(E.objectionRejected)).toBe(false);
    const maintained = go(s, E.meetingMaintained);
    expect(maintained.value).toEqual({ open: { measureTaken: { objection: 'done', effect: 'inForce', escalation: 'idle' } } });
    const withdrawn = go(s, E.meetingWithdrawn);
    expect(withdrawn.value).toEqual({ open: 'choosing' });
    expect(ctx(withdrawn).objections[0]?.meeting).toMatchObject({ outcome: 'maatregel-ingetrokken', by: directie });
    const otherRung = go(s, E.meetingOtherRung);
    expect(otherRung.value).toEqual({ open: 'choosing' });
    expect(otherRung.can(E.rung2)).toBe(true);
  });

  it('a director-level meeting held too late is marked overdue and can still be held', () => {
    const late = go(go(rung5Taken(), E.objectionRung), E.directorMeetingExpired);
    expect(late.value).toMatchObject({ open: { measureTaken: { objection: 'meetingOverdue' } } });
    expect(ctx(late).overdue).toEqual([{ deadline: 'directorMeeting', expiredAt: AT, resolvedAt: null }]);
    const held = go(late, E.meetingMaintained);
    expect(held.value).toMatchObject({ open: { measureTaken: { objection: 'done', effect: 'inForce' } } });
    expect(ctx(held).overdue[0]?.resolvedAt).toBe(AT);
  });

  it('withdrawing a notice of default also withdraws the failed recovery that enabled rung 4', () => {
    const s = run(E.hearing, E.rung3, E.approve, E.recoveryFailed, E.objection, E.objectionUpheld);
    expect(s.value).toEqual({ open: 'choosing' });
    expect(ctx(s).recoveryFailedAfterNotice).toBe(false);
    expect(s.can(E.rung4)).toBe(false);
  });

  it('payment suspension waits while an objection suspends the notice of default', () => {
    const s = run(E.hearing, E.rung3, E.approve, E.recoveryFailed, E.objection);
    expect(ctx(s).measure?.suspended).toBe(true);
    expect(s.can(E.rung4)).toBe(false);
    expect(blockingGuards(s, E.rung4)).toContain('hasFailedRecoveryAfterNotice');
    expect(go(s, E.objectionRejected).can(E.rung4)).toBe(true);
  });

  it('no higher rung while an objection is pending, unless needed for client safety or against further fraud with the ground recorded; the objection then lapses', () => {
    const objected = run(E.hearing, E.groundEvidence, E.rung5, E.approve, E.objection);
    // Not urgent: refused, the objection keeps its course.
    expect(objected.can(E.rung6)).toBe(false);
    expect(blockingGuards(objected, E.rung6)).toEqual(['isEscalationAllowedDuringObjection']);
    // Urgent, with the ground recorded: allowed, and the objection against the lower rung lapses.
    const s = run(E.hearing, E.groundEvidence, E.rung5, E.approve, E.objection, E.rung6Urgent, E.approve);
    expect(ctx(s).objections[0]).toMatchObject({ status: 'lapsed', lapseReason: expect.stringContaining('veiligheid van cliënten') });
    expect(s.value).toEqual({ open: { measureTaken: { objection: 'window', effect: 'inForce', escalation: 'idle' } } });
    expect(ctx(s).measure?.rung).toBe(6);
  });

  it('an urgent escalation needs a recorded ground that counts: without one it waits for the objection', () => {
    // A notice of default needed for safety: its objection does not suspend it; recovery fails on the provider's statement.
    const s = run(E.hearing, E.rung3Urgent, E.approve, E.objection, E.recoveryFailed);
    const urgentRung4 = ev('measure.proposed', { rung: 4, reason: why, urgent, scope: 'geheel' });
    expect(s.can(urgentRung4)).toBe(false);
    expect(blockingGuards(s, urgentRung4)).toEqual(['isEscalationAllowedDuringObjection']);
    expect(go(s, E.groundUnsafetyReported).can(urgentRung4)).toBe(false);
    expect(go(s, E.groundUnsafetyEstablished).can(urgentRung4)).toBe(true);
  });

  it('a higher rung proposed before an objection is not approved while that objection is pending (unless urgent)', () => {
    const s = run(E.hearing, E.groundEvidence, E.rung5, E.approve, E.rung6, E.objection);
    expect(s.value).toMatchObject({ open: { measureTaken: { escalation: 'proposed' } } });
    expect(s.can(E.approve)).toBe(false);
    expect(blockingGuards(s, E.approve)).toEqual(['isEscalationAllowedDuringObjection']);
    // After the decision on the objection the approval goes ahead.
    expect(go(s, E.objectionRejected).can(E.approve)).toBe(true);
  });

  it('an escalation approved during the objection window opens a new window counted from the new measure date', () => {
    const laterApproval = ev('measure.approved', { date: '2025-03-06' }, cm2);
    const s = run(E.hearing, E.groundEvidence, E.rung5, E.approve, E.rung6, laterApproval);
    expect(s.value).toMatchObject({ open: { measureTaken: { objection: 'window' } } });
    // The window node stays active across this step, so its start is declared in context.
    expect(DEADLINES.objectionWindow.startsFromContext).toBe('measure.takenOn');
    expect(ctx(s).measure).toMatchObject({ rung: 6, takenOn: '2025-03-06' });
  });

  it('a pending escalation lapses when the measure it builds on is withdrawn', () => {
    const s = run(E.hearing, E.groundEvidence, E.rung5, E.approve, E.rung6, E.objection, E.objectionUpheld);
    expect(s.value).toEqual({ open: 'choosing' });
    expect(ctx(s).proposal).toBeNull();
    expect(ctx(s).measures.map((m) => m.status)).toEqual(['withdrawn', 'lapsed']);
  });
});

describe('escalation ladder: closing', () => {
  it('the case can be closed from any open state after the hearing, and nothing is accepted afterwards', () => {
    const states = [
      run(E.hearing),
      run(E.hearing, E.rung1),
      run(E.hearing, E.rung2, E.planTermExpired),
      run(E.hearing, E.rung3),
      run(E.hearing, E.rung3, E.approve, E.objectionRung),
    ];
    for (const s of states) {
      const closed = go(s, E.closeRecovered);
      expect(closed.status).toBe('done');
      expect(handledEventTypes(closed).size).toBe(0);
    }
  });

  it('closing with a pending proposal lets the proposal lapse', () => {
    const s = run(E.hearing, E.rung3, E.closeRecovered);
    expect(ctx(s).measures[0]?.status).toBe('lapsed');
  });

  it('expiry events are refused where no term runs', () => {
    const s = run(E.hearing);
    for (const d of Object.values(DEADLINES)) expect(s.can(expiryEvent(d))).toBe(false);
    // and `transition` leaves the snapshot unchanged for a refused event
    const same = pureNext(s, expiryEvent(DEADLINES.responseTerm));
    expect(same.value).toEqual(s.value);
  });
});

describe('escalation ladder: refusal explanations', () => {
  it('a refusal names the guard that blocks every branch, with its Dutch description', () => {
    const s = start();
    expect(blockingGuards(s, E.rung2)).toEqual(['hasHearing']);
    expect(escalationLadder.guards.hasHearing?.description).toMatch(/wederhoor/);
    expect(explainRefusal(escalationLadderMachine, s, E.response)).toEqual({ handled: false, blockingGuards: [] });
  });
});

describe('escalation ladder: issue 12 (what the contract forbids)', () => {
  const noticeTaken = () => run(E.hearing, E.rung3, E.approve);

  it('rung 4 only "indien herstel uitblijft na ingebrekestelling": not while the recovery term runs, right after the notice is approved', () => {
    const s = noticeTaken();
    expect(s.value).toMatchObject({ open: { measureTaken: { effect: 'recoveryRunning' } } });
    expect(s.can(E.rung4)).toBe(false);
    expect(blockingGuards(s, E.rung4)).toEqual(['hasFailedRecoveryAfterNotice']);
    // After the term: recovery failed, recorded as such, and rung 4 may be proposed.
    const expired = go(s, E.recoveryTermExpired);
    expect(ctx(expired).measure?.recoveryFailure).toEqual({ basis: 'termExpired', at: AT });
    expect(expired.can(E.rung4)).toBe(true);
  });

  it('failed recovery before the term ends only on the provider\'s written statement that it will not recover, kept as evidence with its date', () => {
    const s = noticeTaken();
    // A bare assessment by the contract manager is no longer a valid payload.
    expect(escalationLadder.events['recovery.failed']!.schema.safeParse({ reason: 'Wachttijden nog steeds boven de norm' }).success).toBe(false);
    // A statement dated before the notice of default, or after today, is refused.
    for (const e of [E.recoveryFailedStatementBeforeNotice, E.recoveryFailedStatementInFuture]) {
      expect(s.can(e)).toBe(false);
      expect(blockingGuards(s, e)).toEqual(['isStatementDatedBetweenNoticeAndToday']);
    }
    const failed = go(s, E.recoveryFailed);
    expect(failed.value).toMatchObject({ open: { measureTaken: { effect: 'recoveryFailed' } } });
    expect(ctx(failed).measure?.recoveryFailure).toEqual({
      basis: 'providerStatement',
      statement: { date: '2025-03-03', summary: 'Brief van de bestuurder: geen extra capaciteit, herstel niet haalbaar' },
      reason: 'Wachttijden nog steeds boven de norm',
      at: AT,
      by: cm1,
    });
    expect(failed.can(E.rung4)).toBe(true);
  });

  it('"today" for the provider\'s statement is the day in Europe/Amsterdam, not in UTC', () => {
    expect(amsterdamDay('2025-03-03T23:30:00.000Z')).toBe('2025-03-04'); // CET
    expect(amsterdamDay('2025-07-01T21:59:00.000Z')).toBe('2025-07-01'); // CEST
    expect(amsterdamDay('2025-07-01T22:00:00.000Z')).toBe('2025-07-02');
    expect(amsterdamDay('2025-03-30T00:59:00.000Z')).toBe('2025-03-30'); // last hour of winter time
    expect(amsterdamDay('2025-10-25T22:30:00.000Z')).toBe('2025-10-26');
  });

  it('the recovery term and the objection window count from the date of the registered letter, not from the approval day', () => {
    const approvedLater = { ...ev('measure.approved', { date: '2025-03-05', registeredLetter: { reference: 'RR 1234 5678 9NL' } }, cm2), at: '2025-03-12T10:00:00.000Z' };
    const s = go(run(E.hearing, E.rung3), approvedLater);
    expect(DEADLINES.recoveryTerm.startsFromContext).toBe('measure.recoveryTermStartsOn');
    expect(DEADLINES.objectionWindow.startsFromContext).toBe('measure.takenOn');
    expect(ctx(s).measure).toMatchObject({
      takenOn: '2025-03-05',
      recoveryTermStartsOn: '2025-03-05',
      registeredLetter: { reference: 'RR 1234 5678 9NL', date: '2025-03-05' },
    });
  });

  it('a notice of default ("formele aanzegging via aangetekende brief") is approved only with its registered letter recorded', () => {
    const proposed = run(E.hearing, E.rung3);
    expect(proposed.can(E.approveWithoutLetter)).toBe(false);
    expect(blockingGuards(proposed, E.approveWithoutLetter)).toEqual(['hasRegisteredLetter']);
    expect(escalationLadder.guards.hasRegisteredLetter?.description).toContain('aangetekende brief');
    // Other measures are decisions, not notices: their date suffices.
    expect(run(E.hearing, E.groundEvidence, E.rung5).can(E.approveWithoutLetter)).toBe(true);
  });

  it('after a suspensive objection is rejected the recovery term of the notice starts afresh on that day (keuze)', () => {
    const suspended = run(E.hearing, E.rung3, E.approve, E.objection);
    expect(ctx(suspended).measure?.recoveryTermStartsOn).toBe('2025-03-03');
    const resumed = go(suspended, E.objectionRejected);
    expect(resumed.value).toMatchObject({ open: { measureTaken: { effect: 'recoveryRunning' } } });
    expect(ctx(resumed).measure?.recoveryTermStartsOn).toBeNull();
  });

  it('dates typed by a person that start a legal term are declared for the engine\'s bounds check: the letter\'s date of a measure', () => {
    const declared = Object.entries(escalationLadder.events)
      .filter(([, def]) => (def as EventDefinition).termStartDates !== undefined)
      .map(([type, def]) => [type, (def as EventDefinition).termStartDates]);
    expect(declared).toEqual([['measure.approved', ['date']]]);
    // The signal's date starts no term.
    expect(escalationLadder.startTermStartDates).toBeUndefined();
  });

  it('every text field has a maximum of 4,000 characters and every date is a calendar date (no free strings)', () => {
    const loose: string[] = [];
    const visit = (node: unknown, path: string): void => {
      if (node === null || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if (n.type === 'string' && n.enum === undefined && n.const === undefined) {
        const bounded = typeof n.maxLength === 'number' && n.maxLength <= MAX_TEXT;
        if (!bounded && n.pattern === undefined) loose.push(path);
      }
      for (const [k, v] of Object.entries(n)) visit(v, `${path}.${k}`);
    };
    for (const [type, def] of Object.entries(escalationLadder.events)) visit(z.toJSONSchema(def.schema as z.ZodType), type);
    visit(z.toJSONSchema(escalationLadder.startSchema as z.ZodType), 'start');
    expect(loose).toEqual([]);
    const s = escalationLadder.startSchema;
    expect(s.safeParse({ ...input.data, signal: { ...input.data.signal, receivedOn: '2025-02-30' } }).success).toBe(false);
    expect(s.safeParse({ ...input.data, signal: { ...input.data.signal, description: 'x'.repeat(4001) } }).success).toBe(false);
    expect(s.safeParse({ ...input.data, signal: { ...input.data.signal, description: 'Klacht over jeugdige 111-222-333' } }).success).toBe(false);
  });

  it('an objection without a dispute about the rung is decided within 10 working days by someone other than the contract manager who proposed the measure', () => {
    const objected = run(E.hearing, E.groundEvidence, E.rung5, E.approve, E.objection);
    expect(objected.value).toMatchObject({ open: { measureTaken: { objection: 'decision' } } });
    expect(objected.getMeta()['escalationLadder.open.measureTaken.objection.decision']?.deadlines).toEqual([DEADLINES.objectionDecision]);
    expect(DEADLINES.objectionDecision).toMatchObject({ n: 10, kind: 'working-days' });
    expect(objected.can(E.objectionRejectedByProposer)).toBe(false);
    expect(blockingGuards(objected, E.objectionRejectedByProposer)).toEqual(['isOtherThanMeasureProposer']);
    expect(escalationLadder.events['objection.decided']?.roles).toEqual(['contractmanager', 'opdrachtgever-besluit']);
    expect(go(objected, E.objectionRejected).value).toMatchObject({ open: { measureTaken: { objection: 'done', effect: 'inForce' } } });
    // Too late: marked overdue, still to be decided (by another), the overdue marker resolved then.
    const late = go(objected, E.objectionDecisionExpired);
    expect(late.value).toMatchObject({ open: { measureTaken: { objection: 'decisionOverdue', effect: 'suspended' } } });
    expect(ctx(late).overdue).toEqual([{ deadline: 'objectionDecision', expiredAt: AT, resolvedAt: null }]);
    expect(late.can(E.objectionRejectedByProposer)).toBe(false);
    const decided = go(late, E.objectionUpheld);
    expect(decided.value).toEqual({ open: 'choosing' });
    expect(ctx(decided).overdue[0]?.resolvedAt).toBe(AT);
  });

  it('rungs 5-7 need an established ground where the seed says so ("als vastgesteld door de IGJ of een gemeentelijk toezichthouder", "vastgestelde fraude")', () => {
    const reported = run(E.hearing, E.groundUnsafetyReported, E.groundFraudSuspected);
    for (const e of [E.rung5, E.rung5Urgent, E.rung6, E.rung7NoExtension]) {
      expect(reported.can(e), e.type).toBe(false);
      expect(blockingGuards(reported, e)).toContain('hasEvidenceGround');
    }
    const established = go(reported, E.groundUnsafetyEstablished);
    for (const e of [E.rung5, E.rung6, E.rung7NoExtension]) expect(established.can(e)).toBe(true);
    expect(GROUNDS_REQUIRING_ESTABLISHMENT).toEqual(['onveiligheid-igj-of-toezichthouder', 'valsheid-in-geschrifte', 'oplichting', 'verduistering']);
  });
});
