// Custom search attributes of a case. Never personal data: case number, procedure, provider code, state, dates.
// The keys only: the console, the CLI, the activities and the bench's baseline workflow import them, so
// this module imports nothing of the engine (what a case upserts is workflows/caseAttributes.ts).
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

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
