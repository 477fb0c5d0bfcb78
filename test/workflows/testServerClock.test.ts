// The shared time-skipping server's clock is global to the run: a file that leaves it locked makes every
// later `env.sleep` take real time. These tests prove the support code that keeps it free (test/support/temporal.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { pino } from 'pino';
import { createActivities } from '../../activities/index.ts';
import { amsterdamDateOf } from '../../calendar/index.ts';
import { startCase, type OperationsContext } from '../../operations/index.ts';
import { caseWorkflowId } from '../../workflows/constants.ts';
import { bundleWorkflowsOnce, endWorkflows, releaseLeakedClockLocks, testDataConverter, testKeys, timeSkippingEnv, uniqueTaskQueue, workInFlight } from '../support/temporal.ts';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await timeSkippingEnv();
});

describe("the shared test server's clock", () => {
  it('a workflow terminated with its workflow task in flight leaves the clock locked: it is reported, and exactly that lock is released', async () => {
    // No worker polls this task queue: the first workflow task stays scheduled.
    const workflowId = `CLOCK-${Date.now().toString(36)}`;
    await env.client.workflow.start('caseWorkflow', { taskQueue: uniqueTaskQueue('nobody'), workflowId, args: [] });
    expect(await workInFlight(env, workflowId)).toEqual(['workflow task']);
    expect(await endWorkflows(env, [workflowId], 0)).toEqual([`${workflowId}: workflow task`]);
    expect(await releaseLeakedClockLocks(env)).toBe(1);
    expect(await releaseLeakedClockLocks(env)).toBe(0);
  });

  describe('with a worker', () => {
    let worker: Worker;
    let running: Promise<void>;
    let ops: OperationsContext;
    beforeAll(async () => {
      const taskQueue = uniqueTaskQueue();
      worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle: await bundleWorkflowsOnce(),
        dataConverter: testDataConverter,
        activities: createActivities({ logger: pino({ level: 'silent' }) }),
      });
      running = worker.run();
      ops = { client: env.client, taskQueue, keys: testKeys, now: () => env.currentTimeMs() };
    });
    afterAll(async () => {
      worker.shutdown();
      await running;
    });

    it('ending a case right after its start waits for the worker to finish its task in flight: nothing is left in flight and no lock leaks', async () => {
      const caseId = `CLOCK-W-${Date.now().toString(36)}`;
      const start = startCase(ops, {
        procedure: 'escalation-ladder',
        caseId,
        actor: { role: 'contractmanager', userId: 'cm-1' },
        data: { provider: 'AGB-12345678', signal: { category: 'kwaliteit', description: 'Herhaalde klachten over de begeleiding', receivedOn: amsterdamDateOf(await env.currentTimeMs()) } },
      }).catch(() => undefined);
      // Terminated as soon as the workflow exists, while its first task may well be in flight.
      let exists = false;
      for (let attempt = 0; !exists && attempt < 1000; attempt++) {
        exists = await env.client.workflow.getHandle(caseWorkflowId(caseId)).describe().then(() => true, () => false);
      }
      expect(exists).toBe(true);
      expect(await endWorkflows(env, [caseWorkflowId(caseId)])).toEqual([]);
      await start;
      expect(await releaseLeakedClockLocks(env)).toBe(0);
    });
  });
});
