// Forms from event schemas and back, without Temporal: the field names are the operations' error paths,
// values come back typed after the schema, and refusals are told in Dutch at the right field.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { findProcedure } from '../../machines/index.ts';
import { applyGroupAction, dutchIssues, readForm, renderFields, variantsOf, type FormBody, type JsonSchema } from '../../console/forms.ts';
import { glossaryLabel } from '../../console/glossary.ts';
import { startFormSchema } from '../../console/pages/newCase.ts';
import { listProcedures } from '../../machines/index.ts';
import { describeProcedure } from '../../operations/index.ts';
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

    const fine = json(z.object({ percentage: z.number(), urgent: z.object({ needed: z.boolean() }), copy: z.boolean().default(false) }));
    // A required yes/no is a decision: nothing chosen stays unanswered (the schema asks), never "no".
    expect(readForm(fine, { 'x.percentage': '2,5' }, 'x')).toEqual({ percentage: 2.5, urgent: {}, copy: false });
    expect(readForm(fine, { 'x.percentage': 'veel', 'x.urgent.needed': 'false', 'x.copy': 'true' }, 'x')).toEqual({ percentage: 'veel', urgent: { needed: false }, copy: true });
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

const eventSchema = (procedure: string, event: string) => findProcedure(procedure)!.events[event]!.schema;
const form = (procedure: string, event: string, values?: FormBody, errors?: Map<string, string>) =>
  String(renderFields(json(eventSchema(procedure, event)), { prefix: 'payload', formId: 'f', ...(values ? { values } : {}), ...(errors ? { errors } : {}) }));
/** Presses a button of the form: its name and value join what was typed. */
const press = (body: FormBody, name: '_add' | '_remove', value: string) => applyGroupAction({ ...body, [name]: value })!;

