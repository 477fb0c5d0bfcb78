// `npm run bench:console`: the console with 10,000 open cases. Seeds the cases (escalation-ladder
// cases spread over its states, 40 providers, deadlines from long past to weeks ahead, some waiting
// for an approval), starts the console on a free port and measures, over real HTTP, the p95 of
// "Mijn werk" (a contract manager's: thousands of cases; a provider's: a few hundred), the case page
// and the supervisor board, plus the API's /api/work and /api/board. For comparison it also times
// what Mijn werk cost before the read model: paging through Temporal's visibility and sorting.
// Results are printed and written as JSON to bench/results/console-<time>.json.
//
//   npm run bench:console -- [--cases 10000] [--requests 200] [--out file.json]
//
// Starts its own dev server (temp db) unless TEMPORAL_ADDRESS is set.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { listCases } from '../operations/index.ts';
import { launchSeeded, seedCaseId, startConsole, type RunningConsole } from './consoleSeed.ts';
import { openServer } from './server.ts';
import { percentiles, pool, since, type Percentiles } from './stats.ts';
import { buildBundles, startWorker } from './workers.ts';

const { values } = parseArgs({
  options: { cases: { type: 'string', default: '10000' }, requests: { type: 'string', default: '200' }, out: { type: 'string' } },
});
const CASES = Number(values.cases);
const REQUESTS = Number(values.requests);
if (!Number.isInteger(CASES) || CASES < 1 || !Number.isInteger(REQUESTS) || REQUESTS < 1) {
  console.error('usage: npm run bench:console -- [--cases <n ≥ 1>] [--requests <n ≥ 1>] [--out file.json]');
  process.exit(2);
}

const began = performance.now();
const log = (line: string) => console.log(`[console-bench ${(since(began) / 1000).toFixed(0).padStart(4)} s] ${line}`);

