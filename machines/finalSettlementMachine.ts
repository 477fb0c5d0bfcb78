// Definitieve financiële afronding van een contractjaar (002 Protocol contractmanagement GR Jeugdhulp Rijnmond,
// §3.2.2 Wijze van afrekening): the five steps the contract manager takes with the provider, in the seed's order.
// 1. Agree that every declaration has been handled: "Het streven is om dit uiterlijk in november van het
//    daaropvolgende jaar af te ronden" — a target date (kind 'date', 30 November of the next year); when it
//    passes the case shows it as overdue and the step can still be taken.
// 2. Compare what was declared with the production accountability.
// 3. Discuss any difference to find its cause.
// 4. Declared more than accounted for: a board statement about the difference; declared too much by mistake
//    (no accountability for the support): the difference is repaid.
// 5. The municipality sends the letter of definitive financial settlement.
// The settlement amount itself (tolerance, 97.5% / 2.5%) is the settlement procedure's (issue 14 item 4).
import { assertEvent, assign, setup } from 'xstate';
import { z } from 'zod';
import { finalSettlementMail } from './finalSettlement.mail.ts';
import { withOverdue } from './patterns.ts';
import { freeText, isoDate, providerCode, shortText, euroAmount, eurosToCents } from './schemas.ts';
import { defineProcedure, type DeadlineDefinition, type EventTable, type EventsOf, type MachineInput, type Role, type StateMeta } from './types.ts';
import { stamped, type Stamped } from './immutable.ts';

const SEED = '002 Protocol contractmanagement GR Jeugdhulp Rijnmond, §3.2.2 Wijze van afrekening (definitieve financiële afronding)';
const R = '002 §3.2.2 definitieve financiële afronding';
export const STEP_1 = `${R}, stap 1: "Afstemmen of alle door u ingediende declaraties over zijn afgehandeld. Het streven is om dit uiterlijk in november van het daaropvolgende jaar af te ronden"`;
export const STEP_2 = `${R}, stap 2: "Een vergelijk te maken tussen hetgeen is gedeclareerd en is opgenomen in uw productieverantwoording"`;
export const STEP_3 = `${R}, stap 3: "Eventueel verschil met u bespreken ten einde de oorzaak hiervan te achterhalen"`;
export const STEP_4 =
  `${R}, stap 4: "Indien uw organisatie meer heeft gedeclareerd dan opgenomen in de productieverantwoording, zal u worden gevraagd om over dit verschil een bestuurlijke verklaring te overleggen. ` +
  'Mocht het zo zijn dat er abusievelijk te veel is gedeclareerd, omdat een verantwoording voor de ondersteuning ontbreekt, dan dient het verschil te worden terugbetaald aan de gemeente"';
export const STEP_5 = `${R}, stap 5: "Het versturen door de gemeente van een brief ter definitieve financiële afronding"`;

// ---------------------------------------------------------------------------------------------
// Schemas

const euros = (description: string) => euroAmount(description);

export const startSchema = z
  .object({
    provider: providerCode('Code van de aanbieder (geen persoon)'),
    contractYear: z.number().int('verwacht een jaartal').min(2015).max(2100).describe('Het contractjaar dat wordt afgerond'),
  })
  .strict();
export type FinalSettlementStart = z.infer<typeof startSchema>;

const declarationsSettledSchema = z
  .object({
    date: isoDate('Datum waarop is afgestemd dat alle declaraties zijn afgehandeld'),
    note: freeText('Toelichting (optioneel)').optional().describe('Toelichting (optioneel)'),
  })
  .strict();

const comparisonSchema = z
  .object({
    declared: euros('Gedeclareerd over het contractjaar, in euro'),
    accounted: euros('Opgenomen in de productieverantwoording, in euro'),
    accountabilityReference: shortText('Kenmerk van de productieverantwoording', { min: 2 }),
  })
  .strict();

