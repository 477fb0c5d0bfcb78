// P1 — a proposal at the development tables (ontwikkeltafels), from submission to decision, the
// contract amendment, a provider's termination and the recovery ("herstel") of an agreed goal.
// Seed: 000/001 Bijlage collectief contractmanagement SOJ Zuid-Holland Zuid, §3.2 (steps 1–8), §3.3,
// §4 (who decides) and the Inleiding (herstel). Pure law: imports only xstate, zod, ./types.ts,
// ./schemas.ts and ./patterns.ts.
import { and, assertEvent, assign, not, setup } from 'xstate';
import { z } from 'zod';
import { amsterdamDay } from './dates.ts';
import { proposalLifecycleMail } from './proposalLifecycle.mail.ts';
import { withOverdue } from './patterns.ts';
import { freeText, isoDate, MAX_TEXT, workingDays } from './schemas.ts';
import { defineProcedure, type Actor, type DeadlineDefinition, type EventTable, type EventsOf, type MachineInput, type Role, type StartRefusal, type StateMeta } from './types.ts';
import { freezeLaw, stamped } from './immutable.ts';

const SEED = '000/001 Bijlage collectief contractmanagement SOJ ZHZ';
const rule = (where: string) => `${SEED}, ${where}`;

// ---------------------------------------------------------------------------------------------
// Vocabulary shared with tables/ (which imports it from here: machines are the law)

/** Code of a provider, municipality or SOJ: lower-case letters, digits and hyphens, e.g. `aanbieder-042`, `gemeente-dordrecht`, `soj`. */
const CODE_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
/** Whether `value` is such a code. (The pattern itself is not exported: a worker shares this module, see machines/immutable.ts.) */
export function isCode(value: string): boolean {
  return CODE_PATTERN.test(value);
}
export const codeSchema = freezeLaw(z
  .string()
  .regex(CODE_PATTERN, 'verwacht een code van kleine letters, cijfers en koppeltekens, bijv. aanbieder-042 of gemeente-dordrecht'));

export const TABLE_TYPES = ['digitaal', 'fysiek', 'bestuurlijk'] as const;
export type TableType = (typeof TABLE_TYPES)[number];
export const TOPIC_SCOPES = ['algemeen', 'segment'] as const;
export type TopicScope = (typeof TOPIC_SCOPES)[number];

/** The six core values of the contract (000/001 §1), in the seed's order. */
export const CORE_VALUES = [
  'leefomgeving',
  'dienstbaar-vakmanschap',
  'onderwijs',
  'zelfredzaamheid-en-herstel',
  'netwerk',
  'doelmatige-inzet-middelen',
] as const;
export type CoreValue = (typeof CORE_VALUES)[number];
export const CORE_VALUE_LABELS: Record<CoreValue, string> = {
  leefomgeving: 'Jeugdhulp wordt geboden in de leefomgeving; jeugdigen groeien thuis op',
  'dienstbaar-vakmanschap': 'Jeugdhulpaanbieders (professionals) bieden dienstbaar vakmanschap',
  onderwijs: 'Ieder kind volgt onderwijs',
  'zelfredzaamheid-en-herstel': 'Jeugdhulp zorgt voor toegenomen zelfredzaamheid en duurzaam herstel van de jeugdige en het gezin',
  netwerk: 'Jeugdhulp versterkt het netwerk van de jeugdige en het gezin',
  'doelmatige-inzet-middelen': 'Doelmatige inzet van (schaarse) middelen',
};

export const PROPOSER_KINDS = ['opdrachtgever', 'gemeente', 'aanbieder'] as const;
export type ProposerKind = (typeof PROPOSER_KINDS)[number];
/** Which role speaks for which kind of participant. */
const ROLE_OF_KIND: Record<ProposerKind, Role> = { opdrachtgever: 'contractmanager', gemeente: 'gemeente', aanbieder: 'aanbieder' };

export const DECISION_BODIES = ['dagelijks-bestuur', 'mt-binnen-mandaat', 'gemeente'] as const;
export type DecisionBody = (typeof DECISION_BODIES)[number];

const PARTICIPANT_ROLES = ['contractmanager', 'gemeente', 'aanbieder'] as const satisfies readonly Role[];

// ---------------------------------------------------------------------------------------------
// Schemas

const signalId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/, 'verwacht een signaalnummer (letters, cijfers, . _ -)');

const participantSchema = z
  .strictObject({
    kind: z.enum(PROPOSER_KINDS).describe('Soort deelnemer: opdrachtgever (SOJ), gemeente of aanbieder'),
    code: codeSchema.describe('Code van de organisatie, bijv. soj, gemeente-dordrecht of aanbieder-042'),
  })
  .describe('De deelnemende partij (organisatie, nooit een persoon)');

export const topicSchema = freezeLaw(z
  .strictObject({
    scope: z.enum(TOPIC_SCOPES).describe('Algemeen onderwerp (of Algemeen Deel) of segment-specifiek (een Bijzonder Deel Overeenkomst)'),
    bijzonderDeel: codeSchema.optional().describe('Code van het Bijzonder Deel Overeenkomst; verplicht bij een segment-specifiek onderwerp'),
  })
  .refine((t) => (t.scope === 'segment') === (t.bijzonderDeel !== undefined), {
    message: 'geef een Bijzonder Deel bij een segment-specifiek onderwerp, en alleen dan',
    path: ['bijzonderDeel'],
  })
  .describe('Onderwerp van het voorstel'));

export const startSchema = z
  .strictObject({
    provider: codeSchema.describe('Code van de indienende partij (aanbieder; voor SOJ of een gemeente hun eigen code, bijv. soj of gemeente-dordrecht)'),
    proposer: participantSchema.describe('De indiener van het voorstel'),
    title: freeText('Titel van het voorstel', { min: 3, max: 200 }),
    summary: freeText('Samenvatting van het voorstel (geen persoonsgegevens van jeugdigen)', { min: 10, max: MAX_TEXT }),
    topic: topicSchema,
    changesContract: z.boolean().describe('Het voorstel beoogt een wijziging van (een onderdeel van) de overeenkomst'),
    table: z
      .strictObject({
        type: z.enum(TABLE_TYPES).describe('Soort ontwikkeltafel: digitaal, fysiek of bestuurlijk'),
        id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/).optional().describe('Nummer van de aangekondigde tafel, als bekend'),
      })
      .describe('De ontwikkeltafel waarvoor het voorstel is bedoeld'),
    signalIds: z.array(signalId).max(50).optional().describe('Signalen waarop het voorstel voortbouwt (§3.2 stap 3)'),
  })
  .refine((d) => d.provider === d.proposer.code, { message: 'provider moet de code van de indiener zijn (proposer.code)', path: ['provider'] });
export type ProposalStartData = z.infer<typeof startSchema>;

const feedbackSchema = z.strictObject({
  participant: participantSchema,
  feedback: freeText('De feedback op het voorstel (geen persoonsgegevens van jeugdigen)', { min: 5, max: MAX_TEXT }),
});

const contextualChangeSchema = z.strictObject({
  level: z.enum(['landelijk', 'bovenregionaal', 'regionaal']).describe('Niveau van de contextuele wijziging'),
  description: freeText('Omschrijving van de wijziging', { min: 5, max: 2000 }),
});

