// Reading a machine: its state nodes, the active ones, their meta, the events they handle, the guards
// they reference, and why a guard refuses an event. Pure, public xstate API only; the engine, the API's
// machine graph, the console diagram and the machine tests read machines through this one module.
// Like the machines: only xstate and ./types.ts.
import { and, getStateNodes, not, or } from 'xstate';
import type { AnyMachineSnapshot, AnyStateMachine, AnyStateNode } from 'xstate';
import type { ProcedureDefinition, ProcedureEvent, Role, StateMeta } from './types.ts';

export type MachineLike = AnyStateMachine | Pick<ProcedureDefinition, 'machine'>;

export function machineOf(m: MachineLike): AnyStateMachine {
  return 'machine' in m && typeof m.machine === 'object' && m.machine !== null && 'root' in m.machine
    ? m.machine
    : (m as AnyStateMachine);
}

/** Every state node of the machine, root first. */
export function allStateNodes(m: MachineLike): AnyStateNode[] {
  const out: AnyStateNode[] = [];
  const visit = (node: AnyStateNode) => {
    out.push(node);
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(machineOf(m).root);
  return out;
}

/**
 * What follows from a snapshot's active states alone, read once per configuration. xstate makes a new
 * snapshot at every step, but keeps its list of active state nodes (`_nodes`) when the step leaves the
 * states as they were (a transition without a target: recording a hearing, a ground, a letter), so
 * that list is the key; a snapshot without one (another xstate) is its own key. A step, its view and
 * its search attributes ask for these a dozen times.
 */
interface Configuration {
  /** The active state nodes, root first (xstate's public `getStateNodes`), frozen. */
  readonly nodes: readonly AnyStateNode[];
  /** The same without the root. */
  readonly belowRoot: readonly AnyStateNode[];
  ids?: ReadonlySet<string>;
  state?: string;
  label?: string;
  paths?: readonly string[];
  handled?: ReadonlySet<string>;
  waitingOn?: readonly Role[];
}
const configurations = new WeakMap<object, Configuration>();
/** The key of a snapshot's configuration (see above): the same for two snapshots whose active states are the same list. */
export function configurationKey(snapshot: AnyMachineSnapshot): object {
  const own = (snapshot as { _nodes?: unknown })._nodes;
  return Array.isArray(own) ? own : snapshot;
}
function configurationOf(snapshot: AnyMachineSnapshot): Configuration {
  const key = configurationKey(snapshot);
  let found = configurations.get(key);
  if (found === undefined) {
    const root = snapshot.machine.root;
    const nodes = Object.freeze([...new Set(getStateNodes(root, snapshot.value))]);
    found = { nodes, belowRoot: Object.freeze(nodes.filter((n) => n !== root)) };
    configurations.set(key, found);
  }
  return found;
}

/** The active state nodes (the root, the leaves and their ancestors), through xstate's public `getStateNodes`. */
export function activeStateNodes(snapshot: AnyMachineSnapshot): readonly AnyStateNode[] {
  return configurationOf(snapshot).nodes;
}

/** The active state nodes below the root (the root declares no terms and no roles to wait on). */
export function activeNodesBelowRoot(snapshot: AnyMachineSnapshot): readonly AnyStateNode[] {
  return configurationOf(snapshot).belowRoot;
}

/** The ids of the active state nodes below the root. */
export function activeNodeIds(snapshot: AnyMachineSnapshot): ReadonlySet<string> {
  const c = configurationOf(snapshot);
  return (c.ids ??= new Set(c.belowRoot.map((n) => n.id)));
}

const isLeaf = (n: AnyStateNode) => n.type === 'atomic' || n.type === 'final';

/** Readable state id, as the engine shows it: leaf paths joined with ' + '. */
export function stateOf(snapshot: AnyMachineSnapshot): string {
  const c = configurationOf(snapshot);
  return (c.state ??= c.nodes.filter(isLeaf).map(pathOf).join(' + '));
}

/** The meta of a state node (labels, waitingOn, deadlines). */
export function metaOf(node: AnyStateNode): StateMeta {
  return node.meta as StateMeta;
}

/** The roles the active states wait on (their meta's `waitingOn`, in the order of the states), without repeats. */
export function statesWaitingOn(snapshot: AnyMachineSnapshot): readonly Role[] {
  const c = configurationOf(snapshot);
  return (c.waitingOn ??= Object.freeze([...new Set(c.nodes.flatMap((n) => (metaOf(n) as StateMeta | undefined)?.waitingOn ?? []))]));
}

/** Event types with a transition (guarded or not) on an active state node. */
export function handledEventTypes(snapshot: AnyMachineSnapshot): ReadonlySet<string> {
  const c = configurationOf(snapshot);
  return (c.handled ??= new Set(c.nodes.flatMap((n) => Object.keys(n.on))));
}

// Higher-order guards are recognised by their `check` function, not by their (minifiable) names.
const checkOf = (g: unknown) => (g as { check?: unknown }).check;
const NOT_CHECK = checkOf(not('x'));
const OR_CHECK = checkOf(or([]));
const AND_CHECK = checkOf(and([]));

type GuardRef = string | { type: string; params?: unknown } | ((...args: never[]) => unknown);

function guardNamesIn(guard: unknown, into: Set<string>): void {
  if (guard === undefined || guard === null) return;
  if (typeof guard === 'string') into.add(guard);
  else if (typeof guard === 'function') {
    const children = (guard as { guards?: unknown[] }).guards;
    for (const child of children ?? []) guardNamesIn(child, into);
  } else if (typeof guard === 'object' && 'type' in guard) into.add(String((guard as { type: unknown }).type));
}

/** Named guards referenced by the machine's transitions. */
export function referencedGuards(m: MachineLike): Set<string> {
  const names = new Set<string>();
  for (const node of allStateNodes(m)) {
    for (const list of Object.values(node.on)) {
      for (const t of list as Array<{ guard?: unknown }>) guardNamesIn(t.guard, names);
    }
    for (const t of (node.always ?? []) as Array<{ guard?: unknown }>) guardNamesIn(t.guard, names);
  }
  return names;
}

/** Event types the machine has transitions for. */
export function referencedEventTypes(m: MachineLike): Set<string> {
  return new Set(allStateNodes(m).flatMap((n) => Object.keys(n.on)));
}

/** A named action as the machine references it: its type and params (an object, or a function of `{ context, event }`). */
export interface ActionRef {
  type: string;
  params?: unknown;
}

function actionRefsIn(actions: unknown, into: ActionRef[]): void {
  for (const a of (Array.isArray(actions) ? actions : actions === undefined ? [] : [actions]) as unknown[]) {
    if (typeof a === 'string') into.push({ type: a });
    else if (typeof a === 'object' && a !== null && 'type' in a && typeof a.type === 'string') {
      into.push('params' in a ? { type: a.type, params: a.params } : { type: a.type });
    }
    // Inline functions (assign, raise, …) are built-ins, not named effects.
  }
}

/**
 * Named actions referenced anywhere in the machine: on transitions (events, `always`) and on entry and exit
 * of every state node. The template tests find every `notify` template this way.
 */
export function referencedActions(m: MachineLike): ActionRef[] {
  const out: ActionRef[] = [];
  for (const node of allStateNodes(m)) {
    actionRefsIn(node.entry, out);
    actionRefsIn(node.exit, out);
    for (const list of Object.values(node.on)) for (const t of list as Array<{ actions?: unknown }>) actionRefsIn(t.actions, out);
    for (const t of (node.always ?? []) as Array<{ actions?: unknown }>) actionRefsIn(t.actions, out);
  }
  return out;
}

/**
 * Named guards that block `event` in `snapshot`, for explaining a refusal. `handled` is false when
 * no active state node has a transition for the event type at all.
 */
export function explainRefusal(
  m: MachineLike,
  snapshot: AnyMachineSnapshot,
  event: ProcedureEvent,
): { handled: boolean; blockingGuards: string[] } {
  const machine = machineOf(m);
  const impls = machine.implementations.guards as Record<string, (a: unknown, p: unknown) => boolean>;
  const args = { context: snapshot.context, event };
  const blocking = new Set<string>();
  const evaluate = (guard: GuardRef | undefined, collect: boolean): boolean => {
    if (guard === undefined) return true;
    if (typeof guard === 'function') {
      const g = guard as unknown as { guards?: GuardRef[] };
      const children = g.guards ?? [];
      const check = checkOf(guard);
      if (check === NOT_CHECK) {
        const inner = evaluate(children[0], false);
        if (inner && collect) blocking.add(`not(${describeGuard(children[0])})`);
        return !inner;
      }
      if (check === OR_CHECK) {
        const results = children.map((c) => evaluate(c, false));
        const ok = results.some(Boolean);
        if (!ok && collect) children.forEach((c) => evaluate(c, true));
        return ok;
      }
      if (check !== AND_CHECK) throw new Error('Inline guard functions cannot be explained; use named guards');
      // and: report every failing child, not only the first
      const results = children.map((c) => evaluate(c, collect));
      return results.every(Boolean);
    }
    const name = typeof guard === 'string' ? guard : guard.type;
    const params = typeof guard === 'string' ? undefined : guard.params;
    const impl = impls[name];
    if (impl === undefined) throw new Error(`Guard ${name} is not implemented`);
    const ok = Boolean(impl(args, params));
    if (!ok && collect) blocking.add(name);
    return ok;
  };
  let handled = false;
  const result = new Set<string>();
  for (const node of activeStateNodes(snapshot)) {
    const list = (node.on as Record<string, Array<{ guard?: GuardRef }>>)[event.type];
    if (list === undefined) continue;
    handled = true;
    // Per branch the guards that block it; a guard blocking every branch is the reason (routing
    // guards that only pick a branch drop out). Without such a guard, report them all.
    const perBranch = list.map((t) => {
      blocking.clear();
      evaluate(t.guard, true);
      return new Set(blocking);
    });
    const common = [...(perBranch[0] ?? [])].filter((g) => perBranch.every((b) => b.has(g)));
    for (const g of common.length > 0 ? common : perBranch.flatMap((b) => [...b])) result.add(g);
  }
  return { handled, blockingGuards: [...result] };
}

function describeGuard(guard: GuardRef | undefined): string {
  if (guard === undefined) return 'true';
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') {
    const check = checkOf(guard);
    const children = ((guard as unknown as { guards?: GuardRef[] }).guards ?? []).map(describeGuard).join(', ');
    return `${check === NOT_CHECK ? 'not' : check === OR_CHECK ? 'or' : 'and'}(${children})`;
  }
  return guard.type;
}


