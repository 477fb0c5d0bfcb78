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


/** A deadline a step may change in place: its fields, the reminders done and the extensions (their entries are never changed). */
function copyDeadline(d: CaseDeadline): CaseDeadline {
  return { ...d, remindersDone: d.remindersDone.slice(), extensions: d.extensions.slice() };
}

/**
 * A copy of the case that a step may change without touching the original (a dry run, a step that may
 * throw). A step replaces the snapshot (xstate's snapshots are immutable) and top-level fields, appends
 * to the history (its entries are never changed once recorded) and changes deadlines in place; so the
 * history array and the deadlines (with the arrays a step appends to) are copied, the rest is shared.
 * Copying through JSON, as before, cost most of a step's CPU.
 */
export function copyRuntime(rt: CaseRuntime): CaseRuntime {
  return { ...rt, history: rt.history.slice(), deadlines: rt.deadlines.map(copyDeadline) };
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

/**
 * The JSON length (UTF-16 units) of a value of the machine's snapshot (its state value and context), as
 * `JSON.stringify` writes it. xstate snapshots are immutable: a step makes a new context that shares
 * every part it did not change. So each object is measured once, then frozen and its length kept: a
 * step measures only what it made, and a machine that changed a recorded part in place would fail
 * loudly (TypeError) instead of growing the case unseen.
 */
const snapshotChars = new WeakMap<object, number>();
/** What JSON.stringify writes escaped: quotes, backslashes, control characters and (lone) surrogates. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
/** The JSON length of a field name, `"name":` included; field names repeat from step to step. */
const keyChars = new Map<string, number>();
function keyLength(key: string): number {
  let n = keyChars.get(key);
  if (n === undefined) {
    n = JSON.stringify(key).length + 1;
    if (keyChars.size < 10_000) keyChars.set(key, n);
  }
  return n;
}
function jsonChars(value: unknown, inArray: boolean, root = false): number {
  switch (typeof value) {
    case 'string':
      return NEEDS_ESCAPE.test(value) ? JSON.stringify(value).length : value.length + 2;
    case 'number':
      return Number.isFinite(value) ? String(value).length : 4; // NaN and ±Infinity are written as null
    case 'boolean':
      return value ? 4 : 5;
    case 'undefined':
    case 'function':
    case 'symbol':
      return inArray ? 4 : -1; // "null" in an array; left out of an object
    case 'object': {
      if (value === null) return 4;
      const cached = root ? undefined : snapshotChars.get(value);
      if (cached !== undefined) return cached;
      // Dates and other values with their own JSON, typed arrays: measured as written, not frozen.
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function' || ArrayBuffer.isView(value)) return JSON.stringify(value)?.length ?? 4;
      let size = 2;
      if (Array.isArray(value)) {
        for (const element of value) size += jsonChars(element, true) + 1;
        if (value.length > 0) size -= 1;
      } else {
        let members = 0;
        for (const key of Object.keys(value)) {
          const n = jsonChars((value as Record<string, unknown>)[key], false);
          if (n < 0) continue;
          size += keyLength(key) + n;
          members++;
        }
        if (members > 1) size += members - 1;
      }
      // The context and state value themselves are new at every step (xstate replaces them): what they hold is kept.
      if (!root) snapshotChars.set(Object.freeze(value), size);
      return size;
    }
    default:
      return JSON.stringify(value).length; // bigint throws, as JSON.stringify does
  }
}

/**
 * The JSON length of the entries of a history, commas between them included, up to and including
 * each entry as it was measured: a history only grows at its end and an entry keeps its place, so a
 * step measures only the entries it added (not the whole dossier again).
 */
const charsThrough = new WeakMap<HistoryEntry, { index: number; chars: number }>();
function historyChars(history: readonly HistoryEntry[]): number {
  let from = history.length;
  let chars = 0;
  while (from > 0) {
    const known = charsThrough.get(history[from - 1]!);
    if (known && known.index === from - 1) {
      chars = known.chars;
      break;
    }
    from--;
  }
  for (let i = from; i < history.length; i++) {
    const entry = history[i]!;
    chars += measured(entryChars, entry, (json) => json.length) + (i > 0 ? 1 : 0);
    charsThrough.set(entry, { index: i, chars });
  }
  return chars;
}

/**
 * The length in UTF-16 units of the case as stored (`JSON.stringify(persist(rt)).length`), cheaply: the
 * history entries are measured once each and the snapshot's parts once each (`jsonChars`); only the
 * case's own small fields (deadlines, assignees, …) are serialised per call.
 */
export function persistedLength(rt: CaseRuntime): number {
  const { definition: _d, snapshot, history, ...rest } = rt;
  let chars = JSON.stringify(rest).length + ',"history":[]'.length + historyChars(history);
  for (const [key, part] of [['value', snapshot.value], ['context', snapshot.context]] as const) {
    const n = jsonChars(part, false, true);
    if (n >= 0) chars += key.length + 4 + n; // ,"key":
  }
  return chars;
}

/** The case's stored size is at most `limit` bytes (exact near the limit, cheap far under it). */
export function fitsIn(rt: CaseRuntime, limit: number): boolean {
  // A UTF-16 unit is at most 3 bytes of UTF-8.
  return 3 * persistedLength(rt) <= limit || persistedSize(rt) <= limit;
}

/** Refuses a step whose result (`next`) would grow the stored case over `limit` bytes. */
export function checkSize(rt: CaseRuntime, next: CaseRuntime, limit: number, what: string, allowed?: string[]): void {
  if (fitsIn(next, limit)) return;
  const size = persistedSize(next);
  refuse(rt, {
    code: 'CASE_TOO_LARGE',
    message: `${what} would make case ${rt.caseId} ${Math.ceil(size / 1000)} kB, over its ${limit / 1000} kB; shorten the texts, or let a supervisor cancel the case and start a new one`,
    ...(allowed ? { allowedEvents: allowed } : {}),
    rule: `a case stays readable: at most ${CASE_SIZE_BUDGET / 1000} kB stored per case (Temporal carries at most 2 MB); a supervisor's cancel always fits`,
  });
}

