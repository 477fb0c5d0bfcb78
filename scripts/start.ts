// `npm start`: everything jeugdflow needs on one machine. Without TEMPORAL_ADDRESS it runs a Temporal
// dev server whose state lives in <data dir>/temporal.db (a second start resumes the same cases), then
// the worker in this process. With TEMPORAL_ADDRESS it only runs the worker against that cluster.
// The shared store (sessions, mail outbox) is PGlite in <data dir>/store, or PostgreSQL with DATABASE_URL;
// its migrations run here, before the console and the worker start.
// Ctrl-C / SIGTERM: the worker drains and stops, then the dev server, exit 0.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, keyRingOf, loadConfig, temporalAddress, usesDevServer, type Config } from '../config/index.ts';
import { ensureDevKeyFile, type KeyRing } from '../security/index.ts';
import { JEUGDFLOW_SEARCH_ATTRIBUTES, registerSearchAttributes } from '../config/searchAttributes.ts';
import { connectClient, connectTemporal } from '../config/temporal.ts';
import { startConsole, type RunningConsole } from '../console/server.ts';
import { startMailCatcher, type MailCatcher } from '../mail/catcher.ts';
import { importLegacyOutbox } from '../mail/outbox.ts';
import { closeSharedStores, sharedStore, type Store } from '../store/index.ts';
import { createLogger } from '../worker/logger.ts';
import { runWorker } from '../worker/main.ts';
import { startDevServer, type DevServer } from './devServer.ts';
import { ToolchainError } from './toolchain.ts';

const say = (line: string) => console.log(`jeugdflow: ${line}`);

async function ensureSearchAttributes(config: Config, managedCluster: boolean): Promise<void> {
  const connection = await connectTemporal(config);
  try {
    const { added } = await registerSearchAttributes(connection, config.TEMPORAL_NAMESPACE);
    if (added.length > 0) say(`registered search attributes ${added.join(', ')}`);
  } catch (err) {
    if (!managedCluster) throw err;
    // Managed clusters (Temporal Cloud, locked-down self-hosted) may refuse the operator service.
    const wanted = JEUGDFLOW_SEARCH_ATTRIBUTES.map((k) => `${k.name} (${k.type})`).join(', ');
    console.warn(
      `jeugdflow: warning: could not register search attributes (${(err as Error).message}); ` +
        `make sure namespace '${config.TEMPORAL_NAMESPACE}' has: ${wanted}`,
    );
  } finally {
    await connection.close();
  }
}

/** On the embedded default SMTP_URL (loopback), catch the mail locally; a real relay is used as is. */
function wantsMailCatcher(config: Config): { host: string; port: number } | undefined {
  const url = new URL(config.SMTP_URL);
  if (url.protocol !== 'smtp:' || !['127.0.0.1', 'localhost'].includes(url.hostname) || url.username) return undefined;
  return { host: '127.0.0.1', port: Number(url.port || 25) };
}

