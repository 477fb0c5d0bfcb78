// Determinism and durability of the case workflow.
// 1. Replay: histories recorded from earlier versions (test/histories/*.json) must replay without a
//    non-determinism error against today's workflow code. A change that would break running cases
//    fails here. Record new ones with `JEUGDFLOW_RECORD_HISTORIES=1 npx vitest run test/workflows/replay.test.ts`.
//    The corpus here is version 1 of the procedures (recorded before versions existed: no `version` in
//    the input). Histories of other versions, and of a migration between them, are in
//    test/histories/versions/ and replay in versions.test.ts (against a bundle that registers them).
// 2. A worker restart in the middle of a case loses nothing.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.ts';
import { amsterdamDateOf } from '../../calendar/index.ts';
import { sendEvent, showCase, startCase, type OperationsContext } from '../../operations/index.ts';
import { bundleWorkflowsOnce, endWorkflows, testDataConverter, testKeys, timeSkippingEnv, uniqueTaskQueue } from '../support/temporal.ts';

const historiesDir = fileURLToPath(new URL('../histories/', import.meta.url));
const cm1 = { role: 'contractmanager' as const, userId: 'cm-1' };
const cm2 = { role: 'contractmanager' as const, userId: 'cm-2' };
const provider = { role: 'aanbieder' as const, userId: 'aanbieder-1' };
const why = 'Onderbouwing met voldoende tekst';

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await timeSkippingEnv();
});

async function newWorker(taskQueue: string, maxCachedWorkflows = 0): Promise<Worker> {
  return Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await bundleWorkflowsOnce(),
    dataConverter: testDataConverter,
    activities: createActivities({ logger: pino({ level: 'silent' }) }),
    // 0: no sticky cache, the next worker must rebuild the case from history.
    maxCachedWorkflows,
  });
}

/** A ladder case along its main path: hearing, rung 1 expired, notice of default, objection, director meeting. */
async function ladderScenario(ops: OperationsContext, caseId: string, between?: () => Promise<void>): Promise<void> {
  const today = async () => amsterdamDateOf(await env.currentTimeMs());
  await startCase(ops, {
    procedure: 'escalation-ladder',
    caseId,
    actor: cm1,
    data: { provider: 'AGB-12345678', signal: { category: 'kwaliteit', description: 'Herhaalde klachten over de begeleiding', receivedOn: await today() } },
  });
  await sendEvent(ops, { caseId, type: 'hearing.recorded', actor: cm1, payload: { date: await today(), providerPosition: 'De aanbieder erkent de achterstand', findings: 'Dossieronderzoek bevestigt het signaal' } });
  await sendEvent(ops, { caseId, type: 'rung.chosen', actor: cm1, payload: { rung: 1, reason: why, arrangements: 'Tweewekelijks gesprek met de teammanager' } });
  await env.sleep('30 days'); // the 15-working-day response term expires
  await between?.();
  await sendEvent(ops, {
    caseId,
    type: 'measure.proposed',
    actor: cm1,
    payload: { rung: 3, reason: why, urgent: { needed: false }, shortcoming: 'Wachttijden structureel boven de norm', recoveryTermWorkingDays: 20, legalConsequences: 'Bij uitblijven van herstel is de aanbieder in verzuim' },
  });
  // A notice of default goes by registered letter (003, trede 3): its reference is recorded with the approval.
  await sendEvent(ops, { caseId, type: 'measure.approved', actor: cm2, payload: { date: await today(), registeredLetter: { reference: 'RR 1234 5678 9NL' } } });
  await sendEvent(ops, { caseId, type: 'objection.filed', actor: provider, payload: { grounds: 'Trede 3 is te zwaar, trede 2 past', disputesRung: true } });
  await env.sleep('20 days'); // director meeting term and recovery term expire
}

