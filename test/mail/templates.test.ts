// The mail texts: Dutch, text and HTML from the same template, with the deadline's due date, its
// explanation, the rule and the link to the case; only known placeholders; one text per machine template.
import { describe, expect, it } from 'vitest';
import { computeDeadline, formatDutchDate } from '../../calendar/index.ts';
import { listProcedures, type ProcedureDefinition } from '../../machines/index.ts';
import { referencedActions } from '../../machines/introspect.ts';
import { escalationLadder, type NotifyParams } from '../../machines/escalationLadderMachine.ts';
import {
  FALLBACK_TEMPLATE,
  LETTERS,
  LETTER_PLACEHOLDERS,
  LETTER_TEMPLATE_PREFIX,
  PLACEHOLDERS,
  REMINDER_TEMPLATES,
  caseLink,
  fill,
  placeholdersOf,
  renderMail,
  vetoRequestTemplate,
  type MailFacts,
  type MailTemplate,
} from '../../mail/index.ts';

const term = computeDeadline({ kind: 'working-days', n: 15, from: '2026-03-02' });
const RULE = '003 Escalatieladder, trede 1 "Verhogen intensiteit contractmanagement": reactie binnen 15 werkdagen';

const facts: MailFacts = {
  caseId: 'ESC-2026-001',
  procedureTitle: 'Escalatieladder',
  provider: 'zorg-oost',
  stateLabel: 'Wacht op reactie aanbieder',
  link: caseLink('https://jeugdflow.regio.example/', 'ESC-2026-001'),
  recipientRoles: ['aanbieder'],
  deadline: { label: 'Reactietermijn aanbieder (trede 1)', due: term.due, explanation: term.explanation, rule: RULE, waitingOn: ['aanbieder'] },
  vars: { resterend: '5 werkdagen' },
};

function allTemplates(): [string, MailTemplate, readonly string[]][] {
  const out: [string, MailTemplate, readonly string[]][] = [];
  for (const { id, mail } of listProcedures()) for (const [name, t] of Object.entries(mail)) out.push([`${id}/${name}`, t, letterPlaceholders(name)]);
  for (const [name, t] of Object.entries(REMINDER_TEMPLATES)) out.push([`reminder/${name}`, t, []]);
  for (const [name, l] of Object.entries(LETTERS)) out.push([`letter/${name}`, l.letter, LETTER_PLACEHOLDERS[name] ?? []]);
  out.push(['letter.vetoRequested', vetoRequestTemplate, []], ['fallback', FALLBACK_TEMPLATE, []]);
  return out;
}

/** A letter's own placeholders (`letter:<name>`), from its definition on the mail side. */
const letterPlaceholders = (template: string): readonly string[] =>
  template.startsWith(LETTER_TEMPLATE_PREFIX) ? (LETTER_PLACEHOLDERS[template.slice(LETTER_TEMPLATE_PREFIX.length)] ?? []) : [];

/** Stands for any value of the context or event: a template name built from it reads `*` there. */
const ANY: unknown = new Proxy(() => ANY, { get: (_t, key) => (key === Symbol.toPrimitive ? () => '*' : ANY) });

/**
 * The `notify` templates a machine uses, found by walking its actions (machines/introspect.ts). Params given
 * as a function of the context are called with a stand-in context: a part of the name read from the context
 * (the letter of an automatic letter) comes out as `*`.
 */
function notifyTemplatesOf(definition: ProcedureDefinition): string[] {
  const names = new Set<string>();
  for (const action of referencedActions(definition.machine).filter((a) => a.type === 'notify')) {
    const params = typeof action.params === 'function' ? (action.params as (a: unknown) => unknown)({ context: ANY, event: ANY }) : action.params;
    names.add(String((params as { template: unknown }).template));
  }
  return [...names];
}

/** The texts a template name stands for: the one with that name, or every text a `*` in it matches. */
function textsFor(definition: ProcedureDefinition, template: string): string[] {
  const pattern = new RegExp(`^${template.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+')}$`);
  return Object.keys(definition.mail).filter((name) => pattern.test(name));
}

