// P5 — Escalatieladder (seed 003, SDFL). Pure law: no timers, no I/O. Deadlines live in state meta;
// the engine starts the timers and sends the `*.expired` events (role `system`).
import { and, assertEvent, assign, not, setup } from 'xstate';
import { z } from 'zod';
import { amsterdamDay } from './dates.ts';
import { escalationLadderMail } from './escalationLadder.mail.ts';
import { stamped } from './immutable.ts';
import { freeText, isoDate, providerCode, shortText, workingDays } from './schemas.ts';
import { defineProcedure } from './types.ts';
import type {
  Actor,
  DeadlineDefinition,
  EventTable,
  EventsOf,
  GuardDefinition,
  MachineInput,
  Role,
  StateMeta,
} from './types.ts';

// ---------------------------------------------------------------------------------------------
// Seed rules (section names quoted from 003)

const RULE = {
  trigger: '003 Escalatie: de escalatieladder treedt in werking bij signalen over (dreigende) niet-nakoming',
  hearing: '003 Escalatie, uitgangspunt "Onderzoek en wederhoor"',
  grading: '003 Escalatie, uitgangspunt "Maatwerk in inschaling" (stappen overslaan of hoger instappen)',
  restraint: '003 Escalatie, uitgangspunt "Terughoudendheid"',
  rung1: '003 Escalatieladder, trede 1 "Verhogen intensiteit contractmanagement"',
  rung1Term: '003 Escalatieladder, trede 1 "Verhogen intensiteit contractmanagement": reactie binnen 15 werkdagen (of korter bij acute risico\'s)',
  rung2: '003 Escalatieladder, trede 2 "Opstellen en uitvoeren verbeterplan"',
  rung2Term: '003 Escalatieladder, trede 2 "Opstellen en uitvoeren verbeterplan": termijn voor het plan (keuze, standaard 15 werkdagen)',
  rung3: '003 Escalatieladder, trede 3 "Ingebrekestelling"',
  rung3Letter:
    '003 Escalatieladder, trede 3 "Ingebrekestelling": "Formele aanzegging via aangetekende brief door SDFL waarin tekortkoming, redelijke hersteltermijn en juridische consequenties van verzuim zijn benoemd"',
  recoveryTerm:
    '003 Escalatieladder, trede 3 "Ingebrekestelling": "redelijke hersteltermijn" in de aangetekende brief; de termijn telt vanaf de dagtekening van die brief',
  rung4: '003 Escalatieladder, trede 4 "Opschorting betaling": "Indien herstel uitblijft na ingebrekestelling, worden de betalingen geheel of gedeeltelijk opgeschort conform Art. 6:52 BW"',
  rung4Early:
    '003 Escalatieladder, trede 4 "Opschorting betaling": "Indien herstel uitblijft na ingebrekestelling" — vóór het einde van de hersteltermijn alleen als de aanbieder schriftelijk heeft verklaard niet te zullen herstellen',
  rung5: '003 Escalatieladder, trede 5 "Cliëntenstop en/of overdracht van cliënten"',
  rung6: '003 Escalatieladder, trede 6 "Financiële sancties (terugvordering en boete)": boete maximaal 5% van de regionale omzet',
  rung7: '003 Escalatieladder, trede 7 "Beëindiging overeenkomst"',
  rung7Dissolution: '003 Escalatieladder, trede 7 "Beëindiging overeenkomst": ontbinding per direct ingeval van vastgestelde fraude of ernstige misstanden',
  measures: '003 Escalatieladder, treden 3 t/m 7 (formele maatregelen)',
  objection: '003 Escalatieladder, proportionaliteit: "De jeugdhulpaanbieder kan binnen 5 werkdagen na een formele maatregel (vanaf escalatieladder trede 3) schriftelijk bezwaar maken tegen de gekozen trede."',
  objectionDecision:
    '003 Escalatieladder, proportionaliteit: "bezwaar maken tegen de gekozen trede": beslissing door een ander dan wie de maatregel voorstelde, binnen 10 werkdagen (keuze, gelijk aan het gesprek op directieniveau)',
  directorMeeting: '003 Escalatieladder, proportionaliteit: "Bij een geschil over de inschaling vindt binnen 10 werkdagen een gesprek plaats op directieniveau tussen SDFL en jeugdhulpaanbieder."',
  escalationDuringObjection:
    '003 Escalatieladder, proportionaliteit: "Als de formele maatregel in deze escalatieladder noodzakelijk is voor de veiligheid van cliënten of ter voorkoming van verdere fraude, heeft een bezwaar geen opschortende werking op de uitvoering van de maatregel." — anders geen hogere trede zolang het bezwaar loopt',
  suspension: '003 Escalatieladder, proportionaliteit: bezwaar heeft geen opschortende werking als de maatregel noodzakelijk is voor de veiligheid van cliënten of ter voorkoming van verdere fraude (anders opschortend: keuze)',
  evidence:
    '003 Escalatieladder, kaders voor bewijsvoering (treden 5 t/m 7): ernstige misstand ("fysieke of psychische onveiligheid als vastgesteld door de Inspectie Gezondheidszorg en Jeugd (IGJ) of een gemeentelijk toezichthouder") of fraude (trede 7: "vastgestelde fraude")',
  fourEyes: '002 2.3.2 Integriteit, "Het 4-ogen principe" (koppels van 2 contractmanagers), toegepast op formele maatregelen van 003 Escalatieladder (keuze)',
} as const;

// ---------------------------------------------------------------------------------------------
// Vocabulary

export type Rung = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export type MeasureRung = 3 | 4 | 5 | 6 | 7;

/** Dutch instrument names per rung, as in the seed's table. */
export const RUNG_INSTRUMENTS: Record<Rung, string> = {
  1: 'Verhogen intensiteit contractmanagement',
  2: 'Opstellen en uitvoeren verbeterplan',
  3: 'Ingebrekestelling',
  4: 'Opschorting betaling',
  5: 'Cliëntenstop en/of overdracht van cliënten',
  6: 'Financiële sancties (terugvordering en boete)',
  7: 'Beëindiging overeenkomst',
};

export const SIGNAL_CATEGORIES = ['kwaliteit', 'continuiteit', 'rechtmatigheid', 'tijdigheid'] as const;
export const GROUND_KINDS = ['ernstige-tekortkoming', 'fraude'] as const;
export type GroundKind = (typeof GROUND_KINDS)[number];
/** Ground types per kind ("kaders voor bewijsvoering"). */
export const GROUND_TYPES = {
  'onveiligheid-igj-of-toezichthouder': 'ernstige-tekortkoming',
  'structureel-uitvallen-continuiteit': 'ernstige-tekortkoming',
  'negatieve-ervaringen-andere-gemeenten': 'ernstige-tekortkoming',
  'valsheid-in-geschrifte': 'fraude',
  oplichting: 'fraude',
  verduistering: 'fraude',
} as const satisfies Record<string, GroundKind>;
export type GroundType = keyof typeof GROUND_TYPES;
const GROUND_TYPE_VALUES = Object.keys(GROUND_TYPES) as [GroundType, ...GroundType[]];
/**
 * Grounds the seed qualifies as established: "fysieke of psychische onveiligheid als vastgesteld door de
 * IGJ of een gemeentelijk toezichthouder" and fraud ("vastgestelde fraude", trede 7). For rungs 5–7 they
 * count only when `established`; the others (continuity, substantiated experiences of other
 * municipalities) count with their evidence.
 */
export const GROUNDS_REQUIRING_ESTABLISHMENT: readonly GroundType[] = [
  'onveiligheid-igj-of-toezichthouder',
  'valsheid-in-geschrifte',
  'oplichting',
  'verduistering',
];

export const CLOSE_OUTCOMES = ['hersteld', 'beeindigd', 'ingetrokken'] as const;
export const MEETING_OUTCOMES = ['maatregel-gehandhaafd', 'maatregel-ingetrokken', 'andere-trede'] as const;

/** Templates of the one side-effect action `notify` (params `{ template, to }`). */
export type NotifyTemplate = keyof typeof escalationLadderMail;
export const NOTIFY_TEMPLATES = Object.keys(escalationLadderMail) as NotifyTemplate[];
export interface NotifyParams {
  template: NotifyTemplate;
  to: Role[];
}

// ---------------------------------------------------------------------------------------------
// Schemas

/** Free text of at least 10 characters (a reason is more than "nee"), at most MAX_TEXT, never a BSN. */
const text = (label: string, min = 10) => freeText(label, { min });
const terms = (max: number) => workingDays(undefined, { max });

export const startSchema = z
  .object({
    provider: providerCode('Code van de aanbieder (geen persoonsnaam)', { min: 2 }),
    signal: z
      .object({
        category: z.enum(SIGNAL_CATEGORIES).describe('Soort (dreigende) tekortkoming'),
        description: text('Omschrijving van het signaal (zonder persoonsgegevens van jeugdigen)'),
        receivedOn: isoDate('Datum waarop het signaal is ontvangen'),
      })
      .strict()
      .describe('Signaal van (dreigende) niet-nakoming'),
  })
  .strict();
export type EscalationStartData = z.infer<typeof startSchema>;

