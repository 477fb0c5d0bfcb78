// Definitieve financiële afronding (002 §3.2.2) on Temporal's time-skipping server: step 1's target "uiterlijk
// in november van het daaropvolgende jaar" is a fixed-date term (30 November, moved to the next working day per
// the Atw), a real Temporal timer.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeDeadline } from '../../calendar/index.ts';
import { sendEvent, startCase, type OperationsContext } from '../../operations/index.ts';
import { deadline, expectTermExpiry, today as todayOf, useCaseWorker } from '../support/caseWorker.ts';

const cm = { role: 'contractmanager' as const, userId: 'cm-1' };
const harness = useCaseWorker();
let env: TestWorkflowEnvironment;
let ops: OperationsContext;
beforeAll(() => {
  ({ env, ops } = harness);
});

describe('final settlement on Temporal', () => {
  it('stap 1 "uiterlijk in november van het daaropvolgende jaar": the term ends on 30 November (Atw), then the step is overdue and can still be taken', async () => {
    const day = await todayOf(env);
    // The contract year whose target (30 November of the next year) is still ahead.
    const contractYear = Number(day.slice(0, 4)) - (day.slice(5) <= '11-30' ? 1 : 0);
    const caseId = `DA-${Date.now().toString(36)}`;
    const view = await startCase(ops, { procedure: 'final-settlement', caseId, actor: cm, data: { provider: 'aanbieder-042', contractYear } });
    expect(view.state).toBe('declarations.pending');
    const term = deadline(view, 'declarationsTarget');
    const target = `${contractYear + 1}-11-30`;
    expect(term.dueDate).toBe(computeDeadline({ kind: 'date', n: 0, from: target }).due);

    const after = await expectTermExpiry(harness, { caseId, term, pending: 'declarations.pending', expired: 'declarations.overdue' });
    expect((after.context as { declarationsTargetPassed: boolean }).declarationsTargetPassed).toBe(true);
    const next = await sendEvent(ops, { caseId, type: 'declarations.settled', actor: cm, payload: { date: await todayOf(env) } });
    expect(next.state).toBe('comparing');
  });
});
