// Toezicht: every case that needs attention, with the reason, and whether a worker is polling.
import type { Board } from '../../api/board.ts';
import { findProcedure } from '../../machines/index.ts';
import { formatDateTime, formatDay, roleList } from '../format.ts';
import { html } from '../html.ts';
import { alert, heading1, link, page, paginate, table, type PageContext } from '../layout.ts';

export function boardPage(ctx: PageContext, board: Board, pageNo = 1): string {
  const w = board.worker;
  const shown = paginate(board.items, pageNo, (n) => `/toezicht?pagina=${n}`);
  const status = !w.server.reachable
    ? alert('error', `Het zaaksysteem (Temporal) is niet bereikbaar${w.server.error ? `: ${w.server.error}` : ''}. Termijnen en stappen worden niet verwerkt.`, { role: 'alert', heading: 'Temporal niet bereikbaar' })
    : !w.worker.polling
      ? alert('error', `De verwerking van zaken draait niet. Verlopen termijnen worden niet verwerkt en stappen blijven hangen tot de verwerking weer draait; meld dit bij de beheerder.`, { role: 'alert', heading: 'Verwerking staat stil' })
      : alert('ok', `Het zaaksysteem (Temporal${w.server.version ? ` ${w.server.version}` : ''}) is bereikbaar en de verwerking van zaken draait.`, { role: 'status' });
  const rows = shown.items.map((i) => [
    link(`/zaken/${encodeURIComponent(i.caseId)}#toezicht`, i.caseId),
    findProcedure(i.procedure)?.title ?? i.procedure,
    i.provider,
    i.stateLabel,
    html`<ul class="utrecht-unordered-list jf-reasons">${i.reasons.map((r) => html`<li class="utrecht-unordered-list__item">${r.message}</li>`)}</ul>`,
    roleList(i.waitingOn),
    i.nextDueAt ? formatDay(i.nextDueAt) : '—',
    formatDateTime(i.lastTransitionAt),
  ]);
  return page(
    { ...ctx, nav: 'toezicht' },
    'Toezicht',
    html`${heading1('Toezicht')}
${status}
<p class="utrecht-paragraph">Zaken die aandacht nodig hebben: een verlopen termijn terwijl de fase niet is verlaten, een fase na een verlopen termijn waarin niemand handelt, langer in een fase dan verwacht, een goedkeuring (vier ogen) die te lang wacht, of een haperende verwerking. Herstelacties (termijn verlengen, klok stilzetten of hervatten, toewijzen, herinnering opnieuw sturen, annuleren) staan op de zaakpagina onder "Toezicht".</p>
<p class="utrecht-paragraph">${link('/toezicht/auditlog', 'Auditlog')}: wie wanneer persoonsgegevens heeft ingezien, en wat na de bewaartermijn is verwijderd.</p>
${rows.length ? html`${table(`Zaken die aandacht nodig hebben (${shown.range})`, ['Zaak', 'Procedure', 'Aanbieder', 'Fase', 'Reden', 'Wacht op', 'Termijn', 'Laatste wijziging'], rows)}${shown.nav}` : html`<p class="utrecht-paragraph">Geen zaken die aandacht nodig hebben.</p>`}
<p class="utrecht-paragraph jf-muted">Bijgewerkt: ${formatDateTime(board.generatedAt)}. ${
      board.problemsCheckedAt
        ? `Haperende verwerking (stappen die opnieuw worden geprobeerd of vastlopen) gecontroleerd vanaf ${formatDateTime(board.problemsCheckedAt)}.`
        : 'De controle op haperende verwerking loopt nog; vernieuw de pagina straks.'
    }</p>`,
  );
}