const hearingRecordedSchema = z
  .object({
    date: isoDate('Datum van het wederhoor'),
    providerPosition: text('Standpunt van de aanbieder'),
    findings: text('Bevindingen van het onderzoek'),
  })
  .strict();

const rungChosenSchema = z.discriminatedUnion('rung', [
  z
    .object({
      rung: z.literal(1).describe('Trede'),
      reason: text('Reden voor deze trede (inschaling)'),
      arrangements: text('Afspraken over contactfrequentie en aanvullende gesprekken'),
      acuteRisk: z
        .object({
          responseTermWorkingDays: terms(14).describe('Verkorte reactietermijn (werkdagen, korter dan 15)'),
          reason: text('Waarom het risico acuut is'),
        })
        .strict()
        .optional()
        .describe('Acuut risico: kortere reactietermijn'),
    })
    .strict(),
  z
    .object({
      rung: z.literal(2).describe('Trede'),
      reason: text('Reden voor deze trede (inschaling)'),
      planTermWorkingDays: terms(120)
        .optional()
        .describe('Termijn voor het verbeterplan (werkdagen, standaard 15)'),
    })
    .strict(),
]);

const urgentSchema = z
  .object({
    needed: z.boolean().describe('Noodzakelijk voor de veiligheid van cliënten of ter voorkoming van verdere fraude'),
    reason: text('Onderbouwing van de noodzaak').optional(),
  })
  .strict()
  .superRefine((u, ctx) => {
    if (u.needed && u.reason === undefined) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Onderbouw waarom de maatregel noodzakelijk is' });
    }
  })
  .describe('Spoed: een bezwaar schort de maatregel dan niet op');

const measureBase = {
  reason: text('Reden en onderbouwing van de maatregel'),
  urgent: urgentSchema,
};

const measureProposedSchema = z.discriminatedUnion('rung', [
  z
    .object({
      rung: z.literal(3).describe('Trede'),
      ...measureBase,
      shortcoming: text('Tekortkoming'),
      recoveryTermWorkingDays: terms(120).describe('Redelijke hersteltermijn (werkdagen)'),
      legalConsequences: text('Juridische consequenties van verzuim'),
    })
    .strict(),
  z
    .object({
      rung: z.literal(4).describe('Trede'),
      ...measureBase,
      scope: z.enum(['geheel', 'gedeeltelijk']).describe('Opschorting geheel of gedeeltelijk'),
      percentage: z.number().int().min(1).max(99).optional().describe('Percentage opgeschort (bij gedeeltelijk)'),
    })
    .strict()
    .superRefine((m, ctx) => {
      if (m.scope === 'gedeeltelijk' && m.percentage === undefined) {
        ctx.addIssue({ code: 'custom', path: ['percentage'], message: 'Geef het percentage bij gedeeltelijke opschorting' });
      }
      if (m.scope === 'geheel' && m.percentage !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['percentage'], message: 'Geen percentage bij gehele opschorting' });
      }
    }),
  z
    .object({
      rung: z.literal(5).describe('Trede'),
      ...measureBase,
      clientStop: z.boolean().describe('Per direct stop op nieuwe cliënten'),
      transfer: z.boolean().describe('Opdracht om bestaande cliënten over te dragen'),
    })
    .strict()
    .superRefine((m, ctx) => {
      if (!m.clientStop && !m.transfer) {
        ctx.addIssue({ code: 'custom', path: ['clientStop'], message: 'Kies een cliëntenstop, een overdracht of beide' });
      }
    }),
  z
    .object({
      rung: z.literal(6).describe('Trede'),
      ...measureBase,
      reclaimAmountEur: z.number().positive().optional().describe('Terug te vorderen bedrag onrechtmatige declaraties (EUR)'),
      fine: z
        .object({
          percentage: z.number().gt(0).max(5).describe('Boete als percentage van de regionale omzet (ten hoogste 5)'),
          regionalRevenueEur: z.number().positive().describe('Regionale omzet van de aanbieder (EUR)'),
          justification: text('Waarom de situatie een boete rechtvaardigt'),
        })
        .strict()
        .optional()
        .describe('Boete'),
    })
    .strict()
    .superRefine((m, ctx) => {
      if (m.reclaimAmountEur === undefined && m.fine === undefined) {
        ctx.addIssue({ code: 'custom', path: ['reclaimAmountEur'], message: 'Kies een terugvordering, een boete of beide' });
      }
    }),
  z
    .object({
      rung: z.literal(7).describe('Trede'),
      ...measureBase,
      form: z
        .enum(['geen-verlenging-optiejaren', 'ontbinding-per-direct'])
        .describe('Vorm van beëindiging'),
    })
    .strict(),
]);
export type MeasureProposal = z.infer<typeof measureProposedSchema>;

const measureApprovedSchema = z
  .object({
    date: isoDate(
      'Dagtekening van de maatregel: bij trede 3 de datum van de aangetekende brief. De bezwaartermijn en de hersteltermijn tellen vanaf deze datum',
    ),
    registeredLetter: z
      .object({
        reference: shortText('Kenmerk of verzendnummer van de aangetekende brief'),
      })
      .strict()
      .optional()
      .describe('Ingebrekestelling (trede 3): verzonden per aangetekende brief'),
    note: freeText('Opmerking van de tweede contractmanager').optional(),
  })
  .strict();

const reasonOnly = (label: string) => z.object({ reason: text(label) }).strict();

const objectionFiledSchema = z
  .object({
    grounds: text('Gronden van het bezwaar'),
    disputesRung: z.boolean().describe('Het bezwaar richt zich tegen de gekozen trede (geschil over de inschaling)'),
  })
  .strict();

const objectionDecidedSchema = z
  .object({
    objectionUpheld: z.boolean().describe('Bezwaar gegrond (maatregel wordt ingetrokken)'),
    reason: text('Motivering van de beslissing'),
  })
  .strict();

const directorMeetingHeldSchema = z
  .object({
    date: isoDate('Datum van het gesprek op directieniveau'),
    outcome: z.enum(MEETING_OUTCOMES).describe('Uitkomst van het gesprek'),
    notes: text('Verslag van het gesprek'),
  })
  .strict();

const responseSubmittedSchema = z
  .object({
    explanation: text('Onderbouwde verklaring'),
    recoveryMeasures: text('Herstelmaatregelen'),
  })
  .strict();

const improvementPlanSubmittedSchema = z
  .object({
    shortcomings: text('Tekortkomingen'),
    solutions: text('Oplossingswijzen'),
    terms: text('Termijnen'),
  })
  .strict();

const improvementPlanAssessedSchema = z
  .object({
    approved: z.boolean().describe('Verbeterplan goedgekeurd'),
    reason: text('Motivering van de beoordeling'),
  })
  .strict();

const groundRecordedSchema = z
  .object({
    kind: z.enum(GROUND_KINDS).describe('Soort grond'),
    type: z.enum(GROUND_TYPE_VALUES).describe('Grond'),
    evidence: text('Bewijs (bron, datum, vindplaats; zonder persoonsgegevens van jeugdigen)'),
    established: z.boolean().describe('Vastgesteld (bijv. door de IGJ, een gemeentelijk toezichthouder of onderzoek)'),
  })
  .strict()
  .superRefine((g, ctx) => {
    if (GROUND_TYPES[g.type] !== g.kind) {
      ctx.addIssue({ code: 'custom', path: ['type'], message: `Deze grond hoort bij "${GROUND_TYPES[g.type]}"` });
    }
  });

const caseClosedSchema = z
  .object({
    outcome: z.enum(CLOSE_OUTCOMES).describe('Uitkomst'),
    reason: text('Motivering van de afsluiting'),
  })
  .strict();

const expirySchema = z
  .object({
    deadline: z
      .enum(['responseTerm', 'planTerm', 'objectionWindow', 'objectionDecision', 'directorMeeting', 'recoveryTerm'])
      .describe('Naam van de verstreken termijn'),
  })
  .strict();

const recoveryFailedSchema = z
  .object({
    reason: text('Waarom het herstel is uitgebleven'),
    providerStatement: z
      .object({
        date: isoDate('Datum van de schriftelijke verklaring van de aanbieder'),
        summary: text('Inhoud en vindplaats van de verklaring (zonder persoonsgegevens van jeugdigen)'),
      })
      .strict()
      .describe('Schriftelijke verklaring van de aanbieder dat hij niet zal herstellen (vóór het einde van de hersteltermijn)'),
  })
  .strict();

// ---------------------------------------------------------------------------------------------
// Events

