// The log-in limit (issue 17): the attempt is counted before the password check, so parallel tries
// cannot get around it; only failures count; the wait is told in Dutch; behind a trusted proxy the
// real client address is limited, and nobody else's X-Forwarded-For is believed. Sign-ins and failed
// sign-ins are logged without passwords.
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogger } from '../support/logs.ts';
import { LoginLimiter } from '../../api/loginLimiter.ts';
import type { UserDirectory } from '../../api/users.ts';
import { buildConsole, type BuildConsoleOptions } from '../../console/app.ts';
import { anonymous, PASSWORD, testUsers } from './harness.ts';

let connection: Connection;
let users: UserDirectory;
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  // Log-in needs no Temporal: a lazy connection that is never used.
  connection = Connection.lazy({ address: '127.0.0.1:1' });
  users = await testUsers('za-limit', 'zb-limit');
});

afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
  await connection?.close().catch(() => undefined);
});

async function consoleApp(opts: Partial<BuildConsoleOptions> = {}): Promise<FastifyInstance> {
  const app = await buildConsole({ ops: { client: new Client({ connection }), taskQueue: 'unused', namespace: 'default', calendar: {} }, users, pdf: false, ...opts });
  await app.ready();
  apps.push(app);
  return app;
}

async function tryLogIn(app: FastifyInstance, session: { cookie: string; csrf: string }, username: string, password: string, headers: Record<string, string> = {}, remoteAddress?: string) {
  return app.inject({
    method: 'POST',
    url: '/api/session',
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, ...headers },
    payload: { username, password },
    ...(remoteAddress ? { remoteAddress } : {}),
  });
}

const codeOf = (res: LightMyRequestResponse) => (res.statusCode === 200 ? 'OK' : res.json<{ code: string }>().code);

