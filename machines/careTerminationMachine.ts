// P2 — Beëindiging jeugdhulp door de aanbieder (002 Protocol contractmanagement GR Jeugdhulp Rijnmond, §4.2;
// mantelovereenkomst art. 2.7/2.8). A provider may end care to a youth only for serious reasons and only with
// the consent of the case director (the local team, or the GI under a child-protection measure).
//
// Flow: informing → preparing (conversations, first and second warning) → awaitingDecision (consent form
// submitted; 10 working days, overdue child) → consented (care continues until the case director confirms a
// definitive solution, the provider may only propose one; warm handover on transfer; or the case director judges
// that continuing "in redelijkheid niet van Opdrachtnemer kan worden verlangd", with its ground) → terminated.
// A refusal of consent closes the case as `refused` (care simply continues); the provider may withdraw before the
// decision; a provider's refusal of care ("Weigering Jeugdhulp", art. 6.1.2) closes it as `careRefused`. Every
// final state leaves a `signal` on the context for contract management's monitoring (frequency and reason).
//
// Personal data of the youth lives only in `personalDataSchema`, which the engine keeps apart from the
// context; free-text fields refuse anything that looks like a BSN.
import { assertEvent, assign, setup } from 'xstate';
import { z } from 'zod';
import { careTerminationMail } from './careTermination.mail.ts';
import { withOverdue } from './patterns.ts';
import { freeText, isoDate, looksLikeBsn, MAX_SHORT_TEXT, providerCode, shortText } from './schemas.ts';
import { defineProcedure, type DeadlineDefinition, type EventTable, type EventsOf, type MachineInput, type Role, type StateMeta } from './types.ts';
import { stamped } from './immutable.ts';

const SEED = '002 Protocol contractmanagement GR Jeugdhulp Rijnmond, §4.2';
const RULE = '002 §4.2';

/** (keuze) The seed sets no term for the case director's decision: 10 working days after the form, one reminder. */
export const DECISION_TERM_WORKING_DAYS = 10;
export const DECISION_TERM_REMINDERS: readonly number[] = [2];

// ---------------------------------------------------------------------------------------------
// Schemas

/** The longest list a step takes (agreements of one conversation): keeps every dossier readable. */
const MAX_LIST_ITEMS = 50;

export const REASON_CATEGORIES = ['bedreiging-intimidatie', 'agressie', 'onwerkbare-situatie', 'anders'] as const;
export type ReasonCategory = (typeof REASON_CATEGORIES)[number];

export const startSchema = z
  .object({
    provider: providerCode('Code van de jeugdhulpaanbieder (geen persoon)'),
    caseDirector: z
      .enum(['lokaal-team', 'gi'])
      .describe('Casusregisseur: het lokale team, of de GI bij een kinderbeschermingsmaatregel'),
    childProtectionMeasure: z.boolean().describe('Er loopt een kinderbeschermingsmaatregel'),
    seriousReasons: freeText('Zwaarwegende redenen voor beëindiging (zonder persoonsgegevens)', { min: 20 }),
    reasonCategory: z.enum(REASON_CATEGORIES).describe('Categorie van de reden, voor de monitoring door contractmanagement'),
    optOut: z.boolean().describe('Jeugdige/ouders stemmen niet in met delen van gegevens met de opdrachtgever (opt-out)'),
  })
  .strict()
  .refine((d) => (d.caseDirector === 'gi') === d.childProtectionMeasure, {
    message: 'Bij een kinderbeschermingsmaatregel is de GI casusregisseur, anders het lokale team',
    path: ['caseDirector'],
  });
export type CareTerminationStart = z.infer<typeof startSchema>;

/** The youth's personal data: kept apart from the case context by the engine, withheld from the commissioning body on opt-out. */
export const personalDataSchema = z
  .object({
    name: z.string().trim().min(1).max(MAX_SHORT_TEXT).describe('Naam van de jeugdige'),
    bsn: z
      .string()
      .regex(/^\d{9}$/, 'Een BSN heeft 9 cijfers')
      .refine(looksLikeBsn, { message: 'BSN voldoet niet aan de elfproef' })
      .describe('Burgerservicenummer van de jeugdige'),
    dateOfBirth: isoDate('Geboortedatum (JJJJ-MM-DD)'),
    address: z.string().trim().min(1).max(MAX_SHORT_TEXT).describe('Adres van de jeugdige'),
  })
  .strict();

const caseDirectorInformedSchema = z
  .object({
    informedOn: isoDate('Datum waarop de casusregisseur is geïnformeerd'),
    note: freeText('Hoe en door wie (functie) de casusregisseur is geïnformeerd', { min: 3 })
      .optional()
      .describe('Hoe en door wie (functie) de casusregisseur is geïnformeerd (optioneel)'),
  })
  .strict();

