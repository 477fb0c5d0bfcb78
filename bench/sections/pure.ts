// The engine's pure functions, timed in this process without Temporal (the loop is bench/pureLoop.ts),
// compiled as the worker compiles workflow code: its TypeScript through swc to the worker's target
// (`WORKFLOW_TARGET`, worker/bundle.ts) and bundled, so what is timed is what a worker runs. The same
// loop as tsx runs it (one module at a time, every function expression named at run time) is printed
// beside it. Each figure is the least of three rounds after a warm-up round.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { WORKFLOW_TARGET } from '../../worker/bundle.ts';
import type { SectionRunner } from '../context.ts';
import { PARTS, pureRound, type PureRound } from '../pureLoop.ts';
import { row } from '../report.ts';

const loopPath = fileURLToPath(new URL('../pureLoop.ts', import.meta.url));

/** The swc the worker's bundler uses (a dependency of @temporalio/worker). */
function workerSwc(): { transform: (code: string, options: object) => Promise<{ code: string }> } {
  const fromWorker = createRequire(createRequire(import.meta.url).resolve('@temporalio/worker'));
  return fromWorker('@swc/core') as ReturnType<typeof workerSwc>;
}

/** bench/pureLoop.ts compiled as the worker compiles workflow code, loaded from a temporary directory. */
async function compiledLoop(): Promise<{ pureRound: typeof pureRound }> {
  const swc = workerSwc();
  const dir = await mkdtemp(join(tmpdir(), 'jeugdflow-pure-'));
  const outfile = join(dir, 'pureLoop.mjs');
  try {
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
    return (await import(pathToFileURL(outfile).href)) as { pureRound: typeof pureRound };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The least of three rounds after a warm-up, per part and for the baseline. */
function best(run: () => PureRound): PureRound {
  run();
  const rounds = [run(), run(), run()];
  const least = (pick: (r: PureRound) => number) => Math.min(...rounds.map(pick));
  return {
    totals: Object.fromEntries(PARTS.map((p) => [p, least((r) => r.totals[p])])) as PureRound['totals'],
    baselineMs: least((r) => r.baselineMs),
    startMs: least((r) => r.startMs),
    events: rounds[0]!.events,
  };
}

export const pure: SectionRunner = async (ctx) => {
  const events = ctx.opts.events;
  const cases = ctx.opts.quick ? 200 : 1000;
  const compiled = await compiledLoop();
  const asWorker = best(() => compiled.pureRound(cases, events));
  const asTsx = best(() => pureRound(cases, events));
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
    `pure engine cost per event, compiled as the worker compiles it (swc, ${WORKFLOW_TARGET}, bundled; µs, history of ${events} events): ${parts(asWorker)}; startCase ${((asWorker.startMs / cases) * 1000).toFixed(0)} µs`,
    `pure engine cost per event, the same loop as tsx runs it: ${engineUs(asTsx).toFixed(1)} µs (${parts(asTsx)})`,
  );
  ctx.log(`pure: ${asWorker.events} events timed, compiled as the worker and as tsx`);
  return [row({ section: 'pure', metric: 'workflow-side CPU per event (no Temporal)', unit: 'µs/event', engine: engineUs(asWorker), baseline: us(asWorker, asWorker.baselineMs), better: 'lower', absolute: 20 })];
};
