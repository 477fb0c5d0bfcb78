// The pieces of the API that need no Temporal: passwords, sessions, CSRF, log-in limits, scope and the
// error shape.
import { describe, expect, it } from 'vitest';
import { buildApi } from '../../api/app.ts';
import { actingRole, assertInScope, scopedProvider, viewingRole } from '../../api/access.ts';
import { expiredTermReason } from '../../api/board.ts';
import { ServiceError } from '@temporalio/client';
import { HttpError, toApiError } from '../../api/errors.ts';
import { jsonBoundsIssue, MAX_JSON_DEPTH, providerCodeSchema } from '../../operations/bounds.ts';
import { loggableError } from '../../operations/temporalErrors.ts';
import { EXAMPLE_USERS_FILE, hashPassword, loadUsers, UserDirectory, verifyPassword } from '../../api/users.ts';
import { csrfMatches, SessionStore } from '../../api/sessions.ts';
import { safeNext } from '../../console/routes.ts';
import { findProcedure } from '../../machines/index.ts';
import { ProcedureError } from '../../workflows/errors.ts';

describe('users and passwords', () => {
  it('hashes with scrypt and verifies only the right password', async () => {
    const hash = await hashPassword('een lang wachtwoord');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('een lang wachtwoord', hash)).toBe(true);
    expect(await verifyPassword('een ander wachtwoord', hash)).toBe(false);
  });

  it('refuses a users file with an aanbieder without provider code, or duplicate ids', async () => {
    const passwordHash = await hashPassword('een lang wachtwoord');
    expect(() => UserDirectory.fromJson({ users: [{ id: 'eva', name: 'Eva', roles: ['aanbieder'], passwordHash }] })).toThrow(/provider/);
    const anna = { id: 'anna', name: 'Anna', roles: ['contractmanager'], passwordHash };
    expect(() => UserDirectory.fromJson({ users: [anna, anna] })).toThrow(/unique/);
  });

  it('serves the demo users of config/users.example.json on localhost only', () => {
    const demo = loadUsers({ dataDir: '/nonexistent', consoleUrl: 'http://localhost:3000' });
    expect(demo.example).toBe(true);
    expect(demo.users.source).toBe(EXAMPLE_USERS_FILE);
    expect(demo.users.find('sanne')?.roles).toEqual(['supervisor']);
    expect(() => loadUsers({ dataDir: '/nonexistent', consoleUrl: 'https://jeugdflow.example.nl' })).toThrow(/only served on localhost/);
  });
});

describe('sessions, CSRF and log-in limits', () => {
  it('expires idle sessions and gives a new id and CSRF token at log-in', async () => {
    let now = 0;
    const store = new SessionStore({ idleMs: 1000, now: () => now });
    const anon = await store.create();
    const user = await store.login(anon, 'anna');
    expect(user.id).not.toBe(anon.id);
    expect(user.csrfToken).not.toBe(anon.csrfToken);
    expect(await store.get(anon.id)).toBeUndefined();
    now = 999;
    expect((await store.get(user.id))?.userId).toBe('anna');
    now = 2000;
    expect(await store.get(user.id)).toBeUndefined();
  });

  it('matches the CSRF token of the session only', async () => {
    const store = new SessionStore();
    const a = await store.create();
    const b = await store.create();
    expect(csrfMatches(a, a.csrfToken)).toBe(true);
    expect(csrfMatches(a, b.csrfToken)).toBe(false);
    expect(csrfMatches(a, undefined)).toBe(false);
    expect(csrfMatches(undefined, a.csrfToken)).toBe(false);
  });

  it('redirects after log-in only to a path on this site', () => {
    expect(safeNext('/zaken/EL-1')).toBe('/zaken/EL-1');
    expect(safeNext('//evil.example/x')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
  });

  it('redirects after log-in only to a path in safe characters (a Location header cannot hold Ā or CR LF), else to /', () => {
    expect(safeNext('/Ā')).toBe('/');
    expect(safeNext('/zaken\r\nSet-Cookie: x=1')).toBe('/');
    expect(safeNext(`/${'a'.repeat(600)}`)).toBe('/');
    expect(safeNext('/zaken?overdue=true#lijst')).toBe('/zaken?overdue=true#lijst');
    expect(safeNext(undefined)).toBe('/');
  });
});

describe('log-in from elsewhere (the OpenID Connect plug-in point)', () => {
  it('gives a user authenticated elsewhere a session with the roles and provider code it brought, scope included', async () => {
    const users = UserDirectory.fromJson({ users: [{ id: 'anna', name: 'Anna', roles: ['contractmanager'], passwordHash: await hashPassword('een lang wachtwoord') }] });
    const app = await buildApi({ ops: { client: undefined as never, taskQueue: 'none', namespace: 'default' }, users });
    app.get('/test/external-login', async (request, reply) => {
      await app.jf.logInAs(request, reply, { id: 'ext-eva', name: 'Eva (OIDC)', roles: ['aanbieder'], provider: 'zorg-oost' });
      return { ok: true };
    });
    const res = await app.inject({ method: 'GET', url: '/test/external-login' });
    const cookie = res.cookies.find((c) => c.name === 'jf_session')!;
    const headers = { cookie: `jf_session=${cookie.value}` };
    const session = await app.inject({ method: 'GET', url: '/api/session', headers });
    expect(session.json()).toMatchObject({ user: { id: 'ext-eva', roles: ['aanbieder'], provider: 'zorg-oost' } });
    const other = await app.inject({ method: 'GET', url: '/api/cases?provider=jeugdhulp-west', headers });
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ code: 'OUT_OF_SCOPE', field: 'provider' });
    await app.close();
  });
});

