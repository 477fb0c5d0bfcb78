// The outbox in the shared store: two workers on one store send each mail once, and a worker killed
// between the pre-send marker and the record neither doubles nor loses a mail. Counted at the mail
// catcher (one Message-ID per recipient), on PGlite and on real PostgreSQL.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { sendEffectMail } from '../../activities/sendMail.ts';
import { createOutbox, createSmtpSender, messageIdFor, notifySubjectKey, startMailCatcher, type MailCatcher } from '../../mail/index.ts';
import type { Store } from '../../store/index.ts';
import { driversUnderTest, emptyStore } from './drivers.ts';
import { RECIPIENTS, mailServiceOn, notifyEffect, silent } from './mailFixtures.ts';
import type { ChildInput } from './mailWorkerChild.ts';

// Opening the embedded PostgreSQL (WASM) takes seconds on a busy machine; the child process opens one too.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const CHILD = fileURLToPath(new URL('./mailWorkerChild.ts', import.meta.url));

/** How often the catcher got each (Message-ID, recipient). */
function deliveries(catcher: MailCatcher): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of catcher.messages()) for (const to of m.to) counts.set(`${m.messageId} ${to}`, (counts.get(`${m.messageId} ${to}`) ?? 0) + 1);
  return counts;
}

const idFor = (caseId: string, seq: number, to: string) =>
  messageIdFor({ caseId, subject: notifySubjectKey(seq, 'escalation.rungChosen'), address: to }, 'jeugdflow.test');

