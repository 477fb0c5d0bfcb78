// Configuration from the environment, checked with zod once at start-up. Every variable is optional;
// the defaults run everything locally (`npm start`). Keys are the environment variable names.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DEFAULT_TASK_QUEUE } from '../workflows/constants.ts';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_DATA_DIR = resolve(REPO_ROOT, 'data');
export const DEFAULT_SMTP_URL = 'smtp://127.0.0.1:1025';
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
  MAIL_FROM: { expected: "a sender address, e.g. 'Jeugdzorg Regio <noreply@regio.nl>'", schema: z.string().regex(/^[^@\s]*[^@]*\S@\S+$/).default(DEFAULT_MAIL_FROM) },
  LOG_LEVEL: { expected: `one of ${LOG_LEVELS.join(', ')}`, schema: z.enum(LOG_LEVELS).default('info') },
  CALENDAR_GOEDE_VRIJDAG: { expected: "'true', 'false', '1' or '0'", schema: bool.default(true) },
  CALENDAR_BEVRIJDINGSDAG: { expected: "'true', 'false', '1' or '0'", schema: bool.default(true) },
  APPROVAL_WAIT_WORKING_DAYS: {
    expected: 'an integer 1–60 (working days an approval may wait before the supervisor board shows it)',
    schema: z.string().regex(/^\d{1,2}$/).transform(Number).refine((n) => n >= 1 && n <= 60).default(2),
  },
} as const;

type Spec = typeof spec;
type Parsed = { [K in keyof Spec]: z.output<Spec[K]['schema']> };

const schema = z.object(Object.fromEntries(Object.entries(spec).map(([k, v]) => [k, v.schema])) as { [K in keyof Spec]: Spec[K]['schema'] });

export type Config = Readonly<
  Parsed & {
    /** Resolved: CONSOLE_URL, else http://localhost:CONSOLE_PORT. */
    CONSOLE_URL: string;
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
      const shown = key === 'TEMPORAL_API_KEY' ? '***' : raw[key]?.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
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
  return Object.freeze({
    ...parsed,
    CONSOLE_URL: parsed.CONSOLE_URL ?? `http://localhost:${parsed.CONSOLE_PORT}`,
  });
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
