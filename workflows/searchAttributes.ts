// Custom search attributes of a case. Never personal data: case number, procedure, provider code, state, dates.
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributeUpdatePair } from '@temporalio/common';
import { activeStatePaths, nextDeadline, stateString, waitingOn, type CaseRuntime } from './engine.ts';

export const JfCaseId = defineSearchAttributeKey('JfCaseId', SearchAttributeType.KEYWORD);
export const JfProcedure = defineSearchAttributeKey('JfProcedure', SearchAttributeType.KEYWORD);
export const JfState = defineSearchAttributeKey('JfState', SearchAttributeType.KEYWORD);
export const JfProvider = defineSearchAttributeKey('JfProvider', SearchAttributeType.KEYWORD);
export const JfNextDueAt = defineSearchAttributeKey('JfNextDueAt', SearchAttributeType.DATETIME);
export const JfLastTransitionAt = defineSearchAttributeKey('JfLastTransitionAt', SearchAttributeType.DATETIME);
export const JfOverdue = defineSearchAttributeKey('JfOverdue', SearchAttributeType.BOOL);
export const JfWaitingOn = defineSearchAttributeKey('JfWaitingOn', SearchAttributeType.KEYWORD_LIST);
export const JfStatePaths = defineSearchAttributeKey('JfStatePaths', SearchAttributeType.KEYWORD_LIST);
/** A monitoring signal the procedure reports (e.g. 'beeindigd:bedreiging-intimidatie'), counted per provider. */
export const JfSignal = defineSearchAttributeKey('JfSignal', SearchAttributeType.KEYWORD);
/** When the workflow last upserted these attributes: the read model's "changed since" cursor. */
export const JfChangedAt = defineSearchAttributeKey('JfChangedAt', SearchAttributeType.DATETIME);
/** The number of entries in the case history: grows with every step, so a newer view is recognised. */
export const JfRevision = defineSearchAttributeKey('JfRevision', SearchAttributeType.INT);
/** Effects that failed for good (set only once one failed): the supervisor board shows the case. */
export const JfEffectFailed = defineSearchAttributeKey('JfEffectFailed', SearchAttributeType.INT);

/** Who handles the case per role ('contractmanager:anna'), set only once someone claimed or was assigned a task: Mijn werk per person. Employees' user ids, never personal data of a youth. */
export const JfAssignees = defineSearchAttributeKey('JfAssignees', SearchAttributeType.KEYWORD_LIST);
/**
 * Since when the legal clock stands still (the supervisor's suspension, an ISO instant); cleared on resume.
 * A keyword, not a datetime: SQL visibility has only three datetime slots, all taken.
 */
export const JfClockStopped = defineSearchAttributeKey('JfClockStopped', SearchAttributeType.KEYWORD);

export const SEARCH_ATTRIBUTE_KEYS = [
  JfCaseId,
  JfProcedure,
  JfState,
  JfProvider,
  JfNextDueAt,
  JfLastTransitionAt,
  JfOverdue,
  JfWaitingOn,
  JfStatePaths,
  JfSignal,
  JfChangedAt,
  JfRevision,
  JfEffectFailed,
  JfAssignees,
  JfClockStopped,
] as const;

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
