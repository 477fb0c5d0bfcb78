// AVG retention (issue 17): a closed case's personal data is deleted a configurable period after it
// closed, by deleting the case's own data key (crypto-shredding). Proved on the dev server with a
// care-termination case closed by a supervisor; the purge is driven with an explicit `now`.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildConsole } from '../../console/app.ts';
import { login, testUsers } from '../api/harness.ts';
import { createActivities } from '../../activities/index.ts';
import { showCase, startCase, superviseCase, type OperationsContext } from '../../operations/index.ts';
import { runRetention, sweepClosedCases } from '../../operations/retention.ts';
import { isSealed, isSealedWithCaseKey } from '../../security/index.ts';
import { createAuditLog, type AuditLog } from '../../store/audit.ts';
import { createCaseKeys, DAY_MS, type CaseKeys } from '../../store/caseKeys.ts';
import { openMemoryStore, openStore, type Store } from '../../store/index.ts';
import type { CaseView } from '../../workflows/engine.ts';
import { caseWorkflowId } from '../../workflows/constants.ts';
import { caseQuery } from '../../workflows/messages.ts';
import { bundleWorkflowsOnce, devServerAddress, testDataConverter, testKeys, TEST_KEY_ENV, uniqueTaskQueue } from '../support/temporal.ts';

const bin = fileURLToPath(new URL('../../bin/jeugdflow.js', import.meta.url));

const youth = { name: 'Sanne de Vries', bsn: '111222333', dateOfBirth: '2011-05-14', address: 'Lindelaan 12, 3011 AB Rotterdam' };
const aanbieder = { role: 'aanbieder' as const, userId: 'teamleider-1' };
const supervisor = { role: 'supervisor' as const, userId: 'sam' };
const RETENTION_DAYS = 30;

let taskQueue: string;
let worker: Worker;
let running: Promise<void>;
let native: NativeConnection;
let connection: Connection;
let store: Store;
let caseKeys: CaseKeys;
let audit: AuditLog;
let ops: OperationsContext;
const run = Date.now().toString(36);

async function startClosedCase(caseId: string): Promise<void> {
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
      optOut: false,
    },
    personalData: youth,
    reader: false,
  });
  await superviseCase(ops, { caseId, actor: supervisor, fix: { action: 'case.cancelled', ground: 'afspraak-partijen', reason: 'Zorg elders voortgezet' }, reader: false });
}

beforeAll(async () => {
  taskQueue = uniqueTaskQueue();
  native = await NativeConnection.connect({ address: devServerAddress() });
  worker = await Worker.create({ connection: native, taskQueue, workflowBundle: await bundleWorkflowsOnce(), dataConverter: testDataConverter, activities: createActivities({ logger: pino({ level: 'silent' }) }) });
  running = worker.run();
  connection = await Connection.connect({ address: devServerAddress() });
  store = await openMemoryStore();
  caseKeys = createCaseKeys(store, testKeys);
  audit = createAuditLog(store);
  ops = { client: new Client({ connection, dataConverter: testDataConverter }), keys: testKeys, taskQueue, caseKeys, audit };
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await native?.close();
  await connection?.close();
  await store?.close();
});

