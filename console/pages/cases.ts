// Zaken: every case I may see, with the filters of GET /api/cases.
import type { LabeledSummary } from '../../api/board.ts';
import type { ApiError } from '../../api/errors.ts';
import { ROLES } from '../../machines/types.ts';
import type { ProcedureDescription } from '../../operations/index.ts';
import { roleLabel } from '../format.ts';
import { html, type SafeHtml } from '../html.ts';
import { amsterdamDateOf } from '../../calendar/index.ts';
import { findProcedure } from '../../machines/index.ts';
import { roleList } from '../format.ts';
import { heading1, link, page, type PageContext, paginate } from '../layout.ts';
import { refusalSummary } from '../refusals.ts';
import { caseRows } from './work.ts';

export type CaseQuery = Partial<Record<'procedure' | 'state' | 'provider' | 'waitingOn' | 'overdue' | 'dueBefore' | 'includeClosed' | 'q' | 'sort' | 'order', string>>;

function textField(id: string, name: string, label: string, value: string | undefined, opts: { type?: string; readonly?: boolean } = {}) {
  return html`<div class="utrecht-form-field utrecht-form-field--text">
  <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${id}">${label}</label></div>
  <div class="utrecht-form-field__input"><input type="${opts.type ?? 'text'}" class="utrecht-textbox utrecht-textbox--html-input" id="${id}" name="${name}" value="${value ?? ''}"${opts.readonly ? html` readonly` : ''}></div>
</div>`;
}

function option(o: { value: string; label: string }, value: string | undefined) {
  return html`<option value="${o.value}"${o.value === value ? html` selected` : ''}>${o.label}</option>`;
}

function selectField(id: string, name: string, label: string, value: string | undefined, options: { value: string; label: string }[], groups: { label: string; options: { value: string; label: string }[] }[] = []) {
  return html`<div class="utrecht-form-field utrecht-form-field--text">
  <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${id}">${label}</label></div>
  <div class="utrecht-form-field__input"><select class="utrecht-select utrecht-select--html-select" id="${id}" name="${name}">
    <option value="">Alle</option>
    ${options.map((o) => option(o, value))}
    ${groups.map((g) => html`<optgroup label="${g.label}">${g.options.map((o) => option(o, value))}</optgroup>`)}
  </select></div>
</div>`;
}

/** The steps to filter on, per procedure, with their Dutch labels (the value is the state path the API filters by). */
export function stepGroups(procedures: ProcedureDescription[], only?: string): { label: string; options: { value: string; label: string }[] }[] {
  return procedures
    .filter((p) => !only || p.id === only)
    .map((p) => {
      const seen = new Set<string>();
      return {
        label: p.title,
        options: p.states
          .filter((st) => {
            if (seen.has(st.title)) return false;
            seen.add(st.title);
            return true;
          })
          .map((st) => ({ value: st.id, label: st.title })),
      };
    });
}

const SORTABLE: { key: string; label: string }[] = [
  { key: 'caseId', label: 'Zaak' },
  { key: 'procedure', label: 'Procedure' },
  { key: 'provider', label: 'Aanbieder' },
  { key: 'state', label: 'Fase' },
  { key: 'waitingOn', label: 'Wacht op' },
  { key: 'nextDueAt', label: 'Eerstvolgende termijn' },
];

/** A table whose column headers sort the list (a link per header; aria-sort on the sorted one). */
function sortableTable(caption: string, q: CaseQuery, rows: (SafeHtml | string)[][]): SafeHtml {
  const href = (key: string) => {
    const order = q.sort === key && q.order !== 'desc' ? 'desc' : 'asc';
    const { pagina: _p, ...rest } = q as Record<string, string>;
    return `/zaken?${new URLSearchParams({ ...rest, sort: key, order }).toString()}`;
  };
  const header = (c: { key: string; label: string }) => {
    const sorted = q.sort === c.key;
    const dir = sorted ? (q.order === 'desc' ? 'descending' : 'ascending') : undefined;
    return html`<th scope="col" class="utrecht-table__header-cell"${dir ? html` aria-sort="${dir}"` : ''}><a class="utrecht-link utrecht-link--html-a" href="${href(c.key)}">${c.label}${sorted ? html`<span class="jf-visually-hidden"> (${dir === 'descending' ? 'aflopend' : 'oplopend'} gesorteerd)</span>` : html`<span class="jf-visually-hidden"> (sorteren)</span>`}</a>${sorted ? html` <span aria-hidden="true">${dir === 'descending' ? '▼' : '▲'}</span>` : ''}</th>`;
  };
  return html`<div class="utrecht-table__container jf-table-container"><table class="utrecht-table utrecht-table--html-table jf-table">
<caption class="utrecht-table__caption">${caption}</caption>
<thead class="utrecht-table__header"><tr class="utrecht-table__row">${SORTABLE.map(header)}</tr></thead>
<tbody class="utrecht-table__body">${rows.map((r) => html`<tr class="utrecht-table__row">${r.map((c, i) => (i === 0 ? html`<th scope="row" class="utrecht-table__header-cell jf-rowhead">${c}</th>` : html`<td class="utrecht-table__cell">${c}</td>`))}</tr>`)}</tbody>
</table></div>`;
}

