// The outbox, in the shared store (table jf_outbox): one row per Message-ID, so two workers never send
// the same mail twice and a crash never loses one.
//
// 1. claim: one atomic INSERT … ON CONFLICT writes the pre-send marker (state 'sending', who, when by
//    the database clock) before the SMTP conversation. A second worker that finds the row 'sending'
//    waits for it; one that finds it 'sent' or 'failed' does not send.
// 2. finish: after the server's reply the row becomes 'sent' (or 'failed' for a 5xx), only by the
//    worker that holds the claim.
// 3. a crash between the marker and the record leaves the row 'sending'. Once its lease has run out
//    another attempt takes it over and marks it a possible duplicate. It asks the mail server whether
//    the Message-ID arrived (MailSender.delivered: Mailpit or the catcher over MAIL_API_URL, or the embedded
//    catcher's folder, can say) and records it as sent
//    without sending; when the server cannot say, it sends again with the SAME Message-ID and the header
//    `X-Jeugdflow-Possible-Duplicate: yes`, so receivers that de-duplicate on Message-ID see it once.
//    A temporary failure (4xx, no connection) releases the claim: the retry is not a possible duplicate.
import { randomBytes } from 'node:crypto';
import { readFile, readdir, rename } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../machines/types.ts';
import type { Store } from '../store/index.ts';

export interface OutboxRecord {
  messageId: string;
  caseId: string;
  /** What the mail is about (see messageId.ts). */
  subjectKey: string;
  to: string;
  roles: Role[];
  subject: string;
  status: 'sent' | 'failed';
  /** When the server accepted (or finally refused) the mail. */
  at: string;
  /** The server's reply, e.g. `250 2.0.0 OK queued as 1234`. */
  response: string;
  responseCode?: number;
  /** Sent again after a crash between the pre-send marker and the record (same Message-ID). */
  possibleDuplicate?: true;
}

/** What is known before sending. */
export type OutboxEntry = Pick<OutboxRecord, 'messageId' | 'caseId' | 'subjectKey' | 'to' | 'roles' | 'subject'>;

export type OutboxClaim =
  /** This worker holds the claim: send. `takenOver`: an earlier attempt crashed after its marker (it may have sent). */
  | { kind: 'claimed'; takenOver: boolean; attempts: number }
  /** Sent or refused for good before: do not send. */
  | { kind: 'done'; record: OutboxRecord }
  /** Another worker is sending it now (its lease has not run out). */
  | { kind: 'busy'; claimedBy: string; claimedAt: number };

export interface Outbox {
  /** Who this outbox claims as: host, process and a random part. */
  readonly owner: string;
  /** Writes the pre-send marker, or says why not. A 'sending' row older than `leaseMs` is taken over. */
  claim(entry: OutboxEntry, opts?: { leaseMs?: number }): Promise<OutboxClaim>;
  /** Records the outcome; false when the claim was lost (taken over after the lease ran out). */
  finish(record: OutboxRecord): Promise<boolean>;
  /** Gives a claim back without an outcome (temporary failure): the next attempt sends. */
  release(messageId: string): Promise<void>;
  get(messageId: string): Promise<OutboxRecord | undefined>;
  /** Every recorded mail of a case (or all), oldest first; rows still 'sending' are left out. */
  list(caseId?: string): Promise<OutboxRecord[]>;
}

/** A send takes at most ~1 minute (SMTP timeouts, activity start-to-close): a claim older than this is a crash. */
export const DEFAULT_LEASE_MS = 2 * 60_000;

interface Row {
  message_id: string;
  case_id: string;
  subject_key: string;
  recipient: string;
  roles: Role[];
  subject: string;
  state: 'sending' | 'sent' | 'failed';
  claimed_by: string;
  claimed_at: number;
  attempts: number;
  possible_duplicate: boolean;
  at: string | null;
  response: string | null;
  response_code: number | null;
}

function toRecord(row: Row): OutboxRecord {
  return {
    messageId: row.message_id,
    caseId: row.case_id,
    subjectKey: row.subject_key,
    to: row.recipient,
    roles: row.roles,
    subject: row.subject,
    status: row.state === 'failed' ? 'failed' : 'sent',
    at: row.at ?? '',
    response: row.response ?? '',
    ...(row.response_code !== null ? { responseCode: row.response_code } : {}),
    ...(row.possible_duplicate ? { possibleDuplicate: true as const } : {}),
  };
}

const DB_NOW_MS = `(extract(epoch from clock_timestamp()) * 1000)::bigint`;

