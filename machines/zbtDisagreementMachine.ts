// P3 — Onenigheid tussen aanbieder en ZBT over het arrangement (002, §4.3).
// The provider disagrees with the arrangement the JB-team/ZBT proposed: it contacts the JB-team/ZBT
// within 2 days, the ZBT may set a bounded vraagverheldering, then decides the arrangement (iJW301).
// Still no agreement: the GI manager consults the provider's team manager and may engage the
// contract manager (fixed, anonymised format), who only checks the process. The GI informs the client.
import { assertEvent, assign, setup } from 'xstate';
import { z } from 'zod';
import { zbtDisagreementMail } from './zbtDisagreement.mail.ts';
import { dayNumber } from './dates.ts';
import { withOverdue } from './patterns.ts';
import { freeText, isoDate, providerCode, shortText } from './schemas.ts';
import {
  ROLES,
  defineProcedure,
  type DeploymentSettings,
  type EventTable,
  type EventsOf,
  type MachineInput,
  type Role,
  type StartCheckContext,
  type StartRefusal,
} from './types.ts';
import { stamped } from './immutable.ts';

const SEED = '002 Contractmanagementprotocol GR Jeugdhulp Rijnmond, §4.3';

// ---------------------------------------------------------------------------------------------
// Schemas: start data and event payloads (strict; no personal data of the youth, case references only)

/** The longest list a step takes (actions, steps, articles): keeps every dossier readable. */
const MAX_LIST_ITEMS = 50;


/**
 * The contact term in calendar days (002 §4.3, aanhef: "neemt Opdrachtnemer binnen 2 dagen contact op met het
 * JB-team/ZBT"). Fixed by the contract: nobody sets it per case. Only the commissioning body may set another
 * value for a whole deployment (ZBT_CONTACT_TERM_DAYS, config/index.ts), within these bounds.
 */
export const DEFAULT_CONTACT_TERM_DAYS = 2;
export const ZBT_CONTACT_TERM_DAYS_MIN = 1;
export const ZBT_CONTACT_TERM_DAYS_MAX = 10;
/**
 * (keuze) How long after the contact term ended a disagreement may still be registered with its proposal date:
 * 4 weeks. Later than that the arrangement has long been issued (iJW301) and the proposal date is more likely a
 * typing error (2016 for 2026) than a late registration; §4.4 ("Escalatieprocedure") is then the way.
 */
export const LATE_REGISTRATION_DAYS = 28;
/** Default lengths used only when the context holds no agreed term (never expected: the events require one). */
const DEFAULT_CLARIFICATION_WORKING_DAYS = 10;
const DEFAULT_FEEDBACK_WORKING_DAYS = 10;

/** The JW301 (toewijzing jeugdhulp) message identification: 1–12 letters, digits or hyphens. */
const IJW301_REFERENCE = /^[A-Za-z0-9-]{1,12}$/;

const CONTACT_TERM_RULE = '002 §4.3 aanhef: "Wanneer Opdrachtnemer het niet eens is met het arrangement dat door het JB- team/ZBT wordt voorgesteld, dan neemt Opdrachtnemer binnen 2 dagen contact op met het JB-team/ZBT"';

export const zbtDisagreementStartSchema = z.strictObject({
  provider: providerCode('Code van de aanbieder (opdrachtnemer), nooit een persoonsnaam'),
  arrangementReference: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/)
    .describe('Kenmerk van het voorgestelde arrangement (zaakkenmerk, geen persoonsgegevens)'),
  disagreementSummary: freeText('Waarover is de aanbieder het niet eens met het voorgestelde arrangement (zonder persoonsgegevens)', { min: 10 }),
  proposedOn: isoDate(
    'Datum waarop het JB-team/ZBT het arrangement voorstelde (JJJJ-MM-DD); de contacttermijn telt vanaf deze dag. Niet na vandaag en ' +
      `niet meer dan ${LATE_REGISTRATION_DAYS} dagen na het einde van de contacttermijn`,
  ),
});
export type ZbtDisagreementStart = z.infer<typeof zbtDisagreementStartSchema>;

const deadlineExpiredSchema = (name: string) =>
  z.strictObject({ deadline: z.literal(name).describe('Naam van de verstreken termijn') });

