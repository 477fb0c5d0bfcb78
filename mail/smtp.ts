// Delivery over SMTP (nodemailer, SMTP_URL). Errors are sorted into two kinds:
// - temporary: no connection, a timeout, a 4xx reply, credentials or TLS set up wrong — try again later;
// - permanent: a 5xx reply (except 503) — the server refused this mail for good; retrying changes nothing.
import { createTransport } from 'nodemailer';

export interface OutgoingMail {
  messageId: string;
  from: string;
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  date: Date;
  headers?: Record<string, string>;
}

export interface Delivery {
  /** The server's reply to the data, e.g. `250 OK: queued`. */
  response: string;
  accepted: string[];
}

export interface MailSender {
  send(mail: OutgoingMail): Promise<Delivery>;
  /**
   * Did the server already accept this Message-ID for this recipient? true/false when the server can
   * tell (the local mail catcher), undefined when it cannot (a plain SMTP relay). Asked only after a
   * crash between the outbox's pre-send marker and its record.
   */
  delivered?(messageId: string, to: string): Promise<boolean | undefined>;
  close(): void;
}

export type SmtpFailureKind = 'temporary' | 'permanent';

export class SmtpError extends Error {
  override name = 'SmtpError';
  readonly kind: SmtpFailureKind;
  readonly code: string | undefined;
  readonly responseCode: number | undefined;
  readonly response: string | undefined;

  constructor(kind: SmtpFailureKind, message: string, details: { code?: string | undefined; responseCode?: number | undefined; response?: string | undefined } = {}) {
    super(message);
    this.kind = kind;
    this.code = details.code;
    this.responseCode = details.responseCode;
    this.response = details.response;
  }
}

/** Set up wrong rather than refused: fixed by the operator, after which the same mail goes through. */
const CONFIGURATION_CODES = new Set(['EAUTH', 'ENOAUTH', 'EOAUTH2', 'ETLS', 'EREQUIRETLS', 'ECONFIG']);

interface NodemailerFailure {
  message?: string;
  code?: string;
  responseCode?: number;
  response?: string;
  permanent?: boolean;
}

export function classifySmtpError(err: unknown): SmtpError {
  if (err instanceof SmtpError) return err;
  const e = (err ?? {}) as NodemailerFailure;
  const details = { code: e.code, responseCode: e.responseCode, response: e.response };
  const message = e.message ?? String(err);
  const code = e.responseCode;
  const permanentReply = e.permanent === true || (code !== undefined && code >= 500 && code < 600 && code !== 503);
  if (permanentReply && !(e.code && CONFIGURATION_CODES.has(e.code))) return new SmtpError('permanent', message, details);
  return new SmtpError('temporary', message, details);
}

export interface SmtpOptions {
  /** smtp://user:pass@host:port or smtps://… */
  url: string;
  connectionTimeoutMs?: number;
}

/** One transport per worker. Short timeouts: the activity has one minute per attempt and retries with backoff. */
export function createSmtpSender(opts: SmtpOptions): MailSender {
  const timeout = opts.connectionTimeoutMs ?? 10_000;
  const transport = createTransport({
    url: opts.url,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: 30_000,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    async send(mail) {
      try {
        const info = await transport.sendMail({
          messageId: mail.messageId,
          from: mail.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          date: mail.date,
          headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': 'nl', ...mail.headers },
        });
        const accepted = ((info.accepted ?? []) as unknown[]).map((a) => (typeof a === 'string' ? a : (a as { address: string }).address));
        if (accepted.length === 0) {
          // Every recipient refused without an error thrown: treat like a refusal of the mail.
          const rejectedErrors = (info as { rejectedErrors?: NodemailerFailure[] }).rejectedErrors ?? [];
          throw classifySmtpError(rejectedErrors[0] ?? { message: `Recipient refused: ${info.response}`, response: info.response });
        }
        return { response: info.response, accepted };
      } catch (err) {
        throw classifySmtpError(err);
      }
    },
    close() {
      transport.close();
    },
  };
}
