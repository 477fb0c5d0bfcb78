// KPI-stoplicht (002 Protocol contractmanagement GR Jeugdhulp Rijnmond, §3.1.2 "Normering KPI's"; the steps of
// the "stoplichtmodel" in §3.1.4, art. 6.1.2). One case per provider: every quarter the KPIs with a norm in the
// seed are recorded and banded red / orange / green; a red KPI offers an improvement plan, and an improvement
// plan that leads to insufficient improvement offers the escalation ladder (art. 8.2), linked to this case.
//
// Doelrealisatie and Uitval have no norm yet in the seed ("n.t.b."): they are not banded.
import { assertEvent, assign, setup } from 'xstate';
import { z } from 'zod';
import { escalationLinkedSchema, escalationWaivedSchema, suggestEscalation, type SuggestedEscalation } from './escalationLink.ts';
import { kpiStoplightMail } from './kpiStoplight.mail.ts';
import { freeText, isoDate, providerCode } from './schemas.ts';
import { defineProcedure, type EventTable, type EventsOf, type MachineInput, type Role, type StateMeta } from './types.ts';
import { stamped } from './immutable.ts';

const SEED = "002 Protocol contractmanagement GR Jeugdhulp Rijnmond, §3.1.2 (Normering KPI's) en §3.1.4";
const RULE = '002 §3.1.2';

/** 002 §3.1.2, the norms, word for word (the table). */
export const NORMS_RULE =
  `${RULE} Normering KPI's: "De KPI's worden opgenomen in een stoplichtmodel die voorzien wordt van een voorlopige norm voor Rood ` +
  `(onvoldoende), Oranje (twijfelachtig), Groen (goed)": Cliënttevredenheid ≤5,5 | 5,6-6,9 | ≥7; Wachttijden ≤10 werkdagen ` +
  `minder dan 80% | 80% t/m 89% | 90% en hoger; SROI Onder | Boven of gelijk aan; CEO ≤5,5 | 5,6-6,9 | ≥7`;
/** 002 §3.1.4 (art. 6.1.2), the steps of the stoplight model, word for word. */
export const PLAN_RULE =
  `${RULE}/§3.1.4: "Indien blijkt dat Opdrachtnemer onvoldoende resultaten behaalt kan dit er uiteindelijk toe leiden dat ` +
  `Opdrachtnemer een verbeterplan op moet stellen."`;
export const FURTHER_STEPS_RULE =
  `${RULE}/§3.1.4: "Indien het verbeterplan tot onvoldoende verbetering leidt, kan Opdrachtgever verdere stappen nemen conform ` +
  `artikel 8.2 van de Overeenkomst" (de escalatieladder, 003)`;
export const DISCUSSION_RULE =
  `${RULE}/§3.1.4: "De contractmanager van Opdrachtgever bespreekt de resultaten en eventueel benodigde acties in het met regelmaat ` +
  `te voeren tactisch overleg"`;
const QUARTERLY_RULE = `${RULE}: "De Opdrachtgevers rapporteren vanaf 1 januari 2018 per kwartaal over vier landelijk gedefinieerde prestatie indicatoren."`;

// ---------------------------------------------------------------------------------------------
// The bands: pure, in tenths, so 5.5/5.6 and 6.9/7.0 and 79.9/80/89.9/90 fall where the table puts them.

export type Band = 'rood' | 'oranje' | 'groen';
export const BAND_LABELS: Record<Band, string> = { rood: 'Rood (onvoldoende)', oranje: 'Oranje (twijfelachtig)', groen: 'Groen (goed)' };

export const KPIS = ['clientSatisfaction', 'ceo', 'waitingTime', 'sroi'] as const;
export type Kpi = (typeof KPIS)[number];
export const KPI_LABELS: Record<Kpi, string> = {
  clientSatisfaction: 'Cliënttevredenheid',
  ceo: 'CEO (cliëntervaringsonderzoek)',
  waitingTime: 'Wachttijden ≤10 werkdagen',
  sroi: 'SROI',
};

