// Automatische brief met vetotermijn (002 Begrippenlijst, "SIRO (waarschuwingbrief)"). Pure xstate stepping
// (initialTransition/transition) and the pure engine, no Temporal. The first half is generated from the
// definition (reachability, refusals, schemas, deadline expiry); then the rules one by one, the agreement with
// the mail side (letter names, templates, the SIRO letter's strict schema) and how the engine moves the window.
import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type AnyMachineSnapshot, type SnapshotFrom } from 'xstate';
import { planNotify, PlanError } from '../../activities/mailPlan.ts';
import { notifyParamsSchema } from '../../activities/effectInput.ts';
import { addWorkingDays, amsterdamDateOf } from '../../calendar/index.ts';
import {
  AUTOMATIC_LETTERS,
  LETTER_DATA,
  automaticLetter,
  automaticLetterMachine,
  type AutomaticLetterEvent,
  LETTER_TEMPLATE_PREFIX,
  MAX_WORKING_DAYS,
  startSchema,
  VETO_WINDOW_REMINDERS,
  VETO_WINDOW_WORKING_DAYS,
  type AutomaticLetterStart,
} from '../../machines/automaticLetterMachine.ts';
import {
  allStateNodes,
  exploreMachine,
  exploreWithinAndAfterTerms,
  findDeadline,
  findUnhandledDeadlines,
  findUnresolvedDeadlinePaths,
  step,
  type EventSamples,
} from '../../machines/testing.ts';
import type { AnyRole, StateMeta } from '../../machines/types.ts';
import {
  LETTERS,
  LETTER_TEMPLATE_PREFIX as MAIL_LETTER_PREFIX,
  VETO_REQUEST_TEMPLATE,
  vetoRequestTemplate,
} from '../../mail/templates/index.ts';
import { applyEvent, startCase, type CaseRuntime } from '../../workflows/engine.ts';
import { fieldNames, generatedDefinitionTests, PERSONAL_DATA } from './generated.ts';

type Snapshot = SnapshotFrom<typeof automaticLetterMachine>;

const AT = '2026-04-07T09:00:00.000Z';

/** The facts of a SIRO warning letter: a backlog in social return (002 §2.2.4: 2% obligation). */
const SIRO = { period: '2026-Q1', realisedPercent: 0.8, targetPercent: 2, checkedOn: '2026-04-07' };
const START = { provider: 'zorg-oost', letter: 'siro-warning', data: SIRO } as const;

/** Per event: schema-valid samples (the first is the ordinary one) and one broken payload the schema must refuse. */
const SAMPLES: Record<string, { valid: Record<string, unknown>[]; broken: Record<string, unknown> }> = {
  'letter.approved': { valid: [{}, { reason: 'Achterstand besproken; de brief mag uit' }], broken: { reason: 'x' } },
  'letter.postponed': {
    valid: [{ workingDays: 3, reason: 'Eerst een gesprek met de aanbieder over de achterstand' }],
    broken: { workingDays: MAX_WORKING_DAYS + 1, reason: 'Eerst een gesprek met de aanbieder' },
  },
  'letter.refused': {
    valid: [{ reason: 'De aanbieder heeft de achterstand inmiddels ingelopen' }],
    broken: { reason: 'Jeugdige met BSN 111222333 betrokken' },
  },
  'vetoWindow.expired': { valid: [{ deadline: 'vetoWindow' }], broken: { deadline: 'anders' } },
};

const definition = automaticLetter;
const EVENT_TYPES = Object.keys(definition.events);

/** An event as the engine would send it; the payload is the test's (valid or not), so it is cast to the machine's event union. */
function ev(type: string, payload: Record<string, unknown> = SAMPLES[type]!.valid[0]!, role?: AnyRole, at = AT): AutomaticLetterEvent {
  const sender = role ?? definition.events[type]!.roles[0]!;
  return { type, payload, actor: { role: sender, userId: sender === 'system' ? 'system' : `u-${sender}` }, at } as AutomaticLetterEvent;
}

