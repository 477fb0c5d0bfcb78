// Mijn werk per person, from the machine: which of a user's roles a case waits on, who claimed the task,
// and which steps the machine's own guards would refuse to this person (four-eyes: the proposer of a
// measure is not the second contract manager). Pure: reads the machine, runs nothing.
import { explainRefusal } from '../machines/introspect.ts';
import { findProcedure, type ProcedureDefinition, type Role } from '../machines/index.ts';
import type { AnyMachineSnapshot, AnyStateNode } from 'xstate';

/** The case fields the rules read (a list summary or a case view). */
export interface WorkSubject {
  procedure: string;
  /** Leaf paths joined with ' + ' (JfState). */
  state: string;
  waitingOn: readonly string[];
  /** Who handles the case per role (claimed or assigned). */
  assignees?: Partial<Record<string, string>>;
}

/** `a.b + c.d` → `{ a: 'b', c: 'd' }`: the machine's state value from its leaf paths. */
export function stateValueOf(state: string): string | Record<string, unknown> {
  const leaves = state.split(' + ').filter(Boolean);
  if (leaves.length === 1 && !leaves[0]!.includes('.')) return leaves[0]!;
  const value: Record<string, unknown> = {};
  for (const leaf of leaves) {
    const parts = leaf.split('.');
    let node = value;
    for (let i = 0; i < parts.length - 1; i++) {
      const key = parts[i]!;
      if (i === parts.length - 2) {
        node[key] = parts[i + 1]!;
        break;
      }
      if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
  }
  return value;
}

function activeNodes(def: ProcedureDefinition, state: string): AnyStateNode[] {
  const nodes = new Set<AnyStateNode>();
  for (const leaf of state.split(' + ').filter(Boolean)) {
    const parts = leaf.split('.');
    for (let i = parts.length; i > 0; i--) {
      try {
        nodes.add(def.machine.getStateNodeById(`${def.machine.id}.${parts.slice(0, i).join('.')}`));
      } catch {
        // an unknown path (an older version's state): no tasks from it
      }
    }
  }
  return [...nodes];
}

const taskRolesMemo = new Map<string, Set<string>>();

/**
 * The roles that have a task in the case now: those the state waits on, and every role of a step
 * handled here that one of those may also take (the director meeting waits on the contract manager;
 * the deciding body may hold it too, so it is their work as well).
 */
export function taskRoles(c: Pick<WorkSubject, 'procedure' | 'state' | 'waitingOn'>): Set<string> {
  const key = `${c.procedure}|${c.state}|${[...c.waitingOn].sort().join(',')}`;
  const known = taskRolesMemo.get(key);
  if (known) return known;
  const roles = new Set<string>(c.waitingOn);
  const def = findProcedure(c.procedure);
  if (def && c.waitingOn.length) {
    for (const node of activeNodes(def, c.state)) {
      for (const type of node.transitions.keys()) {
        const eventRoles = def.events[type]?.roles ?? [];
        if (eventRoles.some((r) => c.waitingOn.includes(r))) for (const r of eventRoles) if (r !== 'system') roles.add(r);
      }
    }
  }
  if (taskRolesMemo.size > 1000) taskRolesMemo.clear();
  taskRolesMemo.set(key, roles);
  return roles;
}

/**
 * The user's roles through which the case is their work: a role the case has a task for, not handed to
 * a colleague (a claimed or assigned role is the assignee's work only).
 */
export function myTaskRoles(user: { id: string; roles: readonly string[] }, c: WorkSubject): string[] {
  const tasks = taskRoles(c);
  return user.roles.filter((r) => tasks.has(r) && (c.assignees?.[r] === undefined || c.assignees[r] === user.id));
}

/** A state on the path that is a four-eyes approval (meta `fourEyes`): only then can a step be refused to one person. */
export function isFourEyesState(c: Pick<WorkSubject, 'procedure' | 'state'>): boolean {
  const def = findProcedure(c.procedure);
  return def !== undefined && activeNodes(def, c.state).some((n) => (n.meta as { fourEyes?: boolean } | undefined)?.fourEyes === true);
}

/** The steps of the four-eyes approval itself (the transitions of the state marked `fourEyes`), not those every state of the case offers. */
export function fourEyesEvents(c: Pick<WorkSubject, 'procedure' | 'state'>): Set<string> {
  const def = findProcedure(c.procedure);
  const types = new Set<string>();
  if (!def) return types;
  for (const n of activeNodes(def, c.state)) if ((n.meta as { fourEyes?: boolean } | undefined)?.fourEyes === true) for (const t of n.transitions.keys()) types.add(t);
  return types;
}

const STRANGER = '\u0000someone-else';

/**
 * The guards that refuse `type` to this person but not to a colleague in the same role (the machine's
 * own guards, dry-run on the case's context): empty when the step is theirs to take, or when it is
 * refused for a reason that is not about who they are (the form decides that).
 */
export function personalRefusal(c: { procedure: string; state: string; context: unknown }, type: string, actor: { role: Role; userId: string }, at = new Date().toISOString()): string[] {
  const def = findProcedure(c.procedure);
  if (!def) return [];
  let snapshot: AnyMachineSnapshot;
  try {
    snapshot = def.machine.resolveState({ value: stateValueOf(c.state) as never, context: c.context as never }) as AnyMachineSnapshot;
  } catch {
    return [];
  }
  const explain = (userId: string) => {
    try {
      return explainRefusal(def, snapshot, { type, payload: {}, actor: { ...actor, userId }, at });
    } catch {
      return undefined; // a guard that needs the step's payload: not about the person
    }
  };
  const mine = explain(actor.userId);
  const theirs = explain(STRANGER);
  if (!mine?.handled || !theirs) return [];
  const colleagueBlocked = new Set(theirs.blockingGuards);
  return mine.blockingGuards.filter((g) => !colleagueBlocked.has(g));
}

/** The Dutch description of a guard, for saying why a step is not offered. */
export function guardDescription(procedure: string, guard: string): string | undefined {
  return findProcedure(procedure)?.guards?.[guard]?.description;
}
