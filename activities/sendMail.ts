// Sends the mails of one effect (`deadline.reminder` or `notify`): one message per recipient, each with a
// deterministic Message-ID checked against the outbox first, so nothing goes out twice. Returns the
// record for the dossier: message ids, recipients, time, SMTP reply; and which roles had nobody.
//
// Failures:
// - temporary (no connection, 4xx, directory unreadable): throws a retryable ApplicationFailure;
//   Temporal retries with backoff and the outbox skips what already went out;
// - permanent (5xx): kept in the outbox as failed and recorded (status 'failed'); never retried;
// - no recipient for a role: recorded ("Geen ontvanger voor rol …") and logged as a warning.
import { activityInfo, getClient } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Logger } from 'pino';
import { findProcedure } from '../machines/index.ts';
import { allSeeOptOutPersonalData } from '../machines/privacy.ts';
import type { Role } from '../machines/types.ts';
import { resolveRecipients, type Recipient } from '../mail/directory.ts';
import { messageIdFor } from '../mail/messageId.ts';
import type { OutboxClaim, OutboxEntry, OutboxRecord } from '../mail/outbox.ts';
import { findPersonalData } from '../mail/privacy.ts';
import { renderMail, type MailFacts } from '../mail/render.ts';
import { caseLink, type MailService } from '../mail/service.ts';
import { SmtpError } from '../mail/smtp.ts';
import { FALLBACK_TEMPLATE } from '../mail/templates/index.ts';
import { JfProvider } from '../workflows/searchAttributes.ts';
import type { EffectCase, EffectInput, EffectResult, MailRecordDetails, MessageRecord } from './effectInput.ts';
import { PlanError, planNotify, planReminder, plural, type MailPlan } from './mailPlan.ts';

export const MAIL_EFFECTS = ['deadline.reminder', 'notify'] as const;
export type MailEffect = (typeof MAIL_EFFECTS)[number];

export interface SendMailDeps {
  mail: MailService;
  logger: Logger;
  /** Case facts when the workflow did not pass them. Default: the provider code from the search attributes. */
  lookupCase?: (input: EffectInput) => Promise<EffectCase | undefined>;
  /** Clock for the Date header and the record. Default: now, but never before the attempt was scheduled (time-skipping tests). */
  now?: () => Date;
  /** A pre-send marker older than this is taken to be a crashed send (default: the outbox's, 2 minutes). */
  leaseMs?: number;
  /** How long to wait for another worker that is sending the same mail before Temporal retries (default 10 s). */
  busyWaitMs?: number;
}

