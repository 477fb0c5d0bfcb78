// Productieplafond (002 Protocol contractmanagement GR Jeugdhulp Rijnmond, §3.2.1; mantelovereenkomst art. 1.2.7
// as quoted in §3.2.2). One case per provider, assignment (opdracht B, C or E) and contract year.
//
// Flow: monitoring (the use of the ceiling in euros is recorded, by hand) → reportDue when 80% use is recorded or
// the contract manager notes that the provider has no capacity (the provider reports within 5 working days from
// that date; on expiry the case records a signal for the escalation ladder and offers to start one, linked) →
// deciding (the contract manager raises the ceiling by at most 15% a year, refuses, or agrees measures) → back to
// monitoring. Closing the contract year records any overproduction, payable only with written consent received
// before the overrun.
import { assertEvent, assign, setup } from 'xstate';
import { z } from 'zod';
import { escalationLinkedSchema, escalationWaivedSchema, suggestEscalation, type SuggestedEscalation } from './escalationLink.ts';
import { withOverdue } from './patterns.ts';
import { productionCeilingMail } from './productionCeiling.mail.ts';
import { freeText, isoDate, providerCode, shortText, euroAmount, eurosToCents } from './schemas.ts';
import { defineProcedure, type DeadlineDefinition, type EventTable, type EventsOf, type MachineInput, type Role, type StateMeta } from './types.ts';
import { stamped } from './immutable.ts';

const SEED = '002 Protocol contractmanagement GR Jeugdhulp Rijnmond, §3.2.1';
const RULE = '002 §3.2.1';

/** 002 §3.2.1, the 80% rule, word for word. */
export const EIGHTY_PERCENT_RULE =
  `${RULE}: "waarbij Opdrachtnemer bij 80% uitnutting, van het Productieplafond in euro's, binnen 5 werkdagen melding moet maken ` +
  `bij de verantwoordelijke contractmanager van Opdrachtgever"`;
/** 002 §3.2.1, no capacity, word for word. */
export const NO_CAPACITY_RULE =
  `${RULE}: "Indien er geen productievolume (meer) of productiecapaciteit beschikbaar is om de zorg (direct) te leveren brengt u uw ` +
  `contractmanager van de GRJR hiervan binnen 5 werkdagen op de hoogte."`;
/** 002 §3.2.1, overproduction, word for word. */
export const OVERPRODUCTION_RULE =
  `${RULE}: "Indien de werkelijk gerealiseerde productie over het contractjaar hoger is dan het overeengekomen Productieplafond in euro's, ` +
  `dan komt deze zogenaamde overproductie niet voor vergoeding/facturatie in aanmerking. Hiervan kan slechts worden afgeweken indien ` +
  `Opdrachtnemer van Opdrachtgever voorafgaand aan de overschrijding een schriftelijk akkoord heeft ontvangen dat overproductie is toegestaan"`;
/** 002 §3.2.2 quoting art. 1.2.7 of the framework contract, word for word. */
export const RAISE_RULE =
  `${RULE}/§3.2.2 (art. 1.2.7): "Het Productieplafond kan verhoogd worden indien de trendmatige ontwikkeling van de productie van de ` +
  `Opdrachtnemer uitstijgt boven het vigerende Productieplafond en er budgettaire ruimte is in het perceel. Opdrachtgever kan dit ` +
  `Productieplafond na gunning met maximaal vijftien procent (15%) per jaar verhogen."`;
/** 002 §3.2.1, what the contract manager does after a report, word for word. */
export const MEASURES_RULE =
  `${RULE}: "heeft de GR JR de mogelijkheid om in overleg met de cliënt de cliënt onder te brengen bij een andere Opdrachtnemer die nog ` +
  `wel over productievolume of –capaciteit beschikt of een overbruggingsarrangement in te zetten. De contractmanager GR JR treedt in ` +
  `gesprek met de betreffende Opdrachtnemer"`;
