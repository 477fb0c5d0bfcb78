// Contractvoortgangsgesprek (003 Contract- en leveranciersmanagement SDFL, "Classificatie en gespreksfrequentie",
// "Inhoud en opzet van contractvoortgangsgesprekken", "Werkwijze en verslaglegging"). The seed, word for word:
//   "Na gunning worden opdrachtnemers/jeugdhulpaanbieders geclassificeerd […] op basis van omvang, risicoprofiel en
//    strategisch belang. Deze classificatie bepaalt de gespreksfrequentie en intensiteit van sturing."
//   "De frequentie varieert per categorie opdrachtnemers, maar kent als uitgangspunt meerdere gesprekken per jaar."
//   "Aanwezig zijn ten minste de contractmanager SDFL (voorzitter), een vertegenwoordiger contractbeheer SDFL en de
//    jeugdhulpaanbieder."
//   "De afspraken worden vastgelegd in een verslag, kort en feitelijk geformuleerd volgens het SMART-principe. Daarin
//    wordt genoteerd: Wat is besloten en gemandateerd; Welke actie door wie wordt uitgevoerd; Wat de beoogde
//    oplevertermijn is."
//   "Het verslag wordt binnen twee weken gedeeld; reacties daarop volgen binnen één week. Het verslag is daarmee
//    onderdeel van het contractdossier."
//
// One case is one conversation with one provider. Flow: planned (the contract manager chairs and records the
// conversation) → reporting (report within 2 weeks = 14 calendar days from the conversation date; overdue child)
// → followUp, two regions: reactions (1 week = 7 calendar days from the day the report was shared; when it ends the
// report is part of the contract dossier) and actions (every SMART action's date is a term) → completed, with the
// date of the next conversation from the provider's classification.
//
// The actions' terms: the engine's deadlines come from state meta, one per state node, and a report has any
// number of actions. So the actions region declares ONE term of kind 'date' on `nextActionDue`, the earliest date
// of the open actions that have not yet passed; the machine keeps it up to date when actions are added, completed
// or pass their date, and the engine recomputes the term whenever that date changes (reconcileDeadlines). Each
// action's date is so, in turn, a real deadline with reminders; an action past its date is marked overdue (it stays
// open until it is done) and the term moves on to the next date.
import { assertEvent, assign, setup } from 'xstate';
import { z } from 'zod';
import { addMonths } from './dates.ts';
import { withOverdue } from './patterns.ts';
import { progressConversationMail } from './progressConversation.mail.ts';
import { freeText, isoDate, providerCode as codeOfProvider, shortText } from './schemas.ts';
import { defineProcedure, type DeadlineDefinition, type EventTable, type EventsOf, type MachineInput, type Role, type StateMeta } from './types.ts';
import { freezeLaw, stamped } from './immutable.ts';

const SEED = '003 Contract- en leveranciersmanagement SDFL, contractvoortgangsgesprekken';
const RULE = '003 Contractvoortgangsgesprekken';

export const CLASSIFICATION_RULE =
  `${RULE}, "Classificatie en gespreksfrequentie": "Na gunning worden opdrachtnemers/jeugdhulpaanbieders geclassificeerd en/of wordt de ` +
  'bestaande classificatie getoetst op basis van omvang, risicoprofiel en strategisch belang. Deze classificatie bepaalt de gespreksfrequentie ' +
  'en intensiteit van sturing." "De frequentie varieert per categorie opdrachtnemers, maar kent als uitgangspunt meerdere gesprekken per jaar."';
export const CHAIR_RULE =
  `${RULE}, "Inhoud en opzet van contractvoortgangsgesprekken": "Aanwezig zijn ten minste de contractmanager SDFL (voorzitter), een ` +
  'vertegenwoordiger contractbeheer SDFL en de jeugdhulpaanbieder."';
export const SMART_RULE =
  `${RULE}, "Werkwijze en verslaglegging": "De afspraken worden vastgelegd in een verslag, kort en feitelijk geformuleerd volgens het ` +
  'SMART-principe. Daarin wordt genoteerd: Wat is besloten en gemandateerd; Welke actie door wie wordt uitgevoerd; Wat de beoogde oplevertermijn is."';
export const REPORT_RULE = `${RULE}, "Werkwijze en verslaglegging": "Het verslag wordt binnen twee weken gedeeld"`;
export const REACTION_RULE =
  `${RULE}, "Werkwijze en verslaglegging": "reacties daarop volgen binnen één week. Het verslag is daarmee onderdeel van het contractdossier."`;

