// Deadline computations per second: the calendar's computeDeadline (Dutch holidays, skipped days,
// explanation, end-of-day instant in Amsterdam) and addWorkingDays, against a naive loop with plain
// Date arithmetic that skips weekends only. Same inputs, alternating timed rounds, in this process.
import { loadavg } from 'node:os';
import { addWorkingDays, computeDeadline, type IsoDate } from '../../calendar/index.ts';
import type { SectionRunner } from '../context.ts';
import { row } from '../report.ts';

const ROUNDS = 3;

/** Issue 15: computeDeadline with its Dutch explanation ≥ 1,000,000 calls/s and ≥ 2.5× the naive loop. */
export const CALENDAR_TARGET = { ratio: 2.5, perSecond: 1_000_000 } as const;

/** The n-th weekday after `from`, the naive way. */
export function naiveAddWorkingDays(from: string, n: number): string {
  const d = new Date(`${from}T00:00:00Z`);
  for (let left = n; left > 0; ) {
    d.setUTCDate(d.getUTCDate() + 1);
    const day = d.getUTCDay();
    if (day !== 0 && day !== 6) left--;
  }
  return d.toISOString().slice(0, 10);
}

/** Deterministic inputs: dates 2020–2030, terms of 1–40 days, one in ten in calendar days. */
function inputs(count: number): { kind: 'working-days' | 'days'; n: number; from: IsoDate }[] {
  let seed = 42;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const base = Date.UTC(2020, 0, 1);
  return Array.from({ length: count }, () => ({
    kind: next() < 0.1 ? 'days' : 'working-days',
    n: 1 + Math.floor(next() * 40),
    from: new Date(base + Math.floor(next() * 11 * 365) * 86_400_000).toISOString().slice(0, 10) as IsoDate,
  }));
}

/** Calls per second of `fn` over the inputs, for about `ms` milliseconds. */
function rate<T>(items: readonly T[], ms: number, fn: (item: T) => unknown): number {
  let calls = 0;
  let sink = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (const item of items) {
      const out = fn(item);
      sink += typeof out === 'string' ? out.length : 1;
    }
    calls += items.length;
    elapsed = performance.now() - started;
  }
  if (sink < 0) console.log(sink); // keep the results alive
  return (calls / elapsed) * 1000;
}

export const calendar: SectionRunner = async (ctx) => {
  const load = loadavg();
  ctx.notes.push(`calendar: load average at the start ${load.map((l) => l.toFixed(2)).join(' / ')} (1 / 5 / 15 min; calls/s drop on a busy machine, the ratio much less)`);
  const items = inputs(2000);
  const ms = ctx.opts.calendarMs;
  const sums = { deadline: 0, add: 0, naive: 0 };
  // Warm-up (JIT), then alternating rounds.
  rate(items, ms / 3, (i) => computeDeadline(i));
  rate(items, ms / 3, (i) => naiveAddWorkingDays(i.from, i.n));
  for (let r = 0; r < ROUNDS; r++) {
    sums.naive += rate(items, ms, (i) => naiveAddWorkingDays(i.from, i.n));
    sums.deadline += rate(items, ms, (i) => computeDeadline(i));
    sums.add += rate(items, ms, (i) => addWorkingDays(i.from, i.n));
    ctx.log(`calendar: round ${r + 1} / ${ROUNDS}`);
  }
  const per = (v: number) => v / ROUNDS;
  ctx.details.calendar = { loadAverage: load, perSecond: { computeDeadline: per(sums.deadline), addWorkingDays: per(sums.add), naive: per(sums.naive) }, inputs: items.length };
  return [
    row({
      section: 'calendar',
      metric: 'computeDeadline (with explanation) vs naive weekday loop',
      unit: 'calls/s',
      engine: per(sums.deadline),
      baseline: per(sums.naive),
      better: 'higher',
      target: CALENDAR_TARGET.ratio,
      absolute: CALENDAR_TARGET.perSecond,
    }),
    row({ section: 'calendar', metric: 'addWorkingDays vs naive weekday loop', unit: 'calls/s', engine: per(sums.add), baseline: per(sums.naive), better: 'higher' }),
  ];
};
