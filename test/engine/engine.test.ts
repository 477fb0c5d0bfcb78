// The generic runner's rules, proved on a small fixture procedure with pure functions (no Temporal).
import { describe, expect, it } from 'vitest';
import { transition } from 'xstate';
import { findProcedure, type Role } from '../../machines/index.ts';
import { pureTransition } from '../../workflows/engine/stepping.ts';
import { ProcedureError } from '../../workflows/errors.ts';
import { refusal } from '../support/refusal.ts';
import {
  answerCase,
  applyEvent,
  applySupervisorAction,
  dueReminders,
  expandAnswer,
  scheduleExpiryNotice,
  nextWakeAt,
  validateSupervisorAction,
  dueDeadlines,
  expireDeadline,
  persist,
  fitsIn,
  persistedLength,
  persistedSize,
  restore,
  startCase,
  stateString,
  stepEvent,
  stepSupervisorAction,
  validateEvent,
  viewCase,
  CASE_SIZE_BUDGET,
  GROUNDS_PER_FIX,
  HISTORY_PAGE_ENTRIES,
  MAX_REASON,
  SUPERVISOR_GROUNDS,
  type CaseDeadline,
  type CaseRuntime,
  type UpdateAnswer,
  waitingOn,
} from '../../workflows/engine.ts';
import { assertValidCaseId, caseWorkflowId } from '../../workflows/constants.ts';
import { reviewProcedure } from '../fixtures/reviewProcedure.ts';

// Thursday 2 April 2026, 10:00 Amsterdam (08:00Z): the 5 working days skip Goede Vrijdag and Tweede Paasdag.
const T0 = '2026-04-02T08:00:00.000Z';
const provider = { provider: 'aanbieder-042' };

