// Generated machine tests shared by the procedure test files: called inside a `describe`, each helper
// registers the standard `it(...)` cases, computed from a procedure definition, its sample events and
// an exploration of its machine (machines/testing.ts). The files keep the cases that are their own.
import { expect, it } from 'vitest';
import { transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { z } from 'zod';
import {
  activeStateNodes,
  allStateNodes,
  contextPath,
  explainRefusal,
  findAcceptedWithoutTransition,
  findDefinitionGaps,
  findGuardsNotSeenBothWays,
  findUnhandledDeadlines,
  findUnreachedStateNodes,
  handledEventTypes,
  metaOf,
  stateOf,
  withGuardRecorder,
  type EventSamples,
  type Exploration,
  type TermExplorations,
} from '../../machines/testing.ts';
import { ROLES, type ProcedureDefinition, type Role, type StateMeta } from '../../machines/types.ts';
import { ProcedureError } from '../../workflows/errors.ts';
import { persist, restore, startCase, stepEvent, type CaseRuntime, type SendEventInput } from '../../workflows/engine.ts';

// ---------------------------------------------------------------------------------------------
// Schemas

/** Zod 4 internals, read only to walk a schema's fields. */
interface ZodDefLike {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: z.ZodType[];
  innerType?: z.ZodType;
}
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: ZodDefLike } })._zod.def;

/** Field paths of object schemas (nested through arrays, unions and wrappers) that carry no description. */
export function undescribedFields(schema: z.ZodType, path = ''): string[] {
  const def = defOf(schema);
  if (def.type === 'object') {
    return Object.entries(def.shape ?? {}).flatMap(([key, field]) => [
      ...(field.description ? [] : [`${path}${key}`]),
      ...undescribedFields(field, `${path}${key}.`),
    ]);
  }
  if (def.type === 'array' && def.element) return undescribedFields(def.element, `${path}[].`);
  if (def.type === 'union' && def.options) return def.options.flatMap((o) => undescribedFields(o, path));
  if (def.innerType) return undescribedFields(def.innerType, path);
  return [];
}

/** Every field name of an object schema, nested ones included. */
export function fieldNames(schema: z.ZodType): string[] {
  const def = defOf(schema);
  if (def.type === 'object') return Object.entries(def.shape ?? {}).flatMap(([k, f]) => [k, ...fieldNames(f)]);
  if (def.type === 'array' && def.element) return fieldNames(def.element);
  if (def.innerType) return fieldNames(def.innerType);
  return [];
}

/** Field names that would hold personal data of the youth. */
export const PERSONAL_DATA = /naam|name|bsn|geboorte|birth|adres|address|telefoon|phone|email/i;

// ---------------------------------------------------------------------------------------------
// Coverage from sample events (the 002 §4.3 and §4.4 procedures)

export interface CoverageOptions {
  definition: ProcedureDefinition;
  /** The explorations of the machine, one per start route. */
  explorations: readonly Exploration[];
  /** Explores another machine (the guard recorder) in the same way. */
  explore: (machine: AnyStateMachine) => unknown;
  samples: EventSamples;
  /** One broken payload per event type, with what is wrong with it. */
  broken: Record<string, [string, unknown]>;
  /** Event types whose payload fields are all optional: their empty payload is valid. */
  optionalPayloads?: readonly string[];
  /** Per readable state (see `stateOf`): exactly the event types it has transitions for. */
  eventsPerState: Record<string, readonly string[]>;
  /** Start data: a valid sample, broken ones, and a field of personal data that must be refused. */
  start: { valid: Record<string, unknown>; broken: readonly Record<string, unknown>[]; personalData: Record<string, unknown> };
  /** The seed section every event and guard quotes: its name and the pattern a rule must match. */
  rule: { section: string; pattern: RegExp };
}

