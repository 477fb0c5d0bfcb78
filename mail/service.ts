// What sending mail needs, built once by the worker from the validated configuration.
import type { Config } from '../config/index.ts';
import { sharedStore, type Store } from '../store/index.ts';
import { wasCaught } from './catcher.ts';
import { createMailApiCheck } from './mailApi.ts';
import { createDirectoryLoader, directoryPath, type Directory } from './directory.ts';
import { mailDomain } from './messageId.ts';
import { createOutbox, type Outbox } from './outbox.ts';
import { createSmtpSender, type MailSender } from './smtp.ts';

export interface MailService {
  /** The From header (MAIL_FROM). */
  from: string;
  /** Right-hand side of our Message-IDs: the domain of MAIL_FROM. */
  domain: string;
  /** Base URL of the console; a case is at `${consoleUrl}/zaken/<caseId>`. */
  consoleUrl: string;
  sender: MailSender;
  outbox: Outbox;
  /** The users/roles/provider-contacts directory (re-read when the file changes). */
  directory: () => Promise<Directory>;
}

export type MailConfig = Pick<Config, 'SMTP_URL' | 'MAIL_FROM' | 'JEUGDFLOW_DATA_DIR'> & {
  /** A Mailpit-shaped API of the receiving side (Mailpit, the stack's catcher): asked after a crash mid-send. */
  MAIL_API_URL?: string | undefined;
  /** The shared store of the outbox (default: the embedded one in the data folder). */
  DATABASE_URL?: string | undefined;
  CONSOLE_URL?: string | undefined;
  /** Path of the directory file; to be added to config/index.ts. */
  JEUGDFLOW_DIRECTORY?: string | undefined;
};

export const DEFAULT_CONSOLE_URL = 'http://localhost:3000';

export function caseLink(consoleUrl: string, caseId: string): string {
  return `${consoleUrl.replace(/\/+$/, '')}/zaken/${encodeURIComponent(caseId)}`;
}

/** The embedded mail catcher of `npm start` (plain SMTP on loopback, no credentials) stores into the data folder. */
function isLocalCatcher(smtpUrl: string): boolean {
  const url = new URL(smtpUrl);
  return url.protocol === 'smtp:' && ['127.0.0.1', 'localhost'].includes(url.hostname) && !url.username;
}

/**
 * Builds the mail service. The outbox lives in `store` when given, else in the process's shared store
 * for this configuration (DATABASE_URL, else PGlite in <JEUGDFLOW_DATA_DIR>/store), opened at the first mail.
 */
export function createMailService(config: MailConfig, overrides: Partial<MailService> & { store?: Store | Promise<Store> } = {}): MailService {
  const dataDir = config.JEUGDFLOW_DATA_DIR;
  const smtp = () => createSmtpSender({ url: config.SMTP_URL });
  // Who can say whether a Message-ID arrived: the API when configured (any process), else the embedded
  // catcher's folder when SMTP_URL is the local one; a plain relay cannot (undefined: unknown).
  const delivered: MailSender['delivered'] = config.MAIL_API_URL
    ? createMailApiCheck({ url: config.MAIL_API_URL })
    : isLocalCatcher(config.SMTP_URL)
      ? (messageId, to) => wasCaught(dataDir, messageId, to)
      : undefined;
  const sender: MailSender = overrides.sender ?? (delivered ? { ...smtp(), delivered } : smtp());
  return {
    from: overrides.from ?? config.MAIL_FROM,
    domain: overrides.domain ?? mailDomain(overrides.from ?? config.MAIL_FROM),
    consoleUrl: overrides.consoleUrl ?? config.CONSOLE_URL ?? DEFAULT_CONSOLE_URL,
    sender,
    outbox: overrides.outbox ?? createOutbox(overrides.store ?? lazyStore(config)),
    directory: overrides.directory ?? createDirectoryLoader(() => directoryPath({ dataDir, explicit: config.JEUGDFLOW_DIRECTORY })),
  };
}

/** The process's shared store for this configuration, behind the Store interface. */
function lazyStore(config: MailConfig): Store {
  // Opened (and migrated) now, so a worker finds a bad DATABASE_URL early; the error is thrown at the first mail.
  const opened = sharedStore({ DATABASE_URL: config.DATABASE_URL, JEUGDFLOW_DATA_DIR: config.JEUGDFLOW_DATA_DIR });
  opened.catch(() => {});
  const open = () => opened;
  return {
    driver: config.DATABASE_URL ? 'pg' : 'pglite',
    location: config.DATABASE_URL ? 'DATABASE_URL' : config.JEUGDFLOW_DATA_DIR,
    query: async <Row>(sql: string, params?: readonly unknown[]) => (await open()).query<Row>(sql, params),
    exec: async (sql) => (await open()).exec(sql),
    transaction: async (fn) => (await open()).transaction(fn),
    // Shared with the rest of the process: closed by closeSharedStores().
    close: async () => {},
  };
}
