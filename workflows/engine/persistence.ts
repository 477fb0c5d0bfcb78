// Persistence: the case as plain JSON (what continue-as-new carries and the dry runs copy), its size,
// and the size budget every step must stay under.
import type { ProcedureDefinition } from '../../machines/types.ts';
import { CASE_SIZE_BUDGET, utf8Length } from './limits.ts';
import type { CaseDeadline, CaseRuntime, HistoryEntry, PersistedCase } from './types.ts';
import { refuse } from './validation.ts';

export function persist(rt: CaseRuntime): PersistedCase {
  const { definition: _d, snapshot, measured: _m, ...rest } = rt;
  return { ...rest, value: snapshot.value, context: snapshot.context };
}

export function restore(definition: ProcedureDefinition, p: PersistedCase): CaseRuntime {
  const { value, context, ...rest } = p;
  const snapshot = definition.machine.resolveState({ value: value as never, context: context as never });
  // Named fields first: V8 builds a literal that starts with a spread and then adds fields on a slow
  // path, and the case would keep that slow shape through every copy of every later step.
  return { definition, snapshot, ...rest };
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

/** Each history entry's JSON length in UTF-8 bytes, measured once (entries never change once recorded). */
const entryBytes = new WeakMap<HistoryEntry, number>();

/** The size in bytes of the case as it is stored and carried through continue-as-new (UTF-8 JSON of `persist(rt)`), each history entry measured once. */
export function persistedSize(rt: CaseRuntime): number {
  const { history, ...rest } = persist(rt);
  let size = utf8Length(JSON.stringify(rest)) + '"history":[],'.length;
  if (history.length > 0) size += history.length - 1; // the commas between entries
  for (const entry of history) {
    let bytes = entryBytes.get(entry);
    if (bytes === undefined) {
      bytes = utf8Length(JSON.stringify(entry));
      entryBytes.set(entry, bytes);
    }
    size += bytes;
  }
  return size;
}

/** What JSON.stringify writes escaped: quotes, backslashes, control characters and (lone) surrogates. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
/**
 * The JSON length of a string as JSON.stringify writes it: quotes, backslashes and \b \f \n \r \t take
 * two characters, other control characters and lone surrogates six (\u00XX, \uD8XX), a surrogate pair
 * stays as it is. A string up to 256 characters is counted in one loop (no copy made); a longer one is
 * searched by the pattern and, when it has such a character, serialised.
 */
function stringChars(s: string): number {
  if (s.length > 256) return NEEDS_ESCAPE.test(s) ? JSON.stringify(s).length : s.length + 2;
  let n = s.length + 2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c && (c < 0xd800 || c > 0xdfff)) continue;
    if (c === 0x22 || c === 0x5c || c === 0x08 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d) n += 1;
    else if (c < 0x20) n += 5;
    else if (c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
    else n += 5;
  }
  return n;
}

/** The JSON length of a number: NaN and ±Infinity are written as null; a small whole number is counted by its digits (no string made). */
function numberChars(value: number): number {
  if (!Number.isFinite(value)) return 4;
  if (value >= 0 && value < 1e9 && Number.isInteger(value)) {
    let digits = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
    return digits;
  }
  return String(value).length;
}

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

/**
 * The JSON length (UTF-16 units) of `value` as `JSON.stringify` writes it, or -1 where it leaves the
 * value out (`undefined`, a function, a symbol in an object). Walking the value costs less than
 * serialising it. `freeze`: every object walked is frozen (a part of a snapshot, measured once: see
 * `contextFields`).
 */
function jsonChars(value: unknown, inArray: boolean, freeze: boolean): number {
  switch (typeof value) {
    case 'string':
      return stringChars(value);
    case 'number':
      return numberChars(value);
    case 'boolean':
      return value ? 4 : 5;
    case 'undefined':
    case 'function':
    case 'symbol':
      return inArray ? 4 : -1; // "null" in an array; left out of an object
    case 'object': {
      if (value === null) return 4;
      // Dates and other values with their own JSON, typed arrays: measured as written, not frozen.
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function' || ArrayBuffer.isView(value)) return JSON.stringify(value)?.length ?? 4;
      let size = 2;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) size += jsonChars(value[i], true, freeze) + 1;
        if (value.length > 0) size -= 1;
      } else {
        let members = 0;
        for (const key of Object.keys(value)) {
          const n = jsonChars((value as Record<string, unknown>)[key], false, freeze);
          if (n < 0) continue;
          size += keyLength(key) + n;
          members++;
        }
        if (members > 1) size += members - 1;
      }
      if (freeze) Object.freeze(value);
      return size;
    }
    default:
      return JSON.stringify(value).length; // bigint throws, as JSON.stringify does
  }
}

