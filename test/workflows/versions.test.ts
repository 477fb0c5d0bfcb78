// Procedure versions on real Temporal (time skipping): a running case keeps the version of the law it
// started under; new cases get the newest; a case moves on only by a supervisor's recorded migration,
// from a state the new version declares safe, and then its timers follow the new version.
// Version 2 is a test-only version (test/fixtures/escalationLadderV2.ts): the worker's bundle registers it
// (test/fixtures/versionedWorkflows.ts), and this file's client registers it once "deployed".
//
// Replay: one recorded history per version (test/histories/versions/), replayed against the bundle that
// knows both versions, so a change that would break a case on either version fails `npm test`. Record
// them again with `JEUGDFLOW_RECORD_HISTORIES=1 npx vitest run test/workflows/versions.test.ts`.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.ts';
import { amsterdamDateOf } from '../../calendar/index.ts';
import { findProcedure, registerProcedureVersion } from '../../machines/index.ts';
import { describeProcedureVersions } from '../../operations/procedures.ts';
import { migrateCase, sendEvent, showCase, startCase, superviseCase, type OperationsContext } from '../../operations/index.ts';
import { caseWorkflowId } from '../../workflows/constants.ts';
import { escalationLadderV2, V2_RESPONSE_TERM_WORKING_DAYS } from '../fixtures/escalationLadderV2.ts';
import { deadline, refusal, sleepUntil } from '../support/caseWorker.ts';
import { bundleWorkflowsOnce, endOpenWorkflows, testDataConverter, testKeys, timeSkippingEnv, uniqueTaskQueue } from '../support/temporal.ts';
import type { TestWorkflowEnvironment } from '@temporalio/testing';

const versionedWorkflowsPath = fileURLToPath(new URL('../fixtures/versionedWorkflows.ts', import.meta.url));
const versionedLaw = [fileURLToPath(new URL('../fixtures/versionedLaw.ts', import.meta.url))];
const historiesDir = fileURLToPath(new URL('../histories/versions/', import.meta.url));
const record = process.env.JEUGDFLOW_RECORD_HISTORIES === '1';

const cm = { role: 'contractmanager' as const, userId: 'cm-1' };
const supervisor = { role: 'supervisor' as const, userId: 'sv-1' };
const run = Date.now().toString(36);
const ids = { onV1: `VER-a-${run}`, unsafe: `VER-c-${run}`, onV2: `VER-b-${run}` };

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let ops: OperationsContext;

beforeAll(async () => {
  env = await timeSkippingEnv();
  const taskQueue = uniqueTaskQueue();
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await bundleWorkflowsOnce(versionedWorkflowsPath, versionedLaw),
    dataConverter: testDataConverter,
    activities: createActivities({ logger: pino({ level: 'silent' }) }),
  });
  running = worker.run();
  ops = { client: env.client, taskQueue, keys: testKeys, now: () => env.currentTimeMs() };
});

afterAll(async () => {
  if (env) await endOpenWorkflows(env);
  worker?.shutdown();
  await running;
});

const today = async () => amsterdamDateOf(await env.currentTimeMs());

async function startLadder(caseId: string) {
  return startCase(ops, {
    procedure: 'escalation-ladder',
    caseId,
    actor: cm,
    data: { provider: 'AGB-12345678', signal: { category: 'kwaliteit', description: 'Herhaalde klachten over de begeleiding', receivedOn: await today() } },
  });
}

/** Hearing and rung 1: the case waits for the provider's response, under its version's response term. */
async function toRung1(caseId: string) {
  await sendEvent(ops, { caseId, type: 'hearing.recorded', actor: cm, payload: { date: await today(), providerPosition: 'De aanbieder erkent de achterstand', findings: 'Dossieronderzoek bevestigt het signaal' } });
  return sendEvent(ops, { caseId, type: 'rung.chosen', actor: cm, payload: { rung: 1, reason: 'Onderbouwing met voldoende tekst', arrangements: 'Tweewekelijks gesprek met de teammanager' } });
}

/** The updates a case's history holds (a refused update leaves none: the validator refused it). */
async function updatesInHistory(workflowId: string): Promise<number> {
  const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes || e.workflowExecutionUpdateCompletedEventAttributes).length;
}

/**
 * Waits (in real time: `result()` would let the test server skip time, up to the other cases' run
 * timeout) until a cancelled case's workflow has completed, its last effects done.
 */
