// Reading a case: what its machine says (through machines/introspect.ts, the one module that reads
// machines) plus what the case adds: the events a person may send now, and who it waits on, its
// deadlines included. Pure and read-only; the view, the validators and the search attributes use these.
import type { AnyMachineSnapshot, AnyStateNode } from 'xstate';
import { activeNodeIds, activeNodesBelowRoot, activeStatePaths, handledEventTypes, stateLabelOf, stateOf, statesWaitingOn } from '../../machines/introspect.ts';
import type { AnyRole, Role } from '../../machines/types.ts';
import type { CaseRuntime } from './types.ts';

/** A readable state id: leaf paths joined with ' + ' (parallel regions), e.g. `rung1.awaitingResponse`. */
export const stateString: (snapshot: AnyMachineSnapshot) => string = stateOf;
/** The Dutch label of the current state: labels of the leaves, falling back to their parents'. */
export const stateLabel: (snapshot: AnyMachineSnapshot) => string = stateLabelOf;
export { activeNodeIds, activeStatePaths, handledEventTypes };

/** The active state nodes below the root (the root declares no terms and no roles to wait on). */
export const activeNodes: (snapshot: AnyMachineSnapshot) => readonly AnyStateNode[] = activeNodesBelowRoot;


export interface AllowedEvent {
  type: string;
  label: string;
  roles: readonly AnyRole[];
}

/**
 * The events of each state configuration and role, worked out once: they follow from the active states
 * alone (the machine's transitions, guards aside, and the law's roles), which a step changes far less
 * often than it is asked. Shared and frozen; kept per procedure version (its machine and its events).
 */
const allowedByState = new WeakMap<object, Map<string, Map<AnyRole | '', readonly AllowedEvent[]>>>();

/** The types of `allowedEvents(rt, role)`, worked out once per state configuration and role as those are. */
const typesOf = new WeakMap<readonly AllowedEvent[], readonly string[]>();
const NONE: readonly string[] = Object.freeze([]);
export function allowedEventTypes(rt: Pick<CaseRuntime, 'definition' | 'snapshot' | 'cancelled'>, role?: AnyRole): readonly string[] {
  const allowed = allowedEvents(rt, role);
  if (allowed.length === 0) return NONE;
  let types = typesOf.get(allowed);
  if (!types) typesOf.set(allowed, (types = Object.freeze(allowed.map((e) => e.type))));
  return types;
}

/** Events a person may send in the current state (guards aside), optionally only those of one role. */
export function allowedEvents(rt: Pick<CaseRuntime, 'definition' | 'snapshot' | 'cancelled'>, role?: AnyRole): readonly AllowedEvent[] {
  if (rt.snapshot.status !== 'active' || rt.cancelled) return [];
  let byState = allowedByState.get(rt.definition);
  if (!byState) allowedByState.set(rt.definition, (byState = new Map()));
  // By the state string (kept per configuration, so a lookup hashes no new string), then by role.
  const state = stateString(rt.snapshot);
  let byRole = byState.get(state);
  if (!byRole) byState.set(state, (byRole = new Map()));
  let allowed = byRole.get(role ?? '');
  if (!allowed) {
    const handled = handledEventTypes(rt.snapshot);
    allowed = Object.freeze(
      Object.entries(rt.definition.events)
        .filter(([type, def]) => handled.has(type) && !def.roles.includes('system') && (!role || def.roles.includes(role)))
        .map(([type, def]) => Object.freeze({ type, label: def.label, roles: def.roles })),
    );
    byRole.set(role ?? '', allowed);
  }
  return allowed;
}

/** The roles the case waits on: those its active states wait on, then those of its open terms (shared and frozen when the terms add none). */
export function waitingOn(rt: Pick<CaseRuntime, 'snapshot' | 'deadlines'>): readonly Role[] {
  const ofStates = statesWaitingOn(rt.snapshot);
  let roles: Set<Role> | undefined;
  for (const d of rt.deadlines) if (d.status === 'open') for (const r of d.waitingOn) if (!ofStates.includes(r)) (roles ??= new Set(ofStates)).add(r);
  return roles ? [...roles] : ofStates;
}
