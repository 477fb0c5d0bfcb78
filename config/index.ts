// Configuration from the environment, checked with zod once at start-up. Every variable is optional;
// the defaults run everything locally (`npm start`). Keys are the environment variable names.
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { DeploymentSettings } from '../machines/types.ts';
import { DEFAULT_CONTACT_TERM_DAYS, ZBT_CONTACT_TERM_DAYS_MAX, ZBT_CONTACT_TERM_DAYS_MIN } from '../machines/zbtDisagreementMachine.ts';
import { ROLES, type Role } from '../machines/types.ts';
import { DEFAULT_TASK_QUEUE } from '../workflows/constants.ts';
import { KeyRing, KeyRingError, keyListSchema, loadKeyRing } from '../security/keys.ts';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_DATA_DIR = resolve(REPO_ROOT, 'data');
export const DEFAULT_SMTP_URL = 'smtp://127.0.0.1:1025';
/**
 * Retention of a closed case's personal data (AVG art. 5(1)(e): no longer than needed). One year after
 * closing covers objection and appeal against the decisions in it (6 weeks plus proceedings) and the
 * yearly accountability of the contract; longer only by the commissioning body's own choice.
 */
export const DEFAULT_RETENTION_DAYS = 365;
/** 20 years: the longest retention the Jeugdwet knows (art. 7.3.8, the care provider's dossier). */
export const MAX_RETENTION_DAYS = 7300;
export const DEFAULT_MAIL_FROM = 'jeugdflow <noreply@jeugdflow.local>';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

// One entry per variable: what is expected (for the error message) and the zod schema of the raw string.
const port = z
  .string()
  .regex(/^\d{1,5}$/)
  .transform(Number)
  .refine((n) => n >= 1 && n <= 65535);
const bool = z
  .string()
  .transform((s) => s.toLowerCase())
  .pipe(z.enum(['true', 'false', '1', '0']))
  .transform((s) => s === 'true' || s === '1');
const nonBlank = z.string().regex(/\S/);
const path = nonBlank.transform((p) => resolve(p));
/** host:port, [ipv6]:port or a bare host (the SDK then uses port 7233). */
const hostPort = z.string().regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_.-]+)(:\d{1,5})?$/);
const url = (protocols: string[]) =>
  z.string().refine((s) => {
    try {
      return protocols.includes(new URL(s).protocol);
    } catch {
      return false;
    }
  });

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
/** https, or http only on this machine (a development identity provider). */
const secureUrl = z.string().refine((s) => {
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK_HOSTS.has(u.hostname));
  } catch {
    return false;
  }
});
/** A claim name, or a dotted path into nested claims (realm_access.roles). */
const claimName = z.string().regex(/^[^\s]{1,200}$/);
/** The proxies whose X-Forwarded-For is believed: addresses, CIDR ranges or proxy-addr's named ranges. Never "everyone". */
const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const trustProxy = z
  .string()
  .transform((s) => s.split(',').map((p) => p.trim()).filter(Boolean))
  .refine(
    (parts) =>
      parts.length > 0 &&
      parts.every((p) => {
        if (PROXY_RANGES.has(p)) return true;
        const [ip, bits, ...rest] = p.split('/');
        if (rest.length > 0 || !ip) return false;
        const family = isIP(ip);
        if (family === 0) return false;
        if (bits === undefined) return true;
        return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
      }),
  );
/** Claim value → jeugdflow role, as a JSON object: {"jf-contractmanager":"contractmanager", …}. */
const roleMap = z
  .string()
  .transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not JSON' });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string().min(1).max(500), z.enum(ROLES)).refine((m) => Object.keys(m).length > 0))
  .transform((m) => new Map(Object.entries(m) as [string, Role][]) as ReadonlyMap<string, Role>);

