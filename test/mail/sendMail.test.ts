// The send activity against a real SMTP server (smtp-server, in process): on time and to the right
// people, never lost (4xx and a server that is down are retried), never doubled (outbox keyed by a
// deterministic Message-ID), 5xx recorded as failed, and no personal data in any mail.
import { ApplicationFailure } from '@temporalio/common';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createActivities, type EffectCase, type EffectInput, type MailRecordDetails } from '../../activities/index.ts';
import { computeDeadline } from '../../calendar/index.ts';
import { messageIdFor, reminderSubjectKey, startMailCatcher, type MailCatcher } from '../../mail/index.ts';
import { startCase, viewCase, type ReminderParams } from '../../workflows/engine.ts';
import { ROLES, type Role } from '../../machines/types.ts';
import { parseDirectory } from '../../mail/index.ts';
import { reviewProcedure } from '../fixtures/reviewProcedure.ts';
import { sharedMemoryStore } from '../../store/index.ts';
import { findProcedure, listProcedures } from '../../machines/index.ts';
import { looksLikeBsn } from '../../workflows/constants.ts';
import { captureLogger } from '../support/logs.ts';
import { CONSOLE, startSmtpStub, tempDataDir, testMailService, unusedPort, type SmtpStub } from './support.ts';

const term = computeDeadline({ kind: 'working-days', n: 15, from: '2026-03-02' });
const CASE: EffectCase = {
  provider: 'zorg-oost',
  stateLabel: 'Wacht op reactie aanbieder',
  deadlines: [
    {
      name: 'responseTerm',
      label: 'Reactietermijn aanbieder (trede 1)',
      due: term.due,
      dueAt: term.dueAt,
      explanation: term.explanation,
      rule: '003 Escalatieladder, trede 1',
      waitingOn: ['aanbieder'],
      status: 'open',
    },
  ],
};

function reminder(offset: number, to: ReminderParams['to'] = ['aanbieder'], extra: Partial<ReminderParams> = {}): ReminderParams {
  return {
    deadline: 'responseTerm',
    label: 'Reactietermijn aanbieder (trede 1)',
    offset,
    due: term.due,
    dueAt: term.dueAt,
    explanation: term.explanation,
    rule: '003 Escalatieladder, trede 1 "Verhogen intensiteit contractmanagement": reactie binnen 15 werkdagen',
    to,
    key: `escalationLadder.open.rung1.awaitingResponse#responseTerm@${term.due}#${offset}`,
    ...extra,
  };
}

const effect = (params: unknown, over: Partial<EffectInput> = {}): EffectInput => ({
  caseId: 'ESC-2026-001',
  procedureId: 'escalation-ladder',
  seq: 7,
  type: 'deadline.reminder',
  params,
  case: CASE,
  ...over,
});

const AT = new Date('2026-03-16T07:00:00.000Z'); // 08:00 in Amsterdam

let data: Awaited<ReturnType<typeof tempDataDir>>;
let smtp: SmtpStub;

// Starting the embedded PostgreSQL (WASM) takes a few seconds on a busy machine.
beforeAll(async () => {
  await sharedMemoryStore();
}, 120_000);

beforeEach(async () => {
  // One in-memory store per test file; every test starts with an empty outbox.
  await (await sharedMemoryStore()).query('TRUNCATE jf_outbox');
  data = await tempDataDir();
  smtp = await startSmtpStub();
});

afterEach(async () => {
  await smtp.close();
  await data.remove();
});

function activities(url = smtp.url, opts: { lookupCase?: () => Promise<EffectCase | undefined> } = {}) {
  const log = captureLogger();
  const acts = createActivities({ logger: log.logger, mail: testMailService(data.dir, url), now: () => AT, ...opts });
  return { ...acts, log };
}

const detailsOf = (r: { record?: { details: unknown } }) => r.record!.details as MailRecordDetails;

