// The console's case page at 10,000 open cases (--console-cases), uncached cases included.
//
// Seeds the cases as `npm run bench:console` does (escalation-ladder cases restored from snapshots,
// bench/consoleSeed.ts) on a task queue of their own, served by an engine worker that caches far fewer
// workflows than there are cases; starts the console on a free port and asks, over real HTTP as a
// contract manager, the case pages of cases spread over all of them — each case once, most of them
// long evicted from the worker's cache, so the query replays the case. Baseline: the same question
// (the `case` query) asked of as many cases of the baseline workflow (bench/baselineWorkflow.ts) on
// the same server, with a worker that caches as few, uncached likewise.
import { baselineDriver } from '../drivers.ts';
import { launchSeeded, seedCaseId, startConsole } from '../consoleSeed.ts';
import type { SectionRunner } from '../context.ts';
import { row } from '../report.ts';
import { percentiles, pool, since } from '../stats.ts';
import { startWorker, type BenchWorker } from '../workers.ts';

/** Workflows each of the section's workers keeps cached: well below the case count. */
const CACHE = 100;

export const consoleSection: SectionRunner = async (ctx) => {
  const t = await ctx.temporal();
  const n = ctx.opts.consoleCases;
  const requests = Math.min(ctx.opts.quick ? 150 : 300, n);
  const queues = { engine: `console-engine-${t.runId}`, baseline: `console-baseline-${t.runId}` };
  const workers: BenchWorker[] = [];
  let app: Awaited<ReturnType<typeof startConsole>> | undefined;
  try {
    for (const variant of ['engine', 'baseline'] as const) {
      workers.push(await startWorker({ variant, taskQueue: queues[variant], bundles: t.bundles, maxCachedWorkflows: CACHE, env: t.server.env }));
    }
    const baseline = baselineDriver(t.server.client, queues.baseline);
    const client = t.server.client;

    // -- seed ---------------------------------------------------------------------------------
    let started = performance.now();
    let seeded = 0;
    const engineIds: string[] = [];
    const baselineIds: string[] = [];
    await pool(n, 32, async (i) => {
      await launchSeeded(client, queues.engine, i);
      engineIds.push(`case-${seedCaseId(i)}`);
      await baseline.launch(seedCaseId(i));
      baselineIds.push(baseline.workflowId(seedCaseId(i)));
      if (++seeded % 1000 === 0) ctx.log(`console: ${seeded} / ${n} cases started per variant`);
    });
    t.started.set(queues.engine, engineIds);
    t.started.set(queues.baseline, baselineIds);
    const seedSeconds = since(started) / 1000;
    started = performance.now();
    // Every case has run its first workflow task (both upsert JfRevision in it).
    for (const [type, queue] of [['caseWorkflow', queues.engine], ['baselineWorkflow', queues.baseline]] as const) {
      for (;;) {
        const { count } = await client.workflow.count(`WorkflowType = '${type}' AND TaskQueue = '${queue}' AND JfRevision >= 0`);
        if (count >= n) break;
        ctx.log(`console: ${count} / ${n} ${type} cases indexed`);
        await new Promise((r) => setTimeout(r, 3000));
      }
    }
    ctx.log(`console: ${n} cases per variant started in ${seedSeconds.toFixed(0)} s, all through their first task ${(since(started) / 1000).toFixed(0)} s later`);

    app = await startConsole({ client, taskQueue: queues.engine, namespace: t.server.config.TEMPORAL_NAMESPACE });

    // Distinct cases spread over all of them (a stride coprime with n), so no case is asked twice.
    const stride = [7919, 7907, 7901, 7883].find((p) => n % p !== 0) ?? 1;
    const pick = Array.from({ length: requests + 5 }, (_, i) => (i * stride) % n);
    // Uncached for sure: not asked before, and seeded at least 2 × CACHE cases before the end of seeding
    // (the worker has run at least that many other cases since, evicting the least recently used).
    const uncached = pick.slice(5).filter((i) => i < n - 2 * CACHE).length;

    const engine: number[] = [];
    const base: number[] = [];
    for (let k = 0; k < pick.length; k++) {
      const i = pick[k]!;
      // Alternate which goes first, so drift hits both alike.
      const order = k % 2 === 0 ? (['engine', 'baseline'] as const) : (['baseline', 'engine'] as const);
      for (const variant of order) {
        const began = performance.now();
        if (variant === 'engine') await app.get('cm', `/zaken/${seedCaseId(i)}`);
        else await baseline.show(seedCaseId(i));
        if (k >= 5) (variant === 'engine' ? engine : base).push(since(began)); // the first five warm up the console
      }
      if ((k + 1) % 50 === 0) ctx.log(`console: ${k + 1} / ${pick.length} case pages`);
    }
    const e = percentiles(engine);
    const b = percentiles(base);
    const [engineStatus, baselineStatus] = await Promise.all(workers.map((w) => w.status()));
    ctx.details.console = {
      cases: n,
      requests: e.n,
      uncached,
      workerCache: CACHE,
      seedSeconds,
      casePage: e,
      baselineQuery: b,
      cachedAtEnd: { engine: engineStatus!.numCachedWorkflows, baseline: baselineStatus!.numCachedWorkflows },
      workerRssMb: { engine: Math.round(engineStatus!.rss / 2 ** 20), baseline: Math.round(baselineStatus!.rss / 2 ** 20) },
    };
    ctx.notes.push(
      `console: ${n.toLocaleString('en-US')} open cases per variant, workers caching ${CACHE}; ${e.n} case pages (GET /zaken/:id as a contract manager, over HTTP) of distinct cases spread over all, ${uncached} of them certainly not in the worker's cache (seeded ≥ ${2 * CACHE} cases before the last, never asked before); baseline: the case query of as many baseline workflows, likewise; p50 ${e.p50.toFixed(0)} / ${b.p50.toFixed(0)} ms, max ${e.max.toFixed(0)} / ${b.max.toFixed(0)} ms`,
    );
    return [row({ section: 'console', metric: `case page p95 at ${n.toLocaleString('en-US')} open cases (${uncached} of ${e.n} uncached)`, unit: 'ms', engine: e.p95, baseline: b.p95, better: 'lower', absolute: 150 })];
  } finally {
    await app?.close();
    // No case has an activity in flight here (restored cases wait on their terms): stopping is safe.
    await Promise.all(workers.map((w) => w.stop()));
    // On the bench's own server everything goes with it; on a reused one tearDown terminates what t.started lists.
  }
};
