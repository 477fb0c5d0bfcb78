// Afrekening van een contractjaar (002 Protocol contractmanagement GR Jeugdhulp Rijnmond, §3.2.2 "Wijze van
// afrekening", artikel 6.4 van de overeenkomst). From the production accountability the contract manager
// records the figures; the settlement is computed under the rules in force for the contract year
// (machines/settlement.ts: 2018 a 5% tolerance, from 2019 97,5% on the accountability, at least 99%, and
// 2,5% on the timely delivery of the 4 KPI's) and kept in the context with its Dutch lines; then the
// decision (agree, or adjust with a reason) and any repayment.
//
// Flow (the seed's steps for "de definitieve financiële afronding"): awaitingFigures (steps 1–2: claims
// settled, compare declared with the accountability) → awaitingDifferenceStatement (step 4: declared more than
// the accountability: a board statement about the difference) → awaitingDecision (step 3: discuss the
// difference; the contract manager decides) → awaitingRepayment (step 4: "dient het verschil te worden
// terugbetaald") → settled (step 5: the letter of the definitive financial settlement). The seed gives no
// term for any of these steps ("Het streven is [...] uiterlijk in november van het daaropvolgende jaar" is an
// aim, not a term), so every state says who must act and none has a deadline.
import { and, assertEvent, assign, setup } from 'xstate';
import { z } from 'zod';
import { settlementMail } from './settlement.mail.ts';
import { computeSettlement, FIRST_CONTRACT_YEAR, formatEuro, MAX_CENTS, SETTLEMENT_RULE, type Settlement } from './settlement.ts';
import { freeText, isoDate, MAX_DATE_YEAR, providerCode, shortText, euroAmount, eurosToCents } from './schemas.ts';
import { defineProcedure, type Actor, type EventTable, type EventsOf, type MachineInput, type Role, type StartCheckContext, type StartRefusal, type StateMeta } from './types.ts';
import { stamped } from './immutable.ts';

const SEED = '002 Protocol contractmanagement GR Jeugdhulp Rijnmond, §3.2.2 Verantwoording, "Wijze van afrekening"';
const RULE = SETTLEMENT_RULE;
const STEPS = `${RULE}, "Ten behoeve van de definitieve financiële afronding zal uw contractmanager met u de hieronder beschreven stappen doorlopen"`;
const STEP_4 =
  `${RULE} stap 4: "Indien uw organisatie meer heeft gedeclareerd dan opgenomen in de productieverantwoording, zal u worden gevraagd om ` +
  `over dit verschil een bestuurlijke verklaring te overleggen. Mocht het zo zijn dat er abusievelijk te veel is gedeclareerd, omdat een ` +
  `verantwoording voor de ondersteuning ontbreekt, dan dient het verschil te worden terugbetaald aan de gemeente"`;
const KPI_RULE = `${RULE}: "De overige 2,5% wordt afgerekend op basis van het tijdig en adequaat leveren van de informatie met betrekking tot de 4 KPI's"`;

// ---------------------------------------------------------------------------------------------
// Schemas

/** Euros (at most two decimals) to whole cents, exactly; amounts up to MAX_EUROS stay within MAX_CENTS. */
const toCents = eurosToCents;

export const startSchema = z
  .object({
    provider: providerCode('Code van de jeugdhulpaanbieder (geen persoon)'),
    year: z
      .number()
      .int('verwacht een jaartal')
      .min(FIRST_CONTRACT_YEAR, `de seed geeft afrekenregels vanaf ${FIRST_CONTRACT_YEAR}`)
      .max(MAX_DATE_YEAR)
      .describe('Contractjaar dat wordt afgerekend'),
    accountabilityCase: shortText('Zaaknummer van de verantwoording van dit contractjaar (optioneel)').optional().describe('Zaaknummer van de verantwoording van dit contractjaar (optioneel)'),
    productionCeiling: euroAmount('Productieplafond (de productieafspraak) van het contractjaar in euro (optioneel)').optional().describe('Productieplafond (de productieafspraak) van het contractjaar in euro (optioneel)'),
  })
  .strict();
