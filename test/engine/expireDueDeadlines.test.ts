// The expiry step an update runs first (pure, no Temporal): every term whose end has passed expires,
// as its timer would have done, before the update is judged. The workflow proofs are in
// test/workflows/expiryBeforeUpdate.test.ts.
import { describe, expect, it } from 'vitest';
import { applyEvent, copyRuntime, expireDueDeadlines, startCase, stateString, validateEvent, type CaseRuntime } from '../../workflows/engine.ts';
import { reviewProcedure } from '../fixtures/reviewProcedure.ts';

// Thursday 2 April 2026, 10:00 Amsterdam: the 5-working-day review term ends at the end of 13 April.
const T0 = '2026-04-02T08:00:00.000Z';
const AFTER_END = '2026-04-14T07:00:00.000Z';

function submitted(): CaseRuntime {
  const rt = startCase(reviewProcedure, { caseId: 'RV-2', procedureId: 'escalation-ladder', startedBy: { role: 'contractmanager', userId: 'anna' }, data: { provider: 'aanbieder-042' } }, T0).rt;
  applyEvent(rt, validateEvent(rt, { type: 'plan.submitted', actor: { role: 'aanbieder', userId: 'bert' }, payload: { title: 'Plan A' } }, T0));
  return rt;
}

describe('a term whose end has passed expires before an update is judged', () => {
  it('the expiry is the one the timer runs: recorded by the system, the machine moved, the expiry notice held for the morning', () => {
    const rt = submitted();
    const seen: string[] = [];
    const after = expireDueDeadlines(rt, Date.parse(AFTER_END), AFTER_END, (_, d) => seen.push(d.name));
    expect(seen).toEqual(['review']);
    expect(stateString(after.snapshot)).toBe('submitted.late');
    expect(after.history.at(-1)).toMatchObject({ kind: 'expiry', type: 'review.expired', from: 'submitted.pending', to: 'submitted.late', actor: { role: 'system' } });
    expect(after.scheduled?.map((s) => s.effect.type)).toContain('deadline.reminder');
  });

  it('the dry run on a copy leaves the case as it was (a validator writes nothing)', () => {
    const rt = submitted();
    const before = JSON.stringify(copyRuntime(rt).history);
    const after = expireDueDeadlines(copyRuntime(rt), Date.parse(AFTER_END), AFTER_END);
    expect(stateString(after.snapshot)).toBe('submitted.late');
    expect(stateString(rt.snapshot)).toBe('submitted.pending');
    expect(JSON.stringify(rt.history)).toBe(before);
    expect(rt.deadlines[0]).toMatchObject({ status: 'open' });
  });

  it('before the end of the due day nothing expires', () => {
    const rt = submitted();
    const justBefore = '2026-04-13T21:59:59.000Z';
    expect(expireDueDeadlines(rt, Date.parse(justBefore), justBefore)).toBe(rt);
    expect(stateString(rt.snapshot)).toBe('submitted.pending');
  });
});
