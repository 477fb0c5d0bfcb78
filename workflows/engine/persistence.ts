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

/** Each history entry's JSON length in UTF-16 units and in UTF-8 bytes, measured once (entries never change once recorded). */
const entryChars = new WeakMap<HistoryEntry, number>();
const entryBytes = new WeakMap<HistoryEntry, number>();
function measured(cache: WeakMap<HistoryEntry, number>, entry: HistoryEntry, measure: (json: string) => number): number {
  let size = cache.get(entry);
  if (size === undefined) {
    size = measure(JSON.stringify(entry));
    cache.set(entry, size);
  }
  return size;
}

/** The JSON of `persist(rt)` measured by `measure`, each history entry once. */
function sizeOf(rt: CaseRuntime, cache: WeakMap<HistoryEntry, number>, measure: (json: string) => number): number {
  const { history, ...rest } = persist(rt);
  let size = measure(JSON.stringify(rest)) + '"history":[],'.length;
  if (history.length > 0) size += history.length - 1; // the commas between entries
  for (const entry of history) size += measured(cache, entry, measure);
  return size;
}

/** The size in bytes of the case as it is stored and carried through continue-as-new (UTF-8 JSON of `persist(rt)`). */
export function persistedSize(rt: CaseRuntime): number {
  return sizeOf(rt, entryBytes, utf8Length);
}

/** At most the stored size: a UTF-16 unit is at most 3 bytes of UTF-8. Cheaper (no byte count) for the common case far under the budget. */
function persistedSizeBound(rt: CaseRuntime): number {
  return 3 * sizeOf(rt, entryChars, (json) => json.length);
}

/** Refuses a step whose result (`next`) would grow the stored case over `limit` bytes. */
export function checkSize(rt: CaseRuntime, next: CaseRuntime, limit: number, what: string, allowed?: string[]): void {
  if (persistedSizeBound(next) <= limit) return;
  const size = persistedSize(next);
  if (size <= limit) return;
  refuse(rt, {
    code: 'CASE_TOO_LARGE',
    message: `${what} would make case ${rt.caseId} ${Math.ceil(size / 1000)} kB, over its ${limit / 1000} kB; shorten the texts, or let a supervisor cancel the case and start a new one`,
    ...(allowed ? { allowedEvents: allowed } : {}),
    rule: `a case stays readable: at most ${CASE_SIZE_BUDGET / 1000} kB stored per case (Temporal carries at most 2 MB); a supervisor's cancel always fits`,
  });
}