export const escalationEvents = {
  'hearing.recorded': {
    label: 'Wederhoor vastgelegd',
    roles: ['contractmanager'],
    schema: hearingRecordedSchema,
    rule: RULE.hearing,
    description: 'Leg het onderzoek en het standpunt van de aanbieder vast. Nodig vóór elke trede; later opnieuw mogelijk.',
  },
  'ground.recorded': {
    label: 'Grond met bewijs vastgelegd',
    roles: ['contractmanager'],
    schema: groundRecordedSchema,
    rule: RULE.evidence,
    description:
      'Ernstige misstand of fraude, met bewijs. Nodig voor treden 5 t/m 7: onveiligheid en fraude tellen alleen als zij zijn vastgesteld (door de IGJ, een gemeentelijk toezichthouder of onderzoek); voor ontbinding per direct moet elke grond vastgesteld zijn.',
  },
  'rung.chosen': {
    label: 'Trede 1 of 2 gekozen',
    roles: ['contractmanager'],
    schema: rungChosenSchema,
    rule: RULE.grading,
    description: 'Trede 1 (verhoogde intensiteit) of trede 2 (verbeterplan), met reden van de inschaling.',
  },
  'measure.proposed': {
    label: 'Formele maatregel voorgesteld',
    roles: ['contractmanager'],
    schema: measureProposedSchema,
    rule: RULE.measures,
    description: 'Treden 3 t/m 7. Een tweede contractmanager moet de maatregel goedkeuren.',
  },
  'measure.approved': {
    label: 'Maatregel goedgekeurd (tweede contractmanager)',
    roles: ['contractmanager'],
    schema: measureApprovedSchema,
    rule: RULE.fourEyes,
    description:
      'Keur de maatregel goed als tweede contractmanager. Geef de dagtekening van de maatregel; bij een ingebrekestelling (trede 3) de datum en het kenmerk van de aangetekende brief. Bezwaartermijn en hersteltermijn tellen vanaf die datum.',
    fourEyesApproval: true,
    // The letter's date starts the objection window and the recovery term: the engine refuses it
    // before the case's previous step or after today.
    termStartDates: ['date'],
  },
  'measure.rejected': {
    label: 'Maatregel afgewezen (tweede contractmanager)',
    roles: ['contractmanager'],
    schema: reasonOnly('Reden van afwijzing'),
    rule: RULE.fourEyes,
  },
  'response.submitted': {
    label: 'Reactie aanbieder ingediend',
    roles: ['aanbieder'],
    schema: responseSubmittedSchema,
    rule: RULE.rung1Term,
  },
  'improvementPlan.submitted': {
    label: 'Verbeterplan ingediend',
    roles: ['aanbieder'],
    schema: improvementPlanSubmittedSchema,
    rule: RULE.rung2,
  },
  'improvementPlan.assessed': {
    label: 'Verbeterplan beoordeeld',
    roles: ['contractmanager'],
    schema: improvementPlanAssessedSchema,
    rule: RULE.rung2,
  },
  'objection.filed': {
    label: 'Bezwaar ingediend',
    roles: ['aanbieder'],
    schema: objectionFiledSchema,
    rule: RULE.objection,
  },
  'objection.decided': {
    label: 'Op het bezwaar beslist',
    roles: ['contractmanager', 'opdrachtgever-besluit'],
    schema: objectionDecidedSchema,
    rule: RULE.objectionDecision,
    description: 'Binnen 10 werkdagen, door een ander dan de contractmanager die de maatregel voorstelde.',
  },
  'directorMeeting.held': {
    label: 'Gesprek op directieniveau gevoerd',
    roles: ['contractmanager', 'opdrachtgever-besluit'],
    schema: directorMeetingHeldSchema,
    rule: RULE.directorMeeting,
  },
  'recovery.confirmed': {
    label: 'Herstel bevestigd',
    roles: ['contractmanager'],
    schema: reasonOnly('Onderbouwing van het herstel'),
    rule: RULE.rung3,
  },
  'recovery.failed': {
    label: 'Herstel uitgebleven',
    roles: ['contractmanager'],
    schema: recoveryFailedSchema,
    rule: RULE.rung4Early,
    description:
      'Na het einde van de hersteltermijn legt jeugdflow het uitblijven van herstel zelf vast. Daarvóór alleen met de schriftelijke verklaring van de aanbieder dat hij niet zal herstellen (datum en inhoud).',
  },
  'case.closed': {
    label: 'Escalatie afgesloten',
    roles: ['contractmanager'],
    schema: caseClosedSchema,
    rule: RULE.restraint,
  },
  'responseTerm.expired': {
    label: 'Reactietermijn verstreken',
    roles: ['system'],
    schema: expirySchema,
    rule: RULE.rung1Term,
  },
  'planTerm.expired': {
    label: 'Termijn verbeterplan verstreken',
    roles: ['system'],
    schema: expirySchema,
    rule: RULE.rung2Term,
  },
  'objectionWindow.expired': {
    label: 'Bezwaartermijn verstreken',
    roles: ['system'],
    schema: expirySchema,
    rule: RULE.objection,
  },
  'objectionDecision.expired': {
    label: 'Termijn beslissing op bezwaar verstreken',
    roles: ['system'],
    schema: expirySchema,
    rule: RULE.objectionDecision,
  },
  'directorMeeting.expired': {
    label: 'Termijn gesprek op directieniveau verstreken',
    roles: ['system'],
    schema: expirySchema,
    rule: RULE.directorMeeting,
  },
  'recoveryTerm.expired': {
    label: 'Hersteltermijn verstreken',
    roles: ['system'],
    schema: expirySchema,
    rule: RULE.recoveryTerm,
  },
} as const satisfies EventTable;
/** The machine's events, derived from the table: each type with the payload its schema yields. */
export type EscalationEvent = EventsOf<typeof escalationEvents>;
export type EscalationEventType = EscalationEvent['type'];

// ---------------------------------------------------------------------------------------------
// Deadlines

export const DEADLINES = {
  responseTerm: {
    name: 'responseTerm',
    label: 'Reactietermijn aanbieder (trede 1)',
    kind: 'working-days',
    n: 15,
    nFromContext: 'rung1.responseTermWorkingDays',
    onExpiry: 'responseTerm.expired',
    waitingOn: ['aanbieder'],
    rule: RULE.rung1Term,
  },
  planTerm: {
    name: 'planTerm',
    label: 'Termijn verbeterplan (trede 2)',
    kind: 'working-days',
    n: 15,
    nFromContext: 'rung2.planTermWorkingDays',
    onExpiry: 'planTerm.expired',
    waitingOn: ['aanbieder'],
    rule: RULE.rung2Term,
  },
  objectionWindow: {
    name: 'objectionWindow',
    label: 'Bezwaartermijn aanbieder',
    kind: 'working-days',
    n: 5,
    startsFromContext: 'measure.takenOn',
    onExpiry: 'objectionWindow.expired',
    waitingOn: ['aanbieder'],
    reminders: [2],
    rule: RULE.objection,
  },
  objectionDecision: {
    name: 'objectionDecision',
    label: 'Beslissing op bezwaar',
    kind: 'working-days',
    n: 10,
    onExpiry: 'objectionDecision.expired',
    waitingOn: ['contractmanager', 'opdrachtgever-besluit'],
    rule: RULE.objectionDecision,
  },
  directorMeeting: {
    name: 'directorMeeting',
    label: 'Gesprek op directieniveau',
    kind: 'working-days',
    n: 10,
    onExpiry: 'directorMeeting.expired',
    waitingOn: ['contractmanager'],
    rule: RULE.directorMeeting,
  },
  recoveryTerm: {
    name: 'recoveryTerm',
    label: 'Hersteltermijn ingebrekestelling',
    kind: 'working-days',
    n: 15,
    nFromContext: 'measure.recoveryTermWorkingDays',
    // From the date of the registered letter; after a suspensive objection is rejected, afresh from
    // that day (null: the day the state is entered).
    startsFromContext: 'measure.recoveryTermStartsOn',
    onExpiry: 'recoveryTerm.expired',
    waitingOn: ['aanbieder'],
    rule: RULE.recoveryTerm,
  },
} as const satisfies Record<string, DeadlineDefinition>;
export type DeadlineName = keyof typeof DEADLINES;

// ---------------------------------------------------------------------------------------------
// Context

