// P1 — Voorstel aan de ontwikkeltafel (000/001 §3.2). Pure xstate stepping (initialTransition/transition),
// no Temporal. The first half is generated from the definition (reachability, refusals, guards, schemas,
// deadlines); the second half proves the rules of the seed one by one.
import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type AnyMachineSnapshot, type SnapshotFrom } from 'xstate';
import { startCase as startOperation } from '../../operations/index.ts';
import {
  amsterdamDay,
  checkProposer,
  CORE_VALUES,
  proposalLifecycle,
  proposalLifecycleMachine,
  startSchema,
  type ProposalLifecycleEvent,
  type ProposalStartData,
} from '../../machines/proposalLifecycleMachine.ts';
import {
  activeStateNodes,
  allStateNodes,
  contextPath,
  exploreMachine,
  explainRefusal,
  expiryEvent,
  findUnhandledDeadlines,
  findUnresolvedDeadlinePaths,
  exploreWithinAndAfterTerms,
  step,
  type EventSamples,
  type Exploration,
} from '../../machines/testing.ts';
import type { AnyRole, ProcedureEvent, StateMeta } from '../../machines/types.ts';
import { applyEvent, startCase, validateEvent } from '../../workflows/engine.ts';
import { generatedDefinitionTests } from './generated.ts';

type Machine = typeof proposalLifecycleMachine;
type Snapshot = SnapshotFrom<Machine>;

// Monday 2 March 2026, 10:00 Amsterdam.
const AT = '2026-03-02T09:00:00.000Z';

const START: ProposalStartData = {
  provider: 'aanbieder-042',
  proposer: { kind: 'aanbieder', code: 'aanbieder-042' },
  title: 'Gezamenlijke aanpak wachtlijsten',
  summary: 'Aanbieders en SOJ maken één regionaal overzicht van wachttijden per segment.',
  topic: { scope: 'algemeen' },
  changesContract: true,
  table: { type: 'fysiek', id: 'FT-2026-Q2' },
  signalIds: ['SIG-2026-014'],
};

const AGENDA = {
  aimedAtCollective: true,
  coreValues: { evidentRelation: true, values: ['leefomgeving', 'doelmatige-inzet-middelen'] },
  contextualChanges: { present: true, changes: [{ level: 'landelijk', description: 'Hervormingsagenda Jeugd 2023–2028' }] },
  onAgenda: true,
  motivation: 'Raakt alle aanbieders en de kernwaarden; landelijke hervorming vraagt aanpassing.',
};
const AGENDA_INDIVIDUAL = {
  ...AGENDA,
  aimedAtCollective: false,
  onAgenda: false,
  motivation: 'Betreft alleen de productieafspraken van deze aanbieder.',
};
const AGENDA_NOT_NOW = { ...AGENDA, coreValues: { evidentRelation: false, values: [] }, contextualChanges: { present: false }, onAgenda: false, motivation: 'Geen relatie met de kernwaarden.' };

const SUB_ASSIGNMENT = {
  parts: ['Definitie wachttijd per segment'],
  desiredResults: ['Eén gedeelde definitie van wachttijd, getoetst aan de landelijke richtlijn'],
  providers: ['aanbieder-042', 'aanbieder-077'],
  timePlan: { startDate: '2026-03-09', endDate: '2026-04-17', milestones: 'Concept 1 april' },
  facilitation: 'SOJ levert de declaratiedata en een procesbegeleider',
  fundedOutsideContract: true,
  funding: { basis: 'incidentele-subsidie', amountEur: 12500 },
};

const TERMINATION = { provider: 'aanbieder-077', noticeDate: '2026-06-15', reason: 'Niet eens met de nieuwe tariefstructuur' };
/** A provider's user of aanbieder-077 acting in the name of aanbieder-042: schema-valid, never lawful. */
const OTHER_PROVIDER = 'aanbieder-077';
const AMENDMENT = { contractVersion: '2026.2', articles: ['AD art. 4.2', 'BDO Jeugd-GGZ art. 3.1'], effectiveDate: '2026-07-01', summary: 'Wachttijdregistratie verplicht' };
const RECOVERY = { provider: 'aanbieder-077', goal: 'Wachttijd ambulante hulp onder 6 weken', workingDays: 30 };

