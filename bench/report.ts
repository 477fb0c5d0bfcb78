// Results of the benchmark: one row per figure, engine against baseline, as a table and as JSON.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname } from 'node:path';
import type { BenchOptions, Section } from './args.ts';

export interface Row {
  section: Section;
  metric: string;
  unit: string;
  engine: number;
  baseline: number;
  /** engine / baseline. */
  ratio: number;
  /** Which way is good: more (throughput) or less (latency, memory). */
  better: 'higher' | 'lower';
  /** The target on the ratio, if the issue sets one. */
  target?: number;
  /** A target on the engine's own figure as well (e.g. ≥ 1,000,000 calls/s), in the row's unit and direction. */
  absolute?: number;
  met?: boolean;
}

export function row(r: Omit<Row, 'ratio' | 'met'>): Row {
  const ratio = r.engine / r.baseline;
  const ok = (value: number, limit: number) => (r.better === 'higher' ? value >= limit : value <= limit);
  const met =
    r.target === undefined && r.absolute === undefined
      ? undefined
      : (r.target === undefined || ok(ratio, r.target)) && (r.absolute === undefined || ok(r.engine, r.absolute));
  return { ...r, ratio, ...(met === undefined ? {} : { met }) };
}

/** The target column: "≥ 2.50×", "≥ 1,000,000 calls/s", or both. */
function targetText(r: Row): string {
  const sign = r.better === 'higher' ? '≥' : '≤';
  return [
    r.target === undefined ? '' : `${sign} ${r.target.toFixed(2)}×`,
    r.absolute === undefined ? '' : `${sign} ${fmt(r.absolute)} ${r.unit}`,
  ]
    .filter(Boolean)
    .join(' and ');
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs >= 10_000) return Math.round(n).toLocaleString('en-US');
  if (abs >= 100) return n.toFixed(0);
  if (abs >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

export function formatTable(rows: readonly Row[], notes: readonly string[]): string {
  const head = ['section', 'metric', 'unit', 'engine', 'baseline', 'engine/base', 'target', 'met'];
  const body = rows.map((r) => [
    r.section,
    r.metric,
    r.unit,
    fmt(r.engine),
    fmt(r.baseline),
    `${r.ratio.toFixed(2)}×`,
    targetText(r),
    r.met === undefined ? '' : r.met ? 'yes' : 'NO',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const numeric = new Set([3, 4, 5]);
  const line = (cells: string[]) => cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line), ...(notes.length ? ['', ...notes] : [])].join('\n');
}

function git(args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

export interface BenchResult {
  startedAt: string;
  finishedAt: string;
  commit?: string;
  dirty?: boolean;
  node: string;
  cpus: number;
  cpuModel?: string;
  memoryGb: number;
  server: string;
  options: BenchOptions;
  rows: Row[];
  notes: string[];
  details: Record<string, unknown>;
}

export function environment(): Pick<BenchResult, 'commit' | 'dirty' | 'node' | 'cpus' | 'cpuModel' | 'memoryGb'> {
  const status = git(['status', '--porcelain']);
  return {
    commit: git(['rev-parse', 'HEAD']),
    ...(status !== undefined ? { dirty: status.length > 0 } : {}),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGb: Math.round(totalmem() / 2 ** 30),
  };
}

export function writeResult(file: string, result: BenchResult): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
}
