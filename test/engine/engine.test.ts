// The generic runner's rules, proved on a small fixture procedure with pure functions (no Temporal).
import { describe, expect, it } from 'vitest';
import { ProcedureError } from '../../workflows/errors.ts';
import {
  applyEvent,
  applySupervisorAction,
  dueReminders,
  scheduleExpiryNotice,
  nextWakeAt,
  validateSupervisorAction,
  dueDeadlines,
  expireDeadline,
  persist,
  restore,
  startCase,
  stateString,
  validateEvent,
  viewCase,
  type CaseRuntime,
} from '../../workflows/engine.ts';
import { assertValidCaseId, caseWorkflowId } from '../../workflows/constants.ts';
import { reviewProcedure } from '../fixtures/reviewProcedure.ts';

// Thursday 2 April 2026, 10:00 Amsterdam (08:00Z): the 5 working days skip Goede Vrijdag and Tweede Paasdag.
const T0 = '2026-04-02T08:00:00.000Z';
const provider = { provider: 'aanbieder-042' };

function started(): CaseRuntime {
  return startCase(reviewProcedure, { caseId: 'RV-1', procedureId: 'escalation-ladder', startedBy: { role: 'contractmanager', userId: 'anna' }, data: provider }, T0).rt;
}

function refusal(fn: () => unknown): ProcedureError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ProcedureError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

function submit(rt: CaseRuntime, userId = 'bert') {
  const event = validateEvent(rt, { type: 'plan.submitted', actor: { role: 'aanbieder', userId }, payload: { title: 'Plan A' } }, T0);
  return applyEvent(rt, event);
}

