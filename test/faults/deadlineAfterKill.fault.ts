// On the time-skipping test server: the worker is killed with SIGKILL at different moments of a
// case's term (just after the step that opened it, just before it, while idle, while the step is in
// flight); a new worker process takes over, and when the term ends the deadline still fires, once.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amsterdamDateOf } from '../../calendar/index.ts';
import { sendEvent, showCase, startCase, type OperationsContext } from '../../operations/index.ts';
import type { CaseAnswer } from '../../workflows/engine.ts';
import { endOpenWorkflows, testServerAddress, timeSkippingEnv, uniqueTaskQueue } from '../support/temporal.ts';
import { sleep } from './scenario.ts';
import { addTally } from './tally.ts';
import { WorkerSupervisor, writeBundle } from './workers.ts';

const cm = { role: 'contractmanager' as const, userId: 'faults-cm' };

let env: TestWorkflowEnvironment;
let dir: string;
let worker: WorkerSupervisor;
let ops: OperationsContext;

beforeAll(async () => {
  env = await timeSkippingEnv();
  dir = await mkdtemp(join(tmpdir(), 'jeugdflow-faults-deadline-'));
  const taskQueue = uniqueTaskQueue('faults-deadline');
  // No workflow cache: the Java test server would leave the tasks of a killed worker's sticky queue
  // there for ever (its clock only moves when skipped). Every task is then a replay from history, so
  // the new worker rebuilds each case from Temporal's history: what this test is about. The dev-server
  // tests (workerKill.fault.ts) kill workers with sticky queues and real timeouts.
  worker = new WorkerSupervisor({ address: testServerAddress(), taskQueue, bundlePath: await writeBundle(dir), maxCachedWorkflows: 0 });
  await worker.start();
  ops = { client: env.client, taskQueue };
});

afterAll(async () => {
  // Ended while the worker runs: no task of theirs is left in flight to lock the test server's clock.
  if (env) await endOpenWorkflows(env);
  await worker?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function caseInInvestigation(caseId: string): Promise<void> {
  const today = amsterdamDateOf(await env.currentTimeMs());
  await startCase(ops, {
    procedure: 'escalation-ladder',
    caseId,
    actor: cm,
    data: { provider: 'AGB-FAULTS01', signal: { category: 'tijdigheid', description: 'Signaal voor de termijntest', receivedOn: today } },
  });
  await sendEvent(ops, { caseId, type: 'hearing.recorded', actor: cm, payload: { date: today, providerPosition: 'Standpunt van de aanbieder', findings: 'Bevindingen van het onderzoek' } });
}

const chooseRung1 = (caseId: string, requestId: string, days?: number) =>
  sendEvent(ops, {
    caseId,
    type: 'rung.chosen',
    actor: cm,
    requestId,
    payload: {
      rung: 1,
      reason: 'Eerste trede na het signaal',
      arrangements: 'Tweewekelijks overleg met de teammanager',
      ...(days ? { acuteRisk: { responseTermWorkingDays: days, reason: 'Acuut risico voor de continuiteit' } } : {}),
    },
  });

/** Sends until it gets an answer: the same request id, so a send the dead worker had taken is applied once. */
async function sendSurvivingKill(send: () => Promise<CaseAnswer>): Promise<CaseAnswer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      if (attempt >= 20) throw err;
      await sleep(500);
    }
  }
}

describe('deadline after a worker kill (time-skipping server)', () => {
  it('a killed worker\'s cases still fire their deadline after restart, once, and move to overdue', async () => {
    const t0 = Date.now();
    const step = (what: string) => console.log(`[deadline ${((Date.now() - t0) / 1000).toFixed(1)} s] ${what}`);
    const run = Date.now().toString(36);
    const ids = ['a', 'b', 'c', 'd'].map((x) => `DLK-${run}-${x}`);
    for (const id of ids) await caseInInvestigation(id);
    step(`${ids.length} cases in investigation`);

    // a: killed right after the step that opened the term (its notify activity may still be running).
    await chooseRung1(ids[0]!, `${ids[0]}-rung1`, 5);
    await worker.kill();
    await worker.start();
    step('a: killed after its step');

    // b: killed just before its step; the sender's retry (same request id) goes to the new worker.
    await worker.kill();
    const retried = sendSurvivingKill(() => chooseRung1(ids[1]!, `${ids[1]}-rung1`));
    await sleep(300);
    await worker.start();
    expect((await retried).state).toBe('open.rung1.awaitingResponse');
    step('b: killed before its step');

    // c: term opened, worker idle, then killed.
    await chooseRung1(ids[2]!, `${ids[2]}-rung1`, 10);
    await sleep(500);
    await worker.kill();
    await worker.start();
    step('c: killed while idle');

    // d: killed while its step is in flight; the sender's call either comes back or is retried with the same request id.
    const inFlight = chooseRung1(ids[3]!, `${ids[3]}-rung1`);
    await sleep(40);
    await worker.kill();
    await worker.start();
    const d = await Promise.race([inFlight, sleep(30_000).then(() => undefined)]).catch(() => undefined) ?? (await sendSurvivingKill(() => chooseRung1(ids[3]!, `${ids[3]}-rung1`)));
    expect(d.state).toBe('open.rung1.awaitingResponse');
    step('d: killed during its step');

    const views = await Promise.all(ids.map((caseId) => showCase(ops, { caseId })));
    const dueAt = Math.max(...views.map((v) => Date.parse(v.deadlines.find((d) => d.name === 'responseTerm')!.dueAt)));
    step('terms open; skipping time past the last one');
    await env.sleep(dueAt - (await env.currentTimeMs()) + 60_000);
    step('time skipped');

    let fired = 0;
    for (const caseId of ids) {
      let view = await showCase(ops, { caseId });
      for (let i = 0; i < 60 && view.state !== 'open.rung1.responseOverdue'; i++) {
        await sleep(500);
        view = await showCase(ops, { caseId });
      }
      expect(view.state, caseId).toBe('open.rung1.responseOverdue');
      // Every step once: the hearing, the rung (even when its send was retried across the kill), the expiry.
      expect(view.history.filter((h) => h.kind === 'event' || h.kind === 'expiry').map((h) => h.type), caseId).toEqual([
        'hearing.recorded',
        'rung.chosen',
        'responseTerm.expired',
      ]);
      expect(view.deadlines.find((d) => d.name === 'responseTerm')).toMatchObject({ status: 'expired', overdue: true });
      fired++;
    }
    addTally({ test: 'deadline after kill', cases: ids.length, transitions: ids.length * 3, lost: 0, doubled: 0, workerKills: worker.kills, deadlinesFired: fired });
  });
});
