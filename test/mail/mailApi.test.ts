// A send interrupted after the SMTP accept (the worker killed before the outbox's record) is taken over
// by another worker once its lease has run out. That worker asks the receiving side, in another process,
// whether the Message-ID arrived (MAIL_API_URL: Mailpit's API, or the catcher's Mailpit-shaped one) and
// does not send it again. Without an API nobody can tell: it goes again with the same Message-ID.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { sendEffectMail } from '../../activities/sendMail.ts';
import { createMailApiCheck, createMailService, createOutbox, createSmtpSender, messageIdFor, notifySubjectKey, type MailpitSummary, type MailService } from '../../mail/index.ts';
import { openStore, type Store } from '../../store/index.ts';
import { emptyStore } from '../store/drivers.ts';
import { RECIPIENTS, notifyEffect, silent } from '../store/mailFixtures.ts';
import { CONSOLE, DIRECTORY } from './support.ts';

// Opening the embedded PostgreSQL (WASM) takes seconds on a busy machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const CATCHER = fileURLToPath(new URL('./catcherProcess.ts', import.meta.url));
const FROM = 'Jeugdzorg Regio <noreply@jeugdflow.test>';
const eva = 'eva@zorg-oost.example';
const idFor = (caseId: string, seq: number, to: string) => messageIdFor({ caseId, subject: notifySubjectKey(seq, 'escalation.rungChosen'), address: to }, 'jeugdflow.test');

let dir: string;
let child: ChildProcess;
let smtpUrl: string;
let apiUrl: string;
let store: Store;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jeugdflow-mailapi-'));
  child = spawn(process.execPath, ['--import', 'tsx', CATCHER], {
    env: { ...process.env, JF_CATCHER_DIR: join(dir, 'catcher'), JEUGDFLOW_DATA_DIR: join(dir, 'catcher') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  [smtpUrl, apiUrl] = await new Promise<[string, string]>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const hit = /^READY (\S+) (\S+)$/m.exec(out);
      if (hit) resolve([hit[1]!, hit[2]!]);
    });
    child.once('exit', (code) => reject(new Error(`catcher exited (${code}): ${out}`)));
  });
  // The worker's own data folder: not the catcher's, so the catcher's files cannot be read from here.
  store = await openStore({ JEUGDFLOW_DATA_DIR: join(dir, 'worker') });
});

afterAll(async () => {
  await store?.close();
  if (child && child.exitCode === null) {
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await gone;
  }
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => emptyStore(store));

/** The catcher's mail, over its API. */
async function caught(): Promise<MailpitSummary[]> {
  const res = await fetch(`${apiUrl}/api/v1/messages`);
  return ((await res.json()) as { messages: MailpitSummary[] }).messages;
}

function workerMail(config: { MAIL_API_URL?: string }): MailService {
  return createMailService(
    { SMTP_URL: smtpUrl, MAIL_FROM: FROM, JEUGDFLOW_DATA_DIR: join(dir, 'worker'), CONSOLE_URL: CONSOLE, ...config },
    { store, directory: async () => DIRECTORY },
  );
}

/** A worker claimed the mail to Eva, the server accepted it, and the worker died before its record. */
async function interruptedAfterAccept(caseId: string, seq: number): Promise<string> {
  const messageId = idFor(caseId, seq, eva);
  const dead = createOutbox(store, { owner: 'killed-worker' });
  const claim = await dead.claim({ messageId, caseId, subjectKey: notifySubjectKey(seq, 'escalation.rungChosen'), to: eva, roles: ['aanbieder'], subject: 's' });
  expect(claim.kind).toBe('claimed');
  const smtp = createSmtpSender({ url: smtpUrl });
  await smtp.send({ messageId, from: FROM, to: { name: 'Eva', address: eva }, subject: 'Trede gekozen', text: 'tekst', html: '<p>tekst</p>', date: new Date() });
  smtp.close();
  return messageId;
}

describe('a send interrupted after the SMTP accept', () => {
  it('is not sent again when the mail catcher in another process has the Message-ID (asked over MAIL_API_URL)', async () => {
    const caseId = 'ESC-API-1';
    const messageId = await interruptedAfterAccept(caseId, 6);
    const result = await sendEffectMail(notifyEffect(caseId, 6), { mail: workerMail({ MAIL_API_URL: apiUrl }), logger: silent, leaseMs: 0 });

    const mails = await caught();
    const toEva = mails.filter((m) => m.MessageID === messageId.replace(/^<|>$/g, ''));
    expect(toEva).toHaveLength(1);
    // The other recipients got theirs, once each.
    for (const to of RECIPIENTS) expect(mails.filter((m) => m.MessageID === idFor(caseId, 6, to).replace(/^<|>$/g, '') && m.To.some((t) => t.Address === to))).toHaveLength(1);
    const messages = (result.record!.details as { messages: { messageId: string; status: string; response: string }[] }).messages;
    expect(messages.find((m) => m.messageId === messageId)).toMatchObject({ status: 'sent', response: expect.stringContaining('niet opnieuw verstuurd') });
    expect((await store.query<{ state: string }>("SELECT state FROM jf_outbox WHERE message_id = $1", [messageId]))[0]?.state).toBe('sent');
  });

  it('without MAIL_API_URL nobody can tell: it goes again with the same Message-ID, marked as a possible duplicate', async () => {
    const caseId = 'ESC-API-2';
    const messageId = await interruptedAfterAccept(caseId, 7);
    const result = await sendEffectMail(notifyEffect(caseId, 7), { mail: workerMail({}), logger: silent, leaseMs: 0 });
    const toEva = (await caught()).filter((m) => m.MessageID === messageId.replace(/^<|>$/g, ''));
    expect(toEva).toHaveLength(2);
    const messages = (result.record!.details as { messages: { messageId: string; possibleDuplicate?: true }[] }).messages;
    expect(messages.find((m) => m.messageId === messageId)?.possibleDuplicate).toBe(true);
  });

  it('the API answers per recipient, and "unknown" when it cannot be reached', async () => {
    const messageId = await interruptedAfterAccept('ESC-API-3', 8);
    const delivered = createMailApiCheck({ url: apiUrl });
    expect(await delivered(messageId, eva)).toBe(true);
    expect(await delivered(messageId, 'anna@regio.example')).toBe(false);
    expect(await delivered(idFor('ESC-API-3', 9, eva), eva)).toBe(false);
    expect(await createMailApiCheck({ url: 'http://127.0.0.1:9', timeoutMs: 2000 })(messageId, eva)).toBeUndefined();
  });
});