export type SettlementStart = z.output<typeof startSchema>;

const figuresSchema = z
  .object({
    declared: euroAmount('Gedeclareerd bedrag (weekbudgetten) in euro'),
    toDeclare: euroAmount('Nog te declareren bedrag (weekbudgetten, volgens opgave aanbieder) in euro'),
    produced: euroAmount('Verantwoorde productie volgens de accountantsverklaring in euro'),
    kpiInformationTimely: z
      .boolean()
      .optional()
      .describe("Vanaf 2019: is de informatie over de 4 KPI's tijdig en adequaat geleverd (oordeel contractmanagement)?"),
    claimsSettled: z.literal(true).describe('Alle ingediende declaraties over het contractjaar zijn afgehandeld (stap 1)'),
  })
  .strict();

const differenceStatementSchema = z
  .object({
    date: isoDate('Datum van de bestuurlijke verklaring'),
    reference: shortText('Verwijzing naar de bestuurlijke verklaring in het dossier', { min: 3 }),
    explanation: freeText('Oorzaak van het verschil volgens de aanbieder (zonder persoonsgegevens)', { min: 10 }),
  })
  .strict();

const agreedSchema = z
  .object({
    note: freeText('Toelichting bij het besluit (optioneel)', { min: 3 }).optional().describe('Toelichting bij het besluit (optioneel)'),
  })
  .strict();

const adjustedSchema = z
  .object({
    settled: euroAmount('Vastgesteld af te rekenen bedrag in euro'),
    reason: freeText('Waarom de afrekening afwijkt van de berekening', { min: 10 }),
  })
  .strict();

const repaymentSchema = z
  .object({
    date: isoDate('Datum van ontvangst van de terugbetaling'),
    amount: euroAmount('Ontvangen bedrag in euro'),
  })
  .strict();

// ---------------------------------------------------------------------------------------------
// Context

export interface SettlementFigures {
  declaredCents: number;
  toDeclareCents: number;
  producedCents: number;
  kpiInformationTimely?: boolean;
  recordedAt: string;
  recordedBy: Actor;
}

export interface SettlementDecision {
  outcome: 'agreed' | 'adjusted';
  settledCents: number;
  repaymentCents: number;
  reason?: string;
  at: string;
  by: Actor;
}

/** A computation the case page shows as it is: a title and Dutch lines a person can check. */
export interface CalculationView {
  title: string;
  lines: string[];
}

export interface SettlementContext {
  caseId: string;
  provider: string;
  year: number;
  accountabilityCase?: string;
  ceilingCents?: number;
  figures?: SettlementFigures;
  computation?: Settlement;
  /** The computation and the decision as Dutch lines (the case page shows `calculation`). */
  calculation?: CalculationView;
  differenceStatement?: z.infer<typeof differenceStatementSchema> & { recordedAt: string };
  decision?: SettlementDecision;
  repayments: { date: string; amountCents: number; at: string }[];
}

export type NotifyTemplate = keyof typeof settlementMail;
export interface NotifyParams {
  template: NotifyTemplate;
  to: readonly Role[];
}

const meta = (m: StateMeta): StateMeta => m;

