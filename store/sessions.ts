// Sessions in the store, so every console instance knows them and a restart logs nobody out.
// The row is keyed by the SHA-256 of the session id: a copy of the table gives no cookie to replay.
import { createHash } from 'node:crypto';
import type { Store } from './types.ts';

export interface SessionRow<U> {
  id: string;
  csrfToken: string;
  userId?: string;
  user?: U;
  createdAt: number;
  lastSeenAt: number;
}

interface Row {
  csrf_token: string;
  user_id: string | null;
  user_json: unknown;
  created_at: number;
  last_seen_at: number;
}

export const hashSessionId = (id: string): string => createHash('sha256').update(id).digest('base64url');

function fromRow<U>(id: string, row: Row): SessionRow<U> {
  return {
    id,
    csrfToken: row.csrf_token,
    ...(row.user_id ? { userId: row.user_id } : {}),
    ...(row.user_json ? { user: row.user_json as U } : {}),
    createdAt: Number(row.created_at),
    lastSeenAt: Number(row.last_seen_at),
  };
}

export interface SessionLimits {
  idleMs: number;
  absoluteMs: number;
  maxSessions: number;
}

export function createSessionRepository(store: Store) {
  return {
    async insert<U>(session: SessionRow<U>): Promise<void> {
      await store.query(
        `INSERT INTO jf_sessions (id_hash, csrf_token, user_id, user_json, created_at, last_seen_at)
         VALUES ($1, $2, $3, $4::jsonb, $5, $6)`,
        [hashSessionId(session.id), session.csrfToken, session.userId ?? null, session.user ? JSON.stringify(session.user) : null, session.createdAt, session.lastSeenAt],
      );
    },

    /**
     * The live session, or undefined; an expired one is deleted. Its last-seen time moves to `now` only
     * when it is older than a tenth of the idle time (at most 30 s): most requests only read.
     */
    async touch<U>(id: string, now: number, limits: Pick<SessionLimits, 'idleMs' | 'absoluteMs'>): Promise<SessionRow<U> | undefined> {
      const hash = hashSessionId(id);
      const slack = Math.min(30_000, Math.floor(limits.idleMs / 10));
      const [row] = await store.query<Row>(
        `WITH live AS (
           SELECT id_hash, csrf_token, user_id, user_json, created_at, last_seen_at FROM jf_sessions
           WHERE id_hash = $1 AND last_seen_at >= $2::bigint - $3::bigint AND created_at >= $2::bigint - $4::bigint
         ), touched AS (
           UPDATE jf_sessions SET last_seen_at = $2::bigint
           WHERE id_hash IN (SELECT id_hash FROM live) AND last_seen_at < $2::bigint - $5::bigint
           RETURNING last_seen_at
         )
         SELECT csrf_token, user_id, user_json, created_at, COALESCE((SELECT last_seen_at FROM touched), last_seen_at) AS last_seen_at FROM live`,
        [hash, now, limits.idleMs, limits.absoluteMs, slack],
      );
      if (row) return fromRow<U>(id, row);
      await store.query('DELETE FROM jf_sessions WHERE id_hash = $1', [hash]);
      return undefined;
    },

    async delete(id: string): Promise<void> {
      await store.query('DELETE FROM jf_sessions WHERE id_hash = $1', [hashSessionId(id)]);
    },

    async count(): Promise<number> {
      const [row] = await store.query<{ n: number }>('SELECT count(*) AS n FROM jf_sessions');
      return Number(row?.n ?? 0);
    },

    /** Makes room for one more: expired sessions go, then the oldest anonymous ones, then the oldest. */
    async makeRoom(now: number, limits: SessionLimits): Promise<void> {
      await store.query('DELETE FROM jf_sessions WHERE last_seen_at < $1::bigint - $2::bigint OR created_at < $1::bigint - $3::bigint', [now, limits.idleMs, limits.absoluteMs]);
      for (const anonymousOnly of [true, false]) {
        const n = await this.count();
        if (n < limits.maxSessions) return;
        await store.query(
          `DELETE FROM jf_sessions WHERE id_hash IN (
             SELECT id_hash FROM jf_sessions ${anonymousOnly ? 'WHERE user_id IS NULL' : ''}
             ORDER BY last_seen_at, created_at LIMIT $1)`,
          [n - limits.maxSessions + 1],
        );
      }
    },
  };
}

export type SessionRepository = ReturnType<typeof createSessionRepository>;