/** Registers the generated coverage cases: definition, refusals, guards, schemas, deadlines, labels, personal data. */
export function generatedCoverageTests(o: CoverageOptions): void {
  const { definition } = o;
  const machine = definition.machine;
  const states = o.explorations.flatMap((e) => e.states);
  generatedEngineInputTests({ definition, start: o.start.valid, snapshots: states.map((s) => s.snapshot), events: o.samples });

  it('the definition matches the machine: events, guards, labels, waitingOn and expiry events', () => {
    expect(findDefinitionGaps(definition)).toEqual([]);
  });

  it('every event is refused in every reachable state where it has no transition', () => {
    for (const e of o.explorations) expect(findAcceptedWithoutTransition(e, o.samples)).toEqual([]);
    const types = Object.keys(definition.events);
    for (const { snapshot } of states) {
      const handled = handledEventTypes(snapshot);
      for (const type of types.filter((t) => !handled.has(t))) {
        for (const event of o.samples[type]!) {
          expect(snapshot.can(event), `${type} in ${stateOf(snapshot)}`).toBe(false);
          expect(explainRefusal(machine, snapshot, event).handled).toBe(false);
        }
      }
    }
  });

  it('allows exactly the events of the procedure in each state', () => {
    const seen = new Map<string, string[]>();
    for (const { snapshot } of states) seen.set(stateOf(snapshot), snapshot.status === 'active' ? [...handledEventTypes(snapshot)].sort() : []);
    expect(Object.fromEntries(seen)).toEqual(Object.fromEntries(Object.entries(o.eventsPerState).map(([s, e]) => [s, [...e].sort()])));
  });

  it('every guard is seen both ways', () => {
    const recorded = withGuardRecorder(machine);
    o.explore(recorded.machine);
    expect(findGuardsNotSeenBothWays(recorded.outcomes, Object.keys(definition.guards))).toEqual([]);
  });

  it('every schema accepts its sample and refuses a broken one, an unknown field and an empty payload', () => {
    for (const [type, def] of Object.entries(definition.events)) {
      for (const sample of o.samples[type] ?? []) expect(def.schema.safeParse(sample.payload).success, `${type} sample`).toBe(true);
      const broken = o.broken[type];
      expect(broken, `broken sample for ${type}`).toBeDefined();
      expect(def.schema.safeParse(broken![1]).success, `${type}: ${broken![0]}`).toBe(false);
      const first = o.samples[type]![0]!.payload;
      expect(def.schema.safeParse({ ...first, unexpected: 1 }).success, `${type} is strict`).toBe(false);
      expect(def.schema.safeParse({}).success, `${type} empty`).toBe(o.optionalPayloads?.includes(type) ?? false);
    }
    expect(definition.startSchema.safeParse(o.start.valid).success).toBe(true);
    for (const broken of o.start.broken) expect(definition.startSchema.safeParse(broken).success, JSON.stringify(broken)).toBe(false);
    expect(definition.startSchema.safeParse({ ...o.start.valid, unexpected: 1 }).success).toBe(false);
  });

  it('every deadline expiry is handled where it is declared (once: after it expired the state shows it as overdue)', () => {
    const expiryTypes = new Set(allStateNodes(machine).flatMap((n) => (metaOf(n)?.deadlines ?? []).map((d) => d.onExpiry)));
    const findings = o.explorations
      .flatMap((e) => findUnhandledDeadlines(e))
      .filter((f) => !(expiryTypes.has(f.event) && f.path.includes(f.event)))
      // with several start routes, a state with deadlines may be reached on one of them only
      .filter((f) => !(f.problem === 'state with deadlines never reached' && states.some((s) => activeStateNodes(s.snapshot).some((n) => n.id === f.state))));
    expect(findings).toEqual([]);
  });

  const startsFromContext = allStateNodes(machine).some((n) => metaOf(n)?.deadlines?.some((d) => d.startsFromContext !== undefined));
  it(`every deadline reads its term ${startsFromContext ? 'and start date ' : ''}from the context where it opens`, () => {
    for (const node of allStateNodes(machine)) {
      for (const d of metaOf(node)?.deadlines ?? []) {
        const active = states.filter((s) => activeStateNodes(s.snapshot).includes(node));
        expect(active.length, d.name).toBeGreaterThan(0);
        for (const { snapshot } of active) {
          if (d.nFromContext) expect(contextPath(snapshot.context, d.nFromContext), `${d.name} n`).toEqual(expect.any(Number));
          if (d.startsFromContext) expect(contextPath(snapshot.context, d.startsFromContext), `${d.name} start`).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        }
      }
    }
  });

  it(`every state has a Dutch label and waitingOn; every event a label, roles, a strict described schema and a ${o.rule.section} rule`, () => {
    for (const node of allStateNodes(machine).filter((n) => n !== machine.root)) {
      expect(metaOf(node)?.label, node.id).toMatch(/\S/);
      expect(Array.isArray(metaOf(node)?.waitingOn), node.id).toBe(true);
    }
    for (const [type, def] of Object.entries(definition.events)) {
      expect(def.label, type).toMatch(/\S/);
      expect(def.roles.length, type).toBeGreaterThan(0);
      for (const role of def.roles) expect([...ROLES, 'system'], type).toContain(role);
      expect(def.rule, type).toMatch(o.rule.pattern);
      expect(undescribedFields(def.schema), type).toEqual([]);
    }
    for (const g of Object.values(definition.guards)) expect(g.rule).toMatch(o.rule.pattern);
    expect(undescribedFields(definition.startSchema)).toEqual([]);
  });

  it('no personal data of the youth: no such field in start data or payloads, and the context holds none', () => {
    const names = [definition.startSchema, ...Object.values(definition.events).map((e) => e.schema)].flatMap(fieldNames);
    expect(names.filter((n) => PERSONAL_DATA.test(n))).toEqual([]);
    expect(definition.personalDataSchema).toBeUndefined();
    for (const { snapshot } of states) {
      expect(Object.keys(snapshot.context as object).filter((k) => PERSONAL_DATA.test(k))).toEqual([]);
    }
    expect(definition.startSchema.safeParse({ ...o.start.valid, ...o.start.personalData }).success).toBe(false);
  });
}

