// kill -9 of the worker at random moments while 100 ladder cases are advanced by concurrent senders.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario, sleep } from './scenario.ts';
import { startRestartableServer, type RestartableServer } from './server.ts';
import { addTally } from './tally.ts';
import { writeBundle } from './workers.ts';

const KILLS = 6;
let dir: string;
let server: RestartableServer;
let bundlePath: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jeugdflow-faults-kill-'));
  [server, bundlePath] = await Promise.all([startRestartableServer(dir), writeBundle(dir)]);
});

afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('worker killed with SIGKILL under load', () => {
  it('every transition a sender was told about is in its case exactly once, nothing else is, and every open term keeps its timer', async () => {
    const seed = Number(process.env.FAULTS_SEED ?? Date.now() % 100_000);
    const { stats, summary, worker, busy, seconds } = await runScenario({
      name: 'kill',
      server,
      bundlePath,
      cases: 100,
      seed,
      async chaos({ worker, done, rand, log }) {
        // Each kill stalls the cases the dead worker had cached until Temporal gives their tasks to
        // the new one (sticky queue and task timeouts, about 10 s): a few kills, spread over the load.
        await sleep(rand(1000, 4000));
        while (!done() && worker.kills < KILLS) {
          await worker.kill();
          log(`worker killed (kill ${worker.kills}, seed ${seed})`);
          await sleep(rand(100, 1500));
          await worker.start();
          await sleep(rand(4000, 12_000));
        }
      },
    });
    addTally({ test: 'worker kill -9', cases: summary.cases, transitions: summary.checked, lost: summary.lost, doubled: summary.doubled, retried: stats.retriedErrors, workerKills: worker.kills });
    console.log(`worker kill: ${seconds.toFixed(0)} s, seed ${seed}`);
    expect(stats.refusals.map((r) => `${r.marker} ${r.error.code}: ${r.error.message}`)).toEqual([]);
    expect(stats.gaveUp).toEqual([]);
    expect(busy).toEqual([]);
    expect(summary.cases).toBe(100);
    expect(worker.kills).toBeGreaterThanOrEqual(3);
    expect(summary.problems).toEqual([]);
    expect({ lost: summary.lost, doubled: summary.doubled, unacknowledged: summary.unacknowledged }).toEqual({ lost: 0, doubled: 0, unacknowledged: 0 });
  });
});