const agendaSchema = z
  .strictObject({
    aimedAtCollective: z.boolean().describe('Afweging 1: is het voorstel gericht op het collectief? Nee = individueel contractmanagement'),
    coreValues: z
      .strictObject({
        evidentRelation: z.boolean().describe('Afweging 2: is er een evidente relatie met de zes kernwaarden?'),
        values: z.array(z.enum(CORE_VALUES)).max(6).describe('Met welke kernwaarden (leeg als er geen evidente relatie is)'),
      })
      .refine((c) => c.evidentRelation === c.values.length > 0, {
        message: 'noem de kernwaarden als er een evidente relatie is, en alleen dan',
        path: ['values'],
      })
      .refine((c) => new Set(c.values).size === c.values.length, { message: 'noem elke kernwaarde één keer', path: ['values'] })
      .describe('Relatie met de zes kernwaarden'),
    contextualChanges: z
      .discriminatedUnion('present', [
        z.strictObject({ present: z.literal(false).describe('Er zijn geen contextuele wijzigingen') }),
        z.strictObject({
          present: z.literal(true).describe('Er zijn contextuele wijzigingen'),
          changes: z.array(contextualChangeSchema).min(1).max(10).describe('De wijzigingen (landelijk, bovenregionaal of regionaal)'),
        }),
      ])
      .describe('Afweging 3: contextuele wijzigingen die aanpassing van de inkoopinstrumenten noodzakelijk maken'),
    onAgenda: z.boolean().describe('Besluit: het voorstel wordt geagendeerd'),
    motivation: freeText('Motivering van het agendabesluit', { min: 5, max: MAX_TEXT }),
  })
  .refine((a) => a.aimedAtCollective || !a.onAgenda, {
    message: 'een voorstel dat niet op het collectief is gericht kan niet geagendeerd worden',
    path: ['onAgenda'],
  });

const workTermSchema = z
  .strictObject({
    workingDays: workingDays(undefined, { max: 260 }).optional().describe('Afgesproken termijn in werkdagen (of een einddatum)'),
    dueDate: isoDate().optional().describe('Afgesproken einddatum (of een termijn in werkdagen)'),
    method: freeText(undefined, { min: 3, max: 2000 }).optional().describe('De door partijen besloten wijze van uitwerken'),
  })
  .refine((t) => (t.workingDays === undefined) !== (t.dueDate === undefined), {
    message: 'geef óf een termijn in werkdagen óf een einddatum',
    path: ['workingDays'],
  });

const expirySchema = z.strictObject({ deadline: z.string().min(1).describe('Naam van de verstreken termijn') });

const subAssignmentSchema = z
  .strictObject({
    parts: z.array(freeText(undefined, { min: 3, max: 500 })).min(1).max(20).describe('Onderdelen van het voorstel die verder uitgewerkt worden'),
    desiredResults: z.array(freeText(undefined, { min: 3, max: 1000 })).min(1).max(20).describe('Omschrijving van de gewenste resultaten van de deelopdracht'),
    providers: z.array(codeSchema).min(2, 'een deelopdracht gaat naar twee of meer aanbieders').max(50).describe('De betrokken aanbieders (codes, twee of meer)'),
    timePlan: z
      .strictObject({
        startDate: isoDate('Begin van de deelopdracht'),
        endDate: isoDate('Gereed op'),
        milestones: freeText(undefined, { min: 3, max: 2000 }).optional().describe('Tussenstappen'),
      })
      .refine((p) => p.endDate >= p.startDate, { message: 'de einddatum ligt niet voor de begindatum', path: ['endDate'] })
      .describe('Tijdsplan'),
    facilitation: freeText('Hoe SOJ de aanbieders faciliteert', { min: 3, max: 2000 }),
    fundedOutsideContract: z.boolean().describe('SOJ financiert de uitwerking buiten de overeenkomst om'),
    funding: z
      .strictObject({
        basis: z.enum(['incidentele-subsidie', 'overheidsopdracht']).describe('Grondslag van de financiering'),
        amountEur: z.number().nonnegative().max(100_000_000).optional().describe('Bedrag in euro'),
      })
      .optional()
      .describe('Financiering buiten de overeenkomst (alleen als fundedOutsideContract)'),
  })
  .refine((s) => new Set(s.providers).size === s.providers.length, { message: 'noem elke aanbieder één keer', path: ['providers'] })
  .refine((s) => s.fundedOutsideContract || s.funding === undefined, { message: 'financiering alleen bij fundedOutsideContract', path: ['funding'] });

const workSessionSchema = z.strictObject({
  provider: codeSchema.describe('Code van de aanbieder die wil meewerken'),
  digitalOnly: z.boolean().describe('De aanbieder neemt alleen deel aan de digitale dialoog (meewerken, §3.2)'),
  interest: freeText(undefined, { min: 3, max: 1000 }).optional().describe('Waarover de aanbieder wil meedenken'),
});

const workedOutSchema = z.strictObject({
  participant: participantSchema,
  reference: freeText('Verwijzing naar het uitgewerkte voorstel (documentnummer)', { min: 3, max: 200 }),
  summary: freeText(undefined, { min: 5, max: MAX_TEXT }).optional().describe('Samenvatting van het uitgewerkte voorstel'),
});

const decisionRequestSchema = z
  .strictObject({
    decisionBody: z.enum(DECISION_BODIES).describe('Wie besluit: Dagelijks Bestuur, MT binnen mandaat, of de gemeente (mandaat van de individuele gemeente)'),
    municipality: codeSchema.optional().describe('Code van de gemeente; verplicht als de gemeente besluit'),
    motivation: freeText(undefined, { min: 5, max: 2000 }).optional().describe('Toelichting'),
  })
  .refine((r) => (r.decisionBody === 'gemeente') === (r.municipality !== undefined), {
    message: 'noem de gemeente als het voorstel naar de gemeente wordt doorgeleid, en alleen dan',
    path: ['municipality'],
  });

const decisionFields = {
  decisionReference: freeText('Kenmerk van het besluit', { min: 3, max: 200 }),
  decidedOn: isoDate('Datum van het besluit'),
  municipality: codeSchema.optional().describe('Code van de besluitende gemeente (bij doorgeleiding)'),
};
const acceptedSchema = z.strictObject(stamped(decisionFields, { motivation: freeText(undefined, { min: 5, max: MAX_TEXT }).optional().describe('Motivering') }));
const rejectedSchema = z.strictObject(stamped(decisionFields, { motivation: freeText('Motivering van de afwijzing', { min: 5, max: MAX_TEXT }) }));

const amendedSchema = z.strictObject({
  contractVersion: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'verwacht een versienummer, bijv. 2026.1').describe('Nieuwe versie van de overeenkomst'),
  articles: z.array(freeText(undefined, { min: 1, max: 200 })).min(1).max(100).describe('Gewijzigde artikelen, bijv. "AD art. 4.2" of "BDO Jeugd-GGZ art. 3.1"'),
  effectiveDate: isoDate('Ingangsdatum van de wijziging'),
  summary: freeText(undefined, { min: 5, max: MAX_TEXT }).optional().describe('Samenvatting van de wijziging'),
});

const terminationSchema = z.strictObject({
  provider: codeSchema.describe('Code van de opzeggende aanbieder'),
  noticeDate: isoDate('Datum van de opzegging'),
  reason: freeText(undefined, { min: 5, max: 2000 }).optional().describe('Waarom de aanbieder het niet eens is met de wijziging'),
});