const tenths = (v: number) => Math.round(v * 10);

/** Cliënttevredenheid and CEO: "≤5,5" red, "5,6-6,9" orange, "≥7" green. */
export function scoreBand(score: number): Band {
  const t = tenths(score);
  return t <= 55 ? 'rood' : t < 70 ? 'oranje' : 'groen';
}

/** Wachttijden ≤10 werkdagen: "minder dan 80%" red, "80% t/m 89%" orange, "90% en hoger" green. */
export function waitingTimeBand(percentWithinTenWorkingDays: number): Band {
  const t = tenths(percentWithinTenWorkingDays);
  return t < 800 ? 'rood' : t < 900 ? 'oranje' : 'groen';
}

/** SROI: "Onder" (the target) red, "Boven of gelijk aan" green; the seed has no orange. */
export function sroiBand(realisedPercent: number, targetPercent: number): Band {
  return tenths(realisedPercent) >= tenths(targetPercent) ? 'groen' : 'rood';
}

/** A score on the 1–10 scale with at most one decimal. */
const score = (description: string) =>
  z
    .number()
    .min(1, 'een cijfer van 1 tot en met 10')
    .max(10, 'een cijfer van 1 tot en met 10')
    .refine((v) => Math.abs(v * 10 - Math.round(v * 10)) < 1e-6, { message: 'hoogstens één decimaal' })
    .describe(description);
/** A percentage 0–100 with at most one decimal. */
const percent = (description: string) =>
  z
    .number()
    .min(0, 'een percentage van 0 tot en met 100')
    .max(100, 'een percentage van 0 tot en met 100')
    .refine((v) => Math.abs(v * 10 - Math.round(v * 10)) < 1e-6, { message: 'hoogstens één decimaal' })
    .describe(description);

const QUARTER_PATTERN = /^(20\d{2}|21\d{2})-Q[1-4]$/;
const quarter = z.string().regex(QUARTER_PATTERN, 'verwacht een kwartaal als JJJJ-Q1 … JJJJ-Q4').describe('Kwartaal (JJJJ-Q1 … JJJJ-Q4)');

/** The longest history one case keeps: 15 years of quarters; a longer contract starts a new case. */
export const MAX_QUARTERS = 60;

// ---------------------------------------------------------------------------------------------
// Schemas

export const startSchema = z
  .object({
    provider: providerCode('Code van de aanbieder (geen persoonsnaam)', { min: 2 }),
    firstQuarter: quarter.describe('Eerste kwartaal van de monitoring (JJJJ-Q1 … JJJJ-Q4)'),
  })
  .strict();
export type KpiStoplightStart = z.infer<typeof startSchema>;

const kpisRecordedSchema = z
  .object({
    quarter: quarter.describe('Kwartaal van de meting (JJJJ-Q1 … JJJJ-Q4)'),
    measuredOn: isoDate('Datum van de kwartaalrapportage'),
    clientSatisfaction: score('Cliënttevredenheid: cijfer 1–10 (rood ≤ 5,5; oranje 5,6–6,9; groen ≥ 7)'),
    ceo: score('CEO (cliëntervaringsonderzoek): cijfer 1–10 (rood ≤ 5,5; oranje 5,6–6,9; groen ≥ 7)'),
    waitingWithinTenWorkingDaysPercent: percent('Wachttijden: percentage binnen 10 werkdagen (rood < 80%; oranje 80–89%; groen ≥ 90%)'),
    sroi: z
      .object({
        realisedPercent: percent('SROI: gerealiseerd percentage'),
        targetPercent: percent('SROI: norm (percentage)'),
      })
      .strict()
      .optional()
      .describe('SROI: gerealiseerd tegenover de norm (leeg als er geen SROI-verplichting is)'),
  })
  .strict();

