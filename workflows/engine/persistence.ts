// Persistence: the case as plain JSON (what continue-as-new carries and the dry runs copy), its size,
// and the size budget every step must stay under.
import type { ProcedureDefinition } from '../../machines/types.ts';
import { CASE_SIZE_BUDGET, utf8Length } from './limits.ts';
import type { CaseDeadline, CaseRuntime, HistoryEntry, PersistedCase } from './types.ts';
import { refuse } from './validation.ts';

export function persist(rt: CaseRuntime): PersistedCase {
  const { definition: _d, snapshot, ...rest } = rt;
  return { ...rest, value: snapshot.value, context: snapshot.context };
}

export function restore(definition: ProcedureDefinition, p: PersistedCase): CaseRuntime {
  const { value, context, ...rest } = p;
  const snapshot = definition.machine.resolveState({ value: value as never, context: context as never });
  return { ...rest, definition, snapshot };
}


/**
 * A copy of the case that a step may change without touching the original (a dry run, a step that may
 * throw). A step replaces the snapshot (xstate's snapshots are immutable) and top-level fields, appends
 * to the history (its entries are never changed once recorded) and changes deadlines in place; so the
 * history array and the deadlines are copied, the rest is shared. Copying through JSON, as before,
 * cost most of a step's CPU.
 */
export function copyRuntime(rt: CaseRuntime): CaseRuntime {
  return { ...rt, history: rt.history.slice(), deadlines: JSON.parse(JSON.stringify(rt.deadlines)) as CaseDeadline[] };
}

/** The UTF-8 size of each history entry in JSON, once per entry (entries never change once recorded). */
const entrySizes = new WeakMap<HistoryEntry, number>();
function entrySize(entry: HistoryEntry): number {
  let size = entrySizes.get(entry);
  if (size === undefined) {
    size = utf8Length(JSON.stringify(entry));
    entrySizes.set(entry, size);
  }
  return size;
}

/**
 * The size in bytes of the case as it is stored and carried through continue-as-new: the JSON of
 * `persist(rt)`, with each history entry measured once instead of at every step.
 */
export function persistedSize(rt: CaseRuntime): number {
  const { history, ...rest } = persist(rt);
  const withoutHistory = utf8Length(JSON.stringify(rest));
  if (history.length === 0) return withoutHistory + '"history":[],'.length;
  let entries = history.length - 1; // the commas between entries
  for (const entry of history) entries += entrySize(entry);
  return withoutHistory + '"history":[],'.length + entries;
}

/** Refuses a step whose result (`next`) would grow the stored case over `limit` bytes. */
export function checkSize(rt: CaseRuntime, next: CaseRuntime, limit: number, what: string, allowed?: string[]): void {
  const size = persistedSize(next);
  if (size <= limit) return;
  refuse(rt, {
    code: 'CASE_TOO_LARGE',
    message: `${what} would make case ${rt.caseId} ${Math.ceil(size / 1000)} kB, over its ${limit / 1000} kB; shorten the texts, or let a supervisor cancel the case and start a new one`,
    ...(allowed ? { allowedEvents: allowed } : {}),
    rule: `a case stays readable: at most ${CASE_SIZE_BUDGET / 1000} kB stored per case (Temporal carries at most 2 MB); a supervisor's cancel always fits`,
  });
}

