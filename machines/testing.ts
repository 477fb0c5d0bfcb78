// Procedure-independent helpers for machine tests: explore a machine with sample events, then ask
// which states were never reached, which events were accepted without a transition, which deadlines
// have no expiry handler, which guards were never seen both ways, and where the tables have gaps.
// Pure: only xstate and ./types.ts. Helpers return lists of findings; tests assert they are empty.
import { initialTransition, transition } from 'xstate';
import {
  activeStateNodes,
  allStateNodes,
  contextAt,
  explainRefusal,
  handledEventTypes,
  machineOf,
  metaOf,
  referencedEventTypes,
  referencedGuards,
  stateOf,
  type MachineLike,
} from './introspect.ts';

// Reading a machine is machines/introspect.ts's; re-exported here only so machine tests import one module.
export { activeStateNodes, allStateNodes, explainRefusal, handledEventTypes, metaOf, referencedEventTypes, referencedGuards, stateOf };
/** Value at a dot-separated context path (as `nFromContext` and friends use them). */
export const contextPath = contextAt;
import type { AnyMachineSnapshot, AnyStateMachine, AnyStateNode } from 'xstate';
import type { AnyRole, DeadlineDefinition, ProcedureDefinition, ProcedureEvent, StateMeta } from './types.ts';

/** Sample events per event type; several samples per type explore several branches. */
export type EventSamples = Record<string, readonly ProcedureEvent[]>;

/**
 * Makes sample events of a procedure at time `at`: sent by the first role the events table names
 * for the type (or by `role`), as user `<role>-1`.
 */
export function eventFactory(definition: Pick<ProcedureDefinition, 'events'>, at: string) {
  return (type: string, payload: Record<string, unknown>, role?: AnyRole): ProcedureEvent => {
    const r = role ?? definition.events[type]?.roles[0];
    if (r === undefined) throw new Error(`unknown event ${type}`);
    return { type, payload, actor: { role: r, userId: `${r}-1` }, at };
  };
}

export interface ExploreOptions {
  input: unknown;
  samples: EventSamples;
  /**
   * Abstraction of a snapshot: snapshots with the same key are explored once. The default (state
   * value + whole context) only terminates when the context cannot grow; give a key that keeps
   * what the guards read.
   */
  key?: (snapshot: AnyMachineSnapshot) => string;
  /** Stop after this many distinct keys (default 20 000); `truncated` is then true. */
  maxStates?: number;
}

export interface ExploredState {
  key: string;
  snapshot: AnyMachineSnapshot;
  /** Events from the initial snapshot to this one (a shortest path in the abstraction). */
  path: ProcedureEvent[];
}

export interface ExploredEdge {
  from: string;
  event: ProcedureEvent;
  to: string;
}

export interface Exploration {
  machine: AnyStateMachine;
  states: ExploredState[];
  edges: ExploredEdge[];
  truncated: boolean;
}

const defaultKey = (s: AnyMachineSnapshot): string => JSON.stringify([s.value, s.context]);

/** Breadth-first search over snapshots, stepping with pure `transition` on every sample `can` accepts. */
export function exploreMachine(m: MachineLike, options: ExploreOptions): Exploration {
  const machine = machineOf(m);
  const key = options.key ?? defaultKey;
  const maxStates = options.maxStates ?? 20_000;
  const events = Object.values(options.samples).flat();
  const [initial] = initialTransition(machine, options.input);
  const seen = new Map<string, ExploredState>();
  const edges: ExploredEdge[] = [];
  const first: ExploredState = { key: key(initial), snapshot: initial, path: [] };
  seen.set(first.key, first);
  const queue: ExploredState[] = [first];
  let truncated = false;
  for (let i = 0; i < queue.length; i++) {
    const current = queue[i]!;
    if (current.snapshot.status !== 'active') continue;
    for (const event of events) {
      if (!current.snapshot.can(event)) continue;
      const [next] = transition(machine, current.snapshot, event);
      const nextKey = key(next);
      edges.push({ from: current.key, event, to: nextKey });
      if (seen.has(nextKey)) continue;
      if (seen.size >= maxStates) {
        truncated = true;
        continue;
      }
      const explored: ExploredState = { key: nextKey, snapshot: next, path: [...current.path, event] };
      seen.set(nextKey, explored);
      queue.push(explored);
    }
  }
  return { machine, states: [...seen.values()], edges, truncated };
}