export interface HearingRecord {
  date: string;
  providerPosition: string;
  findings: string;
  at: string;
  by: Actor;
}
export interface GroundRecord {
  kind: GroundKind;
  type: GroundType;
  evidence: string;
  established: boolean;
  at: string;
  by: Actor;
}
export interface RungChoice {
  rung: Rung;
  reason: string;
  /** The current rung when the choice was made (null: none yet). */
  fromRung: Rung | null;
  /** Rungs between the current rung and the chosen one that were skipped. */
  skipped: Rung[];
  via: 'rung.chosen' | 'measure.proposed';
  at: string;
  by: Actor;
}
export interface ResponseRecord {
  explanation: string;
  recoveryMeasures: string;
  late: boolean;
  at: string;
  by: Actor;
}
export interface PlanRecord {
  shortcomings: string;
  solutions: string;
  terms: string;
  late: boolean;
  at: string;
  by: Actor;
  assessment: { approved: boolean; reason: string; at: string; by: Actor } | null;
}
export type MeasureStatus = 'proposed' | 'approved' | 'rejected' | 'withdrawn' | 'superseded' | 'lapsed';
export interface MeasureRecord {
  id: number;
  rung: MeasureRung;
  instrument: string;
  proposal: MeasureProposal;
  /** Rung 3 only; the recovery term's length (deadline `recoveryTerm`). */
  recoveryTermWorkingDays: number | null;
  fromRung: Rung | null;
  status: MeasureStatus;
  /** An objection with suspensive effect is pending. */
  suspended: boolean;
  proposedAt: string;
  proposedBy: Actor;
  /** Approval by the second contract manager. */
  approvedAt: string | null;
  approvedBy: Actor | null;
  /** Date of the measure (YYYY-MM-DD) from the approval (rung 3: the registered letter); the objection window counts from it. */
  takenOn: string | null;
  /** Rung 3: the notice went by registered letter ("aangetekende brief"), with its reference. */
  registeredLetter: { reference: string; date: string } | null;
  /** Rung 3: the day the recovery term counts from (the letter's date; null: the day its state is entered). */
  recoveryTermStartsOn: string | null;
  rejectedAt: string | null;
  rejectedBy: Actor | null;
  rejectionReason: string | null;
  endedAt: string | null;
  endReason: string | null;
  objectionWindowExpiredAt: string | null;
  recovery: 'running' | 'confirmed' | 'failed' | null;
  /** Why recovery counts as failed: the term ended, or the provider stated in writing it will not recover. */
  recoveryFailure:
    | { basis: 'termExpired'; at: string }
    | { basis: 'providerStatement'; statement: { date: string; summary: string }; reason: string; at: string; by: Actor }
    | null;
}
export interface ObjectionRecord {
  id: number;
  measureId: number;
  grounds: string;
  disputesRung: boolean;
  /** false when the measure was urgent (client safety / further fraud). */
  suspendsMeasure: boolean;
  status: 'pending' | 'upheld' | 'rejected' | 'lapsed';
  /** Set when the objection lapsed because a higher rung, needed for safety or against fraud, was taken. */
  lapseReason: string | null;
  filedAt: string;
  filedBy: Actor;
  decision: { objectionUpheld: boolean; reason: string; at: string; by: Actor } | null;
  meeting: { date: string; outcome: (typeof MEETING_OUTCOMES)[number]; notes: string; at: string; by: Actor } | null;
}
export interface OverdueMarker {
  deadline: DeadlineName;
  expiredAt: string;
  /** When the overdue act was still done (late response, late plan, late meeting); null otherwise. */
  resolvedAt: string | null;
}
export interface EscalationContext {
  caseId: string;
  startedAt: string;
  startedBy: Actor;
  provider: string;
  signal: EscalationStartData['signal'];
  hearings: HearingRecord[];
  grounds: GroundRecord[];
  rungChoices: RungChoice[];
  currentRung: Rung | null;
  rung1: {
    responseTermWorkingDays: number;
    arrangements: string;
    acuteRisk: { responseTermWorkingDays: number; reason: string } | null;
  } | null;
  rung2: { planTermWorkingDays: number } | null;
  responses: ResponseRecord[];
  plans: PlanRecord[];
  /** History of every proposed measure. */
  measures: MeasureRecord[];
  /** The measure in force (approved), if any. */
  measure: MeasureRecord | null;
  /** The measure awaiting the second contract manager, if any. */
  proposal: MeasureRecord | null;
  /** A notice of default (rung 3) was followed by failed recovery; enables rung 4. */
  recoveryFailedAfterNotice: boolean;
  objections: ObjectionRecord[];
  overdue: OverdueMarker[];
  outcome: { outcome: (typeof CLOSE_OUTCOMES)[number]; reason: string; at: string; by: Actor } | null;
}

// ---------------------------------------------------------------------------------------------
// Helpers (pure)

const DEFAULT_TERM = 15;

function proposedRung(event: EscalationEvent): Rung | null {
  if (event.type === 'rung.chosen' || event.type === 'measure.proposed') return event.payload.rung;
  return null;
}

function skippedRungs(from: Rung | null, to: Rung): Rung[] {
  const out: Rung[] = [];
  for (let r = (from ?? 0) + 1; r < to; r++) out.push(r as Rung);
  return out;
}

function replaceMeasure(list: readonly MeasureRecord[], record: MeasureRecord): MeasureRecord[] {
  return list.map((m) => (m.id === record.id ? record : m));
}

function replaceObjection(list: readonly ObjectionRecord[], record: ObjectionRecord): ObjectionRecord[] {
  return list.map((o) => (o.id === record.id ? record : o));
}

function pendingObjection(context: EscalationContext): ObjectionRecord | undefined {
  const measureId = context.measure?.id;
  return context.objections.find((o) => o.measureId === measureId && o.status === 'pending');
}

/**
 * The objection's outcome ends a suspension. A notice of default whose recovery term was suspended
 * starts that term afresh on the day of the outcome (keuze): `recoveryTermStartsOn` null.
 */
function endSuspension(measure: MeasureRecord): MeasureRecord {
  if (!measure.suspended) return measure;
  return stamped(measure, { suspended: false, recoveryTermStartsOn: measure.rung === 3 ? null : measure.recoveryTermStartsOn });
}

function resolveOverdueList(list: readonly OverdueMarker[], deadline: DeadlineName, at: string): OverdueMarker[] {
  let done = false;
  return [...list].reverse().map((o) => {
    if (!done && o.deadline === deadline && o.resolvedAt === null) {
      done = true;
      return stamped(o, { resolvedAt: at });
    }
    return o;
  }).reverse();
}

/** Grounds that count for rungs 5–7: with evidence, and established where the seed says "vastgesteld". */
function qualifyingGrounds(context: EscalationContext): GroundRecord[] {
  return context.grounds.filter(
    (g) => g.evidence.length > 0 && (g.established || !GROUNDS_REQUIRING_ESTABLISHMENT.includes(g.type)),
  );
}

export { amsterdamDay } from './dates.ts';

const meta = (m: StateMeta): StateMeta => m;
const notify = (template: NotifyTemplate, to: Role[]) => ({ type: 'notify' as const, params: { template, to } });

// ---------------------------------------------------------------------------------------------
// Guards

const guardImplementations = {
  hasHearing: ({ context }: { context: EscalationContext }) => context.hearings.length > 0,
  isRungOneChoice: ({ event }: { event: EscalationEvent }) => event.type === 'rung.chosen' && event.payload.rung === 1,
  isHigherRung: ({ context, event }: { context: EscalationContext; event: EscalationEvent }) => {
    const rung = proposedRung(event);
    return rung !== null && rung > (context.currentRung ?? 0);
  },
  hasFailedRecoveryAfterNotice: ({ context, event }: { context: EscalationContext; event: EscalationEvent }) => {
    if (proposedRung(event) !== 4) return true;
    const noticeSuspended = context.measure?.rung === 3 && context.measure.suspended;
    return context.recoveryFailedAfterNotice && !noticeSuspended;
  },
  hasEvidenceGround: ({ context, event }: { context: EscalationContext; event: EscalationEvent }) => {
    const rung = proposedRung(event);
    return rung === null || rung < 5 || qualifyingGrounds(context).length > 0;
  },
  hasEstablishedGround: ({ context, event }: { context: EscalationContext; event: EscalationEvent }) => {
    if (event.type !== 'measure.proposed' || event.payload.rung !== 7 || event.payload.form !== 'ontbinding-per-direct') {
      return true;
    }
    return context.grounds.some((g) => g.established);
  },
  isOtherContractManager: ({ context, event }: { context: EscalationContext; event: EscalationEvent }) =>
    context.proposal !== null && event.actor.userId !== context.proposal.proposedBy.userId,
  hasRegisteredLetter: ({ context, event }: { context: EscalationContext; event: EscalationEvent }) =>
    context.proposal?.rung !== 3 || (event.type === 'measure.approved' && event.payload.registeredLetter !== undefined),
  isStatementDatedBetweenNoticeAndToday: ({ context, event }: { context: EscalationContext; event: EscalationEvent }) => {
    if (event.type !== 'recovery.failed') return false;
    const noticeOn = context.measure?.takenOn;
    const statedOn = event.payload.providerStatement.date;
    return typeof noticeOn === 'string' && statedOn >= noticeOn && statedOn <= amsterdamDay(event.at);
  },
  isOtherThanMeasureProposer: ({ context, event }: { context: EscalationContext; event: EscalationEvent }) =>
    context.measure !== null && event.actor.userId !== context.measure.proposedBy.userId,
  isEscalationAllowedDuringObjection: ({ context, event }: { context: EscalationContext; event: EscalationEvent }) => {
    if (pendingObjection(context) === undefined) return true;
    const proposal =
      event.type === 'measure.proposed' ? event.payload : event.type === 'measure.approved' ? context.proposal?.proposal : undefined;
    return proposal !== undefined && proposal.urgent.needed && qualifyingGrounds(context).length > 0;
  },
  isNoticeOfDefaultProposal: ({ context }: { context: EscalationContext }) => context.proposal?.rung === 3,
  isNoticeOfDefault: ({ context }: { context: EscalationContext }) => context.measure?.rung === 3,
  isPlanApproved: ({ event }: { event: EscalationEvent }) =>
    event.type === 'improvementPlan.assessed' && event.payload.approved,
  isRungDisputed: ({ event }: { event: EscalationEvent }) => event.type === 'objection.filed' && event.payload.disputesRung,
  // The effect region reacts to objection events only when the objection region does (the
  // region's state mirrors these context facts), so it never accepts an event on its own.
  isSuspensiveObjection: ({ context, event }: { context: EscalationContext; event: EscalationEvent }) => {
    const measure = context.measure;
    if (event.type !== 'objection.filed' || measure === null || measure.proposal.urgent.needed) return false;
    const windowOpen =
      measure.objectionWindowExpiredAt === null && !context.objections.some((o) => o.measureId === measure.id);
    return windowOpen;
  },
  isObjectionAwaitingDecision: ({ context }: { context: EscalationContext }) =>
    pendingObjection(context)?.disputesRung === false,
  isObjectionAwaitingMeeting: ({ context }: { context: EscalationContext }) =>
    pendingObjection(context)?.disputesRung === true,
  isObjectionUpheld: ({ event }: { event: EscalationEvent }) =>
    event.type === 'objection.decided' && event.payload.objectionUpheld,
  isMeasureMaintained: ({ event }: { event: EscalationEvent }) =>
    event.type === 'directorMeeting.held' && event.payload.outcome === 'maatregel-gehandhaafd',
};
export type EscalationGuard = keyof typeof guardImplementations;