describe('log-in limit', () => {
  it('counts an attempt before the password check: of 20 parallel wrong tries only 5 are checked, and the right password after them is refused', async () => {
    const app = await consoleApp();
    const anon = await anonymous(app);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => tryLogIn(app, anon, 'carla', `wrong-${i}`)));
    const codes = answers.map(codeOf);
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(5);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(15);
    const right = await tryLogIn(app, anon, 'carla', PASSWORD);
    expect(right.statusCode).toBe(429);
    expect(right.cookies.find((c) => c.name === 'jf_session')).toBeUndefined();
  });

  it('refuses the right password when it arrives as the 16th of 20 parallel guesses', async () => {
    const app = await consoleApp();
    const anon = await anonymous(app);
    // 15 wrong guesses are dispatched first; the right one comes 16th, while their checks still run.
    const wrong = Array.from({ length: 15 }, (_, i) => tryLogIn(app, anon, 'carla', `wrong-${i}`));
    const right = tryLogIn(app, anon, 'carla', PASSWORD);
    const more = Array.from({ length: 4 }, (_, i) => tryLogIn(app, anon, 'carla', `later-${i}`));
    await Promise.all([...wrong, ...more]);
    expect(codeOf(await right)).toBe('RATE_LIMITED');
  });

  it('tells in Dutch how long to wait, with Retry-After', async () => {
    const app = await consoleApp();
    const anon = await anonymous(app);
    for (let i = 0; i < 5; i++) expect(codeOf(await tryLogIn(app, anon, 'bram', `wrong-${i}`))).toBe('UNAUTHENTICATED');
    const limited = await tryLogIn(app, anon, 'bram', PASSWORD);
    expect(limited.statusCode).toBe(429);
    expect(limited.json<{ message: string }>().message).toBe('Te veel mislukte inlogpogingen. Probeer het over 15 minuten opnieuw.');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(14 * 60);
    // The console's log-in page says the same.
    const page = await app.inject({ method: 'GET', url: '/inloggen' });
    const pageSession = page.cookies.find((c) => c.name === 'jf_session')!.value;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const form = await app.inject({
      method: 'POST',
      url: '/inloggen',
      headers: { cookie: `jf_session=${pageSession}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, username: 'bram', password: PASSWORD }).toString(),
    });
    expect(form.statusCode).toBe(429);
    expect(form.body).toContain('Probeer het over 15 minuten opnieuw.');
  });

  it('a successful log-in between failures resets the count', async () => {
    const app = await consoleApp();
    // A log-in ends the anonymous session: every try from a fresh one (same client address).
    const attempt = async (password: string) => codeOf(await tryLogIn(app, await anonymous(app), 'dirk', password));
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++) expect(await attempt(`wrong-${round}-${i}`)).toBe('UNAUTHENTICATED');
      expect(await attempt(PASSWORD)).toBe('OK');
    }
    // 12 failures in all, never 5 in a row: still not limited.
    expect(await attempt('wrong-again')).toBe('UNAUTHENTICATED');
  });

  it('only failures count: successful log-ins of many people from one office address do not use up its budget', async () => {
    const app = await consoleApp({ loginLimits: { maxFailuresPerAddress: 3 } });
    const attempt = async (user: string, password: string) => codeOf(await tryLogIn(app, await anonymous(app), user, password));
    for (let i = 0; i < 4; i++) {
      for (const user of ['anna', 'bram', 'carla', 'sanne']) expect(await attempt(user, PASSWORD)).toBe('OK');
    }
    // Failures do count per address, across user names.
    for (const user of ['anna', 'bram', 'carla']) expect(await attempt(user, 'wrong')).toBe('UNAUTHENTICATED');
    expect(await attempt('sanne', PASSWORD)).toBe('RATE_LIMITED');
  });

  it('behind a trusted proxy limits the real client address, so one office is not locked out by another', async () => {
    const app = await consoleApp({ trustProxy: ['127.0.0.1'] });
    const anon = await anonymous(app);
    for (let i = 0; i < 5; i++) await tryLogIn(app, anon, 'eva', `wrong-${i}`, { 'x-forwarded-for': '203.0.113.7' });
    expect(codeOf(await tryLogIn(app, anon, 'eva', PASSWORD, { 'x-forwarded-for': '203.0.113.7' }))).toBe('RATE_LIMITED');
    // Another client behind the same proxy is not limited.
    expect(codeOf(await tryLogIn(app, anon, 'eva', PASSWORD, { 'x-forwarded-for': '198.51.100.20' }))).toBe('OK');
  });

  it('believes X-Forwarded-For only from the trusted proxy: a client cannot escape the limit by inventing addresses', async () => {
    const trusting = await consoleApp({ trustProxy: ['127.0.0.1'] });
    const anon = await anonymous(trusting);
    const stranger = '192.0.2.99'; // not the proxy
    for (let i = 0; i < 5; i++) await tryLogIn(trusting, anon, 'frank', `wrong-${i}`, { 'x-forwarded-for': `10.9.0.${i}` }, stranger);
    expect(codeOf(await tryLogIn(trusting, anon, 'frank', PASSWORD, { 'x-forwarded-for': '10.9.0.200' }, stranger))).toBe('RATE_LIMITED');
    // Without TRUST_PROXY the header is ignored altogether.
    const plain = await consoleApp();
    const anon2 = await anonymous(plain);
    for (let i = 0; i < 5; i++) await tryLogIn(plain, anon2, 'frank', `wrong-${i}`, { 'x-forwarded-for': `10.8.0.${i}` });
    expect(codeOf(await tryLogIn(plain, anon2, 'frank', PASSWORD, { 'x-forwarded-for': '10.8.0.200' }))).toBe('RATE_LIMITED');
  });

  it('logs sign-ins and failed sign-ins with user id and client address, never the password', async () => {
    const { logger, lines } = captureLogger();
    const app = await consoleApp({ logger });
    const anon = await anonymous(app);
    expect(codeOf(await tryLogIn(app, anon, 'anna', 'geheim-fout-wachtwoord'))).toBe('UNAUTHENTICATED');
    expect(codeOf(await tryLogIn(app, anon, 'my-Secret-Passw0rd', 'x'))).toBe('UNAUTHENTICATED'); // a password typed into the name field
    expect(codeOf(await tryLogIn(app, anon, 'anna', PASSWORD))).toBe('OK');
    const failed = lines().filter((l) => l.msg === 'log-in failed');
    expect(failed).toHaveLength(2);
    expect(failed[0]).toMatchObject({ userId: 'anna', ip: '127.0.0.1' });
    expect(failed[1]).toMatchObject({ unknownUser: true, ip: '127.0.0.1' });
    expect(lines().find((l) => l.msg === 'logged in')).toMatchObject({ userId: 'anna', ip: '127.0.0.1' });
    const all = JSON.stringify(lines());
    for (const secret of ['geheim-fout-wachtwoord', PASSWORD, 'my-Secret-Passw0rd']) expect(all).not.toContain(secret);
  });
});

describe('LoginLimiter', () => {
  it('gives back the slot of a success only in the window it was taken in', () => {
    let now = 0;
    const limiter = new LoginLimiter({ maxFailuresPerUser: 1, maxFailuresPerAddress: 1, windowMs: 1000, now: () => now });
    const first = limiter.reserve('10.0.0.1', 'anna');
    expect(first.ok).toBe(true);
    expect(limiter.reserve('10.0.0.1', 'anna')).toMatchObject({ ok: false, reason: 'user', waitSeconds: 1 });
    now = 1500; // a new window started while the check ran
    const second = limiter.reserve('10.0.0.1', 'bram');
    expect(second.ok).toBe(true);
    if (first.ok) first.attempt.succeeded(); // late: must not free bram's slot in the new window
    expect(limiter.reserve('10.0.0.1', 'carla')).toMatchObject({ ok: false, reason: 'address' });
  });
});
