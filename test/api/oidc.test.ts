// Sign-in with the organisation's account (OpenID Connect, issue 17) end to end: a real identity
// provider (oidc-provider) on a loopback port, the browser's redirects followed with fetch, the console
// in-process. Proves: authorization code with PKCE, state and nonce checked at the callback, roles and
// provider scope mapped from configurable claims, refusals in Dutch.
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OIDC_COOKIE, type OidcSettings } from '../../api/oidc.ts';
import type { UserDirectory } from '../../api/users.ts';
import { buildConsole } from '../../console/app.ts';
import { freePort } from '../../scripts/devServer.ts';
import { startIdentityProvider, type TestIdentityProvider } from './identityProvider.ts';
import { testUsers } from './harness.ts';

const CLIENT_ID = 'jeugdflow-console';
const CLIENT_SECRET = 'test-client-secret-0123456789abcdef';
const REDIRECT = 'http://localhost:3000/auth/oidc/callback';

let idp: TestIdentityProvider;
let app: FastifyInstance;
let connection: Connection;
let users: UserDirectory;
let settings: OidcSettings;

beforeAll(async () => {
  idp = await startIdentityProvider({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUri: REDIRECT,
    accounts: {
      // Identity providers send unrelated groups too: only the mapped values count.
      'anna.devries': { name: 'Anna de Vries', preferred_username: 'Anna.deVries', roles: ['office-users', 'jf-contractmanager', 'jf-toezicht'] },
      'eva.smit': { name: 'Eva Smit', preferred_username: 'eva.smit', roles: ['jf-aanbieder'], provider: 'zorg-oost' },
      'kees.buiten': { name: 'Kees Buiten', preferred_username: 'kees.buiten', roles: ['office-users'] },
      'piet.zonder': { name: 'Piet Zonder', preferred_username: 'piet.zonder', roles: ['jf-aanbieder'] },
      'rob.rolloos': { name: 'Rob Rolloos', preferred_username: 'rob.rolloos' },
    },
  });
  settings = {
    issuer: new URL(idp.issuer),
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUrl: new URL(REDIRECT),
    scope: 'openid profile',
    claims: { userId: 'preferred_username', name: 'name', roles: 'roles', provider: 'provider' },
    roleMap: new Map([
      ['jf-contractmanager', 'contractmanager'],
      ['jf-toezicht', 'supervisor'],
      ['jf-aanbieder', 'aanbieder'],
    ]),
  };
  // Sign-in needs no Temporal: a lazy connection that is never used.
  connection = Connection.lazy({ address: '127.0.0.1:1' });
  users = await testUsers('za-oidc', 'zb-oidc');
  app = await buildConsole({ ops: { client: new Client({ connection }), taskQueue: 'unused', namespace: 'default', calendar: {} }, users, pdf: false, oidc: settings });
  await app.ready();
}, 60_000);

afterAll(async () => {
  await app?.close();
  await connection?.close().catch(() => undefined);
  await idp?.close();
});

function cookie(res: LightMyRequestResponse, name: string): string | undefined {
  const c = res.cookies.find((x) => x.name === name);
  return c ? `${name}=${c.value}` : undefined;
}

/** The whole browser round trip: start at jeugdflow, sign in at the provider, come back to the callback. */
async function signInWithOrganisationAccount(accountId: string, start = '/auth/oidc') {
  const begin = await app.inject({ method: 'GET', url: start });
  expect(begin.statusCode, begin.body).toBe(303);
  const txCookie = cookie(begin, OIDC_COOKIE)!;
  expect(txCookie).toBeDefined();
  const authorizationUrl = new URL(begin.headers.location as string);
  const back = await idp.signIn(authorizationUrl.href, accountId);
  expect(back.href.startsWith(REDIRECT)).toBe(true);
  const callback = await app.inject({ method: 'GET', url: `${back.pathname}${back.search}`, headers: { cookie: txCookie } });
  return { authorizationUrl, back, txCookie, callback };
}

async function sessionUser(res: LightMyRequestResponse) {
  const session = cookie(res, 'jf_session');
  expect(session, res.body).toBeDefined();
  const me = await app.inject({ method: 'GET', url: '/api/session', headers: { cookie: session! } });
  return me.json<{ user: { id: string; name: string; roles: string[]; provider?: string } | null }>().user;
}

/** The user of the session a response left (an anonymous one for the log-in page, or none): null when not logged in. */
async function loggedInAs(res: LightMyRequestResponse): Promise<unknown> {
  const session = cookie(res, 'jf_session');
  const me = await app.inject({ method: 'GET', url: '/api/session', ...(session ? { headers: { cookie: session } } : {}) });
  return me.json<{ user: unknown }>().user;
}

