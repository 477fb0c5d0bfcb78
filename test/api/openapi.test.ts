// The contract: /openapi.json is generated from the route declarations, and every documented route,
// called for real (dev server, real worker), answers what the document says — bodies validated with
// ajv (JSON Schema 2020-12) against the served document itself, refusals against its Error schema.
// A route added without a call here fails the coverage check at the end.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { route } from '../../api/route.ts';
import { documentedRoutes } from '../../api/routes.ts';
import type { CaseView } from '../../workflows/engine.ts';
import { anonymous, eventually, hearing, ladderStart, login, rungOne, startHarness, token, type Agent, type Harness } from './harness.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }>; requestBody?: unknown }>> };

let h: Harness;
let anna: Agent;
let sanne: Agent;
let doc: Doc;
let ajv: Ajv2020;
/** 'METHOD path' of every call checked against the document. */
const checked = new Set<string>();

beforeAll(async () => {
  h = await startHarness();
  [anna, sanne] = (await Promise.all(['anna', 'sanne'].map((u) => login(h.app, u)))) as [Agent, Agent];
  const res = await h.app.inject({ method: 'GET', url: '/openapi.json' });
  doc = res.json<Doc>();
  ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
  ajv.addSchema(doc as object, 'openapi.json');
});

afterAll(async () => {
  await h?.close();
});

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/** Asserts the answer is documented for its route and status and that its body validates against the document. */
function conforms(method: string, path: string, res: LightMyRequestResponse): void {
  const op = doc.paths[path]?.[method.toLowerCase()];
  expect(op, `${method} ${path} is documented`).toBeDefined();
  const documented = op!.responses[String(res.statusCode)];
  expect(documented, `${method} ${path} answered ${res.statusCode}, which the document does not list: ${res.body}`).toBeDefined();
  checked.add(`${method} ${path}`);
  if (!documented!.content) {
    expect(res.body.length, `${method} ${path} ${res.statusCode} documents no body`).toBe(0);
    return;
  }
  const validate = ajv.getSchema(`openapi.json#/${pointer('paths', path, method.toLowerCase(), 'responses', String(res.statusCode), 'content', 'application/json', 'schema')}`)!;
  const ok = validate(res.json());
  expect(ok, `${method} ${path} ${res.statusCode}: ${JSON.stringify(validate.errors)}\n${res.body.slice(0, 1000)}`).toBe(true);
}

/** Asserts a request body is what the document accepts for the route. */
function acceptedByDocument(method: string, path: string, body: unknown): void {
  const validate = ajv.getSchema(`openapi.json#/${pointer('paths', path, method.toLowerCase(), 'requestBody', 'content', 'application/json', 'schema')}`)!;
  expect(validate(body), ajv.errorsText(validate.errors)).toBe(true);
}

