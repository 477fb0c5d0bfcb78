// vitest globalSetup of the `temporal` project: ONE Java time-skipping test server and ONE dev server
// (headless, free ports, SQLite in a temp dir, search attributes registered) for the whole run,
// started in parallel. Tests get their addresses with inject() — see temporal.ts.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import type { TestProject } from 'vitest/node';
import { registerSearchAttributes } from '../../config/searchAttributes.ts';
import { freePort, startDevServer, type DevServer } from '../../scripts/devServer.ts';
import { ToolchainError } from '../../scripts/toolchain.ts';
import { startTestServer, type TestServer } from './testServer.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** host:port of the Java time-skipping test server. */
    temporalTestServerAddress: string;
    /** host:port of the Temporal dev server (search attributes registered, namespace 'default'). */
    temporalDevServerAddress: string;
    /** The dev server's SQLite database file (tests look into it raw). */
    temporalDevServerDbFile: string;
  }
}

async function withSearchAttributes(address: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    await registerSearchAttributes(connection, 'default');
  } finally {
    await connection.close();
  }
}

async function startTest(dir: string): Promise<TestServer> {
  const server = await startTestServer({ logFile: join(dir, 'test-server.log') });
  try {
    // The test server, too, refuses upserts of search attributes it does not know (the workflow
    // task then fails and retries forever), and it starts with none of ours.
    await withSearchAttributes(server.address);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return server;
}

async function startDev(dir: string): Promise<DevServer> {
  const dev = await startDevServer({
    port: await freePort(),
    headless: true,
    ip: '127.0.0.1',
    dbFile: join(dir, 'temporal.db'),
    logFile: join(dir, 'dev-server.log'),
  });
  try {
    await withSearchAttributes(dev.address);
  } catch (err) {
    await dev.stop();
    throw err;
  }
  return dev;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'jeugdflow-test-'));
  const started = Date.now();
  const [testServer, dev] = await Promise.allSettled([startTest(dir), startDev(dir)]);
  if (testServer.status === 'rejected' || dev.status === 'rejected') {
    if (testServer.status === 'fulfilled') await testServer.value.stop();
    if (dev.status === 'fulfilled') await dev.value.stop();
    const errors = [testServer, dev].flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    // A missing toolchain: one clear line per missing piece, no stack trace.
    const missing = errors.filter((e): e is ToolchainError => e instanceof ToolchainError);
    if (missing.length > 0) {
      const err = new ToolchainError(missing.map((e) => e.message).join('\n'));
      err.stack = err.message;
      console.error(`\n${err.message}\n`);
      throw err;
    }
    throw errors[0];
  }
  const servers: [TestServer, DevServer] = [testServer.value, dev.value];
  console.log(
    `temporal: test server ${servers[0].address}, dev server ${servers[1].address} (up in ${((Date.now() - started) / 1000).toFixed(1)} s, logs in ${dir})`,
  );
  project.provide('temporalTestServerAddress', servers[0].address);
  project.provide('temporalDevServerAddress', servers[1].address);
  project.provide('temporalDevServerDbFile', join(dir, 'temporal.db'));

  return async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await rm(dir, { recursive: true, force: true });
  };
}