/** "binnen twee weken": 14 calendar days from the conversation date (moved to a working day, Atw art. 1). */
export const REPORT_TERM_DAYS = 14;
/** "binnen één week": 7 calendar days from the day the report was shared. */
export const REACTION_TERM_DAYS = 7;
/** The longest list of actions one report takes: keeps every dossier readable. */
export const MAX_ACTIONS = 50;

// ---------------------------------------------------------------------------------------------
// Classification → frequency: pure law (with the choice marked).

export const SIZES = ['klein', 'middel', 'groot'] as const;
export const LEVELS = ['laag', 'midden', 'hoog'] as const;
export type Size = (typeof SIZES)[number];
export type Level = (typeof LEVELS)[number];

export interface Classification {
  /** Omvang van de aanbieder in relatie tot het contract. */
  size: Size;
  risk: Level;
  strategicValue: Level;
}

export type ConversationCategory = 'basis' | 'verhoogd' | 'intensief';

export interface ConversationFrequency {
  category: ConversationCategory;
  /** Conversations per year. */
  perYear: number;
  /** Months between two conversations (12 / perYear). */
  intervalMonths: number;
  rule: string;
}

/**
 * (keuze) The seed names the three criteria and "als uitgangspunt meerdere gesprekken per jaar", but no numbers.
 * The highest of the three decides: all low (klein, laag, laag) → basis, twice a year; something medium →
 * verhoogd, three times; something large or high → intensief, four times (every quarter). Never fewer than two:
 * "meerdere gesprekken per jaar".
 */
export const FREQUENCY_BY_CATEGORY: Readonly<Record<ConversationCategory, number>> = { basis: 2, verhoogd: 3, intensief: 4 };

export function conversationFrequency(c: Classification): ConversationFrequency {
  const rank = Math.max(SIZES.indexOf(c.size), LEVELS.indexOf(c.risk), LEVELS.indexOf(c.strategicValue));
  if (rank < 0) throw new RangeError(`unknown classification ${JSON.stringify(c)}`);
  const category: ConversationCategory = rank === 2 ? 'intensief' : rank === 1 ? 'verhoogd' : 'basis';
  const perYear = FREQUENCY_BY_CATEGORY[category];
  return { category, perYear, intervalMonths: 12 / perYear, rule: `${CLASSIFICATION_RULE} (keuze: basis 2, verhoogd 3, intensief 4 gesprekken per jaar)` };
}

export { addMonths } from './dates.ts';

// ---------------------------------------------------------------------------------------------
// Actions: what, who, by when.

/** Who carries out an action: a party at the table (a role, never a person's name). */
export const ACTION_OWNERS = ['aanbieder', 'contractmanager', 'contractbeheer', 'gemeente'] as const satisfies readonly Role[];
export type ActionOwner = (typeof ACTION_OWNERS)[number];

/** A SMART action: all three are required, the date a real calendar date (not before the conversation: a guard). */
export const smartActionSchema = freezeLaw(z
  .object({
    what: shortText('Wat: de actie, kort en feitelijk (specifiek en meetbaar)', { min: 5 }),
    who: z.enum(ACTION_OWNERS).describe('Wie voert de actie uit (partij, geen naam)'),
    byWhen: isoDate('Wanneer: beoogde oplevertermijn (JJJJ-MM-DD), niet vóór het gesprek'),
  })
  .strict()
  .describe('Een actie volgens het SMART-principe: wat, wie en wanneer'));
export type SmartAction = z.infer<typeof smartActionSchema>;

export interface ActionRecord extends SmartAction {
  id: string;
  status: 'open' | 'afgerond';
  /** Its date passed while it was open (it stays open until it is done). */
  overdue: boolean;
  completedOn?: string;
  note?: string;
}

/** The earliest date of the open actions whose date has not yet passed: the one term the engine runs for them. */
export function nextActionDueOf(actions: readonly ActionRecord[]): string | undefined {
  return actions
    .filter((a) => a.status === 'open' && !a.overdue)
    .map((a) => a.byWhen)
    .sort()[0];
}

const withActionTerm = (actions: ActionRecord[]) => {
  const nextActionDue = nextActionDueOf(actions);
  return { actions, nextActionDue, hasUpcomingAction: nextActionDue !== undefined };
};

// ---------------------------------------------------------------------------------------------
// Schemas

const providerCode = codeOfProvider('Code van de jeugdhulpaanbieder (geen persoon)');

