// The shape of a procedure: pure law, no I/O. Machines import only xstate, zod and this file.
import type { AnyStateMachine } from 'xstate';
import type { z } from 'zod';
import { freezeLaw } from './immutable.ts';

/** Role codes from processes.md ("Parties and roles"), plus `system` for the engine itself. */
export const ROLES = [
  'contractmanager',
  'contractbeheer',
  'opdrachtgever-besluit',
  'aanbieder',
  'casusregisseur',
  'gi-manager',
  'zbt',
  'gemeente',
  'supervisor',
] as const;
export type Role = (typeof ROLES)[number];
/** Events with this role are sent by the engine (deadline expiry); no person may send them. */
export type EngineRole = 'system';
export type AnyRole = Role | EngineRole;

export const ROLE_LABELS: Record<AnyRole, string> = {
  contractmanager: 'Contractmanager',
  contractbeheer: 'Contractbeheer',
  'opdrachtgever-besluit': 'Opdrachtgever (besluit)',
  aanbieder: 'Aanbieder',
  casusregisseur: 'Casusregisseur',
  'gi-manager': 'Manager GI',
  zbt: 'Zorgbemiddelingsteam',
  gemeente: 'Gemeente',
  supervisor: 'Supervisor',
  system: 'jeugdflow (systeem)',
};

export interface Actor {
  role: AnyRole;
  userId: string;
  /**
   * The organisation the person acts for: the provider code of a provider's user, the municipality code
   * of a municipality's user. Set by the API from the signed-in user (never from the request body) and
   * by the CLI from its `--organisation` option; machines check it where the law says a party acts as
   * itself (e.g. feedback on a proposal).
   */
  organisation?: string;
}

/** The event object the machines receive. `at` is the workflow's (deterministic) time, ISO instant. */
export interface ProcedureEvent<T extends string = string, P = Record<string, unknown>> {
  type: T;
  payload: P;
  actor: Actor;
  at: string;
  reason?: string;
}

export interface EventDefinition {
  /** Dutch label shown in the console and the dossier. */
  label: string;
  /** Roles that may send this event. `system` only for engine events (deadline expiry). */
  roles: readonly AnyRole[];
  /** zod schema of the payload (an object schema, strict). */
  schema: z.ZodType;
  /** The seed rule this event implements, e.g. "003 Escalatieladder, trede 1". */
  rule: string;
  /** Dutch help text for the form. */
  description?: string;
  /** This event is the second-person approval of a four-eyes pair. */
  fourEyesApproval?: boolean;
  /**
   * Payload paths (dot-separated) of dates typed by a person that start a legal term (a letter's date,
   * a proposal date). The engine refuses such a date before the case's previous step or after today
   * (Europe/Amsterdam): no backdating, no future letters.
   */
  termStartDates?: readonly string[];
}

/**
 * 'working-days': `n` working days; 'days': `n` calendar days; 'date': a fixed calendar date read from
 * the context (`startsFromContext`, n = 0), e.g. "vóór 1 april". A 'days' or 'date' term that ends on a
 * weekend day or public holiday ends on the next working day (Algemene termijnenwet art. 1).
 */
export type TermKind = 'working-days' | 'days' | 'date';

/**
 * A legal term while a state is active. The engine turns it into a Temporal timer computed with
 * the working-day calendar and sends `onExpiry` (an event with role `system`) when it ends.
 * Context paths are dot-separated paths into the machine context.
 */
export interface DeadlineDefinition {
  name: string;
  /** Dutch label, e.g. "Reactietermijn aanbieder". */
  label: string;
  kind: TermKind;
  /** Default term length. */
  n: number;
  /** Context path of a number that overrides `n` (e.g. a shorter term for acute risks). */
  nFromContext?: string;
  /**
   * Context path of an ISO date (YYYY-MM-DD) the term counts from; default: the day the state is entered.
   * For kind 'date' the date the term ends on (required): until the context holds a date, the term is not open.
   */
  startsFromContext?: string;
  /** Context path of a boolean: the deadline applies only when it is true. */
  appliesIfContext?: string;
  /** Event type the engine sends on expiry (payload `{ deadline: name }`). */
  onExpiry: string;
  /** Who must act before the deadline. */
  waitingOn: readonly Role[];
  /** Reminders, in working days before the due date (0 = on the due date). Default [5, 1]. */
  reminders?: readonly number[];
  rule: string;
}

