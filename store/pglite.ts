// The embedded driver: PGlite (PostgreSQL compiled to WASM) in a folder, or in memory.
// Single-process: two console/worker instances in one process share one PGlite; two OS processes
// cannot share its folder (use DATABASE_URL and a real PostgreSQL for that).
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

/** Opens (creating when new) the embedded store in `dataDir`, or in memory without it. */
export async function openPgliteStore(dataDir?: string): Promise<Store> {
  const db = dataDir ? await PGlite.create(dataDir, { parsers }) : await PGlite.create({ parsers });
  const base = queryable(db);
  let closed: Promise<void> | undefined;
  return {
    driver: 'pglite',
    location: dataDir ?? 'memory',
    ...base,
    transaction: (fn) => db.transaction((tx) => fn(queryable(tx))),
    close: () => (closed ??= db.close()),
  };
}
