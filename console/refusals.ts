// Refusals in Dutch: what the operations said (code, field, rule, allowed events), told to a person,
// with the form fields to mark.
import type { ApiError } from '../api/errors.ts';
import type { ProcedureDefinition } from '../machines/types.ts';
import { html, type SafeHtml } from './html.ts';
import { alert } from './layout.ts';
import { fieldId, type FieldErrors } from './forms.ts';
import { dutchRule, englishWordIn } from './glossary.ts';

const HEADLINES: Record<string, string> = {
  ROLE_NOT_ALLOWED: 'Uw rol mag deze stap niet zetten',
  EVENT_NOT_ALLOWED: 'Deze stap is in de huidige fase niet toegestaan',
  GUARD_FAILED: 'Deze stap is nu niet toegestaan',
  INVALID_PAYLOAD: 'Controleer de gemarkeerde velden',
  INVALID_CASE_ID: 'Dit zaaknummer kan niet',
  INVALID_ACTOR: 'Onbekende afzender',
  UNKNOWN_EVENT: 'Deze stap bestaat niet in deze procedure',
  UNKNOWN_PROCEDURE: 'Deze procedure bestaat niet',
  CASE_NOT_FOUND: 'Deze zaak bestaat niet',
  CASE_EXISTS: 'Er bestaat al een zaak met dit zaaknummer',
  CASE_CLOSED: 'Deze zaak is afgesloten',
  CASE_TOO_LARGE: 'Het dossier van deze zaak is vol',
  UNAVAILABLE: 'Het zaaksysteem (Temporal) is niet bereikbaar',
  OUT_OF_SCOPE: 'Deze zaak hoort bij een andere aanbieder',
  FORBIDDEN: 'U heeft hiervoor niet de juiste rol',
  CSRF_INVALID: 'Het formulier is verlopen',
  UNAUTHENTICATED: 'U bent niet ingelogd',
  RATE_LIMITED: 'Te veel pogingen',
  BAD_REQUEST: 'Dit verzoek klopt niet',
  NOT_FOUND: 'Niet gevonden',
  PAYLOAD_TOO_LARGE: 'Het formulier is te groot',
  UNSUPPORTED_MEDIA_TYPE: 'Dit soort verzoek wordt niet ondersteund',
  INTERNAL: 'Er ging iets mis',
  BUSY: 'Het is nu te druk',
};

const EXPLANATIONS: Record<string, string> = {
  ROLE_NOT_ALLOWED: 'Alleen de rollen die de procedure voor deze stap noemt mogen hem zetten. Er is niets veranderd.',
  EVENT_NOT_ALLOWED: 'De procedure laat deze stap in de huidige fase niet toe. Er is niets veranderd.',
  GUARD_FAILED: 'Er is niets veranderd. Deze stap kan alleen als:',
  INVALID_PAYLOAD: 'Er is niets vastgelegd.',
  INVALID_CASE_ID: "Gebruik 3 tot 64 letters, cijfers, '.', '_' of '-', beginnend met een letter of cijfer. Zet nooit een BSN of naam in een zaaknummer.",
  CASE_EXISTS: 'Kies een ander zaaknummer, of open de bestaande zaak.',
  CASE_CLOSED: 'Er kunnen geen stappen meer worden gezet.',
  CASE_TOO_LARGE: 'Er is niets vastgelegd. Maak de teksten korter; lukt dat niet, laat dan een supervisor de zaak annuleren en start een nieuwe zaak.',
  UNAVAILABLE: 'Probeer het over enkele ogenblikken opnieuw. Er is niets veranderd.',
  OUT_OF_SCOPE: 'U ziet en behandelt alleen zaken van uw eigen organisatie. Er is niets veranderd.',
  FORBIDDEN: 'Er is niets veranderd.',
  NOT_FOUND: 'Controleer het adres, of ga terug naar Mijn werk.',
  CSRF_INVALID: 'Uw sessie is verlopen of het formulier is te oud. Laad de pagina opnieuw en probeer het nog eens.',
  RATE_LIMITED: 'Wacht even en probeer het dan opnieuw.',
  UNKNOWN_EVENT: 'Deze procedure kent deze stap niet. Er is niets veranderd.',
  UNKNOWN_PROCEDURE: 'Kies een procedure uit de lijst bij Nieuwe zaak.',
  CASE_NOT_FOUND: 'Er is geen zaak met dit zaaknummer, of u mag haar niet zien. Zoek de zaak bij Zaken.',
  INVALID_ACTOR: 'Bij elke stap hoort wie hem zet en in welke rol. Log opnieuw in en probeer het nog eens.',
  UNAUTHENTICATED: 'Log in om verder te gaan.',
  BAD_REQUEST: 'Er is niets veranderd. Controleer wat u invulde en probeer het opnieuw.',
  PAYLOAD_TOO_LARGE: 'Maak de teksten korter en probeer het opnieuw.',
  UNSUPPORTED_MEDIA_TYPE: 'Verstuur het formulier vanuit de console.',
  INTERNAL: 'Probeer het opnieuw. Blijft het misgaan, meld het dan bij de beheerder.',
  BUSY: 'Er worden al veel dossiers als PDF gemaakt. Probeer het over enkele seconden opnieuw.',
};