export interface StateMeta {
  /** Dutch label of the state, e.g. "Wacht op reactie aanbieder". */
  label: string;
  /** Who is expected to act while in this state. */
  waitingOn?: readonly Role[];
  deadlines?: readonly DeadlineDefinition[];
  /** An approval by a second person is awaited here. */
  fourEyes?: boolean;
  /** Expected time in this state, in working days, after which a supervisor sees it as stuck. */
  expectedWorkingDays?: number;
  rule?: string;
}

export interface GuardDefinition {
  /** Dutch explanation used in refusals: the condition that must hold. */
  description: string;
  rule: string;
}

/**
 * A mail text, Dutch with {placeholders} (see mail/templates/types.ts for the placeholders that exist: case
 * facts only, never personal data). Plain data, so a procedure keeps its texts beside its machine.
 */
export interface MailTemplate {
  /** Subject without the case number: the renderer appends " – zaak <nummer>". */
  subject: string;
  /** Paragraphs. A paragraph with a placeholder that has no value for this mail is left out. */
  body: readonly string[];
  /** What the recipient is expected to do, shown emphasised. Left out like a paragraph. */
  action?: string;
}

/** The mail texts of one procedure, keyed by the `template` of its `notify` actions. */
export type MailTexts<T extends string = string> = Readonly<Record<T, MailTemplate>>;

/** The events table of a procedure: event type → label, roles, payload schema, rule. */
export type EventTable = Readonly<Record<string, EventDefinition>>;

/**
 * The xstate event union of a procedure, derived from its events table: each event type with the payload
 * its zod schema yields (the engine validated it before the machine sees it). Declare the table
 * `as const satisfies EventTable` and put `events: EventsOf<typeof table>` in `setup({ types })`; actions
 * and guards then read payloads typed after `assertEvent(event, 'type')`.
 */
export type EventsOf<E extends EventTable> = {
  [K in keyof E & string]: ProcedureEvent<K, z.output<E[K]['schema']>>;
}[keyof E & string];

/**
 * How a running case moves to this version from the one before it: only by a supervisor's recorded
 * migration, and only from states of the old version that this (new) version declares safe.
 */
export interface ProcedureMigration {
  /** The version a case migrates from (one version at a time). */
  from: number;
  /**
   * States of the old version that are safe to migrate from, as dot paths (`open.rung1.awaitingResponse`);
   * a path covers the states below it. A case in parallel states must have every region covered.
   */
  migratableFrom: readonly string[];
  /** Where names changed: old state path → new state path (a path maps the states below it too). */
  stateMap?: Readonly<Record<string, string>>;
  /** Where the context changed: the old version's context → this version's (pure). */
  migrateContext?: (context: never) => unknown;
  /** Dutch: what changed in the law, shown with the migration. */
  description: string;
  /** The rule (seed or law) behind the new version. */
  rule: string;
}

