// Automatische brief met vetotermijn (002 Begrippenlijst, "SIRO (waarschuwingbrief)"). Before an automatic
// letter goes out (the SIRO warning letter about a backlog in social return), the contract manager is asked
// to approve, postpone or refuse it; without action within the veto window it is sent automatically.
// Generic: the letter is one of the letters the mail side knows (mail/templates/letters.ts), its facts are
// start data, checked against that letter's strict schema (LETTER_DATA, here) when the case starts.
//
// Flow: awaitingVeto (veto window, 5 working days unless the start says otherwise; the veto request goes to
// the contract manager) → sent (approved, or the window ended: sent automatically) | refused (nothing sent).
// A postponement moves the end of the window by its working days and asks again.
//
// The engine opens a deadline when its state node is entered and reopens it only when its length or start
// (read from context) changed: re-entering the node alone keeps the running window (same node id). So a
// postponement adds its working days to `vetoWorkingDays`, the window's length counted from the day it first
// opened: the new end is the old end plus the postponement, and the re-entry sends a new veto request.
import { assertEvent, assign, setup } from 'xstate';
import { z } from 'zod';
import { automaticLetterMail } from './automaticLetter.mail.ts';
import { freeText, isoDate, shortText } from './schemas.ts';
import { defineProcedure, type Actor, type DeadlineDefinition, type EventTable, type EventsOf, type MachineInput, type ProcedureEvent, type Role, type StateMeta } from './types.ts';
import { freezeLaw } from './immutable.ts';

const SEED = '002 Begrippenlijst, SIRO (waarschuwingbrief)';
const RULE = '002 Begrippenlijst, SIRO (waarschuwingbrief)';

/** (keuze) The seed sets no veto window: 5 working days, a reminder one working day before its end. */
export const VETO_WINDOW_WORKING_DAYS = 5;
export const VETO_WINDOW_REMINDERS: readonly number[] = [1];
/** Bounds of the window at start and of one postponement, in working days. */
export const MIN_WORKING_DAYS = 1;
export const MAX_WORKING_DAYS = 20;

/**
 * The automatic letters the mail side knows (the keys of `LETTERS` in mail/templates/letters.ts; machines do
 * not import mail/, a test keeps the two in sync). Adding a letter there means adding its name here.
 */
export const AUTOMATIC_LETTERS = ['siro-warning'] as const;
export type AutomaticLetterName = (typeof AUTOMATIC_LETTERS)[number];

/** The `notify` template of the letter itself is `letter:<name>`; its text is in automaticLetter.mail.ts. */
export const LETTER_TEMPLATE_PREFIX = 'letter:';

// ---------------------------------------------------------------------------------------------
// Schemas

const workingDays = (description: string) => z.number().int().min(MIN_WORKING_DAYS).max(MAX_WORKING_DAYS).describe(description);

/**
 * The facts of each automatic letter: a strict object schema of case facts, never personal data. The
 * start schema checks a case's letter data against it (so a letter that could not be made is refused
 * when the case starts, not when the mail goes out); the mail template (mail/templates/letters.ts)
 * uses the same schema to fill in the letter.
 */
