// Toezicht → Auditlog: who read which case's personal data and when, whose personal data the
// retention purge deleted, and sign-ins. Supervisors only; newest first, 100 per page.
import type { AuditEntry, AuditKind } from '../../store/audit.ts';
import { formatDateTime } from '../format.ts';
import { html } from '../html.ts';
import { heading1, link, page, table, type PageContext } from '../layout.ts';

export const AUDIT_KIND_LABELS: Record<AuditKind, string> = {
  'personal-data.read': 'Persoonsgegevens ingezien',
  'personal-data.deleted': 'Persoonsgegevens verwijderd na de bewaartermijn',
  'sign-in': 'Ingelogd',
  'sign-in.failed': 'Inloggen mislukt',
  'sign-out': 'Uitgelogd',
};

export const AUDIT_PAGE_SIZE = 100;

export function auditPage(ctx: PageContext, o: { entries: AuditEntry[]; caseId?: string; before?: number }): string {
  const rows = o.entries.map((e) => [
    formatDateTime(e.at),
    AUDIT_KIND_LABELS[e.kind] ?? e.kind,
    e.actor,
    e.caseId ? link(`/zaken/${encodeURIComponent(e.caseId)}`, e.caseId) : '—',
    e.address ?? '—',
  ]);
  const base = o.caseId ? `/toezicht/auditlog?zaak=${encodeURIComponent(o.caseId)}&` : '/toezicht/auditlog?';
  const next = o.entries.length === AUDIT_PAGE_SIZE ? link(`${base}voor=${o.entries[o.entries.length - 1]!.id}`, 'Oudere regels') : '';
  return page(
    { ...ctx, nav: 'toezicht' },
    'Auditlog',
    html`${heading1('Auditlog', 'Toezicht')}
<p class="utrecht-paragraph">Wie wanneer de persoonsgegevens van welke zaak heeft ingezien (zaakpagina, dossier, PDF, API en opdrachtregel), welke persoonsgegevens na de bewaartermijn zijn verwijderd, en aan- en afmeldingen. Nieuwste eerst.</p>
<form class="jf-filter" method="get" action="/toezicht/auditlog">
<label class="utrecht-form-label" for="zaak">Zaaknummer</label>
<input class="utrecht-textbox utrecht-textbox--html-input" id="zaak" name="zaak" maxlength="64" value="${o.caseId ?? ''}">
<button class="utrecht-button utrecht-button--secondary-action" type="submit">Filteren</button>
</form>
${rows.length ? table(`Auditlog${o.caseId ? ` van zaak ${o.caseId}` : ''}`, ['Moment', 'Wat', 'Wie', 'Zaak', 'Adres'], rows) : html`<p class="utrecht-paragraph">Geen regels${o.caseId ? ' voor deze zaak' : ''}.</p>`}
<p class="utrecht-paragraph">${next}${next ? ' · ' : ''}${link('/toezicht', 'Terug naar Toezicht')}</p>`,
  );
}
