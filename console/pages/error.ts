// Error pages.
import type { ApiError } from '../../api/errors.ts';
import { html } from '../html.ts';
import { heading1, link, page, type PageContext } from '../layout.ts';
import { headline, refusalSummary } from '../refusals.ts';

export function errorPage(ctx: PageContext, err: ApiError): string {
  return page(
    ctx,
    headline(err.code),
    html`${heading1(headline(err.code))}
${refusalSummary(err, {})}
<p class="utrecht-paragraph">${link('/mijn-werk', 'Naar Mijn werk')}</p>`,
  );
}