describe('the OpenAPI document describes the real answers', () => {
  it('every documented route answers, for success and refusal, bodies that validate against /openapi.json', async () => {
    conforms('GET', '/openapi.json', await h.app.inject({ method: 'GET', url: '/openapi.json' }));
    const health = await eventually(async () => {
      const res = await h.app.inject({ method: 'GET', url: '/healthz' });
      expect(res.statusCode).toBe(200);
      return res;
    });
    conforms('GET', '/healthz', health);

    // Sessions: anonymous, refused log-in, log-in, log-out.
    const anon = await anonymous(h.app);
    conforms('GET', '/api/session', await h.app.inject({ method: 'GET', url: '/api/session', headers: { cookie: anon.cookie } }));
    const login = { username: 'bram', password: 'wrong-password' };
    acceptedByDocument('POST', '/api/session', login);
    conforms('POST', '/api/session', await h.app.inject({ method: 'POST', url: '/api/session', headers: { cookie: anon.cookie, 'x-csrf-token': anon.csrf }, payload: login }));
    conforms('POST', '/api/session', await h.app.inject({ method: 'POST', url: '/api/session', headers: { cookie: anon.cookie, 'x-csrf-token': anon.csrf }, payload: { ...login, password: 'test-password-123' } }));
    conforms('GET', '/api/session', await anna.get('/api/session'));
    const leaving = await login_('carla');
    conforms('DELETE', '/api/session', await leaving.request({ method: 'DELETE', url: '/api/session' }));

    // Procedures.
    conforms('GET', '/api/procedures', await anna.get('/api/procedures'));
    conforms('GET', '/api/procedures/{id}', await anna.get('/api/procedures/escalation-ladder'));
    conforms('GET', '/api/procedures/{id}', await anna.get('/api/procedures/no-such-procedure'));
    conforms('GET', '/api/procedures', await h.app.inject({ method: 'GET', url: '/api/procedures' }));

    // A case through start, events and a supervisor fix, each answer a CaseView.
    const caseId = `OA-${token(8).toUpperCase()}`;
    const start = { procedure: 'escalation-ladder', caseId, data: ladderStart(h.providerA) };
    acceptedByDocument('POST', '/api/cases', start);
    const started = await anna.post('/api/cases', start);
    expect(started.statusCode, started.body).toBe(201);
    conforms('POST', '/api/cases', started);
    conforms('POST', '/api/cases', await anna.post('/api/cases', start)); // CASE_EXISTS
    for (const event of [
      { type: 'hearing.recorded', payload: hearing },
      { type: 'rung.chosen', payload: rungOne },
    ]) {
      acceptedByDocument('POST', '/api/cases/{caseId}/events', event);
      const res = await anna.post(`/api/cases/${caseId}/events`, event);
      expect(res.statusCode, res.body).toBe(200);
      conforms('POST', '/api/cases/{caseId}/events', res);
    }
    conforms('POST', '/api/cases/{caseId}/events', await anna.post(`/api/cases/${caseId}/events`, { type: 'hearing.recorded', payload: hearing })); // not in this state
    const shown = await anna.get(`/api/cases/${caseId}`);
    conforms('GET', '/api/cases/{caseId}', shown);
    expect(Object.keys(shown.json<CaseView>())).toContain('assignees');
    conforms('GET', '/api/cases/{caseId}', await anna.get('/api/cases/OA-NOT-THERE'));
    const fix = { fix: { action: 'deadline.extended', deadline: 'responseTerm', workingDays: 5, ground: 'overmacht', reason: 'Aanbieder vroeg uitstel wegens ziekte' } };
    acceptedByDocument('POST', '/api/cases/{caseId}/supervise', fix);
    const fixed = await sanne.post(`/api/cases/${caseId}/supervise`, fix);
    expect(fixed.statusCode, fixed.body).toBe(200);
    conforms('POST', '/api/cases/{caseId}/supervise', fixed);
    conforms('POST', '/api/cases/{caseId}/supervise', await anna.post(`/api/cases/${caseId}/supervise`, fix)); // FORBIDDEN
    const claim = { role: 'contractmanager', userId: 'anna' };
    acceptedByDocument('POST', '/api/cases/{caseId}/assign', claim);
    const claimed = await anna.post(`/api/cases/${caseId}/assign`, claim);
    expect(claimed.statusCode, claimed.body).toBe(200);
    conforms('POST', '/api/cases/{caseId}/assign', claimed);
    conforms('POST', '/api/cases/{caseId}/assign', await anna.post(`/api/cases/${caseId}/assign`, { role: 'contractmanager', userId: 'niemand-bekend' })); // not in the directory

    // Lists, once the read model has the case.
    await eventually(async () => {
      const list = await anna.get(`/api/cases?provider=${h.providerA}`);
      expect(list.json<{ caseId: string }[]>().map((c) => c.caseId)).toContain(caseId);
      conforms('GET', '/api/cases', list);
    });
    conforms('GET', '/api/cases', await anna.get('/api/cases?limit=zero'));
    conforms('GET', '/api/work', await anna.get('/api/work'));
    conforms('GET', '/api/board', await sanne.get('/api/board'));
    conforms('GET', '/api/board', await sanne.get('/api/board?limit=2&offset=0'));
    conforms('GET', '/api/board', await sanne.get('/api/board?limit=0'));
    conforms('GET', '/api/board', await anna.get('/api/board'));
    conforms('GET', '/api/audit', await sanne.get(`/api/audit?caseId=${caseId}`));
    conforms('GET', '/api/audit', await anna.get('/api/audit'));

    // Every documented operation was called above.
    expect([...checked].sort()).toEqual(documentedRoutes().sort());
  });

  it('the case answer is documented whole: extra properties are refused by the document, so a new field must be declared', () => {
    const validate = ajv.getSchema('openapi.json#/components/schemas/CaseView')!;
    const view = { caseId: 'X', assignees: {}, undocumented: true };
    expect(validate(view)).toBe(false);
    expect(validate.errors?.some((e) => e.keyword === 'additionalProperties' && e.params.additionalProperty === 'undocumented')).toBe(true);
  });
});

describe('a route answers what it declares (compile time)', () => {
  it('a handler whose answer lacks a declared field does not compile, so the document cannot promise what the route does not send', () => {
    const declared = z.object({ caseId: z.string(), assignees: z.record(z.string(), z.string()) });
    const spec = route({
      method: 'GET',
      url: '/example',
      operationId: 'example',
      summary: 'example',
      access: 'public',
      responses: { 200: { description: 'example', schema: declared } },
      // @ts-expect-error the answer lacks `assignees`, which the response schema declares
      handler: async () => ({ caseId: 'X' }),
    });
    expect(spec.operationId).toBe('example');
  });
});

async function login_(userId: string): Promise<Agent> {
  return login(h.app, userId);
}
