// The Docker-free production stack's two servers, as child processes on this machine:
//   PostgreSQL (Debian's `postgresql` package) in a data folder of its own, run as a non-root user
//     (the `postgres` user when we are root), holding Temporal's persistence, its SQL visibility and
//     jeugdflow's own database — the same three databases as docker-compose.yml;
//   the Temporal server v1.29.1 (built by `node scripts/installToolchain.mjs --cluster`) on that
//     PostgreSQL, schema by temporal-sql-tool, configuration written here, ports on loopback only.
// Versions and settings come from scripts/stackVersions.mjs, like the compose file's.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { chown, mkdir, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Connection, isGrpcServiceError } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import { registerSearchAttributes } from '../config/searchAttributes.ts';
import { assertPortFree } from './devServer.ts';
import { findPostgresBin } from './postgres.ts';
import { POSTGRES_MIN_MAJOR, STACK_SETTINGS, TEMPORAL_SERVER_VERSION } from './stackVersions.mjs';
import { ToolchainError } from './toolchain.ts';
import { locateTemporalServer } from './toolchainPaths.mjs';

const run = promisify(execFile);

export class StackError extends Error {
  override name = 'StackError';
}

// ---------------------------------------------------------------- PostgreSQL

export interface ClusterPostgres {
  port: number;
  /** postgres://jeugdflow@127.0.0.1:<port>/jeugdflow — the shared jeugdflow store (DATABASE_URL). */
  jeugdflowUrl: string;
  dataDir: string;
  logFile: string;
  stop(): Promise<void>;
}

