// The HTTP API (fastify): sessions, CSRF, security headers, log-in rate limiting and the JSON routes.
// `buildApi` returns the app without listening; the console (console/app.ts) adds its pages to it and
// tests call it in-process with `app.inject`.
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { SessionStore, csrfMatches, CSRF_FIELD, CSRF_HEADER, SESSION_COOKIE, type Session, type SessionStoreOptions } from './sessions.ts';
import { LoginLimiter, rateLimitedMessage, type LoginLimits } from './loginLimiter.ts';
import { oidcRoutes, OIDC_LOGIN_PATH, type OidcSettings } from './oidc.ts';
import { HttpError, parseRequest, toApiError } from './errors.ts';
import { loggableError } from '../operations/temporalErrors.ts';
import { buildOpenApi } from './openapi.ts';
import { assignBodySchema, caseParamsSchema, listQuerySchema, loginBodySchema, procedureParamsSchema, sendEventBodySchema, startCaseBodySchema, superviseBodySchema } from './schemas.ts';
import { createCaseService, type ApiOperations, type CaseService } from './service.ts';
import type { User, UserDirectory } from './users.ts';
import { sharedMemoryStore, type Store } from '../store/index.ts';
import { UNKNOWN_ACTOR, createAuditLog, type AuditLog } from '../store/audit.ts';
import { registerAuditRoute } from './audit.ts';
import type { CaseIndexOptions } from '../operations/caseIndex.ts';

declare module 'fastify' {
  interface FastifyRequest {
    session?: Session;
    user?: User;
  }
  interface FastifyInstance {
    jf: ApiContext;
  }
}

export interface BuildApiOptions {
  ops: ApiOperations;
  users: UserDirectory;
  /** pino logger; default: none. */
  logger?: Logger;
  /** Where people reach the console (CONSOLE_URL): HSTS and the Origin check follow from it. */
  publicUrl?: string;
  loginLimits?: LoginLimits;
  sessions?: SessionStoreOptions;
  /** The shared store (sessions live there). Default: one in-memory store for this process. */
  store?: Store | Promise<Store>;
  /** Largest accepted request body in bytes. Default 64 KiB. */
  bodyLimit?: number;
  /**
   * Behind a reverse proxy: the proxies whose X-Forwarded-For is believed for the client address (rate
   * limiting, logs): addresses/CIDRs (TRUST_PROXY). `true` trusts anyone's header: never in production.
   */
  trustProxy?: boolean | string | string[];
  /** OpenID Connect sign-in (OIDC_* settings): adds /auth/oidc and its callback. */
  oidc?: OidcSettings;
  now?: () => number;
  /** Timing of the read model behind lists, Mijn werk and the board. */
  index?: CaseIndexOptions;
  /** Provider names by code, for lists and search (default: the code spelled as a name, `zorg-oost` → `Zorg Oost`). */
  providerNames?: ReadonlyMap<string, string>;
}

