// Verantwoording over een contractjaar (002 Protocol contractmanagement GR Jeugdhulp Rijnmond, §3.2.2
// "Verantwoording"). Every contract year, per contracted provider, three obligations run side by side:
// - production: the financial production accountability with an auditor's statement ("Accountantscontrole",
//   art. 6.3) and the board statement ("Bestuursverklaring", art. 6.2.1), both "voor 1 april van het jaar
//   volgend op het jaar waarin Jeugdhulp geleverd is"; below EUR 125,000 revenue a board statement suffices
//   ("Indien de omzet minder dan € 125.000,- bedraagt in een kalenderjaar, volstaat een financiële
//   productverantwoording voorzien van een bestuursverklaring of eigen verklaring");
// - wnt: the WNT statement "voor 1 augustus van het jaar volgend op het jaar waarin de ondersteuning is geboden";
// - annualAccounts: "Op verzoek van de opdrachtgever overlegt de jeugdhulpaanbieder de jaarrekening" (no term).
//
// "vóór 1 april" read as a last day (keuze, documented): the term ends at the end of 31 March of the year after
// the contract year; "vóór 1 augustus" at the end of 31 July. Both are fixed dates (deadline kind 'date'), moved
// to the next working day when they fall on a Saturday, Sunday or public holiday (Algemene termijnenwet art. 1).
// A missed date marks the obligation overdue (it can still be handed in); the engine's expiry notice tells the
// provider and the contract managers (no second mail from the procedure).
// The case closes when the contract manager has everything that is due.
import { and, assertEvent, assign, setup } from 'xstate';
import { z } from 'zod';
import { accountabilityMail } from './accountability.mail.ts';
import { withOverdue } from './patterns.ts';
import { euroAmount, freeText, isoDate, MAX_DATE_YEAR, shortText } from './schemas.ts';
import { defineProcedure, type DeadlineDefinition, type EventTable, type EventsOf, type MachineInput, type Role, type StateMeta } from './types.ts';
import { stamped } from './immutable.ts';

const SEED = '002 Protocol contractmanagement GR Jeugdhulp Rijnmond, §3.2.2 Verantwoording';
const RULE = '002 §3.2.2 Verantwoording';
const PRODUCTION_RULE =
  `${RULE}, Accountantscontrole (art. 6.3): "De jeugdhulpaanbieder is verplicht om voor 1 april van het jaar volgend op het jaar waarin ` +
  `Jeugdhulp geleverd is, een financiële productieverantwoording aan de opdrachtgever te overleggen. Deze is voorzien van een ` +
  `controleverklaring van een accountant."`;
const BOARD_RULE =
  `${RULE}, Bestuursverklaring (art. 6.2.1): "De jeugdhulpaanbieder is verplicht om voor 1 april van het jaar, volgend op het jaar ` +
  `waarin Jeugdhulp is geboden een bestuursverklaring/eigen verklaring in te leveren."`;
const SMALL_PROVIDER_RULE =
  `${RULE}, Jaarrekening (art. 6.2.5): "Indien de omzet minder dan € 125.000,- bedraagt in een kalenderjaar, volstaat een ` +
  `financiële productverantwoording voorzien van een bestuursverklaring of eigen verklaring."`;
const WNT_RULE =
  `${RULE}, Verklaring WNT (art. 5.4, 6.2.2 en 6.2.3): "De jeugdhulpaanbieder is verplicht om voor 1 augustus van het jaar volgend ` +
  `op het jaar waarin de ondersteuning is geboden een verklaring in te leveren."`;
const ANNUAL_ACCOUNTS_RULE = `${RULE}, Jaarrekening (art. 6.2.5): "Op verzoek van de opdrachtgever overlegt de jeugdhulpaanbieder de jaarrekening."`;
const LAST_DAY_CHOICE = '"voor 1 april" als laatste dag: 31 maart; valt die op een zaterdag, zondag of feestdag, dan de eerstvolgende werkdag (Algemene termijnenwet art. 1) (keuze)';

