// P4 — Escalatie op cliënt/zorginhoud (002, §4.4).
// The local team thinks help must start now and that this provider should give it. Without a request
// for a residential place the local team leader contacts the contract manager; with one the ZBT is
// contacted and agrees actions and a feedback term, and turns to the contract manager when it meets
// insufficient financial room. The contract manager tests the dispute against the contract and work
// agreements; without a solution the secretary of the GR JR decides, possibly after asking advice.
import { assertEvent, assign, setup } from 'xstate';
import { z } from 'zod';
import { careContentEscalationMail } from './careContentEscalation.mail.ts';
import { withOverdue } from './patterns.ts';
import { freeText, isoDate, providerCode, shortText } from './schemas.ts';
import { ROLES, defineProcedure, type EventTable, type EventsOf, type MachineInput, type Role } from './types.ts';
import { stamped } from './immutable.ts';

const SEED = '002 Contractmanagementprotocol GR Jeugdhulp Rijnmond, §4.4';

/** Decision term of the secretary in working days: the seed gives none (keuze, instelbaar per zaak). */
export const DEFAULT_DECISION_TERM_WORKING_DAYS = 10;
/** Used only when the context holds no agreed term (never expected: `actions.agreed` requires one). */
const DEFAULT_FEEDBACK_WORKING_DAYS = 10;

/** Whom the secretary may ask for advice (002 §4.4 stap 5). */
export const ADVISERS = [
  'gemeente',
  'lokale-expertiseschil',
  'regionaal-onderzoeksteam',
  'regionale-flexibele-pool',
  'zbt',
  'onafhankelijke-derde',
] as const;
export type Adviser = (typeof ADVISERS)[number];

// ---------------------------------------------------------------------------------------------
// Schemas: start data and event payloads (strict; no personal data of the youth, case references only)

/** The longest list a step takes (actions, steps, articles): keeps every dossier readable. */
const MAX_LIST_ITEMS = 50;


export const careContentEscalationStartSchema = z.strictObject({
  provider: providerCode('Code van de aanbieder die de hulp zou moeten oppakken, nooit een persoonsnaam'),
  urgencyReason: freeText('Waarom de hulp direct moet worden ingezet en waarom door deze aanbieder (zonder persoonsgegevens)', { min: 10 }),
  residentialPlaceRequested: z.boolean().describe('Is er een vraag naar een verblijfsplaats'),
  decisionTermWorkingDays: z
    .number()
    .int()
    .min(1)
    .max(60)
    .default(DEFAULT_DECISION_TERM_WORKING_DAYS)
    .describe('Beslistermijn van de secretaris GR JR in werkdagen (keuze, standaard 10)'),
});
export type CareContentEscalationStart = z.infer<typeof careContentEscalationStartSchema>;

const deadlineExpiredSchema = (name: string) =>
  z.strictObject({ deadline: z.literal(name).describe('Naam van de verstreken termijn') });

