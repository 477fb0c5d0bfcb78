// Contractvoortgangsgesprek (003): pure machine tests, no Temporal. The generated coverage (every state, refusal,
// guard both ways, schema, deadline) from the sample events below; then the pure law (frequency from the
// classification) and the rules one by one: the chair, the report within two weeks, reactions within one week,
// SMART actions and the one fixed-date term that walks along the actions' dates.
import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type AnyMachineSnapshot, type SnapshotFrom } from 'xstate';
import { computeDeadline } from '../../calendar/index.ts';
import { findProcedure, PROCEDURE_IDS } from '../../machines/index.ts';
import {
  FREQUENCY_BY_CATEGORY,
  LEVELS,
  SIZES,
  addMonths,
  conversationFrequency,
  nextActionDueOf,
  progressConversation,
  progressConversationEvents,
  progressConversationMachine,
  smartActionSchema,
  startSchema,
  type ProgressConversationEvent,
} from '../../machines/progressConversationMachine.ts';
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
import type { StateMeta } from '../../machines/types.ts';
import { startCase, stepEvent, type CaseRuntime } from '../../workflows/engine.ts';
import { ProcedureError } from '../../workflows/errors.ts';
import { fieldNames, generatedDefinitionTests, PERSONAL_DATA } from './generated.ts';

type Snapshot = SnapshotFrom<typeof progressConversationMachine>;
const definition = progressConversation;
const machine = progressConversationMachine;
const AT = '2026-03-10T09:00:00.000Z';

const START = { provider: 'zorg-oost', classification: { size: 'middel', risk: 'laag', strategicValue: 'laag' } } as const;

const A1 = { what: 'Wachtlijstcijfers per zorgvorm aanleveren', who: 'aanbieder', byWhen: '2026-03-20' } as const;
const A2 = { what: 'Verbeterplan cliënttevredenheid opstellen', who: 'aanbieder', byWhen: '2026-04-15' } as const;
const P = {
  held: { heldOn: '2026-03-09', contractbeheerPresent: true, providerPresent: true, otherAttendees: ['financial-control'] },
  shared: { sharedOn: '2026-03-12', decisions: 'Wachttijden worden maandelijks gemonitord', actions: [A1, A2] },
  sharedNoActions: { sharedOn: '2026-03-12', decisions: 'Geen nieuwe afspraken nodig', actions: [] },
  sharedBackdated: { sharedOn: '2026-03-12', decisions: 'Wachttijden worden maandelijks gemonitord', actions: [{ ...A1, byWhen: '2026-03-08' }] },
  reaction: { reaction: 'Akkoord met het verslag, één aanvulling bij punt 2' },
  added: { action: { what: 'Afspraak met lokale toegang plannen', who: 'contractbeheer', byWhen: '2026-03-25' } },
  addedBackdated: { action: { what: 'Afspraak met lokale toegang plannen', who: 'contractbeheer', byWhen: '2026-03-01' } },
  completed: (actionId: string) => ({ actionId, completedOn: '2026-03-18' }),
};

const ev = eventFactory(definition, AT);
const as = (e: ReturnType<typeof ev>) => e as ProgressConversationEvent;

const SAMPLES: Record<string, { valid: Record<string, unknown>[]; broken: Record<string, unknown> }> = {
  'conversation.held': { valid: [P.held], broken: { ...P.held, providerPresent: false } },
  'reportTerm.expired': { valid: [{ deadline: 'reportTerm' }], broken: { deadline: 'actionTerm' } },
  'report.shared': { valid: [P.shared, P.sharedNoActions, P.sharedBackdated], broken: { ...P.shared, actions: [{ what: 'Iets doen', who: 'aanbieder' }] } },
  'reaction.given': { valid: [P.reaction], broken: { reaction: '' } },
  'reactionTerm.expired': { valid: [{ deadline: 'reactionTerm' }], broken: { deadline: 'reportTerm' } },
  'action.added': { valid: [P.added, P.addedBackdated], broken: { action: { ...P.added.action, byWhen: '2026-02-30' } } },
  'action.completed': { valid: [P.completed('A1'), P.completed('A2'), P.completed('A9')], broken: { actionId: 'B1', completedOn: '2026-03-18' } },
  'actionTerm.expired': { valid: [{ deadline: 'actionTerm' }], broken: {} },
};
const EVENT_SAMPLES: EventSamples = Object.fromEntries(Object.entries(SAMPLES).map(([type, s]) => [type, s.valid.map((payload) => ev(type, payload))]));