const closedSchema = z.strictObject({ summary: freeText(undefined, { min: 5, max: MAX_TEXT }).optional().describe('Afsluitende samenvatting') });

const recoverySchema = z.strictObject({
  provider: codeSchema.describe('Code van de aanbieder die het afgesproken doel niet behaalde'),
  goal: freeText('Het niet behaalde doel (opgave) dat alsnog behaald moet worden', { min: 5, max: 1000 }),
  workingDays: workingDays('Afgesproken hersteltermijn in werkdagen', { max: 260 }),
});

const goalReachedSchema = z.strictObject({ finding: freeText(undefined, { min: 5, max: MAX_TEXT }).optional().describe('Vaststelling dat de opgave alsnog is behaald') });
/** The finding after the recovery period: what was found; who and when come from the event (actor, time). */
const goalNotReachedSchema = z.strictObject({
  finding: freeText('Vaststelling na afloop van de herstelperiode dat de opgave nog niet is behaald: wat is vastgesteld en waarop dat berust', { min: 5, max: MAX_TEXT }),
});
const escalationOfferedSchema = z.strictObject({ motivation: freeText('Toelichting bij het aanbod de escalatieladder te starten op trede 7', { min: 5, max: 2000 }) });

type Payload<S extends z.ZodType> = z.infer<S>;

// ---------------------------------------------------------------------------------------------
// Context

export interface Participant {
  kind: ProposerKind;
  code: string;
}

/** A finding, recorded after the recovery period, that the goal is still not reached: what, who, when. */
export interface RecoveryFinding {
  finding: string;
  foundBy: { role: string; userId: string };
  /** The instant the finding was recorded (always after the recovery period ended). */
  foundAt: string;
}

export interface DissolutionGround {
  provider: string;
  goal: string;
  /** The day (Europe/Amsterdam) the recovery period ended. */
  recoveryEndedOn: string;
  /** The finding after the period that the goal is still not reached: without it there is no ground. */
  finding: RecoveryFinding;
}

export type RecoveryStatus = 'lopend' | 'termijn-verstreken' | 'behaald' | 'mislukt' | 'escalatie-aangeboden';

export interface ProposalContext {
  caseId: string;
  provider: string;
  proposer: Participant;
  title: string;
  summary: string;
  topic: { scope: TopicScope; bijzonderDeel?: string };
  changesContract: boolean;
  table: { type: TableType; id?: string };
  signalIds: string[];
  submittedAt: string;
  feedback: { participant: Participant; feedback: string; at: string }[];
  agendaDecision?: Payload<typeof agendaSchema> & { decidedAt: string };
  workTerm?: {
    workingDays?: number;
    dueDate?: string;
    /** The day before `dueDate`: a 1-day calendar term from it ends on the due date (moved to a working day). */
    dayBeforeDueDate?: string;
    byWorkingDays: boolean;
    byDueDate: boolean;
    method?: string;
    agreedAt: string;
    extensions: number;
    overdue: boolean;
  };
  subAssignments: (Payload<typeof subAssignmentSchema> & { givenAt: string })[];
  workSessionRegistrations: (Payload<typeof workSessionSchema> & { at: string })[];
  workedOutProposal?: { participant: Participant; reference: string; summary?: string; at: string };
  decisionRequest?: { decisionBody: DecisionBody; municipality?: string; motivation?: string; at: string };
  decision?: {
    outcome: 'aangenomen' | 'afgewezen';
    decisionBody: DecisionBody;
    decidedByRole: Role;
    decisionReference: string;
    decidedOn: string;
    municipality?: string;
    motivation?: string;
    contractChanged: boolean;
  };
  contractAmendment?: Payload<typeof amendedSchema> & { basis: string; amendedAt: string };
  terminations: { provider: string; noticeDate: string; reason?: string; basis: string; at: string }[];
  recovery?: {
    provider: string;
    goal: string;
    workingDays: number;
    agreedAt: string;
    status: RecoveryStatus;
    /** The instant the recovery period ended (the expiry of recoveryTerm). */
    periodEndedAt?: string;
    /** The finding after the period that the goal is still not reached. */
    finding?: RecoveryFinding;
  };
  recoveries: NonNullable<ProposalContext['recovery']>[];
  dissolutionGround?: DissolutionGround;
  escalationOffer?: { procedure: 'escalation-ladder'; startRung: 7; ground: DissolutionGround; motivation: string; offeredAt: string };
  closedAt?: string;
  closingSummary?: string;
}

// ---------------------------------------------------------------------------------------------
// Pure helpers

export { amsterdamDay } from './dates.ts';