/**
 * An object measured field by field: its field names in order, each field's JSON length (-1: left
 * out), the sum of `"name":value` over the fields written, and how many are written.
 */
interface MeasuredFields {
  keys: readonly string[];
  /** Each field's value as it was measured (a case's own fields change in place between steps). */
  values: readonly unknown[];
  /** Each field's `"name":value` length; -1 for a field left out. */
  parts: readonly number[];
  sum: number;
  members: number;
}

/**
 * Measures the fields of `object` against those of the object before it (`before`): a field holding
 * the value measured before keeps its length when `keep` says it cannot have changed (a frozen part,
 * a string); a list that only grew measures only its new elements (`grown`); any other field is
 * measured by `measure`. A step's copy keeps the fields of the object before it in their order, so a
 * step measures only what it changed. Fields in `skip` are not counted.
 */
function measureFields(
  object: object,
  before: MeasuredFields | undefined,
  measure: (value: unknown) => number,
  keep: (value: unknown) => boolean,
  grown: boolean,
  skip?: (key: string) => boolean,
): MeasuredFields {
  const keys = Object.keys(object);
  const values: unknown[] = [];
  const parts: number[] = [];
  let sum = 0;
  let members = 0;
  const same = before !== undefined && before.keys.length === keys.length;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const value = skip !== undefined && skip(key) ? undefined : (object as Record<string, unknown>)[key];
    values.push(value);
    let part = -1;
    if (value !== undefined) {
      const at = before === undefined ? -1 : same && before.keys[i] === key ? i : before.keys.indexOf(key);
      const was = at >= 0 ? before!.values[at] : undefined;
      if (at >= 0 && was === value && keep(value)) part = before!.parts[at]!;
      else {
        let n: number | undefined;
        if (grown && at >= 0 && Array.isArray(value) && Array.isArray(was)) {
          const old = before!.parts[at]! - keyLength(key);
          if (old >= 0) n = appendedChars(value, was, old);
        }
        n ??= measure(value);
        if (n >= 0) part = keyLength(key) + n;
      }
    }
    parts.push(part);
    if (part < 0) continue;
    sum += part;
    members++;
  }
  return { keys, values, parts, sum, members };
}

/** The JSON length of an object measured field by field. */
function fieldsChars(m: MeasuredFields): number {
  return 2 + m.sum + (m.members > 1 ? m.members - 1 : 0);
}

/** The JSON length of `list` when it is `was` (measured: `wasChars`, frozen) with elements appended: only those are walked. */
function appendedChars(list: readonly unknown[], was: readonly unknown[], wasChars: number): number | undefined {
  if (list.length < was.length || !Object.isFrozen(was)) return undefined;
  for (let i = 0; i < was.length; i++) if (list[i] !== was[i]) return undefined;
  let chars = wasChars;
  for (let i = was.length; i < list.length; i++) chars += jsonChars(list[i], true, true) + (i > 0 ? 1 : 0);
  Object.freeze(list);
  return chars;
}

/**
 * What was measured of a case, kept on the case (`rt.measured`): its own fields, its context's fields
 * (a plain-object context), and its history through the last entry (`entries` of them, `historyChars`
 * long). The next step measures against it. One record per case, on the case: a WeakMap keyed by the
 * case (or its context, or an entry) costs V8 more per step than the rest of the size check, since the
 * scavenger keeps its values alive. A copy of the case carries the record of the case it copied, which
 * is as good a `before` as any: every length in it is checked against the value it was measured from.
 */
interface CaseMeasure {
  own: MeasuredFields;
  context: MeasuredFields | undefined;
  entries: number;
  lastEntry: HistoryEntry | undefined;
  historyChars: number;
}

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;
const measureFrozen = (value: unknown) => jsonChars(value, false, true);
const always = () => true;
const isPlainContext = (context: unknown): context is object =>
  isObject(context) && !Array.isArray(context) && typeof (context as { toJSON?: unknown }).toJSON !== 'function' && !ArrayBuffer.isView(context);

