// Opt-out (seed 002 §4.2 stap 9): without consent to share data with the commissioning body, no
// personal data of the youth reaches it. Proved on a real dev server for a care-termination case:
// the CLI output for the contract manager, search attributes, workflow ids and logs.
import { execFile } from 'node:child_process';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.ts';
import { sendEvent, startCase, type OperationsContext } from '../../operations/index.ts';
import { bundleWorkflowsOnce, capturedLogs, devServerAddress, testDataConverter, testKeys, TEST_KEY_ENV, uniqueTaskQueue } from '../support/temporal.ts';

const bin = fileURLToPath(new URL('../../bin/jeugdflow.js', import.meta.url));
const run = promisify(execFile);

const youth = { name: 'Sanne de Vries', bsn: '111222333', dateOfBirth: '2011-05-14', address: 'Lindelaan 12, 3011 AB Rotterdam' };
const PII = [youth.name, 'de Vries', youth.bsn, youth.dateOfBirth, 'Lindelaan'];

let taskQueue: string;
let worker: Worker;
let running: Promise<void>;
let native: NativeConnection;
let connection: Connection;
let ops: OperationsContext;
const activityLog: string[] = [];
const caseId = `JH-${Date.now().toString(36)}`;
const aanbieder = { role: 'aanbieder' as const, userId: 'teamleider-1' };

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      env: { ...process.env, ...TEST_KEY_ENV, TEMPORAL_ADDRESS: devServerAddress(), TEMPORAL_TASK_QUEUE: taskQueue, LOG_LEVEL: 'warn' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function expectNoPii(text: string): void {
  for (const value of PII) expect(text).not.toContain(value);
}

beforeAll(async () => {
  taskQueue = uniqueTaskQueue();
  native = await NativeConnection.connect({ address: devServerAddress() });
  const sink = new Writable({
    write(chunk, _enc, done) {
      activityLog.push(String(chunk));
      done();
    },
  });
  worker = await Worker.create({
    connection: native,
    taskQueue,
    workflowBundle: await bundleWorkflowsOnce(),
    dataConverter: testDataConverter,
    activities: createActivities({ logger: pino({ level: 'trace' }, sink) }),
  });
  running = worker.run();
  connection = await Connection.connect({ address: devServerAddress() });
  ops = { client: new Client({ connection, dataConverter: testDataConverter }), keys: testKeys, taskQueue };

  await startCase(ops, {
    procedure: 'care-termination',
    caseId,
    actor: aanbieder,
    data: {
      provider: 'AGB-87654321',
      caseDirector: 'lokaal-team',
      childProtectionMeasure: false,
      seriousReasons: 'Herhaalde bedreigingen van medewerkers door een familielid',
      reasonCategory: 'bedreiging-intimidatie',
      optOut: true,
    },
    personalData: youth,
    optOut: true,
  });
  const send = (type: string, payload: Record<string, unknown>) => sendEvent(ops, { caseId, type, actor: aanbieder, payload });
  await send('caseDirector.informed', { informedOn: '2026-11-02' });
  await send('conversation.held', { date: '2026-11-03', report: 'Gespreksverslag 1 in dossier', agreements: ['Geen bedreigingen meer'] });
  await send('conversation.held', { date: '2026-11-05', report: 'Gespreksverslag 2 in dossier', agreements: ['Contact via de mentor'] });
  await send('warning.first.issued', { date: '2026-11-09', copyReference: 'Kopie waarschuwing 1 in dossier' });
  await send('warning.second.issued', { date: '2026-11-16', copyReference: 'Kopie waarschuwing 2 in dossier' });
  await send('consentForm.submitted', {
    signedBy: 'Teammanager ambulante hulp',
    signedOn: '2026-11-20',
    attachments: { conversationReports: true, agreementsOverview: true, firstWarningCopy: true, secondWarningCopy: true },
    copyToContractManager: true,
  });
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await native?.close();
  await connection?.close();
});

describe('opt-out: no personal data of the youth reaches the commissioning body', () => {
  it('the contract manager sees the case without the personal data; the case director sees it', async () => {
    const asCm = await cli('show', caseId, '--as', 'contractmanager', '--json');
    expect(asCm.code).toBe(0);
    expectNoPii(asCm.stdout);
    expect(JSON.parse(asCm.stdout)).toMatchObject({ caseId, optOut: true, personalDataWithheld: true, state: 'awaitingDecision.pending' });
    const plainCm = await cli('show', caseId, '--as', 'contractmanager');
    expectNoPii(plainCm.stdout);
    expect(plainCm.stdout).toContain('Personal data: withheld');
    const noRole = await cli('show', caseId, '--json');
    expectNoPii(noRole.stdout);

    const asDirector = JSON.parse((await cli('show', caseId, '--as', 'casusregisseur', '--json')).stdout) as { personalData?: unknown };
    expect(asDirector.personalData).toEqual(youth);
  });

  it('search attributes and the workflow id carry no personal data', async () => {
    const handle = ops.client.workflow.getHandle(`case-${caseId}`);
    const described = await handle.describe();
    expect(described.workflowId).toBe(`case-${caseId}`);
    expectNoPii(JSON.stringify(described.searchAttributes));
    expectNoPii(JSON.stringify(described.raw.workflowExecutionInfo?.searchAttributes ?? {}));
  });

  it('a case id that carries a BSN is refused before anything starts', async () => {
    const r = await cli('start', 'care-termination', '--case', `JH-${youth.bsn}`, '--as', 'aanbieder:x', '--data', '{}');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('INVALID_CASE_ID');
    expectNoPii(r.stderr);
  });

  it('neither the workflow, the worker nor the activities log personal data', async () => {
    expect(capturedLogs.some((l) => l.includes(caseId))).toBe(true); // the case was logged: the check below is not vacuous
    expectNoPii(capturedLogs.join('\n'));
    expect(activityLog.some((l) => l.includes(caseId))).toBe(true);
    expectNoPii(activityLog.join('\n'));
  });
});
