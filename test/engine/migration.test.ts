// Procedure versions, proved with pure functions (no Temporal): the registry keeps every version beside
// the others, and a migration moves a case to a newer version only from a state that version declares
// safe, renaming states where it says so and recomputing the terms with its deadlines.
import { createMachine, type AnyStateMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { findProcedure, listProcedures, listProcedureVersions } from '../../machines/index.ts';
import type { DeadlineDefinition, ProcedureDefinition, ProcedureMigration } from '../../machines/types.ts';
import { createVersionRegistry, mapStatePath, stateValueOf, uncoveredStates } from '../../machines/versions.ts';
import { persist, restore, startCase, stateString, stepEvent, type CaseRuntime } from '../../workflows/engine.ts';
import { refusal } from '../support/refusal.ts';
import { stepMigration, validateMigration } from '../../workflows/migration.ts';
import { reviewProcedure } from '../fixtures/reviewProcedure.ts';

// Thursday 2 April 2026, 10:00 Amsterdam; the meeting is that day, so the follow-up term counts from it.
const T0 = '2026-04-02T08:00:00.000Z';
const T1 = '2026-04-03T08:00:00.000Z';
const supervisor = { role: 'supervisor' as const, userId: 'sam' };
const migrate = { actor: supervisor, ground: 'nieuwe-versie', reason: 'Nieuwe regels per 1 april' };

/** The review fixture's config, copied (functions kept), with `meeting` renamed and the follow-up term set to `n`. */
function reviewVersion(version: number, n: number, migration?: ProcedureMigration): ProcedureDefinition {
  const copy = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(copy);
    if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k === 'meeting' ? 'consultation' : k, k === 'target' && v === 'meeting' ? 'consultation' : k === 'deadlines' ? (v as DeadlineDefinition[]).map((d) => ({ ...d, n })) : copy(v)]),
    );
  };
  const machine = createMachine(copy(reviewProcedure.machine.config) as never, reviewProcedure.machine.implementations as never) as unknown as AnyStateMachine;
  return { ...reviewProcedure, version, machine, ...(migration ? { migration } : {}) };
}

const toV2: ProcedureMigration = { from: 1, migratableFrom: ['draft', 'meeting'], stateMap: { meeting: 'consultation' }, description: 'Vervolgtermijn 8 werkdagen', rule: 'test: versie 2' };
const reviewV2 = reviewVersion(2, 8, toV2);
const versions = () => [reviewProcedure, reviewV2];


/** A v1 review case after a meeting on T0: state `meeting`, follow-up term of 5 working days from 2 April. */
function afterMeeting(): CaseRuntime {
  const rt = startCase(reviewProcedure, { caseId: 'RV-M', procedureId: 'review', startedBy: { role: 'contractmanager', userId: 'anna' }, data: { provider: 'aanbieder-042' } }, T0).rt;
  return stepEvent(rt, { type: 'meeting.planned', actor: { role: 'gemeente', userId: 'gina' }, payload: { on: '2026-04-02' } }, T0).rt;
}

describe('the registry holds every version of a procedure beside the others', () => {
  it('new cases get the newest version; a case finds the version it started under', () => {
    const registry = createVersionRegistry([reviewProcedure, reviewV2]);
    expect(registry.find('review')).toBe(reviewV2);
    expect(registry.find('review', 1)).toBe(reviewProcedure);
    expect(registry.find('review', 3)).toBeUndefined();
    expect(registry.all().map((p) => p.version)).toEqual([1, 2]);
    expect(registry.newest()).toEqual([reviewV2]);
  });

  it('refuses a version registered twice, and a migration that does not come from an older version', () => {
    expect(() => createVersionRegistry([reviewProcedure, reviewProcedure])).toThrow(/registered twice/);
    expect(() => createVersionRegistry([reviewVersion(2, 8, { ...toV2, from: 2 })])).toThrow(/not older/);
  });

  it('every production procedure is version 1 today, and the lists name each once', () => {
    expect(listProcedureVersions().map((p) => `${p.id}@${p.version}`)).toEqual(listProcedures().map((p) => `${p.id}@1`));
    for (const p of listProcedures()) expect(findProcedure(p.id, 1)).toBe(p);
  });

  it('state paths: a path covers the states below it, renames map a whole subtree, parallel leaves make one value', () => {
    expect(uncoveredStates(toV2, ['meeting'])).toEqual([]);
    expect(uncoveredStates(toV2, ['submitted.pending'])).toEqual(['submitted.pending']);
    expect(uncoveredStates({ ...toV2, migratableFrom: ['submitted'] }, ['submitted.pending'])).toEqual([]);
    expect(mapStatePath({ ...toV2, stateMap: { 'open.a': 'open.b' } }, 'open.a.x')).toBe('open.b.x');
    expect(mapStatePath({ ...toV2, stateMap: { 'open.a': 'open.b' } }, 'open.ab')).toBe('open.ab');
    expect(stateValueOf(['closed'])).toBe('closed');
    expect(stateValueOf(['open.rung1.awaitingResponse'])).toEqual({ open: { rung1: 'awaitingResponse' } });
    expect(stateValueOf(['open.measure.window', 'open.recovery.inForce'])).toEqual({ open: { measure: 'window', recovery: 'inForce' } });
  });
});

