// Case data keys (AVG retention by crypto-shredding): one random key per case, stored wrapped by the
// key ring. A case's closing is recorded (`closed_at`); the retention purge deletes the keys of cases
// closed longer than the retention period ago, and records each deletion in the audit log in the same
// transaction. Only case numbers and times are stored here, never personal data.
import type { KeyRing } from '../security/keys.ts';
import { newDataKey, unwrapDataKey, wrapDataKey } from '../security/seal.ts';
import type { Store } from './types.ts';

export const DAY_MS = 86_400_000;

/** Actor of the purge the console runs on its own (the CLI names the operator). */
export const RETENTION_ACTOR = 'bewaartermijn';

export type CaseKeyLookup = { status: 'present'; key: Buffer } | { status: 'deleted'; deletedAt: string } | { status: 'missing' };

export interface PurgeResult {
  /** The cases whose personal data key was deleted now. */
  deleted: { caseId: string; closedAt: string }[];
  /** Cases closed before this instant lost their key (now − retention). */
  cutoff: string;
}

export interface CaseKeys {
  /** The case's data key; a new one when the case has none yet (a repeated start reuses it). Throws when it was deleted. */
  create(caseId: string): Promise<Buffer>;
  get(caseId: string): Promise<CaseKeyLookup>;
  /** Records that the case closed at `closedAt` (epoch ms); the first record stays. True when it was new. */
  markClosed(caseId: string, closedAt: number): Promise<boolean>;
  /** Case numbers with a key whose closing is not recorded yet. */
  openCases(limit?: number): Promise<string[]>;
  /** Deletes the keys of cases closed at or before `now − retentionDays`; each deletion is audited. */
  purge(opts: { now: number; retentionDays: number; actor?: string }): Promise<PurgeResult>;
}

/** The store with the case keys cannot be reached from here (e.g. the CLI while `npm start` holds the embedded store). */
export class CaseKeysUnavailableError extends Error {
  override name = 'CaseKeysUnavailableError';
}

export class CaseKeyDeletedError extends Error {
  override name = 'CaseKeyDeletedError';
}

interface Row {
  wrapped_key: string | null;
  deleted_at: number | null;
}

export function createCaseKeys(store: Store | Promise<Store>, keys: KeyRing, opts: { now?: () => number } = {}): CaseKeys {
  const db = Promise.resolve(store);
  db.catch(() => {});
  const now = opts.now ?? Date.now;

  async function get(caseId: string): Promise<CaseKeyLookup> {
    const [row] = await (await db).query<Row>('SELECT wrapped_key, deleted_at FROM jf_case_keys WHERE case_id = $1', [caseId]);
    if (!row) return { status: 'missing' };
    if (row.wrapped_key === null) return { status: 'deleted', deletedAt: new Date(Number(row.deleted_at)).toISOString() };
    return { status: 'present', key: unwrapDataKey(keys, caseId, row.wrapped_key) };
  }

  return {
    async create(caseId) {
      await (await db).query('INSERT INTO jf_case_keys (case_id, wrapped_key, created_at) VALUES ($1, $2, $3) ON CONFLICT (case_id) DO NOTHING', [
        caseId,
        wrapDataKey(keys, caseId, newDataKey()),
        now(),
      ]);
      const found = await get(caseId);
      if (found.status !== 'present') throw new CaseKeyDeletedError(`Case ${caseId} had personal data that was deleted after the retention period; it takes no new personal data`);
      return found.key;
    },
    get,
    async markClosed(caseId, closedAt) {
      const rows = await (await db).query('UPDATE jf_case_keys SET closed_at = $2 WHERE case_id = $1 AND closed_at IS NULL RETURNING case_id', [caseId, closedAt]);
      return rows.length > 0;
    },
    async openCases(limit = 10_000) {
      const rows = await (await db).query<{ case_id: string }>('SELECT case_id FROM jf_case_keys WHERE closed_at IS NULL AND deleted_at IS NULL ORDER BY created_at LIMIT $1', [limit]);
      return rows.map((r) => r.case_id);
    },
    async purge({ now: at, retentionDays, actor = RETENTION_ACTOR }) {
      const cutoff = at - retentionDays * DAY_MS;
      const deleted = await (await db).transaction(async (tx) => {
        const rows = await tx.query<{ case_id: string; closed_at: number }>(
          `UPDATE jf_case_keys SET wrapped_key = NULL, deleted_at = $2
             WHERE deleted_at IS NULL AND closed_at IS NOT NULL AND closed_at <= $1
             RETURNING case_id, closed_at`,
          [cutoff, at],
        );
        for (const r of rows) {
          await tx.query('INSERT INTO jf_audit (at, kind, actor, case_id) VALUES ($1, $2, $3, $4)', [at, 'personal-data.deleted', actor.slice(0, 200), r.case_id]);
        }
        return rows;
      });
      return {
        deleted: deleted.map((r) => ({ caseId: r.case_id, closedAt: new Date(Number(r.closed_at)).toISOString() })).sort((a, b) => a.caseId.localeCompare(b.caseId)),
        cutoff: new Date(cutoff).toISOString(),
      };
    },
  };
}
