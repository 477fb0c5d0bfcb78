// P4 — Escalatie op cliënt/zorginhoud (002 §4.4): pure machine tests, no Temporal.
// Generated coverage (every state, every refusal, every guard both ways, every schema, every deadline)
// from the sample events below, for both start routes, plus one test per rule of the seed.
import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import {
  ADVISERS,
  DEFAULT_DECISION_TERM_WORKING_DAYS,
  careContentEscalation,
  careContentEscalationMachine,
  type AdviceRecord,
} from '../../machines/careContentEscalationMachine.ts';
import {
  contextPath,
  eventFactory,
  exploreMachine,
  expiryEvent,
  explainRefusal,
  findDeadline,
  findUnreachedStateNodes,
  metaOf,
  stateOf,
  step,
  walk,
  type EventSamples,
  type Exploration,
} from '../../machines/testing.ts';
import { generatedCoverageTests } from './generated.ts';

const definition = careContentEscalation;
const machine = careContentEscalationMachine;
const AT = '2026-04-03T08:00:00.000Z';

const WITH_PLACE = { provider: 'aanbieder-042', urgencyReason: 'Thuissituatie onhoudbaar, hulp moet deze week starten', residentialPlaceRequested: true };
const WITHOUT_PLACE = { ...WITH_PLACE, residentialPlaceRequested: false };

function inputOf(data: Record<string, unknown>) {
  return { caseId: 'ESC-2026-001', startedAt: AT, startedBy: { role: 'casusregisseur', userId: 'casusregisseur-1' }, data: definition.startSchema.parse(data) };
}

const ev = eventFactory(definition, AT);

// ---------------------------------------------------------------------------------------------
// Samples: valid payloads (several where a guard branches on them) and one broken payload per event

const P = {
  contractManagerContacted: { localTeamLeaderInformed: true, summary: 'Hulp moet direct starten bij deze aanbieder' },
  zbtContacted: { summary: 'Vraag naar een verblijfsplaats voorgelegd aan het ZBT' },
  actionsAgreed: {
    actions: [{ what: 'Verblijfsplaats bij de aanbieder navragen', who: 'zbt', byDate: '2026-04-10' }],
    feedbackTermWorkingDays: 5,
  },
  caseResolved: { summary: 'De aanbieder start de hulp maandag' },
  financialRoomInsufficient: { substantiation: 'Het budgetplafond van de aanbieder is bereikt voor dit segment' },
  disputeSolved: {
    contractArticles: ['art. 3.2.1 Productieplafond'],
    workAgreements: ['Werkafspraak spoedplaatsingen'],
    discussedWithProviderContact: true,
    conclusion: 'Spoedplaatsing valt binnen de werkafspraken',
    outcome: 'solved',
  },
  disputeUnsolved: {
    contractArticles: ['art. 3.2.1 Productieplafond'],
    workAgreements: [],
    discussedWithProviderContact: true,
    conclusion: 'Geen ruimte binnen het plafond, geen oplossing',
    outcome: 'unsolved',
  },
  escalated: { summary: 'Contractmanager en aanbieder vinden geen oplossing binnen het plafond' },
  adviceRequested: (adviser: string) => ({ adviser, question: 'Is plaatsing bij deze aanbieder passend?' }),
  adviceReceived: (adviser: string) => ({ adviser, summary: 'Plaatsing is passend, tijdelijk boven het plafond' }),
  secretaryDecided: { decision: 'De aanbieder plaatst binnen 5 werkdagen', reasons: 'Veiligheid gaat voor het plafond' },
} as const;

