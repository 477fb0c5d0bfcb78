// `npm run bench`: jeugdflow's engine against a plain Temporal workflow, on the same server in the
// same run; every figure is a ratio to that baseline. Progress on stderr, the table on stdout, the
// results as JSON in bench/results/. See bench/README.md.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBenchArgs, USAGE, type BenchOptions, type Section } from './args.ts';
import { type BenchContext, type SectionRunner, type TemporalContext } from './context.ts';
import { baselineDriver, engineDriver } from './drivers.ts';
import { formatSummary, summarizeDir } from './profile.ts';
import { environment, formatTable, writeResult, type Row } from './report.ts';
import { calendar } from './sections/calendar.ts';
import { cli } from './sections/cli.ts';
import { consoleSection } from './sections/console.ts';
import { latency } from './sections/latency.ts';
import { memory } from './sections/memory.ts';
import { modules } from './sections/modules.ts';
import { pure } from './sections/pure.ts';
import { readmodel } from './sections/readmodel.ts';
import { startup } from './sections/startup.ts';
import { throughput } from './sections/throughput.ts';
import { openServer } from './server.ts';
import { pool } from './stats.ts';
import { buildBundles, startWorker } from './workers.ts';

const RUNNERS: Record<Section, SectionRunner> = { throughput, latency, startup, memory, modules, pure, calendar, cli, console: consoleSection, readmodel };
const WARM_UP_CASES = 10;

function parseOrExit(): BenchOptions {
  try {
    const parsed = parseBenchArgs(process.argv.slice(2));
    if (parsed !== 'help') return parsed;
    console.log(USAGE);
    process.exit(0);
  } catch (err) {
    console.error(`bench: ${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
}
const opts = parseOrExit();

const began = performance.now();
const startedAt = new Date().toISOString();
const log = (line: string) => process.stderr.write(`[bench ${((performance.now() - began) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
const stamp = startedAt.replace(/[:.]/g, '-');
const outFile = opts.out ?? join(resultsDir, `${stamp}.json`);
const profileDir = opts.cpuProf ? join(resultsDir, `profiles-${stamp}`) : undefined;

let temporal: Promise<TemporalContext> | undefined;
let tempDir: string | undefined;

async function setUpTemporal(): Promise<TemporalContext> {
  const server = await openServer(log, opts.server);
  tempDir = await mkdtemp(join(tmpdir(), 'jeugdflow-bench-bundles-'));
  log('bundling the case workflow and the baseline workflow');
  const bundles = await buildBundles(tempDir);
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const queues = { engine: `bench-engine-${runId}`, baseline: `bench-baseline-${runId}` };
  const [engineWorker, baselineWorker] = await Promise.all(
    (['engine', 'baseline'] as const).map((variant) =>
      startWorker({ variant, taskQueue: queues[variant], bundles, maxCachedWorkflows: 20_000, env: server.env, profile: opts.cpuProf }),
    ),
  );
  const t: TemporalContext = {
    server,
    bundles,
    runId,
    drivers: {
      engine: engineDriver(server.client, queues.engine),
      baseline: baselineDriver(server.client, queues.baseline),
      plain: baselineDriver(server.client, queues.baseline, { searchAttributes: false }),
    },
    workers: { engine: engineWorker!, baseline: baselineWorker! },
    started: new Map(),
  };
  log(`workers up (engine pid ${engineWorker!.pid}, baseline pid ${baselineWorker!.pid}); warming up`);
  for (const driver of Object.values(t.drivers)) {
    await pool(WARM_UP_CASES, 4, async (i) => {
      const id = `BW-${runId}-${driver.variant[0]}${i}`;
      await driver.start(id);
      for (let e = 0; e < opts.events; e++) await driver.send(id, e);
      await driver.show(id);
      await driver.close(id);
    });
  }
  if (opts.cpuProf) {
    log('CPU-profiling both workers (workflows in their main thread) until the last Temporal section ends');
    for (const w of Object.values(t.workers)) w.startProfile();
  }
  return t;
}

async function tearDown(): Promise<void> {
  if (!temporal) return;
  const t = await temporal.catch(() => undefined);
  if (!t) return;
  if (profileDir) {
    await mkdir(profileDir, { recursive: true });
    for (const w of Object.values(t.workers)) await w.stopProfile(join(profileDir, `${w.variant}-worker.cpuprofile`)).catch((err: unknown) => log(`no profile of the ${w.variant} worker: ${(err as Error).message}`));
    try {
      const summaries = summarizeDir(profileDir, Object.values(t.bundles));
      ctx.details.profiles = summaries;
      for (const s of summaries) log(formatSummary(s));
      ctx.notes.push(`CPU profiles of the workers: ${profileDir} (open in Chrome DevTools or speedscope); profiled runs run workflows in the worker's main thread, their figures are not comparable`);
    } catch (err) {
      ctx.notes.push(`no CPU profile summary: ${(err as Error).message}`);
    }
  }
  await Promise.all(Object.values(t.workers).map((w) => w.stop()));
  if (!t.server.own) {
    const ids = [...t.started.values()].flat();
    log(`terminating the ${ids.length} benchmark workflows on the reused server`);
    await pool(ids.length, 32, async (i) => {
      await t.server.client.workflow.getHandle(ids[i]!).terminate('benchmark finished').catch(() => undefined);
    });
  }
  await t.server.stop();
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
}

const ctx: BenchContext = {
  opts,
  log,
  temporal: () => (temporal ??= setUpTemporal()),
  details: {},
  notes: [],
};

const rows: Row[] = [];
let failed = false;
try {
  for (const section of opts.sections) {
    log(`section ${section}`);
    const started = performance.now();
    try {
      rows.push(...(await RUNNERS[section](ctx)));
    } catch (err) {
      failed = true;
      ctx.notes.push(`section ${section} failed: ${(err as Error).message}`);
      log(`section ${section} failed: ${(err as Error).stack ?? String(err)}`);
    }
    log(`section ${section} done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
} finally {
  await tearDown();
}

const missed = rows.filter((r) => r.met === false);
ctx.notes.push(
  rows.some((r) => r.met !== undefined)
    ? missed.length
      ? `targets missed: ${missed.map((r) => `${r.section} ${r.metric}`).join('; ')}`
      : 'all targets met'
    : 'no section with a target ran',
);
ctx.notes.push(`total ${((performance.now() - began) / 1000).toFixed(0)} s; results in ${outFile}`);

console.log(formatTable(rows, ctx.notes));
writeResult(outFile, {
  startedAt,
  finishedAt: new Date().toISOString(),
  ...environment(),
  server: temporal ? ((await temporal.catch(() => undefined))?.server.own === false ? 'reused (TEMPORAL_ADDRESS)' : opts.server === 'cluster' ? 'Temporal server + PostgreSQL (own, npm run stack:cluster)' : 'dev server (own)') : 'none',
  options: opts,
  rows,
  notes: ctx.notes,
  details: ctx.details,
});
process.exit(failed ? 1 : 0);
