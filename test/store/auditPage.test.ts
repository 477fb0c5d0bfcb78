// Toezicht → Auditlog in the console: supervisors read who saw which case's personal data and what
// the retention purge deleted; nobody else does.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildConsole } from '../../console/app.ts';
import { SESSION_COOKIE } from '../../api/sessions.ts';
import { hashPassword, UserDirectory } from '../../api/users.ts';
import { createAuditLog } from '../../store/audit.ts';
import { openMemoryStore, type Store } from '../../store/index.ts';

vi.setConfig({ testTimeout: 60_000 });

const PASSWORD = 'een lang wachtwoord';
let store: Store;
let app: Awaited<ReturnType<typeof buildConsole>>;

beforeAll(async () => {
  store = await openMemoryStore();
  const hash = await hashPassword(PASSWORD);
  const users = UserDirectory.fromJson({
    users: [
      { id: 'anna', name: 'Anna de Vries', roles: ['contractmanager'], passwordHash: hash },
      { id: 'sanne', name: 'Sanne Kok', roles: ['supervisor'], passwordHash: hash },
    ],
  });
  app = await buildConsole({ ops: { client: undefined as never, taskQueue: 'none', namespace: 'default' }, users, store, pdf: false });
  const audit = createAuditLog(store, { now: () => Date.parse('2026-11-23T09:00:00Z') });
  await audit.record({ kind: 'personal-data.read', actor: 'carla', caseId: 'CT-2026-010' });
  await audit.record({ kind: 'personal-data.deleted', actor: 'bewaartermijn', caseId: 'CT-2026-011' });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await store?.close();
});

async function signIn(username: string): Promise<Record<string, string>> {
  const first = await app.inject({ method: 'GET', url: '/api/session' });
  const anon = first.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
  const res = await app.inject({
    method: 'POST',
    url: '/api/session',
    headers: { cookie: `${SESSION_COOKIE}=${anon}`, 'x-csrf-token': first.json().csrfToken, 'content-type': 'application/json' },
    payload: { username, password: PASSWORD },
  });
  return { cookie: `${SESSION_COOKIE}=${res.cookies.find((c) => c.name === SESSION_COOKIE)!.value}` };
}

describe('console: Auditlog under Toezicht', () => {
  it('a supervisor reads who saw which case’s personal data and which personal data was deleted after the retention period', async () => {
    const res = await app.inject({ method: 'GET', url: '/toezicht/auditlog', headers: await signIn('sanne') });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1 class="utrecht-heading-1">Auditlog</h1>');
    expect(res.body).toMatch(/Persoonsgegevens ingezien<\/td><td class="utrecht-table__cell">carla<\/td><td class="utrecht-table__cell"><a [^>]*href="\/zaken\/CT-2026-010"/);
    expect(res.body).toContain('Persoonsgegevens verwijderd na de bewaartermijn');
    const one = await app.inject({ method: 'GET', url: '/toezicht/auditlog?zaak=CT-2026-011', headers: await signIn('sanne') });
    expect(one.body).toContain('CT-2026-011');
    expect(one.body).not.toContain('href="/zaken/CT-2026-010"');
  });

  it('only a supervisor may read the audit log in the console', async () => {
    const res = await app.inject({ method: 'GET', url: '/toezicht/auditlog', headers: await signIn('anna') });
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain('carla');
  });

  it('a case number filter that is not a case number is refused, naming the field', async () => {
    const res = await app.inject({ method: 'GET', url: `/toezicht/auditlog?zaak=${encodeURIComponent('<script>')}`, headers: await signIn('sanne') });
    expect(res.statusCode).toBe(400);
    expect(res.body).not.toContain('<script>');
  });

  it('GET /api/audit is in the OpenAPI document, for supervisors, with its query and its answer', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<{ paths: Record<string, { get?: { parameters: { name: string }[]; responses: Record<string, unknown> } }>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } }>();
    const op = doc.paths['/api/audit']?.get;
    expect(op?.parameters.map((p) => p.name).sort()).toEqual(['actor', 'before', 'caseId', 'kind', 'limit']);
    expect(Object.keys(op?.responses ?? {})).toEqual(expect.arrayContaining(['200', '401', '403']));
    expect(Object.keys(doc.components.schemas.AuditPage?.properties ?? {})).toEqual(['entries', 'next']);
  });
});