describe('sending a reminder', () => {
  it('records message id, recipients, time and SMTP reply for every recipient', async () => {
    const { performEffect } = activities();
    const result = await performEffect(effect(reminder(5)));
    expect(result.record!.label).toBe('E-mail verstuurd: herinnering "Reactietermijn aanbieder (trede 1)" (nog 5 werkdagen) (aan 2 ontvangers)');
    const d = detailsOf(result);
    expect(d.status).toBe('sent');
    expect(d.deadline).toEqual({ name: 'responseTerm', due: term.due, offset: 5 });
    expect(d.messages.map((m) => m.to).sort()).toEqual(['contracten@zorg-oost.example', 'eva@zorg-oost.example']);
    for (const m of d.messages) {
      expect(m).toMatchObject({ status: 'sent', at: AT.toISOString(), roles: ['aanbieder'] });
      expect(m.response).toMatch(/^250 OK: queued as stub-\d$/);
      expect(m.messageId).toMatch(/^<ESC-2026-001\.[0-9a-f]{32}@jeugdflow\.test>$/);
    }
    // What the server got carries the same Message-ID and the Date of sending.
    expect(smtp.accepted.map((a) => a.messageId).sort()).toEqual(d.messages.map((m) => m.messageId).sort());
    expect(smtp.accepted[0]!.date).toEqual(AT);
    expect(smtp.accepted[0]!.headers.get('auto-submitted')).toBe('auto-generated');
  });

  it('uses a Message-ID that depends only on case, deadline, due date, offset and recipient', () => {
    const id = (caseId: string, key: string, address: string) => messageIdFor({ caseId, subject: key, address }, 'jeugdflow.test');
    const k5 = reminderSubjectKey(reminder(5), 1);
    expect(id('C-1', k5, 'a@x.example')).toBe(id('C-1', reminderSubjectKey(reminder(5), 99), 'A@X.example'));
    expect(id('C-1', k5, 'a@x.example')).not.toBe(id('C-2', k5, 'a@x.example'));
    expect(id('C-1', k5, 'a@x.example')).not.toBe(id('C-1', reminderSubjectKey(reminder(1), 1), 'a@x.example'));
    expect(id('C-1', k5, 'a@x.example')).not.toBe(id('C-1', k5, 'b@x.example'));
    // A moved deadline (new due date in the key) gets new ids; a supervisor's resend too.
    expect(id('C-1', k5, 'a@x.example')).not.toBe(id('C-1', reminderSubjectKey(reminder(5, ['aanbieder'], { key: 'k@2026-04-01#5' }), 1), 'a@x.example'));
    expect(reminderSubjectKey({ key: 'k', resent: true }, 12)).not.toBe(reminderSubjectKey({ key: 'k' }, 12));
  });

  it('does not send a mail twice: the outbox answers a retry', async () => {
    const { performEffect } = activities();
    const first = detailsOf(await performEffect(effect(reminder(1))));
    const again = detailsOf(await performEffect(effect(reminder(1))));
    expect(smtp.attempts).toHaveLength(2);
    expect(again.messages.map((m) => m.messageId)).toEqual(first.messages.map((m) => m.messageId));
    expect(again.messages.every((m) => m.fromOutbox === true && m.status === 'sent')).toBe(true);
    const rows = await (await sharedMemoryStore()).query<{ message_id: string; state: string }>('SELECT message_id, state FROM jf_outbox ORDER BY 1');
    expect(rows).toEqual(first.messages.map((m) => ({ message_id: m.messageId, state: 'sent' })).sort((a, b) => a.message_id.localeCompare(b.message_id)));
  });

  it('throws a retryable failure on a 4xx reply, then sends once the server accepts', async () => {
    const { performEffect } = activities();
    smtp.reply = { kind: 'reject', code: 451, message: 'Greylisted, try again later' };
    const err = await performEffect(effect(reminder(5))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: 'SmtpTemporaryError', nonRetryable: false });
    expect(smtp.accepted).toHaveLength(0);
    smtp.reply = { kind: 'accept' };
    expect(detailsOf(await performEffect(effect(reminder(5)))).status).toBe('sent');
    await performEffect(effect(reminder(5)));
    expect(smtp.accepted).toHaveLength(2); // two recipients, each exactly once
  });

  it('records a 5xx reply as a failed message, does not throw and does not offer it again', async () => {
    const { performEffect, log } = activities();
    smtp.reply = { kind: 'reject', code: 550, message: 'Mailbox unavailable' };
    const result = await performEffect(effect(reminder(5)));
    const d = detailsOf(result);
    expect(d.status).toBe('failed');
    expect(d.messages.every((m) => m.status === 'failed' && m.responseCode === 550 && /Mailbox unavailable/.test(m.response))).toBe(true);
    expect(result.record!.label).toMatch(/^E-mail niet afgeleverd: herinnering "Reactietermijn aanbieder \(trede 1\)" .*\(550: 550 Mailbox unavailable\)$/);
    expect(log.lines().some((l) => l.level === 50 && l.responseCode === 550)).toBe(true);
    smtp.reply = { kind: 'accept' };
    const again = detailsOf(await performEffect(effect(reminder(5))));
    expect(again.messages.every((m) => m.status === 'failed' && m.fromOutbox)).toBe(true);
    expect(smtp.attempts).toHaveLength(2);
    expect(smtp.accepted).toHaveLength(0);
  });

  it('survives an SMTP server that is down: retryable until it is up, then exactly once', async () => {
    const port = await unusedPort();
    const { performEffect } = activities(`smtp://127.0.0.1:${port}`);
    const down = await performEffect(effect(reminder(-1, ['aanbieder', 'contractmanager']))).catch((e: unknown) => e);
    expect(down).toMatchObject({ type: 'SmtpTemporaryError', nonRetryable: false });
    const catcher: MailCatcher = await startMailCatcher({ port, store: data.dir });
    try {
      const sent = detailsOf(await performEffect(effect(reminder(-1, ['aanbieder', 'contractmanager']))));
      await performEffect(effect(reminder(-1, ['aanbieder', 'contractmanager'])));
      await performEffect(effect(reminder(-1, ['aanbieder', 'contractmanager'])));
      expect(sent.messages).toHaveLength(4); // 2 provider addresses + 2 contract managers
      expect(catcher.messages()).toHaveLength(4);
      expect(new Set(catcher.messages().map((m) => m.messageId)).size).toBe(4);
      expect(catcher.messages().map((m) => m.subject)).toContain('Termijn verstreken: Reactietermijn aanbieder (trede 1) – zaak ESC-2026-001');
    } finally {
      await catcher.close();
    }
  });

  it('records "Geen ontvanger voor rol …" and warns when a role has nobody', async () => {
    const { performEffect, log } = activities();
    const result = await performEffect(effect(reminder(5, ['aanbieder']), { case: { ...CASE, provider: 'onbekend-bv' } }));
    expect(result.record!.label).toBe('Geen ontvanger voor rol aanbieder: herinnering "Reactietermijn aanbieder (trede 1)" (nog 5 werkdagen) niet verstuurd');
    expect(detailsOf(result)).toMatchObject({ status: 'no-recipient', messages: [], missing: [{ role: 'aanbieder', reason: 'no-match' }] });
    expect(log.lines().some((l) => l.level === 40 && l.msg === 'no recipient for role' && l.role === 'aanbieder')).toBe(true);
    expect(smtp.attempts).toHaveLength(0);

    const partial = await performEffect(effect(reminder(-1, ['zbt', 'contractmanager'])));
    expect(partial.record!.label).toMatch(/^Geen ontvanger voor rol zbt: .* \(wel verstuurd aan 2 ontvangers\)$/);
    expect(detailsOf(partial).status).toBe('partial');
  });

  it('honours a reassignment and, without case facts, takes the provider code from the lookup', async () => {
    const { performEffect } = activities(smtp.url, { lookupCase: async () => ({ provider: 'zorg-oost' }) });
    const assigned = detailsOf(await performEffect(effect(reminder(-1, ['aanbieder', 'contractmanager']), { case: { ...CASE, assignees: { contractmanager: 'bram' } } })));
    expect(assigned.messages.filter((m) => m.roles.includes('contractmanager')).map((m) => [m.to, m.via])).toEqual([['bram@regio.example', 'assignee']]);
    const { case: _omit, ...bare } = effect(reminder(1));
    const looked = detailsOf(await performEffect(bare));
    expect(looked.messages.map((m) => m.to).sort()).toEqual(['contracten@zorg-oost.example', 'eva@zorg-oost.example']);
  });

  it('leaves effects that are not mail alone', async () => {
    const { performEffect } = activities();
    expect(await performEffect(effect({ procedure: 'escalation-ladder' }, { type: 'offerEscalation' }))).toEqual({});
    expect(smtp.attempts).toHaveLength(0);
  });
});

