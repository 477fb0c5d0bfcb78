// Forms generated from the JSON Schema of an event payload or start data (z.toJSONSchema of the
// machines' zod schemas), and the way back: form fields → a JSON value for the operation. Field names
// are dot paths with the prefix the operations use in their errors (`payload.reason`, `data.provider`),
// so a refusal's `field` points straight at the input to mark.
import { z } from 'zod';
import { FIELD_LABELS, glossaryLabel, NO, YES } from './glossary.ts';
import { html, slug, type SafeHtml } from './html.ts';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  description?: string;
  title?: string;
  enum?: unknown[];
  const?: unknown;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  pattern?: string;
  format?: string;
}

/** Submitted form body: field name → value (repeated names give arrays). */
export type FormBody = Record<string, unknown>;
export type FieldErrors = Map<string, string>;

export interface FormVariant {
  /** Discriminator value as text ('' for a plain object). */
  key: string;
  label: string;
  schema: JsonSchema;
}

// Also the shared `isoDate()` of machines/schemas.ts, whose pattern groups year, month and day.
const DATE_PATTERN = /^\^?\(?\\d\{4\}\)?-\(?\\d\{2\}\)?-\(?\\d\{2\}\)?\$?$/;

function alternatives(schema: JsonSchema): JsonSchema[] | undefined {
  return schema.oneOf ?? schema.anyOf;
}

function constOf(schema: JsonSchema | undefined): unknown {
  if (!schema) return undefined;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length === 1) return schema.enum[0];
  return undefined;
}

/** The property every alternative fixes to a constant (`rung`, `action`), if any. */
export function discriminatorOf(options: JsonSchema[]): string | undefined {
  const first = options[0]?.properties;
  if (!first) return undefined;
  return Object.keys(first).find((key) => options.every((o) => constOf(o.properties?.[key]) !== undefined));
}

/**
 * One form per alternative of a union (e.g. "Trede 1" and "Trede 2"), one for a plain object. Without
 * JavaScript a form cannot change its fields, so each alternative gets its own.
 */