export function newOutboxOwner(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

export function createOutbox(store: Store | Promise<Store>, opts: { owner?: string; leaseMs?: number } = {}): Outbox {
  const db = Promise.resolve(store);
  db.catch(() => {}); // reported at the first use
  const owner = opts.owner ?? newOutboxOwner();
  const defaultLease = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const get = async (messageId: string) => (await (await db).query<Row>('SELECT * FROM jf_outbox WHERE message_id = $1', [messageId]))[0];

  return {
    owner,
    async claim(entry, claimOpts = {}) {
      const leaseMs = claimOpts.leaseMs ?? defaultLease;
      const [row] = await (await db).query<{ attempts: number; possible_duplicate: boolean }>(
        `INSERT INTO jf_outbox (message_id, case_id, subject_key, recipient, roles, subject, state, claimed_by, claimed_at)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6, 'sending', $7, ${DB_NOW_MS})
         ON CONFLICT (message_id) DO UPDATE
           SET claimed_by = EXCLUDED.claimed_by,
               claimed_at = EXCLUDED.claimed_at,
               attempts = jf_outbox.attempts + 1,
               possible_duplicate = jf_outbox.possible_duplicate OR jf_outbox.claimed_by <> ''
           WHERE jf_outbox.state = 'sending'
             AND (jf_outbox.claimed_by = '' OR jf_outbox.claimed_at < EXCLUDED.claimed_at - $8::bigint)
         RETURNING attempts, possible_duplicate`,
        [entry.messageId, entry.caseId, entry.subjectKey, entry.to, JSON.stringify(entry.roles), entry.subject, owner, leaseMs],
      );
      if (row) return { kind: 'claimed', takenOver: row.possible_duplicate, attempts: row.attempts };
      const existing = await get(entry.messageId);
      if (!existing) return this.claim(entry, claimOpts); // released and deleted in between: try again
      if (existing.state !== 'sending') return { kind: 'done', record: toRecord(existing) };
      return { kind: 'busy', claimedBy: existing.claimed_by, claimedAt: existing.claimed_at };
    },
    async finish(record) {
      const rows = await (await db).query(
        `UPDATE jf_outbox SET state = $2, at = $3, response = $4, response_code = $5, possible_duplicate = $6
         WHERE message_id = $1 AND state = 'sending' AND claimed_by = $7
         RETURNING message_id`,
        [record.messageId, record.status, record.at, record.response, record.responseCode ?? null, record.possibleDuplicate === true, owner],
      );
      return rows.length === 1;
    },
    async release(messageId) {
      await (await db).query(`UPDATE jf_outbox SET claimed_by = '' WHERE message_id = $1 AND state = 'sending' AND claimed_by = $2`, [messageId, owner]);
    },
    async get(messageId) {
      const row = await get(messageId);
      return row && row.state !== 'sending' ? toRecord(row) : undefined;
    },
    async list(caseId) {
      const rows = await (await db).query<Row>(
        `SELECT * FROM jf_outbox WHERE state <> 'sending' ${caseId !== undefined ? 'AND case_id = $1' : ''} ORDER BY at, message_id`,
        caseId !== undefined ? [caseId] : [],
      );
      return rows.map(toRecord);
    },
  };
}

/** The folder of the file outbox of earlier versions: <dataDir>/outbox/<id>.json. */
export const LEGACY_OUTBOX_DIR_NAME = 'outbox';

/**
 * Moves the file outbox of earlier versions (<dataDir>/outbox/*.json) into the store, so a mail it
 * recorded is not sent again, then renames the folder to outbox.imported. Returns how many were imported.
 */
export async function importLegacyOutbox(dataDir: string, store: Store): Promise<number> {
  const dir = join(dataDir, LEGACY_OUTBOX_DIR_NAME);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  let imported = 0;
  for (const name of names) {
    const r = JSON.parse(await readFile(join(dir, name), 'utf8')) as OutboxRecord;
    const rows = await store.query(
      `INSERT INTO jf_outbox (message_id, case_id, subject_key, recipient, roles, subject, state, claimed_by, claimed_at, at, response, response_code)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, 'imported', 0, $8, $9, $10)
       ON CONFLICT (message_id) DO NOTHING RETURNING message_id`,
      [r.messageId, r.caseId, r.subjectKey, r.to, JSON.stringify(r.roles ?? []), r.subject ?? '', r.status === 'failed' ? 'failed' : 'sent', r.at, r.response ?? '', r.responseCode ?? null],
    );
    imported += rows.length;
  }
  await rename(dir, `${dir}.imported`);
  return imported;
}
