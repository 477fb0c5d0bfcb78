// Social return (002 §2.2.4) on Temporal's time-skipping server: the 7-calendar-day contact term counts from
// the award date typed at start (not from the day the case is registered) and is a real Temporal timer; the
// SIRO warning letter this case proposes starts as its own `automatic-letter` case from the prefilled data and
// is linked back.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays, computeDeadline } from '../../calendar/index.ts';
import type { SroiContext } from '../../machines/sroiMachine.ts';
import { sendEvent, showCase, startCase, type OperationsContext } from '../../operations/index.ts';
import { deadline, expectTermExpiry, refusal, today as todayOf, useCaseWorker } from '../support/caseWorker.ts';

const cm = { role: 'contractmanager' as const, userId: 'cm-1' };
const provider = { role: 'aanbieder' as const, userId: 'aanbieder-1', organisation: 'zorg-oost' };

const harness = useCaseWorker();
let env: TestWorkflowEnvironment;
let ops: OperationsContext;
let seq = 0;

beforeAll(() => {
  ({ env, ops } = harness);
});

const today = () => todayOf(env);

async function newCase(awardDate: string): Promise<string> {
  const caseId = `SROI-${Date.now().toString(36)}-${++seq}`;
  await startCase(ops, { procedure: 'sroi', caseId, actor: cm, data: { provider: 'zorg-oost', assignment: 'B', yearlyContractValue: 120_000, awardDate, period: '2026' } });
  return caseId;
}

describe('sroi on Temporal', () => {
  it('contact with the Social Return desk within 7 calendar days after the award date (moved to a working day); after it the case is overdue and the contact can still be recorded', async () => {
    const awardDate = addCalendarDays(await today(), -2);
    const caseId = await newCase(awardDate);
    const view = await showCase(ops, { caseId });
    expect(view.state).toBe('awaitingDeskContact.pending');
    const term = deadline(view, 'contactTerm');
    expect(term).toMatchObject({ kind: 'days', n: 7, from: awardDate });
    expect(term.dueDate).toBe(computeDeadline({ kind: 'days', n: 7, from: awardDate }).due);

    const after = await expectTermExpiry(harness, { caseId, term, pending: 'awaitingDeskContact.pending', expired: 'awaitingDeskContact.overdue', role: 'contractmanager' });
    expect((after.context as SroiContext).contactOverdue).toBe(true);
    const contacted = await sendEvent(ops, { caseId, type: 'desk.contacted', actor: provider, payload: { contactedOn: await today() } });
    expect(contacted.state).toBe('running');
    expect(contacted.deadlines.filter((d) => d.status === 'open')).toEqual([]);
  });

  it('a shortfall proposes the SIRO warning letter; it starts as an automatic-letter case from the prefilled data and is linked back', async () => {
    const caseId = await newCase(await today());
    await sendEvent(ops, { caseId, type: 'desk.contacted', actor: provider, payload: { contactedOn: await today() } });
    await sendEvent(ops, { caseId, type: 'shortfall.reported', actor: cm, payload: { period: '2026-Q2', realisedPercent: 0.8, checkedOn: await today() } });
    const suggested = ((await showCase(ops, { caseId })).context as SroiContext).shortfallReports[0]!.suggestedStart;
    expect(suggested.procedure).toBe('automatic-letter');

    const letterCaseId = `BRF-${Date.now().toString(36)}-${++seq}`;
    const letter = await startCase(ops, { procedure: suggested.procedure, caseId: letterCaseId, actor: cm, data: suggested.data });
    expect(letter.state).toBe('awaitingVeto');
    const linked = await sendEvent(ops, { caseId, type: 'warningLetter.started', actor: cm, payload: { letterCaseId } });
    expect(((await showCase(ops, { caseId })).context as SroiContext).shortfallReports[0]).toMatchObject({ letterCaseId });
    // A second link without a new shortfall is refused before it reaches the history.
    const err = await refusal(sendEvent(ops, { caseId, type: 'warningLetter.started', actor: cm, payload: { letterCaseId: `${letterCaseId}-2` } }));
    expect(err.code).toBe('GUARD_FAILED');
    // Close the letter so nothing is left running.
    const refused = await sendEvent(ops, { caseId: letterCaseId, type: 'letter.refused', actor: cm, payload: { reason: 'Test: de brief gaat niet uit' } });
    expect(refused.state).toBe('refused');
  });
});