const agreedActionSchema = z.strictObject({
  what: freeText('Wat: de actie die wordt uitgezet', { min: 5 }),
  who: z.enum(ROLES).describe('Wie: de rol die de actie uitvoert'),
  byDate: isoDate('Uiterlijk op (JJJJ-MM-DD)'),
});

export const zbtContactedSchema = z.strictObject({
  summary: freeText('Korte weergave van het contact met het JB-team/ZBT (zonder persoonsgegevens)', { min: 5 }),
});
export const clarificationStartedSchema = z.strictObject({
  workingDays: z.number().int().min(1).max(40).describe('Duur van de vraagverheldering in werkdagen (1 tot en met 40)'),
  question: freeText('Welke vraag moet de aanbieder verhelderen', { min: 10 }),
});
export const clarificationCompletedSchema = z.strictObject({
  findings: freeText('Bevindingen van de aanbieder uit de vraagverheldering', { min: 10 }),
});
export const arrangementDecidedSchema = z.strictObject({
  youthConsulted: z.literal(true).describe('Het arrangement is bepaald in overleg met de jeugdige'),
  findingsSummary: freeText('Samenvatting van de bevindingen waarop het besluit rust', { min: 10 }),
  adviceSummary: freeText('Samenvatting van het advies waarop het besluit rust', { min: 10 }),
  ijw301Reference: z
    .string()
    .regex(IJW301_REFERENCE)
    .describe('Berichtidentificatie van de opdracht aan de aanbieder via iJW301 (1 tot 12 letters, cijfers of streepjes)'),
});
export const arrangementAcceptedSchema = z.strictObject({
  remarks: freeText('Eventuele opmerkingen van de aanbieder', { min: 1 }).optional().describe('Eventuele opmerkingen van de aanbieder'),
});
export const disagreementPersistedSchema = z.strictObject({
  reason: freeText('Waarom de aanbieder het nog steeds niet eens is met het arrangement', { min: 10 }),
});
export const giManagerInformedSchema = z.strictObject({
  summary: freeText('Wat aan de teamleider/manager van de GI is overgedragen', { min: 10 }),
});
export const managersConsultedSchema = z.strictObject({
  outcome: z.enum(['agreed', 'disagreed']).describe('Uitkomst van het overleg tussen de teammanagers: eens of oneens'),
  summary: freeText('Samenvatting van het overleg met de teammanager van de aanbieder', { min: 10 }),
});
/** The fixed format ("vast format") for engaging the contract manager: anonymised and substantiated. */
export const contractManagerEngagedSchema = z.strictObject({
  anonymised: z.literal(true).describe('De informatie is geanonimiseerd: geen persoonsgegevens van de jeugdige'),
  stepsTaken: z
    .array(
      z.strictObject({
        date: isoDate('Datum van de stap (JJJJ-MM-DD)'),
        step: freeText('Welke stap is gezet', { min: 5 }),
        by: z.enum(ROLES).describe('Door welke rol'),
      }),
    )
    .min(1)
    .max(MAX_LIST_ITEMS)
    .describe('De al doorlopen stappen, met datum en rol'),
  differenceOfOpinion: freeText('Onderbouwd verschil van inzicht tussen het lokale team en de aanbieder', { min: 30 }),
  giPosition: freeText('Standpunt van de GI / het lokale team', { min: 10 }),
  providerPosition: freeText('Standpunt van de aanbieder', { min: 10 }),
});
export const actionsAgreedSchema = z.strictObject({
  actions: z.array(agreedActionSchema).min(1).max(MAX_LIST_ITEMS).describe('Afgesproken acties: wat, wie en uiterlijk wanneer'),
  feedbackTermWorkingDays: z
    .number()
    .int()
    .min(1)
    .max(60)
    .describe('Termijn in werkdagen waarbinnen het lokale team terugkoppeling van de contractmanager krijgt'),
});
export const feedbackGivenSchema = z.strictObject({
  summary: freeText('Terugkoppeling van de contractmanager aan het lokale team', { min: 10 }),
});
/** The contract manager only checks the process: there is deliberately no field for care advice. */
export const processCheckedSchema = z.strictObject({
  processFollowed: z.boolean().describe('Is het juiste proces doorlopen'),
  remarks: freeText('Toelichting op de procestoets (geen zorginhoudelijk advies)', { min: 5 }),
});
export const clientInformedSchema = z.strictObject({
  informedOn: isoDate('Datum waarop de GI de cliënt op de hoogte stelde (JJJJ-MM-DD)'),
  summary: freeText('Waarover de cliënt is geïnformeerd (zonder persoonsgegevens)', { min: 5 }),
});
export const bridgingCareDeployedSchema = z.strictObject({
  from: isoDate('Ingangsdatum van de overbruggingszorg (JJJJ-MM-DD)'),
  description: freeText('Welke tijdelijke andersoortige zorg wordt ingezet', { min: 5 }),
});
export const caseClosedSchema = z.strictObject({
  outcome: z
    .enum(['agreement-reached', 'arrangement-upheld', 'other-provider', 'other'])
    .describe('Uitkomst: overeenstemming bereikt, arrangement gehandhaafd, andere aanbieder of anders'),
  summary: freeText('Toelichting op de afsluiting', { min: 10 }),
});

