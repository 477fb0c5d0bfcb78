// Nieuwe zaak: choose a procedure, then a form from its start schema (and personal-data schema).
import type { ApiError } from '../../api/errors.ts';
import type { ProcedureDefinition } from '../../machines/types.ts';
import type { ProcedureDescription } from '../../operations/index.ts';
import { z } from 'zod';
import { LETTER_DATA } from '../../machines/automaticLetterMachine.ts';
import { roleLabel } from '../format.ts';
import { fieldLabels, renderFields, type FieldErrors, type FormBody, type JsonSchema } from '../forms.ts';
import { html } from '../html.ts';
import { csrfInput, heading1, link, page, type PageContext } from '../layout.ts';
import { refusalSummary } from '../refusals.ts';
import { ACCOUNTABILITY_OPEN_PATH, ACCOUNTABILITY_OPEN_TITLE } from './accountabilityOpen.ts';

export const START_FORM_ID = 'nieuwe-zaak';

const LETTER_FORMS = Object.fromEntries(
  Object.entries(LETTER_DATA).map(([letter, schema]) => {
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema & { $schema?: string };
    delete json.$schema;
    return [letter, { ...json, description: 'Gegevens van de brief (feiten van de zaak, geen persoonsgegevens)' }];
  }),
) as Record<string, JsonSchema>;

/**
 * The start schema as a form: a free map of facts (an automatic letter's data) becomes the fields of the
 * chosen letter's own schema, so nobody types JSON. Every other schema is its own form.
 */
export function startFormSchema(desc: ProcedureDescription, values?: FormBody): JsonSchema {
  const schema = desc.startSchema as JsonSchema;
  const data = schema.properties?.data;
  const letters = schema.properties?.letter?.enum;
  if (!data || data.properties || !letters) return schema;
  const chosen = String(values?.['data.letter'] ?? letters[0]);
  const letterSchema = LETTER_FORMS[chosen] ?? LETTER_FORMS[String(letters[0])];
  if (!letterSchema) return schema;
  return { ...schema, properties: { ...schema.properties, data: letterSchema } };
}

export function chooseProcedurePage(ctx: PageContext, procedures: ProcedureDescription[]): string {
  return page(
    { ...ctx, nav: 'nieuw' },
    'Nieuwe zaak',
    html`${heading1('Nieuwe zaak')}
${
  procedures.length
    ? html`<p class="utrecht-paragraph">Kies de procedure.</p>
<ul class="utrecht-unordered-list jf-procedures">${procedures.map(
        (p) => html`<li class="utrecht-unordered-list__item"><h2 class="utrecht-heading-3">${link(`/zaken/nieuw/${encodeURIComponent(p.id)}`, p.title)}</h2><p class="utrecht-paragraph">${p.description}</p><p class="utrecht-paragraph jf-muted">Bron: ${p.seed}. Starten: ${p.startRoles.map(roleLabel).join(', ')}.</p>${
          p.id === 'accountability' && !ctx.user?.provider ? html`<p class="utrecht-paragraph">${link(ACCOUNTABILITY_OPEN_PATH, ACCOUNTABILITY_OPEN_TITLE)}: één zaak per gecontracteerde aanbieder, in één keer.</p>` : ''
        }</li>`,
      )}</ul>`
    : html`<p class="utrecht-paragraph">Met uw rol kunt u geen zaak starten.</p>`
}`,
  );
}

