// A case as lists show it, read from the search attributes the workflow keeps current: one mapping
// for `listCases` (straight from Temporal) and the console's read model (operations/caseIndex.ts),
// and the one order both lists use.
import type { WorkflowExecutionInfo } from '@temporalio/client';
import { caseIdFromWorkflowId } from '../workflows/constants.ts';
import { JfCaseId, JfClockStopped, JfEffectFailed, JfLastTransitionAt, JfNextDueAt, JfOverdue, JfProcedure, JfProvider, JfRevision, JfState, JfStatePaths, JfWaitingOn } from '../workflows/searchAttributes.ts';

export interface CaseSummary {
  caseId: string;
  procedure: string;
  provider: string;
  state: string;
  status: string;
  waitingOn: string[];
  nextDueAt?: string;
  overdue: boolean;
  lastTransitionAt?: string;
  startTime?: string;
  /** Effects that failed for good (the board shows EFFECT_FAILED). */
  effectsFailed?: number;
  /** Since when the legal clock stands still (JfClockStopped): terms do not run, so a passed due date is not overdue. */
  clockStoppedSince?: string;
}

/** A summary with what the read model also needs; `overdue` is only the workflow's own flag until read at a given time. */
export interface IndexedCase extends CaseSummary {
  statePaths: string[];
  /** History length when this summary was taken: a newer revision replaces an older one, never the reverse. */
  revision: number;
  /** The overdue flag the workflow set (a term expired); `overdue` adds "next due date passed" at read time. */
  termExpired: boolean;
}

/** A string literal in a visibility query. */
export const quote = (s: string) => `'${s.replace(/'/g, "\\'")}'`;

export function indexedFromVisibility(wf: WorkflowExecutionInfo): IndexedCase {
  const sa = wf.typedSearchAttributes;
  const nextDue = sa.get(JfNextDueAt);
  const last = sa.get(JfLastTransitionAt);
  const termExpired = sa.get(JfOverdue) === true;
  const effectsFailed = sa.get(JfEffectFailed);
  const clockStopped = sa.get(JfClockStopped);
  return {
    caseId: sa.get(JfCaseId) ?? caseIdFromWorkflowId(wf.workflowId),
    procedure: sa.get(JfProcedure) ?? '',
    provider: sa.get(JfProvider) ?? '',
    state: sa.get(JfState) ?? '',
    statePaths: sa.get(JfStatePaths) ?? [],
    status: wf.status.name,
    waitingOn: sa.get(JfWaitingOn) ?? [],
    ...(nextDue ? { nextDueAt: nextDue.toISOString() } : {}),
    overdue: termExpired,
    termExpired,
    ...(last ? { lastTransitionAt: last.toISOString() } : {}),
    startTime: wf.startTime.toISOString(),
    revision: sa.get(JfRevision) ?? 0,
    ...(effectsFailed ? { effectsFailed } : {}),
    ...(clockStopped ? { clockStoppedSince: clockStopped } : {}),
  };
}

/** Overdue as of `nowMs`: a term expired, or the next due date has passed. */
export function isOverdueAt(c: IndexedCase, nowMs: number): boolean {
  return c.termExpired || (c.clockStoppedSince === undefined && c.nextDueAt !== undefined && Date.parse(c.nextDueAt) < nowMs);
}

/** The summary lists return, without the read model's fields. */
export function toSummary({ statePaths: _p, revision: _r, termExpired: _t, ...summary }: IndexedCase): CaseSummary {
  return summary;
}

/** Overdue first, then the soonest deadline, then by case number. */
export function byUrgency(a: CaseSummary, b: CaseSummary): number {
  return Number(b.overdue) - Number(a.overdue) || (a.nextDueAt ?? '9999').localeCompare(b.nextDueAt ?? '9999') || a.caseId.localeCompare(b.caseId);
}