describe('notify mails', () => {
  it('sends a procedure template with the open deadline of the addressed role', async () => {
    const { performEffect } = activities();
    const result = await performEffect(effect({ template: 'escalation.rungChosen', to: ['aanbieder'] }, { type: 'notify' }));
    expect(result.record!.label).toBe('E-mail verstuurd: "Escalatieladder: trede gekozen voor aanbieder zorg-oost" (aan 2 ontvangers)');
    const mail = smtp.accepted[0]!;
    expect(mail.headers.get('x-jeugdflow-template')).toBe('escalation.rungChosen');
    expect(mail.text).toContain(`${CONSOLE}/zaken/ESC-2026-001`);
    expect(mail.text).toContain('Er loopt een termijn: "Reactietermijn aanbieder (trede 1)", uiterlijk');
  });

  it('uses one Message-ID per history entry, template and recipient', async () => {
    const { performEffect } = activities();
    await performEffect(effect({ template: 'escalation.caseClosed', to: ['contractmanager'] }, { type: 'notify', seq: 3 }));
    await performEffect(effect({ template: 'escalation.caseClosed', to: ['contractmanager'] }, { type: 'notify', seq: 3 }));
    await performEffect(effect({ template: 'escalation.caseClosed', to: ['contractmanager'] }, { type: 'notify', seq: 4 }));
    expect(smtp.accepted).toHaveLength(4);
  });

  it('still sends, with the general text, for a template without text, and says so', async () => {
    const { performEffect, log } = activities();
    const d = detailsOf(await performEffect(effect({ template: 'escalation.somethingNew', to: ['contractmanager'] }, { type: 'notify' })));
    expect(d.status).toBe('sent');
    expect(d.notes).toContain("Geen tekst voor template 'escalation.somethingNew'; algemene tekst gebruikt");
    expect(log.lines().some((l) => l.level === 40 && l.template === 'escalation.somethingNew')).toBe(true);
  });

  it('records invalid notify parameters instead of sending a broken mail', async () => {
    const { performEffect } = activities();
    const result = await performEffect(effect({ template: 'escalation.caseClosed', to: ['niet-een-rol'] }, { type: 'notify' }));
    expect(result.record!.label).toMatch(/^E-mail niet verstuurd: ongeldige notify-parameters/);
    expect(detailsOf(result).status).toBe('failed');
  });
});

