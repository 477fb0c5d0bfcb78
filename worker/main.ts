// The worker: polls the task queue, runs the case workflow and the activities.
// Also the container command: `node --import tsx worker/main.ts` with TEMPORAL_ADDRESS set.
import { fileURLToPath } from 'node:url';
import { NativeConnection, Runtime, Worker, makeTelemetryFilterString } from '@temporalio/worker';
import type { Logger } from 'pino';
import { createActivities } from '../activities/index.ts';
import { keyRingOf, loadConfig, type Config } from '../config/index.ts';
import { jeugdflowDataConverter, type KeyRing } from '../security/index.ts';
import { connectNative } from '../config/temporal.ts';
import { closeSharedStores, sharedStore } from '../store/index.ts';
import { bundlerOptions, workflowsPath } from './bundle.ts';
import { createLogger } from './logger.ts';

export { workflowsPath } from './bundle.ts';

export interface RunWorkerOptions {
  config: Config;
  signal?: AbortSignal;
  logger?: Logger;
  /** The encryption keys; default: from the config (JEUGDFLOW_KEYS, JEUGDFLOW_KEY_FILE, the data folder's key file). */
  keys?: KeyRing;
  /** Reuse a connection (tests); otherwise one is made from the config. */
  connection?: NativeConnection;
  /** Called once the worker polls. */
  onReady?: () => void;
}

let runtimeInstalled = false;
function installRuntime(logger: Logger): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  // The SDK's own INFO lines (bundle sizes, worker state changes) are debug detail here; the
  // workflow's and activities' own INFO lines (events applied, deadlines expired) stay info.
  const levelOf = (level: string, meta?: Record<string, unknown>): 'trace' | 'debug' | 'info' | 'warn' | 'error' =>
    level === 'WARN' ? 'warn' : level === 'ERROR' ? 'error' : level === 'TRACE' ? 'trace' : level === 'DEBUG' ? 'debug'
      : meta?.sdkComponent === 'workflow' || meta?.sdkComponent === 'activity' ? 'info' : 'debug';
  Runtime.install({
    logger: {
      log: (level, message, meta) => logger[levelOf(level, meta)]({ ...meta }, message),
      trace: (m, meta) => logger.trace({ ...meta }, m),
      debug: (m, meta) => logger.debug({ ...meta }, m),
      info: (m, meta) => logger.debug({ ...meta }, m),
      warn: (m, meta) => logger.warn({ ...meta }, m),
      error: (m, meta) => logger.error({ ...meta }, m),
    },
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
  });
}

export async function createWorker(opts: Omit<RunWorkerOptions, 'signal' | 'onReady'> & { connection: NativeConnection }): Promise<Worker> {
  const logger = opts.logger ?? createLogger(opts.config.LOG_LEVEL);
  return Worker.create({
    connection: opts.connection,
    namespace: opts.config.TEMPORAL_NAMESPACE,
    taskQueue: opts.config.TEMPORAL_TASK_QUEUE,
    workflowsPath,
    bundlerOptions,
    // Unset: the SDK's default, from the worker's memory. A cached case costs about 0.3 MB here (README).
    ...(opts.config.WORKER_MAX_CACHED_WORKFLOWS !== undefined ? { maxCachedWorkflows: opts.config.WORKER_MAX_CACHED_WORKFLOWS } : {}),
    dataConverter: jeugdflowDataConverter(opts.keys ?? keyRingOf(opts.config)),
    activities: createActivities({ logger, config: opts.config }),
  });
}

/** Runs a worker until `signal` aborts; resolves after a clean shutdown. */
export async function runWorker(opts: RunWorkerOptions): Promise<void> {
  const logger = opts.logger ?? createLogger(opts.config.LOG_LEVEL);
  const keys = opts.keys ?? keyRingOf(opts.config);
  installRuntime(logger);
  const connection = opts.connection ?? (await connectNative(opts.config));
  try {
    const worker = await createWorker({ ...opts, keys, logger, connection });
    const shutdown = () => worker.shutdown();
    if (opts.signal?.aborted) return;
    opts.signal?.addEventListener('abort', shutdown, { once: true });
    const running = worker.run();
    opts.onReady?.();
    logger.info({ taskQueue: opts.config.TEMPORAL_TASK_QUEUE, namespace: opts.config.TEMPORAL_NAMESPACE }, 'worker polling');
    await running;
    opts.signal?.removeEventListener('abort', shutdown);
  } finally {
    if (!opts.connection) await connection.close();
  }
}

// Run directly: `tsx worker/main.ts` (the container command).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  let config: Config;
  let keys: KeyRing;
  try {
    config = loadConfig();
    keys = keyRingOf(config);
  } catch (err) {
    // A bad setting or a missing / wrong key: one line, no stack trace.
    console.error(`jeugdflow worker: ${(err as Error).message}`);
    process.exit(2);
  }
  const controller = new AbortController();
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => controller.abort());
  // The shared store (mail outbox) first: a bad DATABASE_URL or a store in use stops the worker at once, in one line.
  sharedStore(config).then(
    () =>
      runWorker({ config, keys, signal: controller.signal })
        .then(() => closeSharedStores())
        .catch((err: unknown) => {
          console.error(`jeugdflow worker: ${(err as Error).message}`);
          process.exit(1);
        }),
    (err: unknown) => {
      console.error(`jeugdflow worker: the store (DATABASE_URL or the data folder's store): ${(err as Error).message}`);
      process.exit(2);
    },
  );
}