const SAMPLES: EventSamples = {
  'contractManager.contacted': [ev('contractManager.contacted', P.contractManagerContacted)],
  'zbt.contacted': [ev('zbt.contacted', P.zbtContacted)],
  'actions.agreed': [ev('actions.agreed', P.actionsAgreed, 'zbt'), ev('actions.agreed', P.actionsAgreed, 'casusregisseur')],
  'feedbackTerm.expired': [ev('feedbackTerm.expired', { deadline: 'feedbackTerm' })],
  'case.resolved': [
    ev('case.resolved', P.caseResolved, 'casusregisseur'),
    ev('case.resolved', P.caseResolved, 'zbt'),
    ev('case.resolved', P.caseResolved, 'contractmanager'),
  ],
  'financialRoom.insufficient': [ev('financialRoom.insufficient', P.financialRoomInsufficient)],
  'dispute.tested': [ev('dispute.tested', P.disputeSolved), ev('dispute.tested', P.disputeUnsolved)],
  'escalated.toSecretary': [ev('escalated.toSecretary', P.escalated)],
  'advice.requested': [ev('advice.requested', P.adviceRequested('zbt')), ev('advice.requested', P.adviceRequested('onafhankelijke-derde'))],
  'advice.received': [ev('advice.received', P.adviceReceived('zbt')), ev('advice.received', P.adviceReceived('onafhankelijke-derde'))],
  'secretary.decided': [ev('secretary.decided', P.secretaryDecided)],
  'decisionTerm.expired': [ev('decisionTerm.expired', { deadline: 'decisionTerm' })],
};

/** One broken payload per event type, with what is wrong with it. */
const BROKEN: Record<string, [string, unknown]> = {
  'contractManager.contacted': ['local team leader not informed', { ...P.contractManagerContacted, localTeamLeaderInformed: false }],
  'zbt.contacted': ['summary too short', { summary: 'zbt' }],
  'actions.agreed': ['feedback term of 0 working days', { ...P.actionsAgreed, feedbackTermWorkingDays: 0 }],
  'feedbackTerm.expired': ['another deadline', { deadline: 'decisionTerm' }],
  'case.resolved': ['no summary', {}],
  'financialRoom.insufficient': ['not substantiated', { substantiation: 'geen geld' }],
  'dispute.tested': ['not discussed with the provider contact', { ...P.disputeSolved, discussedWithProviderContact: false }],
  'escalated.toSecretary': ['summary too short', { summary: 'geen oplossing' }],
  'advice.requested': ['adviser not named in the seed', P.adviceRequested('buurman')],
  'advice.received': ['no adviser', { summary: P.adviceReceived('zbt').summary }],
  'secretary.decided': ['no reasons', { decision: P.secretaryDecided.decision }],
  'decisionTerm.expired': ['no deadline name', {}],
};

// ---------------------------------------------------------------------------------------------
// Helpers

/** Keeps what the guards read: which records exist and, per adviser, whether a request is open. */
function abstractKey(snapshot: AnyMachineSnapshot): string {
  const ctx = snapshot.context as Record<string, unknown>;
  const shape = Object.entries(ctx).map(([k, v]) => {
    if (k === 'advice') return [k, [...new Set((v as AdviceRecord[]).map((a) => `${a.adviser}:${a.answer ? 'answered' : 'open'}`))].sort()];
    if (k === 'disputeTest') return [k, (v as { outcome?: string } | undefined)?.outcome ?? null];
    return [k, Array.isArray(v) ? Math.min(v.length, 1) : v !== null && typeof v === 'object' ? 'set' : v];
  });
  return JSON.stringify([snapshot.value, shape]);
}

function exploreBoth(m: AnyStateMachine = machine): Exploration[] {
  return [WITH_PLACE, WITHOUT_PLACE].map((data) => exploreMachine(m, { input: inputOf(data), samples: SAMPLES, key: abstractKey }));
}

const deadline = (name: string) => findDeadline(machine, name);

// Paths of events used by the rule tests
const ZBT_FEEDBACK = [ev('zbt.contacted', P.zbtContacted), ev('actions.agreed', P.actionsAgreed, 'casusregisseur')];
const CM_TESTING = [ev('contractManager.contacted', P.contractManagerContacted)];
const UNSOLVED = [...CM_TESTING, ev('dispute.tested', P.disputeUnsolved)];
const SECRETARY = [...UNSOLVED, ev('escalated.toSecretary', P.escalated)];

// ---------------------------------------------------------------------------------------------

