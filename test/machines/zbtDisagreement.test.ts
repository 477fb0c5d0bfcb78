// P3 — Onenigheid aanbieder en ZBT over arrangement (002 §4.3): pure machine tests, no Temporal.
// Generated coverage (every state, every refusal, every guard both ways, every schema, every deadline)
// from the sample events below, plus one test per rule of the seed.
import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
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
} from '../../machines/testing.ts';
import { DEFAULT_CONTACT_TERM_DAYS, contactTermDaysOf, zbtDisagreement, zbtDisagreementMachine } from '../../machines/zbtDisagreementMachine.ts';
import { fieldNames, generatedCoverageTests } from './generated.ts';
import { amsterdamDateOf, addCalendarDays } from '../../calendar/index.ts';
import { startCase as startOperation } from '../../operations/index.ts';

const definition = zbtDisagreement;
const machine = zbtDisagreementMachine;
const AT = '2026-04-03T08:00:00.000Z';

const START = {
  provider: 'aanbieder-042',
  arrangementReference: 'ARR-2026-017',
  disagreementSummary: 'De voorgestelde intensiteit past niet bij de hulpvraag',
  proposedOn: '2026-04-03',
};

function inputOf(data: Record<string, unknown> = START) {
  return { caseId: 'ZBT-2026-001', startedAt: AT, startedBy: { role: 'aanbieder', userId: 'aanbieder-1' }, data: definition.startSchema.parse(data) };
}
const INPUT = inputOf();

const ev = eventFactory(definition, AT);

// ---------------------------------------------------------------------------------------------
// Samples: valid payloads (several where a guard branches on them) and one broken payload per event

const P = {
  zbtContacted: { summary: 'Telefonisch contact met het ZBT over het arrangement' },
  clarificationStarted: { workingDays: 15, question: 'Welke intensiteit is nodig voor de hulpvraag?' },
  clarificationCompleted: { findings: 'Twee dagdelen per week volstaan niet; vier zijn nodig' },
  arrangementDecided: {
    youthConsulted: true,
    findingsSummary: 'Bevindingen uit de vraagverheldering gewogen',
    adviceSummary: 'Advies van de gedragswetenschapper gevolgd',
    ijw301Reference: 'JW301-00417',
  },
  arrangementAccepted: {},
  disagreementPersisted: { reason: 'Het bepaalde arrangement blijft te licht voor de hulpvraag' },
  giManagerInformed: { summary: 'Stand van zaken en verschil van inzicht overgedragen' },
  managersAgreed: { outcome: 'agreed', summary: 'Teammanagers eens over een aangepast arrangement' },
  managersDisagreed: { outcome: 'disagreed', summary: 'Teammanagers blijven van mening verschillen' },
  contractManagerEngaged: {
    anonymised: true,
    stepsTaken: [
      { date: '2026-04-03', step: 'Arrangement voorgesteld door het ZBT', by: 'zbt' },
      { date: '2026-04-07', step: 'Aanbieder nam contact op en is het oneens', by: 'aanbieder' },
    ],
    differenceOfOpinion: 'De aanbieder acht de intensiteit te laag, het ZBT acht die passend gezien de bevindingen',
    giPosition: 'Het arrangement past bij de bevindingen',
    providerPosition: 'De intensiteit is onvoldoende voor de hulpvraag',
  },
  actionsAgreed: {
    actions: [{ what: 'Contractafspraken over intensiteit nalopen', who: 'contractmanager', byDate: '2026-04-24' }],
    feedbackTermWorkingDays: 7,
  },
  feedbackGiven: { summary: 'Het proces is juist doorlopen; de afspraken zijn nagekomen' },
  processChecked: { processFollowed: true, remarks: 'Alle stappen van §4.3 zijn doorlopen' },
  clientInformed: { informedOn: '2026-04-20', summary: 'Cliënt geïnformeerd over de stand van zaken' },
  bridgingCare: { from: '2026-04-21', description: 'Ambulante begeleiding twee dagdelen per week' },
  caseClosed: { outcome: 'arrangement-upheld', summary: 'Arrangement gehandhaafd na procestoets' },
} as const;