export type ZbtContactedInput = z.infer<typeof zbtContactedSchema>;
export type ClarificationStartedInput = z.infer<typeof clarificationStartedSchema>;
export type ClarificationCompletedInput = z.infer<typeof clarificationCompletedSchema>;
export type ArrangementDecidedInput = z.infer<typeof arrangementDecidedSchema>;
export type DisagreementPersistedInput = z.infer<typeof disagreementPersistedSchema>;
export type GiManagerInformedInput = z.infer<typeof giManagerInformedSchema>;
export type ManagersConsultedInput = z.infer<typeof managersConsultedSchema>;
export type ContractManagerEngagedInput = z.infer<typeof contractManagerEngagedSchema>;
export type ActionsAgreedInput = z.infer<typeof actionsAgreedSchema>;
export type FeedbackGivenInput = z.infer<typeof feedbackGivenSchema>;
export type ProcessCheckedInput = z.infer<typeof processCheckedSchema>;
export type ClientInformedInput = z.infer<typeof clientInformedSchema>;
export type BridgingCareDeployedInput = z.infer<typeof bridgingCareDeployedSchema>;
export type CaseClosedInput = z.infer<typeof caseClosedSchema>;

// ---------------------------------------------------------------------------------------------
// Context: case references and recorded steps only

export interface ZbtDisagreementContext {
  caseId: string;
  provider: string;
  arrangementReference: string;
  disagreementSummary: string;
  /** ISO date the arrangement was proposed; the contact term counts from it. */
  proposedOn: string;
  /** Contact term in calendar days (deadline `contactTerm`, nFromContext): the deployment's setting, never the case's. */
  contactTermDays: number;
  contact?: ZbtContactedInput & { at: string };
  contactOverdue: boolean;
  clarification?: ClarificationStartedInput & { startedAt: string; findings?: string; completedAt?: string; expired: boolean };
  decision?: ArrangementDecidedInput & { decidedAt: string };
  acceptedAt?: string;
  persistedDisagreement?: DisagreementPersistedInput & { at: string };
  giManagerInformed?: GiManagerInformedInput & { at: string };
  managersConsultation?: ManagersConsultedInput & { at: string };
  contractManagerRequest?: ContractManagerEngagedInput & { at: string };
  agreedActions: ActionsAgreedInput['actions'];
  /** Agreed feedback term in working days (deadline `feedbackTerm`, nFromContext). */
  feedbackTermWorkingDays?: number;
  feedbackOverdue: boolean;
  feedback?: FeedbackGivenInput & { at: string };
  processCheck?: ProcessCheckedInput & { at: string };
  clientInformed?: ClientInformedInput & { at: string };
  bridgingCare: (BridgingCareDeployedInput & { at: string })[];
  closure?: CaseClosedInput & { at: string };
}

/** The deployment's contact term (002 §4.3 "binnen 2 dagen"), checked: a term outside the bounds is a configuration error. */
export function contactTermDaysOf(settings: DeploymentSettings | undefined): number {
  const days = settings?.zbtContactTermDays ?? DEFAULT_CONTACT_TERM_DAYS;
  if (!Number.isInteger(days) || days < ZBT_CONTACT_TERM_DAYS_MIN || days > ZBT_CONTACT_TERM_DAYS_MAX) {
    throw new Error(`zbtContactTermDays must be an integer ${ZBT_CONTACT_TERM_DAYS_MIN}–${ZBT_CONTACT_TERM_DAYS_MAX} (got ${String(days)})`);
  }
  return days;
}


