// The server driver: a real PostgreSQL through a connection pool (DATABASE_URL).
import pg from 'pg';
import type { Queryable, Store } from './types.ts';

const INT8 = 20;
const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

/** The URL without its password, for banners and error messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
}

function queryable(client: Pick<pg.Pool, 'query'>): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query(sql, params as unknown[]);
      return result.rows as Row[];
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

export async function openPgStore(url: string, opts: { max?: number } = {}): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 5, types: typeParsers, application_name: 'jeugdflow', allowExitOnIdle: true });
  // An idle client whose server went away must not crash the process.
  pool.on('error', () => {});
  // Fail now, with the (redacted) URL, rather than at the first request.
  const probe = await pool.connect().catch(async (err: Error) => {
    await pool.end();
    throw new Error(`Cannot reach the database at ${redactUrl(url)}: ${err.message}`);
  });
  probe.release();
  let closed: Promise<void> | undefined;
  return {
    driver: 'pg',
    location: redactUrl(url),
    ...queryable(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(queryable(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => (closed ??= pool.end()),
  };
}
