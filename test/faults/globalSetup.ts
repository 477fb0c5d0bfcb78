// globalSetup of `npm run test:faults`: the Java time-skipping test server (for the deadline after a
// kill; the dev servers are per file, since tests stop and restart them) and, at the end, the summary
// line over every test's tally.
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import type { TestProject } from 'vitest/node';
import { registerSearchAttributes } from '../../config/searchAttributes.ts';
import { startTestServer } from '../support/testServer.ts';
import { formatTally, type Tally } from './tally.ts';

// `temporalTestServerAddress` is declared by test/support/globalSetup.ts (timeSkippingEnv() reads it).
declare module 'vitest' {
  export interface ProvidedContext {
    /** Where each fault test leaves its tally for the closing summary. */
    faultsTallyDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const began = Date.now();
  const dir = await mkdtemp(join(tmpdir(), 'jeugdflow-faults-'));
  const tallies = join(dir, 'tallies');
  await mkdir(tallies);
  const server = await startTestServer({ logFile: join(dir, 'test-server.log') });
  try {
    const connection = await Connection.connect({ address: server.address });
    try {
      await registerSearchAttributes(connection, 'default');
    } finally {
      await connection.close();
    }
  } catch (err) {
    await server.stop();
    throw err;
  }
  project.provide('temporalTestServerAddress', server.address);
  project.provide('faultsTallyDir', tallies);

  return async () => {
    await server.stop();
    const all: Tally[] = [];
    for (const f of await readdir(tallies)) all.push(JSON.parse(await readFile(join(tallies, f), 'utf8')) as Tally);
    const sum = (k: keyof Tally) => all.reduce((a, t) => a + (typeof t[k] === 'number' ? (t[k] as number) : 0), 0);
    const line = formatTally({
      cases: sum('cases'),
      transitions: sum('transitions'),
      lost: sum('lost'),
      doubled: sum('doubled'),
      retried: sum('retried'),
      workerKills: sum('workerKills'),
      serverRestarts: sum('serverRestarts'),
      deadlinesFired: sum('deadlinesFired'),
      races: sum('races'),
    });
    console.log(`\nfaults: ${line} — ${all.length} checks in ${((Date.now() - began) / 1000).toFixed(0)} s\n`);
    await rm(dir, { recursive: true, force: true });
  };
}