const conversationSchema = z
  .object({
    date: isoDate('Datum van het gesprek met de jeugdige'),
    report: freeText('Verwijzing naar (of korte samenvatting van) het gespreksverslag in het dossier', { min: 3 }),
    agreements: z.array(freeText('Een gemaakte afspraak', { min: 3 })).min(1).max(MAX_LIST_ITEMS).describe('De gemaakte afspraken'),
  })
  .strict();

const warningSchema = (which: string) =>
  z
    .object({
      date: isoDate(`Datum van de ${which} schriftelijke waarschuwing`),
      copyReference: shortText(`Verwijzing naar de kopie van de ${which} waarschuwing in het dossier`, { min: 3 }),
    })
    .strict();
const firstWarningSchema = warningSchema('eerste');
const secondWarningSchema = warningSchema('tweede');

const consentFormSchema = z
  .object({
    signedBy: shortText('Functie van de verantwoordelijke leidinggevende die het formulier ondertekende (geen naam)', { min: 2 }),
    signedOn: isoDate('Datum van ondertekening'),
    attachments: z
      .object({
        conversationReports: z.literal(true).describe('De gespreksverslagen zijn bijgevoegd'),
        agreementsOverview: z.literal(true).describe('Het overzicht van de gemaakte afspraken is bijgevoegd'),
        firstWarningCopy: z.literal(true).describe('Een kopie van de eerste waarschuwing is bijgevoegd'),
        secondWarningCopy: z.literal(true).describe('Een kopie van de tweede waarschuwing is bijgevoegd'),
      })
      .strict()
      .describe('Bijlagen bij het formulier: alle vier verplicht'),
    copyToContractManager: z.literal(true).describe('Een kopie gaat naar de contractmanager van de aanbieder'),
  })
  .strict();

const explanation = (description: string) => freeText(description, { min: 3 });

const decisionSchema = z
  .object({
    behaviourCausedByCondition: z
      .object({
        answer: z.enum(['ja', 'deels', 'nee']).describe('Wordt het gedrag (mede) veroorzaakt door de aandoening van de jeugdige?'),
        explanation: explanation('Toelichting bij criterium a'),
      })
      .strict()
      .describe('Criterium a: gedrag (mede) veroorzaakt door de aandoening'),
    providerTriedEnough: z
      .object({
        answer: z.boolean().describe('Heeft de aanbieder voldoende geprobeerd de beëindiging te voorkomen?'),
        explanation: explanation('Toelichting bij criterium b'),
      })
      .strict()
      .describe('Criterium b: voldoende getracht beëindiging te voorkomen'),
    procedureFollowed: z
      .object({
        answer: z.boolean().describe('Heeft de aanbieder de voorgeschreven procedure gevolgd?'),
        explanation: explanation('Toelichting bij criterium c'),
      })
      .strict()
      .describe('Criterium c: voorgeschreven procedure gevolgd'),
    continuationArranged: z
      .object({
        answer: z.boolean().describe('Heeft de aanbieder gezorgd voor een andere wijze van continuering van de jeugdhulp?'),
        explanation: explanation('Toelichting bij criterium d'),
      })
      .strict()
      .describe('Criterium d: andere wijze van continuering geregeld'),
    consent: z.boolean().describe('Toestemming voor beëindiging verleend'),
    reason: freeText('Motivering van het besluit', { min: 10 }),
  })
  .strict();

export const SOLUTION_KINDS = ['overdracht', 'andere-oplossing'] as const;

/** A definitive solution as the provider proposes it or the case director confirms it. */
const solutionSchema = z
  .object({
    kind: z.enum(SOLUTION_KINDS).describe('Soort definitieve oplossing: overdracht aan een andere aanbieder of een andere oplossing'),
    description: freeText('Omschrijving van de oplossing (zonder persoonsgegevens)', { min: 10 }),
  })
  .strict();
const solutionProposedSchema = solutionSchema;
const solutionConfirmedSchema = solutionSchema;

/** Grounds on which continuing care "naar oordeel van opdrachtgever in redelijkheid niet van Opdrachtnemer kan worden verlangd". */
export const WAIVER_GROUNDS = ['veiligheid-medewerkers', 'veiligheid-andere-clienten', 'anders'] as const;
export type WaiverGround = (typeof WAIVER_GROUNDS)[number];

const continuationWaivedSchema = z
  .object({
    ground: z
      .enum(WAIVER_GROUNDS)
      .describe('Grond: de persoonlijke veiligheid of vrijheid van medewerkers, of van andere cliënten of bewoners, is in gevaar; of anders'),
    explanation: freeText('Waarom voortzetting tot een definitieve oplossing in redelijkheid niet van de aanbieder kan worden verlangd', { min: 20 }),
  })
  .strict();

