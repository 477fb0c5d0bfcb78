// The store: what several console and worker instances must share (sessions, the mail outbox).
// One small interface, two drivers running the same SQL: PGlite (embedded PostgreSQL in the data
// folder, one process) and pg (a real PostgreSQL through DATABASE_URL, any number of processes).

/** Something SQL can be run on: the store itself, or one transaction of it. */
export interface Queryable {
  /** One statement with $1, $2 … parameters; the rows it returns. bigint columns come back as numbers. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export type StoreDriver = 'pglite' | 'pg';

export interface Store extends Queryable {
  readonly driver: StoreDriver;
  /** Where it lives, for the start-up banner: the data folder, or the database URL without its password. */
  readonly location: string;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
