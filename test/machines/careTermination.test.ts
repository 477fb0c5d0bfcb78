// P2 — Beëindiging jeugdhulp door aanbieder (002 §4.2). Pure xstate stepping (initialTransition/transition),
// no engine, no Temporal. The first half is generated from the definition (reachability, refusals, guards,
// schemas, deadlines); the second half proves the rules of the seed one by one.
import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type AnyMachineSnapshot, type SnapshotFrom } from 'xstate';
import {
  careTermination,
  careTerminationMachine,
  DECISION_TERM_WORKING_DAYS,
  personalDataSchema,
  SIGNAL_OUTCOMES,
  startSchema,
  type CareTerminationEvent,
  type CareTerminationStart,
} from '../../machines/careTerminationMachine.ts';
import {
  activeStateNodes,
  allStateNodes,
  exploreMachine,
  explainRefusal,
  expiryEvent,
  findUnhandledDeadlines,
  findUnresolvedDeadlinePaths,
  exploreWithinAndAfterTerms,
  step,
  type EventSamples,
} from '../../machines/testing.ts';
import type { AnyRole, StateMeta } from '../../machines/types.ts';
import { generatedDefinitionTests } from './generated.ts';

type Snapshot = SnapshotFrom<typeof careTerminationMachine>;

const AT = '2026-03-02T09:00:00.000Z';

const START: CareTerminationStart = {
  provider: 'aanbieder-042',
  caseDirector: 'lokaal-team',
  childProtectionMeasure: false,
  seriousReasons: 'Herhaalde bedreiging van medewerkers door een familielid van de jeugdige',
  reasonCategory: 'bedreiging-intimidatie',
  optOut: false,
};

const CONSENT_FORM = {
  signedBy: 'Teammanager ambulante hulp',
  signedOn: '2026-03-20',
  attachments: { conversationReports: true, agreementsOverview: true, firstWarningCopy: true, secondWarningCopy: true },
  copyToContractManager: true,
};

const criterion = <A>(answer: A, explanation: string) => ({ answer, explanation });
const CONSENT = {
  behaviourCausedByCondition: criterion('deels', 'Gedrag komt deels voort uit de stoornis, maar de dreiging komt van een familielid'),
  providerTriedEnough: criterion(true, 'Twee gesprekken en twee waarschuwingen, afspraken steeds herhaald'),
  procedureFollowed: criterion(true, 'Alle stappen van 4.2 zijn gedocumenteerd'),
  continuationArranged: criterion(true, 'Overdracht aan een andere aanbieder is voorbereid'),
  consent: true,
  reason: 'De situatie is onwerkbaar voor de medewerkers; voortzetting elders is geregeld',
};
const REFUSAL = { ...CONSENT, providerTriedEnough: criterion(false, 'Er is geen alternatief geprobeerd'), consent: false, reason: 'Onvoldoende geprobeerd de beëindiging te voorkomen' };
const CONSENT_WITHOUT_PROCEDURE = { ...CONSENT, procedureFollowed: criterion(false, 'De tweede waarschuwing ontbreekt in het dossier') };

/**
 * Per event: schema-valid samples (the first is the ordinary one; the others are variants the exploration uses to
 * drive guards both ways) and one broken payload the schema must refuse.
 */
