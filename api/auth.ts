// Sign-in, sessions and CSRF as one fastify plugin. It loads the session (and its user) of every
// request, checks the CSRF token of every state-changing request, and gives routes the `requireUser`
// pre-handler: the one check that a user is signed in (401 in the API; the console's error handler turns
// it into a redirect to its log-in page). `createSignIn` builds the log-in and log-out steps the API
// and the console share (rate limited, audited, a fresh session id at log-in).
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { AuditLog } from '../store/audit.ts';
import { UNKNOWN_ACTOR } from '../store/audit.ts';
import { HttpError } from './errors.ts';
import { LoginLimiter, rateLimitedMessage, type LoginLimits } from './loginLimiter.ts';
import { csrfMatches, CSRF_FIELD, CSRF_HEADER, SESSION_COOKIE, type Session, type SessionStore } from './sessions.ts';
import type { User, UserDirectory } from './users.ts';

declare module 'fastify' {
  interface FastifyRequest {
    session?: Session;
    user?: User;
  }
  interface FastifyInstance {
    /** Pre-handler: refuses a request without a signed-in user (UNAUTHENTICATED). */
    requireUser: preHandlerAsyncHookHandler;
  }
  interface FastifyContextConfig {
    /** false: the route takes no CSRF token (e.g. the Temporal UI's codec endpoint, checked by its own Origin rule). */
    csrf?: boolean;
    /** true: a console page anyone may open (log-in, assets); every other console page needs a signed-in user. */
    public?: boolean;
  }
}

/** A fastify plugin whose hooks and decorators apply to the app that registers it (fastify's skip-override). */
export function shared<O>(plugin: (app: FastifyInstance, opts: O) => Promise<void>): (app: FastifyInstance, opts: O) => Promise<void> {
  return Object.assign(plugin, { [Symbol.for('skip-override')]: true });
}

/** The signed-in user, or UNAUTHENTICATED. */
export function requireUser(request: FastifyRequest): User {
  if (!request.user) throw new HttpError({ code: 'UNAUTHENTICATED', message: 'Log eerst in (POST /api/session)' });
  return request.user;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function sameOrigin(request: FastifyRequest, publicUrl: string | undefined): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true; // non-browser clients; the CSRF token still applies
  if (origin === 'null') return false;
  const allowed = new Set<string>();
  if (publicUrl) allowed.add(new URL(publicUrl).origin);
  const host = request.headers.host;
  if (host) for (const scheme of ['http', 'https']) allowed.add(`${scheme}://${host}`);
  return allowed.has(origin);
}

export interface AuthOptions {
  sessions: SessionStore;
  users: UserDirectory;
  /** Where people reach the console: the Origin check allows it. */
  publicUrl?: string;
}