/**
 * The fields of a machine's context, measured. xstate snapshots are immutable: a step makes a new
 * context that shares every field it did not change, and a list it appends to keeps its old elements.
 * So a context is measured against the one before it (`before`, measured): a field it shares keeps its
 * length, a list that only grew measures only its new elements, and any other field the step replaced
 * is walked whole (so a step costs what its changed fields hold, not the whole context). Every part
 * measured is frozen, so a machine that changed a recorded part in place fails loudly (TypeError)
 * instead of growing the case unseen. The context object itself is not frozen: the next step copies it
 * (a spread of a frozen object takes V8's slow path), and its fields are compared with the values
 * measured anyway.
 */
function contextFields(context: object, before: MeasuredFields | undefined): MeasuredFields {
  return measureFields(context, before, measureFrozen, always, true);
}

/**
 * The JSON length of the entries of a history, commas between them included. A history only grows at
 * its end and an entry keeps its place, so when the entry last measured (`before`) is still in its
 * place, a step measures only the entries after it (not the whole dossier again).
 */
function historyChars(history: readonly HistoryEntry[], before: CaseMeasure | undefined): number {
  let from = 0;
  let chars = 0;
  if (before !== undefined && before.entries > 0 && before.entries <= history.length && history[before.entries - 1] === before.lastEntry) {
    from = before.entries;
    chars = before.historyChars;
  }
  for (let i = from; i < history.length; i++) chars += jsonChars(history[i], false, false) + (i > 0 ? 1 : 0);
  return chars;
}

/** The fields of the case that are not stored as they are (its definition and what was measured of it are not stored; its snapshot and history are measured apart). */
const notStoredAsIs = (key: string) => key === 'definition' || key === 'snapshot' || key === 'history' || key === 'measured';
const measureAsIs = (value: unknown) => jsonChars(value, false, false);
/** A field of the case that cannot have changed in place: a string, a number, a frozen object. Deadlines change in place. */
const unchangeable = (value: unknown) => !isObject(value) || Object.isFrozen(value);

/**
 * The length in UTF-16 units of the case as stored (`JSON.stringify(persist(rt)).length`), cheaply:
 * measured against what was measured of `previous` (the case the step started from) or else of `rt`
 * itself, so a step measures what it changed: the history entries it added, the context fields it
 * replaced, the case's own fields that changed.
 */
export function persistedLength(rt: CaseRuntime, previous?: CaseRuntime): number {
  const before = (previous?.measured ?? rt.measured) as CaseMeasure | undefined;
  // Measured every time (a case's deadlines change in place), against what was measured before.
  const own = measureFields(rt, before?.own, measureAsIs, unchangeable, false, notStoredAsIs);
  const history = historyChars(rt.history, before);
  const snapshotContext: unknown = rt.snapshot.context;
  const context = isPlainContext(snapshotContext) ? contextFields(snapshotContext, before?.context) : undefined;
  const measured: CaseMeasure = { own, context, entries: rt.history.length, lastEntry: rt.history[rt.history.length - 1], historyChars: history };
  rt.measured = measured;
  let sum = own.sum + keyLength('history') + 2 + history;
  let members = own.members + 1;
  const value = jsonChars(rt.snapshot.value, false, false);
  if (value >= 0) {
    sum += keyLength('value') + value;
    members++;
  }
  const contextLength = context ? fieldsChars(context) : jsonChars(snapshotContext, false, true);
  if (contextLength >= 0) {
    sum += keyLength('context') + contextLength;
    members++;
  }
  return 2 + sum + members - 1;
}

/** The case's stored size is at most `limit` bytes (exact near the limit, cheap far under it). */
export function fitsIn(rt: CaseRuntime, limit: number, previous?: CaseRuntime): boolean {
  // A UTF-16 unit is at most 3 bytes of UTF-8.
  return 3 * persistedLength(rt, previous) <= limit || persistedSize(rt) <= limit;
}

/** Refuses a step whose result (`next`) would grow the stored case over `limit` bytes. */
export function checkSize(rt: CaseRuntime, next: CaseRuntime, limit: number, what: () => string, allowed?: () => string[]): void {
  if (fitsIn(next, limit, rt)) return;
  const size = persistedSize(next);
  refuse(rt, {
    code: 'CASE_TOO_LARGE',
    message: `${what()} would make case ${rt.caseId} ${Math.ceil(size / 1000)} kB, over its ${limit / 1000} kB; shorten the texts, or let a supervisor cancel the case and start a new one`,
    ...(allowed ? { allowedEvents: allowed() } : {}),
    rule: `a case stays readable: at most ${CASE_SIZE_BUDGET / 1000} kB stored per case (Temporal carries at most 2 MB); a supervisor's cancel always fits`,
  });
}