const spec = {
  TEMPORAL_ADDRESS: { expected: 'host:port of a Temporal frontend, e.g. temporal:7233', schema: hostPort.optional() },
  TEMPORAL_NAMESPACE: { expected: 'a namespace name (letters, digits, . _ -)', schema: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/).default('default') },
  TEMPORAL_TLS: { expected: "'true', 'false', '1' or '0'", schema: bool.optional() },
  TEMPORAL_TLS_CERT_PATH: { expected: 'a file path', schema: path.optional() },
  TEMPORAL_TLS_KEY_PATH: { expected: 'a file path', schema: path.optional() },
  TEMPORAL_TLS_CA_PATH: { expected: 'a file path', schema: path.optional() },
  TEMPORAL_TLS_SERVER_NAME: { expected: 'a host name', schema: z.string().regex(/^[A-Za-z0-9.-]+$/).optional() },
  TEMPORAL_API_KEY: { expected: 'a non-empty API key', schema: nonBlank.optional() },
  TEMPORAL_TASK_QUEUE: { expected: 'a task queue name without spaces', schema: z.string().regex(/^\S+$/).default(DEFAULT_TASK_QUEUE) },
  JEUGDFLOW_DATA_DIR: { expected: 'a directory path', schema: path.default(DEFAULT_DATA_DIR) },
  DATABASE_URL: {
    expected: 'a postgres:// or postgresql:// URL of the jeugdflow database, e.g. postgres://jeugdflow:secret@db:5432/jeugdflow (unset: the embedded store in <JEUGDFLOW_DATA_DIR>/store)',
    schema: url(['postgres:', 'postgresql:']).optional(),
  },
  JEUGDFLOW_DIRECTORY: { expected: 'a file path (users, roles and provider contacts for mail, JSON)', schema: path.optional() },
  TEMPORAL_DEV_PORT: { expected: 'an integer 1–65535', schema: port.default(7233) },
  TEMPORAL_UI_PORT: { expected: 'an integer 1–65535', schema: port.default(8233) },
  CONSOLE_PORT: { expected: 'an integer 1–65535', schema: port.default(3000) },
  CONSOLE_URL: { expected: 'an http(s) URL, e.g. https://jeugdflow.example.nl', schema: url(['http:', 'https:']).optional() },
  SMTP_URL: { expected: 'an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.nl:587', schema: url(['smtp:', 'smtps:']).default(DEFAULT_SMTP_URL) },
  MAIL_API_URL: {
    expected: "the http(s) URL of a Mailpit-shaped API of the receiving mail server, e.g. http://mailpit:8025 (asked whether a mail arrived before a crashed send is repeated; unset: a plain relay, it may go twice with the same Message-ID)",
    schema: url(['http:', 'https:']).optional(),
  },
  MAIL_FROM: { expected: "a sender address, e.g. 'Jeugdzorg Regio <noreply@regio.nl>'", schema: z.string().regex(/^[^@\s]*[^@]*\S@\S+$/).default(DEFAULT_MAIL_FROM) },
  LOG_LEVEL: { expected: `one of ${LOG_LEVELS.join(', ')}`, schema: z.enum(LOG_LEVELS).default('info') },
  CALENDAR_GOEDE_VRIJDAG: { expected: "'true', 'false', '1' or '0'", schema: bool.default(true) },
  CALENDAR_BEVRIJDINGSDAG: { expected: "'true', 'false', '1' or '0'", schema: bool.default(true) },
  JEUGDFLOW_KEYS: {
    expected: 'comma-separated id:base64key entries, each key 32 bytes (e.g. `openssl rand -base64 32`), ids unique; the first encrypts',
    schema: keyListSchema.optional(),
  },
  JEUGDFLOW_KEY_FILE: { expected: 'a file path (a key file: id:base64key per line, the first encrypts)', schema: path.optional() },
  TEMPORAL_UI_URL: {
    expected: 'the http(s) origin of the Temporal Web UI that may call the console\'s codec endpoint, e.g. https://temporal.example.nl',
    schema: url(['http:', 'https:']).transform((s) => new URL(s).origin).optional(),
  },
  WORKER_MAX_CACHED_WORKFLOWS: {
    expected: 'an integer 2–1000000 (open cases a worker keeps in memory; each takes about 0.3 MB)',
    schema: z.string().regex(/^\d{1,7}$/).transform(Number).refine((n) => n >= 2 && n <= 1_000_000).optional(),
  },
  APPROVAL_WAIT_WORKING_DAYS: {
    expected: 'an integer 1–60 (working days an approval may wait before the supervisor board shows it)',
    schema: z.string().regex(/^\d{1,2}$/).transform(Number).refine((n) => n >= 1 && n <= 60).default(2),
  },
  JEUGDFLOW_RETENTION_DAYS: {
    expected: `an integer 1–${MAX_RETENTION_DAYS} (days after a case closed before its personal data is deleted, AVG)`,
    schema: z.string().regex(/^\d{1,4}$/).transform(Number).refine((n) => n >= 1 && n <= MAX_RETENTION_DAYS).default(DEFAULT_RETENTION_DAYS),
  },
  ZBT_CONTACT_TERM_DAYS: {
    expected: `an integer ${ZBT_CONTACT_TERM_DAYS_MIN}–${ZBT_CONTACT_TERM_DAYS_MAX} (calendar days within which a provider contacts the JB-team/ZBT, 002 §4.3 "binnen 2 dagen"; set by the commissioning body only)`,
    schema: z
      .string()
      .regex(/^\d{1,2}$/)
      .transform(Number)
      .refine((n) => n >= ZBT_CONTACT_TERM_DAYS_MIN && n <= ZBT_CONTACT_TERM_DAYS_MAX)
      .default(DEFAULT_CONTACT_TERM_DAYS),
  },
  TRUST_PROXY: {
    expected: 'the reverse proxies to believe X-Forwarded-For from: comma-separated addresses or CIDR ranges (e.g. 10.0.0.5,10.1.0.0/16) or loopback, linklocal, uniquelocal',
    schema: trustProxy.optional(),
  },
  OIDC_ISSUER: { expected: 'the https URL of the OpenID Connect issuer (http only on localhost)', schema: secureUrl.optional() },
  OIDC_CLIENT_ID: { expected: 'the client id registered at the identity provider', schema: z.string().regex(/^\S{1,500}$/).optional() },
  OIDC_CLIENT_SECRET: { expected: 'the client secret (at least 16 characters)', schema: z.string().min(16).max(2000).optional() },
  OIDC_REDIRECT_URL: {
    expected: 'the callback URL registered at the identity provider, ending in /auth/oidc/callback (default CONSOLE_URL/auth/oidc/callback)',
    schema: url(['http:', 'https:']).refine((s) => new URL(s).pathname === '/auth/oidc/callback' && !new URL(s).search).optional(),
  },
  OIDC_SCOPES: {
    expected: "space-separated scopes including 'openid', e.g. 'openid profile'",
    schema: z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/).refine((s) => s.split(' ').includes('openid')).default('openid profile'),
  },
  OIDC_USER_ID_CLAIM: { expected: 'a claim name (dots reach into nested claims)', schema: claimName.default('preferred_username') },
  OIDC_NAME_CLAIM: { expected: 'a claim name (dots reach into nested claims)', schema: claimName.default('name') },
  OIDC_ROLES_CLAIM: { expected: 'a claim name (dots reach into nested claims, e.g. realm_access.roles)', schema: claimName.default('roles') },
  OIDC_PROVIDER_CLAIM: { expected: 'a claim name (dots reach into nested claims)', schema: claimName.default('provider') },
  OIDC_ROLE_MAP: {
    expected: `a JSON object from claim value to jeugdflow role (${ROLES.join(', ')}), e.g. {"jf-contractmanager":"contractmanager"}`,
    schema: roleMap.optional(),
  },
} as const;

