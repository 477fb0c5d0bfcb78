// Productieplafond (002 §3.2.1) on Temporal's time-skipping server: the provider's 5-working-day report term is a
// real Temporal timer computed with the working-day calendar; its expiry signals the escalation ladder.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays, computeDeadline } from '../../calendar/index.ts';
import { REPORT_TERM_WORKING_DAYS, type ProductionCeilingContext } from '../../machines/productionCeilingMachine.ts';
import { sendEvent, showCase, startCase, type OperationsContext } from '../../operations/index.ts';
import { deadline, expectTermExpiry, refusal, today as todayOf, useCaseWorker } from '../support/caseWorker.ts';

const contractManager = { role: 'contractmanager' as const, userId: 'cm-1' };
const administration = { role: 'contractbeheer' as const, userId: 'cb-1' };
const provider = { role: 'aanbieder' as const, userId: 'aanbieder-1' };
type Actor = typeof contractManager | typeof administration | typeof provider;

const START = { provider: 'aanbieder-042', assignment: 'opdracht-c', contractYear: 2026, ceilingEur: 1_000_000 };

const harness = useCaseWorker();
let env: TestWorkflowEnvironment;
let ops: OperationsContext;
let seq = 0;

beforeAll(() => {
  ({ env, ops } = harness);
});

const today = () => todayOf(env);
const send = (caseId: string, type: string, actor: Actor, payload: Record<string, unknown>) => sendEvent(ops, { caseId, type, actor, payload });

async function newCase(): Promise<string> {
  const caseId = `PP-${Date.now().toString(36)}-${++seq}`;
  await startCase(ops, { procedure: 'production-ceiling', caseId, actor: contractManager, data: START });
  return caseId;
}

describe('production ceiling on Temporal', () => {
  it('at 80% use the provider reports within 5 working days; a missed report is overdue and offers a linked escalation ladder', async () => {
    const caseId = await newCase();
    const recordedOn = await today();
    const view = await send(caseId, 'usage.recorded', administration, { recordedOn, usedEur: 800_000, source: 'facturatie' });
    expect(view.state).toBe('reportDue.pending');
    const term = deadline(view, 'reportTerm');
    expect(term.n).toBe(REPORT_TERM_WORKING_DAYS);
    expect(term.dueDate).toBe(addWorkingDays(recordedOn, 5));
    expect(term.dueDate).toBe(computeDeadline({ kind: 'working-days', n: 5, from: recordedOn }).due);

    const after = await expectTermExpiry(harness, { caseId, term, pending: 'reportDue.pending', expired: 'reportDue.overdue', role: 'contractmanager' });
    const context = after.context as ProductionCeilingContext;
    expect(context.reportOverdue).toBe(true);
    expect(context.suggestedEscalation).toMatchObject({ procedure: 'escalation-ladder', fromCase: caseId, data: { provider: 'aanbieder-042', signal: { category: 'tijdigheid' } } });
    expect(after.allowedEvents.map((e) => e.type)).toEqual(expect.arrayContaining(['escalation.linked', 'escalation.waived', 'decision.made']));

    // A late report is still taken, and recorded as late.
    const late = await send(caseId, 'report.submitted', provider, { reason: 'uitnutting-80', reportedOn: await today(), explanation: 'Verwachte productie 1,1 miljoen; wachtlijst van 12 weken' });
    expect(late.state).toBe('deciding');
    expect(((await showCase(ops, { caseId })).context as ProductionCeilingContext).reports[0]!.late).toBe(true);
  });

  it('a raise above 15% a year is refused before anything is written, naming the rule', async () => {
    const caseId = await newCase();
    await send(caseId, 'report.submitted', provider, { reason: 'geen-capaciteit', reportedOn: await today(), explanation: 'Geen plek voor nieuwe cliënten tot mei' });
    const before = await showCase(ops, { caseId });
    const err = await refusal(
      send(caseId, 'decision.made', contractManager, {
        decision: 'verhogen',
        newCeilingEur: 1_200_000,
        trendAboveCeiling: true,
        budgetRoomInLot: true,
        confirmedInWritingOn: await today(),
        reason: 'Trendmatige groei van de productie en ruimte in het perceel',
      }),
    );
    expect(err.code).toBe('GUARD_FAILED');
    expect(err.state).toBe('deciding');
    expect(err.message).toContain('hoogstens 15%');
    expect((await showCase(ops, { caseId })).history).toEqual(before.history);
  });
});