describe('generic runner', () => {
  it('records the start in the history and waits on the role named in the state meta', () => {
    const rt = started();
    expect(stateString(rt.snapshot)).toBe('draft');
    expect(rt.history).toMatchObject([{ seq: 1, kind: 'start', type: 'case.started', to: 'draft', actor: { role: 'contractmanager', userId: 'anna' } }]);
    expect(viewCase(rt, { nowMs: Date.parse(T0) }).waitingOn).toEqual(['aanbieder']);
  });

  it('refuses an event the role may not send, naming the roles allowed and the rule', () => {
    const rt = started();
    const err = refusal(() => validateEvent(rt, { type: 'plan.approved', actor: { role: 'aanbieder', userId: 'bert' }, payload: {} }, T0));
    expect(err.code).toBe('ROLE_NOT_ALLOWED');
    expect(err.field).toBe('actor.role');
    expect(err.state).toBe('draft');
    expect(err.rule).toBe('test: four-eyes');
    expect(err.allowedEvents).toEqual(['plan.submitted']);
  });

  it('refuses an event that has no move in the current state, listing the events allowed there', () => {
    const rt = started();
    const err = refusal(() => validateEvent(rt, { type: 'plan.approved', actor: { role: 'contractmanager', userId: 'anna' }, payload: {} }, T0));
    expect(err.code).toBe('EVENT_NOT_ALLOWED');
    expect(err.message).toContain("not allowed in state draft");
    expect(err.allowedEvents).toEqual(['plan.submitted']);
  });

  it('refuses a payload that fails the event schema, naming the field', () => {
    const rt = started();
    const err = refusal(() => validateEvent(rt, { type: 'plan.submitted', actor: { role: 'aanbieder', userId: 'bert' }, payload: { title: 'x' } }, T0));
    expect(err.code).toBe('INVALID_PAYLOAD');
    expect(err.field).toBe('payload.title');
    const unknownField = refusal(() =>
      validateEvent(rt, { type: 'plan.submitted', actor: { role: 'aanbieder', userId: 'bert' }, payload: { title: 'Plan', extra: 1 } }, T0),
    );
    expect(unknownField.code).toBe('INVALID_PAYLOAD');
  });

  it('refuses unknown events and unknown senders, and never lets a person send an engine event', () => {
    const rt = started();
    expect(refusal(() => validateEvent(rt, { type: 'nope', actor: { role: 'aanbieder', userId: 'b' } }, T0)).code).toBe('UNKNOWN_EVENT');
    expect(refusal(() => validateEvent(rt, { type: 'plan.submitted', actor: { role: 'nobody' as never, userId: 'b' } }, T0)).code).toBe('INVALID_ACTOR');
    expect(refusal(() => validateEvent(rt, { type: 'plan.submitted', actor: { role: 'system' as never, userId: 'b' } }, T0)).code).toBe('INVALID_ACTOR');
  });

  it('a guard that says no is a refusal that quotes the guard description (four-eyes)', () => {
    const rt = started();
    submit(rt, 'anna');
    const err = refusal(() => validateEvent(rt, { type: 'plan.approved', actor: { role: 'contractmanager', userId: 'anna' }, payload: {} }, T0));
    expect(err.code).toBe('GUARD_FAILED');
    expect(err.message).toContain('Niet toegestaan: een tweede persoon keurt goed');
    expect(err.state).toBe('submitted.pending');
    const ok = validateEvent(rt, { type: 'plan.approved', actor: { role: 'contractmanager', userId: 'carla' }, payload: {} }, T0);
    applyEvent(rt, ok);
    expect(rt.snapshot.status).toBe('done');
  });

  it('entering a state opens its deadline with the working-day calendar; the explanation names the skipped days', () => {
    const rt = started();
    const { effects } = submit(rt);
    expect(effects).toEqual([{ type: 'notify', params: { template: 'submitted' }, seq: 2 }]);
    expect(rt.deadlines).toHaveLength(1);
    const d = rt.deadlines[0]!;
    expect(d).toMatchObject({ name: 'review', from: '2026-04-02', due: '2026-04-13', dueAt: '2026-04-13T21:59:59.999Z', status: 'open', stateNode: 'review.submitted' });
    expect(d.skipped.map((s) => s.reason)).toContain('Goede Vrijdag');
    expect(d.skipped.map((s) => s.reason)).toContain('Tweede Paasdag');
  });

  it('a deadline is due only after the end of its due date, and its expiry moves the machine (never a silent no-op)', () => {
    const rt = started();
    submit(rt);
    expect(dueDeadlines(rt, Date.parse('2026-04-13T21:59:59.000Z'))).toHaveLength(0);
    const [due] = dueDeadlines(rt, Date.parse('2026-04-13T22:00:00.000Z'));
    expect(due?.name).toBe('review');
    const { entry } = expireDeadline(rt, due!, '2026-04-13T22:00:00.000Z');
    expect(entry).toMatchObject({ kind: 'expiry', type: 'review.expired', from: 'submitted.pending', to: 'submitted.late', actor: { role: 'system' } });
    const view = viewCase(rt, { nowMs: Date.parse('2026-04-14T08:00:00Z') });
    expect(view.deadlines[0]).toMatchObject({ name: 'review', overdue: true, status: 'expired' });
    expect(view.overdue).toBe(true);
  });

  it('leaving the state closes its deadline', () => {
    const rt = started();
    submit(rt);
    applyEvent(rt, validateEvent(rt, { type: 'plan.approved', actor: { role: 'contractmanager', userId: 'carla' }, payload: {} }, T0));
    expect(rt.deadlines).toEqual([]);
  });

  it('a case survives persist and restore (continue-as-new) with state, history and deadlines', () => {
    const rt = started();
    submit(rt);
    const json = JSON.parse(JSON.stringify(persist(rt)));
    const back = restore(reviewProcedure, json);
    expect(stateString(back.snapshot)).toBe('submitted.pending');
    expect(back.history).toEqual(rt.history);
    expect(back.deadlines).toEqual(rt.deadlines);
    expect(refusal(() => validateEvent(back, { type: 'plan.approved', actor: { role: 'contractmanager', userId: 'bert' }, payload: {} }, T0)).code).toBe('GUARD_FAILED');
  });

  it('opt-out personal data is withheld from the commissioning body but shown to the case director', () => {
    const rt = { ...started(), optOut: true, personalData: { name: 'Jan Jansen', bsn: '111222333' } };
    const cm = viewCase(rt, { role: 'contractmanager', nowMs: 0 });
    expect(cm.personalData).toBeUndefined();
    expect(cm.personalDataWithheld).toBe(true);
    expect(JSON.stringify(cm)).not.toContain('Jansen');
    expect(viewCase(rt, { role: 'casusregisseur', nowMs: 0 }).personalData).toEqual({ name: 'Jan Jansen', bsn: '111222333' });
  });
});

describe('case ids', () => {
  it('case ids become workflow ids and must not carry a BSN', () => {
    expect(caseWorkflowId('ESC-2026-001')).toBe('case-ESC-2026-001');
    expect(() => assertValidCaseId('a b')).toThrow(ProcedureError);
    expect(() => assertValidCaseId('ESC-111222333')).toThrow(/BSN/);
    expect(() => assertValidCaseId('ESC-123456789')).not.toThrow();
  });
});

