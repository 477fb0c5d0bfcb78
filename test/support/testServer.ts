// Starts the Java time-skipping test server (io.temporal:temporal-test-server) as a child process.
// Used once per test run by globalSetup.ts; the JVM starts slowly, so never per file.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { Connection } from '@temporalio/client';
import { freePort } from '../../scripts/devServer.ts';
import { resolveTestServerCommand } from '../../scripts/toolchain.ts';

export interface TestServer {
  address: string;
  logFile: string;
  stop(): Promise<void>;
}

export async function startTestServer(opts: { logFile: string; startTimeoutMs?: number }): Promise<TestServer> {
  const port = await freePort();
  const { command, args } = resolveTestServerCommand(port);
  const fd = openSync(opts.logFile, 'a');
  const child = spawn(command, args, { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  let exited = false;
  child.once('exit', () => (exited = true));
  child.once('error', () => (exited = true));

  const stop = async (): Promise<void> => {
    if (exited) return;
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await gone;
    clearTimeout(timer);
  };

  const address = `127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000);
  let lastError: unknown;
  while (!exited && Date.now() < deadline) {
    try {
      // Connection.connect calls GetSystemInfo: it only succeeds once the server really serves.
      const connection = await Connection.connect({ address, connectTimeout: '1s' });
      await connection.close();
      return { address, logFile: opts.logFile, stop };
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  await stop();
  let log = '';
  try {
    log = readFileSync(opts.logFile, 'utf8').trimEnd().split('\n').slice(-15).join('\n');
  } catch {
    /* no log */
  }
  const why = exited ? 'exited' : `did not answer (${(lastError as Error | undefined)?.message ?? 'timeout'})`;
  throw new Error(`Temporal test server (${command}) ${why}; see ${opts.logFile}${log ? `\n${log}` : ''}`);
}
