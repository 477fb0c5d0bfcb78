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
import { pino } from 'pino';
import { hashPassword, UserDirectory } from '../api/users.ts';
import { buildConsole } from '../console/app.ts';
import { findProcedure, type Role } from '../machines/index.ts';
import { listCases } from '../operations/index.ts';
import { caseWorkflowId } from '../workflows/constants.ts';
import { applyEvent, persist, startCase, validateEvent } from '../workflows/engine.ts';
import type { CaseWorkflowInput } from '../workflows/messages.ts';
import { JfCaseId, JfProcedure, JfProvider } from '../workflows/searchAttributes.ts';
import { hearing, measureProposal, rungOne } from '../test/api/harness.ts';
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
const PASSWORD = 'bench-password-123';
const PROVIDERS = Array.from({ length: 40 }, (_, i) => `AGB-BENCH${String(i).padStart(3, '0')}`);
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();


/** Case i: which provider, and where along the ladder (with its dates), spread deterministically. */
function seedInput(i: number): CaseWorkflowInput {
  const def = findProcedure('escalation-ladder')!;
  const caseId = `BENCH-${String(i).padStart(5, '0')}`;
  const provider = PROVIDERS[Math.floor(i / 10) % PROVIDERS.length]!; // blocks of ten: every provider gets every kind
  const startedBy = { role: 'contractmanager' as const, userId: 'cm-bench' };
  const data = { provider, signal: { category: 'kwaliteit', description: 'Herhaalde klachten over de begeleiding', receivedOn: '2026-11-02' } };
  const ago = 1 + ((i * 7) % 40); // 1..40 days: a share of the response terms has expired
  const { rt } = startCase(def, { caseId, procedureId: def.id, startedBy, data }, daysAgo(ago + 1));
  const kind = i % 10;
  const step = (type: string, payload: unknown) =>
    applyEvent(rt, validateEvent(rt, { type, actor: { role: 'contractmanager', userId: kind === 9 ? 'cm-bench' : 'cm-other' }, payload }, daysAgo(ago)));
  if (kind >= 3) step('hearing.recorded', hearing);
  if (kind >= 3 && kind <= 8) step('rung.chosen', rungOne); // waits on the provider, response term running or expired
  if (kind === 9) step('measure.proposed', measureProposal); // waits for a second contract manager (four-eyes)
  return { caseId, procedureId: def.id, startedBy, data, calendar: {}, restored: persist(rt) };
}

async function main(): Promise<void> {
  const server = await openServer(log);
  const dir = await mkdtemp(join(tmpdir(), 'jeugdflow-console-bench-'));
  const taskQueue = `console-bench-${Date.now().toString(36)}`;
  const bundles = await buildBundles(dir);
  const worker = await startWorker({ variant: 'engine', taskQueue, bundles, maxCachedWorkflows: 1000, env: server.env }); // about the SDK's default for a 4 GB heap: a cached case costs ~2.7 MB (bench: modules)
  let app: Awaited<ReturnType<typeof buildConsole>> | undefined;
  try {
    // -- seed -------------------------------------------------------------------------------
    let t = performance.now();
    let seeded = 0;
    await pool(CASES, 32, async (i) => {
      const input = seedInput(i);
      try {
        await server.client.workflow.start('caseWorkflow', {
          workflowId: caseWorkflowId(input.caseId),
          taskQueue,
          args: [input],
          typedSearchAttributes: [
            { key: JfCaseId, value: input.caseId },
            { key: JfProcedure, value: input.procedureId },
            { key: JfProvider, value: (input.data as { provider: string }).provider },
          ],
        });
      } catch (err) {
        if ((err as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw err;
      }
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
    const hash = await hashPassword(PASSWORD);
    const people: { id: string; name: string; roles: Role[]; provider?: string }[] = [
      { id: 'cm', name: 'Contractmanager', roles: ['contractmanager'] },
      { id: 'provider', name: 'Aanbieder', roles: ['aanbieder'], provider: PROVIDERS[0]! },
      { id: 'supervisor', name: 'Toezichthouder', roles: ['supervisor'] },
    ];
    const users = UserDirectory.fromJson({ users: people.map((u) => ({ ...u, passwordHash: hash })) });
    app = await buildConsole({
      ops: { client: server.client, taskQueue, namespace: server.config.TEMPORAL_NAMESPACE, calendar: {} },
      users,
      pdf: false,
      logger: pino({ level: 'warn' }),
      loginLimits: { maxAttemptsPerAddress: 1000 },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const sessions = new Map<string, { cookie: string; csrf: string }>();
    for (const p of people) {
      const anon = await fetch(`${base}/api/session`);
      const anonCookie = anon.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const { csrfToken } = (await anon.json()) as { csrfToken: string };
      const res = await fetch(`${base}/api/session`, {
        method: 'POST',
        headers: { cookie: anonCookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json', origin: base },
        body: JSON.stringify({ username: p.id, password: PASSWORD }),
      });
      if (res.status !== 200) throw new Error(`log-in of ${p.id}: ${res.status} ${await res.text()}`);
      sessions.set(p.id, { cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: ((await res.json()) as { csrfToken: string }).csrfToken });
    }
    const get = async (user: string, path: string): Promise<{ ms: number; bytes: number }> => {
      const started = performance.now();
      const res = await fetch(`${base}${path}`, { headers: { cookie: sessions.get(user)!.cookie } });
      const body = await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`GET ${path} as ${user}: ${res.status} ${Buffer.from(body).toString().slice(0, 300)}`);
      return { ms: since(started), bytes: body.byteLength };
    };

    // The first request loads the read model from Temporal.
    t = performance.now();
    await get('cm', '/api/work');
    const firstLoadMs = since(t);
    log(`read model loaded (${CASES} cases) in ${(firstLoadMs / 1000).toFixed(1)} s`);
    const work = (await (await fetch(`${base}/api/work`, { headers: { cookie: sessions.get('cm')!.cookie } })).json()) as unknown[];
    const providerWork = (await (await fetch(`${base}/api/work`, { headers: { cookie: sessions.get('provider')!.cookie } })).json()) as unknown[];

    // The board starts the background sweep of execution problems; time one complete sweep.
    t = performance.now();
    await get('supervisor', '/api/board');
    for (;;) {
      const board = (await (await fetch(`${base}/api/board`, { headers: { cookie: sessions.get('supervisor')!.cookie } })).json()) as { problemsCheckedAt?: string; items: unknown[] };
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
    const caseIds = Array.from({ length: REQUESTS + 5 }, (_, i) => `BENCH-${String((i * 7919) % CASES).padStart(5, '0')}`);
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