const SECRETS = new Set(['TEMPORAL_API_KEY', 'OIDC_CLIENT_SECRET']);
const OIDC_VARIABLES = ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URL', 'OIDC_SCOPES', 'OIDC_USER_ID_CLAIM', 'OIDC_NAME_CLAIM', 'OIDC_ROLES_CLAIM', 'OIDC_PROVIDER_CLAIM', 'OIDC_ROLE_MAP'] as const;

type Spec = typeof spec;
type Parsed = { [K in keyof Spec]: z.output<Spec[K]['schema']> };

const schema = z.object(Object.fromEntries(Object.entries(spec).map(([k, v]) => [k, v.schema])) as { [K in keyof Spec]: Spec[K]['schema'] });

export type Config = Readonly<
  Parsed & {
    /** Resolved: CONSOLE_URL, else http://localhost:CONSOLE_PORT. */
    CONSOLE_URL: string;
    /** Resolved: TEMPORAL_UI_URL, else (dev server) http://localhost:TEMPORAL_UI_PORT. */
    TEMPORAL_UI_URL: string | undefined;
  }
>;

export const CONFIG_VARIABLES = Object.keys(spec) as (keyof Spec)[];

/** Reads and validates the configuration; throws ConfigError naming the variable and what it expects. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Blank counts as unset (compose files and .env templates often carry `FOO=`).
  const raw: Record<string, string> = {};
  for (const key of CONFIG_VARIABLES) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') raw[key] = value.trim();
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const problems = [...new Set(result.error.issues.map((issue) => String(issue.path[0])))].map((key) => {
      const expected = spec[key as keyof Spec]?.expected ?? 'valid';
      const detail = key === 'JEUGDFLOW_KEYS' ? `: ${result.error.issues.find((i) => i.path[0] === key)?.message}` : '';
      if (key === 'JEUGDFLOW_KEYS') return `${key} must be ${expected}${detail}`;
      const shown = SECRETS.has(key) ? '***' : raw[key]?.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
      return `${key} must be ${expected} (got '${shown}')`;
    });
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const parsed = result.data as Parsed;
  if (!parsed.TEMPORAL_TLS_CERT_PATH !== !parsed.TEMPORAL_TLS_KEY_PATH) {
    const [set, missing] = parsed.TEMPORAL_TLS_CERT_PATH
      ? ['TEMPORAL_TLS_CERT_PATH', 'TEMPORAL_TLS_KEY_PATH']
      : ['TEMPORAL_TLS_KEY_PATH', 'TEMPORAL_TLS_CERT_PATH'];
    throw new ConfigError(`Invalid configuration: ${missing} must be set too when ${set} is set (mTLS needs both the certificate and its key)`);
  }
  if (parsed.TEMPORAL_DEV_PORT === parsed.TEMPORAL_UI_PORT) {
    throw new ConfigError(`Invalid configuration: TEMPORAL_UI_PORT must differ from TEMPORAL_DEV_PORT (both ${parsed.TEMPORAL_DEV_PORT})`);
  }
  if (parsed.OIDC_ISSUER === undefined) {
    const stray = OIDC_VARIABLES.filter((key) => raw[key] !== undefined);
    if (stray.length > 0) throw new ConfigError(`Invalid configuration: OIDC_ISSUER must be set too when ${stray.join(', ')} ${stray.length === 1 ? 'is' : 'are'} set (OpenID Connect sign-in)`);
  } else {
    const missing = (['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const).filter((key) => parsed[key] === undefined);
    if (missing.length > 0) throw new ConfigError(`Invalid configuration: ${missing.join(' and ')} must be set too when OIDC_ISSUER is set (OpenID Connect sign-in)`);
  }
  return Object.freeze({
    ...parsed,
    CONSOLE_URL: parsed.CONSOLE_URL ?? `http://localhost:${parsed.CONSOLE_PORT}`,
    TEMPORAL_UI_URL: parsed.TEMPORAL_UI_URL ?? (parsed.TEMPORAL_ADDRESS === undefined ? `http://localhost:${parsed.TEMPORAL_UI_PORT}` : undefined),
  });
}

/** The commissioning body's settings every new case starts with (through the start input, never from a user). */
export function deploymentSettingsOf(config: Config): DeploymentSettings {
  return { zbtContactTermDays: config.ZBT_CONTACT_TERM_DAYS };
}