describe('automatic letters with a veto window', () => {
  const siro = { period: '2026-Q1', realisedPercent: 0.8, targetPercent: 2, checkedOn: '2026-04-07' };
  const vetoCase: EffectCase = {
    provider: 'zorg-oost',
    stateLabel: 'Automatische brief wacht op akkoord contractmanager',
    deadlines: [
      { name: 'vetoWindow', label: 'Vetotermijn automatische brief', due: '2026-04-14', dueAt: '2026-04-14T21:59:59.999Z', explanation: '5 werkdagen na dinsdag 7 april 2026: uiterlijk dinsdag 14 april 2026', rule: '002 Begrippenlijst, SIRO', waitingOn: ['contractmanager'], status: 'open' },
    ],
  };

  it('asks the contract manager, quoting the letter and the end of the veto window', async () => {
    const { performEffect } = activities();
    const result = await performEffect(
      effect({ template: 'letter.vetoRequested', to: ['contractmanager'], letter: 'siro-warning', data: siro }, { type: 'notify', case: vetoCase, procedureId: 'sroi' }),
    );
    expect(result.record!.label).toBe('E-mail verstuurd: verzoek om akkoord op brief "Waarschuwingsbrief SROI (SIRO)" (aan 2 ontvangers)');
    const { text, html } = smtp.accepted[0]!;
    expect(text).toContain('goedkeuren, uitstellen of weigeren tot en met dinsdag 14 april 2026.');
    expect(text).toContain('Zonder actie van u wordt de brief na afloop van de termijn automatisch verstuurd.');
    expect(text).toContain('--- Concept: Waarschuwingsbrief SROI (SIRO) ---');
    expect(text).toContain('gerealiseerd 0,8%, afgesproken 2%');
    expect(html).toContain('<blockquote');
  });

  it('sends the letter to the provider and says it went automatically', async () => {
    const { performEffect } = activities();
    const d = detailsOf(
      await performEffect(effect({ template: 'letter:siro-warning', to: ['aanbieder'], data: siro, automatic: true }, { type: 'notify', case: vetoCase, procedureId: 'sroi' })),
    );
    expect(d.status).toBe('sent');
    expect(d.messages.map((m) => m.to).sort()).toEqual(['contracten@zorg-oost.example', 'eva@zorg-oost.example']);
    const mail = smtp.accepted[0]!;
    expect(mail.subject).toBe('Waarschuwing: achterstand in de realisatie van uw social return-verplichting – zaak ESC-2026-001');
    expect(mail.text).toContain('Deze brief is automatisch verstuurd');
  });

  it('refuses letter data outside the letter schema', async () => {
    const { performEffect } = activities();
    const result = await performEffect(
      effect({ template: 'letter:siro-warning', to: ['aanbieder'], data: { ...siro, youthName: 'Jan' } }, { type: 'notify', case: vetoCase }),
    );
    expect(result.record!.label).toMatch(/^E-mail niet verstuurd: gegevens van brief 'siro-warning' ongeldig/);
    expect(smtp.attempts).toHaveLength(0);
  });
});