/** Session loading, the CSRF check and the requireUser pre-handler, for every route of the app. */
export const authPlugin = shared(async (app: FastifyInstance, opts: AuthOptions) => {
  app.decorateRequest('session', undefined);
  app.decorateRequest('user', undefined);
  app.decorate('requireUser', async (request: FastifyRequest) => {
    requireUser(request);
  });

  app.addHook('onRequest', async (request) => {
    const session = await opts.sessions.get(request.cookies[SESSION_COOKIE]);
    if (!session) return;
    request.session = session;
    if (session.userId) {
      const user = session.user ?? opts.users.find(session.userId);
      if (user) request.user = user;
      else await opts.sessions.destroy(session.id); // the user was removed from the users file
    }
  });

  // CSRF: every state-changing request carries the session's token (header or form field) and, from a
  // browser, comes from our own origin. Runs after body parsing so forms can send the token as a field.
  app.addHook('preHandler', async (request) => {
    if (!UNSAFE_METHODS.has(request.method) || request.routeOptions.config?.csrf === false) return;
    const fromBody = (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
    const given = request.headers[CSRF_HEADER] ?? fromBody;
    if (!sameOrigin(request, opts.publicUrl) || !csrfMatches(request.session, Array.isArray(given) ? given[0] : given)) {
      throw new HttpError({
        code: 'CSRF_INVALID',
        message: `Het CSRF-token ontbreekt of klopt niet: haal het op met GET /api/session en stuur het mee als header ${CSRF_HEADER}`,
        field: CSRF_HEADER,
      });
    }
  });
});

export interface SignIn {
  /** Returns the request's session, creating an anonymous one (for its CSRF token) when there is none. */
  ensureSession(request: FastifyRequest, reply: FastifyReply): Promise<Session>;
  /** Checks the password (rate limited) and starts a fresh session for the user. */
  logIn(request: FastifyRequest, reply: FastifyReply, username: string, password: string): Promise<{ user: User; session: Session }>;
  /**
   * Starts a session for a user authenticated elsewhere (the plug-in point for OpenID Connect: see
   * api/README.md). The user's roles and provider code travel with the session.
   */
  logInAs(request: FastifyRequest, reply: FastifyReply, user: User): Promise<Session>;
  logOut(request: FastifyRequest, reply: FastifyReply): Promise<void>;
}

export function createSignIn(opts: { sessions: SessionStore; users: UserDirectory; audit: AuditLog; loginLimits?: LoginLimits; now?: () => number }): SignIn {
  const { sessions, users, audit } = opts;
  const limiter = new LoginLimiter({ ...opts.loginLimits, ...(opts.now ? { now: opts.now } : {}) });

  /** The user id for the log, only when it is a known user (a password typed into the name field stays out of the log). */
  const knownUser = (username: string): { userId?: string; unknownUser?: true } => {
    const id = username.trim().toLowerCase();
    return users.find(id) ? { userId: id } : { unknownUser: true };
  };

  const setCookie = (reply: FastifyReply, session: Session) =>
    reply.setCookie(SESSION_COOKIE, session.id, { path: '/', httpOnly: true, secure: true, sameSite: 'lax' });

  return {
    async ensureSession(request, reply) {
      if (request.session) return request.session;
      const session = await sessions.create();
      request.session = session;
      setCookie(reply, session);
      return session;
    },
    async logIn(request, reply, username, password) {
      if (username.length > 64) throw new HttpError({ code: 'BAD_REQUEST', message: "Ongeldig veld 'username': hoogstens 64 tekens", field: 'username' });
      if (password.length > 1024) throw new HttpError({ code: 'BAD_REQUEST', message: "Ongeldig veld 'password': hoogstens 1024 tekens", field: 'password' });
      // Counted before the password check (reserve, then release on success): parallel tries cannot
      // all pass the limit while their checks are still running.
      const reservation = limiter.reserve(request.ip, username);
      if (!reservation.ok) {
        request.log.warn({ ip: request.ip, ...knownUser(username), limitedBy: reservation.reason }, 'log-in refused: too many failures');
        throw new HttpError({ code: 'RATE_LIMITED', message: rateLimitedMessage(reservation.waitSeconds), retryAfter: reservation.waitSeconds, field: 'username' });
      }
      let user: User | undefined;
      try {
        user = await users.authenticate(username, password);
      } catch (err) {
        reservation.attempt.failed();
        throw err;
      }
      if (!user) {
        reservation.attempt.failed();
        // The name only when it is a user's: a typed password must not end up in the log.
        await audit.record({ kind: 'sign-in.failed', actor: users.find(username.trim().toLowerCase())?.id ?? UNKNOWN_ACTOR, address: request.ip });
        request.log.info({ ip: request.ip, ...knownUser(username) }, 'log-in failed');
        throw new HttpError({ code: 'UNAUTHENTICATED', message: 'Onbekende gebruiker of onjuist wachtwoord', field: 'password' });
      }
      reservation.attempt.succeeded();
      await audit.record({ kind: 'sign-in', actor: user.id, address: request.ip });
      const session = await sessions.login(request.session, user.id);
      request.session = session;
      request.user = user;
      setCookie(reply, session);
      request.log.info({ userId: user.id, ip: request.ip }, 'logged in');
      return { user, session };
    },
    async logInAs(request, reply, user) {
      const session = await sessions.login(request.session, user.id, user);
      await audit.record({ kind: 'sign-in', actor: user.id, address: request.ip });
      request.session = session;
      request.user = user;
      setCookie(reply, session);
      request.log.info({ userId: user.id, ip: request.ip }, 'logged in (external)');
      return session;
    },
    async logOut(request, reply) {
      if (request.user) await audit.record({ kind: 'sign-out', actor: request.user.id, address: request.ip });
      if (request.session) await sessions.destroy(request.session.id);
      request.session = undefined;
      request.user = undefined;
      reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, secure: true, sameSite: 'lax' });
    },
  };
}