async function main(): Promise<void> {
  const server = await openServer(log);
  const dir = await mkdtemp(join(tmpdir(), 'jeugdflow-console-bench-'));
  const taskQueue = `console-bench-${Date.now().toString(36)}`;
  const bundles = await buildBundles(dir);
  const worker = await startWorker({ variant: 'engine', taskQueue, bundles, maxCachedWorkflows: 1000, env: server.env }); // about the SDK's default for a 4 GB heap: a cached case costs ~2.7 MB (bench: modules)
  let app: RunningConsole | undefined;
  try {
    // -- seed -------------------------------------------------------------------------------
    let t = performance.now();
    let seeded = 0;
    await pool(CASES, 32, async (i) => {
      await launchSeeded(server.client, taskQueue, i);
      if (++seeded % 1000 === 0) log(`${seeded} / ${CASES} cases started`);
    });
    const seedSeconds = since(t) / 1000;
    log(`${CASES} cases started in ${seedSeconds.toFixed(0)} s; waiting until every case has run its first step`);
    t = performance.now();
    for (;;) {
      const { count } = await server.client.workflow.count(`WorkflowType = 'caseWorkflow' AND TaskQueue = '${taskQueue}' AND JfRevision >= 0`);
      if (count >= CASES) break;
      log(`${count} / ${CASES} cases indexed`);
      await new Promise((r) => setTimeout(r, 3000));
    }
    log(`all indexed after ${(since(t) / 1000).toFixed(0)} s more`);

    // -- console ----------------------------------------------------------------------------
    app = await startConsole({ client: server.client, taskQueue, namespace: server.config.TEMPORAL_NAMESPACE });
    const { get } = app;
    const fetchJson = app.json.bind(app);

    // The first request loads the read model from Temporal.
    t = performance.now();
    await get('cm', '/api/work');
    const firstLoadMs = since(t);
    log(`read model loaded (${CASES} cases) in ${(firstLoadMs / 1000).toFixed(1)} s`);
    const work = await fetchJson<unknown[]>('cm', '/api/work');
    const providerWork = await fetchJson<unknown[]>('provider', '/api/work');

    // The board starts the background sweep of execution problems; time one complete sweep.
    t = performance.now();
    await get('supervisor', '/api/board');
    for (;;) {
      const board = await fetchJson<{ problemsCheckedAt?: string; items: unknown[] }>('supervisor', '/api/board');
      if (board.problemsCheckedAt) {
        log(`first sweep of ${CASES} executions (describe each) done in ${(since(t) / 1000).toFixed(1)} s; board lists ${board.items.length} cases`);
        break;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    const sweepMs = since(t);

    const measure = async (name: string, user: string, path: (i: number) => string): Promise<Percentiles & { bytes: number }> => {
      for (let i = 0; i < 5; i++) await get(user, path(i)); // warm-up
      const samples: number[] = [];
      let bytes = 0;
      for (let i = 0; i < REQUESTS; i++) {
        const r = await get(user, path(i));
        samples.push(r.ms);
        bytes = r.bytes;
      }
      const p = percentiles(samples);
      log(`${name.padEnd(38)} p50 ${p.p50.toFixed(1).padStart(7)} ms   p95 ${p.p95.toFixed(1).padStart(7)} ms   max ${p.max.toFixed(1).padStart(7)} ms   (${(bytes / 1024).toFixed(0)} KiB)`);
      return { ...p, bytes };
    };
    const caseIds = Array.from({ length: REQUESTS + 5 }, (_, i) => seedCaseId((i * 7919) % CASES));
    const results = {
      mijnWerkContractManager: await measure(`Mijn werk, contractmanager (${work.length})`, 'cm', () => '/mijn-werk'),
      mijnWerkProvider: await measure(`Mijn werk, aanbieder (${providerWork.length})`, 'provider', () => '/mijn-werk'),
      casePage: await measure('Zaakpagina (random case)', 'cm', (i) => `/zaken/${caseIds[i]}`),
      board: await measure('Toezicht (supervisor board)', 'supervisor', () => '/toezicht'),
      apiWork: await measure('GET /api/work (contractmanager)', 'cm', () => '/api/work'),
      apiCase: await measure('GET /api/cases/:id', 'cm', (i) => `/api/cases/${caseIds[i]}`),
      apiBoard: await measure('GET /api/board', 'supervisor', () => '/api/board'),
    };

    // What Mijn werk cost before the read model: page through visibility, then sort.
    const visibility: number[] = [];
    const ops = { client: server.client, taskQueue };
    for (let i = 0; i < Math.min(20, REQUESTS); i++) {
      const started = performance.now();
      await listCases(ops, { waitingOn: 'contractmanager', limit: 10_000 });
      visibility.push(since(started));
    }
    const before = percentiles(visibility);
    log(`${'visibility list + sort (before)'.padEnd(38)} p50 ${before.p50.toFixed(1).padStart(7)} ms   p95 ${before.p95.toFixed(1).padStart(7)} ms   (${visibility.length} runs)`);

    const status = await worker.status();
    const report = {
      when: new Date().toISOString(),
      cases: CASES,
      requests: REQUESTS,
      seedSeconds,
      readModelFirstLoadMs: firstLoadMs,
      firstSweepMs: sweepMs,
      mijnWerkRows: { contractManager: work.length, provider: providerWork.length },
      results,
      visibilityListBefore: before,
      workerRssMb: Math.round(status.rss / 2 ** 20),
    };
    const out = values.out ?? join('bench', 'results', `console-${report.when.replace(/[:.]/g, '-')}.json`);
    await mkdir(join(out, '..'), { recursive: true });
    await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nconsole with ${CASES} open cases — p95: Mijn werk ${results.mijnWerkContractManager.p95.toFixed(0)} ms (contractmanager, ${work.length} rows) / ${results.mijnWerkProvider.p95.toFixed(0)} ms (aanbieder), case page ${results.casePage.p95.toFixed(0)} ms, board ${results.board.p95.toFixed(0)} ms; before the read model a deadline-first list took p95 ${before.p95.toFixed(0)} ms from visibility. JSON: ${out}\n`);
  } finally {
    await app?.close();
    await worker.stop();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