describe('case workflow determinism and durability', () => {
  it('recorded histories replay without non-determinism against the current workflow code', async () => {
    if (process.env.JEUGDFLOW_RECORD_HISTORIES === '1') {
      const taskQueue = uniqueTaskQueue();
      const worker = await newWorker(taskQueue);
      const caseId = `REPLAY-ladder-v1-${Date.now().toString(36)}`;
      await worker.runUntil(ladderScenario({ client: env.client, keys: testKeys, taskQueue }, caseId));
      const history = await env.client.workflow.getHandle(`case-${caseId}`).fetchHistory();
      mkdirSync(historiesDir, { recursive: true });
      const encoded = temporal.api.history.v1.History.encode(history).finish();
      writeFileSync(
        `${historiesDir}/escalation-ladder-main-path.json`,
        JSON.stringify({ format: 'temporal.api.history.v1.History, protobuf, base64', recordedWith: 'caseWorkflow', events: history.events?.length, data: Buffer.from(encoded).toString('base64') }, null, 1),
      );
    }
    const files = readdirSync(historiesDir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    const bundle = await bundleWorkflowsOnce();
    for (const file of files) {
      const stored = JSON.parse(readFileSync(`${historiesDir}/${file}`, 'utf8')) as { data: string };
      const history = temporal.api.history.v1.History.decode(Buffer.from(stored.data, 'base64'));
      expect(history.events.length).toBeGreaterThan(20);
      await expect(Worker.runReplayHistory({ workflowBundle: bundle, dataConverter: testDataConverter }, history, file)).resolves.toBeUndefined();
    }
  });

  it('the workflow code is compiled for Node 20 (ES2022), not to ES2017: no helper function stands in for a spread, `?.` or `??` in a step', async () => {
    const { code } = await bundleWorkflowsOnce();
    // swc's ES2017 output calls these helpers for every object spread and nullish assignment.
    expect(code).not.toMatch(/_object_spread|_define_property\(/);
    expect(code).toMatch(/\?\?=/);
  });

  it('a worker restart in the middle of a case loses nothing: the next worker resumes from history', async () => {
    const taskQueue = uniqueTaskQueue();
    const ops = { client: env.client, keys: testKeys, taskQueue };
    const caseId = `RESTART-${Date.now().toString(36)}`;
    let first: Worker | undefined = await newWorker(taskQueue);
    let firstRun: Promise<void> | undefined = first.run();
    let second: Worker | undefined;
    let secondRun: Promise<void> | undefined;
    const restart = async () => {
      first!.shutdown();
      await firstRun;
      first = undefined;
      second = await newWorker(taskQueue);
      secondRun = second.run();
    };
    try {
      await ladderScenario(ops, caseId, restart);
      const view = await showCase(ops, { caseId });
      expect(view.history.map((h) => h.type)).toEqual([
        'case.started',
        'hearing.recorded',
        'rung.chosen',
        'responseTerm.expired',
        'measure.proposed',
        'measure.approved',
        'objection.filed',
        'directorMeeting.expired',
      ]);
      expect(new Set(view.history.map((h) => h.seq)).size).toBe(view.history.length);
      expect(view.state).toContain('objection.meetingOverdue');
      // Ended while a worker runs: no mail of the case left in flight to lock the shared test server's clock.
      await endWorkflows(env, [`case-${caseId}`]);
    } finally {
      first?.shutdown();
      second?.shutdown();
      await Promise.all([firstRun, secondRun]);
    }
  });

  it('a case evicted from the cache and replayed on the shared law gives the same view as the cached case', async () => {
    // The machines, schemas and engine are evaluated once per worker and shared by every case it holds
    // (worker/bundle.ts). A worker that caches one case: each case's view is taken while it is cached,
    // then the two cases are asked in turn, so each answer evicts the other case and rebuilds this one
    // from history on the same shared modules.
    const taskQueue = uniqueTaskQueue();
    const ops = { client: env.client, keys: testKeys, taskQueue };
    const stamp = Date.now().toString(36);
    const caseIds = [`EVICT-A-${stamp}`, `EVICT-B-${stamp}`];
    const roles = ['contractmanager', 'aanbieder', 'supervisor'] as const;
    const viewsOf = (caseId: string) => Promise.all(roles.map((role) => showCase(ops, { caseId, role })));
    const worker = await newWorker(taskQueue, 1);
    await worker.runUntil(async () => {
      const whileCached = [];
      for (const caseId of caseIds) {
        await ladderScenario(ops, caseId);
        whileCached.push(await viewsOf(caseId));
      }
      for (let round = 0; round < 2; round++) {
        const replayed = [];
        for (const caseId of caseIds) replayed.push(await viewsOf(caseId));
        expect(replayed).toEqual(whileCached);
      }
      expect(whileCached[0]![0]!.history).toHaveLength(8);
      expect(whileCached[0]![0]!.caseId).not.toBe(whileCached[1]![0]!.caseId);
      // Ended before the worker stops: no mail of these cases left in flight to stall the shared test server's clock.
      await endWorkflows(env, caseIds.map((caseId) => `case-${caseId}`));
    });
  });
});