/** OpenID Connect sign-in is configured (OIDC_ISSUER with its client id and secret). */
export function usesOidc(config: Config): boolean {
  return config.OIDC_ISSUER !== undefined;
}

/** The callback URL registered at the identity provider: OIDC_REDIRECT_URL, else CONSOLE_URL/auth/oidc/callback. */
export function oidcRedirectUrl(config: Config): string {
  return config.OIDC_REDIRECT_URL ?? new URL('/auth/oidc/callback', config.CONSOLE_URL).href;
}

/**
 * The encryption key ring: JEUGDFLOW_KEYS, else JEUGDFLOW_KEY_FILE, else <JEUGDFLOW_DATA_DIR>/jeugdflow.keys
 * (created by `npm start`). Missing or wrong: ConfigError, one line naming the setting, never the key.
 */
export function keyRingOf(config: Config): KeyRing {
  try {
    return loadKeyRing(config);
  } catch (err) {
    if (err instanceof KeyRingError) throw new ConfigError(err.message);
    throw err;
  }
}

/** True when jeugdflow runs its own dev server (no TEMPORAL_ADDRESS given). */
export function usesDevServer(config: Config): boolean {
  return config.TEMPORAL_ADDRESS === undefined;
}

/** The Temporal frontend to connect to: TEMPORAL_ADDRESS, else the local dev server. */
export function temporalAddress(config: Config): string {
  return config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.TEMPORAL_DEV_PORT}`;
}

/** TLS is on when asked for, when any TLS file or server name is given, or with an API key (Temporal Cloud). */
export function usesTls(config: Config): boolean {
  if (config.TEMPORAL_TLS !== undefined) return config.TEMPORAL_TLS;
  return Boolean(
    config.TEMPORAL_TLS_CERT_PATH || config.TEMPORAL_TLS_CA_PATH || config.TEMPORAL_TLS_SERVER_NAME || config.TEMPORAL_API_KEY,
  );
}
