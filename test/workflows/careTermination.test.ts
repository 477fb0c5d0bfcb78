// Care termination by the provider (002 §4.2) end to end on Temporal's time-skipping server: the case
// director's 10-working-day decision term is a real Temporal timer computed with the working-day calendar.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays, computeDeadline } from '../../calendar/index.ts';
import { DECISION_TERM_WORKING_DAYS } from '../../machines/careTerminationMachine.ts';
import { sendEvent, showCase, startCase, type OperationsContext } from '../../operations/index.ts';
import { deadline, refusal, sleepUntil as sleepUntilOf, today as todayOf, useCaseWorker, expectTermExpiry } from '../support/caseWorker.ts';

const provider = { role: 'aanbieder' as const, userId: 'aanbieder-1' };
const caseDirector = { role: 'casusregisseur' as const, userId: 'casus-1' };
type Actor = typeof provider | typeof caseDirector;

const START = {
  provider: 'aanbieder-042',
  caseDirector: 'lokaal-team',
  childProtectionMeasure: false,
  seriousReasons: 'Herhaalde bedreiging van medewerkers door een familielid van de jeugdige',
  reasonCategory: 'bedreiging-intimidatie',
  optOut: false,
};
const YOUTH = { name: 'J. de Vries', bsn: '111222333', dateOfBirth: '2010-05-01', address: 'Coolsingel 40, Rotterdam' };

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

async function newCase(data: Partial<typeof START> = {}, personalData?: typeof YOUTH): Promise<string> {
  const caseId = `BJ-${Date.now().toString(36)}-${++seq}`;
  await startCase(ops, { procedure: 'care-termination', caseId, actor: provider, data: { ...START, ...data }, ...(personalData ? { personalData } : {}) });
  return caseId;
}

/** The shortest lawful way to the consent form: informed, two conversations, two warnings. */
async function toSecondWarning(caseId: string): Promise<void> {
  const day = await today();
  await send(caseId, 'caseDirector.informed', provider, { informedOn: day });
  for (const report of ['Dossier, gespreksverslag 1', 'Dossier, gespreksverslag 2']) {
    await send(caseId, 'conversation.held', provider, { date: day, report, agreements: ['Geen dreigementen richting medewerkers'] });
  }
  await send(caseId, 'warning.first.issued', provider, { date: day, copyReference: 'Dossier, brief W1' });
  await send(caseId, 'warning.second.issued', provider, { date: day, copyReference: 'Dossier, brief W2' });
}

const consentForm = (signedOn: string) => ({
  signedBy: 'Teammanager ambulante hulp',
  signedOn,
  attachments: { conversationReports: true, agreementsOverview: true, firstWarningCopy: true, secondWarningCopy: true },
  copyToContractManager: true,
});

const criterion = <A>(answer: A, explanation: string) => ({ answer, explanation });
const CONSENT = {
  behaviourCausedByCondition: criterion('deels', 'Gedrag komt deels voort uit de stoornis, maar de dreiging komt van een familielid'),
  providerTriedEnough: criterion(true, 'Twee gesprekken en twee waarschuwingen, afspraken steeds herhaald'),
  procedureFollowed: criterion(true, 'Alle stappen van 4.2 zijn gedocumenteerd'),
  continuationArranged: criterion(true, 'Overdracht aan een andere aanbieder is voorbereid'),
  consent: true,
  reason: 'De situatie is onwerkbaar voor de medewerkers; voortzetting elders is geregeld',
};

