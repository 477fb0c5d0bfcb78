// Melding van de aanbieder aan de contractmanager (002 Protocol contractmanagement GR Jeugdhulp Rijnmond): what a
// provider must report to its contract manager, one report per case.
// - Signals via the Inspectie (IGJ), incidents and calamities (§3.1.4, art. 6.1.2): reported, then assessed by
//   the contract manager (no action, discussed with the provider, or an escalation ladder started, linked).
// - A threatened suspension of payments or bankruptcy (§3.2.2), "per direct": the days between knowing and
//   reporting are recorded; together they look at support or the transition of clients to another provider.
// - A subcontractor (§2.2.2) must be known "voor aanvang hulp": a report on or before the day the subcontractor's
//   help starts is taken note of; a later one is recorded as not allowed and assessed.
// The seed gives no term for any of these steps: every open state names who must act (waitingOn). Every report
// leaves a monitoring signal for contract management (`jeugdflow signals`).
import { assertEvent, assign, setup } from 'xstate';
import { z } from 'zod';
import { daysInclusive } from './dates.ts';
import { providerReportMail } from './providerReport.mail.ts';
import { freeText, isoDate, providerCode, shortText } from './schemas.ts';
import { defineProcedure, type EventTable, type EventsOf, type MachineInput, type Role, type StateMeta } from './types.ts';
import { stamped, type Stamped } from './immutable.ts';

const SEED = '002 Protocol contractmanagement GR Jeugdhulp Rijnmond, §2.2.2, §3.1.4 (art. 6.1.2) en §3.2.2 (Dreigende surseance van betaling / faillissement)';

export const SIGNAL_RULE =
  '002 §3.1.4 (art. 6.1.2): "Signalen via de Inspectie; (u dient deze te melden aan uw contractmanager)" en ' +
  '"Incidenten en Calamiteiten; (artikel 3.10 en 3.11 van de overeenkomst) (u dient deze te melden aan uw contractmanager)"';
export const DISTRESS_RULE =
  '002 §3.2.2 Dreigende surseance van betaling / faillissement: "Wij verzoeken u met klem in het geval er surseance van betaling of faillissement dreigt dit per direct kenbaar te maken bij uw contractmanager."';
export const DISTRESS_STEPS_RULE =
  '002 §3.2.2 Dreigende surseance van betaling / faillissement: "Gezamenlijk met u contractmanager kan er gekeken worden welke mogelijkheden er zijn om u als Opdrachtnemer te ondersteunen of de transitie van uw cliënten naar een andere Opdrachtnemer te faciliteren."';
export const SUBCONTRACTOR_RULE =
  '002 §2.2.2 Onderaannemerschap (artikel 2.11 van de overeenkomst): "Het is niet toegestaan om gebruik te maken van een Onderaannemer die niet voor aanvang hulp bij opdrachtgever bekend is gemaakt."';

// ---------------------------------------------------------------------------------------------
// Schemas

export const startSchema = z
  .object({
    provider: providerCode('Code van de aanbieder (geen persoon)'),
  })
  .strict();
export type ProviderReportStart = z.infer<typeof startSchema>;

const CASE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const SIGNAL_CATEGORIES = ['inspectie-signaal', 'incident', 'calamiteit'] as const;
const signalSchema = z
  .object({
    category: z.enum(SIGNAL_CATEGORIES).describe('Soort melding: signaal via de Inspectie, incident of calamiteit'),
    occurredOn: isoDate('Datum van het signaal, incident of de calamiteit'),
    reportedOn: isoDate('Datum van de melding aan de contractmanager'),
    description: freeText('Wat er is gebeurd en welke maatregelen de aanbieder nam (zonder persoonsgegevens)', { min: 20 }),
  })
  .strict()
  .refine((d) => d.occurredOn <= d.reportedOn, { message: 'de melding volgt op het signaal, niet ervoor', path: ['occurredOn'] });

