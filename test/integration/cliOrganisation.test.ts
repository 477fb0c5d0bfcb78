// The CLI's --organisation: a party acts only as itself (000/001 §3.2), against the dev server with a real worker.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.ts';
import { bundleWorkflowsOnce, devServerAddress, testDataConverter, TEST_KEY_ENV, uniqueTaskQueue } from '../support/temporal.ts';

const bin = fileURLToPath(new URL('../../bin/jeugdflow.js', import.meta.url));
const run = promisify(execFile);

let taskQueue: string;
let worker: Worker;
let running: Promise<void>;
let native: NativeConnection;
let client: Client;
let connection: Connection;

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(...args: string[]): Promise<CliResult> {
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


beforeAll(async () => {
  taskQueue = uniqueTaskQueue();
  native = await NativeConnection.connect({ address: devServerAddress() });
  worker = await Worker.create({
    connection: native,
    taskQueue,
    workflowBundle: await bundleWorkflowsOnce(),
    dataConverter: testDataConverter,
    activities: createActivities({ logger: pino({ level: 'silent' }) }),
  });
  running = worker.run();
  connection = await Connection.connect({ address: devServerAddress() });
  client = new Client({ connection, dataConverter: testDataConverter });
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await native?.close();
  await connection?.close();
});

const START = JSON.stringify({
  provider: 'zorg-oost',
  proposer: { kind: 'aanbieder', code: 'zorg-oost' },
  title: 'Gezamenlijke aanpak wachtlijsten',
  summary: 'Aanbieders en SOJ maken één regionaal overzicht van wachttijden per segment.',
  topic: { scope: 'algemeen' },
  changesContract: false,
  table: { type: 'digitaal' },
});

describe('jeugdflow --organisation', () => {
  it('a provider submits a proposal and gives feedback only as its own organisation (--organisation)', async () => {
    const caseId = `OT-CLI-${Date.now().toString(36)}`;
    const asOther = await cli('start', 'proposal-lifecycle', '--case', caseId, '--as', 'aanbieder:frank', '--organisation', 'jeugdhulp-west', '--data', START);
    expect(asOther.code).toBe(1);
    expect(asOther.stderr).toContain('data.proposer');
    const own = await cli('start', 'proposal-lifecycle', '--case', caseId, '--as', 'aanbieder:eva', '--organisation', 'zorg-oost', '--data', START);
    expect(own.stderr).toBe('');
    expect(own.code).toBe(0);
    const feedback = (code: string) => JSON.stringify({ participant: { kind: 'aanbieder', code }, feedback: 'Graag ook de GGZ-wachttijden meenemen' });
    const inOtherName = await cli('send', caseId, 'feedback.given', '--as', 'aanbieder:frank', '--organisation', 'jeugdhulp-west', '--data', feedback('zorg-oost'));
    expect(inOtherName.code).toBe(1);
    expect(inOtherName.stderr).toContain('GUARD_FAILED');
    const asItself = await cli('send', caseId, 'feedback.given', '--as', 'aanbieder:frank', '--organisation', 'jeugdhulp-west', '--data', feedback('jeugdhulp-west'));
    expect(asItself.stderr).toBe('');
    expect(asItself.code).toBe(0);
    const badCode = await cli('send', caseId, 'feedback.given', '--as', 'aanbieder:frank', '--organisation', 'Jeugdhulp West', '--data', feedback('jeugdhulp-west'));
    expect(badCode.code).toBe(2);
    expect(badCode.stderr).toContain('organisation code');
  });
});