export const startSchema = z
  .object({
    provider: providerCode,
    classification: z
      .object({
        size: z.enum(SIZES).describe('Omvang van de aanbieder in relatie tot het contract'),
        risk: z.enum(LEVELS).describe('Risicoprofiel'),
        strategicValue: z.enum(LEVELS).describe('Strategisch belang'),
      })
      .strict()
      .describe('Classificatie van de aanbieder: bepaalt de gespreksfrequentie'),
  })
  .strict();
export type ProgressConversationStart = z.infer<typeof startSchema>;

export const OTHER_ATTENDEES = ['beleidsmedewerker', 'financial-control', 'toezicht', 'lokale-toegang'] as const;

const conversationHeldSchema = z
  .object({
    heldOn: isoDate('Datum van het gesprek (JJJJ-MM-DD): de termijn voor het verslag telt vanaf hier'),
    contractbeheerPresent: z.literal(true).describe('Een vertegenwoordiger contractbeheer was aanwezig'),
    providerPresent: z.literal(true).describe('De jeugdhulpaanbieder was aanwezig'),
    otherAttendees: z.array(z.enum(OTHER_ATTENDEES)).max(OTHER_ATTENDEES.length).optional().describe('Agenda-gestuurd aangesloten (optioneel)'),
    topics: freeText('Besproken onderwerpen (optioneel)', { min: 3 }).optional().describe('Besproken onderwerpen (optioneel)'),
  })
  .strict();

const reportSharedSchema = z
  .object({
    sharedOn: isoDate('Datum waarop het verslag is gedeeld (JJJJ-MM-DD): de reactietermijn telt vanaf hier'),
    decisions: freeText('Wat is besloten en gemandateerd', { min: 5 }),
    actions: z.array(smartActionSchema).max(MAX_ACTIONS).describe('Welke actie door wie wordt uitgevoerd en de beoogde oplevertermijn'),
  })
  .strict();

const reactionGivenSchema = z
  .object({
    reaction: freeText('Reactie op het verslag', { min: 3 }),
  })
  .strict();

const actionAddedSchema = z.object({ action: smartActionSchema }).strict();

const ACTION_ID = /^A[1-9]\d{0,2}$/;
const actionCompletedSchema = z
  .object({
    actionId: z.string().regex(ACTION_ID, 'een actienummer als A1, A2, …').describe('Nummer van de actie (A1, A2, …)'),
    completedOn: isoDate('Datum waarop de actie is afgerond'),
    note: freeText('Toelichting (optioneel)', { min: 3 }).optional().describe('Toelichting (optioneel)'),
  })
  .strict();

const expirySchema = (name: string) => z.object({ deadline: z.literal(name).describe('Naam van de verstreken termijn') }).strict();

// ---------------------------------------------------------------------------------------------
// Context

export interface ProgressConversationContext {
  caseId: string;
  provider: string;
  classification: Classification;
  frequency: ConversationFrequency;
  /** The conversation date (starts the report term). */
  heldOn?: string;
  conversation?: z.infer<typeof conversationHeldSchema> & { chairedBy: string; recordedAt: string };
  reportOverdue: boolean;
  /** The day the report was shared (starts the reaction term). */
  sharedOn?: string;
  report?: { decisions: string; sharedAt: string; sharedBy: string };
  reactions: { reaction: string; by: Role | 'system'; userId: string; at: string }[];
  /** The reaction week ended: the report is part of the contract dossier. */
  reportFinal: boolean;
  actions: ActionRecord[];
  /** The earliest date of the open actions not yet passed: the `actionTerm` (kind 'date'). */
  nextActionDue?: string;
  hasUpcomingAction: boolean;
  /** When the next conversation is due, from the classification's frequency. */
  nextConversationDue?: string;
}

export type NotifyTemplate = keyof typeof progressConversationMail;
export interface NotifyParams {
  template: NotifyTemplate;
  to: readonly Role[];
}

// ---------------------------------------------------------------------------------------------
// Machine

export const reportTerm: DeadlineDefinition = {
  name: 'reportTerm',
  label: 'Termijn verslag contractvoortgangsgesprek',
  kind: 'days',
  n: REPORT_TERM_DAYS,
  startsFromContext: 'heldOn',
  onExpiry: 'reportTerm.expired',
  waitingOn: ['contractmanager'],
  reminders: [2],
  rule: `${REPORT_RULE} (twee weken = 14 kalenderdagen na het gesprek; eindigend op een werkdag volgens de Algemene termijnenwet art. 1)`,
};

