// Wijziging bij de aanbieder (002 §3.2.2) on Temporal's time-skipping server: the 2 weeks' lead time of a
// bank-account change is a real Temporal timer, 14 calendar days from the submission, moved to the next
// working day per the Algemene termijnenwet.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeDeadline } from '../../calendar/index.ts';
import { addMonths } from '../../machines/dates.ts';
import { LEAD_TIME_DAYS } from '../../machines/providerChangeMachine.ts';
import { sendEvent, showCase, startCase, type OperationsContext } from '../../operations/index.ts';
import { deadline, expectTermExpiry, refusal, today as todayOf, useCaseWorker } from '../support/caseWorker.ts';

const provider = { role: 'aanbieder' as const, userId: 'aanbieder-1' };
const beheer = { role: 'contractbeheer' as const, userId: 'beheer-1' };

const harness = useCaseWorker();
let env: TestWorkflowEnvironment;
let ops: OperationsContext;
let seq = 0;
beforeAll(() => {
  ({ env, ops } = harness);
});
const today = () => todayOf(env);

async function newCase(): Promise<string> {
  const caseId = `WA-${Date.now().toString(36)}-${++seq}`;
  await startCase(ops, { procedure: 'provider-change', caseId, actor: provider, data: { provider: 'aanbieder-042' } });
  return caseId;
}
const bankChange = (submittedOn: string, statementDate: string) => ({ submittedOn, iban: 'NL91ABNA0417164300', statementDate, statementShowsProviderDetails: true });

describe('provider change on Temporal', () => {
  it('"een doorlooptijd van 2 weken": 14 calendar days after the submission (Atw), then the change is overdue and can still be processed', async () => {
    const caseId = await newCase();
    const submittedOn = await today();
    const view = await sendEvent(ops, { caseId, type: 'bankChange.submitted', actor: provider, payload: bankChange(submittedOn, submittedOn) });
    expect(view.state).toBe('bankAccount.pending');
    const term = deadline(view, 'leadTime');
    expect(term.n).toBe(LEAD_TIME_DAYS);
    expect(term.dueDate).toBe(computeDeadline({ kind: 'days', n: 14, from: submittedOn }).due);

    const after = await expectTermExpiry(harness, { caseId, term, pending: 'bankAccount.pending', expired: 'bankAccount.overdue', role: 'contractbeheer' });
    expect((after.context as { leadTimeOverdue: boolean }).leadTimeOverdue).toBe(true);
    const done = await sendEvent(ops, { caseId, type: 'change.processed', actor: beheer, payload: { processedOn: await today() } });
    expect(done.state).toBe('done');
  });

  it('"niet ouder dan 3 maanden": an older bank statement is refused with the rule, and leaves no trace', async () => {
    const caseId = await newCase();
    const submittedOn = await today();
    const before = await showCase(ops, { caseId });
    const err = await refusal(sendEvent(ops, { caseId, type: 'bankChange.submitted', actor: provider, payload: bankChange(submittedOn, addMonths(submittedOn, -4)) }));
    expect(err.code).toBe('GUARD_FAILED');
    expect(err.state).toBe('open');
    expect(err.message).toContain('niet ouder dan 3 maanden');
    expect((await showCase(ops, { caseId })).history).toEqual(before.history);
  });
});