/** "Weigering Jeugdhulp" (002 art. 6.1.2): the provider refuses (further) care; a monitoring signal for contract management. */
const careRefusedSchema = z
  .object({
    refusedOn: isoDate('Datum waarop de aanbieder de jeugdhulp weigerde'),
    explanation: freeText('Wat de aanbieder weigert en waarom (zonder persoonsgegevens)', { min: 10 }),
  })
  .strict();

const warmHandoverSchema = z
  .object({
    completedOn: isoDate('Datum waarop de warme overdracht is afgerond'),
    note: freeText('Hoe de warme overdracht is verlopen', { min: 3 }),
  })
  .strict();

const careTerminatedSchema = z
  .object({
    endDate: isoDate('Laatste dag van de jeugdhulp door deze aanbieder'),
  })
  .strict();

const withdrawnSchema = z
  .object({
    reason: freeText('Reden waarom het verzoek tot beëindiging wordt ingetrokken', { min: 10 }),
  })
  .strict();

const expirySchema = z
  .object({
    deadline: z.literal('decisionTerm').describe('Naam van de verstreken termijn'),
  })
  .strict();

// ---------------------------------------------------------------------------------------------
// Context

export interface ConversationRecord extends z.infer<typeof conversationSchema> {
  recordedAt: string;
  recordedBy: string;
}
export interface WarningRecord extends z.infer<typeof firstWarningSchema> {
  recordedAt: string;
}
export type Decision = z.infer<typeof decisionSchema>;

/**
 * Monitoring outcomes, in the words of 002 art. 6.1.2 where it names them ("Weigering Jeugdhulp", "Beëindiging
 * Jeugdhulp"): care ended, care refused by the provider, consent refused by the case director (care continues),
 * request withdrawn.
 */
export const SIGNAL_OUTCOMES = ['beeindiging-jeugdhulp', 'weigering-jeugdhulp', 'toestemming-geweigerd', 'ingetrokken'] as const;
export type SignalOutcome = (typeof SIGNAL_OUTCOMES)[number];

/** Monitoring signal for contract management, set when the case ends. Field names are stable (the CLI counts them). */
export interface CareTerminationSignal {
  outcome: SignalOutcome;
  reasonCategory: ReasonCategory;
  provider: string;
  /** ISO instant the case ended. */
  at: string;
}

export interface CareTerminationContext {
  caseId: string;
  provider: string;
  caseDirector: CareTerminationStart['caseDirector'];
  childProtectionMeasure: boolean;
  seriousReasons: string;
  reasonCategory: ReasonCategory;
  optOut: boolean;
  caseDirectorInformedOn?: string;
  conversations: ConversationRecord[];
  warnings: { first?: WarningRecord; second?: WarningRecord };
  consentForm?: z.infer<typeof consentFormSchema> & { submittedAt: string };
  decision?: Decision & { decidedAt: string; decidedBy: string };
  decisionOverdue: boolean;
  /** The provider's proposal of a definitive solution; only the case director's confirmation counts. */
  proposedSolution?: z.infer<typeof solutionSchema> & { proposedAt: string; proposedBy: string };
  /** The definitive solution, confirmed by the case director. */
  solution?: z.infer<typeof solutionSchema> & { confirmedAt: string; confirmedBy: string };
  /** The exception of step 8: continuing care cannot reasonably be asked of the provider (the case director's judgement). */
  continuationWaiver?: z.infer<typeof continuationWaivedSchema> & { decidedAt: string; decidedBy: string; decidedAs: string };
  /** "Weigering Jeugdhulp": the provider refused (further) care. */
  careRefusal?: z.infer<typeof careRefusedSchema> & { recordedAt: string; recordedBy: string; recordedAs: string };
  warmHandover?: z.infer<typeof warmHandoverSchema>;
  termination?: z.infer<typeof careTerminatedSchema>;
  withdrawal?: z.infer<typeof withdrawnSchema> & { withdrawnAt: string };
  signal?: CareTerminationSignal;
}

/** Templates of the one side-effect action `notify` (params `{ template, to, anonymised? }`). */
export type NotifyTemplate = keyof typeof careTerminationMail;
export const NOTIFY_TEMPLATES = Object.keys(careTerminationMail) as NotifyTemplate[];

export interface NotifyParams {
  template: NotifyTemplate;
  to: readonly Role[];
  /** The request goes anonymised (opt-out): no personal data of the youth to the commissioning body. */
  anonymised?: boolean;
}


// ---------------------------------------------------------------------------------------------
// Machine

const decisionTerm: DeadlineDefinition = {
  name: 'decisionTerm',
  label: 'Besluittermijn casusregisseur',
  kind: 'working-days',
  n: DECISION_TERM_WORKING_DAYS,
  onExpiry: 'decisionTerm.expired',
  waitingOn: ['casusregisseur'],
  reminders: DECISION_TERM_REMINDERS,
  rule: `${RULE} stap 6–7: besluit casusregisseur binnen ${DECISION_TERM_WORKING_DAYS} werkdagen na het formulier, met herinnering (keuze)`,
};

