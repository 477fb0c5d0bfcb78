// Dutch, all of it (issue 16): every console page a business user can reach — each role, one case of each
// procedure in every state of its walk from start to close, error pages, forms with errors — shows no
// English word from the list and no raw code (`snake_case`, `dotted.code`, `kebab-code`) in its visible
// text. Codes in attributes (names, values, ids) are fine; literal technical values inside <code>/<pre>
// (a Message-ID, a mail's source) are shown as such.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, UserDirectory } from '../../api/users.ts';
import { ENGLISH_WORDS } from '../../console/glossary.ts';
import { eventFormId } from '../../console/pages/case.ts';
import { createSmtpSender, startMailCatcher, type MailCatcher } from '../../mail/index.ts';
import { findProcedure } from '../../machines/index.ts';
import { login, PASSWORD, startHarness, token, type Agent, type Harness } from '../api/harness.ts';
import { WALKS, WALK_USERS } from './walks.ts';

let h: Harness;
let catcher: MailCatcher;
let mailData: string;
const provider = `za-${token()}`;
const agents = new Map<string, Agent>();
/** Values people typed or the system generated (case numbers, provider codes, user ids): data, not codes. */
const dataValues = new Set<string>([provider, ...WALK_USERS.map((u) => u.id)]);

beforeAll(async () => {
  mailData = await mkdtemp(join(tmpdir(), 'jeugdflow-dutch-mail-'));
  catcher = await startMailCatcher({ port: 0, store: mailData });
  const hash = await hashPassword(PASSWORD);
  const users = UserDirectory.fromJson({
    users: WALK_USERS.map((u) => ({ id: u.id, name: u.name, roles: u.roles, ...(u.provider ? { provider } : {}), passwordHash: hash })),
  });
  h = await startHarness({ app: { users, mailDir: mailData } });
  for (const u of WALK_USERS) agents.set(u.id, await login(h.app, u.id));
});

afterAll(async () => {
  await h?.close();
  await catcher?.close();
  if (mailData) await rm(mailData, { recursive: true, force: true });
});

const decode = (s: string) =>
  s
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&');