describe('care-content-escalation: generated coverage', () => {
  const explorations = exploreBoth();

  const SECRETARY_EVENTS = ['advice.requested', 'advice.received', 'secretary.decided'];
  generatedCoverageTests({
    definition,
    explorations,
    explore: exploreBoth,
    samples: SAMPLES,
    broken: BROKEN,
    eventsPerState: {
      awaitingContractManagerContact: ['contractManager.contacted'],
      awaitingZbtContact: ['zbt.contacted'],
      agreeingActions: ['actions.agreed'],
      'awaitingZbtFeedback.pending': ['case.resolved', 'financialRoom.insufficient', 'feedbackTerm.expired'],
      'awaitingZbtFeedback.overdue': ['case.resolved', 'financialRoom.insufficient', 'contractManager.contacted'],
      contractManagerTesting: ['dispute.tested'],
      disputeTested: ['dispute.tested', 'case.resolved', 'escalated.toSecretary'],
      'secretaryDeciding.pending': [...SECRETARY_EVENTS, 'decisionTerm.expired'],
      'secretaryDeciding.overdue': SECRETARY_EVENTS,
      resolved: [],
      decided: [],
    },
    start: {
      valid: WITH_PLACE,
      broken: [
        { ...WITH_PLACE, residentialPlaceRequested: 'ja' },
        { ...WITH_PLACE, decisionTermWorkingDays: 61 },
      ],
      personalData: { bsn: '123456782' },
    },
    rule: { section: '002 §4.4', pattern: /^002 §4\.4/ },
  });

  it('every state is reachable (the start route is passed through, never rested in)', () => {
    for (const e of explorations) expect(e.truncated).toBe(false);
    const unreached = explorations.map((e) => new Set(findUnreachedStateNodes(e)));
    const neverReached = [...unreached[0]!].filter((id) => unreached.every((u) => u.has(id)));
    expect(neverReached).toEqual(['care-content-escalation.routing']);
    expect(machine.getStateNodeById('care-content-escalation.routing').always?.length).toBe(2);
  });
});