export const escalationGuards = {
  hasHearing: {
    description: 'eerst moeten onderzoek en wederhoor van de aanbieder zijn vastgelegd',
    rule: RULE.hearing,
  },
  isRungOneChoice: {
    description: 'de gekozen trede moet trede 1 (verhogen intensiteit contractmanagement) zijn',
    rule: RULE.rung1,
  },
  isHigherRung: {
    description: 'tijdens een lopende trede of maatregel kan alleen worden opgeschaald naar een hogere trede dan de huidige',
    rule: RULE.grading,
  },
  hasFailedRecoveryAfterNotice: {
    description: 'opschorting van betaling (trede 4) kan pas nadat herstel is uitgebleven na een ingebrekestelling (trede 3) waartegen geen opschortend bezwaar loopt',
    rule: RULE.rung4,
  },
  hasEvidenceGround: {
    description:
      'voor treden 5 t/m 7 moet ten minste één grond (ernstige misstand of fraude) met bewijs zijn vastgelegd; onveiligheid (IGJ of gemeentelijk toezichthouder) en fraude tellen alleen als zij zijn vastgesteld (established)',
    rule: RULE.evidence,
  },
  hasEstablishedGround: {
    description: 'ontbinding per direct (trede 7) kan alleen bij vastgestelde fraude of een vastgestelde ernstige misstand',
    rule: RULE.rung7Dissolution,
  },
  isOtherContractManager: {
    description: 'een formele maatregel moet worden goedgekeurd of afgewezen door een tweede contractmanager, niet door wie hem voorstelde (vier-ogenprincipe)',
    rule: RULE.fourEyes,
  },
  hasRegisteredLetter: {
    description:
      'een ingebrekestelling (trede 3) gaat per aangetekende brief: leg bij de goedkeuring de brief vast (registeredLetter met kenmerk; date is de dagtekening)',
    rule: RULE.rung3Letter,
  },
  isStatementDatedBetweenNoticeAndToday: {
    description:
      'herstel kan vóór het einde van de hersteltermijn alleen als uitgebleven worden vastgelegd met een schriftelijke verklaring van de aanbieder, gedateerd niet vóór de ingebrekestelling en niet na vandaag (providerStatement.date)',
    rule: RULE.rung4Early,
  },
  isOtherThanMeasureProposer: {
    description: 'op het bezwaar beslist een ander dan de contractmanager die de maatregel voorstelde',
    rule: RULE.objectionDecision,
  },
  isEscalationAllowedDuringObjection: {
    description:
      'zolang een bezwaar tegen de maatregel loopt, kan alleen worden opgeschaald als de zwaardere maatregel noodzakelijk is voor de veiligheid van cliënten of ter voorkoming van verdere fraude (urgent) en die grond met bewijs is vastgelegd',
    rule: RULE.escalationDuringObjection,
  },
  isNoticeOfDefaultProposal: {
    description: 'de voorgestelde maatregel moet een ingebrekestelling (trede 3) zijn',
    rule: RULE.rung3,
  },
  isNoticeOfDefault: {
    description: 'de genomen maatregel moet een ingebrekestelling (trede 3) zijn',
    rule: RULE.rung3,
  },
  isPlanApproved: {
    description: 'het verbeterplan moet zijn goedgekeurd',
    rule: RULE.rung2,
  },
  isRungDisputed: {
    description: 'het bezwaar moet zich richten tegen de gekozen trede (geschil over de inschaling)',
    rule: RULE.directorMeeting,
  },
  isSuspensiveObjection: {
    description: 'het bezwaar moet opschortende werking hebben: de maatregel is niet noodzakelijk voor de veiligheid van cliënten of ter voorkoming van verdere fraude',
    rule: RULE.suspension,
  },
  isObjectionAwaitingDecision: {
    description: 'er moet een tijdig bezwaar liggen dat wacht op een beslissing (zonder geschil over de inschaling)',
    rule: RULE.objection,
  },
  isObjectionAwaitingMeeting: {
    description: 'er moet een bezwaar tegen de gekozen trede liggen dat wacht op het gesprek op directieniveau',
    rule: RULE.directorMeeting,
  },
  isObjectionUpheld: {
    description: 'het bezwaar moet gegrond zijn verklaard',
    rule: RULE.objection,
  },
  isMeasureMaintained: {
    description: 'het gesprek op directieniveau moet de maatregel hebben gehandhaafd',
    rule: RULE.directorMeeting,
  },
} as const satisfies Record<EscalationGuard, GuardDefinition>;

// ---------------------------------------------------------------------------------------------
// Machine

const ID = 'escalationLadder';
const T = {
  rung1: `#${ID}.open.rung1`,
  rung2: `#${ID}.open.rung2`,
  choosing: `#${ID}.open.choosing`,
  measureProposed: `#${ID}.open.measureProposed`,
  measureTaken: `#${ID}.open.measureTaken`,
  recoveryRunning: `#${ID}.open.measureTaken.effect.recoveryRunning`,
  closed: `#${ID}.closed`,
} as const;

// Transitions that several states offer in the same words.

/** Choosing rung 1 or 2: record the choice, start the rung (and its term), tell the provider. */
const chooseRung = ['recordRungChoice', 'startRung', notify('escalation.rungChosen', ['aanbieder'])] as const;
/** The second contract manager approves a proposed measure: it is taken (four eyes). */
const approveMeasure = ['takeMeasure', notify('escalation.measureTaken', ['aanbieder', 'contractbeheer'])] as const;
/** The second contract manager rejects a proposed measure. */
const rejectMeasure = ['rejectProposal', notify('escalation.measureRejected', ['contractmanager'])] as const;

/** When the act a term waited for is done late, the overdue marker of that term is resolved. */
const resolveOverdue = (deadline: DeadlineName | undefined) =>
  deadline === undefined ? [] : [{ type: 'resolveOverdue', params: { deadline } } as const];

/**
 * A term ends before the act it waits for: mark it overdue. The engine's expiry notice already tells
 * whoever had to act and the contract manager; `alsoTell` names anyone else who must hear of it.
 */
const termExpired = (deadline: DeadlineName, target: string, alsoTell: Role[] = []) => ({
  target,
  actions: [{ type: 'markOverdue', params: { deadline } } as const, ...(alsoTell.length ? [notify('escalation.termExpired', alsoTell)] : [])],
});

/** The provider hands in its response (rung 1) or improvement plan (rung 2), on time or late. */
const submission = (record: 'recordResponse' | 'recordPlan', target: string, late?: { lateFor: DeadlineName }) => ({
  target,
  actions: [
    { type: record, params: { late: late !== undefined } } as const,
    ...resolveOverdue(late?.lateFor),
    notify('escalation.providerSubmitted', ['contractmanager']),
  ],
});

/** The director-level meeting about a disputed rung maintains the measure or withdraws it (on time or late). */
const directorMeetingHeld = (late?: { lateFor: DeadlineName }) => [
  {
    guard: 'isMeasureMaintained',
    target: 'done',
    actions: ['recordDirectorMeeting', ...resolveOverdue(late?.lateFor), notify('escalation.objectionDecided', ['aanbieder'])],
  } as const,
  {
    target: T.choosing,
    actions: ['recordDirectorMeeting', ...resolveOverdue(late?.lateFor), 'withdrawMeasure', notify('escalation.objectionDecided', ['aanbieder'])],
  } as const,
];

/**
 * The decision on an objection (no dispute about the rung), on time or late: by someone other than the
 * contract manager who proposed the measure; an upheld objection withdraws the measure.
 */
const objectionDecided = (late?: { lateFor: DeadlineName }) => [
  {
    guard: and(['isOtherThanMeasureProposer', 'isObjectionUpheld']),
    target: T.choosing,
    actions: ['decideObjection', ...resolveOverdue(late?.lateFor), 'withdrawMeasure', notify('escalation.objectionDecided', ['aanbieder'])],
  } as const,
  {
    guard: 'isOtherThanMeasureProposer',
    target: 'done',
    actions: ['decideObjection', ...resolveOverdue(late?.lateFor), notify('escalation.objectionDecided', ['aanbieder'])],
  } as const,
];

