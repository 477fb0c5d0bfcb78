// Sent messages: the `message.sent` entries of a case's history (what the mail activity recorded: per
// recipient the Message-ID, the time, the SMTP reply and the status; roles without recipient) as a
// table on the case page and the dossier, and as readable text in the dossier entry itself.
import type { MailRecordDetails, MessageRecord } from '../activities/effectInput.ts';
import type { CaseView, HistoryEntry } from '../workflows/engine.ts';
import { formatDateTime, formatDay, roleLabel } from './format.ts';
import { html, type SafeHtml } from './html.ts';
import { badge, dataList, link, table } from './layout.ts';

type BadgeKind = Parameters<typeof badge>[0];

const MESSAGE_STATUS: Record<string, { label: string; badge: BadgeKind }> = {
  sent: { label: 'Afgeleverd', badge: 'success' },
  failed: { label: 'Mislukt', badge: 'danger' },
  blocked: { label: 'Tegengehouden', badge: 'danger' },
};

const RECORD_STATUS: Record<MailRecordDetails['status'], string> = {
  sent: 'Afgeleverd bij alle ontvangers',
  partial: 'Deels verstuurd: niet elke rol had een ontvanger',
  failed: 'Niet (volledig) afgeleverd',
  'no-recipient': 'Niet verstuurd: geen ontvanger',
};

const VIA_LABELS: Record<MessageRecord['via'], string> = {
  assignee: 'toegewezen behandelaar',
  user: 'gebruiker',
  'provider-contact': 'contactpunt aanbieder',
};

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The mail record of a `message.sent` entry, read leniently (older records may lack fields); undefined for another shape. */
export function mailRecordOf(entry: HistoryEntry): MailRecordDetails | undefined {
  if (entry.kind !== 'message') return undefined;
  const p = entry.payload;
  if (!isObject(p) || !Array.isArray(p.messages)) return undefined;
  const messages = p.messages.filter(isObject).map(
    (m): MessageRecord => ({
      messageId: str(m.messageId),
      to: str(m.to),
      roles: Array.isArray(m.roles) ? (m.roles.filter((r) => typeof r === 'string') as MessageRecord['roles']) : [],
      via: (str(m.via) || 'user') as MessageRecord['via'],
      ...(typeof m.userId === 'string' ? { userId: m.userId } : {}),
      status: (str(m.status) || 'failed') as MessageRecord['status'],
      at: str(m.at),
      response: str(m.response),
      ...(typeof m.responseCode === 'number' ? { responseCode: m.responseCode } : {}),
      ...(m.fromOutbox === true ? { fromOutbox: true as const } : {}),
    }),
  );
  const missing = (Array.isArray(p.missing) ? p.missing.filter(isObject) : []).map((m) => ({
    role: str(m.role) as MailRecordDetails['missing'][number]['role'],
    reason: str(m.reason),
    explanation: str(m.explanation),
  }));
  const deadline = isObject(p.deadline) && typeof p.deadline.due === 'string' ? (p.deadline as MailRecordDetails['deadline']) : undefined;
  return {
    status: (str(p.status) in RECORD_STATUS ? p.status : 'failed') as MailRecordDetails['status'],
    effect: str(p.effect),
    template: str(p.template),
    subject: str(p.subject),
    ...(deadline ? { deadline } : {}),
    messages,
    missing,
    ...(Array.isArray(p.notes) ? { notes: p.notes.filter((n): n is string => typeof n === 'string') } : {}),
  };
}

/** `250 OK: queued`; the code is put in front when the reply text lacks it. */
function smtpAnswer(m: MessageRecord): string {
  if (!m.response) return m.responseCode !== undefined ? String(m.responseCode) : '—';
  return m.responseCode !== undefined && !m.response.startsWith(String(m.responseCode)) ? `${m.responseCode} ${m.response}` : m.response;
}

function recipient(m: Pick<MessageRecord, 'to' | 'roles' | 'via' | 'userId'>): SafeHtml {
  const roles = m.roles.map(roleLabel).join(', ');
  const who = [roles, VIA_LABELS[m.via] ?? m.via, m.userId].filter(Boolean).join(' · ');
  return html`<span class="jf-wrap">${m.to || '—'}</span>${who ? html`<br><span class="jf-muted jf-small">${who}</span>` : ''}`;
}

export interface SentMessagesOptions {
  /** Caught mail of the local catcher by Message-ID (only for people who may read /post). */
  caught?: ReadonlyMap<string, string>;
  /** Link the subject to the dossier entry on the same page (`#stap-<seq>`). */
  linkEntries?: boolean;
}

const HEADERS = ['Verstuurd', 'Onderwerp', 'Ontvanger', 'Message-ID', 'Antwoord mailserver', 'Status'];