describe('every schema shape gets a real form control (issue 16: no JSON is ever typed in the console)', () => {
  it('no field of any procedure (start data or any event) asks for JSON', () => {
    for (const def of listProcedures()) {
      const desc = describeProcedure(def);
      const schemas = [startFormSchema(desc), ...desc.events.map((e) => e.schema as JsonSchema)];
      for (const schema of schemas) {
        for (const variant of variantsOf(schema)) {
          const markup = String(renderFields(variant.schema, { prefix: 'payload', formId: 'f' }));
          expect(markup, def.id).not.toContain('(JSON)');
          expect(markup, def.id).not.toContain('jf-json');
        }
      }
    }
  });

  it('ZBT "Acties en terugkoppeltermijn afgesproken": one group per action, "Nog een actie toevoegen" adds one, removing one keeps the others, read back as the typed list', () => {
    const first = form('zbt-disagreement', 'actions.agreed');
    expect(first).toContain('name="payload.actions.0.what"');
    expect(first).toContain('<input type="date"');
    expect(first).toContain('name="payload.actions.0.byDate"');
    expect(first).toMatch(/<button type="submit" name="_add" value="payload.actions"[^>]*>Nog een actie toevoegen<\/button>/);
    expect(first).not.toContain('name="payload.actions.1.what"');

    let body: FormBody = { 'payload.actions._n': '1', 'payload.actions.0.what': 'Gesprek met de aanbieder plannen', 'payload.actions.0.who': 'contractmanager', 'payload.actions.0.byDate': '2026-03-02', 'payload.feedbackTermWorkingDays': '5' };
    body = press(body, '_add', 'payload.actions');
    const two = form('zbt-disagreement', 'actions.agreed', body);
    expect(two).toContain('name="payload.actions.1.what"');
    expect(two).toContain('>Gesprek met de aanbieder plannen</textarea>');
    body = { ...body, 'payload.actions.1.what': 'Overbruggingszorg regelen', 'payload.actions.1.who': 'gi-manager', 'payload.actions.1.byDate': '2026-03-04' };
    body = press(body, '_add', 'payload.actions');
    body = { ...body, 'payload.actions.2.what': 'Cliënt informeren', 'payload.actions.2.who': 'zbt', 'payload.actions.2.byDate': '2026-03-05' };
    body = press(body, '_remove', 'payload.actions.0');

    const payload = readForm(json(eventSchema('zbt-disagreement', 'actions.agreed')), body, 'payload');
    expect(payload).toEqual({
      actions: [
        { what: 'Overbruggingszorg regelen', who: 'gi-manager', byDate: '2026-03-04' },
        { what: 'Cliënt informeren', who: 'zbt', byDate: '2026-03-05' },
      ],
      feedbackTermWorkingDays: 5,
    });
    expect(eventSchema('zbt-disagreement', 'actions.agreed').safeParse(payload).success).toBe(true);
  });

  it('ZBT "Contractmanager ingeschakeld": the steps taken as groups (date, step, role), the anonymisation confirmed on purpose, an empty step marked at its own field', () => {
    const markup = form('zbt-disagreement', 'contractManager.engaged');
    expect(markup).toContain('name="payload.stepsTaken.0.date"');
    expect(markup).toContain('name="payload.stepsTaken.0.by"');
    expect(markup).toContain('Nog een stap toevoegen');
    // Never a hidden "true": the person ticks it.
    expect(markup).not.toMatch(/type="hidden" name="payload.anonymised"/);
    expect(markup).toMatch(/type="checkbox"[^>]*name="payload.anonymised"/);

    const schema = eventSchema('zbt-disagreement', 'contractManager.engaged');
    const body: FormBody = { 'payload.stepsTaken._n': '1', 'payload.stepsTaken.0.date': '2026-02-02', 'payload.stepsTaken.0.step': '', 'payload.stepsTaken.0.by': 'zbt' };
    const payload = readForm(json(schema), body, 'payload') as Record<string, unknown>;
    expect(payload.anonymised).toBeUndefined();
    const issues = dutchIssues(schema, payload, 'payload');
    expect(issues.get('payload.stepsTaken.0.step')).toBe('Vul dit veld in');
    expect(issues.get('payload.anonymised')).toBe('Bevestig dit om de stap vast te leggen');
    const marked = form('zbt-disagreement', 'contractManager.engaged', body, issues);
    expect(marked).toMatch(/id="f-f-payload-stepsTaken-0-step"[^>]*aria-describedby="[^"]*f-f-payload-stepsTaken-0-step-fout"[^>]*aria-invalid="true"/);
    expect(marked).toContain('value="2026-02-02"');
  });

  it('care-content escalation "Acties en terugkoppeltermijn afgesproken": the same repeating groups, read back valid', () => {
    const body: FormBody = { 'payload.actions.0.what': 'Passende plek zoeken', 'payload.actions.0.who': 'zbt', 'payload.actions.0.byDate': '2026-04-01', 'payload.feedbackTermWorkingDays': '3' };
    expect(form('care-content-escalation', 'actions.agreed', body)).toContain('>Passende plek zoeken</textarea>');
    const payload = readForm(json(eventSchema('care-content-escalation', 'actions.agreed')), body, 'payload');
    expect(eventSchema('care-content-escalation', 'actions.agreed').safeParse(payload).success).toBe(true);
  });

  it('the proposal\'s agenda decision: "contextual changes" is a choice of radio buttons, no {"present": false} typed', () => {
    const markup = form('proposal-lifecycle', 'agenda.decided');
    expect(markup).toMatch(/type="radio"[^>]*name="payload.contextualChanges.present" value="false"/);
    expect(markup).toMatch(/type="radio"[^>]*name="payload.contextualChanges.present" value="true"/);
    expect(markup).toContain('Er zijn geen contextuele wijzigingen');
    expect(markup).toContain('name="payload.contextualChanges.changes.0.level"');
    const schema = eventSchema('proposal-lifecycle', 'agenda.decided');
    const none = readForm(json(schema), { 'payload.aimedAtCollective': 'true', 'payload.coreValues.evidentRelation': 'true', 'payload.coreValues.values': ['netwerk'], 'payload.contextualChanges.present': 'false', 'payload.onAgenda': 'true' }, 'payload') as Record<string, unknown>;
    expect(none.contextualChanges).toEqual({ present: false });
    const some = readForm(json(schema), { 'payload.contextualChanges.present': 'true', 'payload.contextualChanges.changes.0.level': 'landelijk', 'payload.contextualChanges.changes.0.description': 'Nieuwe landelijke norm' }, 'payload') as Record<string, unknown>;
    expect(some.contextualChanges).toMatchObject({ present: true, changes: [{ level: 'landelijk' }] });
  });

  it('care termination\'s agreements are a typed list, one input per agreement, not one string', () => {
    const markup = form('care-termination', 'conversation.held');
    expect(markup).toContain('name="payload.agreements.0"');
    expect(markup).toContain('Nog een afspraak toevoegen');
    const body = press({ 'payload.date': '2026-02-02', 'payload.report': 'Verslag in dossier', 'payload.agreements.0': 'Wekelijks gesprek' }, '_add', 'payload.agreements');
    const payload = readForm(json(eventSchema('care-termination', 'conversation.held')), { ...body, 'payload.agreements.1': 'Geen geweld' }, 'payload');
    expect(payload).toEqual({ date: '2026-02-02', report: 'Verslag in dossier', agreements: ['Wekelijks gesprek', 'Geen geweld'] });
  });

  it('a decision is a choice between Ja and Nee, none chosen beforehand: unanswered is refused in Dutch, never read as "no"', () => {
    const markup = form('escalation-ladder', 'improvementPlan.assessed');
    expect(markup).toMatch(/type="radio"[^>]*name="payload.approved" value="true"/);
    expect(markup).toMatch(/type="radio"[^>]*name="payload.approved" value="false"/);
    expect(markup).not.toMatch(/type="checkbox"[^>]*name="payload.approved"/);
    expect(markup).not.toContain('checked');
    const schema = eventSchema('escalation-ladder', 'improvementPlan.assessed');
    const payload = readForm(json(schema), {}, 'payload') as Record<string, unknown>;
    expect(payload.approved).toBeUndefined();
    expect(dutchIssues(schema, payload, 'payload').get('payload.approved')).toBe('Kies ja of nee');
  });

  it('choices read with their Dutch labels from the glossary, never a label made from a code', () => {
    const termination = String(renderFields(startFormSchema(describeProcedure(findProcedure('care-termination')!)), { prefix: 'data', formId: 'n' }));
    expect(termination).toContain('De gecertificeerde instelling (GI)');
    expect(termination).toContain('Bedreiging of intimidatie');
    expect(termination).not.toMatch(/>Gi</);
    const missing: string[] = [];
    const walk = (s: unknown) => {
      if (!s || typeof s !== 'object') return;
      const o = s as JsonSchema;
      if (Array.isArray(o.enum) && o.enum.length > 1) for (const v of o.enum) if (!glossaryLabel(v)) missing.push(String(v));
      for (const child of Object.values(o)) if (typeof child === 'object') walk(child);
    };
    for (const def of listProcedures()) {
      const desc = describeProcedure(def);
      walk(desc.startSchema);
      for (const e of desc.events) walk(e.schema);
    }
    expect(missing).toEqual([]);
  });

  it('the automatic letter\'s facts are the letter\'s own fields (period, percentages, date), not a JSON object', () => {
    const markup = String(renderFields(startFormSchema(describeProcedure(findProcedure('automatic-letter')!)), { prefix: 'data', formId: 'n' }));
    expect(markup).toContain('name="data.data.realisedPercent"');
    expect(markup).toMatch(/type="date"[^>]*name="data.data.checkedOn"/);
  });
});