/** `org`: the organisation the sender acts for (Actor.organisation, set by the API from the signed-in user). */
type Sample = { payload: Record<string, unknown>; role?: AnyRole; org?: string };
/** Per event: schema-valid samples (the first is the ordinary one; others drive guards both ways) and one broken payload. */
const SAMPLES: Record<string, { valid: Sample[]; broken: Record<string, unknown> }> = {
  'feedback.given': {
    valid: [
      { payload: { participant: { kind: 'aanbieder', code: 'aanbieder-077' }, feedback: 'Graag ook de GGZ-wachttijden meenemen' }, role: 'aanbieder', org: 'aanbieder-077' },
      { payload: { participant: { kind: 'gemeente', code: 'gemeente-dordrecht' }, feedback: 'Sluit aan bij de lokale monitor' }, role: 'aanbieder', org: 'aanbieder-077' }, // wrong role for the kind
      { payload: { participant: { kind: 'aanbieder', code: 'aanbieder-042' }, feedback: 'Namens een andere aanbieder' }, role: 'aanbieder', org: OTHER_PROVIDER }, // another provider's name
    ],
    broken: { participant: { kind: 'aanbieder', code: 'Aanbieder 077' }, feedback: 'Prima' },
  },
  'agenda.decided': {
    valid: [{ payload: AGENDA }, { payload: AGENDA_INDIVIDUAL }, { payload: AGENDA_NOT_NOW }],
    broken: { ...AGENDA, aimedAtCollective: false }, // not collective yet on the agenda
  },
  'workTerm.agreed': {
    valid: [
      { payload: { workingDays: 20, method: 'Twee werksessies en een digitale ronde' } },
      { payload: { dueDate: '2026-05-29' } },
      { payload: { dueDate: '2026-02-27' } }, // in the past
    ],
    broken: { workingDays: 20, dueDate: '2026-05-29' },
  },
  'workTerm.expired': { valid: [{ payload: { deadline: 'workTerm' } }], broken: {} },
  'subAssignment.given': { valid: [{ payload: SUB_ASSIGNMENT }], broken: { ...SUB_ASSIGNMENT, providers: ['aanbieder-042'] } },
  'workSession.registered': {
    valid: [
      { payload: { provider: 'aanbieder-103', digitalOnly: true, interest: 'Ervaring met wachtlijstbeheer' }, org: 'aanbieder-103' },
      { payload: { provider: 'aanbieder-103', digitalOnly: true }, org: OTHER_PROVIDER }, // another provider's name
    ],
    broken: { provider: 'aanbieder-103' },
  },
  'proposal.workedOut': {
    valid: [
      { payload: { participant: { kind: 'aanbieder', code: 'aanbieder-042' }, reference: 'OT-2026-007 v2', summary: 'Uitgewerkt voorstel wachttijden' }, role: 'aanbieder', org: 'aanbieder-042' },
      { payload: { participant: { kind: 'opdrachtgever', code: 'soj' }, reference: 'OT-2026-007 v2' }, role: 'aanbieder', org: 'aanbieder-042' }, // wrong role for the kind
      { payload: { participant: { kind: 'aanbieder', code: 'aanbieder-042' }, reference: 'OT-2026-007 v3' }, role: 'aanbieder', org: OTHER_PROVIDER }, // another provider's name
    ],
    broken: { participant: { kind: 'aanbieder', code: 'aanbieder-042' } },
  },
  'decision.requested': {
    valid: [{ payload: { decisionBody: 'dagelijks-bestuur' } }, { payload: { decisionBody: 'gemeente', municipality: 'gemeente-dordrecht', motivation: 'Opdrachtgeverschap Stichting Jeugdteams' } }],
    broken: { decisionBody: 'gemeente' },
  },
  'proposal.accepted': {
    valid: [
      { payload: { decisionReference: 'DB-2026-031', decidedOn: '2026-06-04' }, role: 'opdrachtgever-besluit' },
      { payload: { decisionReference: 'B&W-2026-112', decidedOn: '2026-06-09', municipality: 'gemeente-dordrecht' }, role: 'gemeente', org: 'gemeente-dordrecht' },
      { payload: { decisionReference: 'B&W-2026-113', decidedOn: '2026-06-09', municipality: 'gemeente-gorinchem' }, role: 'gemeente', org: 'gemeente-gorinchem' }, // not the forwarded one
    ],
    broken: { decisionReference: 'DB-2026-031', decidedOn: '4 juni 2026' },
  },
  'proposal.rejected': {
    valid: [
      { payload: { decisionReference: 'DB-2026-032', decidedOn: '2026-06-04', motivation: 'Past niet binnen het budget' }, role: 'opdrachtgever-besluit' },
      { payload: { decisionReference: 'B&W-2026-114', decidedOn: '2026-06-09', municipality: 'gemeente-dordrecht', motivation: 'Niet binnen het lokale beleid' }, role: 'gemeente', org: 'gemeente-dordrecht' },
    ],
    broken: { decisionReference: 'DB-2026-032', decidedOn: '2026-06-04' },
  },
  'contract.amended': { valid: [{ payload: AMENDMENT }], broken: { ...AMENDMENT, articles: [] } },
  'termination.noticed': {
    valid: [
      { payload: TERMINATION, org: 'aanbieder-077' },
      { payload: { ...TERMINATION, provider: 'aanbieder-042' }, org: OTHER_PROVIDER }, // another provider's name
    ],
    broken: { ...TERMINATION, noticeDate: '2026-06-31' },
  },
  'recovery.agreed': { valid: [{ payload: RECOVERY }], broken: { ...RECOVERY, workingDays: 0 } },
  'goal.reached': { valid: [{ payload: { finding: 'Wachttijd in mei 5 weken' } }], broken: { finding: 1 } },
  'goal.notReached': { valid: [{ payload: { finding: 'Wachttijd na herstel nog 9 weken' } }], broken: {} },
  'recoveryTerm.expired': { valid: [{ payload: { deadline: 'recoveryTerm' } }], broken: { deadline: '' } },
  'escalation.offered': { valid: [{ payload: { motivation: 'Herstel mislukt: beëindiging wordt overwogen' } }], broken: { motivation: 'nee' } },
  'case.closed': { valid: [{ payload: { summary: 'Wijziging doorgevoerd per 1 juli' } }], broken: { summary: '' } },
};

const definition = proposalLifecycle;
const EVENT_TYPES = Object.keys(definition.events);

/** An event as the engine would send it; the payload is the test's (valid or not), so it is cast to the machine's event union. */
function ev(type: string, sample: Sample = SAMPLES[type]!.valid[0]!, at = AT): ProposalLifecycleEvent {
  const role = sample.role ?? definition.events[type]!.roles[0]!;
  return { type, payload: sample.payload, actor: { role, userId: `u-${role}`, ...(sample.org ? { organisation: sample.org } : {}) }, at } as ProposalLifecycleEvent;
}
const evp = (type: string, payload: Record<string, unknown>, role?: AnyRole, org?: string) =>
  ev(type, { payload, ...(role ? { role } : {}), ...(org ? { org } : {}) });

const inputOf = (data: Partial<ProposalStartData> = {}) => ({
  caseId: 'OT-1',
  startedAt: AT,
  startedBy: { role: 'aanbieder' as const, userId: 'u-aanbieder', organisation: 'aanbieder-042' },
  data: startSchema.parse({ ...START, ...data }),
});
function start(data: Partial<ProposalStartData> = {}): Snapshot {
  return initialTransition(proposalLifecycleMachine, inputOf(data))[0];
}
/** Sends events in order; each must be accepted (a refusal throws, naming the blocking guards). */
function run(snapshot: Snapshot, ...events: ProcedureEvent[]): Snapshot {
  return events.reduce((s, e) => step(proposalLifecycleMachine, s, e) as Snapshot, snapshot);
}
const leaves = (s: AnyMachineSnapshot) =>
  activeStateNodes(s)
    .filter((n) => n.type === 'atomic' || n.type === 'final')
    .map((n) => n.path.join('.'))
    .sort();
const waiting = (s: AnyMachineSnapshot) => [...new Set(activeStateNodes(s).flatMap((n) => (n.meta as StateMeta | undefined)?.waitingOn ?? []))].sort();

// The shortest lawful ways to each step.
const toOnAgenda = (s = start()) => run(s, ev('agenda.decided'));
const toTermRunning = (s = start()) => run(toOnAgenda(s), ev('workTerm.agreed'));
const toWorkedOut = (s = start()) => run(toTermRunning(s), ev('proposal.workedOut'));
const toBySoj = (s = start()) => run(toWorkedOut(s), ev('decision.requested'));
const toByMunicipality = (s = start()) => run(toWorkedOut(s), ev('decision.requested', SAMPLES['decision.requested']!.valid[1]));
const toAccepted = (s = start()) => run(toBySoj(s), ev('proposal.accepted'));
const toAmended = (s = start()) => run(toAccepted(s), ev('contract.amended'));