/** The events table: label, roles, payload schema and rule of every event. */
export const settlementEvents = {
  'figures.recorded': {
    label: 'Cijfers van de verantwoording vastgelegd',
    roles: ['contractmanager', 'contractbeheer'],
    schema: figuresSchema,
    rule: `${STEPS}, stap 1–2: "Afstemmen of alle door u ingediende declaraties over zijn afgehandeld"; "Een vergelijk te maken tussen hetgeen is gedeclareerd en is opgenomen in uw productieverantwoording"`,
    description: 'Gedeclareerd, nog te declareren en de verantwoorde productie uit de accountantsverklaring; jeugdflow berekent de afrekening stap voor stap.',
  },
  'differenceStatement.submitted': {
    label: 'Bestuurlijke verklaring over het verschil overgelegd',
    roles: ['aanbieder'],
    schema: differenceStatementSchema,
    rule: STEP_4,
    description: 'Er is meer gedeclareerd dan in de productieverantwoording is opgenomen: de aanbieder verklaart het verschil.',
  },
  'settlement.agreed': {
    label: 'Afrekening vastgesteld volgens de berekening',
    roles: ['contractmanager'],
    schema: agreedSchema,
    rule: `${STEPS}, stap 3 en 5`,
    description: 'De contractmanager stelt de afrekening vast zoals berekend; de aanbieder krijgt de brief ter definitieve financiële afronding.',
  },
  'settlement.adjusted': {
    label: 'Afrekening afwijkend vastgesteld',
    roles: ['contractmanager'],
    schema: adjustedSchema,
    rule: `${RULE}: "Het is dus een korting die doorgevoerd kan worden" en "kan het verschil worden teruggevorderd": de contractmanager beslist, met reden`,
    description: 'De contractmanager stelt een ander bedrag vast dan berekend (bijvoorbeeld geen korting), met de reden.',
  },
  'repayment.received': {
    label: 'Terugbetaling ontvangen',
    roles: ['contractmanager', 'contractbeheer'],
    schema: repaymentSchema,
    rule: STEP_4,
    description: 'Een (deel)betaling van het terug te betalen bedrag is ontvangen.',
  },
} as const satisfies EventTable;
export type SettlementEvent = EventsOf<typeof settlementEvents>;

const figuresOf = (event: SettlementEvent): SettlementFigures => {
  assertEvent(event, 'figures.recorded');
  const p = event.payload;
  return {
    declaredCents: toCents(p.declared),
    toDeclareCents: toCents(p.toDeclare),
    producedCents: toCents(p.produced),
    ...(p.kpiInformationTimely !== undefined ? { kpiInformationTimely: p.kpiInformationTimely } : {}),
    recordedAt: event.at,
    recordedBy: event.actor,
  };
};

const computeFor = (context: SettlementContext, figures: SettlementFigures): Settlement =>
  computeSettlement({
    year: context.year,
    declaredCents: figures.declaredCents,
    toDeclareCents: figures.toDeclareCents,
    producedCents: figures.producedCents,
    ...(context.ceilingCents !== undefined ? { ceilingCents: context.ceilingCents } : {}),
    ...(context.year > FIRST_CONTRACT_YEAR ? { kpiInformationTimely: figures.kpiInformationTimely ?? false } : {}),
  });

const repaidCents = (context: SettlementContext): number => context.repayments.reduce((sum, r) => sum + r.amountCents, 0);

/** Figures recorded (again): to the board statement when more was declared than accounted for, else to the decision. */
const recordFigures = [
  {
    guard: and(['hasKpiJudgementWhenRequired', 'isMoreDeclaredThanAccounted']),
    target: '#settlement.awaitingDifferenceStatement',
    reenter: true,
    actions: ['recordFigures', { type: 'notify', params: { template: 'difference-statement-requested', to: ['aanbieder'] } }],
  },
  { guard: 'hasKpiJudgementWhenRequired', target: '#settlement.awaitingDecision', actions: 'recordFigures' },
] as const;

/** The settled amount a decision event sets: the computation's, or the contract manager's adjusted amount. */
const settledBy = (context: SettlementContext, event: SettlementEvent): number => {
  assertEvent(event, ['settlement.agreed', 'settlement.adjusted']);
  return event.type === 'settlement.adjusted' ? toCents(event.payload.settled) : context.computation!.settledCents;
};

const DECISION_LETTER = { type: 'notify', params: { template: 'settlement-decided', to: ['aanbieder', 'contractmanager'] } } as const;
/** The decision, the letter of step 5, then repayment when due. */
const decide = [
  { guard: 'isRepaymentDue', target: '#settlement.awaitingRepayment', actions: ['recordDecision', DECISION_LETTER] },
  { target: '#settlement.settled', actions: ['recordDecision', DECISION_LETTER] },
] as const;