/** Revenue below this (in euro cents) lets a board statement suffice: "minder dan € 125.000,-". */
export const SMALL_PROVIDER_REVENUE_CENTS = 12_500_000;
/** (keuze) Reminders towards the fixed dates, in working days before them: about a month, a week, the day before. */
export const FIXED_DATE_REMINDERS: readonly number[] = [20, 5, 1];
export const FIRST_YEAR = 2018;

/** The last day before "1 april"/"1 augustus" of the year after the contract year. */
export const productionDueDate = (year: number): string => `${year + 1}-03-31`;
export const wntDueDate = (year: number): string => `${year + 1}-07-31`;

// ---------------------------------------------------------------------------------------------
// Schemas

const PROVIDER_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const startSchema = z
  .object({
    provider: z
      .string()
      .regex(PROVIDER_CODE, 'verwacht een code van de aanbieder (letters, cijfers, . _ -; hoogstens 64 tekens)')
      .describe('Code van de jeugdhulpaanbieder (geen persoon)'),
    year: z
      .number()
      .int('verwacht een jaartal')
      .min(FIRST_YEAR)
      .max(MAX_DATE_YEAR - 1)
      .describe('Contractjaar waarover verantwoord wordt'),
    revenue: euroAmount('Omzet van de aanbieder bij de opdrachtgever in het contractjaar, in euro (uit de facturatiegegevens)'),
  })
  .strict();
export type AccountabilityStart = z.output<typeof startSchema>;

const productionSchema = z
  .object({
    date: isoDate('Datum van ontvangst van de productieverantwoording'),
    reference: shortText('Verwijzing naar de productieverantwoording in het dossier', { min: 3 }),
    auditorStatement: z.boolean().describe('Voorzien van een controleverklaring van een accountant'),
    boardStatement: z.literal(true).describe('Bestuursverklaring/eigen verklaring (Wav en SROI) bijgevoegd'),
    produced: euroAmount('Verantwoorde productie in euro (optioneel, voor de afrekening)').optional().describe('Verantwoorde productie in euro (optioneel, voor de afrekening)'),
  })
  .strict();

const wntSchema = z
  .object({
    date: isoDate('Datum van ontvangst van de verklaring WNT'),
    withinNorms: z.boolean().describe('Bezoldigingen en ontslagvergoedingen zijn binnen de normen gebleven'),
    note: freeText('Toelichting (optioneel)', { min: 3 }).optional().describe('Toelichting (optioneel)'),
  })
  .strict();

const requestSchema = z
  .object({
    date: isoDate('Datum van het verzoek'),
    note: freeText('Toelichting bij het verzoek (optioneel)', { min: 3 }).optional().describe('Toelichting bij het verzoek (optioneel)'),
  })
  .strict();

const annualAccountsSchema = z
  .object({
    date: isoDate('Datum van ontvangst van de jaarrekening'),
    reference: shortText('Verwijzing naar de jaarrekening in het dossier', { min: 3 }),
  })
  .strict();

const closedSchema = z
  .object({
    note: freeText('Toelichting bij het afsluiten (optioneel)', { min: 3 }).optional().describe('Toelichting bij het afsluiten (optioneel)'),
  })
  .strict();

const expirySchema = (name: string) => z.object({ deadline: z.literal(name).describe('Naam van de verstreken termijn') }).strict();

// ---------------------------------------------------------------------------------------------
// Context

export interface AccountabilityContext {
  caseId: string;
  provider: string;
  year: number;
  revenueCents: number;
  /** Fixed last days, from the contract year (the 'date' deadlines read them). */
  productionDueDate: string;
  wntDueDate: string;
  production?: z.infer<typeof productionSchema> & { recordedAt: string };
  productionOverdue: boolean;
  wnt?: z.infer<typeof wntSchema> & { recordedAt: string };
  wntOverdue: boolean;
  annualAccountsRequest?: z.infer<typeof requestSchema> & { recordedAt: string };
  annualAccounts?: z.infer<typeof annualAccountsSchema> & { recordedAt: string };
}