const discussedSchema = z
  .object({
    date: isoDate('Datum van het gesprek over het verschil'),
    cause: freeText('De oorzaak van het verschil', { min: 10 }),
  })
  .strict();

const boardStatementSchema = z
  .object({
    date: isoDate('Datum van de bestuurlijke verklaring'),
    reference: shortText('Kenmerk van de bestuurlijke verklaring', { min: 2 }),
    mistakenlyOverDeclared: z.boolean().describe('Er is abusievelijk te veel gedeclareerd omdat een verantwoording voor de ondersteuning ontbreekt'),
  })
  .strict();

const repaymentSchema = z
  .object({
    date: isoDate('Datum van ontvangst van de terugbetaling'),
    amount: euros('Terugbetaald bedrag, in euro'),
  })
  .strict();

const letterSchema = z
  .object({
    date: isoDate('Datum van de brief'),
    reference: shortText('Kenmerk van de brief', { min: 2 }),
  })
  .strict();

const expirySchema = z.object({ deadline: z.literal('declarationsTarget').describe('Naam van de verstreken termijn') }).strict();

// ---------------------------------------------------------------------------------------------
// Context

type Recorded<T> = Stamped<T, { recordedAt: string; recordedBy: string }>;

export interface FinalSettlementContext {
  caseId: string;
  provider: string;
  contractYear: number;
  /** 30 November of the year after the contract year: the target of step 1. */
  declarationsTargetDate: string;
  declarationsTargetPassed: boolean;
  declarationsSettled?: Recorded<z.infer<typeof declarationsSettledSchema>>;
  comparison?: Recorded<z.infer<typeof comparisonSchema>> & {
    /** Declared minus accounted for, in euros (rounded to cents); positive: declared more. */
    difference: number;
  };
  discussion?: Recorded<z.infer<typeof discussedSchema>>;
  boardStatement?: Recorded<z.infer<typeof boardStatementSchema>>;
  repayment?: Recorded<z.infer<typeof repaymentSchema>>;
  letter?: Recorded<z.infer<typeof letterSchema>>;
}

export interface NotifyParams {
  template: keyof typeof finalSettlementMail;
  to: readonly Role[];
}

// ---------------------------------------------------------------------------------------------
// Events

export const finalSettlementEvents = {
  'declarations.settled': {
    label: 'Afgestemd: alle declaraties zijn afgehandeld',
    roles: ['contractmanager'],
    schema: declarationsSettledSchema,
    rule: STEP_1,
  },
  'declarationsTarget.expired': {
    label: 'Streefdatum afhandeling declaraties verstreken',
    roles: ['system'],
    schema: expirySchema,
    rule: STEP_1,
  },
  'comparison.recorded': {
    label: 'Gedeclareerd vergeleken met de productieverantwoording',
    roles: ['contractmanager', 'contractbeheer'],
    schema: comparisonSchema,
    rule: STEP_2,
  },
  'difference.discussed': {
    label: 'Verschil besproken met de aanbieder',
    roles: ['contractmanager'],
    schema: discussedSchema,
    rule: STEP_3,
  },
  'boardStatement.submitted': {
    label: 'Bestuurlijke verklaring over het verschil overgelegd',
    roles: ['aanbieder'],
    schema: boardStatementSchema,
    rule: STEP_4,
  },
  'repayment.received': {
    label: 'Terugbetaling van het verschil ontvangen',
    roles: ['contractmanager', 'contractbeheer'],
    schema: repaymentSchema,
    rule: STEP_4,
  },
  'finalLetter.sent': {
    label: 'Brief ter definitieve financiële afronding verstuurd',
    roles: ['contractmanager'],
    schema: letterSchema,
    rule: STEP_5,
  },
} as const satisfies EventTable;
export type FinalSettlementEvent = EventsOf<typeof finalSettlementEvents>;

// ---------------------------------------------------------------------------------------------
// Machine

