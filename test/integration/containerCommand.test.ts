// The app's container command (Dockerfile CMD: `node --import tsx worker/main.ts`) works outside
// Docker against a running Temporal server: it polls, runs cases, and stops cleanly on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkStatus, sendEvent, showCase, startCase, type OperationsContext } from '../../operations/index.ts';
import { devServerAddress, testDataConverter, testKeys, TEST_KEY_ENV, uniqueTaskQueue } from '../support/temporal.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
let child: ChildProcess;
let connection: Connection;
let ops: OperationsContext & { namespace: string };
let output = '';

beforeAll(async () => {
  const taskQueue = uniqueTaskQueue();
  // Its own data folder: the worker opens the shared store (PGlite) there, never in the repo's data/.
  const dataDir = await mkdtemp(join(tmpdir(), 'jeugdflow-container-'));
  child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    cwd: repo,
    env: { ...process.env, ...TEST_KEY_ENV, JEUGDFLOW_DATA_DIR: dataDir, TEMPORAL_ADDRESS: devServerAddress(), TEMPORAL_TASK_QUEUE: taskQueue, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += String(d)));
  child.stderr!.on('data', (d) => (output += String(d)));
  connection = await Connection.connect({ address: devServerAddress() });
  ops = { client: new Client({ connection, dataConverter: testDataConverter }), keys: testKeys, taskQueue, namespace: 'default' };
});

afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGKILL');
  await connection?.close();
});

describe('the container command outside Docker', () => {
  it('polls the task queue, runs a case, and stops cleanly on SIGTERM', async () => {
    await vi.waitFor(async () => expect((await checkStatus(ops)).worker.polling).toBe(true), { timeout: 60_000, interval: 500 });
    const caseId = `CTR-${Date.now().toString(36)}`;
    await startCase(ops, {
      procedure: 'escalation-ladder',
      caseId,
      actor: { role: 'contractmanager', userId: 'anna' },
      data: { provider: 'AGB-12345678', signal: { category: 'continuiteit', description: 'Uitval van begeleiders zonder vervanging', receivedOn: '2026-11-20' } },
    });
    const view = await sendEvent(ops, {
      caseId,
      type: 'hearing.recorded',
      actor: { role: 'contractmanager', userId: 'anna' },
      payload: { date: '2026-11-23', providerPosition: 'De aanbieder erkent de uitval', findings: 'Roosters bevestigen het signaal' },
    });
    expect(view.history.map((h) => h.type)).toEqual(['hearing.recorded']);
    expect((await showCase(ops, { caseId })).history.map((h) => h.type)).toEqual(['case.started', 'hearing.recorded']);

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code, output).toBe(0);
    expect(output).toContain('worker polling');
  });
});
