// Escalation on client/care content (002 §4.4) end to end on Temporal's time-skipping server: the ZBT's
// agreed feedback term and the secretary's decision term are real Temporal timers in working days.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays, computeDeadline } from '../../calendar/index.ts';
import { sendEvent, showCase, startCase, type OperationsContext } from '../../operations/index.ts';
import { deadline, refusal, sleepUntil as sleepUntilOf, today as todayOf, useCaseWorker, expectTermExpiry } from '../support/caseWorker.ts';

const localTeam = { role: 'casusregisseur' as const, userId: 'casus-1' };
const zbt = { role: 'zbt' as const, userId: 'zbt-1' };
const cm = { role: 'contractmanager' as const, userId: 'cm-1' };
const provider = { role: 'aanbieder' as const, userId: 'aanbieder-1' };
type Actor = typeof localTeam | typeof zbt | typeof cm | typeof provider;

const WITH_PLACE = { provider: 'aanbieder-042', urgencyReason: 'Thuissituatie onhoudbaar, hulp moet deze week starten', residentialPlaceRequested: true };
const WITHOUT_PLACE = { ...WITH_PLACE, residentialPlaceRequested: false };

const P = {
  contractManagerContacted: { localTeamLeaderInformed: true, summary: 'Hulp moet direct starten bij deze aanbieder' },
  zbtContacted: { summary: 'Vraag naar een verblijfsplaats voorgelegd aan het ZBT' },
  actionsAgreed: (day: string) => ({
    actions: [{ what: 'Verblijfsplaats bij de aanbieder navragen', who: 'zbt', byDate: addWorkingDays(day, 3) }],
    feedbackTermWorkingDays: 5,
  }),
  disputeUnsolved: {
    contractArticles: ['art. 3.2.1 Productieplafond'],
    workAgreements: [],
    discussedWithProviderContact: true,
    conclusion: 'Geen ruimte binnen het plafond, geen oplossing',
    outcome: 'unsolved',
  },
  escalated: { summary: 'Contractmanager en aanbieder vinden geen oplossing binnen het plafond' },
};

const harness = useCaseWorker();
let env: TestWorkflowEnvironment;
let ops: OperationsContext;
let seq = 0;

beforeAll(() => {
  ({ env, ops } = harness);
});

const today = () => todayOf(env);
const sleepUntil = (dueAt: string, offsetMs: number) => sleepUntilOf(env, dueAt, offsetMs);

const send = (caseId: string, type: string, actor: Actor, payload: Record<string, unknown>) => sendEvent(ops, { caseId, type, actor, payload });

async function newCase(data: typeof WITH_PLACE): Promise<string> {
  const caseId = `ZI-${Date.now().toString(36)}-${++seq}`;
  await startCase(ops, { procedure: 'care-content-escalation', caseId, actor: localTeam, data });
  return caseId;
}

describe('care content escalation on Temporal', () => {
  it('the ZBT gives feedback to the local team within the agreed working days; after the term the local team can engage the contract manager', async () => {
    const caseId = await newCase(WITH_PLACE);
    expect((await showCase(ops, { caseId })).state).toBe('awaitingZbtContact');
    await send(caseId, 'zbt.contacted', localTeam, P.zbtContacted);
    const agreedOn = await today();
    const view = await send(caseId, 'actions.agreed', zbt, P.actionsAgreed(agreedOn));
    expect(view.state).toBe('awaitingZbtFeedback.pending');
    const term = deadline(view, 'feedbackTerm');
    expect(term).toMatchObject({ kind: 'working-days', n: 5, from: agreedOn });
    expect(term.dueDate).toBe(addWorkingDays(agreedOn, 5));
    expect(term.dueDate).toBe(computeDeadline({ kind: 'working-days', n: 5, from: agreedOn }).due);

    const after = await expectTermExpiry(harness, { caseId, term, pending: 'awaitingZbtFeedback.pending', expired: 'awaitingZbtFeedback.overdue', role: 'casusregisseur' });
    expect(after.overdue).toBe(true);
    expect((after.context as { feedbackOverdue: boolean }).feedbackOverdue).toBe(true);
    expect(after.allowedEvents.map((e) => e.type)).toEqual(expect.arrayContaining(['contractManager.contacted', 'case.resolved']));
  });

  it('(keuze) the secretary of the GR JR decides within 10 working days; after the term the decision is overdue and can still be made', async () => {
    const caseId = await newCase(WITHOUT_PLACE);
    await send(caseId, 'contractManager.contacted', localTeam, P.contractManagerContacted);
    await send(caseId, 'dispute.tested', cm, P.disputeUnsolved);
    const escalatedOn = await today();
    const view = await send(caseId, 'escalated.toSecretary', cm, P.escalated);
    expect(view.state).toBe('secretaryDeciding.pending');
    const term = deadline(view, 'decisionTerm');
    expect(term).toMatchObject({ kind: 'working-days', n: 10, from: escalatedOn });
    expect(term.dueDate).toBe(addWorkingDays(escalatedOn, 10));

    const after = await expectTermExpiry(harness, { caseId, term, pending: 'secretaryDeciding.pending', expired: 'secretaryDeciding.overdue', role: 'opdrachtgever-besluit' });
    expect(after.overdue).toBe(true);
    expect((after.context as { decisionOverdue: boolean }).decisionOverdue).toBe(true);
    expect(after.allowedEvents.map((e) => e.type)).toEqual(expect.arrayContaining(['secretary.decided', 'advice.requested']));
  });

  it('only the local team leader contacts the contract manager: the provider is refused with ROLE_NOT_ALLOWED naming the allowed role', async () => {
    const caseId = await newCase(WITHOUT_PLACE);
    const before = await showCase(ops, { caseId });
    const err = await refusal(send(caseId, 'contractManager.contacted', provider, P.contractManagerContacted));
    expect(err.code).toBe('ROLE_NOT_ALLOWED');
    expect(err.field).toBe('actor.role');
    expect(err.state).toBe('awaitingContractManagerContact');
    expect(err.message).toContain("Role 'aanbieder' may not send 'contractManager.contacted'");
    expect(err.message).toContain('allowed roles: casusregisseur');
    expect((await showCase(ops, { caseId })).history).toEqual(before.history);
  });
});
