// Wijziging bij de aanbieder (002 Protocol contractmanagement GR Jeugdhulp Rijnmond): one change per case.
// - Bank account (§3.2.2 "Wijzigen contact- adres- en bankgegevens"): with a bank statement not older than 3
//   months (and not dated after the submission), showing the provider's name and address; the municipality
//   processes it within the stated lead time of 2 weeks (calendar days, Atw), after which it is overdue.
// - KvK number, AGB code or VAT number (same passage): a pro-forma invoice suffices.
// - Contact and address details (same passage): passed on to the contract manager.
// - The provider's contract manager (§2.2.1): after a period of 6 months the GR JR contract manager may find
//   that person cannot maintain the relationship; a conversation with the provider's manager follows; the
//   outcome may be a request to appoint another contract manager, which the provider grants.
// Where the seed gives no term (registration, contact details, the appointment), the state names who acts.
import { assertEvent, assign, setup } from 'xstate';
import { z } from 'zod';
import { addDays, addMonths } from './dates.ts';
import { withOverdue } from './patterns.ts';
import { providerChangeMail } from './providerChange.mail.ts';
import { freeText, isoDate, providerCode, shortText } from './schemas.ts';
import { defineProcedure, type DeadlineDefinition, type EventTable, type EventsOf, type MachineInput, type Role, type StateMeta } from './types.ts';
import { stamped, type Stamped } from './immutable.ts';

const SEED = '002 Protocol contractmanagement GR Jeugdhulp Rijnmond, §2.2.1 en §3.2.2 (Wijzigen contact- adres- en bankgegevens)';

export const BANK_RULE =
  '002 §3.2.2 Wijzigen contact- adres- en bankgegevens: "Ten aanzien van de wijziging van bankrekeninggegevens moeten deze voorzien zijn van bewijsstukken. ' +
  'Het rekeningnummer van de zorgaanbieder moet in de gemeentelijke systemen worden ingevoerd met een recent bankafschrift (niet ouder dan 3 maanden) ' +
  'van het betreffende rekeningnummer met daarop zichtbaar de naam en adres van de zorgaanbieder."';
export const LEAD_TIME_RULE = '002 §3.2.2 Wijzigen contact- adres- en bankgegevens: "Houdt rekening met een doorlooptijd van 2 weken."';
export const REGISTRATION_RULE =
  '002 §3.2.2 Wijzigen contact- adres- en bankgegevens: "Bij een wijziging van KvK-nummer, AGB-code, BTW nummer of de aanmelding van een nieuwe Opdrachtnemer is een pro-forma factuur voldoende."';
export const CONTACT_RULE =
  '002 §3.2.2 Wijzigen contact- adres- en bankgegevens: "Wijzigingen van contact-, adres- en bankgegevens dienen aan uw contractmanager te worden doorgegeven."';
export const ASSESSMENT_RULE =
  '002 §2.2.1: "Mocht de GR JR contractmanager op basis van een periode van 6 maanden van mening zijn dat de contractmanager aan de zijde van de Opdrachtnemer ' +
  'niet in staat is om de relatie op adequate wijze te onderhouden dan zal er een gesprek plaatsvinden tussen de GR JR / gemeente Rotterdam contractmanager, ' +
  'de contractmanager namens de Opdrachtnemer en haar leidinggevende om tot een oplossing te komen."';
export const REPLACEMENT_RULE =
  '002 §2.2.1: "Een mogelijk uitkomst kan zijn dat de GR JR / gemeente Rotterdam zal verzoeken om een andere contractmanager bij de Opdrachtnemer aan te wijzen. ' +
  'Opdrachtnemer zal dit verzoek inwilligen." en "De Opdrachtnemer wijst minimaal één vaste gesprekspartner met een achtervang voor de contractmanager van de Opdrachtgever aan"';

