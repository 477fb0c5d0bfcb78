// The escalation ladder (seed 003) end to end on Temporal's time-skipping server: the 15/5/10
// working-day terms are real Temporal timers computed with the working-day calendar.
import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { addWorkingDays, workingDaysBetween } from '../../calendar/index.ts';
import { sendEvent, showCase, startCase, superviseCase, type OperationsContext } from '../../operations/index.ts';
import { caseWorkflowId } from '../../workflows/constants.ts';
import { JfCaseId, JfRevision, JfState, JfWaitingOn } from '../../workflows/searchAttributes.ts';
import { deadline, refusal, sleepUntil as sleepUntilOf, today as todayOf, useCaseWorker, expectTermExpiry } from '../support/caseWorker.ts';
import { testDataConverter } from '../support/temporal.ts';

const cm1 = { role: 'contractmanager' as const, userId: 'cm-1' };
const cm2 = { role: 'contractmanager' as const, userId: 'cm-2' };
const provider = { role: 'aanbieder' as const, userId: 'aanbieder-1' };
const supervisor = { role: 'supervisor' as const, userId: 'sup-1' };
const why = 'Onderbouwing met voldoende tekst';
/** A notice of default goes by registered letter ("aangetekende brief"): its reference is recorded with the approval. */
const registeredLetter = { reference: 'RR 1234 5678 9NL' };
const rung4 = { rung: 4, reason: why, urgent: { needed: false }, scope: 'geheel' };
const taken = (leaves: { objection: string; effect: string; escalation?: string }) =>
  `open.measureTaken.objection.${leaves.objection} + open.measureTaken.effect.${leaves.effect} + open.measureTaken.escalation.${leaves.escalation ?? 'idle'}`;

const harness = useCaseWorker();
let env: TestWorkflowEnvironment;
let ops: OperationsContext;
let seq = 0;

beforeAll(() => {
  ({ env, ops } = harness);
});

const today = () => todayOf(env);
const sleepUntil = (dueAt: string, offsetMs: number) => sleepUntilOf(env, dueAt, offsetMs);

async function newCase(): Promise<string> {
  const caseId = `LAD-${Date.now().toString(36)}-${++seq}`;
  await startCase(ops, {
    procedure: 'escalation-ladder',
    caseId,
    actor: cm1,
    data: { provider: 'AGB-12345678', signal: { category: 'kwaliteit', description: 'Herhaalde klachten over de begeleiding', receivedOn: await today() } },
  });
  await sendEvent(ops, {
    caseId,
    type: 'hearing.recorded',
    actor: cm1,
    payload: { date: await today(), providerPosition: 'De aanbieder erkent de achterstand', findings: 'Dossieronderzoek bevestigt het signaal' },
  });
  return caseId;
}

const send = (caseId: string, type: string, actor: typeof cm1 | typeof provider, payload: Record<string, unknown>) => sendEvent(ops, { caseId, type, actor, payload });

const proposeRung3 = (caseId: string) =>
  send(caseId, 'measure.proposed', cm1, {
    rung: 3,
    reason: why,
    urgent: { needed: false },
    shortcoming: 'Wachttijden structureel boven de norm',
    recoveryTermWorkingDays: 20,
    legalConsequences: 'Bij uitblijven van herstel is de aanbieder in verzuim',
  });

