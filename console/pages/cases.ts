// Zaken: every case I may see, with the filters of GET /api/cases.
import type { LabeledSummary } from '../../api/board.ts';
import type { ApiError } from '../../api/errors.ts';
import { ROLES } from '../../machines/types.ts';
import type { ProcedureDescription } from '../../operations/index.ts';
import { roleLabel } from '../format.ts';
import { html } from '../html.ts';
import { heading1, page, table, type PageContext, paginate } from '../layout.ts';
import { refusalSummary } from '../refusals.ts';
import { CASE_HEADERS, caseRows } from './work.ts';

export type CaseQuery = Partial<Record<'procedure' | 'state' | 'provider' | 'waitingOn' | 'overdue' | 'dueBefore' | 'includeClosed', string>>;

function textField(id: string, name: string, label: string, value: string | undefined, opts: { type?: string; readonly?: boolean } = {}) {
  return html`<div class="utrecht-form-field utrecht-form-field--text">
  <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${id}">${label}</label></div>
  <div class="utrecht-form-field__input"><input type="${opts.type ?? 'text'}" class="utrecht-textbox utrecht-textbox--html-input" id="${id}" name="${name}" value="${value ?? ''}"${opts.readonly ? html` readonly` : ''}></div>
</div>`;
}

function selectField(id: string, name: string, label: string, value: string | undefined, options: { value: string; label: string }[]) {
  return html`<div class="utrecht-form-field utrecht-form-field--text">
  <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${id}">${label}</label></div>
  <div class="utrecht-form-field__input"><select class="utrecht-select utrecht-select--html-select" id="${id}" name="${name}">
    <option value="">Alle</option>
    ${options.map((o) => html`<option value="${o.value}"${o.value === value ? html` selected` : ''}>${o.label}</option>`)}
  </select></div>
</div>`;
}

function checkbox(id: string, name: string, label: string, checked: boolean) {
  return html`<div class="utrecht-form-field utrecht-form-field--checkbox">
  <div class="utrecht-form-field__input"><input type="checkbox" class="utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom" id="${id}" name="${name}" value="true"${checked ? html` checked` : ''}></div>
  <div class="utrecht-form-field__label"><label class="utrecht-form-label utrecht-form-label--checkbox" for="${id}">${label}</label></div>
</div>`;
}

export function casesPage(ctx: PageContext, opts: { cases: LabeledSummary[]; query: CaseQuery; procedures: ProcedureDescription[]; error?: ApiError; page?: number }): string {
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
    ${selectField('z-procedure', 'procedure', 'Procedure', q.procedure, opts.procedures.map((p) => ({ value: p.id, label: p.title })))}
    ${textField('z-state', 'state', 'Fase', q.state)}
    ${user.provider ? textField('z-provider', 'provider', 'Aanbieder', user.provider, { readonly: true }) : textField('z-provider', 'provider', 'Aanbieder (code)', q.provider)}
    ${selectField('z-waiting', 'waitingOn', 'Wacht op', q.waitingOn, ROLES.map((r) => ({ value: r, label: roleLabel(r) })))}
    ${textField('z-due', 'dueBefore', 'Termijn vóór', q.dueBefore, { type: 'date' })}
    ${checkbox('z-overdue', 'overdue', 'Alleen verlopen termijnen', q.overdue === 'true')}
    ${checkbox('z-closed', 'includeClosed', 'Ook afgesloten zaken', q.includeClosed === 'true')}
  </div>
  <button type="submit" class="utrecht-button utrecht-button--secondary-action">Filteren</button>
</form>
${opts.cases.length ? html`${table(`Zaken (${shown.range})`, CASE_HEADERS, caseRows(shown.items))}${shown.nav}` : html`<p class="utrecht-paragraph">Geen zaken gevonden.</p>`}`,
  );
}
