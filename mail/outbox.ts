// The outbox: one JSON file per Message-ID under <dataDir>/outbox/, written atomically (temp file,
// fsync, rename). Checked before every send, so a mail that went out is not sent again after a retry
// or a worker crash, and a mail the server refused for good is not offered again.
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Role } from '../machines/types.ts';
import { writeFileAtomic } from './files.ts';

export const OUTBOX_DIR_NAME = 'outbox';

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
}

export interface Outbox {
  readonly dir: string;
  get(messageId: string): Promise<OutboxRecord | undefined>;
  put(record: OutboxRecord): Promise<void>;
  list(): Promise<OutboxRecord[]>;
}

export function outboxFileName(messageId: string): string {
  return `${messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9._@-]/g, '_')}.json`;
}

export function createOutbox(dir: string): Outbox {
  let made: Promise<unknown> | undefined;
  const ensureDir = () => (made ??= mkdir(dir, { recursive: true, mode: 0o700 }));
  return {
    dir,
    async get(messageId) {
      try {
        return JSON.parse(await readFile(join(dir, outboxFileName(messageId)), 'utf8')) as OutboxRecord;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
    },
    async put(record) {
      await ensureDir();
      await writeFileAtomic(join(dir, outboxFileName(record.messageId)), `${JSON.stringify(record, null, 2)}\n`);
    },
    async list() {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw err;
      }
      const records = await Promise.all(
        names.filter((n) => n.endsWith('.json')).map(async (n) => JSON.parse(await readFile(join(dir, n), 'utf8')) as OutboxRecord),
      );
      return records.sort((a, b) => a.at.localeCompare(b.at));
    },
  };
}