/** "niet ouder dan 3 maanden". */
export const STATEMENT_MAX_AGE_MONTHS = 3;
/** "een doorlooptijd van 2 weken": 14 calendar days, the last day moved to the next working day (Atw). */
export const LEAD_TIME_DAYS = 14;
/** "op basis van een periode van 6 maanden". */
export const ASSESSMENT_MONTHS = 6;

// ---------------------------------------------------------------------------------------------
// Schemas

export const startSchema = z
  .object({
    provider: providerCode('Code van de aanbieder (geen persoon)'),
  })
  .strict();
export type ProviderChangeStart = z.infer<typeof startSchema>;

/** IBAN: country, check digits, account; the ISO 13616 check (mod 97 = 1). */
export function isValidIban(value: string): boolean {
  const v = value.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(v)) return false;
  const digits = (v.slice(4) + v.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return rest === 1;
}

const bankChangeSchema = z
  .object({
    submittedOn: isoDate('Datum waarop de aanbieder de wijziging doorgeeft'),
    iban: z
      .string()
      .trim()
      .max(42)
      .refine(isValidIban, { message: 'geen geldig IBAN (controlegetal klopt niet)' })
      .describe('Het nieuwe rekeningnummer (IBAN) van de aanbieder'),
    statementDate: isoDate('Datum van het bankafschrift van het nieuwe rekeningnummer'),
    statementShowsProviderDetails: z.literal(true).describe('Op het bankafschrift staan de naam en het adres van de aanbieder zichtbaar'),
  })
  .strict();

export const REGISTRATIONS = ['kvk-nummer', 'agb-code', 'btw-nummer'] as const;
const REGISTRATION_FORMATS: Record<(typeof REGISTRATIONS)[number], { pattern: RegExp; label: string; text: string }> = {
  'kvk-nummer': { pattern: /^\d{8}$/, label: 'KvK-nummer', text: '8 cijfers' },
  'agb-code': { pattern: /^\d{8}$/, label: 'AGB-code', text: '8 cijfers' },
  'btw-nummer': { pattern: /^NL[A-Z0-9]{9}B\d{2}$/, label: 'BTW-nummer', text: 'NL, 9 tekens, B en 2 cijfers' },
};

const registrationChangeSchema = z
  .object({
    registration: z.enum(REGISTRATIONS).describe('Wat wijzigt: KvK-nummer, AGB-code of BTW-nummer'),
    newNumber: z.string().trim().max(20).describe('Het nieuwe nummer'),
    effectiveOn: isoDate('Datum waarop de wijziging ingaat'),
    proFormaInvoice: z
      .object({
        reference: shortText('Kenmerk van de proformafactuur', { min: 2 }),
        date: isoDate('Datum van de proformafactuur'),
      })
      .strict()
      .describe('De proformafactuur met het nieuwe nummer'),
  })
  .strict()
  .superRefine((d, ctx) => {
    const f = REGISTRATION_FORMATS[d.registration];
    if (!f.pattern.test(d.newNumber)) ctx.addIssue({ code: 'custom', path: ['newNumber'], message: `een ${f.label} heeft de vorm: ${f.text}` });
  });

export const CONTACT_CHANGES = ['contactgegevens', 'adresgegevens'] as const;
const contactChangeSchema = z
  .object({
    change: z.enum(CONTACT_CHANGES).describe('Wat wijzigt: contactgegevens of adresgegevens van de aanbieder'),
    description: freeText('De wijziging (gegevens van de organisatie, geen persoonsgegevens van jeugdigen)', { min: 5, max: 1000 }),
    effectiveOn: isoDate('Datum waarop de wijziging ingaat'),
  })
  .strict();

const processedSchema = z
  .object({
    processedOn: isoDate('Datum waarop de wijziging in de gemeentelijke systemen is verwerkt'),
    note: freeText('Toelichting (optioneel)').optional().describe('Toelichting (optioneel)'),
  })
  .strict();

const rejectedSchema = z
  .object({
    reason: freeText('Waarom de wijziging niet verwerkt kan worden (bijvoorbeeld: bewijsstuk ontbreekt)', { min: 10 }),
  })
  .strict();

