// Update round trip: one send at a time (no queueing), the time from sending an event to having the
// new state back; engine, baseline and plain Temporal take turns case by case. Then the `show` query.
import type { SectionRunner } from '../context.ts';
import type { DriverKind } from '../drivers.ts';
import { row } from '../report.ts';
import { percentiles, since } from '../stats.ts';

export const latency: SectionRunner = async (ctx) => {
  const t = await ctx.temporal();
  const { sends, events } = ctx.opts;
  const cases = Math.ceil(sends / events);
  const samples: Record<DriverKind, number[]> = { engine: [], baseline: [], plain: [] };
  const shows: Record<DriverKind, number[]> = { engine: [], baseline: [], plain: [] };
  for (let c = 0; c < cases; c++) {
    for (const variant of (c % 2 === 0 ? ['baseline', 'engine', 'plain'] : ['plain', 'engine', 'baseline']) as DriverKind[]) {
      const driver = t.drivers[variant];
      const id = `BL-${t.runId}-${variant[0]}${c}`;
      await driver.start(id);
      for (let e = 0; e < events; e++) {
        const started = performance.now();
        await driver.send(id, e);
        samples[variant].push(since(started));
      }
      const started = performance.now();
      await driver.show(id);
      shows[variant].push(since(started));
      await driver.close(id);
    }
    if ((c + 1) % Math.max(1, Math.floor(cases / 10)) === 0) ctx.log(`round trip: ${(c + 1) * events} / ${cases * events} sends per variant`);
  }
  const e = percentiles(samples.engine);
  const b = percentiles(samples.baseline);
  const p = percentiles(samples.plain);
  const se = percentiles(shows.engine);
  const sb = percentiles(shows.baseline);
  ctx.details.latency = { sends: { engine: e, baseline: b, plain: p }, showAfterEvents: { engine: se, baseline: sb, plain: percentiles(shows.plain) } };
  const metric = (p: string) => `update round trip ${p} (${e.n} sends)`;
  return [
    row({ section: 'latency', metric: metric('p50'), unit: 'ms', engine: e.p50, baseline: b.p50, better: 'lower' }),
    row({ section: 'latency', metric: metric('p95'), unit: 'ms', engine: e.p95, baseline: b.p95, better: 'lower' }),
    // Issue 15: not worse than the ratio measured before the module sharing (1.07×).
    row({ section: 'latency', metric: metric('p99'), unit: 'ms', engine: e.p99, baseline: b.p99, better: 'lower', target: 1.07 }),
    row({ section: 'latency', metric: 'update round trip p99 against plain Temporal', unit: 'ms', engine: e.p99, baseline: p.p99, better: 'lower' }),
    row({ section: 'latency', metric: `show after ${events} events p95 (${se.n})`, unit: 'ms', engine: se.p95, baseline: sb.p95, better: 'lower' }),
  ];
};
