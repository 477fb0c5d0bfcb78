// Worker memory: a fresh worker child per variant keeps every case it started in its workflow cache
// (maxCachedWorkflows above the count); its RSS every tenth of the way to N open cases gives the
// growth per case. A worker that dies on the way (out of memory) ends its series; that count is the
// finding then.
import { track, type SectionRunner } from '../context.ts';
import { baselineDriver, engineDriver, type Variant } from '../drivers.ts';
import { row, type Row } from '../report.ts';
import { pool, since } from '../stats.ts';
import { startWorker, type BenchWorker } from '../workers.ts';

const MB = 2 ** 20;
const WARM_UP = 20;
const CONCURRENCY = 32;
const STEPS = 10;

interface Point {
  cases: number;
  rss: number;
  heapUsed: number;
  cached: number;
  /** Seconds to open the cases since the previous point. */
  seconds: number;
}

/** RSS settles a moment after the last start; take the last of three readings a second apart. */
async function settle(worker: BenchWorker): Promise<Omit<Point, 'cases' | 'seconds'>> {
  let s = await worker.status();
  for (let i = 0; i < 2; i++) {
    await new Promise((r) => setTimeout(r, 1000));
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
    let dead: string | undefined;
    const death = worker.exited.then((how) => {
      dead = how;
      throw new Error(`worker ended (${how})`);
    });
    death.catch(() => undefined);
    let opened = 0;
    const openUpTo = async (target: number) => {
      const from = opened;
      await Promise.race([
        death,
        pool(target - from, CONCURRENCY, async (i) => {
          if (dead) return;
          const id = `BM-${t.runId}-${variant[0]}${from + i}`;
          await driver.start(id);
          track(t, driver, id);
          opened++;
        }),
      ]);
    };
    try {
      await openUpTo(WARM_UP);
      series[variant].push({ cases: 0, seconds: 0, ...(await Promise.race([death, settle(worker)])) });
      for (let target = step; target <= last; target += step) {
        const began = performance.now();
        await openUpTo(WARM_UP + target);
        const seconds = since(began) / 1000;
        const p = { cases: target, seconds, ...(await Promise.race([death, settle(worker)])) };
        series[variant].push(p);
        ctx.log(`memory ${variant}: ${target} open cases, RSS ${(p.rss / MB).toFixed(0)} MB, ${p.cached} cached, last ${step} opened in ${seconds.toFixed(0)} s`);
      }
    } catch (err) {
      died[variant] = `${variant} worker died with about ${opened - WARM_UP} open cases (${dead ?? (err as Error).message})`;
      ctx.log(died[variant]!);
      ctx.notes.push(`memory: ${died[variant]}`);
    } finally {
      await worker.stop();
    }
  }
  ctx.details.memory = { series, died };
  const at = (v: Variant, cases: number) => series[v].find((p) => p.cases === cases);
  const lastOf = (v: Variant) => series[v].at(-1);
  const rows: Row[] = [];
  const rss = (metric: string, e: Point | undefined, b: Point | undefined) => {
    if (e && b) rows.push(row({ section: 'memory', metric, unit: 'MB', engine: e.rss / MB, baseline: b.rss / MB, better: 'lower' }));
  };
  rss('worker RSS, warm, no open cases', at('engine', 0), at('baseline', 0));
  rss(`worker RSS with ${step} open cases cached`, at('engine', step), at('baseline', step));
  const le = lastOf('engine');
  const lb = lastOf('baseline');
  if (le && lb && le.cases > step) {
    const comparable = at('baseline', le.cases) ?? lb;
    rss(`worker RSS with ${le.cases} open cases cached${died.engine ? ' (engine: last point before it died)' : ''}`, le, comparable);
    const growth = (p: Point[], upTo: number) => {
      const a = p.find((x) => x.cases === step);
      const b = p.find((x) => x.cases === upTo);
      return a && b ? (b.rss - a.rss) / (b.cases - a.cases) / 1024 : Number.NaN;
    };
    rows.push(row({ section: 'memory', metric: `RSS growth per case, ${step} → ${le.cases}`, unit: 'KB/case', engine: growth(series.engine, le.cases), baseline: growth(series.baseline, comparable.cases), better: 'lower' }));
  }
  const first = (v: Variant) => {
    const a = at(v, 0);
    const b = at(v, step);
    return a && b ? (b.rss - a.rss) / step / 1024 : Number.NaN;
  };
  rows.push(row({ section: 'memory', metric: `RSS growth per case, 0 → ${step}`, unit: 'KB/case', engine: first('engine'), baseline: first('baseline'), better: 'lower' }));
  const secs = (v: Variant) => series[v].reduce((a, p) => a + p.seconds, 0) / Math.max(1, lastOf(v)?.cases ?? 1) * 1000;
  rows.push(row({ section: 'memory', metric: 'time to open a case (32 at a time)', unit: 'ms/case', engine: secs('engine'), baseline: secs('baseline'), better: 'lower' }));
  return rows;
};