const resultsDiscussedSchema = z
  .object({
    discussedOn: isoDate('Datum van het tactisch overleg'),
    conclusion: freeText('Conclusie en eventuele acties', { min: 10 }),
  })
  .strict();

const planRequestedSchema = z
  .object({
    requestedOn: isoDate('Datum van het verzoek om een verbeterplan'),
    shortcomings: freeText('Welke resultaten onvoldoende zijn', { min: 10 }),
  })
  .strict();

const planSubmittedSchema = z
  .object({
    submittedOn: isoDate('Datum van het verbeterplan'),
    shortcomings: freeText('Tekortkomingen volgens het plan', { min: 10 }),
    solutions: freeText('Oplossingen', { min: 10 }),
    terms: freeText('Termijnen waarbinnen de verbeteringen zijn gerealiseerd', { min: 5 }),
  })
  .strict();

const improvementAssessedSchema = z
  .object({
    assessedOn: isoDate('Datum van de beoordeling'),
    sufficient: z.boolean().describe('Leidt het verbeterplan tot voldoende verbetering?'),
    explanation: freeText('Toelichting op de beoordeling', { min: 10 }),
  })
  .strict();

const monitoringEndedSchema = z
  .object({
    endedOn: isoDate('Datum waarop de monitoring eindigt'),
    reason: freeText('Reden (bijv. einde overeenkomst)', { min: 10 }),
  })
  .strict();

// ---------------------------------------------------------------------------------------------
// Context

export interface QuarterRecord extends z.infer<typeof kpisRecordedSchema> {
  bands: { clientSatisfaction: Band; ceo: Band; waitingTime: Band; sroi?: Band };
  recordedAt: string;
}

export interface KpiStoplightContext {
  caseId: string;
  provider: string;
  firstQuarter: string;
  /** Every quarter recorded, oldest first: the stoplight over time. */
  quarters: QuarterRecord[];
  /** The red KPIs of the quarter that made the case red. */
  redKpis: Kpi[];
  redQuarter?: string;
  discussions: (z.infer<typeof resultsDiscussedSchema> & { quarter?: string; at: string })[];
  planRequest?: z.infer<typeof planRequestedSchema> & { at: string };
  plan?: z.infer<typeof planSubmittedSchema> & { at: string };
  assessment?: z.infer<typeof improvementAssessedSchema> & { at: string };
  suggestedEscalation?: SuggestedEscalation;
  escalation?: { escalationCase: string; startedOn: string; linkedAt: string } | { waived: string; waivedAt: string };
  ended?: z.infer<typeof monitoringEndedSchema>;
}

export type NotifyTemplate = keyof typeof kpiStoplightMail;
export interface NotifyParams {
  template: NotifyTemplate;
  to: readonly Role[];
}

/** The bands of one quarter's measurement. */
export function bandsOf(m: z.infer<typeof kpisRecordedSchema>): QuarterRecord['bands'] {
  return {
    clientSatisfaction: scoreBand(m.clientSatisfaction),
    ceo: scoreBand(m.ceo),
    waitingTime: waitingTimeBand(m.waitingWithinTenWorkingDaysPercent),
    ...(m.sroi ? { sroi: sroiBand(m.sroi.realisedPercent, m.sroi.targetPercent) } : {}),
  };
}

export const redKpisOf = (bands: QuarterRecord['bands']): Kpi[] => KPIS.filter((k) => bands[k] === 'rood');

// ---------------------------------------------------------------------------------------------
// Machine

const meta = (m: StateMeta): StateMeta => m;

