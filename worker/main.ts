// The worker: polls the task queue, runs the case workflow and the activities.
// Also the container command: `node --import tsx worker/main.ts` with TEMPORAL_ADDRESS set.
import { fileURLToPath } from 'node:url';
import { NativeConnection, Runtime, Worker, makeTelemetryFilterString } from '@temporalio/worker';
import type { Logger } from 'pino';
import { createActivities } from '../activities/index.ts';
import { loadConfig, type Config } from '../config/index.ts';
import { connectNative } from '../config/temporal.ts';
import { workflowsPath } from './bundle.ts';
import { createLogger } from './logger.ts';

export { workflowsPath } from './bundle.ts';

export interface RunWorkerOptions {
  config: Config;
  signal?: AbortSignal;
  logger?: Logger;
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
    activities: createActivities({ logger, config: opts.config }),
  });
}

/** Runs a worker until `signal` aborts; resolves after a clean shutdown. */
export async function runWorker(opts: RunWorkerOptions): Promise<void> {
  const logger = opts.logger ?? createLogger(opts.config.LOG_LEVEL);
  installRuntime(logger);
  const connection = opts.connection ?? (await connectNative(opts.config));
  try {
    const worker = await createWorker({ ...opts, logger, connection });
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
  const config = loadConfig();
  const controller = new AbortController();
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => controller.abort());
  runWorker({ config, signal: controller.signal }).catch((err: unknown) => {
    console.error(`jeugdflow worker: ${(err as Error).message}`);
    process.exit(1);
  });
}
