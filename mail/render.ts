// Renders a template to a Dutch mail, text and HTML from the same parts: the template's paragraphs,
// then a fixed block of case facts (case, procedure, provider, state; the deadline with its due date,
// explanation and rule), the link to the case in the console and a footer. Only the facts given here
// can appear in a mail, and none of them is personal data.
import { formatDutchDate, type IsoDate } from '../calendar/index.ts';
import { ROLE_LABELS, type Role } from '../machines/types.ts';
import type { MailTemplate } from './templates/types.ts';

export interface MailDeadline {
  label: string;
  due: IsoDate;
  explanation: string;
  rule: string;
  waitingOn: readonly Role[];
}

export interface MailFacts {
  caseId: string;
  procedureTitle: string;
  /** Provider code, never a person. */
  provider?: string | undefined;
  stateLabel?: string | undefined;
  /** `${CONSOLE_URL}/zaken/<caseId>`. */
  link: string;
  /** The roles this recipient gets the mail for. */
  recipientRoles: readonly Role[];
  /** The deadline the mail is about, if any. */
  deadline?: MailDeadline | undefined;
  /** Extra placeholder values (`resterend`, `brief`, a letter's fields). */
  vars?: Readonly<Record<string, string>> | undefined;
  /** A quoted document under the text (the letter awaiting approval). */
  quote?: { title: string; paragraphs: readonly string[] } | undefined;
  /** Extra paragraphs after the text (how a letter was sent, the opt-out notice). */
  notes?: readonly string[] | undefined;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const PLACEHOLDER = /\{([a-z]+)\}/g;

export const roleLabels = (roles: readonly Role[]): string => roles.map((r) => ROLE_LABELS[r].toLowerCase()).join(', ');

/** The value of every placeholder this mail can fill. Anything absent stays absent. */
export function placeholderValues(facts: MailFacts): Record<string, string> {
  const values: Record<string, string> = {
    zaak: facts.caseId,
    procedure: facts.procedureTitle,
    rol: roleLabels(facts.recipientRoles),
  };
  if (facts.provider) values.aanbieder = facts.provider;
  if (facts.stateLabel) values.status = facts.stateLabel;
  const d = facts.deadline;
  if (d) {
    values.termijn = d.label;
    values.uiterlijk = formatDutchDate(d.due);
    values.toelichting = d.explanation;
    values.regel = d.rule;
    if (d.waitingOn.length > 0) values.wie = roleLabels(d.waitingOn);
  }
  return { ...values, ...facts.vars };
}

/** Fills a text; undefined when a placeholder has no value (the paragraph is then left out). */
export function fill(text: string, values: Readonly<Record<string, string>>): string | undefined {
  let complete = true;
  const out = text.replace(PLACEHOLDER, (_, key: string) => {
    const value = values[key];
    if (value === undefined) complete = false;
    return value ?? '';
  });
  return complete ? out : undefined;
}

export function placeholdersOf(template: MailTemplate): string[] {
  const texts = [template.subject, ...template.body, ...(template.action ? [template.action] : [])];
  return [...new Set(texts.flatMap((t) => [...t.matchAll(PLACEHOLDER)].map((m) => m[1]!)))];
}

/** The template's paragraphs with placeholders filled (for quoting a letter inside another mail). */
export function renderParagraphs(template: MailTemplate, facts: MailFacts): string[] {
  const values = placeholderValues(facts);
  return template.body.map((p) => fill(p, values)).filter((p): p is string => p !== undefined);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function factRows(facts: MailFacts): [string, string][] {
  const rows: [string, string][] = [
    ['Zaak', facts.caseId],
    ['Procedure', facts.procedureTitle],
  ];
  if (facts.provider) rows.push(['Aanbieder', facts.provider]);
  if (facts.stateLabel) rows.push(['Huidige stap', facts.stateLabel]);
  const d = facts.deadline;
  if (d) {
    rows.push(['Termijn', d.label]);
    if (d.waitingOn.length > 0) rows.push(['Actie van', roleLabels(d.waitingOn)]);
    rows.push(['Uiterlijk', formatDutchDate(d.due)]);
    rows.push(['Berekening', d.explanation]);
    rows.push(['Grondslag', d.rule]);
  }
  return rows;
}

const FOOTER =
  'Dit bericht is automatisch verstuurd door jeugdflow. Het bevat geen persoonsgegevens van jeugdigen; ' +
  'wie die mag zien, vindt ze in de zaak in jeugdflow.';

export function renderMail(template: MailTemplate, facts: MailFacts): RenderedMail {
  const values = placeholderValues(facts);
  const subjectCore = template.subject.replace(PLACEHOLDER, (_, key: string) => values[key] ?? '(onbekend)');
  const subject = `${subjectCore} – zaak ${facts.caseId}`;
  const paragraphs = renderParagraphs(template, facts);
  const action = template.action ? fill(template.action, values) : undefined;
  const rows = factRows(facts);
  const notes = facts.notes ?? [];
  const roleLine = `U ontvangt dit bericht als ${values.rol} in deze zaak.`;

  const width = Math.max(...rows.map(([k]) => k.length)) + 1;
  const text = [
    ...paragraphs,
    ...(action ? [`» ${action}`] : []),
    ...(facts.quote
      ? [[`--- ${facts.quote.title} ---`, ...facts.quote.paragraphs.flatMap((p) => [p, '']).slice(0, -1), '---'].join('\n')]
      : []),
    rows.map(([k, v]) => `${`${k}:`.padEnd(width)} ${v}`).join('\n'),
    `Bekijk de zaak: ${facts.link}`,
    ...notes,
    `-- \n${roleLine}\n${FOOTER}`,
  ].join('\n\n');

  const p = (s: string) => `<p style="margin:0 0 12px">${escapeHtml(s)}</p>`;
  const html = [
    '<!doctype html>',
    '<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    `<title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a;max-width:640px;margin:0 auto;padding:16px">',
    ...paragraphs.map(p),
    ...(action ? [`<p style="margin:0 0 12px;font-weight:bold">${escapeHtml(action)}</p>`] : []),
    ...(facts.quote
      ? [
          '<blockquote style="margin:16px 0;padding:8px 16px;border-left:4px solid #8a8a8a;background:#f5f5f5">',
          `<p style="margin:0 0 12px;font-weight:bold">${escapeHtml(facts.quote.title)}</p>`,
          ...facts.quote.paragraphs.map(p),
          '</blockquote>',
        ]
      : []),
    '<table role="presentation" style="border-collapse:collapse;margin:16px 0">',
    ...rows.map(
      ([k, v]) =>
        `<tr><th scope="row" style="text-align:left;vertical-align:top;padding:2px 12px 2px 0;white-space:nowrap">${escapeHtml(k)}</th><td style="padding:2px 0">${escapeHtml(v)}</td></tr>`,
    ),
    '</table>',
    `<p style="margin:0 0 12px"><a href="${escapeHtml(facts.link)}" style="color:#0b57d0">Bekijk zaak ${escapeHtml(facts.caseId)} in jeugdflow</a></p>`,
    ...notes.map(p),
    `<hr style="border:none;border-top:1px solid #ccc;margin:24px 0 8px"><p style="margin:0;font-size:13px;color:#555">${escapeHtml(roleLine)} ${escapeHtml(FOOTER)}</p>`,
    '</body></html>',
  ].join('\n');

  return { subject, text, html };
}