describe('scope and roles', () => {
  const eva = { id: 'eva', name: 'Eva', roles: ['aanbieder' as const], provider: 'zorg-oost' };
  const dirk = { id: 'dirk', name: 'Dirk', roles: ['casusregisseur' as const, 'contractmanager' as const] };

  it("keeps a provider's user to its own provider; another provider's case is answered as one that does not exist", () => {
    const refusal = (() => {
      try {
        assertInScope(eva, 'jeugdhulp-west', 'EL-1');
      } catch (err) {
        return err;
      }
    })();
    expect(toApiError(refusal)).toEqual({ status: 404, body: { code: 'CASE_NOT_FOUND', field: 'caseId', message: "No case 'EL-1'" } });
    expect(() => assertInScope(eva, 'jeugdhulp-west')).toThrow(HttpError);
    expect(() => assertInScope(eva, 'zorg-oost', 'EL-1')).not.toThrow();
    expect(scopedProvider(eva, undefined)).toBe('zorg-oost');
    expect(() => scopedProvider(eva, 'jeugdhulp-west')).toThrow(/may not list/);
    expect(scopedProvider(dirk, 'jeugdhulp-west')).toBe('jeugdhulp-west');
  });

  it('acts in a role the event allows, never in a role the user lacks; views as the commissioning role', () => {
    const ladder = findProcedure('escalation-ladder')!;
    expect(actingRole(dirk, ladder, 'hearing.recorded')).toBe('contractmanager');
    expect(() => actingRole(eva, ladder, 'hearing.recorded', 'contractmanager')).toThrow(/does not have role/);
    expect(viewingRole(dirk)).toBe('contractmanager');
  });
});

describe('the board, read from the machine', () => {
  const summary = { caseId: 'EL-1', procedure: 'escalation-ladder', provider: 'p', status: 'RUNNING', overdue: false };

  it('flags a case in a state entered by an expired term while someone must act there', () => {
    const reason = expiredTermReason({ ...summary, state: 'open.rung1.responseOverdue', waitingOn: ['contractmanager'] });
    expect(reason).toEqual({ code: 'TERM_EXPIRED_STATE', message: 'Reactietermijn verstreken; sindsdien geen vervolgstap. Wacht op Contractmanager' });
  });

  it('does not flag a state no expiry leads to, nor one where nobody has to act', () => {
    expect(expiredTermReason({ ...summary, state: 'open.rung1.awaitingResponse', waitingOn: ['aanbieder'] })).toBeUndefined();
    expect(expiredTermReason({ ...summary, state: 'open.measureTaken.objection.done + open.measureTaken.effect.inForce', waitingOn: [] })).toBeUndefined();
  });
});

describe('the error shape', () => {
  it('maps refusals with the one status table, and hides unknown errors behind INTERNAL', () => {
    const refusal = toApiError(new ProcedureError({ code: 'GUARD_FAILED', message: 'no', state: 'open', allowedEvents: ['a'], rule: 'r' }));
    expect(refusal).toEqual({ status: 409, body: { code: 'GUARD_FAILED', message: 'no', state: 'open', allowedEvents: ['a'], rule: 'r' } });
    expect(toApiError(new HttpError({ code: 'OUT_OF_SCOPE', message: 'x' })).status).toBe(403);
    const unknown = toApiError(new Error('secret detail'));
    expect(unknown).toMatchObject({ status: 500, body: { code: 'INTERNAL', message: 'Interne fout; probeer het later opnieuw' }, internal: true });
    expect(toApiError(Object.assign(new Error('14 UNAVAILABLE: connect failed'), { code: 14 })).status).toBe(503);
  });

  it('a Temporal error that is not "unreachable" (e.g. INVALID_ARGUMENT) is 500 INTERNAL, not 503 UNAVAILABLE', () => {
    const invalid = new ServiceError('Failed to list workflows', { cause: Object.assign(new Error('3 INVALID_ARGUMENT: bad query'), { code: 3 }) });
    expect(toApiError(invalid)).toMatchObject({ status: 500, body: { code: 'INTERNAL', message: 'Interne fout; probeer het later opnieuw' }, internal: true });
    const down = new ServiceError('Failed to query', { cause: Object.assign(new Error('14 UNAVAILABLE: connect failed'), { code: 14 }) });
    expect(toApiError(down)).toMatchObject({ status: 503, body: { code: 'UNAVAILABLE' } });
  });

  it('logs an unexpected error without BSN-like numbers, payloads or causes', () => {
    const logged = loggableError(new ServiceError('value 111222333 too long', { cause: Object.assign(new Error('x'), { code: 3, details: 'secret' }) }));
    expect(logged).toEqual({ name: 'ServiceError', grpcCode: 3, message: 'value [nummer] too long' });
  });
});

describe('request bounds', () => {
  it('finds a document nested 100,000 deep without overflowing the stack, and names where', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(jsonBoundsIssue(deep)).toMatchObject({ message: `nested deeper than ${MAX_JSON_DEPTH} levels` });
    expect(jsonBoundsIssue({ reason: 'x', list: [1, 2, { b: [] }] })).toBeUndefined();
  });

  it('accepts provider codes of letters, digits, . _ - and spaces up to 64, nothing else', () => {
    for (const ok of ['zorg-oost', 'AGB-12345678', 'Jeugdhulp West BV']) expect(providerCodeSchema.safeParse(ok).success, ok).toBe(true);
    for (const bad of ['p'.repeat(65), 'zorg\u0000oost', 'zorg\r\noost', ' zorg', 'zorg-111222333']) expect(providerCodeSchema.safeParse(bad).success, bad).toBe(false);
  });
});