export function variantsOf(schema: JsonSchema, label?: (value: unknown, property: string, description?: string) => string): FormVariant[] {
  const options = alternatives(schema);
  const disc = options ? discriminatorOf(options) : undefined;
  if (!options || !disc) return [{ key: '', label: '', schema }];
  return options.map((o) => {
    const prop = o.properties![disc]!;
    const value = constOf(prop);
    return {
      key: String(value),
      label: label ? label(value, disc, prop.description) : `${prop.description ?? disc} ${String(value)}`,
      schema: o,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Rendering

export interface RenderOptions {
  /** Name prefix: `payload`, `data`, `personalData`, `fix`. */
  prefix: string;
  /** Makes ids unique when a page has several forms. */
  formId: string;
  values?: FormBody;
  errors?: FieldErrors;
  /** Fields shown but not editable (e.g. a provider user's own provider code). */
  fixed?: Record<string, string>;
  /** Choices for a free-text field (e.g. the names of the case's open deadlines), with their labels. */
  choices?: Record<string, { value: string; label: string }[]>;
}

function optionLabel(value: unknown): string {
  return glossaryLabel(value) ?? humanize(String(value));
}

export const fieldId = (formId: string, name: string) => `f-${slug(formId)}-${slug(name)}`;

function typeOf(schema: JsonSchema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null');
  if (schema.type) return schema.type;
  if (schema.properties) return 'object';
  if (schema.enum) return 'string';
  return undefined;
}

function humanize(key: string): string {
  if (FIELD_LABELS[key]) return FIELD_LABELS[key];
  const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[._-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const isSafe = (n: number | undefined): n is number => n !== undefined && Math.abs(n) < 1e12;

function hint(schema: JsonSchema): string | undefined {
  const t = typeOf(schema);
  const parts: string[] = [];
  if (t === 'string' && !schema.enum) {
    if (schema.format === 'date' || (schema.pattern && DATE_PATTERN.test(schema.pattern))) parts.push('Een datum.');
    else if (schema.minLength && schema.minLength > 1) parts.push(`Minimaal ${schema.minLength} tekens.`);
    if (schema.maxLength && schema.maxLength < 10_000) parts.push(`Ten hoogste ${schema.maxLength} tekens.`);
  }
  if (t === 'integer' || t === 'number') {
    const min = isSafe(schema.minimum) ? schema.minimum : isSafe(schema.exclusiveMinimum) ? schema.exclusiveMinimum : undefined;
    const max = isSafe(schema.maximum) ? schema.maximum : isSafe(schema.exclusiveMaximum) ? schema.exclusiveMaximum : undefined;
    const kind = t === 'integer' ? 'Een heel getal' : 'Een getal';
    if (min !== undefined && max !== undefined) parts.push(`${kind} van ${min} tot en met ${max}.`);
    else if (min !== undefined) parts.push(`${kind}, ${schema.exclusiveMinimum !== undefined ? 'groter dan' : 'ten minste'} ${min}.`);
    else if (max !== undefined) parts.push(`${kind}, ten hoogste ${max}.`);
    else parts.push(`${kind}.`);
  }
  return parts.length ? parts.join(' ') : undefined;
}

function firstValue(v: unknown): string {
  if (Array.isArray(v)) return firstValue(v[0]);
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

function allValues(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

function errorBlock(id: string, message: string | undefined): SafeHtml {
  return message
    ? html`<div class="utrecht-form-field__error-message utrecht-form-field-error-message" id="${id}-fout"><span class="jf-visually-hidden">Fout: </span>${message}</div>`
    : html``;
}

function describedBy(id: string, hasHint: boolean, hasError: boolean): string | undefined {
  const ids = [hasHint ? `${id}-uitleg` : '', hasError ? `${id}-fout` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

/** Nouns for "Nog een … toevoegen", by the list's property name; else "regel". */
const ITEM_NOUNS: Record<string, { one: string; article: 'een' }> = {
  actions: { one: 'actie', article: 'een' },
  stepsTaken: { one: 'stap', article: 'een' },
  changes: { one: 'wijziging', article: 'een' },
  agreements: { one: 'afspraak', article: 'een' },
  parts: { one: 'onderdeel', article: 'een' },
  desiredResults: { one: 'gewenst resultaat', article: 'een' },
  providers: { one: 'aanbieder', article: 'een' },
  articles: { one: 'artikel', article: 'een' },
  contractArticles: { one: 'artikel', article: 'een' },
  workAgreements: { one: 'werkafspraak', article: 'een' },
  signalIds: { one: 'signaal', article: 'een' },
};

function itemNoun(key: string): string {
  return ITEM_NOUNS[key]?.one ?? 'regel';
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Name of the hidden field that carries how many groups a list shows. */
export const countField = (name: string) => `${name}._n`;

const INDEXED = (name: string) => new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)(?:\\.|$)`);

/** How many entries a list has in a form body: its count field, else the highest index typed plus one. */
export function itemCount(name: string, body: FormBody | undefined): number {
  if (!body) return 0;
  const explicit = Number(firstValue(body[countField(name)]));
  const re = INDEXED(name);
  let max = -1;
  for (const k of Object.keys(body)) {
    const m = re.exec(k);
    if (m) max = Math.max(max, Number(m[1]));
  }
  const n = Number.isInteger(explicit) && explicit >= 0 ? Math.max(explicit, max + 1) : max + 1;
  return Math.min(n, 100);
}

/**
 * "Nog een … toevoegen" and "… verwijderen" without JavaScript: the buttons submit the form with
 * `_add=<list>` or `_remove=<list>.<index>`; this gives the values to show again, with one group more
 * or less, and nothing is sent. Undefined when the form was submitted to be recorded.
 */
export function applyGroupAction(body: FormBody): FormBody | undefined {
  const add = firstValue(body._add);
  const remove = firstValue(body._remove);
  if (!add && !remove) return undefined;
  const out: FormBody = { ...body };
  delete out._add;
  delete out._remove;
  if (add) {
    out[countField(add)] = String(Math.max(itemCount(add, body), 1) + 1);
    return out;
  }
  const m = /^(.*)\.(\d+)$/.exec(remove);
  if (!m) return out;
  const list = m[1]!;
  const index = Number(m[2]);
  const n = itemCount(list, body);
  const re = INDEXED(list);
  for (const k of Object.keys(out)) if (re.test(k)) delete out[k];
  for (const [k, v] of Object.entries(body)) {
    const km = re.exec(k);
    if (!km) continue;
    const i = Number(km[1]);
    if (i === index) continue;
    const to = i > index ? i - 1 : i;
    out[`${list}.${to}${k.slice(`${list}.${i}`.length)}`] = v;
  }
  out[countField(list)] = String(Math.max(n - 1, 1));
  return out;
}

function legendOf(label: string | SafeHtml, required: boolean): SafeHtml {
  return html`<legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${label}${required ? '' : html` <span class="jf-optional">(niet verplicht)</span>`}</legend>`;
}

/** Radio buttons: one choice from a few, none chosen until the person chooses (never a silent default). */
function radioGroup(o: { id: string; name: string; label: string; required: boolean; options: { value: string; label: string }[]; current: string; error?: string; help?: string; extra?: SafeHtml }): SafeHtml {
  const aria = describedBy(o.id, o.help !== undefined, o.error !== undefined);
  return html`<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset jf-fieldset jf-radios${o.error ? ' utrecht-form-fieldset--invalid' : ''}" id="${o.id}"${aria ? html` aria-describedby="${aria}"` : ''} role="radiogroup"${o.required ? html` aria-required="true"` : ''}${o.error ? html` aria-invalid="true"` : ''}>
  ${legendOf(o.label, o.required)}
  ${o.help ? html`<div class="utrecht-form-field__description utrecht-form-field-description" id="${o.id}-uitleg">${o.help}</div>` : ''}
  ${errorBlock(o.id, o.error)}
  ${o.options.map((opt, i) => {
    const oid = `${o.id}-${i}`;
    return html`<div class="utrecht-form-field utrecht-form-field--radio jf-radio"><div class="utrecht-form-field__input"><input type="radio" class="utrecht-radio-button utrecht-radio-button--html-input${o.error ? ' utrecht-radio-button--invalid' : ''}" id="${oid}" name="${o.name}" value="${opt.value}"${o.current === opt.value ? html` checked` : ''}></div><div class="utrecht-form-field__label"><label class="utrecht-form-label utrecht-form-label--radio" for="${oid}">${opt.label}</label></div></div>`;
  })}
  ${o.extra ?? ''}
</fieldset>`;
}

const RADIO_LIMIT = 5;

function renderField(schema: JsonSchema, name: string, key: string, required: boolean, opts: RenderOptions): SafeHtml {
  const t = typeOf(schema);
  const id = fieldId(opts.formId, name);
  const label = schema.description ?? schema.title ?? humanize(key);
  const error = opts.errors?.get(name);
  const value = opts.values?.[name];
  const fixedValue = opts.fixed?.[name];
  const constant = constOf(schema);
  if (constant === true && typeOf(schema) === 'boolean') {
    // A statement the person must confirm (e.g. "De informatie is geanonimiseerd"): a box to tick on
    // purpose, never filled in for them.
    return html`<div class="utrecht-form-field utrecht-form-field--checkbox${error ? ' utrecht-form-field--invalid' : ''}">
  <div class="utrecht-form-field__input"><input type="checkbox" class="utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom${error ? ' utrecht-checkbox--invalid' : ''}" value="true" id="${id}" name="${name}" aria-required="true"${error ? html` aria-invalid="true" aria-describedby="${id}-fout"` : ''}${firstValue(value) === 'true' ? html` checked` : ''}></div>
  <div class="utrecht-form-field__label"><label class="utrecht-form-label utrecht-form-label--checkbox" for="${id}">Ik bevestig: ${label}</label></div>
  ${errorBlock(id, error)}
</div>`;
  }
  if (constant !== undefined && !schema.enum?.length) return html`<input type="hidden" name="${name}" value="${String(constant)}">`;

  const options = alternatives(schema);
  const disc = options ? discriminatorOf(options) : undefined;
  if (options && disc) {
    // A choice inside a form (e.g. "Er zijn (geen) contextuele wijzigingen"): radio buttons for the
    // discriminator, then the fields that belong to each choice in their own group.
    const discName = `${name}.${disc}`;
    const choices = options.map((o) => {
      const prop = o.properties![disc]!;
      const v = constOf(prop);
      return { value: String(v), label: prop.description ?? optionLabel(v), schema: o };
    });
    const extra = choices
      .filter((c) => Object.keys(c.schema.properties ?? {}).some((k) => k !== disc))
      .map(
        (c) => html`<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset jf-fieldset jf-fieldset--nested">
  ${legendOf(`Alleen bij: ${c.label}`, true)}
  ${Object.entries(c.schema.properties ?? {})
    .filter(([k]) => k !== disc)
    .map(([k, s]) => renderField(s, `${name}.${k}`, k, (c.schema.required ?? []).includes(k), opts))}
</fieldset>`,
      );
    return radioGroup({ id, name: discName, label, required, options: choices, current: firstValue(opts.values?.[discName]), ...(error ?? opts.errors?.get(discName) ? { error: (error ?? opts.errors?.get(discName))! } : {}), extra: html`${extra}` });
  }

  if (t === 'array' && schema.items && !schema.items.enum) {
    // A list: one group per entry, "Nog een … toevoegen" and "… verwijderen" (server-side, no JavaScript needed).
    const itemType = typeOf(schema.items);
    const noun = itemNoun(key);
    const n = Math.max(itemCount(name, opts.values), schema.minItems ?? 1, 1);
    const max = schema.maxItems ?? 100;
    const itemLabel = schema.items.description ?? capital(noun);
    const groups = Array.from({ length: n }, (_, i) => {
      const itemName = `${name}.${i}`;
      const remove = n > 1 ? html`<button type="submit" name="_remove" value="${itemName}" formnovalidate class="utrecht-button utrecht-button--secondary-action jf-button--small">${capital(noun)} ${i + 1} verwijderen</button>` : '';
      if (itemType === 'object' && schema.items!.properties) {
        const items = schema.items!;
        return html`<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset jf-fieldset jf-fieldset--item" id="${fieldId(opts.formId, itemName)}">
  ${legendOf(`${capital(noun)} ${i + 1}`, true)}
  ${errorBlock(fieldId(opts.formId, itemName), opts.errors?.get(itemName))}
  ${Object.entries(items.properties!).map(([k, s]) => renderField(s, `${itemName}.${k}`, k, (items.required ?? []).includes(k), opts))}
  ${remove}
</fieldset>`;
      }
      const field = renderField({ ...schema.items!, description: `${itemLabel} ${i + 1}` }, itemName, noun, i < (schema.minItems ?? 0), opts);
      return html`<div class="jf-list-item">${field}${remove}</div>`;
    });
    const aria = describedBy(id, false, error !== undefined);
    return html`<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset jf-fieldset jf-list${error ? ' utrecht-form-fieldset--invalid' : ''}" id="${id}"${aria ? html` aria-describedby="${aria}"` : ''}>
  ${legendOf(label, required)}
  ${schema.minItems && schema.minItems > 1 ? html`<div class="utrecht-form-field__description utrecht-form-field-description">Ten minste ${schema.minItems}.</div>` : ''}
  ${errorBlock(id, error)}
  <input type="hidden" name="${countField(name)}" value="${n}">
  ${groups}
  ${n < max ? html`<button type="submit" name="_add" value="${name}" formnovalidate class="utrecht-button utrecht-button--secondary-action">Nog ${ITEM_NOUNS[key]?.article ?? 'een'} ${noun} toevoegen</button>` : ''}
</fieldset>`;
  }

  if (t === 'boolean' && required) {
    // A decision: Ja or Nee, chosen on purpose (an unchecked box must never silently mean "no").
    return radioGroup({ id, name, label, required: true, options: [{ value: 'true', label: YES }, { value: 'false', label: NO }], current: firstValue(value), ...(error ? { error } : {}) });
  }

  if (t === 'string' && schema.enum && schema.enum.length > 1 && schema.enum.length <= RADIO_LIMIT && !opts.choices?.[name] && fixedValue === undefined) {
    const help = hint(schema);
    return radioGroup({ id, name, label, required, options: schema.enum.map((v) => ({ value: String(v), label: optionLabel(v) })), current: firstValue(value), ...(error ? { error } : {}), ...(help ? { help } : {}) });
  }

  if (t === 'object' && schema.properties) {
    const children = Object.entries(schema.properties).map(([k, s]) => renderField(s, `${name}.${k}`, k, (schema.required ?? []).includes(k), opts));
    return html`<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset jf-fieldset${error ? ' utrecht-form-fieldset--invalid' : ''}" id="${id}"${error ? html` aria-describedby="${id}-fout"` : ''}>
  <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${label}${required ? '' : html` <span class="jf-optional">(niet verplicht)</span>`}</legend>
  ${errorBlock(id, error)}
  ${children}
</fieldset>`;
  }

  const help = hint(schema);
  const aria = describedBy(id, help !== undefined, error !== undefined);
  const invalid = error !== undefined;
  const labelText = html`${label}${required || t === 'boolean' ? '' : html` <span class="jf-optional">(niet verplicht)</span>`}`;
  const helpBlock = help ? html`<div class="utrecht-form-field__description utrecht-form-field-description" id="${id}-uitleg">${help}</div>` : html``;
  const common = html`id="${id}" name="${name}"${aria ? html` aria-describedby="${aria}"` : ''}${invalid ? html` aria-invalid="true"` : ''}${required ? html` aria-required="true"` : ''}`;

  if (t === 'boolean') {
    const checked = value !== undefined && firstValue(value) !== 'false';
    return html`<div class="utrecht-form-field utrecht-form-field--checkbox${invalid ? ' utrecht-form-field--invalid' : ''}">
  <div class="utrecht-form-field__input"><input type="checkbox" class="utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom${invalid ? ' utrecht-checkbox--invalid' : ''}" value="true" id="${id}" name="${name}"${aria ? html` aria-describedby="${aria}"` : ''}${invalid ? html` aria-invalid="true"` : ''}${checked ? html` checked` : ''}></div>
  <div class="utrecht-form-field__label"><label class="utrecht-form-label utrecht-form-label--checkbox" for="${id}">${labelText}</label></div>
  ${errorBlock(id, error)}
</div>`;
  }

  let input: SafeHtml;
  if (t === 'array' && schema.items?.enum) {
    const selected = new Set(allValues(value));
    const options = schema.items.enum.map((option, i) => {
      const oid = `${id}-${i}`;
      return html`<div class="jf-checkbox"><input type="checkbox" class="utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom" id="${oid}" name="${name}" value="${String(option)}"${selected.has(String(option)) ? html` checked` : ''}><label class="utrecht-form-label utrecht-form-label--checkbox" for="${oid}">${optionLabel(option)}</label></div>`;
    });
    return html`<fieldset class="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset jf-fieldset" id="${id}"${aria ? html` aria-describedby="${aria}"` : ''}>
  <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">${labelText}</legend>
  ${helpBlock}${errorBlock(id, error)}${options}
</fieldset>`;
  } else if (t === 'string' && (schema.enum || opts.choices?.[name])) {
    const current = firstValue(value);
    const options = opts.choices?.[name] ?? schema.enum!.map((option) => ({ value: String(option), label: optionLabel(option) }));
    input = html`<select class="utrecht-select utrecht-select--html-select${invalid ? ' utrecht-select--invalid' : ''}" ${common}>
  <option value=""${current === '' ? html` selected` : ''}>Maak een keuze</option>
  ${options.map((o) => html`<option value="${o.value}"${current === o.value ? html` selected` : ''}>${o.label}</option>`)}
</select>`;
  } else if (t === 'string' && (schema.format === 'date' || (schema.pattern !== undefined && DATE_PATTERN.test(schema.pattern)))) {
    input = html`<input type="date" class="utrecht-textbox utrecht-textbox--html-input jf-textbox--date${invalid ? ' utrecht-textbox--invalid' : ''}" ${common} value="${firstValue(value)}">`;
  } else if (t === 'integer' || t === 'number') {
    input = html`<input type="text" inputmode="${t === 'integer' ? 'numeric' : 'decimal'}" autocomplete="off" class="utrecht-textbox utrecht-textbox--html-input utrecht-textbox--numeric jf-textbox--short${invalid ? ' utrecht-textbox--invalid' : ''}" ${common} value="${firstValue(value)}">`;
  } else if (t === 'string' && ((schema.minLength ?? 0) >= 10 || (schema.maxLength ?? 0) > 200)) {
    input = html`<textarea class="utrecht-textarea utrecht-textarea--html-textarea${invalid ? ' utrecht-textarea--invalid' : ''}" rows="4" ${common}>${firstValue(value)}</textarea>`;
  } else if (t === 'string') {
    if (fixedValue !== undefined) {
      input = html`<input type="text" class="utrecht-textbox utrecht-textbox--html-input utrecht-textbox--read-only" ${common} value="${fixedValue}" readonly>`;
    } else {
      input = html`<input type="text" autocomplete="off" class="utrecht-textbox utrecht-textbox--html-input${invalid ? ' utrecht-textbox--invalid' : ''}" ${common} value="${firstValue(value)}"${schema.maxLength ? html` maxlength="${schema.maxLength}"` : ''}>`;
    }
  } else {
    // A shape without a control of its own (none in the schemas today): plain text, checked by the operation.
    input = html`<input type="text" autocomplete="off" class="utrecht-textbox utrecht-textbox--html-input${invalid ? ' utrecht-textbox--invalid' : ''}" ${common} value="${firstValue(value)}">`;
  }
  return html`<div class="utrecht-form-field utrecht-form-field--text${invalid ? ' utrecht-form-field--invalid' : ''}">
  <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${id}">${labelText}</label></div>
  ${helpBlock}${errorBlock(id, error)}
  <div class="utrecht-form-field__input">${input}</div>
</div>`;
}

/** The inputs for an object schema (one variant), named `<prefix>.<path>`. */
export function renderFields(schema: JsonSchema, opts: RenderOptions): SafeHtml {
  if (!schema.properties) return html``;
  return html`${Object.entries(schema.properties).map(([key, s]) => renderField(s, `${opts.prefix}.${key}`, key, (schema.required ?? []).includes(key), opts))}`;
}

/** Field name → its Dutch label (the schema's description), for error summaries and the dossier. */
export function fieldLabels(schema: JsonSchema, prefix: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (s: JsonSchema, name: string, key: string) => {
    if (!out.has(name)) out.set(name, s.description ?? s.title ?? humanize(key));
    for (const [k, child] of Object.entries(s.properties ?? {})) walk(child, `${name}.${k}`, k);
    for (const alt of alternatives(s) ?? []) for (const [k, child] of Object.entries(alt.properties ?? {})) walk(child, `${name}.${k}`, k);
  };
  walk(schema, prefix, prefix);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reading back

interface Read {
  value: unknown;
  /** The person filled something in (an unchecked box is a value, false, but not "filled in"). */
  provided: boolean;
}

function readValue(schema: JsonSchema, name: string, required: boolean, body: FormBody): Read {
  const constant = constOf(schema);
  if (constant === true && typeOf(schema) === 'boolean') {
    return firstValue(body[name]) === 'true' ? { value: true, provided: true } : { value: undefined, provided: false };
  }
  if (constant !== undefined && !(schema.enum && schema.enum.length > 1)) return { value: constant, provided: false };
  const options = alternatives(schema);
  if (options) {
    const disc = discriminatorOf(options);
    const chosen = disc ? options.find((o) => String(constOf(o.properties?.[disc])) === firstValue(body[`${name}.${disc}`])) : undefined;
    if (chosen) return readValue(chosen, name, required, body);
    return readJson(name, body);
  }
  const t = typeOf(schema);
  const rawValue = body[name];
  switch (t) {
    case 'object': {
      if (!schema.properties) return readJson(name, body);
      const out: Record<string, unknown> = {};
      let provided = false;
      for (const [key, child] of Object.entries(schema.properties)) {
        const r = readValue(child, `${name}.${key}`, (schema.required ?? []).includes(key), body);
        if (r.value !== undefined) out[key] = r.value;
        provided ||= r.provided;
      }
      return !required && !provided ? { value: undefined, provided: false } : { value: out, provided };
    }
    case 'boolean': {
      if (required) {
        // Ja/Nee radio buttons: nothing chosen is no answer (the schema asks for one), not "no".
        const v = firstValue(rawValue);
        return v === 'true' ? { value: true, provided: true } : v === 'false' ? { value: false, provided: true } : { value: undefined, provided: false };
      }
      const on = rawValue !== undefined && firstValue(rawValue) !== 'false';
      return { value: on, provided: on };
    }
    case 'integer':
    case 'number': {
      const s = firstValue(rawValue).trim();
      if (s === '') return { value: undefined, provided: false };
      return { value: readNumber(s), provided: true };
    }
    case 'array': {
      const items = schema.items;
      const numeric = items !== undefined && (typeOf(items) === 'integer' || typeOf(items) === 'number');
      let list: unknown[];
      if (items?.enum) list = allValues(rawValue);
      else if (items && typeOf(items) === 'object' && items.properties) {
        list = [];
        for (let i = 0; i < itemCount(name, body); i++) {
          const r = readValue(items, `${name}.${i}`, false, body);
          if (r.provided && r.value !== undefined) list.push(r.value);
        }
      } else {
        const n = itemCount(name, body);
        // One input per entry; a single text (the API's older form posts) is read one entry per line.
        const texts = n > 0 ? Array.from({ length: n }, (_, i) => firstValue(body[`${name}.${i}`])) : firstValue(rawValue).split(/\r?\n/);
        list = texts.map((l) => l.trim()).filter(Boolean);
        if (numeric) list = list.map((v) => readNumber(String(v)));
      }
      if (list.length === 0 && !required) return { value: undefined, provided: false };
      return { value: list, provided: list.length > 0 };
    }
    case 'string': {
      const s = firstValue(rawValue);
      return s.trim() === '' ? { value: undefined, provided: false } : { value: s, provided: true };
    }
    default:
      return readJson(name, body);
  }
}

/** A number as people type it (Dutch decimal comma, thousands dots); the text itself when it is none. */
function readNumber(s: string): number | string {
  const normalized = s.replace(/\s/g, '').replace(/\.(?=\d{3}(\D|$))/g, '').replace(',', '.');
  const n = Number(normalized);
  return Number.isFinite(n) ? n : s;
}

function readJson(name: string, body: FormBody): Read {
  const s = firstValue(body[name]).trim();
  if (s === '') return { value: undefined, provided: false };
  try {
    return { value: JSON.parse(s), provided: true };
  } catch {
    return { value: s, provided: true };
  }
}

/** The value a form describes, typed after the schema (numbers, booleans, nested objects). */
export function readForm(schema: JsonSchema, body: FormBody, prefix: string, required = true): unknown {
  return readValue(schema, prefix, required, body).value;
}

// ---------------------------------------------------------------------------------------------
// Dutch messages for a refusal's payload: the same zod schema, asked again for every issue in Dutch.

const dutchLocale = z.locales.nl().localeError;

const dutchErrors: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined && issue.expected === 'boolean') return 'Kies ja of nee';
      if (issue.input === undefined) return 'Vul dit veld in';
      if (issue.expected === 'number' || issue.expected === 'int') return 'Vul een getal in';
      if (issue.expected === 'boolean') return 'Kies ja of nee';
      break;
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'Vul dit veld in' : `Vul minimaal ${issue.minimum} tekens in`;
      if (issue.origin === 'number') return `Vul een getal in van ${issue.inclusive ? 'ten minste' : 'meer dan'} ${issue.minimum}`;
      if (issue.origin === 'array') return `Kies er minimaal ${issue.minimum}`;
      break;
    case 'too_big':
      if (issue.origin === 'string') return `Gebruik ten hoogste ${issue.maximum} tekens`;
      if (issue.origin === 'number') return `Vul een getal in van ${issue.inclusive ? 'ten hoogste' : 'minder dan'} ${issue.maximum}`;
      break;
    case 'invalid_value':
      if (issue.values.length === 1 && issue.values[0] === true) return 'Bevestig dit om de stap vast te leggen';
      return 'Kies een van de mogelijkheden';
    case 'invalid_format':
      if (issue.format === 'date') return 'Vul een geldige datum in';
      return 'Dit formaat klopt niet';
    case 'unrecognized_keys':
      return `Onbekend veld: ${issue.keys.join(', ')}`;
    case 'invalid_union':
      return 'Maak een keuze';
    default:
      break;
  }
  return dutchLocale(issue);
};

/** Every issue of `value` against `schema`, in Dutch, keyed by field name (`<prefix>.<path>`). */
export function dutchIssues(schema: z.ZodType, value: unknown, prefix: string): FieldErrors {
  const out: FieldErrors = new Map();
  const parsed = schema.safeParse(value, { error: dutchErrors });
  if (parsed.success) return out;
  for (const issue of parsed.error.issues) {
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
    const name = [prefix, ...path.map(String)].join('.');
    if (!out.has(name)) out.set(name, issue.message);
  }
  return out;
}