const SAMPLES: Record<string, { valid: Record<string, unknown>[]; broken: Record<string, unknown> }> = {
  'caseDirector.informed': { valid: [{ informedOn: '2026-03-02' }], broken: { informedOn: '2 maart' } },
  'conversation.held': {
    valid: [{ date: '2026-03-03', report: 'Dossier, gespreksverslag 1', agreements: ['Geen dreigementen richting medewerkers'] }],
    broken: { date: '2026-03-03', report: 'Dossier, gespreksverslag 1', agreements: [] },
  },
  'warning.first.issued': {
    valid: [
      { date: '2026-03-10', copyReference: 'Dossier, brief W1' },
      { date: '2026-01-05', copyReference: 'Dossier, brief W1' }, // dated before any conversation
    ],
    broken: { date: '2026-03-10' },
  },
  'warning.second.issued': {
    valid: [
      { date: '2026-03-17', copyReference: 'Dossier, brief W2' },
      { date: '2026-03-09', copyReference: 'Dossier, brief W2' }, // dated before the first warning
    ],
    broken: { date: '2026-03-17', copyReference: 'Dossier, brief W2', bsn: '111222333' },
  },
  'consentForm.submitted': { valid: [CONSENT_FORM], broken: { ...CONSENT_FORM, copyToContractManager: false } },
  'decision.made': {
    valid: [CONSENT, REFUSAL, CONSENT_WITHOUT_PROCEDURE],
    broken: (({ continuationArranged: _omitted, ...rest }) => rest)(CONSENT),
  },
  'decisionTerm.expired': { valid: [{ deadline: 'decisionTerm' }], broken: { deadline: 'anders' } },
  'solution.proposed': {
    valid: [{ kind: 'andere-oplossing', description: 'Gezinshuis via het lokale team, voorgesteld door de aanbieder' }],
    broken: { kind: 'andere-oplossing', description: 'x'.repeat(4001) },
  },
  'solution.confirmed': {
    valid: [
      { kind: 'overdracht', description: 'Overdracht aan aanbieder-077 per 1 april' },
      { kind: 'andere-oplossing', description: 'Gezinshuis via het lokale team geregeld' },
    ],
    broken: { kind: 'ontslag', description: 'Zorg stopt gewoon per direct' },
  },
  'continuation.waived': {
    valid: [{ ground: 'veiligheid-medewerkers', explanation: 'Nieuwe ernstige bedreiging van een medewerker; voortzetting is onverantwoord' }],
    broken: { ground: 'veiligheid-medewerkers' },
  },
  'care.refused': {
    valid: [{ refusedOn: '2026-03-04', explanation: 'De aanbieder weigert de begeleiding voort te zetten zonder besluit' }],
    broken: { refusedOn: '2026-03-04', explanation: 'BSN 111.222.333 weigert' },
  },
  'warmHandover.completed': {
    valid: [{ completedOn: '2026-04-01', note: 'Driegesprek met de nieuwe aanbieder gevoerd' }],
    broken: { completedOn: '2026-04-01' },
  },
  'care.terminated': { valid: [{ endDate: '2026-04-01' }], broken: { endDate: '2026-04-31' } },
  'termination.withdrawn': {
    valid: [{ reason: 'De afspraken worden inmiddels nagekomen' }],
    broken: { reason: 'BSN 111222333 staat in het dossier' },
  },
};

const definition = careTermination;
const EVENT_TYPES = Object.keys(definition.events);

/** An event as the engine would send it; the payload is the test's (valid or not), so it is cast to the machine's event union. */
function ev(type: string, payload: Record<string, unknown> = SAMPLES[type]!.valid[0]!, role?: AnyRole): CareTerminationEvent {
  const sender = role ?? definition.events[type]!.roles[0]!;
  return { type, payload, actor: { role: sender, userId: `u-${sender}` }, at: AT } as CareTerminationEvent;
}

function start(data: Partial<CareTerminationStart> = {}): Snapshot {
  const [snapshot] = initialTransition(careTerminationMachine, {
    caseId: 'BJ-1',
    startedAt: AT,
    startedBy: { role: 'aanbieder', userId: 'u-aanbieder' },
    data: startSchema.parse({ ...START, ...data }),
  });
  return snapshot;
}

/** Sends events in order; every one must be accepted (a refusal throws, naming the blocking guards). */
function run(snapshot: Snapshot, ...events: CareTerminationEvent[]): Snapshot {
  return events.reduce((s, e) => step(careTerminationMachine, s, e) as Snapshot, snapshot);
}

const STATE_NODES = allStateNodes(careTerminationMachine).filter((n) => n !== careTerminationMachine.root);

