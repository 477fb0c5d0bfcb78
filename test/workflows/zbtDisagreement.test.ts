// Disagreement between provider and ZBT about the arrangement (002 §4.3) end to end on Temporal's
// time-skipping server: the contact term (calendar days from the proposal, moved to the next working
// day), the clarification period and the contract manager's feedback term are real Temporal timers.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  addWorkingDays,
  amsterdamDateOf,
  atAmsterdamTime,
  computeDeadline,
  isWorkingDay,
} from '../../calendar/index.ts';
import { sendEvent, showCase, startCase, type OperationsContext } from '../../operations/index.ts';
import { deadline, refusal, sleepUntil as sleepUntilOf, today as todayOf, useCaseWorker, expectTermExpiry } from '../support/caseWorker.ts';

const provider = { role: 'aanbieder' as const, userId: 'aanbieder-1' };
const zbt = { role: 'zbt' as const, userId: 'zbt-1' };
const giManager = { role: 'gi-manager' as const, userId: 'gi-1' };
const cm = { role: 'contractmanager' as const, userId: 'cm-1' };
type Actor = typeof provider | typeof zbt | typeof giManager | typeof cm;

const START = {
  provider: 'aanbieder-042',
  arrangementReference: 'ARR-2026-017',
  disagreementSummary: 'De voorgestelde intensiteit past niet bij de hulpvraag',
};

