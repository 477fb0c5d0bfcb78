// Sign-in with OpenID Connect (authorization code with PKCE, openid-client v6): the production log-in
// next to the local users file. GET /auth/oidc sends the browser to the organisation's identity
// provider; GET /auth/oidc/callback checks state, nonce and the PKCE verifier, reads the roles and the
// provider code from the claims and starts a session (`logInAs`).
//
// The transaction (state, nonce, PKCE verifier, where to go afterwards) lives in a short-lived cookie
// sealed with AES-256-GCM under a key derived from the client secret: tamper-proof and unreadable, and
// every console instance with the same settings can finish a log-in another one started.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as client from 'openid-client';
import { oidcRedirectUrl, type Config } from '../config/index.ts';
import { ROLES, type Role } from '../machines/types.ts';
import type { ApiContext } from './app.ts';
import { HttpError } from './errors.ts';
import type { User } from './users.ts';

export const OIDC_LOGIN_PATH = '/auth/oidc';
export const OIDC_CALLBACK_PATH = '/auth/oidc/callback';
export const OIDC_COOKIE = 'jf_oidc';

/** Which claims carry what. Dotted names (`realm_access.roles`) reach into nested claims. */
export interface OidcClaimNames {
  /** The user id in jeugdflow (actor of every step). Default `preferred_username`, else `sub`. */
  userId: string;
  /** Display name. Default `name`. */
  name: string;
  /** Role values (array or single string). Default `roles`. */
  roles: string;
  /** The provider code of a provider's staff. Default `provider`. */
  provider: string;
}

export interface OidcSettings {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  /** Registered at the identity provider; ends in /auth/oidc/callback. */
  redirectUrl: URL;
  /** Requested scopes, space-separated; must include `openid`. */
  scope: string;
  claims: OidcClaimNames;
  /** Claim value → jeugdflow role. Empty: the claim values are the role codes themselves. */
  roleMap: ReadonlyMap<string, Role>;
  /** How long a started log-in may take. Default 10 minutes. */
  transactionMs?: number;
}

export const DEFAULT_OIDC_CLAIMS: OidcClaimNames = { userId: 'preferred_username', name: 'name', roles: 'roles', provider: 'provider' };
export const DEFAULT_OIDC_SCOPE = 'openid profile';

