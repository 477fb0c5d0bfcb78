// Mijn werk: cases waiting on one of my roles, overdue first, then the soonest deadline.
import type { LabeledSummary } from '../../api/board.ts';
import { findProcedure } from '../../machines/index.ts';
import { roleList } from '../format.ts';
import { html, type SafeHtml } from '../html.ts';
import { badge, deadlineCell, heading1, link, page, paginate, table, type PageContext } from '../layout.ts';

export function caseRows(cases: LabeledSummary[]): (SafeHtml | string)[][] {
  return cases.map((c) => [
    link(`/zaken/${encodeURIComponent(c.caseId)}`, c.caseId),
    findProcedure(c.procedure)?.title ?? c.procedure,
    c.provider,
    html`${c.stateLabel}${c.status !== 'RUNNING' ? html` ${badge('inactive', 'Afgesloten')}` : ''}`,
    roleList(c.waitingOn),
    deadlineCell(c),
  ]);
}

export const CASE_HEADERS = ['Zaak', 'Procedure', 'Aanbieder', 'Fase', 'Wacht op', 'Eerstvolgende termijn'];

export function workPage(ctx: PageContext, cases: LabeledSummary[], pageNo = 1): string {
  const user = ctx.user!;
  const shown = paginate(cases, pageNo, (n) => `/mijn-werk?pagina=${n}`);
  return page(
    { ...ctx, nav: 'werk' },
    'Mijn werk',
    html`${heading1('Mijn werk')}
<p class="utrecht-paragraph">Zaken die wachten op ${roleList(user.roles)}${user.provider ? ` van aanbieder ${user.provider}` : ''}. Verlopen termijnen staan bovenaan, daarna de eerstvolgende termijn.</p>
${
  cases.length
    ? html`${table(`Zaken die op u wachten (${shown.range})`, CASE_HEADERS, caseRows(shown.items))}${shown.nav}`
    : html`<p class="utrecht-paragraph">Er wacht nu niets op u.</p>`
}`,
  );
}
