// Validation: the same checks run in the update validator (so a refusal leaves no history) and
// again in the handler (a racing update may have changed the state in between). Every refusal is one
// ProcedureError naming the field, the case's state, the allowed events and the rule.
import { z } from 'zod';
import { amsterdamDateOf, formatDutchDate, type IsoDate } from '../../calendar/index.ts';
import { explainRefusal } from '../../machines/introspect.ts';
import { containsBsn, NO_BSN_MESSAGE } from '../../machines/schemas.ts';
import { ROLES, type ProcedureDefinition, type ProcedureEvent, type Role } from '../../machines/types.ts';
import { ProcedureError } from '../errors.ts';
import { MAX_REASON } from './limits.ts';
import { allowedEvents, handledEventTypes, stateLabel, stateString } from './reading.ts';
import type { CaseRuntime, SendEventInput, StartCaseInput } from './types.ts';

export function refuse(rt: CaseRuntime, details: Omit<ConstructorParameters<typeof ProcedureError>[0], 'state'>): never {
  throw new ProcedureError({ state: stateString(rt.snapshot), ...details });
}

export function isRole(role: string): role is Role {
  return (ROLES as readonly string[]).includes(role);
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
export function closedMessage(rt: CaseRuntime, tail: string): string {
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
  if (eventDef.termStartDates?.length) {
    checkTermStartDates(rt, eventDef.termStartDates, parsed.data, { min: amsterdamDateOf(rt.lastTransitionAt), max: amsterdamDateOf(at) }, {
      prefix: 'payload',
      what: `payload for '${input.type}'`,
      allowedEvents: allowedForRole(),
      rule: eventDef.rule,
    });
  }
  const reason = checkEventReason(rt, input, allowedForRole, eventDef.rule);
  // Optional fields set after the literal: V8 builds a literal with a spread after its fields on a slow path.
  const actor: ProcedureEvent['actor'] = { role, userId: input.actor.userId };
  // The organisation the person acts for, as the API or CLI set it; guards compare it with the payload.
  if (typeof input.actor.organisation === 'string') actor.organisation = input.actor.organisation;
  const event: ProcedureEvent = { type: input.type, payload: parsed.data as Record<string, unknown>, actor, at };
  if (reason) event.reason = reason;
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

/** A step threw: a ProcedureError goes out as it is, anything else is refused as a payload the case cannot carry out. */
export function cannotCarryOut(rt: CaseRuntime, err: unknown, what: string, field: string, rule: string, allowed?: string[]): never {
  if (err instanceof ProcedureError) throw err;
  refuse(rt, {
    code: 'INVALID_PAYLOAD',
    field,
    message: `${what} cannot be carried out in state ${stateString(rt.snapshot)}: ${(err as Error)?.message ?? String(err)}`,
    ...(allowed ? { allowedEvents: allowed } : {}),
    rule,
  });
}