export const contractManagerContactedSchema = z.strictObject({
  localTeamLeaderInformed: z.literal(true).describe('De teamleider/manager van het lokale team is geïnformeerd'),
  summary: freeText('Waarover contact is opgenomen met de contractmanager (zonder persoonsgegevens)', { min: 10 }),
});
export const zbtContactedSchema = z.strictObject({
  summary: freeText('Waarover contact is gelegd met het ZBT (vraag naar een verblijfsplaats, zonder persoonsgegevens)', { min: 10 }),
});
export const actionsAgreedSchema = z.strictObject({
  actions: z
    .array(
      z.strictObject({
        what: freeText('Wat: de actie die wordt uitgezet', { min: 5 }),
        who: z.enum(ROLES).describe('Wie: de rol die de actie uitvoert'),
        byDate: isoDate('Uiterlijk op (JJJJ-MM-DD)'),
      }),
    )
    .min(1)
    .max(MAX_LIST_ITEMS)
    .describe('Afgesproken acties: wat, wie en uiterlijk wanneer'),
  feedbackTermWorkingDays: z
    .number()
    .int()
    .min(1)
    .max(60)
    .describe('Termijn in werkdagen waarbinnen het lokale team terugkoppeling van het ZBT krijgt'),
});
export const caseResolvedSchema = z.strictObject({
  summary: freeText('Hoe de kwestie is opgelost', { min: 10 }),
});
export const financialRoomInsufficientSchema = z.strictObject({
  substantiation: freeText('Onderbouwing: waarom er onvoldoende financiële ruimte is bij de aanbieder', { min: 30 }),
});
export const disputeTestedSchema = z.strictObject({
  contractArticles: z.array(shortText('Artikel of bepaling')).min(1).max(MAX_LIST_ITEMS).describe('Getoetste contractafspraken (artikelen)'),
  workAgreements: z.array(shortText('Werkafspraak')).max(MAX_LIST_ITEMS).describe('Getoetste andere werkafspraken (eventueel)'),
  discussedWithProviderContact: z.literal(true).describe('De kwestie is besproken met de contactpersoon bij de aanbieder'),
  conclusion: freeText('Conclusie van de toets', { min: 10 }),
  outcome: z.enum(['solved', 'unsolved']).describe('Uitkomst: opgelost of geen oplossing'),
});
export const escalatedToSecretarySchema = z.strictObject({
  summary: freeText('Waarom geen oplossing is gevonden en wat de secretaris moet beslissen', { min: 30 }),
});
export const adviceRequestedSchema = z.strictObject({
  adviser: z.enum(ADVISERS).describe('Aan wie advies wordt gevraagd'),
  question: freeText('De adviesvraag', { min: 10 }),
});
export const adviceReceivedSchema = z.strictObject({
  adviser: z.enum(ADVISERS).describe('Van wie het advies komt'),
  summary: freeText('Samenvatting van het advies', { min: 10 }),
});
export const secretaryDecidedSchema = z.strictObject({
  decision: freeText('Het besluit van de secretaris GR JR', { min: 10 }),
  reasons: freeText('De motivering van het besluit', { min: 10 }),
});

export type ContractManagerContactedInput = z.infer<typeof contractManagerContactedSchema>;
export type ZbtContactedInput = z.infer<typeof zbtContactedSchema>;
export type ActionsAgreedInput = z.infer<typeof actionsAgreedSchema>;
export type CaseResolvedInput = z.infer<typeof caseResolvedSchema>;
export type FinancialRoomInsufficientInput = z.infer<typeof financialRoomInsufficientSchema>;
export type DisputeTestedInput = z.infer<typeof disputeTestedSchema>;
export type EscalatedToSecretaryInput = z.infer<typeof escalatedToSecretarySchema>;
export type AdviceRequestedInput = z.infer<typeof adviceRequestedSchema>;
export type AdviceReceivedInput = z.infer<typeof adviceReceivedSchema>;
export type SecretaryDecidedInput = z.infer<typeof secretaryDecidedSchema>;

// ---------------------------------------------------------------------------------------------
// Context: case references and recorded steps only

export interface AdviceRecord {
  adviser: Adviser;
  question: string;
  requestedAt: string;
  /** Filled when the answer arrives; a request without an answer is open. */
  answer?: { summary: string; receivedAt: string };
}

export interface CareContentEscalationContext {
  caseId: string;
  provider: string;
  urgencyReason: string;
  residentialPlaceRequested: boolean;
  /** Decision term of the secretary (deadline `decisionTerm`, nFromContext). */
  decisionTermWorkingDays: number;
  contractManagerContact?: ContractManagerContactedInput & { at: string; afterOverdueFeedback: boolean };
  zbtContact?: ZbtContactedInput & { at: string };
  agreedActions: ActionsAgreedInput['actions'];
  /** Agreed feedback term of the ZBT (deadline `feedbackTerm`, nFromContext). */
  feedbackTermWorkingDays?: number;
  feedbackOverdue: boolean;
  financialRoom?: FinancialRoomInsufficientInput & { at: string };
  disputeTest?: DisputeTestedInput & { at: string };
  escalation?: EscalatedToSecretaryInput & { at: string };
  advice: AdviceRecord[];
  decisionOverdue: boolean;
  decision?: SecretaryDecidedInput & { at: string };
  resolution?: CaseResolvedInput & { at: string };
}


const hasOpenRequest = (advice: readonly AdviceRecord[], adviser: Adviser): boolean =>
  advice.some((a) => a.adviser === adviser && a.answer === undefined);

