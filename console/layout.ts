// The page frame: NL Design System (Utrecht) components, skip link, navigation, user and log-out.
import type { User } from '../api/users.ts';
import { CSRF_FIELD } from '../api/sessions.ts';
import { deadlineStatus, formatDay, roleList } from './format.ts';
import { html, type SafeHtml } from './html.ts';

export type NavKey = 'werk' | 'zaken' | 'overzicht' | 'nieuw' | 'toezicht' | 'post' | 'none';

export interface PageContext {
  user?: User;
  csrfToken?: string;
  nav?: NavKey;
  /** The procedures this user may start (shows "Nieuwe zaak"). */
  canStart?: boolean;
  /** The demo accounts of config/users.example.json are in use. */
  demo?: boolean;
  /** The local mail catcher runs and this user may read its mail (shows "Post"). */
  post?: boolean;
}

export function csrfInput(token: string | undefined): SafeHtml {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${token ?? ''}">`;
}

function navItem(href: string, label: string, key: NavKey, current: NavKey | undefined): SafeHtml {
  const active = key === current;
  return html`<li class="utrecht-nav-list__item"><a class="utrecht-nav-list__link utrecht-link utrecht-link--html-a${active ? ' utrecht-link--current' : ''}" href="${href}"${active ? html` aria-current="page"` : ''}>${label}</a></li>`;
}

export function page(ctx: PageContext, title: string, main: SafeHtml): string {
  const user = ctx.user;
  const nav = user
    ? html`<nav class="utrecht-nav-bar jf-nav" aria-label="Hoofdmenu"><div class="utrecht-nav-bar__content"><ul class="utrecht-nav-list jf-nav__list">
${navItem('/mijn-werk', 'Mijn werk', 'werk', ctx.nav)}
${navItem('/zaken', 'Zaken', 'zaken', ctx.nav)}
${navItem('/overzicht', 'Overzicht', 'overzicht', ctx.nav)}
${ctx.canStart ? navItem('/zaken/nieuw', 'Nieuwe zaak', 'nieuw', ctx.nav) : ''}
${user.roles.includes('supervisor') ? navItem('/toezicht', 'Toezicht', 'toezicht', ctx.nav) : ''}
${ctx.post ? navItem('/post', 'Post', 'post', ctx.nav) : ''}
</ul></div></nav>`
    : html``;
  const who = user
    ? html`<div class="jf-user"><p class="utrecht-paragraph jf-user__name">${user.name} <span class="jf-user__roles">(${roleList(user.roles)}${user.provider ? `, aanbieder ${user.provider}` : ''})</span></p>
<form method="post" action="/uitloggen" class="jf-user__logout">${csrfInput(ctx.csrfToken)}<button type="submit" class="utrecht-button utrecht-button--subtle">Uitloggen</button></form></div>`
    : html``;
  return `<!doctype html>${html`<html lang="nl" class="utrecht-theme">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — jeugdflow</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/design-tokens.css">
<link rel="stylesheet" href="/assets/utrecht.css">
<link rel="stylesheet" href="/assets/console.css">
<script src="/assets/console.js" defer></script>
</head>
<body class="utrecht-document utrecht-page-layout jf-body">
<a class="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#inhoud">Naar de inhoud</a>
<header class="utrecht-page-header jf-header">
  <div class="utrecht-page-header__content jf-header__content">
    <p class="jf-brand"><a class="utrecht-link utrecht-link--html-a jf-brand__link" href="/">jeugdflow</a> <span class="jf-brand__sub">Contractmanagement jeugdhulp</span></p>
    ${who}
  </div>
  ${nav}
</header>
<div class="utrecht-page-body jf-page-body">
<main id="inhoud" class="utrecht-page-content jf-main" tabindex="-1">
${ctx.demo ? html`<div class="utrecht-alert utrecht-alert--warning jf-demo" role="note"><div class="utrecht-alert__content"><p class="utrecht-alert__message utrecht-paragraph">Demo-omgeving: de voorbeeldgebruikers uit <code class="utrecht-code">config/users.example.json</code> zijn actief. Gebruik dit niet met echte gegevens.</p></div></div>` : ''}
${main}
</main>
</div>
<footer class="utrecht-page-footer jf-footer"><div class="utrecht-page-footer__content"><p class="utrecht-paragraph">jeugdflow — procedures uit de contracten jeugdhulp, met wettelijke termijnen volgens de Algemene termijnenwet. <a class="utrecht-link utrecht-link--html-a" href="/openapi.json">API (OpenAPI)</a> · <a class="utrecht-link utrecht-link--html-a" href="/healthz">Status</a></p></div></footer>
</body>
</html>`}`;
}

// ---------------------------------------------------------------------------------------------
// Small components

export function heading1(text: string, pre?: string): SafeHtml {
  return pre
    ? html`<hgroup class="utrecht-heading-group"><p class="utrecht-pre-heading">${pre}</p><h1 class="utrecht-heading-1">${text}</h1></hgroup>`
    : html`<h1 class="utrecht-heading-1">${text}</h1>`;
}

export function alert(kind: 'info' | 'ok' | 'warning' | 'error', body: SafeHtml | string, opts: { role?: 'alert' | 'status'; id?: string; heading?: string } = {}): SafeHtml {
  return html`<div class="utrecht-alert utrecht-alert--${kind} jf-alert"${opts.role ? html` role="${opts.role}"` : ''}${opts.id ? html` id="${opts.id}" tabindex="-1"` : ''}><div class="utrecht-alert__content"><div class="utrecht-alert__message">${opts.heading ? html`<h2 class="utrecht-heading-3 jf-alert__heading">${opts.heading}</h2>` : ''}${typeof body === 'string' ? html`<p class="utrecht-paragraph">${body}</p>` : body}</div></div></div>`;
}