export const ASSESSMENT_OUTCOMES = ['geen-actie', 'besproken-met-aanbieder', 'escalatieladder-gestart'] as const;
const assessedSchema = z
  .object({
    outcome: z.enum(ASSESSMENT_OUTCOMES).describe('Wat de contractmanager met de melding doet'),
    reason: freeText('Motivering', { min: 10 }),
    escalationCaseId: z.string().regex(CASE_ID, 'verwacht een zaaknummer').optional().describe('Zaaknummer van de gestarte escalatieladder (bij die uitkomst)'),
  })
  .strict()
  .refine((d) => (d.outcome === 'escalatieladder-gestart') === (d.escalationCaseId !== undefined), {
    message: 'noem het zaaknummer van de escalatieladder precies wanneer die is gestart',
    path: ['escalationCaseId'],
  });

export const THREATS = ['surseance-van-betaling', 'faillissement'] as const;
const distressSchema = z
  .object({
    threat: z.enum(THREATS).describe('Wat dreigt: surseance van betaling of faillissement'),
    knownOn: isoDate('Datum waarop de aanbieder wist dat het dreigt'),
    reportedOn: isoDate('Datum van de melding aan de contractmanager'),
    explanation: freeText('Toelichting op de financiële situatie', { min: 20 }),
  })
  .strict()
  .refine((d) => d.knownOn <= d.reportedOn, { message: 'de melding volgt op het moment dat de dreiging bekend werd', path: ['knownOn'] });

export const DISTRESS_DECISIONS = ['ondersteunen', 'transitie-clienten'] as const;
const discussedSchema = z
  .object({
    date: isoDate('Datum van het overleg met de aanbieder'),
    decision: z.enum(DISTRESS_DECISIONS).describe('Afspraak: de aanbieder ondersteunen, of de transitie van cliënten naar een andere aanbieder faciliteren'),
    agreements: freeText('De gemaakte afspraken', { min: 10 }),
  })
  .strict();

const datedNoteSchema = (what: string) =>
  z
    .object({
      date: isoDate(`Datum: ${what}`),
      note: freeText('Toelichting', { min: 5 }),
    })
    .strict();

const subcontractorSchema = z
  .object({
    subcontractor: shortText('Naam of KvK-nummer van de onderaannemer (een organisatie)', { min: 2 }),
    careStartsOn: isoDate('Datum waarop de onderaannemer met de hulp begint (of begon)'),
    reportedOn: isoDate('Datum waarop de onderaannemer bij de opdrachtgever bekend is gemaakt'),
    scope: freeText('Welk deel van de jeugdhulp de onderaannemer levert (zonder persoonsgegevens)', { min: 5, max: 1000 }),
  })
  .strict();

const acknowledgedSchema = z.object({ note: freeText('Toelichting (optioneel)').optional().describe('Toelichting (optioneel)') }).strict();

// ---------------------------------------------------------------------------------------------
// Context

type Recorded<T> = Stamped<T, { recordedAt: string; recordedBy: string }>;

