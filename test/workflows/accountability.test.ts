// Verantwoording contractjaar (002 §3.2.2) end to end on Temporal's time-skipping server: the two fixed dates
// ("voor 1 april", "voor 1 augustus" of the year after the contract year) are real Temporal timers on the
// last day, moved to the next working day per the Algemene termijnenwet.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeDeadline } from '../../calendar/index.ts';
import { accountabilityCaseId } from '../../machines/accountabilityMachine.ts';
import { sendEvent, showCase, startCase, type OperationsContext } from '../../operations/index.ts';
import { deadline, expectTermExpiry, today as todayOf, useCaseWorker } from '../support/caseWorker.ts';

const contractmanager = { role: 'contractmanager' as const, userId: 'anna' };
const provider = { role: 'aanbieder' as const, userId: 'bert' };

const harness = useCaseWorker();
let env: TestWorkflowEnvironment;
let ops: OperationsContext;
let seq = 0;

beforeAll(() => {
  ({ env, ops } = harness);
});

/** A case for the contract year of the test server's clock, under a provider code unique to this run. */
async function newCase(): Promise<{ caseId: string; year: number }> {
  const year = Number((await todayOf(env)).slice(0, 4));
  const code = `zorg-${Date.now().toString(36)}-${++seq}`;
  const caseId = accountabilityCaseId(code, year);
  await startCase(ops, { procedure: 'accountability', caseId, actor: contractmanager, data: { provider: code, year, revenue: 300_000 } });
  return { caseId, year };
}

const PENDING = (production: string, wnt: string) => `open.production.${production} + open.wnt.${wnt} + open.annualAccounts.notRequested`;

describe('accountability on Temporal', () => {
  it('"voor 1 april van het jaar volgend op het jaar waarin Jeugdhulp geleverd is": the term ends on 31 March (or the next working day); then the production is overdue and can still be handed in', async () => {
    const { caseId, year } = await newCase();
    const started = await sendEvent(ops, { caseId, type: 'annualAccounts.requested', actor: contractmanager, payload: { date: await todayOf(env) } });
    const term = deadline(started, 'productionTerm');
    expect(term.kind).toBe('date');
    expect(term.dueDate).toBe(computeDeadline({ kind: 'date', n: 0, from: `${year + 1}-03-31` }).due);
    const after = await expectTermExpiry(harness, {
      caseId,
      term,
      pending: 'open.production.awaiting.pending + open.wnt.awaiting.pending + open.annualAccounts.requested',
      expired: 'open.production.awaiting.overdue + open.wnt.awaiting.pending + open.annualAccounts.requested',
    });
    expect((after.context as { productionOverdue: boolean }).productionOverdue).toBe(true);
    expect(after.allowedEvents.map((e) => e.type)).toContain('production.submitted');
  });

  it('"voor 1 augustus van het jaar volgend op het jaar waarin de ondersteuning is geboden": the WNT term ends on 31 July (or the next working day), then the statement is overdue', async () => {
    const { caseId, year } = await newCase();
    await sendEvent(ops, { caseId, type: 'production.submitted', actor: provider, payload: { date: await todayOf(env), reference: 'PV-1', auditorStatement: true, boardStatement: true } });
    const view = await showCase(ops, { caseId });
    const term = deadline(view, 'wntTerm');
    expect(term.dueDate).toBe(computeDeadline({ kind: 'date', n: 0, from: `${year + 1}-07-31` }).due);
    const after = await expectTermExpiry(harness, { caseId, term, pending: 'open.production.received + open.wnt.awaiting.pending + open.annualAccounts.notRequested', expired: PENDING('received', 'awaiting.overdue') });
    expect((after.context as { wntOverdue: boolean }).wntOverdue).toBe(true);
  });
});