function inputOf(data: Record<string, unknown> = {}) {
  return { caseId: 'CVG-2026-001', startedAt: AT, startedBy: { role: 'contractmanager' as const, userId: 'cm-1' }, data: startSchema.parse({ ...START, ...data }) };
}
const start = (data: Record<string, unknown> = {}): Snapshot => initialTransition(machine, inputOf(data))[0];
function run(s: Snapshot, ...events: ReturnType<typeof ev>[]): Snapshot {
  return events.reduce((acc, e) => step(machine, acc, as(e)) as Snapshot, s);
}
const notifies = (actions: ReadonlyArray<{ type: string; params?: unknown }>) => actions.filter((a) => a.type === 'notify').map((a) => a.params);

/** What the guards and terms read: the state, which actions are open/overdue (capped), the reactions. */
const KEY = (s: AnyMachineSnapshot) => {
  const c = s.context as Snapshot['context'];
  const open = c.actions.filter((a) => a.status === 'open');
  return JSON.stringify([s.value, c.reportOverdue, c.reportFinal, c.reactions.length > 0, Math.min(c.actions.length, 3), open.map((a) => `${a.id}:${a.overdue}`).slice(0, 3), c.nextActionDue ?? null]);
};
const EXPLORATION = exploreWithinAndAfterTerms(machine, EVENT_SAMPLES, (m, samples) => exploreMachine(m, { input: inputOf(), samples, key: KEY }));

const HELD = [ev('conversation.held', P.held)];
const SHARED = [...HELD, ev('report.shared', P.shared)];

// ---------------------------------------------------------------------------------------------

