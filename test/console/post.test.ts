// Sent mail in the console: the real mail catcher of `npm start` (startMailCatcher) catches what is sent,
// and the console with `mailDir` lists it at /post and shows one mail (headers, text, the HTML in a
// sandboxed frame under a policy of its own), only for supervisor, contract manager and contractbeheer.
// Every sent message of a case (the record the real mail activity returns) is on its case page and in its
// dossier: time in Amsterdam, subject, recipients, Message-ID, SMTP reply, status.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities, type MailRecordDetails } from '../../activities/index.ts';
import { computeDeadline } from '../../calendar/index.ts';
import { buildConsole } from '../../console/app.ts';
import { MAIL_FRAME_CSP } from '../../console/pages/post.ts';
import { createMailService, createSmtpSender, listCaughtMail, parseDirectory, startMailCatcher, type MailCatcher } from '../../mail/index.ts';
import { recordMessage } from '../../workflows/engine.ts';
import { eventually, hearing, login, seedLadderCase, startHarness, token, type Harness } from '../api/harness.ts';

let h: Harness;
let dataDir: string;
let catcher: MailCatcher;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'jeugdflow-post-'));
  catcher = await startMailCatcher({ port: 0, store: dataDir });
  h = await startHarness({ app: { mailDir: dataDir } });
});