const assessmentSchema = z
  .object({
    periodFrom: isoDate('Eerste dag van de beoordeelde periode'),
    periodUntil: isoDate('Laatste dag van de beoordeelde periode'),
    findings: freeText('Waarom de contractmanager van de aanbieder de relatie niet adequaat onderhoudt', { min: 20 }),
  })
  .strict();

export const CONVERSATION_OUTCOMES = ['oplossing-afgesproken', 'verzoek-andere-contractmanager'] as const;
const conversationSchema = z
  .object({
    date: isoDate('Datum van het gesprek'),
    providersManagerPresent: z.literal(true).describe('De leidinggevende van de contractmanager van de aanbieder nam deel aan het gesprek'),
    outcome: z.enum(CONVERSATION_OUTCOMES).describe('Uitkomst: een afgesproken oplossing, of het verzoek een andere contractmanager aan te wijzen'),
    report: freeText('Verslag van het gesprek (zonder persoonsgegevens)', { min: 10 }),
  })
  .strict();

const appointedSchema = z
  .object({
    appointedOn: isoDate('Datum waarop de andere contractmanager is aangewezen'),
    position: shortText('Functie van de nieuwe contractmanager (geen naam)', { min: 2 }),
    backupAppointed: z.literal(true).describe('Er is ook een achtervang aangewezen'),
  })
  .strict();

const withdrawnSchema = z.object({ reason: freeText('Waarom de wijziging wordt ingetrokken', { min: 5 }) }).strict();

const expirySchema = z.object({ deadline: z.literal('leadTime').describe('Naam van de verstreken termijn') }).strict();

// ---------------------------------------------------------------------------------------------
// Context

type Recorded<T> = Stamped<T, { recordedAt: string; recordedBy: string }>;

export interface ProviderChangeContext {
  caseId: string;
  provider: string;
  bankChange?: Recorded<z.infer<typeof bankChangeSchema>>;
  registrationChange?: Recorded<z.infer<typeof registrationChangeSchema>>;
  contactChange?: Recorded<z.infer<typeof contactChangeSchema>>;
  processed?: Recorded<z.infer<typeof processedSchema>>;
  rejections: Recorded<z.infer<typeof rejectedSchema>>[];
  leadTimeOverdue: boolean;
  assessment?: Recorded<z.infer<typeof assessmentSchema>>;
  conversation?: Recorded<z.infer<typeof conversationSchema>>;
  replacement?: Recorded<z.infer<typeof appointedSchema>>;
  withdrawal?: Recorded<z.infer<typeof withdrawnSchema>>;
}

export interface NotifyParams {
  template: keyof typeof providerChangeMail;
  to: readonly Role[];
}

// ---------------------------------------------------------------------------------------------
// Events