describe('sign-in with the organisation account (OpenID Connect)', () => {
  it('offers "Inloggen met uw organisatieaccount" on the log-in page when OIDC is configured, next to the password form', async () => {
    const res = await app.inject({ method: 'GET', url: '/inloggen?terug=%2Fzaken' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Inloggen met uw organisatieaccount');
    expect(res.body).toContain('href="/auth/oidc?terug=%2Fzaken"');
    expect(res.body).toContain('name="password"');
  });

  it('uses the authorization code flow with PKCE (S256), state and nonce', async () => {
    const begin = await app.inject({ method: 'GET', url: '/auth/oidc' });
    const url = new URL(begin.headers.location as string);
    expect(url.origin).toBe(idp.issuer);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')).toBeTruthy();
    expect(url.searchParams.get('nonce')).toBeTruthy();
    expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT);
    // The verifier stays on the server side of the browser: sealed in an HttpOnly cookie, not readable.
    const tx = begin.cookies.find((c) => c.name === OIDC_COOKIE)!;
    expect(tx).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/auth/oidc' });
    expect(tx.value).not.toContain(url.searchParams.get('state')!);
  });

  it('ends with a session whose user has the roles mapped from the roles claim (unrelated values ignored)', async () => {
    const { callback } = await signInWithOrganisationAccount('anna.devries', '/auth/oidc?terug=%2Fzaken');
    expect(callback.statusCode, callback.body).toBe(303);
    expect(callback.headers.location).toBe('/zaken');
    expect(await sessionUser(callback)).toEqual({ id: 'anna.devries', name: 'Anna de Vries', roles: ['contractmanager', 'supervisor'] });
  });

  it("gives an aanbieder the provider scope of the provider claim", async () => {
    const { callback } = await signInWithOrganisationAccount('eva.smit');
    expect(callback.statusCode, callback.body).toBe(303);
    expect(callback.headers.location).toBe('/mijn-werk');
    expect(await sessionUser(callback)).toEqual({ id: 'eva.smit', name: 'Eva Smit', roles: ['aanbieder'], provider: 'zorg-oost' });
  });

  it('refuses an account whose roles claim holds no jeugdflow role, in Dutch, without a session', async () => {
    const { callback } = await signInWithOrganisationAccount('kees.buiten');
    expect(callback.statusCode).toBe(403);
    expect(callback.body).toContain('Inloggen met uw organisatieaccount is niet gelukt');
    expect(callback.body).toContain('geen rol in jeugdflow: de claim roles bevat geen bekende jeugdflow-rol');
    expect(await loggedInAs(callback)).toBeNull();
  });

  it('refuses a token without the roles claim', async () => {
    const { callback } = await signInWithOrganisationAccount('rob.rolloos');
    expect(callback.statusCode).toBe(403);
    expect(callback.body).toContain('de claim roles ontbreekt');
  });

  it('refuses an aanbieder without a provider claim', async () => {
    const { callback } = await signInWithOrganisationAccount('piet.zonder');
    expect(callback.statusCode).toBe(403);
    expect(callback.body).toContain('niet de code van uw zorgaanbieder');
    expect(await loggedInAs(callback)).toBeNull();
  });

  it('refuses a callback whose state does not match the one this browser started with', async () => {
    const first = await app.inject({ method: 'GET', url: '/auth/oidc' });
    const otherBrowser = cookie(first, OIDC_COOKIE)!;
    // The code and state of another sign-in, brought to a browser that started its own.
    const begin = await app.inject({ method: 'GET', url: '/auth/oidc' });
    const back = await idp.signIn(begin.headers.location as string, 'anna.devries');
    const res = await app.inject({ method: 'GET', url: `${back.pathname}${back.search}`, headers: { cookie: otherBrowser } });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Uw inlogpoging is verlopen of niet (meer) geldig');
    expect(await loggedInAs(res)).toBeNull();
  });

  it('refuses a callback without the transaction cookie, and one with a tampered cookie', async () => {
    const begin = await app.inject({ method: 'GET', url: '/auth/oidc' });
    const tx = cookie(begin, OIDC_COOKIE)!;
    const back = await idp.signIn(begin.headers.location as string, 'anna.devries');
    const path = `${back.pathname}${back.search}`;
    expect((await app.inject({ method: 'GET', url: path })).statusCode).toBe(400);
    const tampered = tx.slice(0, -2) + (tx.endsWith('A') ? 'BB' : 'AA');
    expect((await app.inject({ method: 'GET', url: path, headers: { cookie: tampered } })).statusCode).toBe(400);
    // The right cookie still works for this code (the failed tries did not use it up at the provider).
    const ok = await app.inject({ method: 'GET', url: path, headers: { cookie: tx } });
    expect(ok.statusCode, ok.body).toBe(303);
  });

  it('says in Dutch when the identity provider cannot be reached, and discovers it at the next log-in once it is back', async () => {
    const port = await freePort();
    const down = await buildConsole({
      ops: { client: new Client({ connection }), taskQueue: 'unused', namespace: 'default', calendar: {} },
      users,
      pdf: false,
      oidc: { ...settings, issuer: new URL(`http://127.0.0.1:${port}`) },
    });
    let later: TestIdentityProvider | undefined;
    try {
      const res = await down.inject({ method: 'GET', url: '/auth/oidc' });
      expect(res.statusCode).toBe(500);
      expect(res.body).toContain('De inlogdienst van uw organisatie is nu niet bereikbaar');
      expect(res.cookies.find((c) => c.name === OIDC_COOKIE)).toBeUndefined();
      later = await startIdentityProvider({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: REDIRECT, accounts: {}, port });
      const again = await down.inject({ method: 'GET', url: '/auth/oidc' });
      expect(again.statusCode, again.body).toBe(303);
      expect(new URL(again.headers.location as string).origin).toBe(`http://127.0.0.1:${port}`);
    } finally {
      await down.close();
      await later?.close();
    }
  });

  it('refuses to use a callback twice (the code is single-use)', async () => {
    const { back, txCookie, callback } = await signInWithOrganisationAccount('anna.devries');
    expect(callback.statusCode).toBe(303);
    const again = await app.inject({ method: 'GET', url: `${back.pathname}${back.search}`, headers: { cookie: txCookie } });
    expect(again.statusCode).toBe(400);
    expect(await loggedInAs(again)).toBeNull();
  });
});