function started(): CaseRuntime {
  return startCase(reviewProcedure, { caseId: 'RV-1', procedureId: 'escalation-ladder', startedBy: { role: 'contractmanager', userId: 'anna' }, data: provider }, T0).rt;
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

  it("a case waits on the roles of its active states, then on those of its open terms, each role once; an ended term's roles no longer count", () => {
    const rt = started();
    const term = (waitingOn: Role[], status: CaseDeadline['status']) => ({ ...rt.deadlines[0], key: `t#${waitingOn.join()}`, waitingOn, status }) as CaseDeadline;
    expect(waitingOn(rt)).toEqual(['aanbieder']);
    const withTerms = { ...rt, deadlines: [term(['contractmanager', 'aanbieder'], 'open'), term(['gemeente'], 'expired'), term(['zbt', 'contractmanager'], 'open')] };
    expect(waitingOn(withTerms)).toEqual(['aanbieder', 'contractmanager', 'zbt']);
    // What the states wait on is shared between cases in the same states: a term's role never joins it.
    expect(waitingOn(started())).toEqual(['aanbieder']);
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

  it('someone who holds a role may claim or hand over that role\'s task (recorded with its ground), never another role\'s or any other fix', () => {
    const rt = started();
    const anna = { role: 'contractmanager' as const, userId: 'anna' };
    const claim = { action: 'case.reassigned', role: 'contractmanager', userId: 'anna', ground: 'taak-opgepakt', reason: 'Taak opgepakt' };
    const fix = validateSupervisorAction(rt, { actor: anna, fix: claim });
    const { entry } = applySupervisorAction(rt, fix, anna, T0);
    expect(rt.assignees).toEqual({ contractmanager: 'anna' });
    expect(entry).toMatchObject({ kind: 'supervisor', type: 'supervisor.case.reassigned', actor: anna, ground: { code: 'taak-opgepakt' } });
    expect(refusal(() => validateSupervisorAction(rt, { actor: anna, fix: { ...claim, role: 'aanbieder' } })).code).toBe('ROLE_NOT_ALLOWED');
    expect(refusal(() => validateSupervisorAction(rt, { actor: anna, fix: { action: 'case.cancelled', ground: 'dubbele-zaak', reason: 'dubbel aangemaakt' } })).code).toBe('ROLE_NOT_ALLOWED');
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

  it("a supervisor fix's step answers as the update does: the supervisor's allowed events and only the entries the fix added", () => {
    const rt = started();
    submit(rt);
    const before = rt.history.length;
    const { answer, rt: next } = stepSupervisorAction(rt, { actor: supervisor, fix: { action: 'deadline.extended', deadline: 'review', workingDays: 3, ground: 'overmacht', reason: 'aanbieder ziek' } }, '2026-04-03T08:00:00.000Z', { role: 'supervisor', historyAfter: before });
    expect(answer.history.map((h) => h.type)).toEqual(['supervisor.deadline.extended']);
    expect(answer).toMatchObject({ historyFrom: before + 1, revision: next.history.length });
    expect(answer.allowedEvents).toEqual(viewCase(next, { role: 'supervisor', nowMs: Date.parse('2026-04-03T08:00:00.000Z') }).allowedEvents.map((e) => e.type));
    expect(answer.deadlines[0]).toMatchObject({ dueDate: '2026-04-16' });
  });

  it("an update's answer leaves the procedure's labels to the caller: expanded from the case's procedure version, it is the answer the view gives, also after Temporal's JSON", () => {
    const rt = started();
    const before = rt.history.length;
    const at = '2026-04-02T08:00:00.000Z';
    const { answer, rt: next } = stepEvent(rt, { type: 'plan.submitted', actor: { role: 'aanbieder', userId: 'bert' }, payload: { title: 'Plan A' } }, at, { role: 'contractmanager', historyAfter: before });
    // The workflow's answer: the allowed events' types only, no title, no labels of the roles waited on.
    expect(answer.allowedEvents.length).toBeGreaterThan(0);
    expect(answer.allowedEvents.every((e) => typeof e === 'string')).toBe(true);
    expect(JSON.parse(JSON.stringify(answer))).not.toHaveProperty('title');
    expect(JSON.parse(JSON.stringify(answer))).not.toHaveProperty('waitingOnLabels');
    const whole = answerCase(next, { role: 'contractmanager', historyAfter: before, nowMs: Date.parse(at) });
    expect(whole.allowedEvents[0]).toMatchObject({ label: expect.any(String), roles: expect.arrayContaining(['contractmanager']) });
    expect(expandAnswer(next.definition, answer)).toEqual(whole);
    expect(expandAnswer(next.definition, JSON.parse(JSON.stringify(answer)) as UpdateAnswer)).toEqual(JSON.parse(JSON.stringify(whole)));
    // A caller that does not know the version still gets every field: an event's label is its type.
    expect(expandAnswer(undefined, answer).allowedEvents.map((e) => e.label)).toEqual(answer.allowedEvents);
  });

  it('a dry run of an extension and of reminders leaves the case as it was: its deadlines, their reminders and extensions', () => {
    const rt = started();
    submit(rt);
    const before = JSON.stringify(rt.deadlines);
    const { rt: next } = stepSupervisorAction(rt, { actor: supervisor, fix: { action: 'deadline.extended', deadline: 'review', workingDays: 3, ground: 'overmacht', reason: 'aanbieder ziek' } }, '2026-04-03T08:00:00.000Z');
    expect(next.deadlines[0]!.extensions).toHaveLength(1);
    dueReminders(next, Date.parse('2026-04-15T12:00:00.000Z'));
    expect(next.deadlines[0]!.remindersDone.length).toBeGreaterThan(0);
    expect(JSON.stringify(rt.deadlines)).toBe(before);
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

  it('a term extended past today is no longer overdue, and its held expiry notice does not go out', () => {
    const rt = started();
    submit(rt); // due Monday 13 April 2026; the deadline sits on the parent state, so it stays after expiry
    const ended = '2026-04-13T22:00:00.000Z';
    const step = expireDeadline(rt, rt.deadlines[0]!, ended);
    scheduleExpiryNotice(rt, rt.deadlines[0]!, step.effects);
    expect(viewCase(rt, { nowMs: Date.parse(ended) }).overdue).toBe(true);
    // Before the notice's 08:00 on Tuesday, the supervisor extends the term to Monday 20 April.
    const at = '2026-04-14T05:00:00.000Z';
    const { rt: next } = stepSupervisorAction(rt, { actor: supervisor, fix: { action: 'deadline.extended', deadline: 'review', until: '2026-04-20', ground: 'overmacht', reason: 'aanbieder ziek' } }, at);
    const view = viewCase(next, { nowMs: Date.parse(at) });
    expect(view.overdue).toBe(false);
    expect(view.deadlines[0]).toMatchObject({ dueDate: '2026-04-20', status: 'open', overdue: false });
    // Up to the new due date: no expiry notice for the old one (only the regular reminders of the new term).
    const sent = dueReminders(next, Date.parse('2026-04-20T12:00:00.000Z'));
    expect(sent.filter((e) => (e.params as { offset: number }).offset === -1)).toEqual([]);
  });

  it('"Herinnering opnieuw sturen" only for an open term: refused once its end has passed, never a mail saying a past date is still ahead', () => {
    const rt = started();
    submit(rt); // due Monday 13 April 2026
    const resend = { action: 'reminder.resent', deadline: 'review', ground: 'storing', reason: 'mailstoring bij de aanbieder' };
    // While the term runs: sent.
    expect(stepSupervisorAction(rt, { actor: supervisor, fix: resend }, '2026-04-10T08:00:00.000Z').step.effects).toHaveLength(1);
    // After its end (even before the timer fired, e.g. with the clock stopped): refused by the validator.
    const late = refusal(() => validateSupervisorAction(rt, { actor: supervisor, fix: resend }, '2026-04-14T08:00:00.000Z'));
    expect(late).toMatchObject({ code: 'EVENT_NOT_ALLOWED', field: 'fix.deadline' });
    expect(late.message).toContain('ended on 2026-04-13');
    // Expired: refused, and nothing is written.
    expireDeadline(rt, rt.deadlines[0]!, '2026-04-13T22:00:00.000Z');
    const entries = rt.history.length;
    expect(refusal(() => stepSupervisorAction(rt, { actor: supervisor, fix: resend }, '2026-04-13T23:00:00.000Z')).code).toBe('EVENT_NOT_ALLOWED');
    expect(rt.history).toHaveLength(entries);
  });

  it('a cancelled case accepts no more events', () => {
    const rt = started();
    applySupervisorAction(rt, validateSupervisorAction(rt, { actor: supervisor, fix: { action: 'case.cancelled', ground: 'dubbele-zaak', reason: 'dubbel aangemaakt' } }), supervisor, T0);
    expect(refusal(() => validateEvent(rt, { type: 'plan.submitted', actor: { role: 'aanbieder', userId: 'b' }, payload: { title: 'Plan A' } }, T0)).code).toBe('CASE_CLOSED');
    expect(viewCase(rt, { nowMs: 0 }).status).toBe('closed');
  });
});

// ---------------------------------------------------------------------------------------------
// Issue 12: the engine refuses what it cannot carry out, and the supervisor's powers are bounded.

describe('person-typed dates never move a legal clock out of bounds', () => {
  const gemeente = { role: 'gemeente' as const, userId: 'greet' };
  const meeting = (on: string) => ({ type: 'meeting.planned', actor: gemeente, payload: { on } });
  // Started Thursday 2 April 2026; the step is sent on Tuesday 7 April 2026.
  const AT = '2026-04-07T10:00:00.000Z';

  it("a date that starts a legal term lies between the Amsterdam date of the case's previous step and today", () => {
    const rt = started();
    for (const on of ['2026-04-01', '1900-01-01', '2026-04-08', '2199-12-31']) {
      const err = refusal(() => stepEvent(rt, meeting(on), AT));
      expect(err.code, on).toBe('INVALID_PAYLOAD');
      expect(err.field).toBe('payload.on');
      expect(err.state).toBe('draft');
      expect(err.allowedEvents).toEqual(['note.added', 'meeting.planned']);
      expect(err.rule).toContain("between the case's previous step (2026-04-02) and today (2026-04-07)");
      expect(err.message).toMatch(/niet vóór de vorige stap .* en niet na vandaag/);
    }
    expect(rt.history).toHaveLength(1);
    for (const on of ['2026-04-02', '2026-04-07']) expect(stepEvent(rt, meeting(on), AT).rt.deadlines[0]).toMatchObject({ name: 'followUp', from: on });
  });

  it('the previous step is read in Europe/Amsterdam: 23:30Z on 1 April is 2 April in Amsterdam', () => {
    const rt = startCase(reviewProcedure, { caseId: 'RV-2', procedureId: 'escalation-ladder', startedBy: { role: 'contractmanager', userId: 'anna' }, data: provider }, '2026-04-01T23:30:00.000Z').rt;
    expect(refusal(() => stepEvent(rt, meeting('2026-04-01'), AT)).field).toBe('payload.on');
    expect(() => stepEvent(rt, meeting('2026-04-02'), AT)).not.toThrow();
  });

  it('at start a date that starts a legal term is not after today (startTermStartDates)', () => {
    const start = (receivedOn: string) =>
      startCase(reviewProcedure, { caseId: 'RV-3', procedureId: 'escalation-ladder', startedBy: { role: 'contractmanager', userId: 'anna' }, data: { ...provider, receivedOn } }, T0);
    const err = refusal(() => start('2026-04-03'));
    expect(err).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'data.receivedOn' });
    expect(err.rule).toContain('not after today (2026-04-02)');
    expect(() => start('2026-04-02')).not.toThrow();
    expect(() => start('2025-12-01')).not.toThrow();
  });
});

describe('the engine refuses what it cannot carry out', () => {
  const gemeente = { role: 'gemeente' as const, userId: 'greet' };
  const supervisor = { role: 'supervisor' as const, userId: 'sam' };

  it('a step the handler would throw on (2026-02-31 in a loose schema) is refused by the dry run and leaves no trace', () => {
    // Started 15 January, sent 5 March: '2026-02-31' sorts between the bounds, then the calendar cannot count from it.
    const rt = startCase(reviewProcedure, { caseId: 'RV-4', procedureId: 'escalation-ladder', startedBy: { role: 'contractmanager', userId: 'anna' }, data: provider }, '2026-01-15T09:00:00.000Z').rt;
    const before = JSON.stringify(persist(rt));
    const err = refusal(() => stepEvent(rt, { type: 'meeting.planned', actor: gemeente, payload: { on: '2026-02-31' } }, '2026-03-05T09:00:00.000Z'));
    expect(err.code).toBe('INVALID_PAYLOAD');
    expect(err.state).toBe('draft');
    expect(err.message).toContain('cannot be carried out');
    expect(err.message).toContain('2026-02-31');
    expect(err.allowedEvents).toEqual(['note.added', 'meeting.planned']);
    expect(JSON.stringify(persist(rt))).toBe(before);
  });

  it("a supervisor's new end date must be a real date the calendar knows (2026-13-01, 9999-12-31 are refused at fix.until)", () => {
    const rt = started();
    submit(rt);
    for (const until of ['2026-13-01', '9999-12-31', '2026-02-31']) {
      const err = refusal(() => stepSupervisorAction(rt, { actor: supervisor, fix: { action: 'deadline.extended', deadline: 'review', until, ground: 'overmacht', reason: 'aanbieder ziek' } }, T0));
      expect(err, until).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'fix.until' });
    }
    expect(rt.history).toHaveLength(2);
  });

  it('the reason of every event and supervisor fix is at most 1000 characters and never holds a BSN', () => {
    const rt = started();
    const send = (reason: string) => () => stepEvent(rt, { type: 'plan.submitted', actor: { role: 'aanbieder', userId: 'bert' }, payload: { title: 'Plan A' }, reason }, T0);
    for (const reason of ['zie 111 222 333', 'bsn 111.222.333', 'x'.repeat(MAX_REASON + 1)]) {
      const err = refusal(send(reason));
      expect(err, reason.slice(0, 20)).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'reason', state: 'draft' });
      expect(err.allowedEvents).toEqual(['plan.submitted']);
    }
    expect(stepEvent(rt, { type: 'plan.submitted', actor: { role: 'aanbieder', userId: 'bert' }, payload: { title: 'Plan A' }, reason: 'x'.repeat(MAX_REASON) }, T0).step.entry.reason).toHaveLength(MAX_REASON);
    for (const reason of ['zie 111-222-333', 'y'.repeat(MAX_REASON + 1)]) {
      expect(refusal(() => stepSupervisorAction(rt, { actor: supervisor, fix: { action: 'clock.suspended', ground: 'overmacht', reason } }, T0))).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'fix.reason' });
    }
  });

  it('a closed case says it is closed and names its end state, or the cancellation with its ground', () => {
    const rt = started();
    submit(rt, 'bert');
    const done = stepEvent(rt, { type: 'plan.approved', actor: { role: 'contractmanager', userId: 'anna' }, payload: {} }, T0).rt;
    const closed = refusal(() => stepEvent(done, { type: 'note.added', actor: gemeente, payload: { text: 'nog iets' } }, T0));
    expect(closed.code).toBe('CASE_CLOSED');
    expect(closed.message).toContain('end state done (Afgerond)');
    const cancelled = stepSupervisorAction(started(), { actor: supervisor, fix: { action: 'case.cancelled', ground: 'dubbele-zaak', reason: 'dubbel aangemaakt' } }, T0).rt;
    const err = refusal(() => stepEvent(cancelled, { type: 'note.added', actor: gemeente, payload: { text: 'nog iets' } }, T0));
    expect(err.code).toBe('CASE_CLOSED');
    expect(err.message).toMatch(/cancelled by supervisor sam .*dubbel aangemaakt, ground: Zaak dubbel of ten onrechte aangemaakt/);
    expect(refusal(() => stepSupervisorAction(cancelled, { actor: supervisor, fix: { action: 'clock.suspended', ground: 'overmacht', reason: 'nog eens' } }, T0)).code).toBe('CASE_CLOSED');
  });

  it('an event that would grow the stored case past its budget is refused (CASE_TOO_LARGE), and a cancel still fits', () => {
    let rt = started();
    const note = { type: 'note.added', actor: gemeente, payload: { text: 'n'.repeat(100_000) } };
    let err: ProcedureError | undefined;
    for (let i = 0; i < 20 && !err; i++) {
      try {
        rt = stepEvent(rt, note, T0).rt;
      } catch (e) {
        err = e as ProcedureError;
      }
    }
    expect(err).toBeInstanceOf(ProcedureError);
    expect(err).toMatchObject({ code: 'CASE_TOO_LARGE', state: 'draft', allowedEvents: ['note.added', 'meeting.planned'] });
    expect(err!.rule).toContain('at most 1000 kB');
    expect(persistedSize(rt)).toBeLessThanOrEqual(CASE_SIZE_BUDGET);
    const entries = rt.history.length;
    const cancel = stepSupervisorAction(rt, { actor: supervisor, fix: { action: 'case.cancelled', ground: 'fout-in-registratie', reason: 'x'.repeat(MAX_REASON) } }, T0);
    expect(cancel.rt.cancelled).toBeDefined();
    expect(rt.history).toHaveLength(entries);
    // Start data over the budget never starts a case.
    const huge = refusal(() => startCase(reviewProcedure, { caseId: 'RV-5', procedureId: 'escalation-ladder', startedBy: { role: 'contractmanager', userId: 'anna' }, data: { provider: 'p'.repeat(1_100_000) } }, T0));
    expect(huge).toMatchObject({ code: 'CASE_TOO_LARGE', field: 'data' });
  });

  it('the case query answers with one bounded page of the history; older pages come by historyFrom and together make the whole dossier', () => {
    let rt = started();
    for (let i = 0; i < 250; i++) rt = stepEvent(rt, { type: 'note.added', actor: gemeente, payload: { text: `notitie ${i}` } }, T0).rt;
    const newest = viewCase(rt, { nowMs: Date.parse(T0), historyPage: {} });
    expect(newest.revision).toBe(251);
    expect(newest.history).toHaveLength(HISTORY_PAGE_ENTRIES);
    expect(newest.historyFrom).toBe(52);
    expect(newest.history.at(-1)!.seq).toBe(251);
    const older = viewCase(rt, { nowMs: Date.parse(T0), historyPage: { from: 1 } });
    expect(older.history.map((h) => h.seq)).toEqual(Array.from({ length: HISTORY_PAGE_ENTRIES }, (_, i) => i + 1));
    // Bounded in bytes too: 3 notes of 300 kB make 2 pages of the newest entries.
    let big = started();
    for (let i = 0; i < 3; i++) big = stepEvent(big, { type: 'note.added', actor: gemeente, payload: { text: 'b'.repeat(300_000) } }, T0).rt;
    const page = viewCase(big, { nowMs: Date.parse(T0), historyPage: {} });
    expect(page.history.map((h) => h.seq)).toEqual([4]);
    expect(page.historyFrom).toBe(4);
    // A small case is answered whole, without historyFrom.
    expect(viewCase(started(), { nowMs: 0, historyPage: {} }).historyFrom).toBeUndefined();
  });
});