export type NotifyTemplate = keyof typeof accountabilityMail;
export interface NotifyParams {
  template: NotifyTemplate;
  to: readonly Role[];
}

const meta = (m: StateMeta): StateMeta => m;

export const productionTerm: DeadlineDefinition = {
  name: 'productionTerm',
  label: 'Productieverantwoording en bestuursverklaring (vóór 1 april)',
  kind: 'date',
  n: 0,
  startsFromContext: 'productionDueDate',
  onExpiry: 'productionTerm.expired',
  waitingOn: ['aanbieder'],
  reminders: FIXED_DATE_REMINDERS,
  rule: `${PRODUCTION_RULE}; ${BOARD_RULE}; ${LAST_DAY_CHOICE}`,
};

export const wntTerm: DeadlineDefinition = {
  name: 'wntTerm',
  label: 'Verklaring WNT (vóór 1 augustus)',
  kind: 'date',
  n: 0,
  startsFromContext: 'wntDueDate',
  onExpiry: 'wntTerm.expired',
  waitingOn: ['aanbieder'],
  reminders: FIXED_DATE_REMINDERS,
  rule: `${WNT_RULE}; "voor 1 augustus" als laatste dag: 31 juli, verschoven per Algemene termijnenwet art. 1 (keuze)`,
};

export const accountabilityEvents = {
  'production.submitted': {
    label: 'Productieverantwoording en bestuursverklaring ingeleverd',
    roles: ['aanbieder', 'contractbeheer'],
    schema: productionSchema,
    rule: PRODUCTION_RULE,
    description: 'Met controleverklaring van een accountant; bij een omzet onder € 125.000 volstaat de bestuursverklaring.',
  },
  'productionTerm.expired': { label: 'Datum productieverantwoording (1 april) verstreken', roles: ['system'], schema: expirySchema('productionTerm'), rule: productionTerm.rule },
  'wnt.submitted': {
    label: 'Verklaring WNT ingeleverd',
    roles: ['aanbieder', 'contractbeheer'],
    schema: wntSchema,
    rule: WNT_RULE,
    description: 'Verklaring of bezoldigingen en ontslagvergoedingen over het contractjaar binnen de normen zijn gebleven.',
  },
  'wntTerm.expired': { label: 'Datum verklaring WNT (1 augustus) verstreken', roles: ['system'], schema: expirySchema('wntTerm'), rule: wntTerm.rule },
  'annualAccounts.requested': {
    label: 'Jaarrekening opgevraagd',
    roles: ['contractmanager'],
    schema: requestSchema,
    rule: ANNUAL_ACCOUNTS_RULE,
    description: 'De opdrachtgever verzoekt de aanbieder de jaarrekening te overleggen (de seed geeft geen termijn).',
  },
  'annualAccounts.submitted': {
    label: 'Jaarrekening ingeleverd',
    roles: ['aanbieder', 'contractbeheer'],
    schema: annualAccountsSchema,
    rule: ANNUAL_ACCOUNTS_RULE,
  },
  'accountability.closed': {
    label: 'Verantwoording afgesloten',
    roles: ['contractmanager'],
    schema: closedSchema,
    rule: `${RULE}: de verantwoording over het contractjaar is compleet`,
    description: 'Alles wat verplicht is, is ontvangen: productieverantwoording, bestuursverklaring, verklaring WNT en (indien opgevraagd) de jaarrekening.',
  },
} as const satisfies EventTable;
export type AccountabilityEvent = EventsOf<typeof accountabilityEvents>;

const received = (label: string, rule: string) => ({ type: 'final' as const, meta: meta({ label, waitingOn: [], rule }) });