export const settlementMachine = setup({
  types: {} as { context: SettlementContext; events: SettlementEvent; input: MachineInput<SettlementStart> },
  actions: {
    notify: (_, _params: NotifyParams) => {},
    recordFigures: assign(({ context, event }) => {
      const figures = figuresOf(event);
      const computation = computeFor(context, figures);
      return {
        figures,
        computation,
        calculation: { title: `Berekening afrekening contractjaar ${context.year}`, lines: computation.lines },
        differenceStatement: undefined,
      };
    }),
    recordDifferenceStatement: assign(({ event }) => {
      assertEvent(event, 'differenceStatement.submitted');
      return { differenceStatement: stamped(event.payload, { recordedAt: event.at }) };
    }),
    recordDecision: assign(({ context, event }) => {
      assertEvent(event, ['settlement.agreed', 'settlement.adjusted']);
      const computation = context.computation!;
      const declared = context.figures!.declaredCents;
      const settledCents = settledBy(context, event);
      const repaymentCents = Math.max(0, declared - settledCents);
      const reason = event.type === 'settlement.adjusted' ? event.payload.reason : event.payload.note;
      const decision: SettlementDecision = {
        outcome: event.type === 'settlement.adjusted' ? 'adjusted' : 'agreed',
        settledCents,
        repaymentCents,
        ...(reason !== undefined ? { reason } : {}),
        at: event.at,
        by: event.actor,
      };
      const decisionLines =
        decision.outcome === 'agreed'
          ? [`Besluit: afgerekend volgens de berekening, ${formatEuro(settledCents)}.`]
          : [`Besluit: afwijkend vastgesteld op ${formatEuro(settledCents)} (berekend ${formatEuro(computation.settledCents)}). Reden: ${reason}`];
      decisionLines.push(repaymentCents > 0 ? `Terug te betalen: ${formatEuro(repaymentCents)}.` : 'Niets terug te betalen.');
      return { decision, calculation: { title: context.calculation!.title, lines: [...computation.lines, ...decisionLines] } };
    }),
    recordRepayment: assign(({ context, event }) => {
      assertEvent(event, 'repayment.received');
      return { repayments: [...context.repayments, { date: event.payload.date, amountCents: toCents(event.payload.amount), at: event.at }] };
    }),
  },
  guards: {
    hasKpiJudgementWhenRequired: ({ context, event }) => {
      assertEvent(event, 'figures.recorded');
      return context.year === FIRST_CONTRACT_YEAR || event.payload.kpiInformationTimely !== undefined;
    },
    isMoreDeclaredThanAccounted: ({ event }) => {
      assertEvent(event, 'figures.recorded');
      return toCents(event.payload.declared) > toCents(event.payload.produced);
    },
    isRepaymentDue: ({ context, event }) => context.figures !== undefined && context.figures.declaredCents > settledBy(context, event),
    isRepaymentComplete: ({ context, event }) => {
      assertEvent(event, 'repayment.received');
      return repaidCents(context) + toCents(event.payload.amount) >= (context.decision?.repaymentCents ?? 0);
    },
  },
}).createMachine({
  id: 'settlement',
  meta: meta({ label: 'Afrekening contractjaar', waitingOn: [], rule: RULE }),
  context: ({ input }) => ({
    caseId: input.caseId,
    provider: input.data.provider,
    year: input.data.year,
    ...(input.data.accountabilityCase !== undefined ? { accountabilityCase: input.data.accountabilityCase } : {}),
    ...(input.data.productionCeiling !== undefined ? { ceilingCents: toCents(input.data.productionCeiling) } : {}),
    repayments: [],
  }),
  initial: 'awaitingFigures',
  states: {
    awaitingFigures: {
      meta: meta({
        label: 'Wacht op de cijfers van de productieverantwoording',
        waitingOn: ['contractmanager', 'contractbeheer'],
        rule: `${STEPS}, stap 1–2 (geen termijn in de seed)`,
      }),
      on: { 'figures.recorded': recordFigures },
    },
    awaitingDifferenceStatement: {
      meta: meta({ label: 'Wacht op de bestuurlijke verklaring over het verschil (aanbieder)', waitingOn: ['aanbieder'], rule: `${STEP_4} (geen termijn in de seed)` }),
      on: {
        'differenceStatement.submitted': { target: 'awaitingDecision', actions: 'recordDifferenceStatement' },
        'figures.recorded': recordFigures,
      },
    },
    awaitingDecision: {
      meta: meta({
        label: 'Wacht op het besluit over de afrekening (contractmanager)',
        waitingOn: ['contractmanager'],
        rule: `${STEPS}, stap 3: "Eventueel verschil met u bespreken ten einde de oorzaak hiervan te achterhalen" (geen termijn in de seed)`,
      }),
      on: {
        'settlement.agreed': decide,
        'settlement.adjusted': decide,
        'figures.recorded': recordFigures,
      },
    },
    awaitingRepayment: {
      meta: meta({ label: 'Wacht op terugbetaling door de aanbieder', waitingOn: ['aanbieder'], rule: `${STEP_4} (geen termijn in de seed)` }),
      on: {
        'repayment.received': [
          {
            guard: 'isRepaymentComplete',
            target: 'settled',
            actions: ['recordRepayment', { type: 'notify', params: { template: 'repayment-completed', to: ['aanbieder', 'contractmanager'] } }],
          },
          { actions: 'recordRepayment' },
        ],
      },
    },
    settled: {
      type: 'final',
      meta: meta({ label: 'Contractjaar definitief financieel afgerond', waitingOn: [], rule: `${STEPS}, stap 5` }),
    },
  },
});