const SAMPLES: EventSamples = {
  'zbt.contacted': [ev('zbt.contacted', P.zbtContacted)],
  'contactTerm.expired': [ev('contactTerm.expired', { deadline: 'contactTerm' })],
  'clarification.started': [ev('clarification.started', P.clarificationStarted)],
  'clarification.completed': [ev('clarification.completed', P.clarificationCompleted)],
  'clarificationTerm.expired': [ev('clarificationTerm.expired', { deadline: 'clarificationTerm' })],
  'arrangement.decided': [ev('arrangement.decided', P.arrangementDecided)],
  'arrangement.accepted': [ev('arrangement.accepted', P.arrangementAccepted)],
  'disagreement.persisted': [ev('disagreement.persisted', P.disagreementPersisted)],
  'giManager.informed': [ev('giManager.informed', P.giManagerInformed)],
  'managers.consulted': [ev('managers.consulted', P.managersAgreed), ev('managers.consulted', P.managersDisagreed)],
  'contractManager.engaged': [ev('contractManager.engaged', P.contractManagerEngaged)],
  'actions.agreed': [ev('actions.agreed', P.actionsAgreed, 'casusregisseur'), ev('actions.agreed', P.actionsAgreed, 'contractmanager')],
  'feedback.given': [ev('feedback.given', P.feedbackGiven)],
  'feedbackTerm.expired': [ev('feedbackTerm.expired', { deadline: 'feedbackTerm' })],
  'process.checked': [ev('process.checked', P.processChecked)],
  'client.informed': [ev('client.informed', P.clientInformed)],
  'bridgingCare.deployed': [ev('bridgingCare.deployed', P.bridgingCare)],
  'case.closed': [ev('case.closed', P.caseClosed, 'zbt'), ev('case.closed', P.caseClosed, 'gi-manager')],
};

/** One broken payload per event type, with what is wrong with it. */
const BROKEN: Record<string, [string, unknown]> = {
  'zbt.contacted': ['empty summary', { summary: '' }],
  'contactTerm.expired': ['another deadline', { deadline: 'feedbackTerm' }],
  'clarification.started': ['more than 40 working days', { ...P.clarificationStarted, workingDays: 41 }],
  'clarification.completed': ['no findings', {}],
  'clarificationTerm.expired': ['no deadline name', {}],
  'arrangement.decided': ['youth not consulted', { ...P.arrangementDecided, youthConsulted: false }],
  'arrangement.accepted': ['unknown field', { agreed: true }],
  'disagreement.persisted': ['reason too short', { reason: 'nee' }],
  'giManager.informed': ['no summary', {}],
  'managers.consulted': ['unknown outcome', { ...P.managersAgreed, outcome: 'maybe' }],
  'contractManager.engaged': ['not anonymised', { ...P.contractManagerEngaged, anonymised: false }],
  'actions.agreed': ['no actions', { ...P.actionsAgreed, actions: [] }],
  'feedback.given': ['summary too short', { summary: 'ok' }],
  'feedbackTerm.expired': ['another deadline', { deadline: 'contactTerm' }],
  'process.checked': ['care advice given', { ...P.processChecked, careAdvice: 'Meer dagdelen inzetten' }],
  'client.informed': ['not a date', { ...P.clientInformed, informedOn: '20-04-2026' }],
  'bridgingCare.deployed': ['no start date', { description: P.bridgingCare.description }],
  'case.closed': ['unknown outcome', { ...P.caseClosed, outcome: 'weet niet' }],
};

// ---------------------------------------------------------------------------------------------
// Helpers

/** Keeps what the guards read (which records exist), not the growing lists themselves. */
function abstractKey(snapshot: AnyMachineSnapshot): string {
  const ctx = snapshot.context as Record<string, unknown>;
  const shape = Object.entries(ctx).map(([k, v]) => [k, Array.isArray(v) ? Math.min(v.length, 1) : v !== null && typeof v === 'object' ? 'set' : v]);
  return JSON.stringify([snapshot.value, shape]);
}

