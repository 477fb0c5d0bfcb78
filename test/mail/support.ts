// Test support for the mail tests: a real SMTP server (smtp-server) whose replies a test can set,
// a directory, and a mail service pointing at a temp data dir.
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { createMailService, parseDirectory, type Directory, type MailService } from '../../mail/index.ts';
import { sharedMemoryStore, type Store } from '../../store/index.ts';

export type StubReply = { kind: 'accept' } | { kind: 'reject'; code: number; message: string };

export interface AcceptedMail {
  to: string[];
  raw: string;
  messageId: string | undefined;
  subject: string;
  date: Date | undefined;
  headers: ParsedMail['headers'];
  text: string;
  html: string;
}

export interface SmtpStub {
  url: string;
  port: number;
  reply: StubReply;
  /** Every DATA the server saw (accepted or not). */
  attempts: { to: string[]; raw: string }[];
  /** Accepted mails, parsed. */
  accepted: AcceptedMail[];
  close(): Promise<void>;
}

export async function startSmtpStub(port = 0): Promise<SmtpStub> {
  const stub: Omit<SmtpStub, 'url' | 'port' | 'close'> = { reply: { kind: 'accept' }, attempts: [], accepted: [] };
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    disableReverseLookup: true,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const to = session.envelope.rcptTo.map((r) => r.address);
        stub.attempts.push({ to, raw });
        const reply = stub.reply;
        if (reply.kind === 'reject') {
          callback(Object.assign(new Error(reply.message), { responseCode: reply.code }));
          return;
        }
        simpleParser(raw).then(
          (parsed) => {
            stub.accepted.push({
              to,
              raw,
              messageId: parsed.messageId,
              subject: parsed.subject ?? '',
              date: parsed.date,
              headers: parsed.headers,
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
            });
            callback(null, `OK: queued as stub-${stub.accepted.length}`);
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = ((server as unknown as { server: { address(): AddressInfo } }).server.address()).port;
  return Object.assign(stub, {
    url: `smtp://127.0.0.1:${actual}`,
    port: actual,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/** A free port with nothing listening (for "SMTP down"). */
export async function unusedPort(): Promise<number> {
  const stub = await startSmtpStub();
  await stub.close();
  return stub.port;
}

export const DIRECTORY: Directory = parseDirectory({
  users: [
    { id: 'anna', name: 'Anna de Vries', email: 'anna@regio.example', roles: ['contractmanager'] },
    { id: 'bram', name: 'Bram Jansen', email: 'bram@regio.example', roles: ['contractmanager'] },
    { id: 'carla', name: 'Carla Bakker', email: 'carla@regio.example', roles: ['contractbeheer'] },
    { id: 'eva', name: 'Eva Smit', email: 'eva@zorg-oost.example', roles: ['aanbieder'], provider: 'zorg-oost' },
    { id: 'frank', name: 'Frank Mulder', email: 'frank@jeugdhulp-west.example', roles: ['aanbieder'], provider: 'jeugdhulp-west' },
    { id: 'otto', name: 'Otto West', email: 'otto@jeugdhulp-west.example', roles: ['contractmanager'], provider: 'jeugdhulp-west' },
    { id: 'sanne', name: 'Sanne Kok', email: 'sanne@regio.example', roles: ['supervisor'] },
  ],
  providerContacts: {
    'zorg-oost': [{ role: 'aanbieder', name: 'Contractpunt Zorg Oost', email: 'contracten@zorg-oost.example' }],
  },
});

export const CONSOLE = 'https://jeugdflow.regio.example';

export async function tempDataDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'jeugdflow-mail-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A mail service on a temp data dir; its outbox in `store` (default: this test file's in-memory store). */
export function testMailService(dataDir: string, smtpUrl: string, directory: Directory = DIRECTORY, store: Store | Promise<Store> = sharedMemoryStore()): MailService {
  return createMailService(
    { SMTP_URL: smtpUrl, MAIL_FROM: 'Jeugdzorg Regio <noreply@jeugdflow.test>', JEUGDFLOW_DATA_DIR: dataDir, CONSOLE_URL: CONSOLE },
    { directory: async () => directory, store },
  );
}