function dayBefore(isoDay: string): string {
  return new Date(Date.parse(`${isoDay}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/**
 * A party speaks for itself: a provider's or a municipality's user only for its own organisation
 * (`Actor.organisation`, set by the API from the signed-in user, by the CLI from `--organisation`); the
 * contract manager speaks for the commissioning body (kind `opdrachtgever`).
 */
function speaksForItself(participant: Participant, actor: Pick<Actor, 'organisation'>): boolean {
  return participant.kind === 'opdrachtgever' || participant.code === actor.organisation;
}

const PROPOSER_RULE = rule(
  '§3.2 Agenderen en meepraten: "Alle betrokkenen (dit zijn in ieder geval de SOJ ZHZ, gemeenten en gecontracteerde Jeugdhulpaanbieders) kunnen via de digitale dialoog, voorstellen indienen"',
);

/** The proposer is the starter's own party: the role of its kind, and for a provider or municipality its own code. */
export function checkProposer(data: Pick<ProposalStartData, 'proposer'>, startedBy: Actor): StartRefusal | undefined {
  const { proposer } = data;
  const role = ROLE_OF_KIND[proposer.kind];
  if (startedBy.role !== role) {
    return {
      field: 'proposer',
      code: 'ROLE_NOT_ALLOWED',
      message: `Role '${startedBy.role}' may not submit a proposal as a party of kind '${proposer.kind}' (that kind submits in role '${role}'); submit as your own party`,
      rule: PROPOSER_RULE,
    };
  }
  if (!speaksForItself(proposer, startedBy)) {
    return {
      field: 'proposer',
      code: 'ROLE_NOT_ALLOWED',
      message: `${startedBy.userId} acts for ${startedBy.organisation ? `'${startedBy.organisation}'` : 'no organisation'} and may not submit a proposal in the name of '${proposer.code}'; proposer.code must be your own organisation`,
      rule: PROPOSER_RULE,
    };
  }
  return undefined;
}

const RECOVERY_OPEN: readonly RecoveryStatus[] = ['lopend', 'termijn-verstreken', 'mislukt'];

// ---------------------------------------------------------------------------------------------
// Deadlines

const WORK_TERM_RULE = rule('§3.2 stap 4 (uitwerken binnen een door partijen besloten termijn)');
// The parties agree either a number of working days or a due date; `appliesIfContext` picks the one
// agreed. A due date is a 1-day calendar term from the day before it, so the engine moves a due date on
// a weekend or holiday to the next working day (Algemene termijnenwet, art. 1).
const TABLE_PARTIES: readonly Role[] = ['contractmanager', 'aanbieder', 'gemeente'];
const workTermDeadlines: readonly DeadlineDefinition[] = [
  {
    name: 'workTerm',
    label: 'Afgesproken termijn voor het uitgewerkte voorstel',
    kind: 'working-days',
    n: 20,
    nFromContext: 'workTerm.workingDays',
    appliesIfContext: 'workTerm.byWorkingDays',
    onExpiry: 'workTerm.expired',
    waitingOn: TABLE_PARTIES,
    rule: WORK_TERM_RULE,
  },
  {
    name: 'workTerm',
    label: 'Afgesproken einddatum voor het uitgewerkte voorstel',
    kind: 'days',
    n: 1,
    startsFromContext: 'workTerm.dayBeforeDueDate',
    appliesIfContext: 'workTerm.byDueDate',
    onExpiry: 'workTerm.expired',
    waitingOn: TABLE_PARTIES,
    rule: WORK_TERM_RULE,
  },
];

const RECOVERY_RULE = rule(
  'Inleiding: "Herstel betekent dat er een termijn met elkaar wordt afgesproken waar binnen de initieel niet behaalde opgave alsnog behaald dient te worden."',
);
const DISSOLUTION_RULE = rule(
  'Inleiding: "Indien de opgave na de herstelperiode nog niet is behaald, is dit grond om over te gaan tot directe ontbinding van de overeenkomst."',
);
const recoveryDeadline: DeadlineDefinition = {
  name: 'recoveryTerm',
  label: 'Hersteltermijn',
  kind: 'working-days',
  n: 20,
  nFromContext: 'recovery.workingDays',
  onExpiry: 'recoveryTerm.expired',
  waitingOn: ['aanbieder'],
  rule: RECOVERY_RULE,
};

const meta = (m: StateMeta): StateMeta => m;

/**
 * Working out the proposal within the agreed term (`termRunning`) or an extended one (`termExtended`):
 * the term stays visible once it has passed; a new agreement (an extension) or the worked-out proposal
 * ends it. The two sibling nodes take turns on each new agreement: the engine opens a deadline when a
 * node is entered, so an extension must enter a node that was not active before.
 */
const workTermState = (label: string, overdueLabel: string, onNewAgreement: 'termRunning' | 'termExtended') =>
  stamped(
    withOverdue(meta({ label, waitingOn: TABLE_PARTIES, deadlines: workTermDeadlines, rule: WORK_TERM_RULE }), {
      onExpiry: 'workTerm.expired',
      markOverdue: 'markWorkTermOverdue',
      pendingKey: 'running',
      overdue: { meta: meta({ label: overdueLabel, waitingOn: TABLE_PARTIES }) },
    }),
    {
      on: {
        'workTerm.agreed': { guard: 'isTermInFuture', target: onNewAgreement, actions: 'recordWorkTerm' },
        'proposal.workedOut': { guard: and(['isParticipantInOwnRole', 'isParticipantOwnOrganisation']), target: '#proposalLifecycle.onAgenda.workedOut', actions: 'recordWorkedOut' },
      } as const,
    },
  );

// ---------------------------------------------------------------------------------------------
// The machine

/** Templates of the side-effect action `notify` (params `{ template, to }`). */
export type NotifyTemplate = keyof typeof proposalLifecycleMail;
export const NOTIFY_TEMPLATES = Object.keys(proposalLifecycleMail) as NotifyTemplate[];
export interface NotifyParams {
  template: NotifyTemplate;
  to: readonly Role[];
}
/** Params of `offerEscalation`: the offer to start the escalation ladder (003) at rung 7 on a dissolution ground. */
export interface OfferEscalationParams {
  procedure: 'escalation-ladder';
  startRung: 7;
  provider: string;
  ground: DissolutionGround;
}

/** The events table: label, roles, payload schema and rule of every event. The machine's event union is derived from it. */
export const proposalLifecycleEvents = {
  'feedback.given': {
    label: 'Feedback gegeven op het voorstel',
    roles: PARTICIPANT_ROLES,
    schema: feedbackSchema,
    rule: rule('§3.2 Agenderen en meepraten (feedback op voorstellen die op de agenda staan)'),
    description: 'Een deelnemer geeft digitaal feedback op het voorstel, namens de eigen organisatie.',
  },
  'agenda.decided': {
    label: 'Agendabesluit genomen',
    roles: ['contractmanager'],
    schema: agendaSchema,
    rule: rule('§3.2 stap 2 (afwegingen 1–3)'),
    description: 'SOJ legt de drie afwegingen vast en besluit of het voorstel geagendeerd wordt.',
  },
  'workTerm.agreed': {
    label: 'Wijze en termijn van uitwerking afgesproken',
    roles: ['contractmanager'],
    schema: workTermSchema,
    rule: WORK_TERM_RULE,
    description: 'SOJ (voorzitter en verslaglegging, §3.3) legt de door partijen afgesproken termijn vast; opnieuw afspreken verlengt de termijn.',
  },
  'workTerm.expired': {
    label: 'Afgesproken termijn voor uitwerking verstreken',
    roles: ['system'],
    schema: expirySchema,
    rule: WORK_TERM_RULE,
  },
  'subAssignment.given': {
    label: 'Deelopdracht schriftelijk gegeven',
    roles: ['contractmanager'],
    schema: subAssignmentSchema,
    rule: rule('§3.2 stap 4 (deelopdracht aan twee of meer aanbieders)'),
    description: 'Gewenste resultaten, betrokken aanbieders, tijdsplan en facilitering; eventueel financiering buiten de overeenkomst.',
  },
  'workSession.registered': {
    label: 'Aangemeld voor werksessies (meewerken)',
    roles: ['aanbieder'],
    schema: workSessionSchema,
    rule: rule('§3.2 Meewerken; §3.3 (werksessies ook voor partijen buiten de fysieke tafel)'),
  },
  'proposal.workedOut': {
    label: 'Uitgewerkt voorstel ingediend',
    roles: PARTICIPANT_ROLES,
    schema: workedOutSchema,
    rule: rule('§3.2 stap 4 (uitgewerkt voorstel)'),
  },
  'decision.requested': {
    label: 'Voorgelegd ter besluitvorming',
    roles: ['contractmanager'],
    schema: decisionRequestSchema,
    rule: rule('§3.2 stap 5; §4 (Dagelijks Bestuur, MT binnen mandaat of doorgeleiding naar de gemeente)'),
  },
  'proposal.accepted': {
    label: 'Uitgewerkt voorstel aangenomen',
    roles: ['opdrachtgever-besluit', 'gemeente'],
    schema: acceptedSchema,
    rule: rule('§3.2 stap 5 en 7; §4'),
  },
  'proposal.rejected': {
    label: 'Uitgewerkt voorstel afgewezen',
    roles: ['opdrachtgever-besluit', 'gemeente'],
    schema: rejectedSchema,
    rule: rule('§3.2 stap 5 en 6; §4'),
  },
  'contract.amended': {
    label: 'Overeenkomst gewijzigd (nieuwe versie)',
    roles: ['contractmanager'],
    schema: amendedSchema,
    rule: rule('§3.2 stap 7; art. 2.4 lid 1 Algemeen Deel'),
  },
  'termination.noticed': {
    label: 'Overeenkomst opgezegd door aanbieder na wijziging',
    roles: ['aanbieder'],
    schema: terminationSchema,
    rule: rule('§3.2 stap 8; art. 2.9 Algemeen Deel (opzeggingsregeling)'),
    description: 'Elke gecontracteerde aanbieder die het niet eens is met de wijziging kan opzeggen, alleen namens de eigen organisatie.',
    // The notice starts the notice period of art. 2.9 AD: no backdating before the amendment, no future date.
    termStartDates: ['noticeDate'],
  },
  'recovery.agreed': {
    label: 'Hersteltermijn afgesproken',
    roles: ['contractmanager'],
    schema: recoverySchema,
    rule: RECOVERY_RULE,
  },
  'goal.reached': {
    label: 'Doel alsnog behaald',
    roles: ['contractmanager'],
    schema: goalReachedSchema,
    rule: RECOVERY_RULE,
    description: 'De contractmanager stelt vast dat de opgave alsnog is behaald (tijdens of na de herstelperiode).',
  },
  'goal.notReached': {
    label: 'Vastgesteld: doel na de herstelperiode nog niet behaald',
    roles: ['contractmanager'],
    schema: goalNotReachedSchema,
    rule: DISSOLUTION_RULE,
    description:
      'Alleen na afloop van de herstelperiode: de contractmanager legt vast wat is vastgesteld. Wie en wanneer worden uit de melding zelf vastgelegd. Pas dan is er een grond voor ontbinding.',
  },
  'recoveryTerm.expired': {
    label: 'Herstelperiode verstreken',
    roles: ['system'],
    schema: expirySchema,
    rule: DISSOLUTION_RULE,
    description: 'Het verstrijken alleen is geen grond voor ontbinding: daarna volgt de vaststelling of de opgave is behaald.',
  },
  'escalation.offered': {
    label: 'Escalatieladder aangeboden op trede 7 (beëindiging)',
    roles: ['contractmanager'],
    schema: escalationOfferedSchema,
    rule: `${DISSOLUTION_RULE}; 003 Escalatieladder, trede 7`,
  },
  'case.closed': {
    label: 'Zaak afgesloten',
    roles: ['contractmanager'],
    schema: closedSchema,
    rule: rule('§3.2 stap 7 en 8'),
  },
} as const satisfies EventTable;
export type ProposalLifecycleEvent = EventsOf<typeof proposalLifecycleEvents>;

export const proposalLifecycleMachine = setup({
  types: {} as { context: ProposalContext; events: ProposalLifecycleEvent; input: MachineInput<ProposalStartData> },
  guards: {
    isIndividualMatter: ({ event }) => {
      assertEvent(event, 'agenda.decided');
      return event.payload.aimedAtCollective === false;
    },
    isPlacedOnAgenda: ({ event }) => {
      assertEvent(event, 'agenda.decided');
      const p = event.payload;
      return p.aimedAtCollective && p.onAgenda;
    },
    isParticipantInOwnRole: ({ event }) => {
      const participant = (event.payload as { participant?: Participant }).participant;
      return participant !== undefined && ROLE_OF_KIND[participant.kind] === event.actor.role;
    },
    isParticipantOwnOrganisation: ({ event }) => {
      const participant = (event.payload as { participant?: Participant }).participant;
      return participant !== undefined && speaksForItself(participant, event.actor);
    },
    isOwnProvider: ({ event }) => {
      const provider = (event.payload as { provider?: string }).provider;
      return provider !== undefined && provider === event.actor.organisation;
    },
    isTermInFuture: ({ event }) => {
      assertEvent(event, 'workTerm.agreed');
      const { dueDate } = event.payload;
      return dueDate === undefined || dueDate > amsterdamDay(event.at);
    },
    isNewWorkSessionRegistration: ({ context, event }) => {
      assertEvent(event, 'workSession.registered');
      return !context.workSessionRegistrations.some((r) => r.provider === event.payload.provider);
    },
    isForwardedToMunicipality: ({ event }) => {
      assertEvent(event, 'decision.requested');
      return event.payload.decisionBody === 'gemeente';
    },
    isDecidedBySoj: ({ event }) => event.actor.role === 'opdrachtgever-besluit' && (event.payload as { municipality?: string }).municipality === undefined,
    // The municipality decides as itself: the one forwarded to, named in the payload and signed in.
    isDecidedByForwardedMunicipality: ({ context, event }) => {
      const forwardedTo = context.decisionRequest?.municipality;
      return (
        event.actor.role === 'gemeente' &&
        forwardedTo !== undefined &&
        (event.payload as { municipality?: string }).municipality === forwardedTo &&
        event.actor.organisation === forwardedTo
      );
    },
    isContractChange: ({ context }) => context.changesContract,
    hasNotYetTerminated: ({ context, event }) => {
      assertEvent(event, 'termination.noticed');
      return !context.terminations.some((t) => t.provider === event.payload.provider);
    },
    hasNoOpenRecovery: ({ context }) => !context.recovery || !RECOVERY_OPEN.includes(context.recovery.status),
  },
  actions: {
    notify: (_, _params: NotifyParams) => {},
    offerEscalation: (_, _params: OfferEscalationParams) => {},
    recordFeedback: assign({
      feedback: ({ context, event }) => {
        assertEvent(event, 'feedback.given');
        const p = event.payload;
        return [...context.feedback, { participant: p.participant, feedback: p.feedback, at: event.at }];
      },
    }),
    recordWorkTerm: assign({
      workTerm: ({ context, event }) => {
        assertEvent(event, 'workTerm.agreed');
        const p = event.payload;
        // The term as agreed: in working days, by a due date or both, and the method, each only when given.
        const agreed = {
          ...(p.workingDays !== undefined ? { workingDays: p.workingDays } : {}),
          ...(p.dueDate !== undefined ? { dueDate: p.dueDate, dayBeforeDueDate: dayBefore(p.dueDate) } : {}),
          ...(p.method !== undefined ? { method: p.method } : {}),
        };
        return stamped(agreed, {
          byWorkingDays: p.workingDays !== undefined,
          byDueDate: p.dueDate !== undefined,
          agreedAt: event.at,
          extensions: context.workTerm ? context.workTerm.extensions + 1 : 0,
          overdue: false,
        });
      },
    }),
    recordWorkedOut: assign({
      workedOutProposal: ({ event }) => {
        assertEvent(event, 'proposal.workedOut');
        const p = event.payload;
        return { participant: p.participant, reference: p.reference, ...(p.summary ? { summary: p.summary } : {}), at: event.at };
      },
    }),
    recordDecisionRequest: assign({
      decisionRequest: ({ event }) => {
        assertEvent(event, 'decision.requested');
        const p = event.payload;
        return { decisionBody: p.decisionBody, ...(p.municipality ? { municipality: p.municipality } : {}), ...(p.motivation ? { motivation: p.motivation } : {}), at: event.at };
      },
    }),
    recordRecovery: assign(({ context, event }) => {
      assertEvent(event, 'recovery.agreed');
      const p = event.payload;
      const recovery = { provider: p.provider, goal: p.goal, workingDays: p.workingDays, agreedAt: event.at, status: 'lopend' as const };
      return { recovery, recoveries: [...context.recoveries, recovery] };
    }),
    recordClosing: assign(({ event }) => {
      assertEvent(event, 'case.closed');
      const { summary } = event.payload;
      return { closedAt: event.at, ...(summary ? { closingSummary: summary } : {}) };
    }),
    markWorkTermOverdue: assign({ workTerm: ({ context }) => (context.workTerm ? stamped(context.workTerm, { overdue: true }) : undefined) }),
    recordDecision: assign({
      decision: ({ context, event }, params: { outcome: 'aangenomen' | 'afgewezen' }) => {
        assertEvent(event, ['proposal.accepted', 'proposal.rejected']);
        const p = event.payload;
        return {
          outcome: params.outcome,
          decisionBody: context.decisionRequest!.decisionBody,
          decidedByRole: event.actor.role as Role,
          decisionReference: p.decisionReference,
          decidedOn: p.decidedOn,
          ...(p.municipality ? { municipality: p.municipality } : {}),
          ...(p.motivation ? { motivation: p.motivation } : {}),
          contractChanged: false,
        };
      },
    }),
    recordRecoveryPeriodEnd: assign(({ context, event }) => {
      const recovery = stamped(context.recovery!, { status: 'termijn-verstreken' as const, periodEndedAt: event.at });
      return { recovery, recoveries: [...context.recoveries.slice(0, -1), recovery] };
    }),
    recordGoalReached: assign(({ context }) => {
      const recovery = stamped(context.recovery!, { status: 'behaald' as const });
      return { recovery, recoveries: [...context.recoveries.slice(0, -1), recovery] };
    }),
    // Only after the period (state `periodEnded`) and only with a finding: who found it, when, what.
    recordGoalNotReached: assign(({ context, event }) => {
      assertEvent(event, 'goal.notReached');
      const finding: RecoveryFinding = {
        finding: event.payload.finding,
        foundBy: { role: event.actor.role, userId: event.actor.userId },
        foundAt: event.at,
      };
      const recovery = stamped(context.recovery!, { status: 'mislukt' as const, finding });
      return {
        recovery,
        recoveries: [...context.recoveries.slice(0, -1), recovery],
        dissolutionGround: { provider: recovery.provider, goal: recovery.goal, recoveryEndedOn: amsterdamDay(recovery.periodEndedAt!), finding },
      };
    }),
  },
}).createMachine({
  id: 'proposalLifecycle',
  meta: meta({ label: 'Voorstel aan de ontwikkeltafel', waitingOn: [], rule: rule('§3.2') }),
  context: ({ input }) => ({
    caseId: input.caseId,
    provider: input.data.provider,
    proposer: input.data.proposer,
    title: input.data.title,
    summary: input.data.summary,
    topic: input.data.topic,
    changesContract: input.data.changesContract,
    table: input.data.table,
    signalIds: input.data.signalIds ?? [],
    submittedAt: input.startedAt,
    feedback: [],
    subAssignments: [],
    workSessionRegistrations: [],
    terminations: [],
    recoveries: [],
  }),
  initial: 'submitted',
  states: {
    // Step 1: a participant submitted a proposal for the agenda; participants may give feedback.
    submitted: {
      meta: meta({ label: 'Voorstel ingediend: wacht op agendabesluit SOJ', waitingOn: ['contractmanager'], rule: rule('§3.2 stap 1') }),
      entry: { type: 'notify', params: { template: 'proposal.submitted', to: ['contractmanager'] } },
      on: {
        'feedback.given': { guard: and(['isParticipantInOwnRole', 'isParticipantOwnOrganisation']), actions: 'recordFeedback' },
        // Step 2: SOJ owns the agenda and records each weighing.
        'agenda.decided': [
          {
            guard: 'isIndividualMatter',
            target: 'routedToIndividual',
            actions: [
              assign({ agendaDecision: ({ event }) => {
                assertEvent(event, 'agenda.decided');
                return stamped(event.payload, { decidedAt: event.at });
              } }),
              { type: 'notify', params: { template: 'proposal.routedToIndividual', to: ['contractmanager', 'aanbieder'] } },
            ],
          },
          {
            guard: 'isPlacedOnAgenda',
            target: 'onAgenda',
            actions: [
              assign({ agendaDecision: ({ event }) => {
                assertEvent(event, 'agenda.decided');
                return stamped(event.payload, { decidedAt: event.at });
              } }),
              { type: 'notify', params: { template: 'proposal.onAgenda', to: ['contractmanager', 'aanbieder', 'gemeente'] } },
            ],
          },
          {
            target: 'notPlacedOnAgenda',
            actions: [
              assign({ agendaDecision: ({ event }) => {
                assertEvent(event, 'agenda.decided');
                return stamped(event.payload, { decidedAt: event.at });
              } }),
              { type: 'notify', params: { template: 'proposal.notOnAgenda', to: ['aanbieder', 'gemeente'] } },
            ],
          },
        ],
      },
    },
    routedToIndividual: {
      type: 'final',
      meta: meta({ label: 'Niet gericht op het collectief: doorgeleid naar individueel contractmanagement', waitingOn: [], rule: rule('§3.2 stap 2, afweging 1') }),
    },
    notPlacedOnAgenda: {
      type: 'final',
      meta: meta({ label: 'Niet geagendeerd', waitingOn: [], rule: rule('§3.2 stap 2') }),
    },
    // Steps 3–4: on the agenda; the table works the proposal out within a term it agrees itself.
    onAgenda: {
      meta: meta({ label: 'Geagendeerd aan de ontwikkeltafel', waitingOn: [], rule: rule('§3.2 stap 2 en 4') }),
      on: {
        'feedback.given': { guard: and(['isParticipantInOwnRole', 'isParticipantOwnOrganisation']), actions: 'recordFeedback' },
      },
      initial: 'workingOut',
      states: {
        workingOut: {
          meta: meta({ label: 'Uitwerking aan de ontwikkeltafel', waitingOn: ['contractmanager'], rule: rule('§3.2 stap 4') }),
          on: {
            'subAssignment.given': {
              actions: [
                assign({ subAssignments: ({ context, event }) => {
                  assertEvent(event, 'subAssignment.given');
                  return [...context.subAssignments, stamped(event.payload, { givenAt: event.at })];
                } }),
                { type: 'notify', params: { template: 'proposal.subAssignmentGiven', to: ['aanbieder'] } },
              ],
            },
            'workSession.registered': {
              guard: and(['isOwnProvider', 'isNewWorkSessionRegistration']),
              actions: assign({
                workSessionRegistrations: ({ context, event }) => {
                  assertEvent(event, 'workSession.registered');
                  return [...context.workSessionRegistrations, stamped(event.payload, { at: event.at })];
                },
              }),
            },
          },
          initial: 'termToBeAgreed',
          states: {
            termToBeAgreed: {
              meta: meta({ label: 'Wacht op afspraak over wijze en termijn van uitwerking', waitingOn: ['contractmanager'], rule: WORK_TERM_RULE }),
              on: { 'workTerm.agreed': { guard: 'isTermInFuture', target: 'termRunning', actions: 'recordWorkTerm' } },
            },
            // Two sibling nodes take turns on each new agreement (see workTermState).
            termRunning: workTermState(
              'Uitwerking binnen de afgesproken termijn',
              'Afgesproken termijn verstreken: termijn verlengen of uitgewerkt voorstel indienen',
              'termExtended',
            ),
            termExtended: workTermState(
              'Uitwerking binnen de verlengde termijn',
              'Verlengde termijn verstreken: termijn verlengen of uitgewerkt voorstel indienen',
              'termRunning',
            ),
          },
        },
        workedOut: {
          meta: meta({ label: 'Uitgewerkt voorstel gereed: wacht op voorleggen ter besluitvorming', waitingOn: ['contractmanager'], rule: rule('§3.2 stap 4 en 5') }),
          on: {
            // Step 5: the worked-out proposal goes to the competent body (§4).
            'decision.requested': [
              { guard: 'isForwardedToMunicipality', target: '#proposalLifecycle.awaitingDecision.byMunicipality', actions: ['recordDecisionRequest', { type: 'notify', params: { template: 'proposal.forwardedToMunicipality', to: ['gemeente'] } }] },
              { target: '#proposalLifecycle.awaitingDecision.bySoj', actions: ['recordDecisionRequest', { type: 'notify', params: { template: 'proposal.decisionRequested', to: ['opdrachtgever-besluit'] } }] },
            ],
          },
        },
      },
    },
    awaitingDecision: {
      meta: meta({ label: 'Voorgelegd ter besluitvorming', waitingOn: [], rule: rule('§3.2 stap 5; §4') }),
      initial: 'bySoj',
      states: {
        bySoj: {
          meta: meta({ label: 'Ter besluitvorming bij SOJ (Dagelijks Bestuur of MT binnen mandaat)', waitingOn: ['opdrachtgever-besluit'], rule: rule('§3.2 stap 5; §4') }),
          on: {
            'proposal.accepted': { guard: 'isDecidedBySoj', target: '#proposalLifecycle.implementation', actions: [{ type: 'recordDecision', params: { outcome: 'aangenomen' } }, { type: 'notify', params: { template: 'proposal.accepted', to: ['contractmanager', 'aanbieder', 'gemeente'] } }] },
            'proposal.rejected': { guard: 'isDecidedBySoj', target: '#proposalLifecycle.rejected', actions: [{ type: 'recordDecision', params: { outcome: 'afgewezen' } }, { type: 'notify', params: { template: 'proposal.rejected', to: ['contractmanager', 'aanbieder', 'gemeente'] } }] },
          },
        },
        byMunicipality: {
          meta: meta({ label: 'Doorgeleid naar de gemeente (mandaat van de individuele gemeente)', waitingOn: ['gemeente'], rule: rule('§4 (doorgeleiding naar de individuele gemeente)') }),
          on: {
            'proposal.accepted': { guard: 'isDecidedByForwardedMunicipality', target: '#proposalLifecycle.implementation', actions: [{ type: 'recordDecision', params: { outcome: 'aangenomen' } }, { type: 'notify', params: { template: 'proposal.accepted', to: ['contractmanager', 'aanbieder', 'gemeente'] } }] },
            'proposal.rejected': { guard: 'isDecidedByForwardedMunicipality', target: '#proposalLifecycle.rejected', actions: [{ type: 'recordDecision', params: { outcome: 'afgewezen' } }, { type: 'notify', params: { template: 'proposal.rejected', to: ['contractmanager', 'aanbieder', 'gemeente'] } }] },
          },
        },
      },
    },
    // Step 6.
    rejected: {
      type: 'final',
      meta: meta({ label: 'Afgewezen: overeenkomst ongewijzigd', waitingOn: [], rule: rule('§3.2 stap 6') }),
    },
    // Steps 7–8 and recovery: the accepted proposal is carried out; the recovery region runs beside it.
    implementation: {
      type: 'parallel',
      meta: meta({ label: 'Aangenomen', waitingOn: [], rule: rule('§3.2 stap 7') }),
      states: {
        contract: {
          meta: meta({ label: 'Aangenomen', waitingOn: [] }),
          initial: 'amendmentPending',
          states: {
            amendmentPending: {
              meta: meta({ label: 'Aangenomen: wacht op wijziging van de overeenkomst (art. 2.4 lid 1 AD)', waitingOn: ['contractmanager'], rule: rule('§3.2 stap 7; art. 2.4 lid 1 Algemeen Deel') }),
              // A proposal that does not change the contract needs no amendment.
              always: { guard: not('isContractChange'), target: 'unchanged' },
              on: {
                'contract.amended': {
                  target: 'amended',
                  actions: [
                    assign({
                      contractAmendment: ({ event }) => {
                        assertEvent(event, 'contract.amended');
                        return stamped(event.payload, { basis: 'art. 2.4 lid 1 Algemeen Deel', amendedAt: event.at });
                      },
                      decision: ({ context }) => (context.decision ? stamped(context.decision, { contractChanged: true }) : undefined),
                    }),
                    { type: 'notify', params: { template: 'proposal.contractAmended', to: ['aanbieder', 'gemeente'] } },
                  ],
                },
              },
            },
            amended: {
              meta: meta({ label: 'Overeenkomst gewijzigd: een aanbieder die het niet eens is kan opzeggen (art. 2.9 AD)', waitingOn: ['contractmanager'], rule: rule('§3.2 stap 8; art. 2.9 Algemeen Deel') }),
              on: {
                'termination.noticed': {
                  guard: and(['isOwnProvider', 'hasNotYetTerminated']),
                  actions: [
                    assign({
                      terminations: ({ context, event }) => {
                        assertEvent(event, 'termination.noticed');
                        const p = event.payload;
                        return [...context.terminations, stamped(p, { basis: 'art. 2.9 Algemeen Deel', at: event.at })];
                      },
                    }),
                    { type: 'notify', params: { template: 'proposal.terminationNoticed', to: ['contractmanager'] } },
                  ],
                },
                'case.closed': { guard: 'hasNoOpenRecovery', target: '#proposalLifecycle.closed', actions: 'recordClosing' },
              },
            },
            unchanged: {
              meta: meta({ label: 'Aangenomen zonder wijziging van de overeenkomst', waitingOn: ['contractmanager'], rule: rule('§3.2 stap 7') }),
              on: { 'case.closed': { guard: 'hasNoOpenRecovery', target: '#proposalLifecycle.closed', actions: 'recordClosing' } },
            },
          },
        },
        recovery: {
          meta: meta({ label: 'Herstel', waitingOn: [], rule: RECOVERY_RULE }),
          initial: 'none',
          states: {
            none: {
              meta: meta({ label: 'Geen herstel lopend', waitingOn: [] }),
              on: { 'recovery.agreed': { target: 'running', actions: 'recordRecovery' } },
            },
            // While the period runs the goal can only be reached; "nog niet behaald" is a finding after it.
            running: {
              meta: meta({ label: 'Herstelperiode loopt', waitingOn: ['aanbieder', 'contractmanager'], deadlines: [recoveryDeadline], rule: RECOVERY_RULE }),
              on: {
                'goal.reached': { target: 'reached', actions: 'recordGoalReached' },
                // Expiry alone is no ground: it opens the finding.
                'recoveryTerm.expired': {
                  target: 'periodEnded',
                  actions: ['recordRecoveryPeriodEnd', { type: 'notify', params: { template: 'proposal.recoveryPeriodEnded', to: ['contractmanager'] } }],
                },
              },
            },
            periodEnded: {
              meta: meta({ label: 'Herstelperiode verstreken: wacht op de vaststelling of de opgave is behaald', waitingOn: ['contractmanager'], rule: DISSOLUTION_RULE }),
              on: {
                'goal.reached': { target: 'reached', actions: 'recordGoalReached' },
                'goal.notReached': {
                  target: 'failed',
                  actions: ['recordGoalNotReached', { type: 'notify', params: { template: 'proposal.recoveryFailed', to: ['contractmanager', 'aanbieder'] } }],
                },
              },
            },
            reached: {
              meta: meta({ label: 'Doel alsnog behaald', waitingOn: [] }),
              on: { 'recovery.agreed': { target: 'running', actions: 'recordRecovery' } },
            },
            failed: {
              meta: meta({ label: 'Herstel mislukt: grond voor ontbinding', waitingOn: ['contractmanager'], rule: DISSOLUTION_RULE }),
              on: {
                'escalation.offered': {
                  target: 'escalationOffered',
                  actions: [
                    assign(({ context, event }) => {
                      assertEvent(event, 'escalation.offered');
                      return {
                        escalationOffer: {
                          procedure: 'escalation-ladder' as const,
                          startRung: 7 as const,
                          ground: context.dissolutionGround!,
                          motivation: event.payload.motivation,
                          offeredAt: event.at,
                        },
                        recovery: stamped(context.recovery!, { status: 'escalatie-aangeboden' as const }),
                        recoveries: [...context.recoveries.slice(0, -1), stamped(context.recovery!, { status: 'escalatie-aangeboden' as const })],
                      };
                    }),
                    {
                      type: 'offerEscalation',
                      params: ({ context }): OfferEscalationParams => ({
                        procedure: 'escalation-ladder',
                        startRung: 7,
                        provider: context.dissolutionGround!.provider,
                        ground: context.dissolutionGround!,
                      }),
                    },
                    { type: 'notify', params: { template: 'proposal.escalationOffered', to: ['contractmanager', 'aanbieder'] } },
                  ],
                },
              },
            },
            escalationOffered: {
              meta: meta({ label: 'Escalatieladder aangeboden op trede 7 (beëindiging)', waitingOn: [] }),
              on: { 'recovery.agreed': { target: 'running', actions: 'recordRecovery' } },
            },
          },
        },
      },
    },
    closed: {
      type: 'final',
      meta: meta({ label: 'Afgesloten', waitingOn: [], rule: rule('§3.2') }),
    },
  },
});

// ---------------------------------------------------------------------------------------------
// The procedure

export const proposalLifecycle = defineProcedure({
  id: 'proposal-lifecycle',
  version: 1,
  title: 'Voorstel aan de ontwikkeltafel',
  description:
    'Een deelnemer (SOJ, gemeente of gecontracteerde aanbieder) dient een voorstel in voor de ontwikkeltafel. SOJ besluit over agendering ' +
    '(gericht op het collectief, relatie met de zes kernwaarden, contextuele wijzigingen). Aan tafel werken partijen het voorstel uit binnen ' +
    'een zelf afgesproken termijn; SOJ kan deelopdrachten geven. Het uitgewerkte voorstel gaat ter besluitvorming naar het Dagelijks Bestuur, ' +
    'het MT binnen mandaat of de gemeente. Afgewezen: de overeenkomst wijzigt niet. Aangenomen: SOJ kan de overeenkomst wijzigen (art. 2.4 lid 1 AD); ' +
    'een aanbieder die het niet eens is kan opzeggen (art. 2.9 AD). Een niet behaald doel krijgt een hersteltermijn; mislukt herstel is grond voor ontbinding.',
  seed: '000/001 Bijlage collectief contractmanagement SOJ Zuid-Holland Zuid, §3.2',
  machine: proposalLifecycleMachine,
  mail: proposalLifecycleMail,
  startRoles: ['contractmanager', 'gemeente', 'aanbieder'],
  startSchema,
  checkStart: (data, { startedBy }) => checkProposer(data, startedBy),
  providerScope: {
    kind: 'every-contracted-provider',
    rule: rule(
      '§3.2 Agenderen en meepraten: "Alle Jeugdhulpaanbieders die een overeenkomst hebben met de SOJ ZHZ kunnen deelnemen aan de digitale dialoog"; stap 8: "Indien de Jeugdhulpaanbieder het niet eens is met de voorgestelde wijzigingen kan de jeugdhulpaanbieder opzeggen"',
    ),
  },
  events: proposalLifecycleEvents,
  guards: {
    isIndividualMatter: {
      description: 'het voorstel is niet gericht op het collectief en hoort in het individueel contractmanagement',
      rule: rule('§3.2 stap 2, afweging 1'),
    },
    isPlacedOnAgenda: {
      description: 'het voorstel is gericht op het collectief en SOJ agendeert het',
      rule: rule('§3.2 stap 2'),
    },
    isParticipantInOwnRole: {
      description: 'de deelnemer spreekt namens de eigen soort organisatie (opdrachtgever via de contractmanager, gemeente, aanbieder)',
      rule: rule('§3.2 Agenderen en meepraten'),
    },
    isTermInFuture: {
      description: 'de afgesproken einddatum ligt na vandaag',
      rule: WORK_TERM_RULE,
    },
    isParticipantOwnOrganisation: {
      description:
        'de deelnemer is de eigen organisatie van de gebruiker: een aanbieder of gemeente spreekt alleen namens zichzelf (code van de ingelogde organisatie); de contractmanager spreekt namens de opdrachtgever',
      rule: rule('§3.2 Agenderen en meepraten: "Ook kan digitaal feedback gegeven worden op voorstellen die op de agenda staan."'),
    },
    isOwnProvider: {
      description: 'de aanbieder in de melding is de eigen organisatie van de gebruiker: elke gecontracteerde aanbieder reageert alleen namens zichzelf',
      rule: rule(
        '§3.2 stap 8: "Indien de Jeugdhulpaanbieder het niet eens is met de voorgestelde wijzigingen kan de jeugdhulpaanbieder opzeggen conform de opzeggingsregeling van artikel 2.9"; Meewerken: "Partijen kunnen dit digitaal kenbaar maken"',
      ),
    },
    isNewWorkSessionRegistration: {
      description: 'deze aanbieder is nog niet aangemeld voor de werksessies van dit voorstel',
      rule: rule('§3.2 Meewerken'),
    },
    isForwardedToMunicipality: {
      description: 'het voorstel betreft het mandaat van een individuele gemeente en wordt naar die gemeente doorgeleid',
      rule: rule('§4'),
    },
    isDecidedBySoj: {
      description: 'het besluit komt van SOJ (Dagelijks Bestuur of MT binnen mandaat, rol opdrachtgever-besluit), zonder gemeentecode',
      rule: rule('§3.2 stap 5; §4'),
    },
    isDecidedByForwardedMunicipality: {
      description:
        'het besluit komt van de gemeente waarnaar het voorstel is doorgeleid (rol gemeente, met de code van die gemeente, en de gebruiker handelt namens die gemeente)',
      rule: rule('§4 (doorgeleiding naar de individuele gemeente)'),
    },
    isContractChange: {
      description: 'het voorstel wijzigt (een onderdeel van) de overeenkomst',
      rule: rule('§3.2 stap 7'),
    },
    hasNotYetTerminated: {
      description: 'deze aanbieder heeft nog niet opgezegd',
      rule: rule('§3.2 stap 8; art. 2.9 Algemeen Deel'),
    },
    hasNoOpenRecovery: {
      description:
        'er loopt geen herstelperiode, er wacht geen vaststelling na een verstreken herstelperiode, en een mislukt herstel heeft een aanbod voor de escalatieladder gekregen',
      rule: RECOVERY_RULE,
    },
  },
});