const ESCALATION_RULE = `${RULE}: een gemiste melding is een signaal voor de escalatieladder (003 "Escalatieladder", keuze)`;

/** "bij 80% uitnutting". */
export const REPORT_THRESHOLD_PERCENT = 80;
/** "binnen 5 werkdagen". */
export const REPORT_TERM_WORKING_DAYS = 5;
/** "met maximaal vijftien procent (15%) per jaar verhogen". */
export const MAX_RAISE_PERCENT_PER_YEAR = 15;

// ---------------------------------------------------------------------------------------------
// Schemas

/** "In opdracht B, C en E worden productieplafonds gehanteerd." */
export const CEILING_ASSIGNMENTS = ['opdracht-b', 'opdracht-c', 'opdracht-e'] as const;
const assignmentName = (a: (typeof CEILING_ASSIGNMENTS)[number]) => `opdracht ${a.slice(-1).toUpperCase()}`;

/** An amount in euros, at most two decimals. */
export const euros = (description: string) => euroAmount(description);
const cents = eurosToCents;

export const startSchema = z
  .object({
    provider: providerCode('Code van de aanbieder (geen persoonsnaam)', { min: 2 }),
    assignment: z.enum(CEILING_ASSIGNMENTS).describe('Opdracht met productieplafond (B, C of E)'),
    contractYear: z.number().int().min(2018).max(2199).describe('Contractjaar'),
    ceilingEur: euros('Overeengekomen productieplafond in euro’s voor dit contractjaar').refine((v) => v > 0, { message: 'het plafond is groter dan 0' }),
  })
  .strict();
export type ProductionCeilingStart = z.infer<typeof startSchema>;

export const USAGE_SOURCES = ['handmatig', 'facturatie'] as const;

const usageRecordedSchema = z
  .object({
    recordedOn: isoDate('Peildatum van de uitnutting (de datum waarop de productie is vastgesteld)'),
    usedEur: euros('Gerealiseerde productie in euro’s tot de peildatum'),
    source: z.enum(USAGE_SOURCES).describe('Bron: handmatig of uit de facturatiegegevens'),
    note: shortText('Toelichting (optioneel)').optional().describe('Toelichting (optioneel)'),
  })
  .strict();

const capacityShortageSchema = z
  .object({
    since: isoDate('Datum sinds wanneer er geen productievolume of -capaciteit beschikbaar is'),
    explanation: freeText('Hoe het ontbreken van capaciteit bekend werd (zonder persoonsgegevens)', { min: 10 }),
  })
  .strict();