// ---------------------------------------------------------------------------------------------
// The machine

/** The local team leader contacts the contract manager (at once, or after the ZBT's feedback term has passed). */
const contactContractManager = {
  target: '#care-content-escalation.contractManagerTesting',
  actions: ['recordContractManagerContact', { type: 'notify', params: { template: 'care-content.contract-manager-contacted', to: ['contractmanager'] } }],
} as const;

/** The events table: label, roles, payload schema and rule of every event. The machine's event union is derived from it. */
export const careContentEscalationEvents = {
  'contractManager.contacted': {
    label: 'Teamleider lokaal team heeft contact opgenomen met de contractmanager',
    roles: ['casusregisseur'],
    schema: contractManagerContactedSchema,
    rule: '002 §4.4 stap 1',
  },
  'zbt.contacted': {
    label: 'Contact gelegd met het ZBT',
    roles: ['casusregisseur'],
    schema: zbtContactedSchema,
    rule: '002 §4.4 stap 2',
  },
  'actions.agreed': {
    label: 'Acties en terugkoppeltermijn afgesproken',
    roles: ['zbt', 'casusregisseur'],
    schema: actionsAgreedSchema,
    rule: '002 §4.4 stap 2: afspraken over acties en de termijn van terugkoppeling door het ZBT',
  },
  'feedbackTerm.expired': {
    label: 'Terugkoppeltermijn ZBT verstreken',
    roles: ['system'],
    schema: deadlineExpiredSchema('feedbackTerm'),
    rule: '002 §4.4 stap 2',
  },
  'case.resolved': {
    label: 'Kwestie opgelost',
    roles: ['casusregisseur', 'zbt', 'contractmanager'],
    schema: caseResolvedSchema,
    rule: '002 §4.4 stap 2 tot en met 4',
  },
  'financialRoom.insufficient': {
    label: 'Onvoldoende financiële ruimte bij de aanbieder gemeld aan de contractmanager (ZBT)',
    roles: ['zbt'],
    schema: financialRoomInsufficientSchema,
    rule: '002 §4.4 stap 3',
  },
  'dispute.tested': {
    label: 'Contractmanager heeft het geschil getoetst en besproken met de aanbieder',
    roles: ['contractmanager'],
    schema: disputeTestedSchema,
    rule: '002 §4.4 stap 4',
  },
  'escalated.toSecretary': {
    label: 'Opgeschaald naar de secretaris van de GR JR',
    roles: ['contractmanager'],
    schema: escalatedToSecretarySchema,
    rule: '002 §4.4 stap 5',
  },
  'advice.requested': {
    label: 'Secretaris heeft advies gevraagd',
    roles: ['opdrachtgever-besluit'],
    schema: adviceRequestedSchema,
    rule: '002 §4.4 stap 5: advies bij gemeente, lokale expertise- en ondersteuningsschil, regionaal onderzoeksteam, regionale flexibele pool, ZBT of onafhankelijke derde',
  },
  'advice.received': {
    label: 'Advies ontvangen',
    roles: ['opdrachtgever-besluit'],
    schema: adviceReceivedSchema,
    rule: '002 §4.4 stap 5',
  },
  'secretary.decided': {
    label: 'Secretaris GR JR heeft besloten',
    roles: ['opdrachtgever-besluit'],
    schema: secretaryDecidedSchema,
    rule: '002 §4.4 stap 5: de secretaris beslist',
  },
  'decisionTerm.expired': {
    label: 'Beslistermijn secretaris verstreken',
    roles: ['system'],
    schema: deadlineExpiredSchema('decisionTerm'),
    rule: '002 §4.4 stap 5 (keuze): beslistermijn van de secretaris, standaard 10 werkdagen, instelbaar per zaak',
  },
} as const satisfies EventTable;
export type CareContentEscalationEvent = EventsOf<typeof careContentEscalationEvents>;