describe('a case moves to a newer version only by a supervisor migration from a safe state', () => {
  it('renames the state as the new version says, keeps the term start and recomputes it with the new length; the dossier records it', () => {
    const rt = afterMeeting();
    const before = rt.deadlines.find((d) => d.name === 'followUp')!;
    expect(before).toMatchObject({ n: 5, from: '2026-04-02', due: '2026-04-13' });

    const { rt: next, entry } = stepMigration(rt, migrate, T1, versions);
    expect(next.version).toBe(2);
    expect(next.definition).toBe(reviewV2);
    expect(stateString(next.snapshot)).toBe('consultation');
    const after = next.deadlines.find((d) => d.name === 'followUp')!;
    // 8 working days from Thursday 2 April: Goede Vrijdag and Tweede Paasdag do not count.
    expect(after).toMatchObject({ n: 8, from: '2026-04-02', due: '2026-04-16', status: 'open', stateNode: 'review.consultation' });
    expect(entry).toMatchObject({
      kind: 'supervisor',
      type: 'supervisor.case.migrated',
      from: 'meeting',
      to: 'consultation',
      ground: { code: 'nieuwe-versie' },
      reason: 'Nieuwe regels per 1 april',
      payload: { fromVersion: 1, toVersion: 2 },
    });
    expect(next.history.at(-1)).toEqual(entry);
    // The original is untouched (the validator's dry run and a refused handler change nothing).
    expect(rt.version).toBe(1);
    expect(stateString(rt.snapshot)).toBe('meeting');
    // The migrated case survives continue-as-new on version 2.
    const carried = restore(reviewV2, JSON.parse(JSON.stringify(persist(next))));
    expect(stateString(carried.snapshot)).toBe('consultation');
    expect(carried.version).toBe(2);
  });

  it('is refused in a state the new version does not declare safe, naming the safe states and the state', () => {
    const rt = startCase(reviewProcedure, { caseId: 'RV-S', procedureId: 'review', startedBy: { role: 'contractmanager', userId: 'anna' }, data: { provider: 'aanbieder-042' } }, T0).rt;
    const submitted = stepEvent(rt, { type: 'plan.submitted', actor: { role: 'aanbieder', userId: 'bert' }, payload: { title: 'Plan A' } }, T0).rt;
    const err = refusal(() => stepMigration(submitted, migrate, T1, versions));
    expect(err).toMatchObject({ code: 'EVENT_NOT_ALLOWED', state: 'submitted.pending' });
    expect(err.message).toContain('declares safe only draft, meeting');
    expect(err.message).toContain('Niet toegestaan');
    expect(err.rule).toContain('test: versie 2');
  });

  it('is refused when there is no newer version, and when the new version does not migrate from the case version', () => {
    const rt = afterMeeting();
    expect(refusal(() => validateMigration(rt, migrate, () => [reviewProcedure]))).toMatchObject({ code: 'EVENT_NOT_ALLOWED', field: 'toVersion' });
    const v3 = reviewVersion(3, 9, { ...toV2, from: 2 });
    const err = refusal(() => validateMigration(rt, { ...migrate, toVersion: 3 }, () => [reviewProcedure, reviewV2, v3]));
    expect(err.message).toContain('one version at a time');
    expect(refusal(() => validateMigration(rt, { ...migrate, toVersion: 1 }, versions))).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'toVersion' });
  });

  it('is refused when the new version would end a running term earlier: a migration never shortens a term', () => {
    const shorter = reviewVersion(2, 2, toV2);
    const err = refusal(() => stepMigration(afterMeeting(), migrate, T1, () => [reviewProcedure, shorter]));
    expect(err.code).toBe('EVENT_NOT_ALLOWED');
    expect(err.message).toContain('never shortens a running term');
  });

  it('only a supervisor migrates, with a ground from the closed list and a reason without a BSN', () => {
    const rt = afterMeeting();
    expect(refusal(() => validateMigration(rt, { ...migrate, actor: { role: 'contractmanager', userId: 'anna' } }, versions)).code).toBe('ROLE_NOT_ALLOWED');
    expect(refusal(() => validateMigration(rt, { ...migrate, ground: 'overmacht' }, versions))).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'ground' });
    expect(refusal(() => validateMigration(rt, { ...migrate, reason: 'Jeugdige 111222333 heeft nieuwe regels' }, versions))).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'reason' });
    expect(refusal(() => validateMigration(rt, { ...migrate, reason: 'x'.repeat(1001) }, versions))).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'reason' });
  });
});