const YOUTH = { name: 'J. de Vries', bsn: '111222333', dateOfBirth: '2010-05-01', address: 'Coolsingel 40, Rotterdam' };

// Reaching the decision, the shortest lawful way.
const toPreparing = (s = start()) => run(s, ev('caseDirector.informed'));
const conversation = (date = '2026-03-03') => ev('conversation.held', { ...SAMPLES['conversation.held']!.valid[0]!, date });
const firstWarning = ev('warning.first.issued');
const secondWarning = ev('warning.second.issued');
const toSecondWarning = (s = start()) => run(toPreparing(s), conversation('2026-03-03'), conversation('2026-03-05'), firstWarning, secondWarning);
const toAwaitingDecision = (s = start()) => run(toSecondWarning(s), ev('consentForm.submitted'));
const toConsented = (s = start()) => run(toAwaitingDecision(s), ev('decision.made', CONSENT));

// ---------------------------------------------------------------------------------------------
// Exploration (machines/testing.ts): breadth-first over every sample event, with the guards recorded, and
// within the terms (without expiry events).

const EVENT_SAMPLES: EventSamples = Object.fromEntries(
  EVENT_TYPES.map((type) => [type, SAMPLES[type]!.valid.map((payload) => ev(type, payload))]),
);
const INPUT = { caseId: 'BJ-1', startedAt: AT, startedBy: { role: 'aanbieder', userId: 'u-aanbieder' }, data: START };
/** What the guards read; conversations beyond the second add nothing to explore. */
const KEY = (s: AnyMachineSnapshot) => {
  const ctx = s.context as Snapshot['context'];
  return JSON.stringify([s.value, { ...ctx, conversations: ctx.conversations.slice(0, 2) }]);
};
const EXPLORATION = exploreWithinAndAfterTerms(careTerminationMachine, EVENT_SAMPLES, (machine, samples) =>
  exploreMachine(machine, { input: INPUT, samples, key: KEY }),
);
const { explored: EXPLORED, withinTerms: EXPLORED_WITHIN_TERMS } = EXPLORATION;
const REACHED = EXPLORED.states.map((s) => s.snapshot as Snapshot);

// ---------------------------------------------------------------------------------------------

