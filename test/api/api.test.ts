// The HTTP API in-process (app.inject) on the shared dev server with a real worker: log-in, CSRF, scope,
// roles, four-eyes, the documented error shape, OpenAPI, health, lists, the supervisor board and the
// log of applied events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogger } from '../support/logs.ts';
import { z } from 'zod';
import { apiErrorSchema } from '../../api/errors.ts';
import { amsterdamDateOf } from '../../calendar/index.ts';
import { findProcedure } from '../../machines/index.ts';
import type { CaseView } from '../../workflows/engine.ts';
import { anonymous, daysAgo, eventually, hearing, ladderStart, login, measureProposal, rungOne, seedLadderCase, startHarness, token, type Agent, type Harness } from './harness.ts';

let h: Harness;
let anna: Agent;
let bram: Agent;
let eva: Agent;
let frank: Agent;
let sanne: Agent;

beforeAll(async () => {
  h = await startHarness();
  [anna, bram, eva, frank, sanne] = (await Promise.all(['anna', 'bram', 'eva', 'frank', 'sanne'].map((u) => login(h.app, u)))) as [Agent, Agent, Agent, Agent, Agent];
});

afterAll(async () => {
  await h?.close();
});

const newCaseId = (prefix = 'API') => `${prefix}-${token(8).toUpperCase()}`;

