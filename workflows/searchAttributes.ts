// Custom search attributes of a case. Never personal data: case number, procedure, provider code, state, dates.
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
] as const;
