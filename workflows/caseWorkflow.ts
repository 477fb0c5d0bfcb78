// The one generic workflow: runs any registered procedure machine with xstate's pure transition
// functions. Events arrive as Updates; deadlines are Temporal timers; side effects are activities.
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  currentUpdateInfo,
  isCancellation,
  log,
  patched,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { findProcedure, procedureVersions } from '../machines/index.ts';
import type { EffectCase } from '../activities/index.ts';
import {
  copyRuntime,
  dueDeadlines,
  dueReminders,
  expireDueDeadlines,
  stateLabel,
  nextWakeAt,
  CASE_SIZE_LIMIT,
  fitsIn,
  recordEffectFailure,
  recordMessage,
  persist,
  restore,
  startCase,
  stateString,
  stepEvent,
  stepSupervisorAction,
  updateAnswer,
  viewCase,
  type CaseRuntime,
  type CaseView,
  type EffectRequest,
} from './engine.ts';
import { runEffect } from './effects.ts';
import { ProcedureError } from './errors.ts';
import { caseQuery, migrateUpdate, sendEventUpdate, supervisorUpdate, type CaseWorkflowInput } from './messages.ts';
import { stepMigration } from './migration.ts';
import { caseSearchAttributes, changedAttributes } from './caseAttributes.ts';

/** The message of an activity failure: the cause's (the ActivityFailure itself only says "Activity task failed"). */
function failureMessage(err: unknown): string {
  let message = (err as Error)?.message ?? String(err);
  for (let e = (err as { cause?: unknown })?.cause, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as Error).message) message = (e as Error).message;
  }
  return message;
}

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


/** Patch: an update first expires the terms whose end has passed (cases recorded before it replay without). */
const EXPIRE_BEFORE_UPDATE = 'expire-before-update';
/**
 * Patch: a step wakes the case's main loop only when what the loop waits for changed (the case closed or
 * moved to a new version, or its next wake time did: a term's end, a reminder, a held mail). Before it,
 * every step woke the loop, and with a term open that cancelled the term's timer and started the same one
 * again: two commands and two history events per step. Cases recorded before it replay without.
 */
const WAKE_ON_CHANGE = 'wake-on-change';