/**
 * Refusals of a step whose rule is the seed's own (the procedure's rule, in Dutch); other refusals carry
 * the engine's technical message and rule (English, for logs and the API), never shown here.
 */
const STEP_REFUSALS = new Set(['ROLE_NOT_ALLOWED', 'EVENT_NOT_ALLOWED', 'GUARD_FAILED', 'INVALID_PAYLOAD']);

/** What a person reads under the headline: Dutch by code (the engine's own message is English, for logs). */
function explanation(err: ApiError): string {
  if (err.code === 'UNAUTHENTICATED' && (err.field === 'password' || err.field === 'username')) return 'Onbekende gebruikersnaam of verkeerd wachtwoord.';
  if (err.code === 'RATE_LIMITED' && err.message && !englishWordIn(err.message)) return err.message;
  return EXPLANATIONS[err.code] ?? 'Er is niets veranderd.';
}

export function headline(code: string): string {
  return HEADLINES[code] ?? 'De stap is geweigerd';
}

/** The Dutch conditions quoted in a GUARD_FAILED message ("Niet toegestaan: …"). */
export function guardConditions(message: string): string[] {
  return [...message.matchAll(/Niet toegestaan: ([^;]+)/g)].map((m) => m[1]!.trim());
}

/** Field errors for the form: the Dutch issues when known, else the refusal's own message at its field. */
export function fieldErrorsOf(err: ApiError, dutch: FieldErrors | undefined): FieldErrors {
  const out: FieldErrors = new Map(dutch ?? []);
  if (err.field && !out.has(err.field)) {
    const own: Record<string, string> = {
      caseId: EXPLANATIONS.INVALID_CASE_ID!,
      username: 'Controleer uw gebruikersnaam',
      password: 'Controleer uw wachtwoord',
    };
    if (err.code === 'INVALID_PAYLOAD' || err.code === 'INVALID_CASE_ID' || err.code === 'CASE_EXISTS' || err.code === 'BAD_REQUEST') {
      out.set(err.field, err.code === 'CASE_EXISTS' ? headline('CASE_EXISTS') : (own[err.field] ?? err.message));
    }
  }
  return out;
}

/**
 * The error summary at the top of the page: headline, explanation, the fields (linked to their inputs),
 * the rule that refused and what the user may do instead.
 */
export function refusalSummary(
  err: ApiError,
  opts: { formId?: string; fields?: FieldErrors; fieldLabels?: Map<string, string>; def?: ProcedureDefinition; id?: string; stateLabel?: string },
): SafeHtml {
  const conditions = err.code === 'GUARD_FAILED' ? guardConditions(err.message) : [];
  const allowed = (err.allowedEvents ?? []).flatMap((t) => opts.def?.events[t]?.label ?? []);
  const fields = [...(opts.fields ?? new Map()).entries()];
  const body = html`
<p class="utrecht-paragraph">${explanation(err)}</p>
${err.message && !englishWordIn(err.message) && err.code !== 'GUARD_FAILED' && EXPLANATIONS[err.code] !== undefined && !err.field ? html`<p class="utrecht-paragraph">${err.message}</p>` : ''}
${conditions.length ? html`<ul class="utrecht-unordered-list">${conditions.map((c) => html`<li class="utrecht-unordered-list__item">${c}</li>`)}</ul>` : ''}
${
  fields.length
    ? html`<ul class="utrecht-unordered-list">${fields.map(
        ([name, message]) =>
          html`<li class="utrecht-unordered-list__item">${opts.formId ? html`<a class="utrecht-link utrecht-link--html-a" href="#${fieldId(opts.formId, name)}">${opts.fieldLabels?.get(name) ?? name}: ${message}</a>` : html`${opts.fieldLabels?.get(name) ?? name}: ${message}`}</li>`,
      )}</ul>`
    : ''
}
${opts.stateLabel && STEP_REFUSALS.has(err.code) ? html`<p class="utrecht-paragraph">Fase van de zaak: ${opts.stateLabel}.</p>` : ''}
${dutchRule(err.rule) ? html`<p class="utrecht-paragraph">Regel: ${dutchRule(err.rule)}</p>` : ''}
${err.allowedEvents ? html`<p class="utrecht-paragraph">${allowed.length ? `Wat u nu wel kunt doen: ${allowed.join('; ')}.` : 'U kunt in deze fase niets doen.'}</p>` : ''}`;
  return html`<div class="jf-error-summary" data-jf-focus tabindex="-1" id="${opts.id ?? 'foutmelding'}">${alert('error', body, { role: 'alert', heading: headline(err.code) })}</div>`;
}
