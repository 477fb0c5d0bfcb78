// The CLI's way to the case keys and the audit log in the shared store, opened only when a command
// needs them (a case with personal data, `retention purge`), so other commands stay fast. With
// DATABASE_URL: that PostgreSQL. Without: the embedded store in the data folder — unless `npm start`
// holds it (PGlite serves one process); then personal data is withheld (nothing is revealed that
// cannot be audited) and starting a case with personal data is refused, naming what to do.
import { userInfo } from 'node:os';
import type { Config } from '../config/index.ts';
import type { KeyRing } from '../security/index.ts';
import { createAuditLog, type AuditLog } from '../store/audit.ts';
import { CaseKeysUnavailableError, createCaseKeys, type CaseKeys } from '../store/caseKeys.ts';
import type { Queryable, Store } from '../store/index.ts';
import { storeDir } from '../store/paths.ts';

export interface CliPersonalDataStore {
  caseKeys: CaseKeys;
  audit: AuditLog;
  close(): Promise<void>;
}

export function cliPersonalDataStore(config: Config, keys: KeyRing): CliPersonalDataStore {
  let opened: Promise<Store> | undefined;
  // The drivers (pg, PGlite) load only when a command opens the store: most never do.
  const openShared = async (): Promise<Store> => {
    const [{ openStore }, { StoreInUseError }] = await Promise.all([import('../store/index.ts'), import('../store/pglite.ts')]);
    try {
      return await openStore(config);
    } catch (err) {
      if (err instanceof StoreInUseError) {
        throw new CaseKeysUnavailableError(
          `personal data needs the store with the case keys, and the embedded store in ${storeDir(config.JEUGDFLOW_DATA_DIR)} is in use by another process (npm start): use the console, or give every process the same DATABASE_URL`,
        );
      }
      throw err;
    }
  };
  const open = (): Promise<Store> => (opened ??= openShared());
  const lazy: Store = {
    driver: config.DATABASE_URL ? 'pg' : 'pglite',
    location: config.DATABASE_URL ? 'DATABASE_URL' : storeDir(config.JEUGDFLOW_DATA_DIR),
    query: async (sql, params) => (await open()).query(sql, params),
    exec: async (sql) => (await open()).exec(sql),
    transaction: async <T>(fn: (tx: Queryable) => Promise<T>) => (await open()).transaction(fn),
    close: async () => {
      if (opened) await opened.then((s) => s.close(), () => {});
    },
  } as Store;
  return { caseKeys: createCaseKeys(lazy, keys), audit: createAuditLog(lazy), close: () => lazy.close() };
}

/** Who reads personal data through the CLI, for the audit log: `cli:<operating-system user>`. */
export function cliReader(): string {
  let name = 'onbekend';
  try {
    name = userInfo().username || name;
  } catch {
    /* no passwd entry (containers) */
  }
  return `cli:${name}`.slice(0, 128);
}
