// Reads a procedure's machine as a graph: its states (with their meta) and transitions. Used for the
// diagram, for state labels of listed cases and for the supervisor board. Reading only: no rules here.
import type { AnyStateNode } from 'xstate';
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

const pathOf = (node: AnyStateNode) => node.path.join('.');

export function procedureGraph(def: ProcedureDefinition): ProcedureGraph {
  const cached = cache.get(def);
  if (cached) return cached;
  const states: GraphState[] = [];
  const transitions: GraphTransition[] = [];
  const visit = (node: AnyStateNode, depth: number) => {
    const initialTargets = new Set((node.initial?.target ?? []).map((n: AnyStateNode) => pathOf(n)));
    for (const child of Object.values(node.states) as AnyStateNode[]) {
      const meta = child.meta as StateMeta | undefined;
      const id = pathOf(child);
      states.push({
        id,
        key: child.key,
        ...(depth > 0 ? { parent: pathOf(node) } : {}),
        depth,
        type: child.type,
        label: meta?.label ?? labelFromAncestors(child),
        ...(meta ? { meta } : {}),
        initial: initialTargets.has(id) || node.type === 'parallel',
      });
      for (const [event, list] of child.transitions) {
        const eventDef = def.events[event];
        for (const t of list) {
          const targets = (t.target ?? []) as AnyStateNode[];
          const base = {
            from: id,
            event,
            label: eventDef?.label ?? event,
            system: eventDef?.roles.includes('system') ?? event.startsWith('xstate.'),
            guarded: t.guard !== undefined,
          };
          if (targets.length === 0) transitions.push(base);
          for (const target of targets) if (target !== def.machine.root) transitions.push({ ...base, to: pathOf(target) });
        }
      }
      visit(child, depth + 1);
    }
  };
  visit(def.machine.root as AnyStateNode, 0);
  const graph = { states, transitions };
  cache.set(def, graph);
  return graph;
}

function labelFromAncestors(node: AnyStateNode): string {
  for (let n: AnyStateNode | undefined = node.parent; n; n = n.parent) {
    const label = (n.meta as StateMeta | undefined)?.label;
    if (label) return label;
  }
  return node.key;
}

/** The leaf state paths of a state string such as `open.rung1.awaitingResponse + x.y`. */
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
