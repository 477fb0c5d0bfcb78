// Contractvoortgangsgesprek (003) on Temporal's time-skipping server: the report term (two weeks from the
// conversation), the reaction week (from sharing) and the actions' dates (one term of kind 'date' on the earliest
// open action, recomputed as it moves) are real Temporal timers computed with the calendar.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays, computeDeadline } from '../../calendar/index.ts';
import type { ProgressConversationContext } from '../../machines/progressConversationMachine.ts';
import { sendEvent, showCase, startCase, type OperationsContext } from '../../operations/index.ts';
import { deadline, expectTermExpiry, sleepUntil as sleepUntilOf, today as todayOf, useCaseWorker } from '../support/caseWorker.ts';

const cm = { role: 'contractmanager' as const, userId: 'cm-1' };
const provider = { role: 'aanbieder' as const, userId: 'aanbieder-1', organisation: 'zorg-oost' };
const START = { provider: 'zorg-oost', classification: { size: 'groot', risk: 'laag', strategicValue: 'midden' } };

const harness = useCaseWorker();
let env: TestWorkflowEnvironment;
let ops: OperationsContext;
let seq = 0;

beforeAll(() => {
  ({ env, ops } = harness);
});

const today = () => todayOf(env);
const ctx = (view: { context: unknown }) => view.context as ProgressConversationContext;

async function heldToday(): Promise<{ caseId: string; heldOn: string }> {
  const caseId = `CVG-${Date.now().toString(36)}-${++seq}`;
  await startCase(ops, { procedure: 'progress-conversation', caseId, actor: cm, data: START });
  const heldOn = await today();
  await sendEvent(ops, { caseId, type: 'conversation.held', actor: cm, payload: { heldOn, contractbeheerPresent: true, providerPresent: true } });
  return { caseId, heldOn };
}

describe('progress conversation on Temporal', () => {
  it('the report is shared within two weeks (14 calendar days) of the conversation; after that it is overdue and can still be shared', async () => {
    const { caseId, heldOn } = await heldToday();
    const view = await showCase(ops, { caseId });
    expect(ctx(view).frequency.perYear).toBe(4); // groot → intensief
    const term = deadline(view, 'reportTerm');
    expect(term).toMatchObject({ kind: 'days', n: 14, from: heldOn });
    expect(term.dueDate).toBe(computeDeadline({ kind: 'days', n: 14, from: heldOn }).due);

    const after = await expectTermExpiry(harness, { caseId, term, pending: 'reporting.pending', expired: 'reporting.overdue', role: 'contractmanager' });
    expect(ctx(after).reportOverdue).toBe(true);
    const shared = await sendEvent(ops, { caseId, type: 'report.shared', actor: cm, payload: { sharedOn: await today(), decisions: 'Geen nieuwe afspraken', actions: [] } });
    expect(shared.state).toBe('followUp.reactions.open + followUp.actions.done');
  });

  it('reactions within one week (7 calendar days) of sharing; when it ends the report is final and, with no open actions, the conversation is completed', async () => {
    const { caseId } = await heldToday();
    const sharedOn = await today();
    const view = await sendEvent(ops, { caseId, type: 'report.shared', actor: cm, payload: { sharedOn, decisions: 'Geen nieuwe afspraken', actions: [] } });
    const term = deadline(view, 'reactionTerm');
    expect(term).toMatchObject({ kind: 'days', n: 7, from: sharedOn });
    expect(term.dueDate).toBe(computeDeadline({ kind: 'days', n: 7, from: sharedOn }).due);
    await sendEvent(ops, { caseId, type: 'reaction.given', actor: provider, payload: { reaction: 'Akkoord met het verslag' } });

    const after = await expectTermExpiry(harness, { caseId, term, pending: 'followUp.reactions.open + followUp.actions.done', expired: 'completed', role: 'contractmanager' });
    expect(ctx(after)).toMatchObject({ reportFinal: true, reactions: [{ by: 'aanbieder' }] });
    expect(after.status).toBe('closed');
  });

  it("each action's date is a term: the earliest open one runs (kind 'date'); when it passes the action is overdue and the term moves to the next date", async () => {
    const { caseId, heldOn } = await heldToday();
    const first = addCalendarDays(heldOn, 3);
    const second = addCalendarDays(heldOn, 20);
    const view = await sendEvent(ops, {
      caseId,
      type: 'report.shared',
      actor: cm,
      payload: {
        sharedOn: heldOn,
        decisions: 'Wachttijden worden maandelijks gemonitord',
        actions: [
          { what: 'Verbeterplan cliënttevredenheid opstellen', who: 'aanbieder', byWhen: second },
          { what: 'Wachtlijstcijfers per zorgvorm aanleveren', who: 'aanbieder', byWhen: first },
        ],
      },
    });
    const term = deadline(view, 'actionTerm');
    expect(term).toMatchObject({ kind: 'date', n: 0, from: first, status: 'open' });
    expect(term.dueDate).toBe(computeDeadline({ kind: 'date', n: 0, from: first }).due);

    await sleepUntilOf(env, term.dueAt, -60_000);
    expect(ctx(await showCase(ops, { caseId })).actions.map((a) => a.overdue)).toEqual([false, false]);
    await sleepUntilOf(env, term.dueAt, 60_000);
    const after = await showCase(ops, { caseId });
    expect(after.history.some((h) => h.type === 'actionTerm.expired' && h.actor.role === 'system')).toBe(true);
    expect(ctx(after).actions.map((a) => [a.id, a.status, a.overdue])).toEqual([['A1', 'open', false], ['A2', 'open', true]]);
    const moved = deadline(after, 'actionTerm');
    expect(moved).toMatchObject({ kind: 'date', from: second, status: 'open', dueDate: computeDeadline({ kind: 'date', n: 0, from: second }).due });

    // Both done: no term is left for the actions.
    await sendEvent(ops, { caseId, type: 'action.completed', actor: provider, payload: { actionId: 'A2', completedOn: await today() } });
    const done = await sendEvent(ops, { caseId, type: 'action.completed', actor: provider, payload: { actionId: 'A1', completedOn: await today() } });
    expect(done.deadlines.filter((d) => d.name === 'actionTerm' && d.status === 'open')).toEqual([]);
  });
});