/**
 * Proposing a formal measure (rungs 3–7) to the second contract manager. `conditions` are what the
 * state asks first (a hearing, a higher rung); every measure also needs failed recovery after a notice
 * of default (rung 4), a ground with evidence (rungs 5–7) and an established ground (dissolution).
 */
const measureProposal = (
  target: string,
  conditions: readonly ('hasHearing' | 'isHigherRung' | 'isEscalationAllowedDuringObjection')[],
) => ({
  guard: and([...conditions, 'hasFailedRecoveryAfterNotice', 'hasEvidenceGround', 'hasEstablishedGround']),
  target,
  actions: ['recordRungChoice', 'recordProposal', notify('escalation.fourEyesRequested', ['contractmanager'])] as const,
});

/**
 * The next step wherever the contract manager decides how to go on (after the investigation, a
 * response, a plan or an expired term): rung 1 or 2, each (re)started afresh, or a formal measure.
 */
const nextStep = {
  'rung.chosen': [
    { guard: and(['hasHearing', 'isRungOneChoice']), target: T.rung1, reenter: true, actions: chooseRung },
    { guard: 'hasHearing', target: T.rung2, reenter: true, actions: chooseRung },
  ],
  'measure.proposed': measureProposal(T.measureProposed, ['hasHearing']),
} as const;

