// The one generic workflow: runs any registered procedure machine with xstate's pure transition
// functions. Events arrive as Updates; deadlines are Temporal timers; side effects are activities.
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { findProcedure } from '../machines/index.ts';
import type { Activities, EffectCase } from '../activities/index.ts';
import {
  applyEvent,
  applySupervisorAction,
  dueDeadlines,
  dueReminders,
  expireDeadline,
  scheduleExpiryNotice,
  stateLabel,
  nextDeadline,
  nextWakeAt,
  recordMessage,
  validateSupervisorAction,
  persist,
  restore,
  startCase,
  stateString,
  validateEvent,
  viewCase,
  waitingOn,
  activeStatePaths,
  type CaseRuntime,
  type CaseView,
  type EffectRequest,
} from './engine.ts';
import { ProcedureError } from './errors.ts';
import { caseQuery, sendEventUpdate, supervisorUpdate, type CaseWorkflowInput } from './messages.ts';
import {
  JfCaseId,
  JfChangedAt,
  JfLastTransitionAt,
  JfNextDueAt,
  JfOverdue,
  JfProcedure,
  JfProvider,
  JfRevision,
  JfState,
  JfSignal,
  JfStatePaths,
  JfWaitingOn,
} from './searchAttributes.ts';

const { performEffect } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

const now = (): string => new Date(Date.now()).toISOString();

function asFailure(err: unknown): never {
  if (err instanceof ProcedureError) throw err.toFailure();
  throw err;
}

/** Case facts a mail may show. Never personal data. */
function effectCase(rt: CaseRuntime): EffectCase {
  return {
    provider: rt.provider,
    optOut: rt.optOut,
    stateLabel: stateLabel(rt.snapshot),
    assignees: rt.assignees ?? {},
    deadlines: rt.deadlines.map((d) => ({
      name: d.name,
      label: d.label,
      due: d.due,
      dueAt: d.dueAt,
      explanation: d.explanation,
      rule: d.rule,
      waitingOn: [...d.waitingOn],
      status: d.status,
    })),
  };
}

function signalOf(rt: CaseRuntime): string | undefined {
  const signal = rt.definition.monitoringSignal?.(rt.snapshot.context as never);
  return signal ? `${signal.outcome}:${signal.category}` : undefined;
}

function searchAttributes(rt: CaseRuntime): SearchAttributeUpdatePair[] {
  const next = nextDeadline(rt);
  return [
    { key: JfCaseId, value: rt.caseId },
    { key: JfProcedure, value: rt.procedureId },
    { key: JfProvider, value: rt.provider },
    { key: JfState, value: stateString(rt.snapshot) },
    { key: JfStatePaths, value: activeStatePaths(rt.snapshot) },
    { key: JfWaitingOn, value: waitingOn(rt) },
    { key: JfLastTransitionAt, value: new Date(rt.lastTransitionAt) },
    { key: JfOverdue, value: rt.deadlines.some((d) => d.status === 'expired') },
    { key: JfNextDueAt, value: next ? new Date(next.dueAt) : null },
    { key: JfSignal, value: signalOf(rt) ?? null },
    { key: JfChangedAt, value: new Date(Date.now()) },
    { key: JfRevision, value: rt.history.length },
  ] as SearchAttributeUpdatePair[];
}