describe('reminders and supervisor fixes', () => {
  const supervisor = { role: 'supervisor' as const, userId: 'sam' };

  it('reminders go out at 08:00 Amsterdam, 5 and 1 working days before the due date, to the role that must act', () => {
    const rt = started();
    submit(rt); // due Monday 13 April 2026; 5 wd before = Thursday 2 April (the day it opened, 10:00 > 08:00: passed over); 1 wd before = Friday 10 April
    expect(nextWakeAt(rt)).toBe(Date.parse('2026-04-10T06:00:00.000Z'));
    expect(dueReminders(rt, Date.parse('2026-04-10T05:59:59.000Z'))).toEqual([]);
    const sent = dueReminders(rt, Date.parse('2026-04-10T06:00:00.000Z'));
    expect(sent.map((e) => e.params)).toEqual([expect.objectContaining({ deadline: 'review', offset: 1, due: '2026-04-13', to: ['contractmanager'] })]);
    expect(dueReminders(rt, Date.parse('2026-04-10T07:00:00.000Z'))).toEqual([]);
    expect(nextWakeAt(rt)).toBe(Date.parse('2026-04-13T21:59:59.999Z'));
  });

  it('the expiry notice also goes to the contract manager, at 08:00 on the next working day, not at midnight', () => {
    const rt = started();
    submit(rt); // due Monday 13 April 2026, ends at midnight
    scheduleExpiryNotice(rt, rt.deadlines[0]!);
    rt.deadlines = []; // the case moved on; the notice is still held
    expect(nextWakeAt(rt)).toBe(Date.parse('2026-04-14T06:00:00.000Z'));
    expect(dueReminders(rt, Date.parse('2026-04-14T05:59:00.000Z'))).toEqual([]);
    const [notice] = dueReminders(rt, Date.parse('2026-04-14T06:00:00.000Z'));
    expect(notice?.params).toMatchObject({ offset: -1, to: ['contractmanager'], deadline: 'review' });
    expect(nextWakeAt(rt)).toBeUndefined();
  });

  it('a resent reminder gets its own message key, so it is not taken for the one already sent', () => {
    const rt = started();
    submit(rt);
    const fix = validateSupervisorAction(rt, { actor: supervisor, fix: { action: 'reminder.resent', deadline: 'review', ground: 'storing', reason: 'mail kwam niet aan' } });
    const first = applySupervisorAction(rt, fix, supervisor, T0).effects[0]!.params as { key: string; resent?: boolean };
    const second = applySupervisorAction(rt, fix, supervisor, T0).effects[0]!.params as { key: string; resent?: boolean };
    expect(first.resent).toBe(true);
    expect(first.key).not.toBe(second.key);
  });

  it('only a supervisor may correct a case, and a correction needs a reason', () => {
    const rt = started();
    submit(rt);
    expect(refusal(() => validateSupervisorAction(rt, { actor: { role: 'contractmanager', userId: 'anna' }, fix: { action: 'clock.suspended', ground: 'overmacht', reason: 'ziekte' } })).code).toBe('ROLE_NOT_ALLOWED');
    const noReason = refusal(() => validateSupervisorAction(rt, { actor: supervisor, fix: { action: 'clock.suspended', ground: 'overmacht', reason: '' } }));
    expect(noReason.code).toBe('INVALID_PAYLOAD');
    expect(noReason.field).toBe('fix.reason');
  });

  it('extending a deadline moves its due date and its reminders, and is recorded with the reason', () => {
    const rt = started();
    submit(rt);
    const fix = validateSupervisorAction(rt, { actor: supervisor, fix: { action: 'deadline.extended', deadline: 'review', workingDays: 3, ground: 'overmacht', reason: 'aanbieder ziek' } });
    const { entry } = applySupervisorAction(rt, fix, supervisor, '2026-04-03T08:00:00.000Z');
    expect(rt.deadlines[0]).toMatchObject({ due: '2026-04-16', dueAt: '2026-04-16T21:59:59.999Z', status: 'open' });
    expect(entry).toMatchObject({ kind: 'supervisor', type: 'supervisor.deadline.extended', reason: 'aanbieder ziek', actor: supervisor });
    expect(nextWakeAt(rt)).toBe(Date.parse('2026-04-09T06:00:00.000Z')); // 5 working days before Thursday 16 April
  });

  it('a suspended legal clock fires nothing, and resuming moves the deadline by the suspended working days', () => {
    const rt = started();
    submit(rt);
    applySupervisorAction(rt, validateSupervisorAction(rt, { actor: supervisor, fix: { action: 'clock.suspended', ground: 'bezwaar-loopt', reason: 'bezwaar loopt' } }), supervisor, '2026-04-07T09:00:00.000Z');
    expect(nextWakeAt(rt)).toBeUndefined();
    expect(dueDeadlines(rt, Date.parse('2026-04-20T00:00:00Z'))).toEqual([]);
    // Tuesday 7 April to Thursday 9 April: 2 working days suspended.
    applySupervisorAction(rt, validateSupervisorAction(rt, { actor: supervisor, fix: { action: 'clock.resumed', ground: 'grond-vervallen', reason: 'bezwaar afgehandeld' } }), supervisor, '2026-04-09T09:00:00.000Z');
    expect(rt.deadlines[0]).toMatchObject({ due: '2026-04-15' });
    expect(rt.deadlines[0]!.explanation).toContain('2 werkdag(en) opgeschort');
  });

  it('a cancelled case accepts no more events', () => {
    const rt = started();
    applySupervisorAction(rt, validateSupervisorAction(rt, { actor: supervisor, fix: { action: 'case.cancelled', ground: 'dubbele-zaak', reason: 'dubbel aangemaakt' } }), supervisor, T0);
    expect(refusal(() => validateEvent(rt, { type: 'plan.submitted', actor: { role: 'aanbieder', userId: 'b' }, payload: { title: 'Plan A' } }, T0)).code).toBe('CASE_CLOSED');
    expect(viewCase(rt, { nowMs: 0 }).status).toBe('closed');
  });
});
