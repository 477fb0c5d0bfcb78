// Reading a case's machine: its state string and label, the active state paths, the events it handles,
// who it waits on. Pure and read-only; the view, the validators and the search attributes all use these.
import { getStateNodes, type AnyMachineSnapshot, type AnyStateNode } from 'xstate';
import type { AnyRole, Role, StateMeta } from '../../machines/types.ts';
import type { CaseRuntime } from './types.ts';

export function activeNodes(snapshot: AnyMachineSnapshot): AnyStateNode[] {
  return [...new Set(getStateNodes(snapshot.machine.root, snapshot.value))].filter((n) => n !== snapshot.machine.root);
}

function leafNodes(snapshot: AnyMachineSnapshot): AnyStateNode[] {
  return activeNodes(snapshot).filter((n) => n.type === 'atomic' || n.type === 'final');
}

export function metaOf(node: AnyStateNode): StateMeta | undefined {
  return node.meta as StateMeta | undefined;
}

/** A readable state id: leaf paths joined with ' + ' (parallel regions), e.g. `rung1.awaitingResponse`. */
export function stateString(snapshot: AnyMachineSnapshot): string {
  return leafNodes(snapshot)
    .map((n) => n.path.join('.'))
    .join(' + ');
}

/** The Dutch label of the current state: labels of the leaves, falling back to their parents'. */
export function stateLabel(snapshot: AnyMachineSnapshot): string {
  return leafNodes(snapshot)
    .map((leaf) => {
      for (let n: AnyStateNode | undefined = leaf; n; n = n.parent) {
        const label = metaOf(n)?.label;
        if (label) return label;
      }
      return leaf.key;
    })
    .join(' · ');
}

/** Every state path currently active, ancestors included (for filtering: `rung1` matches `rung1.overdue`). */
export function activeStatePaths(snapshot: AnyMachineSnapshot): string[] {
  return activeNodes(snapshot).map((n) => n.path.join('.'));
}

export function handledEventTypes(snapshot: AnyMachineSnapshot): Set<string> {
  const types = new Set<string>();
  for (const node of activeNodes(snapshot)) for (const type of node.transitions.keys()) types.add(type);
  return types;
}

export interface AllowedEvent {
  type: string;
  label: string;
  roles: readonly AnyRole[];
}

/** Events a person may send in the current state (guards aside), optionally only those of one role. */
export function allowedEvents(rt: Pick<CaseRuntime, 'definition' | 'snapshot' | 'cancelled'>, role?: AnyRole): AllowedEvent[] {
  if (rt.snapshot.status !== 'active' || rt.cancelled) return [];
  const handled = handledEventTypes(rt.snapshot);
  return Object.entries(rt.definition.events)
    .filter(([type, def]) => handled.has(type) && !def.roles.includes('system') && (!role || def.roles.includes(role)))
    .map(([type, def]) => ({ type, label: def.label, roles: def.roles }));
}

export function waitingOn(rt: Pick<CaseRuntime, 'snapshot' | 'deadlines'>): Role[] {
  const roles = new Set<Role>();
  for (const node of activeNodes(rt.snapshot)) for (const r of metaOf(node)?.waitingOn ?? []) roles.add(r);
  for (const d of rt.deadlines) if (d.status === 'open') for (const r of d.waitingOn) roles.add(r);
  return [...roles];
}

export function contextPath(context: unknown, path: string): unknown {
  let value: unknown = context;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}