export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseView> {
  const definition = findProcedure(input.procedureId);
  if (!definition) {
    throw ApplicationFailure.nonRetryable(`Unknown procedure '${input.procedureId}'`, 'UNKNOWN_PROCEDURE');
  }

  const effects: EffectRequest[] = [];
  let rt: CaseRuntime;
  if (input.restored) {
    rt = restore(definition, input.restored);
  } else {
    let started;
    try {
      started = startCase(definition, input, now());
    } catch (err) {
      throw ApplicationFailure.nonRetryable(`Invalid start data for ${definition.id}: ${(err as Error).message}`, 'INVALID_PAYLOAD');
    }
    rt = started.rt;
    effects.push(...started.effects);
  }
  upsertSearchAttributes(searchAttributes(rt));
  let changes = 0;


  const afterStep = (step: { effects: EffectRequest[] }) => {
    effects.push(...step.effects);
    changes++;
    upsertSearchAttributes(searchAttributes(rt));
  };

  setHandler(caseQuery, (q) => viewCase(rt, { role: q?.role, nowMs: Date.now() }));

  setHandler(
    sendEventUpdate,
    (update) => {
      try {
        // Checked again: another update may have moved the case since the validator ran.
        const event = validateEvent(rt, update, now());
        const before = rt.history.length;
        afterStep(applyEvent(rt, event));
        log.info('event applied', { caseId: rt.caseId, event: event.type, role: event.actor.role, state: stateString(rt.snapshot) });
        return viewCase(rt, { role: update.actor.role, nowMs: Date.now(), historyAfter: before });
      } catch (err) {
        return asFailure(err);
      }
    },
    {
      validator: (update) => {
        try {
          validateEvent(rt, update, now());
        } catch (err) {
          asFailure(err);
        }
      },
    },
  );

  setHandler(
    supervisorUpdate,
    (input) => {
      try {
        const fix = validateSupervisorAction(rt, input);
        const before = rt.history.length;
        afterStep(applySupervisorAction(rt, fix, input.actor, now()));
        log.info('supervisor fix applied', { caseId: rt.caseId, fix: fix.action });
        return viewCase(rt, { role: input.actor.role, nowMs: Date.now(), historyAfter: before });
      } catch (err) {
        return asFailure(err);
      }
    },
    {
      validator: (input) => {
        try {
          validateSupervisorAction(rt, input);
        } catch (err) {
          asFailure(err);
        }
      },
    },
  );

  // Side effects run one at a time, in order, beside the clock: a mail server that is down for an
  // hour delays the mails (the activity retries), never a deadline, a reminder or an update.
  let effectRunning = false;
  const effectsIdle = () => effects.length === 0 && !effectRunning;
  const runEffects = async (): Promise<void> => {
    for (;;) {
      await condition(() => effects.length > 0);
      const effect = effects.shift()!;
      effectRunning = true;
      try {
        const result = await performEffect({
          caseId: rt.caseId,
          procedureId: rt.procedureId,
          seq: effect.seq,
          type: effect.type,
          params: effect.params,
          case: effectCase(rt),
        });
        if (result.record) {
          recordMessage(rt, now(), result.record.label, result.record.details);
          changes++;
        }
      } catch (err) {
        // Retries are exhausted or the failure is final: the dossier and the board must show it.
        recordMessage(rt, now(), `Actie mislukt: ${effect.type}`, { status: 'failed', effect: effect.type, error: (err as Error).message });
        changes++;
      } finally {
        effectRunning = false;
      }
    }
  };
  void runEffects();

  const isOpen = () => rt.snapshot.status === 'active' && !rt.cancelled;
  while (isOpen()) {
    const seen = changes;
    const wakeAt = nextWakeAt(rt);
    const wakeUp = () => changes !== seen || workflowInfo().continueAsNewSuggested;
    if (wakeAt === undefined) await condition(wakeUp);
    else await condition(wakeUp, Math.max(1, wakeAt - Date.now() + 1));

    effects.push(...dueReminders(rt, Date.now()));
    for (const deadline of dueDeadlines(rt, Date.now())) {
      if (deadline.status !== 'open') continue; // an earlier expiry in this batch may have closed it
      const step = expireDeadline(rt, deadline, now());
      scheduleExpiryNotice(rt, deadline, step.effects);
      afterStep({ effects: [] });
      log.info('deadline expired', { caseId: rt.caseId, deadline: deadline.name, state: stateString(rt.snapshot) });
    }

    if (workflowInfo().continueAsNewSuggested && isOpen()) {
      await condition(() => effectsIdle() && allHandlersFinished());
      return continueAsNew<typeof caseWorkflow>({ ...input, restored: persist(rt) });
    }
  }

  // Closed: the last effects still go out before the workflow completes, those held for the
  // morning (e.g. a letter sent automatically when its window ended at midnight) at their time.
  for (let at = nextWakeAt(rt); at !== undefined; at = nextWakeAt(rt)) {
    if (at > Date.now()) await sleep(at - Date.now());
    effects.push(...dueReminders(rt, Date.now()));
  }
  await condition(effectsIdle);
  await condition(allHandlersFinished);
  return viewCase(rt, { nowMs: Date.now() });
}
