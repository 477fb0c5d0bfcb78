// Stepping: a case starts with `initialTransition` and moves with `transition` (xstate's pure
// functions; `pureTransition` below is `transition` with its inert actor built once); the actions they
// return become the effects the workflow runs as activities. The step functions work on a copy of the
// case, so a step that throws leaves the case as it was.
import { createActor, initialTransition, type AnyActorScope, type AnyMachineSnapshot, type AnyStateMachine, type ExecutableActionsFrom } from 'xstate';
import type { ProcedureDefinition, ProcedureEvent } from '../../machines/types.ts';
import { ProcedureError } from '../errors.ts';
import { dueDeadlines, reconcileDeadlines, scheduleExpiryNotice } from './deadlines.ts';
import { record, recordEffectFailure } from './history.ts';
import { CASE_SIZE_BUDGET } from './limits.ts';
import { checkSize, copyRuntime, fitsIn, persistedSize } from './persistence.ts';
import { activeNodeIds, allowedEvents, stateString } from './reading.ts';
import { ENGINE_ACTOR, type CaseDeadline, type CaseRuntime, type EffectRequest, type HistoryEntry, type SendEventInput, type StartCaseInput, type StepResult } from './types.ts';
import { cannotCarryOut, isRole, validateEvent, validateStart } from './validation.ts';
import { answerAfterStep, type AnswerFor, type UpdateAnswer } from './view.ts';

/**
 * xstate's pure `transition(machine, snapshot, event)`, without its cost per call: xstate builds a new
 * inert actor for every call, and building one computes the machine's initial state (its context
 * factory, here without input, so it throws and is caught) — most of the CPU of a step. The inert actor
 * is built once per machine; each step gets its own scope around it that, as in xstate, executes
 * nothing and collects the actions. Same snapshot, same actions (test/engine/engine.test.ts).
 */
const inertActors = new WeakMap<AnyStateMachine, AnyActorScope['self']>();
const noop = () => {};
export function pureTransition<M extends AnyStateMachine>(machine: M, snapshot: AnyMachineSnapshot, event: { type: string }): [AnyMachineSnapshot, ExecutableActionsFrom<M>[]] {
  let self = inertActors.get(machine);
  if (!self) {
    self = createActor(machine);
    inertActors.set(machine, self);
  }
  const actions: ExecutableActionsFrom<M>[] = [];
  const scope: AnyActorScope = {
    self,
    system: self.system,
    id: '',
    sessionId: '',
    logger: noop,
    defer: noop,
    stopChild: noop,
    emit: noop,
    actionExecutor: (action) => actions.push(action as ExecutableActionsFrom<M>),
  };
  return [machine.transition(snapshot, event, scope), actions];
}

function effectsFrom(actions: { type: string; params?: unknown }[], seq: number): EffectRequest[] {
  return actions.filter((a) => !a.type.startsWith('xstate.')).map((a) => ({ type: a.type, params: a.params ?? {}, seq }));
}

export function startCase(definition: ProcedureDefinition, input: StartCaseInput, at: string): { rt: CaseRuntime; effects: EffectRequest[] } {
  const data = validateStart(definition, input, at);
  const [initial, actions] = initialTransition(definition.machine, {
    caseId: input.caseId,
    startedAt: at,
    startedBy: input.startedBy,
    data,
    settings: input.settings ?? {},
  });
  // xstate makes the first context with `Object.assign({}, …)`, which V8 keeps as a hash table past about
  // twenty fields (the ladder has 20); a spread copy is a plain fast object, as every later step's context.
  const snapshot = { ...initial, context: { ...initial.context } } as typeof initial;
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
  // Measured as a step measures it (fitsIn), so the first step measures only what it changes.
  if (!fitsIn(rt, CASE_SIZE_BUDGET)) {
    const size = persistedSize(rt);
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
  const before = activeNodeIds(rt.snapshot);
  const [next, actions] = pureTransition(rt.definition.machine, rt.snapshot, event);
  rt.snapshot = next;
  rt.lastTransitionAt = event.at;
  reconcileDeadlines(rt, before, event.at);
  const def = rt.definition.events[event.type];
  // The optional fields in their place, each only when it has a value, without spreading them in (V8's slow path).
  const fields: Omit<HistoryEntry, 'seq'> = { at: event.at, kind, type: event.type, label: def?.label ?? event.type, actor: event.actor, from, to: stateString(next) };
  if (event.reason) fields.reason = event.reason;
  if (def?.rule) fields.rule = def.rule;
  fields.payload = event.payload;
  const entry = record(rt, fields);
  return { entry, effects: effectsFrom(actions, entry.seq) };
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

/**
 * The whole step of an event on a copy of `rt`: validation, transition, deadlines, the size budget and
 * the answer the update gives (`answerFor`: the sender's role, history after that entry; no context). `rt` is untouched.
 */
export function stepEvent(
  rt: CaseRuntime,
  input: SendEventInput,
  at: string,
  answerFor: AnswerFor = {},
): { rt: CaseRuntime; step: StepResult; event: ProcedureEvent; answer: UpdateAnswer } {
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
  let answer: UpdateAnswer;
  try {
    next = copyRuntime(rt);
    step = applyEvent(next, event);
    answer = answerAfterStep(next, answerFor, at);
  } catch (err) {
    cannotCarryOut(rt, err, `'${input.type}'`, 'payload', rule, allowed());
  }
  checkSize(rt, next, CASE_SIZE_BUDGET, () => `'${input.type}'`, allowed);
  return { rt: next, step, event, answer };
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
 * Every term whose end is at or before `nowMs` expires, earliest first: the step the timer runs
 * (`stepExpiry`, then the held expiry notice), once per term. A term an earlier expiry of the batch
 * closed is skipped. `onExpired` sees the case after each expiry. Returns the case after all of them;
 * `rt` may be changed (a failed expiry is marked on it): pass a copy for a dry run.
 */
export function expireDueDeadlines(
  rt: CaseRuntime,
  nowMs: number,
  at: string,
  onExpired?: (rt: CaseRuntime, deadline: CaseDeadline) => void,
): CaseRuntime {
  for (const due of dueDeadlines(rt, nowMs)) {
    const current = rt.deadlines.find((d) => d.key === due.key);
    if (!current || current.status !== 'open') continue; // an earlier expiry in this batch may have closed it
    const expired = stepExpiry(rt, current, at);
    rt = expired.rt;
    scheduleExpiryNotice(rt, expired.deadline, expired.step.effects);
    onExpired?.(rt, expired.deadline);
  }
  return rt;
}
