// Side effects only. Built by the worker from validated configuration: `createActivities({ logger, mail })`.
import { ApplicationFailure } from '@temporalio/common';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import { EFFECT_FAILED_TYPE } from '../workflows/errors.ts';
import { createMailService, type MailConfig, type MailService } from '../mail/service.ts';
import type { EffectCase, EffectInput, EffectResult } from './effectInput.ts';
import { PlanError } from './mailPlan.ts';
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

/**
 * An error that no retry can cure: the effect's input is invalid (a plan the mail side cannot make, a
 * schema refusal, a date the calendar cannot show) or the code cannot handle it. Anything else (no
 * connection, a database or SMTP server that is down) may pass and is retried by Temporal.
 */
export function isPermanentEffectError(err: unknown): boolean {
  return err instanceof PlanError || err instanceof ZodError || err instanceof TypeError || err instanceof RangeError || err instanceof SyntaxError;
}

/** Turns a permanent error into a non-retryable failure (fails once, loudly); leaves the rest to Temporal's retries. */
export function effectFailure(err: unknown): unknown {
  if (err instanceof ApplicationFailure || !isPermanentEffectError(err)) return err;
  return ApplicationFailure.create({ type: EFFECT_FAILED_TYPE, message: `Effect cannot be carried out: ${(err as Error).message}`, nonRetryable: true });
}

export function createActivities({ logger, config, lookupCase, now, ...deps }: ActivityDeps) {
  const mail = deps.mail ?? (config ? createMailService(config) : undefined);
  return {
    /**
     * Runs a side-effect action a machine returned (`notify`) or the engine planned (`deadline.reminder`).
     * Mail effects send e-mail and return the record for the dossier; others are logged. Logs no payloads.
     */
    async performEffect(input: EffectInput): Promise<EffectResult> {
      if (mail && isMailEffect(input.type)) {
        try {
          return await sendEffectMail(input, { mail, logger, ...(lookupCase ? { lookupCase } : {}), ...(now ? { now } : {}) });
        } catch (err) {
          const failure = effectFailure(err);
          if (failure !== err) logger.error({ caseId: input.caseId, seq: input.seq, effect: input.type, problem: (err as Error).message }, 'effect failed for good; not retried');
          throw failure;
        }
      }
      logger.info({ caseId: input.caseId, procedure: input.procedureId, seq: input.seq, effect: input.type }, 'effect performed');
      return {};
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
