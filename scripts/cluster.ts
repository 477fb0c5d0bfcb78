// `npm run stack:cluster`: the production-shaped stack of docker-compose.yml on this machine, without
// Docker — PostgreSQL (Debian package, own data folder, non-root), the Temporal server v1.29.1 with
// PostgreSQL persistence and SQL visibility, the namespace and jeugdflow's search attributes, two
// jeugdflow workers and two consoles (own processes, different ports) sharing one store (the
// `jeugdflow` database in that PostgreSQL) and one key ring, and the mail catcher. Ctrl-C stops all.
// The cluster test (test/cluster/) starts the same stack with startCluster().
//
// Settings (environment): JEUGDFLOW_CLUSTER_DIR (default <JEUGDFLOW_DATA_DIR>/cluster; must be reachable
// by the postgres user when run as root), CLUSTER_POSTGRES_PORT (5433), CLUSTER_TEMPORAL_PORT (7233; the other
// server ports follow: 7234/7235/7239 and 6933–6939 by default, else the next nine),
// CONSOLE_PORT (3000; the second console on CONSOLE_PORT+1), CLUSTER_SMTP_PORT (1025), CLUSTER_MAIL_API_PORT
// (8025, the catcher's Mailpit-shaped API the workers ask after a crash mid-send), TEMPORAL_NAMESPACE,
// TEMPORAL_TASK_QUEUE, JEUGDFLOW_KEYS / JEUGDFLOW_KEY_FILE (default: a key file made in the cluster folder).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../config/index.ts';
import { startMailCatcher, type MailCatcher } from '../mail/catcher.ts';
import { ensureDevKeyFile } from '../security/index.ts';
import { closeSharedStores, sharedStore } from '../store/index.ts';
import { STACK_SETTINGS } from './stackVersions.mjs';
import { SupervisedProcess, SupervisedProcessError } from './supervisedProcess.ts';
import { DEFAULT_TEMPORAL_PORTS, StackError, temporalPortsFrom, startTemporalStack, type TemporalPorts, type TemporalStack } from './temporalServer.ts';
import { ToolchainError } from './toolchain.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

/** A worker or console of the stack: killed (-9), stopped and started again (scripts/supervisedProcess.ts). */
export type StackProcess = SupervisedProcess;

export interface ClusterOptions {
  dir: string;
  namespace: string;
  taskQueue: string;
  pgPort: number;
  temporalPorts: TemporalPorts;
  consolePorts: [number, number];
  smtpPort: number;
  /** Port of the catcher's Mailpit-shaped API (MAIL_API_URL of the workers; default: a free one). */
  mailApiPort?: number;
  /** Environment for the workers and consoles (e.g. JEUGDFLOW_KEYS, LOG_LEVEL); the stack's own settings win. */
  env?: NodeJS.ProcessEnv;
  /** Child output: inherit (stack:cluster) or ignore (tests; stderr kept for start-up errors). */
  output?: 'inherit' | 'ignore';
  log?: (line: string) => void;
}

export interface Cluster {
  temporal: TemporalStack;
  databaseUrl: string;
  workers: StackProcess[];
  consoles: StackProcess[];
  consoleUrls: string[];
  mail: MailCatcher;
  mailDir: string;
  stop(): Promise<void>;
}