// ---------------------------------------------------------------------------------------------
// Exploration (machines/testing.ts), once with a contract-changing proposal and once without.

const EVENT_SAMPLES: EventSamples = Object.fromEntries(EVENT_TYPES.map((type) => [type, SAMPLES[type]!.valid.map((sample) => ev(type, sample))]));
/** What the guards read; the lists that only grow (feedback, sub-assignments) add nothing to explore. */
const KEY = (s: AnyMachineSnapshot) => {
  const c = s.context as Snapshot['context'];
  return JSON.stringify([
    s.value,
    c.changesContract,
    c.workTerm?.byDueDate,
    c.workSessionRegistrations.map((r) => r.provider),
    c.terminations.map((t) => t.provider),
    c.decisionRequest?.municipality,
    c.recovery?.status,
  ]);
};
const merge = (a: Exploration, b: Exploration): Exploration => ({ ...a, states: [...a.states, ...b.states], edges: [...a.edges, ...b.edges], truncated: a.truncated || b.truncated });
const EXPLORATION = exploreWithinAndAfterTerms(proposalLifecycleMachine, EVENT_SAMPLES, (machine, samples) => {
  const explore = (changesContract: boolean) => exploreMachine(machine, { input: inputOf({ changesContract }), samples, key: KEY });
  return merge(explore(true), explore(false));
});
const { explored: EXPLORED, withinTerms: EXPLORED_WITHIN_TERMS } = EXPLORATION;
const REACHED = EXPLORED.states.map((s) => s.snapshot as Snapshot);

const STATE_NODES = allStateNodes(proposalLifecycleMachine).filter((n) => n !== proposalLifecycleMachine.root);
const DEADLINES = STATE_NODES.flatMap((node) => ((node.meta as StateMeta | undefined)?.deadlines ?? []).map((d) => [`${node.id}#${d.name}(${d.kind})`, node, d] as const));

// ---------------------------------------------------------------------------------------------