function printBanner(config: Config, dev: DevServer | undefined, web: RunningConsole | undefined, catcher: MailCatcher | undefined, store: Store | undefined): void {
  const rows: [string, string][] = [
    ['Temporal (gRPC)', `${temporalAddress(config)}  namespace ${config.TEMPORAL_NAMESPACE}, task queue ${config.TEMPORAL_TASK_QUEUE}`],
  ];
  if (dev?.uiUrl) rows.push(['Temporal Web UI', dev.uiUrl]);
  if (dev) rows.push(['Data', `${config.JEUGDFLOW_DATA_DIR} (temporal.db, server log ${dev.logFile})`]);
  if (store) rows.push(['Store', store.driver === 'pg' ? `PostgreSQL ${store.location}` : `PGlite (embedded, this process only) ${store.location}`]);
  if (web) rows.push(['Console', `${web.url}  (demo users: see config/users.example.json)`]);
  rows.push(['Mail (SMTP out)', catcher ? `${config.SMTP_URL}  caught locally, shown in the console under Post` : config.SMTP_URL]);
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\njeugdflow is running\n${rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n')}`);
  console.log('\nTry `npx jeugdflow status` in another terminal. Stop with Ctrl-C.\n');
}

async function main(): Promise<number> {
  let config: Config;
  let keys: KeyRing;
  try {
    config = loadConfig();
    // The dev server's cases are encrypted with a key of its own, made in the data folder on first
    // start; a cluster's workers share keys from JEUGDFLOW_KEYS / JEUGDFLOW_KEY_FILE instead.
    if (usesDevServer(config) && !config.JEUGDFLOW_KEYS && !config.JEUGDFLOW_KEY_FILE) {
      const { file, created } = ensureDevKeyFile(config.JEUGDFLOW_DATA_DIR);
      if (created) say(`created the encryption key ${file} (mode 0600; back it up: without it the cases in temporal.db cannot be read)`);
    }
    keys = keyRingOf(config);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`jeugdflow: ${err.message}`);
      return 2;
    }
    throw err;
  }

  const controller = new AbortController();
  let dev: DevServer | undefined;
  let web: RunningConsole | undefined;
  let catcher: MailCatcher | undefined;
  let store: Store | undefined;
  let closeClient: (() => Promise<void>) | undefined;
  let firstSignalAt = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    if (!controller.signal.aborted) {
      firstSignalAt = Date.now();
      say(`${sig}: stopping (Ctrl-C again to force)…`);
      controller.abort();
      return;
    }
    // One Ctrl-C can arrive more than once (the terminal signals the whole process group, and
    // npm / tsx relay it too): only a signal well after the first one means "force".
    if (Date.now() - firstSignalAt < 2_000) return;
    console.error('jeugdflow: stopping now');
    if (!dev) process.exit(130);
    void dev.stop().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    if (usesDevServer(config)) {
      await mkdir(config.JEUGDFLOW_DATA_DIR, { recursive: true });
      const dbFile = join(config.JEUGDFLOW_DATA_DIR, 'temporal.db');
      say(`starting the Temporal dev server (${dbFile})…`);
      dev = await startDevServer({
        dbFile,
        port: config.TEMPORAL_DEV_PORT,
        uiPort: config.TEMPORAL_UI_PORT,
        logFile: join(config.JEUGDFLOW_DATA_DIR, 'temporal-server.log'),
        // Own process group: Ctrl-C reaches only us, so the worker stops before its server does.
        ownProcessGroup: true,
        // The Web UI asks the console to decode payloads (signed-in supervisors only).
        uiCodecEndpoint: `${config.CONSOLE_URL}/codec`,
      });
    } else {
      say(`using the Temporal cluster at ${config.TEMPORAL_ADDRESS} (no dev server)`);
    }
    if (controller.signal.aborted) return 0;

    await ensureSearchAttributes(config, !dev);
    if (controller.signal.aborted) return 0;

    // Sessions and the mail outbox: console and worker of this process share one store.
    store = await sharedStore(config);
    const imported = await importLegacyOutbox(config.JEUGDFLOW_DATA_DIR, store);
    if (imported > 0) say(`moved ${imported} outbox records from ${config.JEUGDFLOW_DATA_DIR}/outbox into the store`);
    if (controller.signal.aborted) return 0;

    const catcherAt = wantsMailCatcher(config);
    if (catcherAt) catcher = await startMailCatcher({ ...catcherAt, store: config.JEUGDFLOW_DATA_DIR });

    const logger = createLogger(config.LOG_LEVEL);
    const { client, connection } = await connectClient(config, keys);
    closeClient = () => connection.close();
    web = await startConsole({ config, client, keys, logger, signal: controller.signal, ...(catcher ? { mailDir: config.JEUGDFLOW_DATA_DIR } : {}) });
    if (controller.signal.aborted) return 0;

    say(`starting the worker on task queue ${config.TEMPORAL_TASK_QUEUE}…`);
    await runWorker({ config, keys, logger, signal: controller.signal, onReady: () => printBanner(config, dev, web, catcher, store) });
    say('worker stopped');
    return 0;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    console.error(err instanceof ToolchainError || err instanceof ConfigError ? message : `jeugdflow: ${message}`);
    return 1;
  } finally {
    await web?.close();
    await closeClient?.();
    await catcher?.close();
    await closeSharedStores();
    if (dev) {
      say('stopping the Temporal dev server…');
      await dev.stop();
      say('stopped');
    }
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`jeugdflow: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
