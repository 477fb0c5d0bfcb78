// Post: the mail the local mail catcher of `npm start` caught ("Post" to its readers, never "mailcatcher") (nothing leaves the machine), newest first,
// and one mail with its headers, its text and its HTML. The HTML is the mail's own, unsanitised: it is
// shown in a sandboxed iframe from /post/<id>/html, served under its own CSP (no scripts, no network).
import type { CaughtMail, CaughtMailContent } from '../../mail/catcher.ts';
import { formatDateTime } from '../format.ts';
import { html, type SafeHtml } from '../html.ts';
import { dataList, heading1, link, page, table, type PageContext } from '../layout.ts';

const RAW_LIMIT = 200_000;

export const postPath = (id: string) => `/post/${encodeURIComponent(id)}`;

/** RFC 2047 encoded words (`=?UTF-8?Q?Herinnering_=E2=80=93?=`) in a raw header line, decoded for reading. */
export function decodeMimeWords(value: string): string {
  return value
    .replace(/(=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g, (word, charset: string, encoding: string, text: string) => {
      try {
        const bytes =
          encoding.toUpperCase() === 'B'
            ? Buffer.from(text, 'base64')
            : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
        return new TextDecoder(charset.replace(/\*.*$/, '').toLowerCase()).decode(bytes);
      } catch {
        return word;
      }
    });
}

const subjectOf = (m: CaughtMail) => m.subject?.trim() || '(geen onderwerp)';
const recipients = (to: readonly string[]) => (to.length ? to.join(', ') : '—');

const INTRO = html`<p class="utrecht-paragraph">Op deze testomgeving komt elke e-mail die jeugdflow verstuurt hier terecht: niets gaat echt de deur uit. Hier staat wat er is verstuurd, zoals de ontvanger het zou krijgen.</p>`;

export function postListPage(ctx: PageContext, opts: { mails: CaughtMail[]; total: number }): string {
  const rows = opts.mails.map((m) => [
    link(postPath(m.id), subjectOf(m)),
    html`<span class="jf-wrap">${recipients(m.to)}</span>`,
    html`<span class="jf-wrap">${m.from ?? m.envelopeFrom ?? '—'}</span>`,
    formatDateTime(m.receivedAt),
  ]);
  const caption = opts.total > opts.mails.length ? `Ontvangen e-mail: de nieuwste ${opts.mails.length} van ${opts.total}` : `Ontvangen e-mail (${opts.total})`;
  return page(
    { ...ctx, nav: 'post' },
    'Post',
    html`${heading1('Post')}
${INTRO}
${rows.length ? table(caption, ['Onderwerp', 'Aan', 'Van', 'Ontvangen'], rows) : html`<p class="utrecht-paragraph">Er is nog geen e-mail gevangen.</p>`}`,
  );
}

export function postMailPage(ctx: PageContext, mail: CaughtMailContent): string {
  const h = Object.fromEntries(Object.entries(mail.headers).map(([k, v]) => [k, decodeMimeWords(v)])) as Record<string, string | undefined>;
  const caseId = h['x-jeugdflow-case'];
  const envelopeDiffers = h.to === undefined || mail.to.some((a) => !h.to!.toLowerCase().includes(a.toLowerCase()));
  const rows: [string, SafeHtml | string][] = [
    ['Aan', html`<span class="jf-break">${h.to ?? recipients(mail.to)}</span>`],
    ...(envelopeDiffers && mail.to.length ? ([['Ontvangers (SMTP)', html`<span class="jf-break">${recipients(mail.to)}</span>`]] as [string, SafeHtml][]) : []),
    ['Van', html`<span class="jf-break">${h.from ?? mail.from ?? mail.envelopeFrom ?? '—'}</span>`],
    ['Datum', mail.date ? formatDateTime(mail.date) : (h.date ?? '—')],
    ['Onderwerp', subjectOf(mail)],
    ['Message-ID', mail.messageId ? html`<code class="utrecht-code jf-break">${mail.messageId}</code>` : '—'],
    ...(caseId ? ([['Zaak', link(`/zaken/${encodeURIComponent(caseId)}`, caseId)]] as [string, SafeHtml][]) : []),
    ['Hier ontvangen', formatDateTime(mail.receivedAt)],
  ];
  const headerRows = Object.entries(h).map(([k, v]) => [html`<code class="utrecht-code">${k}</code>`, html`<code class="utrecht-code jf-break">${v}</code>`]);
  return page(
    { ...ctx, nav: 'post' },
    `E-mail: ${subjectOf(mail)}`,
    html`${heading1(subjectOf(mail), 'Post')}
<p class="utrecht-paragraph jf-no-print">${link('/post', 'Terug naar alle post')}</p>
${dataList(rows)}

<section class="jf-section" aria-labelledby="tekst-kop">
<h2 class="utrecht-heading-2" id="tekst-kop">Tekst</h2>
${mail.text?.trim() ? html`<pre class="jf-mail-text">${mail.text.trimEnd()}</pre>` : html`<p class="utrecht-paragraph">Deze e-mail heeft geen tekstversie.</p>`}
</section>

<section class="jf-section" aria-labelledby="html-kop">
<h2 class="utrecht-heading-2" id="html-kop">Opgemaakte versie (HTML)</h2>
${
  mail.html
    ? html`<p class="utrecht-paragraph jf-muted">Zonder scripts en zonder afbeeldingen of andere inhoud van buiten; links werken hier niet.</p>
<iframe class="jf-mail-frame" src="${postPath(mail.id)}/html" sandbox="" referrerpolicy="no-referrer" title="Opgemaakte versie van de e-mail: ${subjectOf(mail)}"></iframe>`
    : html`<p class="utrecht-paragraph">Deze e-mail heeft geen HTML-versie.</p>`
}
</section>

<section class="jf-section jf-no-print" aria-labelledby="kop-kop">
<h2 class="utrecht-heading-2" id="kop-kop">Technisch</h2>
<details class="jf-details"><summary>Alle kopregels (${headerRows.length})</summary>${table('Kopregels van de e-mail', ['Kopregel', 'Waarde'], headerRows)}</details>
<details class="jf-details"><summary>Bron (.eml, ${mail.size.toLocaleString('nl-NL')} bytes)</summary><pre class="jf-mail-text jf-mail-text--raw">${mail.raw.length > RAW_LIMIT ? `${mail.raw.slice(0, RAW_LIMIT)}\n…` : mail.raw}</pre>${mail.raw.length > RAW_LIMIT ? html`<p class="utrecht-paragraph jf-muted">Ingekort: de eerste ${RAW_LIMIT.toLocaleString('nl-NL')} tekens.</p>` : ''}</details>
</section>`,
  );
}

/**
 * The policy of the framed mail HTML: nothing runs, nothing is fetched (remote images and fonts stay out,
 * so no tracking pixel fires), inline styles only, in a sandbox of its own, framed only by the console.
 */
export const MAIL_FRAME_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox";
