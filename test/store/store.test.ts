// The store: one interface, two drivers (PGlite and PostgreSQL) running the same SQL; migrations run at
// start, once.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MIGRATIONS, migrate, type Store } from '../../store/index.ts';
import { driversUnderTest } from './drivers.ts';

// Opening the embedded PostgreSQL (WASM) takes seconds on a busy machine.
vi.setConfig({ testTimeout: 60_000 });

describe.each(driversUnderTest())('store on $name', (driver) => {
  let a: Store;
  let b: Store;
  beforeAll(async () => {
    await driver.setUp();
    a = await driver.open();
    b = await driver.open();
  }, 120_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await driver.tearDown();
  }, 60_000);

  it('runs each migration once: starting again, or two instances at the same time, applies nothing more', async () => {
    const applied = await a.query<{ id: number; name: string }>('SELECT id, name FROM jf_migrations ORDER BY id');
    expect(applied).toEqual(MIGRATIONS.map((m) => ({ id: m.id, name: m.name })));
    expect(await Promise.all([migrate(a), migrate(b)])).toEqual([[], []]);
    expect(await a.query('SELECT id FROM jf_migrations')).toHaveLength(MIGRATIONS.length);
  });

  it('applies a new numbered migration at the next start, and only that one', async () => {
    const next = { id: 1000 + Math.floor(Math.random() * 1000), name: 'test-table', sql: 'CREATE TABLE jf_test_migration (x integer)' };
    expect(await migrate(a, [...MIGRATIONS, next])).toEqual([next.id]);
    expect(await migrate(b, [...MIGRATIONS, next])).toEqual([]);
    await a.exec(`DROP TABLE jf_test_migration; DELETE FROM jf_migrations WHERE id = ${next.id}`);
  });

  it('gives the same values back on both drivers: bigint as a number, jsonb as an object', async () => {
    const [row] = await a.query<{ n: number; j: unknown; t: string }>('SELECT $1::bigint AS n, $2::jsonb AS j, $3::text AS t', [1_764_000_000_123, JSON.stringify({ roles: ['aanbieder'] }), 'één']);
    expect(row).toEqual({ n: 1_764_000_000_123, j: { roles: ['aanbieder'] }, t: 'één' });
  });

  it('applies nothing of a transaction that fails half-way', async () => {
    await a.exec('CREATE TABLE IF NOT EXISTS jf_test_tx (x integer PRIMARY KEY)');
    await expect(
      a.transaction(async (tx) => {
        await tx.query('INSERT INTO jf_test_tx VALUES (1)');
        await tx.query('INSERT INTO jf_test_tx VALUES (1)'); // duplicate key
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(await b.query('SELECT * FROM jf_test_tx')).toEqual([]);
    await a.exec('DROP TABLE jf_test_tx');
  });
});