/** Settlement comes after the contract year: "het jaar volgend op het jaar waarin Jeugdhulp geleverd is". */
export function checkSettlementStart(data: SettlementStart, at: StartCheckContext): StartRefusal | undefined {
  const currentYear = Number(at.today.slice(0, 4));
  if (data.year >= currentYear) {
    return {
      field: 'year',
      message: `Een contractjaar wordt afgerekend na afloop ervan: ${data.year} is nog niet voorbij (vandaag ${at.today}); kies ${currentYear - 1} of eerder`,
      rule: `${RULE}: de productieverantwoording volgt "voor 1 april van het jaar volgend op het jaar waarin Jeugdhulp geleverd is"`,
    };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Definition

export const settlement = defineProcedure({
  id: 'settlement',
  version: 1,
  title: 'Afrekening contractjaar',
  description:
    'De afrekening van een contractjaar op basis van de financiële productieverantwoording. 2018: de verantwoorde productie mag ' +
    'maximaal 5% lager zijn dan het gedeclareerde en nog te declareren bedrag; het deel hoger dan 5% wordt teruggevorderd. Vanaf ' +
    "2019: 97,5% op basis van de productieverantwoording (tenminste 99% van het gedeclareerde en nog te declareren bedrag) en 2,5% op " +
    "basis van het tijdig en adequaat leveren van de informatie over de 4 KPI's. jeugdflow toont de berekening stap voor stap; de " +
    'contractmanager stelt de afrekening vast (of wijkt af, met reden) en legt de terugbetaling vast.',
  seed: SEED,
  machine: settlementMachine,
  mail: settlementMail,
  startRoles: ['contractmanager', 'contractbeheer'],
  startSchema,
  checkStart: checkSettlementStart,
  events: settlementEvents,
  guards: {
    hasKpiJudgementWhenRequired: {
      description: "vanaf contractjaar 2019 is opgegeven of de informatie over de 4 KPI's tijdig en adequaat is geleverd",
      rule: KPI_RULE,
    },
    isMoreDeclaredThanAccounted: {
      description: 'er is meer gedeclareerd dan opgenomen in de productieverantwoording',
      rule: STEP_4,
    },
    isRepaymentDue: {
      description: 'er is meer gedeclareerd dan is vastgesteld: het verschil wordt terugbetaald',
      rule: STEP_4,
    },
    isRepaymentComplete: {
      description: 'met deze betaling is het terug te betalen bedrag volledig ontvangen',
      rule: STEP_4,
    },
  },
});