export const reactionTerm: DeadlineDefinition = {
  name: 'reactionTerm',
  label: 'Reactietermijn verslag',
  kind: 'days',
  n: REACTION_TERM_DAYS,
  startsFromContext: 'sharedOn',
  onExpiry: 'reactionTerm.expired',
  waitingOn: ['aanbieder', 'contractbeheer'],
  reminders: [1],
  rule: `${REACTION_RULE} (één week = 7 kalenderdagen na het delen; eindigend op een werkdag volgens de Algemene termijnenwet art. 1)`,
};

export const actionTerm: DeadlineDefinition = {
  name: 'actionTerm',
  label: 'Oplevertermijn eerstvolgende actie',
  kind: 'date',
  n: 0,
  startsFromContext: 'nextActionDue',
  appliesIfContext: 'hasUpcomingAction',
  onExpiry: 'actionTerm.expired',
  waitingOn: ['aanbieder', 'contractmanager'],
  reminders: [5, 1],
  rule: `${SMART_RULE} (de beoogde oplevertermijn van elke actie is een termijn; op een zaterdag, zondag of feestdag de eerstvolgende werkdag)`,
};

const meta = (m: StateMeta): StateMeta => m;

/** The events table: label, roles, payload schema and rule of every event. The machine's event union is derived from it. */
export const progressConversationEvents = {
  'conversation.held': {
    label: 'Contractvoortgangsgesprek gevoerd (contractmanager, voorzitter)',
    roles: ['contractmanager'],
    schema: conversationHeldSchema,
    rule: CHAIR_RULE,
    description: 'De contractmanager zit het gesprek voor; aanwezig zijn ten minste contractbeheer en de jeugdhulpaanbieder.',
    termStartDates: ['heldOn'],
  },
  'reportTerm.expired': { label: 'Termijn verslag verstreken', roles: ['system'], schema: expirySchema('reportTerm'), rule: reportTerm.rule },
  'report.shared': {
    label: 'Verslag gedeeld',
    roles: ['contractmanager'],
    schema: reportSharedSchema,
    rule: `${SMART_RULE}; ${REPORT_RULE}`,
    description: 'Wat is besloten en gemandateerd, en per actie wat, wie en wanneer (SMART). De reactietermijn van één week begint op de datum van delen.',
    termStartDates: ['sharedOn'],
  },
  'reaction.given': {
    label: 'Reactie op het verslag gegeven',
    roles: ['aanbieder', 'contractbeheer'],
    schema: reactionGivenSchema,
    rule: REACTION_RULE,
  },
  'reactionTerm.expired': {
    label: 'Reactietermijn verstreken: verslag onderdeel van het contractdossier',
    roles: ['system'],
    schema: expirySchema('reactionTerm'),
    rule: reactionTerm.rule,
  },
  'action.added': {
    label: 'Actie toegevoegd (SMART)',
    roles: ['contractmanager'],
    schema: actionAddedSchema,
    rule: SMART_RULE,
    description: 'Een afgesproken actie die nog niet in het verslag stond: wat, wie en wanneer.',
  },
  'action.completed': {
    label: 'Actie afgerond',
    roles: ['contractmanager', 'contractbeheer', 'aanbieder'],
    schema: actionCompletedSchema,
    rule: SMART_RULE,
  },
  'actionTerm.expired': {
    label: 'Oplevertermijn van een actie verstreken',
    roles: ['system'],
    schema: expirySchema('actionTerm'),
    rule: actionTerm.rule,
  },
} as const satisfies EventTable;
export type ProgressConversationEvent = EventsOf<typeof progressConversationEvents>;

const notBefore = (actions: readonly SmartAction[], heldOn: string | undefined) => heldOn !== undefined && actions.every((a) => a.byWhen >= heldOn);