/** What the engine needs to know about a procedure. One per machine file. */
export interface ProcedureDefinition<M extends AnyStateMachine = AnyStateMachine, Id extends string = string, T extends string = string> {
  /** Stable id, lower-case with dashes (`escalation-ladder`). `ProcedureId` in machines/index.ts is derived from these. */
  id: Id;
  /**
   * The version of the law this machine implements. A running case keeps the version it started under;
   * a new version is one more machine file and one more registry line (`escalation-ladder@2`).
   */
  version: number;
  /** Set from version 2 on: from which states of the previous version a running case may migrate. */
  migration?: ProcedureMigration;
  /** Dutch title. */
  title: string;
  /** Dutch one-paragraph description. */
  description: string;
  /** Seed document and section, e.g. "003 Escalatieladder". */
  seed: string;
  machine: M;
  /** Roles that may start a case. */
  startRoles: readonly Role[];
  /** zod schema of the start data (machine input minus engine fields). Must include `provider`. */
  startSchema: z.ZodType<{ provider: string } & Record<string, unknown>>;
  events: EventTable;
  guards: Record<string, GuardDefinition>;
  /**
   * The procedure's mail texts, one per `notify` template its machine uses: usually the object of the
   * `<name>.mail.ts` file beside the machine. Type the machine's `notify` params with its keys, so a
   * template without a text is a compile error.
   */
  mail: MailTexts<T>;
  /** Start-data paths of dates that start a legal term; the engine refuses them after today. */
  startTermStartDates?: readonly string[];
  /**
   * Checks of the parsed start data that need more than the schema: the person starting (a party acts
   * as itself, e.g. the proposer of a proposal), the day the case is registered (a lower bound for a
   * date) or the deployment settings. The starting service calls it after the schema and refuses the
   * start with the refusal, naming the field, before any workflow runs.
   */
  checkStart?: (data: never, at: StartCheckContext) => StartRefusal | undefined;
  /**
   * Which providers' users may see and act on a case. Default: only the provider the case is about
   * (`provider` in the start data). `every-contracted-provider`: every contracted provider may see the
   * case and react as itself (the machine's guards still check that it speaks for its own organisation).
   * The API reads this; it is data, not a special case per procedure.
   */
  providerScope?: { kind: 'every-contracted-provider'; rule: string };
  /** Optional zod schema of the youth's personal data, kept apart from the case data. */
  personalDataSchema?: z.ZodType;
  /**
   * A monitoring signal for contract management, read from the context after every step, e.g.
   * `{ outcome: 'weigering-jeugdhulp', category: 'agressie' }`. Counted per provider by `jeugdflow signals`.
   * Never personal data.
   */
  monitoringSignal?: (context: never) => { outcome: string; category: string } | undefined;
}

/**
 * Settings of the commissioning body for one deployment, never per case and never from a user: read from
 * the environment (config/index.ts) by the service that starts a case and passed in the start input, so
 * the value a case runs with is part of its workflow history (deterministic on replay).
 */
export interface DeploymentSettings {
  /** 002 §4.3 "binnen 2 dagen contact": the provider's contact term with the JB-team/ZBT, calendar days (default 2). */
  zbtContactTermDays?: number;
}

/** A refusal by `checkStart`: the start-data field (path without `data.`), what is wrong, the seed rule. */
export interface StartRefusal {
  /** Path of the start-data field, e.g. `proposedOn`. */
  field: string;
  /** INVALID_PAYLOAD (default): the data is wrong; ROLE_NOT_ALLOWED: the person may not start it so. */
  code?: 'INVALID_PAYLOAD' | 'ROLE_NOT_ALLOWED';
  /** What is wrong and what is allowed. */
  message: string;
  rule: string;
}

/** What a start check knows besides the data: who starts, the day the case is registered (Europe/Amsterdam), the settings. */
export interface StartCheckContext {
  startedBy: Actor;
  today: string;
  settings: DeploymentSettings;
}

/** The machine input the engine builds at start. */
export interface MachineInput<D = Record<string, unknown>> {
  caseId: string;
  startedAt: string;
  startedBy: Actor;
  data: D;
  /** The deployment's settings (see DeploymentSettings); absent in cases started before they existed. */
  settings?: DeploymentSettings;
}

/** Keeps the literal id, the machine type and the template names, so the registry can derive `ProcedureId`. */
export function defineProcedure<M extends AnyStateMachine, const Id extends string, T extends string>(
  def: ProcedureDefinition<M, Id, T>,
): ProcedureDefinition<M, Id, T> {
  return freezeLaw(def);
}
