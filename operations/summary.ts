// A case as lists show it, read from the search attributes the workflow keeps current: one mapping
// for `listCases` (straight from Temporal) and the console's read model (operations/caseIndex.ts),
// and the one order both lists use.
import type { WorkflowExecutionInfo } from '@temporalio/client';
import { caseIdFromWorkflowId } from '../workflows/constants.ts';
import { JfAssignees, JfCaseId, JfClockStopped, JfEffectFailed, JfLastTransitionAt, JfNextDueAt, JfOverdue, JfProcedure, JfProvider, JfRevision, JfState, JfStatePaths, JfWaitingOn } from '../workflows/searchAttributes.ts';

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
  /** Who handles the case per role (a claimed or assigned task); absent: the role as a whole. */
  assignees?: Partial<Record<string, string>>;
}

/** JfAssignees ('contractmanager:anna') → { contractmanager: 'anna' }. */
export function assigneesFrom(entries: readonly string[] | undefined): Partial<Record<string, string>> | undefined {
  if (!entries?.length) return undefined;
  const out: Partial<Record<string, string>> = {};
  for (const e of entries) {
    const at = e.indexOf(':');
    if (at > 0) out[e.slice(0, at)] = e.slice(at + 1);
  }
  return out;
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
  const assignees = assigneesFrom(sa.get(JfAssignees));
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
    ...(assignees ? { assignees } : {}),
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

/**
 * `a.localeCompare(b)` and `a.localeCompare(b, 'nl', { numeric: true })`, with the collator built once:
 * localeCompare builds (or looks up) one per call, which dominated sorting 100,000 cases (bench: readmodel).
 */
const defaultCollator = new Intl.Collator();
/** `a.localeCompare(b)`, without building a collator per call. */
export const compareText = (a: string, b: string): number => (a === b ? 0 : defaultCollator.compare(a, b));
const dutchNumericCollator = new Intl.Collator('nl', { numeric: true });

/** Overdue first, then the soonest deadline, then by case number. */
export function byUrgency(a: CaseSummary, b: CaseSummary): number {
  return Number(b.overdue) - Number(a.overdue) || compareDue(a.nextDueAt, b.nextDueAt) || defaultCollator.compare(a.caseId, b.caseId);
}

/** Two due dates (ISO 8601 UTC, as the search attribute gives them; none: last), as localeCompare ordered them. */
function compareDue(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  return defaultCollator.compare(a ?? '9999', b ?? '9999');
}

/** A provider code as a name when no table or directory names it: `zorg-oost` → `Zorg Oost`. */
export function providerNameFromCode(code: string): string {
  return code
    .split(/[-_.]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

/** Search in a list: part of the case number, or of the provider's code or name (case-insensitive). */
export function matchesSearch(c: Pick<CaseSummary, 'caseId' | 'provider'>, q: string, providerName: (code: string) => string): boolean {
  const needle = q.trim().toLocaleLowerCase('nl');
  if (!needle) return true;
  return [c.caseId, c.provider, providerName(c.provider)].some((s) => s.toLocaleLowerCase('nl').includes(needle));
}

export type SortKey = 'caseId' | 'procedure' | 'provider' | 'state' | 'waitingOn' | 'nextDueAt';

/**
 * Sorts by one column (ties: urgency); without a key, by urgency. `label` gives the text a column shows (a
 * state's Dutch label). `urgencyOrdered`: the cases already come in urgency order (the read model's lists).
 */
export function sortCases<T extends CaseSummary>(
  cases: T[],
  key: SortKey | undefined,
  order: 'asc' | 'desc' = 'asc',
  label: (c: T, key: SortKey) => string = (c, k) => String(c[k as keyof CaseSummary] ?? ''),
  opts: { urgencyOrdered?: boolean } = {},
): T[] {
  if (!key) return order === 'desc' ? [...cases].sort(byUrgency).reverse() : [...cases].sort(byUrgency);
  const sign = order === 'desc' ? -1 : 1;
  const value = (c: T) => (key === 'nextDueAt' ? (c.nextDueAt ?? '9999') : key === 'waitingOn' ? c.waitingOn.join(',') : label(c, key));
  // Each row's text once (a label may look up a name), and each distinct text ranked once: rows then
  // compare as numbers, ties by their place in urgency order.
  const rows = opts.urgencyOrdered ? cases : [...cases].sort(byUrgency);
  const texts = rows.map(value);
  const distinct = [...new Set(texts)].sort(dutchNumericCollator.compare);
  const rankOf = new Map<string, number>();
  // Texts the collator holds equal share a rank (as they compared 0 before).
  distinct.forEach((t, i) => rankOf.set(t, i > 0 && dutchNumericCollator.compare(distinct[i - 1]!, t) === 0 ? rankOf.get(distinct[i - 1]!)! : i));
  const ranks = Int32Array.from(texts, (t) => rankOf.get(t)!);
  const at = Array.from(rows, (_, i) => i);
  at.sort((a, b) => sign * (ranks[a]! - ranks[b]!) || a - b);
  return at.map((i) => rows[i]!);
}

/** Where `x` is, or would go, in `list` ordered by `compare` (binary search; a total order finds `x` itself). */
export function sortedPosition<T>(list: readonly T[], x: T, compare: (a: T, b: T) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(list[mid]!, x) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