const signalOf = (outcome: CareTerminationSignal['outcome']) =>
  assign<CareTerminationContext, CareTerminationEvent, undefined, CareTerminationEvent, never>({
    signal: ({ context, event }) => ({ outcome, reasonCategory: context.reasonCategory, provider: context.provider, at: event.at }),
  });

const meta = (m: StateMeta): StateMeta => m;

const STEP_8 =
  `${RULE} stap 8: "Opdrachtnemer zorgt ervoor dat jeugdhulp wordt voortgezet totdat er een definitieve oplossing is gevonden ` +
  `(tenzij dit naar oordeel van opdrachtgever in redelijkheid niet van Opdrachtnemer kan worden verlangd). Wanneer de jeugdhulp wordt ` +
  `overgedragen werkt Opdrachtnemer mee aan een warme overdracht"`;
const EXCEPTION_RULE =
  `${RULE} stap 8: "tenzij dit naar oordeel van opdrachtgever in redelijkheid niet van Opdrachtnemer kan worden verlangd"; ` +
  `opdrachtgever is hier de casusregisseur ("met toestemming van de opdrachtgever (Casusregisseur)")`;
const REFUSAL_RULE =
  `${RULE} (titel: "Weigering- en beëindiging Jeugdhulp (artikel 2.7 en 2.8 van de mantel overeenkomst)"); ` +
  `art. 6.1.2: de opdrachtgever monitort signalen, waaronder "Weigering Jeugdhulp" en "Beëindiging Jeugdhulp"`;

/** The provider proposes a definitive solution; it counts only once the case director confirms it. */
const proposeSolution = {
  target: '#careTermination.consented.solutionProposed',
  actions: ['recordSolutionProposal', { type: 'notify', params: { template: 'solution-proposed', to: ['casusregisseur'] } }],
} as const;
/** The case director confirms the definitive solution: a transfer first needs the warm handover. */
const confirmSolution = [
  {
    guard: 'isTransfer',
    target: '#careTermination.consented.handover',
    actions: ['recordSolution', { type: 'notify', params: { template: 'solution-confirmed', to: ['aanbieder'] } }],
  },
  { target: '#careTermination.consented.ready', actions: ['recordSolution', { type: 'notify', params: { template: 'solution-confirmed', to: ['aanbieder'] } }] },
] as const;
/** The exception of step 8, judged by the case director, with its ground. */
const waiveContinuation = {
  target: '#careTermination.consented.ready',
  actions: [
    'recordContinuationWaiver',
    { type: 'notify', params: ({ context }: { context: CareTerminationContext }): NotifyParams => ({ template: 'continuation-waived', to: ['aanbieder', 'contractmanager'], anonymised: context.optOut }) },
  ],
} as const;
/** "Weigering Jeugdhulp": recorded, signalled to contract management, and the case ends. */
const refuseCare = {
  target: '#careTermination.careRefused',
  actions: [
    'recordCareRefusal',
    { type: 'notify', params: ({ context }: { context: CareTerminationContext }): NotifyParams => ({ template: 'care-refused', to: ['casusregisseur', 'contractmanager'], anonymised: context.optOut }) },
  ],
} as const;