describe.each(driversUnderTest())('outbox on $name', (driver) => {
  let catcher: MailCatcher;
  let stores: Store[] = [];
  const open = async () => {
    const s = await driver.open();
    stores.push(s);
    return s;
  };

  beforeAll(() => driver.setUp());
  let mailDir: string;
  beforeEach(async () => {
    mailDir = await mkdtemp(join(tmpdir(), 'jeugdflow-mail-'));
    catcher = await startMailCatcher({ port: 0, store: mailDir });
  });
  afterEach(async () => {
    await catcher.close();
    await rm(mailDir, { recursive: true, force: true });
    for (const s of stores) await s.close();
    stores = [];
  });
  afterAll(() => driver.tearDown());

  it('two workers on one store send each mail once: one Message-ID per recipient at the mail catcher', async () => {
    await emptyStore(await open());
    const one = mailServiceOn(await open(), { dataDir: mailDir, smtpUrl: catcher.url });
    const two = mailServiceOn(await open(), { dataDir: mailDir, smtpUrl: catcher.url });
    expect(one.outbox.owner).not.toBe(two.outbox.owner);
    const effects = [1, 2, 3].map((seq) => notifyEffect('ESC-2026-017', seq));
    // Both workers get every effect at the same time (a retry racing a slow first attempt).
    const results = await Promise.all(effects.flatMap((e) => [one, two].map((mail) => sendEffectMail(e, { mail, logger: silent }))));
    const counts = deliveries(catcher);
    expect(counts.size).toBe(effects.length * RECIPIENTS.length);
    for (const e of effects) for (const to of RECIPIENTS) expect(counts.get(`${idFor(e.caseId, e.seq, to)} ${to}`)).toBe(1);
    // Each worker's dossier record lists every recipient as sent: once by itself, or found in the outbox.
    for (const r of results) expect((r.record!.details as { messages: { status: string }[] }).messages.map((m) => m.status)).toEqual(RECIPIENTS.map(() => 'sent'));
  });

  for (const stopAt of ['before-send', 'after-send'] as const) {
    it(`a worker killed ${stopAt === 'before-send' ? 'after the pre-send marker, before sending' : 'after sending, before the record'}: the mail arrives once, none is lost`, async () => {
      await emptyStore(await open());
      for (const s of stores) await s.close();
      stores = [];
      await driver.release(); // PGlite: one process at a time on the data folder
      const caseId = `ESC-KILL-${stopAt === 'before-send' ? 'B' : 'A'}`;
      const input: ChildInput = { config: driver.config, smtpUrl: catcher.url, mailDir, caseId, seq: 4, stopAt, stopOnSend: 2 };
      const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { env: { ...process.env, JF_CHILD: JSON.stringify(input) }, stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
      const stoppedOn = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString('utf8');
          const hit = /^(MARKED|DELIVERED) (\S+)$/m.exec(out);
          if (hit) resolve(hit[2]!);
        });
        child.once('exit', (code) => reject(new Error(`child exited (${code}) before the stop point: ${out}`)));
      });
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');

      // The killed worker left its marker: one mail recorded, the one it was sending still 'sending'.
      const store = await open();
      const rows = await store.query<{ message_id: string; state: string }>('SELECT message_id, state FROM jf_outbox ORDER BY state');
      expect(rows).toEqual([
        { message_id: stoppedOn, state: 'sending' },
        { message_id: expect.any(String), state: 'sent' },
      ]);
      expect(catcher.messages()).toHaveLength(stopAt === 'after-send' ? 2 : 1);

      // The restarted worker (Temporal retries the activity) takes the crashed send over once its lease has run out.
      const mail = mailServiceOn(store, { dataDir: mailDir, smtpUrl: catcher.url });
      const result = await sendEffectMail(notifyEffect(caseId, 4), { mail, logger: silent, leaseMs: 0 });
      const counts = deliveries(catcher);
      for (const to of RECIPIENTS) expect(counts.get(`${idFor(caseId, 4, to)} ${to}`)).toBe(1);
      expect(counts.size).toBe(RECIPIENTS.length);
      expect(await store.query("SELECT message_id FROM jf_outbox WHERE state <> 'sent'")).toEqual([]);
      const messages = (result.record!.details as { messages: { messageId: string; status: string; fromOutbox?: true }[] }).messages;
      expect(messages.every((m) => m.status === 'sent')).toBe(true);
      // After the send the catcher already had it: recorded from the server's word, not sent again.
      if (stopAt === 'after-send') expect(messages.find((m) => m.messageId === stoppedOn)?.fromOutbox).toBe(true);
    });
  }

  it('without a server that can tell, a crashed send goes again with the same Message-ID, marked as a possible duplicate', async () => {
    const store = await open();
    await emptyStore(store);
    const caseId = 'ESC-DUP-1';
    // A worker claimed the mail for Eva (its pre-send marker) and died: no record.
    const eva = 'eva@zorg-oost.example';
    const dead = createOutbox(store, { owner: 'dead-worker' });
    expect((await dead.claim({ messageId: idFor(caseId, 5, eva), caseId, subjectKey: notifySubjectKey(5, 'escalation.rungChosen'), to: eva, roles: ['aanbieder'], subject: 's' })).kind).toBe('claimed');
    // A plain SMTP relay: no way to ask whether it arrived.
    const relay = createSmtpSender({ url: catcher.url });
    const mail = mailServiceOn(store, { dataDir: mailDir, smtpUrl: catcher.url, sender: relay });
    // Within the lease the other worker might still be sending: this one waits, then lets Temporal retry.
    await expect(sendEffectMail(notifyEffect(caseId, 5), { mail, logger: silent, busyWaitMs: 0 })).rejects.toMatchObject({ type: 'MailBeingSent' });
    const result = await sendEffectMail(notifyEffect(caseId, 5), { mail, logger: silent, leaseMs: 0 });
    const toEva = catcher.messages().filter((m) => m.to.includes(eva));
    expect(toEva.map((m) => m.messageId)).toEqual([idFor(caseId, 5, eva)]);
    const raw = await catcher.read(toEva[0]!.id);
    expect(raw?.headers['x-jeugdflow-possible-duplicate']).toBe('yes');
    const messages = (result.record!.details as { messages: { to: string; possibleDuplicate?: true }[] }).messages;
    expect(messages.filter((m) => m.possibleDuplicate).map((m) => m.to)).toEqual([eva]);
    expect((await mail.outbox.get(idFor(caseId, 5, eva)))?.possibleDuplicate).toBe(true);
  });
});
