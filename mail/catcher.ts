// A local mail catcher for `npm start` and the tests: an SMTP server (smtp-server) that accepts every
// mail and keeps it, under <dataDir>/mail/ as <id>.eml plus index.json, so the console can list and
// show what jeugdflow sent. Never a relay: nothing leaves this machine.
// With `apiPort` it also answers a small read-only HTTP API shaped like Mailpit's (GET /api/v1/messages,
// GET /api/v1/search?query=message-id:<id>), so a worker in another process (MAIL_API_URL) can ask
// whether a Message-ID already arrived before it sends a taken-over mail again (mail/mailApi.ts).
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { mkdir, readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { writeFileAtomic } from './files.ts';

export const CAUGHT_MAIL_DIR_NAME = 'mail';
const INDEX_FILE = 'index.json';
const MAX_SIZE = 10 * 1024 * 1024;
const ID_PATTERN = /^\d{8}T\d{9}Z-[0-9a-f]{6}$/;

export interface CaughtMail {
  /** Storage id, sortable by arrival: `20261123T080000123Z-1a2b3c`. */
  id: string;
  /** The Message-ID header, angle brackets included. */
  messageId?: string;
  /** The From header as text. */
  from?: string;
  /** Envelope recipients (RCPT TO): who really received it. */
  to: string[];
  /** Envelope sender (MAIL FROM). */
  envelopeFrom?: string;
  subject?: string;
  /** The Date header, ISO instant. */
  date?: string;
  /** When the catcher accepted it, ISO instant. */
  receivedAt: string;
  size: number;
  /** File name of the raw message in the mail directory. */
  file: string;
}

export interface CaughtMailContent extends CaughtMail {
  text?: string;
  /** The mail's own HTML, unsanitised: show it in a sandboxed iframe. */
  html?: string;
  headers: Record<string, string>;
  raw: string;
}

export interface MailCatcher {
  /** smtp://host:port, for SMTP_URL. */
  url: string;
  /** http://host:port of the Mailpit-shaped API, for MAIL_API_URL; only with `apiPort`. */
  apiUrl?: string;
  host: string;
  port: number;
  /** Every mail caught, oldest first (with a store: also those of earlier runs). */
  messages(): CaughtMail[];
  read(id: string): Promise<CaughtMailContent | undefined>;
  close(): Promise<void>;
}

export interface MailCatcherOptions {
  /** Default 1025 (the default SMTP_URL); 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The data directory (JEUGDFLOW_DATA_DIR): mail is kept in <store>/mail/. Without it, mail is kept in memory only. */
  store?: string;
  /** Called after each caught mail is stored. */
  onMail?: (mail: CaughtMail) => void;
  /** Also serve the Mailpit-shaped HTTP API on this port (0: a free one), on the same host. Default: no API. */
  apiPort?: number;
}

/** A message as Mailpit's API lists it (the fields jeugdflow reads; To are the envelope recipients here). */
export interface MailpitSummary {
  ID: string;
  MessageID: string;
  From: { Name: string; Address: string } | null;
  To: { Name: string; Address: string }[];
  Subject: string;
  Created: string;
  Size: number;
}

function mailpitSummary(m: CaughtMail): MailpitSummary {
  return {
    ID: m.id,
    // Mailpit gives the Message-ID without its angle brackets.
    MessageID: (m.messageId ?? '').replace(/^<|>$/g, ''),
    From: m.envelopeFrom ? { Name: '', Address: m.envelopeFrom } : null,
    To: m.to.map((address) => ({ Name: '', Address: address })),
    Subject: m.subject ?? '',
    Created: m.receivedAt,
    Size: m.size,
  };
}

/** The one search filter the API understands: `message-id:<id>` (quotes and angle brackets optional). */
function messageIdFilter(query: string): string | undefined {
  const hit = /^\s*message-id:\s*"?<?([^"<>\s]+)>?"?\s*$/i.exec(query);
  return hit?.[1];
}

