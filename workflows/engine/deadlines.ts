// Deadlines and reminders: the legal terms of the active states (declared in their meta), computed with
// the calendar, and the reminders and expiry notices they plan. The workflow's only clock is the
// Temporal timer it sets for `nextWakeAt`.
import type { AnyMachineSnapshot, AnyStateNode } from 'xstate';
import {
  addWorkingDays,
  amsterdamDateOf,
  atAmsterdamTime,
  computeDeadline,
  endOfDayAmsterdam,
  subtractWorkingDays,
  type CalendarOptions,
  type IsoDate,
} from '../../calendar/index.ts';
import type { Actor, DeadlineDefinition, Role, StateMeta } from '../../machines/types.ts';
import type { SupervisorGroundRef } from '../supervisorGrounds.ts';
import { configurationKey, contextAt, metaOf } from '../../machines/introspect.ts';
import { activeNodes } from './reading.ts';
import type { CaseDeadline, CaseRuntime, EffectRequest } from './types.ts';

/** A term declared by an active state: its node, its definition and its key (`<node id>#<name>`). */
interface DeclaredTerm {
  readonly node: AnyStateNode;
  readonly def: DeadlineDefinition;
  readonly key: string;
}
/** The terms the active states declare, per configuration (they follow from the states alone; `appliesIfContext` is read per step). */
const declaredTerms = new WeakMap<object, readonly DeclaredTerm[]>();
function termsOf(snapshot: AnyMachineSnapshot): readonly DeclaredTerm[] {
  const key = configurationKey(snapshot);
  let terms = declaredTerms.get(key);
  if (terms === undefined) {
    terms = Object.freeze(
      activeNodes(snapshot).flatMap((node) => ((metaOf(node) as StateMeta | undefined)?.deadlines ?? []).map((def) => ({ node, def, key: `${node.id}#${def.name}` }))),
    );
    declaredTerms.set(key, terms);
  }
  return terms;
}

/**
 * Keeps `rt.deadlines` in line with the active state nodes: opens the deadlines of nodes just entered,
 * drops those of nodes left (or whose `appliesIfContext` no longer holds), and reopens a deadline
 * whose start date or length, read from context, changed while its node stayed active (e.g. a new
 * measure restarts the objection window of a region that was not re-entered). `before`: the ids of
 * the nodes that were active before the step.
 */
export function reconcileDeadlines(rt: CaseRuntime, before: ReadonlySet<string>, at: string): void {
  const terms = termsOf(rt.snapshot);
  if (terms.length === 0) {
    // No state declares a term: none is open (an ended term kept visible until this step is dropped too).
    if (rt.deadlines.length > 0) rt.deadlines = [];
    return;
  }
  const previous = new Map(rt.deadlines.map((d) => [d.key, d]));
  const next: CaseDeadline[] = [];
  const { context } = rt.snapshot;
  for (const { node, def, key } of terms) {
    if (def.appliesIfContext && !contextAt(context, def.appliesIfContext)) continue;
    const existing = before.has(node.id) ? previous.get(key) : undefined;
    const nOverride = def.nFromContext ? contextAt(context, def.nFromContext) : undefined;
    const startOverride = def.startsFromContext ? contextAt(context, def.startsFromContext) : undefined;
    // A fixed-date term opens once its date is known.
    if (def.kind === 'date' && typeof startOverride !== 'string') continue;
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
  rt.deadlines = next;
}

/** Open deadlines whose end has passed at `now`, earliest first. */
export function dueDeadlines(rt: CaseRuntime, nowMs: number): CaseDeadline[] {
  if (rt.suspended) return [];
  return rt.deadlines.filter((d) => d.status === 'open' && Date.parse(d.dueAt) <= nowMs).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

export function nextDeadline(rt: Pick<CaseRuntime, 'deadlines'>): CaseDeadline | undefined {
  return rt.deadlines.filter((d) => d.status === 'open').sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
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

/** Is `effect` the (held) expiry notice of deadline `d`? */
export function isExpiryNoticeOf(effect: EffectRequest, d: Pick<CaseDeadline, 'key'>): boolean {
  if (effect.type !== 'deadline.reminder') return false;
  const p = effect.params as Partial<ReminderParams> | undefined;
  return p?.offset === EXPIRY_NOTICE && typeof p.key === 'string' && p.key.startsWith(`${d.key}@`);
}

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

export function reminderEffect(rt: CaseRuntime, d: CaseDeadline, offset: number, to: Role[], resentAtSeq?: number): EffectRequest {
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

/** Moves a deadline's end (a supervisor's extension, a resumed clock): its reminders are planned anew. */
export function moveDeadline(d: CaseDeadline, to: IsoDate, at: string, by: Actor, reason: string, ground: SupervisorGroundRef, note: string): void {
  d.extensions.push({ at, by, from: d.due, to, reason, ground });
  d.due = to;
  d.dueAt = endOfDayAmsterdam(to);
  d.status = 'open';
  delete d.expiredAt;
  d.remindFrom = at;
  d.remindersDone = [];
  d.explanation = `${d.explanation} ${note}`;
}