describe('progress-conversation: generated from the definition', () => {
  it('is registered under its id, with its title and seed', () => {
    expect(PROCEDURE_IDS).toContain('progress-conversation');
    expect(findProcedure('progress-conversation')).toBe(progressConversation);
    expect(definition.title).toBe('Contractvoortgangsgesprek');
    expect(definition.seed).toMatch(/^003 /);
  });

  generatedDefinitionTests({
    definition,
    samples: SAMPLES,
    events: EVENT_SAMPLES,
    exploration: EXPLORATION,
    rule: { title: 'quoting 003 Contractvoortgangsgesprekken', pattern: /^003 Contractvoortgangsgesprekken/ },
    guardDescription: /^\S.{20,}$/,
    openStatesWaitOnSomeone: true,
    otherSchemas: [['start data', startSchema, START, { ...START, classification: { ...START.classification, risk: 'extreem' } }]],
    unknownField: 'onbekend',
  });

  it('declares three terms, every expiry is handled while its term runs and every term always resolves', () => {
    const names = allStateNodes(machine).flatMap((n) => ((n.meta as StateMeta | undefined)?.deadlines ?? []).map((d) => d.name));
    expect(names.sort()).toEqual(['actionTerm', 'reactionTerm', 'reportTerm']);
    expect(findUnhandledDeadlines(EXPLORATION.withinTerms)).toEqual([]);
    expect(findUnresolvedDeadlinePaths(EXPLORATION.explored)).toEqual([]);
  });

  it('no personal data: no such field in start data or payloads, none in the context; an action names a party, never a person', () => {
    const names = [startSchema, ...Object.values(definition.events).map((e) => e.schema)].flatMap(fieldNames);
    expect(names.filter((n) => PERSONAL_DATA.test(n))).toEqual([]);
    for (const { snapshot } of EXPLORATION.explored.states) expect(Object.keys(snapshot.context as object).filter((k) => PERSONAL_DATA.test(k))).toEqual([]);
    expect(smartActionSchema.safeParse({ ...A1, who: 'Jan de Vries' }).success).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------

describe('progress-conversation: frequency from the classification (003 "Classificatie en gespreksfrequentie")', () => {
  it('(keuze) the highest of size, risk and strategic value decides: basis 2, verhoogd 3, intensief 4 conversations a year', () => {
    expect(conversationFrequency({ size: 'klein', risk: 'laag', strategicValue: 'laag' })).toMatchObject({ category: 'basis', perYear: 2, intervalMonths: 6 });
    expect(conversationFrequency({ size: 'middel', risk: 'laag', strategicValue: 'laag' })).toMatchObject({ category: 'verhoogd', perYear: 3, intervalMonths: 4 });
    expect(conversationFrequency({ size: 'klein', risk: 'midden', strategicValue: 'laag' })).toMatchObject({ category: 'verhoogd', perYear: 3 });
    expect(conversationFrequency({ size: 'klein', risk: 'laag', strategicValue: 'midden' })).toMatchObject({ category: 'verhoogd', perYear: 3 });
    expect(conversationFrequency({ size: 'groot', risk: 'laag', strategicValue: 'laag' })).toMatchObject({ category: 'intensief', perYear: 4, intervalMonths: 3 });
    expect(conversationFrequency({ size: 'klein', risk: 'hoog', strategicValue: 'laag' })).toMatchObject({ category: 'intensief', perYear: 4 });
    expect(conversationFrequency({ size: 'klein', risk: 'laag', strategicValue: 'hoog' })).toMatchObject({ category: 'intensief', perYear: 4 });
  });

  it('"als uitgangspunt meerdere gesprekken per jaar": every classification gives at least two, and 12 months divide evenly', () => {
    for (const size of SIZES) for (const risk of LEVELS) for (const strategicValue of LEVELS) {
      const f = conversationFrequency({ size, risk, strategicValue });
      expect(f.perYear).toBeGreaterThanOrEqual(2);
      expect(f.intervalMonths * f.perYear).toBe(12);
      expect(f.rule).toContain('meerdere gesprekken per jaar');
    }
    expect(Math.min(...Object.values(FREQUENCY_BY_CATEGORY))).toBe(2);
  });

  it('the next conversation is due one interval after this one (months, day clamped to the month)', () => {
    expect(addMonths('2026-03-09', 4)).toBe('2026-07-09');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    const s = run(start(), ...HELD);
    expect(s.context.frequency.perYear).toBe(3);
    expect(s.context.nextConversationDue).toBe('2026-07-09');
  });
});

// ---------------------------------------------------------------------------------------------

describe('progress-conversation: the rules of the conversation (003 "Werkwijze en verslaglegging")', () => {
  it('the contract manager chairs: only that role records the conversation, with contractbeheer and the provider present', () => {
    expect(progressConversationEvents['conversation.held'].roles).toEqual(['contractmanager']);
    const s = run(start(), ...HELD);
    expect(s.context.conversation).toMatchObject({ chairedBy: 'contractmanager-1', heldOn: '2026-03-09' });
    expect(progressConversationEvents['conversation.held'].schema.safeParse({ ...P.held, contractbeheerPresent: false }).success).toBe(false);
    const rt = startCase(definition, { caseId: 'CVG-R', procedureId: 'progress-conversation', startedBy: { role: 'contractmanager', userId: 'cm-1' }, data: START }, AT).rt;
    const err = refusalOf(() => stepEvent(rt, { type: 'conversation.held', actor: { role: 'aanbieder', userId: 'p-1', organisation: 'zorg-oost' }, payload: P.held }, AT));
    expect(err.code).toBe('ROLE_NOT_ALLOWED');
  });

  it('report shared within two weeks (14 calendar days) of the conversation date, moved to a working day; late: overdue, still possible', () => {
    const { node, def } = findDeadline(machine, 'reportTerm');
    expect(node.id).toBe('progressConversation.reporting');
    expect(def).toMatchObject({ kind: 'days', n: 14, startsFromContext: 'heldOn', waitingOn: ['contractmanager'] });
    expect(def.rule).toContain('Het verslag wordt binnen twee weken gedeeld');
    expect(computeDeadline({ kind: 'days', n: 14, from: '2026-03-09' }).due).toBe('2026-03-23');
    expect(computeDeadline({ kind: 'days', n: 14, from: '2026-04-13' }).due).toBe('2026-04-28'); // Monday 27 April (Koningsdag) → Tuesday
    const [late, actions] = transition(machine, run(start(), ...HELD), as(ev('reportTerm.expired', { deadline: 'reportTerm' })));
    expect(late.value).toEqual({ reporting: 'overdue' });
    expect(late.context.reportOverdue).toBe(true);
    expect(notifies(actions)).toEqual([{ template: 'progressConversation.reportOverdue', to: ['contractmanager'] }]);
    expect(run(late, ev('report.shared', P.shared)).matches('followUp')).toBe(true);
  });

  it('reactions within one week (7 calendar days) of sharing; when the week ends the report is part of the contract dossier', () => {
    const { node, def } = findDeadline(machine, 'reactionTerm');
    expect(node.id).toBe('progressConversation.followUp.reactions.open');
    expect(def).toMatchObject({ kind: 'days', n: 7, startsFromContext: 'sharedOn', waitingOn: ['aanbieder', 'contractbeheer'] });
    expect(def.rule).toContain('reacties daarop volgen binnen één week');
    const s = run(start(), ...SHARED, ev('reaction.given', P.reaction, 'aanbieder'), ev('reaction.given', P.reaction, 'contractbeheer'));
    expect(s.context.reactions.map((r) => r.by)).toEqual(['aanbieder', 'contractbeheer']);
    const closed = run(s, ev('reactionTerm.expired', { deadline: 'reactionTerm' }));
    expect(closed.context.reportFinal).toBe(true);
    expect(closed.can(as(ev('reaction.given', P.reaction, 'aanbieder')))).toBe(false);
  });

  it('actions are SMART: what, who and by when all required, by when a real date', () => {
    for (const missing of ['what', 'who', 'byWhen'] as const) {
      const { [missing]: _, ...rest } = A1;
      const r = smartActionSchema.safeParse(rest);
      expect(r.success, missing).toBe(false);
      expect(r.error!.issues[0]!.path).toEqual([missing]);
    }
    expect(smartActionSchema.safeParse({ ...A1, byWhen: '2026-02-30' }).success).toBe(false);
    expect(smartActionSchema.safeParse({ ...A1, byWhen: 'volgende week' }).success).toBe(false);
  });

  it('an action date before the conversation is refused (in the report and when added later)', () => {
    const held = run(start(), ...HELD);
    expect(held.can(as(ev('report.shared', P.sharedBackdated)))).toBe(false);
    expect(held.can(as(ev('report.shared', { ...P.shared, actions: [{ ...A1, byWhen: '2026-03-09' }] })))).toBe(true); // on the day itself
    const shared = run(held, ev('report.shared', P.shared));
    expect(shared.can(as(ev('action.added', P.addedBackdated)))).toBe(false);
  });

  it("each action's date is a term: kind 'date' on the earliest open action, kept up to date as actions are added, done or pass their date", () => {
    const { node, def } = findDeadline(machine, 'actionTerm');
    expect(node.id).toBe('progressConversation.followUp.actions.tracking');
    expect(def).toMatchObject({ kind: 'date', n: 0, startsFromContext: 'nextActionDue', appliesIfContext: 'hasUpcomingAction', reminders: [5, 1] });
    const shared = run(start(), ...SHARED);
    expect(shared.context.actions.map((a) => [a.id, a.byWhen, a.status])).toEqual([['A1', '2026-03-20', 'open'], ['A2', '2026-04-15', 'open']]);
    expect(shared.context.nextActionDue).toBe('2026-03-20');
    // Added with an earlier date than A2 but later than A1: A1 stays first.
    const added = run(shared, ev('action.added', P.added));
    expect(added.context.nextActionDue).toBe('2026-03-20');
    // A1 done: the term moves to the added action's date.
    const done = run(added, ev('action.completed', P.completed('A1'), 'aanbieder'));
    expect(done.context.nextActionDue).toBe('2026-03-25');
    // Its date passes: overdue (still open), notified, and the term moves on to A2.
    const [expired, actions] = transition(machine, done, as(ev('actionTerm.expired', { deadline: 'actionTerm' })));
    expect(expired.context.actions.find((a) => a.id === 'A3')).toMatchObject({ status: 'open', overdue: true });
    expect(expired.context.nextActionDue).toBe('2026-04-15');
    expect(notifies(actions)).toEqual([{ template: 'progressConversation.actionOverdue', to: ['aanbieder', 'contractmanager'] }]);
    // A2 passes too: no upcoming date, so no term; the overdue actions are still open.
    const allLate = run(expired, ev('actionTerm.expired', { deadline: 'actionTerm' }));
    expect(allLate.context).toMatchObject({ hasUpcomingAction: false });
    expect(allLate.context.nextActionDue).toBeUndefined();
    expect(allLate.matches({ followUp: { actions: 'tracking' } })).toBe(true);
  });

  it('the engine runs the action term on the earliest open date and recomputes it when that date changes (Atw: a Saturday moves to Monday)', () => {
    let rt: CaseRuntime = startCase(definition, { caseId: 'CVG-E', procedureId: 'progress-conversation', startedBy: { role: 'contractmanager', userId: 'cm-1' }, data: START }, AT).rt;
    const cm = { role: 'contractmanager' as const, userId: 'cm-1' };
    rt = stepEvent(rt, { type: 'conversation.held', actor: cm, payload: { ...P.held, heldOn: '2026-03-10' } }, AT).rt;
    rt = stepEvent(rt, { type: 'report.shared', actor: cm, payload: { ...P.shared, sharedOn: '2026-03-10', actions: [{ ...A1, byWhen: '2026-03-21' }, A2] } }, AT).rt;
    const term = () => rt.deadlines.find((d) => d.name === 'actionTerm');
    expect(term()).toMatchObject({ kind: 'date', from: '2026-03-21', due: '2026-03-23', status: 'open' }); // Saturday → Monday
    rt = stepEvent(rt, { type: 'action.completed', actor: cm, payload: { actionId: 'A1', completedOn: '2026-03-10' } }, AT).rt;
    expect(term()).toMatchObject({ from: '2026-04-15', due: '2026-04-15' });
    rt = stepEvent(rt, { type: 'action.completed', actor: cm, payload: { actionId: 'A2', completedOn: '2026-03-10' } }, AT).rt;
    expect(term()).toBeUndefined();
    expect(rt.snapshot.matches({ followUp: { actions: 'done' } })).toBe(true);
  });

  it('only an open action can be completed (unknown or already done: refused)', () => {
    const shared = run(start(), ...SHARED);
    expect(shared.can(as(ev('action.completed', P.completed('A9'))))).toBe(false);
    const done = run(shared, ev('action.completed', P.completed('A1')));
    expect(done.can(as(ev('action.completed', P.completed('A1'))))).toBe(false);
  });

  it('the conversation is completed when the reaction week has ended and every action is done; a report without actions needs only the week', () => {
    const noActions = run(start(), ...HELD, ev('report.shared', P.sharedNoActions));
    expect(noActions.matches({ followUp: { actions: 'done' } })).toBe(true);
    const [completed, actions] = transition(machine, noActions, as(ev('reactionTerm.expired', { deadline: 'reactionTerm' })));
    expect(completed.value).toBe('completed');
    expect(completed.status).toBe('done');
    expect(notifies(actions)).toEqual([{ template: 'progressConversation.completed', to: ['aanbieder', 'contractmanager', 'contractbeheer'] }]);
    const withActions = run(start(), ...SHARED, ev('reactionTerm.expired', { deadline: 'reactionTerm' }), ev('action.completed', P.completed('A1')));
    expect(withActions.status).toBe('active');
    expect(run(withActions, ev('action.completed', P.completed('A2'))).value).toBe('completed');
  });
});

function refusalOf(fn: () => unknown): ProcedureError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ProcedureError);
    return e as ProcedureError;
  }
  throw new Error('expected a refusal');
}
