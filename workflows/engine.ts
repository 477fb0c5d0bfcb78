// The pure case engine: steps any registered machine with xstate's pure transition functions,
// validates events (schema, role, `can`), and turns state meta into calendar deadlines.
// No Temporal, no I/O: the workflow calls it, tests call it, the CLI uses it to explain.
import { getStateNodes, initialTransition, transition, type AnyMachineSnapshot, type AnyStateNode } from 'xstate';
import {
  addWorkingDays,
  amsterdamDateOf,
  atAmsterdamTime,
  computeDeadline,
  endOfDayAmsterdam,
  formatDutchDate,
  subtractWorkingDays,
  workingDaysBetween,
  type CalendarOptions,
  type IsoDate,
} from '../calendar/index.ts';
import { z } from 'zod';
import {
  ROLES,
  ROLE_LABELS,
  type Actor,
  type AnyRole,
  type DeadlineDefinition,
  type DeploymentSettings,
  type ProcedureDefinition,
  type ProcedureEvent,
  type Role,
  type StateMeta,
} from '../machines/types.ts';
import { containsBsn, isoDate, MAX_SHORT_TEXT, NO_BSN_MESSAGE } from '../machines/schemas.ts';
import { explainRefusal } from '../machines/introspect.ts';
import { GROUNDS_PER_FIX, SUPERVISOR_GROUNDS, type SupervisorGround, type SupervisorGroundRef } from './supervisorGrounds.ts';
import { ProcedureError } from './errors.ts';

export interface HistoryEntry {
  seq: number;
  at: string;
  kind: 'start' | 'event' | 'expiry' | 'supervisor' | 'message';
  type: string;
  label: string;
  actor: Actor;
  from: string;
  to: string;
  reason?: string;
  /** A supervisor fix: the ground from the closed list, with its Dutch label. */
  ground?: SupervisorGroundRef;
  rule?: string;
  payload?: unknown;
}

export interface CaseDeadline {
  /** Unique while open: `<state node id>#<name>`. */
  key: string;
  name: string;
  label: string;
  stateNode: string;
  kind: DeadlineDefinition['kind'];
  n: number;
  from: IsoDate;
  due: IsoDate;
  dueAt: string;
  skipped: { date: IsoDate; reason: string }[];
  explanation: string;
  waitingOn: readonly Role[];
  onExpiry: string;
  reminders: readonly number[];
  rule: string;
  status: 'open' | 'expired';
  expiredAt?: string;
  /** Ended, and its state was left by the expiry: shown as overdue until the case's next step. */
  lingering?: boolean;
  openedAt: string;
  /** Reminders planned before this instant (the opening or the last move) are passed over. */
  remindFrom: string;
  /** Reminder offsets (working days before due) already sent or passed over. */
  remindersDone: number[];
  extensions: DeadlineExtension[];
}

export interface DeadlineExtension {
  at: string;
  by: Actor;
  from: IsoDate;
  to: IsoDate;
  reason: string;
  /** Absent on extensions recorded before grounds existed. */
  ground?: SupervisorGroundRef;
}

export interface ClockSuspension {
  since: string;
  by: Actor;
  reason: string;
  ground?: SupervisorGroundRef;
}

/** Everything a case needs to survive continue-as-new. Plain JSON. */
export interface PersistedCase {
  caseId: string;
  procedureId: string;
  version: number;
  provider: string;
  optOut: boolean;
  calendar: CalendarOptions;
  startedAt: string;
  lastTransitionAt: string;
  value: unknown;
  context: unknown;
  history: HistoryEntry[];
  deadlines: CaseDeadline[];
  suspended?: ClockSuspension;
  /** Effects held until a set time (an expiry notice waits for 08:00 on a working day). */
  scheduled?: { atMs: number; effect: EffectRequest }[];
  /** Who handles the case per role, set by a supervisor. */
  assignees?: Partial<Record<Role, string>>;
  cancelled?: { at: string; by: Actor; reason: string; ground?: SupervisorGroundRef };
  personalData?: unknown;
  /** Effects that failed for good (recorded in the history; the board shows the case). */
  failedEffects?: number;
}

export interface CaseRuntime extends Omit<PersistedCase, 'value' | 'context'> {
  definition: ProcedureDefinition;
  snapshot: AnyMachineSnapshot;
}

export interface EffectRequest {
  type: string;
  params: unknown;
  seq: number;
}

export interface StepResult {
  entry: HistoryEntry;
  effects: EffectRequest[];
}

export interface StartCaseInput {
  caseId: string;
  procedureId: string;
  startedBy: Actor;
  data: unknown;
  personalData?: unknown;
  optOut?: boolean;
  calendar?: CalendarOptions;
  /** The deployment's settings from the starting service's configuration (never from a user). */
  settings?: DeploymentSettings;
}

export interface SendEventInput {
  type: string;
  actor: Actor;
  payload?: unknown;
  reason?: string;
}

export const ENGINE_ACTOR: Actor = { role: 'system', userId: 'jeugdflow' };

// ---------------------------------------------------------------------------------------------
// Reading the machine

export function activeNodes(snapshot: AnyMachineSnapshot): AnyStateNode[] {
  return [...new Set(getStateNodes(snapshot.machine.root, snapshot.value))].filter((n) => n !== snapshot.machine.root);
}

function leafNodes(snapshot: AnyMachineSnapshot): AnyStateNode[] {
  return activeNodes(snapshot).filter((n) => n.type === 'atomic' || n.type === 'final');
}

function metaOf(node: AnyStateNode): StateMeta | undefined {
  return node.meta as StateMeta | undefined;
}

/** A readable state id: leaf paths joined with ' + ' (parallel regions), e.g. `rung1.awaitingResponse`. */
export function stateString(snapshot: AnyMachineSnapshot): string {
  return leafNodes(snapshot)
    .map((n) => n.path.join('.'))
    .join(' + ');
}

/** The Dutch label of the current state: labels of the leaves, falling back to their parents'. */
export function stateLabel(snapshot: AnyMachineSnapshot): string {
  return leafNodes(snapshot)
    .map((leaf) => {
      for (let n: AnyStateNode | undefined = leaf; n; n = n.parent) {
        const label = metaOf(n)?.label;
        if (label) return label;
      }
      return leaf.key;
    })
    .join(' · ');
}

/** Every state path currently active, ancestors included (for filtering: `rung1` matches `rung1.overdue`). */
export function activeStatePaths(snapshot: AnyMachineSnapshot): string[] {
  return activeNodes(snapshot).map((n) => n.path.join('.'));
}

export function handledEventTypes(snapshot: AnyMachineSnapshot): Set<string> {
  const types = new Set<string>();
  for (const node of activeNodes(snapshot)) for (const type of node.transitions.keys()) types.add(type);
  return types;
}

export interface AllowedEvent {
  type: string;
  label: string;
  roles: readonly AnyRole[];
}

