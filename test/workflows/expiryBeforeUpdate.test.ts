// A term that has ended is expired before an update that arrives after its end, also when the
// workflow's timer for it has not fired yet (issue: an update in that gap was applied as if in time,
// and the expiry was never recorded). The gap is made real: the worker is stopped before the end of
// the term, the test server's clock passes the end (the timer fires on the server), the update is
// sent, and the next worker gets the fired timer and the update in one workflow task.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.ts';
import { amsterdamDateOf } from '../../calendar/index.ts';
import { sendEvent, showCase, startCase, superviseCase, type OperationsContext } from '../../operations/index.ts';
import { caseWorkflowId } from '../../workflows/constants.ts';
import type { CaseAnswer } from '../../workflows/engine.ts';
import { ProcedureError } from '../../workflows/errors.ts';
import { bundleWorkflowsOnce, endWorkflows, testDataConverter, testKeys, timeSkippingEnv, uniqueTaskQueue } from '../support/temporal.ts';

const cm1 = { role: 'contractmanager' as const, userId: 'cm-1' };
const cm2 = { role: 'contractmanager' as const, userId: 'cm-2' };
const provider = { role: 'aanbieder' as const, userId: 'aanbieder-1' };
const supervisor = { role: 'supervisor' as const, userId: 'sup-1' };
const why = 'Onderbouwing met voldoende tekst';
const EventType = temporal.api.enums.v1.EventType;

let env: TestWorkflowEnvironment;
let ops: OperationsContext;
let worker: { worker: Worker; running: Promise<void> } | undefined;
const started: string[] = [];

beforeAll(async () => {
  env = await timeSkippingEnv();
  ops = { client: env.client, taskQueue: uniqueTaskQueue(), keys: testKeys, now: () => env.currentTimeMs() };
  await startWorker();
});

// No case is left with an effect in flight when its worker stops: the cases of this file end here.
afterEach(async () => {
  await endWorkflows(env, started.splice(0).map(caseWorkflowId));
});

afterAll(stopWorker);

async function startWorker(): Promise<void> {
  const w = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: ops.taskQueue,
    workflowBundle: await bundleWorkflowsOnce(),
    dataConverter: testDataConverter,
    activities: createActivities({ logger: pino({ level: 'silent' }) }),
    // No sticky cache: the next worker rebuilds the case from history, as after a restart.
    maxCachedWorkflows: 0,
  });
  worker = { worker: w, running: w.run() };
}

async function stopWorker(): Promise<void> {
  if (!worker) return;
  worker.worker.shutdown();
  await worker.running;
  worker = undefined;
}

const today = async () => amsterdamDateOf(await env.currentTimeMs());

async function sleepUntil(dueAt: string, offsetMs: number): Promise<void> {
  const target = Date.parse(dueAt) + offsetMs;
  const now = await env.currentTimeMs();
  if (target > now) await env.sleep(target - now);
}

/**
 * Sends `update` after the end of a term (`dueAt`) but before the workflow has run the timer for it:
 * the worker is stopped a minute before the end, the clock passes the end with no worker, the update
 * is sent, and only then does a worker come back. Returns the update's answer or its refusal.
 */
async function afterTheEndBeforeTheTimer(caseId: string, dueAt: string, update: (requestId: string) => Promise<CaseAnswer>): Promise<CaseAnswer | ProcedureError> {
  await sleepUntil(dueAt, -60_000);
  const before = await showCase(ops, { caseId });
  expect(before.deadlines.find((d) => d.dueAt === dueAt)).toMatchObject({ status: 'open', overdue: false });
  await stopWorker();
  await sleepUntil(dueAt, 1_000);
  const requestId = randomUUID();
  const answer = update(requestId).catch((err: unknown) => {
    if (err instanceof ProcedureError) return err;
    throw err;
  });
  await updateAdmitted(caseId, requestId);
  await startWorker();
  return answer;
}

/** Waits until the server holds the update (admitted, not yet seen by a worker), so the next worker gets it with the fired timer. */
async function updateAdmitted(caseId: string, updateId: string): Promise<void> {
  const request = {
    namespace: 'default',
    updateRef: { workflowExecution: { workflowId: caseWorkflowId(caseId) }, updateId },
    waitPolicy: { lifecycleStage: temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED },
  };
  for (let attempt = 0; attempt < 100; attempt++) {
    const admitted = await env.client.workflowService.pollWorkflowExecutionUpdate(request).then(
      (r) => Boolean(r.stage),
      () => false, // not there yet
    );
    if (admitted) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`update ${updateId} never reached the server`);
}

async function ladderAtRung1(): Promise<{ caseId: string; dueAt: string }> {
  const caseId = `GAP-${Date.now().toString(36)}-${started.length}`;
  started.push(caseId);
  await startCase(ops, {
    procedure: 'escalation-ladder',
    caseId,
    actor: cm1,
    data: { provider: 'AGB-12345678', signal: { category: 'kwaliteit', description: 'Herhaalde klachten over de begeleiding', receivedOn: await today() } },
  });
  await sendEvent(ops, { caseId, type: 'hearing.recorded', actor: cm1, payload: { date: await today(), providerPosition: 'De aanbieder erkent de achterstand', findings: 'Dossieronderzoek bevestigt het signaal' } });
  const view = await sendEvent(ops, { caseId, type: 'rung.chosen', actor: cm1, payload: { rung: 1, reason: why, arrangements: 'Tweewekelijks gesprek met de teammanager' } });
  return { caseId, dueAt: view.deadlines.find((d) => d.name === 'responseTerm')!.dueAt };
}

