// One way to read a machine (issue 13 §3): the engine, the API's graph, the procedure description and
// the console read machines through machines/introspect.ts, so what they show of a state agrees.
import { describe, expect, it } from 'vitest';
import { labelOfState, procedureGraph } from '../../api/machineGraph.ts';
import { activeStatePaths, activeStateNodes, handledEventTypes, leafPaths, stateOf, stateTree, withAncestors } from '../../machines/introspect.ts';
import { findProcedure, listProcedures } from '../../machines/index.ts';
import { describeProcedure } from '../../operations/procedures.ts';
import { persist, restore, startCase, stepEvent, viewCase } from '../../workflows/engine.ts';
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

describe('what follows from the active states is read once per configuration', () => {
  it('a step that leaves the states as they were reads them from the same configuration; a step that moves reads the new one, and both read as a case restored from storage reads (computed afresh)', () => {
    const ladder = findProcedure('escalation-ladder')!;
    const cm = { role: 'contractmanager' as const, userId: 'anna' };
    const at = '2026-04-02T08:00:00.000Z';
    const read = (snapshot: ReturnType<typeof startCase>['rt']['snapshot']) => ({ state: stateOf(snapshot), paths: activeStatePaths(snapshot), handled: [...handledEventTypes(snapshot)] });
    let rt = startCase(ladder, { caseId: 'CONF-1', procedureId: ladder.id, startedBy: cm, data: { provider: 'AGB-12345678', signal: { category: 'kwaliteit', description: 'Signaal zonder persoonsgegevens', receivedOn: '2026-04-01' } } }, at).rt;
    // A case restored from storage has a node list of its own: what is read from it is computed afresh.
    const fresh = (c: typeof rt) => read(restore(ladder, JSON.parse(JSON.stringify(persist(c)))).snapshot);
    const before = rt.snapshot;
    expect(read(before)).toEqual(fresh(rt));
    rt = stepEvent(rt, { type: 'hearing.recorded', actor: cm, payload: { date: '2026-04-02', providerPosition: 'Standpunt van de aanbieder', findings: 'Bevindingen uit het dossier' } }, at).rt;
    expect(rt.snapshot).not.toBe(before);
    // The same states: the same configuration, read once (the very same frozen list of nodes).
    expect(activeStateNodes(rt.snapshot)).toBe(activeStateNodes(before));
    expect(read(rt.snapshot)).toEqual(fresh(rt));
    rt = stepEvent(rt, { type: 'rung.chosen', actor: cm, payload: { rung: 1, reason: 'Onderbouwing met voldoende tekst', arrangements: 'Tweewekelijks gesprek met de teammanager' } }, at).rt;
    expect(activeStateNodes(rt.snapshot)).not.toBe(activeStateNodes(before));
    expect(read(rt.snapshot)).toEqual(fresh(rt));
    expect(stateOf(rt.snapshot)).not.toBe(stateOf(before));
    expect(read(rt.snapshot).state).toMatch(/rung1/);
  });
});