function explore(m: AnyStateMachine = machine) {
  return exploreMachine(m, { input: INPUT, samples: SAMPLES, key: abstractKey });
}

const deadline = (name: string) => findDeadline(machine, name);

// Paths of events used by the rule tests
const CONTACTED = [SAMPLES['zbt.contacted']![0]!];
const DECIDED = [...CONTACTED, ev('arrangement.decided', P.arrangementDecided)];
const PERSISTED = [...DECIDED, ev('disagreement.persisted', P.disagreementPersisted)];
const MANAGERS_DISAGREE = [
  ...PERSISTED,
  ev('giManager.informed', P.giManagerInformed),
  ev('managers.consulted', P.managersDisagreed),
];
const ENGAGED = [...MANAGERS_DISAGREE, ev('contractManager.engaged', P.contractManagerEngaged)];
const AWAITING_FEEDBACK = [...ENGAGED, ev('actions.agreed', P.actionsAgreed, 'casusregisseur')];

// ---------------------------------------------------------------------------------------------

describe('zbt-disagreement: generated coverage', () => {
  const exploration = explore();

  const ESCALATED = ['client.informed', 'bridgingCare.deployed'];
  const CONTRACT_MANAGER = [...ESCALATED, 'process.checked'];
  generatedCoverageTests({
    definition,
    explorations: [exploration],
    explore,
    samples: SAMPLES,
    broken: BROKEN,
    optionalPayloads: ['arrangement.accepted'],
    eventsPerState: {
      'awaitingContact.pending': ['zbt.contacted', 'contactTerm.expired'],
      'awaitingContact.overdue': ['zbt.contacted', 'arrangement.decided'],
      inConsultation: ['clarification.started', 'arrangement.decided'],
      clarifying: ['clarification.completed', 'clarificationTerm.expired'],
      deciding: ['arrangement.decided'],
      arrangementDecided: ['arrangement.accepted', 'disagreement.persisted'],
      'escalated.informingGiManager': [...ESCALATED, 'giManager.informed'],
      'escalated.managersConsulting': [...ESCALATED, 'managers.consulted'],
      'escalated.managersDisagree': [...ESCALATED, 'contractManager.engaged', 'case.closed'],
      'escalated.contractManager.agreeingActions': [...CONTRACT_MANAGER, 'actions.agreed'],
      'escalated.contractManager.awaitingFeedback.pending': [...CONTRACT_MANAGER, 'feedback.given', 'feedbackTerm.expired'],
      'escalated.contractManager.awaitingFeedback.overdue': [...CONTRACT_MANAGER, 'feedback.given'],
      'escalated.concluding': [...ESCALATED, 'case.closed'],
      agreed: [],
      closed: [],
    },
    start: {
      valid: START,
      broken: [
        { ...START, proposedOn: '3 april 2026' },
        { ...START, contactTermDays: 2 },
        { ...START, disagreementSummary: 'x'.repeat(4001) },
      ],
      personalData: { youthName: 'J. Jansen' },
    },
    rule: { section: '002 §4.3', pattern: /^002 §4\.3/ },
  });

  it('every state is reachable', () => {
    expect(exploration.truncated).toBe(false);
    expect(findUnreachedStateNodes(exploration)).toEqual([]);
  });
});

