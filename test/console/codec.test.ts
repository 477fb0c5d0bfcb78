// The Temporal Web UI's remote codec endpoint in the console (issue 17): supervisors see decoded
// payloads in the UI, nobody else does, only the configured UI origin may call it from a browser, and
// the youth's personal data stays sealed even for them.
import { defaultPayloadConverter } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EncryptionCodec, isSealed, KeyRing } from '../../security/index.ts';
import type { CaseView } from '../../workflows/engine.ts';
import { login, startHarness, token, type Agent, type Harness } from '../api/harness.ts';
import { testKeys } from '../support/temporal.ts';

const UI = 'http://localhost:8233';
let h: Harness;
let sanne: Agent;
let anna: Agent;
let eva: Agent;
const codec = new EncryptionCodec(testKeys);
const youth = { name: 'Noor Bakker', bsn: '111222333', dateOfBirth: '2012-03-04', address: 'Kerkstraat 5, Dordrecht' };

beforeAll(async () => {
  h = await startHarness({ app: { temporalUiOrigin: UI } });
  [sanne, anna, eva] = await Promise.all([login(h.app, 'sanne'), login(h.app, 'anna'), login(h.app, 'eva')]);
});

afterAll(async () => {
  await h?.close();
});

/** What the Web UI sends: the user's cookie (credentials included), its own origin, no CSRF token. */
const fromUi = (agent: Agent | undefined, action: 'decode' | 'encode', payloads: unknown[], origin = UI) =>
  h.app.inject({
    method: 'POST',
    url: `/codec/${action}`,
    headers: { origin, 'content-type': 'application/json', 'x-namespace': 'default', ...(agent ? { cookie: agent.cookie } : {}) },
    payload: { payloads },
  });

const asJson = (p: { metadata?: Record<string, Uint8Array | null> | null; data?: Uint8Array | null }) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')])),
  data: Buffer.from(p.data ?? []).toString('base64'),
});

describe('the Temporal Web UI codec endpoint (/codec)', () => {
  it('decodes payloads for a signed-in supervisor, with CORS and credentials for the configured Temporal UI origin', async () => {
    const [encrypted] = await codec.encode([defaultPayloadConverter.toPayload({ hello: 'wereld' })]);
    const res = await fromUi(sanne, 'decode', [asJson(encrypted!)]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(UI);
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    const [decoded] = res.json<{ payloads: { metadata: Record<string, string>; data: string }[] }>().payloads;
    expect(JSON.parse(Buffer.from(decoded!.data, 'base64').toString())).toEqual({ hello: 'wereld' });

    const encoded = await fromUi(sanne, 'encode', [decoded]);
    expect(encoded.statusCode).toBe(200);
    const back = encoded.json<{ payloads: { metadata: Record<string, string> }[] }>().payloads[0]!;
    expect(Buffer.from(back.metadata['encoding']!, 'base64').toString()).toBe('binary/encrypted');
  });

  it('is for supervisors only: a contract manager gets 403, a provider 403, nobody signed in 401', async () => {
    const [encrypted] = await codec.encode([defaultPayloadConverter.toPayload('geheim')]);
    for (const [agent, status] of [[anna, 403], [eva, 403], [undefined, 401]] as const) {
      const res = await fromUi(agent, 'decode', [asJson(encrypted!)]);
      expect(res.statusCode).toBe(status);
      expect(res.body).not.toContain(Buffer.from('"geheim"').toString('base64'));
    }
  });

  it('another origin gets no CORS permission (preflight refused, no allow-origin on the answer)', async () => {
    const preflight = await h.app.inject({
      method: 'OPTIONS',
      url: '/codec/decode',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' },
    });
    expect(preflight.statusCode).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const ok = await h.app.inject({ method: 'OPTIONS', url: '/codec/decode', headers: { origin: UI, 'access-control-request-method': 'POST' } });
    expect(ok.statusCode).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe(UI);
    const res = await fromUi(sanne, 'decode', [], 'https://evil.example');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('a payload encrypted with a key the console does not hold is a 400 naming the key id, not a 500', async () => {
    const other = new EncryptionCodec(KeyRing.parse(`other-key:${Buffer.alloc(32, 9).toString('base64')}`, 'test'));
    const [encrypted] = await other.encode([defaultPayloadConverter.toPayload('x')]);
    const res = await fromUi(sanne, 'decode', [asJson(encrypted!)]);
    expect(res.statusCode).toBe(400);
    expect(res.json<{ code: string; message: string }>().message).toContain("'other-key'");
  });

  it("a case's history decoded for a supervisor shows the case, while the youth's personal data stays sealed", async () => {
    const caseId = `CDC-${token()}`;
    const start = await eva.post('/api/cases', {
      procedure: 'care-termination',
      caseId,
      data: { provider: h.providerA, caseDirector: 'lokaal-team', childProtectionMeasure: false, seriousReasons: 'Herhaalde agressie tegen medewerkers', reasonCategory: 'agressie', optOut: true },
      personalData: youth,
    });
    expect(start.statusCode, start.body).toBe(201);
    expect(start.json<CaseView>().personalData).toEqual(youth); // the provider sees it through the API
    const history = await h.client.workflow.getHandle(`case-${caseId}`).fetchHistory();
    const input = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
    const res = await fromUi(sanne, 'decode', [asJson(input)]);
    expect(res.statusCode).toBe(200);
    const plain = Buffer.from(res.json<{ payloads: { data: string }[] }>().payloads[0]!.data, 'base64').toString();
    const decoded = JSON.parse(plain) as { caseId: string; personalData: unknown };
    expect(decoded.caseId).toBe(caseId);
    expect(plain).toContain('Herhaalde agressie'); // the case data is shown decoded
    expect(isSealed(decoded.personalData)).toBe(true);
    for (const v of Object.values(youth)) expect(plain).not.toContain(v);
  });
});