// ---------------------------------------------------------------------------------------------
// State strings and the state tree: what the engine shows of a case (`rung1.awaitingResponse`, its
// Dutch label, its state paths) and what the API's graph and the console's diagram draw.

/** A state node's dot path, e.g. `open.rung1.awaitingResponse` (the root's is ''). */
export function pathOf(node: AnyStateNode): string {
  return node.path.join('.');
}

/** Every state path currently active, ancestors included, root excluded (`rung1` matches `rung1.overdue`). */
export function activeStatePaths(snapshot: AnyMachineSnapshot): string[] {
  const c = configurationOf(snapshot);
  // A spread, not `slice()`: V8 copies a frozen array with `slice` on a slow path (about 30× slower).
  return [...(c.paths ??= Object.freeze(c.belowRoot.map(pathOf)))];
}

/** The Dutch label of a state node: its own, else its nearest ancestor's, else its key. */
export function labelOf(node: AnyStateNode): string {
  for (let n: AnyStateNode | undefined = node; n; n = n.parent) {
    const label = (n.meta as StateMeta | undefined)?.label;
    if (label) return label;
  }
  return node.key;
}

/** The Dutch label of the current state: the labels of the active leaves, joined with ' · ' (parallel regions). */
export function stateLabelOf(snapshot: AnyMachineSnapshot): string {
  const c = configurationOf(snapshot);
  return (c.label ??= c.nodes.filter(isLeaf).map(labelOf).join(' · '));
}