afterAll(async () => {
  await h?.close();
  await catcher?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const silent = pino({ level: 'silent' });

/** One mail through nodemailer into the catcher; returns its id under /post. */
async function sendToCatcher(n: string, extra: { html?: string; caseId?: string } = {}): Promise<string> {
  const sender = createSmtpSender({ url: catcher.url });
  const messageId = `<POST-${n}.${token(8)}@jeugdflow.test>`;
  try {
    await sender.send({
      messageId,
      from: 'Jeugdzorg Regio <noreply@jeugdflow.test>',
      to: { name: 'Anna de Vries', address: 'anna@regio.example' },
      subject: `Herinnering ${n} – zaak POST-1`,
      text: `Tekst ${n}: reageer uiterlijk maandag 23 maart 2026.\nBekijk zaak POST-1 in jeugdflow.`,
      html: extra.html ?? `<p style="margin:0 0 12px">Tekst ${n}</p>`,
      date: new Date('2026-03-10T08:30:00.000Z'),
      ...(extra.caseId ? { headers: { 'X-Jeugdflow-Case': extra.caseId } } : {}),
    });
  } finally {
    sender.close();
  }
  const caught = (await listCaughtMail(dataDir)).find((m) => m.messageId === messageId);
  if (!caught) throw new Error(`mail ${messageId} not caught`);
  return caught.id;
}

describe('Post: the mail the local catcher caught', () => {
  it('lists caught mail newest first and shows one mail: headers, text, and the HTML in a sandboxed frame under its own policy', async () => {
    const first = await sendToCatcher('een');
    const hostile = '<p style="color:#1a1a1a">Tekst twee</p><script>alert("x")</script><img src="https://tracker.example/p.gif" alt="">';
    const second = await sendToCatcher('twee', { html: hostile, caseId: 'POST-1' });
    const anna = await login(h.app, 'anna');

    const list = await anna.get('/post');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('<a class="utrecht-nav-list__link utrecht-link utrecht-link--html-a utrecht-link--current" href="/post" aria-current="page">Post</a>');
    expect(list.body).toMatch(/<caption class="utrecht-table__caption">Ontvangen e-mail \(\d+\)<\/caption>/);
    const [i1, i2] = [list.body.indexOf(`href="/post/${first}"`), list.body.indexOf(`href="/post/${second}"`)];
    expect(i1).toBeGreaterThan(0);
    expect(i2).toBeGreaterThan(0);
    expect(i2).toBeLessThan(i1); // newest first
    expect(list.body).toContain('Herinnering twee – zaak POST-1');
    expect(list.body).toContain('anna@regio.example');

    const one = await anna.get(`/post/${second}`);
    expect(one.statusCode).toBe(200);
    const body = one.body;
    expect(body).toContain('<h1 class="utrecht-heading-1">Herinnering twee – zaak POST-1</h1>');
    const headers: [string, string][] = [
      ['Aan', 'Anna de Vries &lt;anna@regio.example&gt;'],
      ['Van', 'Jeugdzorg Regio &lt;noreply@jeugdflow.test&gt;'],
      ['Datum', '10 maart 2026 om 09:30'], // 08:30 UTC, in Amsterdam
      ['Onderwerp', 'Herinnering twee – zaak POST-1'],
    ];
    for (const [key, value] of headers) {
      expect(body).toMatch(new RegExp(`<dt class="utrecht-data-list__item-key">${key}</dt><dd[^>]*>(<span[^>]*>)?${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    }
    expect(body).toMatch(/Message-ID<\/dt><dd[^>]*><code class="utrecht-code jf-break">&lt;POST-twee\.[a-z]+@jeugdflow\.test&gt;<\/code>/);
    expect(body).toContain('<a class="utrecht-link utrecht-link--html-a" href="/zaken/POST-1">POST-1</a>');
    // Encoded words of the raw header lines are decoded in the header table too.
    expect(body).toContain('<th scope="row" class="utrecht-table__header-cell jf-rowhead"><code class="utrecht-code">subject</code></th><td class="utrecht-table__cell"><code class="utrecht-code jf-break">Herinnering twee – zaak POST-1</code>');
    expect(body).toContain('Tekst twee: reageer uiterlijk maandag 23 maart 2026.\nBekijk zaak POST-1 in jeugdflow.</pre>');
    // The mail's HTML is never part of the console page: only a sandboxed frame of its own.
    expect(body).not.toContain('<script>alert');
    expect(body).not.toContain('tracker.example/p.gif"');
    expect(body).toContain(`<iframe class="jf-mail-frame" src="/post/${second}/html" sandbox="" referrerpolicy="no-referrer"`);
    expect(body).toMatch(/<iframe [^>]*title="Opgemaakte versie van de e-mail: Herinnering twee – zaak POST-1"/);
    const pageCsp = String(one.headers['content-security-policy']);
    expect(pageCsp).toContain("script-src 'self'");
    expect(pageCsp).not.toContain('unsafe-inline');

    const frame = await anna.get(`/post/${second}/html`);
    expect(frame.statusCode).toBe(200);
    expect(frame.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(frame.headers['content-security-policy']).toBe(MAIL_FRAME_CSP);
    expect(MAIL_FRAME_CSP).toMatch(/default-src 'none'.*sandbox$/);
    expect(MAIL_FRAME_CSP).not.toContain('script-src');
    expect(frame.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(frame.body).toBe(hostile);

    const plain = await anna.get(`/post/${first}`);
    expect(plain.body).toContain('<iframe');
    expect(plain.body).not.toContain('/zaken/POST-1"'); // no case header, no case link

    for (const bad of ['20260101T000000000Z-abcdef', '..%2F..%2Fetc%2Fpasswd', 'index.json']) {
      const res = await anna.get(`/post/${bad}`);
      expect(res.statusCode, bad).toBe(404);
      expect(res.body).toContain('<h1 class="utrecht-heading-1">Niet gevonden</h1>');
      expect((await anna.get(`/post/${bad}/html`)).statusCode, `${bad}/html`).toBe(404);
    }
  });

  it('is for supervisor, contract manager and contractbeheer only: a provider user gets 403 and no link; without log-in, the log-in page', async () => {
    const id = await sendToCatcher('drie');
    for (const user of ['sanne', 'anna', 'carla']) {
      const agent = await login(h.app, user);
      expect((await agent.get('/post')).statusCode, user).toBe(200);
      expect((await agent.get(`/post/${id}`)).statusCode, user).toBe(200);
      expect((await agent.get('/mijn-werk')).body, user).toContain('href="/post"');
    }
    const eva = await login(h.app, 'eva');
    for (const url of ['/post', `/post/${id}`, `/post/${id}/html`]) {
      const res = await eva.get(url);
      expect(res.statusCode, url).toBe(403);
      expect(res.headers['content-type'], url).toBe('text/html; charset=utf-8');
      expect(res.body, url).toContain('Post is er alleen voor: Supervisor, Contractmanager, Contractbeheer.');
      expect(res.body, url).not.toContain('Herinnering drie');
    }
    expect((await eva.get('/mijn-werk')).body).not.toContain('href="/post"');

    const anonymous = await h.app.inject({ method: 'GET', url: `/post/${id}` });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe(`/inloggen?terug=${encodeURIComponent(`/post/${id}`)}`);
  });

  it('is not there without the embedded mail catcher (no mailDir): 404, no link', async () => {
    const app = await buildConsole({ ops: { client: h.client, taskQueue: h.taskQueue, namespace: 'default', calendar: {} }, users: h.users, pdf: false });
    try {
      const sanne = await login(app, 'sanne');
      expect((await sanne.get('/post')).statusCode).toBe(404);
      expect((await sanne.get('/mijn-werk')).body).not.toContain('href="/post"');
    } finally {
      await app.close();
    }
  });
});

describe('Verzonden berichten on the case page and in the dossier', () => {
  it('shows every message the mail activity recorded: time in Amsterdam, subject, recipients, Message-ID, SMTP reply, status', async () => {
    const caseId = `MS-${token(6).toUpperCase()}`;
    // The real send activity, into the real catcher: its record is what the workflow puts in the history.
    const directory = parseDirectory({
      users: [{ id: 'anna', name: 'Anna de Vries', email: 'anna@regio.example', roles: ['contractmanager'] }],
      providerContacts: { [h.providerA]: [{ role: 'aanbieder', name: 'Contractpunt aanbieder', email: 'contracten@aanbieder.example' }] },
    });
    const mail = createMailService(
      { SMTP_URL: catcher.url, MAIL_FROM: 'Jeugdzorg Regio <noreply@jeugdflow.test>', JEUGDFLOW_DATA_DIR: dataDir, CONSOLE_URL: 'http://localhost:3000' },
      { directory: async () => directory },
    );
    const sentAt = new Date('2026-03-10T08:30:00.000Z');
    const term = computeDeadline({ kind: 'working-days', n: 15, from: '2026-03-09' });
    const { sendReminderMail } = createActivities({ logger: silent, mail, now: () => sentAt });
    const result = await sendReminderMail({
      caseId,
      procedureId: 'escalation-ladder',
      seq: 3,
      type: 'deadline.reminder',
      params: {
        deadline: 'responseTerm',
        label: 'Reactietermijn aanbieder (trede 1)',
        offset: 5,
        due: term.due,
        dueAt: term.dueAt,
        explanation: term.explanation,
        rule: '003 Escalatieladder, trede 1',
        to: ['aanbieder', 'contractmanager', 'contractbeheer'],
        key: `responseTerm@${term.due}#5`,
      },
      case: { provider: h.providerA, stateLabel: 'Wacht op reactie aanbieder' },
    });
    mail.sender.close();
    const sent = result.record!.details as MailRecordDetails;
    expect(sent.status).toBe('partial');
    expect(sent.messages.map((m) => m.to).sort()).toEqual(['anna@regio.example', 'contracten@aanbieder.example']);
    // A refused one, as the activity records a 5xx.
    const refused: MailRecordDetails = {
      status: 'failed',
      effect: 'notify',
      template: 'escalation.rungChosen',
      subject: `Trede 1 gekozen – zaak ${caseId}`,
      messages: [
        {
          messageId: `<${caseId}.0f0f@jeugdflow.test>`,
          to: 'contracten@aanbieder.example',
          roles: ['aanbieder'],
          via: 'provider-contact',
          status: 'failed',
          at: '2026-03-11T13:05:00.000Z',
          response: '550 5.1.1 <contracten@aanbieder.example>: mailbox <b>unknown</b>',
          responseCode: 550,
        },
      ],
      missing: [],
    };
    await seedLadderCase(h, {
      caseId,
      provider: h.providerA,
      startedAt: '2026-03-09T08:00:00.000Z',
      steps: [{ type: 'hearing.recorded', role: 'contractmanager', userId: 'anna', payload: hearing, at: '2026-03-09T09:00:00.000Z' }],
      tweak: (rt) => {
        recordMessage(rt, '2026-03-10T08:30:01.000Z', result.record!.label, sent);
        recordMessage(rt, '2026-03-11T13:05:01.000Z', 'E-mail niet afgeleverd: "Trede 1 gekozen" (550)', refused);
      },
    });

    const anna = await login(h.app, 'anna');
    const page = await eventually(async () => {
      const res = await anna.get(`/zaken/${caseId}`);
      expect(res.statusCode).toBe(200);
      return res.body;
    });
    const section = /<section class="jf-section" aria-labelledby="berichten-kop" id="berichten">([\s\S]*?)<\/section>/.exec(page)?.[1] ?? '';
    expect(section).toContain('<h2 class="utrecht-heading-2" id="berichten-kop">Verzonden berichten</h2>');
    expect(section).toContain('<caption class="utrecht-table__caption jf-visually-hidden">Verzonden berichten per ontvanger');
    expect(section).toMatch(/<th scope="col" class="utrecht-table__header-cell">Verstuurd<\/th>.*Onderwerp.*Ontvanger.*Message-ID.*Antwoord mailserver.*Status/s);
    const rows = [...section.matchAll(/<tr class="utrecht-table__row">(.*?)<\/tr>/gs)].map((m) => m[1]!).slice(1);
    expect(rows).toHaveLength(4); // two delivered, one role without recipient, one refused

    const row = (text: string) => rows.find((r) => r.includes(text)) ?? '';
    for (const m of sent.messages) {
      const r = row(m.to);
      expect(r).toContain('10 maart 2026 om 09:30'); // 08:30 UTC in Amsterdam
      expect(r).toContain(`Herinnering: Reactietermijn aanbieder (trede 1) verloopt over 5 werkdagen – zaak ${caseId}`);
      expect(r).toContain(m.messageId.replace('<', '&lt;').replace('>', '&gt;'));
      expect(r).toMatch(/250 OK: caught as \d{8}T\d{9}Z-[0-9a-f]{6}/);
      expect(r).toContain('utrecht-status-badge--success">Afgeleverd</span>');
      // The catcher has it: a link to the mail under /post.
      const caught = (await listCaughtMail(dataDir)).find((c) => c.messageId === m.messageId);
      expect(caught, m.messageId).toBeDefined();
      expect(r).toContain(`href="/post/${caught!.id}">Bekijk in Post</a>`);
    }
    expect(row('anna@regio.example')).toContain('Contractmanager');
    expect(row('contracten@aanbieder.example')).toContain('contactpunt aanbieder');
    expect(row('Niemand voor rol Contractbeheer')).toContain('utrecht-status-badge--warning">Geen ontvanger</span>');
    const failed = row('Trede 1 gekozen');
    expect(failed).toContain('11 maart 2026 om 14:05');
    expect(failed).toContain('550 5.1.1 &lt;contracten@aanbieder.example&gt;: mailbox &lt;b&gt;unknown&lt;/b&gt;');
    expect(failed).toContain('utrecht-status-badge--danger">Mislukt</span>');
    expect(failed).not.toContain('Bekijk in Post'); // never caught
    // The subject leads to the entry in the dossier below.
    expect(rows[0]).toMatch(/href="#stap-\d+"/);

    // The dossier (case page and printable) tells each message in words, not as JSON.
    const dossier = await anna.get(`/zaken/${caseId}/dossier`);
    expect(dossier.statusCode).toBe(200);
    expect(dossier.body).toContain('<h2 class="utrecht-heading-2">Verzonden berichten</h2>');
    expect(dossier.body).toContain('11 maart 2026 om 14:05');
    for (const body of [page, dossier.body]) {
      const entries = /<ol class="jf-dossier">([\s\S]*?)<\/ol>/.exec(body)?.[1] ?? '';
      expect(entries).toContain('Deels verstuurd: niet elke rol had een ontvanger');
      expect(entries).toContain('contracten@aanbieder.example</span> (Aanbieder): <strong>Afgeleverd</strong>, 10 maart 2026 om 09:30');
      expect(entries).toContain('Contractbeheer: ');
      expect(entries).toContain('<strong>Mislukt</strong>, 11 maart 2026 om 14:05');
      expect(entries).not.toContain('{&quot;');
      expect(entries).not.toContain('[object Object]');
    }

    // A provider's user sees the messages of its case, but no links into /post.
    const eva = await login(h.app, 'eva');
    const evaPage = await eva.get(`/zaken/${caseId}`);
    expect(evaPage.statusCode).toBe(200);
    expect(evaPage.body).toContain('Verzonden berichten');
    expect(evaPage.body).not.toContain('Bekijk in Post');
  });

  it('says so when no message was sent', async () => {
    const caseId = `MN-${token(6).toUpperCase()}`;
    await seedLadderCase(h, { caseId, provider: h.providerA, startedAt: '2026-11-20T08:00:00.000Z' });
    const anna = await login(h.app, 'anna');
    const body = await eventually(async () => {
      const res = await anna.get(`/zaken/${caseId}`);
      expect(res.statusCode).toBe(200);
      return res.body;
    });
    expect(body).toContain('Voor deze zaak zijn nog geen berichten verstuurd.');
  });
});
