// What a case upserts after every step, from its runtime: the read model's and the lists' view of it.
// Kept apart from the keys (searchAttributes.ts), which modules without the engine import.
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { activeStatePaths, nextDeadline, stateString, waitingOn, type CaseRuntime } from './engine.ts';
import {
  JfAssignees,
  JfCaseId,
  JfChangedAt,
  JfClockStopped,
  JfEffectFailed,
  JfLastTransitionAt,
  JfNextDueAt,
  JfOverdue,
  JfProcedure,
  JfProvider,
  JfRevision,
  JfSignal,
  JfState,
  JfStatePaths,
  JfWaitingOn,
} from './searchAttributes.ts';

function signalOf(rt: CaseRuntime): string | undefined {
  const signal = rt.definition.monitoringSignal?.(rt.snapshot.context as never);
  return signal ? `${signal.outcome}:${signal.category}` : undefined;
}

function assigneesOf(rt: CaseRuntime): string[] {
  return Object.entries(rt.assignees ?? {}).map(([role, userId]) => `${role}:${userId}`);
}

/** What a case upserts after every step: the read model's and the lists' view of it (`changedAt`: now). */
export function caseSearchAttributes(rt: CaseRuntime, changedAt: Date): SearchAttributeUpdatePair[] {
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
    { key: JfChangedAt, value: changedAt },
    { key: JfRevision, value: rt.history.length },
    // Only once an effect failed: cases without failures keep their recorded commands unchanged.
    ...(rt.failedEffects ? [{ key: JfEffectFailed, value: rt.failedEffects }] : []),
    // Only once a task was claimed or assigned: cases without assignees keep their recorded commands unchanged.
    ...(assigneesOf(rt).length ? [{ key: JfAssignees, value: assigneesOf(rt) }] : []),
    // Only once the clock was ever stopped (then cleared on resume): other cases keep their recorded commands unchanged.
    ...(rt.suspended || rt.history.some((h) => h.type === 'supervisor.clock.suspended') ? [{ key: JfClockStopped, value: rt.suspended?.since ?? null }] : []),
  ] as SearchAttributeUpdatePair[];
}

/**
 * Of `pairs`, `JfChangedAt` and those whose value differs from the one last upserted (recorded in
 * `upserted`, the case's own map, keyed by attribute name). Temporal merges an upsert with the
 * attributes the case already has, so a step upserts only what it changed (a hearing: when it changed
 * and its revision), and its history event holds those instead of all twelve. `JfChangedAt` always goes
 * along, so an upsert is never empty (the server refuses an empty one). Replay matches an upsert by its
 * command type only, so histories recorded with all twelve replay as they were.
 */
export function changedAttributes(upserted: Map<string, string>, pairs: readonly SearchAttributeUpdatePair[]): SearchAttributeUpdatePair[] {
  return pairs.filter((pair) => {
    const value = JSON.stringify(pair.value ?? null);
    if (upserted.get(pair.key.name) === value && pair.key.name !== JfChangedAt.name) return false;
    upserted.set(pair.key.name, value);
    return true;
  });
}
