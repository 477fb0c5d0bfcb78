// Toezicht → Contractmanagers: the integrity rotation (002 §2.3.2). Who is 1e/2e verantwoordelijke of which
// provider since when, the terms that end within 3 months, providers without a complete pair, and the forms
// to assign a pair or a replacement, end a pair and record a former employer. Supervisors only. The forms are
// generated from the zod schemas of machines/rotation.ts; a refusal names the rule.
import type { Assignment, FormerEmployment, RotationFinding, TermStatus } from '../../machines/rotation.ts';
import { dutchDate, firstDayAfterCooling, POSITION_LABELS } from '../../machines/rotation.ts';
import { renderFields, type FieldErrors, type FormBody, type JsonSchema } from '../forms.ts';
import { html, type SafeHtml } from '../html.ts';
import { alert, csrfInput, heading1, link, page, table, type PageContext } from '../layout.ts';

export const ROTATION_FORMS = ['toewijzen', 'beeindigen', 'werkgever'] as const;
export type RotationForm = (typeof ROTATION_FORMS)[number];

export interface ContractManagersPageOptions {
  today: string;
  assignments: Assignment[];
  employment: FormerEmployment[];
  review: { violations: RotationFinding[]; warnings: RotationFinding[]; terms: TermStatus[] };
  schemas: Record<RotationForm, JsonSchema>;
  /** The answer to the form just sent. */
  result?: { form: RotationForm; refusals: RotationFinding[]; warnings: RotationFinding[]; done?: string; values?: FormBody; errors?: FieldErrors };
}

const findingList = (findings: RotationFinding[]): SafeHtml =>
  html`<ul class="utrecht-unordered-list">${findings.map((f) => html`<li class="utrecht-unordered-list__item">${f.message} <span class="jf-rule">Regel: ${f.rule}</span></li>`)}</ul>`;

function form(ctx: PageContext, o: ContractManagersPageOptions, name: RotationForm, title: string, help: string, button: string): SafeHtml {
  const mine = o.result?.form === name ? o.result : undefined;
  const fields = renderFields(o.schemas[name], { prefix: name, formId: `rotatie-${name}`, ...(mine?.values ? { values: mine.values } : {}), ...(mine?.errors ? { errors: mine.errors } : {}) });
  return html`<section class="jf-section" id="${`form-${name}`}"><h2 class="utrecht-heading-2">${title}</h2>
<p class="utrecht-paragraph">${help}</p>
<form method="post" action="/contractmanagers" class="jf-form" novalidate>${csrfInput(ctx.csrfToken)}<input type="hidden" name="form" value="${name}">
${fields}
<button class="utrecht-button utrecht-button--primary-action" type="submit">${button}</button></form></section>`;
}

export function contractManagersPage(ctx: PageContext, o: ContractManagersPageOptions): string {
  const termOf = (a: Assignment) => o.review.terms.find((t) => t.userId === a.userId && t.provider === a.provider);
  const current = o.assignments.filter((a) => a.from <= o.today && (a.until === undefined || a.until >= o.today));
  const other = o.assignments.filter((a) => !current.includes(a));
  const rows = (list: Assignment[], withTerm: boolean) =>
    list.map((a) => [
      a.provider,
      POSITION_LABELS[a.position],
      a.userId,
      dutchDate(a.from),
      a.until ? dutchDate(a.until) : 'open',
      ...(withTerm ? [termOf(a) ? dutchDate(termOf(a)!.lastDay) : '—'] : []),
    ]);
  const r = o.result;
  const answer = r
    ? r.refusals.length > 0
      ? alert('error', findingList(r.refusals), { role: 'alert', id: 'resultaat', heading: 'Niet vastgelegd: dit breekt de integriteitsregels' })
      : r.errors
        ? alert('error', 'Controleer de gemarkeerde velden. Er is niets vastgelegd.', { role: 'alert', id: 'resultaat', heading: 'Niet vastgelegd' })
        : alert('ok', r.done ?? 'Vastgelegd.', { role: 'status', id: 'resultaat' })
    : html``;
  const answerWarnings = r && r.warnings.length > 0 ? alert('warning', findingList(r.warnings), { heading: 'Let op' }) : html``;
  return page(
    { ...ctx, nav: 'toezicht' },
    'Contractmanagers',
    html`${heading1('Contractmanagers: koppels en rotatie', 'Toezicht')}
<p class="utrecht-paragraph">Integriteit (002 §2.3.2): contractmanagers werken in koppels van een 1e en een 2e verantwoordelijke; een contractmanager is hoogstens 4 jaar (opgeteld sinds de contractperiode 2018) verantwoordelijk voor dezelfde aanbieder; wie bij een aanbieder werkte, wordt daar pas 2 jaar na vertrek contractmanager. Stand op ${dutchDate(o.today)}.</p>
${answer}${answerWarnings}
${o.review.violations.length > 0 ? alert('error', findingList(o.review.violations), { heading: 'Niet in orde' }) : html``}
${o.review.warnings.length > 0 ? alert('warning', findingList(o.review.warnings), { heading: 'Termijn van 4 jaar loopt binnen 3 maanden af' }) : html``}
${current.length ? table('Huidige koppels', ['Aanbieder', 'Positie', 'Contractmanager', 'Vanaf', 'Tot en met', 'Uiterlijk (4 jaar)'], rows(current, true)) : html`<p class="utrecht-paragraph">Er zijn nog geen contractmanagers toegewezen.</p>`}
${other.length ? table('Eerdere en latere toewijzingen', ['Aanbieder', 'Positie', 'Contractmanager', 'Vanaf', 'Tot en met'], rows(other, false)) : html``}
${o.employment.length ? table('Vorige werkgevers (regel van 2 jaar)', ['Contractmanager', 'Aanbieder', 'Laatste werkdag', 'Inzetbaar vanaf'], o.employment.map((e) => [e.userId, e.provider, dutchDate(e.leftOn), dutchDate(firstDayAfterCooling(e.leftOn))])) : html``}
${form(ctx, o, 'toewijzen', 'Koppel toewijzen of vervanger aanwijzen', 'Een aanbieder zonder koppel krijgt de 1e én de 2e verantwoordelijke tegelijk. Heeft de aanbieder een koppel, noem dan alleen de nieuwe 1e of 2e: de huidige stopt de dag ervoor.', 'Toewijzen')}
${form(ctx, o, 'beeindigen', 'Koppel beëindigen', 'Het koppel stopt samen (bijvoorbeeld omdat het contract eindigt). Eén contractmanager stopt niet alleen: wijs een vervanger aan.', 'Beëindigen')}
${form(ctx, o, 'werkgever', 'Vorige werkgever vastleggen', 'Een nieuwe contractmanager die bij een aanbieder werkte, wordt daar pas 2 jaar na vertrek ingezet.', 'Vastleggen')}
<p class="utrecht-paragraph">${link('/toezicht', 'Terug naar Toezicht')}</p>`,
  );
}
