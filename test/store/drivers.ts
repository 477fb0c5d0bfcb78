// The same store tests on both drivers: PGlite (always) and a real PostgreSQL — JEUGDFLOW_TEST_DATABASE_URL
// when set, else a throwaway cluster (scripts/postgres.ts) when the PostgreSQL binaries are installed.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPostgresBin, startThrowawayPostgres, type ThrowawayPostgres } from '../../scripts/postgres.ts';
import { migrate, type Store } from '../../store/index.ts';
import { openPgStore } from '../../store/pg.ts';
import { openPgliteStore } from '../../store/pglite.ts';

export interface DriverUnderTest {
  name: 'pglite' | 'postgresql';
  /** Prepares the database (one per test file). */
  setUp(): Promise<void>;
  /** A new connection to the same database, migrated: what a second console or worker instance opens. */
  open(): Promise<Store>;
  /** For PGlite: the data folder (child processes open it one at a time). For PostgreSQL: the URL. */
  readonly config: { DATABASE_URL?: string; JEUGDFLOW_DATA_DIR: string };
  /** Closes what `open` shares in this process (PGlite), so another process may open the folder. */
  release(): Promise<void>;
  tearDown(): Promise<void>;
}

/** Throws away every row, so each test starts empty. */
export async function emptyStore(store: Store): Promise<void> {
  await store.exec("TRUNCATE jf_sessions, jf_outbox, jf_audit");
}

function pgliteDriver(): DriverUnderTest {
  let dataDir = '';
  const config = { JEUGDFLOW_DATA_DIR: '' };
  let shared: Store | undefined;
  return {
    name: 'pglite',
    config,
    async setUp() {
      dataDir = await mkdtemp(join(tmpdir(), 'jeugdflow-store-'));
      config.JEUGDFLOW_DATA_DIR = dataDir;
    },
    // PGlite is one process, one instance per folder: "another instance" is the same store object.
    async open() {
      if (!shared) {
        shared = await openPgliteStore(join(dataDir, 'store'));
        await migrate(shared);
      }
      const store = shared;
      return { ...store, close: async () => {} };
    },
    async release() {
      await shared?.close();
      shared = undefined;
    },
    async tearDown() {
      await this.release();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function postgresDriver(): DriverUnderTest {
  let cluster: ThrowawayPostgres | undefined;
  let dataDir = '';
  const config: { DATABASE_URL?: string; JEUGDFLOW_DATA_DIR: string } = { JEUGDFLOW_DATA_DIR: '' };
  return {
    name: 'postgresql',
    config,
    async setUp() {
      dataDir = await mkdtemp(join(tmpdir(), 'jeugdflow-store-'));
      config.JEUGDFLOW_DATA_DIR = dataDir;
      const given = process.env.JEUGDFLOW_TEST_DATABASE_URL;
      if (!given) cluster = await startThrowawayPostgres();
      config.DATABASE_URL = given ?? cluster!.url;
    },
    async open() {
      const store = await openPgStore(config.DATABASE_URL!);
      await migrate(store);
      return store;
    },
    async release() {},
    async tearDown() {
      await cluster?.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Whether the real-PostgreSQL half of the suite can run here. */
export const postgresAvailable = Boolean(process.env.JEUGDFLOW_TEST_DATABASE_URL) || findPostgresBin() !== undefined;

/** The drivers to run the store suite on: PGlite, and PostgreSQL when available. */
export function driversUnderTest(): DriverUnderTest[] {
  return [pgliteDriver(), ...(postgresAvailable ? [postgresDriver()] : [])];
}