export const kpiStoplightEvents = {
  'kpis.recorded': {
    label: 'KPI’s van het kwartaal vastgelegd',
    roles: ['contractbeheer', 'contractmanager'],
    schema: kpisRecordedSchema,
    rule: `${NORMS_RULE}; ${QUARTERLY_RULE}`,
    description: 'Cliënttevredenheid, CEO, wachttijden en SROI van één kwartaal; jeugdflow kleurt ze volgens de normen van 002 §3.1.2.',
  },
  'results.discussed': {
    label: 'Resultaten besproken in het tactisch overleg',
    roles: ['contractmanager'],
    schema: resultsDiscussedSchema,
    rule: DISCUSSION_RULE,
    description: 'Ook bij rood kan de contractmanager na bespreking afzien van een verbeterplan ("kan ... leiden").',
  },
  'improvementPlan.requested': {
    label: 'Verbeterplan gevraagd',
    roles: ['contractmanager'],
    schema: planRequestedSchema,
    rule: PLAN_RULE,
  },
  'improvementPlan.submitted': {
    label: 'Verbeterplan ingediend',
    roles: ['aanbieder'],
    schema: planSubmittedSchema,
    rule: PLAN_RULE,
    description: 'Het plan noemt de tekortkomingen, de oplossingen en de termijnen.',
  },
  'improvement.assessed': {
    label: 'Verbetering beoordeeld',
    roles: ['contractmanager'],
    schema: improvementAssessedSchema,
    rule: FURTHER_STEPS_RULE,
  },
  'escalation.linked': {
    label: 'Escalatieladder gestart en gekoppeld',
    roles: ['contractmanager'],
    schema: escalationLinkedSchema,
    rule: FURTHER_STEPS_RULE,
    description: 'Het zaaknummer van de escalatieladder die vanuit deze zaak is gestart.',
  },
  'escalation.waived': {
    label: 'Geen escalatieladder gestart',
    roles: ['contractmanager'],
    schema: escalationWaivedSchema,
    rule: FURTHER_STEPS_RULE,
    description: 'De contractmanager neemt geen verdere stappen ("kan"), met reden.',
  },
  'monitoring.ended': {
    label: 'Monitoring beëindigd',
    roles: ['contractmanager'],
    schema: monitoringEndedSchema,
    rule: `${QUARTERLY_RULE} (keuze: de zaak loopt tot het einde van de overeenkomst)`,
  },
} as const satisfies EventTable;
export type KpiStoplightEvent = EventsOf<typeof kpiStoplightEvents>;

/** Every quarter is recorded once, in any state but the end; a red quarter is handled in `measuring`. */
const recordQuarter = { guard: 'isNewQuarter', actions: 'recordQuarter' } as const;