async function untilCompleted(caseId: string): Promise<void> {
  const handle = env.client.workflow.getHandle(caseWorkflowId(caseId));
  for (let i = 0; i < 200; i++) {
    if ((await handle.describe()).status.name === 'COMPLETED') return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`case ${caseId} did not complete`);
}

async function saveHistory(name: string, workflowId: string, runId: string): Promise<void> {
  const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
  mkdirSync(historiesDir, { recursive: true });
  const encoded = temporal.api.history.v1.History.encode(history).finish();
  writeFileSync(
    `${historiesDir}/${name}.json`,
    JSON.stringify({ format: 'temporal.api.history.v1.History, protobuf, base64', recordedWith: 'caseWorkflow + test/fixtures/versionedWorkflows.ts', events: history.events?.length, data: Buffer.from(encoded).toString('base64') }, null, 1),
  );
}

/** The current run of a case once it differs from `previous` (the workflow continues as new right after a migration). */
async function nextRunId(caseId: string, previous: string): Promise<string> {
  const handle = env.client.workflow.getHandle(caseWorkflowId(caseId));
  for (let i = 0; i < 100; i++) {
    const { runId } = await handle.describe();
    if (runId !== previous) return runId;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`case ${caseId} did not continue as new`);
}

describe('procedure versions: a running case keeps the version of the law it started under', () => {
  it('a case started on version 1 stays on version 1 after version 2 is registered; a new case gets version 2 and its terms', async () => {
    expect(findProcedure('escalation-ladder')!.version).toBe(1);
    expect((await startLadder(ids.onV1)).version).toBe(1);
    expect((await startLadder(ids.unsafe)).version).toBe(1);

    // Version 2 is deployed: workers first (the bundle has it), then the services that start cases.
    registerProcedureVersion(escalationLadderV2);
    expect(findProcedure('escalation-ladder')!.version).toBe(2);
    expect(describeProcedureVersions().filter((p) => p.id === 'escalation-ladder').map((p) => p.version)).toEqual([1, 2]);

    const started = await startLadder(ids.onV2);
    expect(started.version).toBe(2);
    const onV2 = await toRung1(ids.onV2);
    expect(onV2.version).toBe(2);
    expect(deadline(onV2, 'responseTerm').n).toBe(V2_RESPONSE_TERM_WORKING_DAYS);

    const onV1 = await toRung1(ids.onV1);
    expect(onV1).toMatchObject({ version: 1, state: 'open.rung1.awaitingResponse' });
    expect(deadline(onV1, 'responseTerm').n).toBe(15);
    expect((await showCase(ops, { caseId: ids.onV1 })).version).toBe(1);
  });

  it('a migration is refused in a state the new version does not declare safe, and when there is no newer version, leaving no history', async () => {
    const workflowId = caseWorkflowId(ids.unsafe);
    const before = await showCase(ops, { caseId: ids.unsafe });
    expect(await updatesInHistory(workflowId)).toBe(0);
    const unsafe = await refusal(migrateCase(ops, { caseId: ids.unsafe, actor: supervisor, ground: 'nieuwe-versie', reason: 'Nieuwe regels gelden per 1 januari' }));
    expect(unsafe).toMatchObject({ code: 'EVENT_NOT_ALLOWED', state: 'open.investigation' });
    expect(unsafe.message).toContain('open.rung1.awaitingResponse');
    expect(unsafe.message).toContain('Niet toegestaan');

    const newest = await refusal(migrateCase(ops, { caseId: ids.onV2, actor: supervisor, ground: 'nieuwe-versie', reason: 'Nieuwe regels gelden per 1 januari' }));
    expect(newest).toMatchObject({ code: 'EVENT_NOT_ALLOWED', field: 'toVersion' });
    expect(newest.message).toContain('geen nieuwere versie');

    const notSupervisor = await refusal(migrateCase(ops, { caseId: ids.unsafe, actor: cm, ground: 'nieuwe-versie', reason: 'Nieuwe regels gelden per 1 januari' }));
    expect(notSupervisor.code).toBe('ROLE_NOT_ALLOWED');
    const noGround = await refusal(migrateCase(ops, { caseId: ids.unsafe, actor: supervisor, ground: 'overmacht', reason: 'Nieuwe regels gelden per 1 januari' }));
    expect(noGround).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'ground' });

    const after = await showCase(ops, { caseId: ids.unsafe });
    expect(after).toMatchObject({ version: 1, revision: before.revision, state: 'open.investigation' });
    expect(await updatesInHistory(workflowId)).toBe(0);
  });

  it('a migration in a safe state is recorded, continues as new on version 2, and its term follows version 2 (same start, never shorter)', async () => {
    const workflowId = caseWorkflowId(ids.onV1);
    const firstRun = (await env.client.workflow.getHandle(workflowId).describe()).runId;
    const before = deadline(await showCase(ops, { caseId: ids.onV1 }), 'responseTerm');

    const migrated = await migrateCase(ops, { caseId: ids.onV1, actor: supervisor, ground: 'nieuwe-versie', reason: 'Nieuwe regels gelden per 1 januari' });
    expect(migrated).toMatchObject({ version: 2, state: 'open.rung1.awaitingResponse' });
    expect(migrated.history).toEqual([
      expect.objectContaining({
        kind: 'supervisor',
        type: 'supervisor.case.migrated',
        actor: supervisor,
        ground: { code: 'nieuwe-versie', label: expect.any(String) },
        reason: 'Nieuwe regels gelden per 1 januari',
        payload: expect.objectContaining({ fromVersion: 1, toVersion: 2 }),
      }),
    ]);
    const after = deadline(migrated, 'responseTerm');
    expect(after).toMatchObject({ n: V2_RESPONSE_TERM_WORKING_DAYS, from: before.from, status: 'open' });
    expect(after.dueDate > before.dueDate).toBe(true);

    // The workflow continued as new on version 2 with the migrated case.
    const secondRun = await nextRunId(ids.onV1, firstRun);
    const shown = await showCase(ops, { caseId: ids.onV1 });
    expect(shown).toMatchObject({ version: 2, state: 'open.rung1.awaitingResponse' });
    expect(shown.history.map((h) => h.type)).toEqual(['case.started', 'hearing.recorded', 'rung.chosen', 'supervisor.case.migrated']);

    // Version 1's term (15 working days) passes without an expiry; version 2's (20) expires.
    await sleepUntil(env, before.dueAt, 60_000);
    const atOldDue = await showCase(ops, { caseId: ids.onV1 });
    expect(atOldDue.state).toBe('open.rung1.awaitingResponse');
    expect(deadline(atOldDue, 'responseTerm')).toMatchObject({ status: 'open', overdue: false });
    await sleepUntil(env, after.dueAt, 60_000);
    const atNewDue = await showCase(ops, { caseId: ids.onV1 });
    expect(atNewDue).toMatchObject({ version: 2, state: 'open.rung1.responseOverdue' });
    expect(atNewDue.history.at(-1)).toMatchObject({ kind: 'expiry', type: 'responseTerm.expired' });

    // Once on the newest version, there is nothing to migrate to.
    expect((await refusal(migrateCase(ops, { caseId: ids.onV1, actor: supervisor, ground: 'nieuwe-versie', reason: 'Nog een keer overzetten' }))).code).toBe('EVENT_NOT_ALLOWED');

    // Close the cases (no effect in flight at worker shutdown), then keep their histories when recording.
    for (const caseId of Object.values(ids)) {
      await superviseCase(ops, { caseId, actor: supervisor, fix: { action: 'case.cancelled', ground: 'afspraak-partijen', reason: 'Einde van de test' } });
    }
    for (const caseId of Object.values(ids)) await untilCompleted(caseId);
    if (record) {
      await saveHistory('escalation-ladder-v1-migrated-to-v2', workflowId, firstRun);
      await saveHistory('escalation-ladder-v2-after-migration', workflowId, secondRun);
      const v2 = await env.client.workflow.getHandle(caseWorkflowId(ids.onV2)).describe();
      await saveHistory('escalation-ladder-v2-started', caseWorkflowId(ids.onV2), v2.runId);
    }
  });

  it('recorded histories of every version replay without non-determinism against the current workflow code', async () => {
    const files = readdirSync(historiesDir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    const bundle = await bundleWorkflowsOnce(versionedWorkflowsPath, versionedLaw);
    for (const file of files) {
      const stored = JSON.parse(readFileSync(`${historiesDir}/${file}`, 'utf8')) as { data: string };
      const history = temporal.api.history.v1.History.decode(Buffer.from(stored.data, 'base64'));
      expect(history.events.length).toBeGreaterThan(10);
      await expect(Worker.runReplayHistory({ workflowBundle: bundle, dataConverter: testDataConverter }, history, file)).resolves.toBeUndefined();
    }
  });
});