describe('care-content-escalation: the rules of 002 §4.4', () => {
  it('is started by the local team and has the documented identity', () => {
    expect(definition).toMatchObject({ id: 'care-content-escalation', version: 1, title: 'Escalatie op cliënt/zorginhoud' });
    expect(definition.seed).toMatch(/002 .*§4\.4/);
    expect(definition.startRoles).toEqual(['casusregisseur']);
  });

  it('each step is taken by the role the seed names (the secretary of the GR JR is opdrachtgever-besluit)', () => {
    const roles = Object.fromEntries(Object.entries(definition.events).map(([t, d]) => [t, [...d.roles]]));
    expect(roles).toEqual({
      'contractManager.contacted': ['casusregisseur'],
      'zbt.contacted': ['casusregisseur'],
      'actions.agreed': ['zbt', 'casusregisseur'],
      'feedbackTerm.expired': ['system'],
      'case.resolved': ['casusregisseur', 'zbt', 'contractmanager'],
      'financialRoom.insufficient': ['zbt'],
      'dispute.tested': ['contractmanager'],
      'escalated.toSecretary': ['contractmanager'],
      'advice.requested': ['opdrachtgever-besluit'],
      'advice.received': ['opdrachtgever-besluit'],
      'secretary.decided': ['opdrachtgever-besluit'],
      'decisionTerm.expired': ['system'],
    });
  });

  it('without a residential place request the local team leader contacts the contract manager', () => {
    let { snapshot } = walk(machine, inputOf(WITHOUT_PLACE), []);
    expect(stateOf(snapshot)).toBe('awaitingContractManagerContact');
    expect(snapshot.can(ev('zbt.contacted', P.zbtContacted))).toBe(false);
    snapshot = step(machine, snapshot, ev('contractManager.contacted', P.contractManagerContacted));
    expect(stateOf(snapshot)).toBe('contractManagerTesting');
    expect(definition.events['contractManager.contacted']!.schema.safeParse({ summary: P.contractManagerContacted.summary }).success).toBe(false);
  });

  it('with a residential place request the ZBT is contacted first', () => {
    let { snapshot } = walk(machine, inputOf(WITH_PLACE), []);
    expect(stateOf(snapshot)).toBe('awaitingZbtContact');
    expect(snapshot.can(ev('contractManager.contacted', P.contractManagerContacted))).toBe(false);
    snapshot = step(machine, snapshot, ev('zbt.contacted', P.zbtContacted));
    expect(stateOf(snapshot)).toBe('agreeingActions');
    expect(metaOf(machine.getStateNodeById('care-content-escalation.agreeingActions')).waitingOn).toEqual(['zbt', 'casusregisseur']);
  });

  it('local team and ZBT agree actions and a feedback term: a deadline in working days waiting on the ZBT', () => {
    const { node, def } = deadline('feedbackTerm');
    expect(node.id).toBe('care-content-escalation.awaitingZbtFeedback');
    expect(def).toMatchObject({ kind: 'working-days', nFromContext: 'feedbackTermWorkingDays', onExpiry: 'feedbackTerm.expired', waitingOn: ['zbt'] });
    expect(metaOf(node).waitingOn).toEqual(['zbt']);
    const { snapshot } = walk(machine, inputOf(WITH_PLACE), ZBT_FEEDBACK);
    expect(stateOf(snapshot)).toBe('awaitingZbtFeedback.pending');
    expect(contextPath(snapshot.context, def.nFromContext!)).toBe(5);
    expect(snapshot.context).toMatchObject({ agreedActions: P.actionsAgreed.actions });
    const schema = definition.events['actions.agreed']!.schema;
    expect(schema.safeParse({ ...P.actionsAgreed, feedbackTermWorkingDays: 61 }).success).toBe(false);
    expect(schema.safeParse({ ...P.actionsAgreed, actions: [{ what: 'Navragen', who: 'zbt' }] }).success).toBe(false);
  });

  it('an expired ZBT feedback term stays visible as overdue and offers escalation to the contract manager', () => {
    let { snapshot } = walk(machine, inputOf(WITH_PLACE), [...ZBT_FEEDBACK, expiryEvent(deadline('feedbackTerm').def, AT)]);
    expect(stateOf(snapshot)).toBe('awaitingZbtFeedback.overdue');
    expect(snapshot.matches('awaitingZbtFeedback')).toBe(true);
    expect(snapshot.context).toMatchObject({ feedbackOverdue: true });
    expect(snapshot.can(ev('case.resolved', P.caseResolved, 'zbt'))).toBe(true);
    snapshot = step(machine, snapshot, ev('contractManager.contacted', P.contractManagerContacted));
    expect(stateOf(snapshot)).toBe('contractManagerTesting');
    expect(snapshot.context).toMatchObject({ contractManagerContact: { afterOverdueFeedback: true } });
  });

  it('the local team or the ZBT report a resolution while the ZBT handles the request', () => {
    const { snapshot } = walk(machine, inputOf(WITH_PLACE), ZBT_FEEDBACK);
    expect(stateOf(step(machine, snapshot, ev('case.resolved', P.caseResolved, 'zbt')))).toBe('resolved');
    expect(stateOf(step(machine, snapshot, ev('case.resolved', P.caseResolved, 'casusregisseur')))).toBe('resolved');
    const byContractManager = ev('case.resolved', P.caseResolved, 'contractmanager');
    expect(snapshot.can(byContractManager)).toBe(false);
    expect(explainRefusal(machine, snapshot, byContractManager).blockingGuards).toEqual(['isSentByLocalTeamOrZbt']);
  });

  it('insufficient financial room: the ZBT contacts the contract manager, with substantiation', () => {
    const { snapshot } = walk(machine, inputOf(WITH_PLACE), [...ZBT_FEEDBACK, ev('financialRoom.insufficient', P.financialRoomInsufficient)]);
    expect(stateOf(snapshot)).toBe('contractManagerTesting');
    expect(snapshot.context).toMatchObject({ financialRoom: { substantiation: P.financialRoomInsufficient.substantiation } });
  });

  it('the contract manager tests the dispute against contract and work agreements and discusses it with the provider contact', () => {
    const schema = definition.events['dispute.tested']!.schema;
    expect(schema.safeParse({ ...P.disputeSolved, discussedWithProviderContact: false }).success).toBe(false);
    expect(schema.safeParse({ ...P.disputeSolved, contractArticles: [] }).success).toBe(false);
    const { workAgreements: _omitted, ...withoutWorkAgreements } = P.disputeSolved;
    expect(schema.safeParse(withoutWorkAgreements).success).toBe(false);
    const { snapshot } = walk(machine, inputOf(WITHOUT_PLACE), UNSOLVED);
    expect(stateOf(snapshot)).toBe('disputeTested');
    expect(snapshot.context).toMatchObject({ disputeTest: { contractArticles: P.disputeUnsolved.contractArticles, outcome: 'unsolved' } });
  });

  it('a solved dispute resolves the case; without a solution the contract manager escalates to the secretary', () => {
    const solved = walk(machine, inputOf(WITHOUT_PLACE), [...CM_TESTING, ev('dispute.tested', P.disputeSolved)]).snapshot;
    expect(solved.can(ev('escalated.toSecretary', P.escalated))).toBe(false);
    expect(explainRefusal(machine, solved, ev('escalated.toSecretary', P.escalated)).blockingGuards).toEqual(['isDisputeUnsolved']);
    expect(stateOf(step(machine, solved, ev('case.resolved', P.caseResolved, 'contractmanager')))).toBe('resolved');

    const unsolved = walk(machine, inputOf(WITHOUT_PLACE), UNSOLVED).snapshot;
    expect(unsolved.can(ev('case.resolved', P.caseResolved, 'contractmanager'))).toBe(false);
    expect(explainRefusal(machine, unsolved, ev('case.resolved', P.caseResolved)).blockingGuards).toEqual(['isDisputeSolved']);
    const escalated = step(machine, unsolved, ev('escalated.toSecretary', P.escalated));
    expect(stateOf(escalated)).toBe('secretaryDeciding.pending');
    expect(metaOf(machine.getStateNodeById('care-content-escalation.secretaryDeciding')).waitingOn).toEqual(['opdrachtgever-besluit']);
  });

  it('the contract manager may test again after a new discussion; the last test counts', () => {
    const unsolved = walk(machine, inputOf(WITHOUT_PLACE), UNSOLVED).snapshot;
    const retested = step(machine, unsolved, ev('dispute.tested', P.disputeSolved));
    expect(stateOf(retested)).toBe('disputeTested');
    expect(retested.can(ev('case.resolved', P.caseResolved, 'contractmanager'))).toBe(true);
  });

  it('the secretary may ask advice from exactly the parties the seed names', () => {
    expect([...ADVISERS]).toEqual(['gemeente', 'lokale-expertiseschil', 'regionaal-onderzoeksteam', 'regionale-flexibele-pool', 'zbt', 'onafhankelijke-derde']);
    const schema = definition.events['advice.requested']!.schema;
    for (const adviser of ADVISERS) expect(schema.safeParse(P.adviceRequested(adviser)).success, adviser).toBe(true);
    expect(schema.safeParse(P.adviceRequested('aanbieder')).success).toBe(false);
  });

  it('each advice request and answer is recorded in the context', () => {
    let { snapshot } = walk(machine, inputOf(WITHOUT_PLACE), SECRETARY);
    snapshot = step(machine, snapshot, ev('advice.requested', P.adviceRequested('gemeente')));
    snapshot = step(machine, snapshot, ev('advice.requested', P.adviceRequested('regionaal-onderzoeksteam')));
    snapshot = step(machine, snapshot, ev('advice.received', P.adviceReceived('gemeente')));
    expect(stateOf(snapshot)).toBe('secretaryDeciding.pending'); // advice does not move the case
    expect((snapshot.context as { advice: AdviceRecord[] }).advice).toEqual([
      { adviser: 'gemeente', question: P.adviceRequested('gemeente').question, requestedAt: AT, answer: { summary: P.adviceReceived('gemeente').summary, receivedAt: AT } },
      { adviser: 'regionaal-onderzoeksteam', question: P.adviceRequested('regionaal-onderzoeksteam').question, requestedAt: AT },
    ]);
  });

  it('an advice answer needs an open request', () => {
    const deciding = walk(machine, inputOf(WITHOUT_PLACE), SECRETARY).snapshot;
    const answer = ev('advice.received', P.adviceReceived('zbt'));
    expect(deciding.can(answer)).toBe(false);
    expect(explainRefusal(machine, deciding, answer).blockingGuards).toEqual(['hasOpenRequestToAdviser']);
    const asked = step(machine, deciding, ev('advice.requested', P.adviceRequested('zbt')));
    expect(asked.can(ev('advice.received', P.adviceReceived('gemeente')))).toBe(false); // another adviser was not asked
    const answered = step(machine, asked, answer);
    expect(answered.can(answer)).toBe(false); // the request is no longer open
  });

  it('a second request to the same adviser waits for the first answer', () => {
    const asked = walk(machine, inputOf(WITHOUT_PLACE), [...SECRETARY, ev('advice.requested', P.adviceRequested('zbt'))]).snapshot;
    expect(asked.can(ev('advice.requested', P.adviceRequested('zbt')))).toBe(false);
    expect(explainRefusal(machine, asked, ev('advice.requested', P.adviceRequested('zbt'))).blockingGuards).toEqual(['hasNoOpenRequestToAdviser']);
    const answered = step(machine, asked, ev('advice.received', P.adviceReceived('zbt')));
    expect(answered.can(ev('advice.requested', P.adviceRequested('zbt')))).toBe(true);
  });

  it('(keuze) the secretary has a decision term of 10 working days by default, configurable per case', () => {
    const { node, def } = deadline('decisionTerm');
    expect(node.id).toBe('care-content-escalation.secretaryDeciding');
    expect(def).toMatchObject({ kind: 'working-days', n: 10, nFromContext: 'decisionTermWorkingDays', onExpiry: 'decisionTerm.expired', waitingOn: ['opdrachtgever-besluit'] });
    expect(def.rule).toContain('(keuze)');
    expect(DEFAULT_DECISION_TERM_WORKING_DAYS).toBe(10);
    expect(contextPath(walk(machine, inputOf(WITHOUT_PLACE), SECRETARY).snapshot.context, def.nFromContext!)).toBe(10);
    expect(contextPath(walk(machine, inputOf({ ...WITHOUT_PLACE, decisionTermWorkingDays: 20 }), SECRETARY).snapshot.context, def.nFromContext!)).toBe(20);
  });

  it('an expired decision term stays visible as overdue and the decision can still be recorded', () => {
    let { snapshot } = walk(machine, inputOf(WITHOUT_PLACE), [...SECRETARY, expiryEvent(deadline('decisionTerm').def, AT)]);
    expect(stateOf(snapshot)).toBe('secretaryDeciding.overdue');
    expect(snapshot.matches('secretaryDeciding')).toBe(true);
    expect(snapshot.context).toMatchObject({ decisionOverdue: true });
    snapshot = step(machine, snapshot, ev('advice.requested', P.adviceRequested('onafhankelijke-derde')));
    snapshot = step(machine, snapshot, ev('secretary.decided', P.secretaryDecided));
    expect(stateOf(snapshot)).toBe('decided');
    expect(snapshot.status).toBe('done');
    expect(snapshot.context).toMatchObject({ decision: P.secretaryDecided });
  });

  it('the secretary decides with reasons', () => {
    const schema = definition.events['secretary.decided']!.schema;
    expect(schema.safeParse({ decision: P.secretaryDecided.decision }).success).toBe(false);
    const { snapshot } = walk(machine, inputOf(WITHOUT_PLACE), [...SECRETARY, ev('secretary.decided', P.secretaryDecided)]);
    expect(stateOf(snapshot)).toBe('decided');
  });

  it('the guards explain refusals in Dutch, quoting 002 §4.4', () => {
    for (const g of Object.values(definition.guards)) {
      expect(g.description).toMatch(/\b(de|het|een|er)\b/);
      expect(g.rule).toMatch(/^002 §4\.4/);
    }
  });
});

describe('care-content-escalation: shared schemas (machines/schemas.ts)', () => {
  it('free text refuses a BSN written with spaces, dots or dashes and anything over 4,000 characters', () => {
    for (const written of ['111 222 333', '111.222.333', '111-222-333', '111222333']) {
      expect(definition.startSchema.safeParse({ ...WITH_PLACE, urgencyReason: `Hulp moet direct starten voor ${written}` }).success, written).toBe(false);
    }
    expect(definition.startSchema.safeParse({ ...WITH_PLACE, urgencyReason: 'x'.repeat(4001) }).success).toBe(false);
  });

  it('dates are real calendar dates and lists and short texts have a maximum', () => {
    const schema = definition.events['actions.agreed']!.schema;
    const action = P.actionsAgreed.actions[0]!;
    expect(schema.safeParse({ ...P.actionsAgreed, actions: [{ ...action, byDate: '2026-02-30' }] }).success).toBe(false);
    expect(schema.safeParse({ ...P.actionsAgreed, actions: Array.from({ length: 51 }, () => action) }).success).toBe(false);
    const tested = definition.events['dispute.tested']!.schema;
    expect(tested.safeParse({ ...P.disputeSolved, contractArticles: ['x'.repeat(201)] }).success).toBe(false);
  });
});