// ---------------------------------------------------------------------------------------------
// Tests generated from the definition (the 000/001 §3.2 and 002 §4.2 procedures)

export interface DefinitionTestOptions {
  definition: ProcedureDefinition;
  /** Per event type of the sample table: the payload its schema must refuse. */
  samples: Record<string, { broken: unknown }>;
  /** The valid samples of the table as events, in its order. */
  events: EventSamples;
  /** The explorations over these events (see `exploreWithinAndAfterTerms`). */
  exploration: TermExplorations;
  /** How every event and guard quotes its rule, as a title and a pattern. */
  rule: { title: string; pattern: RegExp };
  /** What a guard's Dutch refusal text must look like. */
  guardDescription: RegExp;
  /** Every state that is not final waits on someone (no state only groups others). */
  openStatesWaitOnSomeone?: boolean;
  /** Schemas besides the events' (start data, personal data), each with a valid and a broken sample. */
  otherSchemas: readonly (readonly [name: string, schema: z.ZodType, valid: unknown, broken: unknown])[];
  /** The unknown field every schema must refuse. */
  unknownField: string;
}

/** Registers the cases generated from the definition: tables, exploration, refusals, guards, schemas. */
export function generatedDefinitionTests(o: DefinitionTestOptions): void {
  const { definition } = o;
  const { explored, withinTerms, guardOutcomes } = o.exploration;
  const machine = definition.machine;
  const eventTypes = Object.keys(definition.events);
  const startData = o.otherSchemas.find(([name]) => name === 'start data')?.[2];
  if (startData) generatedEngineInputTests({ definition, start: startData, snapshots: explored.states.map((s) => s.snapshot), events: o.events });
  /** One snapshot per distinct state value (the first one found). */
  const byValue = new Map<string, AnyMachineSnapshot>();
  for (const { snapshot } of explored.states) if (!byValue.has(JSON.stringify(snapshot.value))) byValue.set(JSON.stringify(snapshot.value), snapshot);

  it('the machine and its tables agree: events, guards, labels, waitingOn, expiry events', () => {
    expect(findDefinitionGaps(definition)).toEqual([]);
    expect(Object.keys(o.samples).sort()).toEqual([...eventTypes].sort());
  });

  it('the exploration is complete (not truncated)', () => {
    expect(explored.truncated).toBe(false);
    expect(withinTerms.truncated).toBe(false);
  });

  it('every state is reachable', () => {
    expect(findUnreachedStateNodes(explored)).toEqual([]);
  });

  const stateNodes = allStateNodes(machine).filter((n) => n !== machine.root);
  it.each(stateNodes.map((n) => [n.id, n] as const))('state %s has a Dutch label and names who it waits on', (_id, node) => {
    const meta = node.meta as StateMeta | undefined;
    expect(meta?.label).toMatch(/\S{3}/);
    expect(Array.isArray(meta?.waitingOn)).toBe(true);
    for (const role of meta!.waitingOn!) expect(ROLES).toContain(role);
    if (node.type === 'final') expect(meta!.waitingOn).toEqual([]);
    else if (o.openStatesWaitOnSomeone) expect(meta!.waitingOn!.length).toBeGreaterThan(0);
  });

  it.each(eventTypes)(`event %s has a Dutch label, roles and a rule ${o.rule.title}`, (type) => {
    const def = definition.events[type]!;
    expect(type).toMatch(/^[a-z][A-Za-z]*(\.[a-z][A-Za-z]*)+$/);
    expect(def.label).toMatch(/\S{3}/);
    expect(def.roles.length).toBeGreaterThan(0);
    for (const role of def.roles) expect([...ROLES, 'system']).toContain(role);
    if (type.endsWith('.expired')) expect(def.roles).toEqual(['system']);
    else expect(def.roles).not.toContain('system');
    expect(def.rule).toMatch(o.rule.pattern);
  });

  it('no reachable state accepts an event it has no transition for', () => {
    expect(findAcceptedWithoutTransition(explored, o.events)).toEqual([]);
  });

  it.each([...byValue.entries()])('in state %s every event without a transition is refused and changes nothing', (_value, s) => {
    const handled = handledEventTypes(s);
    for (const type of eventTypes.filter((t) => !handled.has(t))) {
      for (const e of o.events[type]!) {
        expect(s.can(e), `${type} in ${JSON.stringify(s.value)}`).toBe(false);
        expect(explainRefusal(machine, s, e).handled).toBe(false);
        const [next] = transition(machine, s, e);
        expect([next.value, next.context]).toEqual([s.value, s.context]);
      }
    }
  });

  it(`every guard has a Dutch refusal text and a rule ${o.rule.title}`, () => {
    for (const g of Object.values(definition.guards)) {
      expect(g.description).toMatch(o.guardDescription);
      expect(g.rule).toMatch(o.rule.pattern);
    }
  });

  it('every guard is seen both ways', () => {
    expect(findGuardsNotSeenBothWays(guardOutcomes, Object.keys(definition.guards))).toEqual([]);
  });

  const schemas: (readonly [string, z.ZodType, unknown, unknown])[] = [
    ...o.otherSchemas,
    ...eventTypes.flatMap((type) =>
      o.events[type]!.map((e, i) => [`${type} #${i}`, definition.events[type]!.schema, e.payload, o.samples[type]!.broken] as const),
    ),
  ];

  it.each(schemas)('schema of %s accepts a sample, rejects a broken one and unknown fields', (_name, schema, good, broken) => {
    expect(schema.safeParse(good).success).toBe(true);
    expect(schema.safeParse(broken).success).toBe(false);
    expect(schema.safeParse({ ...(good as object), [o.unknownField]: 1 }).success).toBe(false);
  });

  const described = [...o.otherSchemas.map(([name, schema]) => [name, schema] as const), ...eventTypes.map((t) => [t, definition.events[t]!.schema] as const)];

  it.each(described)('every field of %s has a Dutch description', (_name, schema) => {
    expect(schema).toBeInstanceOf(z.ZodObject);
    expect(undescribedFields(schema)).toEqual([]);
  });
}

