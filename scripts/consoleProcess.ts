// One console (web UI + HTTP API) as a process of its own, for the cluster stack (scripts/cluster.ts):
// CONSOLE_PORT / CONSOLE_URL, TEMPORAL_ADDRESS, DATABASE_URL and the key ring from the environment.
// JEUGDFLOW_MAIL_DIR: the mail catcher's data folder, to show caught mail under Post.
// Sends 'ready' over IPC once it listens; SIGTERM / SIGINT close it.
import { ConfigError, keyRingOf, loadConfig } from '../config/index.ts';
import { connectClient } from '../config/temporal.ts';
import { startConsole } from '../console/server.ts';
import { closeSharedStores } from '../store/index.ts';
import { createLogger } from '../worker/logger.ts';

try {
  const config = loadConfig();
  const keys = keyRingOf(config);
  const logger = createLogger(config.LOG_LEVEL);
  const { client, connection } = await connectClient(config, keys);
  const controller = new AbortController();
  const mailDir = process.env.JEUGDFLOW_MAIL_DIR;
  const web = await startConsole({ config, client, keys, logger, signal: controller.signal, ...(mailDir ? { mailDir } : {}) });
  const stop = async () => {
    controller.abort();
    await web.close();
    await connection.close();
    await closeSharedStores();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  process.send?.('ready');
} catch (err) {
  console.error(`jeugdflow console: ${err instanceof ConfigError ? err.message : (err as Error).message}`);
  process.exit(err instanceof ConfigError ? 2 : 1);
}
