// Toezicht: every case that needs attention, with the reason, and whether a worker is polling; the
// cases whose legal clock stands still (a filter); each row links straight to the fixes.
import type { Board } from '../../api/board.ts';
import { findProcedure } from '../../machines/index.ts';
import { formatDateTime, formatDay, roleList } from '../format.ts';
import { html, slug, type SafeHtml } from '../html.ts';
import { alert, deadlineCell, heading1, link, page, paginate, table, type PageContext } from '../layout.ts';
import { FIX_LABELS } from '../supervisor.ts';

export type BoardView = 'aandacht' | 'klok-stil';

/** The supervisor's fixes, straight from the row: each opens its form on the case page. */
function fixLinks(caseId: string, clockStopped: boolean): SafeHtml {
  const actions = ['deadline.extended', clockStopped ? 'clock.resumed' : 'clock.suspended', 'reminder.resent', 'case.reassigned', 'case.cancelled'];
  return html`<ul class="utrecht-unordered-list jf-fixes">${actions.map(
    (a) => html`<li class="utrecht-unordered-list__item">${link(`/zaken/${encodeURIComponent(caseId)}?herstel=${encodeURIComponent(a)}#toezicht-${slug(a)}`, FIX_LABELS[a]?.label ?? a)}</li>`,
  )}</ul>`;
}

function filterNav(board: Board, view: BoardView): SafeHtml {
  const item = (key: BoardView, href: string, label: string) =>
    html`<li class="utrecht-unordered-list__item">${key === view ? html`<strong aria-current="page">${label}</strong>` : link(href, label)}</li>`;
  return html`<nav aria-label="Filter toezicht"><ul class="utrecht-unordered-list jf-filter-links">
${item('aandacht', '/toezicht', `Zaken die aandacht nodig hebben (${board.items.length})`)}
${item('klok-stil', '/toezicht?klok=stil', `Klok staat stil (${board.stoppedClocks.length})`)}
</ul></nav>`;
}

export function boardPage(ctx: PageContext, board: Board, pageNo = 1, view: BoardView = 'aandacht'): string {
  const w = board.worker;
  const status = !w.server.reachable
    ? alert('error', `Het zaaksysteem (Temporal) is niet bereikbaar${w.server.error ? `: ${w.server.error}` : ''}. Termijnen en stappen worden niet verwerkt.`, { role: 'alert', heading: 'Temporal niet bereikbaar' })
    : !w.worker.polling
      ? alert('error', `De verwerking van zaken draait niet. Verlopen termijnen worden niet verwerkt en stappen blijven hangen tot de verwerking weer draait; meld dit bij de beheerder.`, { role: 'alert', heading: 'Verwerking staat stil' })
      : alert('ok', `Het zaaksysteem (Temporal${w.server.version ? ` ${w.server.version}` : ''}) is bereikbaar en de verwerking van zaken draait.`, { role: 'status' });
  let body: SafeHtml;
  if (view === 'klok-stil') {
    const shown = paginate(board.stoppedClocks, pageNo, (n) => `/toezicht?klok=stil&pagina=${n}`);
    const rows = shown.items.map((i) => [
      link(`/zaken/${encodeURIComponent(i.caseId)}#toezicht`, i.caseId),
      findProcedure(i.procedure)?.title ?? i.procedure,
      i.provider,
      i.stateLabel,
      html`<span class="jf-nowrap">${formatDay(i.clockStoppedSince)}</span>`,
      deadlineCell(i),
      fixLinks(i.caseId, true),
    ]);
    body = rows.length
      ? html`${table(`Zaken waarvan de klok stilstaat (${shown.range})`, ['Zaak', 'Procedure', 'Aanbieder', 'Fase', 'Klok stil sinds', 'Termijn', 'Herstelacties'], rows)}${shown.nav}`
      : html`<p class="utrecht-paragraph">Bij geen enkele lopende zaak staat de klok stil.</p>`;
  } else {
    const shown = paginate(board.items, pageNo, (n) => `/toezicht?pagina=${n}`);
    const rows = shown.items.map((i) => [
      link(`/zaken/${encodeURIComponent(i.caseId)}#toezicht`, i.caseId),
      findProcedure(i.procedure)?.title ?? i.procedure,
      i.provider,
      i.stateLabel,
      html`<ul class="utrecht-unordered-list jf-reasons">${i.reasons.map((r) => html`<li class="utrecht-unordered-list__item">${r.message}</li>`)}</ul>`,
      roleList(i.waitingOn),
      deadlineCell(i),
      fixLinks(i.caseId, i.clockStoppedSince !== undefined),
    ]);
    body = rows.length
      ? html`${table(`Zaken die aandacht nodig hebben (${shown.range})`, ['Zaak', 'Procedure', 'Aanbieder', 'Fase', 'Reden', 'Wacht op', 'Termijn', 'Herstelacties'], rows)}${shown.nav}`
      : html`<p class="utrecht-paragraph">Geen zaken die aandacht nodig hebben.</p>`;
  }
  return page(
    { ...ctx, nav: 'toezicht' },
    'Toezicht',
    html`${heading1('Toezicht')}
${status}
<p class="utrecht-paragraph">Zaken die aandacht nodig hebben: een verlopen termijn terwijl de fase niet is verlaten, een fase na een verlopen termijn waarin niemand handelt, langer in een fase dan verwacht, een goedkeuring (vier ogen) die te lang wacht, of een haperende verwerking. Elke rij heeft de herstelacties: termijn verlengen, klok stilzetten of hervatten, herinnering opnieuw sturen, toewijzen, annuleren.</p>
<p class="utrecht-paragraph">${link('/toezicht/auditlog', 'Auditlog')}: wie wanneer persoonsgegevens heeft ingezien, en wat na de bewaartermijn is verwijderd.</p>
<p class="utrecht-paragraph">${link('/contractmanagers', 'Contractmanagers')}: koppels van 1e en 2e verantwoordelijke per aanbieder, de termijn van 4 jaar en de regel van 2 jaar (002 §2.3.2).</p>
${filterNav(board, view)}
${body}
<p class="utrecht-paragraph jf-muted">Bijgewerkt: ${formatDateTime(board.generatedAt)}. ${
      board.problemsCheckedAt
        ? `Haperende verwerking (stappen die opnieuw worden geprobeerd of vastlopen) gecontroleerd vanaf ${formatDateTime(board.problemsCheckedAt)}.`
        : 'De controle op haperende verwerking loopt nog; vernieuw de pagina straks.'
    }</p>`,
  );
}
