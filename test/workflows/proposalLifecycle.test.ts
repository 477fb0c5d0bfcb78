// Proposal lifecycle (000/001 §3.2 and the Inleiding, herstel) on Temporal's time-skipping server: the
// recovery period is a real Temporal timer; its expiry alone is no ground for dissolution, only a finding
// after it is. Parties act as themselves: the organisation travels from the operations to the machine.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { sendEvent, showCase, startCase, type ActorInput, type OperationsContext } from '../../operations/index.ts';
import { deadline, expectTermExpiry, refusal, today as todayOf, useCaseWorker } from '../support/caseWorker.ts';

const proposer: ActorInput = { role: 'aanbieder', userId: 'eva', organisation: 'aanbieder-042' };
const otherProvider: ActorInput = { role: 'aanbieder', userId: 'frank', organisation: 'aanbieder-077' };
const contractManager: ActorInput = { role: 'contractmanager', userId: 'anna' };
const board: ActorInput = { role: 'opdrachtgever-besluit', userId: 'dirk' };

const START = {
  provider: 'aanbieder-042',
  proposer: { kind: 'aanbieder', code: 'aanbieder-042' },
  title: 'Gezamenlijke aanpak wachtlijsten',
  summary: 'Aanbieders en SOJ maken één regionaal overzicht van wachttijden per segment.',
  topic: { scope: 'algemeen' },
  changesContract: true,
  table: { type: 'fysiek' },
};
const AGENDA = {
  aimedAtCollective: true,
  coreValues: { evidentRelation: true, values: ['leefomgeving'] },
  contextualChanges: { present: false },
  onAgenda: true,
  motivation: 'Raakt alle aanbieders en de kernwaarden.',
};

const harness = useCaseWorker();
let env: TestWorkflowEnvironment;
let ops: OperationsContext;
let seq = 0;

beforeAll(() => {
  ({ env, ops } = harness);
});

const send = (caseId: string, type: string, actor: ActorInput, payload: Record<string, unknown>) => sendEvent(ops, { caseId, type, actor, payload });

/** Submitted, worked out, accepted and amended; a recovery period of `workingDays` agreed for aanbieder-077. */
async function toRecoveryRunning(workingDays: number): Promise<string> {
  const caseId = `OT-${Date.now().toString(36)}-${++seq}`;
  await startCase(ops, { procedure: 'proposal-lifecycle', caseId, actor: proposer, data: START });
  const day = await todayOf(env);
  await send(caseId, 'agenda.decided', contractManager, AGENDA);
  await send(caseId, 'workTerm.agreed', contractManager, { workingDays: 20 });
  await send(caseId, 'proposal.workedOut', proposer, { participant: START.proposer, reference: 'OT-2026-007 v2' });
  await send(caseId, 'decision.requested', contractManager, { decisionBody: 'dagelijks-bestuur' });
  await send(caseId, 'proposal.accepted', board, { decisionReference: 'DB-2026-031', decidedOn: day });
  await send(caseId, 'contract.amended', contractManager, { contractVersion: '2026.2', articles: ['AD art. 4.2'], effectiveDate: day });
  await send(caseId, 'recovery.agreed', contractManager, { provider: 'aanbieder-077', goal: 'Wachttijd ambulante hulp onder 6 weken', workingDays });
  return caseId;
}

describe('proposal lifecycle on the time-skipping server', () => {
  it('"Indien de opgave na de herstelperiode nog niet is behaald": no finding of failure during the period; expiry alone records no ground; the finding after it does', async () => {
    const caseId = await toRecoveryRunning(5);
    const running = await showCase(ops, { caseId });
    expect(running.state).toBe('implementation.contract.amended + implementation.recovery.running');

    const early = await refusal(send(caseId, 'goal.notReached', contractManager, { finding: 'Wachttijd nog 9 weken' }));
    expect(early).toMatchObject({ code: 'EVENT_NOT_ALLOWED', state: running.state });
    expect(early.allowedEvents).toContain('goal.reached');
    expect(early.rule).toContain('na de herstelperiode nog niet is behaald');

    const ended = await expectTermExpiry(harness, {
      caseId,
      term: deadline(running, 'recoveryTerm'),
      pending: running.state,
      expired: 'implementation.contract.amended + implementation.recovery.periodEnded',
    });
    expect((ended.context as { dissolutionGround?: unknown }).dissolutionGround).toBeUndefined();
    expect(ended.waitingOn).toContain('contractmanager');

    await send(caseId, 'goal.notReached', contractManager, { finding: 'Wachttijd na herstel nog 9 weken' });
    const failed = await showCase(ops, { caseId });
    expect(failed.state).toBe('implementation.contract.amended + implementation.recovery.failed');
    expect((failed.context as { dissolutionGround?: unknown }).dissolutionGround).toMatchObject({
      provider: 'aanbieder-077',
      finding: { finding: 'Wachttijd na herstel nog 9 weken', foundBy: { role: 'contractmanager', userId: 'anna' } },
    });
  });

  it('every contracted provider gives notice under art. 2.9 AD as itself: its organisation reaches the machine, another name is refused', async () => {
    const caseId = await toRecoveryRunning(5);
    const day = await todayOf(env);
    const inOtherName = await refusal(send(caseId, 'termination.noticed', otherProvider, { provider: 'aanbieder-042', noticeDate: day }));
    expect(inOtherName).toMatchObject({ code: 'GUARD_FAILED' });
    expect(inOtherName.message).toContain('eigen organisatie');
    await send(caseId, 'termination.noticed', otherProvider, { provider: 'aanbieder-077', noticeDate: day });
    const view = await showCase(ops, { caseId });
    expect(view.history.at(-1)).toMatchObject({ type: 'termination.noticed', actor: { userId: 'frank', organisation: 'aanbieder-077' } });
  });
});