export const accountabilityMachine = setup({
  types: {} as { context: AccountabilityContext; events: AccountabilityEvent; input: MachineInput<AccountabilityStart> },
  actions: {
    notify: (_, _params: NotifyParams) => {},
    recordProduction: assign(({ event }) => {
      assertEvent(event, 'production.submitted');
      return { production: stamped(event.payload, { recordedAt: event.at }) };
    }),
    markProductionOverdue: assign({ productionOverdue: true }),
    recordWnt: assign(({ event }) => {
      assertEvent(event, 'wnt.submitted');
      return { wnt: stamped(event.payload, { recordedAt: event.at }) };
    }),
    markWntOverdue: assign({ wntOverdue: true }),
    recordAnnualAccountsRequest: assign(({ event }) => {
      assertEvent(event, 'annualAccounts.requested');
      return { annualAccountsRequest: stamped(event.payload, { recordedAt: event.at }) };
    }),
    recordAnnualAccounts: assign(({ event }) => {
      assertEvent(event, 'annualAccounts.submitted');
      return { annualAccounts: stamped(event.payload, { recordedAt: event.at }) };
    }),
  },
  guards: {
    hasAuditorStatementUnlessSmall: ({ context, event }) => {
      assertEvent(event, 'production.submitted');
      return event.payload.auditorStatement || context.revenueCents < SMALL_PROVIDER_REVENUE_CENTS;
    },
    isProductionReceived: ({ context }) => context.production !== undefined,
    isWntReceived: ({ context }) => context.wnt !== undefined,
    isAnnualAccountsSettled: ({ context }) => context.annualAccountsRequest === undefined || context.annualAccounts !== undefined,
  },
}).createMachine({
  id: 'accountability',
  meta: meta({ label: 'Verantwoording contractjaar', waitingOn: [], rule: RULE }),
  context: ({ input }) => ({
    caseId: input.caseId,
    provider: input.data.provider,
    year: input.data.year,
    revenueCents: Math.round(input.data.revenue * 100),
    productionDueDate: productionDueDate(input.data.year),
    wntDueDate: wntDueDate(input.data.year),
    productionOverdue: false,
    wntOverdue: false,
  }),
  initial: 'open',
  states: {
    open: {
      type: 'parallel',
      meta: meta({ label: 'Verantwoording loopt', waitingOn: ['aanbieder'], rule: RULE }),
      entry: { type: 'notify', params: { template: 'accountability.opened', to: ['aanbieder'] } },
      on: {
        'accountability.closed': {
          guard: and(['isProductionReceived', 'isWntReceived', 'isAnnualAccountsSettled']),
          target: 'closed',
        },
      },
      states: {
        production: {
          initial: 'awaiting',
          meta: meta({ label: 'Productieverantwoording', waitingOn: ['aanbieder'], rule: PRODUCTION_RULE }),
          states: {
            awaiting: stamped(withOverdue(
              meta({
                label: 'Wacht op productieverantwoording en bestuursverklaring (vóór 1 april)',
                waitingOn: ['aanbieder'],
                deadlines: [productionTerm],
                rule: `${PRODUCTION_RULE}; ${BOARD_RULE}`,
              }),
              {
                onExpiry: 'productionTerm.expired',
                // The engine's expiry notice goes to the provider and the contract managers: no second mail here.
                markOverdue: 'markProductionOverdue',
                overdue: {
                  meta: meta({ label: 'Productieverantwoording te laat: na 1 april nog niet ontvangen', waitingOn: ['aanbieder'], rule: productionTerm.rule }),
                },
              },
            ), {
              on: {
                'production.submitted': { guard: 'hasAuditorStatementUnlessSmall', target: 'received', actions: 'recordProduction' },
              },
            }),
            received: received('Productieverantwoording en bestuursverklaring ontvangen', PRODUCTION_RULE),
          },
        },
        wnt: {
          initial: 'awaiting',
          meta: meta({ label: 'Verklaring WNT', waitingOn: ['aanbieder'], rule: WNT_RULE }),
          states: {
            awaiting: stamped(withOverdue(meta({ label: 'Wacht op verklaring WNT (vóór 1 augustus)', waitingOn: ['aanbieder'], deadlines: [wntTerm], rule: WNT_RULE }), {
              onExpiry: 'wntTerm.expired',
              markOverdue: 'markWntOverdue',
              overdue: { meta: meta({ label: 'Verklaring WNT te laat: na 1 augustus nog niet ontvangen', waitingOn: ['aanbieder'], rule: wntTerm.rule }) },
            }), {
              on: { 'wnt.submitted': { target: 'received', actions: 'recordWnt' } },
            }),
            received: received('Verklaring WNT ontvangen', WNT_RULE),
          },
        },
        annualAccounts: {
          initial: 'notRequested',
          meta: meta({ label: 'Jaarrekening (op verzoek)', waitingOn: ['contractmanager'], rule: ANNUAL_ACCOUNTS_RULE }),
          states: {
            notRequested: {
              meta: meta({ label: 'Jaarrekening niet opgevraagd', waitingOn: ['contractmanager'], rule: ANNUAL_ACCOUNTS_RULE }),
              on: {
                'annualAccounts.requested': {
                  target: 'requested',
                  actions: ['recordAnnualAccountsRequest', { type: 'notify', params: { template: 'annualAccounts.requested', to: ['aanbieder'] } }],
                },
              },
            },
            requested: {
              meta: meta({ label: 'Wacht op de jaarrekening (opgevraagd; geen termijn in de seed)', waitingOn: ['aanbieder'], rule: ANNUAL_ACCOUNTS_RULE }),
              on: { 'annualAccounts.submitted': { target: 'received', actions: 'recordAnnualAccounts' } },
            },
            received: received('Jaarrekening ontvangen', ANNUAL_ACCOUNTS_RULE),
          },
        },
      },
    },
    closed: {
      type: 'final',
      meta: meta({ label: 'Verantwoording over het contractjaar compleet en afgesloten', waitingOn: [], rule: RULE }),
    },
  },
});

