// The embedded driver: PGlite (PostgreSQL compiled to WASM) in a folder, or in memory.
// Single-process: two console/worker instances in one process share one PGlite; two OS processes
// cannot share its folder (use DATABASE_URL and a real PostgreSQL for that). A lock file in the folder
// (<dir>.lock: process id and instance) refuses a second process instead of letting it corrupt the data.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { PGlite, types } from '@electric-sql/pglite';
import type { Queryable, Store } from './types.ts';

const parsers = { [types.INT8]: (value: string) => Number(value) };

function queryable(db: Pick<PGlite, 'query' | 'exec'>): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await db.query<Row>(sql, params as unknown[]);
      return result.rows;
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
  };
}

export class StoreInUseError extends Error {
  override name = 'StoreInUseError';
}

/** Locks this process holds (a restarted container may get the same pid as the crashed one). */
const heldLocks = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes <dataDir>.lock; throws StoreInUseError when another live process holds it. Returns the release. */
function lockFolder(dataDir: string): () => void {
  const file = `${dataDir}.lock`;
  mkdirSync(dirname(file), { recursive: true });
  const instance = randomBytes(8).toString('hex');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, JSON.stringify({ pid: process.pid, instance }), { flag: 'wx', mode: 0o600 });
      heldLocks.add(instance);
      return () => {
        heldLocks.delete(instance);
        rmSync(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let holder: { pid?: number; instance?: string } = {};
      try {
        holder = JSON.parse(readFileSync(file, 'utf8')) as typeof holder;
      } catch {
        /* half-written by a process that died: stale */
      }
      const live = typeof holder.pid === 'number' && (holder.pid === process.pid ? heldLocks.has(holder.instance ?? '') : isAlive(holder.pid));
      if (live) {
        throw new StoreInUseError(
          `The embedded store in ${dataDir} is in use by process ${holder.pid}. PGlite serves one process: ` +
            'run one jeugdflow process per data folder, or give every process the same DATABASE_URL (PostgreSQL).',
        );
      }
      rmSync(file, { force: true }); // left by a process that is gone
    }
  }
  throw new StoreInUseError(`Could not lock the embedded store in ${dataDir}`);
}

/** Opens (creating when new) the embedded store in `dataDir`, or in memory without it. */
export async function openPgliteStore(dataDir?: string): Promise<Store> {
  const unlock = dataDir ? lockFolder(dataDir) : () => {};
  let db: PGlite;
  try {
    db = dataDir ? await PGlite.create(dataDir, { parsers }) : await PGlite.create({ parsers });
  } catch (err) {
    unlock();
    throw err;
  }
  let closed: Promise<void> | undefined;
  return {
    driver: 'pglite',
    location: dataDir ?? 'memory',
    ...queryable(db),
    transaction: (fn) => db.transaction((tx) => fn(queryable(tx))),
    close: () => (closed ??= db.close().finally(unlock)),
  };
}