/** State node ids never active in any explored snapshot. */
export function findUnreachedStateNodes(exploration: Exploration): string[] {
  const reached = new Set(exploration.states.flatMap((s) => activeStateNodes(s.snapshot).map((n) => n.id)));
  return allStateNodes(exploration.machine)
    .map((n) => n.id)
    .filter((id) => !reached.has(id));
}


export interface Finding {
  state: string;
  event: string;
  problem: string;
  path: string[];
}

const valueOf = (s: AnyMachineSnapshot) => JSON.stringify(s.value);
const pathOf = (s: ExploredState) => s.path.map((e) => e.type);

/** Samples accepted (`can` true) in a reachable state that has no transition for their type. */
export function findAcceptedWithoutTransition(exploration: Exploration, samples: EventSamples): Finding[] {
  const findings: Finding[] = [];
  for (const state of exploration.states) {
    const handled = handledEventTypes(state.snapshot);
    for (const [type, list] of Object.entries(samples)) {
      if (handled.has(type)) continue;
      for (const event of list) {
        if (state.snapshot.can(event)) {
          findings.push({ state: valueOf(state.snapshot), event: type, problem: 'accepted without a transition', path: pathOf(state) });
        }
      }
    }
  }
  return findings;
}

/** Per explored state: the event types with no transition there (they must be refused). */
export function refusedEventTypes(exploration: Exploration, types: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const state of exploration.states) {
    const handled = handledEventTypes(state.snapshot);
    out.set(valueOf(state.snapshot), types.filter((t) => !handled.has(t)));
  }
  return out;
}

function deadlinesOf(node: AnyStateNode): readonly DeadlineDefinition[] {
  return ((node.meta ?? {}) as Partial<StateMeta>).deadlines ?? [];
}

/** The deadline called `name` and the state node that declares it. */
export function findDeadline(m: MachineLike, name: string): { node: AnyStateNode; def: DeadlineDefinition } {
  for (const node of allStateNodes(m)) {
    const def = deadlinesOf(node).find((d) => d.name === name);
    if (def) return { node, def };
  }
  throw new Error(`no deadline ${name}`);
}

/** The expiry event the engine sends for a deadline. */
export function expiryEvent(deadline: DeadlineDefinition, at = '2030-01-01T00:00:00.000Z'): ProcedureEvent {
  return { type: deadline.onExpiry, payload: { deadline: deadline.name }, actor: { role: 'system', userId: 'system' }, at };
}

/**
 * For every state node declaring deadlines: it must be reached, and in every explored snapshot
 * where it is active and the deadline has not yet expired, its `onExpiry` event must be accepted and must change the snapshot's value
 * or context (so expiry is never a silent no-op).
 */
export function findUnhandledDeadlines(exploration: Exploration): Finding[] {
  const findings: Finding[] = [];
  const withDeadlines = allStateNodes(exploration.machine).filter((n) => deadlinesOf(n).length > 0);
  for (const node of withDeadlines) {
    const active = exploration.states.filter((s) => activeStateNodes(s.snapshot).includes(node));
    if (active.length === 0) {
      findings.push({ state: node.id, event: '-', problem: 'state with deadlines never reached', path: [] });
    }
    for (const state of active) {
      for (const deadline of deadlinesOf(node)) {
        // Once expired, a deadline stays visible (as overdue) while its node is active; it cannot expire again.
        if (state.path.some((e) => e.type === deadline.onExpiry)) continue;
        const event = expiryEvent(deadline);
        if (!state.snapshot.can(event)) {
          findings.push({ state: node.id, event: event.type, problem: `expiry of ${deadline.name} refused`, path: pathOf(state) });
          continue;
        }
        const [next] = transition(exploration.machine, state.snapshot, event);
        if (valueOf(next) === valueOf(state.snapshot) && JSON.stringify(next.context) === JSON.stringify(state.snapshot.context)) {
          findings.push({ state: node.id, event: event.type, problem: `expiry of ${deadline.name} is a no-op`, path: pathOf(state) });
        }
      }
    }
  }
  return findings;
}