describe('AVG retention: a closed case’s personal data is deleted after the retention period', () => {
  it('personal data of a closed case is readable before the retention period, deleted after it; the dossier still shows and the deletion is audited', async () => {
    const caseId = `RET-${run}-1`;
    await startClosedCase(caseId);

    // Temporal holds only a seal made with the case's own data key.
    const raw = await ops.client.workflow.getHandle(caseWorkflowId(caseId)).query(caseQuery, {});
    expect(isSealed(raw.personalData) && isSealedWithCaseKey(raw.personalData)).toBe(true);
    expect(JSON.stringify(raw)).not.toContain(youth.bsn);

    // Reading the closed case records its closing (the view says closed).
    const before = await showCase(ops, { caseId, role: 'casusregisseur', reader: 'carla' });
    expect(before.status).toBe('closed');
    expect(before.personalData).toEqual(youth);
    const closedAt = Date.parse(before.lastTransitionAt);

    const early = await runRetention({ client: ops.client, caseKeys, retentionDays: RETENTION_DAYS, now: closedAt + (RETENTION_DAYS - 1) * DAY_MS });
    expect(early.deleted.map((d) => d.caseId)).not.toContain(caseId);
    expect((await showCase(ops, { caseId, role: 'casusregisseur', reader: 'carla' })).personalData).toEqual(youth);

    const purgedAt = closedAt + (RETENTION_DAYS + 1) * DAY_MS;
    const late = await runRetention({ client: ops.client, caseKeys, retentionDays: RETENTION_DAYS, now: purgedAt, actor: 'beheerder-1' });
    expect(late.deleted).toContainEqual({ caseId, closedAt: new Date(closedAt).toISOString() });

    const after: CaseView = await showCase(ops, { caseId, role: 'casusregisseur', reader: 'carla' });
    expect(after.personalData).toBeUndefined();
    expect(after.personalDataDeleted).toBe(true);
    // The dossier (state, history, case data) is still there.
    expect(after.state).toBe(before.state);
    expect(after.history.length).toBe(before.history.length);
    expect(after.history.length).toBeGreaterThan(1);

    // The key is gone from the store, not merely hidden.
    const [row] = await store.query<{ wrapped_key: string | null; deleted_at: number }>('SELECT wrapped_key, deleted_at FROM jf_case_keys WHERE case_id = $1', [caseId]);
    expect(row).toEqual({ wrapped_key: null, deleted_at: purgedAt });

    const trail = await audit.list({ caseId });
    expect(trail.filter((e) => e.kind === 'personal-data.deleted')).toEqual([
      expect.objectContaining({ kind: 'personal-data.deleted', actor: 'beheerder-1', caseId, at: new Date(purgedAt).toISOString() }),
    ]);
    // Two reads that showed personal data, none after the deletion.
    expect(trail.filter((e) => e.kind === 'personal-data.read').map((e) => e.actor)).toEqual(['carla', 'carla']);

    // The console and the API show the case with the Dutch notice instead of failing.
    const app = await buildConsole({ ops: { ...ops, namespace: 'default' }, users: await testUsers('AGB-87654321', 'AGB-11111111'), store, pdf: false });
    try {
      const eva = await login(app, 'eva');
      const page = await eva.get(`/zaken/${caseId}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Persoonsgegevens verwijderd na de bewaartermijn');
      expect(page.body).not.toContain(youth.name);
      expect((await eva.get(`/zaken/${caseId}/dossier`)).statusCode).toBe(200);
      expect((await eva.get(`/api/cases/${caseId}`)).json<CaseView>()).toMatchObject({ caseId, personalDataDeleted: true });
    } finally {
      await app.close();
    }

    // A second purge deletes nothing again and audits nothing again.
    const again = await runRetention({ client: ops.client, caseKeys, retentionDays: RETENTION_DAYS, now: purgedAt + DAY_MS });
    expect(again.deleted.map((d) => d.caseId)).not.toContain(caseId);
    expect((await audit.list({ caseId, kind: 'personal-data.deleted' })).length).toBe(1);
  });

  it('the sweep over closed executions records a closed case nobody looked at, so its personal data is deleted too', async () => {
    const caseId = `RET-${run}-2`;
    await startClosedCase(caseId);
    // Visibility shows a closed execution shortly after it closes: sweep until it is recorded.
    await vi.waitFor(
      async () => {
        await sweepClosedCases(ops.client, caseKeys);
        const [row] = await store.query<{ closed_at: number | null }>('SELECT closed_at FROM jf_case_keys WHERE case_id = $1', [caseId]);
        expect(row?.closed_at).not.toBeNull();
      },
      { timeout: 20_000, interval: 500 },
    );
    const [{ closed_at } = { closed_at: 0 }] = await store.query<{ closed_at: number }>('SELECT closed_at FROM jf_case_keys WHERE case_id = $1', [caseId]);
    const result = await runRetention({ client: ops.client, caseKeys, retentionDays: RETENTION_DAYS, now: Number(closed_at) + RETENTION_DAYS * DAY_MS });
    expect(result.deleted.map((d) => d.caseId)).toContain(caseId);
    expect((await showCase(ops, { caseId, role: 'casusregisseur', reader: 'carla' })).personalDataDeleted).toBe(true);
  });

  it('a running case’s personal data is never deleted, however long ago it started', async () => {
    const caseId = `RET-${run}-3`;
    await startCase(ops, {
      procedure: 'care-termination',
      caseId,
      actor: aanbieder,
      data: { provider: 'AGB-87654321', caseDirector: 'lokaal-team', childProtectionMeasure: false, seriousReasons: 'Herhaalde bedreigingen van medewerkers', reasonCategory: 'bedreiging-intimidatie', optOut: false },
      personalData: youth,
      reader: false,
    });
    const result = await runRetention({ client: ops.client, caseKeys, retentionDays: 1, now: Date.now() + 10_000 * DAY_MS });
    expect(result.deleted.map((d) => d.caseId)).not.toContain(caseId);
    expect((await showCase(ops, { caseId, role: 'casusregisseur', reader: 'carla' })).personalData).toEqual(youth);
  });

  it('`jeugdflow retention purge` deletes what the retention period allows at the given instant, audited under the operator', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jf-retention-'));
    const closedAt = Date.parse('2026-01-15T10:00:00Z');
    const seeded = await openStore({ JEUGDFLOW_DATA_DIR: dataDir });
    try {
      const keys = createCaseKeys(seeded, testKeys);
      await keys.create(`RET-${run}-cli`);
      await keys.markClosed(`RET-${run}-cli`, closedAt);
    } finally {
      await seeded.close();
    }
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [bin, ...args], {
        env: { ...process.env, ...TEST_KEY_ENV, TEMPORAL_ADDRESS: devServerAddress(), TEMPORAL_TASK_QUEUE: taskQueue, JEUGDFLOW_DATA_DIR: dataDir, JEUGDFLOW_RETENTION_DAYS: '30', LOG_LEVEL: 'warn' },
        encoding: 'utf8',
        timeout: 120_000,
      });
    const early = cli('retention', 'purge', '--now', '2026-02-13', '--json');
    expect(early.status, early.stderr).toBe(0);
    expect(JSON.parse(early.stdout)).toMatchObject({ deleted: [], cutoff: '2026-01-14T00:00:00.000Z' });
    const late = cli('retention', 'purge', '--now', '2026-02-15');
    expect(late.status, late.stderr).toBe(0);
    expect(late.stdout).toContain(`Deleted personal data of 1 case(s): RET-${run}-cli`);
    expect(cli('retention', 'purge', '--now', 'morgen').status).toBe(2);
    const after = await openStore({ JEUGDFLOW_DATA_DIR: dataDir });
    try {
      const [entry] = await createAuditLog(after).list({ caseId: `RET-${run}-cli`, kind: 'personal-data.deleted' });
      expect(entry?.actor).toMatch(/^cli:/);
      expect(await createCaseKeys(after, testKeys).get(`RET-${run}-cli`)).toMatchObject({ status: 'deleted' });
    } finally {
      await after.close();
    }
  });
});
