// Runs a Temporal dev server (`temporal server start-dev`) as a child process, for `npm start` and
// for the integration tests. Resolves once the server answers; stop() ends it (SIGTERM, SIGKILL after 10 s).
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Connection } from '@temporalio/client';
import { resolveTemporalCli } from './toolchain.ts';

export interface DevServerOptions {
  /** SQLite file that keeps workflows across restarts; omitted → in memory. */
  dbFile?: string;
  /** gRPC frontend port. */
  port: number;
  /** Web UI port (default port + 1000); ignored when headless. */
  uiPort?: number;
  headless?: boolean;
  /** Interface to bind (default 127.0.0.1). */
  ip?: string;
  /** Server output goes here (default: temporal-server.log next to dbFile, else in the temp dir). */
  logFile?: string;
  /** Created at start besides 'default'. */
  namespace?: string;
  /** The `temporal` binary (default: resolveTemporalCli()). */
  cliPath?: string;
  /** Own process group, so a terminal Ctrl-C reaches only us and we stop the server in order. */
  ownProcessGroup?: boolean;
  startTimeoutMs?: number;
  /** The Web UI decodes payloads through this remote codec endpoint (the console's /codec). */
  uiCodecEndpoint?: string;
}

export interface DevServer {
  /** host:port of the gRPC frontend. */
  address: string;
  /** Web UI, unless headless. */
  uiUrl: string | undefined;
  logFile: string;
  pid: number;
  /** SIGTERM, then SIGKILL after 10 s; resolves when the process is gone. Safe to call twice. */
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 10_000;

/** Fails with a clear message when something already listens on ip:port. */
export async function assertPortFree(port: number, ip: string, variable?: string): Promise<void> {
  await new Promise<void>((resolvePromise, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => {
      const what = variable ? ` (set ${variable} to use another)` : '';
      reject(
        new Error(
          err.code === 'EADDRINUSE'
            ? `Port ${port} on ${ip} is already in use — is another jeugdflow or Temporal server running?${what}`
            : `Cannot listen on ${ip}:${port}: ${err.message}`,
        ),
      );
    });
    probe.listen({ port, host: ip, exclusive: true }, () => probe.close(() => resolvePromise()));
  });
}

/** A currently free TCP port on ip (the OS picks it). */
export async function freePort(ip = '127.0.0.1'): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ port: 0, host: ip, exclusive: true }, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePromise(port));
    });
  });
}

/** The last lines of the server log, as "\n…" (or '' when there is nothing). */
function tail(file: string, lines = 15): string {
  try {
    const text = readFileSync(file, 'utf8').trimEnd();
    return text ? `\n${text.split('\n').slice(-lines).join('\n')}` : '';
  } catch {
    return '';
  }
}

/** Resolves when the server answers getSystemInfo and knows `namespace`. */
async function waitUntilServing(address: string, namespace: string, deadline: number, exited: () => boolean): Promise<void> {
  let lastError: unknown;
  while (Date.now() < deadline && !exited()) {
    let connection: Connection | undefined;
    try {
      // A fresh connection per attempt: no gRPC reconnect back-off to wait out.
      connection = await Connection.connect({ address, connectTimeout: '1s' });
      await connection.workflowService.getSystemInfo({});
      await connection.workflowService.describeNamespace({ namespace });
      return;
    } catch (err) {
      lastError = err;
    } finally {
      await connection?.close().catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  if (!exited()) throw lastError instanceof Error ? lastError : new Error('no answer');
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolvePromise) => {
    const timer = setTimeout(() => resolvePromise(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolvePromise(true);
    });
  });
}

export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  const ip = opts.ip ?? '127.0.0.1';
  const headless = opts.headless ?? false;
  const uiPort = opts.uiPort ?? opts.port + 1000;
  const namespace = opts.namespace ?? 'default';
  const cli = opts.cliPath ?? resolveTemporalCli();
  const logFile = opts.logFile ?? (opts.dbFile ? join(dirname(opts.dbFile), 'temporal-server.log') : join(tmpdir(), `jeugdflow-temporal-${opts.port}.log`));
  const address = `${ip}:${opts.port}`;

  await assertPortFree(opts.port, ip, 'TEMPORAL_DEV_PORT');
  if (!headless) await assertPortFree(uiPort, ip, 'TEMPORAL_UI_PORT');
  if (opts.dbFile) await mkdir(dirname(opts.dbFile), { recursive: true });
  await mkdir(dirname(logFile), { recursive: true });

  const args = ['server', 'start-dev', '--ip', ip, '--port', String(opts.port), '--log-level', 'warn'];
  if (opts.dbFile) args.push('--db-filename', opts.dbFile);
  if (headless) args.push('--headless');
  else args.push('--ui-port', String(uiPort));
  if (!headless && opts.uiCodecEndpoint) args.push('--ui-codec-endpoint', opts.uiCodecEndpoint);
  if (namespace !== 'default') args.push('--namespace', namespace);

  // The CLI reads TEMPORAL_* client settings from the environment; they are ours, not the server's.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TEMPORAL_')));
  const logFd = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(cli, args, { stdio: ['ignore', logFd, logFd], env, detached: opts.ownProcessGroup ?? false });
  } finally {
    closeSync(logFd);
  }
  const pid = child.pid;
  let exited = false;
  let spawnError: Error | undefined;
  child.once('exit', () => (exited = true));
  child.once('error', (err) => {
    spawnError = err;
    exited = true;
  });

  const signal = (sig: NodeJS.Signals) => {
    if (exited || pid === undefined) return;
    try {
      process.kill(opts.ownProcessGroup ? -pid : pid, sig);
    } catch {
      /* already gone */
    }
  };
  // If this process ends without stop() (crash, process.exit), do not leave the server behind.
  const onParentExit = () => signal('SIGTERM');
  process.once('exit', onParentExit);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      signal('SIGTERM');
      if (!(await waitForExit(child, STOP_GRACE_MS))) {
        signal('SIGKILL');
        await waitForExit(child, 5_000);
      }
      process.removeListener('exit', onParentExit);
    })());

  const timeoutMs = opts.startTimeoutMs ?? 60_000;
  try {
    await waitUntilServing(address, namespace, Date.now() + timeoutMs, () => exited);
  } catch (err) {
    await stop();
    throw new Error(
      `Temporal dev server did not answer on ${address} within ${timeoutMs / 1000} s (${(err as Error).message}); see ${logFile}${tail(logFile)}`,
    );
  }
  if (exited || pid === undefined) {
    await stop();
    const why = spawnError ? spawnError.message : `exited with code ${child.exitCode ?? child.signalCode}`;
    throw new Error(`Temporal dev server (${cli}) ${why}; see ${logFile}${tail(logFile)}`);
  }

  return { address, uiUrl: headless ? undefined : `http://localhost:${uiPort}`, logFile, pid, stop };
}