/**
 * The lower bound of `proposedOn` at start: the contact term that counts from it ended at most
 * LATE_REGISTRATION_DAYS before the day the case is registered. (The upper bound, never after today, is the
 * engine's check of every `startTermStartDates` path.)
 */
export function checkProposalDate(data: Pick<ZbtDisagreementStart, 'proposedOn'>, at: StartCheckContext): StartRefusal | undefined {
  const termDays = contactTermDaysOf(at.settings);
  const daysLate = dayNumber(at.today) - dayNumber(data.proposedOn) - termDays;
  if (daysLate <= LATE_REGISTRATION_DAYS) return undefined;
  return {
    field: 'proposedOn',
    message:
      `het voorstel van ${data.proposedOn} ligt te ver terug: de contacttermijn van ${termDays} dagen was ${daysLate} dagen vóór vandaag (${at.today}) ` +
      `al verstreken; een onenigheid over een arrangement wordt binnen ${LATE_REGISTRATION_DAYS} dagen na het einde van die termijn vastgelegd ` +
      '(daarna: escalatieprocedure §4.4). Controleer de datum.',
    rule: `${CONTACT_TERM_RULE} (keuze: registratie uiterlijk ${LATE_REGISTRATION_DAYS} dagen na het einde van de termijn)`,
  };
}


// ---------------------------------------------------------------------------------------------
// The machine

/** The JB-team/ZBT decides the arrangement and issues the order (iJW301) to the provider. */
const decideArrangement = {
  target: '#zbt-disagreement.arrangementDecided',
  actions: ['recordDecision', { type: 'notify', params: { template: 'zbt-disagreement.arrangement-decided', to: ['aanbieder'] } }],
} as const;
/** Closing the case, only once the GI has informed the client. */
const closeCase = { target: '#zbt-disagreement.closed', guard: 'isClientInformed', actions: 'recordClosure' } as const;

