// Forms from event schemas and back, without Temporal: the field names are the operations' error paths,
// values come back typed after the schema, and refusals are told in Dutch at the right field.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { findProcedure } from '../../machines/index.ts';
import { dutchIssues, readForm, renderFields, variantsOf, type JsonSchema } from '../../console/forms.ts';
import { html } from '../../console/html.ts';

const ladder = findProcedure('escalation-ladder')!;
const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

describe('forms from event schemas', () => {
  it('gives each alternative of a union its own form (rung 1 and rung 2), labelled with the discriminator', () => {
    const variants = variantsOf(json(ladder.events['rung.chosen']!.schema));
    expect(variants.map((v) => v.label)).toEqual(['Trede 1', 'Trede 2']);
  });

  it('names inputs after the payload paths the operations report (payload.acuteRisk.responseTermWorkingDays)', () => {
    const [rung1] = variantsOf(json(ladder.events['rung.chosen']!.schema));
    const markup = String(renderFields(rung1!.schema, { prefix: 'payload', formId: 'f' }));
    expect(markup).toContain('name="payload.reason"');
    expect(markup).toContain('name="payload.acuteRisk.responseTermWorkingDays"');
    expect(markup).toContain('<input type="hidden" name="payload.rung" value="1">');
    expect(markup).toContain('Reden voor deze trede (inschaling)');
    expect(markup).toContain('(niet verplicht)');
  });

  it('reads a form back typed after the schema: numbers (Dutch commas too), booleans, optional objects left out', () => {
    const schema = json(ladder.events['rung.chosen']!.schema);
    const payload = readForm(schema, { 'payload.rung': '1', 'payload.reason': 'Signalen zijn ernstig', 'payload.arrangements': 'Wekelijks overleg', 'payload.acuteRisk.reason': '', 'payload.acuteRisk.responseTermWorkingDays': '' }, 'payload');
    expect(payload).toEqual({ rung: 1, reason: 'Signalen zijn ernstig', arrangements: 'Wekelijks overleg' });
    expect(ladder.events['rung.chosen']!.schema.safeParse(payload).success).toBe(true);

    const fine = json(z.object({ percentage: z.number(), urgent: z.object({ needed: z.boolean() }) }));
    expect(readForm(fine, { 'x.percentage': '2,5' }, 'x')).toEqual({ percentage: 2.5, urgent: { needed: false } });
    expect(readForm(fine, { 'x.percentage': 'veel', 'x.urgent.needed': 'true' }, 'x')).toEqual({ percentage: 'veel', urgent: { needed: true } });
  });

  it('tells every issue of a refused payload in Dutch, keyed by field name', () => {
    const issues = dutchIssues(ladder.events['hearing.recorded']!.schema, { date: '2026-01-05', findings: 'kort' }, 'payload');
    // The shared free-text schema (machines/schemas.ts) names its own minimum in Dutch.
    expect(issues.get('payload.findings')).toBe('minimaal 10 tekens');
    expect(issues.get('payload.providerPosition')).toBe('Vul dit veld in');
    expect(issues.has('payload.date')).toBe(false);
  });

  it('marks the refused field: aria-invalid, the message linked with aria-describedby', () => {
    const schema = json(ladder.events['hearing.recorded']!.schema);
    const markup = String(renderFields(schema, { prefix: 'payload', formId: 'h', errors: new Map([['payload.findings', 'Vul minimaal 10 tekens in']]), values: { 'payload.findings': 'kort' } }));
    expect(markup).toMatch(/id="f-h-payload-findings"[^>]*aria-describedby="[^"]*f-h-payload-findings-fout"[^>]*aria-invalid="true"/);
    expect(markup).toContain('<div class="utrecht-form-field__error-message utrecht-form-field-error-message" id="f-h-payload-findings-fout">');
    expect(markup).toContain('>kort</textarea>');
  });

  it('escapes what people typed when it is shown again', () => {
    const schema = json(z.object({ note: z.string() }));
    const markup = String(renderFields(schema, { prefix: 'p', formId: 'x', values: { 'p.note': '"><script>alert(1)</script>' } }));
    expect(markup).not.toContain('<script>');
    expect(markup).toContain('&quot;&gt;&lt;script&gt;');
    expect(String(html`<p>${'<b>'}</p>`)).toBe('<p>&lt;b&gt;</p>');
  });
});
