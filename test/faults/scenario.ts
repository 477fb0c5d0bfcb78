// One fault scenario: a worker child on its own task queue, the ladder load of load.ts, a `chaos`
// routine that runs alongside it (kill the worker, restart the server), then the checks of verify.ts
// once every case is quiet again.
import { Client, Connection } from '@temporalio/client';
import { testDataConverter, uniqueTaskQueue } from '../support/temporal.ts';
import { runLoad, PATH_END_STATE, LADDER_PATH, EXTRA_STEPS, type LoadStats } from './load.ts';
import type { RestartableServer } from './server.ts';
import { checkCases, waitUntilQuiet, type Summary } from './verify.ts';
import { WorkerSupervisor } from './workers.ts';

/** A small seeded PRNG, so a failing run can be repeated with FAULTS_SEED. */
export function random(seed: number): (min: number, max: number) => number {
  let s = seed >>> 0 || 1;
  return (min, max) => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return min + ((s >>> 0) / 2 ** 32) * (max - min);
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ChaosContext {
  worker: WorkerSupervisor;
  /** Acknowledged transitions so far, and how many the load will send in all. */
  acked(): number;
  total: number;
  /** True once every sender is done. */
  done(): boolean;
  rand: (min: number, max: number) => number;
  log(line: string): void;
}

export interface ScenarioResult {
  stats: LoadStats;
  summary: Summary;
  worker: WorkerSupervisor;
  /** Cases still busy when the checks started (should be none). */
  busy: string[];
  seconds: number;
}

export async function runScenario(opts: {
  name: string;
  server: RestartableServer;
  bundlePath: string;
  cases: number;
  seed: number;
  restartOnExit?: boolean;
  /**
   * false: the senders' client does not retry failed calls itself (no gRPC retry interceptor), so
   * every outage reaches the senders, who must retry with the same request id.
   */
  clientRetries?: boolean;
  chaos: (ctx: ChaosContext) => Promise<void>;
}): Promise<ScenarioResult> {
  const began = Date.now();
  const log = (line: string) => console.log(`[${opts.name} ${((Date.now() - began) / 1000).toFixed(0).padStart(3)} s] ${line}`);
  const taskQueue = uniqueTaskQueue(`faults-${opts.name}`);
  const worker = new WorkerSupervisor({ address: opts.server.address, taskQueue, bundlePath: opts.bundlePath, restartOnExit: opts.restartOnExit ?? false });
  const connection = await Connection.connect({ address: opts.server.address, ...(opts.clientRetries === false ? { interceptors: [] } : {}) });
  const client = new Client({ connection, dataConverter: testDataConverter });
  try {
    await worker.start();
    let acked = 0;
    let done = false;
    const total = opts.cases * (LADDER_PATH.length + EXTRA_STEPS.length);
    const chaos = opts.chaos({ worker, acked: () => acked, total, done: () => done, rand: random(opts.seed), log });
    const stats = await runLoad({
      client,
      taskQueue,
      prefix: `${opts.name.toUpperCase()}-${Date.now().toString(36)}`,
      cases: opts.cases,
      pathSenders: 20,
      extraSenders: 8,
      onAck: () => {
        acked++;
        if (acked % 200 === 0) log(`${acked} / ${total} transitions acknowledged`);
      },
    }).finally(() => {
      done = true;
    });
    await chaos;
    if (!worker.pid) await worker.start();
    log(`load done: ${stats.acks.length} acknowledged, ${stats.retriedErrors} errors retried, ${stats.refusals.length} refused, ${stats.gaveUp.length} given up, ${stats.startsAlreadyThere} retried starts found their case already started; waiting for quiet`);
    if (stats.retriedErrors) log(`errors the senders saw and retried: ${JSON.stringify(stats.errorKinds)}`);
    const busy = await waitUntilQuiet(client, stats.cases);
    const summary = await checkCases({ client, taskQueue }, stats, { state: PATH_END_STATE, timerFor: 'responseTerm' });
    log(`checked ${summary.cases} cases: ${summary.checked} transitions, ${summary.lost} lost, ${summary.doubled} doubled, ${summary.problems.length} problems`);
    return { stats, summary, worker, busy, seconds: (Date.now() - began) / 1000 };
  } finally {
    await worker.stop();
    await connection.close();
  }
}