export function sentMessageRows(view: CaseView, opts: SentMessagesOptions = {}): (SafeHtml | string)[][] {
  const rows: (SafeHtml | string)[][] = [];
  for (const entry of view.history) {
    if (entry.kind !== 'message') continue;
    const record = mailRecordOf(entry);
    const subjectText = record?.subject || entry.label;
    const subject = opts.linkEntries ? link(`#stap-${entry.seq}`, subjectText) : html`${subjectText}`;
    if (!record) {
      rows.push([formatDateTime(entry.at), subject, '—', '—', entry.label, badge('neutral', 'Onbekend')]);
      continue;
    }
    for (const m of record.messages) {
      const status = MESSAGE_STATUS[m.status] ?? { label: m.status, badge: 'neutral' as const };
      const caughtId = m.messageId ? opts.caught?.get(m.messageId) : undefined;
      rows.push([
        formatDateTime(m.at || entry.at),
        subject,
        recipient(m),
        m.messageId ? html`<code class="utrecht-code jf-break">${m.messageId}</code>${caughtId ? html`<br>${link(`/post/${encodeURIComponent(caughtId)}`, 'Bekijk in Post')}` : ''}` : '—',
        html`<span class="jf-break">${smtpAnswer(m)}</span>`,
        html`${badge(status.badge, status.label)}${m.fromOutbox ? html`<br><span class="jf-muted jf-small">eerder verstuurd, niet opnieuw</span>` : ''}`,
      ]);
    }
    for (const miss of record.missing) {
      rows.push([
        formatDateTime(entry.at),
        subject,
        html`Niemand voor rol ${roleLabel(miss.role)}`,
        '—',
        miss.explanation || miss.reason || '—',
        badge('warning', 'Geen ontvanger'),
      ]);
    }
    if (record.messages.length === 0 && record.missing.length === 0) {
      rows.push([formatDateTime(entry.at), subject, '—', '—', record.notes?.join(' ') || entry.label, badge('danger', 'Niet verstuurd')]);
    }
  }
  return rows;
}

/** The table of every message sent for the case, or a sentence that there are none. */
export function renderSentMessages(view: CaseView, opts: SentMessagesOptions = {}): SafeHtml {
  const rows = sentMessageRows(view, opts);
  if (rows.length === 0) return html`<p class="utrecht-paragraph">Voor deze zaak zijn nog geen berichten verstuurd.</p>`;
  return html`<div class="jf-messages">${table('Verzonden berichten per ontvanger: tijd, onderwerp, ontvanger, Message-ID, antwoord van de mailserver en status', HEADERS, rows, { captionHidden: true })}</div>`;
}

/** What a `message.sent` entry recorded, for the dossier: subject, outcome, every message, who had no recipient. */
export function renderMailRecord(record: MailRecordDetails): SafeHtml {
  const items = record.messages.map((m) => {
    const status = MESSAGE_STATUS[m.status]?.label ?? m.status;
    const roles = m.roles.map(roleLabel).join(', ');
    return html`<li class="utrecht-unordered-list__item"><span class="jf-wrap">${m.to}</span>${roles ? ` (${roles})` : ''}: <strong>${status}</strong>, ${formatDateTime(m.at)}${m.fromOutbox ? ' (eerder verstuurd, niet opnieuw)' : ''}<br>
<span class="jf-small">Message-ID <code class="utrecht-code jf-break">${m.messageId || '—'}</code>; antwoord mailserver: <span class="jf-break">${smtpAnswer(m)}</span></span></li>`;
  });
  const missing = record.missing.map((m) => html`<li class="utrecht-unordered-list__item">${roleLabel(m.role)}: ${m.explanation || m.reason}</li>`);
  return dataList([
    ['Onderwerp', record.subject || '—'],
    ['Resultaat', RECORD_STATUS[record.status]],
    ...(record.deadline ? ([['Termijn', `uiterlijk ${formatDay(record.deadline.due)}`]] as [string, string][]) : []),
    ...(items.length ? ([['Berichten', html`<ul class="utrecht-unordered-list jf-messages__list">${items}</ul>`]] as [string, SafeHtml][]) : []),
    ...(missing.length ? ([['Geen ontvanger', html`<ul class="utrecht-unordered-list jf-messages__list">${missing}</ul>`]] as [string, SafeHtml][]) : []),
    ...(record.notes?.length ? ([['Opmerkingen', html`<ul class="utrecht-unordered-list jf-messages__list">${record.notes.map((n) => html`<li class="utrecht-unordered-list__item">${n}</li>`)}</ul>`]] as [string, SafeHtml][]) : []),
  ]);
}

/** The Message-IDs of a case's sent messages. */
export function sentMessageIds(view: CaseView): string[] {
  return view.history.flatMap((e) => mailRecordOf(e)?.messages.map((m) => m.messageId).filter(Boolean) ?? []);
}