function postgresOwner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) {
    throw new StackError("jeugdflow: running as root, and PostgreSQL needs a non-root user: there is no 'postgres' user (apt-get install postgresql creates it)");
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** The PostgreSQL binaries, or a StackError saying what to install. */
export function requirePostgres(): string {
  const bin = findPostgresBin();
  if (!bin) {
    throw new StackError(
      `jeugdflow: the cluster stack needs PostgreSQL ${POSTGRES_MIN_MAJOR}+ on this machine: apt-get install postgresql (or set PG_BIN to the folder with initdb and pg_ctl)`,
    );
  }
  const out = spawnSync(join(bin, 'pg_ctl'), ['--version'], { encoding: 'utf8' });
  const major = Number(/(\d+)/.exec(out.stdout ?? '')?.[1] ?? 0);
  if (major < POSTGRES_MIN_MAJOR) throw new StackError(`jeugdflow: the cluster stack needs PostgreSQL ${POSTGRES_MIN_MAJOR}+, found ${out.stdout.trim()} in ${bin}`);
  return bin;
}

/**
 * Starts PostgreSQL on 127.0.0.1:port with its data in `dir`/data (initdb on first start; a second
 * start reuses the data). Trust authentication, loopback only. Creates the temporal and jeugdflow
 * roles and the jeugdflow database when missing (Temporal's databases are the SQL tool's job).
 */
export async function startClusterPostgres(opts: { dir: string; port: number }): Promise<ClusterPostgres> {
  const bin = requirePostgres();
  const owner = postgresOwner();
  const data = join(opts.dir, 'data');
  const logFile = join(opts.dir, 'postgresql.log');
  await mkdir(opts.dir, { recursive: true, mode: 0o700 });
  if (owner) await chown(opts.dir, owner.uid, owner.gid);
  const as = (cmd: string, args: string[]) =>
    owner ? run('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]) : run(join(bin, cmd), args);
  if (owner) {
    const probe = spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-w', opts.dir]);
    if (probe.status !== 0) throw new StackError(`jeugdflow: the postgres user cannot write ${opts.dir} (every folder above it must be searchable by postgres); choose another JEUGDFLOW_CLUSTER_DIR`);
  }
  await assertPortFree(opts.port, '127.0.0.1', 'CLUSTER_POSTGRES_PORT');
  const su = STACK_SETTINGS.temporalUser;
  try {
    if (!existsSync(join(data, 'PG_VERSION'))) {
      await as('initdb', ['-D', data, '-U', su, '--auth=trust', '-E', 'UTF8', '--locale=C']);
    }
    await as('pg_ctl', [
      '-D', data, '-l', logFile, '-w', '-t', '60',
      '-o', `-p ${opts.port} -k ${opts.dir} -c listen_addresses=127.0.0.1 -c max_connections=200`,
      'start',
    ]);
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new StackError(`jeugdflow: PostgreSQL did not start (${e.stderr?.trim() || e.message}); see ${logFile}`);
  }
  const stop = async () => {
    await as('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '30', 'stop']).catch(() => undefined);
  };
  try {
    const psql = (sql: string) => as('psql', ['-h', '127.0.0.1', '-p', String(opts.port), '-U', su, '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-qtAc', sql]);
    const { jeugdflowUser: ju, jeugdflowDatabase: jd } = STACK_SETTINGS;
    if (!(await psql(`SELECT 1 FROM pg_roles WHERE rolname = '${ju}'`)).stdout.trim()) await psql(`CREATE ROLE ${ju} LOGIN`);
    if (!(await psql(`SELECT 1 FROM pg_database WHERE datname = '${jd}'`)).stdout.trim()) await psql(`CREATE DATABASE ${jd} OWNER ${ju}`);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    port: opts.port,
    jeugdflowUrl: `postgres://${STACK_SETTINGS.jeugdflowUser}@127.0.0.1:${opts.port}/${STACK_SETTINGS.jeugdflowDatabase}`,
    dataDir: data,
    logFile,
    stop,
  };
}

// ---------------------------------------------------------------- Temporal schema and config

export function requireTemporalServer(): { server: string; sqlTool: string; schemaDir: string } {
  const found = locateTemporalServer();
  if ('error' in found) throw new ToolchainError(found.error);
  return found;
}

/** temporal-sql-tool, as docker-compose.yml's temporal-schema service runs it: create, setup-schema -v 0.0, update-schema. */
export async function setupTemporalSchema(opts: { sqlTool: string; schemaDir: string; pgPort: number; logFile: string }): Promise<void> {
  const s = STACK_SETTINGS;
  const base = ['--plugin', s.sqlPlugin, '--ep', '127.0.0.1', '-p', String(opts.pgPort), '-u', s.temporalUser];
  const tool = async (db: string, args: string[], tolerate = false) => {
    const res = spawnSync(opts.sqlTool, [...base, '--db', db, ...args], { encoding: 'utf8' });
    await writeFile(opts.logFile, `$ temporal-sql-tool --db ${db} ${args.join(' ')}\n${res.stdout}${res.stderr}\n`, { flag: 'a' });
    if (res.status !== 0 && !tolerate) throw new StackError(`jeugdflow: temporal-sql-tool --db ${db} ${args[0]} failed; see ${opts.logFile}`);
  };
  for (const [db, folder] of [[s.temporalDatabase, 'temporal'], [s.visibilityDatabase, 'visibility']] as const) {
    await tool(db, ['create'], true); // "already exists" on a second start
    await tool(db, ['setup-schema', '-v', '0.0']); // a no-op when the schema version table exists
    await tool(db, ['update-schema', '-d', join(opts.schemaDir, folder, 'versioned')]);
  }
}

export interface TemporalPorts {
  frontend: number;
  frontendHttp: number;
  history: number;
  matching: number;
  worker: number;
  /** Membership ports, one per service. */
  membership: [number, number, number, number];
}

/** The default ports: the frontend on 7233 like the dev server and compose, the rest as in Temporal's sample configs. */
export const DEFAULT_TEMPORAL_PORTS: TemporalPorts = {
  frontend: 7233,
  frontendHttp: 7243,
  history: 7234,
  matching: 7235,
  worker: 7239,
  membership: [6933, 6934, 6935, 6939],
};

/** Membership ports are stored in a PostgreSQL smallint (cluster_membership.rpc_port). */
export const MAX_MEMBERSHIP_PORT = 32_767;

/** Ten consecutive ports from `base` (the frontend on base), for a second stack or a test. */
export function temporalPortsFrom(base: number): TemporalPorts {
  return { frontend: base, frontendHttp: base + 1, history: base + 2, matching: base + 3, worker: base + 4, membership: [base + 5, base + 6, base + 7, base + 8] };
}

/** A block of ten free loopback ports below MAX_MEMBERSHIP_PORT (for tests and benchmarks). */
export async function freeTemporalPortBlock(): Promise<TemporalPorts> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * (MAX_MEMBERSHIP_PORT - 20_010));
    try {
      for (let p = base; p < base + 10; p++) await assertPortFree(p, '127.0.0.1');
      return temporalPortsFrom(base);
    } catch {
      /* taken: another block */
    }
  }
}

