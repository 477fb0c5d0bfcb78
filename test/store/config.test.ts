// Where the store lives: DATABASE_URL (PostgreSQL) or the embedded store in the data folder; the
// compose stack gives every worker the same jeugdflow database.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { ConfigError, loadConfig } from '../../config/index.ts';
import { openStore } from '../../store/index.ts';
import { TEST_KEY_ENV } from '../support/keys.ts';
import { StoreInUseError, openPgliteStore } from '../../store/pglite.ts';

vi.setConfig({ testTimeout: 120_000 });

describe('DATABASE_URL', () => {
  it('is a postgres:// URL; a bad one stops the start naming the variable, without its password', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://jeugdflow:geheim@db:5432/jeugdflow' }).DATABASE_URL).toBe('postgres://jeugdflow:geheim@db:5432/jeugdflow');
    expect(loadConfig({}).DATABASE_URL).toBeUndefined();
    expect(() => loadConfig({ DATABASE_URL: 'mysql://jeugdflow:geheim@db/jeugdflow' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://jeugdflow:geheim@db/jeugdflow' })).toThrow(/DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL.*got 'mysql:\/\/jeugdflow:\*\*\*@db\/jeugdflow'/);
  });

  it('an unreachable database stops the start with the URL, not the password', async () => {
    await expect(openStore({ DATABASE_URL: 'postgres://jeugdflow:geheim@127.0.0.1:1/jeugdflow', JEUGDFLOW_DATA_DIR: '/nonexistent' })).rejects.toThrow(
      /^Cannot reach the database at postgres:\/\/jeugdflow:\*\*\*@127\.0\.0\.1:1\/jeugdflow/,
    );
  });

  it('the worker (container command) stops at once with one line when DATABASE_URL cannot be reached, before it polls', async () => {
    const { spawnSync } = await import('node:child_process');
    const repo = fileURLToPath(new URL('../..', import.meta.url));
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
      cwd: repo,
      env: { ...process.env, ...TEST_KEY_ENV, DATABASE_URL: 'postgres://jeugdflow:geheim@127.0.0.1:1/jeugdflow', TEMPORAL_ADDRESS: '127.0.0.1:1', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(res.status, res.stderr).toBe(2);
    const lines = res.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^jeugdflow worker: the store .*Cannot reach the database at postgres:\/\/jeugdflow:\*\*\*@127\.0\.0\.1:1\/jeugdflow/);
    expect(res.stderr).not.toContain('geheim');
  });

  it('in docker compose every worker replica uses the one jeugdflow database, created before they start', () => {
    const file = fileURLToPath(new URL('../../docker-compose.yml', import.meta.url));
    const compose = parse(readFileSync(file, 'utf8'), { merge: true }) as { services: Record<string, { environment?: Record<string, string>; depends_on?: Record<string, { condition: string }>; deploy?: { replicas?: number } }> };
    const worker = compose.services.worker!;
    expect(worker.deploy?.replicas).toBeGreaterThan(1);
    expect(worker.environment?.DATABASE_URL).toMatch(/^postgres:\/\/jeugdflow:\$\{JEUGDFLOW_DB_PASSWORD:-jeugdflow\}@postgresql:5432\/jeugdflow$/);
    expect(worker.depends_on?.['jeugdflow-db']?.condition).toBe('service_completed_successfully');
  });
});

describe('the embedded store (PGlite)', () => {
  it('serves one process: a second opening of the same folder is refused while the first is open, allowed after', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jeugdflow-lock-'));
    try {
      const first = await openPgliteStore(join(dir, 'store'));
      await expect(openPgliteStore(join(dir, 'store'))).rejects.toThrow(StoreInUseError);
      await expect(openPgliteStore(join(dir, 'store'))).rejects.toThrow(/PGlite serves one process.*the same DATABASE_URL/);
      await first.close();
      const again = await openPgliteStore(join(dir, 'store'));
      await again.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
