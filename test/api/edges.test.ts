// The edges of the API and the console (issues 12 and 17): closed cases named as closed, bad input
// refused with 400 naming the field before it reaches Temporal, a header or a visibility query, Temporal
// errors that are not "unreachable" never answered as 503, no caching of case data, other providers'
// cases indistinguishable from missing ones, a safe log-in redirect and a bounded PDF queue.
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiErrorSchema, toApiError } from '../../api/errors.ts';
import { BoundedQueue } from '../../console/pdf.ts';
import type { CaseView } from '../../workflows/engine.ts';
import { caseWorkflowId } from '../../workflows/constants.ts';
import { anonymous, eventually, hearing, ladderStart, login, PASSWORD, startHarness, token, type Agent, type Harness } from './harness.ts';

let h: Harness;
let anna: Agent;
let eva: Agent;
let frank: Agent;
let sanne: Agent;

beforeAll(async () => {
  h = await startHarness();
  [anna, eva, frank, sanne] = (await Promise.all(['anna', 'eva', 'frank', 'sanne'].map((u) => login(h.app, u)))) as [Agent, Agent, Agent, Agent];
});

afterAll(async () => {
  await h?.close();
});

const newCaseId = (prefix = 'EDGE') => `${prefix}-${token(8).toUpperCase()}`;

async function startLadder(agent: Agent, provider = h.providerA, caseId = newCaseId()): Promise<CaseView> {
  const res = await agent.post('/api/cases', { procedure: 'escalation-ladder', caseId, data: ladderStart(provider) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<CaseView>();
}

type Res = { statusCode: number; json: () => unknown; body: string; headers: Record<string, unknown> };

function expectError(res: Res, status: number, code: string): z.infer<typeof apiErrorSchema> {
  expect(res.statusCode, res.body).toBe(status);
  const body = apiErrorSchema.strict().parse(res.json());
  expect(body.code, res.body).toBe(code);
  return body;
}

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  payload: new URLSearchParams(fields).toString(),
  headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
});

async function statusOf(caseId: string): Promise<string> {
  return (await h.client.workflow.getHandle(caseWorkflowId(caseId)).describe()).status.name;
}

describe('an event on a closed case says the case is closed, with its end state (issue 12)', () => {
  it('a completed case (cancelled by the supervisor): 409 CASE_CLOSED naming the end state, through the API and the console', async () => {
    const view = await startLadder(anna);
    const cancelled = await sanne.post(`/api/cases/${view.caseId}/supervise`, { fix: { action: 'case.cancelled', ground: 'dubbele-zaak', reason: 'Dubbel aangemaakt' } });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    await eventually(async () => expect(await statusOf(view.caseId)).toBe('COMPLETED'));

    const refused = expectError(await anna.post(`/api/cases/${view.caseId}/events`, { type: 'hearing.recorded', payload: hearing }), 409, 'CASE_CLOSED');
    expect(refused.state).toBe('open.investigation');
    expect(refused.message).toContain('is cancelled by a supervisor in state open.investigation');
    expect(refused.allowedEvents).toEqual([]);

    const page = await anna.request({ method: 'POST', url: `/zaken/${view.caseId}/stappen`, ...form({ type: 'hearing.recorded', formId: 'x', 'payload.date': hearing.date }) });
    expect(page.statusCode).toBe(409);
    expect(page.body).toContain('Deze zaak is afgesloten');
    expect(page.body).not.toContain('Deze zaak bestaat niet');
  });

  it('a terminated workflow: 409 CASE_CLOSED saying it was terminated, with the last recorded state', async () => {
    const view = await startLadder(anna);
    await h.client.workflow.getHandle(caseWorkflowId(view.caseId)).terminate('test: operator ends the workflow');
    const refused = expectError(await anna.post(`/api/cases/${view.caseId}/events`, { type: 'hearing.recorded', payload: hearing }), 409, 'CASE_CLOSED');
    expect(refused.message).toContain('terminated');
    expect(refused.state).toBe('open.investigation');
  });
});