export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseView> {
  // The version the case started under (or was migrated to): a newer version never changes a running
  // case. Cases started before versions existed carry none: they run version 1.
  const version = input.version ?? input.restored?.version ?? 1;
  const definition = findProcedure(input.procedureId, version);
  if (!definition) {
    throw ApplicationFailure.nonRetryable(`Unknown procedure '${input.procedureId}' version ${version}`, 'UNKNOWN_PROCEDURE');
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
      if (err instanceof ProcedureError) throw err.toFailure();
      throw ApplicationFailure.nonRetryable(`Invalid start data for ${definition.id}: ${(err as Error).message}`, 'INVALID_PAYLOAD');
    }
    rt = started.rt;
    effects.push(...started.effects);
  }
  // Every step upserts (one command per step, as recorded), but only the attributes it changed.
  const upserted = new Map<string, string>();
  const upsertCaseAttributes = (): void => upsertSearchAttributes(changedAttributes(upserted, caseSearchAttributes(rt, new Date(Date.now()))));
  upsertCaseAttributes();
  let changes = 0;


  const afterStep = (step: { effects: EffectRequest[] }) => {
    effects.push(...step.effects);
    changes++;
    upsertCaseAttributes();
  };

  // A term whose end has passed has expired, also when the workflow has not yet run its timer (the
  // fired timer and an update in one workflow task, a worker that was down): the law's expiry comes
  // first, in due order, and the update is judged in the state it left. Histories recorded before
  // this rule replay as they were (patch 'expire-before-update').
  const expire = (trigger: 'timer' | 'update') => (next: CaseRuntime, deadline: { name: string }) => {
    rt = next;
    afterStep({ effects: [] });
    log.info('deadline expired', { caseId: rt.caseId, deadline: deadline.name, state: stateString(rt.snapshot), trigger });
  };
  const expireBeforeUpdate = (): void => {
    if (dueDeadlines(rt, Date.now()).length === 0 || !patched(EXPIRE_BEFORE_UPDATE)) return;
    rt = expireDueDeadlines(rt, Date.now(), now(), expire('update'));
  };
  // The validators' view of the same: the expiries on a copy (a validator writes nothing). A validator
  // runs only for a new update, never in replay, and there `patched` answers true (the worker sets no
  // patchActivationCallback), so the validator judges exactly the state the handler will step.
  const afterDueExpiries = (): CaseRuntime => (dueDeadlines(rt, Date.now()).length === 0 ? rt : expireDueDeadlines(copyRuntime(rt), Date.now(), now()));

  // A validator's dry run is the handler's step when nothing happened in between (the same update on
  // the same case, in the same workflow task, so the same time): the handler takes it instead of
  // stepping again. In replay no validator runs and the handler steps itself, to the same result: the
  // step is a pure function of the case, the input and the time.
  let dryRun: { updateId: string; from: CaseRuntime; result: unknown } | undefined;
  const rememberDryRun = (from: CaseRuntime, result: unknown): void => {
    const updateId = currentUpdateInfo()?.id;
    dryRun = updateId === undefined ? undefined : { updateId, from, result };
  };
  const takeDryRun = <T>(): T | undefined => {
    const taken = dryRun;
    dryRun = undefined;
    return taken && taken.from === rt && taken.updateId === currentUpdateInfo()?.id ? (taken.result as T) : undefined;
  };

  // One page of the history per query (the newest entries, or from `historyFrom` on), so a case with a
  // long dossier stays readable under Temporal's 2 MB; `revision` says how many entries there are.
  setHandler(caseQuery, (q) => viewCase(rt, { role: q?.role, nowMs: Date.now(), historyPage: { ...(typeof q?.historyFrom === 'number' ? { from: q.historyFrom } : {}) } }));

  // The validators run the whole pure step on a copy of the case (a dry run): whatever the handler
  // would throw is refused there, with a ProcedureError, before anything is written to history. The
  // handlers run the same step on a copy (another update may have moved the case since) and keep it.
  setHandler(
    sendEventUpdate,
    (update) => {
      try {
        const before = rt.history.length;
        expireBeforeUpdate();
        const next = takeDryRun<ReturnType<typeof stepEvent>>() ?? stepEvent(rt, update, now(), { role: update.actor.role, historyAfter: before });
        rt = next.rt;
        afterStep(next.step);
        // No log line here: the API logs every event a user applies (api/service.ts). A workflow `log`
        // call is cloned to the worker's main thread, about a third of a step's cost above the baseline.
        return next.answer;
      } catch (err) {
        return asFailure(err);
      }
    },
    {
      validator: (update) => {
        try {
          const from = afterDueExpiries();
          rememberDryRun(from, stepEvent(from, update, now(), { role: update.actor.role, historyAfter: from.history.length }));
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
        const before = rt.history.length;
        expireBeforeUpdate();
        const next = takeDryRun<ReturnType<typeof stepSupervisorAction>>() ?? stepSupervisorAction(rt, input, now(), { role: input.actor.role, historyAfter: before });
        rt = next.rt;
        afterStep(next.step);
        log.info('supervisor fix applied', { caseId: rt.caseId, fix: next.fix.action });
        return next.answer;
      } catch (err) {
        return asFailure(err);
      }
    },
    {
      validator: (input) => {
        try {
          const from = afterDueExpiries();
          rememberDryRun(from, stepSupervisorAction(from, input, now(), { role: input.actor.role, historyAfter: from.history.length }));
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
        const result = await runEffect({
          caseId: rt.caseId,
          procedureId: rt.procedureId,
          seq: effect.seq,
          type: effect.type,
          params: effect.params,
          case: effectCase(rt),
        });
        if (result.record) {
          recordMessage(rt, now(), result.record.label, result.record.details);
          // A mail refused for good (5xx, blocked, invalid effect) is a failed effect too: the board shows it.
          if ((result.record.details as { status?: unknown } | undefined)?.status === 'failed') rt.failedEffects = (rt.failedEffects ?? 0) + 1;
          changes++;
          upsertCaseAttributes();
        }
      } catch (err) {
        // The failure is final (the activity said so, or retries ran out): the dossier and the board show it.
        recordEffectFailure(rt, now(), effect, failureMessage(err));
        log.error('effect failed for good', { caseId: rt.caseId, effect: effect.type, seq: effect.seq });
        changes++;
        upsertCaseAttributes();
      } finally {
        effectRunning = false;
      }
    }
  };
  // A cancellation of the workflow in Temporal (an operator, not a supervisor fix) cancels the effect
  // loop's wait too; the main loop's own wait then ends the workflow as cancelled. Anything else that
  // escapes the loop fails the workflow task, as before.
  runEffects().catch((err: unknown) => {
    if (!isCancellation(err)) throw err;
  });

  // A migration to a newer version waits until no effect is in flight (they belong to the old
  // version), is stepped like a fix, and then the main loop continues as new on the new version.
  let migrated = false;
  setHandler(
    migrateUpdate,
    async (input) => {
      await condition(effectsIdle);
      try {
        const before = rt.history.length;
        const next = stepMigration(rt, input, now(), procedureVersions);
        rt = next.rt;
        migrated = true;
        afterStep({ effects: [] });
        log.info('case migrated', { caseId: rt.caseId, procedure: rt.procedureId, version: rt.version });
        return updateAnswer(rt, { role: input.actor.role, nowMs: Date.now(), historyAfter: before });
      } catch (err) {
        return asFailure(err);
      }
    },
    {
      validator: (input) => {
        try {
          stepMigration(rt, input, now(), procedureVersions);
        } catch (err) {
          asFailure(err);
        }
      },
    },
  );

  const isOpen = () => rt.snapshot.status === 'active' && !rt.cancelled;
  const wakeOnChange = patched(WAKE_ON_CHANGE);
  while (isOpen()) {
    const seen = changes;
    const wakeAt = nextWakeAt(rt);
    let checked = seen;
    const stepMatters = wakeOnChange
      ? () => {
          if (changes === checked) return false;
          checked = changes;
          return !isOpen() || migrated || nextWakeAt(rt) !== wakeAt;
        }
      : () => changes !== seen;
    const wakeUp = () => stepMatters() || workflowInfo().continueAsNewSuggested;
    if (wakeAt === undefined) await condition(wakeUp);
    else await condition(wakeUp, Math.max(1, wakeAt - Date.now() + 1));

    effects.push(...dueReminders(rt, Date.now()));
    rt = expireDueDeadlines(rt, Date.now(), now(), expire('timer'));

    if ((workflowInfo().continueAsNewSuggested || migrated) && isOpen()) {
      await condition(() => effectsIdle() && allHandlersFinished());
      // A migrated case continues on its new version (its terms already recomputed with that version's deadlines).
      return continueAsNew<typeof caseWorkflow>({ ...input, ...(migrated ? { version: rt.version } : {}), restored: persist(rt) });
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
  // The result is a payload too (2 MB): the whole dossier while it fits, else its newest page.
  return viewCase(rt, { nowMs: Date.now(), ...(fitsIn(rt, CASE_SIZE_LIMIT) ? {} : { historyPage: {} }) });
}
