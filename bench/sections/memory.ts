// Worker memory: a fresh worker child per variant keeps every case it started in its workflow cache
// (maxCachedWorkflows above the count); its RSS every tenth of the way to N open cases gives the
// growth per case. Cases are launched without waiting for them (32 starts in flight); a point is
// taken once the worker reports them all cached. A worker that dies on the way (out of memory) ends
// its series; how many cases it held then is the finding.
import { track, type SectionRunner } from '../context.ts';
import { baselineDriver, engineDriver, type Variant } from '../drivers.ts';
import { row, type Row } from '../report.ts';
import { pool, since } from '../stats.ts';
import { startWorker, type BenchWorker } from '../workers.ts';

const MB = 2 ** 20;
const WARM_UP = 20;
const CONCURRENCY = 32;
const STEPS = 10;
/** Give up on a point when the cache has not grown for this long. */
const STALL_MS = 120_000;

interface Point {
  cases: number;
  rss: number;
  heapUsed: number;
  cached: number;
  /** Seconds from the previous point until this one's cases were all cached. */
  seconds: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the worker holds `target` workflows in its cache; then RSS after it settles (last of three readings). */
async function pointAt(worker: BenchWorker, target: number): Promise<Omit<Point, 'cases' | 'seconds'>> {
  let last = -1;
  let since = Date.now();
  for (;;) {
    const s = await worker.status();
    if (s.numCachedWorkflows >= target) break;
    if (s.numCachedWorkflows !== last) [last, since] = [s.numCachedWorkflows, Date.now()];
    if (Date.now() - since > STALL_MS) throw new Error(`the worker's cache stays at ${last} of ${target} workflows`);
    await sleep(500);
  }
  let s = await worker.status();
  for (let i = 0; i < 2; i++) {
    await sleep(1000);
    s = await worker.status();
  }
  return { rss: s.rss, heapUsed: s.heapUsed, cached: s.numCachedWorkflows };
}

export const memory: SectionRunner = async (ctx) => {
  const t = await ctx.temporal();
  const last = ctx.opts.memoryCases;
  const step = Math.max(1, Math.round(last / STEPS));
  const series: Record<Variant, Point[]> = { engine: [], baseline: [] };
  const died: Partial<Record<Variant, string>> = {};
  for (const variant of ['baseline', 'engine'] as const) {
    const taskQueue = `bench-mem-${variant}-${t.runId}`;
    const worker = await startWorker({ variant, taskQueue, bundles: t.bundles, maxCachedWorkflows: last + WARM_UP + 100, env: t.server.env });
    const driver = variant === 'engine' ? engineDriver(t.server.client, taskQueue) : baselineDriver(t.server.client, taskQueue);
    const abort = new AbortController();
    let dead: string | undefined;
    const death = worker.exited.then((how) => {
      dead = how;
      abort.abort();
      throw new Error(`worker ended (${how})`);
    });
    death.catch(() => undefined);
    let launched = 0;
    const launchUpTo = async (target: number) => {
      const from = launched;
      await pool(target - from, CONCURRENCY, async (i) => {
        if (dead) return;
        const id = `BM-${t.runId}-${variant[0]}${from + i}`;
        await t.server.connection.withAbortSignal(abort.signal, () => driver.launch(id)).catch((err: unknown) => {
          if (!dead) throw err;
        });
        track(t, driver, id);
        launched++;
      });
    };
    const began = performance.now();
    let mark = began;
    try {
      await launchUpTo(WARM_UP);
      series[variant].push({ cases: 0, seconds: 0, ...(await Promise.race([death, pointAt(worker, WARM_UP)])) });
      for (let target = step; target <= last; target += step) {
        mark = performance.now();
        await launchUpTo(WARM_UP + target);
        const p = { cases: target, ...(await Promise.race([death, pointAt(worker, WARM_UP + target)])), seconds: since(mark) / 1000 };
        series[variant].push(p);
        ctx.log(`memory ${variant}: ${target} open cases cached, RSS ${(p.rss / MB).toFixed(0)} MB, last ${step} in ${p.seconds.toFixed(0)} s`);
      }
    } catch (err) {
      const held = series[variant].at(-1)?.cases ?? 0;
      died[variant] = `${variant} worker gave out between ${held} and ${held + step} open cases: ${dead ?? (err as Error).message}`;
      ctx.log(died[variant]!);
      ctx.notes.push(`memory: ${died[variant]}`);
    } finally {
      abort.abort();
      await worker.stop();
    }
    ctx.log(`memory ${variant}: ${((performance.now() - began) / 1000).toFixed(0)} s`);
  }
  ctx.details.memory = { series, died };
  const at = (v: Variant, cases: number) => series[v].find((p) => p.cases === cases);
  const rows: Row[] = [];
  const rss = (metric: string, e: Point | undefined, b: Point | undefined, target?: number) => {
    if (e && b) rows.push(row({ section: 'memory', metric, unit: 'MB', engine: e.rss / MB, baseline: b.rss / MB, better: 'lower', ...(target ? { target } : {}) }));
  };
  const growth = (v: Variant, from: number, to: number) => {
    const a = at(v, from);
    const b = at(v, to);
    return a && b ? (b.rss - a.rss) / (b.cases - a.cases) / 1024 : Number.NaN;
  };
  rss('worker RSS, warm, no open cases', at('engine', 0), at('baseline', 0));
  rss(`worker RSS with ${step} open cases cached`, at('engine', step), at('baseline', step));
  rows.push(row({ section: 'memory', metric: `RSS growth per case, 0 → ${step}`, unit: 'KB/case', engine: growth('engine', 0, step), baseline: growth('baseline', 0, step), better: 'lower' }));
  // The furthest point both reached, and each one's own last point.
  const both = Math.min(series.engine.at(-1)?.cases ?? 0, series.baseline.at(-1)?.cases ?? 0);
  if (both > step) {
    // Issue 15: a worker holds 10,000 cached open cases (the default) with RSS ≤ 1.3× the baseline's.
    rss(`worker RSS with ${both} open cases cached`, at('engine', both), at('baseline', both), 1.3);
    rows.push(row({ section: 'memory', metric: `RSS growth per case, ${step} → ${both}`, unit: 'KB/case', engine: growth('engine', step, both), baseline: growth('baseline', step, both), better: 'lower' }));
  }
  const reached = (v: Variant) => series[v].at(-1)?.cases ?? 0;
  rows.push(row({ section: 'memory', metric: `open cases held (of ${last})${died.engine || died.baseline ? '; worker died after' : ''}`, unit: 'cases', engine: reached('engine'), baseline: reached('baseline'), better: 'higher' }));
  const msPerCase = (v: Variant) => (series[v].reduce((a, p) => a + p.seconds, 0) / Math.max(1, reached(v))) * 1000;
  rows.push(row({ section: 'memory', metric: `time to open and cache a case (${CONCURRENCY} starts in flight)`, unit: 'ms/case', engine: msPerCase('engine'), baseline: msPerCase('baseline'), better: 'lower' }));
  return rows;
};
