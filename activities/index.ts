// Side effects only. Built by the worker from validated configuration: `createActivities({ logger, mail })`.
import type { Logger } from 'pino';
import { createMailService, type MailConfig, type MailService } from '../mail/service.ts';
import type { EffectCase, EffectInput, EffectResult } from './effectInput.ts';
import { MAIL_EFFECTS, sendEffectMail } from './sendMail.ts';

export type { EffectCase, EffectDeadline, EffectInput, EffectResult, MailRecordDetails, MessageRecord } from './effectInput.ts';
export { caseFactsFromSearchAttributes } from './sendMail.ts';

export interface ActivityDeps {
  logger: Logger;
  /** Mail delivery (SMTP, outbox, directory). Without it mail effects are only logged. */
  mail?: MailService;
  /** The worker's configuration: builds `mail` from SMTP_URL, MAIL_FROM, CONSOLE_URL, JEUGDFLOW_DATA_DIR (when `mail` is not given). */
  config?: MailConfig;
  /** Case facts when the workflow does not pass them (default: provider code from the search attributes). */
  lookupCase?: (input: EffectInput) => Promise<EffectCase | undefined>;
  /** Clock for Date headers and records (tests). */
  now?: () => Date;
}

const isMailEffect = (type: string): boolean => (MAIL_EFFECTS as readonly string[]).includes(type);

export function createActivities({ logger, config, lookupCase, now, ...deps }: ActivityDeps) {
  const mail = deps.mail ?? (config ? createMailService(config) : undefined);
  return {
    /**
     * Runs a side-effect action a machine returned (`notify`) or the engine planned (`deadline.reminder`).
     * Mail effects send e-mail and return the record for the dossier; others are logged. Logs no payloads.
     */
    async performEffect(input: EffectInput): Promise<EffectResult> {
      if (mail && isMailEffect(input.type)) {
        return sendEffectMail(input, { mail, logger, ...(lookupCase ? { lookupCase } : {}), ...(now ? { now } : {}) });
      }
      logger.info({ caseId: input.caseId, procedure: input.procedureId, seq: input.seq, effect: input.type }, 'effect performed');
      return {};
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