const declarationsTarget: DeadlineDefinition = {
  name: 'declarationsTarget',
  label: 'Streefdatum afhandeling declaraties (november van het daaropvolgende jaar)',
  kind: 'date',
  n: 0,
  startsFromContext: 'declarationsTargetDate',
  onExpiry: 'declarationsTarget.expired',
  waitingOn: ['contractmanager', 'aanbieder'],
  reminders: [10],
  rule: `${STEP_1} (keuze: uiterlijk 30 november)`,
};

const meta = (m: StateMeta): StateMeta => m;
const recorded = <T extends object>(payload: T, event: { at: string; actor: { userId: string } }): Recorded<T> =>
  stamped(payload, { recordedAt: event.at, recordedBy: event.actor.userId });
const cents = eurosToCents;

const sendLetter = {
  target: '#finalSettlement.closed',
  actions: ['recordLetter', { type: 'notify', params: { template: 'final-letter-sent', to: ['aanbieder'] } }],
} as const;

export const finalSettlementMachine = setup({
  types: {} as { context: FinalSettlementContext; events: FinalSettlementEvent; input: MachineInput<FinalSettlementStart> },
  guards: {
    hasDifference: ({ event }) => {
      assertEvent(event, 'comparison.recorded');
      return cents(event.payload.declared) !== cents(event.payload.accounted);
    },
    isOverDeclared: ({ context }) => (context.comparison?.difference ?? 0) > 0,
    isMistakenlyOverDeclared: ({ event }) => {
      assertEvent(event, 'boardStatement.submitted');
      return event.payload.mistakenlyOverDeclared;
    },
    isDifferenceRepaid: ({ context, event }) => {
      assertEvent(event, 'repayment.received');
      return cents(event.payload.amount) === cents(context.comparison?.difference ?? 0);
    },
  },
  actions: {
    notify: (_, _params: NotifyParams) => {},
    markTargetPassed: assign({ declarationsTargetPassed: true }),
    recordDeclarationsSettled: assign(({ event }) => {
      assertEvent(event, 'declarations.settled');
      return { declarationsSettled: recorded(event.payload, event) };
    }),
    recordComparison: assign(({ event }) => {
      assertEvent(event, 'comparison.recorded');
      const p = event.payload;
      return { comparison: stamped(recorded(p, event), { difference: (cents(p.declared) - cents(p.accounted)) / 100 }) };
    }),
    recordDiscussion: assign(({ event }) => {
      assertEvent(event, 'difference.discussed');
      return { discussion: recorded(event.payload, event) };
    }),
    recordBoardStatement: assign(({ event }) => {
      assertEvent(event, 'boardStatement.submitted');
      return { boardStatement: recorded(event.payload, event) };
    }),
    recordRepayment: assign(({ event }) => {
      assertEvent(event, 'repayment.received');
      return { repayment: recorded(event.payload, event) };
    }),
    recordLetter: assign(({ event }) => {
      assertEvent(event, 'finalLetter.sent');
      return { letter: recorded(event.payload, event) };
    }),
  },
}).createMachine({
  id: 'finalSettlement',
  meta: meta({ label: 'Definitieve financiële afronding', waitingOn: [], rule: STEP_1 }),
  context: ({ input }) => ({
    caseId: input.caseId,
    provider: input.data.provider,
    contractYear: input.data.contractYear,
    declarationsTargetDate: `${input.data.contractYear + 1}-11-30`,
    declarationsTargetPassed: false,
  }),
  initial: 'declarations',
  states: {
    declarations: stamped(withOverdue(meta({ label: 'Stap 1: afstemmen of alle declaraties zijn afgehandeld', waitingOn: ['contractmanager', 'aanbieder'], deadlines: [declarationsTarget], rule: STEP_1 }), {
      onExpiry: 'declarationsTarget.expired',
      markOverdue: ['markTargetPassed', { type: 'notify', params: { template: 'declarations-target-passed', to: ['contractmanager', 'aanbieder'] } }],
      overdue: { meta: meta({ label: 'Stap 1: streefdatum verstreken, declaraties nog niet afgestemd', waitingOn: ['contractmanager', 'aanbieder'], rule: STEP_1 }) },
    }), {
      on: { 'declarations.settled': { target: 'comparing', actions: 'recordDeclarationsSettled' } },
    }),
    comparing: {
      meta: meta({ label: 'Stap 2: gedeclareerd vergelijken met de productieverantwoording', waitingOn: ['contractmanager'], rule: STEP_2 }),
      on: {
        'comparison.recorded': [
          { guard: 'hasDifference', target: 'discussing', actions: 'recordComparison' },
          { target: 'letter', actions: 'recordComparison' },
        ],
      },
    },
    discussing: {
      meta: meta({ label: 'Stap 3: het verschil bespreken met de aanbieder', waitingOn: ['contractmanager', 'aanbieder'], rule: STEP_3 }),
      on: {
        'difference.discussed': [
          { guard: 'isOverDeclared', target: 'boardStatement', actions: ['recordDiscussion', { type: 'notify', params: { template: 'board-statement-requested', to: ['aanbieder'] } }] },
          { target: 'letter', actions: 'recordDiscussion' },
        ],
      },
    },
    boardStatement: {
      meta: meta({ label: 'Stap 4: wacht op de bestuurlijke verklaring over het verschil', waitingOn: ['aanbieder'], rule: STEP_4 }),
      on: {
        'boardStatement.submitted': [
          { guard: 'isMistakenlyOverDeclared', target: 'repayment', actions: ['recordBoardStatement', { type: 'notify', params: { template: 'repayment-requested', to: ['aanbieder'] } }] },
          { target: 'letter', actions: 'recordBoardStatement' },
        ],
      },
    },
    repayment: {
      meta: meta({ label: 'Stap 4: wacht op terugbetaling van het verschil', waitingOn: ['aanbieder'], rule: STEP_4 }),
      on: { 'repayment.received': { guard: 'isDifferenceRepaid', target: 'letter', actions: 'recordRepayment' } },
    },
    letter: {
      meta: meta({ label: 'Stap 5: brief ter definitieve financiële afronding versturen', waitingOn: ['contractmanager'], rule: STEP_5 }),
      on: { 'finalLetter.sent': sendLetter },
    },
    closed: {
      type: 'final',
      meta: meta({ label: 'Contractjaar definitief financieel afgerond', waitingOn: [], rule: STEP_5 }),
    },
  },
});