export const careContentEscalationMachine = setup({
  types: {} as {
    context: CareContentEscalationContext;
    events: CareContentEscalationEvent;
    input: MachineInput<CareContentEscalationStart>;
  },
  guards: {
    isResidentialPlaceRequested: ({ context }) => context.residentialPlaceRequested,
    isSentByLocalTeamOrZbt: ({ event }) => event.actor.role === 'casusregisseur' || event.actor.role === 'zbt',
    isDisputeSolved: ({ context }) => context.disputeTest?.outcome === 'solved',
    isDisputeUnsolved: ({ context }) => context.disputeTest?.outcome === 'unsolved',
    hasNoOpenRequestToAdviser: ({ context, event }) => {
      assertEvent(event, 'advice.requested');
      return !hasOpenRequest(context.advice, event.payload.adviser);
    },
    hasOpenRequestToAdviser: ({ context, event }) => {
      assertEvent(event, 'advice.received');
      return hasOpenRequest(context.advice, event.payload.adviser);
    },
  },
  actions: {
    notify: (_, _params: { template: keyof typeof careContentEscalationMail; to: readonly Role[] }) => {},
    recordContractManagerContact: assign({
      contractManagerContact: ({ context, event }) => {
        assertEvent(event, 'contractManager.contacted');
        return stamped(event.payload, {
          at: event.at,
          afterOverdueFeedback: context.feedbackOverdue,
        });
      },
    }),
    recordZbtContact: assign(({ event }) => {
      assertEvent(event, 'zbt.contacted');
      return { zbtContact: stamped(event.payload, { at: event.at }) };
    }),
    recordAgreedActions: assign(({ event }) => {
      assertEvent(event, 'actions.agreed');
      const p = event.payload;
      return { agreedActions: p.actions, feedbackTermWorkingDays: p.feedbackTermWorkingDays };
    }),
    markFeedbackOverdue: assign({ feedbackOverdue: true }),
    recordFinancialRoom: assign({
      financialRoom: ({ event }) => {
        assertEvent(event, 'financialRoom.insufficient');
        return stamped(event.payload, { at: event.at });
      },
    }),
    recordDisputeTest: assign(({ event }) => {
      assertEvent(event, 'dispute.tested');
      return { disputeTest: stamped(event.payload, { at: event.at }) };
    }),
    recordEscalation: assign(({ event }) => {
      assertEvent(event, 'escalated.toSecretary');
      return { escalation: stamped(event.payload, { at: event.at }) };
    }),
    recordAdviceRequest: assign({
      advice: ({ context, event }) => {
        assertEvent(event, 'advice.requested');
        const p = event.payload;
        return [...context.advice, { adviser: p.adviser, question: p.question, requestedAt: event.at }];
      },
    }),
    recordAdviceAnswer: assign({
      advice: ({ context, event }) => {
        assertEvent(event, 'advice.received');
        const p = event.payload;
        // The oldest open request of this adviser is the one answered.
        const index = context.advice.findIndex((a) => a.adviser === p.adviser && a.answer === undefined);
        return context.advice.map((a, i) => (i === index ? stamped(a, { answer: { summary: p.summary, receivedAt: event.at } }) : a));
      },
    }),
    markDecisionOverdue: assign({ decisionOverdue: true }),
    recordDecision: assign(({ event }) => {
      assertEvent(event, 'secretary.decided');
      return { decision: stamped(event.payload, { at: event.at }) };
    }),
    recordResolution: assign(({ event }) => {
      assertEvent(event, 'case.resolved');
      return { resolution: stamped(event.payload, { at: event.at }) };
    }),
  },
}).createMachine({
  id: 'care-content-escalation',
  meta: { label: 'Escalatie op cliënt/zorginhoud', waitingOn: [], rule: '002 §4.4' },
  context: ({ input }) => ({
    caseId: input.caseId,
    provider: input.data.provider,
    urgencyReason: input.data.urgencyReason,
    residentialPlaceRequested: input.data.residentialPlaceRequested,
    decisionTermWorkingDays: input.data.decisionTermWorkingDays ?? DEFAULT_DECISION_TERM_WORKING_DAYS,
    agreedActions: [],
    feedbackOverdue: false,
    advice: [],
    decisionOverdue: false,
  }),
  initial: 'routing',
  states: {
    routing: {
      // Transient: passed through at the start, never rested in.
      meta: { label: 'Lokaal team: hulp moet direct worden ingezet', waitingOn: ['casusregisseur'], rule: '002 §4.4 aanhef, stap 1 en 2' },
      always: [{ target: 'awaitingZbtContact', guard: 'isResidentialPlaceRequested' }, { target: 'awaitingContractManagerContact' }],
    },
    awaitingContractManagerContact: {
      meta: {
        label: 'Teamleider lokaal team neemt contact op met de contractmanager van de aanbieder',
        waitingOn: ['casusregisseur'],
        rule: '002 §4.4 stap 1',
      },
      on: { 'contractManager.contacted': contactContractManager },
    },
    awaitingZbtContact: {
      meta: { label: 'Lokaal team legt contact met het ZBT (vraag naar een verblijfsplaats)', waitingOn: ['casusregisseur'], rule: '002 §4.4 stap 2' },
      on: {
        'zbt.contacted': {
          target: 'agreeingActions',
          actions: ['recordZbtContact', { type: 'notify', params: { template: 'care-content.zbt-contacted', to: ['zbt'] } }],
        },
      },
    },
    agreeingActions: {
      meta: {
        label: 'Lokaal team en ZBT maken afspraken over acties en terugkoppeltermijn',
        waitingOn: ['zbt', 'casusregisseur'],
        rule: '002 §4.4 stap 2',
      },
      on: { 'actions.agreed': { target: 'awaitingZbtFeedback', actions: 'recordAgreedActions' } },
    },
    awaitingZbtFeedback: stamped(withOverdue(
      {
        label: 'Wacht op terugkoppeling van het ZBT aan het lokale team',
        waitingOn: ['zbt'],
        rule: '002 §4.4 stap 2 en 3',
        deadlines: [
          {
            name: 'feedbackTerm',
            label: 'Afgesproken termijn terugkoppeling ZBT',
            kind: 'working-days',
            n: DEFAULT_FEEDBACK_WORKING_DAYS,
            nFromContext: 'feedbackTermWorkingDays',
            onExpiry: 'feedbackTerm.expired',
            waitingOn: ['zbt'],
            rule: '002 §4.4 stap 2: termijn waarop het lokale wijkteam terugkoppeling krijgt van het ZBT',
          },
        ],
      },
      {
        onExpiry: 'feedbackTerm.expired',
        markOverdue: 'markFeedbackOverdue',
        overdue: {
          meta: {
            label: 'Terugkoppeling ZBT te laat: het lokale team kan de contractmanager inschakelen',
            waitingOn: ['zbt', 'casusregisseur'],
            rule: '002 §4.4 stap 1 en "Escalatieprocedure" (keuze): na de termijn schaalt het lokale team op naar de contractmanager',
          },
          on: { 'contractManager.contacted': contactContractManager },
        },
      },
    ), {
      on: {
        'case.resolved': { target: 'resolved', guard: 'isSentByLocalTeamOrZbt', actions: 'recordResolution' },
        'financialRoom.insufficient': {
          target: 'contractManagerTesting',
          actions: ['recordFinancialRoom', { type: 'notify', params: { template: 'care-content.financial-room-insufficient', to: ['contractmanager'] } }],
        },
      },
    }),
    contractManagerTesting: {
      meta: {
        label: 'Contractmanager toetst het geschil aan de contract- en werkafspraken en bespreekt het met de aanbieder',
        waitingOn: ['contractmanager'],
        rule: '002 §4.4 stap 4',
      },
      on: { 'dispute.tested': { target: 'disputeTested', actions: 'recordDisputeTest' } },
    },
    disputeTested: {
      meta: { label: 'Geschil getoetst: oplossen of opschalen naar de secretaris GR JR', waitingOn: ['contractmanager'], rule: '002 §4.4 stap 4 en 5' },
      on: {
        'dispute.tested': { actions: 'recordDisputeTest' },
        'case.resolved': { target: 'resolved', guard: 'isDisputeSolved', actions: 'recordResolution' },
        'escalated.toSecretary': {
          target: 'secretaryDeciding',
          guard: 'isDisputeUnsolved',
          actions: ['recordEscalation', { type: 'notify', params: { template: 'care-content.escalated-to-secretary', to: ['opdrachtgever-besluit'] } }],
        },
      },
    },
    secretaryDeciding: stamped(withOverdue(
      {
        label: 'Secretaris GR JR beslist (eventueel na advies)',
        waitingOn: ['opdrachtgever-besluit'],
        rule: '002 §4.4 stap 5',
        deadlines: [
          {
            name: 'decisionTerm',
            label: 'Beslistermijn secretaris GR JR',
            kind: 'working-days',
            n: DEFAULT_DECISION_TERM_WORKING_DAYS,
            nFromContext: 'decisionTermWorkingDays',
            onExpiry: 'decisionTerm.expired',
            waitingOn: ['opdrachtgever-besluit'],
            rule: '002 §4.4 stap 5 (keuze): beslistermijn van de secretaris, standaard 10 werkdagen, instelbaar per zaak',
          },
        ],
      },
      {
        onExpiry: 'decisionTerm.expired',
        markOverdue: 'markDecisionOverdue',
        overdue: {
          meta: { label: 'Beslistermijn secretaris GR JR verstreken: besluit nog niet genomen', waitingOn: ['opdrachtgever-besluit'] },
        },
      },
    ), {
      on: {
        'advice.requested': { guard: 'hasNoOpenRequestToAdviser', actions: 'recordAdviceRequest' },
        'advice.received': { guard: 'hasOpenRequestToAdviser', actions: 'recordAdviceAnswer' },
        'secretary.decided': {
          target: 'decided',
          actions: ['recordDecision', { type: 'notify', params: { template: 'care-content.secretary-decided', to: ['casusregisseur', 'contractmanager', 'aanbieder'] } }],
        },
      },
    }),
    resolved: { type: 'final', meta: { label: 'Opgelost', waitingOn: [] } },
    decided: { type: 'final', meta: { label: 'Besloten door de secretaris GR JR', waitingOn: [] } },
  },
});