const inputOf = (data: Partial<AutomaticLetterStart> = {}) => ({
  caseId: 'BRF-1',
  startedAt: AT,
  startedBy: { role: 'contractmanager' as const, userId: 'u-contractmanager' },
  data: startSchema.parse({ ...START, ...data }),
});

function start(data: Partial<AutomaticLetterStart> = {}): [Snapshot, Array<{ type: string; params?: unknown }>] {
  const [snapshot, actions] = initialTransition(automaticLetterMachine, inputOf(data));
  return [snapshot, actions as Array<{ type: string; params?: unknown }>];
}

/** Sends events in order; each must be accepted (a refusal throws). */
function run(snapshot: Snapshot, ...events: AutomaticLetterEvent[]): Snapshot {
  return events.reduce((s, e) => step(automaticLetterMachine, s, e) as Snapshot, snapshot);
}

const notifies = (actions: ReadonlyArray<{ type: string; params?: unknown }>) => actions.filter((a) => a.type === 'notify').map((a) => a.params as Record<string, unknown>);

const VETO_REQUEST = { template: 'letter.vetoRequested', to: ['contractmanager'], letter: 'siro-warning', data: SIRO, deadline: 'vetoWindow' };
const letterTo = (automatic: boolean) => ({ template: 'letter:siro-warning', to: ['aanbieder'], letter: 'siro-warning', data: SIRO, automatic });

// ---------------------------------------------------------------------------------------------
// Exploration (machines/testing.ts): breadth-first over every sample event.

const EVENT_SAMPLES: EventSamples = Object.fromEntries(EVENT_TYPES.map((type) => [type, SAMPLES[type]!.valid.map((payload) => ev(type, payload))]));
/** Postponements only add up; whether there was one is all that is worth exploring. */
const KEY = (s: AnyMachineSnapshot) => {
  const c = s.context as Snapshot['context'];
  return JSON.stringify([s.value, c.postponements.length > 0, c.decision?.outcome ?? null, c.decision?.reason ?? null, c.automatic]);
};
const EXPLORATION = exploreWithinAndAfterTerms(automaticLetterMachine, EVENT_SAMPLES, (machine, samples) =>
  exploreMachine(machine, { input: inputOf(), samples, key: KEY }),
);
const STATE_NODES = allStateNodes(automaticLetterMachine).filter((n) => n !== automaticLetterMachine.root);

// ---------------------------------------------------------------------------------------------