export const providerChangeEvents = {
  'bankChange.submitted': {
    label: 'Wijziging bankrekening doorgegeven',
    roles: ['aanbieder'],
    schema: bankChangeSchema,
    rule: BANK_RULE,
    description: 'Met een recent bankafschrift (niet ouder dan 3 maanden) van het nieuwe rekeningnummer, met de naam en het adres van de aanbieder. Doorlooptijd 2 weken.',
    termStartDates: ['submittedOn'],
  },
  'registrationChange.submitted': {
    label: 'Wijziging KvK-nummer, AGB-code of BTW-nummer doorgegeven',
    roles: ['aanbieder'],
    schema: registrationChangeSchema,
    rule: REGISTRATION_RULE,
    description: 'Een proformafactuur met het nieuwe nummer is voldoende.',
  },
  'contactChange.submitted': {
    label: 'Wijziging contact- of adresgegevens doorgegeven',
    roles: ['aanbieder'],
    schema: contactChangeSchema,
    rule: CONTACT_RULE,
  },
  'change.processed': {
    label: 'Wijziging verwerkt',
    roles: ['contractbeheer', 'contractmanager'],
    schema: processedSchema,
    rule: CONTACT_RULE,
    description: 'De wijziging is ingevoerd in de gemeentelijke systemen.',
  },
  'change.rejected': {
    label: 'Wijziging niet verwerkt (aanvulling nodig)',
    roles: ['contractbeheer', 'contractmanager'],
    schema: rejectedSchema,
    rule: BANK_RULE,
    description: 'Bijvoorbeeld: het bewijsstuk ontbreekt of is onleesbaar. De aanbieder levert de wijziging opnieuw aan.',
  },
  'leadTime.expired': {
    label: 'Doorlooptijd wijziging bankrekening verstreken',
    roles: ['system'],
    schema: expirySchema,
    rule: LEAD_TIME_RULE,
  },
  'assessment.recorded': {
    label: 'Beoordeling contractmanager aanbieder over 6 maanden vastgelegd',
    roles: ['contractmanager'],
    schema: assessmentSchema,
    rule: ASSESSMENT_RULE,
    description: 'Op basis van een periode van 6 maanden: de contractmanager van de aanbieder onderhoudt de relatie niet adequaat.',
  },
  'conversation.held': {
    label: 'Gesprek met de contractmanager van de aanbieder en diens leidinggevende gevoerd',
    roles: ['contractmanager'],
    schema: conversationSchema,
    rule: ASSESSMENT_RULE,
  },
  'replacement.appointed': {
    label: 'Andere contractmanager aangewezen door de aanbieder',
    roles: ['aanbieder'],
    schema: appointedSchema,
    rule: REPLACEMENT_RULE,
  },
  'change.withdrawn': {
    label: 'Wijziging ingetrokken',
    roles: ['aanbieder', 'contractmanager'],
    schema: withdrawnSchema,
    rule: `${CONTACT_RULE} (keuze: intrekken zolang niets is doorgegeven)`,
  },
} as const satisfies EventTable;
export type ProviderChangeEvent = EventsOf<typeof providerChangeEvents>;

// ---------------------------------------------------------------------------------------------
// Machine

const leadTime: DeadlineDefinition = {
  name: 'leadTime',
  label: 'Doorlooptijd wijziging bankrekening (2 weken)',
  kind: 'days',
  n: LEAD_TIME_DAYS,
  startsFromContext: 'bankChange.submittedOn',
  onExpiry: 'leadTime.expired',
  waitingOn: ['contractbeheer'],
  reminders: [2],
  rule: LEAD_TIME_RULE,
};

const meta = (m: StateMeta): StateMeta => m;
const recorded = <T extends object>(payload: T, event: { at: string; actor: { userId: string } }): Recorded<T> =>
  stamped(payload, { recordedAt: event.at, recordedBy: event.actor.userId });

const processed = {
  target: '#providerChange.done',
  actions: ['recordProcessed', { type: 'notify', params: { template: 'change-processed', to: ['aanbieder'] } }],
} as const;
const rejected = {
  target: '#providerChange.open',
  actions: ['recordRejection', { type: 'notify', params: { template: 'change-rejected', to: ['aanbieder'] } }],
} as const;

