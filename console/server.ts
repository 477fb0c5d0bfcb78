// `npm start` calls startConsole: the console and the HTTP API on CONSOLE_PORT, reachable at CONSOLE_URL.
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { deploymentSettingsOf, type Config } from '../config/index.ts';
import { oidcSettingsFromConfig } from '../api/oidc.ts';
import type { KeyRing } from '../security/index.ts';
import { loadUsers, type UserDirectory } from '../api/users.ts';
import { sharedStore, type Store } from '../store/index.ts';
import { createCaseKeys } from '../store/caseKeys.ts';
import { scheduleRetention } from '../operations/retention.ts';
import { buildConsole } from './app.ts';

export interface StartConsoleOptions {
  config: Config;
  client: Client;
  /** The key ring of `client`: unseals personal data for those who may see it, and serves the Web UI's codec endpoint. */
  keys: KeyRing;
  logger: Logger;
  signal?: AbortSignal;
  /** Users to log in with; default: <JEUGDFLOW_DATA_DIR>/users.json, else the demo users (localhost only). */
  users?: UserDirectory;
  /** Interface to listen on; default localhost when CONSOLE_URL is on localhost, else 0.0.0.0. */
  host?: string;
  /**
   * When `npm start` runs the embedded mail catcher: the directory it stores into (its `store`, i.e.
   * JEUGDFLOW_DATA_DIR; mail in <mailDir>/mail/). The console then shows the caught mail at /post.
   */
  mailDir?: string;
  /** Where sessions live; default the process's shared store for this configuration (DATABASE_URL or the data folder). */
  store?: Store;
}

export interface RunningConsole {
  url: string;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export async function startConsole(opts: StartConsoleOptions): Promise<RunningConsole> {
  const { config, logger } = opts;
  const oidc = oidcSettingsFromConfig(config);
  let users = opts.users;
  let demo = false;
  if (!users) {
    const loaded = loadUsers({ dataDir: config.JEUGDFLOW_DATA_DIR, consoleUrl: config.CONSOLE_URL, oidc: oidc !== undefined });
    users = loaded.users;
    demo = loaded.example;
    if (demo) logger.warn({ file: users.source }, 'console: demo users in use (config/users.example.json); create <JEUGDFLOW_DATA_DIR>/users.json for real users');
  }
  if (oidc) logger.info({ issuer: oidc.issuer.origin, redirectUrl: oidc.redirectUrl.href }, 'console: OpenID Connect sign-in enabled');
  const store = opts.store ?? (await sharedStore(config));
  // Each new case's personal data gets its own data key in the store, deleted after the retention period.
  const caseKeys = createCaseKeys(store, opts.keys);
  const app = await buildConsole({
    ops: {
      client: opts.client,
      keys: opts.keys,
      caseKeys,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      namespace: config.TEMPORAL_NAMESPACE,
      calendar: { goedeVrijdag: config.CALENDAR_GOEDE_VRIJDAG, bevrijdingsdag: config.CALENDAR_BEVRIJDINGSDAG },
      approvalWorkingDays: config.APPROVAL_WAIT_WORKING_DAYS,
      settings: deploymentSettingsOf(config),
    },
    users,
    logger: logger.child({ component: 'console' }),
    publicUrl: config.CONSOLE_URL,
    ...(config.TRUST_PROXY ? { trustProxy: [...config.TRUST_PROXY] } : {}),
    ...(oidc ? { oidc } : {}),
    ...(config.TEMPORAL_UI_URL ? { temporalUiOrigin: config.TEMPORAL_UI_URL } : {}),
    store,
    demo,
    ...(opts.mailDir ? { mailDir: opts.mailDir } : {}),
  });
  const host = opts.host ?? (LOOPBACK.has(new URL(config.CONSOLE_URL).hostname) ? 'localhost' : '0.0.0.0');
  await app.listen({ port: config.CONSOLE_PORT, host });
  // AVG retention: at start and hourly, record closed cases and delete personal data past the period.
  const retention = scheduleRetention({ client: opts.client, caseKeys, retentionDays: config.JEUGDFLOW_RETENTION_DAYS, logger: logger.child({ component: 'retention' }) });
  let closed: Promise<void> | undefined;
  const close = () => (closed ??= retention.stop().then(() => app.close()));
  if (opts.signal) {
    if (opts.signal.aborted) await close();
    else opts.signal.addEventListener('abort', () => void close(), { once: true });
  }
  logger.info({ url: config.CONSOLE_URL }, 'console listening');
  return { url: config.CONSOLE_URL, close };
}
