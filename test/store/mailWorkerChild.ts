// A worker process for the crash test: sends one notify effect through the real send activity against
// the shared store and the parent's mail catcher, and stops dead (waits forever, to be SIGKILLed by the
// parent) at the chosen point of the n-th send:
//   before-send  after the outbox's pre-send marker, before the SMTP conversation  → prints MARKED
//   after-send   after the server accepted the mail, before the outbox record       → prints DELIVERED
// Input: JSON in JF_CHILD. Run: node --import tsx test/store/mailWorkerChild.ts
import { sendEffectMail } from '../../activities/sendMail.ts';
import { createSmtpSender, wasCaught, type MailSender } from '../../mail/index.ts';
import { openStore } from '../../store/index.ts';
import { mailServiceOn, notifyEffect, silent } from './mailFixtures.ts';

export interface ChildInput {
  config: { DATABASE_URL?: string; JEUGDFLOW_DATA_DIR: string };
  smtpUrl: string;
  /** Where the mail catcher stores (it says what it caught). */
  mailDir: string;
  caseId: string;
  seq: number;
  stopAt: 'before-send' | 'after-send';
  /** Which send (1-based) stops. */
  stopOnSend: number;
}

const input = JSON.parse(process.env.JF_CHILD ?? '{}') as ChildInput;
const store = await openStore(input.config);
const smtp = createSmtpSender({ url: input.smtpUrl });
let sends = 0;
const forever = () => new Promise<never>(() => setInterval(() => {}, 1 << 30));
const sender: MailSender = {
  async send(mail) {
    sends++;
    if (sends === input.stopOnSend && input.stopAt === 'before-send') {
      process.stdout.write(`MARKED ${mail.messageId}\n`);
      return forever();
    }
    const delivery = await smtp.send(mail);
    if (sends === input.stopOnSend && input.stopAt === 'after-send') {
      process.stdout.write(`DELIVERED ${mail.messageId}\n`);
      return forever();
    }
    return delivery;
  },
  delivered: (messageId, to) => wasCaught(input.mailDir, messageId, to),
  close: () => smtp.close(),
};
const mail = mailServiceOn(store, { dataDir: input.mailDir, smtpUrl: input.smtpUrl, sender });
await sendEffectMail(notifyEffect(input.caseId, input.seq), { mail, logger: silent });
process.stdout.write('DONE\n');
await store.close();