const csvCell = (v: string) => {
  // A cell starting with = + - @ is not run as a formula by a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",;\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/**
 * A list as CSV, with the same filters as the page and Dutch headers. Only what lists show (case number,
 * procedure, provider, step, roles, deadline): no personal data of any case, opt-out or not.
 */
export function casesCsv(cases: LabeledSummary[], providerName: (code: string) => string): string {
  const header = ['Zaak', 'Procedure', 'Aanbieder (code)', 'Aanbieder', 'Fase', 'Wacht op', 'Eerstvolgende termijn', 'Termijn verstreken', 'Status'];
  const lines = cases.map((c) => [
    c.caseId,
    findProcedure(c.procedure)?.title ?? c.procedure,
    c.provider,
    providerName(c.provider),
    c.stateLabel,
    roleList(c.waitingOn),
    c.nextDueAt ? amsterdamDateOf(c.nextDueAt) : '',
    c.overdue ? 'ja' : 'nee',
    c.status === 'RUNNING' ? 'Lopend' : 'Afgesloten',
  ]);
  return `\uFEFF${[header, ...lines].map((l) => l.map(csvCell).join(';')).join('\r\n')}\r\n`;
}

function checkbox(id: string, name: string, label: string, checked: boolean) {
  return html`<div class="utrecht-form-field utrecht-form-field--checkbox">
  <div class="utrecht-form-field__input"><input type="checkbox" class="utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom" id="${id}" name="${name}" value="true"${checked ? html` checked` : ''}></div>
  <div class="utrecht-form-field__label"><label class="utrecht-form-label utrecht-form-label--checkbox" for="${id}">${label}</label></div>
</div>`;
}

export function casesPage(ctx: PageContext, opts: { cases: LabeledSummary[]; query: CaseQuery; procedures: ProcedureDescription[]; error?: ApiError; page?: number; providerName?: (code: string) => string }): string {
  const q = opts.query;
  const user = ctx.user!;
  const shown = paginate(opts.cases, opts.page ?? 1, (n) => `/zaken?${new URLSearchParams({ ...(q as Record<string, string>), pagina: String(n) }).toString()}`);
  return page(
    { ...ctx, nav: 'zaken' },
    'Zaken',
    html`${heading1('Zaken')}
${opts.error ? refusalSummary(opts.error, {}) : ''}
<form method="get" action="/zaken" class="jf-no-print" role="search" aria-label="Zaken filteren">
  <div class="jf-filters">
    ${textField('z-q', 'q', 'Zoeken op zaaknummer of aanbieder', q.q, { type: 'search' })}
    ${selectField('z-procedure', 'procedure', 'Procedure', q.procedure, opts.procedures.map((p) => ({ value: p.id, label: p.title })))}
    ${selectField('z-state', 'state', 'Fase', q.state, [], stepGroups(opts.procedures, q.procedure))}
    ${user.provider ? textField('z-provider', 'provider', 'Aanbieder', user.provider, { readonly: true }) : ''}
    ${selectField('z-waiting', 'waitingOn', 'Wacht op', q.waitingOn, ROLES.map((r) => ({ value: r, label: roleLabel(r) })))}
    ${textField('z-due', 'dueBefore', 'Termijn vóór', q.dueBefore, { type: 'date' })}
    ${checkbox('z-overdue', 'overdue', 'Alleen verlopen termijnen', q.overdue === 'true')}
    ${checkbox('z-closed', 'includeClosed', 'Ook afgesloten zaken', q.includeClosed === 'true')}
  </div>
  ${q.sort ? html`<input type="hidden" name="sort" value="${q.sort}">` : ''}${q.order ? html`<input type="hidden" name="order" value="${q.order}">` : ''}
  <button type="submit" class="utrecht-button utrecht-button--secondary-action">Filteren</button>
</form>
<p class="utrecht-paragraph jf-no-print">${link(`/zaken.csv?${new URLSearchParams(q as Record<string, string>).toString()}`, 'Deze lijst downloaden (CSV)')}</p>
${opts.cases.length ? html`${sortableTable(`Zaken (${shown.range})`, q, caseRows(shown.items, opts.providerName))}${shown.nav}` : html`<p class="utrecht-paragraph">Geen zaken gevonden.</p>`}`,
  );
}