export const LETTER_DATA = freezeLaw({
  'siro-warning': z
    .object({
      period: z
        .string()
        .regex(/^\d{4}(-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$/, 'Periode als JJJJ, JJJJ-Qn, JJJJ-Hn of JJJJ-MM')
        .describe('Periode (JJJJ, JJJJ-Qn, JJJJ-Hn of JJJJ-MM)'),
      realisedPercent: z.number().min(0).max(100).describe('Gerealiseerd percentage SROI'),
      targetPercent: z.number().min(0).max(100).describe('Afgesproken percentage SROI'),
      checkedOn: isoDate('Datum van de controle in SIRO'),
    })
    .strict(),
} as const satisfies Record<AutomaticLetterName, z.ZodType>);

/**
 * The letter's facts as start data: scalar values under simple keys, checked against the letter's own
 * schema (LETTER_DATA) by the start schema.
 */
const letterData = z
  .record(
    z.string().regex(/^[a-z][A-Za-z0-9]{0,39}$/, 'Sleutel in camelCase, zonder spaties'),
    z.union([shortText(), z.number(), z.boolean()]),
  )
  .refine((d) => Object.keys(d).length > 0, { message: 'Geef de gegevens van de brief' })
  .describe('Gegevens van de brief (feiten van de zaak, geen persoonsgegevens), gecontroleerd tegen het schema van de brief');
export type LetterData = z.infer<typeof letterData>;

export const startSchema = z
  .object({
    provider: shortText('Code van de jeugdhulpaanbieder (geen persoon)'),
    letter: z.enum(AUTOMATIC_LETTERS).describe('Welke automatische brief (bijv. de waarschuwingsbrief SROI)'),
    data: letterData,
    vetoWorkingDays: workingDays('Vetotermijn in werkdagen (standaard 5)')
      .default(VETO_WINDOW_WORKING_DAYS)
      .describe('Vetotermijn in werkdagen (1 t/m 20, standaard 5)'),
  })
  .strict()
  .superRefine((start, ctx) => {
    const parsed = LETTER_DATA[start.letter].safeParse(start.data);
    if (parsed.success) return;
    for (const issue of parsed.error.issues) {
      ctx.addIssue({ code: 'custom', path: ['data', ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: `${issue.message} (brief ${start.letter})` });
    }
  });
export type AutomaticLetterStart = z.output<typeof startSchema>;

const approvedSchema = z
  .object({
    reason: freeText('Toelichting bij het akkoord (optioneel)', { min: 3 }).optional().describe('Toelichting bij het akkoord (optioneel)'),
  })
  .strict();

const postponedSchema = z
  .object({
    workingDays: workingDays('Met hoeveel werkdagen de verzending wordt uitgesteld (1 t/m 20)'),
    reason: freeText('Waarom de verzending wordt uitgesteld', { min: 5 }),
  })
  .strict();

const refusedSchema = z
  .object({
    reason: freeText('Waarom de brief niet wordt verstuurd', { min: 5 }),
  })
  .strict();

const expirySchema = z
  .object({
    deadline: z.literal('vetoWindow').describe('Naam van de verstreken termijn'),
  })
  .strict();

// ---------------------------------------------------------------------------------------------
// Context

export interface Postponement {
  workingDays: number;
  reason: string;
  at: string;
  by: Actor;
}

/** Who decided what happens to the letter, when and why. The engine decides (`role: 'system'`) when the window ends. */
export interface LetterDecision {
  outcome: 'approved' | 'refused' | 'not-vetoed';
  by: Actor;
  at: string;
  reason?: string;
}

export interface AutomaticLetterContext {
  caseId: string;
  provider: string;
  letter: AutomaticLetterName;
  data: LetterData;
  /** Length of the veto window in working days, counted from the day it opened: the start's, plus every postponement. */
  vetoWorkingDays: number;
  postponements: Postponement[];
  decision?: LetterDecision;
  /** The letter went out because nobody acted within the window (false until then, and when approved or refused). */
  automatic: boolean;
}

/** The templates of `notify`: the keys of the mail texts beside this machine (a letter without a text does not compile). */
export type NotifyTemplate = keyof typeof automaticLetterMail;
export interface NotifyParams {
  template: NotifyTemplate;
  to: readonly Role[];
  letter: AutomaticLetterName;
  data: LetterData;
  deadline?: 'vetoWindow';
  automatic?: boolean;
}


const decided = (outcome: LetterDecision['outcome'], event: ProcedureEvent, reason?: string): LetterDecision => ({
  outcome,
  by: event.actor,
  at: event.at,
  ...(reason !== undefined ? { reason } : {}),
});

// ---------------------------------------------------------------------------------------------
// Machine

export const vetoWindow: DeadlineDefinition = {
  name: 'vetoWindow',
  label: 'Vetotermijn automatische brief',
  kind: 'working-days',
  n: VETO_WINDOW_WORKING_DAYS,
  nFromContext: 'vetoWorkingDays',
  onExpiry: 'vetoWindow.expired',
  waitingOn: ['contractmanager'],
  reminders: VETO_WINDOW_REMINDERS,
  rule: `${RULE}: zonder actie van de contractmanager wordt de brief automatisch verstuurd; termijn ${VETO_WINDOW_WORKING_DAYS} werkdagen tenzij anders opgegeven, verlengd met elk uitstel (keuze)`,
};

const meta = (m: StateMeta): StateMeta => m;

/** The events table: label, roles, payload schema and rule of every event. The machine's event union is derived from it. */
export const automaticLetterEvents = {
  'letter.approved': {
    label: 'Verzending goedgekeurd',
    roles: ['contractmanager'],
    schema: approvedSchema,
    rule: `${RULE}: accorderen`,
    description: 'De brief gaat direct naar de aanbieder, met de vermelding dat de contractmanager akkoord gaf.',
  },
  'letter.postponed': {
    label: 'Verzending uitgesteld',
    roles: ['contractmanager'],
    schema: postponedSchema,
    rule: `${RULE}: uitstellen`,
    description: 'De vetotermijn wordt met het opgegeven aantal werkdagen verlengd; u krijgt een nieuw verzoek met de nieuwe einddatum.',
  },
  'letter.refused': {
    label: 'Verzending geweigerd',
    roles: ['contractmanager'],
    schema: refusedSchema,
    rule: `${RULE}: weigeren`,
    description: 'De brief wordt niet verstuurd; de zaak sluit.',
  },
  'vetoWindow.expired': {
    label: 'Vetotermijn verstreken: brief automatisch verstuurd',
    roles: ['system'],
    schema: expirySchema,
    rule: vetoWindow.rule,
  },
} as const satisfies EventTable;
export type AutomaticLetterEvent = EventsOf<typeof automaticLetterEvents>;

export const automaticLetterMachine = setup({
  types: {} as { context: AutomaticLetterContext; events: AutomaticLetterEvent; input: MachineInput<AutomaticLetterStart> },
  actions: {
    notify: (_, _params: NotifyParams) => {},
    recordApproval: assign(({ event }) => {
      assertEvent(event, 'letter.approved');
      return { decision: decided('approved', event, event.payload.reason) };
    }),
    recordNoVeto: assign({ decision: ({ event }) => decided('not-vetoed', event), automatic: true }),
    recordRefusal: assign(({ event }) => {
      assertEvent(event, 'letter.refused');
      return { decision: decided('refused', event, event.payload.reason) };
    }),
    recordPostponement: assign(({ context, event }) => {
      assertEvent(event, 'letter.postponed');
      const p = event.payload;
      return {
        vetoWorkingDays: context.vetoWorkingDays + p.workingDays,
        postponements: [...context.postponements, { workingDays: p.workingDays, reason: p.reason, at: event.at, by: event.actor }],
      };
    }),
  },
}).createMachine({
  id: 'automaticLetter',
  meta: meta({ label: 'Automatische brief met vetotermijn', waitingOn: [], rule: RULE }),
  context: ({ input }) => ({
    caseId: input.caseId,
    provider: input.data.provider,
    letter: input.data.letter,
    data: input.data.data,
    vetoWorkingDays: input.data.vetoWorkingDays,
    postponements: [],
    automatic: false,
  }),
  initial: 'awaitingVeto',
  states: {
    awaitingVeto: {
      meta: meta({
        label: 'Wacht op akkoord, uitstel of weigering door de contractmanager',
        waitingOn: ['contractmanager'],
        deadlines: [vetoWindow],
        rule: `${RULE}: de contractmanager krijgt het verzoek de brief te accorderen, uit te stellen of te weigeren`,
      }),
      // The request to approve, postpone or refuse (mail/templates/letters.ts); again on re-entry after a
      // postponement, quoting the moved end of the window.
      entry: {
        type: 'notify',
        params: ({ context }) => ({ template: 'letter.vetoRequested', to: ['contractmanager'], letter: context.letter, data: context.data, deadline: 'vetoWindow' }),
      },
      on: {
        'letter.approved': { target: 'sent', actions: 'recordApproval' },
        'vetoWindow.expired': { target: 'sent', actions: 'recordNoVeto' },
        'letter.postponed': { target: 'awaitingVeto', reenter: true, actions: 'recordPostponement' },
        'letter.refused': { target: 'refused', actions: 'recordRefusal' },
      },
    },
    sent: {
      type: 'final',
      meta: meta({ label: 'Brief verstuurd aan de aanbieder', waitingOn: [], rule: `${RULE}: na akkoord, of automatisch zonder actie` }),
      entry: {
        type: 'notify',
        params: ({ context }) => ({
          template: `${LETTER_TEMPLATE_PREFIX}${context.letter}` as const,
          to: ['aanbieder'],
          letter: context.letter,
          data: context.data,
          automatic: context.automatic,
        }),
      },
    },
    refused: {
      type: 'final',
      meta: meta({ label: 'Brief geweigerd: niet verstuurd', waitingOn: [], rule: `${RULE}: de contractmanager weigert het versturen` }),
    },
  },
});

// ---------------------------------------------------------------------------------------------
// Definition

export const automaticLetter = defineProcedure({
  id: 'automatic-letter',
  version: 1,
  title: 'Automatische brief met vetotermijn',
  description:
    'Een automatische brief aan de aanbieder, zoals de waarschuwingsbrief uit SIRO bij een achterstand in de realisatie van ' +
    'social return (SROI), gaat niet direct uit: eerst krijgt de contractmanager het verzoek het versturen te accorderen, uit te ' +
    'stellen of te weigeren. Zonder actie binnen de vetotermijn (standaard 5 werkdagen) wordt de brief automatisch verstuurd. ' +
    'Uitstel verlengt de termijn met het opgegeven aantal werkdagen, met een nieuw verzoek. De brief toont alleen de gegevens die ' +
    'hij zelf declareert, nooit persoonsgegevens.',
  seed: SEED,
  machine: automaticLetterMachine,
  mail: automaticLetterMail,
  startRoles: ['contractmanager', 'contractbeheer'],
  startSchema,
  events: automaticLetterEvents,
  guards: {},
});
