// The mail texts: Dutch, text and HTML from the same template, with the deadline's due date, its
// explanation, the rule and the link to the case; only known placeholders; one text per machine template.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeDeadline, formatDutchDate } from '../../calendar/index.ts';
import { PROCEDURE_IDS } from '../../machines/types.ts';
import {
  FALLBACK_TEMPLATE,
  LETTERS,
  LETTER_PLACEHOLDERS,
  PLACEHOLDERS,
  PROCEDURE_TEMPLATES,
  REMINDER_TEMPLATES,
  caseLink,
  fill,
  placeholdersOf,
  renderMail,
  vetoRequestTemplate,
  type MailFacts,
  type MailTemplate,
} from '../../mail/index.ts';

const machinesDir = new URL('../../machines/', import.meta.url);
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
  for (const [procedure, set] of Object.entries(PROCEDURE_TEMPLATES)) for (const [name, t] of Object.entries(set)) out.push([`${procedure}/${name}`, t, []]);
  for (const [name, t] of Object.entries(REMINDER_TEMPLATES)) out.push([`reminder/${name}`, t, []]);
  for (const [name, l] of Object.entries(LETTERS)) out.push([`letter/${name}`, l.letter, LETTER_PLACEHOLDERS[name] ?? []]);
  out.push(['letter.vetoRequested', vetoRequestTemplate, []], ['fallback', FALLBACK_TEMPLATE, []]);
  return out;
}

/** Template names the machines use in `notify` actions, read from their source. */
function machineTemplates(): Map<string, string[]> {
  const byFile = new Map<string, string[]>();
  for (const file of readdirSync(machinesDir).filter((f) => f.endsWith('Machine.ts'))) {
    const src = readFileSync(new URL(file, machinesDir), 'utf8');
    const names = new Set<string>();
    for (const m of src.matchAll(/template: '([^']+)'/g)) names.add(m[1]!);
    for (const m of src.matchAll(/\bnotify\('([^']+)'/g)) names.add(m[1]!);
    const list = /NOTIFY_TEMPLATES = \[([\s\S]*?)\] as const/.exec(src)?.[1];
    for (const m of list?.matchAll(/'([^']+)'/g) ?? []) names.add(m[1]!);
    byFile.set(file, [...names]);
  }
  return byFile;
}

describe('mail templates', () => {
  it('use only placeholders that are case facts, never personal data', () => {
    for (const [name, template, extra] of allTemplates()) {
      const unknown = placeholdersOf(template).filter((p) => !(p in PLACEHOLDERS) && !extra.includes(p));
      expect(unknown, name).toEqual([]);
    }
  });

  it('exist for every notify template a machine uses, per procedure', () => {
    const files: Record<string, (typeof PROCEDURE_IDS)[number]> = {
      'escalationLadderMachine.ts': 'escalation-ladder',
      'proposalLifecycleMachine.ts': 'proposal-lifecycle',
      'careTerminationMachine.ts': 'care-termination',
      'zbtDisagreementMachine.ts': 'zbt-disagreement',
      'careContentEscalationMachine.ts': 'care-content-escalation',
      'automaticLetterMachine.ts': 'automatic-letter',
    };
    const used = machineTemplates();
    expect(used.size).toBeGreaterThanOrEqual(5);
    expect([...used.values()].flat().length).toBeGreaterThan(40);
    for (const [file, names] of used) {
      const procedure = files[file];
      expect(procedure, `${file} is not mapped to a procedure in this test`).toBeDefined();
      const missing = names.filter((n) => !Object.hasOwn(PROCEDURE_TEMPLATES[procedure!], n));
      expect(missing, `templates without mail text in ${file}`).toEqual([]);
    }
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
    const mail = renderMail(PROCEDURE_TEMPLATES['escalation-ladder']['escalation.rungChosen']!, withoutDeadline);
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