export const progressConversationMachine = setup({
  types: {} as { context: ProgressConversationContext; events: ProgressConversationEvent; input: MachineInput<ProgressConversationStart> },
  guards: {
    areActionDatesNotBeforeConversation: ({ context, event }) => {
      assertEvent(event, ['report.shared', 'action.added']);
      return notBefore(event.type === 'report.shared' ? event.payload.actions : [event.payload.action], context.heldOn);
    },
    isOpenAction: ({ context, event }) => {
      assertEvent(event, 'action.completed');
      return context.actions.some((a) => a.id === event.payload.actionId && a.status === 'open');
    },
    hasNoOpenActions: ({ context }) => !context.actions.some((a) => a.status === 'open'),
    isFollowUpDone: ({ context }) => context.reportFinal && !context.actions.some((a) => a.status === 'open'),
  },
  actions: {
    notify: (_, _params: NotifyParams) => {},
    recordConversation: assign(({ context, event }) => {
      assertEvent(event, 'conversation.held');
      return {
        heldOn: event.payload.heldOn,
        conversation: stamped(event.payload, { chairedBy: event.actor.userId, recordedAt: event.at }),
        nextConversationDue: addMonths(event.payload.heldOn, context.frequency.intervalMonths),
      };
    }),
    markReportOverdue: assign({ reportOverdue: true }),
    recordReport: assign(({ event }) => {
      assertEvent(event, 'report.shared');
      const actions: ActionRecord[] = event.payload.actions.map((a, i) => stamped(a, { id: `A${i + 1}`, status: 'open', overdue: false }));
      return {
        sharedOn: event.payload.sharedOn,
        report: { decisions: event.payload.decisions, sharedAt: event.at, sharedBy: event.actor.userId },
        ...withActionTerm(actions),
      };
    }),
    recordReaction: assign(({ context, event }) => {
      assertEvent(event, 'reaction.given');
      return { reactions: [...context.reactions, { reaction: event.payload.reaction, by: event.actor.role, userId: event.actor.userId, at: event.at }] };
    }),
    finaliseReport: assign({ reportFinal: true }),
    addAction: assign(({ context, event }) => {
      assertEvent(event, 'action.added');
      return withActionTerm([...context.actions, stamped(event.payload.action, { id: `A${context.actions.length + 1}`, status: 'open', overdue: false })]);
    }),
    completeAction: assign(({ context, event }) => {
      assertEvent(event, 'action.completed');
      const p = event.payload;
      return withActionTerm(
        context.actions.map((a) =>
          a.id === p.actionId ? stamped(a, { status: 'afgerond' as const, completedOn: p.completedOn, ...(p.note !== undefined ? { note: p.note } : {}) }) : a,
        ),
      );
    }),
    /** The term ended on `nextActionDue`: every open action of that date (or earlier) is overdue; the term moves on. */
    markActionsOverdue: assign(({ context }) => {
      const due = context.nextActionDue;
      return withActionTerm(context.actions.map((a) => (a.status === 'open' && !a.overdue && due !== undefined && a.byWhen <= due ? stamped(a, { overdue: true }) : a)));
    }),
  },
}).createMachine({
  id: 'progressConversation',
  meta: meta({ label: 'Contractvoortgangsgesprek', waitingOn: [], rule: RULE }),
  context: ({ input }) => ({
    caseId: input.caseId,
    provider: input.data.provider,
    classification: input.data.classification,
    frequency: conversationFrequency(input.data.classification),
    reportOverdue: false,
    reactions: [],
    reportFinal: false,
    actions: [],
    hasUpcomingAction: false,
  }),
  initial: 'planned',
  states: {
    planned: {
      meta: meta({ label: 'Gesprek gepland: de contractmanager zit het voor', waitingOn: ['contractmanager'], rule: `${CLASSIFICATION_RULE}; ${CHAIR_RULE}` }),
      on: {
        'conversation.held': {
          target: 'reporting',
          actions: ['recordConversation', { type: 'notify', params: { template: 'progressConversation.held', to: ['contractmanager'] } }],
        },
      },
    },
    reporting: stamped(withOverdue(meta({ label: 'Verslag opstellen en delen', waitingOn: ['contractmanager'], deadlines: [reportTerm], rule: REPORT_RULE }), {
      onExpiry: 'reportTerm.expired',
      markOverdue: ['markReportOverdue', { type: 'notify', params: { template: 'progressConversation.reportOverdue', to: ['contractmanager'] } }],
      pending: meta({ label: 'Verslag binnen twee weken delen', waitingOn: ['contractmanager'], rule: REPORT_RULE }),
      overdue: { meta: meta({ label: 'Verslag te laat', waitingOn: ['contractmanager'], rule: reportTerm.rule }) },
    }), {
      on: {
        'report.shared': {
          guard: 'areActionDatesNotBeforeConversation',
          target: 'followUp',
          actions: ['recordReport', { type: 'notify', params: { template: 'progressConversation.reportShared', to: ['aanbieder', 'contractbeheer'] } }],
        },
      },
    }),
    followUp: {
      type: 'parallel',
      meta: meta({ label: 'Reacties op het verslag en acties', waitingOn: ['aanbieder', 'contractmanager'], rule: `${REACTION_RULE}; ${SMART_RULE}` }),
      // Both regions finished: the reaction week ended and no action is open.
      always: {
        guard: 'isFollowUpDone',
        target: 'completed',
        actions: { type: 'notify', params: { template: 'progressConversation.completed', to: ['aanbieder', 'contractmanager', 'contractbeheer'] } },
      },
      states: {
        reactions: {
          meta: meta({ label: 'Reacties op het verslag', waitingOn: ['aanbieder', 'contractbeheer'], rule: REACTION_RULE }),
          initial: 'open',
          states: {
            open: {
              meta: meta({ label: 'Reacties binnen één week', waitingOn: ['aanbieder', 'contractbeheer'], deadlines: [reactionTerm], rule: REACTION_RULE }),
              on: {
                'reaction.given': { actions: 'recordReaction' },
                'reactionTerm.expired': { target: 'closed', actions: 'finaliseReport' },
              },
            },
            closed: {
              type: 'final',
              meta: meta({ label: 'Verslag onderdeel van het contractdossier', waitingOn: [], rule: REACTION_RULE }),
            },
          },
        },
        actions: {
          meta: meta({ label: 'Acties uit het verslag', waitingOn: ['aanbieder', 'contractmanager'], rule: SMART_RULE }),
          initial: 'tracking',
          states: {
            tracking: {
              meta: meta({ label: 'Acties lopen: elke oplevertermijn is een termijn', waitingOn: ['aanbieder', 'contractmanager'], deadlines: [actionTerm], rule: SMART_RULE }),
              always: { guard: 'hasNoOpenActions', target: 'done' },
              on: {
                'action.added': { guard: 'areActionDatesNotBeforeConversation', actions: 'addAction' },
                'action.completed': { guard: 'isOpenAction', actions: 'completeAction' },
                'actionTerm.expired': {
                  actions: ['markActionsOverdue', { type: 'notify', params: { template: 'progressConversation.actionOverdue', to: ['aanbieder', 'contractmanager'] } }],
                },
              },
            },
            done: {
              type: 'final',
              meta: meta({ label: 'Alle acties afgerond', waitingOn: [], rule: SMART_RULE }),
            },
          },
        },
      },
    },
    completed: {
      type: 'final',
      meta: meta({ label: 'Gesprek afgerond; volgende gesprek volgens de gespreksfrequentie', waitingOn: [], rule: CLASSIFICATION_RULE }),
    },
  },
});