export const providerChangeMachine = setup({
  types: {} as { context: ProviderChangeContext; events: ProviderChangeEvent; input: MachineInput<ProviderChangeStart> },
  guards: {
    isStatementRecent: ({ event }) => {
      assertEvent(event, 'bankChange.submitted');
      const { statementDate, submittedOn } = event.payload;
      return statementDate <= submittedOn && statementDate >= addMonths(submittedOn, -STATEMENT_MAX_AGE_MONTHS);
    },
    coversSixMonths: ({ event }) => {
      assertEvent(event, 'assessment.recorded');
      const { periodFrom, periodUntil } = event.payload;
      return periodUntil >= addDays(addMonths(periodFrom, ASSESSMENT_MONTHS), -1);
    },
    isReplacementRequested: ({ event }) => {
      assertEvent(event, 'conversation.held');
      return event.payload.outcome === 'verzoek-andere-contractmanager';
    },
  },
  actions: {
    notify: (_, _params: NotifyParams) => {},
    recordBankChange: assign(({ event }) => {
      assertEvent(event, 'bankChange.submitted');
      return { bankChange: recorded(stamped(event.payload, { iban: event.payload.iban.replace(/\s+/g, '').toUpperCase() }), event), leadTimeOverdue: false };
    }),
    recordRegistrationChange: assign(({ event }) => {
      assertEvent(event, 'registrationChange.submitted');
      return { registrationChange: recorded(event.payload, event) };
    }),
    recordContactChange: assign(({ event }) => {
      assertEvent(event, 'contactChange.submitted');
      return { contactChange: recorded(event.payload, event) };
    }),
    recordProcessed: assign(({ event }) => {
      assertEvent(event, 'change.processed');
      return { processed: recorded(event.payload, event) };
    }),
    recordRejection: assign(({ context, event }) => {
      assertEvent(event, 'change.rejected');
      return { rejections: [...context.rejections, recorded(event.payload, event)] };
    }),
    markLeadTimeOverdue: assign({ leadTimeOverdue: true }),
    recordAssessment: assign(({ event }) => {
      assertEvent(event, 'assessment.recorded');
      return { assessment: recorded(event.payload, event) };
    }),
    recordConversation: assign(({ event }) => {
      assertEvent(event, 'conversation.held');
      return { conversation: recorded(event.payload, event) };
    }),
    recordReplacement: assign(({ event }) => {
      assertEvent(event, 'replacement.appointed');
      return { replacement: recorded(event.payload, event) };
    }),
    recordWithdrawal: assign(({ event }) => {
      assertEvent(event, 'change.withdrawn');
      return { withdrawal: recorded(event.payload, event) };
    }),
  },
}).createMachine({
  id: 'providerChange',
  meta: meta({ label: 'Wijziging bij de aanbieder', waitingOn: [], rule: CONTACT_RULE }),
  context: ({ input }) => ({ caseId: input.caseId, provider: input.data.provider, rejections: [], leadTimeOverdue: false }),
  initial: 'open',
  states: {
    open: {
      meta: meta({ label: 'Wacht op de wijziging of de beoordeling', waitingOn: ['aanbieder', 'contractmanager'], rule: CONTACT_RULE }),
      on: {
        'bankChange.submitted': {
          guard: 'isStatementRecent',
          target: 'bankAccount',
          actions: ['recordBankChange', { type: 'notify', params: { template: 'bank-change-submitted', to: ['contractbeheer', 'contractmanager'] } }],
        },
        'registrationChange.submitted': {
          target: 'registration',
          actions: ['recordRegistrationChange', { type: 'notify', params: { template: 'registration-change-submitted', to: ['contractbeheer', 'contractmanager'] } }],
        },
        'contactChange.submitted': {
          target: 'contact',
          actions: ['recordContactChange', { type: 'notify', params: { template: 'contact-change-submitted', to: ['contractbeheer', 'contractmanager'] } }],
        },
        'assessment.recorded': { guard: 'coversSixMonths', target: 'providerContact', actions: 'recordAssessment' },
        'change.withdrawn': { target: 'withdrawn', actions: 'recordWithdrawal' },
      },
    },
    bankAccount: stamped(withOverdue(meta({ label: 'Wijziging bankrekening wordt verwerkt', waitingOn: ['contractbeheer'], deadlines: [leadTime], rule: LEAD_TIME_RULE }), {
      onExpiry: 'leadTime.expired',
      markOverdue: ['markLeadTimeOverdue', { type: 'notify', params: { template: 'bank-change-overdue', to: ['contractbeheer', 'contractmanager'] } }],
      pending: meta({ label: 'Wijziging bankrekening wordt verwerkt (binnen 2 weken)', waitingOn: ['contractbeheer'], rule: LEAD_TIME_RULE }),
      overdue: { meta: meta({ label: 'Doorlooptijd van 2 weken verstreken: nog niet verwerkt', waitingOn: ['contractbeheer'], rule: LEAD_TIME_RULE }) },
    }), {
      on: { 'change.processed': processed, 'change.rejected': rejected },
    }),
    registration: {
      meta: meta({ label: 'Wijziging KvK-nummer, AGB-code of BTW-nummer wordt verwerkt', waitingOn: ['contractbeheer'], rule: REGISTRATION_RULE }),
      on: { 'change.processed': processed, 'change.rejected': rejected },
    },
    contact: {
      meta: meta({ label: 'Wijziging contact- of adresgegevens wordt verwerkt', waitingOn: ['contractbeheer'], rule: CONTACT_RULE }),
      on: { 'change.processed': processed, 'change.rejected': rejected },
    },
    providerContact: {
      meta: meta({ label: 'Contractmanager van de aanbieder: gesprek en uitkomst', waitingOn: ['contractmanager'], rule: ASSESSMENT_RULE }),
      initial: 'conversation',
      states: {
        conversation: {
          meta: meta({ label: 'Gesprek met de aanbieder en diens leidinggevende', waitingOn: ['contractmanager', 'aanbieder'], rule: ASSESSMENT_RULE }),
          on: {
            'conversation.held': [
              {
                guard: 'isReplacementRequested',
                target: 'awaitingReplacement',
                actions: ['recordConversation', { type: 'notify', params: { template: 'replacement-requested', to: ['aanbieder'] } }],
              },
              { target: '#providerChange.done', actions: 'recordConversation' },
            ],
          },
        },
        awaitingReplacement: {
          meta: meta({ label: 'Aanbieder wijst een andere contractmanager (met achtervang) aan', waitingOn: ['aanbieder'], rule: REPLACEMENT_RULE }),
          on: {
            'replacement.appointed': {
              target: '#providerChange.done',
              actions: ['recordReplacement', { type: 'notify', params: { template: 'replacement-appointed', to: ['contractmanager'] } }],
            },
          },
        },
      },
    },
    done: {
      type: 'final',
      meta: meta({ label: 'Afgerond: wijziging verwerkt of oplossing bereikt', waitingOn: [], rule: CONTACT_RULE }),
    },
    withdrawn: {
      type: 'final',
      meta: meta({ label: 'Ingetrokken', waitingOn: [], rule: `${CONTACT_RULE} (keuze)` }),
    },
  },
});

