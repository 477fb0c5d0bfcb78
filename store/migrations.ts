// Schema migrations, numbered and applied in order at start. Each runs once: `jf_migrations` records
// what was applied, and a transaction-scoped advisory lock makes instances starting at the same time
// wait for each other, so running them again (or from two processes) changes nothing.
// Never edit an applied migration: add the next number.
import type { Queryable, Store } from './types.ts';

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'sessions',
    sql: `
      CREATE TABLE jf_sessions (
        id_hash      text PRIMARY KEY,          -- SHA-256 of the cookie's session id, never the id itself
        csrf_token   text NOT NULL,
        user_id      text,
        user_json    jsonb,                     -- a user authenticated elsewhere (OpenID Connect)
        created_at   bigint NOT NULL,           -- epoch ms
        last_seen_at bigint NOT NULL
      );
      CREATE INDEX jf_sessions_last_seen ON jf_sessions (last_seen_at);
    `,
  },
  {
    id: 2,
    name: 'outbox',
    sql: `
      CREATE TABLE jf_outbox (
        message_id         text PRIMARY KEY,    -- deterministic per case, history entry/reminder, template, recipient
        case_id            text NOT NULL,
        subject_key        text NOT NULL,
        recipient          text NOT NULL,
        roles              jsonb NOT NULL,
        subject            text NOT NULL,
        state              text NOT NULL CHECK (state IN ('sending', 'sent', 'failed')),
        claimed_by         text NOT NULL,       -- worker instance that holds (or last held) the claim
        claimed_at         bigint NOT NULL,     -- epoch ms of the pre-send marker
        attempts           integer NOT NULL DEFAULT 1,
        possible_duplicate boolean NOT NULL DEFAULT false,
        at                 text,                -- when the server accepted or finally refused it (ISO)
        response           text,
        response_code      integer
      );
      CREATE INDEX jf_outbox_case ON jf_outbox (case_id);
      CREATE INDEX jf_outbox_sending ON jf_outbox (claimed_at) WHERE state = 'sending';
    `,
  },
  {
    id: 3,
    name: 'audit',
    sql: `
      CREATE TABLE jf_audit (
        id       bigserial PRIMARY KEY,
        at       bigint NOT NULL,               -- epoch ms
        kind     text NOT NULL CHECK (kind IN ('personal-data.read', 'sign-in', 'sign-in.failed', 'sign-out')),
        actor    text NOT NULL,                 -- user id; '(onbekend)' for a failed sign-in with an unknown name
        case_id  text,                          -- the case whose personal data was read
        address  text                           -- client address
      );
      CREATE INDEX jf_audit_at ON jf_audit (at DESC, id DESC);
      CREATE INDEX jf_audit_case ON jf_audit (case_id, at DESC) WHERE case_id IS NOT NULL;
    `,
  },
  {
    id: 4,
    name: 'case-keys',
    sql: `
      -- Crypto-shredding (AVG retention): each case's personal data is sealed with its own random data
      -- key, kept here wrapped by the key ring. Deleting the key (wrapped_key NULL, deleted_at set) makes
      -- the sealed copy in Temporal's history unreadable for good.
      CREATE TABLE jf_case_keys (
        case_id     text PRIMARY KEY,
        wrapped_key text,                       -- '<key ring id>.<base64url(iv | wrapped key | tag)>'; NULL once deleted
        created_at  bigint NOT NULL,            -- epoch ms
        closed_at   bigint,                     -- when the case closed (sweep over closed executions, or its view)
        deleted_at  bigint,                     -- when the retention purge deleted the key
        CHECK ((wrapped_key IS NULL) = (deleted_at IS NOT NULL))
      );
      CREATE INDEX jf_case_keys_closed ON jf_case_keys (closed_at) WHERE deleted_at IS NULL AND closed_at IS NOT NULL;
      ALTER TABLE jf_audit DROP CONSTRAINT IF EXISTS jf_audit_kind_check;
      ALTER TABLE jf_audit ADD CONSTRAINT jf_audit_kind_check
        CHECK (kind IN ('personal-data.read', 'personal-data.deleted', 'sign-in', 'sign-in.failed', 'sign-out'));
    `,
  },
  {
    id: 5,
    name: 'rotation',
    sql: `
      -- Integrity rotation of contract managers (002 §2.3.2): who is 1st/2nd on which provider, from when
      -- until when; and former employers (the 2-year rule). User ids and provider codes only, no names.
      CREATE TABLE jf_rotation_assignments (
        id          bigserial PRIMARY KEY,
        user_id     text NOT NULL,
        provider    text NOT NULL,
        position    smallint NOT NULL CHECK (position IN (1, 2)),
        from_date   text NOT NULL CHECK (from_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
        until_date  text CHECK (until_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
        recorded_by text NOT NULL,
        recorded_at bigint NOT NULL,              -- epoch ms
        CHECK (until_date IS NULL OR until_date >= from_date)
      );
      CREATE INDEX jf_rotation_provider ON jf_rotation_assignments (provider, from_date);
      CREATE TABLE jf_rotation_former_employers (
        user_id     text NOT NULL,
        provider    text NOT NULL,
        left_on     text NOT NULL CHECK (left_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
        recorded_by text NOT NULL,
        recorded_at bigint NOT NULL,
        PRIMARY KEY (user_id, provider, left_on)
      );
    `,
  },
];

// Any constant: the key of the advisory lock that serialises migrations across instances.
const MIGRATION_LOCK = 4_247_110_017;

/** Applies the migrations not yet applied, in order, in one transaction; returns their ids. */
export async function migrate(store: Store, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  return store.transaction(async (tx: Queryable) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS jf_migrations (
      id integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = new Set((await tx.query<{ id: number }>('SELECT id FROM jf_migrations')).map((r) => r.id));
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.id - b.id)) {
      if (done.has(m.id)) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO jf_migrations (id, name) VALUES ($1, $2)', [m.id, m.name]);
      applied.push(m.id);
    }
    return applied;
  });
}