export function newCasePage(
  ctx: PageContext,
  o: { desc: ProcedureDescription; def: ProcedureDefinition; personalSchema?: JsonSchema; suggestion: string; values?: FormBody; error?: ApiError; fields?: FieldErrors },
): string {
  const user = ctx.user!;
  const roles = user.roles.filter((r) => o.def.startRoles.includes(r));
  const startSchema = startFormSchema(o.desc, o.values);
  const personalSchema = o.personalSchema;
  const hasOwnOptOut = Boolean(startSchema.properties?.optOut);
  const values = o.values ?? {};
  const fields = o.fields ?? new Map<string, string>();
  const labels = new Map([...fieldLabels(startSchema, 'data'), ...(personalSchema ? fieldLabels(personalSchema, 'personalData') : []), ['caseId', 'Zaaknummer']]);
  const caseIdError = fields.get('caseId');
  const startFields = renderFields(startSchema, { prefix: 'data', formId: START_FORM_ID, values, errors: fields, ...(user.provider ? { fixed: { 'data.provider': user.provider } } : {}) });
  return page(
    { ...ctx, nav: 'nieuw' },
    `Nieuwe zaak: ${o.desc.title}`,
    html`${heading1(o.desc.title, 'Nieuwe zaak')}
${o.error ? refusalSummary(o.error, { formId: START_FORM_ID, fields, fieldLabels: labels, def: o.def }) : ''}
<p class="utrecht-paragraph">${o.desc.description}</p>
<form method="post" action="/zaken/nieuw/${encodeURIComponent(o.desc.id)}" class="jf-form" novalidate>
  ${csrfInput(ctx.csrfToken)}
  ${String(startFields).includes('name="_add"') ? html`<button type="submit" class="jf-visually-hidden" tabindex="-1" aria-hidden="true">Verzenden</button>` : ''}
  <div class="utrecht-form-field utrecht-form-field--text${caseIdError ? ' utrecht-form-field--invalid' : ''}">
    <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="f-${START_FORM_ID}-caseId">Zaaknummer</label></div>
    <div class="utrecht-form-field__description utrecht-form-field-description" id="f-${START_FORM_ID}-caseId-uitleg">3 tot 64 letters, cijfers, '.', '_' of '-'. Nooit een BSN of naam.</div>
    ${caseIdError ? html`<div class="utrecht-form-field__error-message utrecht-form-field-error-message" id="f-${START_FORM_ID}-caseId-fout"><span class="jf-visually-hidden">Fout: </span>${caseIdError}</div>` : ''}
    <div class="utrecht-form-field__input"><input type="text" class="utrecht-textbox utrecht-textbox--html-input${caseIdError ? ' utrecht-textbox--invalid' : ''}" id="f-${START_FORM_ID}-caseId" name="caseId" autocomplete="off" aria-required="true" value="${String(values.caseId ?? o.suggestion)}" aria-describedby="f-${START_FORM_ID}-caseId-uitleg${caseIdError ? ` f-${START_FORM_ID}-caseId-fout` : ''}"${caseIdError ? html` aria-invalid="true"` : ''}></div>
  </div>
  ${
    roles.length > 1
      ? html`<div class="utrecht-form-field utrecht-form-field--text"><div class="utrecht-form-field__label"><label class="utrecht-form-label" for="f-${START_FORM_ID}-role">In de rol van</label></div><div class="utrecht-form-field__input"><select class="utrecht-select utrecht-select--html-select" id="f-${START_FORM_ID}-role" name="role">${roles.map((r) => html`<option value="${r}">${roleLabel(r)}</option>`)}</select></div></div>`
      : ''
  }
  ${startFields}
  ${
    personalSchema
      ? html`<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset jf-fieldset"><legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">Persoonsgegevens jeugdige <span class="jf-optional">(niet verplicht; apart bewaard, nooit in het zaaknummer)</span></legend>
      ${renderFields(personalSchema, { prefix: 'personalData', formId: START_FORM_ID, values, errors: fields })}
      ${
        hasOwnOptOut
          ? ''
          : html`<div class="utrecht-form-field utrecht-form-field--checkbox"><div class="utrecht-form-field__input"><input type="checkbox" class="utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom" id="f-${START_FORM_ID}-optOut" name="optOut" value="true"${values.optOut ? html` checked` : ''}></div><div class="utrecht-form-field__label"><label class="utrecht-form-label utrecht-form-label--checkbox" for="f-${START_FORM_ID}-optOut">Opt-out: geen toestemming om gegevens te delen met de opdrachtgever</label></div></div>`
      }
      </fieldset>`
      : ''
  }
  <button type="submit" class="utrecht-button utrecht-button--primary-action">Zaak starten</button>
</form>`,
  );
}