describe('proposal-lifecycle: generated from the definition', () => {
  it('is registered under its id with its title, seed and start roles', () => {
    expect(definition.id).toBe('proposal-lifecycle');
    expect(definition.version).toBe(1);
    expect(definition.title).toBe('Voorstel aan de ontwikkeltafel');
    expect(definition.seed).toBe('000/001 Bijlage collectief contractmanagement SOJ Zuid-Holland Zuid, §3.2');
    expect(definition.startRoles).toEqual(['contractmanager', 'gemeente', 'aanbieder']);
    expect(definition.startSchema).toBe(startSchema);
  });

  generatedDefinitionTests({
    definition,
    samples: SAMPLES,
    events: EVENT_SAMPLES,
    exploration: EXPLORATION,
    rule: { title: 'quoting a section of 000/001', pattern: /^000\/001 .*(§\d|Inleiding)/ },
    guardDescription: /^\S+( \S+){3,}/,
    otherSchemas: [['start data', startSchema, START, { ...START, topic: { scope: 'segment' } }]],
    unknownField: 'onbekend',
  });

  it('every reachable open state waits on someone; a closed case on no one', () => {
    for (const s of REACHED) {
      if (s.status === 'active') expect(waiting(s).length, JSON.stringify(s.value)).toBeGreaterThan(0);
      else expect(waiting(s)).toEqual([]);
    }
  });

  it('declares the agreed work term (both ways of agreeing it, on both term nodes) and the recovery term', () => {
    expect(DEADLINES.map(([key]) => key)).toEqual([
      'proposalLifecycle.onAgenda.workingOut.termRunning#workTerm(working-days)',
      'proposalLifecycle.onAgenda.workingOut.termRunning#workTerm(days)',
      'proposalLifecycle.onAgenda.workingOut.termExtended#workTerm(working-days)',
      'proposalLifecycle.onAgenda.workingOut.termExtended#workTerm(days)',
      'proposalLifecycle.implementation.recovery.running#recoveryTerm(working-days)',
    ]);
  });

  it("every deadline's onExpiry is handled where it is declared while the term runs, and does something", () => {
    expect(findUnhandledDeadlines(EXPLORED_WITHIN_TERMS)).toEqual([]);
  });

  it('the context paths of every deadline that applies resolve while its state is active', () => {
    expect(findUnresolvedDeadlinePaths(EXPLORED)).toEqual([]);
  });

  it('exactly one variant of the work term applies once a term is agreed', () => {
    for (const s of REACHED) {
      const c = s.context;
      if (!leaves(s).some((l) => l.includes('termRunning') || l.includes('termExtended'))) continue;
      expect(c.workTerm).toBeDefined();
      expect(Number(c.workTerm!.byWorkingDays) + Number(c.workTerm!.byDueDate)).toBe(1);
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('proposal-lifecycle: the rules of 000/001 §3.2', () => {
  describe('start (step 1)', () => {
    it('any participant submits; the provider field is the proposing party’s own code', () => {
      expect(startSchema.safeParse(START).success).toBe(true);
      expect(startSchema.safeParse({ ...START, provider: 'soj', proposer: { kind: 'opdrachtgever', code: 'soj' } }).success).toBe(true);
      expect(startSchema.safeParse({ ...START, provider: 'gemeente-dordrecht', proposer: { kind: 'gemeente', code: 'gemeente-dordrecht' } }).success).toBe(true);
      expect(startSchema.safeParse({ ...START, provider: 'aanbieder-077' }).success).toBe(false);
    });

    it('a segment topic names its Bijzonder Deel, a general topic names none', () => {
      expect(startSchema.safeParse({ ...START, topic: { scope: 'segment', bijzonderDeel: 'jeugd-ggz' } }).success).toBe(true);
      expect(startSchema.safeParse({ ...START, topic: { scope: 'segment' } }).success).toBe(false);
      expect(startSchema.safeParse({ ...START, topic: { scope: 'algemeen', bijzonderDeel: 'jeugd-ggz' } }).success).toBe(false);
    });

    it('a new proposal waits on the agenda decision of SOJ and keeps the signals it builds on', () => {
      const [s, actions] = initialTransition(proposalLifecycleMachine, inputOf());
      expect(s.value).toBe('submitted');
      expect(waiting(s)).toEqual(['contractmanager']);
      expect(s.context.signalIds).toEqual(['SIG-2026-014']);
      expect(actions.map((a) => a.type)).toEqual(['notify']);
    });
  });

  describe('every contracted provider reacts, as itself (§3.2 Agenderen en meepraten, stap 8)', () => {
    const asProvider = (org: string) => ({ role: 'aanbieder' as const, userId: `u-${org}`, organisation: org });

    it('a proposal is submitted by the proposer itself: a provider cannot start as a municipality or in another provider\'s name (data.proposer)', async () => {
      expect(definition.checkStart?.(START as never, { startedBy: asProvider('aanbieder-077'), today: '2026-01-01', settings: {} })).toMatchObject({ field: 'proposer', code: 'ROLE_NOT_ALLOWED' });
      expect(checkProposer(START, asProvider('aanbieder-042'))).toBeUndefined();
      expect(checkProposer({ proposer: { kind: 'gemeente', code: 'gemeente-dordrecht' } }, { role: 'gemeente', userId: 'joost', organisation: 'gemeente-dordrecht' })).toBeUndefined();
      expect(checkProposer({ proposer: { kind: 'opdrachtgever', code: 'soj' } }, { role: 'contractmanager', userId: 'anna' })).toBeUndefined();
      expect(checkProposer({ proposer: { kind: 'gemeente', code: 'gemeente-dordrecht' } }, asProvider('aanbieder-042'))).toMatchObject({ field: 'proposer', message: expect.stringContaining("kind 'gemeente'") });
      expect(checkProposer(START, asProvider('aanbieder-077'))).toMatchObject({ field: 'proposer', message: expect.stringContaining("in the name of 'aanbieder-042'") });
      expect(checkProposer(START, { role: 'aanbieder', userId: 'u' })).toMatchObject({ field: 'proposer' }); // no organisation: no party
      // The operations refuse the start before any workflow runs (the Temporal client is never reached).
      const asMunicipality = { ...START, provider: 'gemeente-dordrecht', proposer: { kind: 'gemeente', code: 'gemeente-dordrecht' } };
      const noClient = { client: undefined as never, taskQueue: 'unused' };
      await expect(startOperation(noClient, { procedure: 'proposal-lifecycle', caseId: 'OT-2026-001', actor: asProvider('aanbieder-042'), data: asMunicipality })).rejects.toMatchObject({
        code: 'ROLE_NOT_ALLOWED',
        field: 'data.proposer',
        rule: expect.stringContaining('voorstellen indienen'),
      });
    });

    it('a provider gives feedback only as itself: participant.code is the signed-in organisation', () => {
      const inOtherName = ev('feedback.given', SAMPLES['feedback.given']!.valid[2]);
      expect(start().can(inOtherName)).toBe(false);
      expect(explainRefusal(proposalLifecycleMachine, start(), inOtherName).blockingGuards).toEqual(['isParticipantOwnOrganisation']);
      const withoutOrganisation = { ...ev('feedback.given'), actor: { role: 'aanbieder' as const, userId: 'u' } };
      expect(start().can(withoutOrganisation)).toBe(false);
      expect(start().can(ev('feedback.given'))).toBe(true);
    });

    it('a municipality gives feedback only as its own municipality; the contract manager speaks for the commissioning body', () => {
      const fb = (code: string, org: string) => evp('feedback.given', { participant: { kind: 'gemeente', code }, feedback: 'Sluit aan bij de lokale monitor' }, 'gemeente', org);
      expect(start().can(fb('gemeente-dordrecht', 'gemeente-dordrecht'))).toBe(true);
      expect(start().can(fb('gemeente-gorinchem', 'gemeente-dordrecht'))).toBe(false);
      expect(start().can(evp('feedback.given', { participant: { kind: 'opdrachtgever', code: 'soj' }, feedback: 'SOJ reageert' }, 'contractmanager'))).toBe(true);
    });

    it('every contracted provider, not only the proposer, gives notice under art. 2.9 AD after the amendment, as itself', () => {
      // The proposer is aanbieder-042; aanbieder-077 reacts as itself.
      const s = run(toAmended(), ev('termination.noticed'));
      expect(s.context.terminations.map((t) => t.provider)).toEqual(['aanbieder-077']);
      const inOtherName = ev('termination.noticed', SAMPLES['termination.noticed']!.valid[1]);
      expect(toAmended().can(inOtherName)).toBe(false);
      expect(explainRefusal(proposalLifecycleMachine, toAmended(), inOtherName).blockingGuards).toEqual(['isOwnProvider']);
      expect(definition.events['termination.noticed']!.termStartDates).toEqual(['noticeDate']);
    });

    it('a provider registers for work sessions and submits the worked-out proposal only as itself', () => {
      expect(toTermRunning().can(ev('workSession.registered', SAMPLES['workSession.registered']!.valid[1]))).toBe(false);
      expect(toTermRunning().can(ev('workSession.registered'))).toBe(true);
      const workedOutInOtherName = ev('proposal.workedOut', SAMPLES['proposal.workedOut']!.valid[2]);
      expect(explainRefusal(proposalLifecycleMachine, toTermRunning(), workedOutInOtherName).blockingGuards).toEqual(['isParticipantOwnOrganisation']);
    });

    it('every contracted provider may see a proposal: the definition opens its scope as data', () => {
      expect(definition.providerScope).toMatchObject({ kind: 'every-contracted-provider', rule: expect.stringContaining('Alle Jeugdhulpaanbieders die een overeenkomst hebben') });
    });

    it('free text is capped at 4,000 characters and refuses a BSN', () => {
      const schema = definition.events['feedback.given']!.schema;
      const participant = { kind: 'aanbieder', code: 'aanbieder-077' };
      expect(schema.safeParse({ participant, feedback: 'x'.repeat(4000) }).success).toBe(true);
      expect(schema.safeParse({ participant, feedback: 'x'.repeat(4001) }).success).toBe(false);
      expect(schema.safeParse({ participant, feedback: 'Jeugdige met BSN 111 222 333 wacht' }).success).toBe(false);
      expect(startSchema.safeParse({ ...START, summary: 'Zie dossier 111.222.333 voor details' }).success).toBe(false);
      expect(definition.events['contract.amended']!.schema.safeParse({ ...AMENDMENT, effectiveDate: '2026-02-30' }).success).toBe(false);
    });
  });

  describe('feedback (Agenderen en meepraten)', () => {
    it('participants give feedback on a submitted proposal and while it is on the agenda, each for their own party', () => {
      const fb = ev('feedback.given');
      const s = run(start(), fb, evp('feedback.given', { participant: { kind: 'gemeente', code: 'gemeente-dordrecht' }, feedback: 'Sluit aan bij de lokale monitor' }, 'gemeente', 'gemeente-dordrecht'));
      expect(s.context.feedback.map((f) => f.participant.code)).toEqual(['aanbieder-077', 'gemeente-dordrecht']);
      expect(run(toTermRunning(), fb).context.feedback).toHaveLength(1);
      expect(run(toWorkedOut(), fb).context.feedback).toHaveLength(1);
    });

    it('a provider cannot give feedback in the name of a municipality', () => {
      expect(start().can(ev('feedback.given', SAMPLES['feedback.given']!.valid[1]))).toBe(false);
      expect(explainRefusal(proposalLifecycleMachine, start(), ev('feedback.given', SAMPLES['feedback.given']!.valid[1])).blockingGuards).toEqual([
        'isParticipantInOwnRole',
        'isParticipantOwnOrganisation',
      ]);
    });

    it('no feedback once the proposal is with the decision-maker', () => {
      expect(toBySoj().can(ev('feedback.given'))).toBe(false);
    });
  });

  describe('agenda decision (step 2)', () => {
    it('not aimed at the collective: routed to individual contract management, with every weighing recorded', () => {
      const s = run(start(), ev('agenda.decided', { payload: AGENDA_INDIVIDUAL }));
      expect(s.value).toBe('routedToIndividual');
      expect(s.status).toBe('done');
      expect(s.context.agendaDecision).toMatchObject({ aimedAtCollective: false, coreValues: AGENDA.coreValues, contextualChanges: AGENDA.contextualChanges, onAgenda: false });
    });

    it('aimed at the collective and placed on the agenda: the table works it out', () => {
      const s = toOnAgenda();
      expect(leaves(s)).toEqual(['onAgenda.workingOut.termToBeAgreed']);
      expect(s.context.agendaDecision).toMatchObject({ aimedAtCollective: true, onAgenda: true, decidedAt: AT });
    });

    it('aimed at the collective but not placed on the agenda: the case ends', () => {
      const s = run(start(), ev('agenda.decided', { payload: AGENDA_NOT_NOW }));
      expect(s.value).toBe('notPlacedOnAgenda');
      expect(s.status).toBe('done');
    });

    it('the decision answers each weighing: core values from the six of §1, contextual changes by level or none', () => {
      const schema = definition.events['agenda.decided']!.schema;
      expect(CORE_VALUES).toHaveLength(6);
      expect(schema.safeParse({ ...AGENDA, coreValues: { evidentRelation: true, values: [] } }).success).toBe(false);
      expect(schema.safeParse({ ...AGENDA, coreValues: { evidentRelation: false, values: ['netwerk'] } }).success).toBe(false);
      expect(schema.safeParse({ ...AGENDA, coreValues: { evidentRelation: true, values: ['netwerk', 'netwerk'] } }).success).toBe(false);
      expect(schema.safeParse({ ...AGENDA, coreValues: { evidentRelation: true, values: ['kernwaarde-7'] } }).success).toBe(false);
      expect(schema.safeParse({ ...AGENDA, contextualChanges: { present: true, changes: [] } }).success).toBe(false);
      expect(schema.safeParse({ ...AGENDA, contextualChanges: { present: true, changes: [{ level: 'europees', description: 'Nieuwe richtlijn' }] } }).success).toBe(false);
      const { contextualChanges: _c, ...withoutChanges } = AGENDA;
      expect(schema.safeParse(withoutChanges).success).toBe(false);
    });

    it('only the contract manager of SOJ decides the agenda', () => {
      expect(definition.events['agenda.decided']!.roles).toEqual(['contractmanager']);
    });
  });

  describe('working out (step 4)', () => {
    it('no worked-out proposal before the parties agreed a term', () => {
      expect(toOnAgenda().can(ev('proposal.workedOut'))).toBe(false);
    });

    it('the agreed term in working days becomes the deadline workTerm (nFromContext)', () => {
      const s = toTermRunning();
      expect(leaves(s)).toEqual(['onAgenda.workingOut.termRunning.running']);
      expect(s.context.workTerm).toMatchObject({ workingDays: 20, byWorkingDays: true, byDueDate: false, extensions: 0, method: 'Twee werksessies en een digitale ronde' });
      const d = DEADLINES.find(([key]) => key.endsWith('termRunning#workTerm(working-days)'))![2];
      expect(d).toMatchObject({ nFromContext: 'workTerm.workingDays', appliesIfContext: 'workTerm.byWorkingDays', onExpiry: 'workTerm.expired' });
    });

    it('an agreed due date becomes the deadline workTerm: one calendar day from the day before (startsFromContext)', () => {
      const s = run(toOnAgenda(), ev('workTerm.agreed', SAMPLES['workTerm.agreed']!.valid[1]));
      expect(s.context.workTerm).toMatchObject({ dueDate: '2026-05-29', dayBeforeDueDate: '2026-05-28', byWorkingDays: false, byDueDate: true });
      const d = DEADLINES.find(([key]) => key.endsWith('termRunning#workTerm(days)'))![2];
      expect(d).toMatchObject({ kind: 'days', n: 1, startsFromContext: 'workTerm.dayBeforeDueDate', appliesIfContext: 'workTerm.byDueDate' });
    });

    it('a due date must lie after today', () => {
      const past = ev('workTerm.agreed', SAMPLES['workTerm.agreed']!.valid[2]);
      expect(toOnAgenda().can(past)).toBe(false);
      expect(toOnAgenda().can(evp('workTerm.agreed', { dueDate: '2026-03-02' }))).toBe(false);
      expect(toOnAgenda().can(evp('workTerm.agreed', { dueDate: '2026-03-03' }))).toBe(true);
    });

    it('the engine turns the agreed term into a due date on the calendar', () => {
      const { rt } = startCase(definition, { caseId: 'OT-1', procedureId: 'proposal-lifecycle', startedBy: { role: 'aanbieder', userId: 'u' }, data: START }, AT);
      for (const [type, payload] of [['agenda.decided', AGENDA], ['workTerm.agreed', { workingDays: 20 }]] as const) {
        applyEvent(rt, validateEvent(rt, { type, actor: { role: 'contractmanager', userId: 'cm' }, payload }, AT));
      }
      // 20 working days after Monday 2 March 2026: Monday 30 March.
      expect(rt.deadlines.map((d) => [d.name, d.n, d.due])).toEqual([['workTerm', 20, '2026-03-30']]);
      applyEvent(rt, validateEvent(rt, { type: 'workTerm.agreed', actor: { role: 'contractmanager', userId: 'cm' }, payload: { dueDate: '2026-04-25' } }, AT));
      // Saturday 25 April moves to Monday 27 April (Koningsdag) → Tuesday 28 April.
      expect(rt.deadlines.map((d) => [d.name, d.kind, d.due])).toEqual([['workTerm', 'days', '2026-04-28']]);
    });

    it('when the agreed term expires the proposal is overdue; the table extends the term or submits the worked-out proposal', () => {
      const overdue = run(toTermRunning(), expiryEvent(DEADLINES[0]![2]));
      expect(leaves(overdue)).toEqual(['onAgenda.workingOut.termRunning.overdue']);
      expect(overdue.context.workTerm?.overdue).toBe(true);
      expect(waiting(overdue)).toEqual(['aanbieder', 'contractmanager', 'gemeente']);
      const extended = run(overdue, evp('workTerm.agreed', { workingDays: 10 }));
      expect(leaves(extended)).toEqual(['onAgenda.workingOut.termExtended.running']);
      expect(extended.context.workTerm).toMatchObject({ workingDays: 10, extensions: 1, overdue: false });
      const again = run(extended, expiryEvent(DEADLINES[0]![2]), evp('workTerm.agreed', { workingDays: 5 }));
      expect(leaves(again)).toEqual(['onAgenda.workingOut.termRunning.running']);
      expect(again.context.workTerm?.extensions).toBe(2);
      expect(run(overdue, ev('proposal.workedOut')).value).toEqual({ onAgenda: 'workedOut' });
    });

    it('SOJ gives a written sub-assignment to two or more providers, recorded in a list', () => {
      const s = run(toOnAgenda(), ev('subAssignment.given'), ev('subAssignment.given', { payload: { ...SUB_ASSIGNMENT, fundedOutsideContract: false, funding: undefined } }));
      expect(s.context.subAssignments).toHaveLength(2);
      expect(s.context.subAssignments[0]).toMatchObject({ providers: ['aanbieder-042', 'aanbieder-077'], fundedOutsideContract: true, funding: { amountEur: 12500 }, givenAt: AT });
      const schema = definition.events['subAssignment.given']!.schema;
      expect(schema.safeParse({ ...SUB_ASSIGNMENT, providers: ['aanbieder-042', 'aanbieder-042'] }).success).toBe(false);
      expect(schema.safeParse({ ...SUB_ASSIGNMENT, fundedOutsideContract: false }).success).toBe(false);
      expect(schema.safeParse({ ...SUB_ASSIGNMENT, timePlan: { startDate: '2026-04-01', endDate: '2026-03-01' } }).success).toBe(false);
    });

    it('providers register once to be invited to work sessions (meewerken)', () => {
      const reg = ev('workSession.registered');
      const s = run(toTermRunning(), reg);
      expect(s.context.workSessionRegistrations).toMatchObject([{ provider: 'aanbieder-103', digitalOnly: true }]);
      expect(s.can(reg)).toBe(false);
      expect(definition.events['workSession.registered']!.roles).toEqual(['aanbieder']);
    });

    it('the worked-out proposal is recorded with its reference and closes the term', () => {
      const s = toWorkedOut();
      expect(s.value).toEqual({ onAgenda: 'workedOut' });
      expect(s.context.workedOutProposal).toMatchObject({ reference: 'OT-2026-007 v2', participant: { kind: 'aanbieder' } });
      expect(s.can(expiryEvent(DEADLINES[0]![2]) as ProposalLifecycleEvent)).toBe(false);
    });
  });

  describe('decision (steps 5–6, §4)', () => {
    it('submitted to SOJ: the Dagelijks Bestuur or the MT decides (opdrachtgever-besluit)', () => {
      const s = toBySoj();
      expect(s.value).toEqual({ awaitingDecision: 'bySoj' });
      expect(waiting(s)).toEqual(['opdrachtgever-besluit']);
      expect(s.can(ev('proposal.accepted', SAMPLES['proposal.accepted']!.valid[1]))).toBe(false); // a municipality cannot decide here
      const mt = run(toWorkedOut(), evp('decision.requested', { decisionBody: 'mt-binnen-mandaat' }));
      expect(mt.context.decisionRequest?.decisionBody).toBe('mt-binnen-mandaat');
    });

    it("a proposal within a municipality's mandate is forwarded to that municipality, which decides", () => {
      const s = toByMunicipality();
      expect(s.value).toEqual({ awaitingDecision: 'byMunicipality' });
      expect(waiting(s)).toEqual(['gemeente']);
      expect(s.context.decisionRequest).toMatchObject({ decisionBody: 'gemeente', municipality: 'gemeente-dordrecht' });
      expect(s.can(ev('proposal.accepted'))).toBe(false); // SOJ no longer decides
      expect(s.can(ev('proposal.accepted', SAMPLES['proposal.accepted']!.valid[2]))).toBe(false); // another municipality
      // A user of another municipality cannot decide in the name of the one forwarded to.
      expect(s.can(ev('proposal.accepted', { ...SAMPLES['proposal.accepted']!.valid[1]!, org: 'gemeente-gorinchem' }))).toBe(false);
      const accepted = run(s, ev('proposal.accepted', SAMPLES['proposal.accepted']!.valid[1]));
      expect(accepted.context.decision).toMatchObject({ outcome: 'aangenomen', decisionBody: 'gemeente', decidedByRole: 'gemeente', municipality: 'gemeente-dordrecht' });
    });

    it('forwarding names the municipality, and only forwarding does', () => {
      const schema = definition.events['decision.requested']!.schema;
      expect(schema.safeParse({ decisionBody: 'gemeente' }).success).toBe(false);
      expect(schema.safeParse({ decisionBody: 'dagelijks-bestuur', municipality: 'gemeente-dordrecht' }).success).toBe(false);
    });

    it('rejected: the contract does not change (final)', () => {
      const s = run(toBySoj(), ev('proposal.rejected'));
      expect(s.value).toBe('rejected');
      expect(s.status).toBe('done');
      expect((proposalLifecycleMachine.root.states.rejected!.meta as StateMeta).label).toBe('Afgewezen: overeenkomst ongewijzigd');
      expect(s.context.decision).toMatchObject({ outcome: 'afgewezen', contractChanged: false, motivation: 'Past niet binnen het budget' });
      expect(s.context.contractAmendment).toBeUndefined();
      const byMunicipality = run(toByMunicipality(), ev('proposal.rejected', SAMPLES['proposal.rejected']!.valid[1]));
      expect(byMunicipality.value).toBe('rejected');
    });

    it('a rejection states its motivation', () => {
      expect(definition.events['proposal.rejected']!.schema.safeParse({ decisionReference: 'DB-1', decidedOn: '2026-06-04' }).success).toBe(false);
    });
  });

  describe('acceptance, amendment and termination (steps 7–8)', () => {
    it('accepted and changing the contract: SOJ records the amendment as a new contract version (art. 2.4 lid 1 AD)', () => {
      const accepted = toAccepted();
      expect(leaves(accepted)).toEqual(['implementation.contract.amendmentPending', 'implementation.recovery.none']);
      expect(waiting(accepted)).toEqual(['contractmanager']);
      const s = run(accepted, ev('contract.amended'));
      expect(leaves(s)).toEqual(['implementation.contract.amended', 'implementation.recovery.none']);
      expect(s.context.contractAmendment).toMatchObject({ contractVersion: '2026.2', articles: ['AD art. 4.2', 'BDO Jeugd-GGZ art. 3.1'], effectiveDate: '2026-07-01', basis: 'art. 2.4 lid 1 Algemeen Deel' });
      expect(s.context.decision).toMatchObject({ outcome: 'aangenomen', contractChanged: true });
    });

    it('accepted without a contract change: no amendment, the case can close', () => {
      const s = toAccepted(start({ changesContract: false }));
      expect(leaves(s)).toEqual(['implementation.contract.unchanged', 'implementation.recovery.none']);
      expect(s.can(ev('contract.amended'))).toBe(false);
      expect(s.can(ev('termination.noticed'))).toBe(false);
      expect(run(s, ev('case.closed')).value).toBe('closed');
    });

    it('a provider that disagrees with the amendment terminates (art. 2.9 AD), once, recorded in a list', () => {
      expect(toAccepted().can(ev('termination.noticed'))).toBe(false); // nothing amended yet
      const s = run(toAmended(), ev('termination.noticed'), evp('termination.noticed', { provider: 'aanbieder-042', noticeDate: '2026-06-20' }, 'aanbieder', 'aanbieder-042'));
      expect(s.context.terminations).toMatchObject([
        { provider: 'aanbieder-077', noticeDate: '2026-06-15', basis: 'art. 2.9 Algemeen Deel' },
        { provider: 'aanbieder-042', noticeDate: '2026-06-20' },
      ]);
      expect(s.can(ev('termination.noticed'))).toBe(false);
      expect(explainRefusal(proposalLifecycleMachine, s, ev('termination.noticed')).blockingGuards).toEqual(['hasNotYetTerminated']);
      const closed = run(s, ev('case.closed'));
      expect(closed.value).toBe('closed');
      expect(closed.status).toBe('done');
      expect(closed.context.closingSummary).toBe('Wijziging doorgevoerd per 1 juli');
    });
  });

  describe('recovery (herstel, Inleiding)', () => {
    const recoveryDeadline = DEADLINES.find(([key]) => key.includes('recoveryTerm'))![2];

    it('a recovery term is agreed after acceptance and becomes the deadline recoveryTerm (nFromContext)', () => {
      expect(toWorkedOut().can(ev('recovery.agreed'))).toBe(false);
      const s = run(toAmended(), ev('recovery.agreed'));
      expect(leaves(s)).toEqual(['implementation.contract.amended', 'implementation.recovery.running']);
      expect(s.context.recovery).toMatchObject({ provider: 'aanbieder-077', goal: RECOVERY.goal, workingDays: 30, status: 'lopend' });
      expect(recoveryDeadline).toMatchObject({ kind: 'working-days', nFromContext: 'recovery.workingDays', onExpiry: 'recoveryTerm.expired', waitingOn: ['aanbieder'] });
      expect(waiting(s)).toEqual(['aanbieder', 'contractmanager']);
    });

    it('the case does not close while a recovery term runs', () => {
      const s = run(toAmended(), ev('recovery.agreed'));
      expect(s.can(ev('case.closed'))).toBe(false);
      expect(explainRefusal(proposalLifecycleMachine, s, ev('case.closed')).blockingGuards).toEqual(['hasNoOpenRecovery']);
    });

    it('goal reached within the recovery term: recovery closes, the case may close', () => {
      const s = run(toAmended(), ev('recovery.agreed'), ev('goal.reached'));
      expect(leaves(s)).toContain('implementation.recovery.reached');
      expect(s.context.recovery?.status).toBe('behaald');
      expect(s.context.dissolutionGround).toBeUndefined();
      expect(run(s, ev('case.closed')).value).toBe('closed');
    });

    // 000 Inleiding: "Indien de opgave na de herstelperiode nog niet is behaald, is dit grond om over te
    // gaan tot directe ontbinding van de overeenkomst."
    const expiry = (at = '2026-09-10T21:59:59.999Z') => ({ ...expiryEvent(recoveryDeadline), at }) as ProposalLifecycleEvent;
    const FINDING_AT = '2026-09-14T08:00:00.000Z';
    const notReached = () => ev('goal.notReached', undefined, FINDING_AT);

    it('"Indien de opgave na de herstelperiode nog niet is behaald": goal.notReached is refused while the recovery period runs', () => {
      const running = run(toAmended(), ev('recovery.agreed'));
      expect(running.can(notReached())).toBe(false);
      // Through the pure engine: the refusal names the state, the events the contract manager may send and the rule.
      const { rt } = startCase(definition, { caseId: 'OT-1', procedureId: 'proposal-lifecycle', startedBy: { role: 'aanbieder', userId: 'u', organisation: 'aanbieder-042' }, data: START }, AT);
      for (const e of [ev('agenda.decided'), ev('workTerm.agreed'), ev('proposal.workedOut'), ev('decision.requested'), ev('proposal.accepted'), ev('contract.amended'), ev('recovery.agreed')]) {
        applyEvent(rt, validateEvent(rt, { type: e.type, actor: e.actor, payload: e.payload }, AT));
      }
      let refusal: unknown;
      try {
        validateEvent(rt, { type: 'goal.notReached', actor: { role: 'contractmanager', userId: 'cm' }, payload: { finding: 'Wachttijd nog 9 weken' } }, AT);
      } catch (err) {
        refusal = err;
      }
      expect(refusal).toMatchObject({ code: 'EVENT_NOT_ALLOWED', state: expect.stringContaining('recovery.running') });
      const { allowedEvents, rule: refusedBy } = refusal as { allowedEvents: string[]; rule: string };
      expect(allowedEvents).toContain('goal.reached');
      expect(allowedEvents).not.toContain('goal.notReached');
      expect(refusedBy).toContain('Indien de opgave na de herstelperiode nog niet is behaald');
    });

    it('the expiry of the recovery period alone is no ground for dissolution: it opens the finding', () => {
      const [ended, actions] = transition(proposalLifecycleMachine, run(toAmended(), ev('recovery.agreed')), expiry());
      expect(leaves(ended)).toContain('implementation.recovery.periodEnded');
      expect(ended.context.dissolutionGround).toBeUndefined();
      expect(ended.context.recovery).toMatchObject({ status: 'termijn-verstreken', periodEndedAt: '2026-09-10T21:59:59.999Z' });
      expect(waiting(ended)).toEqual(['contractmanager']);
      expect(actions.find((a) => a.type === 'notify')?.params).toEqual({ template: 'proposal.recoveryPeriodEnded', to: ['contractmanager'] });
      expect(ended.can(ev('escalation.offered'))).toBe(false);
      expect(ended.can(ev('case.closed'))).toBe(false);
      expect(explainRefusal(proposalLifecycleMachine, ended, ev('case.closed')).blockingGuards).toEqual(['hasNoOpenRecovery']);
    });

    it('after the recovery period a finding that the goal is still not reached is the ground for dissolution: who found it, when, what; escalation offered at rung 7', () => {
      const ended = run(toAmended(), ev('recovery.agreed'), expiry());
      expect(definition.events['goal.notReached']!.schema.safeParse({}).success).toBe(false); // no ground without a finding
      const failed = run(ended, notReached());
      expect(leaves(failed)).toContain('implementation.recovery.failed');
      expect(stateLabel(failed)).toContain('Herstel mislukt: grond voor ontbinding');
      const finding = { finding: 'Wachttijd na herstel nog 9 weken', foundBy: { role: 'contractmanager', userId: 'u-contractmanager' }, foundAt: FINDING_AT };
      const ground = { provider: 'aanbieder-077', goal: RECOVERY.goal, recoveryEndedOn: '2026-09-10', finding };
      expect(failed.context.dissolutionGround).toEqual(ground);
      expect(failed.context.recovery).toMatchObject({ status: 'mislukt', finding });
      expect(failed.can(ev('case.closed'))).toBe(false);
      const [offered, actions] = transition(proposalLifecycleMachine, failed, ev('escalation.offered'));
      expect(leaves(offered)).toContain('implementation.recovery.escalationOffered');
      expect(offered.context.escalationOffer).toMatchObject({ procedure: 'escalation-ladder', startRung: 7, ground, motivation: 'Herstel mislukt: beëindiging wordt overwogen' });
      expect(actions.find((a) => a.type === 'offerEscalation')?.params).toEqual({ procedure: 'escalation-ladder', startRung: 7, provider: 'aanbieder-077', ground });
      expect(offered.can(ev('case.closed'))).toBe(true);
    });

    it('after the recovery period the finding may be that the goal was reached: no ground, the case may close', () => {
      const s = run(toAmended(), ev('recovery.agreed'), expiry(), ev('goal.reached'));
      expect(leaves(s)).toContain('implementation.recovery.reached');
      expect(s.context.dissolutionGround).toBeUndefined();
      expect(run(s, ev('case.closed')).value).toBe('closed');
    });

    it('the escalation offer is made only after a failed recovery', () => {
      expect(run(toAmended(), ev('recovery.agreed')).can(ev('escalation.offered'))).toBe(false);
      expect(toAmended().can(ev('escalation.offered'))).toBe(false);
    });

    it('recovery also runs beside an accepted proposal that did not change the contract', () => {
      const s = run(toAccepted(start({ changesContract: false })), ev('recovery.agreed'), expiry(), notReached());
      expect(leaves(s)).toEqual(['implementation.contract.unchanged', 'implementation.recovery.failed']);
    });
  });

  describe('side effects and helpers', () => {
    it('every side effect is a named action with params (notify: template and roles)', () => {
      const { actions } = (() => {
        const all: { type: string; params?: unknown }[] = [];
        let s = start();
        for (const e of [ev('agenda.decided'), ev('subAssignment.given'), ev('workTerm.agreed'), ev('proposal.workedOut'), ev('decision.requested'), ev('proposal.accepted'), ev('contract.amended'), ev('termination.noticed')]) {
          const [next, acts] = transition(proposalLifecycleMachine, s, e);
          all.push(...acts);
          s = next;
        }
        return { actions: all };
      })();
      const effects = actions.filter((a) => !a.type.startsWith('xstate.'));
      expect(effects.length).toBeGreaterThan(0);
      for (const a of effects) {
        expect(a.type).toBe('notify');
        expect(a.params).toMatchObject({ template: expect.stringMatching(/^proposal\./), to: expect.any(Array) });
      }
    });

    it('the day of an instant is taken in Europe/Amsterdam (winter and summer time)', () => {
      expect(amsterdamDay('2026-01-15T22:59:59.999Z')).toBe('2026-01-15');
      expect(amsterdamDay('2026-01-15T23:00:00.000Z')).toBe('2026-01-16');
      expect(amsterdamDay('2026-07-01T21:59:59.999Z')).toBe('2026-07-01');
      expect(amsterdamDay('2026-07-01T22:00:00.000Z')).toBe('2026-07-02');
      expect(amsterdamDay('2026-03-29T00:59:59.000Z')).toBe('2026-03-29'); // 01:59 CET, before the switch
      expect(amsterdamDay('2026-10-24T22:30:00.000Z')).toBe('2026-10-25'); // 00:30 CEST
      expect(amsterdamDay('2026-12-31T23:30:00.000Z')).toBe('2027-01-01');
    });
  });
});

function stateLabel(s: AnyMachineSnapshot): string {
  return activeStateNodes(s)
    .filter((n) => n.type === 'atomic' || n.type === 'final')
    .map((leaf) => {
      for (let n: typeof leaf | undefined = leaf; n; n = n.parent) {
        const label = (n.meta as StateMeta | undefined)?.label;
        if (label) return label;
      }
      return leaf.key;
    })
    .join(' · ');
}
