// The history as a readable dossier: who, in which role, when, what, why, under which rule, with the
// recorded data labelled in Dutch. Shared by the case page and the printable dossier page.
import type { ProcedureDescription } from '../operations/index.ts';
import type { MailRecordDetails } from '../activities/effectInput.ts';
import type { CaseView, HistoryEntry } from '../workflows/engine.ts';
import { findProcedure, ROLE_LABELS } from '../machines/index.ts';
import { labelOfState } from '../api/machineGraph.ts';
import { closedLabel, deadlineStatus, formatDateTime, formatDay, formatValue, roleLabel } from './format.ts';
import { fieldLabels, type JsonSchema } from './forms.ts';
import { html, type SafeHtml } from './html.ts';
import { dataList, table } from './layout.ts';
import { dutchRule } from './glossary.ts';
import { mailRecordOf, renderMailRecord } from './messages.ts';
import { SUPERVISOR_SCHEMA } from './supervisor.ts';

const KIND_LABELS: Record<HistoryEntry['kind'], string> = {
  start: 'Start',
  event: 'Stap',
  expiry: 'Termijn verstreken',
  supervisor: 'Toezicht',
  message: 'Bericht',
};

function schemaFor(desc: ProcedureDescription, entry: HistoryEntry): JsonSchema | undefined {
  if (entry.kind === 'start') return desc.startSchema as JsonSchema;
  if (entry.kind === 'supervisor') return SUPERVISOR_SCHEMA;
  return desc.events.find((e) => e.type === entry.type)?.schema as JsonSchema | undefined;
}

const GENERIC_LABELS: Record<string, string> = { deadline: 'Termijn', action: 'Herstelactie', workingDays: 'Werkdagen', until: 'Tot en met', userId: 'Gebruiker', role: 'Rol' };

export function renderValue(value: unknown, labels: Map<string, string>, path: string): SafeHtml {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return html`—`;
    return dataList(
      entries.map(([k, v]) => [labels.get(`${path}.${k}`) ?? GENERIC_LABELS[k] ?? k, renderValue(v, labels, `${path}.${k}`)] as [string, SafeHtml]),
    );
  }
  if (typeof value === 'string' && value in ROLE_LABELS) return html`${roleLabel(value)}`;
  return html`${formatValue(value)}`;
}

/** A message for people who get no delivery log (providers): that it went to them, when, about what. */
function plainMessage(record: MailRecordDetails): SafeHtml {
  const delivered = record.messages.filter((m) => m.status === 'sent');
  return dataList([
    ['Onderwerp', record.subject || '—'],
    ['Verstuurd naar', delivered.length ? delivered.map((m) => m.roles.map(roleLabel).join(', ') || m.to).join('; ') : 'niemand'],
  ]);
}

export interface EntryOptions {
  /** Show the mail delivery log (Message-ID, SMTP answer). False for providers: they see only that a message went out. */
  technical?: boolean;
}

export function renderEntry(desc: ProcedureDescription, entry: HistoryEntry, opts: EntryOptions = {}): SafeHtml {
  const def = findProcedure(desc.id, desc.version);
  const schema = schemaFor(desc, entry);
  const labels = schema ? fieldLabels(schema, 'p') : new Map<string, string>();
  // A supervisor's fix: its label already names the action ("Termijn verlengd"); never "Action clock.suspended".
  if (entry.kind === 'supervisor' && entry.payload !== null && typeof entry.payload === 'object' && 'action' in entry.payload) {
    const { action: _action, ...rest } = entry.payload as Record<string, unknown>;
    entry = { ...entry, payload: rest };
  }
  const hasPayload = entry.payload !== undefined && entry.payload !== null && !(typeof entry.payload === 'object' && Object.keys(entry.payload as object).length === 0);
  const moved = entry.from !== entry.to;
  const mailRecord = mailRecordOf(entry);
  const technical = opts.technical ?? true;
  const recorded = mailRecord
    ? technical
      ? html`<details class="jf-maillog"><summary>Afleververslag (Message-ID, antwoord mailserver)</summary>${renderMailRecord(mailRecord)}</details>`
      : plainMessage(mailRecord)
    : hasPayload ? renderValue(entry.payload, labels, 'p') : undefined;
  return html`<li class="jf-dossier__entry" id="stap-${entry.seq}">
  <h3 class="utrecht-heading-4 jf-dossier__title">${entry.seq}. ${entry.label}</h3>
  ${dataList([
    ['Wanneer', formatDateTime(entry.at)],
    ['Wie', entry.actor.role === 'system' ? 'jeugdflow (automatisch)' : `${entry.actor.userId} (${roleLabel(entry.actor.role)})`],
    ['Soort', KIND_LABELS[entry.kind] ?? entry.kind],
    ['Fase', moved ? `${entry.from ? labelOfState(def, entry.from) : '—'} → ${entry.to === 'cancelled' ? 'Geannuleerd' : labelOfState(def, entry.to)}` : `${labelOfState(def, entry.to)} (ongewijzigd)`],
    ...(entry.reason ? ([['Waarom', entry.reason]] as [string, string][]) : []),
    ...(dutchRule(entry.rule) ? ([['Regel', dutchRule(entry.rule)!]] as [string, string][]) : []),
    ...(recorded ? ([['Vastgelegd', recorded]] as [string, SafeHtml][]) : []),
  ])}
</li>`;
}