/** The value at a dot path of a machine's context (`dissolutionGround.provider`); undefined when absent. */
export function contextAt(context: unknown, path: string): unknown {
  let value: unknown = context;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The leaf paths of a state string such as `open.rung1.awaitingResponse + x.y`. */
export function leafPaths(state: string): string[] {
  return state
    .split(' + ')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The path and all its ancestors: `a.b.c` → `a`, `a.b`, `a.b.c`. */
export function withAncestors(path: string): string[] {
  const parts = path.split('.');
  return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
}

export interface StateTreeTransition {
  event: string;
  /** Target paths; empty when the event is handled without leaving the state ('' is the root). */
  targets: string[];
  guarded: boolean;
}

export interface StateTreeNode {
  /** Dot path, the same as the engine's state paths. */
  id: string;
  key: string;
  parent?: string;
  /** 0 for a child of the root. */
  depth: number;
  type: AnyStateNode['type'];
  /** Its own label, else its nearest ancestor's, else its key. */
  label: string;
  meta?: StateMeta;
  /** Entered first when its parent is entered (every region of a parallel state is). */
  initial: boolean;
  transitions: StateTreeTransition[];
}

/** Every state below the root, each parent before its children (document order), with its transitions. */
export function stateTree(m: MachineLike): StateTreeNode[] {
  const out: StateTreeNode[] = [];
  const visit = (node: AnyStateNode, depth: number) => {
    const initialTargets = new Set((node.initial?.target ?? []).map((n: AnyStateNode) => pathOf(n)));
    for (const child of Object.values(node.states)) {
      const id = pathOf(child);
      const meta = child.meta as StateMeta | undefined;
      out.push({
        id,
        key: child.key,
        ...(depth > 0 ? { parent: pathOf(node) } : {}),
        depth,
        type: child.type,
        label: labelOf(child),
        ...(meta ? { meta } : {}),
        initial: initialTargets.has(id) || node.type === 'parallel',
        transitions: [...child.transitions].flatMap(([event, list]) =>
          list.map((t) => ({ event, targets: ((t.target ?? []) as AnyStateNode[]).map(pathOf), guarded: t.guard !== undefined })),
        ),
      });
      visit(child, depth + 1);
    }
  };
  visit(machineOf(m).root, 0);
  return out;
}
