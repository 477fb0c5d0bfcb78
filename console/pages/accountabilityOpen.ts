// "Verantwoording openen voor alle aanbieders": one console action opens the yearly accountability (002 §3.2.2
// Verantwoording) for every contracted provider in the billing data of the year; idempotent (a case that
// exists is reported, not an error). The same run as `jeugdflow accountability open`.
import type { ApiError } from '../../api/errors.ts';
import type { Role } from '../../machines/types.ts';
import type { OpenResult } from '../../operations/accountabilityYear.ts';
import { roleLabel } from '../format.ts';
import { headline } from '../refusals.ts';
import { html } from '../html.ts';
import { alert, csrfInput, heading1, link, page, table, type PageContext } from '../layout.ts';

export const ACCOUNTABILITY_OPEN_PATH = '/verantwoording-openen';
export const ACCOUNTABILITY_OPEN_TITLE = 'Verantwoording openen voor alle aanbieders';

const OUTCOME_LABELS: Record<OpenResult['outcome'], string> = {
  started: 'Geopend',
  'already-started': 'Bestond al (niets gedaan)',
  refused: 'Geweigerd',
};

export interface AccountabilityOpenPageOptions {
  /** The roles of this user that may open them (a choice when more than one). */
  roles: readonly Role[];
  values?: { year?: string; billing?: string };
  error?: ApiError;
  results?: { year: number; providers: number; results: OpenResult[] };
}

export function accountabilityOpenPage(ctx: PageContext, o: AccountabilityOpenPageOptions): string {
  const year = o.values?.year ?? String(new Date().getFullYear() - 1);
  const r = o.results;
  const count = (outcome: OpenResult['outcome']) => r?.results.filter((x) => x.outcome === outcome).length ?? 0;
  return page(
    { ...ctx, nav: 'nieuw' },
    ACCOUNTABILITY_OPEN_TITLE,
    html`${heading1(ACCOUNTABILITY_OPEN_TITLE)}
${o.error ? alert('error', o.error.message, { role: 'alert', heading: 'Niet geopend' }) : ''}
${
  r
    ? html`<div id="resultaat">${alert('ok', `Contractjaar ${r.year}: ${r.providers} gecontracteerde aanbieder(s) in de facturatiegegevens. ${count('started')} geopend, ${count('already-started')} bestond al, ${count('refused')} geweigerd.`, { role: 'status' })}
${table(
  `Verantwoording ${r.year} per aanbieder`,
  ['Aanbieder', 'Zaak', 'Resultaat'],
  r.results.map((x) => [x.provider, x.outcome === 'refused' ? x.caseId : link(`/zaken/${encodeURIComponent(x.caseId)}`, x.caseId), x.outcome === 'refused' ? `${OUTCOME_LABELS.refused}: ${headline(x.code ?? '')}${x.field ? ` (veld ${x.field})` : ''}` : OUTCOME_LABELS[x.outcome]]),
)}</div>`
    : ''
}
<p class="utrecht-paragraph">Opent voor elke gecontracteerde aanbieder in de facturatiegegevens van het contractjaar één zaak "Verantwoording contractjaar": de productieverantwoording en bestuursverklaring vóór 1 april en de verklaring WNT vóór 1 augustus van het jaar erna. De omzet uit de facturatiegegevens bepaalt of een bestuursverklaring volstaat (onder € 125.000). Nogmaals openen start geen dubbele zaken.</p>
<form method="post" action="${ACCOUNTABILITY_OPEN_PATH}" class="jf-form" novalidate>
  ${csrfInput(ctx.csrfToken)}
  <div class="utrecht-form-field utrecht-form-field--text">
    <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="f-verantwoording-year">Contractjaar</label></div>
    <div class="utrecht-form-field__input"><input type="text" inputmode="numeric" class="utrecht-textbox utrecht-textbox--html-input" id="f-verantwoording-year" name="year" value="${year}" aria-required="true"></div>
  </div>
  <div class="utrecht-form-field utrecht-form-field--text">
    <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="f-verantwoording-billing">Facturatiegegevens (CSV)</label></div>
    <div class="utrecht-form-field__description utrecht-form-field-description" id="f-verantwoording-billing-uitleg">Kolommen provider,name,year,revenue_eur,clients met kopregel; elke aanbieder met een regel voor het contractjaar krijgt een zaak.</div>
    <div class="utrecht-form-field__input"><textarea class="utrecht-textarea utrecht-textarea--html-textarea" id="f-verantwoording-billing" name="billing" rows="8" aria-required="true" aria-describedby="f-verantwoording-billing-uitleg">${o.values?.billing ?? ''}</textarea></div>
  </div>
  ${
    o.roles.length > 1
      ? html`<div class="utrecht-form-field utrecht-form-field--text"><div class="utrecht-form-field__label"><label class="utrecht-form-label" for="f-verantwoording-role">In de rol van</label></div><div class="utrecht-form-field__input"><select class="utrecht-select utrecht-select--html-select" id="f-verantwoording-role" name="role">${o.roles.map((role) => html`<option value="${role}">${roleLabel(role)}</option>`)}</select></div></div>`
      : ''
  }
  <button type="submit" class="utrecht-button utrecht-button--primary-action">Verantwoording openen</button>
</form>`,
  );
}
