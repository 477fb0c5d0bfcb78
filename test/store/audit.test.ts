// The audit log in the shared store: sign-ins and failed sign-ins (never the password), personal-data
// reads through the repository, and GET /api/audit for supervisors only.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApi } from '../../api/app.ts';
import { SESSION_COOKIE } from '../../api/sessions.ts';
import { hashPassword, UserDirectory } from '../../api/users.ts';
import { createAuditLog } from '../../store/audit.ts';
import { openMemoryStore, type Store } from '../../store/index.ts';

vi.setConfig({ testTimeout: 60_000 });

const PASSWORD = 'een lang wachtwoord';
let store: Store;
let app: Awaited<ReturnType<typeof buildApi>>;

beforeAll(async () => {
  store = await openMemoryStore();
  const hash = await hashPassword(PASSWORD);
  const users = UserDirectory.fromJson({
    users: [
      { id: 'anna', name: 'Anna de Vries', roles: ['contractmanager'], passwordHash: hash },
      { id: 'sanne', name: 'Sanne Kok', roles: ['supervisor'], passwordHash: hash },
    ],
  });
  app = await buildApi({ ops: { client: undefined as never, taskQueue: 'none', namespace: 'default' }, users, store });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await store?.close();
});

async function signIn(username: string, password: string): Promise<{ status: number; headers: Record<string, string> }> {
  const first = await app.inject({ method: 'GET', url: '/api/session' });
  const anon = first.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
  const res = await app.inject({
    method: 'POST',
    url: '/api/session',
    headers: { cookie: `${SESSION_COOKIE}=${anon}`, 'x-csrf-token': first.json().csrfToken, 'content-type': 'application/json' },
    payload: { username, password },
  });
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)?.value ?? anon;
  return { status: res.statusCode, headers: { cookie: `${SESSION_COOKIE}=${cookie}` } };
}

describe('audit log', () => {
  it('records sign-ins and failed sign-ins with the user id and address, never the password or an unknown name', async () => {
    expect((await signIn('anna', 'verkeerd-wachtwoord-123')).status).toBe(401);
    expect((await signIn('Mijn-Geheime-Wachtwoord', PASSWORD)).status).toBe(401);
    expect((await signIn('anna', PASSWORD)).status).toBe(200);
    const rows = await store.query<{ kind: string; actor: string; address: string }>('SELECT kind, actor, address FROM jf_audit ORDER BY id');
    expect(rows.map((r) => [r.kind, r.actor])).toEqual([
      ['sign-in.failed', 'anna'],
      ['sign-in.failed', '(onbekend)'],
      ['sign-in', 'anna'],
    ]);
    expect(rows.every((r) => r.address === '127.0.0.1')).toBe(true);
    const all = JSON.stringify(await store.query('SELECT * FROM jf_audit'));
    expect(all).not.toMatch(/verkeerd-wachtwoord|Mijn-Geheime|een lang wachtwoord/);
  });

  it('lets other code record who read which case’s personal data, and lists it newest first per case', async () => {
    const audit = createAuditLog(store, { now: () => Date.parse('2026-11-23T09:00:00Z') });
    await audit.record({ kind: 'personal-data.read', actor: 'anna', caseId: 'CT-2026-001' });
    await audit.record({ kind: 'personal-data.read', actor: 'sanne', caseId: 'CT-2026-001' });
    await audit.record({ kind: 'personal-data.read', actor: 'anna', caseId: 'CT-2026-002' });
    const reads = await audit.list({ caseId: 'CT-2026-001' });
    expect(reads.map((e) => [e.actor, e.caseId, e.at])).toEqual([
      ['sanne', 'CT-2026-001', '2026-11-23T09:00:00.000Z'],
      ['anna', 'CT-2026-001', '2026-11-23T09:00:00.000Z'],
    ]);
  });

  it('GET /api/audit answers a supervisor only', async () => {
    const anna = await signIn('anna', PASSWORD);
    const refused = await app.inject({ method: 'GET', url: '/api/audit', headers: anna.headers });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'FORBIDDEN' });
    const sanne = await signIn('sanne', PASSWORD);
    const res = await app.inject({ method: 'GET', url: '/api/audit?kind=personal-data.read&limit=2', headers: sanne.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json().entries).toHaveLength(2);
    expect(res.json().next).toEqual(expect.any(Number));
    const bad = await app.inject({ method: 'GET', url: '/api/audit?limit=5000', headers: sanne.headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ field: 'limit' });
    expect((await app.inject({ method: 'GET', url: '/api/audit' })).statusCode).toBe(401);
  });
});
