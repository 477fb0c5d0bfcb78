// The history as a readable dossier: who, in which role, when, what, why, under which rule, with the
// recorded data labelled in Dutch. Shared by the case page and the printable dossier page.
import type { ProcedureDescription } from '../operations/index.ts';
import type { CaseView, HistoryEntry } from '../workflows/engine.ts';
import { findProcedure, ROLE_LABELS } from '../machines/index.ts';
import { labelOfState } from '../api/machineGraph.ts';
import { formatDateTime, formatDay, formatValue, roleLabel } from './format.ts';
import { fieldLabels, type JsonSchema } from './forms.ts';
import { html, type SafeHtml } from './html.ts';
import { dataList } from './layout.ts';
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

export function renderEntry(desc: ProcedureDescription, entry: HistoryEntry): SafeHtml {
  const def = findProcedure(desc.id, desc.version);
  const schema = schemaFor(desc, entry);
  const labels = schema ? fieldLabels(schema, 'p') : new Map<string, string>();
  const hasPayload = entry.payload !== undefined && entry.payload !== null && !(typeof entry.payload === 'object' && Object.keys(entry.payload as object).length === 0);
  const moved = entry.from !== entry.to;
  const mailRecord = mailRecordOf(entry);
  const recorded = mailRecord ? renderMailRecord(mailRecord) : hasPayload ? renderValue(entry.payload, labels, 'p') : undefined;
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

export function renderHistory(desc: ProcedureDescription, view: CaseView): SafeHtml {
  return html`<ol class="jf-dossier">${view.history.map((h) => renderEntry(desc, h))}</ol>`;
}

export function renderDeadlineRows(view: CaseView): (SafeHtml | string)[][] {
  return view.deadlines.map((d) => [
    d.label,
    d.waitingOn.map(roleLabel).join(', ') || '—',
    html`<span class="jf-nowrap">${formatDay(d.dueDate)}</span>${d.overdue ? html` <span class="utrecht-status-badge utrecht-status-badge--danger">Verlopen</span>` : html` <span class="utrecht-status-badge utrecht-status-badge--neutral">Loopt</span>`}`,
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