describe('5xx never answers bad input: 400 naming the field, before Temporal (issue 12)', () => {
  const deep = (n: number): unknown => {
    let v: unknown = 'x';
    for (let i = 0; i < n; i++) v = { a: v };
    return v;
  };
  const deepJson = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

  it('payloads nested 9,000 deep, 2,100-character and NUL / CR LF provider codes, bad codes in ids, filters and query params', async () => {
    const view = await startLadder(anna);
    const long = 'p'.repeat(2100);
    const cases: [Promise<Res>, number, string, string][] = [
      [anna.request({ method: 'POST', url: `/api/cases/${view.caseId}/events`, payload: `{"type":"hearing.recorded","payload":${deepJson(9000)}}`, headers: { 'content-type': 'application/json' } }), 400, 'BAD_REQUEST', 'payload.a'],
      [anna.post(`/api/cases/${view.caseId}/supervise`, { fix: deep(100) }), 400, 'BAD_REQUEST', 'fix.a'],
      [anna.request({ method: 'POST', url: '/api/cases', payload: `{"procedure":"escalation-ladder","caseId":"${newCaseId()}","data":{"provider":"${h.providerA}","signal":${deepJson(9000)}}}`, headers: { 'content-type': 'application/json' } }), 400, 'BAD_REQUEST', 'data.signal'],
      [anna.post('/api/cases', { procedure: 'escalation-ladder', caseId: newCaseId(), data: ladderStart(long) }), 400, 'INVALID_PAYLOAD', 'data.provider'],
      [anna.post('/api/cases', { procedure: 'escalation-ladder', caseId: newCaseId(), data: ladderStart('zorg\u0000oost') }), 400, 'INVALID_PAYLOAD', 'data.provider'],
      [anna.post('/api/cases', { procedure: 'escalation-ladder', caseId: newCaseId(), data: ladderStart('zorg\r\nX-Evil: 1') }), 400, 'INVALID_PAYLOAD', 'data.provider'],
      [anna.post('/api/cases', { procedure: 'escalation-ladder', caseId: `EL-\u0000${token()}`, data: ladderStart(h.providerA) }), 400, 'BAD_REQUEST', 'caseId'],
      [anna.post('/api/cases', { procedure: 'escalation\r\nladder', caseId: newCaseId(), data: ladderStart(h.providerA) }), 400, 'BAD_REQUEST', 'procedure'],
      [anna.post(`/api/cases/${view.caseId}/events`, { type: 'hearing.recorded\u0000', payload: hearing }), 400, 'BAD_REQUEST', 'type'],
      [anna.post(`/api/cases/${view.caseId}/events`, { type: 'hearing.recorded', payload: hearing, requestId: 'a\r\nb' }), 400, 'BAD_REQUEST', 'requestId'],
      [anna.post(`/api/cases/${view.caseId}/events`, { type: 'hearing.recorded', payload: hearing, reason: 'nul \u0000 teken' }), 400, 'BAD_REQUEST', 'reason'],
      [anna.get(`/api/cases?provider=${long}`), 400, 'BAD_REQUEST', 'provider'],
      [anna.get('/api/cases?provider=zorg%00oost'), 400, 'BAD_REQUEST', 'provider'],
      [anna.get('/api/cases?provider=zorg%0D%0Aoost'), 400, 'BAD_REQUEST', 'provider'],
      [anna.get(`/api/cases?state=${'a'.repeat(2100)}`), 400, 'BAD_REQUEST', 'state'],
      [anna.get('/api/cases?procedure=x%00y'), 400, 'BAD_REQUEST', 'procedure'],
      [anna.get('/api/cases/EL-%00-1'), 400, 'BAD_REQUEST', 'caseId'],
      [anna.get('/api/procedures/x%0D%0Ay'), 400, 'BAD_REQUEST', 'id'],
    ];
    for (const [pending, status, code, field] of cases) {
      const res = await pending;
      const body = expectError(res, status, code);
      expect(body.field, res.body).toBe(field);
    }
    // Nothing was applied to the case.
    expect((await anna.get(`/api/cases/${view.caseId}`)).json<CaseView>().revision).toBe(view.revision);
  });

  it('console forms and query params: 4xx naming the field, never 5xx', async () => {
    const view = await startLadder(anna);
    const list = await anna.get('/zaken?provider=zorg%00oost');
    expect(list.statusCode).toBe(400);
    expect(list.body).toContain('provider');
    const start = await anna.request({
      method: 'POST',
      url: '/zaken/nieuw/escalation-ladder',
      ...form({ caseId: newCaseId(), 'data.provider': 'p'.repeat(2100), 'data.signal.category': 'kwaliteit', 'data.signal.description': 'Klachten over lange wachttijden', 'data.signal.receivedOn': '2026-01-05' }),
    });
    expect(start.statusCode).toBe(400);
    expect(start.body).toContain('data.provider');
    const step = await anna.request({ method: 'POST', url: `/zaken/${view.caseId}/stappen`, ...form({ type: 'hearing.recorded\r\n', formId: 'x' }) });
    expect(step.statusCode).toBeLessThan(500);
    expect(step.statusCode).toBeGreaterThanOrEqual(400);
    const badCase = await anna.get('/zaken/EL-%00-1');
    expect(badCase.statusCode).toBe(400);
    const anon = await anonymous(h.app);
    const hugeName = await h.app.inject({ method: 'POST', url: '/inloggen', ...form({ username: 'u'.repeat(2100), password: PASSWORD }, { cookie: anon.cookie, 'x-csrf-token': anon.csrf }) });
    expect(hugeName.statusCode).toBe(400);
    expect(hugeName.body).toContain('username');
  });

  it('a Temporal error that is not "unreachable" is 500 INTERNAL with a neutral message, never 503 UNAVAILABLE', async () => {
    // A real error of the dev server: a visibility query it refuses (INVALID_ARGUMENT).
    let real: unknown;
    try {
      for await (const _ of h.client.workflow.list({ query: "JfProvider = 'unterminated" })) break;
    } catch (err) {
      real = err;
    }
    expect(real).toBeDefined();
    const answer = toApiError(real);
    expect(answer.status).toBe(500);
    expect(answer.body).toEqual({ code: 'INTERNAL', message: 'Interne fout; probeer het later opnieuw' });
    // Only a connection that cannot be made is "unreachable".
    expect(toApiError(Object.assign(new Error('14 UNAVAILABLE: connect failed'), { code: 14 })).status).toBe(503);
  });
});