export const REPORT_REASONS = ['uitnutting-80', 'geen-capaciteit'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

const reportSubmittedSchema = z
  .object({
    reason: z.enum(REPORT_REASONS).describe('Reden van de melding: 80% uitnutting van het plafond, of geen productiecapaciteit'),
    reportedOn: isoDate('Datum van de melding bij de contractmanager'),
    explanation: freeText('Toelichting van de aanbieder: verwachte productie, wachtlijst, mogelijkheden', { min: 10 }),
  })
  .strict();

export const DECISIONS = ['verhogen', 'weigeren', 'maatregelen'] as const;

/** Verhogen needs the new ceiling, both conditions of art. 1.2.7 and the written confirmation; maatregelen names the measures. */
const decisionSchema = z
  .object({
    decision: z.enum(DECISIONS).describe('Besluit: plafond verhogen, niet verhogen (weigeren) of maatregelen afspreken'),
    newCeilingEur: euros('Bij verhogen: nieuw productieplafond in euro’s (hoogstens 15% per jaar boven het plafond bij de start van het jaar)')
      .optional()
      .describe('Bij verhogen: nieuw productieplafond in euro’s (hoogstens 15% per jaar boven het plafond bij de start van het jaar)'),
    trendAboveCeiling: z
      .literal(true)
      .optional()
      .describe('Bij verhogen: de trendmatige ontwikkeling van de productie stijgt uit boven het vigerende plafond'),
    budgetRoomInLot: z.literal(true).optional().describe('Bij verhogen: er is budgettaire ruimte in het perceel'),
    confirmedInWritingOn: isoDate('Bij verhogen: datum van de schriftelijke bevestiging aan de aanbieder')
      .optional()
      .describe('Bij verhogen: datum van de schriftelijke bevestiging aan de aanbieder'),
    measures: freeText('Bij maatregelen: de afgesproken maatregelen (bijv. cliënten onderbrengen bij een andere aanbieder, overbruggingsarrangement)', { min: 10 })
      .optional()
      .describe('Bij maatregelen: de afgesproken maatregelen (bijv. cliënten onderbrengen bij een andere aanbieder, overbruggingsarrangement)'),
    reason: freeText('Motivering van het besluit', { min: 10 }),
  })
  .strict()
  .superRefine((d, ctx) => {
    const need = (field: keyof typeof d, message: string) => {
      if (d[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message });
    };
    const none = (field: keyof typeof d, message: string) => {
      if (d[field] !== undefined) ctx.addIssue({ code: 'custom', path: [field], message });
    };
    const raiseFields = ['newCeilingEur', 'trendAboveCeiling', 'budgetRoomInLot', 'confirmedInWritingOn'] as const;
    if (d.decision === 'verhogen') {
      need('newCeilingEur', 'bij verhogen is het nieuwe plafond verplicht');
      need('trendAboveCeiling', 'verhogen kan alleen als de trendmatige ontwikkeling van de productie uitstijgt boven het plafond (art. 1.2.7)');
      need('budgetRoomInLot', 'verhogen kan alleen als er budgettaire ruimte is in het perceel (art. 1.2.7)');
      need('confirmedInWritingOn', 'verhogen gaat na schriftelijke bevestiging aan de aanbieder: de datum is verplicht');
    } else for (const f of raiseFields) none(f, 'alleen bij verhogen');
    if (d.decision === 'maatregelen') need('measures', 'bij maatregelen zijn de afgesproken maatregelen verplicht');
    else none('measures', 'alleen bij maatregelen');
  });

const overproductionConsentedSchema = z
  .object({
    consentedOn: isoDate('Datum van het schriftelijk akkoord dat overproductie is toegestaan'),
    reference: shortText('Kenmerk van de brief met het schriftelijk akkoord', { min: 2 }),
  })
  .strict();

const yearClosedSchema = z
  .object({
    closedOn: isoDate('Datum van afsluiting van het contractjaar'),
    realisedEur: euros('Werkelijk gerealiseerde productie over het contractjaar in euro’s'),
  })
  .strict();

const expirySchema = z.object({ deadline: z.literal('reportTerm').describe('Naam van de verstreken termijn') }).strict();

// ---------------------------------------------------------------------------------------------
// Context

export interface UsageRecord extends z.infer<typeof usageRecordedSchema> {
  percent: number;
  recordedAt: string;
  recordedBy: string;
}

export interface CeilingDecision {
  decision: (typeof DECISIONS)[number];
  reason: string;
  newCeilingEur?: number;
  measures?: string;
  confirmedInWritingOn?: string;
  decidedAt: string;
  decidedBy: string;
}

/** The overproduction of the contract year: never payable without written consent received before the overrun. */
export interface Overproduction {
  amountEur: number;
  payable: boolean;
  /** The first day production was recorded above the ceiling (or the closing day). */
  overrunOn: string;
  /** Dutch: why (not) payable. */
  ground: string;
}

export interface ProductionCeilingContext {
  caseId: string;
  provider: string;
  assignment: ProductionCeilingStart['assignment'];
  contractYear: number;
  /** The ceiling at the start of the year: the 15% a year counts from it. */
  initialCeilingEur: number;
  /** The ceiling in force. */
  ceilingEur: number;
  usedEur: number;
  usage: UsageRecord[];
  /** The 80% report was asked for at the current ceiling (reset when the ceiling is raised). */
  eightyPercentSignalled: boolean;
  /** The report that is due (or was due): why and from which date the 5 working days count. */
  reportDue?: { reason: ReportReason; since: string };
  reportOverdue: boolean;
  reports: (z.infer<typeof reportSubmittedSchema> & { submittedAt: string; submittedBy: string; late: boolean })[];
  decisions: CeilingDecision[];
  /** The first day production was recorded above the ceiling in force. */
  overrunOn?: string;
  writtenConsent?: z.infer<typeof overproductionConsentedSchema> & { recordedAt: string; recordedBy: string };
  overproduction?: Overproduction;
  realisedEur?: number;
  /** A signal for the escalation ladder: the start data of a linked escalation-ladder case, to prefill. */
  suggestedEscalation?: SuggestedEscalation;
  escalation?: { escalationCase: string; startedOn: string; linkedAt: string } | { waived: string; waivedAt: string };
}

export type NotifyTemplate = keyof typeof productionCeilingMail;
export interface NotifyParams {
  template: NotifyTemplate;
  to: readonly Role[];
}

/** Percentage of the ceiling used, one decimal, rounded down (80% is reached only when really reached). */
export function usePercent(usedEur: number, ceilingEur: number): number {
  return Math.floor((cents(usedEur) * 1000) / cents(ceilingEur)) / 10;
}

/** Is the use at or above 80% of the ceiling (exact, in cents)? */
export function isAtReportThreshold(usedEur: number, ceilingEur: number): boolean {
  return cents(usedEur) * 100 >= cents(ceilingEur) * REPORT_THRESHOLD_PERCENT;
}

/** The highest ceiling the contract manager may set this year: the initial ceiling plus 15% (in cents, rounded down). */
export function maxCeilingEur(initialCeilingEur: number): number {
  return Math.floor((cents(initialCeilingEur) * (100 + MAX_RAISE_PERCENT_PER_YEAR)) / 100) / 100;
}

/** Overproduction over the year: the realised production above the ceiling; payable only with written consent on or before the overrun day. */
export function overproductionOf(o: {
  realisedEur: number;
  ceilingEur: number;
  overrunOn: string;
  consentedOn?: string;
}): Overproduction | undefined {
  const amount = cents(o.realisedEur) - cents(o.ceilingEur);
  if (amount <= 0) return undefined;
  const payable = o.consentedOn !== undefined && o.consentedOn <= o.overrunOn;
  const ground = payable
    ? `Schriftelijk akkoord van ${o.consentedOn} vóór de overschrijding (${o.overrunOn}): overproductie komt voor vergoeding in aanmerking`
    : o.consentedOn !== undefined
      ? `Schriftelijk akkoord van ${o.consentedOn} kwam na de overschrijding (${o.overrunOn}): overproductie komt niet voor vergoeding in aanmerking`
      : `Geen schriftelijk akkoord vóór de overschrijding (${o.overrunOn}): overproductie komt niet voor vergoeding in aanmerking`;
  return { amountEur: amount / 100, payable, overrunOn: o.overrunOn, ground };
}

/** The overproduction when the year closes: the overrun day is the first usage record above the ceiling, else the closing day. */
function closingOverproduction(context: ProductionCeilingContext, closing: { realisedEur: number; closedOn: string }): Overproduction | undefined {
  return overproductionOf({
    realisedEur: closing.realisedEur,
    ceilingEur: context.ceilingEur,
    overrunOn: context.overrunOn ?? closing.closedOn,
    consentedOn: context.writtenConsent?.consentedOn,
  });
}

// ---------------------------------------------------------------------------------------------
// Machine

const reportTerm: DeadlineDefinition = {
  name: 'reportTerm',
  label: 'Meldtermijn aanbieder (80% uitnutting of geen capaciteit)',
  kind: 'working-days',
  n: REPORT_TERM_WORKING_DAYS,
  startsFromContext: 'reportDue.since',
  onExpiry: 'reportTerm.expired',
  waitingOn: ['aanbieder'],
  reminders: [2, 0],
  rule: `${EIGHTY_PERCENT_RULE}; ${NO_CAPACITY_RULE}`,
};

const meta = (m: StateMeta): StateMeta => m;

export const productionCeilingEvents = {
  'usage.recorded': {
    label: 'Uitnutting productieplafond vastgelegd',
    roles: ['contractbeheer', 'contractmanager'],
    schema: usageRecordedSchema,
    rule: EIGHTY_PERCENT_RULE,
    termStartDates: ['recordedOn'],
    description: 'De gerealiseerde productie in euro’s tot een peildatum. Bij 80% van het plafond moet de aanbieder binnen 5 werkdagen melden.',
  },
  'capacity.shortageNoted': {
    label: 'Geen productiecapaciteit vastgesteld',
    roles: ['contractmanager'],
    schema: capacityShortageSchema,
    rule: NO_CAPACITY_RULE,
    termStartDates: ['since'],
    description: 'Er is geen productievolume of -capaciteit (meer) om de zorg (direct) te leveren; de aanbieder meldt dit binnen 5 werkdagen.',
  },
  'report.submitted': {
    label: 'Melding gedaan bij de contractmanager',
    roles: ['aanbieder'],
    schema: reportSubmittedSchema,
    rule: `${EIGHTY_PERCENT_RULE}; ${NO_CAPACITY_RULE}`,
    description: 'De aanbieder meldt 80% uitnutting van het plafond of het ontbreken van productiecapaciteit.',
  },
  'reportTerm.expired': { label: 'Meldtermijn verstreken', roles: ['system'], schema: expirySchema, rule: reportTerm.rule },
  'decision.made': {
    label: 'Besluit over het productieplafond genomen',
    roles: ['contractmanager'],
    schema: decisionSchema,
    rule: `${RAISE_RULE}; ${MEASURES_RULE}`,
    description: 'Verhogen (hoogstens 15% per jaar, na schriftelijke bevestiging), weigeren of maatregelen afspreken.',
  },
  'overproduction.consented': {
    label: 'Schriftelijk akkoord voor overproductie gegeven',
    roles: ['contractmanager'],
    schema: overproductionConsentedSchema,
    rule: OVERPRODUCTION_RULE,
    description: 'Alleen een akkoord vóór de overschrijding maakt overproductie vergoedbaar.',
  },
  'escalation.linked': {
    label: 'Escalatieladder gestart en gekoppeld',
    roles: ['contractmanager'],
    schema: escalationLinkedSchema,
    rule: ESCALATION_RULE,
    description: 'Het zaaknummer van de escalatieladder die vanuit deze zaak is gestart.',
  },
  'escalation.waived': {
    label: 'Geen escalatieladder gestart',
    roles: ['contractmanager'],
    schema: escalationWaivedSchema,
    rule: ESCALATION_RULE,
    description: 'De contractmanager start geen escalatieladder (terughoudendheid), met reden.',
  },
  'year.closed': {
    label: 'Contractjaar afgesloten',
    roles: ['contractmanager', 'contractbeheer'],
    schema: yearClosedSchema,
    rule: OVERPRODUCTION_RULE,
    description: 'De werkelijk gerealiseerde productie over het jaar; overproductie zonder voorafgaand schriftelijk akkoord komt niet voor vergoeding in aanmerking.',
  },
} as const satisfies EventTable;
export type ProductionCeilingEvent = EventsOf<typeof productionCeilingEvents>;

export const productionCeilingMachine = setup({
  types: {} as { context: ProductionCeilingContext; events: ProductionCeilingEvent; input: MachineInput<ProductionCeilingStart> },
  guards: {
    isAtEightyPercent: ({ context, event }) => {
      assertEvent(event, 'usage.recorded');
      return !context.eightyPercentSignalled && isAtReportThreshold(event.payload.usedEur, context.ceilingEur);
    },
    isRaiseWithinFifteenPercent: ({ context, event }) => {
      assertEvent(event, 'decision.made');
      const d = event.payload;
      if (d.decision !== 'verhogen' || d.newCeilingEur === undefined) return true;
      return cents(d.newCeilingEur) > cents(context.ceilingEur) && cents(d.newCeilingEur) <= cents(maxCeilingEur(context.initialCeilingEur));
    },
    hasOverproduction: ({ context, event }) => {
      assertEvent(event, 'year.closed');
      return closingOverproduction(context, event.payload) !== undefined;
    },
    hasOverproductionWithoutPriorConsent: ({ context, event }) => {
      assertEvent(event, 'year.closed');
      return closingOverproduction(context, event.payload)?.payable === false;
    },
    hasSuggestedEscalation: ({ context }) => context.suggestedEscalation !== undefined && context.escalation === undefined,
  },
  actions: {
    notify: (_, _params: NotifyParams) => {},
    recordUsage: assign(({ context, event }) => {
      assertEvent(event, 'usage.recorded');
      const { usedEur, recordedOn } = event.payload;
      const over = cents(usedEur) > cents(context.ceilingEur);
      return {
        usedEur,
        usage: [...context.usage, stamped(event.payload, { percent: usePercent(usedEur, context.ceilingEur), recordedAt: event.at, recordedBy: event.actor.userId })],
        overrunOn: context.overrunOn ?? (over ? recordedOn : undefined),
      };
    }),
    askEightyPercentReport: assign(({ event }) => {
      assertEvent(event, 'usage.recorded');
      return { eightyPercentSignalled: true, reportOverdue: false, reportDue: { reason: 'uitnutting-80' as const, since: event.payload.recordedOn } };
    }),
    askCapacityReport: assign(({ event }) => {
      assertEvent(event, 'capacity.shortageNoted');
      return { reportOverdue: false, reportDue: { reason: 'geen-capaciteit' as const, since: event.payload.since } };
    }),
    recordReport: assign({
      reports: ({ context, event }) => {
        assertEvent(event, 'report.submitted');
        return [...context.reports, stamped(event.payload, { submittedAt: event.at, submittedBy: event.actor.userId, late: context.reportOverdue })];
      },
    }),
    markReportOverdue: assign(({ context, event }) => ({
      reportOverdue: true,
      suggestedEscalation: suggestEscalation({
        caseId: context.caseId,
        provider: context.provider,
        category: 'tijdigheid',
        reason: 'De aanbieder meldde niet binnen 5 werkdagen (002 §3.2.1): signaal voor de escalatieladder.',
        description:
          context.reportDue?.reason === 'geen-capaciteit'
            ? `geen melding binnen 5 werkdagen van het ontbreken van productiecapaciteit (sinds ${context.reportDue.since}), ${assignmentName(context.assignment)}, contractjaar ${context.contractYear}.`
            : `geen melding binnen 5 werkdagen van 80% uitnutting van het productieplafond (peildatum ${context.reportDue?.since ?? '?'}), ${assignmentName(context.assignment)}, contractjaar ${context.contractYear}.`,
        at: event.at,
      }),
    })),
    recordDecision: assign(({ context, event }) => {
      assertEvent(event, 'decision.made');
      const d = event.payload;
      const decision: CeilingDecision = stamped(d, { decidedAt: event.at, decidedBy: event.actor.userId });
      if (d.decision !== 'verhogen' || d.newCeilingEur === undefined) return { decisions: [...context.decisions, decision] };
      const stillOver = cents(context.usedEur) > cents(d.newCeilingEur);
      return {
        decisions: [...context.decisions, decision],
        ceilingEur: d.newCeilingEur,
        // A raised ceiling asks a new 80% report once its own 80% is reached.
        eightyPercentSignalled: isAtReportThreshold(context.usedEur, d.newCeilingEur),
        overrunOn: stillOver ? context.overrunOn : undefined,
      };
    }),
    recordConsent: assign(({ event }) => {
      assertEvent(event, 'overproduction.consented');
      return { writtenConsent: stamped(event.payload, { recordedAt: event.at, recordedBy: event.actor.userId }) };
    }),
    recordEscalationLinked: assign(({ event }) => {
      assertEvent(event, 'escalation.linked');
      return { escalation: { escalationCase: event.payload.escalationCase, startedOn: event.payload.startedOn, linkedAt: event.at } };
    }),
    recordEscalationWaived: assign(({ event }) => {
      assertEvent(event, 'escalation.waived');
      return { escalation: { waived: event.payload.reason, waivedAt: event.at } };
    }),
    recordYearClosed: assign(({ context, event }) => {
      assertEvent(event, 'year.closed');
      const { realisedEur } = event.payload;
      return { realisedEur, usedEur: realisedEur, overproduction: closingOverproduction(context, event.payload) };
    }),
  },
}).createMachine({
  id: 'productionCeiling',
  meta: meta({ label: 'Productieplafond', waitingOn: [], rule: RULE }),
  context: ({ input }) => ({
    caseId: input.caseId,
    provider: input.data.provider,
    assignment: input.data.assignment,
    contractYear: input.data.contractYear,
    initialCeilingEur: input.data.ceilingEur,
    ceilingEur: input.data.ceilingEur,
    usedEur: 0,
    usage: [],
    eightyPercentSignalled: false,
    reportOverdue: false,
    reports: [],
    decisions: [],
  }),
  initial: 'monitoring',
  on: {
    'overproduction.consented': { actions: 'recordConsent' },
    'escalation.linked': { guard: 'hasSuggestedEscalation', actions: 'recordEscalationLinked' },
    'escalation.waived': { guard: 'hasSuggestedEscalation', actions: 'recordEscalationWaived' },
  },
  states: {
    monitoring: {
      meta: meta({ label: 'Uitnutting wordt gevolgd', waitingOn: ['contractbeheer', 'contractmanager'], rule: EIGHTY_PERCENT_RULE }),
      on: {
        'usage.recorded': [
          {
            guard: 'isAtEightyPercent',
            target: 'reportDue',
            actions: ['recordUsage', 'askEightyPercentReport', { type: 'notify', params: { template: 'report-due', to: ['aanbieder'] } }],
          },
          { actions: 'recordUsage' },
        ],
        'capacity.shortageNoted': {
          target: 'reportDue',
          actions: ['askCapacityReport', { type: 'notify', params: { template: 'report-due', to: ['aanbieder'] } }],
        },
        'report.submitted': {
          target: 'deciding',
          actions: ['recordReport', { type: 'notify', params: { template: 'report-received', to: ['contractmanager'] } }],
        },
        // The closing mail says whether there is overproduction and whether it is payable (the dossier records it).
        'year.closed': [
          {
            guard: 'hasOverproductionWithoutPriorConsent',
            target: 'closed',
            actions: ['recordYearClosed', { type: 'notify', params: { template: 'overproduction-not-payable', to: ['aanbieder', 'contractmanager'] } }],
          },
          {
            guard: 'hasOverproduction',
            target: 'closed',
            actions: ['recordYearClosed', { type: 'notify', params: { template: 'overproduction-payable', to: ['aanbieder', 'contractmanager'] } }],
          },
          { target: 'closed', actions: ['recordYearClosed', { type: 'notify', params: { template: 'year-closed', to: ['aanbieder', 'contractmanager'] } }] },
        ],
      },
    },
    reportDue: stamped(withOverdue(meta({ label: 'Wacht op melding van de aanbieder', waitingOn: ['aanbieder'], deadlines: [reportTerm], rule: reportTerm.rule }), {
      onExpiry: 'reportTerm.expired',
      markOverdue: ['markReportOverdue', { type: 'notify', params: { template: 'report-overdue', to: ['contractmanager'] } }],
      pending: meta({ label: 'Melding binnen 5 werkdagen', waitingOn: ['aanbieder'], rule: reportTerm.rule }),
      overdue: {
        meta: meta({
          label: 'Melding te laat: signaal voor de escalatieladder',
          waitingOn: ['aanbieder', 'contractmanager'],
          rule: `${reportTerm.rule}; ${ESCALATION_RULE}`,
        }),
        on: {
          // Without a report the contract manager may still decide (e.g. agree measures).
          'decision.made': { guard: 'isRaiseWithinFifteenPercent', target: '#productionCeiling.monitoring', actions: ['recordDecision', { type: 'notify', params: { template: 'ceiling-decided', to: ['aanbieder'] } }] },
        },
      },
    }), {
      on: {
        'usage.recorded': { actions: 'recordUsage' },
        'report.submitted': {
          target: 'deciding',
          actions: ['recordReport', { type: 'notify', params: { template: 'report-received', to: ['contractmanager'] } }],
        },
      },
    }),
    deciding: {
      meta: meta({ label: 'Wacht op besluit van de contractmanager', waitingOn: ['contractmanager'], rule: `${RAISE_RULE}; ${MEASURES_RULE}` }),
      on: {
        'usage.recorded': { actions: 'recordUsage' },
        'decision.made': {
          guard: 'isRaiseWithinFifteenPercent',
          target: 'monitoring',
          actions: ['recordDecision', { type: 'notify', params: { template: 'ceiling-decided', to: ['aanbieder'] } }],
        },
      },
    },
    closed: {
      type: 'final',
      meta: meta({ label: 'Contractjaar afgesloten', waitingOn: [], rule: OVERPRODUCTION_RULE }),
    },
  },
});

// ---------------------------------------------------------------------------------------------
// Definition

export const productionCeiling = defineProcedure({
  id: 'production-ceiling',
  version: 1,
  title: 'Productieplafond',
  description:
    'Per aanbieder, opdracht (B, C of E) en contractjaar: de uitnutting van het productieplafond in euro’s wordt vastgelegd. Bij 80% ' +
    'uitnutting, en ook als er geen productiecapaciteit is, meldt de aanbieder dit binnen 5 werkdagen bij de contractmanager; een ' +
    'gemiste melding is een signaal voor de escalatieladder. De contractmanager besluit: verhogen (hoogstens 15% per jaar, na ' +
    'schriftelijke bevestiging), weigeren of maatregelen afspreken. Overproductie zonder schriftelijk akkoord vóór de overschrijding ' +
    'komt niet voor vergoeding in aanmerking.',
  seed: SEED,
  machine: productionCeilingMachine,
  mail: productionCeilingMail,
  startRoles: ['contractmanager', 'contractbeheer'],
  startSchema,
  events: productionCeilingEvents,
  guards: {
    isAtEightyPercent: {
      description: 'de uitnutting is 80% of meer van het productieplafond en de aanbieder is bij dit plafond nog niet om een melding gevraagd',
      rule: EIGHTY_PERCENT_RULE,
    },
    isRaiseWithinFifteenPercent: {
      description: 'een verhoging ligt boven het huidige plafond en hoogstens 15% boven het plafond bij de start van het contractjaar',
      rule: RAISE_RULE,
    },
    hasOverproduction: {
      description: 'de werkelijk gerealiseerde productie over het contractjaar is hoger dan het productieplafond (overproductie)',
      rule: OVERPRODUCTION_RULE,
    },
    hasOverproductionWithoutPriorConsent: {
      description: 'er is overproductie zonder schriftelijk akkoord van de opdrachtgever vóór de overschrijding: niet vergoedbaar',
      rule: OVERPRODUCTION_RULE,
    },
    hasSuggestedEscalation: {
      description: 'de zaak heeft een signaal voor de escalatieladder (gemiste melding) dat nog niet is afgehandeld',
      rule: ESCALATION_RULE,
    },
  },
});
