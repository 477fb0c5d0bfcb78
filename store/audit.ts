// The audit log: who read which case's personal data and when, whose personal data the retention
// purge deleted, and sign-ins (also failed ones).
// Never a password, a BSN or a youth's name: only user ids, case numbers, the kind and the client address.
import type { Store } from './types.ts';

export const AUDIT_KINDS = ['personal-data.read', 'personal-data.deleted', 'sign-in', 'sign-in.failed', 'sign-out'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** Actor of a failed sign-in whose user name is not a known user (it might be a mistyped password). */
export const UNKNOWN_ACTOR = '(onbekend)';

export interface AuditEntry {
  id: number;
  /** ISO instant. */
  at: string;
  kind: AuditKind;
  actor: string;
  caseId?: string;
  address?: string;
}

export interface AuditQuery {
  /** 1–500, default 100. Newest first. */
  limit?: number;
  /** Only entries older than this id (the next page). */
  before?: number;
  kind?: AuditKind;
  caseId?: string;
  actor?: string;
}

interface Row {
  id: number;
  at: number;
  kind: AuditKind;
  actor: string;
  case_id: string | null;
  address: string | null;
}

const clip = (s: string, max: number) => (s.length > max ? s.slice(0, max) : s);

export interface AuditLog {
  record(entry: { kind: AuditKind; actor: string; caseId?: string | undefined; address?: string | undefined; at?: number }): Promise<void>;
  list(query?: AuditQuery): Promise<AuditEntry[]>;
}

export function createAuditLog(store: Store | Promise<Store>, opts: { now?: () => number } = {}): AuditLog {
  const db = Promise.resolve(store);
  db.catch(() => {});
  const now = opts.now ?? Date.now;
  return {
    async record(entry) {
      await (await db).query('INSERT INTO jf_audit (at, kind, actor, case_id, address) VALUES ($1, $2, $3, $4, $5)', [
        entry.at ?? now(),
        entry.kind,
        clip(entry.actor, 200),
        entry.caseId !== undefined ? clip(entry.caseId, 200) : null,
        entry.address !== undefined ? clip(entry.address, 100) : null,
      ]);
    },
    async list(query = {}) {
      const where: string[] = [];
      const params: unknown[] = [];
      const add = (sql: string, value: unknown) => {
        params.push(value);
        where.push(sql.replace('?', `$${params.length}`));
      };
      if (query.before !== undefined) add('id < ?', query.before);
      if (query.kind !== undefined) add('kind = ?', query.kind);
      if (query.caseId !== undefined) add('case_id = ?', query.caseId);
      if (query.actor !== undefined) add('actor = ?', query.actor);
      params.push(Math.min(Math.max(query.limit ?? 100, 1), 500));
      const rows = await (await db).query<Row>(
        `SELECT id, at, kind, actor, case_id, address FROM jf_audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${params.length}`,
        params,
      );
      return rows.map((r) => ({
        id: Number(r.id),
        at: new Date(Number(r.at)).toISOString(),
        kind: r.kind,
        actor: r.actor,
        ...(r.case_id !== null ? { caseId: r.case_id } : {}),
        ...(r.address !== null ? { address: r.address } : {}),
      }));
    },
  };
}