/** The OIDC settings of a validated configuration; undefined when OIDC_ISSUER is not set. */
export function oidcSettingsFromConfig(config: Config): OidcSettings | undefined {
  if (!config.OIDC_ISSUER || !config.OIDC_CLIENT_ID || !config.OIDC_CLIENT_SECRET) return undefined;
  return {
    issuer: new URL(config.OIDC_ISSUER),
    clientId: config.OIDC_CLIENT_ID,
    clientSecret: config.OIDC_CLIENT_SECRET,
    redirectUrl: new URL(oidcRedirectUrl(config)),
    scope: config.OIDC_SCOPES,
    claims: { userId: config.OIDC_USER_ID_CLAIM, name: config.OIDC_NAME_CLAIM, roles: config.OIDC_ROLES_CLAIM, provider: config.OIDC_PROVIDER_CLAIM },
    roleMap: config.OIDC_ROLE_MAP ?? new Map(),
  };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const PROVIDER_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/;
const MAX_USER_ID = 128;
const MAX_NAME = 200;

// ---------------------------------------------------------------------------------------------
// Claims → user

/** The value of a claim by name; a dotted name reaches into objects when no claim has that exact name. */
export function claimValue(claims: Record<string, unknown>, name: string): unknown {
  if (name in claims) return claims[name];
  let value: unknown = claims;
  for (const part of name.split('.')) {
    if (value === null || typeof value !== 'object' || !(part in value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

export type ClaimsRefusal = { ok: false; reason: 'NO_USER_ID' | 'NO_ROLE' | 'NO_PROVIDER' | 'BAD_PROVIDER'; message: string };

/**
 * The jeugdflow user the claims describe, or a refusal with a Dutch message. Role values not in the map
 * are ignored (identity providers send unrelated groups too); when none maps to a jeugdflow role the
 * person is refused, and an `aanbieder` without a valid provider code is refused.
 */
export function userFromClaims(claims: Record<string, unknown>, settings: Pick<OidcSettings, 'claims' | 'roleMap'>): { ok: true; user: User } | ClaimsRefusal {
  const names = settings.claims;
  const rawId = claimValue(claims, names.userId) ?? claims.sub;
  const id = typeof rawId === 'string' ? rawId.trim().toLowerCase() : '';
  if (!id || id.length > MAX_USER_ID || /[\s\p{C}]/u.test(id)) {
    return { ok: false, reason: 'NO_USER_ID', message: `Uw organisatieaccount geeft geen bruikbare gebruikersnaam door (claim ${names.userId}). Vraag uw beheerder dit na te kijken.` };
  }
  const rawRoles = claimValue(claims, names.roles);
  const values = typeof rawRoles === 'string' ? [rawRoles] : Array.isArray(rawRoles) ? rawRoles.filter((v): v is string => typeof v === 'string') : [];
  const roles: Role[] = [];
  for (const value of values) {
    const role = settings.roleMap.size > 0 ? settings.roleMap.get(value) : (ROLES as readonly string[]).includes(value) ? (value as Role) : undefined;
    if (role && !roles.includes(role)) roles.push(role);
  }
  if (roles.length === 0) {
    const why = rawRoles === undefined ? `de claim ${names.roles} ontbreekt` : `de claim ${names.roles} bevat geen bekende jeugdflow-rol`;
    return {
      ok: false,
      reason: 'NO_ROLE',
      message: `U bent aangemeld bij uw organisatie, maar uw account heeft geen rol in jeugdflow: ${why}. Vraag uw beheerder u een jeugdflow-rol te geven.`,
    };
  }
  const rawProvider = claimValue(claims, names.provider);
  const provider = typeof rawProvider === 'string' ? rawProvider.trim() : undefined;
  if (provider !== undefined && provider !== '' && !PROVIDER_CODE.test(provider)) {
    return { ok: false, reason: 'BAD_PROVIDER', message: `De code van uw zorgaanbieder (claim ${names.provider}) is ongeldig: 2–64 letters, cijfers, . _ of -. Vraag uw beheerder dit na te kijken.` };
  }
  if (roles.includes('aanbieder') && !provider) {
    return {
      ok: false,
      reason: 'NO_PROVIDER',
      message: `Uw account heeft de rol aanbieder, maar niet de code van uw zorgaanbieder (claim ${names.provider}). Zonder die code kunt u niet inloggen; vraag uw beheerder deze toe te voegen.`,
    };
  }
  const rawName = claimValue(claims, names.name);
  const name = (typeof rawName === 'string' && rawName.trim() ? rawName.trim() : id).slice(0, MAX_NAME);
  return { ok: true, user: { id, name, roles, ...(provider ? { provider } : {}) } };
}

// ---------------------------------------------------------------------------------------------
// The sealed transaction cookie

interface Transaction {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
  expiresAt: number;
}

function cookieKey(settings: OidcSettings): Buffer {
  return Buffer.from(hkdfSync('sha256', settings.clientSecret, `jeugdflow:${settings.clientId}`, 'oidc transaction cookie', 32));
}

export function sealTransaction(key: Buffer, tx: Transaction): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(tx), 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
}

export function openTransaction(key: Buffer, sealed: string | undefined, now: number): Transaction | undefined {
  if (!sealed || sealed.length > 4096) return undefined;
  const parts = sealed.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const [iv, tag, body] = parts.map((p) => Buffer.from(p, 'base64url')) as [Buffer, Buffer, Buffer];
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAuthTag(tag);
    const tx = JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')) as Transaction;
    if (typeof tx.expiresAt !== 'number' || tx.expiresAt <= now) return undefined;
    if (![tx.state, tx.nonce, tx.verifier, tx.next].every((v) => typeof v === 'string')) return undefined;
    return tx;
  } catch {
    return undefined;
  }
}

/** Only a path on this site may be the target after log-in (no scheme, no host, no //). */
function safePath(next: unknown): string {
  return typeof next === 'string' && next.length <= 2000 && /^\/(?![/\\])[^\s]*$/.test(next) && !next.startsWith('/inloggen') && !next.startsWith('/auth/') ? next : '/mijn-werk';
}

// ---------------------------------------------------------------------------------------------
// Routes

/** Plain http is accepted only for an identity provider on this machine (development, tests). */
export function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && LOOPBACK.has(url.hostname);
}

const expired = () =>
  new HttpError({ code: 'BAD_REQUEST', message: 'Uw inlogpoging is verlopen of niet (meer) geldig. Begin opnieuw.', field: 'state' });

export async function oidcRoutes(app: FastifyInstance, opts: { settings: OidcSettings; ctx: ApiContext; now?: () => number }): Promise<void> {
  const { settings, ctx } = opts;
  const now = opts.now ?? Date.now;
  const key = cookieKey(settings);
  const ttl = settings.transactionMs ?? 10 * 60_000;
  // Like the session cookie: Secure (browsers accept it on http://localhost too), and Lax so the
  // identity provider's top-level redirect back brings it along.
  const cookieOptions = { path: '/auth/oidc', httpOnly: true, secure: true, sameSite: 'lax' as const };

  // Discovered at the first log-in, not at start-up: the console starts when the identity provider is
  // briefly down, and a failed discovery is tried again at the next log-in.
  let discovered: Promise<client.Configuration> | undefined;
  const configuration = () =>
    (discovered ??= client
      .discovery(settings.issuer, settings.clientId, settings.clientSecret, undefined, isLoopbackHttp(settings.issuer) ? { execute: [client.allowInsecureRequests] } : {})
      .catch((err: unknown) => {
        discovered = undefined;
        throw err;
      }));

  /** A refused sign-in: on the console's log-in page when there is one, else the JSON error. */
  const refuse = (request: FastifyRequest, reply: FastifyReply, err: HttpError) => {
    if (ctx.loginRefused) return ctx.loginRefused(request, reply, err);
    throw err;
  };

  const unreachable = (request: FastifyRequest, reply: FastifyReply, err: unknown) => {
    request.log.error({ err, issuer: settings.issuer.origin }, 'oidc: identity provider unreachable or answered wrongly');
    return refuse(request, reply, new HttpError({ code: 'INTERNAL', message: 'De inlogdienst van uw organisatie is nu niet bereikbaar. Probeer het later opnieuw.' }));
  };

  app.get(OIDC_LOGIN_PATH, async (request: FastifyRequest, reply: FastifyReply) => {
    let config: client.Configuration;
    try {
      config = await configuration();
    } catch (err) {
      return unreachable(request, reply, err);
    }
    const tx: Transaction = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      verifier: client.randomPKCECodeVerifier(),
      next: safePath((request.query as Record<string, unknown> | undefined)?.terug),
      expiresAt: now() + ttl,
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: settings.redirectUrl.href,
      scope: settings.scope,
      state: tx.state,
      nonce: tx.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(tx.verifier),
      code_challenge_method: 'S256',
    });
    void reply.setCookie(OIDC_COOKIE, sealTransaction(key, tx), { ...cookieOptions, maxAge: Math.ceil(ttl / 1000) });
    return reply.redirect(url.href, 303);
  });

  app.get(OIDC_CALLBACK_PATH, async (request: FastifyRequest, reply: FastifyReply) => {
    const tx = openTransaction(key, request.cookies[OIDC_COOKIE], now());
    void reply.clearCookie(OIDC_COOKIE, cookieOptions); // one use, whatever happens
    if (!tx) {
      request.log.info({ ip: request.ip }, 'oidc: callback without a valid transaction cookie');
      return refuse(request, reply, expired());
    }
    let config: client.Configuration;
    try {
      config = await configuration();
    } catch (err) {
      return unreachable(request, reply, err);
    }
    // The URL the identity provider redirected to, on our registered address (also behind a proxy).
    const current = new URL(settings.redirectUrl);
    current.search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: tx.verifier,
        expectedState: tx.state,
        expectedNonce: tx.nonce,
        idTokenExpected: true,
      });
    } catch (err) {
      if (err instanceof client.AuthorizationResponseError) {
        request.log.info({ ip: request.ip, error: err.error }, 'oidc: identity provider refused the log-in');
        return refuse(request, reply, new HttpError({ code: 'FORBIDDEN', message: 'Inloggen bij uw organisatie is afgebroken of geweigerd. Probeer het opnieuw.' }));
      }
      if (err instanceof client.ClientError || err instanceof client.ResponseBodyError) {
        // state, nonce, PKCE, issuer, audience or signature did not match: a forged or replayed callback.
        request.log.warn({ ip: request.ip, err: { name: err.name, code: (err as { code?: string }).code, message: err.message } }, 'oidc: callback refused');
        return refuse(request, reply, expired());
      }
      return unreachable(request, reply, err);
    }
    const idClaims: Record<string, unknown> = { ...tokens.claims() };
    let claims: Record<string, unknown> = { ...idClaims };
    if (config.serverMetadata().userinfo_endpoint && typeof idClaims.sub === 'string') {
      try {
        // ID-token claims win; userinfo adds what the provider sends only there (roles, often).
        claims = { ...(await client.fetchUserInfo(config, tokens.access_token, idClaims.sub)), ...idClaims };
      } catch (err) {
        request.log.warn({ err: { name: (err as Error).name, message: (err as Error).message } }, 'oidc: userinfo failed; using the ID token claims only');
      }
    }
    const result = userFromClaims(claims, settings);
    if (!result.ok) {
      request.log.info({ ip: request.ip, reason: result.reason, ...(typeof claims.sub === 'string' ? { sub: claims.sub } : {}) }, 'oidc: log-in refused');
      return refuse(request, reply, new HttpError({ code: 'FORBIDDEN', message: result.message }));
    }
    await ctx.logInAs(request, reply, result.user);
    return reply.redirect(tx.next, 303);
  });
}