export const escalationLadderMachine = setup({
  types: {} as {
    context: EscalationContext;
    events: EscalationEvent;
    input: MachineInput<EscalationStartData>;
  },
  guards: guardImplementations,
  actions: {
    /** Side effect, executed by the engine as an activity. */
    notify: (_args, _params: NotifyParams) => {},

    recordHearing: assign(({ context, event }) => {
      assertEvent(event, 'hearing.recorded');
      return { hearings: [...context.hearings, stamped(event.payload, { at: event.at, by: event.actor })] };
    }),

    recordGround: assign(({ context, event }) => {
      assertEvent(event, 'ground.recorded');
      return { grounds: [...context.grounds, stamped(event.payload, { at: event.at, by: event.actor })] };
    }),

    recordRungChoice: assign(({ context, event }) => {
      assertEvent(event, ['rung.chosen', 'measure.proposed']);
      const rung = event.payload.rung;
      const choice: RungChoice = {
        rung,
        reason: event.payload.reason,
        fromRung: context.currentRung,
        skipped: skippedRungs(context.currentRung, rung),
        via: event.type,
        at: event.at,
        by: event.actor,
      };
      return { rungChoices: [...context.rungChoices, choice] };
    }),

    startRung: assign(({ event }) => {
      assertEvent(event, 'rung.chosen');
      const p = event.payload;
      if (p.rung === 1) {
        return {
          currentRung: 1 as Rung,
          rung1: {
            responseTermWorkingDays: p.acuteRisk?.responseTermWorkingDays ?? DEFAULT_TERM,
            arrangements: p.arrangements,
            acuteRisk: p.acuteRisk ?? null,
          },
        };
      }
      return { currentRung: 2 as Rung, rung2: { planTermWorkingDays: p.planTermWorkingDays ?? DEFAULT_TERM } };
    }),

    recordProposal: assign(({ context, event }) => {
      assertEvent(event, 'measure.proposed');
      const p = event.payload;
      const record: MeasureRecord = {
        id: context.measures.length + 1,
        rung: p.rung,
        instrument: RUNG_INSTRUMENTS[p.rung],
        proposal: p,
        recoveryTermWorkingDays: p.rung === 3 ? p.recoveryTermWorkingDays : null,
        fromRung: context.currentRung,
        status: 'proposed',
        suspended: false,
        proposedAt: event.at,
        proposedBy: event.actor,
        approvedAt: null,
        approvedBy: null,
        takenOn: null,
        registeredLetter: null,
        recoveryTermStartsOn: null,
        rejectedAt: null,
        rejectedBy: null,
        rejectionReason: null,
        endedAt: null,
        endReason: null,
        objectionWindowExpiredAt: null,
        recovery: null,
        recoveryFailure: null,
      };
      return { proposal: record, measures: [...context.measures, record] };
    }),

    takeMeasure: assign(({ context, event }) => {
      assertEvent(event, 'measure.approved');
      const proposal = context.proposal;
      if (proposal === null) return {};
      let measures = context.measures;
      let objections = context.objections;
      const previous = context.measure;
      if (previous !== null) {
        measures = replaceMeasure(measures, stamped(previous, {
          status: 'superseded',
          suspended: false,
          endedAt: event.at,
          endReason: `Vervangen door trede ${proposal.rung}`,
        }));
        // Only reachable for a measure needed for safety or against fraud (isEscalationAllowedDuringObjection).
        objections = objections.map((o) =>
          o.measureId === previous.id && o.status === 'pending'
            ? stamped(o, { status: 'lapsed' as const, lapseReason: `Vervallen: trede ${proposal.rung} genomen, noodzakelijk voor de veiligheid van cliënten of ter voorkoming van verdere fraude` })
            : o,
        );
      }
      const notice = proposal.rung === 3;
      const letter = event.payload.registeredLetter;
      const taken: MeasureRecord = stamped(proposal, {
        status: 'approved',
        approvedAt: event.at,
        approvedBy: event.actor,
        takenOn: event.payload.date,
        registeredLetter: notice && letter !== undefined ? { reference: letter.reference, date: event.payload.date } : null,
        recoveryTermStartsOn: notice ? event.payload.date : null,
        recovery: notice ? 'running' : null,
      });
      return {
        measure: taken,
        proposal: null,
        measures: replaceMeasure(measures, taken),
        objections,
        currentRung: taken.rung,
      };
    }),

    rejectProposal: assign(({ context, event }) => {
      assertEvent(event, 'measure.rejected');
      if (context.proposal === null) return {};
      const rejected: MeasureRecord = stamped(context.proposal, {
        status: 'rejected',
        rejectedAt: event.at,
        rejectedBy: event.actor,
        rejectionReason: event.payload.reason,
      });
      return { proposal: null, measures: replaceMeasure(context.measures, rejected) };
    }),

    recordResponse: assign(({ context, event }, params: { late: boolean }) => {
      assertEvent(event, 'response.submitted');
      return {
        responses: [...context.responses, stamped(event.payload, { late: params.late, at: event.at, by: event.actor })],
      };
    }),

    recordPlan: assign(({ context, event }, params: { late: boolean }) => {
      assertEvent(event, 'improvementPlan.submitted');
      const plan: PlanRecord = stamped(event.payload, { late: params.late, at: event.at, by: event.actor, assessment: null });
      return { plans: [...context.plans, plan] };
    }),

    assessPlan: assign(({ context, event }) => {
      assertEvent(event, 'improvementPlan.assessed');
      const last = context.plans[context.plans.length - 1];
      if (last === undefined) return {};
      const assessed: PlanRecord = stamped(last, { assessment: stamped(event.payload, { at: event.at, by: event.actor }) });
      return { plans: [...context.plans.slice(0, -1), assessed] };
    }),

    markOverdue: assign(({ context, event }, params: { deadline: DeadlineName }) => ({
      overdue: [...context.overdue, { deadline: params.deadline, expiredAt: event.at, resolvedAt: null }],
    })),

    resolveOverdue: assign(({ context, event }, params: { deadline: DeadlineName }) => ({
      overdue: resolveOverdueList(context.overdue, params.deadline, event.at),
    })),

    recordObjection: assign(({ context, event }) => {
      assertEvent(event, 'objection.filed');
      const measure = context.measure;
      if (measure === null) return {};
      const suspends = !measure.proposal.urgent.needed;
      const objection: ObjectionRecord = {
        id: context.objections.length + 1,
        measureId: measure.id,
        grounds: event.payload.grounds,
        disputesRung: event.payload.disputesRung,
        suspendsMeasure: suspends,
        status: 'pending',
        lapseReason: null,
        filedAt: event.at,
        filedBy: event.actor,
        decision: null,
        meeting: null,
      };
      const updated: MeasureRecord = stamped(measure, { suspended: suspends });
      return {
        objections: [...context.objections, objection],
        measure: updated,
        measures: replaceMeasure(context.measures, updated),
      };
    }),

    decideObjection: assign(({ context, event }) => {
      assertEvent(event, 'objection.decided');
      const objection = pendingObjection(context);
      if (objection === undefined || context.measure === null) return {};
      const decided: ObjectionRecord = stamped(objection, {
        status: event.payload.objectionUpheld ? 'upheld' : 'rejected',
        decision: stamped(event.payload, { at: event.at, by: event.actor }),
      });
      const measure = endSuspension(context.measure);
      return {
        objections: replaceObjection(context.objections, decided),
        measure,
        measures: replaceMeasure(context.measures, measure),
      };
    }),

    recordDirectorMeeting: assign(({ context, event }) => {
      assertEvent(event, 'directorMeeting.held');
      const objection = pendingObjection(context);
      if (objection === undefined || context.measure === null) return {};
      const decided: ObjectionRecord = stamped(objection, {
        status: event.payload.outcome === 'maatregel-gehandhaafd' ? 'rejected' : 'upheld',
        meeting: stamped(event.payload, { at: event.at, by: event.actor }),
      });
      const measure = endSuspension(context.measure);
      return {
        objections: replaceObjection(context.objections, decided),
        measure,
        measures: replaceMeasure(context.measures, measure),
      };
    }),

    withdrawMeasure: assign(({ context, event }) => {
      const measure = context.measure;
      if (measure === null) return {};
      const reason =
        event.type === 'directorMeeting.held'
          ? `Gesprek op directieniveau: ${event.payload.outcome}`
          : 'Bezwaar gegrond verklaard';
      const withdrawn: MeasureRecord = stamped(measure, {
        status: 'withdrawn',
        suspended: false,
        endedAt: event.at,
        endReason: reason,
      });
      let measures = replaceMeasure(context.measures, withdrawn);
      if (context.proposal !== null) {
        // A pending proposal to escalate from the withdrawn measure lapses with it.
        measures = replaceMeasure(measures, stamped(context.proposal, {
          status: 'lapsed',
          endedAt: event.at,
          endReason: 'Maatregel waarop het voorstel voortbouwde is ingetrokken',
        }));
      }
      return {
        measure: null,
        proposal: null,
        measures,
        currentRung: measure.fromRung,
        recoveryFailedAfterNotice: measure.rung === 3 ? false : context.recoveryFailedAfterNotice,
      };
    }),

    closeObjectionWindow: assign(({ context, event }) => {
      if (context.measure === null) return {};
      const measure: MeasureRecord = stamped(context.measure, { objectionWindowExpiredAt: event.at });
      return { measure, measures: replaceMeasure(context.measures, measure) };
    }),

    recordRecovery: assign(({ context, event }, params: { recovered: boolean }) => {
      if (context.measure === null) return {};
      const recoveryFailure: MeasureRecord['recoveryFailure'] = params.recovered
        ? null
        : event.type === 'recovery.failed'
          ? { basis: 'providerStatement', statement: event.payload.providerStatement, reason: event.payload.reason, at: event.at, by: event.actor }
          : { basis: 'termExpired', at: event.at };
      const measure: MeasureRecord = stamped(context.measure, { recovery: params.recovered ? 'confirmed' : 'failed', recoveryFailure });
      return {
        measure,
        measures: replaceMeasure(context.measures, measure),
        recoveryFailedAfterNotice: params.recovered ? context.recoveryFailedAfterNotice : true,
      };
    }),

    closeCase: assign(({ context, event }) => {
      assertEvent(event, 'case.closed');
      let measures = context.measures;
      let proposal = context.proposal;
      if (proposal !== null) {
        measures = replaceMeasure(measures, stamped(proposal, {
          status: 'lapsed',
          endedAt: event.at,
          endReason: 'Escalatie afgesloten',
        }));
        proposal = null;
      }
      return {
        measures,
        proposal,
        outcome: stamped(event.payload, { at: event.at, by: event.actor }),
      };
    }),
  },
}).createMachine({
  id: ID,
  context: ({ input }) => ({
    caseId: input.caseId,
    startedAt: input.startedAt,
    startedBy: input.startedBy,
    provider: input.data.provider,
    signal: input.data.signal,
    hearings: [],
    grounds: [],
    rungChoices: [],
    currentRung: null,
    rung1: null,
    rung2: null,
    responses: [],
    plans: [],
    measures: [],
    measure: null,
    proposal: null,
    recoveryFailedAfterNotice: false,
    objections: [],
    overdue: [],
    outcome: null,
  }),
  meta: meta({ label: 'Escalatieladder', waitingOn: [], rule: RULE.trigger }),
  initial: 'open',
  states: {
    open: {
      meta: meta({ label: 'Escalatie loopt', waitingOn: [], rule: RULE.trigger }),
      initial: 'investigation',
      on: {
        'hearing.recorded': { actions: 'recordHearing' },
        'ground.recorded': { actions: 'recordGround' },
        'case.closed': {
          guard: 'hasHearing',
          target: T.closed,
          actions: ['closeCase', notify('escalation.caseClosed', ['aanbieder', 'contractmanager'])],
        },
      },
      states: {
        investigation: {
          meta: meta({
            label: 'Onderzoek en wederhoor',
            waitingOn: ['contractmanager'],
            expectedWorkingDays: 20,
            rule: RULE.hearing,
          }),
          on: nextStep,
        },

        rung1: {
          meta: meta({ label: 'Trede 1: verhogen intensiteit contractmanagement', waitingOn: [], rule: RULE.rung1 }),
          initial: 'awaitingResponse',
          states: {
            awaitingResponse: {
              meta: meta({
                label: 'Wacht op reactie aanbieder',
                waitingOn: ['aanbieder'],
                deadlines: [DEADLINES.responseTerm],
                rule: RULE.rung1Term,
              }),
              on: {
                'response.submitted': submission('recordResponse', 'responseReceived'),
                'responseTerm.expired': termExpired('responseTerm', 'responseOverdue'),
                // Escalation while the term runs (acute developments): only upwards.
                'rung.chosen': { guard: and(['hasHearing', 'isHigherRung']), target: T.rung2, actions: chooseRung },
                'measure.proposed': measureProposal(T.measureProposed, ['hasHearing', 'isHigherRung']),
              },
            },
            responseOverdue: {
              meta: meta({
                label: 'Reactietermijn verstreken: volgende stap kiezen',
                waitingOn: ['contractmanager'],
                rule: RULE.rung1Term,
              }),
              on: {
                'response.submitted': submission('recordResponse', 'responseReceived', { lateFor: 'responseTerm' }),
                ...nextStep,
              },
            },
            responseReceived: {
              meta: meta({
                label: 'Reactie aanbieder ontvangen: volgende stap kiezen',
                waitingOn: ['contractmanager'],
                expectedWorkingDays: 10,
                rule: RULE.rung1,
              }),
              on: nextStep,
            },
          },
        },

        rung2: {
          meta: meta({ label: 'Trede 2: verbeterplan', waitingOn: [], rule: RULE.rung2 }),
          initial: 'awaitingPlan',
          states: {
            awaitingPlan: {
              meta: meta({
                label: 'Wacht op verbeterplan aanbieder',
                waitingOn: ['aanbieder'],
                deadlines: [DEADLINES.planTerm],
                rule: RULE.rung2Term,
              }),
              on: {
                'improvementPlan.submitted': submission('recordPlan', 'planSubmitted'),
                'planTerm.expired': termExpired('planTerm', 'planOverdue'),
                'measure.proposed': measureProposal(T.measureProposed, ['hasHearing', 'isHigherRung']),
              },
            },
            planOverdue: {
              meta: meta({
                label: 'Termijn verbeterplan verstreken: volgende stap kiezen',
                waitingOn: ['contractmanager'],
                rule: RULE.rung2Term,
              }),
              on: {
                'improvementPlan.submitted': submission('recordPlan', 'planSubmitted', { lateFor: 'planTerm' }),
                ...nextStep,
              },
            },
            planSubmitted: {
              meta: meta({
                label: 'Verbeterplan ontvangen: beoordelen',
                waitingOn: ['contractmanager'],
                expectedWorkingDays: 10,
                rule: RULE.rung2,
              }),
              on: {
                'improvementPlan.assessed': [
                  {
                    guard: 'isPlanApproved',
                    target: 'planApproved',
                    actions: ['assessPlan', notify('escalation.planAssessed', ['aanbieder'])],
                  },
                  {
                    target: 'planRejected',
                    actions: ['assessPlan', notify('escalation.planAssessed', ['aanbieder'])],
                  },
                ],
              },
            },
            planApproved: {
              meta: meta({
                label: 'Verbeterplan goedgekeurd: uitvoering volgen',
                waitingOn: ['contractmanager'],
                rule: RULE.rung2,
              }),
              on: nextStep,
            },
            planRejected: {
              meta: meta({
                label: 'Verbeterplan afgewezen: volgende stap kiezen',
                waitingOn: ['contractmanager'],
                expectedWorkingDays: 10,
                rule: RULE.rung2,
              }),
              on: nextStep,
            },
          },
        },

        choosing: {
          meta: meta({
            label: 'Volgende stap kiezen',
            waitingOn: ['contractmanager'],
            expectedWorkingDays: 10,
            rule: RULE.grading,
          }),
          on: nextStep,
        },

        measureProposed: {
          meta: meta({
            label: 'Maatregel voorgesteld: wacht op tweede contractmanager',
            waitingOn: ['contractmanager'],
            fourEyes: true,
            expectedWorkingDays: 5,
            rule: RULE.fourEyes,
          }),
          on: {
            'measure.approved': [
              {
                guard: and(['isOtherContractManager', 'hasRegisteredLetter', 'isNoticeOfDefaultProposal']),
                target: T.recoveryRunning,
                actions: approveMeasure,
              },
              { guard: and(['isOtherContractManager', 'hasRegisteredLetter']), target: T.measureTaken, actions: approveMeasure },
            ],
            'measure.rejected': { guard: 'isOtherContractManager', target: T.choosing, actions: rejectMeasure },
          },
        },

        measureTaken: {
          meta: meta({ label: 'Formele maatregel genomen', waitingOn: [], rule: RULE.measures }),
          type: 'parallel',
          states: {
            objection: {
              meta: meta({ label: 'Bezwaar tegen de maatregel', waitingOn: [], rule: RULE.objection }),
              initial: 'window',
              states: {
                window: {
                  meta: meta({
                    label: 'Bezwaartermijn aanbieder loopt',
                    waitingOn: ['aanbieder'],
                    deadlines: [DEADLINES.objectionWindow],
                    rule: RULE.objection,
                  }),
                  on: {
                    'objection.filed': [
                      {
                        guard: 'isRungDisputed',
                        target: 'meeting',
                        actions: [
                          'recordObjection',
                          notify('escalation.objectionFiled', ['contractmanager', 'opdrachtgever-besluit']),
                        ],
                      },
                      {
                        target: 'decision',
                        actions: [
                          'recordObjection',
                          notify('escalation.objectionFiled', ['contractmanager', 'opdrachtgever-besluit']),
                        ],
                      },
                    ],
                    'objectionWindow.expired': { target: 'done', actions: 'closeObjectionWindow' },
                  },
                },
                decision: {
                  meta: meta({
                    label: 'Bezwaar ingediend: wacht op beslissing (niet door de indiener van de maatregel)',
                    waitingOn: ['contractmanager', 'opdrachtgever-besluit'],
                    deadlines: [DEADLINES.objectionDecision],
                    rule: RULE.objectionDecision,
                  }),
                  on: {
                    'objection.decided': objectionDecided(),
                    'objectionDecision.expired': termExpired('objectionDecision', 'decisionOverdue', ['opdrachtgever-besluit']),
                  },
                },
                decisionOverdue: {
                  meta: meta({
                    label: 'Beslissing op bezwaar te laat',
                    waitingOn: ['contractmanager', 'opdrachtgever-besluit'],
                    rule: RULE.objectionDecision,
                  }),
                  on: {
                    'objection.decided': objectionDecided({ lateFor: 'objectionDecision' }),
                  },
                },
                meeting: {
                  meta: meta({
                    label: 'Geschil over de inschaling: gesprek op directieniveau',
                    waitingOn: ['contractmanager'],
                    deadlines: [DEADLINES.directorMeeting],
                    rule: RULE.directorMeeting,
                  }),
                  on: {
                    'directorMeeting.held': directorMeetingHeld(),
                    'directorMeeting.expired': termExpired('directorMeeting', 'meetingOverdue', ['opdrachtgever-besluit']),
                  },
                },
                meetingOverdue: {
                  meta: meta({
                    label: 'Gesprek op directieniveau te laat',
                    waitingOn: ['contractmanager'],
                    rule: RULE.directorMeeting,
                  }),
                  on: {
                    'directorMeeting.held': directorMeetingHeld({ lateFor: 'directorMeeting' }),
                  },
                },
                done: {
                  meta: meta({ label: 'Bezwaarfase afgerond', waitingOn: [], rule: RULE.objection }),
                  type: 'final',
                },
              },
            },

            effect: {
              meta: meta({ label: 'Werking van de maatregel', waitingOn: [], rule: RULE.measures }),
              initial: 'inForce',
              states: {
                inForce: {
                  meta: meta({ label: 'Maatregel van kracht', waitingOn: ['contractmanager'], rule: RULE.measures }),
                  on: {
                    'objection.filed': { guard: 'isSuspensiveObjection', target: 'suspended' },
                  },
                },
                recoveryRunning: {
                  meta: meta({
                    label: 'Hersteltermijn ingebrekestelling loopt',
                    waitingOn: ['aanbieder'],
                    deadlines: [DEADLINES.recoveryTerm],
                    rule: RULE.rung3,
                  }),
                  on: {
                    'recovery.confirmed': {
                      target: 'recovered',
                      actions: [
                        { type: 'recordRecovery', params: { recovered: true } },
                        notify('escalation.recoveryAssessed', ['aanbieder']),
                      ],
                    },
                    // Before the term ends only on the provider's written statement that it will not recover.
                    'recovery.failed': {
                      guard: 'isStatementDatedBetweenNoticeAndToday',
                      target: 'recoveryFailed',
                      actions: [
                        { type: 'recordRecovery', params: { recovered: false } },
                        notify('escalation.recoveryAssessed', ['aanbieder']),
                      ],
                    },
                    'recoveryTerm.expired': {
                      target: 'recoveryFailed',
                      actions: [
                        { type: 'markOverdue', params: { deadline: 'recoveryTerm' } },
                        { type: 'recordRecovery', params: { recovered: false } },
                      ],
                    },
                    'objection.filed': { guard: 'isSuspensiveObjection', target: 'suspended' },
                  },
                },
                recoveryFailed: {
                  meta: meta({
                    label: 'Herstel uitgebleven na ingebrekestelling: volgende stap kiezen',
                    waitingOn: ['contractmanager'],
                    expectedWorkingDays: 10,
                    rule: RULE.rung4,
                  }),
                },
                recovered: {
                  meta: meta({ label: 'Herstel bevestigd', waitingOn: ['contractmanager'], rule: RULE.rung3 }),
                },
                suspended: {
                  meta: meta({
                    label: 'Maatregel opgeschort door bezwaar',
                    waitingOn: [],
                    rule: RULE.suspension,
                  }),
                  on: {
                    // The suspension ends with the objection's outcome; a maintained notice of
                    // default starts its recovery term afresh (keuze).
                    'objection.decided': [
                      {
                        guard: and(['isObjectionAwaitingDecision', 'isOtherThanMeasureProposer', not('isObjectionUpheld'), 'isNoticeOfDefault']),
                        target: 'recoveryRunning',
                      },
                      {
                        guard: and(['isObjectionAwaitingDecision', 'isOtherThanMeasureProposer', not('isObjectionUpheld')]),
                        target: 'inForce',
                      },
                    ],
                    'directorMeeting.held': [
                      {
                        guard: and(['isObjectionAwaitingMeeting', 'isMeasureMaintained', 'isNoticeOfDefault']),
                        target: 'recoveryRunning',
                      },
                      { guard: and(['isObjectionAwaitingMeeting', 'isMeasureMaintained']), target: 'inForce' },
                    ],
                  },
                },
              },
            },

            escalation: {
              meta: meta({ label: 'Opschalen naar een zwaardere maatregel', waitingOn: [], rule: RULE.grading }),
              initial: 'idle',
              states: {
                idle: {
                  meta: meta({ label: 'Geen voorstel voor een zwaardere maatregel', waitingOn: [], rule: RULE.grading }),
                  on: {
                    'measure.proposed': measureProposal('proposed', ['isHigherRung', 'isEscalationAllowedDuringObjection']),
                  },
                },
                proposed: {
                  meta: meta({
                    label: 'Zwaardere maatregel voorgesteld: wacht op tweede contractmanager',
                    waitingOn: ['contractmanager'],
                    fourEyes: true,
                    expectedWorkingDays: 5,
                    rule: RULE.fourEyes,
                  }),
                  on: {
                    'measure.approved': {
                      guard: and(['isOtherContractManager', 'isEscalationAllowedDuringObjection']),
                      target: T.measureTaken,
                      reenter: true,
                      actions: approveMeasure,
                    },
                    'measure.rejected': { guard: 'isOtherContractManager', target: 'idle', actions: rejectMeasure },
                  },
                },
              },
            },
          },
        },
      },
    },
    closed: {
      meta: meta({ label: 'Afgesloten', waitingOn: [], rule: RULE.restraint }),
      type: 'final',
    },
  },
});

