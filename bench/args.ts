// Command-line flags of `npm run bench`.
import { parseArgs } from 'node:util';

/**
 * In the order a whole run takes them: the sections that time CPU in this process (pure, calendar,
 * modules) first, before the Temporal server and the two workers start (they share the machine's cores;
 * a worker may still hold thousands of cached cases) and before other sections fill this process's heap.
 * Timed after them, a step measured 28 µs on two cores, against 22 in a run of its own.
 */
export const SECTIONS = ['pure', 'calendar', 'modules', 'throughput', 'latency', 'startup', 'memory', 'cli', 'console', 'readmodel'] as const;
export type Section = (typeof SECTIONS)[number];

export interface BenchOptions {
  sections: Section[];
  quick: boolean;
  /** Throughput: cases per variant, events per case, cases in flight. */
  cases: number;
  events: number;
  concurrency: number;
  /** Update round trip: timed sends per variant (sequential). */
  sends: number;
  /** Start-up and show: cases per variant. */
  starts: number;
  /** Worker memory: open cases at the two measuring points are memoryCases / 10 and memoryCases. */
  memoryCases: number;
  /** Console: open cases seeded (engine and baseline each). */
  consoleCases: number;
  /** Read model: case summaries fed in process. */
  readModelCases: number;
  /** Calendar: milliseconds per timed round. */
  calendarMs: number;
  cpuProf: boolean;
  /** dev: a dev server of its own (or TEMPORAL_ADDRESS); cluster: the stack of `npm run stack:cluster` (PostgreSQL + Temporal server v1.29.1) of its own. */
  server: 'dev' | 'cluster';
  out?: string;
}

export const USAGE = `npm run bench -- [options]

Benchmarks jeugdflow's engine against a plain Temporal workflow on the same server, in the same run.
Starts its own dev server (temp db, free ports) unless TEMPORAL_ADDRESS is set.

  --section <names>     only these, comma-separated: ${SECTIONS.join(', ')} (default: all)
  --quick               smaller counts (about 2 minutes instead of about 12)
  --cases <n>           throughput: cases per variant (default 400, quick 60)
  --events <n>          throughput and round trip: events per case (default 10)
  --concurrency <n>     throughput: cases in flight (default 16)
  --sends <n>           round trip: timed sends per variant (default 2000, quick 400)
  --starts <n>          start-up and show: cases per variant (default 500, quick 100)
  --memory-cases <n>    worker memory: open cases at the last point (default 10000, quick 1000);
                        the first point is a tenth of it
  --console-cases <n>   console: open cases per variant, most of them not in the worker's cache
                        (default 10000, quick 1000)
  --readmodel-cases <n> read model: case summaries fed in process (default 100000, quick 20000)
  --cpu-prof            CPU-profile the two worker children over the Temporal sections (workflows then
                        run in the worker's main thread); top functions on stderr and in the JSON
  --server cluster      run on a Temporal server v1.29.1 with PostgreSQL of its own (the stack of
                        npm run stack:cluster, in a temp dir) instead of the dev server; default
                        sections then: throughput, latency
  --out <file>          JSON results here (default bench/results/<timestamp>.json)
  --help`;

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer (got '${value}')`);
  return n;
}

export function parseBenchArgs(argv: string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      section: { type: 'string' },
      quick: { type: 'boolean', default: false },
      cases: { type: 'string' },
      events: { type: 'string' },
      concurrency: { type: 'string' },
      sends: { type: 'string' },
      starts: { type: 'string' },
      'memory-cases': { type: 'string' },
      'console-cases': { type: 'string' },
      'readmodel-cases': { type: 'string' },
      'cpu-prof': { type: 'boolean', default: false },
      out: { type: 'string' },
      server: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  if (values.server !== undefined && values.server !== 'dev' && values.server !== 'cluster') throw new Error(`--server must be dev or cluster (got '${values.server}')`);
  const server = values.server === 'cluster' ? 'cluster' : 'dev';
  const sections = values.section ? values.section.split(',').map((s) => s.trim()) : server === 'cluster' ? ['throughput', 'latency'] : [...SECTIONS];
  const unknown = sections.filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length) throw new Error(`Unknown section ${unknown.join(', ')}; known: ${SECTIONS.join(', ')}`);
  const quick = values.quick;
  return {
    sections: sections as Section[],
    quick,
    cases: positive('cases', values.cases, quick ? 60 : 400),
    events: positive('events', values.events, 10),
    concurrency: positive('concurrency', values.concurrency, 16),
    sends: positive('sends', values.sends, quick ? 400 : 2000),
    starts: positive('starts', values.starts, quick ? 100 : 500),
    memoryCases: positive('memory-cases', values['memory-cases'], quick ? 1000 : 10_000),
    consoleCases: positive('console-cases', values['console-cases'], quick ? 1000 : 10_000),
    readModelCases: positive('readmodel-cases', values['readmodel-cases'], quick ? 20_000 : 100_000),
    calendarMs: quick ? 300 : 1000,
    cpuProf: values['cpu-prof'],
    server,
    ...(values.out ? { out: values.out } : {}),
  };
}