describe('supervisor powers (a role the seeds do not name) are bounded', () => {
  const supervisor = { role: 'supervisor' as const, userId: 'sam' };
  const gemeente = { role: 'gemeente' as const, userId: 'greet' };
  const inMeeting = () => stepEvent(started(), { type: 'meeting.planned', actor: gemeente, payload: { on: '2026-04-02' } }, T0).rt; // followUp due Monday 13 April

  it('every fix needs a ground from the closed list that fits the fix', () => {
    const rt = inMeeting();
    const fix = (extra: Record<string, unknown>) => () =>
      stepSupervisorAction(rt, { actor: supervisor, fix: { action: 'deadline.extended', deadline: 'followUp', workingDays: 2, reason: 'aanbieder vroeg uitstel', ...extra } }, T0);
    const missing = refusal(fix({}));
    expect(missing).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'fix.ground' });
    expect(missing.message).toContain('bezwaar-loopt (Bezwaar loopt)');
    expect(refusal(fix({ ground: 'omdat het kan' })).field).toBe('fix.ground');
    expect(refusal(fix({ ground: 'dubbele-zaak' })).field).toBe('fix.ground'); // a ground for cancelling, not for extending
    expect(Object.keys(SUPERVISOR_GROUNDS)).toEqual(expect.arrayContaining(['bezwaar-loopt', 'afspraak-partijen', 'fout-in-registratie']));
    for (const grounds of Object.values(GROUNDS_PER_FIX)) for (const g of grounds) expect(SUPERVISOR_GROUNDS[g]).toMatch(/^[A-Z]/);
  });

  it('the ground is recorded with its Dutch label in the history, on the extension and on the suspension', () => {
    const rt = inMeeting();
    const extended = stepSupervisorAction(rt, { actor: supervisor, fix: { action: 'deadline.extended', deadline: 'followUp', workingDays: 2, ground: 'afspraak-partijen', reason: 'partijen spraken uitstel af' } }, T0);
    expect(extended.step.entry).toMatchObject({ type: 'supervisor.deadline.extended', ground: { code: 'afspraak-partijen', label: 'Afspraak tussen partijen' }, reason: 'partijen spraken uitstel af' });
    expect(extended.step.entry.label).toBe('Termijn verlengd (grond: Afspraak tussen partijen)');
    const view = viewCase(extended.rt, { nowMs: Date.parse(T0) });
    expect(view.deadlines[0]!.extensions).toEqual([expect.objectContaining({ from: '2026-04-13', to: '2026-04-15', ground: { code: 'afspraak-partijen', label: 'Afspraak tussen partijen' } })]);
    expect(view.deadlines[0]!.explanation).toContain('grond: Afspraak tussen partijen');
    const suspended = stepSupervisorAction(extended.rt, { actor: supervisor, fix: { action: 'clock.suspended', ground: 'bezwaar-loopt', reason: 'bezwaarprocedure loopt' } }, T0).rt;
    expect(viewCase(suspended, { nowMs: 0 }).suspended).toMatchObject({ ground: { code: 'bezwaar-loopt', label: 'Bezwaar loopt' } });
  });

  it('a supervisor never shortens a term that protects the provider: an end date before the current one is refused', () => {
    const rt = inMeeting();
    const err = refusal(() =>
      stepSupervisorAction(rt, { actor: supervisor, fix: { action: 'deadline.extended', deadline: 'followUp', until: '2026-04-09', ground: 'fout-in-registratie', reason: 'te ruim ingevoerd' } }, T0),
    );
    expect(err).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'fix.until', state: 'meeting' });
    expect(err.message).toContain('never shortens it (this term gives the provider its time)');
    expect(err.rule).toContain('a term is never shortened');
    expect(rt.deadlines[0]!.due).toBe('2026-04-13');
  });

  it('a new end date lies after the current end and not before today', () => {
    const rt = inMeeting();
    // The case is looked at on 20 April: extending to 14 April would end the term in the past.
    const err = refusal(() =>
      stepSupervisorAction(rt, { actor: supervisor, fix: { action: 'deadline.extended', deadline: 'followUp', until: '2026-04-14', ground: 'overmacht', reason: 'aanbieder ziek' } }, '2026-04-20T09:00:00.000Z'),
    );
    expect(err).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'fix.until' });
  });
});