export const kpiStoplightMachine = setup({
  types: {} as { context: KpiStoplightContext; events: KpiStoplightEvent; input: MachineInput<KpiStoplightStart> },
  guards: {
    isNewQuarter: ({ context, event }) => {
      assertEvent(event, 'kpis.recorded');
      const q = event.payload.quarter;
      return q >= context.firstQuarter && context.quarters.length < MAX_QUARTERS && !context.quarters.some((r) => r.quarter === q);
    },
    hasRedKpi: ({ context, event }) => {
      assertEvent(event, 'kpis.recorded');
      const q = event.payload.quarter;
      const isNew = q >= context.firstQuarter && context.quarters.length < MAX_QUARTERS && !context.quarters.some((r) => r.quarter === q);
      return isNew && redKpisOf(bandsOf(event.payload)).length > 0;
    },
    isImprovementSufficient: ({ event }) => {
      assertEvent(event, 'improvement.assessed');
      return event.payload.sufficient;
    },
  },
  actions: {
    notify: (_, _params: NotifyParams) => {},
    recordQuarter: assign({
      quarters: ({ context, event }) => {
        assertEvent(event, 'kpis.recorded');
        const record: QuarterRecord = stamped(event.payload, { bands: bandsOf(event.payload), recordedAt: event.at });
        return [...context.quarters, record].sort((a, b) => a.quarter.localeCompare(b.quarter));
      },
    }),
    markRed: assign(({ event }) => {
      assertEvent(event, 'kpis.recorded');
      return { redKpis: redKpisOf(bandsOf(event.payload)), redQuarter: event.payload.quarter };
    }),
    recordDiscussion: assign({
      discussions: ({ context, event }) => {
        assertEvent(event, 'results.discussed');
        return [...context.discussions, stamped(stamped(event.payload, context.redQuarter ? { quarter: context.redQuarter } : {}), { at: event.at })].slice(-MAX_QUARTERS);
      },
    }),
    clearRed: assign({ redKpis: [], redQuarter: undefined }),
    recordPlanRequest: assign(({ event }) => {
      assertEvent(event, 'improvementPlan.requested');
      return { planRequest: stamped(event.payload, { at: event.at }), plan: undefined, assessment: undefined, suggestedEscalation: undefined, escalation: undefined };
    }),
    recordPlan: assign(({ event }) => {
      assertEvent(event, 'improvementPlan.submitted');
      return { plan: stamped(event.payload, { at: event.at }) };
    }),
    recordAssessment: assign(({ event }) => {
      assertEvent(event, 'improvement.assessed');
      return { assessment: stamped(event.payload, { at: event.at }) };
    }),
    suggestLadder: assign(({ context, event }) => ({
      suggestedEscalation: suggestEscalation({
        caseId: context.caseId,
        provider: context.provider,
        category: 'kwaliteit',
        reason: 'Het verbeterplan leidde tot onvoldoende verbetering (002 §3.1.4): verdere stappen conform artikel 8.2.',
        description: `KPI's onvoldoende (rood: ${context.redKpis.map((k) => KPI_LABELS[k]).join(', ') || 'zie zaak'}, kwartaal ${context.redQuarter ?? '?'}); het verbeterplan leidde tot onvoldoende verbetering.`,
        at: event.at,
      }),
    })),
    recordEscalationLinked: assign(({ event }) => {
      assertEvent(event, 'escalation.linked');
      return { escalation: { escalationCase: event.payload.escalationCase, startedOn: event.payload.startedOn, linkedAt: event.at } };
    }),
    recordEscalationWaived: assign(({ event }) => {
      assertEvent(event, 'escalation.waived');
      return { escalation: { waived: event.payload.reason, waivedAt: event.at } };
    }),
    recordEnd: assign(({ event }) => {
      assertEvent(event, 'monitoring.ended');
      return { ended: event.payload };
    }),
  },
}).createMachine({
  id: 'kpiStoplight',
  meta: meta({ label: 'KPI-stoplicht', waitingOn: [], rule: NORMS_RULE }),
  context: ({ input }) => ({
    caseId: input.caseId,
    provider: input.data.provider,
    firstQuarter: input.data.firstQuarter,
    quarters: [],
    redKpis: [],
    discussions: [],
  }),
  initial: 'measuring',
  states: {
    measuring: {
      meta: meta({ label: 'KPI’s worden per kwartaal gevolgd', waitingOn: ['contractbeheer'], rule: QUARTERLY_RULE }),
      on: {
        'kpis.recorded': [
          {
            guard: 'hasRedKpi',
            target: 'red',
            actions: ['recordQuarter', 'markRed', { type: 'notify', params: { template: 'kpi-red', to: ['contractmanager', 'aanbieder'] } }],
          },
          recordQuarter,
        ],
        'results.discussed': { actions: 'recordDiscussion' },
        'monitoring.ended': { target: 'ended', actions: 'recordEnd' },
      },
    },
    red: {
      meta: meta({ label: 'Rood: bespreken en zo nodig een verbeterplan vragen', waitingOn: ['contractmanager'], rule: `${DISCUSSION_RULE}; ${PLAN_RULE}` }),
      on: {
        'kpis.recorded': recordQuarter,
        'improvementPlan.requested': {
          target: 'improvementPlan',
          actions: ['recordPlanRequest', { type: 'notify', params: { template: 'plan-requested', to: ['aanbieder'] } }],
        },
        'results.discussed': { target: 'measuring', actions: ['recordDiscussion', 'clearRed'] },
      },
    },
    improvementPlan: {
      meta: meta({ label: 'Verbeterplan', waitingOn: ['aanbieder'], rule: PLAN_RULE }),
      initial: 'awaitingPlan',
      on: { 'kpis.recorded': recordQuarter },
      states: {
        awaitingPlan: {
          // The seed sets no term for the plan: the state names who must act.
          meta: meta({ label: 'Wacht op verbeterplan van de aanbieder', waitingOn: ['aanbieder'], rule: `${PLAN_RULE} (de bron noemt geen termijn)` }),
          on: {
            'improvementPlan.submitted': {
              target: 'running',
              actions: ['recordPlan', { type: 'notify', params: { template: 'plan-submitted', to: ['contractmanager'] } }],
            },
          },
        },
        running: {
          meta: meta({ label: 'Verbeterplan loopt; de contractmanager beoordeelt de verbetering', waitingOn: ['contractmanager'], rule: FURTHER_STEPS_RULE }),
          on: {
            'improvement.assessed': [
              { guard: 'isImprovementSufficient', target: '#kpiStoplight.measuring', actions: ['recordAssessment', 'clearRed'] },
              {
                target: '#kpiStoplight.escalationOffered',
                actions: ['recordAssessment', 'suggestLadder', { type: 'notify', params: { template: 'improvement-insufficient', to: ['contractmanager'] } }],
              },
            ],
          },
        },
      },
    },
    escalationOffered: {
      meta: meta({ label: 'Onvoldoende verbetering: escalatieladder aangeboden', waitingOn: ['contractmanager'], rule: FURTHER_STEPS_RULE }),
      on: {
        'kpis.recorded': recordQuarter,
        'escalation.linked': { target: 'measuring', actions: ['recordEscalationLinked', 'clearRed'] },
        'escalation.waived': { target: 'measuring', actions: ['recordEscalationWaived', 'clearRed'] },
      },
    },
    ended: {
      type: 'final',
      meta: meta({ label: 'Monitoring beëindigd', waitingOn: [], rule: QUARTERLY_RULE }),
    },
  },
});

