// Sessions live in the shared store: a session made by one console instance is known to another on the
// same store, and it survives a console restart.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildApi } from '../../api/app.ts';
import { SESSION_COOKIE } from '../../api/sessions.ts';
import { hashPassword, UserDirectory } from '../../api/users.ts';
import type { Store } from '../../store/index.ts';
import { driversUnderTest, emptyStore } from './drivers.ts';

// Opening the embedded PostgreSQL (WASM) takes seconds on a busy machine.
vi.setConfig({ testTimeout: 60_000 });

const PASSWORD = 'een lang wachtwoord';
let users: UserDirectory;

beforeAll(async () => {
  users = UserDirectory.fromJson({ users: [{ id: 'anna', name: 'Anna de Vries', roles: ['contractmanager'], passwordHash: await hashPassword(PASSWORD) }] });
});

/** A console instance: the API without Temporal (only the session routes are used). */
const consoleOn = (store: Store) => buildApi({ ops: { client: undefined as never, taskQueue: 'none', namespace: 'default' }, users, store });

async function logIn(app: Awaited<ReturnType<typeof consoleOn>>): Promise<{ cookie: string; csrfToken: string }> {
  const first = await app.inject({ method: 'GET', url: '/api/session' });
  const anon = first.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
  const res = await app.inject({
    method: 'POST',
    url: '/api/session',
    headers: { cookie: `${SESSION_COOKIE}=${anon}`, 'x-csrf-token': first.json().csrfToken, 'content-type': 'application/json' },
    payload: { username: 'anna', password: PASSWORD },
  });
  expect(res.statusCode).toBe(200);
  return { cookie: `${SESSION_COOKIE}=${res.cookies.find((c) => c.name === SESSION_COOKIE)!.value}`, csrfToken: res.json().csrfToken };
}

describe.each(driversUnderTest())('sessions in the store ($name)', (driver) => {
  let stores: Store[] = [];
  const open = async () => {
    const s = await driver.open();
    stores.push(s);
    return s;
  };
  beforeAll(() => driver.setUp(), 120_000);
  beforeEach(async () => emptyStore(await open()), 120_000);
  afterAll(async () => {
    for (const s of stores) await s.close();
    stores = [];
    await driver.tearDown();
  }, 60_000);

  it('a session made by one console instance is valid on another instance with the same store', async () => {
    const one = await consoleOn(await open());
    const two = await consoleOn(await open());
    const { cookie, csrfToken } = await logIn(one);
    const there = await two.inject({ method: 'GET', url: '/api/session', headers: { cookie } });
    expect(there.json()).toEqual({ user: expect.objectContaining({ id: 'anna' }), csrfToken });
    // Logging out on the second ends the session on the first.
    const out = await two.inject({ method: 'DELETE', url: '/api/session', headers: { cookie, 'x-csrf-token': csrfToken } });
    expect(out.statusCode).toBe(204);
    expect((await one.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).json().user).toBeNull();
    await one.close();
    await two.close();
  });

  it('a session survives a console restart', async () => {
    const before = await consoleOn(await open());
    const { cookie } = await logIn(before);
    await before.close();
    const after = await consoleOn(await open());
    expect((await after.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).json().user).toMatchObject({ id: 'anna' });
    await after.close();
  });

  it('keeps only a hash of the session id in the store, never the cookie value', async () => {
    const store = await open();
    const app = await consoleOn(store);
    const { cookie } = await logIn(app);
    const id = cookie.split('=')[1]!;
    const rows = await store.query<{ id_hash: string }>('SELECT id_hash FROM jf_sessions');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.id_hash === id)).toBe(false);
    await app.close();
  });
});

describe('sessions on PGlite in the data folder', () => {
  it('are still there after the store is closed and opened again (a restart of npm start)', async () => {
    const driver = driversUnderTest()[0]!;
    await driver.setUp();
    try {
      const { openStore } = await import('../../store/index.ts');
      const first = await openStore(driver.config);
      const app = await consoleOn(first);
      const { cookie } = await logIn(app);
      await app.close();
      await first.close();
      const second = await openStore(driver.config);
      const again = await consoleOn(second);
      expect((await again.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).json().user).toMatchObject({ id: 'anna' });
      await again.close();
      await second.close();
    } finally {
      await driver.tearDown();
    }
  }, 120_000);
});

describe('session lifetime in the store', () => {
  it('stays logged in while requests keep coming, is logged out after the idle time, and after the absolute time whatever happens', async () => {
    const { SessionStore } = await import('../../api/sessions.ts');
    const { openMemoryStore } = await import('../../store/index.ts');
    const store = await openMemoryStore();
    try {
      let now = 1_000_000;
      const sessions = new SessionStore({ store, idleMs: 60_000, absoluteMs: 10 * 60_000, now: () => now });
      const s = await sessions.create('anna');
      for (let i = 0; i < 6; i++) {
        now += 50_000;
        expect((await sessions.get(s.id))?.userId).toBe('anna');
      }
      now += 61_000;
      expect(await sessions.get(s.id)).toBeUndefined();
      expect(await sessions.count()).toBe(0); // the expired row is gone

      const t = await sessions.create('anna');
      for (let i = 0; i < 13; i++) {
        now += 50_000;
        const alive = await sessions.get(t.id);
        expect(alive === undefined).toBe(i >= 12); // more than 600 s after creation: out, however busy
      }
    } finally {
      await store.close();
    }
  }, 120_000);
});
