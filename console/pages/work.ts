// Mijn werk: the cases that are this person's work (a task of one of their roles that no colleague
// claimed, not an approval the four-eyes rule would refuse them), overdue first, then the soonest
// deadline. Each task can be claimed ("Oppakken") or handed to a colleague with the same role.
import type { LabeledSummary } from '../../api/board.ts';
import type { ApiError } from '../../api/errors.ts';
import type { User } from '../../api/users.ts';
import { findProcedure } from '../../machines/index.ts';
import { myTaskRoles } from '../../operations/myWork.ts';
import { formatDay, roleLabel, roleList } from '../format.ts';
import { html, type SafeHtml } from '../html.ts';
import { alert, badge, csrfInput, deadlineCell, heading1, link, page, paginate, table, type PageContext } from '../layout.ts';
import { fieldErrorsOf, refusalSummary } from '../refusals.ts';

export function caseRows(cases: LabeledSummary[], providerName: (code: string) => string = (c) => c): (SafeHtml | string)[][] {
  return cases.map((c) => [
    link(`/zaken/${encodeURIComponent(c.caseId)}`, c.caseId),
    findProcedure(c.procedure)?.title ?? c.procedure,
    providerName(c.provider) === c.provider ? c.provider : html`${providerName(c.provider)} <span class="jf-muted">(${c.provider})</span>`,
    html`${c.stateLabel}${c.status !== 'RUNNING' ? html` ${badge('inactive', 'Afgesloten')}` : ''}`,
    roleList(c.waitingOn),
    deadlineCell(c),
  ]);
}

export const CASE_HEADERS = ['Zaak', 'Procedure', 'Aanbieder', 'Fase', 'Wacht op', 'Eerstvolgende termijn'];

/** The claim button and the hand-over form of one task (a role of this user in this case). */
function taskCell(ctx: PageContext, c: LabeledSummary, colleagues: (role: string) => User[]): SafeHtml {
  const user = ctx.user!;
  return html`${myTaskRoles(user, c).map((role) => {
    const mine = c.assignees?.[role] === user.id;
    const others = colleagues(role).filter((u) => u.id !== user.id);
    const id = `t-${c.caseId}-${role}`.replace(/[^A-Za-z0-9_-]/g, '-');
    return html`<div class="jf-task">
${mine ? badge('active', `Opgepakt door u (${roleLabel(role)})`) : html`<form method="post" action="/zaken/${encodeURIComponent(c.caseId)}/toewijzen" class="jf-inline-form">${csrfInput(ctx.csrfToken)}<input type="hidden" name="role" value="${role}"><input type="hidden" name="userId" value="${user.id}"><button type="submit" class="utrecht-button utrecht-button--secondary-action" aria-label="Oppakken: zaak ${c.caseId} als ${roleLabel(role)}">Oppakken</button></form>`}
${
  others.length
    ? html`<form method="post" action="/zaken/${encodeURIComponent(c.caseId)}/toewijzen" class="jf-inline-form">${csrfInput(ctx.csrfToken)}<input type="hidden" name="role" value="${role}">
<label class="utrecht-form-label" for="${id}">Overdragen aan</label>
<select class="utrecht-select utrecht-select--html-select" id="${id}" name="userId">${others.map((u) => html`<option value="${u.id}">${u.name}</option>`)}</select>
<button type="submit" class="utrecht-button utrecht-button--subtle" aria-label="Overdragen: zaak ${c.caseId} (${roleLabel(role)})">Overdragen</button></form>`
    : ''
}
</div>`;
  })}`;
}

export interface WorkPageOptions {
  pageNo?: number;
  /** Colleagues a task of a role can be handed to. */
  colleagues?: (role: string) => User[];
  providerName?: (code: string) => string;
  flash?: string;
  error?: ApiError;
  /** The procedure of the case a refused claim or hand-over was about (labels of its steps). */
  errorProcedure?: string;
}

export function workPage(ctx: PageContext, cases: LabeledSummary[], opts: WorkPageOptions = {}): string {
  const user = ctx.user!;
  const shown = paginate(cases, opts.pageNo ?? 1, (n) => `/mijn-werk?pagina=${n}`);
  const colleagues = opts.colleagues ?? (() => []);
  const rows = caseRows(shown.items, opts.providerName).map((r, i) => [...r, taskCell(ctx, shown.items[i]!, colleagues)]);
  return page(
    { ...ctx, nav: 'werk' },
    'Mijn werk',
    html`${heading1('Mijn werk')}
${opts.flash ? alert('ok', opts.flash, { role: 'status', id: 'resultaat' }) : ''}
${
  opts.error
    ? refusalSummary(opts.error, {
        fields: fieldErrorsOf(opts.error, undefined),
        fieldLabels: new Map([
          ['userId', 'Collega'],
          ['role', 'Rol'],
        ]),
        ...(opts.errorProcedure && findProcedure(opts.errorProcedure) ? { def: findProcedure(opts.errorProcedure)! } : {}),
      })
    : ''
}
<p class="utrecht-paragraph">Zaken waarin ${roleList(user.roles)}${user.provider ? ` van aanbieder ${user.provider}` : ''} nu iets moet doen en die geen collega heeft opgepakt; een goedkeuring die u volgens het vierogenprincipe niet zelf mag geven staat hier niet. Verlopen termijnen staan bovenaan, daarna de eerstvolgende termijn.</p>
${
  cases.length
    ? html`${table(`Zaken die op u wachten (${shown.range})`, [...CASE_HEADERS, 'Taak'], rows)}${shown.nav}`
    : html`<p class="utrecht-paragraph">Er wacht nu niets op u.</p>`
}`,
  );
}