export const REPORT_KINDS = [...SIGNAL_CATEGORIES, ...THREATS, 'onderaannemer'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** Monitoring signal for contract management (counted per provider by `jeugdflow signals`). */
export interface ProviderReportSignal {
  outcome: ReportKind;
  category: string;
}

export interface ProviderReportContext {
  caseId: string;
  provider: string;
  signalReport?: Recorded<z.infer<typeof signalSchema>>;
  distress?: Recorded<z.infer<typeof distressSchema>> & {
    /** "per direct": calendar days from knowing to reporting (0 = the same day). */
    daysToReport: number;
  };
  subcontractor?: Recorded<z.infer<typeof subcontractorSchema>> & { knownBeforeCare: boolean };
  assessment?: Recorded<z.infer<typeof assessedSchema>>;
  discussion?: Recorded<z.infer<typeof discussedSchema>>;
  averted?: Recorded<z.infer<ReturnType<typeof datedNoteSchema>>>;
  transitionStarted?: Recorded<z.infer<ReturnType<typeof datedNoteSchema>>>;
  transitionCompleted?: Recorded<z.infer<ReturnType<typeof datedNoteSchema>>>;
  signal?: ProviderReportSignal;
}

export interface NotifyParams {
  template: keyof typeof providerReportMail;
  to: readonly Role[];
}

// ---------------------------------------------------------------------------------------------
// Events

export const providerReportEvents = {
  'signal.reported': {
    label: 'Signaal via de Inspectie, incident of calamiteit gemeld',
    roles: ['aanbieder', 'contractmanager'],
    schema: signalSchema,
    rule: SIGNAL_RULE,
    description: 'De aanbieder meldt dit aan de contractmanager; de contractmanager kan een telefonische melding ook zelf vastleggen.',
  },
  'financialDistress.reported': {
    label: 'Dreigende surseance van betaling of faillissement gemeld',
    roles: ['aanbieder', 'contractmanager'],
    schema: distressSchema,
    rule: DISTRESS_RULE,
    description: 'Per direct te melden aan de contractmanager.',
  },
  'subcontractor.reported': {
    label: 'Onderaannemer bekendgemaakt',
    roles: ['aanbieder', 'contractmanager'],
    schema: subcontractorSchema,
    rule: SUBCONTRACTOR_RULE,
    description: 'Vóór aanvang van de hulp door de onderaannemer.',
  },
  'signal.assessed': {
    label: 'Melding beoordeeld door de contractmanager',
    roles: ['contractmanager'],
    schema: assessedSchema,
    rule: `${SIGNAL_RULE}; ${SUBCONTRACTOR_RULE}`,
    description: 'Geen actie, besproken met de aanbieder, of een escalatieladder gestart (met het zaaknummer).',
  },
  'subcontractor.acknowledged': {
    label: 'Onderaannemer opgenomen in de administratie',
    roles: ['contractmanager', 'contractbeheer'],
    schema: acknowledgedSchema,
    rule: SUBCONTRACTOR_RULE,
  },
  'distress.discussed': {
    label: 'Mogelijkheden besproken met de aanbieder (ondersteunen of transitie van cliënten)',
    roles: ['contractmanager'],
    schema: discussedSchema,
    rule: DISTRESS_STEPS_RULE,
  },
  'distress.averted': {
    label: 'Dreiging afgewend',
    roles: ['contractmanager'],
    schema: datedNoteSchema('de dreiging is afgewend'),
    rule: `${DISTRESS_STEPS_RULE} (keuze: de zaak sluit als de dreiging is afgewend)`,
  },
  'transition.started': {
    label: 'Transitie van cliënten naar een andere aanbieder gestart',
    roles: ['contractmanager'],
    schema: datedNoteSchema('start van de transitie'),
    rule: DISTRESS_STEPS_RULE,
  },
  'transition.completed': {
    label: 'Transitie van cliënten afgerond',
    roles: ['contractmanager'],
    schema: datedNoteSchema('de transitie is afgerond'),
    rule: DISTRESS_STEPS_RULE,
  },
} as const satisfies EventTable;
export type ProviderReportEvent = EventsOf<typeof providerReportEvents>;

// ---------------------------------------------------------------------------------------------
// Machine

const meta = (m: StateMeta): StateMeta => m;
const recorded = <T extends object>(payload: T, event: { at: string; actor: { userId: string } }): Recorded<T> =>
  stamped(payload, { recordedAt: event.at, recordedBy: event.actor.userId });

const startTransition = {
  target: '#providerReport.distress.transition',
  actions: ['recordTransitionStarted', { type: 'notify', params: { template: 'transition-started', to: ['aanbieder', 'casusregisseur'] } }],
} as const;

export const providerReportMachine = setup({
  types: {} as { context: ProviderReportContext; events: ProviderReportEvent; input: MachineInput<ProviderReportStart> },
  guards: {
    isKnownBeforeCare: ({ event }) => {
      assertEvent(event, 'subcontractor.reported');
      return event.payload.reportedOn <= event.payload.careStartsOn;
    },
    isTransitionChosen: ({ event }) => {
      assertEvent(event, 'distress.discussed');
      return event.payload.decision === 'transitie-clienten';
    },
  },
  actions: {
    notify: (_, _params: NotifyParams) => {},
    recordSignal: assign(({ event }) => {
      assertEvent(event, 'signal.reported');
      return { signalReport: recorded(event.payload, event), signal: { outcome: event.payload.category, category: 'gemeld' } };
    }),
    recordDistress: assign(({ event }) => {
      assertEvent(event, 'financialDistress.reported');
      const p = event.payload;
      return { distress: stamped(recorded(p, event), { daysToReport: daysInclusive(p.knownOn, p.reportedOn) - 1 }), signal: { outcome: p.threat, category: 'gemeld' } };
    }),
    recordSubcontractor: assign(({ event }) => {
      assertEvent(event, 'subcontractor.reported');
      const knownBeforeCare = event.payload.reportedOn <= event.payload.careStartsOn;
      return {
        subcontractor: stamped(recorded(event.payload, event), { knownBeforeCare }),
        signal: { outcome: 'onderaannemer' as const, category: knownBeforeCare ? 'tijdig-bekend' : 'niet-voor-aanvang-hulp-bekend' },
      };
    }),
    recordAssessment: assign(({ context, event }) => {
      assertEvent(event, 'signal.assessed');
      return { assessment: recorded(event.payload, event), signal: { outcome: context.signal!.outcome, category: event.payload.outcome } };
    }),
    recordDiscussion: assign(({ context, event }) => {
      assertEvent(event, 'distress.discussed');
      return { discussion: recorded(event.payload, event), signal: { outcome: context.signal!.outcome, category: event.payload.decision } };
    }),
    recordAverted: assign(({ context, event }) => {
      assertEvent(event, 'distress.averted');
      return { averted: recorded(event.payload, event), signal: { outcome: context.signal!.outcome, category: 'afgewend' } };
    }),
    recordTransitionStarted: assign(({ context, event }) => {
      assertEvent(event, 'transition.started');
      return { transitionStarted: recorded(event.payload, event), signal: { outcome: context.signal!.outcome, category: 'transitie-clienten' } };
    }),
    recordTransitionCompleted: assign(({ event }) => {
      assertEvent(event, 'transition.completed');
      return { transitionCompleted: recorded(event.payload, event) };
    }),
  },
}).createMachine({
  id: 'providerReport',
  meta: meta({ label: 'Melding van de aanbieder aan de contractmanager', waitingOn: [], rule: SIGNAL_RULE }),
  context: ({ input }) => ({ caseId: input.caseId, provider: input.data.provider }),
  initial: 'reporting',
  states: {
    reporting: {
      meta: meta({ label: 'Wacht op de melding van de aanbieder', waitingOn: ['aanbieder'], rule: SIGNAL_RULE }),
      on: {
        'signal.reported': {
          target: 'assessing',
          actions: ['recordSignal', { type: 'notify', params: { template: 'signal-reported', to: ['contractmanager'] } }],
        },
        'financialDistress.reported': {
          target: 'distress',
          actions: ['recordDistress', { type: 'notify', params: { template: 'distress-reported', to: ['contractmanager', 'opdrachtgever-besluit'] } }],
        },
        'subcontractor.reported': [
          {
            guard: 'isKnownBeforeCare',
            target: 'subcontractorKnown',
            actions: ['recordSubcontractor', { type: 'notify', params: { template: 'subcontractor-reported', to: ['contractmanager', 'contractbeheer'] } }],
          },
          {
            target: 'subcontractorLate',
            actions: ['recordSubcontractor', { type: 'notify', params: { template: 'subcontractor-late', to: ['contractmanager', 'aanbieder'] } }],
          },
        ],
      },
    },
    assessing: {
      meta: meta({ label: 'Contractmanager beoordeelt de melding', waitingOn: ['contractmanager'], rule: SIGNAL_RULE }),
      on: { 'signal.assessed': { target: 'closed', actions: 'recordAssessment' } },
    },
    distress: {
      meta: meta({ label: 'Dreigende surseance of faillissement: mogelijkheden bekijken', waitingOn: ['contractmanager', 'aanbieder'], rule: DISTRESS_STEPS_RULE }),
      initial: 'discussing',
      states: {
        discussing: {
          meta: meta({ label: 'Overleg met de aanbieder: ondersteunen of transitie van cliënten', waitingOn: ['contractmanager', 'aanbieder'], rule: DISTRESS_STEPS_RULE }),
          on: {
            'distress.discussed': [
              { guard: 'isTransitionChosen', target: 'transition', actions: ['recordDiscussion', { type: 'notify', params: { template: 'transition-started', to: ['aanbieder', 'casusregisseur'] } }] },
              { target: 'support', actions: 'recordDiscussion' },
            ],
          },
        },
        support: {
          meta: meta({ label: 'De aanbieder wordt ondersteund', waitingOn: ['contractmanager', 'aanbieder'], rule: DISTRESS_STEPS_RULE }),
          on: {
            'distress.averted': { target: '#providerReport.closed', actions: 'recordAverted' },
            'transition.started': startTransition,
          },
        },
        transition: {
          meta: meta({ label: 'Transitie van cliënten naar een andere aanbieder', waitingOn: ['contractmanager', 'aanbieder'], rule: DISTRESS_STEPS_RULE }),
          on: { 'transition.completed': { target: '#providerReport.closed', actions: 'recordTransitionCompleted' } },
        },
      },
    },
    subcontractorKnown: {
      meta: meta({ label: 'Onderaannemer tijdig bekendgemaakt: opnemen in de administratie', waitingOn: ['contractmanager'], rule: SUBCONTRACTOR_RULE }),
      on: { 'subcontractor.acknowledged': { target: 'closed' } },
    },
    subcontractorLate: {
      meta: meta({ label: 'Onderaannemer niet vóór aanvang hulp bekendgemaakt: beoordelen', waitingOn: ['contractmanager'], rule: SUBCONTRACTOR_RULE }),
      on: { 'signal.assessed': { target: 'closed', actions: 'recordAssessment' } },
    },
    closed: {
      type: 'final',
      meta: meta({ label: 'Afgehandeld', waitingOn: [], rule: SIGNAL_RULE }),
    },
  },
});

// ---------------------------------------------------------------------------------------------
// Definition

export const providerReport = defineProcedure({
  id: 'provider-report',
  version: 1,
  title: 'Melding van de aanbieder',
  description:
    'Wat een aanbieder aan de contractmanager moet melden: signalen via de Inspectie, incidenten en calamiteiten (de contractmanager beoordeelt ' +
    'ze en kan een escalatieladder starten); een dreigende surseance van betaling of faillissement, per direct (samen bekijken ze ondersteuning ' +
    'of de transitie van cliënten naar een andere aanbieder); en een onderaannemer, die vóór aanvang van de hulp bekend moet zijn. Elke melding ' +
    'telt als signaal voor contractmanagement.',
  seed: SEED,
  machine: providerReportMachine,
  mail: providerReportMail,
  startRoles: ['aanbieder', 'contractmanager'],
  startSchema,
  events: providerReportEvents,
  monitoringSignal: (context: ProviderReportContext) => context.signal,
  guards: {
    isKnownBeforeCare: {
      description: 'de onderaannemer is bekendgemaakt op of vóór de dag waarop zijn hulp begint (anders wordt de melding vastgelegd als niet toegestaan)',
      rule: `${SUBCONTRACTOR_RULE} (keuze: dezelfde dag telt als vóór aanvang)`,
    },
    isTransitionChosen: {
      description: 'de afgesproken uitkomst is de transitie van cliënten naar een andere aanbieder',
      rule: DISTRESS_STEPS_RULE,
    },
  },
});
