// Side effects only. Built by the worker from validated configuration: `createActivities({ logger, mail })`.
import { ApplicationFailure } from '@temporalio/common';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import { EFFECT_FAILED_TYPE } from '../workflows/errors.ts';
import { createMailService, type MailConfig, type MailService } from '../mail/service.ts';
import type { EffectCase, EffectInput, EffectResult } from './effectInput.ts';
import { PlanError } from './mailPlan.ts';
import { sendEffectMail, type MailEffect } from './sendMail.ts';

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

  /** Logs an effect (never its payload). */
  const logged = (input: EffectInput): EffectResult => {
    logger.info({ caseId: input.caseId, procedure: input.procedureId, seq: input.seq, effect: input.type }, 'effect performed');
    return {};
  };

  /** Sends the mails of a mail effect and returns the record for the dossier; without mail delivery, logs it. */
  const sendMail = async (input: EffectInput, expected: MailEffect): Promise<EffectResult> => {
    if (input.type !== expected) {
      // The workflow picks the activity by effect type: another type here is a bug, and no retry cures it.
      throw ApplicationFailure.create({ type: EFFECT_FAILED_TYPE, message: `Effect '${input.type}' is not a '${expected}' mail`, nonRetryable: true });
    }
    if (!mail) return logged(input);
    try {
      return await sendEffectMail(input, { mail, logger, ...(lookupCase ? { lookupCase } : {}), ...(now ? { now } : {}) });
    } catch (err) {
      const failure = effectFailure(err);
      if (failure !== err) logger.error({ caseId: input.caseId, seq: input.seq, effect: input.type, problem: (err as Error).message }, 'effect failed for good; not retried');
      throw failure;
    }
  };

  // Named for what they do, so a case's history in the Temporal UI says what happened. The workflow
  // picks one per effect type (workflows/effects.ts).
  const activities = {
    /** Mails the roles a machine's `notify` action names, with the procedure's text for its template. */
    sendNotificationMail: (input: EffectInput): Promise<EffectResult> => sendMail(input, 'notify'),
    /** Mails a reminder of a legal term (or, offset -1, the notice that it ended) to the roles it waits on. */
    sendReminderMail: (input: EffectInput): Promise<EffectResult> => sendMail(input, 'deadline.reminder'),
    /** An action with no side effect of its own yet (e.g. `offerEscalation`): logged, so it shows in the worker's log. */
    logEffect: async (input: EffectInput): Promise<EffectResult> => logged(input),
  };
  return {
    ...activities,
    /**
     * Deprecated: the one activity that chose by effect type, before the named ones. Cases recorded with
     * it replay and finish on this path (the workflow keeps it behind `patched('named-activities')`).
     */
    async performEffect(input: EffectInput): Promise<EffectResult> {
      if (input.type === 'notify') return activities.sendNotificationMail(input);
      if (input.type === 'deadline.reminder') return activities.sendReminderMail(input);
      return activities.logEffect(input);
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