const cm1 = { role: 'contractmanager' as const, userId: 'cm-1' };
/** An escalation-ladder case (the real machine) started at T0 with this signal description. */
function ladderCase(caseId: string, description: string): CaseRuntime {
  const ladder = findProcedure('escalation-ladder')!;
  return startCase(ladder, { caseId, procedureId: ladder.id, startedBy: cm1, data: { provider: 'AGB-12345678', signal: { category: 'kwaliteit', description, receivedOn: '2026-04-01' } } }, T0).rt;
}

describe('the step is xstate’s pure transition', () => {
  it('stepping with one inert actor per machine gives the snapshot and actions xstate’s transition gives', () => {
    const ladder = findProcedure('escalation-ladder')!;
    const actor = cm1;
    let rt = ladderCase('PURE-1', 'Herhaalde klachten over de begeleiding');
    const inputs = [
      { type: 'hearing.recorded', actor, payload: { date: '2026-04-02', providerPosition: 'De aanbieder erkent de achterstand', findings: 'Dossieronderzoek bevestigt het signaal' } },
      { type: 'rung.chosen', actor, payload: { rung: 1, reason: 'Onderbouwing met voldoende tekst', arrangements: 'Tweewekelijks gesprek met de teammanager' } },
    ];
    let actions = 0;
    for (const input of inputs) {
      const event = validateEvent(rt, input, T0);
      const [expected, expectedActions] = transition(ladder.machine, rt.snapshot, event);
      const [actual, actualActions] = pureTransition(ladder.machine, rt.snapshot, event);
      expect(actual.value).toEqual(expected.value);
      expect(actual.context).toEqual(expected.context);
      expect(actual.status).toBe(expected.status);
      expect(actualActions.map((a) => [a.type, a.params])).toEqual(expectedActions.map((a) => [a.type, a.params]));
      actions += expectedActions.length;
      rt = stepEvent(rt, input, T0).rt;
    }
    expect(actions).toBeGreaterThan(0);
    expect(stateString(rt.snapshot)).toContain('rung1');
  });
});

