// ---------------------------------------------------------------------------------------------
// Supervisor fixes: each with a ground from a closed list and a reason, recorded in the history.
// The supervisor is not named in the seeds: its powers are bounded so that it can never shorten a
// term (the terms give the party that must act, above all the provider, its time) and every fix
// shows on the case page and in the dossier with its ground.

import { z } from 'zod';
import { addWorkingDays, amsterdamDateOf, formatDutchDate, workingDaysBetween } from '../../calendar/index.ts';
import { isoDate, containsBsn, MAX_SHORT_TEXT, NO_BSN_MESSAGE } from '../../machines/schemas.ts';
import { ROLES, type Actor } from '../../machines/types.ts';
import { GROUNDS_PER_FIX, SUPERVISOR_GROUNDS, type SupervisorGround, type SupervisorGroundRef } from '../supervisorGrounds.ts';
import { isExpiryNoticeOf, moveDeadline, reminderEffect } from './deadlines.ts';
import { record } from './history.ts';
import { CASE_SIZE_BUDGET, CASE_SIZE_LIMIT, MAX_REASON } from './limits.ts';
import { checkSize, copyRuntime } from './persistence.ts';
import { stateString } from './reading.ts';
import type { CaseRuntime, EffectRequest, StepResult } from './types.ts';
import { cannotCarryOut, closedMessage, isRole, refuse } from './validation.ts';
import { answerAfterStep, type AnswerFor, type UpdateAnswer } from './view.ts';
import { freezeLaw } from '../../machines/immutable.ts';

export { GROUNDS_PER_FIX, SUPERVISOR_GROUNDS, type SupervisorGround, type SupervisorGroundRef } from '../supervisorGrounds.ts';

const SUPERVISOR_RULE = 'supervisor fixes: only with a ground from the closed list and a reason; a term is never shortened';

const reasonSchema = z
  .string()
  .trim()
  .min(5, 'give a reason of at least 5 characters')
  .max(MAX_REASON, `maximaal ${MAX_REASON} tekens`)
  .refine((s) => !containsBsn(s), { message: NO_BSN_MESSAGE });
const groundSchema = <A extends keyof typeof GROUNDS_PER_FIX>(action: A) =>
  z.enum(GROUNDS_PER_FIX[action]).describe(`Grond: ${GROUNDS_PER_FIX[action].map((g) => SUPERVISOR_GROUNDS[g]).join(', ')}`);

export const supervisorActionSchema = freezeLaw(z.discriminatedUnion('action', [
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
]));
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
  if (fix.action === 'reminder.resent') {
    // A reminder says the term is still running: only for an open term whose end has not passed.
    const d = rt.deadlines.find((x) => x.name === fix.deadline)!;
    const ended = d.status !== 'open' || d.lingering === true || (at !== undefined && Date.parse(d.dueAt) <= Date.parse(at));
    if (ended) {
      refuse(rt, {
        code: 'EVENT_NOT_ALLOWED',
        field: 'fix.deadline',
        message: `The term '${fix.deadline}' (${d.label}) ended on ${d.due}: a reminder is only sent for an open term, never saying a past date is still ahead`,
        rule: `${SUPERVISOR_RULE}; a reminder only for an open term`,
      });
    }
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

export function applySupervisorAction(rt: CaseRuntime, fix: SupervisorAction, actor: Actor, at: string): StepResult {
  const state = stateString(rt.snapshot);
  const effects: EffectRequest[] = [];
  const ground = groundRef(fix.ground);
  switch (fix.action) {
    case 'deadline.extended': {
      const d = rt.deadlines.find((x) => x.name === fix.deadline)!;
      const to = fix.until ?? addWorkingDays(d.due, fix.workingDays!, rt.calendar);
      moveDeadline(d, to, at, actor, fix.reason, ground, `Verlengd tot ${formatDutchDate(to)} door de supervisor (grond: ${ground.label}).`);
      // An expired term extended into the future is running again: its held expiry notice (08:00 the
      // next working day) must not go out saying it ended. (Only a term that expired has one.)
      if (rt.scheduled?.length) rt.scheduled = rt.scheduled.filter((s) => !isExpiryNoticeOf(s.effect, d));
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

/**
 * The whole step of a supervisor's fix on a copy of `rt`. Refuses a fix that would end any term
 * earlier than it ends now. A cancel may use the headroom above the budget, so a case can always be closed.
 */
export function stepSupervisorAction(
  rt: CaseRuntime,
  input: SupervisorInput,
  at: string,
  answerFor: AnswerFor = {},
): { rt: CaseRuntime; step: StepResult; fix: SupervisorAction; answer: UpdateAnswer } {
  let fix: SupervisorAction;
  try {
    fix = validateSupervisorAction(rt, input, at);
  } catch (err) {
    cannotCarryOut(rt, err, 'The supervisor fix', 'fix', SUPERVISOR_RULE);
  }
  let next: CaseRuntime;
  let step: StepResult;
  let answer: UpdateAnswer;
  try {
    next = copyRuntime(rt);
    step = applySupervisorAction(next, fix, input.actor, at);
    answer = answerAfterStep(next, answerFor, at);
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
  checkSize(rt, next, fix.action === 'case.cancelled' ? CASE_SIZE_LIMIT : CASE_SIZE_BUDGET, () => `The supervisor fix '${fix.action}'`);
  return { rt: next, step, fix, answer };
}
