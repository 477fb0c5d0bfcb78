// Deterministic Message-IDs: the same mail (case, what it is about, recipient) always gets the same id,
// so a retried or replayed send can be recognised (by our outbox, and by any receiver that dedupes).
import { createHash } from 'node:crypto';

export interface MessageKey {
  caseId: string;
  /** What the mail is about: `reminder:<ReminderParams.key>` or `notify:<seq>:<template>`. */
  subject: string;
  /** The recipient's address. */
  address: string;
}

/** A reminder: stable per deadline, due date and offset (a moved deadline gets new ids). */
export function reminderSubjectKey(params: { key: string; resent?: boolean | undefined }, seq: number): string {
  return params.resent ? `reminder:${params.key}:resent@${seq}` : `reminder:${params.key}`;
}

/** A notify action: stable per history entry and template. */
export function notifySubjectKey(seq: number, template: string): string {
  return `notify:${seq}:${template}`;
}

/** The domain of the sender address (`jeugdflow <noreply@jeugdflow.local>` → jeugdflow.local). */
export function mailDomain(from: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from.trim());
  return match?.[1]?.toLowerCase() ?? 'jeugdflow.local';
}

/** `<CASE-1.3f9a…@domain>`: readable case number, 32 hex digits of SHA-256 over case, subject and address. */
export function messageIdFor(key: MessageKey, domain: string): string {
  const hash = createHash('sha256').update(`${key.caseId}\n${key.subject}\n${key.address.trim().toLowerCase()}`).digest('hex').slice(0, 32);
  const local = key.caseId.replace(/[^A-Za-z0-9-]+/g, '-');
  return `<${local}.${hash}@${domain}>`;
}