/** Serves GET /api/v1/messages and GET /api/v1/search?query=message-id:… over the caught mail. */
function startMailApi(messages: () => CaughtMail[], host: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    const url = new URL(req.url ?? '/', 'http://catcher');
    if (req.method !== 'GET') return send(405, { Error: 'only GET' });
    if (url.pathname === '/api/v1/messages') {
      const all = messages().map(mailpitSummary).reverse();
      return send(200, { total: all.length, count: all.length, start: 0, messages: all });
    }
    if (url.pathname === '/api/v1/search') {
      const id = messageIdFilter(url.searchParams.get('query') ?? '');
      if (!id) return send(400, { Error: 'query must be message-id:<id>' });
      const found = messages().filter((m) => (m.messageId ?? '').replace(/^<|>$/g, '') === id).map(mailpitSummary).reverse();
      return send(200, { total: found.length, count: found.length, start: 0, messages: found });
    }
    return send(404, { Error: 'not found' });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

export function caughtMailDir(dataDir: string): string {
  return join(dataDir, CAUGHT_MAIL_DIR_NAME);
}

function newId(at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('.', '');
  return `${stamp}-${Math.floor(Math.random() * 0xffffff).toString(16).padStart(6, '0')}`;
}

function addressText(a: AddressObject | AddressObject[] | undefined): string | undefined {
  if (!a) return undefined;
  return (Array.isArray(a) ? a : [a]).map((x) => x.text).join(', ');
}

function headerMap(parsed: ParsedMail): Record<string, string> {
  return Object.fromEntries(parsed.headerLines.map((h) => [h.key, h.line.slice(h.line.indexOf(':') + 1).trim()]));
}

async function readIndex(dir: string): Promise<CaughtMail[]> {
  try {
    const json = JSON.parse(await readFile(join(dir, INDEX_FILE), 'utf8')) as { messages?: CaughtMail[] };
    return Array.isArray(json.messages) ? json.messages : [];
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** Starts the catcher; resolves once it listens. */
export async function startMailCatcher(opts: MailCatcherOptions = {}): Promise<MailCatcher> {
  const host = opts.host ?? '127.0.0.1';
  const dir = opts.store ? caughtMailDir(opts.store) : undefined;
  const caught: CaughtMail[] = [];
  const rawInMemory = new Map<string, Buffer>();
  if (dir) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    caught.push(...(await readIndex(dir)));
  }
  // Index writes one at a time, in arrival order.
  let writes: Promise<void> = Promise.resolve();

  const store = async (raw: Buffer, envelope: { from?: string; to: string[] }): Promise<CaughtMail> => {
    const at = new Date();
    const id = newId(at);
    const parsed = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
    const mail: CaughtMail = {
      id,
      ...(parsed.messageId ? { messageId: parsed.messageId } : {}),
      ...(addressText(parsed.from) ? { from: addressText(parsed.from)! } : {}),
      to: envelope.to,
      ...(envelope.from ? { envelopeFrom: envelope.from } : {}),
      ...(parsed.subject !== undefined ? { subject: parsed.subject } : {}),
      ...(parsed.date ? { date: parsed.date.toISOString() } : {}),
      receivedAt: at.toISOString(),
      size: raw.length,
      file: `${id}.eml`,
    };
    if (dir) {
      await writeFileAtomic(join(dir, mail.file), raw);
      const write = writes.then(async () => {
        caught.push(mail);
        await writeFileAtomic(join(dir, INDEX_FILE), `${JSON.stringify({ version: 1, messages: caught }, null, 1)}\n`);
      });
      writes = write.catch(() => {});
      await write;
    } else {
      rawInMemory.set(id, raw);
      caught.push(mail);
    }
    opts.onMail?.(mail);
    return mail;
  };

  const server = new SMTPServer({
    name: 'jeugdflow-mailcatcher',
    banner: 'jeugdflow mail catcher: mail stays on this machine',
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    size: MAX_SIZE,
    logger: false,
    disableReverseLookup: true,
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'catcher' });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', (err: Error) => callback(err));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(Object.assign(new Error('Message too large for the mail catcher'), { responseCode: 552 }));
          return;
        }
        const envelope = {
          ...(session.envelope.mailFrom ? { from: session.envelope.mailFrom.address } : {}),
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        store(Buffer.concat(chunks), envelope).then(
          (mail) => callback(null, `OK: caught as ${mail.id}`),
          (err: unknown) => callback(Object.assign(new Error(`Mail catcher could not store the message: ${(err as Error).message}`), { responseCode: 451 })),
        );
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(opts.port ?? 1025, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', () => {
    /* a broken client connection: nothing to do */
  });
  const port = ((server as unknown as { server: { address(): AddressInfo } }).server.address()).port;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  let api: Server | undefined;
  try {
    if (opts.apiPort !== undefined) api = await startMailApi(() => caught, host, opts.apiPort);
  } catch (err) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw err;
  }

  return {
    url: `smtp://${hostInUrl}:${port}`,
    ...(api ? { apiUrl: `http://${hostInUrl}:${(api.address() as AddressInfo).port}` } : {}),
    host,
    port,
    messages: () => [...caught],
    async read(id) {
      if (dir) return readCaughtMail(opts.store!, id);
      const raw = rawInMemory.get(id);
      const mail = caught.find((m) => m.id === id);
      return raw && mail ? parseContent(mail, raw) : undefined;
    },
    close: () =>
      Promise.all([
        new Promise<void>((resolve) => {
          server.close(() => resolve());
        }),
        new Promise<void>((resolve) => {
          if (!api) return resolve();
          api.closeAllConnections();
          api.close(() => resolve());
        }),
      ]).then(() => writes),
  };
}

async function parseContent(mail: CaughtMail, raw: Buffer): Promise<CaughtMailContent> {
  const parsed = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
  return {
    ...mail,
    ...(parsed.text !== undefined ? { text: parsed.text } : {}),
    ...(typeof parsed.html === 'string' ? { html: parsed.html } : {}),
    headers: headerMap(parsed),
    raw: raw.toString('utf8'),
  };
}

/** Mail caught into <dataDir>/mail/, newest first. Empty when nothing was caught. For the console. */
export async function listCaughtMail(dataDir: string): Promise<CaughtMail[]> {
  const dir = caughtMailDir(dataDir);
  if (!existsSync(dir)) return [];
  return (await readIndex(dir)).reverse();
}

/** One caught mail with its text, HTML and headers; undefined for an unknown (or malformed) id. For the console. */
export async function readCaughtMail(dataDir: string, id: string): Promise<CaughtMailContent | undefined> {
  if (!ID_PATTERN.test(id)) return undefined;
  const dir = caughtMailDir(dataDir);
  const mail = (await readIndex(dir)).find((m) => m.id === id);
  if (!mail) return undefined;
  let raw: Buffer;
  try {
    raw = await readFile(join(dir, mail.file));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return parseContent(mail, raw);
}

/**
 * Whether the catcher storing into <dataDir>/mail/ caught this Message-ID for this recipient; undefined
 * when no catcher stores there (then nobody can tell). The outbox asks it after a crash mid-send.
 */
export async function wasCaught(dataDir: string, messageId: string, to: string): Promise<boolean | undefined> {
  const dir = caughtMailDir(dataDir);
  if (!existsSync(join(dir, INDEX_FILE))) return undefined;
  const address = to.trim().toLowerCase();
  return (await readIndex(dir)).some((m) => m.messageId === messageId && m.to.some((t) => t.trim().toLowerCase() === address));
}