/** Events a person may send in the current state (guards aside), optionally only those of one role. */
export function allowedEvents(rt: Pick<CaseRuntime, 'definition' | 'snapshot' | 'cancelled'>, role?: AnyRole): AllowedEvent[] {
  if (rt.snapshot.status !== 'active' || rt.cancelled) return [];
  const handled = handledEventTypes(rt.snapshot);
  return Object.entries(rt.definition.events)
    .filter(([type, def]) => handled.has(type) && !def.roles.includes('system') && (!role || def.roles.includes(role)))
    .map(([type, def]) => ({ type, label: def.label, roles: def.roles }));
}

export function waitingOn(rt: Pick<CaseRuntime, 'snapshot' | 'deadlines'>): Role[] {
  const roles = new Set<Role>();
  for (const node of activeNodes(rt.snapshot)) for (const r of metaOf(node)?.waitingOn ?? []) roles.add(r);
  for (const d of rt.deadlines) if (d.status === 'open') for (const r of d.waitingOn) roles.add(r);
  return [...roles];
}

function contextPath(context: unknown, path: string): unknown {
  let value: unknown = context;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Validation: the same checks run in the update validator (so a refusal leaves no history) and
// again in the handler (a racing update may have changed the state in between).

function refuse(rt: CaseRuntime, details: Omit<ConstructorParameters<typeof ProcedureError>[0], 'state'>): never {
  throw new ProcedureError({ state: stateString(rt.snapshot), ...details });
}

function isRole(role: string): role is Role {
  return (ROLES as readonly string[]).includes(role);
}

// ---------------------------------------------------------------------------------------------
// Limits: every case stays readable and movable (Temporal refuses payloads over 2 MB: a query answer,
// an update's input and the continue-as-new input that carries the whole persisted case).

/** The longest `reason` of an event or a supervisor fix. */
export const MAX_REASON = 1000;
/** An event or fix may grow the persisted case (JSON, UTF-8) to at most this many bytes. */
export const CASE_SIZE_BUDGET = 1_000_000;
/** Headroom above the budget kept for closing a case: a supervisor's cancel always fits under this. */
export const CASE_SIZE_LIMIT = 1_800_000;
/** The case query returns at most this many history entries at a time (page with `historyFrom`). */
export const HISTORY_PAGE_ENTRIES = 200;
/** …and at most about this many bytes of them (always at least one entry). */
export const HISTORY_PAGE_BYTES = 256_000;

/** UTF-8 length of a string, without TextEncoder (workflow sandbox). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** The size in bytes of the case as it is stored and carried through continue-as-new. */
export function persistedSize(rt: CaseRuntime): number {
  return utf8Length(JSON.stringify(persist(rt)));
}

const eventReasonSchema = z
  .string()
  .trim()
  .max(MAX_REASON, `maximaal ${MAX_REASON} tekens`)
  .refine((s) => !containsBsn(s), { message: NO_BSN_MESSAGE });

/** The optional reason of an event: at most MAX_REASON characters, never a BSN. Empty means none. */
function checkEventReason(rt: CaseRuntime, input: SendEventInput, allowed: () => string[], rule: string): string | undefined {
  if (input.reason === undefined || input.reason === null) return undefined;
  const parsed = eventReasonSchema.safeParse(input.reason);
  if (!parsed.success) {
    refuse(rt, {
      code: 'INVALID_PAYLOAD',
      field: 'reason',
      message: `Invalid reason for '${input.type}': ${parsed.error.issues[0]!.message}`,
      allowedEvents: allowed(),
      rule: `every reason is at most ${MAX_REASON} characters and holds no BSN; ${rule}`,
    });
  }
  return parsed.data || undefined;
}

/** The values at a dot path; an array on the way applies the rest of the path to each element (`items.0.date`). */
function valuesAtPath(data: unknown, path: string): { path: string; value: unknown }[] {
  let found: { path: string; value: unknown }[] = [{ path: '', value: data }];
  for (const part of path.split('.')) {
    const next: { path: string; value: unknown }[] = [];
    for (const f of found) {
      if (Array.isArray(f.value) && !/^\d+$/.test(part)) {
        f.value.forEach((el, i) => {
          if (el !== null && typeof el === 'object' && part in el) next.push({ path: `${f.path}${i}.${part}.`, value: (el as Record<string, unknown>)[part] });
        });
      } else if (f.value !== null && typeof f.value === 'object' && part in f.value) {
        next.push({ path: `${f.path}${part}.`, value: (f.value as Record<string, unknown>)[part] });
      }
    }
    found = next;
  }
  return found.map((f) => ({ path: f.path.slice(0, -1), value: f.value }));
}

/**
 * A date typed by a person that starts a legal term must lie between `min` (the Amsterdam date of the
 * case's previous step; none at start) and `max` (today, Europe/Amsterdam): no backdating past the
 * previous step, no future letters. Anything else would move a legal clock out of its bounds.
 */
function checkTermStartDates(
  rt: CaseRuntime | undefined,
  paths: readonly string[] | undefined,
  data: unknown,
  bounds: { min?: IsoDate; max: IsoDate },
  details: { prefix: 'payload' | 'data'; what: string; allowedEvents?: string[]; rule: string; state?: string },
): void {
  for (const path of paths ?? []) {
    for (const { path: at, value } of valuesAtPath(data, path)) {
      if (typeof value !== 'string') continue;
      const tooEarly = bounds.min !== undefined && value < bounds.min;
      const tooLate = value > bounds.max;
      if (!tooEarly && !tooLate) continue;
      const bound = bounds.min !== undefined ? `between the case's previous step (${bounds.min}) and today (${bounds.max})` : `not after today (${bounds.max})`;
      const dutch =
        bounds.min !== undefined
          ? `een datum die een wettelijke termijn start ligt niet vóór de vorige stap van de zaak (${formatDutchDate(bounds.min)}) en niet na vandaag (${formatDutchDate(bounds.max)})`
          : `een datum die een wettelijke termijn start ligt niet na vandaag (${formatDutchDate(bounds.max)})`;
      throw new ProcedureError({
        code: 'INVALID_PAYLOAD',
        field: `${details.prefix}.${at}`,
        message: `Invalid ${details.what} at '${at}': ${value} is ${tooEarly ? 'before the previous step' : 'after today'}; ${dutch}`,
        ...(details.state !== undefined ? { state: details.state } : rt ? { state: stateString(rt.snapshot) } : {}),
        ...(details.allowedEvents ? { allowedEvents: details.allowedEvents } : {}),
        rule: `a date that starts a legal term lies ${bound}, Europe/Amsterdam; ${details.rule}`,
      });
    }
  }
}

/** The message of CASE_CLOSED: how the case ended (its end state, or the cancellation). */
function closedMessage(rt: CaseRuntime, tail: string): string {
  if (rt.cancelled) {
    const ground = rt.cancelled.ground ? `, ground: ${rt.cancelled.ground.label}` : '';
    return `Case ${rt.caseId} is closed: cancelled by supervisor ${rt.cancelled.by.userId} on ${formatDutchDate(amsterdamDateOf(rt.cancelled.at))} (${rt.cancelled.reason}${ground}) in state ${stateString(rt.snapshot)}; ${tail}`;
  }
  return `Case ${rt.caseId} is closed in end state ${stateString(rt.snapshot)} (${stateLabel(rt.snapshot)}); ${tail}`;
}

/** Checks an event from a person. Returns the machine event to apply; throws ProcedureError otherwise. */
export function validateEvent(rt: CaseRuntime, input: SendEventInput, at: string): ProcedureEvent {
  const { definition } = rt;
  const role = input.actor?.role;
  if (!input.actor || typeof role !== 'string' || !isRole(role) || typeof input.actor.userId !== 'string' || !input.actor.userId.trim() || input.actor.userId.length > 128) {
    throw new ProcedureError({
      code: 'INVALID_ACTOR',
      field: 'actor',
      message: `Unknown sender: give a role (${ROLES.join(', ')}) and a user id`,
      rule: 'every event names who sends it, in which role',
    });
  }
  const allowedForRole = () => allowedEvents(rt, role).map((e) => e.type);
  if (rt.snapshot.status !== 'active' || rt.cancelled) {
    refuse(rt, { code: 'CASE_CLOSED', message: closedMessage(rt, 'no more events are accepted'), allowedEvents: [], rule: 'a closed case takes no more events' });
  }
  const eventDef = definition.events[input.type];
  if (!eventDef) {
    refuse(rt, {
      code: 'UNKNOWN_EVENT',
      field: 'type',
      message: `Unknown event '${input.type}' for procedure ${definition.id}`,
      allowedEvents: allowedForRole(),
    });
  }
  if (!eventDef.roles.includes(role)) {
    refuse(rt, {
      code: 'ROLE_NOT_ALLOWED',
      field: 'actor.role',
      message: `Role '${role}' may not send '${input.type}' (${eventDef.label}); allowed roles: ${eventDef.roles.join(', ')}`,
      allowedEvents: allowedForRole(),
      rule: eventDef.rule,
    });
  }
  if (!handledEventTypes(rt.snapshot).has(input.type)) {
    const allowed = allowedForRole();
    refuse(rt, {
      code: 'EVENT_NOT_ALLOWED',
      message: `'${input.type}' (${eventDef.label}) is not allowed in state ${stateString(rt.snapshot)} (${stateLabel(rt.snapshot)}); ${role} may send: ${allowed.length ? allowed.join(', ') : 'nothing now'}`,
      allowedEvents: allowed,
      rule: eventDef.rule,
    });
  }
  const parsed = eventDef.schema.safeParse(input.payload ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length ? issue.path.join('.') : undefined;
    refuse(rt, {
      code: 'INVALID_PAYLOAD',
      field: field ? `payload.${field}` : 'payload',
      message: `Invalid payload for '${input.type}'${field ? ` at '${field}'` : ''}: ${issue.message}`,
      allowedEvents: allowedForRole(),
      rule: eventDef.rule,
    });
  }
  checkTermStartDates(rt, eventDef.termStartDates, parsed.data, { min: amsterdamDateOf(rt.lastTransitionAt), max: amsterdamDateOf(at) }, {
    prefix: 'payload',
    what: `payload for '${input.type}'`,
    allowedEvents: allowedForRole(),
    rule: eventDef.rule,
  });
  const reason = checkEventReason(rt, input, allowedForRole, eventDef.rule);
  const event: ProcedureEvent = {
    type: input.type,
    payload: parsed.data as Record<string, unknown>,
    actor: {
      role,
      userId: input.actor.userId,
      // The organisation the person acts for, as the API or CLI set it; guards compare it with the payload.
      ...(typeof input.actor.organisation === 'string' ? { organisation: input.actor.organisation } : {}),
    },
    at,
    ...(reason ? { reason } : {}),
  };
  if (!rt.snapshot.can(event)) {
    const { blockingGuards } = explainRefusal(definition.machine, rt.snapshot, event);
    const reasons = blockingGuards.map((g) => definition.guards[g]).filter((g) => g !== undefined);
    refuse(rt, {
      code: 'GUARD_FAILED',
      message: `'${input.type}' (${eventDef.label}) is refused in state ${stateString(rt.snapshot)}: ${reasons.length ? reasons.map((r) => `Niet toegestaan: ${r.description}`).join('; ') : 'a condition of the procedure is not met'}`,
      allowedEvents: allowedForRole(),
      rule: [...new Set(reasons.map((r) => r.rule))].join('; ') || eventDef.rule,
    });
  }
  return event;
}

// ---------------------------------------------------------------------------------------------
// Stepping

function effectsFrom(actions: { type: string; params?: unknown }[], seq: number): EffectRequest[] {
  return actions.filter((a) => !a.type.startsWith('xstate.')).map((a) => ({ type: a.type, params: a.params ?? {}, seq }));
}

function deadlinesOf(node: AnyStateNode, snapshot: AnyMachineSnapshot): DeadlineDefinition[] {
  return (metaOf(node)?.deadlines ?? []).filter((d) => !d.appliesIfContext || Boolean(contextPath(snapshot.context, d.appliesIfContext)));
}

/**
 * Keeps `rt.deadlines` in line with the active state nodes: opens the deadlines of nodes just entered,
 * drops those of nodes left (or whose `appliesIfContext` no longer holds), and reopens a deadline
 * whose start date or length, read from context, changed while its node stayed active (e.g. a new
 * measure restarts the objection window of a region that was not re-entered).
 */
function reconcileDeadlines(rt: CaseRuntime, before: Set<string>, at: string): void {
  const previous = new Map(rt.deadlines.map((d) => [d.key, d]));
  const next: CaseDeadline[] = [];
  for (const node of activeNodes(rt.snapshot)) {
    for (const def of deadlinesOf(node, rt.snapshot)) {
      const key = `${node.id}#${def.name}`;
      const existing = before.has(node.id) ? previous.get(key) : undefined;
      const nOverride = def.nFromContext ? contextPath(rt.snapshot.context, def.nFromContext) : undefined;
      const startOverride = def.startsFromContext ? contextPath(rt.snapshot.context, def.startsFromContext) : undefined;
      const n = typeof nOverride === 'number' ? nOverride : def.n;
      const from = typeof startOverride === 'string' ? startOverride : (existing?.from ?? amsterdamDateOf(at));
      if (existing && existing.n === n && existing.from === from) {
        next.push(existing);
        continue;
      }
      const computed = computeDeadline({ kind: def.kind, n, from, options: rt.calendar });
      next.push({
        key,
        name: def.name,
        label: def.label,
        stateNode: node.id,
        kind: def.kind,
        n,
        from: computed.from,
        due: computed.due,
        dueAt: computed.dueAt,
        skipped: computed.skipped,
        explanation: computed.explanation,
        waitingOn: def.waitingOn,
        onExpiry: def.onExpiry,
        reminders: def.reminders ?? [5, 1],
        rule: def.rule,
        status: 'open',
        openedAt: at,
        remindFrom: at,
        remindersDone: [],
        extensions: [],
      });
    }
  }
  rt.deadlines = next;
}

function record(rt: CaseRuntime, entry: Omit<HistoryEntry, 'seq'>): HistoryEntry {
  const full = { seq: rt.history.length + 1, ...entry };
  rt.history.push(full);
  return full;
}

/**
 * Checks a case's start data: the procedure's start schema and its term-start dates (not after today,
 * Europe/Amsterdam). Returns the parsed data; throws ProcedureError (INVALID_PAYLOAD, field `data.<path>`).
 */
export function validateStart(definition: ProcedureDefinition, input: Pick<StartCaseInput, 'data'>, at: string): { provider: string } & Record<string, unknown> {
  const parsed = definition.startSchema.safeParse(input.data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length ? issue.path.join('.') : undefined;
    throw new ProcedureError({
      code: 'INVALID_PAYLOAD',
      field: field ? `data.${field}` : 'data',
      message: `Invalid start data for ${definition.id}${field ? ` at '${field}'` : ''}: ${issue.message}`,
      rule: definition.seed,
    });
  }
  checkTermStartDates(undefined, definition.startTermStartDates, parsed.data, { max: amsterdamDateOf(at) }, {
    prefix: 'data',
    what: `start data for ${definition.id}`,
    rule: definition.seed,
  });
  return parsed.data;
}

export function startCase(definition: ProcedureDefinition, input: StartCaseInput, at: string): { rt: CaseRuntime; effects: EffectRequest[] } {
  const data = validateStart(definition, input, at);
  const [snapshot, actions] = initialTransition(definition.machine, {
    caseId: input.caseId,
    startedAt: at,
    startedBy: input.startedBy,
    data,
    settings: input.settings ?? {},
  });
  const rt: CaseRuntime = {
    definition,
    snapshot,
    caseId: input.caseId,
    procedureId: definition.id,
    version: definition.version,
    provider: data.provider,
    // Opt-out may come as a start flag or in the procedure's start data; either one withholds personal data.
    optOut: input.optOut === true || (data as { optOut?: unknown }).optOut === true,
    calendar: input.calendar ?? {},
    startedAt: at,
    lastTransitionAt: at,
    history: [],
    deadlines: [],
    ...(input.personalData !== undefined ? { personalData: input.personalData } : {}),
  };
  reconcileDeadlines(rt, new Set(), at);
  const startEntry = record(rt, {
    at,
    kind: 'start',
    type: 'case.started',
    label: `Zaak gestart: ${definition.title}`,
    actor: input.startedBy,
    from: '',
    to: stateString(snapshot),
    payload: data,
  });
  const size = persistedSize(rt);
  if (size > CASE_SIZE_BUDGET) {
    throw new ProcedureError({
      code: 'CASE_TOO_LARGE',
      field: 'data',
      message: `The start data of ${definition.id} would make the case ${Math.ceil(size / 1000)} kB, over its ${CASE_SIZE_BUDGET / 1000} kB`,
      state: stateString(snapshot),
      rule: `a case stays readable: at most ${CASE_SIZE_BUDGET / 1000} kB stored per case (Temporal carries at most 2 MB)`,
    });
  }
  return { rt, effects: effectsFrom(actions, startEntry.seq) };
}

/** Applies an already validated event. */
export function applyEvent(rt: CaseRuntime, event: ProcedureEvent, kind: HistoryEntry['kind'] = 'event'): StepResult {
  const from = stateString(rt.snapshot);
  const before = new Set(activeNodes(rt.snapshot).map((n) => n.id));
  const [next, actions] = transition(rt.definition.machine, rt.snapshot, event);
  rt.snapshot = next;
  rt.lastTransitionAt = event.at;
  reconcileDeadlines(rt, before, event.at);
  const def = rt.definition.events[event.type];
  const entry = record(rt, {
    at: event.at,
    kind,
    type: event.type,
    label: def?.label ?? event.type,
    actor: event.actor,
    from,
    to: stateString(next),
    ...(event.reason ? { reason: event.reason } : {}),
    ...(def?.rule ? { rule: def.rule } : {}),
    payload: event.payload,
  });
  return { entry, effects: effectsFrom(actions, entry.seq) };
}

/** Open deadlines whose end has passed at `now`, earliest first. */
export function dueDeadlines(rt: CaseRuntime, nowMs: number): CaseDeadline[] {
  if (rt.suspended) return [];
  return rt.deadlines.filter((d) => d.status === 'open' && Date.parse(d.dueAt) <= nowMs).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

export function nextDeadline(rt: Pick<CaseRuntime, 'deadlines'>): CaseDeadline | undefined {
  return rt.deadlines.filter((d) => d.status === 'open').sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
}

/** A deadline has ended: mark it and let the machine do what the procedure says (never a silent no-op). */
export function expireDeadline(rt: CaseRuntime, deadline: CaseDeadline, at: string): StepResult {
  deadline.status = 'expired';
  deadline.expiredAt = at;
  const event: ProcedureEvent = { type: deadline.onExpiry, payload: { deadline: deadline.name }, actor: ENGINE_ACTOR, at };
  if (rt.snapshot.status === 'active' && rt.snapshot.can(event)) {
    const step = applyEvent(rt, event, 'expiry');
    // The expiry moved the case out of the deadline's state: keep the ended term visible (overdue)
    // until the next step, so `show`, `list --overdue` and the supervisor board still see it.
    if (!rt.deadlines.some((d) => d.key === deadline.key)) rt.deadlines.push({ ...deadline, lingering: true });
    return step;
  }
  // The machine has no move for this expiry here: still record it, so the dossier and the board show it.
  const state = stateString(rt.snapshot);
  const entry = record(rt, {
    at,
    kind: 'expiry',
    type: deadline.onExpiry,
    label: `Termijn verstreken: ${deadline.label}`,
    actor: ENGINE_ACTOR,
    from: state,
    to: state,
    rule: deadline.rule,
    payload: { deadline: deadline.name },
  });
  return { entry, effects: [] };
}

// ---------------------------------------------------------------------------------------------
// Reminders: at 08:00 Europe/Amsterdam on the working day `offset` working days before the due date
// (0 = on the due date), and a notice on expiry. Moving a deadline moves its reminders; leaving the
// state drops the deadline and so cancels them.

export const REMINDER_HOUR = 8;

export interface ReminderParams {
  deadline: string;
  label: string;
  /** Working days before the due date; -1 for the expiry notice. */
  offset: number;
  due: IsoDate;
  dueAt: string;
  explanation: string;
  rule: string;
  to: Role[];
  /** The due date as it stood when this reminder was planned, so a moved deadline gets new message ids. */
  key: string;
  /** Sent again on a supervisor's request. */
  resent?: boolean;
}

export const EXPIRY_NOTICE = -1;

function reminderInstant(d: CaseDeadline, offset: number, calendar: CalendarOptions): string {
  const date = offset === 0 ? d.due : subtractWorkingDays(d.due, offset, calendar);
  return atAmsterdamTime(date, REMINDER_HOUR);
}

function plannedReminders(d: CaseDeadline, calendar: CalendarOptions): { offset: number; atMs: number }[] {
  if (d.status !== 'open') return [];
  return d.reminders
    .filter((offset) => !d.remindersDone.includes(offset))
    .map((offset) => ({ offset, atMs: Date.parse(reminderInstant(d, offset, calendar)) }))
    .filter((r) => r.atMs >= Date.parse(d.remindFrom) && r.atMs < Date.parse(d.dueAt));
}

/** When the workflow must next wake up: the earliest open deadline end, pending reminder or held effect. */
export function nextWakeAt(rt: CaseRuntime): number | undefined {
  let next: number | undefined;
  for (const s of rt.scheduled ?? []) if (next === undefined || s.atMs < next) next = s.atMs;
  if (rt.suspended) return next;
  for (const d of rt.deadlines) {
    if (d.status !== 'open') continue;
    for (const t of [Date.parse(d.dueAt), ...plannedReminders(d, rt.calendar).map((r) => r.atMs)]) {
      if (next === undefined || t < next) next = t;
    }
  }
  return next;
}

function reminderEffect(rt: CaseRuntime, d: CaseDeadline, offset: number, to: Role[], resentAtSeq?: number): EffectRequest {
  const params: ReminderParams = {
    deadline: d.name,
    label: d.label,
    offset,
    due: d.due,
    dueAt: d.dueAt,
    explanation: d.explanation,
    rule: d.rule,
    to,
    key: `${d.key}@${d.due}#${offset}${resentAtSeq !== undefined ? `/resent-${resentAtSeq}` : ''}`,
    ...(resentAtSeq !== undefined ? { resent: true } : {}),
  };
  return { type: 'deadline.reminder', params, seq: rt.history.length };
}

/** Reminders and held effects whose time has come. */
export function dueReminders(rt: CaseRuntime, nowMs: number): EffectRequest[] {
  const effects: EffectRequest[] = [];
  const held = rt.scheduled ?? [];
  effects.push(...held.filter((s) => s.atMs <= nowMs).map((s) => s.effect));
  rt.scheduled = held.filter((s) => s.atMs > nowMs);
  if (rt.suspended) return effects;
  for (const d of rt.deadlines) {
    for (const r of plannedReminders(d, rt.calendar)) {
      if (r.atMs > nowMs) continue;
      d.remindersDone.push(r.offset);
      effects.push(reminderEffect(rt, d, r.offset, [...d.waitingOn]));
    }
  }
  return effects;
}

/**
 * The notice that a term ended, to whoever had to act and to the contract manager, with the effects
 * of the expiry step itself. A term ends at midnight; these mails wait for 08:00 on the next working
 * day (not at night, not in a weekend).
 */
export function scheduleExpiryNotice(rt: CaseRuntime, d: CaseDeadline, stepEffects: EffectRequest[] = []): void {
  const to = [...new Set<Role>([...d.waitingOn, 'contractmanager'])];
  const atMs = Date.parse(atAmsterdamTime(addWorkingDays(d.due, 1, rt.calendar), REMINDER_HOUR));
  const held = [reminderEffect(rt, d, EXPIRY_NOTICE, to), ...stepEffects].map((effect) => ({ atMs, effect }));
  rt.scheduled = [...(rt.scheduled ?? []), ...held];
}

// ---------------------------------------------------------------------------------------------
// Supervisor fixes: each with a ground from a closed list and a reason, recorded in the history.
// The supervisor is not named in the seeds: its powers are bounded so that it can never shorten a
// term (the terms give the party that must act, above all the provider, its time) and every fix
// shows on the case page and in the dossier with its ground.


export { GROUNDS_PER_FIX, SUPERVISOR_GROUNDS, type SupervisorGround, type SupervisorGroundRef } from './supervisorGrounds.ts';

const SUPERVISOR_RULE = 'supervisor fixes: only with a ground from the closed list and a reason; a term is never shortened';

const reasonSchema = z
  .string()
  .trim()
  .min(5, 'give a reason of at least 5 characters')
  .max(MAX_REASON, `maximaal ${MAX_REASON} tekens`)
  .refine((s) => !containsBsn(s), { message: NO_BSN_MESSAGE });
const groundSchema = <A extends keyof typeof GROUNDS_PER_FIX>(action: A) =>
  z.enum(GROUNDS_PER_FIX[action]).describe(`Grond: ${GROUNDS_PER_FIX[action].map((g) => SUPERVISOR_GROUNDS[g]).join(', ')}`);

export const supervisorActionSchema = z.discriminatedUnion('action', [
  z
    .object({
      action: z.literal('deadline.extended'),
      deadline: z.string().min(1).max(MAX_SHORT_TEXT).describe('Naam van de termijn'),
      workingDays: z.number().int().min(1).max(250).optional().describe('Verlengen met dit aantal werkdagen'),
      until: isoDate('Of: nieuwe einddatum').optional(),
      ground: groundSchema('deadline.extended'),
      reason: reasonSchema.describe('Reden'),
    })
    .strict()
    .refine((v) => (v.workingDays === undefined) !== (v.until === undefined), { message: 'give either workingDays or until', path: ['workingDays'] }),
  z.object({ action: z.literal('clock.suspended'), ground: groundSchema('clock.suspended'), reason: reasonSchema }).strict(),
  z.object({ action: z.literal('clock.resumed'), ground: groundSchema('clock.resumed'), reason: reasonSchema }).strict(),
  z
    .object({
      action: z.literal('case.reassigned'),
      role: z.enum(ROLES),
      userId: z.string().trim().min(1).max(128),
      ground: groundSchema('case.reassigned'),
      reason: reasonSchema,
    })
    .strict(),
  z.object({ action: z.literal('reminder.resent'), deadline: z.string().min(1).max(MAX_SHORT_TEXT), ground: groundSchema('reminder.resent'), reason: reasonSchema }).strict(),
  z.object({ action: z.literal('case.cancelled'), ground: groundSchema('case.cancelled'), reason: reasonSchema }).strict(),
]);
export type SupervisorAction = z.infer<typeof supervisorActionSchema>;

export interface SupervisorInput {
  actor: Actor;
  fix: unknown;
}

const SUPERVISOR_LABELS: Record<SupervisorAction['action'], string> = {
  'deadline.extended': 'Termijn verlengd',
  'clock.suspended': 'Wettelijke klok opgeschort',
  'clock.resumed': 'Wettelijke klok hervat',
  'case.reassigned': 'Zaak toegewezen',
  'reminder.resent': 'Herinnering opnieuw verstuurd',
  'case.cancelled': 'Zaak geannuleerd',
};

export function groundRef(code: SupervisorGround): SupervisorGroundRef {
  return { code, label: SUPERVISOR_GROUNDS[code] };
}

/**
 * A task claimed ("Oppakken") or handed to a colleague by someone who holds the role themselves: the one
 * fix that is not only a supervisor's. The role must be the actor's own; the API checks the colleague
 * against the user directory (the workflow does not know it).
 */
function isRoleHolderAssignment(input: SupervisorInput): boolean {
  const fix = input.fix as { action?: unknown; role?: unknown } | null;
  return typeof fix === 'object' && fix !== null && fix.action === 'case.reassigned' && fix.role === input.actor.role && isRole(input.actor.role);
}

/** Checks a supervisor's fix against the case. `at` (the workflow's now) bounds a new end date from below. */
export function validateSupervisorAction(rt: CaseRuntime, input: SupervisorInput, at?: string): SupervisorAction {
  if (typeof input.actor?.userId !== 'string' || !input.actor.userId.trim() || (input.actor.role !== 'supervisor' && !isRoleHolderAssignment(input))) {
    refuse(rt, { code: 'ROLE_NOT_ALLOWED', field: 'actor.role', message: 'Only a supervisor may correct a running case', rule: SUPERVISOR_RULE });
  }
  if (rt.snapshot.status !== 'active' || rt.cancelled) {
    refuse(rt, { code: 'CASE_CLOSED', message: closedMessage(rt, 'nothing to correct'), allowedEvents: [], rule: 'a closed case takes no more fixes' });
  }
  const parsed = supervisorActionSchema.safeParse(input.fix);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || 'action';
    const groundHint =
      field === 'ground' && input.fix && typeof input.fix === 'object' && (input.fix as { action?: unknown }).action
        ? `; grounds for this fix: ${(GROUNDS_PER_FIX[(input.fix as { action: keyof typeof GROUNDS_PER_FIX }).action] ?? []).map((g) => `${g} (${SUPERVISOR_GROUNDS[g]})`).join(', ')}`
        : '';
    refuse(rt, { code: 'INVALID_PAYLOAD', field: `fix.${field}`, message: `Invalid supervisor fix at '${field}': ${issue.message}${groundHint}`, rule: SUPERVISOR_RULE });
  }
  const fix = parsed.data;
  if (fix.action === 'deadline.extended' && rt.deadlines.some((d) => d.name === fix.deadline && d.lingering)) {
    refuse(rt, {
      code: 'EVENT_NOT_ALLOWED',
      field: 'fix.deadline',
      message: `The term '${fix.deadline}' has ended and the case moved on to ${stateString(rt.snapshot)}; the next step is up to the role it waits on`,
      rule: SUPERVISOR_RULE,
    });
  }
  if ('deadline' in fix && !rt.deadlines.some((d) => d.name === fix.deadline)) {
    refuse(rt, {
      code: 'INVALID_PAYLOAD',
      field: 'fix.deadline',
      message: `No deadline '${fix.deadline}' in this state; deadlines: ${rt.deadlines.map((d) => d.name).join(', ') || 'none'}`,
      rule: SUPERVISOR_RULE,
    });
  }
  if (fix.action === 'clock.suspended' && rt.suspended) refuse(rt, { code: 'EVENT_NOT_ALLOWED', message: `The clock is already suspended since ${rt.suspended.since}`, rule: SUPERVISOR_RULE });
  if (fix.action === 'clock.resumed' && !rt.suspended) refuse(rt, { code: 'EVENT_NOT_ALLOWED', message: 'The clock is not suspended', rule: SUPERVISOR_RULE });
  if (fix.action === 'deadline.extended' && fix.until) {
    const d = rt.deadlines.find((x) => x.name === fix.deadline)!;
    if (fix.until <= d.due) {
      refuse(rt, {
        code: 'INVALID_PAYLOAD',
        field: 'fix.until',
        message: `The new due date must be after ${d.due}: a supervisor extends a term, never shortens it (${d.waitingOn.includes('aanbieder') ? 'this term gives the provider its time' : 'the term gives the party that must act its time'})`,
        rule: `${SUPERVISOR_RULE}; ${d.rule}`,
      });
    }
    if (at !== undefined && fix.until < amsterdamDateOf(at)) {
      refuse(rt, { code: 'INVALID_PAYLOAD', field: 'fix.until', message: `The new due date ${fix.until} lies before today (${amsterdamDateOf(at)})`, rule: SUPERVISOR_RULE });
    }
  }
  return fix;
}

function moveDeadline(d: CaseDeadline, to: IsoDate, at: string, by: Actor, reason: string, ground: SupervisorGroundRef, note: string): void {
  d.extensions.push({ at, by, from: d.due, to, reason, ground });
  d.due = to;
  d.dueAt = endOfDayAmsterdam(to);
  d.status = 'open';
  delete d.expiredAt;
  d.remindFrom = at;
  d.remindersDone = [];
  d.explanation = `${d.explanation} ${note}`;
}

export function applySupervisorAction(rt: CaseRuntime, fix: SupervisorAction, actor: Actor, at: string): StepResult {
  const state = stateString(rt.snapshot);
  const effects: EffectRequest[] = [];
  const ground = groundRef(fix.ground);
  switch (fix.action) {
    case 'deadline.extended': {
      const d = rt.deadlines.find((x) => x.name === fix.deadline)!;
      const to = fix.until ?? addWorkingDays(d.due, fix.workingDays!, rt.calendar);
      moveDeadline(d, to, at, actor, fix.reason, ground, `Verlengd tot ${formatDutchDate(to)} door de supervisor (grond: ${ground.label}).`);
      break;
    }
    case 'clock.suspended':
      rt.suspended = { since: at, by: actor, reason: fix.reason, ground };
      break;
    case 'clock.resumed': {
      const days = workingDaysBetween(amsterdamDateOf(rt.suspended!.since), amsterdamDateOf(at), rt.calendar);
      const suspendedGround = rt.suspended!.ground ?? ground;
      delete rt.suspended;
      if (days > 0) {
        for (const d of rt.deadlines.filter((x) => x.status === 'open')) {
          const to = addWorkingDays(d.due, days, rt.calendar);
          moveDeadline(d, to, at, actor, fix.reason, suspendedGround, `Klok ${days} werkdag(en) opgeschort (grond: ${suspendedGround.label}); verschoven naar ${formatDutchDate(to)}.`);
        }
      }
      break;
    }
    case 'case.reassigned':
      rt.assignees = { ...rt.assignees, [fix.role]: fix.userId };
      break;
    case 'reminder.resent': {
      const d = rt.deadlines.find((x) => x.name === fix.deadline)!;
      effects.push(reminderEffect(rt, d, 0, [...d.waitingOn], rt.history.length + 1));
      break;
    }
    case 'case.cancelled':
      rt.cancelled = { at, by: actor, reason: fix.reason, ground };
      rt.deadlines = [];
      rt.scheduled = [];
      break;
  }
  rt.lastTransitionAt = at;
  const { reason, ground: _code, ...payload } = fix;
  const entry = record(rt, {
    at,
    kind: 'supervisor',
    type: `supervisor.${fix.action}`,
    label: `${SUPERVISOR_LABELS[fix.action]} (grond: ${ground.label})`,
    actor,
    from: state,
    to: rt.cancelled ? 'cancelled' : state,
    reason,
    ground,
    rule: SUPERVISOR_RULE,
    payload,
  });
  for (const e of effects) e.seq = entry.seq;
  return { entry, effects };
}

// ---------------------------------------------------------------------------------------------
// Dry runs: the update validators run the whole pure step on a copy of the case, so whatever the
// handler would throw is refused before anything is written; the handler runs the same step on a
// copy and keeps it only when it succeeded (nothing half-applied).

/** A deep copy of the case through its persisted (plain JSON) form, as continue-as-new would carry it. */
export function copyRuntime(rt: CaseRuntime): CaseRuntime {
  return restore(rt.definition, JSON.parse(JSON.stringify(persist(rt))) as PersistedCase);
}

function cannotCarryOut(rt: CaseRuntime, err: unknown, what: string, field: string, rule: string, allowed?: string[]): never {
  if (err instanceof ProcedureError) throw err;
  refuse(rt, {
    code: 'INVALID_PAYLOAD',
    field,
    message: `${what} cannot be carried out in state ${stateString(rt.snapshot)}: ${(err as Error)?.message ?? String(err)}`,
    ...(allowed ? { allowedEvents: allowed } : {}),
    rule,
  });
}

function checkSize(rt: CaseRuntime, next: CaseRuntime, limit: number, what: string, allowed?: string[]): void {
  const size = persistedSize(next);
  if (size <= limit) return;
  refuse(rt, {
    code: 'CASE_TOO_LARGE',
    message: `${what} would make case ${rt.caseId} ${Math.ceil(size / 1000)} kB, over its ${limit / 1000} kB; shorten the texts, or let a supervisor cancel the case and start a new one`,
    ...(allowed ? { allowedEvents: allowed } : {}),
    rule: `a case stays readable: at most ${CASE_SIZE_BUDGET / 1000} kB stored per case (Temporal carries at most 2 MB); a supervisor's cancel always fits`,
  });
}

/** The whole step of an event on a copy of `rt`: validation, transition, deadlines and the size budget. `rt` is untouched. */
export function stepEvent(rt: CaseRuntime, input: SendEventInput, at: string): { rt: CaseRuntime; step: StepResult; event: ProcedureEvent } {
  const rule = rt.definition.events[input?.type]?.rule ?? 'the engine refuses what it cannot carry out';
  const allowed = () => (input?.actor && isRole(input.actor.role) ? allowedEvents(rt, input.actor.role).map((e) => e.type) : []);
  let event: ProcedureEvent;
  try {
    event = validateEvent(rt, input, at);
  } catch (err) {
    cannotCarryOut(rt, err, `'${input?.type}'`, 'payload', rule, allowed());
  }
  let next: CaseRuntime;
  let step: StepResult;
  try {
    next = copyRuntime(rt);
    step = applyEvent(next, event);
    viewCase(next, { nowMs: Date.parse(at) });
  } catch (err) {
    cannotCarryOut(rt, err, `'${input.type}'`, 'payload', rule, allowed());
  }
  checkSize(rt, next, CASE_SIZE_BUDGET, `'${input.type}'`, allowed());
  return { rt: next, step, event };
}

/**
 * A term ended: the expiry step on a copy of `rt` (kept only when it succeeded). When the machine
 * cannot carry it out (it throws), the term is still marked expired and the failure is recorded in
 * the dossier and counted for the board, so the workflow never fails its task over a timer.
 */
export function stepExpiry(rt: CaseRuntime, deadline: CaseDeadline, at: string): { rt: CaseRuntime; step: StepResult; deadline: CaseDeadline } {
  const next = copyRuntime(rt);
  const copy = next.deadlines.find((d) => d.key === deadline.key)!;
  try {
    return { rt: next, step: expireDeadline(next, copy, at), deadline: copy };
  } catch (err) {
    deadline.status = 'expired';
    deadline.expiredAt = at;
    const entry = recordEffectFailure(rt, at, { type: deadline.onExpiry, params: { deadline: deadline.name }, seq: rt.history.length + 1 }, (err as Error)?.message ?? String(err));
    return { rt, step: { entry, effects: [] }, deadline };
  }
}

/**
 * The whole step of a supervisor's fix on a copy of `rt`. Refuses a fix that would end any term
 * earlier than it ends now. A cancel may use the headroom above the budget, so a case can always be closed.
 */
export function stepSupervisorAction(rt: CaseRuntime, input: SupervisorInput, at: string): { rt: CaseRuntime; step: StepResult; fix: SupervisorAction } {
  let fix: SupervisorAction;
  try {
    fix = validateSupervisorAction(rt, input, at);
  } catch (err) {
    cannotCarryOut(rt, err, 'The supervisor fix', 'fix', SUPERVISOR_RULE);
  }
  let next: CaseRuntime;
  let step: StepResult;
  try {
    next = copyRuntime(rt);
    step = applySupervisorAction(next, fix, input.actor, at);
    viewCase(next, { nowMs: Date.parse(at) });
  } catch (err) {
    cannotCarryOut(rt, err, `The supervisor fix '${fix.action}'`, fix.action === 'deadline.extended' ? (fix.until ? 'fix.until' : 'fix.workingDays') : 'fix', SUPERVISOR_RULE);
  }
  for (const before of rt.deadlines) {
    const after = next.deadlines.find((d) => d.key === before.key);
    if (after && after.due < before.due) {
      refuse(rt, {
        code: 'EVENT_NOT_ALLOWED',
        field: 'fix',
        message: `'${fix.action}' would end the term '${before.name}' (${before.label}) on ${after.due}, before ${before.due}: a supervisor never shortens a term${before.waitingOn.includes('aanbieder') ? ' that gives the provider its time' : ''}`,
        rule: `${SUPERVISOR_RULE}; ${before.rule}`,
      });
    }
  }
  checkSize(rt, next, fix.action === 'case.cancelled' ? CASE_SIZE_LIMIT : CASE_SIZE_BUDGET, `The supervisor fix '${fix.action}'`);
  return { rt: next, step, fix };
}

/** Records the outcome of a side effect (e.g. a sent e-mail) in the dossier. */
export function recordMessage(rt: CaseRuntime, at: string, label: string, payload: unknown): HistoryEntry {
  const state = stateString(rt.snapshot);
  return record(rt, { at, kind: 'message', type: 'message.sent', label, actor: ENGINE_ACTOR, from: state, to: state, payload });
}

/** The longest error text of a failed effect kept in the dossier. */
export const MAX_EFFECT_ERROR = 500;

/**
 * An effect that failed for good (invalid input, a permanent refusal): recorded in the dossier and
 * counted, so the supervisor board shows the case (EFFECT_FAILED).
 */
export function recordEffectFailure(rt: CaseRuntime, at: string, effect: EffectRequest, error: string): HistoryEntry {
  const state = stateString(rt.snapshot);
  rt.failedEffects = (rt.failedEffects ?? 0) + 1;
  return record(rt, {
    at,
    kind: 'message',
    type: 'effect.failed',
    label: `Actie mislukt: ${effect.type}`,
    actor: ENGINE_ACTOR,
    from: state,
    to: state,
    payload: { status: 'failed', effect: effect.type, seq: effect.seq, error: error.slice(0, MAX_EFFECT_ERROR) },
  });
}

// ---------------------------------------------------------------------------------------------
// Persistence (continue-as-new) and views

export function persist(rt: CaseRuntime): PersistedCase {
  const { definition: _d, snapshot, ...rest } = rt;
  return { ...rest, value: snapshot.value, context: snapshot.context };
}

export function restore(definition: ProcedureDefinition, p: PersistedCase): CaseRuntime {
  const { value, context, ...rest } = p;
  const snapshot = definition.machine.resolveState({ value: value as never, context: context as never });
  return { ...rest, definition, snapshot };
}

export interface DeadlineView {
  name: string;
  label: string;
  kind: CaseDeadline['kind'];
  n: number;
  from: IsoDate;
  dueDate: IsoDate;
  dueAt: string;
  overdue: boolean;
  status: CaseDeadline['status'];
  waitingOn: readonly Role[];
  explanation: string;
  skipped: CaseDeadline['skipped'];
  rule: string;
  /** Extensions by a supervisor (and moves on resuming the clock), each with its ground and reason. */
  extensions: CaseDeadline['extensions'];
}

export interface CaseView {
  caseId: string;
  procedure: string;
  version: number;
  title: string;
  provider: string;
  status: 'active' | 'closed';
  state: string;
  stateLabel: string;
  statePaths: string[];
  waitingOn: Role[];
  waitingOnLabels: string[];
  allowedEvents: AllowedEvent[];
  deadlines: DeadlineView[];
  nextDueAt?: string;
  overdue: boolean;
  startedAt: string;
  lastTransitionAt: string;
  /** The number of history entries: grows with every step (the read model keeps the newest view). */
  revision: number;
  optOut: boolean;
  suspended?: ClockSuspension;
  assignees: Partial<Record<Role, string>>;
  context: unknown;
  personalData?: unknown;
  personalDataWithheld?: boolean;
  /** Set by operations/ (not the engine) once the retention purge deleted the case's personal data key. */
  personalDataDeleted?: boolean;
  history: HistoryEntry[];
  /**
   * Set when `history` holds only part of the dossier: the entries from this sequence number on (an
   * update's answer: what its step added; the case query: one page). `revision` is the number of
   * entries in all; page with the query's `historyFrom` for the rest.
   */
  historyFrom?: number;
  /** Effects that failed for good (recorded in the history as `effect.failed`). */
  failedEffects?: number;
}

export interface ViewOptions {
  /** The viewer's role: allowed events are narrowed to it; opt-out personal data is withheld from the commissioning body. */
  role?: AnyRole;
  nowMs: number;
  /**
   * Only the history entries after this sequence number (an update's answer: what this step added).
   * Temporal stores every update's answer in the case's event history, so answering with the whole
   * dossier each time would make that history grow with the square of the number of steps.
   */
  historyAfter?: number;
  /**
   * One page of the history (the case query): the entries from sequence number `from` on, or, without
   * `from`, the newest ones; at most HISTORY_PAGE_ENTRIES entries and about HISTORY_PAGE_BYTES.
   */
  historyPage?: { from?: number };
}

/** A page of the history, bounded in entries and bytes (at least one entry when there is one). */
export function historyPage(history: readonly HistoryEntry[], from?: number): { entries: HistoryEntry[]; from: number } {
  const fits = (taken: HistoryEntry[], bytes: number, entry: HistoryEntry) => {
    const size = utf8Length(JSON.stringify(entry));
    return { ok: taken.length === 0 || (taken.length < HISTORY_PAGE_ENTRIES && bytes + size <= HISTORY_PAGE_BYTES), size };
  };
  const taken: HistoryEntry[] = [];
  let bytes = 0;
  if (from !== undefined) {
    const start = Math.max(0, Math.floor(from) - 1);
    for (let i = start; i < history.length; i++) {
      const f = fits(taken, bytes, history[i]!);
      if (!f.ok) break;
      taken.push(history[i]!);
      bytes += f.size;
    }
    return { entries: taken, from: taken[0]?.seq ?? history.length + 1 };
  }
  for (let i = history.length - 1; i >= 0; i--) {
    const f = fits(taken, bytes, history[i]!);
    if (!f.ok) break;
    taken.unshift(history[i]!);
    bytes += f.size;
  }
  return { entries: taken, from: taken[0]?.seq ?? history.length + 1 };
}

export const SEES_OPT_OUT_PERSONAL_DATA: readonly AnyRole[] = ['aanbieder', 'casusregisseur', 'gi-manager', 'zbt'];

export function viewCase(rt: CaseRuntime, opts: ViewOptions): CaseView {
  const deadlines = rt.deadlines.map<DeadlineView>((d) => ({
    name: d.name,
    label: d.label,
    kind: d.kind,
    n: d.n,
    from: d.from,
    dueDate: d.due,
    dueAt: d.dueAt,
    overdue: d.status === 'expired' || Date.parse(d.dueAt) <= opts.nowMs,
    status: d.status,
    waitingOn: d.waitingOn,
    explanation: d.explanation,
    skipped: d.skipped,
    rule: d.rule,
    extensions: d.extensions,
  }));
  const waiting = waitingOn(rt);
  const showPersonal = rt.personalData !== undefined && (!rt.optOut || (opts.role !== undefined && SEES_OPT_OUT_PERSONAL_DATA.includes(opts.role)));
  return {
    caseId: rt.caseId,
    procedure: rt.procedureId,
    version: rt.version,
    title: rt.definition.title,
    provider: rt.provider,
    status: rt.snapshot.status === 'active' && !rt.cancelled ? 'active' : 'closed',
    state: stateString(rt.snapshot),
    stateLabel: stateLabel(rt.snapshot),
    statePaths: activeStatePaths(rt.snapshot),
    waitingOn: waiting,
    waitingOnLabels: waiting.map((r) => ROLE_LABELS[r]),
    allowedEvents: allowedEvents(rt, opts.role),
    deadlines,
    nextDueAt: nextDeadline(rt)?.dueAt,
    overdue: deadlines.some((d) => d.overdue),
    startedAt: rt.startedAt,
    lastTransitionAt: rt.lastTransitionAt,
    revision: rt.history.length,
    optOut: rt.optOut,
    ...(rt.suspended ? { suspended: rt.suspended } : {}),
    assignees: rt.assignees ?? {},
    context: rt.snapshot.context,
    ...(showPersonal ? { personalData: rt.personalData } : {}),
    ...(rt.personalData !== undefined && !showPersonal ? { personalDataWithheld: true } : {}),
    ...historyOf(rt, opts),
    ...(rt.failedEffects ? { failedEffects: rt.failedEffects } : {}),
  };
}

function historyOf(rt: CaseRuntime, opts: ViewOptions): { history: HistoryEntry[]; historyFrom?: number } {
  if (opts.historyAfter !== undefined) return { history: rt.history.filter((h) => h.seq > opts.historyAfter!), historyFrom: opts.historyAfter + 1 };
  if (opts.historyPage) {
    const page = historyPage(rt.history, opts.historyPage.from);
    return page.from === 1 && page.entries.length === rt.history.length ? { history: page.entries } : { history: page.entries, historyFrom: page.from };
  }
  return { history: rt.history };
}