describe('care termination on Temporal', () => {
  it('the case director decides within 10 working days after the consent form; when the term ends the decision is overdue and can still be made', async () => {
    const caseId = await newCase();
    await toSecondWarning(caseId);
    const submittedOn = await today();
    const view = await send(caseId, 'consentForm.submitted', provider, consentForm(submittedOn));
    expect(view.state).toBe('awaitingDecision.pending');
    const term = deadline(view, 'decisionTerm');
    expect(term.n).toBe(DECISION_TERM_WORKING_DAYS);
    expect(term.dueDate).toBe(addWorkingDays(submittedOn, 10));
    expect(term.dueDate).toBe(computeDeadline({ kind: 'working-days', n: 10, from: submittedOn }).due);
    expect(term.overdue).toBe(false);

    const after = await expectTermExpiry(harness, { caseId, term, pending: 'awaitingDecision.pending', expired: 'awaitingDecision.overdue', role: 'casusregisseur' });
    expect(after.overdue).toBe(true);
    expect((after.context as { decisionOverdue: boolean }).decisionOverdue).toBe(true);
    expect(after.allowedEvents.map((e) => e.type)).toContain('decision.made');
  });

  it('only the provider records its own steps: the case director informing is refused with ROLE_NOT_ALLOWED naming the allowed role', async () => {
    const caseId = await newCase();
    const before = await showCase(ops, { caseId });
    const err = await refusal(send(caseId, 'caseDirector.informed', caseDirector, { informedOn: await today() }));
    expect(err.code).toBe('ROLE_NOT_ALLOWED');
    expect(err.field).toBe('actor.role');
    expect(err.state).toBe('informing');
    expect(err.message).toContain("Role 'casusregisseur' may not send 'caseDirector.informed'");
    expect(err.message).toContain('allowed roles: aanbieder');
    expect(err.allowedEvents).toEqual(['care.refused']); // the case director may record a Weigering Jeugdhulp at any step
    expect((await showCase(ops, { caseId })).history).toEqual(before.history);
  });

  it('002 §4.2 stap 8: the provider cannot declare "andere oplossing" and end care on its own; the case director confirms the definitive solution', async () => {
    const caseId = await newCase();
    await toSecondWarning(caseId);
    await send(caseId, 'consentForm.submitted', provider, consentForm(await today()));
    await send(caseId, 'decision.made', caseDirector, CONSENT);
    const solution = { kind: 'andere-oplossing', description: 'Gezinshuis via het lokale team geregeld' };

    const notHis = await refusal(send(caseId, 'solution.confirmed', provider, solution));
    expect(notHis).toMatchObject({ code: 'ROLE_NOT_ALLOWED', field: 'actor.role', state: 'consented.seekingSolution' });
    expect(notHis.message).toContain('allowed roles: casusregisseur');
    await send(caseId, 'solution.proposed', provider, solution);
    const tooSoon = await refusal(send(caseId, 'care.terminated', provider, { endDate: await today() }));
    expect(tooSoon.code).toBe('GUARD_FAILED');
    expect(tooSoon.state).toBe('consented.solutionProposed');
    expect(tooSoon.message).toContain('definitieve oplossing heeft bevestigd');

    await send(caseId, 'solution.confirmed', caseDirector, solution);
    const ended = await send(caseId, 'care.terminated', provider, { endDate: await today() });
    expect(ended.state).toBe('terminated');
    expect(((await showCase(ops, { caseId })).context as { signal: { outcome: string } }).signal.outcome).toBe('beeindiging-jeugdhulp');
  });

  it('002 art. 6.1.2 "Weigering Jeugdhulp": a refusal of care closes the case with a monitoring signal', async () => {
    const caseId = await newCase();
    const view = await send(caseId, 'care.refused', caseDirector, { refusedOn: await today(), explanation: 'De aanbieder weigert de begeleiding voort te zetten zonder besluit' });
    expect(view.state).toBe('careRefused');
    expect(((await showCase(ops, { caseId })).context as { signal: { outcome: string } }).signal.outcome).toBe('weigering-jeugdhulp');
  });

  it('on opt-out the contract manager sees no personal data of the youth; the case director does', async () => {
    const caseId = await newCase({ optOut: true }, YOUTH);
    const cm = await showCase(ops, { caseId, role: 'contractmanager' });
    expect(cm.optOut).toBe(true);
    expect(cm.personalData).toBeUndefined();
    expect(cm).not.toHaveProperty('personalData');
    expect(cm.personalDataWithheld).toBe(true);
    expect(JSON.stringify(cm)).not.toContain(YOUTH.bsn);
    expect(JSON.stringify(cm)).not.toContain(YOUTH.name);

    const cr = await showCase(ops, { caseId, role: 'casusregisseur' });
    expect(cr.personalData).toEqual(YOUTH);
    expect(cr.personalDataWithheld).toBeUndefined();
  });
});