/** Claims the mail in the outbox; while another worker sends it, waits a little, then lets Temporal retry. */
async function claimOrWait(mail: MailService, entry: OutboxEntry, deps: SendMailDeps, log: Logger): Promise<Exclude<OutboxClaim, { kind: 'busy' }>> {
  const until = Date.now() + (deps.busyWaitMs ?? 10_000);
  for (;;) {
    const claim = await mail.outbox.claim(entry, deps.leaseMs !== undefined ? { leaseMs: deps.leaseMs } : {});
    if (claim.kind !== 'busy') return claim;
    if (Date.now() >= until) {
      log.info({ messageId: entry.messageId }, 'another worker is sending this mail; Temporal retries');
      throw ApplicationFailure.retryable(`Mail ${entry.messageId} is being sent by another worker`, 'MailBeingSent', { messageId: entry.messageId });
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function activityClock(): Date {
  let scheduled = 0;
  try {
    scheduled = activityInfo().currentAttemptScheduledTimestampMs;
  } catch {
    /* not in an activity (unit tests) */
  }
  return new Date(Math.max(Date.now(), scheduled));
}

/** The provider code from the workflow's search attributes (set at start, never personal data). */
export async function caseFactsFromSearchAttributes(): Promise<EffectCase | undefined> {
  let workflowId: string | undefined;
  try {
    workflowId = activityInfo().workflowExecution?.workflowId;
  } catch {
    return undefined;
  }
  if (!workflowId) return undefined;
  const description = await getClient().workflow.getHandle(workflowId).describe();
  const provider = description.typedSearchAttributes?.get(JfProvider);
  return provider ? { provider } : undefined;
}

function recordLabel(plan: MailPlan, subjectCore: string, details: MailRecordDetails): string {
  const what = plan.labelCore || `"${subjectCore}"`;
  const sent = details.messages.filter((m) => m.status === 'sent').length;
  const failed = details.messages.filter((m) => m.status !== 'sent');
  const parts: string[] = [];
  if (failed.length > 0) {
    const first = failed[0]!;
    parts.push(`E-mail niet afgeleverd: ${what} (${first.responseCode ?? first.status}: ${first.response.slice(0, 120)})`);
  }
  if (details.missing.length > 0) {
    const roles = details.missing.map((m) => m.role).join(', ');
    parts.push(`Geen ontvanger voor rol ${roles}: ${what}${sent > 0 ? ` (wel verstuurd aan ${plural(sent, 'ontvanger', 'ontvangers')})` : ' niet verstuurd'}`);
  }
  if (parts.length === 0 && sent === 0) parts.push(`Geen ontvangers opgegeven: ${what} niet verstuurd`);
  if (parts.length === 0) parts.push(`E-mail verstuurd: ${what} (aan ${plural(sent, 'ontvanger', 'ontvangers')})`);
  return parts.join('; ');
}

function overallStatus(messages: MessageRecord[], missingCount: number): MailRecordDetails['status'] {
  if (messages.some((m) => m.status !== 'sent')) return 'failed';
  if (messages.length === 0) return 'no-recipient';
  return missingCount > 0 ? 'partial' : 'sent';
}

function fromOutbox(record: OutboxRecord, recipient: Recipient): MessageRecord {
  return {
    messageId: record.messageId,
    to: record.to,
    roles: recipient.roles,
    via: recipient.via,
    ...(recipient.userId ? { userId: recipient.userId } : {}),
    status: record.status,
    at: record.at,
    response: record.response,
    ...(record.responseCode !== undefined ? { responseCode: record.responseCode } : {}),
    fromOutbox: true,
    ...(record.possibleDuplicate ? { possibleDuplicate: true as const } : {}),
  };
}

/** Sends the mails of a `deadline.reminder` or `notify` effect and returns the dossier record. */
export async function sendEffectMail(input: EffectInput, deps: SendMailDeps): Promise<EffectResult> {
  const { mail, logger } = deps;
  const now = deps.now ?? activityClock;
  const log = logger.child({ caseId: input.caseId, procedure: input.procedureId, seq: input.seq, effect: input.type });

  let facts = input.case;
  if (!facts) {
    try {
      facts = await (deps.lookupCase ?? caseFactsFromSearchAttributes)(input);
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'case facts unavailable; provider-side roles cannot be resolved');
    }
  }
  const baseFacts: Omit<MailFacts, 'recipientRoles'> = {
    caseId: input.caseId,
    procedureTitle: findProcedure(input.procedureId)?.title ?? input.procedureId,
    provider: facts?.provider,
    stateLabel: facts?.stateLabel,
    link: caseLink(mail.consoleUrl, input.caseId),
  };

  let plan: MailPlan;
  try {
    plan = input.type === 'deadline.reminder' ? planReminder(input, facts) : planNotify(input, facts, baseFacts);
  } catch (err) {
    if (!(err instanceof PlanError)) throw err;
    // A machine asked for something the mail side cannot make: record it, so it is seen and fixed.
    log.error({ problem: err.message }, 'mail not sent: invalid effect');
    const template = (input.params as { template?: unknown } | null)?.template;
    const details: MailRecordDetails = {
      status: 'failed',
      effect: input.type,
      template: typeof template === 'string' ? template : input.type,
      subject: '',
      messages: [],
      missing: [],
      notes: [err.message],
    };
    return { record: { label: `E-mail niet verstuurd: ${err.message}`, details } };
  }
  if (plan.template === FALLBACK_TEMPLATE) log.warn({ template: plan.templateName }, 'no mail template for this notify; sent with the general text');

  let directory;
  try {
    directory = await mail.directory();
  } catch (err) {
    log.error({ err: (err as Error).message }, 'directory unreadable; will retry');
    throw ApplicationFailure.retryable(`Directory unreadable: ${(err as Error).message}`, 'DirectoryError');
  }
  const resolution = resolveRecipients(directory, { roles: plan.roles, provider: facts?.provider, assignees: facts?.assignees });
  for (const m of resolution.missing) log.warn({ role: m.role, reason: m.reason }, 'no recipient for role');
  for (const n of resolution.notes) log.warn({ note: n }, 'assignment not honoured');

  const factsFor = (recipient: { roles: readonly Role[] }): MailFacts => {
    // The opt-out rule (machines/privacy.ts): whoever may not see the youth's personal data is told why it is missing.
    const withheld = !allSeeOptOutPersonalData(recipient.roles);
    const params = input.params as { anonymised?: unknown } | null;
    const optOutNote =
      withheld && (facts?.optOut === true || params?.anonymised === true)
        ? ['Deze zaak valt onder opt-out: persoonsgegevens van de jeugdige worden niet met de opdrachtgever gedeeld.']
        : [];
    return {
      ...baseFacts,
      recipientRoles: recipient.roles,
      deadline: plan.deadline,
      vars: plan.vars,
      quote: plan.quote,
      notes: [...plan.notes, ...optOutNote],
    };
  };
  const subjectCore = renderMail(plan.template, factsFor({ roles: plan.roles })).subject.replace(/ – zaak [^ ]+$/, '');

  const messages: MessageRecord[] = [];
  for (const recipient of resolution.recipients) {
    const messageId = messageIdFor({ caseId: input.caseId, subject: plan.subjectKey, address: recipient.address }, mail.domain);
    const done = await mail.outbox.get(messageId);
    if (done) {
      log.info({ messageId, status: done.status }, 'already in the outbox; not sent again');
      messages.push(fromOutbox(done, recipient));
      continue;
    }
    const rendered = renderMail(plan.template, factsFor(recipient));
    const base = {
      messageId,
      to: recipient.address,
      roles: recipient.roles,
      via: recipient.via,
      ...(recipient.userId ? { userId: recipient.userId } : {}),
    };
    const personal = findPersonalData(rendered);
    if (personal.length > 0) {
      // Not sent and not put in the outbox: once the cause is fixed, a resend may go out.
      log.error({ messageId, findings: personal.length }, 'mail blocked: it looks like it contains personal data');
      messages.push({ ...base, status: 'blocked', at: now().toISOString(), response: `Niet verstuurd: mogelijk persoonsgegevens in het bericht (${personal.join(', ')})` });
      continue;
    }
    const entry = { messageId, caseId: input.caseId, subjectKey: plan.subjectKey, to: recipient.address, roles: recipient.roles, subject: rendered.subject };
    const claim = await claimOrWait(mail, entry, deps, log);
    if (claim.kind === 'done') {
      log.info({ messageId, status: claim.record.status }, 'already in the outbox; not sent again');
      messages.push(fromOutbox(claim.record, recipient));
      continue;
    }
    const at = now();
    if (claim.takenOver) {
      // An earlier attempt crashed between its pre-send marker and its record: did the mail go out?
      const delivered = await mail.sender.delivered?.(messageId, recipient.address);
      log.warn({ messageId, attempts: claim.attempts, delivered: delivered ?? 'unknown' }, 'outbox: taking over a send interrupted by a crash');
      if (delivered === true) {
        const record: OutboxRecord = { ...entry, status: 'sent', at: at.toISOString(), response: 'Afgeleverd vóór een onderbreking (gevonden bij de mailserver); niet opnieuw verstuurd' };
        await mail.outbox.finish(record);
        messages.push(fromOutbox(record, recipient));
        continue;
      }
    }
    const possibleDuplicate = claim.takenOver;
    try {
      const delivery = await mail.sender.send({
        messageId,
        from: mail.from,
        to: { name: recipient.name, address: recipient.address },
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        date: at,
        headers: {
          'X-Jeugdflow-Case': input.caseId,
          'X-Jeugdflow-Template': plan.templateName,
          ...(possibleDuplicate ? { 'X-Jeugdflow-Possible-Duplicate': 'yes' } : {}),
        },
      });
      const record: OutboxRecord = { ...entry, status: 'sent', at: at.toISOString(), response: delivery.response, ...(possibleDuplicate ? { possibleDuplicate: true as const } : {}) };
      if (!(await mail.outbox.finish(record))) log.warn({ messageId }, 'outbox: claim lost while sending (lease ran out); another worker may send it too, with the same Message-ID');
      log.info({ messageId, roles: recipient.roles }, 'mail sent');
      messages.push({ ...base, status: 'sent', at: record.at, response: delivery.response, ...(possibleDuplicate ? { possibleDuplicate: true as const } : {}) });
    } catch (err) {
      if (!(err instanceof SmtpError) || err.kind === 'temporary') await mail.outbox.release(messageId);
      if (!(err instanceof SmtpError)) throw err;
      if (err.kind === 'temporary') {
        log.warn({ messageId, code: err.code, responseCode: err.responseCode }, 'mail not sent (temporary); Temporal retries');
        throw ApplicationFailure.retryable(`SMTP temporary failure for ${messageId}: ${err.message}`, 'SmtpTemporaryError', {
          messageId,
          code: err.code,
          responseCode: err.responseCode,
        });
      }
      const response = err.response ?? err.message;
      const record: OutboxRecord = {
        ...entry,
        status: 'failed',
        at: at.toISOString(),
        response,
        ...(err.responseCode !== undefined ? { responseCode: err.responseCode } : {}),
      };
      await mail.outbox.finish(record);
      log.error({ messageId, responseCode: err.responseCode }, 'mail refused for good (5xx); recorded, not retried');
      messages.push({
        ...base,
        status: 'failed',
        at: record.at,
        response,
        ...(err.responseCode !== undefined ? { responseCode: err.responseCode } : {}),
      });
    }
  }

  const details: MailRecordDetails = {
    status: overallStatus(messages, resolution.missing.length),
    effect: input.type,
    template: plan.templateName,
    subject: `${subjectCore} – zaak ${input.caseId}`,
    ...(plan.deadlineRef ? { deadline: plan.deadlineRef } : {}),
    messages,
    missing: resolution.missing.map((m) => ({ role: m.role, reason: m.reason, explanation: m.explanation })),
    ...(resolution.notes.length > 0 || plan.template === FALLBACK_TEMPLATE
      ? { notes: [...resolution.notes, ...(plan.template === FALLBACK_TEMPLATE ? [`Geen tekst voor template '${plan.templateName}'; algemene tekst gebruikt`] : [])] }
      : {}),
  };
  return { record: { label: recordLabel(plan, subjectCore, details), details } };
}
