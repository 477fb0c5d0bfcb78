// Wall time of `jeugdflow` commands as a person types them (`node bin/jeugdflow.js …`, a fresh
// process each time) against `node -e 0`, in the same run, rounds mirrored so a busy neighbour hits
// all alike; medians. Commands that need no server (`--help`, `deadline`, `procedures`): target ≤ 4×;
// `show` and `send` against the run's dev server and engine worker: target ≤ 8× (issue 15).
// The bench measures the compiled CLI: a missing or stale dist/cli is rebuilt first (and said so).
import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { mirrored, track, type SectionRunner } from '../context.ts';
import { benchEvent } from '../events.ts';
import { row, type Row } from '../report.ts';
import { median } from '../stats.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = fileURLToPath(new URL('../../bin/jeugdflow.js', import.meta.url));

export const CLI_TARGETS = { local: 4, server: 8 } as const;

/** Same check as bin/jeugdflow.js: is dist/cli there and no input newer than its build? */
export function cliBundleFresh(): boolean {
  try {
    const build = JSON.parse(readFileSync(new URL('../../dist/cli/build.json', import.meta.url), 'utf8')) as { startedAt: number; inputs: string[] };
    return build.inputs.every((input) => statSync(new URL(input, new URL('../../', import.meta.url))).mtimeMs <= build.startedAt);
  } catch {
    return false;
  }
}

interface Timed {
  name: string;
  args: string[];
  target: number;
  env?: NodeJS.ProcessEnv;
}

/** Wall time of one process from spawn to exit, in ms; a non-zero exit fails the section. */
async function wall(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  try {
    await run(process.execPath, args, { cwd: root, env, maxBuffer: 16 * 2 ** 20 });
  } catch (err) {
    const e = err as { code?: number; stderr?: string };
    throw new Error(`${args.slice(1).join(' ')} exited ${e.code}: ${(e.stderr ?? '').split('\n')[0]}`);
  }
  return performance.now() - started;
}

export const cli: SectionRunner = async (ctx) => {
  const load = loadavg().map((l) => l.toFixed(2)).join(' / ');
  ctx.notes.push(`cli: load average at the start ${load} (1 / 5 / 15 min)`);
  if (!cliBundleFresh()) {
    ctx.log('cli: dist/cli missing or older than its sources; compiling it (node scripts/buildCli.mjs)');
    await run(process.execPath, [fileURLToPath(new URL('../../scripts/buildCli.mjs', import.meta.url))], { cwd: root });
    if (!cliBundleFresh()) throw new Error('the CLI build did not produce a fresh dist/cli (see `npm run build:cli`)');
    ctx.notes.push('cli: dist/cli was missing or stale and was compiled before measuring');
  }

  const baseEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
  delete baseEnv.JEUGDFLOW_CLI_TSX;
  const commands: Timed[] = [
    { name: '--help', args: ['--help'], target: CLI_TARGETS.local },
    { name: 'deadline', args: ['deadline', '--from', '2026-11-20', '--working-days', '5'], target: CLI_TARGETS.local },
    { name: 'procedures', args: ['procedures'], target: CLI_TARGETS.local },
  ];

  const t = await ctx.temporal();
  const engine = t.drivers.engine;
  const caseId = `BC-${t.runId}`;
  await engine.start(caseId);
  track(t, engine, caseId);
  const serverEnv = { ...baseEnv, ...t.server.env, TEMPORAL_TASK_QUEUE: engine.taskQueue, LOG_LEVEL: 'warn' };
  const event = benchEvent(0);
  commands.push(
    { name: 'show', args: ['show', caseId], target: CLI_TARGETS.server, env: serverEnv },
    { name: 'send', args: ['send', caseId, event.type, '--as', 'contractmanager:bench-cm', '--data', JSON.stringify(event.payload)], target: CLI_TARGETS.server, env: serverEnv },
  );

  const rounds = ctx.opts.quick ? 5 : 9;
  const kinds = ['node -e 0', ...commands.map((c) => c.name)];
  const samples = new Map<string, number[]>(kinds.map((k) => [k, []]));
  // One untimed pass: the file system cache and the dev server's first answers.
  await wall(['-e', '0'], baseEnv);
  for (const c of commands) await wall([bin, ...c.args], c.env ?? baseEnv);
  for (const kind of mirrored(kinds, rounds)) {
    const c = commands.find((x) => x.name === kind);
    samples.get(kind)!.push(c ? await wall([bin, ...c.args], c.env ?? baseEnv) : await wall(['-e', '0'], baseEnv));
  }
  await engine.close(caseId);

  const nodeMs = median(samples.get('node -e 0')!);
  ctx.details.cli = { loadAverage: loadavg(), rounds, samplesMs: Object.fromEntries(samples) };
  ctx.log(`cli: node -e 0 ${nodeMs.toFixed(0)} ms; ${commands.map((c) => `${c.name} ${median(samples.get(c.name)!).toFixed(0)} ms`).join(', ')}`);
  return commands.map(
    (c): Row =>
      row({
        section: 'cli',
        metric: `jeugdflow ${c.name}${c.target === CLI_TARGETS.server ? ' (dev server)' : ''} vs node -e 0, median of ${rounds}`,
        unit: 'ms',
        engine: median(samples.get(c.name)!),
        baseline: nodeMs,
        better: 'lower',
        target: c.target,
      }),
  );
};