export function badge(kind: 'danger' | 'warning' | 'success' | 'neutral' | 'active' | 'inactive', text: string): SafeHtml {
  return html`<span class="utrecht-status-badge utrecht-status-badge--${kind}">${text}</span>`;
}

/**
 * The next due date as every list shows it (Mijn werk, Zaken, Toezicht): a stopped clock reads as such
 * ("Klok staat stil sinds …"), an overdue term as "Termijn verstreken", a running one as just its date.
 */
export function deadlineCell(c: { nextDueAt?: string; overdue: boolean; clockStoppedSince?: string }): SafeHtml | string {
  if (!c.nextDueAt && !c.clockStoppedSince && !c.overdue) return '—';
  const status = deadlineStatus({ overdue: c.overdue, ...(c.clockStoppedSince ? { clockStoppedSince: c.clockStoppedSince } : {}) });
  const label = status.kind === 'danger' ? 'Termijn verstreken' : status.label;
  return html`${c.nextDueAt ? html`<span class="jf-nowrap">${formatDay(c.nextDueAt)}</span>` : ''}${status.kind === 'neutral' ? '' : html` ${badge(status.kind, label)}`}`;
}

export function dataList(rows: [string, SafeHtml | string][]): SafeHtml {
  return html`<dl class="utrecht-data-list utrecht-data-list--rows jf-data-list">${rows.map(
    ([k, v]) => html`<div class="utrecht-data-list__item"><dt class="utrecht-data-list__item-key">${k}</dt><dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">${v}</dd></div>`,
  )}</dl>`;
}

export function table(caption: string, headers: string[], rows: (SafeHtml | string)[][], opts: { captionHidden?: boolean } = {}): SafeHtml {
  return html`<div class="utrecht-table__container jf-table-container"><table class="utrecht-table utrecht-table--html-table jf-table">
<caption class="utrecht-table__caption${opts.captionHidden ? ' jf-visually-hidden' : ''}">${caption}</caption>
<thead class="utrecht-table__header"><tr class="utrecht-table__row">${headers.map((h) => html`<th scope="col" class="utrecht-table__header-cell">${h}</th>`)}</tr></thead>
<tbody class="utrecht-table__body">${rows.map((r) => html`<tr class="utrecht-table__row">${r.map((c, i) => (i === 0 ? html`<th scope="row" class="utrecht-table__header-cell jf-rowhead">${c}</th>` : html`<td class="utrecht-table__cell">${c}</td>`))}</tr>`)}</tbody>
</table></div>`;
}

export function link(href: string, text: string | SafeHtml): SafeHtml {
  return html`<a class="utrecht-link utrecht-link--html-a" href="${href}">${text}</a>`;
}

export const PAGE_SIZE = 50;

/** The page number from a `?pagina=` query value: 1 when absent or not a positive integer. */
export function pageNumber(query: unknown): number {
  const raw = (query as { pagina?: unknown } | undefined)?.pagina;
  const n = typeof raw === 'string' && /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  return Math.max(1, n);
}

/**
 * One page of a long list, and the Utrecht pagination under it (previous, numbered pages around the
 * current one, next). `href(n)` is the address of page n. Nothing to page: no navigation.
 */
export function paginate<T>(items: readonly T[], current: number, href: (n: number) => string, size = PAGE_SIZE): { items: T[]; nav: SafeHtml | string; range: string } {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const n = Math.min(current, pages);
  const slice = items.slice((n - 1) * size, n * size);
  const range = items.length > size ? `${(n - 1) * size + 1}–${(n - 1) * size + slice.length} van ${items.length}` : String(items.length);
  if (pages === 1) return { items: slice, nav: '', range };
  const shown = [...new Set([1, n - 2, n - 1, n, n + 1, n + 2, pages])].filter((p) => p >= 1 && p <= pages).sort((a, b) => a - b);
  const relative = (to: number, rel: 'prev' | 'next', text: string) =>
    to >= 1 && to <= pages
      ? html`<a class="utrecht-pagination__relative-link utrecht-pagination__relative-link--${rel}" rel="${rel}" href="${href(to)}">${text}</a>`
      : html`<span class="utrecht-pagination__relative-link utrecht-pagination__relative-link--${rel} utrecht-pagination__relative-link--disabled" aria-disabled="true">${text}</span>`;
  const nav = html`<nav class="utrecht-pagination utrecht-pagination--distanced" aria-label="Paginering">
${relative(n - 1, 'prev', 'Vorige')}
${shown.map((p, i) => html`${i > 0 && p - shown[i - 1]! > 1 ? html`<span aria-hidden="true">…</span>` : ''}${
    p === n
      ? html`<a class="utrecht-pagination__page-link utrecht-pagination__page-link--current" aria-current="page" href="${href(p)}" aria-label="Pagina ${p}">${p}</a>`
      : html`<a class="utrecht-pagination__page-link" href="${href(p)}" aria-label="Pagina ${p}">${p}</a>`
  }`)}
${relative(n + 1, 'next', 'Volgende')}
</nav>`;
  return { items: slice, nav, range };
}
