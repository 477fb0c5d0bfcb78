// Start-up of a case (start, then the first answer to a query: what `jeugdflow start` waits for) and
// the query behind `jeugdflow show` on the fresh case; engine and baseline alternate.
import type { SectionRunner } from '../context.ts';
import type { Variant } from '../drivers.ts';
import { row } from '../report.ts';
import { percentiles, since } from '../stats.ts';

export const startup: SectionRunner = async (ctx) => {
  const t = await ctx.temporal();
  const starts: Record<Variant, number[]> = { engine: [], baseline: [] };
  const shows: Record<Variant, number[]> = { engine: [], baseline: [] };
  const n = ctx.opts.starts;
  for (let c = 0; c < n; c++) {
    for (const variant of (c % 2 === 0 ? ['baseline', 'engine'] : ['engine', 'baseline']) as Variant[]) {
      const driver = t.drivers[variant];
      const id = `BS-${t.runId}-${variant[0]}${c}`;
      let started = performance.now();
      await driver.start(id);
      starts[variant].push(since(started));
      started = performance.now();
      await driver.show(id);
      shows[variant].push(since(started));
      // Untimed: a case closes only after a hearing; closed cases leave the worker's cache.
      await driver.send(id, 0);
      await driver.close(id);
    }
    if ((c + 1) % Math.max(1, Math.floor(n / 5)) === 0) ctx.log(`start-up: ${c + 1} / ${n} cases per variant`);
  }
  const [se, sb, qe, qb] = [starts.engine, starts.baseline, shows.engine, shows.baseline].map(percentiles) as [
    ReturnType<typeof percentiles>, ReturnType<typeof percentiles>, ReturnType<typeof percentiles>, ReturnType<typeof percentiles>,
  ];
  ctx.details.startup = { start: { engine: se, baseline: sb }, show: { engine: qe, baseline: qb } };
  return [
    row({ section: 'startup', metric: `start a case p50 (${n})`, unit: 'ms', engine: se.p50, baseline: sb.p50, better: 'lower' }),
    // Issue 15: not worse than before the module sharing (1.46×, measured on 4c06e8e with --quick).
    row({ section: 'startup', metric: `start a case p95 (${n})`, unit: 'ms', engine: se.p95, baseline: sb.p95, better: 'lower', target: 1.46 }),
    row({ section: 'startup', metric: `show (query) p50 (${n})`, unit: 'ms', engine: qe.p50, baseline: qb.p50, better: 'lower' }),
    row({ section: 'startup', metric: `show (query) p95 (${n})`, unit: 'ms', engine: qe.p95, baseline: qb.p95, better: 'lower' }),
  ];
};