export interface ApiContext {
  service: CaseService;
  users: UserDirectory;
  sessions: SessionStore;
  /** Personal-data reads and sign-ins (GET /api/audit for supervisors). */
  audit: AuditLog;
  publicUrl?: string;
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
  /** Where the console's log-in page sends "Inloggen met uw organisatieaccount"; unset without OIDC. */
  oidcLoginUrl?: string;
  /** Console pages may show a refused sign-in with the organisation's account on their log-in page. */
  loginRefused?: (request: FastifyRequest, reply: FastifyReply, err: HttpError) => unknown;
  /** Console pages may render their own 404. */
  notFound?: (request: FastifyRequest, reply: FastifyReply) => unknown;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function requireUser(request: FastifyRequest): User {
  if (!request.user) throw new HttpError({ code: 'UNAUTHENTICATED', message: 'Log in first (POST /api/session)' });
  return request.user;
}

function sendApiError(request: FastifyRequest, reply: FastifyReply, err: unknown) {
  const e = toApiError(err);
  if (e.internal) request.log.error({ err: loggableError(err), route: request.routeOptions.url }, 'request failed');
  if (e.retryAfter !== undefined) void reply.header('retry-after', String(e.retryAfter));
  return reply.status(e.status).type('application/json; charset=utf-8').send(e.body);
}

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

export async function buildApi(opts: BuildApiOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(opts.logger ? { loggerInstance: opts.logger } : { logger: false }),
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: opts.bodyLimit ?? 64 * 1024,
    trustProxy: opts.trustProxy ?? false,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    routerOptions: { ignoreTrailingSlash: true },
  }) as unknown as FastifyInstance;

  const https = opts.publicUrl?.startsWith('https:') ?? false;
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: opts.bodyLimit ?? 64 * 1024 });
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });

  const store = opts.store ?? sharedMemoryStore();
  const sessions = new SessionStore({ ...opts.sessions, store, ...(opts.now ? { now: opts.now } : {}) });
  const audit = createAuditLog(store, opts.now ? { now: opts.now } : {});
  const limiter = new LoginLimiter({ ...opts.loginLimits, ...(opts.now ? { now: opts.now } : {}) });
  // Every view of a case that reveals the youth's personal data (API, console case page, dossier, PDF)
  // is recorded in the audit log by operations/ (showCase with the user as reader).
  const service = createCaseService({ audit, ...opts.ops }, { users: opts.users, ...(opts.providerNames ? { providerNames: () => opts.providerNames! } : {}), ...(opts.now ? { now: opts.now } : {}), ...(opts.index ? { index: opts.index } : {}) });
  app.addHook('onClose', async () => service.close());

  /** The user id for the log, only when it is a known user (a password typed into the name field stays out of the log). */
  const knownUser = (username: string): { userId?: string; unknownUser?: true } => {
    const id = username.trim().toLowerCase();
    return opts.users.find(id) ? { userId: id } : { unknownUser: true };
  };

  const setCookie = (reply: FastifyReply, session: Session) =>
    reply.setCookie(SESSION_COOKIE, session.id, { path: '/', httpOnly: true, secure: true, sameSite: 'lax' });

  const ctx: ApiContext = {
    service,
    users: opts.users,
    sessions,
    audit,
    ...(opts.publicUrl ? { publicUrl: opts.publicUrl } : {}),
    ...(opts.oidc ? { oidcLoginUrl: OIDC_LOGIN_PATH } : {}),
    async ensureSession(request, reply) {
      if (request.session) return request.session;
      const session = await sessions.create();
      request.session = session;
      setCookie(reply, session);
      return session;
    },
    async logIn(request, reply, username, password) {
      if (username.length > 64) throw new HttpError({ code: 'BAD_REQUEST', message: "Invalid 'username': at most 64 characters", field: 'username' });
      if (password.length > 1024) throw new HttpError({ code: 'BAD_REQUEST', message: "Invalid 'password': at most 1024 characters", field: 'password' });
      // Counted before the password check (reserve, then release on success): parallel tries cannot
      // all pass the limit while their checks are still running.
      const reservation = limiter.reserve(request.ip, username);
      if (!reservation.ok) {
        request.log.warn({ ip: request.ip, ...knownUser(username), limitedBy: reservation.reason }, 'log-in refused: too many failures');
        throw new HttpError({ code: 'RATE_LIMITED', message: rateLimitedMessage(reservation.waitSeconds), retryAfter: reservation.waitSeconds, field: 'username' });
      }
      let user: User | undefined;
      try {
        user = await opts.users.authenticate(username, password);
      } catch (err) {
        reservation.attempt.failed();
        throw err;
      }
      if (!user) {
        reservation.attempt.failed();
        // The name only when it is a user's: a typed password must not end up in the log.
        await audit.record({ kind: 'sign-in.failed', actor: opts.users.find(username.trim().toLowerCase())?.id ?? UNKNOWN_ACTOR, address: request.ip });
        request.log.info({ ip: request.ip, ...knownUser(username) }, 'log-in failed');
        throw new HttpError({ code: 'UNAUTHENTICATED', message: 'Unknown user or wrong password', field: 'password' });
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
  app.decorate('jf', ctx);
  app.decorateRequest('session', undefined);
  app.decorateRequest('user', undefined);

  app.addHook('onRequest', async (request) => {
    const session = await sessions.get(request.cookies[SESSION_COOKIE]);
    if (!session) return;
    request.session = session;
    if (session.userId) {
      const user = session.user ?? opts.users.find(session.userId);
      if (user) request.user = user;
      else await sessions.destroy(session.id); // the user was removed from the users file
    }
  });

  // CSRF: every state-changing request carries the session's token (header or form field) and, from a
  // browser, comes from our own origin. Runs after body parsing so forms can send the token as a field.
  app.addHook('preHandler', async (request) => {
    if (!UNSAFE_METHODS.has(request.method) || request.routeOptions.config?.csrf === false) return;
    const fromBody = (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
    const given = request.headers[CSRF_HEADER] ?? fromBody;
    if (!sameOrigin(request, ctx.publicUrl) || !csrfMatches(request.session, Array.isArray(given) ? given[0] : given)) {
      throw new HttpError({
        code: 'CSRF_INVALID',
        message: `Missing or wrong CSRF token: GET /api/session, then send its csrfToken as header ${CSRF_HEADER}`,
        field: CSRF_HEADER,
      });
    }
  });

  // Answers hold case data: no browser or proxy keeps them. Routes that may be cached (the console's
  // stylesheets and scripts) set their own Cache-Control.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    request.log.debug({ method: request.method, route: request.routeOptions.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });

  app.setErrorHandler((err, request, reply) => sendApiError(request, reply, err));
  app.setNotFoundHandler((request, reply) => {
    if (ctx.notFound && !request.url.startsWith('/api/')) return ctx.notFound(request, reply);
    return sendApiError(request, reply, new HttpError({ code: 'NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}` }));
  });

  const openapi = buildOpenApi(opts.publicUrl ? { serverUrl: opts.publicUrl } : {});

  await app.register(async (api) => {
    api.get('/healthz', async (_request, reply) => {
      const status = await service.health();
      return reply.status(status.server.reachable && status.worker.polling ? 200 : 503).send(status);
    });

    api.get('/openapi.json', async () => openapi);

    api.get('/api/session', async (request, reply) => {
      const session = await ctx.ensureSession(request, reply);
      return { user: request.user ?? null, csrfToken: session.csrfToken };
    });

    api.post('/api/session', async (request, reply) => {
      const body = parseRequest(loginBodySchema, request.body);
      const { user, session } = await ctx.logIn(request, reply, body.username, body.password);
      return { user, csrfToken: session.csrfToken };
    });

    api.delete('/api/session', async (request, reply) => {
      await ctx.logOut(request, reply);
      return reply.status(204).send();
    });

    if (opts.oidc) await api.register(oidcRoutes, { settings: opts.oidc, ctx });
    registerAuditRoute(api, audit);

    api.get('/api/procedures', async (request) => {
      requireUser(request);
      return service.procedures();
    });

    api.get('/api/procedures/:id', async (request) => {
      requireUser(request);
      return service.procedure(parseRequest(procedureParamsSchema, request.params).id);
    });

    api.get('/api/cases', async (request) => {
      const user = requireUser(request);
      return service.list(user, parseRequest(listQuerySchema, request.query ?? {}));
    });

    api.post('/api/cases', async (request, reply) => {
      const user = requireUser(request);
      const view = await service.start(user, parseRequest(startCaseBodySchema, request.body));
      return reply.status(201).header('location', `/api/cases/${encodeURIComponent(view.caseId)}`).send(view);
    });

    api.get('/api/cases/:caseId', async (request) => {
      const user = requireUser(request);
      return service.show(user, parseRequest(caseParamsSchema, request.params).caseId);
    });

    api.post('/api/cases/:caseId/events', async (request) => {
      const user = requireUser(request);
      const { caseId } = parseRequest(caseParamsSchema, request.params);
      return service.send(user, caseId, parseRequest(sendEventBodySchema, request.body));
    });

    api.post('/api/cases/:caseId/supervise', async (request) => {
      const user = requireUser(request);
      const { caseId } = parseRequest(caseParamsSchema, request.params);
      return service.supervise(user, caseId, parseRequest(superviseBodySchema, request.body));
    });

    api.post('/api/cases/:caseId/assign', async (request) => {
      const user = requireUser(request);
      const { caseId } = parseRequest(caseParamsSchema, request.params);
      return service.assign(user, caseId, parseRequest(assignBodySchema, request.body));
    });

    api.get('/api/work', async (request) => service.myWork(requireUser(request)));

    api.get('/api/board', async (request) => service.board(requireUser(request)));
  });

  return app;
}
