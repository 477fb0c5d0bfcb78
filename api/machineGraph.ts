// Reads a procedure's machine as a graph: its states (with their meta) and transitions. Used for the
// diagram, for state labels of listed cases and for the supervisor board. Reading only: no rules here.
// The walk itself is machines/introspect.ts's `stateTree`, the one way to read a machine.
import { leafPaths, stateTree, withAncestors } from '../machines/introspect.ts';
import type { ProcedureDefinition, StateMeta } from '../machines/types.ts';

export interface GraphState {
  /** Dot path, e.g. `open.rung1.awaitingResponse` (the same paths as CaseView.statePaths). */
  id: string;
  key: string;
  parent?: string;
  depth: number;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  label: string;
  meta?: StateMeta;
  /** The state entered first when its parent is entered. */
  initial: boolean;
}

export interface GraphTransition {
  from: string;
  /** Undefined: the event is handled without leaving the state. */
  to?: string;
  event: string;
  label: string;
  /** Sent by the engine (a deadline expired). */
  system: boolean;
  guarded: boolean;
}

export interface ProcedureGraph {
  states: GraphState[];
  transitions: GraphTransition[];
}

const cache = new WeakMap<ProcedureDefinition, ProcedureGraph>();

export function procedureGraph(def: ProcedureDefinition): ProcedureGraph {
  const cached = cache.get(def);
  if (cached) return cached;
  const states: GraphState[] = [];
  const transitions: GraphTransition[] = [];
  for (const { transitions: own, ...state } of stateTree(def.machine)) {
    states.push(state);
    for (const t of own) {
      const eventDef = def.events[t.event];
      const base = {
        from: state.id,
        event: t.event,
        label: eventDef?.label ?? t.event,
        system: eventDef?.roles.includes('system') ?? t.event.startsWith('xstate.'),
        guarded: t.guarded,
      };
      if (t.targets.length === 0) transitions.push(base);
      // A transition to the root (path '') restarts the machine: not an arc between states.
      for (const to of t.targets) if (to !== '') transitions.push({ ...base, to });
    }
  }
  const graph = { states, transitions };
  cache.set(def, graph);
  return graph;
}

export { leafPaths, withAncestors };

function stateById(def: ProcedureDefinition, id: string): GraphState | undefined {
  return procedureGraph(def).states.find((s) => s.id === id);
}

/** The Dutch label of a state string (as in CaseSummary.state), like the engine's stateLabel. */
export function labelOfState(def: ProcedureDefinition | undefined, state: string): string {
  if (!def || !state) return state;
  return leafPaths(state)
    .map((leaf) => stateById(def, leaf)?.label ?? leaf)
    .join(' · ');
}

/**
 * Expected working days in the current state: for each active leaf the nearest `expectedWorkingDays`
 * (the leaf's own, else an ancestor's); the smallest of those. Undefined when no state sets one.
 */
export function expectedWorkingDaysOf(def: ProcedureDefinition, state: string): { days: number; state: string } | undefined {
  let best: { days: number; state: string } | undefined;
  for (const leaf of leafPaths(state)) {
    const chain = withAncestors(leaf).reverse();
    for (const id of chain) {
      const days = stateById(def, id)?.meta?.expectedWorkingDays;
      if (days !== undefined) {
        if (!best || days < best.days) best = { days, state: id };
        break;
      }
    }
  }
  return best;
}

/** States the machine enters when a deadline expires (targets of engine events): a case there has let a term pass. */
export function expiryStates(def: ProcedureDefinition): Map<string, GraphTransition> {
  const out = new Map<string, GraphTransition>();
  for (const t of procedureGraph(def).transitions) {
    if (t.system && t.to && t.to !== t.from && !out.has(t.to)) out.set(t.to, t);
  }
  return out;
}
