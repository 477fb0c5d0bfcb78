// Inloggen.
import type { ApiError } from '../../api/errors.ts';
import { html } from '../html.ts';
import { csrfInput, heading1, page, type PageContext } from '../layout.ts';
import { refusalSummary } from '../refusals.ts';

export function loginPage(ctx: PageContext, opts: { next?: string; username?: string; error?: ApiError; loggedOut?: boolean }): string {
  const fields = new Map<string, string>();
  if (opts.error?.code === 'UNAUTHENTICATED') fields.set('password', 'Onbekende gebruiker of onjuist wachtwoord');
  const invalid = fields.size > 0;
  return page(
    ctx,
    'Inloggen',
    html`${heading1('Inloggen')}
${opts.loggedOut ? html`<div class="utrecht-alert utrecht-alert--ok jf-alert" role="status"><div class="utrecht-alert__content"><p class="utrecht-alert__message utrecht-paragraph">U bent uitgelogd.</p></div></div>` : ''}
${opts.error ? refusalSummary(opts.error, { formId: 'inloggen', fields, fieldLabels: new Map([['password', 'Wachtwoord']]) }) : ''}
<form method="post" action="/inloggen" class="jf-form" novalidate>
  ${csrfInput(ctx.csrfToken)}
  ${opts.next ? html`<input type="hidden" name="next" value="${opts.next}">` : ''}
  <div class="utrecht-form-field utrecht-form-field--text">
    <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="f-inloggen-username">Gebruikersnaam</label></div>
    <div class="utrecht-form-field__input"><input class="utrecht-textbox utrecht-textbox--html-input" id="f-inloggen-username" name="username" autocomplete="username" aria-required="true" value="${opts.username ?? ''}"${invalid ? html` aria-invalid="true"` : ''}></div>
  </div>
  <div class="utrecht-form-field utrecht-form-field--text${invalid ? ' utrecht-form-field--invalid' : ''}">
    <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="f-inloggen-password">Wachtwoord</label></div>
    ${invalid ? html`<div class="utrecht-form-field__error-message utrecht-form-field-error-message" id="f-inloggen-password-fout"><span class="jf-visually-hidden">Fout: </span>${fields.get('password')}</div>` : ''}
    <div class="utrecht-form-field__input"><input type="password" class="utrecht-textbox utrecht-textbox--html-input utrecht-textbox--password${invalid ? ' utrecht-textbox--invalid' : ''}" id="f-inloggen-password" name="password" autocomplete="current-password" aria-required="true"${invalid ? html` aria-invalid="true" aria-describedby="f-inloggen-password-fout"` : ''}></div>
  </div>
  <button type="submit" class="utrecht-button utrecht-button--primary-action">Inloggen</button>
</form>`,
  );
}