// ---------------------------------------------------------------------------------------------
// Schema-valid but impossible inputs through the engine (every machine): dates far in the past or
// future in the fields that start a legal term, maximal texts and reasons. The engine must refuse
// them cleanly (a ProcedureError naming the field) or carry them out, never throw anything else (a
// throw inside the workflow's update handler fails the workflow task and the case hangs).

const FAR_DATES = ['1900-01-01', '2199-12-31', '2026-02-31', '9999-12-31'];
const ISO_DATE_LIKE = /^\d{4}-\d{2}-\d{2}$/;

function setPath(value: unknown, path: string, to: unknown): unknown {
  const [head, ...rest] = path.split('.');
  if (Array.isArray(value)) return value.map((el) => setPath(el, path, to));
  if (value === null || typeof value !== 'object' || !(head! in value)) return value;
  return { ...value, [head!]: rest.length ? setPath((value as Record<string, unknown>)[head!], rest.join('.'), to) : to };
}

/** Every string that is not a date made `size` characters long (enums and patterns will then fail: a clean refusal). */
function maximised(value: unknown, size: number): unknown {
  if (typeof value === 'string') return ISO_DATE_LIKE.test(value) ? value : 'x'.repeat(size);
  if (Array.isArray(value)) return value.map((v) => maximised(v, size));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maximised(v, size)]));
  return value;
}

