// The HTTP API (fastify) as plugins: httpBasics (cookies, form bodies, security headers, no-store), the
// auth plugin (sessions, CSRF, the requireUser pre-handler: api/auth.ts) and the API routes (api/routes.ts,
// which also generate /openapi.json). `buildApi` returns the app without listening; the console
// (console/app.ts) adds its pages to it and tests call it in-process with `app.inject`.
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { SessionStore, type SessionStoreOptions } from './sessions.ts';
import type { LoginLimits } from './loginLimiter.ts';
import { OIDC_LOGIN_PATH, type OidcSettings } from './oidc.ts';
import { HttpError, toApiError } from './errors.ts';
import { loggableError } from '../operations/temporalErrors.ts';
import { authPlugin, createSignIn, shared, type SignIn } from './auth.ts';
import { apiRoutes } from './routes.ts';
import { createCaseService, type ApiOperations, type CaseService } from './service.ts';
import type { UserDirectory } from './users.ts';
import { sharedMemoryStore, type Store } from '../store/index.ts';
import { createAuditLog, type AuditLog } from '../store/audit.ts';
import { createRotationRegister, type RotationRegister } from '../operations/rotation.ts';
import type { CaseIndexOptions } from '../operations/caseIndex.ts';

export { requireUser } from './auth.ts';

declare module 'fastify' {
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

export interface ApiContext extends SignIn {
  service: CaseService;
  users: UserDirectory;
  sessions: SessionStore;
  /** Personal-data reads and sign-ins (GET /api/audit for supervisors). */
  audit: AuditLog;
  /** Contract managers' assignments to providers (002 §2.3.2), for the console's Contractmanagers page. */
  rotation: RotationRegister;
  publicUrl?: string;
  /** Where the console's log-in page sends "Inloggen met uw organisatieaccount"; unset without OIDC. */
  oidcLoginUrl?: string;
  /** Console pages may show a refused sign-in with the organisation's account on their log-in page. */
  loginRefused?: (request: FastifyRequest, reply: FastifyReply, err: HttpError) => unknown;
  /** Console pages may render their own 404. */
  notFound?: (request: FastifyRequest, reply: FastifyReply) => unknown;
}

function sendApiError(request: FastifyRequest, reply: FastifyReply, err: unknown) {
  const e = toApiError(err);
  if (e.internal) request.log.error({ err: loggableError(err), route: request.routeOptions.url }, 'request failed');
  if (e.retryAfter !== undefined) void reply.header('retry-after', String(e.retryAfter));
  return reply.status(e.status).type('application/json; charset=utf-8').send(e.body);
}

/** Cookies, form bodies, security headers (CSP, HSTS behind https, no framing) and Cache-Control: no-store, for every route. */
const httpBasics = shared(async (app: FastifyInstance, opts: { bodyLimit: number; publicUrl?: string }) => {
  const https = opts.publicUrl?.startsWith('https:') ?? false;
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: opts.bodyLimit });
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
  // Answers hold case data: no browser or proxy keeps them. Routes that may be cached (the console's
  // stylesheets and scripts) set their own Cache-Control.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    return payload;
  });
});

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

  await app.register(httpBasics, { bodyLimit: opts.bodyLimit ?? 64 * 1024, ...(opts.publicUrl ? { publicUrl: opts.publicUrl } : {}) });

  const store = opts.store ?? sharedMemoryStore();
  const sessions = new SessionStore({ ...opts.sessions, store, ...(opts.now ? { now: opts.now } : {}) });
  const audit = createAuditLog(store, opts.now ? { now: opts.now } : {});
  // Every view of a case that reveals the youth's personal data (API, console case page, dossier, PDF)
  // is recorded in the audit log by operations/ (showCase with the user as reader).
  const service = createCaseService({ audit, ...opts.ops }, { users: opts.users, ...(opts.providerNames ? { providerNames: () => opts.providerNames! } : {}), ...(opts.now ? { now: opts.now } : {}), ...(opts.index ? { index: opts.index } : {}), ...(opts.logger ? { logger: opts.logger } : {}) });
  app.addHook('onClose', async () => service.close());

  const ctx: ApiContext = {
    service,
    users: opts.users,
    sessions,
    audit,
    rotation: createRotationRegister(store, opts.now ? { now: opts.now } : {}),
    ...(opts.publicUrl ? { publicUrl: opts.publicUrl } : {}),
    ...(opts.oidc ? { oidcLoginUrl: OIDC_LOGIN_PATH } : {}),
    ...createSignIn({ sessions, users: opts.users, audit, ...(opts.loginLimits ? { loginLimits: opts.loginLimits } : {}), ...(opts.now ? { now: opts.now } : {}) }),
  };
  app.decorate('jf', ctx);
  await app.register(authPlugin, { sessions, users: opts.users, ...(opts.publicUrl ? { publicUrl: opts.publicUrl } : {}) });

  app.addHook('onResponse', async (request, reply) => {
    request.log.debug({ method: request.method, route: request.routeOptions.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });

  app.setErrorHandler((err, request, reply) => sendApiError(request, reply, err));
  app.setNotFoundHandler((request, reply) => {
    if (ctx.notFound && !request.url.startsWith('/api/')) return ctx.notFound(request, reply);
    return sendApiError(request, reply, new HttpError({ code: 'NOT_FOUND', message: `Geen route ${request.method} ${request.url.split('?')[0]}` }));
  });

  await app.register(apiRoutes, opts.oidc ? { oidc: opts.oidc } : {});

  return app;
}
