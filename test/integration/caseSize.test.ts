// A case stays readable forever: on a real Temporal server (the dev server), a case filled with the
// maximum number of maximal events (until the engine's size budget refuses the next one) still answers
// the case query (one page of history), `jeugdflow show` and the operations layer page through the whole
// dossier, and a supervisor can still cancel it. (Temporal carries at most 2 MB per payload.)
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.ts';
import { MAX_TEXT } from '../../machines/schemas.ts';
import { sendEvent, showCase, startCase, superviseCase, type OperationsContext } from '../../operations/index.ts';
import { caseWorkflowId } from '../../workflows/constants.ts';
import { MAX_REASON, type CaseView } from '../../workflows/engine.ts';
import { ProcedureError } from '../../workflows/errors.ts';
import { caseQuery } from '../../workflows/messages.ts';
import { bundleWorkflowsOnce, devServerAddress, testDataConverter, testKeys, TEST_KEY_ENV, uniqueTaskQueue } from '../support/temporal.ts';

const bin = fileURLToPath(new URL('../../bin/jeugdflow.js', import.meta.url));
const run = promisify(execFile);
const cm = { role: 'contractmanager' as const, userId: 'anna' };

let taskQueue: string;
let worker: Worker;
let running: Promise<void>;
let native: NativeConnection;
let connection: Connection;
let ops: OperationsContext;

beforeAll(async () => {
  taskQueue = uniqueTaskQueue('case-size');
  native = await NativeConnection.connect({ address: devServerAddress() });
  worker = await Worker.create({ connection: native, taskQueue, workflowBundle: await bundleWorkflowsOnce(), dataConverter: testDataConverter, activities: createActivities({ logger: pino({ level: 'silent' }) }) });
  running = worker.run();
  connection = await Connection.connect({ address: devServerAddress() });
  ops = { client: new Client({ connection, dataConverter: testDataConverter }), keys: testKeys, taskQueue };
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await connection?.close();
  await native?.close();
});

describe('a case stays readable forever (Temporal carries at most 2 MB)', () => {
  it('a case with the maximum number of maximal events stays readable (query, show) and can be cancelled', async () => {
    const caseId = `BRF-SIZE-${Date.now().toString(36)}`;
    await startCase(ops, {
      procedure: 'automatic-letter',
      caseId,
      actor: cm,
      data: { provider: 'zorg-oost', letter: 'siro-warning', data: { period: '2026-Q1', realisedPercent: 0.8, targetPercent: 2, checkedOn: '2026-04-01' }, vetoWorkingDays: 1 },
    });
    const longest = { workingDays: 1, reason: 'Uitstel: '.padEnd(MAX_TEXT, 'u') };
    let refused: ProcedureError | undefined;
    let accepted = 0;
    while (!refused && accepted < 400) {
      try {
        await sendEvent(ops, { caseId, type: 'letter.postponed', actor: cm, payload: longest, reason: 'r'.repeat(MAX_REASON) });
        accepted++;
      } catch (err) {
        refused = ProcedureError.fromTemporal(err) ?? (err as ProcedureError);
      }
    }
    // The budget stops the case growing, with a clear refusal; nothing of the refused step is kept.
    expect(refused).toBeInstanceOf(ProcedureError);
    expect(refused).toMatchObject({ code: 'CASE_TOO_LARGE', state: 'awaitingVeto' });
    expect(refused!.allowedEvents).toContain('letter.postponed');
    expect(accepted).toBeGreaterThan(50);

    // The query answers with one page; show (operations and the CLI) pages through the whole dossier.
    const page = await ops.client.workflow.getHandle(caseWorkflowId(caseId)).query(caseQuery, {});
    expect(page.historyFrom).toBeGreaterThan(1);
    const whole = await showCase(ops, { caseId });
    expect(whole.historyFrom).toBeUndefined();
    expect(whole.history.map((h) => h.seq)).toEqual(Array.from({ length: whole.revision }, (_, i) => i + 1));
    expect(whole.history.filter((h) => h.type === 'letter.postponed')).toHaveLength(accepted);
    const { stdout } = await run(process.execPath, [bin, 'show', caseId, '--json'], {
      env: { ...process.env, ...TEST_KEY_ENV, TEMPORAL_ADDRESS: devServerAddress(), TEMPORAL_TASK_QUEUE: taskQueue, LOG_LEVEL: 'warn' },
      maxBuffer: 64 * 1024 * 1024,
    });
    expect((JSON.parse(stdout) as CaseView).history).toHaveLength(whole.revision);

    // A supervisor can still close it.
    const cancelled = await superviseCase(ops, { caseId, actor: { role: 'supervisor', userId: 'sanne' }, fix: { action: 'case.cancelled', ground: 'fout-in-registratie', reason: 'Zaak liep vol; opnieuw gestart' } });
    expect(cancelled.status).toBe('closed');
    expect(cancelled.history.at(-1)).toMatchObject({ type: 'supervisor.case.cancelled', ground: { code: 'fout-in-registratie' } });
    expect((await ops.client.workflow.getHandle(caseWorkflowId(caseId)).result()).status).toBe('closed');
  }, 300_000);
});