export function renderHistory(desc: ProcedureDescription, view: CaseView, opts: EntryOptions = {}): SafeHtml {
  return html`<ol class="jf-dossier">${view.history.map((h) => renderEntry(desc, h, opts))}</ol>`;
}

/** The decisions and steps of the case in short (no messages, no engine bookkeeping): for the summary at the top. */
export function renderDecisions(desc: ProcedureDescription, view: CaseView): SafeHtml {
  const def = findProcedure(desc.id);
  const rows = view.history
    .filter((h) => h.kind === 'start' || h.kind === 'event' || h.kind === 'supervisor' || h.kind === 'expiry')
    .map((h) => [
      html`<span class="jf-nowrap">${formatDay(h.at)}</span>`,
      h.label,
      h.actor.role === 'system' ? 'jeugdflow (automatisch)' : `${h.actor.userId} (${roleLabel(h.actor.role)})`,
      h.from !== h.to ? (h.to === 'cancelled' ? 'Geannuleerd' : labelOfState(def, h.to)) : '(fase ongewijzigd)',
    ]);
  if (rows.length === 0) return html`<p class="utrecht-paragraph">Nog geen besluiten.</p>`;
  return table('Besluiten en stappen', ['Datum', 'Besluit of stap', 'Door', 'Daarna'], rows, { captionHidden: true });
}

/** Messages for a provider's user: that a message went to them, not the technical delivery log. */
export function renderMessagesPlain(view: CaseView): SafeHtml {
  const items = view.history.flatMap((entry) => {
    const record = mailRecordOf(entry);
    if (!record) return [];
    const sent = record.messages.filter((m) => m.status === 'sent');
    if (sent.length === 0) return [];
    const to = [...new Set(sent.flatMap((m) => m.roles.map(roleLabel)))].join(', ') || 'de ontvangers';
    return [html`<li class="utrecht-unordered-list__item">${formatDateTime(sent[0]!.at || entry.at)}: ${record.subject || entry.label} — verstuurd aan ${to}</li>`];
  });
  if (items.length === 0) return html`<p class="utrecht-paragraph">Voor deze zaak zijn nog geen berichten verstuurd.</p>`;
  return html`<ul class="utrecht-unordered-list" data-testid="berichten-eenvoudig">${items}</ul>`;
}

export function renderDeadlineRows(view: CaseView): (SafeHtml | string)[][] {
  return view.deadlines.map((d) => [
    d.label,
    d.waitingOn.map(roleLabel).join(', ') || '—',
    dueCell(view, d),
    html`${d.explanation}${
      d.skipped.length
        ? html`<details class="jf-skipped"><summary>Niet meegetelde dagen (${d.skipped.length})</summary><ul class="utrecht-unordered-list">${d.skipped.map(
            (s) => html`<li class="utrecht-unordered-list__item">${formatDay(s.date)}: ${s.reason}</li>`,
          )}</ul></details>`
        : ''
    }`,
    d.rule,
  ]);
}

/** The due date with what it means now: a stopped clock (never "Loopt" while it stands still), overdue, or running. */
function dueCell(view: CaseView, d: CaseView['deadlines'][number]): SafeHtml {
  const status = deadlineStatus({ overdue: d.overdue, expired: d.status === 'expired', ...(view.suspended ? { clockStoppedSince: view.suspended.since } : {}) });
  return html`<span class="jf-nowrap">${formatDay(d.dueDate)}</span> <span class="utrecht-status-badge utrecht-status-badge--${status.kind}" data-testid="termijn-status">${status.label}</span>`;
}

/** The supervisor's cancel, when the case was cancelled (the newest history page always holds it: nothing follows a cancel). */
export function cancellationOf(view: CaseView): HistoryEntry | undefined {
  for (let i = view.history.length - 1; i >= 0; i--) if (view.history[i]!.type === 'supervisor.case.cancelled') return view.history[i];
  return undefined;
}

/** "Geannuleerd op …" / "Afgesloten op …" for an ended case; undefined while it runs. */
export function endedLabel(view: CaseView): string | undefined {
  if (view.status === 'active') return undefined;
  const cancel = cancellationOf(view);
  return closedLabel(cancel ? { cancelledAt: cancel.at } : { closedAt: view.lastTransitionAt });
}