describe('mail templates', () => {
  it('use only placeholders that are case facts, never personal data', () => {
    for (const [name, template, extra] of allTemplates()) {
      const unknown = placeholdersOf(template).filter((p) => !(p in PLACEHOLDERS) && !extra.includes(p));
      expect(unknown, name).toEqual([]);
    }
  });

  it('exist for every notify template a machine uses, per procedure, and none is left unused', () => {
    const procedures = listProcedures();
    expect(procedures.length).toBeGreaterThanOrEqual(6);
    const used = new Map(procedures.map((p) => [p.id, notifyTemplatesOf(p)]));
    expect([...used.values()].flat().length).toBeGreaterThan(40);
    for (const definition of procedures) {
      const names = used.get(definition.id)!;
      const missing = names.filter((n) => textsFor(definition, n).length === 0);
      expect(missing, `templates without mail text in ${definition.id}`).toEqual([]);
      const unused = Object.keys(definition.mail).filter((text) => !names.some((n) => textsFor(definition, n).includes(text)));
      expect(unused, `mail texts of ${definition.id} that no notify action uses`).toEqual([]);
    }
  });

  it('a notify template without a text does not compile (checked by tsc: the template names are the keys of the mail texts)', () => {
    const known: NotifyParams = { template: 'escalation.caseClosed', to: ['aanbieder'] };
    // @ts-expect-error 'escalation.unknownStep' has no text in machines/escalationLadder.mail.ts
    const unknown: NotifyParams = { template: 'escalation.unknownStep', to: ['aanbieder'] };
    expect(Object.hasOwn(escalationLadder.mail, known.template)).toBe(true);
    expect(Object.hasOwn(escalationLadder.mail, unknown.template)).toBe(false);
  });

  it('render a reminder in Dutch, text and HTML, with due date, explanation, rule and link', () => {
    const mail = renderMail(REMINDER_TEMPLATES.before, facts);
    expect(mail.subject).toBe('Herinnering: Reactietermijn aanbieder (trede 1) verloopt over 5 werkdagen – zaak ESC-2026-001');
    const dutchDue = formatDutchDate(term.due);
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain(dutchDue);
      expect(part).toContain('15 werkdagen na maandag 2 maart 2026');
      expect(part).toContain('Grondslag');
      expect(part).toContain('https://jeugdflow.regio.example/zaken/ESC-2026-001');
      expect(part).toContain('verloopt over 5 werkdagen');
      expect(part).toContain('Actie van aanbieder');
    }
    // The rule's quotes are escaped in HTML, kept in text.
    expect(mail.text).toContain(RULE);
    expect(mail.html).toContain('trede 1 &quot;Verhogen intensiteit contractmanagement&quot;');
    expect(mail.html).toMatch(/^<!doctype html>\n<html lang="nl">/);
    expect(mail.html).toContain('<a href="https://jeugdflow.regio.example/zaken/ESC-2026-001"');
  });

  it('render the expiry notice and a due-today reminder', () => {
    expect(renderMail(REMINDER_TEMPLATES.expired, facts).text).toContain(`is verstreken op ${formatDutchDate(term.due)}`);
    expect(renderMail(REMINDER_TEMPLATES.today, facts).subject).toContain('verloopt vandaag');
  });

  it('leave out a paragraph whose facts are missing instead of printing a gap', () => {
    expect(fill('Termijn: "{termijn}", uiterlijk {uiterlijk}.', { termijn: 'X' })).toBeUndefined();
    const { deadline: _d, ...withoutDeadline } = facts;
    const mail = renderMail(escalationLadder.mail['escalation.rungChosen'], withoutDeadline);
    expect(mail.text).toContain('De contractmanager heeft in zaak ESC-2026-001 een trede van de escalatieladder gekozen');
    expect(mail.text).not.toContain('Er loopt een termijn');
    expect(mail.text).not.toContain('{');
    expect(mail.text).not.toContain('Uiterlijk:');
  });

  it('still say what happened when the state and deadlines are unknown', () => {
    const bare: MailFacts = { caseId: 'C-1', procedureTitle: 'P', provider: 'zorg-oost', link: 'https://x.example/zaken/C-1', recipientRoles: ['aanbieder'] };
    // Reminders always carry their deadline; every other mail must not depend on one.
    for (const [name, template] of allTemplates().filter(([n]) => !n.startsWith('reminder/'))) {
      const first = renderMail(template, { ...bare, vars: { brief: 'Brief', periode: '2026', realisatie: '1%', norm: '2%', gecontroleerd: 'dag' } }).text.split('\n\n')[0]!;
      expect(first.startsWith('Zaak:'), `${name} renders no text without state or deadline`).toBe(false);
    }
  });

  it('escape HTML in case facts', () => {
    const mail = renderMail(FALLBACK_TEMPLATE, { ...facts, stateLabel: '<script>alert(1)</script>' });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;');
  });
});