describe('escalation ladder on Temporal', () => {
  it('rung 1: the provider responds within 15 working days; when the term ends the case is overdue and the contract manager is offered the next step', async () => {
    const caseId = await newCase();
    const chosenOn = await today();
    const view = await send(caseId, 'rung.chosen', cm1, { rung: 1, reason: why, arrangements: 'Tweewekelijks gesprek met de teammanager' });
    expect(view.state).toBe('open.rung1.awaitingResponse');
    const term = deadline(view, 'responseTerm');
    expect(term.dueDate).toBe(addWorkingDays(chosenOn, 15));
    expect(term.explanation).toContain('15 werkdagen');

    const after = await expectTermExpiry(harness, { caseId, term, pending: 'open.rung1.awaitingResponse', expired: 'open.rung1.responseOverdue', role: 'contractmanager' });
    expect(after.allowedEvents.map((e) => e.type)).toEqual(expect.arrayContaining(['measure.proposed', 'rung.chosen', 'case.closed']));
  });

  it('rung 1 for acute risks: a shorter response term with its reason', async () => {
    const caseId = await newCase();
    const chosenOn = await today();
    const view = await send(caseId, 'rung.chosen', cm1, {
      rung: 1,
      reason: why,
      arrangements: 'Wekelijks gesprek met de bestuurder',
      acuteRisk: { responseTermWorkingDays: 5, reason: 'Acuut risico voor de continuïteit' },
    });
    expect(deadline(view, 'responseTerm')).toMatchObject({ n: 5, dueDate: addWorkingDays(chosenOn, 5) });
  });

  it('a response within the term closes the term; the case can be closed as recovered', async () => {
    const caseId = await newCase();
    await send(caseId, 'rung.chosen', cm1, { rung: 1, reason: why, arrangements: 'Tweewekelijks gesprek met de teammanager' });
    const responded = await send(caseId, 'response.submitted', provider, { explanation: 'Personeelstekort door ziekte', recoveryMeasures: 'Inhuur van twee extra begeleiders' });
    expect(responded.state).toBe('open.rung1.responseReceived');
    expect(responded.deadlines).toEqual([]);
    const closed = await send(caseId, 'case.closed', cm1, { outcome: 'hersteld', reason: 'De aanbieder heeft de tekortkoming hersteld' });
    expect(closed.status).toBe('closed');
  });

  it('a measure at rung 3 or higher needs a second contract manager: self-approval is refused and leaves the case as it was', async () => {
    const caseId = await newCase();
    await proposeRung3(caseId);
    const err = await refusal(send(caseId, 'measure.approved', cm1, { date: await today(), registeredLetter }));
    expect(err.code).toBe('GUARD_FAILED');
    expect(err.state).toBe('open.measureProposed');
    expect(err.message).toContain('Niet toegestaan');
    const view = await showCase(ops, { caseId });
    expect(view.state).toBe('open.measureProposed');
    expect(view.history.map((h) => h.type)).not.toContain('measure.approved');
  });

  it('after a notice of default the provider may object within 5 working days; without objection the window closes', async () => {
    const caseId = await newCase();
    await proposeRung3(caseId);
    const takenOn = await today();
    const view = await send(caseId, 'measure.approved', cm2, { date: takenOn, registeredLetter });
    const window = deadline(view, 'objectionWindow');
    expect(window.dueDate).toBe(addWorkingDays(takenOn, 5));
    expect(deadline(view, 'recoveryTerm').dueDate).toBe(addWorkingDays(takenOn, 20));

    await sleepUntil(window.dueAt, -60_000);
    expect((await showCase(ops, { caseId })).state).toContain('objection.window');
    await sleepUntil(window.dueAt, 60_000);
    const after = await showCase(ops, { caseId });
    expect(after.state).toContain('objection.done');
    expect(after.history.map((h) => h.type)).toContain('objectionWindow.expired');
    // The recovery term still runs.
    expect(deadline(after, 'recoveryTerm').status).toBe('open');
  });

  it('an objection suspends the measure unless it is needed for client safety or against fraud', async () => {
    const suspensive = await newCase();
    await proposeRung3(suspensive);
    await send(suspensive, 'measure.approved', cm2, { date: await today(), registeredLetter });
    const objected = await send(suspensive, 'objection.filed', provider, { grounds: 'De tekortkoming is al hersteld', disputesRung: false });
    expect(((await showCase(ops, { caseId: suspensive })).context as { measure: { suspended: boolean } }).measure.suspended).toBe(true);
    expect(objected.state).toContain('effect.suspended');

    const urgent = await newCase();
    await send(urgent, 'measure.proposed', cm1, {
      rung: 3,
      reason: why,
      urgent: { needed: true, reason: 'Veiligheid van cliënten direct in het geding' },
      shortcoming: 'Onveilige situatie op de groep',
      recoveryTermWorkingDays: 5,
      legalConsequences: 'Bij uitblijven van herstel is de aanbieder in verzuim',
    });
    await send(urgent, 'measure.approved', cm2, { date: await today(), registeredLetter });
    const objectedUrgent = await send(urgent, 'objection.filed', provider, { grounds: 'De tekortkoming is al hersteld', disputesRung: false });
    expect(((await showCase(ops, { caseId: urgent })).context as { measure: { suspended: boolean } }).measure.suspended).toBe(false);
    expect(objectedUrgent.state).not.toContain('effect.suspended');
  });

  it('a dispute about the rung chosen gets a director-level meeting within 10 working days; a late meeting is flagged', async () => {
    const caseId = await newCase();
    await proposeRung3(caseId);
    await send(caseId, 'measure.approved', cm2, { date: await today(), registeredLetter });
    const filedOn = await today();
    const view = await send(caseId, 'objection.filed', provider, { grounds: 'Trede 3 is te zwaar, trede 2 past', disputesRung: true });
    const meeting = deadline(view, 'directorMeeting');
    expect(meeting.dueDate).toBe(addWorkingDays(filedOn, 10));
    await sleepUntil(meeting.dueAt, 60_000);
    const after = await showCase(ops, { caseId });
    expect(after.state).toContain('objection.meetingOverdue');
    expect(after.allowedEvents.map((e) => e.type)).toContain('directorMeeting.held');
  });

  it('the recovery term counts from the date of the registered letter, not from the approval day; rung 4 is refused until it ends and accepted after ("indien herstel uitblijft na ingebrekestelling")', async () => {
    const caseId = await newCase();
    const early = await refusal(send(caseId, 'measure.proposed', cm1, rung4));
    expect(early.code).toBe('GUARD_FAILED');
    await proposeRung3(caseId);
    const letterOn = await today();
    // The approval is recorded at least one working day after the letter went out.
    do await env.sleep('1 day');
    while (workingDaysBetween(letterOn, await today()) < 1);
    const approvedOn = await today();
    const view = await send(caseId, 'measure.approved', cm2, { date: letterOn, registeredLetter });
    expect(view.state).toBe(taken({ objection: 'window', effect: 'recoveryRunning' }));
    expect(((await showCase(ops, { caseId })).context as { measure: { registeredLetter: unknown } }).measure.registeredLetter).toEqual({ ...registeredLetter, date: letterOn });
    const recovery = deadline(view, 'recoveryTerm');
    expect(recovery.dueDate).toBe(addWorkingDays(letterOn, 20));
    expect(recovery.dueDate).not.toBe(addWorkingDays(approvedOn, 20));
    const window = deadline(view, 'objectionWindow');
    expect(window.dueDate).toBe(addWorkingDays(letterOn, 5));
    expect(window.dueDate).not.toBe(addWorkingDays(approvedOn, 5));

    // Just before the end of the recovery term, payment suspension is refused, and so is a bare "recovery failed".
    await sleepUntil(recovery.dueAt, -120_000);
    const tooEarly = await refusal(send(caseId, 'measure.proposed', cm1, rung4));
    expect(tooEarly.code).toBe('GUARD_FAILED');
    expect(tooEarly.message).toContain('herstel is uitgebleven');
    const bare = await refusal(send(caseId, 'recovery.failed', cm1, { reason: 'Wachttijden nog steeds boven de norm' }));
    expect(bare).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'payload.providerStatement' });

    await expectTermExpiry(harness, {
      caseId,
      term: recovery,
      pending: taken({ objection: 'done', effect: 'recoveryRunning' }),
      expired: taken({ objection: 'done', effect: 'recoveryFailed' }),
    });
    const proposed = await send(caseId, 'measure.proposed', cm1, rung4);
    expect(proposed.state).toBe(taken({ objection: 'done', effect: 'recoveryFailed', escalation: 'proposed' }));
  });

  it('before the recovery term ends, failed recovery is recorded only with the provider\'s written statement that it will not recover; rung 4 then opens', async () => {
    const caseId = await newCase();
    await proposeRung3(caseId);
    const letterOn = await today();
    await send(caseId, 'measure.approved', cm2, { date: letterOn, registeredLetter });
    const failed = await send(caseId, 'recovery.failed', cm1, {
      reason: 'Wachttijden nog steeds boven de norm',
      providerStatement: { date: letterOn, summary: 'Brief van de bestuurder: herstel binnen de termijn is niet haalbaar' },
    });
    expect(failed.state).toContain('effect.recoveryFailed');
    expect(((await showCase(ops, { caseId })).context as { measure: { recoveryFailure: unknown } }).measure.recoveryFailure).toMatchObject({
      basis: 'providerStatement',
      statement: { date: letterOn },
    });
    const proposed = await send(caseId, 'measure.proposed', cm1, rung4);
    expect(proposed.state).toContain('escalation.proposed');
  });

  it('an objection without a dispute about the rung is decided within 10 working days by someone other than the proposer; when the term ends the decision is overdue', async () => {
    const caseId = await newCase();
    await proposeRung3(caseId);
    await send(caseId, 'measure.approved', cm2, { date: await today(), registeredLetter });
    const filedOn = await today();
    const view = await send(caseId, 'objection.filed', provider, { grounds: 'De tekortkoming is al hersteld', disputesRung: false });
    const term = deadline(view, 'objectionDecision');
    expect(term.dueDate).toBe(addWorkingDays(filedOn, 10));
    const own = await refusal(send(caseId, 'objection.decided', cm1, { objectionUpheld: false, reason: 'Het herstel is niet aangetoond' }));
    expect(own.code).toBe('GUARD_FAILED');
    expect(own.message).toContain('een ander dan de contractmanager die de maatregel voorstelde');
    const after = await expectTermExpiry(harness, {
      caseId,
      term,
      pending: taken({ objection: 'decision', effect: 'suspended' }),
      expired: taken({ objection: 'decisionOverdue', effect: 'suspended' }),
      role: 'contractmanager',
    });
    expect(after.allowedEvents.map((e) => e.type)).toContain('objection.decided');
    const decided = await send(caseId, 'objection.decided', cm2, { objectionUpheld: false, reason: 'Het herstel is niet aangetoond' });
    expect(decided.state).toBe(taken({ objection: 'done', effect: 'recoveryRunning' }));
  });

  it('a refused event names the state, the events the role may send, and leaves no trace in the history', async () => {
    const caseId = await newCase();
    const before = await showCase(ops, { caseId });
    const handle = env.client.workflow.getHandle(`case-${caseId}`);
    const temporalEventsBefore = (await handle.fetchHistory()).events?.length;
    const err = await refusal(send(caseId, 'response.submitted', provider, { explanation: 'x'.repeat(20), recoveryMeasures: 'y'.repeat(20) }));
    expect(err.code).toBe('EVENT_NOT_ALLOWED');
    expect(err.state).toBe('open.investigation');
    expect(err.allowedEvents).toEqual([]);
    const wrongRole = await refusal(send(caseId, 'rung.chosen', provider, { rung: 1, reason: why, arrangements: 'a' }));
    expect(wrongRole.code).toBe('ROLE_NOT_ALLOWED');
    const after = await showCase(ops, { caseId });
    expect(after.history).toEqual(before.history);
    // The update validator refused: no update was accepted into the Temporal history. (The Java test
    // server persists the workflow task that ran the validator; the real server drops it: see the
    // CLI integration test.)
    const newEvents = ((await handle.fetchHistory()).events ?? []).slice(temporalEventsBefore);
    expect(newEvents.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes || e.workflowExecutionUpdateCompletedEventAttributes)).toEqual([]);
  });

  it('a repeated send with the same request id is applied once', async () => {
    const caseId = await newCase();
    const req = { caseId, type: 'ground.recorded', actor: cm1, payload: { kind: 'fraude', type: 'oplichting', evidence: 'Facturen zonder geleverde zorg', established: false }, requestId: `req-${caseId}` };
    await sendEvent(ops, req);
    await sendEvent(ops, req);
    const view = await showCase(ops, { caseId });
    expect(view.history.filter((h) => h.type === 'ground.recorded')).toHaveLength(1);
  });

  it("an update's answer carries no context: the case's event history does not store the context again with every event", async () => {
    const caseId = await newCase(); // a start and a hearing (a sendEvent update)
    const ground = { kind: 'fraude', type: 'oplichting', evidence: 'Facturen zonder geleverde zorg', established: false };
    await send(caseId, 'ground.recorded', cm1, ground);
    await superviseCase(ops, { caseId, actor: supervisor, fix: { action: 'case.reassigned', role: 'contractmanager', userId: 'cm-2', ground: 'wisseling-behandelaar', reason: 'Collega neemt de zaak over' } });
    // Every update's answer as Temporal stored it, decoded with the test client's own codec and payload converter.
    const history = await env.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
    const stored = (history.events ?? []).flatMap((e) => e.workflowExecutionUpdateCompletedEventAttributes?.outcome?.success?.payloads ?? []);
    let payloads = stored;
    for (const codec of [...(testDataConverter.payloadCodecs ?? [])].reverse()) payloads = await codec.decode(payloads);
    const answers = payloads.map((p) => defaultPayloadConverter.fromPayload<Record<string, unknown>>(p));
    expect(answers.map((a) => (a.history as { type: string }[]).map((h) => h.type))).toEqual([['hearing.recorded'], ['ground.recorded'], ['supervisor.case.reassigned']]);
    for (const answer of answers) {
      expect(answer).toMatchObject({ caseId, state: 'open.investigation' });
      expect(answer).not.toHaveProperty('context');
    }
    // The case query still has the machine's context.
    const view = await showCase(ops, { caseId });
    expect(view.context).toMatchObject({ hearings: [expect.anything()], grounds: [ground] });
  });

  it("a step that leaves the case's next wake time as it was keeps the term's timer: hearings at rung 1 add no timer events, and the term still ends on its day", async () => {
    const caseId = await newCase();
    const view = await send(caseId, 'rung.chosen', cm1, { rung: 1, reason: why, arrangements: 'Tweewekelijks gesprek met de teammanager' });
    const term = deadline(view, 'responseTerm');
    const handle = env.client.workflow.getHandle(caseWorkflowId(caseId));
    const timerEvents = (events: temporal.api.history.v1.IHistoryEvent[]) =>
      events.filter((e) => e.timerStartedEventAttributes || e.timerCanceledEventAttributes || e.timerFiredEventAttributes).length;
    const before = timerEvents((await handle.fetchHistory()).events ?? []);
    expect(before).toBeGreaterThan(0); // the term's timer runs
    for (const round of [1, 2]) {
      await send(caseId, 'hearing.recorded', cm1, { date: await today(), providerPosition: `Standpunt aanbieder, ronde ${round}`, findings: `Bevindingen, ronde ${round}` });
    }
    const events = (await handle.fetchHistory()).events ?? [];
    expect(timerEvents(events)).toBe(before);
    // The patch the new behaviour runs under: cases recorded before it replay as they were.
    const markers = events.flatMap((e) => Object.values(e.markerRecordedEventAttributes?.details ?? {}).flatMap((d) => d.payloads ?? []));
    expect(markers.map((p) => Buffer.from(p.data ?? []).toString())).toEqual(expect.arrayContaining([expect.stringContaining('wake-on-change')]));
    await expectTermExpiry(harness, { caseId, term, pending: 'open.rung1.awaitingResponse', expired: 'open.rung1.responseOverdue' });
  });

  it('a step upserts only the search attributes it changed: a hearing records its time and revision, and the case still shows every attribute', async () => {
    const caseId = await newCase();
    await send(caseId, 'hearing.recorded', cm1, { date: await today(), providerPosition: 'Standpunt aanbieder', findings: 'Bevindingen' });
    const handle = env.client.workflow.getHandle(caseWorkflowId(caseId));
    const upserts = ((await handle.fetchHistory()).events ?? []).flatMap((e) => (e.upsertWorkflowSearchAttributesEventAttributes ? [Object.keys(e.upsertWorkflowSearchAttributesEventAttributes.searchAttributes?.indexedFields ?? {})] : []));
    expect(upserts[0]).toEqual(expect.arrayContaining(['JfCaseId', 'JfProcedure', 'JfState', 'JfStatePaths', 'JfWaitingOn', 'JfChangedAt', 'JfRevision']));
    const hearing = upserts.at(-1)!;
    expect(hearing).toEqual(expect.arrayContaining(['JfChangedAt', 'JfRevision']));
    for (const unchanged of ['JfCaseId', 'JfProcedure', 'JfProvider', 'JfState', 'JfStatePaths', 'JfWaitingOn', 'JfOverdue']) expect(hearing).not.toContain(unchanged);
    // Temporal merges the upserts: the case shows all its attributes, its current revision among them
    // (the start's mail may still add its record to the dossier: asked again until both agree).
    await vi.waitFor(async () => {
      const attributes = (await handle.describe()).typedSearchAttributes;
      const { revision } = await showCase(ops, { caseId });
      expect([attributes.get(JfCaseId), attributes.get(JfState), attributes.get(JfWaitingOn), attributes.get(JfRevision)]).toEqual([caseId, 'open.investigation', ['contractmanager'], revision]);
    });
  });

  it('a supervisor suspends the legal clock; on resume the term moves by the suspended working days', async () => {
    const caseId = await newCase();
    const view = await send(caseId, 'rung.chosen', cm1, { rung: 1, reason: why, arrangements: 'Tweewekelijks gesprek met de teammanager' });
    const due = deadline(view, 'responseTerm').dueDate;
    await superviseCase(ops, { caseId, actor: supervisor, fix: { action: 'clock.suspended', ground: 'afspraak-partijen', reason: 'Overleg over de aanpak loopt' } });
    const suspendedOn = await today();
    await env.sleep('10 days');
    const resumed = await superviseCase(ops, { caseId, actor: supervisor, fix: { action: 'clock.resumed', ground: 'grond-vervallen', reason: 'Overleg afgerond' } });
    const resumedOn = await today();
    const moved = workingDaysBetween(suspendedOn, resumedOn);
    expect(moved).toBeGreaterThan(0);
    expect(deadline(resumed, 'responseTerm').dueDate).toBe(addWorkingDays(due, moved));
    expect(resumed.state).toBe('open.rung1.awaitingResponse');
    // The update answers with what it added; the dossier (the query) has both fixes.
    expect(resumed.history.map((h) => h.type)).toEqual(['supervisor.clock.resumed']);
    expect((await showCase(ops, { caseId })).history.map((h) => h.type)).toEqual(expect.arrayContaining(['supervisor.clock.suspended', 'supervisor.clock.resumed']));
  });
});