// ---------------------------------------------------------------------------------------------
// Definition

/** The case id of a provider's accountability for a year: deterministic, so opening a year twice starts nothing new. */
export function accountabilityCaseId(provider: string, year: number): string {
  return `VJ-${year}-${provider}`;
}

export const accountability = defineProcedure({
  id: 'accountability',
  version: 1,
  title: 'Verantwoording contractjaar',
  description:
    'Per contractjaar en per aanbieder: vóór 1 april de financiële productieverantwoording met controleverklaring van een accountant ' +
    'en de bestuursverklaring (bij een omzet onder € 125.000 volstaat de bestuursverklaring), vóór 1 augustus de verklaring WNT, en ' +
    'op verzoek de jaarrekening. Valt de laatste dag (31 maart, 31 juli) op een weekend of feestdag, dan is het de eerstvolgende ' +
    'werkdag. Herinneringen gaan ongeveer een maand, een week en een dag vooraf.',
  seed: SEED,
  machine: accountabilityMachine,
  mail: accountabilityMail,
  startRoles: ['contractmanager', 'supervisor'],
  startSchema,
  events: accountabilityEvents,
  guards: {
    hasAuditorStatementUnlessSmall: {
      description: 'de productieverantwoording heeft een controleverklaring van een accountant, tenzij de omzet in het contractjaar minder dan € 125.000 is',
      rule: `${PRODUCTION_RULE}; ${SMALL_PROVIDER_RULE}`,
    },
    isProductionReceived: { description: 'de productieverantwoording en bestuursverklaring zijn ontvangen', rule: PRODUCTION_RULE },
    isWntReceived: { description: 'de verklaring WNT is ontvangen', rule: WNT_RULE },
    isAnnualAccountsSettled: { description: 'een opgevraagde jaarrekening is ontvangen', rule: ANNUAL_ACCOUNTS_RULE },
  },
});