/** The text a person sees: no tags, attributes, scripts, styles; <code>/<pre> literals left out. */
export function visibleText(markup: string): string {
  return decode(
    markup
      .replace(/<!--[\s\S]*?-->/g, ' ')
      .replace(/<(script|style|code|pre|svg)\b[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<[^>]+>/g, ' '),
  )
    .replace(/\s+/g, ' ')
    .trim();
}

const ENGLISH = new RegExp(`(?<![\\p{L}\\d])(${ENGLISH_WORDS.map((w) => w.replace(/ /g, '\\s+')).join('|')})(?![\\p{L}\\d])`, 'giu');
const RAW_CODE = /(?<![\p{L}\d@/.-])([a-z][a-z0-9]*(?:_[a-z0-9]+)+|[a-z][a-zA-Z0-9]*(?:\.[a-z][a-zA-Z0-9]*)+|[a-z][a-z0-9]*(?:-[a-z0-9]+)+)(?![\p{L}\d@/-])/gu;
/** Dutch words written with a hyphen or a dot that are no codes. */
const ALLOWED = new Set(['e-mail', 'e-mails', 'opt-out', 'niet-nakoming', 'segment-specifiek', 'utf-8', 'pro-forma']);
/** Examples of the codes a field asks for ("Code van de organisatie, bijv. soj, gemeente-dordrecht of aanbieder-042"). */
const EXAMPLE_CODES = new Set(['gemeente-dordrecht', 'aanbieder-042']);

/** Every English word and raw code in a page's visible text. */
function offences(markup: string): string[] {
  const text = visibleText(markup)
    .replace(/\bhttps?:\/\/\S+/g, ' ')
    .replace(/\S+@\S+/g, ' ');
  const found = new Set<string>();
  for (const m of text.matchAll(ENGLISH)) found.add(`Engels: "${m[1]}" in "…${text.slice(Math.max(0, m.index - 40), m.index + 40)}…"`);
  for (const m of text.matchAll(RAW_CODE)) {
    const token = m[1]!;
    if (ALLOWED.has(token.toLowerCase()) || EXAMPLE_CODES.has(token) || dataValues.has(token) || /^jeugdflow\.|\.(pdf|nl|local|test)$/.test(token)) continue;
    found.add(`code: "${token}" in "…${text.slice(Math.max(0, m.index - 40), m.index + 40)}…"`);
  }
  return [...found];
}

/** Adds the provider code of every case on the server (as the supervisor lists them) to the data values. */
async function learnProviderCodes(): Promise<void> {
  const res = await agents.get('sanne')!.get('/api/cases?includeClosed=true&limit=10000');
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  for (const c of res.json<{ provider: string }[]>()) dataValues.add(c.provider);
}

const problems: string[] = [];
let waitedFor = 0;
async function check(agent: Agent | undefined, url: string, what: string, opts: { method?: 'GET' | 'POST'; form?: Record<string, string> } = {}): Promise<string> {
  const res =
    opts.method === 'POST'
      ? await (agent ?? agents.get('anna')!).request({
          method: 'POST',
          url,
          payload: new URLSearchParams({ ...opts.form, _csrf: (agent ?? agents.get('anna')!).csrf }).toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        })
      : agent
        ? await agent.get(url)
        : await h.app.inject({ method: 'GET', url });
  // Lists show every case on the dev server, also those of other test files with their own provider codes:
  // codes people entered are data, not raw codes.
  if (!url.startsWith('/zaken/')) await learnProviderCodes();
  expect(String(res.headers['content-type']), `${what}: ${url} → ${res.statusCode} ${String(res.headers.location ?? '')} ${res.body.slice(0, 300)}`).toMatch(/text\/html/);
  for (const o of offences(res.body)) problems.push(`${what} (${url}): ${o}`);
  return res.body;
}

describe('Dutch, all of it (issue 16)', () => {
  it('the checker finds English words and raw codes in visible text, not in attributes or code literals', () => {
    expect(offences('<p>Unknown user or wrong password</p>')).not.toEqual([]);
    expect(offences('<p>Uitkomst: Agreed</p>')).not.toEqual([]);
    expect(offences('<p>Actie clock.suspended</p>')).not.toEqual([]);
    expect(offences('<p>Categorie: bedreiging-intimidatie</p>')).not.toEqual([]);
    expect(offences('<p>Fase: open_rung1</p>')).not.toEqual([]);
    expect(offences('<input name="payload.actions.0.what" value="agreed"><p>Stuur een e-mail naar anna@regio.example</p><code>abc.def-1</code>')).toEqual([]);
  });

  it('every page, for every role, for a case of each procedure in each state from start to close, reads in Dutch without raw codes; the step the case waits on a person for comes first, the rest folded away', async () => {
    const anon = undefined;
    await check(anon, '/inloggen', 'inlogpagina');
    const wrong = await h.app.inject({ method: 'GET', url: '/inloggen' });
    void wrong;
    for (const u of WALK_USERS) {
      const a = agents.get(u.id)!;
      await check(a, '/mijn-werk', `Mijn werk van ${u.id}`);
      await check(a, '/zaken', `Zaken van ${u.id}`);
      await check(a, '/zaken/nieuw', `Nieuwe zaak van ${u.id}`);
      await check(a, '/bestaat-niet', `404 voor ${u.id}`);
      await check(a, '/zaken/GEEN-ZAAK-42', `onbekende zaak voor ${u.id}`);
      await check(a, '/toezicht', `Toezicht voor ${u.id}`);
      await check(a, '/post', `Post voor ${u.id}`);
    }
    await check(agents.get('sanne'), '/toezicht/auditlog', 'auditlog');
    await check(agents.get('sanne'), '/contractmanagers', 'contractmanagers');

    for (const walk of WALKS) {
      const def = findProcedure(walk.procedure)!;
      const starter = agents.get(walk.starter)!;
      // The start form, empty: every field marked in Dutch.
      await check(starter, `/zaken/nieuw/${walk.procedure}`, `startformulier ${walk.name}`);
      await check(starter, `/zaken/nieuw/${walk.procedure}`, `startformulier ${walk.name} met fouten`, { method: 'POST', form: { caseId: `tst-${walk.name}-${token()}` } });
      const caseId = `TST-${walk.name.toUpperCase()}-${token()}`;
      dataValues.add(caseId);
      const started = await starter.post('/api/cases', { procedure: walk.procedure, caseId, data: walk.data(provider) });
      expect(started.statusCode, started.body).toBe(201);
      const viewers = new Set(['sanne', walk.starter]);
      for (const [i, s] of walk.steps.entries()) {
        for (const v of new Set([...viewers, s.user])) {
          const markup = await check(agents.get(v), `/zaken/${caseId}`, `zaak ${walk.name} vóór stap ${i + 1} (${v})`);
          if (v !== s.user) continue;
          // What the case waits on this person for comes first; other allowed steps are folded away.
          const view = (await agents.get(v)!.get(`/api/cases/${caseId}`)).json<{ waitingOn: string[] }>();
          const at = markup.indexOf(`id="${eventFormId(s.type, s.variant ?? '')}"`);
          const fold = markup.indexOf('Andere stappen die nu mogen');
          expect(at, `${walk.name}: form of ${s.type} for ${v}`).toBeGreaterThan(-1);
          const role = WALK_USERS.find((u) => u.id === v)!.roles[0]!;
          if (view.waitingOn.includes(role)) {
            waitedFor++;
            expect(markup, `${walk.name} ${s.type}`).toContain('De zaak wacht nu op u voor:');
            expect(fold === -1 || at < fold, `${walk.name}: ${s.type} shown first to ${v}`).toBe(true);
          } else if (markup.includes('De zaak wacht nu op u voor:')) {
            expect(at, `${walk.name}: ${s.type} folded away for ${v}`).toBeGreaterThan(fold);
          }
        }
        // A form with errors: the step sent empty (where empty is refused).
        if (!def.events[s.type]!.schema.safeParse({}).success) await check(agents.get(s.user), `/zaken/${caseId}/stappen`, `stap ${s.type} met fouten`, { method: 'POST', form: { type: s.type, formId: 'x', ...(s.variant ? { 'payload.rung': s.variant } : {}) } });
        const sent = await agents.get(s.user)!.post(`/api/cases/${caseId}/events`, { type: s.type, payload: s.payload });
        expect(sent.statusCode, `${walk.name} ${s.type}: ${sent.body}`).toBe(200);
        viewers.add(s.user);
        if (walk.name === 'ladder' && i === 1) {
          // Supervisor fixes in the history: the clock stopped and resumed, read on the case page and in the dossier.
          const sanne = agents.get('sanne')!;
          for (const fix of [
            { action: 'clock.suspended', ground: 'afspraak-partijen', reason: 'Partijen spraken een pauze af voor overleg' },
            { action: 'clock.resumed', ground: 'grond-vervallen', reason: 'Het overleg is afgerond' },
          ]) {
            const res = await sanne.post(`/api/cases/${caseId}/supervise`, { fix });
            expect(res.statusCode, res.body).toBe(200);
            for (const v of ['sanne', 'anna', 'eva']) await check(agents.get(v), `/zaken/${caseId}`, `zaak ${walk.name} na ${fix.action} (${v})`);
            await check(sanne, `/zaken/${caseId}/dossier`, `dossier ${walk.name} na ${fix.action}`);
          }
        }
      }
      for (const v of viewers) {
        await check(agents.get(v), `/zaken/${caseId}`, `zaak ${walk.name} afgesloten (${v})`);
        await check(agents.get(v), `/zaken/${caseId}/dossier`, `dossier ${walk.name} (${v})`);
      }
      // A refused step on a closed case.
      await check(agents.get(walk.starter), `/zaken/${caseId}/stappen`, `stap op afgesloten zaak ${walk.name}`, { method: 'POST', form: { type: Object.keys(def.events)[0]!, formId: 'x' } });
    }
    // The KPI stoplight as a picture, for staff and for the provider (its own).
    for (const v of ['anna', 'eva']) {
      const markup = await check(agents.get(v), '/stoplicht', `stoplicht (${v})`);
      expect(markup).toContain('role="img"');
    }
    // A cancelled case.
    const cancelledId = `TST-GEANNULEERD-${token()}`;
    dataValues.add(cancelledId);
    expect((await agents.get('anna')!.post('/api/cases', { procedure: WALKS[0]!.procedure, caseId: cancelledId, data: WALKS[0]!.data(provider) })).statusCode).toBe(201);
    const cancel = await agents.get('sanne')!.post(`/api/cases/${cancelledId}/supervise`, { fix: { action: 'case.cancelled', ground: 'dubbele-zaak', reason: 'Dubbel aangemaakt door een fout bij het starten' } });
    expect(cancel.statusCode, cancel.body).toBe(200);
    for (const v of ['sanne', 'anna']) await check(agents.get(v), `/zaken/${cancelledId}`, `geannuleerde zaak (${v})`);

    // The lists with the walked cases in them (the read model follows the cases within moments).
    await new Promise((r) => setTimeout(r, 1500));
    for (const u of WALK_USERS) await check(agents.get(u.id), '/zaken', `Zaken van ${u.id} met zaken`);
    for (const u of WALK_USERS) await check(agents.get(u.id), '/mijn-werk', `Mijn werk van ${u.id} met zaken`);

    // Post: one caught mail.
    const sender = createSmtpSender({ url: catcher.url });
    await sender.send({ messageId: `<${token()}@jeugdflow.test>`, from: 'Jeugdzorg Regio <noreply@jeugdflow.test>', to: { name: 'Anna de Vries', address: 'anna@regio.example' }, subject: 'Herinnering: termijn verloopt', text: 'Beste contractmanager,\n\nDe termijn verloopt.', html: '<!doctype html><html lang="nl"><body><p>De termijn verloopt.</p></body></html>', date: new Date() });
    sender.close();
    const list = await check(agents.get('anna'), '/post', 'Post met e-mail');
    const mailLink = /href="(\/post\/[^"/]+)"/.exec(list)?.[1];
    if (mailLink) await check(agents.get('anna'), mailLink, 'een e-mail in Post');

    expect(problems).toEqual([]);
    // Most steps of the walks are ones the case waits on their actor for.
    expect(waitedFor).toBeGreaterThan(10);
  });
});