/** The events table: label, roles, payload schema and rule of every event. The machine's event union is derived from it. */
export const careTerminationEvents = {
  'caseDirector.informed': {
    label: 'Casusregisseur geïnformeerd',
    roles: ['aanbieder'],
    schema: caseDirectorInformedSchema,
    rule: `${RULE} stap 1`,
    description: 'De aanbieder informeert de casusregisseur zo snel mogelijk dat een zorgbeëindiging kan gaan spelen.',
  },
  'conversation.held': {
    label: 'Gesprek met de jeugdige gevoerd',
    roles: ['aanbieder'],
    schema: conversationSchema,
    rule: `${RULE} stap 2–3`,
    description: 'Minimaal twee gesprekken over de zwaarwegende redenen; verslag (met datum) en afspraken in het dossier.',
  },
  'warning.first.issued': {
    label: 'Eerste schriftelijke waarschuwing gegeven',
    roles: ['aanbieder'],
    schema: firstWarningSchema,
    rule: `${RULE} stap 4`,
    description: 'De gemaakte afspraken worden niet nagekomen: eerste schriftelijke waarschuwing aan jeugdige/ouders, kopie in het dossier.',
  },
  'warning.second.issued': {
    label: 'Tweede schriftelijke waarschuwing gegeven',
    roles: ['aanbieder'],
    schema: secondWarningSchema,
    rule: `${RULE} stap 5`,
    description: 'De afspraken worden opnieuw niet nagekomen: tweede schriftelijke waarschuwing, kopie in het dossier.',
  },
  'consentForm.submitted': {
    label: 'Formulier toestemming beëindiging Jeugdhulp ingediend',
    roles: ['aanbieder'],
    schema: consentFormSchema,
    rule: `${RULE} stap 6 (en stap 9: geanonimiseerd bij opt-out)`,
    description:
      'Ondertekend door de verantwoordelijke leidinggevende, met gespreksverslagen, overzicht van afspraken en kopieën van beide waarschuwingen; kopie aan de contractmanager.',
  },
  'decision.made': {
    label: 'Besluit over beëindiging genomen (casusregisseur)',
    roles: ['casusregisseur'],
    schema: decisionSchema,
    rule: `${RULE} stap 7`,
    description: 'De casusregisseur beantwoordt de vier criteria (a–d) met toelichting en verleent of weigert de toestemming, met motivering.',
  },
  'decisionTerm.expired': {
    label: 'Besluittermijn casusregisseur verstreken',
    roles: ['system'],
    schema: expirySchema,
    rule: decisionTerm.rule,
  },
  'solution.proposed': {
    label: 'Definitieve oplossing voorgesteld (aanbieder)',
    roles: ['aanbieder'],
    schema: solutionProposedSchema,
    rule: STEP_8,
    description: 'Een voorstel: de jeugdhulp loopt door tot de casusregisseur een definitieve oplossing bevestigt.',
  },
  'solution.confirmed': {
    label: 'Definitieve oplossing bevestigd (casusregisseur)',
    roles: ['casusregisseur'],
    schema: solutionConfirmedSchema,
    rule: STEP_8,
    description: 'Overdracht aan een andere aanbieder (daarna de warme overdracht) of een andere oplossing. Alleen de casusregisseur stelt vast dat de oplossing definitief is.',
  },
  'continuation.waived': {
    label: 'Geoordeeld: voortzetting kan in redelijkheid niet van de aanbieder worden verlangd (casusregisseur)',
    roles: ['casusregisseur'],
    schema: continuationWaivedSchema,
    rule: EXCEPTION_RULE,
    description: 'De uitzondering van stap 8: de casusregisseur legt de grond vast; de aanbieder mag dan beëindigen zonder definitieve oplossing.',
  },
  'care.refused': {
    label: 'Jeugdhulp geweigerd door de aanbieder',
    roles: ['casusregisseur', 'aanbieder'],
    schema: careRefusedSchema,
    rule: REFUSAL_RULE,
    description: 'De aanbieder weigert (verdere) jeugdhulp aan de jeugdige. Wordt vastgelegd als signaal voor contractmanagement; de zaak eindigt.',
  },
  'warmHandover.completed': {
    label: 'Warme overdracht afgerond',
    roles: ['aanbieder'],
    schema: warmHandoverSchema,
    rule: `${RULE} stap 8`,
    description: 'Bij overdracht werkt de aanbieder mee aan een warme overdracht.',
  },
  'care.terminated': {
    label: 'Jeugdhulp beëindigd',
    roles: ['aanbieder'],
    schema: careTerminatedSchema,
    rule: `${STEP_8}; beëindiging alleen "met toestemming van de opdrachtgever (Casusregisseur)" (art. 2.8)`,
  },
  'termination.withdrawn': {
    label: 'Verzoek tot beëindiging ingetrokken',
    roles: ['aanbieder'],
    schema: withdrawnSchema,
    rule: `${RULE} (intrekking door de aanbieder vóór het besluit, keuze)`,
    description: 'De aanbieder ziet af van beëindiging; de jeugdhulp loopt door.',
  },
} as const satisfies EventTable;
export type CareTerminationEvent = EventsOf<typeof careTerminationEvents>;