async function startLadder(agent: Agent, provider = h.providerA, caseId = newCaseId()): Promise<CaseView> {
  const res = await agent.post('/api/cases', { procedure: 'escalation-ladder', caseId, data: ladderStart(provider) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<CaseView>();
}

function expectError(res: { statusCode: number; json: () => unknown; body: string }, status: number, code: string): z.infer<typeof apiErrorSchema> {
  expect(res.statusCode, res.body).toBe(status);
  const body = apiErrorSchema.strict().parse(res.json());
  expect(body.code).toBe(code);
  return body;
}

describe('log-in and sessions', () => {
  it('logs in with a user from the users file and refuses a wrong password with 401 in the documented error shape', async () => {
    const anon = await anonymous(h.app);
    const bad = await h.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { cookie: anon.cookie, 'x-csrf-token': anon.csrf },
      payload: { username: 'anna', password: 'wrong-password' },
    });
    expectError(bad, 401, 'UNAUTHENTICATED');
    const me = await anna.get('/api/session');
    expect(me.json()).toMatchObject({ user: { id: 'anna', roles: ['contractmanager'] } });
  });

  it('sets the session cookie Secure, HttpOnly and SameSite, and a new session id at log-in (no fixation)', async () => {
    const anon = await anonymous(h.app);
    const res = await h.app.inject({ method: 'POST', url: '/api/session', headers: { cookie: anon.cookie, 'x-csrf-token': anon.csrf }, payload: { username: 'bram', password: 'test-password-123' } });
    const cookie = res.cookies.find((c) => c.name === 'jf_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
    expect(`jf_session=${cookie.value}`).not.toBe(anon.cookie);
    // The anonymous session is gone: its cookie no longer carries a session.
    const old = await h.app.inject({ method: 'GET', url: '/api/session', headers: { cookie: anon.cookie } });
    expect(old.json<{ csrfToken: string }>().csrfToken).not.toBe(anon.csrf);
  });

  it('rate-limits log-in: after 5 failures for a user name, 429 with Retry-After, even with the right password', async () => {
    const own = await startHarness({ worker: false });
    try {
      const anon = await anonymous(own.app);
      const attempt = (password: string) =>
        own.app.inject({ method: 'POST', url: '/api/session', headers: { cookie: anon.cookie, 'x-csrf-token': anon.csrf }, payload: { username: 'carla', password } });
      for (let i = 0; i < 5; i++) expectError(await attempt(`wrong-${i}`), 401, 'UNAUTHENTICATED');
      const limited = await attempt('test-password-123');
      expectError(limited, 429, 'RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await own.close();
    }
  });

  it('answers 401 to API calls without a session', async () => {
    expectError(await h.app.inject({ method: 'GET', url: '/api/cases' }), 401, 'UNAUTHENTICATED');
  });

  it('sends security headers (CSP, no framing, nosniff)', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/session' });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  });
});

describe('CSRF', () => {
  it('refuses a state-changing call without the CSRF token, and nothing is started', async () => {
    const caseId = newCaseId();
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: { cookie: anna.cookie },
      payload: { procedure: 'escalation-ladder', caseId, data: ladderStart(h.providerA) },
    });
    expectError(res, 403, 'CSRF_INVALID');
    expectError(await anna.get(`/api/cases/${caseId}`), 404, 'CASE_NOT_FOUND');
  });

  it("refuses another session's token and a cross-site Origin", async () => {
    const caseId = newCaseId();
    const body = { procedure: 'escalation-ladder', caseId, data: ladderStart(h.providerA) };
    expectError(await anna.post('/api/cases', body, { 'x-csrf-token': bram.csrf }), 403, 'CSRF_INVALID');
    expectError(await anna.post('/api/cases', body, { origin: 'https://evil.example' }), 403, 'CSRF_INVALID');
    expectError(await anna.get(`/api/cases/${caseId}`), 404, 'CASE_NOT_FOUND');
  });
});

describe('cases through the operations', () => {
  it('starts a case as the logged-in user: the actor comes from the session, a client-supplied actor is refused', async () => {
    const caseId = newCaseId();
    const forged = await anna.post('/api/cases', { procedure: 'escalation-ladder', caseId, data: ladderStart(h.providerA), actor: { role: 'contractmanager', userId: 'bram' } });
    expect(expectError(forged, 400, 'BAD_REQUEST').field).toBe('actor');
    const view = await startLadder(anna, h.providerA, caseId);
    expect(view).toMatchObject({ caseId, procedure: 'escalation-ladder', state: 'open.investigation', stateLabel: 'Onderzoek en wederhoor' });
    expect(view.history[0]!.actor).toEqual({ role: 'contractmanager', userId: 'anna' });
  });

  it('sends an event and shows the case: state in words, the events my role may send, deadlines with explanation, history', async () => {
    const view = await startLadder(anna);
    expect((await anna.post(`/api/cases/${view.caseId}/events`, { type: 'hearing.recorded', payload: hearing })).statusCode).toBe(200);
    const moved = await anna.post(`/api/cases/${view.caseId}/events`, { type: 'rung.chosen', payload: rungOne, reason: 'Meerdere signalen' });
    expect(moved.statusCode, moved.body).toBe(200);
    const shown = (await eva.get(`/api/cases/${view.caseId}`)).json<CaseView>();
    expect(shown.state).toBe('open.rung1.awaitingResponse');
    expect(shown.stateLabel).toBe('Wacht op reactie aanbieder');
    expect(shown.allowedEvents.map((e) => e.type)).toEqual(['response.submitted']);
    expect(shown.deadlines[0]).toMatchObject({ name: 'responseTerm', n: 15, kind: 'working-days' });
    expect(shown.deadlines[0]!.explanation).toMatch(/^15 werkdagen na /);
    expect(shown.history.map((e) => e.type)).toEqual(['case.started', 'hearing.recorded', 'rung.chosen']);
    expect(shown.history[2]).toMatchObject({ actor: { role: 'contractmanager', userId: 'anna' }, reason: 'Meerdere signalen' });
  });

  it('a wrong role gets 403 with the reason and the rule, and nothing changes', async () => {
    const view = await startLadder(anna);
    const res = await eva.post(`/api/cases/${view.caseId}/events`, { type: 'hearing.recorded', payload: hearing });
    const err = expectError(res, 403, 'ROLE_NOT_ALLOWED');
    expect(err.rule).toContain('Onderzoek en wederhoor');
    expect(err.message).toContain("Role 'aanbieder' may not send 'hearing.recorded'");
    const after = (await anna.get(`/api/cases/${view.caseId}`)).json<CaseView>();
    expect(after.history).toHaveLength(1);
  });

  it('a refused guard gets 409 naming the condition, the state and what is allowed; a bad payload names the field', async () => {
    const view = await startLadder(anna);
    const guard = expectError(await anna.post(`/api/cases/${view.caseId}/events`, { type: 'rung.chosen', payload: rungOne }), 409, 'GUARD_FAILED');
    expect(guard.message).toContain('onderzoek en wederhoor');
    expect(guard.state).toBe('open.investigation');
    expect(guard.allowedEvents).toContain('hearing.recorded');
    const invalid = expectError(await anna.post(`/api/cases/${view.caseId}/events`, { type: 'hearing.recorded', payload: { ...hearing, findings: 'kort' } }), 400, 'INVALID_PAYLOAD');
    expect(invalid.field).toBe('payload.findings');
  });

  it("a provider's user sees and acts only on its own provider's cases (another provider's case is 404 CASE_NOT_FOUND, nothing changes)", async () => {
    const view = await startLadder(anna, h.providerA);
    await anna.post(`/api/cases/${view.caseId}/events`, { type: 'hearing.recorded', payload: hearing });
    await anna.post(`/api/cases/${view.caseId}/events`, { type: 'rung.chosen', payload: rungOne });
    const refused = expectError(await frank.get(`/api/cases/${view.caseId}`), 404, 'CASE_NOT_FOUND');
    expect(refused.message).not.toContain(h.providerA);
    const respond = { type: 'response.submitted', payload: { explanation: 'Wij werven extra personeel', recoveryMeasures: 'Extra intakecapaciteit per 1 maart' } };
    expectError(await frank.post(`/api/cases/${view.caseId}/events`, respond), 404, 'CASE_NOT_FOUND');
    expect((await anna.get(`/api/cases/${view.caseId}`)).json<CaseView>().state).toBe('open.rung1.awaitingResponse');
    expectError(await frank.get(`/api/cases?provider=${h.providerA}`), 403, 'OUT_OF_SCOPE');
    const own = await eva.post(`/api/cases/${view.caseId}/events`, respond);
    expect(own.json<CaseView>().state).toBe('open.rung1.responseReceived');
    // A provider's list holds only its own cases.
    const frankCases = await eventually(async () => {
      const list = (await frank.get('/api/cases?includeClosed=true')).json<{ provider: string }[]>();
      return list;
    });
    expect(frankCases.every((c) => c.provider === h.providerB)).toBe(true);
  });

  it('four-eyes: the proposer cannot approve their own measure; a second contract manager can (user id from the session)', async () => {
    const view = await startLadder(anna);
    await anna.post(`/api/cases/${view.caseId}/events`, { type: 'hearing.recorded', payload: hearing });
    expect((await anna.post(`/api/cases/${view.caseId}/events`, { type: 'measure.proposed', payload: measureProposal })).statusCode).toBe(200);
    // A notice of default (rung 3) goes by registered letter: its reference comes with the approval.
    // The letter is dated today: a date that starts a legal term lies between the previous step and today.
    const approval = { type: 'measure.approved', payload: { date: amsterdamDateOf(Date.now()), registeredLetter: { reference: 'RR 1234 5678 9NL' } } };
    const own = expectError(await anna.post(`/api/cases/${view.caseId}/events`, approval), 409, 'GUARD_FAILED');
    expect(own.message).toContain('vier-ogenprincipe');
    const second = await bram.post(`/api/cases/${view.caseId}/events`, approval);
    expect(second.statusCode, second.body).toBe(200);
    const after = second.json<CaseView>();
    expect(after.history.find((e) => e.type === 'measure.approved')).toMatchObject({ actor: { role: 'contractmanager', userId: 'bram' } });
    expect(after.history.filter((e) => e.type === 'measure.approved')).toHaveLength(1);
  });

  it('the contract manager never sees the personal data of an opt-out case; the provider does', async () => {
    const caseId = newCaseId('BE');
    const personalData = { name: 'Jan Jansen', bsn: '111222333', dateOfBirth: '2012-05-01', address: 'Dorpsstraat 1, Rotterdam' };
    const start = await eva.post('/api/cases', {
      procedure: 'care-termination',
      caseId,
      data: {
        provider: h.providerA,
        caseDirector: 'lokaal-team',
        childProtectionMeasure: false,
        seriousReasons: 'Herhaalde agressie tegen medewerkers tijdens behandeling',
        reasonCategory: 'agressie',
        optOut: true,
      },
      personalData,
    });
    expect(start.statusCode, start.body).toBe(201);
    expect(start.json<CaseView>().personalData).toEqual(personalData);
    const asManager = (await anna.get(`/api/cases/${caseId}`)).json<CaseView>();
    expect(asManager.personalData).toBeUndefined();
    expect(asManager.personalDataWithheld).toBe(true);
    // Several roles, one of them of the commissioning body: still withheld.
    const dirk = await login(h.app, 'dirk');
    expect((await dirk.get(`/api/cases/${caseId}`)).json<CaseView>().personalData).toBeUndefined();
  });

  it('every path that reveals personal data records who read which case (API start answer and GET, console case page, dossier); withheld views record nothing', async () => {
    const caseId = newCaseId('AU');
    const personalData = { name: 'Jan Jansen', bsn: '111222333', dateOfBirth: '2012-05-01', address: 'Dorpsstraat 1, Rotterdam' };
    const start = await eva.post('/api/cases', {
      procedure: 'care-termination',
      caseId,
      data: { provider: h.providerA, caseDirector: 'lokaal-team', childProtectionMeasure: false, seriousReasons: 'Herhaalde agressie tegen medewerkers tijdens behandeling', reasonCategory: 'agressie', optOut: true },
      personalData,
    });
    expect(start.statusCode, start.body).toBe(201);
    const reads = async () => (await h.app.jf.audit.list({ caseId, kind: 'personal-data.read' })).map((e) => e.actor);
    expect(await reads()).toEqual(['eva']);
    expect((await eva.get(`/api/cases/${caseId}`)).statusCode).toBe(200);
    expect((await eva.get(`/zaken/${caseId}`)).body).toContain('Jan Jansen');
    expect((await eva.get(`/zaken/${caseId}/dossier`)).statusCode).toBe(200);
    expect(await reads()).toEqual(['eva', 'eva', 'eva', 'eva']);
    // The contract manager's view withholds it (opt-out): not a read.
    expect((await anna.get(`/api/cases/${caseId}`)).json<CaseView>().personalDataWithheld).toBe(true);
    expect(await reads()).toEqual(['eva', 'eva', 'eva', 'eva']);
  });
});

describe('bad requests get 4xx in the documented shape, never 5xx', () => {
  it('malformed JSON, unknown fields, wrong types, huge bodies, wrong content type, bad case ids and queries', async () => {
    const caseId = newCaseId();
    const cases: [Promise<{ statusCode: number; json: () => unknown; body: string }>, number, string, string?][] = [
      [anna.request({ method: 'POST', url: '/api/cases', payload: '{"procedure": ', headers: { 'content-type': 'application/json' } }), 400, 'BAD_REQUEST'],
      [anna.post('/api/cases', { procedure: 'escalation-ladder', caseId, data: ladderStart(h.providerA), extra: 1 }), 400, 'BAD_REQUEST', 'extra'],
      [anna.post('/api/cases', { procedure: 'escalation-ladder', caseId, data: 'text' }), 400, 'BAD_REQUEST', 'data'],
      [anna.post('/api/cases', { procedure: 'escalation-ladder', caseId, data: { ...ladderStart(h.providerA), provider: 42 } }), 400, 'INVALID_PAYLOAD', 'data.provider'],
      [anna.post('/api/cases', { procedure: 'no-such-procedure', caseId, data: {} }), 404, 'UNKNOWN_PROCEDURE'],
      [anna.post('/api/cases', { procedure: 'escalation-ladder', caseId: 'x', data: {} }), 400, 'BAD_REQUEST', 'caseId'],
      [anna.post('/api/cases', { procedure: 'escalation-ladder', caseId: 'EL-111222333', data: ladderStart(h.providerA) }), 400, 'INVALID_CASE_ID', 'caseId'],
      [anna.post('/api/cases', { procedure: 'escalation-ladder', caseId, data: { note: 'x'.repeat(70_000) } }), 413, 'PAYLOAD_TOO_LARGE'],
      [anna.request({ method: 'POST', url: '/api/cases', payload: '<case/>', headers: { 'content-type': 'application/xml' } }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [anna.request({ method: 'POST', url: '/api/cases', payload: '{"__proto__": {"admin": true}}', headers: { 'content-type': 'application/json' } }), 400, 'BAD_REQUEST'],
      [anna.post(`/api/cases/${caseId}/events`, { type: 'hearing.recorded', payload: [] }), 400, 'BAD_REQUEST', 'payload'],
      [anna.post(`/api/cases/${caseId}/events`, { type: 'hearing.recorded' }), 404, 'CASE_NOT_FOUND'],
      [anna.get('/api/cases?overdue=yes'), 400, 'BAD_REQUEST', 'overdue'],
      [anna.get('/api/cases?color=red'), 400, 'BAD_REQUEST', 'color'],
      [anna.get('/api/cases?dueBefore=2026-13-45'), 400, 'BAD_REQUEST', 'dueBefore'],
      [anna.get('/api/cases/bad%20id'), 400, 'BAD_REQUEST', 'caseId'],
      [anna.get('/api/nothing-here'), 404, 'NOT_FOUND'],
    ];
    for (const [pending, status, code, field] of cases) {
      const res = await pending;
      const body = expectError(res, status, code);
      if (field) expect(body.field, res.body).toBe(field);
    }
    expectError(await anna.get(`/api/cases/${caseId}`), 404, 'CASE_NOT_FOUND');
  });
});

describe('OpenAPI and health', () => {
  it('serves an OpenAPI 3.1 document whose request bodies are generated from the machines’ zod schemas', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json<{
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    }>();
    expect(doc.openapi).toBe('3.1.0');
    const def = findProcedure('escalation-ladder')!;
    const generated = z.toJSONSchema(def.events['hearing.recorded']!.schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    delete generated.$schema;
    expect(doc.components.schemas['Event.escalation-ladder.hearing.recorded']!.properties.payload).toMatchObject(generated);
    const start = z.toJSONSchema(def.startSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    delete start.$schema;
    expect(doc.components.schemas['StartCase.escalation-ladder']!.properties.data).toMatchObject(start);
    // Engine events (deadline expiry) are not for callers.
    expect(doc.components.schemas['Event.escalation-ladder.responseTerm.expired']).toBeUndefined();
    // Every refusal is documented with the one error shape.
    expect(doc.paths['/api/cases/{caseId}/events']!.post!.responses['403']!.content!['application/json']!.schema).toEqual({ $ref: '#/components/schemas/Error' });
  });

  it('/healthz is 200 when the server answers and a worker polls, 503 when no worker polls the task queue', async () => {
    const ok = await eventually(async () => {
      const res = await h.app.inject({ method: 'GET', url: '/healthz' });
      expect(res.statusCode).toBe(200);
      return res.json<{ server: { reachable: boolean }; worker: { polling: boolean } }>();
    });
    expect(ok.server.reachable).toBe(true);
    const idle = await startHarness({ worker: false });
    try {
      const res = await idle.app.inject({ method: 'GET', url: '/healthz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ server: { reachable: true }, worker: { polling: false } });
    } finally {
      await idle.close();
    }
  });
});

describe('lists, my work and the supervisor board', () => {
  it('lists cases with filters (procedure, state, provider, waiting on, due before) and my work by role', async () => {
    const a = await startLadder(anna, h.providerB);
    const b = await startLadder(anna, h.providerB);
    await anna.post(`/api/cases/${b.caseId}/events`, { type: 'hearing.recorded', payload: hearing });
    await anna.post(`/api/cases/${b.caseId}/events`, { type: 'rung.chosen', payload: rungOne });
    const ids = (list: { caseId: string }[]) => list.map((c) => c.caseId).sort();
    await eventually(async () => {
      expect(ids((await anna.get(`/api/cases?provider=${h.providerB}&procedure=escalation-ladder`)).json())).toEqual(ids([a, b]));
      expect(ids((await anna.get(`/api/cases?provider=${h.providerB}&state=open.rung1`)).json())).toEqual([b.caseId]);
      expect(ids((await anna.get(`/api/cases?provider=${h.providerB}&waitingOn=aanbieder`)).json())).toEqual([b.caseId]);
      expect(ids((await anna.get(`/api/cases?provider=${h.providerB}&dueBefore=2099-01-01`)).json())).toEqual([b.caseId]);
      const work = (await frank.get('/api/work')).json<{ caseId: string; stateLabel: string }[]>();
      expect(ids(work)).toEqual([b.caseId]);
      expect(work[0]!.stateLabel).toBe('Wacht op reactie aanbieder');
    });
  });

  it('the board flags a passed deadline in a state not left, a state after an expired term, and a case stuck past its expected time', async () => {
    const provider = h.providerA;
    const overdue = newCaseId('OVD');
    const expired = newCaseId('EXP');
    const stuck = newCaseId('STK');
    const steps = [
      { type: 'hearing.recorded', role: 'contractmanager' as const, userId: 'anna', payload: hearing, at: daysAgo(45) },
      { type: 'rung.chosen', role: 'contractmanager' as const, userId: 'anna', payload: rungOne, at: daysAgo(44) },
    ];
    // The response term expired and the state was not left.
    await seedLadderCase(h, {
      caseId: overdue,
      provider,
      startedAt: daysAgo(46),
      steps,
      tweak: (rt) => {
        rt.deadlines[0]!.status = 'expired';
        rt.deadlines[0]!.expiredAt = daysAgo(20);
      },
    });
    // The clock was stopped before the response term ended: the due date passed, but terms do not run.
    const stopped = newCaseId('STP');
    await seedLadderCase(h, {
      caseId: stopped,
      provider,
      startedAt: daysAgo(46),
      steps,
      tweak: (rt) => {
        rt.suspended = { since: daysAgo(40), by: { role: 'supervisor', userId: 'sanne' }, reason: 'Onderzoek IGJ loopt' };
      },
    });
    await seedLadderCase(h, { caseId: expired, provider, startedAt: daysAgo(46), steps });
    await seedLadderCase(h, { caseId: stuck, provider, startedAt: daysAgo(60) });

    expectError(await anna.get('/api/board'), 403, 'FORBIDDEN');
    const board = await eventually(async () => {
      const b = (await sanne.get('/api/board')).json<{
        worker: { worker: { polling: boolean } };
        items: { caseId: string; stateLabel: string; reasons: { code: string; message: string }[] }[];
        stoppedClocks: { caseId: string; clockStoppedSince?: string }[];
      }>();
      const codes = (id: string) => b.items.find((i) => i.caseId === id)?.reasons.map((r) => r.code) ?? [];
      expect(codes(overdue)).toContain('DEADLINE_PASSED');
      // A stopped clock is listed as such (the board's filter), never as a passed deadline.
      expect(codes(stopped)).not.toContain('DEADLINE_PASSED');
      expect(b.stoppedClocks.find((c) => c.caseId === stopped)?.clockStoppedSince).toBeDefined();
      // The expiry moved the case on to "Reactietermijn verstreken: volgende stap kiezen", where the expired term stays visible.
      expect(codes(expired).some((c) => c === 'DEADLINE_PASSED' || c === 'TERM_EXPIRED_STATE')).toBe(true);
      expect(b.items.find((i) => i.caseId === expired)!.stateLabel).toBe('Reactietermijn verstreken: volgende stap kiezen');
      expect(codes(stuck)).toContain('STATE_TOO_LONG');
      return b;
    }, 30_000);
    expect(board.worker.worker.polling).toBe(true);

    // One page of the board: the rows of the whole board at that place, in the same order, with the totals.
    type Page = { items: { caseId: string }[]; stoppedClocks: { caseId: string }[]; itemsTotal?: number; stoppedClocksTotal?: number };
    await eventually(async () => {
      const whole = (await sanne.get('/api/board')).json<Page>();
      const page = (await sanne.get('/api/board?limit=1&offset=1')).json<Page>();
      expect(whole.itemsTotal).toBeUndefined();
      expect(page.items.map((i) => i.caseId)).toEqual(whole.items.slice(1, 2).map((i) => i.caseId));
      expect(page.stoppedClocks.map((i) => i.caseId)).toEqual(whole.stoppedClocks.slice(1, 2).map((i) => i.caseId));
      expect([page.itemsTotal, page.stoppedClocksTotal]).toEqual([whole.items.length, whole.stoppedClocks.length]);
    });
    // Refused in Dutch, naming the field: zod's own words too (no "Too small").
    const refused = expectError(await sanne.get('/api/board?limit=0'), 400, 'BAD_REQUEST');
    expect(refused).toMatchObject({ field: 'limit', message: "Ongeldig veld 'limit': Te klein: verwacht dat number >=1 is" });
  });

  it('a supervisor fix goes through the runner with the reason; other roles get 403 and nothing changes', async () => {
    const view = await startLadder(anna);
    await anna.post(`/api/cases/${view.caseId}/events`, { type: 'hearing.recorded', payload: hearing });
    const rung = (await anna.post(`/api/cases/${view.caseId}/events`, { type: 'rung.chosen', payload: rungOne })).json<CaseView>();
    const fix = { fix: { action: 'deadline.extended', deadline: 'responseTerm', workingDays: 5, ground: 'overmacht', reason: 'Aanbieder vroeg uitstel wegens ziekte' } };
    expectError(await anna.post(`/api/cases/${view.caseId}/supervise`, fix), 403, 'FORBIDDEN');
    const res = await sanne.post(`/api/cases/${view.caseId}/supervise`, fix);
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json<CaseView>();
    expect(after.deadlines[0]!.dueDate > rung.deadlines[0]!.dueDate).toBe(true);
    expect(after.history.at(-1)).toMatchObject({ kind: 'supervisor', actor: { role: 'supervisor', userId: 'sanne' }, reason: 'Aanbieder vroeg uitstel wegens ziekte' });
    const wrong = expectError(await sanne.post(`/api/cases/${view.caseId}/supervise`, { fix: { action: 'deadline.extended', deadline: 'responseTerm', ground: 'overmacht', reason: 'x' } }), 400, 'INVALID_PAYLOAD');
    expect(wrong.field).toMatch(/^fix\./);
  });
});

describe('the log of applied events', () => {
  it('logs every event a user applies with case, event, role, user and new state; never the payload, and nothing for a refused event', async () => {
    const { logger, lines } = captureLogger();
    const own = await startHarness({ app: { logger } });
    try {
      const ownAnna = await login(own.app, 'anna');
      const ownEva = await login(own.app, 'eva');
      const view = await startLadder(ownAnna, own.providerA);
      expect((await ownAnna.post(`/api/cases/${view.caseId}/events`, { type: 'hearing.recorded', payload: hearing })).statusCode).toBe(200);
      expectError(await ownEva.post(`/api/cases/${view.caseId}/events`, { type: 'hearing.recorded', payload: hearing }), 403, 'ROLE_NOT_ALLOWED');
      const applied = lines().filter((l) => l.msg === 'event applied');
      expect(applied).toHaveLength(1);
      expect(applied[0]).toMatchObject({ caseId: view.caseId, event: 'hearing.recorded', role: 'contractmanager', userId: 'anna', state: 'open.investigation' });
      const all = JSON.stringify(lines());
      for (const text of Object.values(hearing).filter((v): v is string => typeof v === 'string' && v.length > 12)) expect(all).not.toContain(text);
    } finally {
      await own.close();
    }
  });
});