const P = {
  zbtContacted: { summary: 'Telefonisch contact met het ZBT over het arrangement' },
  clarificationStarted: { workingDays: 15, question: 'Welke intensiteit is nodig voor de hulpvraag?' },
  arrangementDecided: {
    youthConsulted: true,
    findingsSummary: 'Bevindingen uit de vraagverheldering gewogen',
    adviceSummary: 'Advies van de gedragswetenschapper gevolgd',
    ijw301Reference: 'JW301-00417',
  },
  disagreementPersisted: { reason: 'Het bepaalde arrangement blijft te licht voor de hulpvraag' },
  giManagerInformed: { summary: 'Stand van zaken en verschil van inzicht overgedragen' },
  managersDisagreed: { outcome: 'disagreed', summary: 'Teammanagers blijven van mening verschillen' },
  contractManagerEngaged: (day: string) => ({
    anonymised: true,
    stepsTaken: [
      { date: day, step: 'Arrangement voorgesteld door het ZBT', by: 'zbt' },
      { date: day, step: 'Aanbieder nam contact op en is het oneens', by: 'aanbieder' },
    ],
    differenceOfOpinion: 'De aanbieder acht de intensiteit te laag, het ZBT acht die passend gezien de bevindingen',
    giPosition: 'Het arrangement past bij de bevindingen',
    providerPosition: 'De intensiteit is onvoldoende voor de hulpvraag',
  }),
  actionsAgreed: (day: string) => ({
    actions: [{ what: 'Contractafspraken over intensiteit nalopen', who: 'contractmanager', byDate: addWorkingDays(day, 5) }],
    feedbackTermWorkingDays: 7,
  }),
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

/** Starts a case whose arrangement was proposed on `proposedOn` (default: today on the test server). */
async function newCase(proposedOn?: string): Promise<string> {
  const caseId = `ZBT-${Date.now().toString(36)}-${++seq}`;
  await startCase(ops, { procedure: 'zbt-disagreement', caseId, actor: provider, data: { ...START, proposedOn: proposedOn ?? (await today()) } });
  return caseId;
}

describe('zbt disagreement on Temporal', () => {
  it('the provider must contact the ZBT within 2 days: calendar days, moved to the next working day', async () => {
    // Skip to a day whose second calendar day after it is not a working day, so the move is visible.
    let proposedOn = await today();
    while (isWorkingDay(addCalendarDays(proposedOn, 2))) proposedOn = addCalendarDays(proposedOn, 1);
    await sleepUntil(atAmsterdamTime(proposedOn, 9), 0);
    expect(await today()).toBe(proposedOn);

    const caseId = await newCase(proposedOn);
    const view = await showCase(ops, { caseId });
    expect(view.state).toBe('awaitingContact.pending');
    const term = deadline(view, 'contactTerm');
    const expected = computeDeadline({ kind: 'days', n: 2, from: proposedOn });
    expect(term).toMatchObject({ kind: 'days', n: 2, from: proposedOn });
    expect(term.dueDate).toBe(expected.due);
    expect(term.dueDate).not.toBe(addCalendarDays(proposedOn, 2));
    expect(isWorkingDay(term.dueDate)).toBe(true);
    expect(term.dueDate).toBe(addWorkingDays(addCalendarDays(proposedOn, 1), 1));
    expect(term.explanation).toContain('verschoven naar de eerstvolgende werkdag');

    const after = await expectTermExpiry(harness, { caseId, term, pending: 'awaitingContact.pending', expired: 'awaitingContact.overdue' });
    expect(after.overdue).toBe(true);
    expect((after.context as { contactOverdue: boolean }).contactOverdue).toBe(true);
    expect(after.allowedEvents.map((e) => e.type)).toEqual(expect.arrayContaining(['arrangement.decided', 'zbt.contacted']));
  });

  it('002 §4.3 "binnen 2 dagen": the contact term is the deployment\'s, carried in the start input; a term in the start data is refused and nothing starts', async () => {
    const caseId = `ZBT-${Date.now().toString(36)}-${++seq}`;
    const proposedOn = await today();
    const err = await refusal(startCase(ops, { procedure: 'zbt-disagreement', caseId, actor: provider, data: { ...START, proposedOn, contactTermDays: 10 } }));
    expect(err.code).toBe('INVALID_PAYLOAD');
    expect(err.field).toBe('data.contactTermDays');
    expect(err.message).toContain('Unrecognized key');
    await expect(showCase(ops, { caseId })).rejects.toMatchObject({ code: 'CASE_NOT_FOUND' });

    // The commissioning body's deployment setting (ZBT_CONTACT_TERM_DAYS) reaches the case through the start input.
    await startCase({ ...ops, settings: { zbtContactTermDays: 3 } }, { procedure: 'zbt-disagreement', caseId, actor: provider, data: { ...START, proposedOn } });
    const view = await showCase(ops, { caseId });
    expect(deadline(view, 'contactTerm')).toMatchObject({ kind: 'days', n: 3, from: proposedOn, dueDate: computeDeadline({ kind: 'days', n: 3, from: proposedOn }).due });
  });

  it('(keuze) a proposal date whose contact term ended more than 4 weeks before registration is refused, naming the field', async () => {
    const caseId = `ZBT-${Date.now().toString(36)}-${++seq}`;
    const proposedOn = addCalendarDays(amsterdamDateOf(Date.now()), -31);
    const err = await refusal(startCase(ops, { procedure: 'zbt-disagreement', caseId, actor: provider, data: { ...START, proposedOn } }));
    expect(err).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'data.proposedOn' });
    expect(err.message).toContain(proposedOn);
    expect(err.rule).toContain('binnen 2 dagen contact op met het JB-team/ZBT');
    await expect(showCase(ops, { caseId })).rejects.toMatchObject({ code: 'CASE_NOT_FOUND' });
  });

  it('the ZBT sets a bounded clarification period in working days; at its end the ZBT decides the arrangement', async () => {
    const caseId = await newCase();
    await send(caseId, 'zbt.contacted', provider, P.zbtContacted);
    const startedOn = await today();
    const view = await send(caseId, 'clarification.started', zbt, P.clarificationStarted);
    expect(view.state).toBe('clarifying');
    const term = deadline(view, 'clarificationTerm');
    expect(term).toMatchObject({ kind: 'working-days', n: 15, from: startedOn });
    expect(term.dueDate).toBe(addWorkingDays(startedOn, 15));

    const after = await expectTermExpiry(harness, { caseId, term, pending: 'clarifying', expired: 'deciding', role: 'zbt' });
    expect(after.history.at(-1)).toMatchObject({ kind: 'expiry', type: 'clarificationTerm.expired', actor: { role: 'system' }, from: 'clarifying', to: 'deciding' });
    // The expiry moved the case on; the ended term lingers as overdue until the next step (expectTermExpiry checked it).
    expect(after.overdue).toBe(true);
    expect((after.context as { clarification: { expired: boolean } }).clarification.expired).toBe(true);
    expect(after.allowedEvents.map((e) => e.type)).toContain('arrangement.decided');
  });

  it('the contract manager gives feedback to the local team within the agreed working days; a late feedback is flagged and can still be given', async () => {
    const caseId = await newCase();
    await send(caseId, 'zbt.contacted', provider, P.zbtContacted);
    await send(caseId, 'arrangement.decided', zbt, P.arrangementDecided);
    await send(caseId, 'disagreement.persisted', provider, P.disagreementPersisted);
    await send(caseId, 'giManager.informed', zbt, P.giManagerInformed);
    await send(caseId, 'managers.consulted', giManager, P.managersDisagreed);
    await send(caseId, 'contractManager.engaged', giManager, P.contractManagerEngaged(await today()));
    const agreedOn = await today();
    const view = await send(caseId, 'actions.agreed', cm, P.actionsAgreed(agreedOn));
    expect(view.state).toBe('escalated.contractManager.awaitingFeedback.pending');
    const term = deadline(view, 'feedbackTerm');
    expect(term).toMatchObject({ kind: 'working-days', n: 7, from: agreedOn });
    expect(term.dueDate).toBe(addWorkingDays(agreedOn, 7));

    const after = await expectTermExpiry(harness, { caseId, term, pending: 'escalated.contractManager.awaitingFeedback.pending', expired: 'escalated.contractManager.awaitingFeedback.overdue', role: 'contractmanager' });
    expect(after.overdue).toBe(true);
    expect((after.context as { feedbackOverdue: boolean }).feedbackOverdue).toBe(true);
    expect(after.allowedEvents.map((e) => e.type)).toEqual(expect.arrayContaining(['feedback.given', 'process.checked']));
  });

  it('only the ZBT decides the arrangement: the contract manager is refused with ROLE_NOT_ALLOWED naming the allowed role', async () => {
    const caseId = await newCase();
    await send(caseId, 'zbt.contacted', provider, P.zbtContacted);
    const before = await showCase(ops, { caseId });
    const err = await refusal(send(caseId, 'arrangement.decided', cm, P.arrangementDecided));
    expect(err.code).toBe('ROLE_NOT_ALLOWED');
    expect(err.field).toBe('actor.role');
    expect(err.state).toBe('inConsultation');
    expect(err.message).toContain("Role 'contractmanager' may not send 'arrangement.decided'");
    expect(err.message).toContain('allowed roles: zbt');
    expect((await showCase(ops, { caseId })).history).toEqual(before.history);
  });
});