/** The events table: label, roles, payload schema and rule of every event. The machine's event union is derived from it. */
export const zbtDisagreementEvents = {
  'zbt.contacted': {
    label: 'Aanbieder heeft contact opgenomen met het JB-team/ZBT',
    roles: ['aanbieder'],
    schema: zbtContactedSchema,
    rule: CONTACT_TERM_RULE,
  },
  'contactTerm.expired': {
    label: 'Contacttermijn verstreken',
    roles: ['system'],
    schema: deadlineExpiredSchema('contactTerm'),
    rule: CONTACT_TERM_RULE,
  },
  'clarification.started': {
    label: 'ZBT heeft een periode van vraagverheldering ingezet',
    roles: ['zbt'],
    schema: clarificationStartedSchema,
    rule: '002 §4.3 stap 1',
    description: 'Alleen in uitzonderingsgevallen; de periode is afgebakend en het einde is een termijn.',
  },
  'clarification.completed': {
    label: 'Aanbieder heeft de vraagverheldering afgerond',
    roles: ['aanbieder'],
    schema: clarificationCompletedSchema,
    rule: '002 §4.3 stap 1',
  },
  'clarificationTerm.expired': {
    label: 'Periode van vraagverheldering verstreken',
    roles: ['system'],
    schema: deadlineExpiredSchema('clarificationTerm'),
    rule: '002 §4.3 stap 2: na de afgebakende periode bepaalt het JB-team/ZBT het arrangement',
  },
  'arrangement.decided': {
    label: 'JB-team/ZBT heeft het arrangement bepaald (iJW301 verstrekt)',
    roles: ['zbt'],
    schema: arrangementDecidedSchema,
    rule: '002 §4.3 stap 2',
    description: 'Op basis van de bevindingen en het advies, in overleg met de jeugdige; de opdracht gaat via een iJW301.',
  },
  'arrangement.accepted': {
    label: 'Aanbieder gaat akkoord met het arrangement',
    roles: ['aanbieder'],
    schema: arrangementAcceptedSchema,
    rule: '002 §4.3 stap 2',
  },
  'disagreement.persisted': {
    label: 'Aanbieder heeft gemeld het nog steeds niet eens te zijn',
    roles: ['aanbieder'],
    schema: disagreementPersistedSchema,
    rule: '002 §4.3 stap 3',
  },
  'giManager.informed': {
    label: 'Teamleider/manager GI geïnformeerd',
    roles: ['zbt'],
    schema: giManagerInformedSchema,
    rule: '002 §4.3 stap 3',
  },
  'managers.consulted': {
    label: 'Manager GI heeft overlegd met de teammanager van de aanbieder',
    roles: ['gi-manager'],
    schema: managersConsultedSchema,
    rule: '002 §4.3 stap 3 en 4',
  },
  'contractManager.engaged': {
    label: 'Contractmanager ingeschakeld (vast format)',
    roles: ['gi-manager'],
    schema: contractManagerEngagedSchema,
    rule: '002 §4.3 stap 4: vast format, geanonimiseerd en zorgvuldig onderbouwd',
    description: 'De contractmanager ontvangt geanonimiseerde, onderbouwde informatie over de doorlopen stappen en het verschil van inzicht.',
  },
  'actions.agreed': {
    label: 'Acties en terugkoppeltermijn afgesproken',
    roles: ['contractmanager', 'casusregisseur'],
    schema: actionsAgreedSchema,
    rule: '002 §4.3 stap 4: afspraken over acties en de termijn van terugkoppeling, vastgelegd in het dossier',
  },
  'feedback.given': {
    label: 'Contractmanager heeft teruggekoppeld aan het lokale team',
    roles: ['contractmanager'],
    schema: feedbackGivenSchema,
    rule: '002 §4.3 stap 4',
  },
  'feedbackTerm.expired': {
    label: 'Terugkoppeltermijn contractmanager verstreken',
    roles: ['system'],
    schema: deadlineExpiredSchema('feedbackTerm'),
    rule: '002 §4.3 stap 4',
  },
  'process.checked': {
    label: 'Contractmanager heeft getoetst of het juiste proces is doorlopen',
    roles: ['contractmanager'],
    schema: processCheckedSchema,
    rule: '002 §4.3 N.B.: de contractmanager stelt vast of het juiste proces is doorlopen en geeft geen zorginhoudelijk advies',
  },
  'client.informed': {
    label: 'GI heeft de cliënt op de hoogte gesteld',
    roles: ['gi-manager'],
    schema: clientInformedSchema,
    rule: '002 §4.3 stap 5',
  },
  'bridgingCare.deployed': {
    label: 'GI heeft tijdelijk overbruggingszorg ingezet',
    roles: ['gi-manager'],
    schema: bridgingCareDeployedSchema,
    rule: '002 §4.3 stap 5: zo nodig tijdelijk andersoortige zorg ter overbrugging',
  },
  'case.closed': {
    label: 'Zaak afgesloten',
    roles: ['zbt', 'gi-manager'],
    schema: caseClosedSchema,
    rule: '002 §4.3 stap 5: de GI stelt de cliënt op de hoogte',
  },
} as const satisfies EventTable;
export type ZbtDisagreementEvent = EventsOf<typeof zbtDisagreementEvents>;

