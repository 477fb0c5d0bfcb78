// The law is immutable, and a worker shares it between cases. The worker evaluates the machines, their
// schemas and the engine once (`preloadModules`, worker/bundle.ts) instead of once per cached case, and
// the SDK deep-freezes what it shares so that no case can change it for another. Deep-freezing a zod
// schema breaks it: zod keeps caches inside the schema (lazily computed properties under `_zod`, the
// `lastIndex` of a pattern it tests). So the law freezes itself first: every object and function of a
// definition, deeply, and a zod schema only shallowly (its own fields stay put; zod's internals stay
// writable for zod's caches, which hold nothing of any case). The SDK's freeze stops at an object that
// is already frozen, so it never reaches inside a schema.
// The law's `assign` actions also merge a step's context with a spread (`resolveAssign` below), and the law
// builds its records with `stamped` instead of a spread followed by new fields.
// Pure: imports nothing.

/** What `{ ...record, ...fields }` gives, by type: the record's fields, those of `fields` winning (per union member). */
export type Stamped<T, U> = T extends unknown ? Omit<T, keyof U> & U : never;

/**
 * A record with some fields added or replaced: the same object as `{ ...record, ...fields }` (the own
 * enumerable fields of both, in that order, later ones winning), without V8's slow path. Node 20's V8
 * builds an object literal that starts with a spread and then adds fields the spread object does not
 * have (`{ ...event.payload, at: event.at, by: event.actor }`) on a slow path, about 1 µs instead of
 * 0.02–0.09 µs, and the object stays slow to read, walk and serialise (the size check, the JSON of every
 * answer); `Object.assign` onto a fresh object does not. Past about 20 fields V8 keeps an `Object.assign`
 * copy as a hash table (a measure record has 23), so when `fields` only replaces fields the record
 * already has, the copy is a spread (V8's fast clone, which stays a fast object at any size). For
 * records, then: a payload and a few fields, or a record with some of its fields replaced; not for a
 * whole context (`resolveAssign` merges those with a spread). Lint refuses the slow literal in machines/.
 */
export function stamped<T extends object, U extends object>(record: T, fields: U): Stamped<T, U>;
export function stamped(record: object, fields: object): object {
  return onlyReplaces(record, fields) ? { ...record, ...fields } : Object.assign({}, record, fields);
}

/** Whether every field of `fields` is already an own field of `record`. */
function onlyReplaces(record: object, fields: object): boolean {
  for (const key in fields) if (!Object.prototype.hasOwnProperty.call(record, key)) return false;
  return true;
}

function isZodSchema(value: object): boolean {
  return '_zod' in value;
}

/**
 * zod builds a schema's methods (`parse`, `optional`, …) on first read and stores them on the schema;
 * a frozen schema could not. Reads every member its prototypes define, so freezing it leaves it whole.
 */
function materializeMembers(schema: object): void {
  for (let proto = Object.getPrototypeOf(schema); proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const key of Reflect.ownKeys(proto)) {
      if (key === 'constructor' || Object.prototype.hasOwnProperty.call(schema, key)) continue;
      if (Object.getOwnPropertyDescriptor(proto, key)?.get) read(schema, key);
    }
  }
}

/** A property as the SDK's freeze reads it (getters included). */
function read(target: object, key: string | symbol): unknown {
  return (target as Record<string | symbol, unknown>)[key];
}

interface AssignAction {
  type: string;
  assignment: ((args: object, params: unknown) => object) | Record<string, unknown>;
  resolve: (...args: never[]) => unknown;
}

function isAssign(value: object): value is AssignAction {
  const action = value as Partial<AssignAction>;
  return action.type === 'xstate.assign' && typeof action.resolve === 'function' && action.assignment !== undefined;
}

/**
 * xstate's assign merges a step's update into the context with `Object.assign({}, context, update)`. V8
 * keeps such an object, once it has more than about a dozen fields, as a hash table ("dictionary
 * mode"), and so does every later merge of it; each later read of the whole context (the next assign,
 * the JSON of the update's answer, the size check) then enumerates and sorts it: most of a step's CPU
 * for the larger contexts. The law's assigns merge with a spread, which keeps the context a plain fast
 * object; otherwise they do what xstate's do: the same arguments to the assignment (an object of
 * assigners, or one function), the same snapshot with the new context (unchanged parts shared). The
 * law spawns no actors, so `spawn` refuses. test/machines/sharedLaw.test.ts compares it with xstate's.
 */
export function resolveAssign(
  actorScope: { self: unknown; system: unknown },
  snapshot: { context?: Record<string, unknown> },
  actionArgs: { event: unknown },
  actionParams: unknown,
  { assignment }: AssignAction,
): [object, undefined, undefined] {
  if (!snapshot.context) throw new Error('Cannot assign to undefined `context`. Ensure that `context` is defined in the machine config.');
  const args = { context: snapshot.context, event: actionArgs.event, spawn: noSpawn, self: actorScope.self, system: actorScope.system };
  let update: object;
  if (typeof assignment === 'function') update = assignment(args, actionParams);
  else {
    const fields: Record<string, unknown> = {};
    for (const key of Object.keys(assignment)) {
      const assigner = assignment[key];
      fields[key] = typeof assigner === 'function' ? (assigner as (a: object, p: unknown) => unknown)(args, actionParams) : assigner;
    }
    update = fields;
  }
  // The context copied by spread (V8's fast clone), then the update written into the copy: a second
  // spread in the same literal is a slower runtime copy, and an update mostly replaces fields it has.
  const context = Object.assign({ ...snapshot.context }, update);
  // eslint-disable-next-line no-restricted-syntax -- `context` replaces a field every snapshot has (V8's fast path), and a snapshot has too many fields for an Object.assign copy to stay a fast object
  return [{ ...snapshot, context }, undefined, undefined];
}

const noSpawn = (): never => {
  throw new Error('the law spawns no actors');
};

/**
 * Freezes `value` and everything it holds, except the insides of zod schemas (frozen only on the
 * outside); an assign action met on the way merges with a spread from then on (`resolveAssign`).
 */
export function freezeLaw<T>(value: T, seen: WeakSet<object> = new WeakSet()): T {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value;
  const target = value as object;
  if (seen.has(target) || Object.isFrozen(target)) return value;
  seen.add(target);
  if (typeof target === 'function') {
    if (isAssign(target)) target.resolve = resolveAssign as AssignAction['resolve'];
  } else if (isZodSchema(target)) materializeMembers(target);
  else for (const key of Reflect.ownKeys(target)) freezeLaw(read(target, key), seen);
  return Object.freeze(value);
}

/**
 * What the SDK's freeze would break if `value` were shared as it is: it walks own properties as far as
 * the first frozen object and freezes everything it meets. A zod schema it meets (not frozen by
 * `freezeLaw`) or a RegExp it meets (zod resets a pattern's `lastIndex` before every test) would throw
 * on its next use. Paths like `events.x.schema`.
 */
export function sharingHazards(value: unknown, path = '', seen: WeakSet<object> = new WeakSet()): string[] {
  if (value === null || typeof value !== 'object') return [];
  if (seen.has(value) || Object.isFrozen(value)) return [];
  seen.add(value);
  if (value instanceof RegExp) return [`${path || '(root)'} (a pattern)`];
  if (isZodSchema(value)) return [`${path || '(root)'} (a schema)`];
  return Reflect.ownKeys(value).flatMap((key) => sharingHazards(read(value, key), `${path}${path ? '.' : ''}${String(key)}`, seen));
}
