// What sending mail needs, built once by the worker from the validated configuration.
import { join } from 'node:path';
import type { Config } from '../config/index.ts';
import { createDirectoryLoader, directoryPath, type Directory } from './directory.ts';
import { mailDomain } from './messageId.ts';
import { OUTBOX_DIR_NAME, createOutbox, type Outbox } from './outbox.ts';
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
  CONSOLE_URL?: string | undefined;
  /** Path of the directory file; to be added to config/index.ts. */
  JEUGDFLOW_DIRECTORY?: string | undefined;
};

export const DEFAULT_CONSOLE_URL = 'http://localhost:3000';

export function caseLink(consoleUrl: string, caseId: string): string {
  return `${consoleUrl.replace(/\/+$/, '')}/zaken/${encodeURIComponent(caseId)}`;
}

export function createMailService(config: MailConfig, overrides: Partial<MailService> = {}): MailService {
  const dataDir = config.JEUGDFLOW_DATA_DIR;
  return {
    from: overrides.from ?? config.MAIL_FROM,
    domain: overrides.domain ?? mailDomain(overrides.from ?? config.MAIL_FROM),
    consoleUrl: overrides.consoleUrl ?? config.CONSOLE_URL ?? DEFAULT_CONSOLE_URL,
    sender: overrides.sender ?? createSmtpSender({ url: config.SMTP_URL }),
    outbox: overrides.outbox ?? createOutbox(join(dataDir, OUTBOX_DIR_NAME)),
    directory: overrides.directory ?? createDirectoryLoader(() => directoryPath({ dataDir, explicit: config.JEUGDFLOW_DIRECTORY })),
  };
}