describe('the size budget measures the case as it is stored', () => {
  it('the measured size is the UTF-8 length of the persisted JSON, also after steps with non-ASCII text', () => {
    const actor = cm1;
    let rt = ladderCase('SIZE-1', 'Klachten over de begeleiding – één € 😀');
    const stored = (c: CaseRuntime) => Buffer.byteLength(JSON.stringify(persist(c)), 'utf8');
    expect(persistedSize(rt)).toBe(stored(rt));
    for (let i = 0; i < 3; i++) {
      rt = stepEvent(rt, { type: 'hearing.recorded', actor, payload: { date: '2026-04-02', providerPosition: `Standpunt ${i} – ë €`, findings: `Bevindingen ${i} 😀 en meer` } }, T0).rt;
      expect(persistedSize(rt)).toBe(stored(rt));
    }
  });
});

describe('the size check measures each recorded part once', () => {
  it('the cheap size bound is never below the stored size: it counts the stored JSON exactly, whatever the context holds', () => {
    const base = ladderCase('SIZE-2', 'Signaal zonder persoonsgegevens');
    const contexts: Record<string, unknown>[] = [
      base.snapshot.context as Record<string, unknown>,
      { quote: 'een "citaat" met \\ en \u0001', emoji: '😀 één €', lone: '\ud800', 'sleutel "met" quotes': 1 },
      { skipped: undefined, fn: () => 1, list: [undefined, () => 1, null, -0, 1e21, Number.NaN, true], nested: [[{ a: [] }], {}] },
      { when: new Date(Date.UTC(2026, 3, 1)), bytes: new Uint8Array([1, 2]) },
      {
        controls: Array.from({ length: 32 }, (_, c) => String.fromCharCode(c)).join('') + '\b\f\n\r\t\u007f\u2028',
        surrogates: ['\udc00 laag', 'hoog \ud83d', '\ud83d\ude00 paar', '\ude00\ud83d omgekeerd', 'x\ud800', 'twee laag \udc00\udc00'],
        long: ['a'.repeat(300), `${'b'.repeat(300)}"\\\u0002`, `${'c'.repeat(300)}😀`],
        numbers: [0, -0, 7, 10, 99, 100, 999_999_999, 1e9, 123.5, -5, 2 ** 53, 1e-7, Number.MIN_VALUE, -Infinity],
      },
      { shared: base.snapshot.context, again: base.snapshot.context },
    ];
    for (const context of contexts) {
      const rt = { ...base, snapshot: { ...base.snapshot, context } } as CaseRuntime;
      const stored = persistedSize(rt);
      expect(stored).toBe(Buffer.byteLength(JSON.stringify(persist(rt)), 'utf8'));
      expect(persistedLength(rt)).toBe(JSON.stringify(persist(rt)).length);
      // At the stored size the case fits; one byte less and it does not: a bound below the stored size would let it through.
      expect(fitsIn(rt, stored)).toBe(true);
      expect(fitsIn(rt, stored - 1)).toBe(false);
      expect(fitsIn(rt, 3 * stored)).toBe(true);
    }
  });

  it('the size bound follows a growing dossier step by step, and a case restored from storage', () => {
    const ladder = findProcedure('escalation-ladder')!;
    let rt = ladderCase('SIZE-4', 'Signaal zonder persoonsgegevens');
    const hearing = (i: number) => ({ type: 'hearing.recorded', actor: cm1, payload: { date: '2026-04-02', providerPosition: `Standpunt ${i} – één`, findings: `Bevindingen ${i} 😀` } });
    for (let i = 0; i < 30; i++) {
      rt = stepEvent(rt, hearing(i), T0).rt;
      if (i === 14) rt = restore(ladder, JSON.parse(JSON.stringify(persist(rt))));
      expect(persistedLength(rt)).toBe(JSON.stringify(persist(rt)).length);
      const stored = persistedSize(rt);
      expect(fitsIn(rt, stored)).toBe(true);
      expect(fitsIn(rt, stored - 1)).toBe(false);
    }
    expect(rt.history.length).toBe(31);
  });

  it('a case measured against the one before it counts exactly what the step changed: fields replaced, removed, added, reordered or left out, a list that grew, shrank or changed an element, and own fields changed in place', () => {
    const base = ladderCase('SIZE-5', 'Signaal zonder persoonsgegevens');
    const withContext = (rt: CaseRuntime, context: Record<string, unknown>) => ({ ...rt, snapshot: { ...rt.snapshot, context } }) as CaseRuntime;
    const stored = (rt: CaseRuntime) => JSON.stringify(persist(rt)).length;
    type Context = Record<string, unknown> & { list: unknown[] };
    const steps: ((c: Context) => Record<string, unknown>)[] = [
      (c) => ({ ...c, a: 'twee "met" quotes en één €' }),
      (c) => ({ ...c, list: [...c.list, { x: 2, y: [undefined, 'b'] }] }),
      (c) => ({ ...c, list: [...c.list, { x: 3 }] }),
      (c) => ({ ...c, list: c.list.slice(0, 1) }),
      (c) => ({ ...c, list: [c.list[0], { x: 'anders' }] }),
      (c) => ({ ...c, other: [1, 3] }),
      ({ gone: _gone, ...rest }) => rest,
      (c) => ({ extra: 'vooraan', ...c, added: ['nieuw'] }),
      (c) => ({ ...c, n: undefined }),
      (c) => ({ ...c, n: 2, fn: () => 1 }),
      (c) => ({ ...c, list: [] }),
    ];
    let previous = withContext(base, { a: 'een', list: [{ x: 1 }], other: [1, 2], gone: 'weg', n: 1 });
    expect(persistedLength(previous)).toBe(stored(previous));
    for (const step of steps) {
      const next = withContext(previous, step(previous.snapshot.context as Context));
      expect(persistedLength(next, previous)).toBe(stored(next));
      previous = next;
    }
    // The workflow changes a case's own fields in place (a failed effect counted, a reminder sent) after they were measured.
    previous.failedEffects = 12;
    previous.lastTransitionAt = '2026-04-03T10:00:00.000+02:00';
    const next = withContext(previous, { ...(previous.snapshot.context as Context), a: 'drie' });
    expect(persistedLength(next, previous)).toBe(stored(next));
  });

  it('what the size check measured of a case stays with the case and is never stored: continue-as-new carries the case without it', () => {
    let rt = ladderCase('SIZE-6', 'Signaal zonder persoonsgegevens');
    rt = stepEvent(rt, { type: 'hearing.recorded', actor: cm1, payload: { date: '2026-04-02', providerPosition: 'Standpunt van de aanbieder', findings: 'Bevindingen uit het dossier' } }, T0).rt;
    expect(rt.measured).toBeDefined();
    const stored = persist(rt);
    expect(stored).not.toHaveProperty('measured');
    expect(JSON.stringify(stored)).not.toContain('historyChars');
    expect(persistedLength(rt)).toBe(JSON.stringify(stored).length);
    expect(restore(findProcedure('escalation-ladder')!, JSON.parse(JSON.stringify(stored)))).not.toHaveProperty('measured');
  });

  it("a part of the machine's context, once measured, cannot change under its measured size", () => {
    let rt = ladderCase('SIZE-3', 'Signaal zonder persoonsgegevens');
    rt = stepEvent(rt, { type: 'hearing.recorded', actor: cm1, payload: { date: '2026-04-02', providerPosition: 'Standpunt van de aanbieder', findings: 'Bevindingen uit het dossier' } }, T0).rt;
    const hearings = (rt.snapshot.context as { hearings: { findings: string }[] }).hearings;
    expect(() => hearings.push({ findings: 'stil toegevoegd' })).toThrow(TypeError);
    expect(() => {
      hearings[0]!.findings = 'stil veranderd';
    }).toThrow(TypeError);
  });
});