/** Runs `fn`; a ProcedureError (a clean refusal) or success passes, any other throw fails with `what`. */
function expectCleanOutcome<T>(what: string, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (err) {
    expect(err, `${what}: ${(err as Error)?.stack ?? String(err)}`).toBeInstanceOf(ProcedureError);
    expect((err as ProcedureError).code, what).toMatch(/^[A-Z_]+$/);
    return undefined;
  }
}

export interface EngineInputOptions {
  definition: ProcedureDefinition;
  /** Valid start data. */
  start: unknown;
  /** Reachable snapshots of the machine. */
  snapshots: readonly AnyMachineSnapshot[];
  events: EventSamples;
}

/** Registers the engine cases: schema-valid but impossible start data and events give a clean refusal or success, never a throw. */
export function generatedEngineInputTests(o: EngineInputOptions): void {
  const { definition } = o;
  const AT = '2026-12-01T09:00:00.000Z';
  const startedBy = { role: definition.startRoles[0]!, userId: 'gen-start' };
  const start = (data: unknown) => startCase(definition, { caseId: 'GEN-1', procedureId: definition.id, startedBy, data }, AT);

  it('impossible start data (term-start dates far in the past or future, maximal texts) is refused cleanly or accepted, never thrown', () => {
    for (const path of definition.startTermStartDates ?? []) {
      for (const date of FAR_DATES) expectCleanOutcome(`start ${path}=${date}`, () => start(setPath(o.start, path, date)));
    }
    for (const size of [4_001, 1_000_000]) expectCleanOutcome(`start with texts of ${size}`, () => start(maximised(o.start, size)));
  });

  it('impossible events (term-start dates far in the past or future, maximal texts and reasons) are refused cleanly or carried out by the engine, never thrown', () => {
    const base = expectCleanOutcome('valid start', () => start(o.start));
    expect(base, 'the valid start data starts a case').toBeDefined();
    const seen = new Set<string>();
    let tried = 0;
    for (const snapshot of o.snapshots) {
      if (snapshot.status !== 'active') continue;
      const key = JSON.stringify(snapshot.value);
      if (seen.has(key) || seen.size >= 40) continue;
      seen.add(key);
      // The case as it would stand in this state, its previous step on 1 November.
      const rt: CaseRuntime = restore(definition, { ...persist(base!.rt), value: snapshot.value, context: snapshot.context, deadlines: [], lastTransitionAt: '2026-11-02T09:00:00.000Z' });
      for (const type of handledEventTypes(snapshot)) {
        const def = definition.events[type];
        const sample = o.events[type]?.[0];
        if (!def || !sample) continue;
        const actor = { role: (def.roles.find((r) => r !== 'system') ?? def.roles[0]) as Role, userId: 'gen-actor', organisation: (snapshot.context as { provider?: string }).provider ?? 'gen' };
        const variants: SendEventInput[] = [
          ...(def.termStartDates ?? []).flatMap((path) => FAR_DATES.map((date) => ({ type, actor, payload: setPath(sample.payload, path, date) }))),
          { type, actor, payload: maximised(sample.payload, 4_001) },
          { type, actor, payload: maximised(sample.payload, 1_000_000) },
          { type, actor, payload: sample.payload, reason: 'r'.repeat(100_000) },
        ];
        for (const input of variants) {
          tried++;
          expectCleanOutcome(`${type} in ${key}: ${JSON.stringify(input.payload).slice(0, 120)}`, () => stepEvent(rt, input, AT));
        }
      }
    }
    expect(tried).toBeGreaterThan(0);
  });
}