// ---------------------------------------------------------------------------------------------
// Definition

export const providerChange = defineProcedure({
  id: 'provider-change',
  version: 1,
  title: 'Wijziging bij de aanbieder',
  description:
    'Een aanbieder geeft een wijziging door aan de contractmanager: een nieuw rekeningnummer met een recent bankafschrift (niet ouder dan 3 maanden, ' +
    'met naam en adres van de aanbieder; doorlooptijd 2 weken), een nieuw KvK-nummer, AGB-code of BTW-nummer met een proformafactuur, of nieuwe ' +
    'contact- of adresgegevens. Of de contractmanager van de gemeente vindt na een periode van 6 maanden dat de contractmanager van de aanbieder de ' +
    'relatie niet adequaat onderhoudt: na een gesprek met diens leidinggevende kan de gemeente verzoeken een andere contractmanager aan te wijzen; de ' +
    'aanbieder willigt dit verzoek in.',
  seed: SEED,
  machine: providerChangeMachine,
  mail: providerChangeMail,
  startRoles: ['aanbieder', 'contractmanager', 'contractbeheer'],
  startSchema,
  events: providerChangeEvents,
  guards: {
    isStatementRecent: {
      description: 'het bankafschrift is niet ouder dan 3 maanden en niet gedateerd na de datum waarop de wijziging wordt doorgegeven',
      rule: BANK_RULE,
    },
    coversSixMonths: {
      description: 'de beoordeling beslaat een periode van ten minste 6 maanden',
      rule: ASSESSMENT_RULE,
    },
    isReplacementRequested: {
      description: 'de uitkomst van het gesprek is het verzoek een andere contractmanager aan te wijzen',
      rule: REPLACEMENT_RULE,
    },
  },
});