export const escalationLadder = defineProcedure({
  id: 'escalation-ladder',
  version: 1,
  title: 'Escalatieladder',
  description:
    'Bij signalen van (dreigende) niet-nakoming door een jeugdhulpaanbieder (kwaliteit, continuïteit, ' +
    'rechtmatigheid of tijdigheid) doorloopt SDFL de escalatieladder: eerst onderzoek en wederhoor, daarna ' +
    'een trede naar ernst (treden overslaan of hoger instappen mag, met reden). Treden 1 en 2 vragen een ' +
    'reactie of verbeterplan van de aanbieder binnen een termijn; treden 3 t/m 7 zijn formele maatregelen ' +
    'die een tweede contractmanager goedkeurt. De ingebrekestelling (trede 3) gaat per aangetekende brief; ' +
    'bezwaartermijn en hersteltermijn tellen vanaf de dagtekening. Opschorting van betaling (trede 4) volgt ' +
    'pas als het herstel uitblijft na de hersteltermijn (of na een schriftelijke verklaring van de aanbieder). ' +
    'Tegen een formele maatregel kan de aanbieder binnen 5 werkdagen bezwaar maken; zolang dat loopt wordt ' +
    'niet opgeschaald, tenzij de veiligheid van cliënten of verdere fraude dat vraagt. Vanaf trede 5 is een ' +
    'grond met bewijs nodig, vastgesteld waar de bijlage dat eist.',
  seed: '003 Bijlage contract- en leveranciersmanagement SDFL, Escalatieladder',
  machine: escalationLadderMachine,
  mail: escalationLadderMail,
  startRoles: ['contractmanager'],
  startSchema,
  events: escalationEvents,
  guards: escalationGuards,
});