export const zbtDisagreementMachine = setup({
  types: {} as {
    context: ZbtDisagreementContext;
    events: ZbtDisagreementEvent;
    input: MachineInput<ZbtDisagreementStart>;
  },
  guards: {
    haveManagersAgreed: ({ event }) => {
      assertEvent(event, 'managers.consulted');
      return event.payload.outcome === 'agreed';
    },
    isClientInformed: ({ context }) => context.clientInformed !== undefined,
    isProcessChecked: ({ context }) => context.processCheck !== undefined,
  },
  actions: {
    notify: (_, _params: { template: keyof typeof zbtDisagreementMail; to: readonly Role[] }) => {},
    recordContact: assign(({ event }) => {
      assertEvent(event, 'zbt.contacted');
      return { contact: stamped(event.payload, { at: event.at }) };
    }),
    markContactOverdue: assign({ contactOverdue: true }),
    recordClarificationStarted: assign({
      clarification: ({ event }) => {
        assertEvent(event, 'clarification.started');
        return stamped(event.payload, { startedAt: event.at, expired: false });
      },
    }),
    recordClarificationCompleted: assign({
      clarification: ({ context, event }) => {
        assertEvent(event, 'clarification.completed');
        return context.clarification && stamped(context.clarification, { findings: event.payload.findings, completedAt: event.at });
      },
    }),
    markClarificationExpired: assign({
      clarification: ({ context }) => context.clarification && stamped(context.clarification, { expired: true }),
    }),
    recordDecision: assign(({ event }) => {
      assertEvent(event, 'arrangement.decided');
      return { decision: stamped(event.payload, { decidedAt: event.at }) };
    }),
    recordAcceptance: assign({ acceptedAt: ({ event }) => event.at }),
    recordPersistedDisagreement: assign({
      persistedDisagreement: ({ event }) => {
        assertEvent(event, 'disagreement.persisted');
        return stamped(event.payload, { at: event.at });
      },
    }),
    recordGiManagerInformed: assign({
      giManagerInformed: ({ event }) => {
        assertEvent(event, 'giManager.informed');
        return stamped(event.payload, { at: event.at });
      },
    }),
    recordManagersConsultation: assign({
      managersConsultation: ({ event }) => {
        assertEvent(event, 'managers.consulted');
        return stamped(event.payload, { at: event.at });
      },
    }),
    recordContractManagerRequest: assign({
      contractManagerRequest: ({ event }) => {
        assertEvent(event, 'contractManager.engaged');
        return stamped(event.payload, { at: event.at });
      },
    }),
    recordAgreedActions: assign(({ event }) => {
      assertEvent(event, 'actions.agreed');
      const p = event.payload;
      return { agreedActions: p.actions, feedbackTermWorkingDays: p.feedbackTermWorkingDays };
    }),
    markFeedbackOverdue: assign({ feedbackOverdue: true }),
    recordFeedback: assign(({ event }) => {
      assertEvent(event, 'feedback.given');
      return { feedback: stamped(event.payload, { at: event.at }) };
    }),
    recordProcessCheck: assign(({ event }) => {
      assertEvent(event, 'process.checked');
      return { processCheck: stamped(event.payload, { at: event.at }) };
    }),
    recordClientInformed: assign(({ event }) => {
      assertEvent(event, 'client.informed');
      return { clientInformed: stamped(event.payload, { at: event.at }) };
    }),
    recordBridgingCare: assign({
      bridgingCare: ({ context, event }) => {
        assertEvent(event, 'bridgingCare.deployed');
        return [...context.bridgingCare, stamped(event.payload, { at: event.at })];
      },
    }),
    recordClosure: assign(({ event }) => {
      assertEvent(event, 'case.closed');
      return { closure: stamped(event.payload, { at: event.at }) };
    }),
  },
}).createMachine({
  id: 'zbt-disagreement',
  meta: { label: 'Onenigheid aanbieder en ZBT over arrangement', waitingOn: [], rule: '002 §4.3' },
  context: ({ input }) => ({
    caseId: input.caseId,
    provider: input.data.provider,
    arrangementReference: input.data.arrangementReference,
    disagreementSummary: input.data.disagreementSummary,
    proposedOn: input.data.proposedOn,
    contactTermDays: contactTermDaysOf(input.settings),
    contactOverdue: false,
    agreedActions: [],
    feedbackOverdue: false,
    bridgingCare: [],
  }),
  initial: 'awaitingContact',
  states: {
    awaitingContact: stamped(withOverdue(
      {
        label: 'Wacht op contact van de aanbieder met het JB-team/ZBT',
        waitingOn: ['aanbieder'],
        rule: '002 §4.3 aanhef',
        deadlines: [
          {
            name: 'contactTerm',
            label: 'Termijn contact aanbieder met JB-team/ZBT',
            kind: 'days',
            n: DEFAULT_CONTACT_TERM_DAYS,
            nFromContext: 'contactTermDays',
            startsFromContext: 'proposedOn',
            onExpiry: 'contactTerm.expired',
            waitingOn: ['aanbieder'],
            reminders: [1],
            rule: `${CONTACT_TERM_RULE} (keuze: kalenderdagen, eindigend op een werkdag volgens de Algemene termijnenwet; alleen de opdrachtgever stelt de termijn in, per installatie)`,
          },
        ],
      },
      {
        onExpiry: 'contactTerm.expired',
        markOverdue: 'markContactOverdue',
        overdue: {
          meta: {
            label: 'Contact van de aanbieder te laat; het JB-team/ZBT kan het arrangement bepalen',
            waitingOn: ['aanbieder', 'zbt'],
            rule: '002 §4.3 aanhef en stap 2 (keuze): na de termijn kan het JB-team/ZBT het arrangement bepalen',
          },
          on: { 'arrangement.decided': decideArrangement },
        },
      },
    ), {
      on: { 'zbt.contacted': { target: 'inConsultation', actions: 'recordContact' } },
    }),
    inConsultation: {
      meta: { label: 'Aanbieder en JB-team/ZBT in overleg over het arrangement', waitingOn: ['zbt'], rule: '002 §4.3 stap 1 en 2' },
      on: {
        'clarification.started': {
          target: 'clarifying',
          actions: ['recordClarificationStarted', { type: 'notify', params: { template: 'zbt-disagreement.clarification-started', to: ['aanbieder'] } }],
        },
        'arrangement.decided': decideArrangement,
      },
    },
    clarifying: {
      meta: {
        label: 'Vraagverheldering door de aanbieder',
        waitingOn: ['aanbieder'],
        rule: '002 §4.3 stap 1',
        deadlines: [
          {
            name: 'clarificationTerm',
            label: 'Einde periode van vraagverheldering',
            kind: 'working-days',
            n: DEFAULT_CLARIFICATION_WORKING_DAYS,
            nFromContext: 'clarification.workingDays',
            onExpiry: 'clarificationTerm.expired',
            waitingOn: ['aanbieder'],
            rule: '002 §4.3 stap 1: afgebakende periode van vraagverheldering, ingezet door het ZBT',
          },
        ],
      },
      on: {
        'clarification.completed': { target: 'deciding', actions: 'recordClarificationCompleted' },
        'clarificationTerm.expired': { target: 'deciding', actions: 'markClarificationExpired' },
      },
    },
    deciding: {
      meta: { label: 'JB-team/ZBT bepaalt het arrangement na de vraagverheldering', waitingOn: ['zbt'], rule: '002 §4.3 stap 2' },
      on: {
        'arrangement.decided': decideArrangement,
      },
    },
    arrangementDecided: {
      meta: {
        label: 'Arrangement bepaald en opdracht verstrekt via iJW301; wacht op reactie aanbieder',
        waitingOn: ['aanbieder'],
        rule: '002 §4.3 stap 2 en 3',
      },
      on: {
        'arrangement.accepted': { target: 'agreed', actions: 'recordAcceptance' },
        'disagreement.persisted': {
          target: 'escalated',
          actions: ['recordPersistedDisagreement', { type: 'notify', params: { template: 'zbt-disagreement.no-agreement', to: ['zbt'] } }],
        },
      },
    },
    escalated: {
      meta: { label: 'Nog steeds geen overeenstemming: opschaling', waitingOn: [], rule: '002 §4.3 stap 3 tot en met 5' },
      initial: 'informingGiManager',
      on: {
        'client.informed': { actions: 'recordClientInformed' },
        'bridgingCare.deployed': { actions: 'recordBridgingCare' },
      },
      states: {
        informingGiManager: {
          meta: { label: 'JB-team/ZBT informeert de teamleider/manager van de GI', waitingOn: ['zbt'], rule: '002 §4.3 stap 3' },
          on: {
            'giManager.informed': {
              target: 'managersConsulting',
              actions: ['recordGiManagerInformed', { type: 'notify', params: { template: 'zbt-disagreement.gi-manager-informed', to: ['gi-manager'] } }],
            },
          },
        },
        managersConsulting: {
          meta: { label: 'Manager GI overlegt met de teammanager van de aanbieder', waitingOn: ['gi-manager'], rule: '002 §4.3 stap 3' },
          on: {
            'managers.consulted': [
              { target: 'concluding', guard: 'haveManagersAgreed', actions: 'recordManagersConsultation' },
              { target: 'managersDisagree', actions: 'recordManagersConsultation' },
            ],
          },
        },
        managersDisagree: {
          meta: {
            label: 'Teammanagers oneens: de manager GI kan de contractmanager inschakelen',
            waitingOn: ['gi-manager'],
            rule: '002 §4.3 stap 4 en 5',
          },
          on: {
            'contractManager.engaged': {
              target: 'contractManager',
              actions: [
                'recordContractManagerRequest',
                { type: 'notify', params: { template: 'zbt-disagreement.contract-manager-engaged', to: ['contractmanager', 'casusregisseur'] } },
              ],
            },
            'case.closed': closeCase,
          },
        },
        contractManager: {
          meta: {
            label: 'Contractmanager ingeschakeld (toetst alleen of het juiste proces is doorlopen)',
            waitingOn: ['contractmanager'],
            rule: '002 §4.3 stap 4 en N.B.',
          },
          initial: 'agreeingActions',
          on: { 'process.checked': { actions: 'recordProcessCheck' } },
          states: {
            agreeingActions: {
              meta: {
                label: 'Teamleider lokaal team en contractmanager maken afspraken over acties en terugkoppeltermijn',
                waitingOn: ['casusregisseur', 'contractmanager'],
                rule: '002 §4.3 stap 4',
              },
              on: { 'actions.agreed': { target: 'awaitingFeedback', actions: 'recordAgreedActions' } },
            },
            awaitingFeedback: stamped(withOverdue(
              {
                label: 'Wacht op terugkoppeling van de contractmanager aan het lokale team',
                waitingOn: ['contractmanager'],
                rule: '002 §4.3 stap 4',
                deadlines: [
                  {
                    name: 'feedbackTerm',
                    label: 'Afgesproken termijn terugkoppeling contractmanager',
                    kind: 'working-days',
                    n: DEFAULT_FEEDBACK_WORKING_DAYS,
                    nFromContext: 'feedbackTermWorkingDays',
                    onExpiry: 'feedbackTerm.expired',
                    waitingOn: ['contractmanager'],
                    rule: '002 §4.3 stap 4: termijn waarop het lokale wijkteam terugkoppeling van de contractmanager ontvangt',
                  },
                ],
              },
              {
                onExpiry: 'feedbackTerm.expired',
                markOverdue: 'markFeedbackOverdue',
                overdue: { meta: { label: 'Terugkoppeling van de contractmanager te laat', waitingOn: ['contractmanager'] } },
              },
            ), {
              on: {
                'feedback.given': {
                  target: '#zbt-disagreement.escalated.concluding',
                  guard: 'isProcessChecked',
                  actions: ['recordFeedback', { type: 'notify', params: { template: 'zbt-disagreement.feedback-given', to: ['casusregisseur', 'gi-manager'] } }],
                },
              },
            }),
          },
        },
        concluding: {
          meta: {
            label: 'Afronding: de GI informeert de cliënt en zet zo nodig overbruggingszorg in',
            waitingOn: ['gi-manager'],
            rule: '002 §4.3 stap 5',
          },
          on: { 'case.closed': closeCase },
        },
      },
    },
    agreed: { type: 'final', meta: { label: 'Afgerond: aanbieder akkoord met het arrangement', waitingOn: [] } },
    closed: { type: 'final', meta: { label: 'Afgesloten', waitingOn: [] } },
  },
});