// ---------------------------------------------------------------------------------------------
// Definition

export const kpiStoplight = defineProcedure({
  id: 'kpi-stoplight',
  version: 1,
  title: 'KPI-stoplicht',
  description:
    'Per aanbieder en per kwartaal worden cliënttevredenheid, CEO, wachttijden (binnen 10 werkdagen) en SROI vastgelegd en gekleurd ' +
    'volgens de normen van 002 §3.1.2: rood (onvoldoende), oranje (twijfelachtig) of groen (goed). Bij rood bespreekt de contractmanager ' +
    'de resultaten en kan hij om een verbeterplan vragen; leidt het verbeterplan tot onvoldoende verbetering, dan biedt de zaak aan een ' +
    'escalatieladder te starten (artikel 8.2), gekoppeld aan deze zaak. Doelrealisatie en uitval hebben nog geen norm (nader te bepalen).',
  seed: SEED,
  machine: kpiStoplightMachine,
  mail: kpiStoplightMail,
  startRoles: ['contractmanager', 'contractbeheer'],
  startSchema,
  events: kpiStoplightEvents,
  guards: {
    isNewQuarter: {
      description: 'elk kwartaal wordt één keer vastgelegd, niet vóór het eerste kwartaal van de zaak en hoogstens 60 kwartalen per zaak',
      rule: QUARTERLY_RULE,
    },
    hasRedKpi: {
      description: 'ten minste één KPI van dit (nieuwe) kwartaal staat op rood (onvoldoende)',
      rule: NORMS_RULE,
    },
    isImprovementSufficient: {
      description: 'het verbeterplan leidde tot voldoende verbetering',
      rule: FURTHER_STEPS_RULE,
    },
  },
});