export function serverConfigYaml(opts: { pgPort: number; ports: TemporalPorts }): string {
  const s = STACK_SETTINGS;
  const p = opts.ports;
  const store = (db: string, conns: number) => `      sql:
        pluginName: "${s.sqlPlugin}"
        databaseName: "${db}"
        connectAddr: "127.0.0.1:${opts.pgPort}"
        connectProtocol: "tcp"
        user: "${s.temporalUser}"
        password: ""
        maxConns: ${conns}
        maxIdleConns: ${conns}
        maxConnLifetime: "1h"`;
  const service = (grpc: number, membership: number, http?: number) => `    rpc:
      grpcPort: ${grpc}
      membershipPort: ${membership}
      bindOnLocalHost: true${http ? `\n      httpPort: ${http}` : ''}`;
  return `# Written by jeugdflow's scripts/temporalServer.ts (versions and settings: scripts/stackVersions.mjs).
log:
  stdout: true
  level: warn
persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: ${s.numHistoryShards}
  datastores:
    postgres-default:
${store(s.temporalDatabase, 20)}
    postgres-visibility:
${store(s.visibilityDatabase, 10)}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"
services:
  frontend:
${service(p.frontend, p.membership[0], p.frontendHttp)}
  history:
${service(p.history, p.membership[1])}
  matching:
${service(p.matching, p.membership[2])}
  worker:
${service(p.worker, p.membership[3])}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: "127.0.0.1:${p.frontend}"
dcRedirectionPolicy:
  policy: "noop"
`;
}

// ---------------------------------------------------------------- Temporal server process

export interface ClusterTemporal {
  address: string;
  logFile: string;
  pid: number;
  /** SIGTERM (SIGKILL after 15 s); resolves when the process is gone. */
  stop(): Promise<void>;
  /** kill -9. */
  kill(): Promise<void>;
}

function tail(file: string, lines = 15): string {
  try {
    return `\n${readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')}`;
  } catch {
    return '';
  }
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Starts the server from `root`/config/cluster.yaml and waits until the frontend answers. */
export async function startTemporalProcess(opts: { server: string; root: string; ports: TemporalPorts; logFile: string; startTimeoutMs?: number }): Promise<ClusterTemporal> {
  const address = `127.0.0.1:${opts.ports.frontend}`;
  for (const port of [opts.ports.frontend, opts.ports.history, opts.ports.matching, opts.ports.worker]) await assertPortFree(port, '127.0.0.1');
  const fd = openSync(opts.logFile, 'a');
  let child: ChildProcess;
  try {
    // The server reads TEMPORAL_* settings from the environment; ours are client settings.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TEMPORAL_')));
    child = spawn(opts.server, ['--root', opts.root, '--config', 'config', '--env', 'cluster', '--allow-no-auth', 'start'], { stdio: ['ignore', fd, fd], env, detached: true });
  } finally {
    closeSync(fd);
  }
  const pid = child.pid!;
  const onParentExit = () => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  };
  process.once('exit', onParentExit);
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      /* gone */
    }
  };
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      signal('SIGTERM');
      if (!(await waitForExit(child, 15_000))) {
        signal('SIGKILL');
        await waitForExit(child, 5_000);
      }
      process.removeListener('exit', onParentExit);
    })());
  const kill = () =>
    (stopping ??= (async () => {
      signal('SIGKILL');
      await waitForExit(child, 10_000);
      process.removeListener('exit', onParentExit);
    })());

  const deadline = Date.now() + (opts.startTimeoutMs ?? 120_000);
  let last: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new StackError(`jeugdflow: the Temporal server exited (${child.exitCode ?? child.signalCode}); see ${opts.logFile}${tail(opts.logFile)}`);
    }
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address, connectTimeout: '1s' });
      await connection.workflowService.getSystemInfo({});
      return { address, logFile: opts.logFile, pid, stop, kill };
    } catch (err) {
      last = err;
    } finally {
      await connection?.close().catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new StackError(`jeugdflow: the Temporal server did not answer on ${address} (${(last as Error)?.message}); see ${opts.logFile}${tail(opts.logFile)}`);
}