// ---------------------------------------------------------------------------------------------
// Definition

export const progressConversation = defineProcedure({
  id: 'progress-conversation',
  version: 1,
  title: 'Contractvoortgangsgesprek',
  description:
    'Een contractvoortgangsgesprek met één aanbieder. De classificatie van de aanbieder (omvang, risicoprofiel en strategisch belang) ' +
    'bepaalt de gespreksfrequentie: als uitgangspunt meerdere gesprekken per jaar. De contractmanager zit het gesprek voor; aanwezig zijn ' +
    'ten minste contractbeheer en de jeugdhulpaanbieder. Het verslag wordt binnen twee weken gedeeld, met de afspraken volgens het ' +
    'SMART-principe (wat, wie, wanneer); reacties volgen binnen één week, daarna is het verslag onderdeel van het contractdossier. ' +
    'De oplevertermijn van elke actie is een termijn met herinneringen.',
  seed: SEED,
  machine: progressConversationMachine,
  mail: progressConversationMail,
  startRoles: ['contractmanager', 'contractbeheer'],
  startSchema,
  events: progressConversationEvents,
  guards: {
    areActionDatesNotBeforeConversation: {
      description: 'elke actie heeft een oplevertermijn op of na de datum van het gesprek',
      rule: SMART_RULE,
    },
    isOpenAction: {
      description: 'alleen een bestaande actie die nog open staat kan worden afgerond',
      rule: SMART_RULE,
    },
    hasNoOpenActions: {
      description: 'alle acties uit het verslag zijn afgerond',
      rule: SMART_RULE,
    },
    isFollowUpDone: {
      description: 'het gesprek is afgerond zodra de reactieweek voorbij is (het verslag is onderdeel van het contractdossier) en alle acties zijn afgerond',
      rule: `${REACTION_RULE}; ${SMART_RULE}`,
    },
  },
});
