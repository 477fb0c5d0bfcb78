// The shared store: `openStore` picks the driver (DATABASE_URL → PostgreSQL, else PGlite in
// <JEUGDFLOW_DATA_DIR>/store) and runs the migrations. `sharedStore` gives every console and worker
// instance of one process the same store (PGlite is single-process; a pool is enough for pg).
import { migrate } from './migrations.ts';
import { openPgStore } from './pg.ts';
import { openPgliteStore } from './pglite.ts';
import { storeDir } from './paths.ts';
import type { Store } from './types.ts';

export type { Queryable, Store, StoreDriver } from './types.ts';
export { MIGRATIONS, migrate, type Migration } from './migrations.ts';
export { redactUrl } from './pg.ts';
export { STORE_DIR_NAME, storeDir } from './paths.ts';

export interface StoreConfig {
  /** postgres://… of a real PostgreSQL; without it the embedded store in the data folder. */
  DATABASE_URL?: string | undefined;
  JEUGDFLOW_DATA_DIR: string;
}

/** Opens the store the configuration names and brings its schema up to date. */
export async function openStore(config: StoreConfig): Promise<Store> {
  const store = config.DATABASE_URL ? await openPgStore(config.DATABASE_URL) : await openPgliteStore(storeDir(config.JEUGDFLOW_DATA_DIR));
  try {
    await migrate(store);
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

/** An empty embedded store in memory, migrated (tests, and an API built without a store). */
export async function openMemoryStore(): Promise<Store> {
  const store = await openPgliteStore();
  await migrate(store);
  return store;
}

const shared = new Map<string, Promise<Store>>();

/** One store per DATABASE_URL or data folder for this whole process, opened at the first call. */
export function sharedStore(config: StoreConfig): Promise<Store> {
  const key = config.DATABASE_URL ?? `dir:${storeDir(config.JEUGDFLOW_DATA_DIR)}`;
  let store = shared.get(key);
  if (!store) {
    store = openStore(config);
    shared.set(key, store);
    store.catch(() => shared.delete(key));
  }
  return store;
}

let memory: Promise<Store> | undefined;
/** One in-memory store for this process (for APIs and mail services built without a store). */
export function sharedMemoryStore(): Promise<Store> {
  return (memory ??= openMemoryStore());
}

/** Closes every store opened by `sharedStore` / `sharedMemoryStore` (end of `npm start`). */
export async function closeSharedStores(): Promise<void> {
  const all = [...shared.values(), ...(memory ? [memory] : [])];
  shared.clear();
  memory = undefined;
  await Promise.all(all.map((p) => p.then((s) => s.close(), () => {})));
}