/** Creates the namespace (retention from stackVersions.mjs, as compose's temporal-namespace) and registers jeugdflow's search attributes. */
export async function prepareNamespace(address: string, namespace: string): Promise<{ created: boolean; added: string[] }> {
  const connection = await Connection.connect({ address });
  try {
    let created = false;
    try {
      await connection.workflowService.describeNamespace({ namespace });
    } catch (err) {
      if (!(isGrpcServiceError(err) && err.code === 5)) throw err;
      const days = Number(/^(\d+)d$/.exec(STACK_SETTINGS.namespaceRetention)?.[1]);
      try {
        await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(`${days} days`) });
        created = true;
      } catch (e) {
        if (!(isGrpcServiceError(e) && e.code === 6)) throw e;
      }
    }
    // A new namespace reaches every frontend's cache after a moment.
    for (let i = 0; ; i++) {
      try {
        await connection.workflowService.describeNamespace({ namespace });
        break;
      } catch (err) {
        if (i > 60) throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    // …and the operator service's a moment later still ("Namespace … is not found").
    for (let i = 0; ; i++) {
      try {
        const { added } = await registerSearchAttributes(connection, namespace, { timeoutMs: 60_000 });
        return { created, added };
      } catch (err) {
        if (!(isGrpcServiceError(err) && err.code === 5) || i > 60) throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  } finally {
    await connection.close();
  }
}

export interface TemporalStack {
  postgres: ClusterPostgres;
  /** The running server (replaced by restart()). */
  temporal: ClusterTemporal;
  address: string;
  namespace: string;
  /** Stops the server (SIGTERM, or kill -9 for 'crash') and starts it again on the same database and ports. */
  restart(how?: 'graceful' | 'crash', downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** PostgreSQL, the schema, the server and the namespace, in `dir`. */
export async function startTemporalStack(opts: {
  dir: string;
  namespace: string;
  pgPort: number;
  ports: TemporalPorts;
  log?: (line: string) => void;
}): Promise<TemporalStack> {
  const log = opts.log ?? (() => undefined);
  const tools = requireTemporalServer();
  requirePostgres();
  // The SQL schema keeps membership ports in a smallint: above 32767 the server dies at start-up.
  if (opts.ports.membership.some((p) => p > MAX_MEMBERSHIP_PORT)) {
    throw new StackError(`jeugdflow: Temporal's membership ports must be at most ${MAX_MEMBERSHIP_PORT} (a smallint in its SQL schema); got ${opts.ports.membership.join(', ')} (CLUSTER_TEMPORAL_PORT)`);
  }
  await mkdir(join(opts.dir, 'temporal', 'config'), { recursive: true });
  log(`starting PostgreSQL on 127.0.0.1:${opts.pgPort} (${join(opts.dir, 'postgresql')})…`);
  const postgres = await startClusterPostgres({ dir: join(opts.dir, 'postgresql'), port: opts.pgPort });
  try {
    log(`Temporal schema (temporal-sql-tool ${TEMPORAL_SERVER_VERSION})…`);
    await setupTemporalSchema({ ...tools, pgPort: opts.pgPort, logFile: join(opts.dir, 'temporal', 'schema.log') });
    await writeFile(join(opts.dir, 'temporal', 'config', 'cluster.yaml'), serverConfigYaml({ pgPort: opts.pgPort, ports: opts.ports }));
    const start = () => startTemporalProcess({ server: tools.server, root: join(opts.dir, 'temporal'), ports: opts.ports, logFile: join(opts.dir, 'temporal', 'server.log') });
    log(`starting the Temporal server v${TEMPORAL_SERVER_VERSION} on 127.0.0.1:${opts.ports.frontend}…`);
    const stack: TemporalStack = {
      postgres,
      temporal: await start(),
      address: `127.0.0.1:${opts.ports.frontend}`,
      namespace: opts.namespace,
      async restart(how = 'graceful', downMs = 1000) {
        await (how === 'crash' ? stack.temporal.kill() : stack.temporal.stop());
        await new Promise((r) => setTimeout(r, downMs));
        stack.temporal = await start();
      },
      async stop() {
        await stack.temporal.stop();
        await postgres.stop();
      },
    };
    const { created, added } = await prepareNamespace(stack.address, opts.namespace);
    if (created) log(`created namespace ${opts.namespace} (retention ${STACK_SETTINGS.namespaceRetention})`);
    if (added.length) log(`registered search attributes ${added.join(', ')}`);
    return stack;
  } catch (err) {
    await postgres.stop();
    throw err;
  }
}