// ---------------------------------------------------------------------------------------------
// The definition the engine reads

export const careContentEscalation = defineProcedure({
  id: 'care-content-escalation',
  version: 1,
  title: 'Escalatie op cliënt/zorginhoud',
  description:
    'Het lokale team vindt dat de hulp direct moet worden ingezet en dat deze aanbieder die moet oppakken. Zonder vraag ' +
    'naar een verblijfsplaats neemt de teamleider van het lokale team contact op met de contractmanager; met zo\'n vraag ' +
    'wordt het ZBT ingeschakeld, dat acties en een terugkoppeltermijn afspreekt en bij onvoldoende financiële ruimte de ' +
    'contractmanager inschakelt. De contractmanager toetst het geschil aan de contract- en werkafspraken en bespreekt het ' +
    'met de aanbieder. Zonder oplossing beslist de secretaris van de GR Jeugdhulp Rijnmond, eventueel na advies.',
  seed: SEED,
  machine: careContentEscalationMachine,
  mail: careContentEscalationMail,
  startRoles: ['casusregisseur'],
  startSchema: careContentEscalationStartSchema,
  events: careContentEscalationEvents,
  guards: {
    isResidentialPlaceRequested: {
      description: 'er is een vraag naar een verblijfsplaats (dan wordt het ZBT ingeschakeld)',
      rule: '002 §4.4 stap 1 en 2',
    },
    isSentByLocalTeamOrZbt: {
      description: 'zolang het ZBT de vraag behandelt, melden het lokale team of het ZBT dat de kwestie is opgelost (niet de contractmanager)',
      rule: '002 §4.4 stap 2',
    },
    isDisputeSolved: {
      description: 'de toets van de contractmanager heeft een oplossing opgeleverd',
      rule: '002 §4.4 stap 4',
    },
    isDisputeUnsolved: {
      description: 'de toets van de contractmanager heeft geen oplossing opgeleverd',
      rule: '002 §4.4 stap 5',
    },
    hasNoOpenRequestToAdviser: {
      description: 'er staat bij deze adviseur nog geen onbeantwoorde adviesvraag open',
      rule: '002 §4.4 stap 5',
    },
    hasOpenRequestToAdviser: {
      description: 'een advies hoort bij een openstaande adviesvraag aan dezelfde adviseur',
      rule: '002 §4.4 stap 5',
    },
  },
});