/** The Temporal history of the case: did the fired timer and the update reach the workflow in one task? */
async function timerAndUpdateInOneTask(caseId: string): Promise<boolean> {
  const history = await env.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
  const types = (history.events ?? []).map((e) => e.eventType);
  const lastFired = types.lastIndexOf(EventType.EVENT_TYPE_TIMER_FIRED);
  const accepted = types.indexOf(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED, lastFired);
  const tasksBetween = types.slice(lastFired, accepted).filter((t) => t === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED).length;
  return lastFired >= 0 && accepted > lastFired && tasksBetween === 1;
}

describe('a term that has ended expires before an update that arrives before its timer fired', () => {
  it('rung 1 (003): a response after the 15 working days is judged after the expiry: the term is recorded as expired first, the late response after it', async () => {
    const { caseId, dueAt } = await ladderAtRung1();
    const answer = await afterTheEndBeforeTheTimer(caseId, dueAt, (requestId) =>
      sendEvent(ops, { caseId, requestId, type: 'response.submitted', actor: provider, payload: { explanation: 'Personeelstekort door ziekte', recoveryMeasures: 'Inhuur van twee extra begeleiders' } }),
    );
    expect(await timerAndUpdateInOneTask(caseId)).toBe(true);
    // The update answers with what its step added: the expiry, then the response.
    expect((answer as CaseAnswer).history.map((h) => h.type)).toEqual(['responseTerm.expired', 'response.submitted']);
    const view = await showCase(ops, { caseId });
    expect(view.history.map((h) => h.type).slice(-2)).toEqual(['responseTerm.expired', 'response.submitted']);
    expect(view.history.at(-2)).toMatchObject({ kind: 'expiry', from: 'open.rung1.awaitingResponse', to: 'open.rung1.responseOverdue' });
    expect(view.history.at(-1)).toMatchObject({ from: 'open.rung1.responseOverdue', to: 'open.rung1.responseReceived' });
  });

  it('notice of default (003, trede 3): an objection after the 5 working days is refused by the validator in the state the expiry left, and leaves no entry', async () => {
    const { caseId } = await ladderAtRung1();
    await sendEvent(ops, {
      caseId,
      type: 'measure.proposed',
      actor: cm1,
      payload: { rung: 3, reason: why, urgent: { needed: false }, shortcoming: 'Wachttijden structureel boven de norm', recoveryTermWorkingDays: 20, legalConsequences: 'Bij uitblijven van herstel is de aanbieder in verzuim' },
    });
    const taken = await sendEvent(ops, { caseId, type: 'measure.approved', actor: cm2, payload: { date: await today(), registeredLetter: { reference: 'RR 1234 5678 9NL' } } });
    const window = taken.deadlines.find((d) => d.name === 'objectionWindow')!;
    expect(taken.state).toContain('objection.window');

    let sent = '';
    const answer = await afterTheEndBeforeTheTimer(caseId, window.dueAt, (requestId) => {
      sent = requestId;
      return sendEvent(ops, { caseId, requestId, type: 'objection.filed', actor: provider, payload: { grounds: 'Trede 3 is te zwaar, trede 2 past', disputesRung: true } });
    });
    expect(answer).toBeInstanceOf(ProcedureError);
    const err = answer as ProcedureError;
    // In the window it would be taken (to the director meeting); after it, only a suspensive objection is.
    expect(err.code).toBe('GUARD_FAILED');
    expect(err.state).toContain('objection.done');
    expect(err.message).toContain(`refused in state ${err.state}`);
    expect(err.allowedEvents).toBeDefined();
    expect(err.rule).toBeTruthy();
    const history = await env.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
    const accepted = (history.events ?? []).map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId).filter(Boolean);
    expect(accepted.length).toBeGreaterThan(0);
    expect(accepted).not.toContain(sent);
    const view = await showCase(ops, { caseId });
    expect(view.history.map((h) => h.type)).not.toContain('objection.filed');
    expect(view.history.at(-1)).toMatchObject({ kind: 'expiry', type: 'objectionWindow.expired', actor: { role: 'system' } });
  });

  it("a supervisor's fix is judged after the expiry too: a term that ended and moved the case on is no longer extended", async () => {
    const { caseId, dueAt } = await ladderAtRung1();
    const answer = await afterTheEndBeforeTheTimer(caseId, dueAt, (requestId) =>
      superviseCase(ops, { caseId, requestId, actor: supervisor, fix: { action: 'deadline.extended', deadline: 'responseTerm', workingDays: 5, ground: 'overmacht', reason: 'Aanbieder meldt ziekte' } }),
    );
    expect(answer).toBeInstanceOf(ProcedureError);
    expect(answer).toMatchObject({ code: 'EVENT_NOT_ALLOWED', field: 'fix.deadline', state: 'open.rung1.responseOverdue' });
    const view = await showCase(ops, { caseId });
    expect(view.state).toBe('open.rung1.responseOverdue');
    expect(view.history.map((h) => h.type).slice(-2)).toEqual(['rung.chosen', 'responseTerm.expired']);
  });

  it('a case recorded before this rule (a response in the gap taken without expiry) replays as it was recorded', async () => {
    const stored = JSON.parse(readFileSync(fileURLToPath(new URL('../histories/escalation-ladder-update-after-term-end-before-patch.json', import.meta.url)), 'utf8')) as { data: string };
    const history = temporal.api.history.v1.History.decode(Buffer.from(stored.data, 'base64'));
    const types = history.events.map((e) => e.eventType);
    expect(types).toContain(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
    expect(types.filter((t) => t === EventType.EVENT_TYPE_MARKER_RECORDED)).toHaveLength(1); // 'named-activities' only
    await expect(Worker.runReplayHistory({ workflowBundle: await bundleWorkflowsOnce(), dataConverter: testDataConverter }, history, 'before-patch')).resolves.toBeUndefined();
  });
});
