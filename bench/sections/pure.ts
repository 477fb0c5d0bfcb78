// The engine's pure functions, timed without Temporal (the loop is bench/pureLoop.ts), compiled as the
// worker compiles workflow code: its TypeScript through swc to the worker's target (`WORKFLOW_TARGET`,
// worker/bundle.ts) and bundled, so what is timed is what a worker runs; and run in a Node process of
// its own, which holds nothing but that loop (as a worker's workflow code runs in its own isolate, not
// beside the bench's other sections and their heap). The same loop as tsx runs it, in this process (one
// module at a time, every function expression named at run time), is printed beside it. Each figure is
// the least of three rounds after a warm-up round.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { WORKFLOW_TARGET } from '../../worker/bundle.ts';
import type { SectionRunner } from '../context.ts';
import { bestRound, PARTS, type PureRound } from '../pureLoop.ts';
import { row } from '../report.ts';

const loopPath = fileURLToPath(new URL('../pureLoop.ts', import.meta.url));
const execFileAsync = promisify(execFile);

/** The swc the worker's bundler uses (a dependency of @temporalio/worker). */
function workerSwc(): { transform: (code: string, options: object) => Promise<{ code: string }> } {
  const fromWorker = createRequire(createRequire(import.meta.url).resolve('@temporalio/worker'));
  return fromWorker('@swc/core') as ReturnType<typeof workerSwc>;
}

/**
 * bench/pureLoop.ts compiled as the worker compiles workflow code, in a temporary directory, and its
 * `bestRound` run in a Node process of its own (its result as JSON on stdout).
 */
async function bestRoundCompiled(cases: number, events: number): Promise<PureRound> {
  const swc = workerSwc();
  const dir = await mkdtemp(join(tmpdir(), 'jeugdflow-pure-'));
  try {
    const outfile = join(dir, 'pureLoop.mjs');
    await build({
      entryPoints: [loopPath],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile,
      logLevel: 'error',
      plugins: [
        {
          name: 'swc-as-the-worker',
          setup(b) {
            b.onLoad({ filter: /\.ts$/ }, async (args) => {
              if (args.path.includes('node_modules')) return undefined;
              const { code } = await swc.transform(await readFile(args.path, 'utf8'), {
                filename: args.path,
                jsc: { target: WORKFLOW_TARGET, parser: { syntax: 'typescript', decorators: true } },
                module: { type: 'es6' },
              });
              return { contents: code, loader: 'js' };
            });
          },
        },
      ],
    });
    const runner = join(dir, 'run.mjs');
    await writeFile(runner, `import { bestRound } from './pureLoop.mjs';\nprocess.stdout.write(JSON.stringify(bestRound(Number(process.argv[2]), Number(process.argv[3]))));\n`);
    const { stdout } = await execFileAsync(process.execPath, [runner, String(cases), String(events)], { maxBuffer: 1 << 20 });
    return JSON.parse(stdout) as PureRound;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const pure: SectionRunner = async (ctx) => {
  const events = ctx.opts.events;
  const cases = ctx.opts.quick ? 200 : 1000;
  const asWorker = await bestRoundCompiled(cases, events);
  const asTsx = bestRound(cases, events);
  const us = (r: PureRound, ms: number) => (ms / r.events) * 1000;
  const engineUs = (r: PureRound) => us(r, PARTS.reduce((sum, p) => sum + r.totals[p], 0));
  const parts = (r: PureRound) => PARTS.map((p) => `${p} ${us(r, r.totals[p]).toFixed(1)}`).join(', ');
  ctx.details.pure = {
    events: asWorker.events,
    usPerEvent: Object.fromEntries(PARTS.map((p) => [p, us(asWorker, asWorker.totals[p])])),
    startCaseUs: (asWorker.startMs / cases) * 1000,
    asTsxUsPerEvent: engineUs(asTsx),
  };
  ctx.notes.push(
    `pure engine cost per event, compiled as the worker compiles it (swc, ${WORKFLOW_TARGET}, bundled, in a process of its own; µs, history of ${events} events): ${parts(asWorker)}; startCase ${((asWorker.startMs / cases) * 1000).toFixed(0)} µs`,
    `pure engine cost per event, the same loop as tsx runs it in the bench's process: ${engineUs(asTsx).toFixed(1)} µs (${parts(asTsx)})`,
  );
  ctx.log(`pure: ${asWorker.events} events timed, compiled as the worker and as tsx`);
  return [row({ section: 'pure', metric: 'workflow-side CPU per event (no Temporal)', unit: 'µs/event', engine: engineUs(asWorker), baseline: us(asWorker, asWorker.baselineMs), better: 'lower', absolute: 20 })];
};