describe('zbt-disagreement: the rules of 002 §4.3', () => {
  it('is started by the provider or the ZBT and has the documented identity', () => {
    expect(definition).toMatchObject({ id: 'zbt-disagreement', version: 1, title: 'Onenigheid aanbieder en ZBT over arrangement' });
    expect(definition.seed).toMatch(/002 .*§4\.3/);
    expect(definition.startRoles).toEqual(['aanbieder', 'zbt']);
  });

  it('each step is taken by the role the seed names', () => {
    const roles = Object.fromEntries(Object.entries(definition.events).map(([t, d]) => [t, [...d.roles]]));
    expect(roles).toEqual({
      'zbt.contacted': ['aanbieder'],
      'contactTerm.expired': ['system'],
      'clarification.started': ['zbt'],
      'clarification.completed': ['aanbieder'],
      'clarificationTerm.expired': ['system'],
      'arrangement.decided': ['zbt'],
      'arrangement.accepted': ['aanbieder'],
      'disagreement.persisted': ['aanbieder'],
      'giManager.informed': ['zbt'],
      'managers.consulted': ['gi-manager'],
      'contractManager.engaged': ['gi-manager'],
      'actions.agreed': ['contractmanager', 'casusregisseur'],
      'feedback.given': ['contractmanager'],
      'feedbackTerm.expired': ['system'],
      'process.checked': ['contractmanager'],
      'client.informed': ['gi-manager'],
      'bridgingCare.deployed': ['gi-manager'],
      'case.closed': ['zbt', 'gi-manager'],
    });
  });

  it('the provider must contact the ZBT within 2 days (calendar days), counted from the date the arrangement was proposed', () => {
    const { node, def } = deadline('contactTerm');
    expect(node.id).toBe('zbt-disagreement.awaitingContact');
    expect(def).toMatchObject({
      kind: 'days',
      n: 2,
      nFromContext: 'contactTermDays',
      startsFromContext: 'proposedOn',
      onExpiry: 'contactTerm.expired',
      waitingOn: ['aanbieder'],
    });
    const { snapshot } = walk(machine, INPUT, []);
    expect(stateOf(snapshot)).toBe('awaitingContact.pending');
    expect(snapshot.context).toMatchObject({ contactTermDays: 2, proposedOn: '2026-04-03' });
  });

  it('002 §4.3 "binnen 2 dagen": nobody sets the contact term per case, not even the provider bound by it', () => {
    const perCase = definition.startSchema.safeParse({ ...START, contactTermDays: 10 });
    expect(perCase.success).toBe(false);
    expect(perCase.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['contactTermDays'] });
    // Even a case input that carries it in its data runs with the term of the deployment.
    const { snapshot } = walk(machine, { ...INPUT, data: { ...INPUT.data, contactTermDays: 10 } }, []);
    expect(snapshot.context.contactTermDays).toBe(DEFAULT_CONTACT_TERM_DAYS);
  });

  it('002 §4.3 "binnen 2 dagen": only the deployment (the commissioning body) sets another contact term, through the start input', () => {
    const { snapshot } = walk(machine, { ...INPUT, settings: { zbtContactTermDays: 3 } }, []);
    expect(contextPath(snapshot.context, deadline('contactTerm').def.nFromContext!)).toBe(3);
    expect(contactTermDaysOf({})).toBe(2);
    expect(contactTermDaysOf(undefined)).toBe(2);
    for (const bad of [0, 11, 2.5]) expect(() => contactTermDaysOf({ zbtContactTermDays: bad })).toThrow(/zbtContactTermDays must be an integer 1–10/);
  });

  it('002 §4.3: a proposal date after today is refused before any workflow starts, naming data.proposedOn', async () => {
    const tomorrow = addCalendarDays(amsterdamDateOf(Date.now()), 1);
    const noClient = { client: undefined as never, taskQueue: 'unused' };
    await expect(
      startOperation(noClient, { procedure: 'zbt-disagreement', caseId: 'ZBT-FUTURE-1', actor: { role: 'aanbieder', userId: 'bert' }, data: { ...START, proposedOn: tomorrow } }),
    ).rejects.toMatchObject({ code: 'INVALID_PAYLOAD', field: 'data.proposedOn' });
  });

  it('002 §4.3: the proposal date starts the contact term, so the engine refuses it after today (startTermStartDates)', () => {
    expect(definition.startTermStartDates).toEqual(['proposedOn']);
    expect(deadline('contactTerm').def.startsFromContext).toBe('proposedOn');
    expect(definition.startSchema.safeParse({ ...START, proposedOn: '2026-02-30' }).success).toBe(false);
  });

  it('(keuze) a proposal whose contact term ended more than 4 weeks before registration is refused, naming the field and the rule', () => {
    const check = definition.checkStart!;
    const startedBy = { role: 'aanbieder' as const, userId: 'bert', organisation: 'zorg-oost' };
    // Proposed 3 April, 2-day term ended 5 April; 4 weeks later is 3 May.
    expect(check(START as never, { startedBy, today: '2026-05-03', settings: {} })).toBeUndefined();
    const refusal = check(START as never, { startedBy, today: '2026-05-04', settings: {} });
    expect(refusal).toMatchObject({ field: 'proposedOn', rule: expect.stringContaining('binnen 2 dagen contact op met het JB-team/ZBT') });
    expect(refusal!.message).toContain('2026-04-03');
    expect(check({ ...START, proposedOn: '2016-04-03' } as never, { startedBy, today: '2026-04-03', settings: {} })?.field).toBe('proposedOn');
    // The window counts from the end of the deployment's term.
    expect(check(START as never, { startedBy, today: '2026-05-04', settings: { zbtContactTermDays: 3 } })).toBeUndefined();
  });

  it('the provider meets the contact term by recording the contact', () => {
    const { snapshot } = walk(machine, INPUT, CONTACTED);
    expect(stateOf(snapshot)).toBe('inConsultation');
    expect(snapshot.context).toMatchObject({ contact: { summary: P.zbtContacted.summary, at: AT }, contactOverdue: false });
  });

  it('an expired contact term stays visible as overdue and the contact can still be recorded', () => {
    const { snapshot } = walk(machine, INPUT, [expiryEvent(deadline('contactTerm').def, AT)]);
    expect(stateOf(snapshot)).toBe('awaitingContact.overdue');
    expect(snapshot.matches('awaitingContact')).toBe(true); // the node declaring the deadline stays active
    expect(snapshot.context).toMatchObject({ contactOverdue: true });
    const late = step(machine, snapshot, ev('zbt.contacted', P.zbtContacted));
    expect(stateOf(late)).toBe('inConsultation');
    expect(late.context).toMatchObject({ contactOverdue: true });
  });

  it('(keuze) after the contact term expired the ZBT may decide the arrangement without the provider', () => {
    const { snapshot } = walk(machine, INPUT, [ev('contactTerm.expired', { deadline: 'contactTerm' }), ev('arrangement.decided', P.arrangementDecided)]);
    expect(stateOf(snapshot)).toBe('arrangementDecided');
    expect(snapshot.can(ev('arrangement.decided', P.arrangementDecided))).toBe(false);
    const pending = walk(machine, INPUT, []).snapshot;
    expect(pending.can(ev('arrangement.decided', P.arrangementDecided))).toBe(false); // not while the term runs
  });

  it('the ZBT may set a bounded vraagverheldering: its end is a deadline in working days of the length set', () => {
    const { node, def } = deadline('clarificationTerm');
    expect(node.id).toBe('zbt-disagreement.clarifying');
    expect(def).toMatchObject({ kind: 'working-days', nFromContext: 'clarification.workingDays', onExpiry: 'clarificationTerm.expired', waitingOn: ['aanbieder'] });
    const { snapshot } = walk(machine, INPUT, [...CONTACTED, ev('clarification.started', P.clarificationStarted)]);
    expect(stateOf(snapshot)).toBe('clarifying');
    expect(contextPath(snapshot.context, def.nFromContext!)).toBe(15);
    expect(definition.events['clarification.started']!.schema.safeParse({ ...P.clarificationStarted, workingDays: 0 }).success).toBe(false);
  });

  it('after the vraagverheldering the ZBT decides, with the findings recorded', () => {
    const { snapshot } = walk(machine, INPUT, [...CONTACTED, ev('clarification.started', P.clarificationStarted), ev('clarification.completed', P.clarificationCompleted)]);
    expect(stateOf(snapshot)).toBe('deciding');
    expect(snapshot.context).toMatchObject({ clarification: { findings: P.clarificationCompleted.findings, expired: false } });
    expect(stateOf(step(machine, snapshot, ev('arrangement.decided', P.arrangementDecided)))).toBe('arrangementDecided');
  });

  it('when the vraagverheldering period ends without findings the ZBT decides anyway', () => {
    const { snapshot } = walk(machine, INPUT, [...CONTACTED, ev('clarification.started', P.clarificationStarted), ev('clarificationTerm.expired', { deadline: 'clarificationTerm' })]);
    expect(stateOf(snapshot)).toBe('deciding');
    expect(snapshot.context).toMatchObject({ clarification: { expired: true } });
    expect(snapshot.can(ev('clarification.completed', P.clarificationCompleted))).toBe(false);
    expect(snapshot.can(ev('arrangement.decided', P.arrangementDecided))).toBe(true);
  });

  it('the ZBT does not decide while the vraagverheldering runs', () => {
    const { snapshot } = walk(machine, INPUT, [...CONTACTED, ev('clarification.started', P.clarificationStarted)]);
    expect(snapshot.can(ev('arrangement.decided', P.arrangementDecided))).toBe(false);
  });

  it('the arrangement is decided only in consultation with the youth', () => {
    const schema = definition.events['arrangement.decided']!.schema;
    expect(schema.safeParse({ ...P.arrangementDecided, youthConsulted: false }).success).toBe(false);
    const { youthConsulted: _omitted, ...withoutConsultation } = P.arrangementDecided;
    expect(schema.safeParse(withoutConsultation).success).toBe(false);
  });

  it('the order is issued as an iJW301: its reference is required and pattern-checked', () => {
    const schema = definition.events['arrangement.decided']!.schema;
    const { ijw301Reference: _omitted, ...withoutReference } = P.arrangementDecided;
    expect(schema.safeParse(withoutReference).success).toBe(false);
    for (const bad of ['', 'JW301 00417', 'JW301-0041700000', 'jw301/17']) {
      expect(schema.safeParse({ ...P.arrangementDecided, ijw301Reference: bad }).success, bad).toBe(false);
    }
    const { snapshot } = walk(machine, INPUT, DECIDED);
    expect(snapshot.context).toMatchObject({ decision: { ijw301Reference: 'JW301-00417', youthConsulted: true } });
  });

  it("the provider's agreement with the decided arrangement closes the case", () => {
    const { snapshot } = walk(machine, INPUT, [...DECIDED, ev('arrangement.accepted', {})]);
    expect(stateOf(snapshot)).toBe('agreed');
    expect(snapshot.status).toBe('done');
  });

  it('still no agreement: the GI team leader/manager is informed and consults the provider team manager', () => {
    let { snapshot } = walk(machine, INPUT, PERSISTED);
    expect(stateOf(snapshot)).toBe('escalated.informingGiManager');
    expect(metaOf(machine.getStateNodeById('zbt-disagreement.escalated.informingGiManager')).waitingOn).toEqual(['zbt']);
    snapshot = step(machine, snapshot, ev('giManager.informed', P.giManagerInformed));
    expect(stateOf(snapshot)).toBe('escalated.managersConsulting');
    expect(metaOf(machine.getStateNodeById('zbt-disagreement.escalated.managersConsulting')).waitingOn).toEqual(['gi-manager']);
  });

  it('managers who agree go to closing; managers who disagree may engage the contract manager', () => {
    const consulting = walk(machine, INPUT, [...PERSISTED, ev('giManager.informed', P.giManagerInformed)]).snapshot;
    expect(stateOf(step(machine, consulting, ev('managers.consulted', P.managersAgreed)))).toBe('escalated.concluding');
    const disagree = step(machine, consulting, ev('managers.consulted', P.managersDisagreed));
    expect(stateOf(disagree)).toBe('escalated.managersDisagree');
    expect(disagree.context).toMatchObject({ managersConsultation: { outcome: 'disagreed' } });
    expect(disagree.can(ev('contractManager.engaged', P.contractManagerEngaged))).toBe(true);
  });

  it('the contract manager is engaged with the fixed format, recorded in the dossier', () => {
    const { snapshot } = walk(machine, INPUT, ENGAGED);
    expect(stateOf(snapshot)).toBe('escalated.contractManager.agreeingActions');
    expect(snapshot.context).toMatchObject({ contractManagerRequest: { anonymised: true, stepsTaken: P.contractManagerEngaged.stepsTaken } });
  });

  it('the fixed format refuses a request that is not anonymised', () => {
    const schema = definition.events['contractManager.engaged']!.schema;
    expect(schema.safeParse({ ...P.contractManagerEngaged, anonymised: false }).success).toBe(false);
    const { anonymised: _omitted, ...notMarked } = P.contractManagerEngaged;
    expect(schema.safeParse(notMarked).success).toBe(false);
  });

  it('the fixed format needs the steps taken (date, step, role) and a substantiated difference of opinion', () => {
    const schema = definition.events['contractManager.engaged']!.schema;
    expect(schema.safeParse({ ...P.contractManagerEngaged, stepsTaken: [] }).success).toBe(false);
    expect(schema.safeParse({ ...P.contractManagerEngaged, stepsTaken: [{ date: '2026-04-03', step: 'Voorstel gedaan' }] }).success).toBe(false);
    expect(schema.safeParse({ ...P.contractManagerEngaged, stepsTaken: [{ date: '2026-04-03', step: 'Voorstel gedaan', by: 'Jan de Vries' }] }).success).toBe(false);
    expect(schema.safeParse({ ...P.contractManagerEngaged, differenceOfOpinion: 'Oneens over het arrangement' }).success).toBe(false);
    expect(schema.safeParse({ ...P.contractManagerEngaged, differenceOfOpinion: 'x'.repeat(30) }).success).toBe(true);
    const { providerPosition: _omitted, ...oneSided } = P.contractManagerEngaged;
    expect(schema.safeParse(oneSided).success).toBe(false);
  });

  it('the local team leader and the contract manager agree actions and a feedback term: a deadline in working days on the contract manager', () => {
    const { node, def } = deadline('feedbackTerm');
    expect(node.id).toBe('zbt-disagreement.escalated.contractManager.awaitingFeedback');
    expect(def).toMatchObject({ kind: 'working-days', nFromContext: 'feedbackTermWorkingDays', onExpiry: 'feedbackTerm.expired', waitingOn: ['contractmanager'] });
    expect(metaOf(node).waitingOn).toEqual(['contractmanager']);
    for (const role of ['casusregisseur', 'contractmanager'] as const) {
      const { snapshot } = walk(machine, INPUT, [...ENGAGED, ev('actions.agreed', P.actionsAgreed, role)]);
      expect(stateOf(snapshot)).toBe('escalated.contractManager.awaitingFeedback.pending');
      expect(contextPath(snapshot.context, def.nFromContext!)).toBe(7);
      expect(snapshot.context).toMatchObject({ agreedActions: P.actionsAgreed.actions });
    }
    const schema = definition.events['actions.agreed']!.schema;
    expect(schema.safeParse({ ...P.actionsAgreed, feedbackTermWorkingDays: 61 }).success).toBe(false);
    expect(schema.safeParse({ ...P.actionsAgreed, actions: [{ what: 'Nalopen', who: 'contractmanager' }] }).success).toBe(false);
  });

  it('an expired feedback term stays visible as overdue and the feedback can still be given', () => {
    let { snapshot } = walk(machine, INPUT, [...AWAITING_FEEDBACK, ev('process.checked', P.processChecked), expiryEvent(deadline('feedbackTerm').def, AT)]);
    expect(stateOf(snapshot)).toBe('escalated.contractManager.awaitingFeedback.overdue');
    expect(snapshot.matches({ escalated: { contractManager: 'awaitingFeedback' } })).toBe(true);
    expect(snapshot.context).toMatchObject({ feedbackOverdue: true });
    snapshot = step(machine, snapshot, ev('feedback.given', P.feedbackGiven));
    expect(stateOf(snapshot)).toBe('escalated.concluding');
  });

  it('the contract manager gives no care advice: the process check has no field for it', () => {
    const schema = definition.events['process.checked']!.schema;
    expect(fieldNames(schema).sort()).toEqual(['processFollowed', 'remarks']);
    const withAdvice = schema.safeParse({ ...P.processChecked, careAdvice: 'Zet vier dagdelen in' });
    expect(withAdvice.success).toBe(false);
    expect(JSON.stringify(withAdvice.error?.issues)).toContain('careAdvice');
    expect(schema.safeParse({ remarks: 'Proces doorlopen' }).success).toBe(false); // processFollowed is required
  });

  it('the contract manager checks the process before giving feedback', () => {
    const waiting = walk(machine, INPUT, AWAITING_FEEDBACK).snapshot;
    const feedback = ev('feedback.given', P.feedbackGiven);
    expect(waiting.can(feedback)).toBe(false);
    expect(explainRefusal(machine, waiting, feedback)).toEqual({ handled: true, blockingGuards: ['isProcessChecked'] });
    const checked = step(machine, waiting, ev('process.checked', { processFollowed: false, remarks: 'Stap 3 is overgeslagen' }));
    expect(checked.context).toMatchObject({ processCheck: { processFollowed: false } });
    expect(stateOf(step(machine, checked, feedback))).toBe('escalated.concluding');
  });

  it('the GI informs the client and may deploy bridging care; both are recorded', () => {
    let { snapshot } = walk(machine, INPUT, PERSISTED);
    snapshot = step(machine, snapshot, ev('bridgingCare.deployed', P.bridgingCare));
    snapshot = step(machine, snapshot, ev('client.informed', P.clientInformed));
    expect(stateOf(snapshot)).toBe('escalated.informingGiManager'); // recording does not move the case
    expect(snapshot.context).toMatchObject({
      bridgingCare: [{ ...P.bridgingCare, at: AT }],
      clientInformed: { ...P.clientInformed, at: AT },
    });
    expect(walk(machine, INPUT, DECIDED).snapshot.can(ev('client.informed', P.clientInformed))).toBe(false);
  });

  it('closing needs the client informed', () => {
    const concluding = walk(machine, INPUT, [...PERSISTED, ev('giManager.informed', P.giManagerInformed), ev('managers.consulted', P.managersAgreed)]).snapshot;
    const close = ev('case.closed', P.caseClosed, 'gi-manager');
    expect(concluding.can(close)).toBe(false);
    expect(explainRefusal(machine, concluding, close).blockingGuards).toEqual(['isClientInformed']);
    const informed = step(machine, concluding, ev('client.informed', P.clientInformed));
    const closed = step(machine, informed, close);
    expect(stateOf(closed)).toBe('closed');
    expect(closed.context).toMatchObject({ closure: { outcome: 'arrangement-upheld' } });

    const disagree = walk(machine, INPUT, MANAGERS_DISAGREE).snapshot;
    expect(disagree.can(ev('case.closed', P.caseClosed, 'zbt'))).toBe(false);
    expect(stateOf(step(machine, step(machine, disagree, ev('client.informed', P.clientInformed)), ev('case.closed', P.caseClosed, 'zbt')))).toBe('closed');
  });

  it('the guards explain refusals in Dutch, quoting 002 §4.3', () => {
    for (const g of Object.values(definition.guards)) {
      expect(g.description).toMatch(/\b(de|het|een)\b/);
      expect(g.rule).toMatch(/^002 §4\.3/);
    }
  });
});

describe('zbt-disagreement: shared schemas (machines/schemas.ts)', () => {
  it('free text refuses a BSN written with spaces, dots or dashes and anything over 4,000 characters', () => {
    for (const written of ['111 222 333', '111.222.333', '111-222-333', '111222333']) {
      expect(definition.startSchema.safeParse({ ...START, disagreementSummary: `Intensiteit past niet bij ${written}` }).success, written).toBe(false);
    }
    expect(definition.startSchema.safeParse({ ...START, disagreementSummary: 'x'.repeat(4001) }).success).toBe(false);
  });

  it('dates are real calendar dates and lists have a maximum', () => {
    expect(definition.startSchema.safeParse({ ...START, proposedOn: '9999-12-31' }).success).toBe(false);
    const schema = definition.events['contractManager.engaged']!.schema;
    const step = P.contractManagerEngaged.stepsTaken[0];
    expect(schema.safeParse({ ...P.contractManagerEngaged, stepsTaken: Array.from({ length: 51 }, () => step) }).success).toBe(false);
  });
});
