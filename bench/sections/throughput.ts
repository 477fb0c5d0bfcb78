// Throughput: cases per second, each started and driven through the same number of events, with a
// fixed number of cases in flight; engine, baseline (same search attributes) and plain Temporal (none)
// in mirrored rounds. The CPU each process spent per case (server, worker, this client) says where a
// difference comes from. After each round its cases are closed (untimed) so they leave the worker's cache.
import { addParts, cpuMeter, type CpuParts } from '../cpu.ts';
import { mirrored, workerOf, type SectionRunner } from '../context.ts';
import type { DriverKind } from '../drivers.ts';
import { row, type Row } from '../report.ts';
import { pool, since } from '../stats.ts';

const ROUNDS = 4;

export const throughput: SectionRunner = async (ctx) => {
  const t = await ctx.temporal();
  const { cases, events, concurrency } = ctx.opts;
  const perRound = Math.max(1, Math.ceil(cases / ROUNDS));
  const kinds: DriverKind[] = ['baseline', 'engine', 'plain'];
  const zero = (): CpuParts => ({ server: 0, worker: 0, client: 0 });
  const elapsed: Record<DriverKind, number> = { engine: 0, baseline: 0, plain: 0 };
  const done: Record<DriverKind, number> = { engine: 0, baseline: 0, plain: 0 };
  const cpu: Record<DriverKind, CpuParts> = { engine: zero(), baseline: zero(), plain: zero() };
  let round = 0;
  for (const variant of mirrored(kinds, ROUNDS)) {
    const driver = t.drivers[variant];
    const prefix = `BT-${t.runId}-${variant[0]}${round++}`;
    const meter = cpuMeter({ server: t.server.pid, worker: t.workers[workerOf(variant)].pid });
    const started = performance.now();
    await pool(perRound, concurrency, async (i) => {
      const id = `${prefix}-${i}`;
      await driver.start(id);
      for (let e = 0; e < events; e++) await driver.send(id, e);
    });
    const ms = since(started);
    cpu[variant] = addParts(cpu[variant], meter.stop());
    elapsed[variant] += ms;
    done[variant] += perRound;
    ctx.log(`throughput ${variant.padEnd(8)} round ${round}: ${perRound} cases × ${events} events in ${(ms / 1000).toFixed(1)} s = ${((perRound / ms) * 1000).toFixed(1)} cases/s`);
    await pool(perRound, concurrency, (i) => driver.close(`${prefix}-${i}`));
  }
  const perSecond = (v: DriverKind) => (done[v] / elapsed[v]) * 1000;
  ctx.details.throughput = { cases: done, events, concurrency, elapsedMs: elapsed, cpuSeconds: cpu };
  const rows: Row[] = [
    // Issue 15: not worse than the ratio measured before the module sharing (0.84×).
    row({ section: 'throughput', metric: `cases/s (start + ${events} events, ${concurrency} in flight)`, unit: 'cases/s', engine: perSecond('engine'), baseline: perSecond('baseline'), better: 'higher', target: 0.84 }),
    row({ section: 'throughput', metric: 'events/s (same run)', unit: 'events/s', engine: perSecond('engine') * events, baseline: perSecond('baseline') * events, better: 'higher' }),
    row({ section: 'throughput', metric: 'cases/s against plain Temporal (no search attributes)', unit: 'cases/s', engine: perSecond('engine'), baseline: perSecond('plain'), better: 'higher' }),
  ];
  ctx.notes.push(
    `throughput: keeping the ten search attributes current costs the baseline itself ${(perSecond('baseline') / perSecond('plain')).toFixed(2)}× of plain Temporal's cases/s (${perSecond('baseline').toFixed(1)} vs ${perSecond('plain').toFixed(1)})`,
  );
  for (const part of ['server', 'worker', 'client'] as const) {
    const e = cpu.engine[part];
    const b = cpu.baseline[part];
    if (e === undefined || b === undefined) continue;
    rows.push(row({ section: 'throughput', metric: `${part} CPU per case`, unit: 'ms/case', engine: (e / done.engine) * 1000, baseline: (b / done.baseline) * 1000, better: 'lower' }));
  }
  return rows;
};
