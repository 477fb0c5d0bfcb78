// The Temporal the benchmark runs on: TEMPORAL_ADDRESS when set (reused, never stopped), otherwise
// a dev server of its own (headless, free port, SQLite in a temp dir, removed afterwards).
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client, Connection } from '@temporalio/client';
import { loadConfig, type Config } from '../config/index.ts';
import { registerSearchAttributes } from '../config/searchAttributes.ts';
import { connectClient } from '../config/temporal.ts';
import { newKeyLine } from '../security/index.ts';
import { freePort, startDevServer } from '../scripts/devServer.ts';
import { freeTemporalPortBlock, startTemporalStack } from '../scripts/temporalServer.ts';

export interface BenchServer {
  address: string;
  /** True when we started it (and will remove it). */
  own: boolean;
  /** Its process, when we started it (for CPU accounting). */
  pid?: number;
  config: Config;
  client: Client;
  connection: Connection;
  /** Environment for the worker children (TEMPORAL_ADDRESS pointing here). */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

export async function openServer(log: (line: string) => void, kind: 'dev' | 'cluster' = 'dev'): Promise<BenchServer> {
  const base = loadConfig();
  let address = base.TEMPORAL_ADDRESS;
  let stopServer = async () => {};
  let dir: string | undefined;
  let pid: number | undefined;
  if (kind === 'cluster') {
    // The production-shaped server of `npm run stack:cluster` (scripts/temporalServer.ts), in a temp dir.
    dir = await mkdtemp(join(tmpdir(), 'jeugdflow-bench-cluster-'));
    await chmod(dir, 0o755); // PostgreSQL runs as the postgres user when we are root
    const started = performance.now();
    const stack = await startTemporalStack({ dir, namespace: base.TEMPORAL_NAMESPACE, pgPort: await freePort(), ports: await freeTemporalPortBlock(), log });
    address = stack.address;
    pid = stack.temporal.pid;
    stopServer = () => stack.stop();
    log(`Temporal server with PostgreSQL ${address} up in ${((performance.now() - started) / 1000).toFixed(1)} s (state in ${dir})`);
  } else if (!address) {
    dir = await mkdtemp(join(tmpdir(), 'jeugdflow-bench-'));
    const started = performance.now();
    const dev = await startDevServer({ port: await freePort(), headless: true, dbFile: join(dir, 'temporal.db'), logFile: join(dir, 'dev-server.log') });
    address = dev.address;
    pid = dev.pid;
    stopServer = () => dev.stop();
    log(`dev server ${address} up in ${((performance.now() - started) / 1000).toFixed(1)} s (state in ${dir})`);
  } else {
    log(`reusing Temporal at ${address} (TEMPORAL_ADDRESS)`);
  }
  // A key of the run's own (workers are child processes: they read it from the environment too).
  const env = { ...process.env, JEUGDFLOW_KEYS: process.env.JEUGDFLOW_KEYS || newKeyLine(), TEMPORAL_ADDRESS: address, LOG_LEVEL: 'warn' };
  const config = loadConfig(env);
  const { client, connection } = await connectClient(config);
  await registerSearchAttributes(connection, config.TEMPORAL_NAMESPACE);
  return {
    address,
    own: dir !== undefined,
    ...(pid !== undefined ? { pid } : {}),
    config,
    client,
    connection,
    env,
    async stop() {
      await connection.close();
      await stopServer();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}
