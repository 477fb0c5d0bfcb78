// One way to read a machine (issue 13 §3): the engine, the API's graph, the procedure description and
// the console read machines through machines/introspect.ts, so what they show of a state agrees.
import { describe, expect, it } from 'vitest';
import { labelOfState, procedureGraph } from '../../api/machineGraph.ts';
import { leafPaths, stateTree, withAncestors } from '../../machines/introspect.ts';
import { listProcedures } from '../../machines/index.ts';
import { describeProcedure } from '../../operations/procedures.ts';
import { startCase, viewCase } from '../../workflows/engine.ts';
import { reviewProcedure } from '../fixtures/reviewProcedure.ts';

describe('one way to read a machine', () => {
  it('the API graph and the procedure description list exactly the states of the state tree, in its order', () => {
    for (const def of [...listProcedures(), reviewProcedure]) {
      const tree = stateTree(def.machine);
      expect(tree.length, def.id).toBeGreaterThan(1);
      expect(procedureGraph(def).states.map((s) => s.id), def.id).toEqual(tree.map((n) => n.id));
      expect(describeProcedure(def).states.map((s) => s.id), def.id).toEqual(tree.map((n) => n.id));
      // Parents come before their children, and every parent is a state of the tree.
      const seen = new Set<string>();
      for (const n of tree) {
        if (n.parent !== undefined) expect(seen.has(n.parent), `${def.id}: ${n.id} after ${n.parent}`).toBe(true);
        seen.add(n.id);
      }
    }
  });

  it('a state reads the same in the engine and in the API: state string, Dutch label and state paths', () => {
    const rt = startCase(reviewProcedure, { caseId: 'RV-INTRO', procedureId: 'escalation-ladder', startedBy: { role: 'contractmanager', userId: 'anna' }, data: { provider: 'aanbieder-042' } }, '2026-04-02T08:00:00.000Z').rt;
    const view = viewCase(rt, { nowMs: 0 });
    expect(view.stateLabel).toBe(labelOfState(reviewProcedure, view.state));
    expect([...view.statePaths].sort()).toEqual([...new Set(leafPaths(view.state).flatMap(withAncestors))].sort());
    const ids = new Set(stateTree(reviewProcedure.machine).map((n) => n.id));
    for (const path of view.statePaths) expect(ids.has(path), path).toBe(true);
  });
});
