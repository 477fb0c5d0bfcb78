// Shared by the outbox tests and their child worker process: a notify effect for the provider and the
// contract managers of a case (four recipients with the test directory), and a mail service on a store.
import { pino } from 'pino';
import type { EffectInput } from '../../activities/index.ts';
import { createMailService, type MailSender, type MailService } from '../../mail/index.ts';
import type { Store } from '../../store/index.ts';
import { CONSOLE, DIRECTORY } from '../mail/support.ts';

export const silent = pino({ level: 'silent' });

/** A notify effect (history entry `seq`) addressed to aanbieder and contractmanager of provider zorg-oost. */
export function notifyEffect(caseId: string, seq: number): EffectInput {
  return {
    caseId,
    procedureId: 'escalation-ladder',
    seq,
    type: 'notify',
    params: { template: 'escalation.rungChosen', to: ['aanbieder', 'contractmanager'] },
    case: { provider: 'zorg-oost', stateLabel: 'Trede 1' },
  };
}

/** The addresses a notify effect reaches with the test directory. */
export const RECIPIENTS = ['anna@regio.example', 'bram@regio.example', 'contracten@zorg-oost.example', 'eva@zorg-oost.example'];

export function mailServiceOn(store: Store | Promise<Store>, opts: { dataDir: string; smtpUrl: string; sender?: MailSender }): MailService {
  return createMailService(
    { SMTP_URL: opts.smtpUrl, MAIL_FROM: 'Jeugdzorg Regio <noreply@jeugdflow.test>', JEUGDFLOW_DATA_DIR: opts.dataDir, CONSOLE_URL: CONSOLE },
    { store, directory: async () => DIRECTORY, ...(opts.sender ? { sender: opts.sender } : {}) },
  );
}