describe('care-termination: generated from the definition', () => {
  it('is registered under its id with its title, seed and start role', () => {
    expect(definition.id).toBe('care-termination');
    expect(definition.version).toBe(1);
    expect(definition.title).toBe('Beëindiging jeugdhulp door aanbieder');
    expect(definition.seed).toBe('002 Protocol contractmanagement GR Jeugdhulp Rijnmond, §4.2');
    expect(definition.startRoles).toEqual(['aanbieder']);
    expect(definition.personalDataSchema).toBe(personalDataSchema);
  });

  generatedDefinitionTests({
    definition,
    samples: SAMPLES,
    events: EVENT_SAMPLES,
    exploration: EXPLORATION,
    rule: { title: 'from 002 §4.2', pattern: /^002 §4\.2/ },
    guardDescription: /\S{10}/,
    openStatesWaitOnSomeone: true,
    otherSchemas: [
      ['start data', startSchema, START, { ...START, seriousReasons: 'te kort' }],
      ['personal data', personalDataSchema, YOUTH, { ...YOUTH, dateOfBirth: '01-05-2010' }],
    ],
    unknownField: 'unexpected',
  });

  const deadlines = STATE_NODES.flatMap((node) => ((node.meta as StateMeta | undefined)?.deadlines ?? []).map((d) => [`${node.id}#${d.name}`, node, d] as const));

  it('declares the decision term as its only deadline, a (keuze) of 10 working days', () => {
    expect(deadlines.map(([key]) => key)).toEqual(['careTermination.awaitingDecision#decisionTerm']);
    for (const [, , d] of deadlines) expect(d.rule).toMatch(/^002 §4\.2.*\(keuze\)/);
  });

  it('every deadline\'s onExpiry is handled where it is declared while the term runs, and does something', () => {
    expect(findUnhandledDeadlines(EXPLORED_WITHIN_TERMS)).toEqual([]);
    expect(findUnresolvedDeadlinePaths(EXPLORED)).toEqual([]);
  });

  it.each(deadlines)('deadline %s expires into a state that still shows it (a child of the declaring state)', (_key, node, d) => {
    const entering = EXPLORED_WITHIN_TERMS.states.filter((s) => activeStateNodes(s.snapshot).includes(node));
    expect(entering.length).toBeGreaterThan(0);
    for (const { snapshot } of entering) {
      const [next] = transition(careTerminationMachine, snapshot, expiryEvent(d) as CareTerminationEvent);
      expect(activeStateNodes(next)).toContain(node);
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('care-termination: the rules of 002 §4.2', () => {
  it('start data records the case director and refuses one that contradicts the child-protection measure', () => {
    expect(startSchema.safeParse({ ...START, caseDirector: 'lokaal-team', childProtectionMeasure: false }).success).toBe(true);
    expect(startSchema.safeParse({ ...START, caseDirector: 'gi', childProtectionMeasure: true }).success).toBe(true);
    expect(startSchema.safeParse({ ...START, caseDirector: 'gi', childProtectionMeasure: false }).success).toBe(false);
    expect(startSchema.safeParse({ ...START, caseDirector: 'lokaal-team', childProtectionMeasure: true }).success).toBe(false);
    const s = start({ caseDirector: 'gi', childProtectionMeasure: true });
    expect(s.context).toMatchObject({ caseDirector: 'gi', childProtectionMeasure: true, provider: 'aanbieder-042' });
  });

  it('start data and payloads carry no personal data: unknown fields and BSN-like numbers in free text are refused', () => {
    expect(startSchema.safeParse({ ...START, bsn: '111222333' }).success).toBe(false);
    expect(startSchema.safeParse({ ...START, seriousReasons: 'Jeugdige met BSN 111222333 bedreigt medewerkers' }).success).toBe(false);
    const report = { ...SAMPLES['conversation.held']!.valid[0]!, report: 'Verslag over 111222333' };
    expect(definition.events['conversation.held']!.schema.safeParse(report).success).toBe(false);
    // The context holds the start data (no personal data) plus the records of the events.
    expect(Object.keys(start().context).sort()).toEqual(
      ['caseDirector', 'caseId', 'childProtectionMeasure', 'conversations', 'decisionOverdue', 'optOut', 'provider', 'reasonCategory', 'seriousReasons', 'warnings'].sort(),
    );
  });

  it('personal data schema rejects a BSN failing the eleven-test', () => {
    const youth = YOUTH;
    expect(personalDataSchema.safeParse(youth).success).toBe(true);
    expect(personalDataSchema.safeParse({ ...youth, bsn: '123456789' }).success).toBe(false);
    expect(personalDataSchema.safeParse({ ...youth, bsn: '000000000' }).success).toBe(false);
    expect(personalDataSchema.safeParse({ ...youth, bsn: '11122233' }).success).toBe(false);
    expect(personalDataSchema.safeParse({ ...youth, dateOfBirth: '2010-02-30' }).success).toBe(false);
  });

  it('the case director is informed first: no conversation before that', () => {
    const s = start();
    expect(s.value).toBe('informing');
    expect(s.can(conversation())).toBe(false);
    expect(toPreparing(s).value).toEqual({ preparing: 'noWarning' });
    expect(toPreparing(s).context.caseDirectorInformedOn).toBe('2026-03-02');
  });

  it('conversations with the youth are kept as a list with date, report and agreements', () => {
    const s = run(toPreparing(), conversation('2026-03-03'), conversation('2026-03-05'));
    expect(s.context.conversations).toHaveLength(2);
    expect(s.context.conversations.map((c) => c.date)).toEqual(['2026-03-03', '2026-03-05']);
    expect(s.context.conversations[0]).toMatchObject({ report: 'Dossier, gespreksverslag 1', agreements: ['Geen dreigementen richting medewerkers'], recordedBy: 'u-aanbieder' });
  });

  it('a first warning needs agreements from an earlier conversation', () => {
    const s = toPreparing();
    expect(s.can(firstWarning)).toBe(false);
    const talked = run(s, conversation('2026-03-03'));
    expect(talked.can(ev('warning.first.issued', { date: '2026-03-01', copyReference: 'Dossier, brief W1' }))).toBe(false);
    expect(run(talked, firstWarning).value).toEqual({ preparing: 'firstWarning' });
  });

  it('no second warning before the first', () => {
    const talked = run(toPreparing(), conversation('2026-03-03'));
    expect(talked.can(secondWarning)).toBe(false);
    expect(transition(careTerminationMachine, talked, secondWarning)[0].value).toEqual({ preparing: 'noWarning' });
    const warned = run(talked, firstWarning);
    expect(warned.can(ev('warning.second.issued', { date: '2026-03-09', copyReference: 'Dossier, brief W2' }))).toBe(false);
    const twice = run(warned, secondWarning);
    expect(twice.value).toEqual({ preparing: 'secondWarning' });
    expect(twice.context.warnings.first?.copyReference).toBe('Dossier, brief W1');
    expect(twice.context.warnings.second?.copyReference).toBe('Dossier, brief W2');
    expect(twice.can(secondWarning)).toBe(false); // no third
  });

  it('no consent form before two conversations and two warnings', () => {
    const form = ev('consentForm.submitted');
    const one = run(toPreparing(), conversation('2026-03-03'));
    expect(one.can(form)).toBe(false);
    const oneAndWarnings = run(one, firstWarning, secondWarning);
    expect(oneAndWarnings.can(form)).toBe(false); // two warnings, one conversation
    const twoAndOneWarning = run(toPreparing(), conversation('2026-03-03'), conversation('2026-03-05'), firstWarning);
    expect(twoAndOneWarning.can(form)).toBe(false); // two conversations, one warning
    const ready = run(oneAndWarnings, conversation('2026-03-18'));
    expect(ready.can(form)).toBe(true);
    expect(run(ready, form).value).toEqual({ awaitingDecision: 'pending' });
  });

  it('the consent form needs all attachments and the manager\'s signature', () => {
    const schema = definition.events['consentForm.submitted']!.schema;
    for (const key of Object.keys(CONSENT_FORM.attachments)) {
      expect(schema.safeParse({ ...CONSENT_FORM, attachments: { ...CONSENT_FORM.attachments, [key]: false } }).success).toBe(false);
    }
    expect(schema.safeParse({ ...CONSENT_FORM, signedBy: undefined }).success).toBe(false);
    expect(schema.safeParse({ ...CONSENT_FORM, signedOn: undefined }).success).toBe(false);
  });

  it('the consent form copies the contract manager and is anonymised for opt-out', () => {
    for (const optOut of [false, true]) {
      const [next, actions] = transition(careTerminationMachine, toSecondWarning(start({ optOut })), ev('consentForm.submitted'));
      expect(next.context.consentForm?.copyToContractManager).toBe(true);
      const notices = actions.filter((a) => a.type === 'notify').map((a) => a.params);
      expect(notices).toContainEqual({ template: 'consent-form-copy', to: ['contractmanager'], anonymised: optOut });
      expect(notices).toContainEqual({ template: 'consent-form-submitted', to: ['casusregisseur'] });
    }
  });

  it(`the case director decides within ${DECISION_TERM_WORKING_DAYS} working days; after expiry the case is overdue and still accepts the decision`, () => {
    const waiting = toAwaitingDecision();
    const [overdue, actions] = transition(careTerminationMachine, waiting, ev('decisionTerm.expired', { deadline: 'decisionTerm' }, 'system'));
    expect(overdue.value).toEqual({ awaitingDecision: 'overdue' });
    expect(overdue.context.decisionOverdue).toBe(true);
    expect(actions.map((a) => a.params)).toContainEqual({ template: 'decision-overdue', to: ['casusregisseur', 'aanbieder'] });
    expect(run(overdue, ev('decision.made', CONSENT)).value).toEqual({ consented: 'seekingSolution' });
    const meta = careTerminationMachine.root.states.awaitingDecision!.meta as StateMeta;
    expect(meta.deadlines).toMatchObject([{ name: 'decisionTerm', kind: 'working-days', n: 10, waitingOn: ['casusregisseur'], onExpiry: 'decisionTerm.expired' }]);
  });

  it('the decision records all four criteria', () => {
    const schema = definition.events['decision.made']!.schema;
    for (const key of ['behaviourCausedByCondition', 'providerTriedEnough', 'procedureFollowed', 'continuationArranged'] as const) {
      const { [key]: _missing, ...without } = CONSENT;
      expect(schema.safeParse(without).success, `without ${key}`).toBe(false);
      expect(schema.safeParse({ ...CONSENT, [key]: { answer: CONSENT[key].answer } }).success, `${key} without explanation`).toBe(false);
    }
    expect(schema.safeParse({ ...CONSENT, behaviourCausedByCondition: criterion('misschien', 'onbekend') }).success).toBe(false);
    expect(schema.safeParse({ ...CONSENT, reason: undefined }).success).toBe(false);
    const decided = toConsented();
    expect(decided.context.decision).toMatchObject({
      behaviourCausedByCondition: { answer: 'deels' },
      providerTriedEnough: { answer: true },
      procedureFollowed: { answer: true },
      continuationArranged: { answer: true },
      consent: true,
      decidedBy: 'u-casusregisseur',
    });
  });

  it('consent requires that the provider followed the procedure (criterion c)', () => {
    const waiting = toAwaitingDecision();
    expect(waiting.can(ev('decision.made', CONSENT_WITHOUT_PROCEDURE))).toBe(false);
    expect(waiting.can(ev('decision.made', { ...CONSENT_WITHOUT_PROCEDURE, consent: false }))).toBe(true);
  });

  it('only the case director decides', () => {
    expect(definition.events['decision.made']!.roles).toEqual(['casusregisseur']);
  });

  it('no termination without the case director\'s consent', () => {
    const terminate = ev('care.terminated');
    for (const s of REACHED.filter((r) => r.status === 'active' && !('consented' in (typeof r.value === 'object' ? r.value : {})))) {
      expect(s.can(terminate), JSON.stringify(s.value)).toBe(false);
    }
    const refused = run(toAwaitingDecision(), ev('decision.made', REFUSAL));
    expect(refused.status).toBe('done');
    expect(refused.can(terminate)).toBe(false);
    // With consent, care still continues until a definitive solution.
    const consented = toConsented();
    expect(consented.can(terminate)).toBe(false);
    const solved = run(consented, ev('solution.confirmed', SAMPLES['solution.confirmed']!.valid[1]));
    expect(solved.value).toEqual({ consented: 'ready' });
    const ended = run(solved, terminate);
    expect(ended.value).toBe('terminated');
    expect(ended.context.termination).toEqual({ endDate: '2026-04-01' });
  });

  it('no termination without a recorded consent, even in a case a supervisor moved to "ready"', () => {
    const moved = careTerminationMachine.resolveState({
      value: { consented: 'ready' },
      context: { ...start().context, solution: { kind: 'andere-oplossing', description: 'Gezinshuis geregeld', confirmedAt: AT, confirmedBy: 'u-casusregisseur' } },
    });
    expect(moved.can(ev('care.terminated'))).toBe(false);
    expect(explainRefusal(careTerminationMachine, moved, ev('care.terminated')).blockingGuards).toEqual(['isReadyToTerminate']);
  });

  it('on transfer, a warm handover before closing', () => {
    const transfer = run(toConsented(), ev('solution.confirmed', SAMPLES['solution.confirmed']!.valid[0]));
    expect(transfer.value).toEqual({ consented: 'handover' });
    expect(transfer.can(ev('care.terminated'))).toBe(false);
    const handedOver = run(transfer, ev('warmHandover.completed'));
    expect(handedOver.value).toEqual({ consented: 'ready' });
    expect(run(handedOver, ev('care.terminated')).value).toBe('terminated');
  });

  it('after a refusal of consent care continues and the case closes as refused, with a signal', () => {
    const [refused, actions] = transition(careTerminationMachine, toAwaitingDecision(start({ optOut: true })), ev('decision.made', REFUSAL));
    expect(refused.value).toBe('refused');
    expect(refused.status).toBe('done');
    expect(refused.context.signal).toEqual({ outcome: 'toestemming-geweigerd', reasonCategory: 'bedreiging-intimidatie', provider: 'aanbieder-042', at: AT });
    expect(actions.map((a) => a.params)).toContainEqual({ template: 'consent-refused', to: ['aanbieder', 'contractmanager'], anonymised: true });
  });

  it('a termination leaves a signal for contract management', () => {
    const ended = run(toConsented(start({ reasonCategory: 'agressie' })), ev('solution.confirmed', SAMPLES['solution.confirmed']!.valid[1]), ev('care.terminated'));
    expect(ended.status).toBe('done');
    expect(ended.context.signal).toEqual({ outcome: 'beeindiging-jeugdhulp', reasonCategory: 'agressie', provider: 'aanbieder-042', at: AT });
  });

  it('the provider may withdraw before the decision, not after', () => {
    const withdraw = ev('termination.withdrawn');
    for (const s of [start(), toPreparing(), toSecondWarning(), toAwaitingDecision()]) {
      const done = run(s, withdraw);
      expect(done.value).toBe('withdrawn');
      expect(done.context.withdrawal?.reason).toBe('De afspraken worden inmiddels nagekomen');
      expect(done.context.signal).toMatchObject({ outcome: 'ingetrokken', reasonCategory: 'bedreiging-intimidatie' });
    }
    expect(toConsented().can(withdraw)).toBe(false);
    expect(definition.events['termination.withdrawn']!.roles).toEqual(['aanbieder']);
  });

  it('every final state leaves a signal; no active state has one', () => {
    for (const s of REACHED) {
      if (s.status === 'done') expect(SIGNAL_OUTCOMES).toContain(s.context.signal?.outcome);
      else expect(s.context.signal).toBeUndefined();
    }
    const finals = STATE_NODES.filter((n) => n.type === 'final').map((n) => n.key).sort();
    expect(finals).toEqual(['careRefused', 'refused', 'terminated', 'withdrawn']);
  });

  it('002 §4.2 stap 8 "totdat er een definitieve oplossing is gevonden": the provider alone cannot declare "andere oplossing" and end care', () => {
    const consented = toConsented();
    const own = SAMPLES['solution.confirmed']!.valid[1]!;
    // The provider may not confirm a solution, only propose one; a proposal does not open the way to termination.
    expect(definition.events['solution.confirmed']!.roles).toEqual(['casusregisseur']);
    expect(definition.events['solution.proposed']!.roles).toEqual(['aanbieder']);
    const proposed = run(consented, ev('solution.proposed', own, 'aanbieder'));
    expect(proposed.value).toEqual({ consented: 'solutionProposed' });
    expect(proposed.context.proposedSolution).toMatchObject({ kind: 'andere-oplossing', proposedBy: 'u-aanbieder' });
    expect(proposed.context.solution).toBeUndefined();
    expect(proposed.can(ev('care.terminated'))).toBe(false);
    expect(explainRefusal(careTerminationMachine, proposed, ev('care.terminated')).blockingGuards).toEqual(['isReadyToTerminate']);
    // The case director confirms the definitive solution; then the provider may end care.
    const confirmed = run(proposed, ev('solution.confirmed', own));
    expect(confirmed.value).toEqual({ consented: 'ready' });
    expect(confirmed.context.solution).toMatchObject({ kind: 'andere-oplossing', confirmedBy: 'u-casusregisseur', confirmedAt: AT });
    expect(run(confirmed, ev('care.terminated')).value).toBe('terminated');
  });

  it('002 §4.2 stap 8 "tenzij dit naar oordeel van opdrachtgever in redelijkheid niet van Opdrachtnemer kan worden verlangd": only the case director judges it, with its ground recorded', () => {
    const waiver = SAMPLES['continuation.waived']!.valid[0]!;
    expect(definition.events['continuation.waived']!.roles).toEqual(['casusregisseur']);
    expect(definition.events['continuation.waived']!.rule).toContain('tenzij dit naar oordeel van opdrachtgever in redelijkheid niet van Opdrachtnemer kan worden verlangd');
    const schema = definition.events['continuation.waived']!.schema;
    expect(schema.safeParse({ ...waiver, ground: 'geen-zin' }).success).toBe(false);
    expect(schema.safeParse({ ground: 'anders' }).success).toBe(false); // no explanation, no waiver
    for (const from of [toConsented(), run(toConsented(), ev('solution.proposed', SAMPLES['solution.proposed']!.valid[0]!)), run(toConsented(), ev('solution.confirmed', SAMPLES['solution.confirmed']!.valid[0]!))]) {
      const [waived, actions] = transition(careTerminationMachine, from, ev('continuation.waived', waiver));
      expect(waived.value).toEqual({ consented: 'ready' });
      expect(waived.context.continuationWaiver).toEqual({ ...waiver, decidedAt: AT, decidedBy: 'u-casusregisseur', decidedAs: 'casusregisseur' });
      expect(actions.map((a) => a.params)).toContainEqual({ template: 'continuation-waived', to: ['aanbieder', 'contractmanager'], anonymised: false });
      expect(run(waived, ev('care.terminated')).value).toBe('terminated');
    }
    // Not before consent: the exception is about continuing care after consent, not about the consent itself.
    expect(toAwaitingDecision().can(ev('continuation.waived', waiver))).toBe(false);
  });

  it('002 art. 6.1.2 "Weigering Jeugdhulp": a provider\'s refusal of care is recorded and signalled to contract management', () => {
    const refusal = SAMPLES['care.refused']!.valid[0]!;
    for (const [from, optOut] of [[start(), false], [toPreparing(start({ optOut: true })), true], [toAwaitingDecision(), false], [toConsented(), false]] as const) {
      const [refused, actions] = transition(careTerminationMachine, from, ev('care.refused', refusal, 'casusregisseur'));
      expect(refused.value).toBe('careRefused');
      expect(refused.status).toBe('done');
      expect(refused.context.careRefusal).toMatchObject({ ...refusal, recordedBy: 'u-casusregisseur', recordedAs: 'casusregisseur' });
      expect(refused.context.signal).toMatchObject({ outcome: 'weigering-jeugdhulp', reasonCategory: 'bedreiging-intimidatie', provider: 'aanbieder-042' });
      expect(definition.monitoringSignal!(refused.context as never)).toEqual({ outcome: 'weigering-jeugdhulp', category: 'bedreiging-intimidatie' });
      expect(actions.map((a) => a.params)).toContainEqual({ template: 'care-refused', to: ['casusregisseur', 'contractmanager'], anonymised: optOut });
    }
    const ended = run(toConsented(), ev('solution.confirmed', SAMPLES['solution.confirmed']!.valid[1]!), ev('care.terminated'));
    expect(definition.monitoringSignal!(ended.context as never)).toEqual({ outcome: 'beeindiging-jeugdhulp', category: 'bedreiging-intimidatie' });
  });

  it('free text refuses a BSN written with spaces, dots or dashes (one BSN detector, machines/schemas.ts)', () => {
    for (const written of ['111 222 333', '111.222.333', '111-222-333']) {
      expect(startSchema.safeParse({ ...START, seriousReasons: `Herhaalde bedreiging, jeugdige ${written}` }).success, written).toBe(false);
    }
    expect(startSchema.safeParse({ ...START, seriousReasons: 'x'.repeat(4001) }).success).toBe(false);
  });
});
