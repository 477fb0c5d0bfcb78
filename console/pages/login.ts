// Inloggen: with the organisation's account (OpenID Connect, when configured) and/or a local user name
// and password (users.json).
import type { ApiError } from '../../api/errors.ts';
import { html } from '../html.ts';
import { alert, csrfInput, heading1, page, type PageContext } from '../layout.ts';
import { refusalSummary } from '../refusals.ts';

export interface LoginPageOptions {
  next?: string;
  username?: string;
  error?: ApiError;
  loggedOut?: boolean;
  /** OpenID Connect is configured: offer "Inloggen met uw organisatieaccount" (this URL starts it). */
  oidcUrl?: string;
  /** The sign-in with the organisation's account was refused (claims, state): its Dutch message. */
  oidcError?: string;
  /** Local users exist (users.json or the demo users): show the password form. Default true. */
  passwordLogin?: boolean;
}

export function loginPage(ctx: PageContext, opts: LoginPageOptions): string {
  const fields = new Map<string, string>();
  if (opts.error?.code === 'UNAUTHENTICATED') fields.set('password', 'Onbekende gebruiker of onjuist wachtwoord');
  const invalid = fields.size > 0;
  const passwordLogin = opts.passwordLogin !== false;
  const oidcHref = opts.oidcUrl ? `${opts.oidcUrl}${opts.next && opts.next !== '/mijn-werk' ? `?terug=${encodeURIComponent(opts.next)}` : ''}` : undefined;
  // A rate limit says how long to wait (its message); other refusals get the usual summary.
  const refusal = opts.error
    ? opts.error.code === 'RATE_LIMITED'
      ? html`<div class="jf-error-summary" data-jf-focus tabindex="-1" id="foutmelding">${alert('error', opts.error.message, { role: 'alert', heading: 'Te veel pogingen' })}</div>`
      : refusalSummary(opts.error, { formId: 'inloggen', fields, fieldLabels: new Map([['password', 'Wachtwoord']]) })
    : '';
  return page(
    ctx,
    'Inloggen',
    html`${heading1('Inloggen')}
${opts.loggedOut ? html`<div class="utrecht-alert utrecht-alert--ok jf-alert" role="status"><div class="utrecht-alert__content"><p class="utrecht-alert__message utrecht-paragraph">U bent uitgelogd.</p></div></div>` : ''}
${opts.oidcError ? html`<div class="jf-error-summary" data-jf-focus tabindex="-1" id="foutmelding">${alert('error', opts.oidcError, { role: 'alert', heading: 'Inloggen met uw organisatieaccount is niet gelukt' })}</div>` : ''}
${refusal}
${
  oidcHref
    ? html`<p class="utrecht-paragraph"><a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action" href="${oidcHref}" id="inloggen-organisatie">Inloggen met uw organisatieaccount</a></p>
${passwordLogin ? html`<h2 class="utrecht-heading-2">Of met gebruikersnaam en wachtwoord</h2>` : ''}`
    : ''
}
${
  passwordLogin
    ? html`<form method="post" action="/inloggen" class="jf-form" novalidate>
  ${csrfInput(ctx.csrfToken)}
  ${opts.next ? html`<input type="hidden" name="next" value="${opts.next}">` : ''}
  <div class="utrecht-form-field utrecht-form-field--text">
    <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="f-inloggen-username">Gebruikersnaam</label></div>
    <div class="utrecht-form-field__input"><input class="utrecht-textbox utrecht-textbox--html-input" id="f-inloggen-username" name="username" autocomplete="username" aria-required="true" maxlength="64" value="${opts.username ?? ''}"${invalid ? html` aria-invalid="true"` : ''}></div>
  </div>
  <div class="utrecht-form-field utrecht-form-field--text${invalid ? ' utrecht-form-field--invalid' : ''}">
    <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="f-inloggen-password">Wachtwoord</label></div>
    ${invalid ? html`<div class="utrecht-form-field__error-message utrecht-form-field-error-message" id="f-inloggen-password-fout"><span class="jf-visually-hidden">Fout: </span>${fields.get('password')}</div>` : ''}
    <div class="utrecht-form-field__input"><input type="password" class="utrecht-textbox utrecht-textbox--html-input utrecht-textbox--password${invalid ? ' utrecht-textbox--invalid' : ''}" id="f-inloggen-password" name="password" autocomplete="current-password" aria-required="true"${invalid ? html` aria-invalid="true" aria-describedby="f-inloggen-password-fout"` : ''}></div>
  </div>
  <button type="submit" class="utrecht-button utrecht-button--primary-action">Inloggen</button>
</form>`
    : ''
}`,
  );
}