export async function startCluster(opts: ClusterOptions): Promise<Cluster> {
  const log = opts.log ?? (() => undefined);
  await mkdir(opts.dir, { recursive: true });
  const temporal = await startTemporalStack({ dir: opts.dir, namespace: opts.namespace, pgPort: opts.pgPort, ports: opts.temporalPorts, log });
  const started: StackProcess[] = [];
  let mail: MailCatcher | undefined;
  try {
    const databaseUrl = temporal.postgres.jeugdflowUrl;
    const mailDir = join(opts.dir, 'mail-catcher');
    // With its Mailpit-shaped API, so a worker that takes over a crashed send asks whether the mail arrived.
    mail = await startMailCatcher({ host: '127.0.0.1', port: opts.smtpPort, apiPort: opts.mailApiPort ?? 0, store: mailDir });
    log(`mail catcher on ${mail.url}, API ${mail.apiUrl}`);
    const base: NodeJS.ProcessEnv = {
      ...process.env,
      ...opts.env,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: opts.namespace,
      TEMPORAL_TASK_QUEUE: opts.taskQueue,
      DATABASE_URL: databaseUrl,
      SMTP_URL: mail.url,
      MAIL_API_URL: mail.apiUrl,
      JEUGDFLOW_DATA_DIR: opts.dir,
    };
    // One key ring for all: JEUGDFLOW_KEYS / JEUGDFLOW_KEY_FILE when given, else a key file of the cluster's own.
    if (!base.JEUGDFLOW_KEYS && !base.JEUGDFLOW_KEY_FILE) {
      const { file, created } = ensureDevKeyFile(opts.dir);
      if (created) log(`created the encryption key ${file} (back it up: without it the cases cannot be read)`);
      base.JEUGDFLOW_KEY_FILE = file;
    }
    // The store's migrations, once, before any worker or console uses it.
    await sharedStore(loadConfig(base));
    await closeSharedStores();

    const consoleUrls = opts.consolePorts.map((p) => `http://localhost:${p}`);
    const consoles = opts.consolePorts.map(
      (port, i) =>
        new SupervisedProcess({
          name: `console ${i + 1}`,
          script: join(root, 'scripts/consoleProcess.ts'),
          cwd: root,
          env: { ...base, CONSOLE_PORT: String(port), CONSOLE_URL: consoleUrls[i], JEUGDFLOW_MAIL_DIR: mailDir },
          readyOnIpc: true,
          output: opts.output ?? 'inherit',
        }),
    );
    const workers = Array.from(
      { length: STACK_SETTINGS.workerReplicas },
      (_, i) =>
        new SupervisedProcess({
          name: `worker ${i + 1}`,
          script: join(root, 'worker/main.ts'),
          cwd: root,
          env: { ...base, CONSOLE_URL: consoleUrls[0] },
          // worker/main.ts sends nothing: it is ready when it has not died in its first seconds.
          readyOnIpc: false,
          output: opts.output ?? 'inherit',
          // Temporal may be restarting: try again for a minute, and come back after a crash, like a process manager.
          restartOnExit: true,
          startAttempts: 30,
          retryDelayMs: 2000,
        }),
    );
    for (const p of [...workers, ...consoles]) {
      log(`starting ${p.name}…`);
      started.push(p);
    }
    await Promise.all(started.map((p) => p.start()));
    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        await Promise.all([...consoles, ...workers].map((p) => p.stop()));
        await mail?.close();
        await temporal.stop();
      })());
    return { temporal, databaseUrl, workers, consoles, consoleUrls, mail, mailDir, stop };
  } catch (err) {
    await Promise.all(started.map((p) => p.stop()));
    await mail?.close();
    await temporal.stop();
    throw err;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const say = (line: string) => console.log(`jeugdflow: ${line}`);
  let cluster: Cluster | undefined;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping the consoles, workers, mail catcher, Temporal server and PostgreSQL…');
    await cluster?.stop();
    say('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  try {
    const config = loadConfig();
    const consolePort = config.CONSOLE_PORT;
    cluster = await startCluster({
      dir: process.env.JEUGDFLOW_CLUSTER_DIR ?? join(config.JEUGDFLOW_DATA_DIR, 'cluster'),
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      pgPort: Number(process.env.CLUSTER_POSTGRES_PORT ?? 5433),
      temporalPorts: process.env.CLUSTER_TEMPORAL_PORT ? temporalPortsFrom(Number(process.env.CLUSTER_TEMPORAL_PORT)) : DEFAULT_TEMPORAL_PORTS,
      consolePorts: [consolePort, consolePort + 1],
      smtpPort: Number(process.env.CLUSTER_SMTP_PORT ?? STACK_SETTINGS.smtpPort),
      mailApiPort: Number(process.env.CLUSTER_MAIL_API_PORT ?? 8025),
      log: say,
    });
    if (stopping) await cluster.stop();
    const rows: [string, string][] = [
      ['Temporal (gRPC)', `${cluster.temporal.address}  namespace ${config.TEMPORAL_NAMESPACE}, task queue ${config.TEMPORAL_TASK_QUEUE}`],
      ['PostgreSQL', `127.0.0.1:${cluster.temporal.postgres.port}  data ${cluster.temporal.postgres.dataDir}`],
      ['Store', cluster.databaseUrl],
      ['Workers', cluster.workers.map((w) => `pid ${w.pid}`).join(', ')],
      ['Consoles', cluster.consoleUrls.join('  ')],
      ['Mail (SMTP)', `${cluster.mail.url}  caught, shown in the consoles under Post; API ${cluster.mail.apiUrl}`],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    console.log(`\njeugdflow cluster is running\n${rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n')}\n\nStop with Ctrl-C.\n`);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    console.error(err instanceof ToolchainError || err instanceof StackError || err instanceof SupervisedProcessError ? message : err instanceof ConfigError ? `jeugdflow: ${message}` : `jeugdflow: ${message}`);
    await shutdown(1);
  }
}