/**
 * Deadlines whose context paths do not resolve while their state is active: `nFromContext` must
 * give a positive integer, `startsFromContext` a YYYY-MM-DD date, `appliesIfContext` a boolean.
 */
export function findUnresolvedDeadlinePaths(exploration: Exploration): Finding[] {
  const findings: Finding[] = [];
  for (const state of exploration.states) {
    for (const node of activeStateNodes(state.snapshot)) {
      for (const d of deadlinesOf(node)) {
        const ctx = state.snapshot.context;
        const bad = (problem: string) =>
          findings.push({ state: node.id, event: d.onExpiry, problem: `${d.name}: ${problem}`, path: pathOf(state) });
        // A deadline that does not apply here needs no start or length.
        if (d.appliesIfContext !== undefined && contextPath(ctx, d.appliesIfContext) === false) continue;
        if (d.nFromContext !== undefined) {
          const n = contextPath(ctx, d.nFromContext);
          if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) bad(`${d.nFromContext} is ${JSON.stringify(n)}`);
        }
        if (d.startsFromContext !== undefined) {
          const v = contextPath(ctx, d.startsFromContext);
          if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) bad(`${d.startsFromContext} is ${JSON.stringify(v)}`);
        }
        if (d.appliesIfContext !== undefined) {
          const v = contextPath(ctx, d.appliesIfContext);
          if (typeof v !== 'boolean') bad(`${d.appliesIfContext} is ${JSON.stringify(v)}`);
        }
      }
    }
  }
  return findings;
}

export interface GuardOutcomes {
  passed: Map<string, number>;
  blocked: Map<string, number>;
}

/**
 * The same machine with every named guard wrapped to count its outcomes. Explore the returned
 * machine, then check `findGuardsNotSeenBothWays`.
 */
export function withGuardRecorder<M extends AnyStateMachine>(machine: M): { machine: M; outcomes: GuardOutcomes } {
  const outcomes: GuardOutcomes = { passed: new Map(), blocked: new Map() };
  const guards = machine.implementations.guards as Record<string, unknown>;
  const wrapped: Record<string, unknown> = {};
  for (const [name, impl] of Object.entries(guards)) {
    if (typeof impl !== 'function' || 'check' in impl) {
      wrapped[name] = impl;
      continue;
    }
    wrapped[name] = (args: unknown, params: unknown) => {
      const result = Boolean((impl as (a: unknown, p: unknown) => unknown)(args, params));
      const map = result ? outcomes.passed : outcomes.blocked;
      map.set(name, (map.get(name) ?? 0) + 1);
      return result;
    };
  }
  return { machine: machine.provide({ guards: wrapped } as never) as M, outcomes };
}

/** The sample events without the engine's expiry events (`*.expired`). */
export function withoutExpiryEvents(samples: EventSamples): EventSamples {
  return Object.fromEntries(Object.entries(samples).filter(([type]) => !type.endsWith('.expired')));
}

export interface TermExplorations {
  /** Over every sample event, with the guards recorded in `guardOutcomes`. */
  explored: Exploration;
  /** Without expiry events: the states that declare deadlines as the engine sees them while the terms run. */
  withinTerms: Exploration;
  guardOutcomes: GuardOutcomes;
}

/**
 * Explores a machine twice with `explore`: over every sample event with its guards recorded, and
 * without expiry events (the engine sends an expiry once, while the term runs; after it the overdue
 * child shows the term).
 */
export function exploreWithinAndAfterTerms(
  machine: AnyStateMachine,
  samples: EventSamples,
  explore: (machine: AnyStateMachine, samples: EventSamples) => Exploration,
): TermExplorations {
  const recorder = withGuardRecorder(machine);
  return {
    explored: explore(recorder.machine, samples),
    withinTerms: explore(machine, withoutExpiryEvents(samples)),
    guardOutcomes: recorder.outcomes,
  };
}