// ---------------------------------------------------------------------------------------------
// Definition

export const finalSettlement = defineProcedure({
  id: 'final-settlement',
  version: 1,
  title: 'Definitieve financiële afronding',
  description:
    'De vijf stappen waarmee de contractmanager een contractjaar met de aanbieder financieel afrondt: afstemmen dat alle declaraties zijn ' +
    'afgehandeld (streven: uiterlijk november van het daaropvolgende jaar), gedeclareerd vergelijken met de productieverantwoording, een ' +
    'verschil bespreken, bij meer gedeclareerd een bestuurlijke verklaring (en terugbetaling als abusievelijk te veel is gedeclareerd), en de ' +
    'brief ter definitieve financiële afronding.',
  seed: SEED,
  machine: finalSettlementMachine,
  mail: finalSettlementMail,
  startRoles: ['contractmanager'],
  startSchema,
  events: finalSettlementEvents,
  guards: {
    hasDifference: { description: 'er is een verschil tussen gedeclareerd en de productieverantwoording', rule: STEP_3 },
    isOverDeclared: { description: 'de aanbieder heeft meer gedeclareerd dan opgenomen in de productieverantwoording', rule: STEP_4 },
    isMistakenlyOverDeclared: { description: 'er is abusievelijk te veel gedeclareerd omdat een verantwoording ontbreekt', rule: STEP_4 },
    isDifferenceRepaid: { description: 'het terugbetaalde bedrag is precies het verschil (gedeclareerd min verantwoord)', rule: STEP_4 },
  },
});