describe('smaller holes (issue 17)', () => {
  it('API answers and console pages with case data carry Cache-Control: no-store', async () => {
    const view = await startLadder(anna);
    for (const url of [`/api/cases/${view.caseId}`, '/api/cases', '/api/session', `/zaken/${view.caseId}`, `/zaken/${view.caseId}/dossier`, '/mijn-werk']) {
      const res = await anna.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
    const missing = await anna.get('/api/cases/NO-SUCH-CASE');
    expectError(missing, 404, 'CASE_NOT_FOUND');
    expect(missing.headers['cache-control']).toBe('no-store');
  });

  it("another provider's case gets the same answer as a case that does not exist (API and console)", async () => {
    const view = await startLadder(anna, h.providerA);
    const missing = newCaseId();
    const same = (a: Res, b: Res, idA: string, idB: string) => {
      expect(a.statusCode).toBe(b.statusCode);
      expect(a.body.replaceAll(idA, '<id>')).toBe(b.body.replaceAll(idB, '<id>'));
    };
    const other = await frank.get(`/api/cases/${view.caseId}`);
    expectError(other, 404, 'CASE_NOT_FOUND');
    same(other, await frank.get(`/api/cases/${missing}`), view.caseId, missing);
    const event = { type: 'response.submitted', payload: { explanation: 'Wij werven extra personeel', recoveryMeasures: 'Extra intakecapaciteit' } };
    same(await frank.post(`/api/cases/${view.caseId}/events`, event), await frank.post(`/api/cases/${missing}/events`, event), view.caseId, missing);
    const page = await frank.get(`/zaken/${view.caseId}`);
    expect(page.statusCode).toBe(404);
    same(page, await frank.get(`/zaken/${missing}`), view.caseId, missing);
    // The own provider still sees it.
    expect((await eva.get(`/api/cases/${view.caseId}`)).statusCode).toBe(200);
  });

  it('POST /inloggen with next=/Ā (or any unsafe target) logs in and redirects to /, never 500', async () => {
    for (const next of ['/Ā', '/zaken\r\nSet-Cookie: x=1', '//evil.example', `/${'a'.repeat(600)}`]) {
      const anon = await anonymous(h.app);
      const res = await h.app.inject({ method: 'POST', url: '/inloggen', ...form({ username: 'anna', password: PASSWORD, next }, { cookie: anon.cookie, 'x-csrf-token': anon.csrf }) });
      expect(res.statusCode, next).toBe(303);
      expect(res.headers.location, next).toBe('/');
    }
    const anon = await anonymous(h.app);
    const ok = await h.app.inject({ method: 'POST', url: '/inloggen', ...form({ username: 'anna', password: PASSWORD, next: '/zaken?overdue=true' }, { cookie: anon.cookie, 'x-csrf-token': anon.csrf }) });
    expect(ok.headers.location).toBe('/zaken?overdue=true');
  });
});

describe('the actor of a step', () => {
  it("carries the signed-in provider user's organisation (from the session, never from the request)", async () => {
    const caseId = newCaseId('ORG');
    const data = {
      provider: h.providerA,
      caseDirector: 'lokaal-team',
      childProtectionMeasure: false,
      seriousReasons: 'Herhaalde agressie tegen medewerkers tijdens behandeling',
      reasonCategory: 'agressie',
      optOut: false,
    };
    const forged = await eva.post('/api/cases', { procedure: 'care-termination', caseId, data, actor: { role: 'aanbieder', userId: 'eva', organisation: h.providerB } });
    expect(expectError(forged, 400, 'BAD_REQUEST').field).toBe('actor');
    const started = await eva.post('/api/cases', { procedure: 'care-termination', caseId, data });
    expect(started.statusCode, started.body).toBe(201);
    expect(started.json<CaseView>().history[0]!.actor).toEqual({ role: 'aanbieder', userId: 'eva', organisation: h.providerA });
    // A user of the commissioning body has no provider code: no organisation is made up.
    expect((await startLadder(anna)).history[0]!.actor).toEqual({ role: 'contractmanager', userId: 'anna' });
  });
});

describe('dossier PDFs render through a bounded queue (issue 17)', () => {
  let dir: string;
  let fakeChromium: string;
  let logFile: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'jf-fake-chromium-'));
    fakeChromium = join(dir, 'chromium');
    logFile = join(dir, 'runs.log');
    // Stands in for Chromium: notes its start and end (appends are atomic), takes a while, writes a PDF.
    await writeFile(
      fakeChromium,
      `#!${process.execPath}
const fs = require('node:fs');
const out = process.argv.find((a) => a.startsWith('--print-to-pdf=')).slice('--print-to-pdf='.length);
fs.appendFileSync(${JSON.stringify(logFile)}, '+\\n');
setTimeout(() => {
  fs.writeFileSync(out, '%PDF-1.4\\n%%EOF\\n');
  fs.appendFileSync(${JSON.stringify(logFile)}, '-\\n');
}, 400);
`,
    );
    await chmod(fakeChromium, 0o755);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('8 parallel requests all get their PDF, and no more than 2 render at once', async () => {
    const own = await startHarness({ app: { pdf: true, pdfBinary: fakeChromium } });
    try {
      const annaOwn = await login(own.app, 'anna');
      const res = await annaOwn.post('/api/cases', { procedure: 'escalation-ladder', caseId: newCaseId('PDF'), data: ladderStart(own.providerA) });
      const caseId = res.json<CaseView>().caseId;
      const answers = await Promise.all(Array.from({ length: 8 }, () => annaOwn.get(`/zaken/${caseId}/dossier.pdf`)));
      for (const a of answers) {
        expect(a.statusCode, a.body).toBe(200);
        expect(a.headers['content-type']).toBe('application/pdf');
        expect(a.headers['cache-control']).toBe('no-store');
      }
      const marks = (await readFile(logFile, 'utf8')).split('\n').filter(Boolean);
      let running = 0;
      let most = 0;
      for (const m of marks) {
        running += m === '+' ? 1 : -1;
        most = Math.max(most, running);
      }
      expect(marks.filter((m) => m === '+')).toHaveLength(8);
      expect(most).toBeLessThanOrEqual(2);
    } finally {
      await own.close();
    }
  });

  it('a full queue answers 503 with Retry-After at once (the queue counts, not times)', async () => {
    const queue = new BoundedQueue({ concurrency: 2, queueLimit: 1, retryAfterSeconds: 7 });
    const gates: (() => void)[] = [];
    let active = 0;
    let most = 0;
    const job = () =>
      queue.run(async () => {
        active++;
        most = Math.max(most, active);
        await new Promise<void>((r) => gates.push(r));
        active--;
        return 'ok';
      });
    const first = [job(), job(), job()]; // two run, one waits
    await eventually(async () => expect(gates).toHaveLength(2));
    expect(queue.queued).toBe(1);
    const refused = await job().catch((err: unknown) => err);
    const answer = toApiError(refused);
    expect(answer).toMatchObject({ status: 503, body: { code: 'BUSY' }, retryAfter: 7 });
    gates.splice(0).forEach((open) => open());
    await eventually(async () => expect(gates).toHaveLength(1)); // the waiting one got the freed slot
    gates.splice(0).forEach((open) => open());
    expect(await Promise.all(first)).toEqual(['ok', 'ok', 'ok']);
    expect(most).toBe(2);
    expect(queue.peak).toBe(2);
  });

  it('the console answers a full PDF queue with 503 and Retry-After', async () => {
    const queue = new BoundedQueue({ concurrency: 1, queueLimit: 0, retryAfterSeconds: 5 });
    const own = await startHarness({ app: { pdf: true, pdfBinary: fakeChromium, pdfQueue: queue } });
    try {
      const annaOwn = await login(own.app, 'anna');
      const res = await annaOwn.post('/api/cases', { procedure: 'escalation-ladder', caseId: newCaseId('PDF'), data: ladderStart(own.providerA) });
      const caseId = res.json<CaseView>().caseId;
      // Hold the one slot, then ask for a PDF.
      let release!: () => void;
      const holding = queue.run(() => new Promise<void>((r) => (release = r)));
      const busy = await annaOwn.get(`/zaken/${caseId}/dossier.pdf`);
      release();
      await holding;
      expect(busy.statusCode).toBe(503);
      expect(busy.headers['retry-after']).toBe('5');
      expect(busy.body).toContain('Het is nu te druk');
      expect((await annaOwn.get(`/zaken/${caseId}/dossier.pdf`)).statusCode).toBe(200);
    } finally {
      await own.close();
    }
  });
});
