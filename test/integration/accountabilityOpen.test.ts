// `jeugdflow accountability open` on a real Temporal dev server with a real worker: one command opens the
// yearly accountability (002 §3.2.2 Verantwoording) for every contracted provider in the billing CSV, and
// running it again starts no duplicates.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.ts';
import { runCli, type CliResult } from '../support/cli.ts';
import { bundleWorkflowsOnce, devServerAddress, testDataConverter, TEST_KEY_ENV, uniqueTaskQueue } from '../support/temporal.ts';


let taskQueue: string;
let worker: Worker;
let running: Promise<void>;
let native: NativeConnection;
let dataDir: string;
// Unique providers per run: the dev server keeps workflows between runs.
const tag = Date.now().toString(36);
const providers = [`zorg-a-${tag}`, `zorg-b-${tag}`];

async function cli(...args: string[]): Promise<CliResult> {
  return runCli([...args], { ...TEST_KEY_ENV, JEUGDFLOW_DATA_DIR: dataDir, TEMPORAL_ADDRESS: devServerAddress(), TEMPORAL_TASK_QUEUE: taskQueue, LOG_LEVEL: 'warn' });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'jeugdflow-accountability-'));
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
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await native?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('jeugdflow accountability open on the dev server', () => {
  it('002 §3.2.2: one command opens the year for every contracted provider (revenue from billing), and running it twice starts no duplicates', async () => {
    const csv = join(dataDir, 'billing.csv');
    writeFileSync(
      csv,
      [
        'provider,name,year,revenue_eur,clients',
        `${providers[0]},Zorg A,2026,512345.67,40`,
        `${providers[1]},Zorg B,2026,124999.99,6`,
        `${providers[0]},Zorg A,2025,400000.00,35`,
      ].join('\n'),
    );
    const first = await cli('accountability', 'open', '--year', '2026', '--billing', csv, '--as', 'contractmanager:anna', '--json');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const opened = JSON.parse(first.stdout) as { results: { provider: string; caseId: string; outcome: string }[] };
    expect(opened.results).toEqual(providers.map((p) => ({ provider: p, caseId: `VJ-2026-${p}`, outcome: 'started' })));

    const again = await cli('accountability', 'open', '--year', '2026', '--billing', csv, '--as', 'contractmanager:anna');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 started, 2 already started, 0 refused.');

    const shown = await cli('show', `VJ-2026-${providers[1]}`, '--json');
    expect(shown.code).toBe(0);
    const view = JSON.parse(shown.stdout) as { procedure: string; context: { revenueCents: number; productionDueDate: string }; deadlines: { name: string; dueDate: string }[] };
    expect(view.procedure).toBe('accountability');
    expect(view.context.revenueCents).toBe(12_499_999);
    expect(view.deadlines.map((d) => [d.name, d.dueDate])).toEqual([
      ['productionTerm', '2027-03-31'],
      ['wntTerm', '2027-08-02'],
    ]);
  });
});