// ---------------------------------------------------------------------------------------------
// The definition the engine reads

export const zbtDisagreement = defineProcedure({
  id: 'zbt-disagreement',
  version: 1,
  title: 'Onenigheid aanbieder en ZBT over arrangement',
  description:
    'De aanbieder is het niet eens met het arrangement dat het JB-team/ZBT voorstelt en neemt binnen 2 dagen contact op. ' +
    'Het ZBT kan een afgebakende periode van vraagverheldering inzetten en bepaalt daarna, in overleg met de jeugdige, het ' +
    'arrangement (opdracht via iJW301). Blijft de onenigheid, dan overlegt de manager van de GI met de teammanager van de ' +
    'aanbieder en kan hij/zij de contractmanager inschakelen met een vast, geanonimiseerd format. De contractmanager toetst ' +
    'alleen of het juiste proces is doorlopen en geeft geen zorginhoudelijk advies. De GI informeert de cliënt en zet zo ' +
    'nodig tijdelijk overbruggingszorg in.',
  seed: SEED,
  machine: zbtDisagreementMachine,
  mail: zbtDisagreementMail,
  startRoles: ['aanbieder', 'zbt'],
  startSchema: zbtDisagreementStartSchema,
  startTermStartDates: ['proposedOn'],
  checkStart: checkProposalDate,
  events: zbtDisagreementEvents,
  guards: {
    haveManagersAgreed: {
      description: 'de manager van de GI en de teammanager van de aanbieder zijn het eens geworden',
      rule: '002 §4.3 stap 3 en 4',
    },
    isClientInformed: {
      description: 'de GI heeft de cliënt op de hoogte gesteld voordat de zaak wordt afgesloten',
      rule: '002 §4.3 stap 5',
    },
    isProcessChecked: {
      description: 'de contractmanager heeft eerst vastgelegd of het juiste proces is doorlopen',
      rule: '002 §4.3 N.B.',
    },
  },
});
