// What every benchmark section gets: options, progress output, and (for the Temporal sections) the
// server, the two drivers and their worker children.
import type { BenchOptions } from './args.ts';
import type { Driver, DriverKind, Variant } from './drivers.ts';
import type { Row } from './report.ts';
import type { BenchServer } from './server.ts';
import type { BenchWorker, Bundles } from './workers.ts';

export interface TemporalContext {
  server: BenchServer;
  bundles: Bundles;
  drivers: Record<DriverKind, Driver>;
  /** The plain driver runs on the baseline worker. */
  workers: Record<Variant, BenchWorker>;
  /** Unique per run: case ids and task queues carry it. */
  runId: string;
  /** Every workflow started, per task queue, to terminate afterwards on a reused server. */
  started: Map<string, string[]>;
}

export interface BenchContext {
  opts: BenchOptions;
  /** Progress, to stderr. */
  log(line: string): void;
  temporal(): Promise<TemporalContext>;
  /** Extra facts for the JSON (raw samples summaries, profiles). */
  details: Record<string, unknown>;
  notes: string[];
}

export type SectionRunner = (ctx: BenchContext) => Promise<Row[]>;

/** Round orders that mirror each other (A B C, C B A, …), so drift (a warming server, a busy neighbour) hits all alike. */
export function mirrored<T>(kinds: readonly T[], rounds: number): T[] {
  const out: T[] = [];
  for (let r = 0; r < rounds; r++) out.push(...(r % 2 === 0 ? kinds : [...kinds].reverse()));
  return out;
}

/** Which worker runs a driver's workflows. */
export const workerOf = (kind: DriverKind): Variant => (kind === 'engine' ? 'engine' : 'baseline');

/** Records a started workflow for clean-up. */
export function track(t: TemporalContext, driver: Driver, id: string): void {
  const list = t.started.get(driver.taskQueue) ?? [];
  list.push(driver.workflowId(id));
  t.started.set(driver.taskQueue, list);
}