export const careTerminationMachine = setup({
  types: {} as { context: CareTerminationContext; events: CareTerminationEvent; input: MachineInput<CareTerminationStart> },
  guards: {
    hasAgreementsBeforeWarning: ({ context, event }) => {
      assertEvent(event, 'warning.first.issued');
      const { date } = event.payload;
      return context.conversations.some((c) => c.date <= date);
    },
    isAfterFirstWarning: ({ context, event }) => {
      assertEvent(event, 'warning.second.issued');
      const first = context.warnings.first;
      return first !== undefined && context.warnings.second === undefined && event.payload.date >= first.date;
    },
    hasTwoConversationsAndTwoWarnings: ({ context }) =>
      context.conversations.length >= 2 && context.warnings.first !== undefined && context.warnings.second !== undefined,
    isConsistentDecision: ({ event }, params: { consent: boolean }) => {
      assertEvent(event, 'decision.made');
      const d = event.payload;
      return d.consent === params.consent && (!d.consent || d.procedureFollowed.answer);
    },
    isTransfer: ({ event }) => {
      assertEvent(event, 'solution.confirmed');
      return event.payload.kind === 'overdracht';
    },
    isReadyToTerminate: ({ context }) =>
      context.decision?.consent === true &&
      (context.continuationWaiver !== undefined ||
        (context.solution !== undefined && (context.solution.kind !== 'overdracht' || context.warmHandover !== undefined))),
  },
  actions: {
    notify: (_, _params: NotifyParams) => {},
    recordCaseDirectorInformed: assign(({ event }) => {
      assertEvent(event, 'caseDirector.informed');
      return { caseDirectorInformedOn: event.payload.informedOn };
    }),
    recordConversation: assign({
      conversations: ({ context, event }) => {
        assertEvent(event, 'conversation.held');
        return [
          ...context.conversations,
          stamped(event.payload, { recordedAt: event.at, recordedBy: event.actor.userId }),
        ];
      },
    }),
    recordFirstWarning: assign(({ context, event }) => {
      assertEvent(event, 'warning.first.issued');
      return { warnings: stamped(context.warnings, { first: stamped(event.payload, { recordedAt: event.at }) }) };
    }),
    recordSecondWarning: assign(({ context, event }) => {
      assertEvent(event, 'warning.second.issued');
      return { warnings: stamped(context.warnings, { second: stamped(event.payload, { recordedAt: event.at }) }) };
    }),
    recordConsentForm: assign(({ event }) => {
      assertEvent(event, 'consentForm.submitted');
      return { consentForm: stamped(event.payload, { submittedAt: event.at }) };
    }),
    recordDecision: assign(({ event }) => {
      assertEvent(event, 'decision.made');
      return { decision: stamped(event.payload, { decidedAt: event.at, decidedBy: event.actor.userId }) };
    }),
    markDecisionOverdue: assign({ decisionOverdue: true }),
    recordSolutionProposal: assign({
      proposedSolution: ({ event }) => {
        assertEvent(event, 'solution.proposed');
        return stamped(event.payload, { proposedAt: event.at, proposedBy: event.actor.userId });
      },
    }),
    recordSolution: assign(({ event }) => {
      assertEvent(event, 'solution.confirmed');
      return { solution: stamped(event.payload, { confirmedAt: event.at, confirmedBy: event.actor.userId }) };
    }),
    recordContinuationWaiver: assign({
      continuationWaiver: ({ event }) => {
        assertEvent(event, 'continuation.waived');
        return stamped(event.payload, { decidedAt: event.at, decidedBy: event.actor.userId, decidedAs: event.actor.role });
      },
    }),
    recordCareRefusal: assign({
      careRefusal: ({ event }) => {
        assertEvent(event, 'care.refused');
        return stamped(event.payload, { recordedAt: event.at, recordedBy: event.actor.userId, recordedAs: event.actor.role });
      },
    }),
    recordWarmHandover: assign(({ event }) => {
      assertEvent(event, 'warmHandover.completed');
      return { warmHandover: event.payload };
    }),
    recordTermination: assign(({ event }) => {
      assertEvent(event, 'care.terminated');
      return { termination: event.payload };
    }),
    recordWithdrawal: assign(({ event }) => {
      assertEvent(event, 'termination.withdrawn');
      return { withdrawal: stamped(event.payload, { withdrawnAt: event.at }) };
    }),
    signalTerminated: signalOf('beeindiging-jeugdhulp'),
    signalConsentRefused: signalOf('toestemming-geweigerd'),
    signalCareRefused: signalOf('weigering-jeugdhulp'),
    signalWithdrawn: signalOf('ingetrokken'),
  },
}).createMachine({
  id: 'careTermination',
  meta: meta({ label: 'Beëindiging jeugdhulp door aanbieder', waitingOn: [], rule: `${RULE} (art. 2.7/2.8 mantelovereenkomst)` }),
  context: ({ input }) => ({
    caseId: input.caseId,
    provider: input.data.provider,
    caseDirector: input.data.caseDirector,
    childProtectionMeasure: input.data.childProtectionMeasure,
    seriousReasons: input.data.seriousReasons,
    reasonCategory: input.data.reasonCategory,
    optOut: input.data.optOut,
    conversations: [],
    warnings: {},
    decisionOverdue: false,
  }),
  initial: 'informing',
  states: {
    informing: {
      meta: meta({ label: 'Casusregisseur informeren over mogelijke beëindiging', waitingOn: ['aanbieder'], rule: `${RULE} stap 1` }),
      on: {
        'caseDirector.informed': { target: 'preparing', actions: 'recordCaseDirectorInformed' },
        'care.refused': refuseCare,
        'termination.withdrawn': { target: 'withdrawn', actions: ['recordWithdrawal', { type: 'notify', params: { template: 'termination-withdrawn', to: ['casusregisseur'] } }] },
      },
    },
    preparing: {
      meta: meta({ label: 'Gesprekken en waarschuwingen', waitingOn: ['aanbieder'], rule: `${RULE} stap 2–5` }),
      initial: 'noWarning',
      states: {
        noWarning: {
          meta: meta({ label: 'Gesprekken met de jeugdige (nog geen waarschuwing)', waitingOn: ['aanbieder'], rule: `${RULE} stap 2–3` }),
          on: {
            'warning.first.issued': { guard: 'hasAgreementsBeforeWarning', target: 'firstWarning', actions: 'recordFirstWarning' },
          },
        },
        firstWarning: {
          meta: meta({ label: 'Eerste schriftelijke waarschuwing gegeven', waitingOn: ['aanbieder'], rule: `${RULE} stap 4` }),
          on: {
            'warning.second.issued': { guard: 'isAfterFirstWarning', target: 'secondWarning', actions: 'recordSecondWarning' },
          },
        },
        secondWarning: {
          meta: meta({ label: 'Tweede schriftelijke waarschuwing gegeven', waitingOn: ['aanbieder'], rule: `${RULE} stap 5` }),
        },
      },
      on: {
        'conversation.held': { actions: 'recordConversation' },
        'care.refused': refuseCare,
        'consentForm.submitted': {
          guard: 'hasTwoConversationsAndTwoWarnings',
          target: 'awaitingDecision',
          actions: [
            'recordConsentForm',
            { type: 'notify', params: { template: 'consent-form-submitted', to: ['casusregisseur'] } },
            { type: 'notify', params: ({ context }) => ({ template: 'consent-form-copy', to: ['contractmanager'], anonymised: context.optOut }) },
          ],
        },
        'termination.withdrawn': {
          target: 'withdrawn',
          actions: ['recordWithdrawal', { type: 'notify', params: { template: 'termination-withdrawn', to: ['casusregisseur'] } }],
        },
      },
    },
    awaitingDecision: stamped(withOverdue(
      meta({ label: 'Wacht op besluit casusregisseur', waitingOn: ['casusregisseur'], deadlines: [decisionTerm], rule: `${RULE} stap 6–7` }),
      {
        onExpiry: 'decisionTerm.expired',
        markOverdue: ['markDecisionOverdue', { type: 'notify', params: { template: 'decision-overdue', to: ['casusregisseur', 'aanbieder'] } }],
        pending: meta({ label: 'Besluit casusregisseur binnen termijn', waitingOn: ['casusregisseur'], rule: `${RULE} stap 7` }),
        overdue: { meta: meta({ label: 'Besluit te laat', waitingOn: ['casusregisseur'], rule: decisionTerm.rule }) },
      },
    ), {
      on: {
        'decision.made': [
          { guard: { type: 'isConsistentDecision', params: { consent: true } }, target: 'consented', actions: 'recordDecision' },
          { guard: { type: 'isConsistentDecision', params: { consent: false } }, target: 'refused', actions: 'recordDecision' },
        ],
        'care.refused': refuseCare,
        'termination.withdrawn': {
          target: 'withdrawn',
          actions: [
            'recordWithdrawal',
            { type: 'notify', params: ({ context }) => ({ template: 'termination-withdrawn', to: ['casusregisseur', 'contractmanager'], anonymised: context.optOut }) },
          ],
        },
      },
    }),
    consented: {
      meta: meta({ label: 'Toestemming verleend: jeugdhulp loopt door tot een definitieve oplossing', waitingOn: ['aanbieder', 'casusregisseur'], rule: `${RULE} stap 8` }),
      entry: { type: 'notify', params: ({ context }) => ({ template: 'consent-granted', to: ['aanbieder', 'contractmanager'], anonymised: context.optOut }) },
      initial: 'seekingSolution',
      states: {
        seekingSolution: {
          meta: meta({ label: 'Zorg loopt door; definitieve oplossing wordt gezocht', waitingOn: ['casusregisseur', 'aanbieder'], rule: STEP_8 }),
          on: {
            'solution.proposed': proposeSolution,
            'solution.confirmed': confirmSolution,
            'continuation.waived': waiveContinuation,
          },
        },
        solutionProposed: {
          meta: meta({ label: 'Aanbieder stelt een definitieve oplossing voor; de casusregisseur bevestigt', waitingOn: ['casusregisseur'], rule: STEP_8 }),
          on: {
            'solution.proposed': proposeSolution,
            'solution.confirmed': confirmSolution,
            'continuation.waived': waiveContinuation,
          },
        },
        handover: {
          meta: meta({ label: 'Warme overdracht naar de nieuwe aanbieder', waitingOn: ['aanbieder'], rule: STEP_8 }),
          on: {
            'warmHandover.completed': { target: 'ready', actions: 'recordWarmHandover' },
            'continuation.waived': waiveContinuation,
          },
        },
        ready: {
          meta: meta({ label: 'Oplossing bevestigd of voortzetting niet te verlangen: jeugdhulp kan worden beëindigd', waitingOn: ['aanbieder'], rule: STEP_8 }),
        },
      },
      on: {
        'care.terminated': {
          guard: 'isReadyToTerminate',
          target: 'terminated',
          actions: [
            'recordTermination',
            { type: 'notify', params: ({ context }) => ({ template: 'care-terminated', to: ['casusregisseur', 'contractmanager'], anonymised: context.optOut }) },
          ],
        },
        'care.refused': refuseCare,
      },
    },
    terminated: {
      type: 'final',
      meta: meta({ label: 'Jeugdhulp beëindigd met toestemming', waitingOn: [], rule: `${RULE} stap 8` }),
      entry: 'signalTerminated',
    },
    refused: {
      type: 'final',
      meta: meta({ label: 'Toestemming geweigerd: jeugdhulp loopt door', waitingOn: [], rule: `${RULE} stap 7 (keuze: na weigering sluit de zaak direct)` }),
      entry: ['signalConsentRefused', { type: 'notify', params: ({ context }) => ({ template: 'consent-refused', to: ['aanbieder', 'contractmanager'], anonymised: context.optOut }) }],
    },
    careRefused: {
      type: 'final',
      meta: meta({ label: 'Weigering Jeugdhulp door de aanbieder, gemeld aan contractmanagement', waitingOn: [], rule: REFUSAL_RULE }),
      entry: 'signalCareRefused',
    },
    withdrawn: {
      type: 'final',
      meta: meta({ label: 'Verzoek ingetrokken: jeugdhulp loopt door', waitingOn: [], rule: `${RULE} (intrekking vóór het besluit, keuze)` }),
      entry: 'signalWithdrawn',
    },
  },
});

