// Upgrading from the file outbox: what it recorded moves into the store and is not sent again.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { sendEffectMail } from '../../activities/sendMail.ts';
import { importLegacyOutbox, messageIdFor, notifySubjectKey, type OutboxRecord } from '../../mail/index.ts';
import { openMemoryStore } from '../../store/index.ts';
import { startSmtpStub } from '../mail/support.ts';
import { RECIPIENTS, mailServiceOn, notifyEffect, silent } from './mailFixtures.ts';

vi.setConfig({ testTimeout: 120_000 });

describe('the file outbox of earlier versions', () => {
  it('is moved into the store at start, so a mail it recorded is not sent again', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'jeugdflow-legacy-'));
    const store = await openMemoryStore();
    const smtp = await startSmtpStub();
    try {
      const to = RECIPIENTS[0]!;
      const messageId = messageIdFor({ caseId: 'ESC-OLD-1', subject: notifySubjectKey(2, 'escalation.rungChosen'), address: to }, 'jeugdflow.test');
      const old: OutboxRecord = { messageId, caseId: 'ESC-OLD-1', subjectKey: notifySubjectKey(2, 'escalation.rungChosen'), to, roles: ['contractmanager'], subject: 'Trede 1', status: 'sent', at: '2026-03-02T08:00:00.000Z', response: '250 OK' };
      await mkdir(join(dataDir, 'outbox'));
      await writeFile(join(dataDir, 'outbox', 'old.json'), JSON.stringify(old));
      expect(await importLegacyOutbox(dataDir, store)).toBe(1);
      expect(await readdir(dataDir)).toEqual(['outbox.imported']);
      expect(await importLegacyOutbox(dataDir, store)).toBe(0);
      const mail = mailServiceOn(store, { dataDir, smtpUrl: smtp.url, sender: undefined });
      await sendEffectMail(notifyEffect('ESC-OLD-1', 2), { mail, logger: silent });
      expect(smtp.accepted.map((a) => a.to[0]).sort()).toEqual(RECIPIENTS.filter((r) => r !== to));
    } finally {
      await smtp.close();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