/** Guard names never seen passing, or never seen blocking. */
export function findGuardsNotSeenBothWays(outcomes: GuardOutcomes, names: readonly string[]): string[] {
  const out: string[] = [];
  for (const name of names) {
    if (!outcomes.passed.has(name)) out.push(`${name}: never passed`);
    if (!outcomes.blocked.has(name)) out.push(`${name}: never blocked`);
  }
  return out;
}

/**
 * Consistency of a procedure definition with its machine: every handled event is in the events
 * table and vice versa; every referenced guard is implemented and in the guards table and vice
 * versa; every state has a Dutch label and `waitingOn`; every deadline's `onExpiry` is an engine
 * event (`roles: ['system']`).
 */
export function findDefinitionGaps(definition: ProcedureDefinition): string[] {
  const gaps: string[] = [];
  const machine = definition.machine;
  const handled = referencedEventTypes(machine);
  for (const type of handled) if (!(type in definition.events)) gaps.push(`event ${type} handled but not in events table`);
  for (const type of Object.keys(definition.events)) if (!handled.has(type)) gaps.push(`event ${type} in table but never handled`);
  const implemented = Object.keys(machine.implementations.guards);
  const referenced = referencedGuards(machine);
  for (const g of referenced) {
    if (!implemented.includes(g)) gaps.push(`guard ${g} referenced but not implemented`);
    if (!(g in definition.guards)) gaps.push(`guard ${g} referenced but not in guards table`);
  }
  for (const g of implemented) {
    if (!(g in definition.guards)) gaps.push(`guard ${g} implemented but not in guards table`);
    if (!referenced.has(g)) gaps.push(`guard ${g} implemented but never referenced`);
  }
  for (const g of Object.keys(definition.guards)) if (!implemented.includes(g)) gaps.push(`guard ${g} in table but not implemented`);
  for (const node of allStateNodes(machine)) {
    const meta = node.meta as Partial<StateMeta> | undefined;
    if (meta === undefined || typeof meta.label !== 'string' || meta.label.length === 0) gaps.push(`state ${node.id} has no meta.label`);
    if (meta !== undefined && !Array.isArray(meta.waitingOn)) gaps.push(`state ${node.id} has no meta.waitingOn`);
    for (const d of deadlinesOf(node)) {
      const def = definition.events[d.onExpiry];
      if (def === undefined) gaps.push(`deadline ${d.name} expires with unknown event ${d.onExpiry}`);
      else if (def.roles.length !== 1 || def.roles[0] !== 'system') gaps.push(`expiry event ${d.onExpiry} must have roles ['system']`);
    }
  }
  return gaps;
}

/**
 * Steps a machine through events, refusing like the engine does: an event `can` refuses throws,
 * naming the blocking guards. Returns the last snapshot and all actions returned on the way.
 */
export function walk(
  m: MachineLike,
  input: unknown,
  events: readonly ProcedureEvent[],
): { snapshot: AnyMachineSnapshot; actions: Array<{ type: string; params?: unknown }> } {
  const machine = machineOf(m);
  let [snapshot, actions] = initialTransition(machine, input);
  const all: Array<{ type: string; params?: unknown }> = [...actions];
  for (const event of events) {
    snapshot = step(machine, snapshot, event, all);
  }
  return { snapshot, actions: all };
}

/** One refusing step (see `walk`). */
export function step(
  m: MachineLike,
  snapshot: AnyMachineSnapshot,
  event: ProcedureEvent,
  actionsOut?: Array<{ type: string; params?: unknown }>,
): AnyMachineSnapshot {
  const machine = machineOf(m);
  if (!snapshot.can(event)) {
    const why = explainRefusal(machine, snapshot, event);
    throw new Error(
      `${event.type} refused in ${JSON.stringify(snapshot.value)}: ` +
        (why.handled ? `blocked by ${why.blockingGuards.join(', ')}` : 'no transition'),
    );
  }
  const [next, actions] = transition(machine, snapshot, event);
  actionsOut?.push(...actions);
  return next;
}
