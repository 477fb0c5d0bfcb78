// The dev server stopped and started again (same SQLite file, same port) twice in the middle of the
// load — once cleanly (SIGTERM), once killed (SIGKILL) —: every case resumes, and senders that saw an
// error retry with the same request id safely.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario, sleep } from './scenario.ts';
import { startRestartableServer, type RestartableServer } from './server.ts';
import { addTally } from './tally.ts';
import { writeBundle } from './workers.ts';

let dir: string;
let server: RestartableServer;
let bundlePath: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jeugdflow-faults-restart-'));
  [server, bundlePath] = await Promise.all([startRestartableServer(dir), writeBundle(dir)]);
});

afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('dev server stopped and restarted under load', () => {
  it('every case resumes from the state file, after a clean stop and after a kill; retried sends (same request id) are applied once', async () => {
    const seed = Number(process.env.FAULTS_SEED ?? Date.now() % 100_000);
    const { stats, summary, worker, busy, seconds } = await runScenario({
      name: 'restart',
      server,
      bundlePath,
      cases: 100,
      seed,
      // The worker may give up while the server is away; a process manager would start it again.
      restartOnExit: true,
      // Errors reach the senders (no retries inside the client): they retry with the same request id.
      clientRetries: false,
      async chaos({ acked, total, done, rand, log }) {
        for (const [share, how] of [[0.25 + rand(0, 0.1), 'graceful'], [0.6 + rand(0, 0.1), 'crash']] as const) {
          while (!done() && acked() < share * total) await sleep(50);
          if (done()) return;
          const down = rand(500, 3000);
          log(`${how === 'crash' ? 'killing (SIGKILL)' : 'stopping'} the dev server at ${acked()} acknowledged transitions, down for ${(down / 1000).toFixed(1)} s (seed ${seed})`);
          await server.restart(down, how);
          log('dev server back');
        }
      },
    });
    addTally({ test: 'dev server restart', cases: summary.cases, transitions: summary.checked, lost: summary.lost, doubled: summary.doubled, retried: stats.retriedErrors, serverRestarts: server.restarts });
    console.log(`server restart: ${seconds.toFixed(0)} s, seed ${seed}, worker restarted by itself ${worker.crashes} times`);
    expect(server.restarts).toBe(2);
    expect(stats.retriedErrors, 'the senders saw the outages').toBeGreaterThan(0);
    expect(stats.refusals.map((r) => `${r.marker} ${r.error.code}: ${r.error.message}`)).toEqual([]);
    expect(stats.gaveUp).toEqual([]);
    expect(busy).toEqual([]);
    expect(summary.cases).toBe(100);
    expect(summary.problems).toEqual([]);
    expect({ lost: summary.lost, doubled: summary.doubled, unacknowledged: summary.unacknowledged }).toEqual({ lost: 0, doubled: 0, unacknowledged: 0 });
  });
});