// ---------------------------------------------------------------------------------------------
// Definition

export const careTermination = defineProcedure({
  id: 'care-termination',
  version: 1,
  title: 'Beëindiging jeugdhulp door aanbieder',
  description:
    'Een aanbieder kan de jeugdhulp aan een jeugdige alleen bij zwaarwegende redenen en met toestemming van de casusregisseur ' +
    '(lokaal team, of de GI bij een kinderbeschermingsmaatregel) eenzijdig beëindigen. Eerst informeert de aanbieder de ' +
    'casusregisseur, voert minimaal twee gesprekken met de jeugdige en geeft twee schriftelijke waarschuwingen; daarna dient hij ' +
    'het "Formulier toestemming beëindiging Jeugdhulp" in (kopie aan de contractmanager, geanonimiseerd bij opt-out). De ' +
    'casusregisseur besluit aan de hand van vier criteria. Na toestemming loopt de zorg door tot een definitieve oplossing, bij ' +
    'overdracht met een warme overdracht; alleen de casusregisseur bevestigt de definitieve oplossing of oordeelt dat voortzetting ' +
    'in redelijkheid niet van de aanbieder kan worden verlangd. Beëindiging en weigering van jeugdhulp zijn signalen voor contractmanagement.',
  seed: SEED,
  machine: careTerminationMachine,
  mail: careTerminationMail,
  startRoles: ['aanbieder'],
  startSchema,
  personalDataSchema,
  monitoringSignal: (context: CareTerminationContext) =>
    context.signal ? { outcome: context.signal.outcome, category: context.signal.reasonCategory } : undefined,
  events: careTerminationEvents,
  guards: {
    hasAgreementsBeforeWarning: {
      description: 'er is eerst een gesprek met afspraken vastgelegd (op of vóór de datum van de eerste waarschuwing)',
      rule: `${RULE} stap 3–4`,
    },
    isAfterFirstWarning: {
      description: 'de tweede waarschuwing volgt op de eerste (niet eerder gedateerd)',
      rule: `${RULE} stap 5`,
    },
    hasTwoConversationsAndTwoWarnings: {
      description: 'het formulier kan pas na minimaal twee gesprekken met de jeugdige en twee schriftelijke waarschuwingen',
      rule: `${RULE} stap 2–6`,
    },
    isConsistentDecision: {
      description: 'toestemming kan alleen als de aanbieder de voorgeschreven procedure heeft gevolgd (criterium c)',
      rule: `${RULE} stap 7 (keuze: criterium c is voorwaarde voor toestemming)`,
    },
    isTransfer: {
      description: 'de bevestigde oplossing is een overdracht aan een andere aanbieder',
      rule: STEP_8,
    },
    isReadyToTerminate: {
      description:
        'beëindigen kan alleen met toestemming van de casusregisseur, nadat de casusregisseur een definitieve oplossing heeft bevestigd (bij overdracht na de warme overdracht) ' +
        'of heeft geoordeeld dat voortzetting in redelijkheid niet van de aanbieder kan worden verlangd',
      rule: `${STEP_8}; art. 2.8`,
    },
  },
});