describe('opt-out: no personal data in any mail', () => {
  const PERSONAL = { bsn: '123456782', name: 'Jan Jansen', firstName: 'Jan', birthDate: '2012-05-04', address: 'Dorpsstraat 1' };

  /** Nine digits that pass the eleven-test, anywhere in the text. */
  const bsnLike = (s: string) => (s.match(/\d{9,}/g) ?? []).some((run) => [...Array(run.length - 8).keys()].some((i) => looksLikeBsn(run.slice(i, i + 9))));

  it('sends every template of every procedure and every reminder without personal fields, even when params carry them', async () => {
    const { performEffect } = activities();
    const optOut: EffectCase = { ...CASE, optOut: true };
    let seq = 100;
    const inputs: EffectInput[] = [];
    for (const { id: procedureId, mail } of listProcedures()) {
      for (const template of Object.keys(mail)) {
        const to = ['contractmanager', 'contractbeheer', 'aanbieder'] as const;
        inputs.push(effect({ template, to, anonymised: true, ...PERSONAL }, { type: 'notify', procedureId, seq: seq++, case: optOut }));
      }
    }
    for (const offset of [5, 1, 0, -1]) inputs.push(effect({ ...reminder(offset, ['aanbieder', 'contractmanager']), ...PERSONAL }, { case: optOut }));
    // Ten at a time: the SMTP server makes every new connection wait 100 ms before its greeting.
    for (let i = 0; i < inputs.length; i += 10) await Promise.all(inputs.slice(i, i + 10).map((input) => performEffect(input)));
    expect(smtp.accepted.length).toBeGreaterThan(100);
    for (const { subject, text, html, to } of smtp.accepted) {
      const decoded = `${subject}\n${text}\n${html}`;
      expect(bsnLike(decoded)).toBe(false);
      for (const value of ['Jan Jansen', 'Jansen', '2012-05-04', '04-05-2012', 'Dorpsstraat']) expect(decoded).not.toContain(value);
      if (to.some((a) => a.endsWith('@regio.example'))) expect(decoded).toContain('Deze zaak valt onder opt-out');
    }
  }, 60_000);

  it('opt-out (002 §4.2 stap 9): the case view and the mails withhold the youth\'s personal data from the same roles — the commissioning body, gemeente included, and the supervisor', async () => {
    // One user per role, so each mail shows what that one role is told.
    const address = (role: Role) => `${role}@${role === 'aanbieder' ? 'zorg-oost' : 'regio'}.example`;
    const directory = parseDirectory({
      users: ROLES.map((role) => ({ id: role, name: `Gebruiker ${role}`, email: address(role), roles: [role], ...(role === 'aanbieder' ? { provider: 'zorg-oost' } : {}) })),
      providerContacts: {},
    });
    const { sendNotificationMail } = createActivities({ logger: captureLogger().logger, mail: testMailService(data.dir, smtp.url, directory), now: () => AT });
    const template = Object.keys(findProcedure('escalation-ladder')!.mail)[0]!;
    await sendNotificationMail(effect({ template, to: [...ROLES] }, { type: 'notify', seq: 900, case: { ...CASE, optOut: true } }));

    const rt = startCase(reviewProcedure, { caseId: 'RV-OPT', procedureId: 'escalation-ladder', startedBy: { role: 'contractmanager', userId: 'anna' }, data: { provider: 'zorg-oost' }, personalData: PERSONAL, optOut: true }, AT.toISOString()).rt;
    const verdicts = ROLES.map((role) => {
      const mail = smtp.accepted.find((m) => m.to.includes(address(role)));
      expect(mail, `a mail for ${role}`).toBeDefined();
      const toldWithheld = `${mail!.text}\n${mail!.html}`.includes('Deze zaak valt onder opt-out');
      const viewWithheld = viewCase(rt, { role, nowMs: AT.getTime() }).personalDataWithheld === true;
      return { role, toldWithheld, viewWithheld };
    });
    expect(verdicts.filter((v) => v.toldWithheld !== v.viewWithheld)).toEqual([]);
    const withheld = verdicts.filter((v) => v.viewWithheld).map((v) => v.role);
    expect(withheld).toEqual(expect.arrayContaining(['contractmanager', 'contractbeheer', 'opdrachtgever-besluit', 'gemeente', 'supervisor']));
    expect(withheld).not.toEqual(expect.arrayContaining(['aanbieder']));
    expect(withheld).toHaveLength(5);
  }, 60_000);

  it('blocks a mail that would carry a BSN-like number, and records why', async () => {
    const { performEffect } = activities();
    const result = await performEffect(effect(reminder(5, ['contractmanager'], { explanation: 'termijn van 123456782' })));
    const d = detailsOf(result);
    expect(d.status).toBe('failed');
    expect(d.messages.every((m) => m.status === 'blocked' && m.response.startsWith('Niet verstuurd: mogelijk persoonsgegevens'))).toBe(true);
    expect(smtp.attempts).toHaveLength(0);
  });
});