describe('automatic-letter: generated from the definition', () => {
  it('is registered under its id with its title, seed and start roles', () => {
    expect(definition.id).toBe('automatic-letter');
    expect(definition.version).toBe(1);
    expect(definition.title).toBe('Automatische brief met vetotermijn');
    expect(definition.seed).toBe('002 Begrippenlijst, SIRO (waarschuwingbrief)');
    expect(definition.startRoles).toEqual(['contractmanager', 'contractbeheer']);
    expect(definition.startSchema).toBe(startSchema);
    expect(definition.personalDataSchema).toBeUndefined();
  });

  generatedDefinitionTests({
    definition,
    samples: SAMPLES,
    events: EVENT_SAMPLES,
    exploration: EXPLORATION,
    rule: { title: 'quoting the SIRO entry of the 002 glossary', pattern: /^002 Begrippenlijst, SIRO \(waarschuwingbrief\)/ },
    guardDescription: /\S{10}/,
    openStatesWaitOnSomeone: true,
    otherSchemas: [['start data', startSchema, START, { ...START, vetoWorkingDays: 0 }]],
    unknownField: 'onbekend',
  });

  it('reaches exactly the three states, and the two final ones accept nothing', () => {
    expect(STATE_NODES.map((n) => n.id)).toEqual(['automaticLetter.awaitingVeto', 'automaticLetter.sent', 'automaticLetter.refused']);
    const finals = EXPLORATION.explored.states.filter((s) => s.snapshot.status === 'done');
    expect(new Set(finals.map((s) => JSON.stringify(s.snapshot.value)))).toEqual(new Set(['"sent"', '"refused"']));
    for (const { snapshot } of finals) for (const e of Object.values(EVENT_SAMPLES).flat()) expect(snapshot.can(e)).toBe(false);
  });

  it('declares the veto window as its only deadline: 5 working days (keuze), length from context, a reminder 1 working day before', () => {
    const { node, def } = findDeadline(automaticLetterMachine, 'vetoWindow');
    expect(node.id).toBe('automaticLetter.awaitingVeto');
    expect(def).toMatchObject({
      kind: 'working-days',
      n: VETO_WINDOW_WORKING_DAYS,
      nFromContext: 'vetoWorkingDays',
      onExpiry: 'vetoWindow.expired',
      waitingOn: ['contractmanager'],
      reminders: [1],
    });
    expect(VETO_WINDOW_WORKING_DAYS).toBe(5);
    expect(VETO_WINDOW_REMINDERS).toEqual([1]);
    expect(def.rule).toMatch(/^002 Begrippenlijst, SIRO \(waarschuwingbrief\).*\(keuze\)/);
    expect(STATE_NODES.flatMap((n) => (n.meta as StateMeta).deadlines ?? [])).toHaveLength(1);
  });

  it("the window's expiry is handled while it runs (it sends the letter), and its length always resolves", () => {
    expect(findUnhandledDeadlines(EXPLORATION.withinTerms)).toEqual([]);
    expect(findUnresolvedDeadlinePaths(EXPLORATION.explored)).toEqual([]);
  });

  it('no personal data: no such field in start data or payloads, none in the context, no BSN in the letter data', () => {
    const names = [startSchema, ...Object.values(definition.events).map((e) => e.schema)].flatMap(fieldNames);
    expect(names.filter((n) => PERSONAL_DATA.test(n))).toEqual([]);
    for (const { snapshot } of EXPLORATION.explored.states) {
      expect(Object.keys(snapshot.context as object).filter((k) => PERSONAL_DATA.test(k))).toEqual([]);
    }
    expect(startSchema.safeParse({ ...START, data: { ...SIRO, note: 'BSN 111222333' } }).success).toBe(false);
    expect(startSchema.safeParse({ ...START, bsn: '111222333' }).success).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------

describe('automatic-letter: the rules of the SIRO warning letter (002 Begrippenlijst)', () => {
  it('at start the contract manager is asked to approve, postpone or refuse, with the letter, its facts and the window', () => {
    const [s, actions] = start();
    expect(s.value).toBe('awaitingVeto');
    expect(notifies(actions)).toEqual([VETO_REQUEST]);
    expect(s.context).toEqual({
      caseId: 'BRF-1',
      provider: 'zorg-oost',
      letter: 'siro-warning',
      data: SIRO,
      vetoWorkingDays: 5,
      postponements: [],
      automatic: false,
    });
  });

  it('the veto window is 5 working days unless the start sets 1 to 20', () => {
    expect(start()[0].context.vetoWorkingDays).toBe(5);
    expect(start({ vetoWorkingDays: 10 })[0].context.vetoWorkingDays).toBe(10);
    for (const vetoWorkingDays of [1, 20]) expect(startSchema.safeParse({ ...START, vetoWorkingDays }).success).toBe(true);
    for (const vetoWorkingDays of [0, 21, 2.5, '5']) expect(startSchema.safeParse({ ...START, vetoWorkingDays }).success).toBe(false);
  });

  it('approved: the letter goes to the provider at once, not automatic, and who approved (and why) is recorded', () => {
    const [s] = start();
    const approval = ev('letter.approved', { reason: 'Achterstand besproken; de brief mag uit' });
    const [sent, actions] = transition(automaticLetterMachine, s, approval);
    expect(sent.value).toBe('sent');
    expect(sent.status).toBe('done');
    expect(notifies(actions)).toEqual([letterTo(false)]);
    expect(sent.context.automatic).toBe(false);
    expect(sent.context.decision).toEqual({
      outcome: 'approved',
      by: { role: 'contractmanager', userId: 'u-contractmanager' },
      at: AT,
      reason: 'Achterstand besproken; de brief mag uit',
    });
    // Without a reason, too.
    expect(run(s, ev('letter.approved', {})).context.decision).not.toHaveProperty('reason');
  });

  it('no action within the window: on expiry the letter goes out automatically, decided by the engine', () => {
    const [s] = start();
    const [sent, actions] = transition(automaticLetterMachine, s, ev('vetoWindow.expired'));
    expect(sent.value).toBe('sent');
    expect(notifies(actions)).toEqual([letterTo(true)]);
    expect(sent.context.automatic).toBe(true);
    expect(sent.context.decision).toEqual({ outcome: 'not-vetoed', by: { role: 'system', userId: 'system' }, at: AT });
  });

  it('refused: nothing is sent, the case closes, and who refused and why is recorded', () => {
    const [s] = start();
    const [refused, actions] = transition(automaticLetterMachine, s, ev('letter.refused'));
    expect(refused.value).toBe('refused');
    expect(refused.status).toBe('done');
    expect(notifies(actions)).toEqual([]);
    expect(refused.context.automatic).toBe(false);
    expect(refused.context.decision).toEqual({
      outcome: 'refused',
      by: { role: 'contractmanager', userId: 'u-contractmanager' },
      at: AT,
      reason: 'De aanbieder heeft de achterstand inmiddels ingelopen',
    });
    // A refusal needs a reason.
    expect(definition.events['letter.refused']!.schema.safeParse({}).success).toBe(false);
  });

  it('postponed: the state is re-entered, the window grows by the postponement and a new veto request goes out', () => {
    const [s] = start();
    const later = '2026-04-09T10:00:00.000Z';
    const [once, actions] = transition(automaticLetterMachine, s, ev('letter.postponed', { workingDays: 3, reason: 'Eerst een gesprek met de aanbieder' }, undefined, later));
    expect(once.value).toBe('awaitingVeto');
    // Re-entered: the entry runs again, so a new veto request goes out.
    expect(notifies(actions)).toEqual([VETO_REQUEST]);
    expect(once.context.vetoWorkingDays).toBe(5 + 3);
    expect(once.context.postponements).toEqual([
      { workingDays: 3, reason: 'Eerst een gesprek met de aanbieder', at: later, by: { role: 'contractmanager', userId: 'u-contractmanager' } },
    ]);
    expect(once.context.decision).toBeUndefined();
    const twice = run(once, ev('letter.postponed', { workingDays: 2, reason: 'Gesprek verplaatst naar volgende week' }));
    expect(twice.context.vetoWorkingDays).toBe(10);
    expect(twice.context.postponements.map((p) => p.workingDays)).toEqual([3, 2]);
    // After a postponement, every way out stays open.
    expect(run(twice, ev('letter.approved')).value).toBe('sent');
    expect(run(twice, ev('letter.refused')).value).toBe('refused');
    expect(run(twice, ev('vetoWindow.expired')).context.automatic).toBe(true);
  });

  it('a postponement is 1 to 20 working days and needs a reason', () => {
    const schema = definition.events['letter.postponed']!.schema;
    for (const workingDays of [1, 20]) expect(schema.safeParse({ workingDays, reason: 'Gesprek met de aanbieder' }).success).toBe(true);
    for (const workingDays of [0, 21, 1.5]) expect(schema.safeParse({ workingDays, reason: 'Gesprek met de aanbieder' }).success).toBe(false);
    expect(schema.safeParse({ workingDays: 3 }).success).toBe(false);
  });

  it('only the contract manager decides; only the engine ends the window; no four-eyes', () => {
    for (const type of ['letter.approved', 'letter.postponed', 'letter.refused']) expect(definition.events[type]!.roles).toEqual(['contractmanager']);
    expect(definition.events['vetoWindow.expired']!.roles).toEqual(['system']);
    expect(Object.values(definition.events).some((e) => e.fourEyesApproval)).toBe(false);
    expect(definition.guards).toEqual({});
  });
});

// ---------------------------------------------------------------------------------------------

describe('automatic-letter: agreement with the mail side', () => {
  it('knows exactly the letters of mail/templates/letters.ts, under the same template prefix', () => {
    expect([...AUTOMATIC_LETTERS].sort()).toEqual(Object.keys(LETTERS).sort());
    expect(LETTER_TEMPLATE_PREFIX).toBe(MAIL_LETTER_PREFIX);
    expect(VETO_REQUEST_TEMPLATE).toBe('letter.vetoRequested');
    expect(startSchema.safeParse({ ...START, letter: 'onbekende-brief' }).success).toBe(false);
  });

  it('letters are checked at start: the case\'s letter data must pass the letter\'s own strict schema (undeclared facts, impossible dates)', () => {
    const siro = LETTERS['siro-warning']!;
    expect(siro.data.safeParse(SIRO).success).toBe(true);
    expect(startSchema.safeParse(START).success).toBe(true);
    const extra = { ...SIRO, remark: 'extra' };
    expect(siro.data.safeParse(extra).success).toBe(false);
    const refusals = [extra, { ...SIRO, checkedOn: '2026-02-31' }, { ...SIRO, checkedOn: '9999-12-31' }, { ...SIRO, realisedPercent: '0,8' }, { ...SIRO, period: '2026-13' }];
    for (const data of refusals) {
      const parsed = startSchema.safeParse({ ...START, data });
      expect(parsed.success, JSON.stringify(data)).toBe(false);
      expect(parsed.error!.issues[0]!.path[0]).toBe('data');
    }
    // The mail template fills in the letter with the very schema the start checks.
    expect(siro.data).toBe(LETTER_DATA['siro-warning']);
  });

  it('the procedure\'s mail texts hold the veto request and every letter (the same objects the mail side uses, not copies)', () => {
    const texts = automaticLetter.mail;
    expect(Object.keys(texts).sort()).toEqual(['letter.vetoRequested', ...AUTOMATIC_LETTERS.map((n) => `${LETTER_TEMPLATE_PREFIX}${n}`)].sort());
    expect(texts['letter.vetoRequested']).toBe(vetoRequestTemplate);
    for (const name of AUTOMATIC_LETTERS) expect(texts[`${LETTER_TEMPLATE_PREFIX}${name}`]).toBe(LETTERS[name]!.letter);
  });

  const [startSnapshot, startActions] = start();
  const deadlineFacts = {
    provider: 'zorg-oost',
    deadlines: [
      {
        name: 'vetoWindow',
        label: 'Vetotermijn automatische brief',
        due: '2026-04-14',
        dueAt: '2026-04-14T21:59:59.999Z',
        explanation: '5 werkdagen na dinsdag 7 april 2026: uiterlijk dinsdag 14 april 2026',
        rule: findDeadline(automaticLetterMachine, 'vetoWindow').def.rule,
        waitingOn: ['contractmanager' as const],
        status: 'open' as const,
      },
    ],
  };
  const base = { caseId: 'BRF-1', procedureTitle: definition.title, provider: 'zorg-oost', link: 'https://jeugdflow.test/zaken/BRF-1' };
  const plan = (params: unknown) => planNotify({ caseId: 'BRF-1', procedureId: 'automatic-letter', seq: 1, type: 'notify', params }, deadlineFacts, base);

  it('every notify the machine asks for is a mail the mail side can make: veto request, approved letter, automatic letter', () => {
    const sentApproved = transition(automaticLetterMachine, startSnapshot, ev('letter.approved'))[1];
    const sentAutomatically = transition(automaticLetterMachine, startSnapshot, ev('vetoWindow.expired'))[1];
    const all = notifies([...startActions, ...sentApproved, ...sentAutomatically]);
    expect(all).toHaveLength(3);
    for (const params of all) expect(notifyParamsSchema.safeParse(params).success).toBe(true);

    const request = plan(all[0]);
    expect(request.templateName).toBe('letter.vetoRequested');
    expect(request.deadline?.due).toBe('2026-04-14');
    expect(request.vars).toMatchObject({ periode: '2026-Q1', brief: 'Waarschuwingsbrief SROI (SIRO)' });

    const approved = plan(all[1]);
    expect(approved.templateName).toBe('letter:siro-warning');
    expect(approved.roles).toEqual(['aanbieder']);
    expect(approved.notes[0]).toMatch(/na akkoord van de contractmanager/);
    const automatic = plan(all[2]);
    expect(automatic.notes[0]).toMatch(/automatisch verstuurd/);
  });

  it('letter data the letter does not declare stops the mail (recorded by the mail side), never shows', () => {
    // The start schema refuses such data; a notify that carries it anyway (an older case) is not made.
    expect(() => plan({ template: 'letter:siro-warning', to: ['aanbieder'], letter: 'siro-warning', data: { ...SIRO, remark: 'extra' } })).toThrow(PlanError);
    expect(() => plan({ template: 'letter:siro-warning', to: ['aanbieder'], letter: 'siro-warning', data: { ...SIRO, checkedOn: '2026-02-31' } })).toThrow(PlanError);
  });
});

// ---------------------------------------------------------------------------------------------

describe('automatic-letter: how the engine opens and moves the veto window', () => {
  const cm = { role: 'contractmanager' as const, userId: 'anna' };
  const opened = (def = definition, data: Record<string, unknown> = START): CaseRuntime =>
    startCase(def, { caseId: 'BRF-ENG', procedureId: 'automatic-letter', startedBy: cm, data }, AT).rt;
  const windowOf = (rt: CaseRuntime) => {
    const d = rt.deadlines.filter((x) => x.name === 'vetoWindow');
    expect(d).toHaveLength(1);
    return d[0]!;
  };
  const postpone = (rt: CaseRuntime, workingDays: number, at: string) =>
    applyEvent(rt, { type: 'letter.postponed', payload: { workingDays, reason: 'Eerst een gesprek met de aanbieder' }, actor: cm, at });

  it('opens at start: 5 (or the given) working days after the day of the start, ending at midnight', () => {
    const today = amsterdamDateOf(AT);
    expect(windowOf(opened())).toMatchObject({ n: 5, from: today, due: addWorkingDays(today, 5), status: 'open', reminders: [1] });
    expect(windowOf(opened(definition, { ...START, vetoWorkingDays: 8 })).due).toBe(addWorkingDays(today, 8));
  });

  it('a postponement moves the end by its working days, reopens the window (reminders anew) and asks again', () => {
    const rt = opened();
    const before = { ...windowOf(rt) };
    const at = '2026-04-09T10:00:00.000Z';
    const { effects } = postpone(rt, 3, at);
    const after = windowOf(rt);
    expect(after.due).toBe(addWorkingDays(before.due, 3));
    expect(after.n).toBe(8);
    expect(after.from).toBe(before.from);
    expect(after.openedAt).toBe(at);
    expect(after.remindFrom).toBe(at);
    expect(after.remindersDone).toEqual([]);
    expect(effects.map((e) => (e.params as { template: string }).template)).toEqual(['letter.vetoRequested']);
  });

  it('re-entering the state alone does not reopen the window: the engine reopens on a changed length or start only', () => {
    // The same machine with a postponement that leaves the length alone: re-entered, still the old window.
    const unchanged = { ...definition, machine: automaticLetterMachine.provide({ actions: { recordPostponement: () => {} } }) };
    const rt = opened(unchanged);
    const before = { ...windowOf(rt) };
    const { effects } = postpone(rt, 3, '2026-04-09T10:00:00.000Z');
    expect(effects.some((e) => (e.params as { template?: string }).template === 'letter.vetoRequested')).toBe(true);
    expect(windowOf(rt)).toEqual(before);
  });
});
