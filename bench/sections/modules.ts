// What one workflow costs the worker before it does anything: with the SDK's reusable V8 context
// (the default), every cached workflow gets its OWN instance of every module of the bundle (only
// @temporalio/workflow's own are shared). This section instantiates workflows of each bundle in this
// process, as the worker's workflow thread would, and measures heap and time per workflow: the engine
// bundle, the baseline bundle, and probes that tell the parts apart (zod, the ladder, all machines).
//
// Uses the SDK's internal ReusableVMWorkflowCreator (@temporalio/worker/lib/workflow/reusable-vm.js,
// checked against 1.24): an internal API; re-check when upgrading.
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { parseWorkflowCode } from '@temporalio/worker/lib/worker.js';
import { ReusableVMWorkflowCreator } from '@temporalio/worker/lib/workflow/reusable-vm.js';
import type { SectionRunner } from '../context.ts';
import { row } from '../report.ts';
import { bundlerOptions } from '../../worker/bundle.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const workflowsPath = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));
const probe = (name: string) => fileURLToPath(new URL(`../moduleProbes/${name}.ts`, import.meta.url));
const BUNDLES = [
  { name: 'engine', path: workflowsPath, workflowType: 'caseWorkflow', options: bundlerOptions },
  { name: 'baseline', path: fileURLToPath(new URL('../baselineWorkflow.ts', import.meta.url)), workflowType: 'baselineWorkflow' },
  { name: 'zod only', path: probe('zodOnly'), workflowType: 'probeWorkflow' },
  { name: 'ladder machine only', path: probe('ladderOnly'), workflowType: 'probeWorkflow' },
  { name: 'all five machines', path: probe('allMachines'), workflowType: 'probeWorkflow' },
] as const;

interface Cost {
  bundleKb: number;
  heapKbPerWorkflow: number;
  msPerWorkflow: number;
}

async function settleHeap(): Promise<number> {
  gc();
  await new Promise((r) => setTimeout(r, 50));
  gc();
  return process.memoryUsage().heapUsed;
}

async function measure(path: string, workflowType: string, count: number, options: typeof bundlerOptions | undefined): Promise<Cost> {
  const { code } = await bundleWorkflowCode({ workflowsPath: path, logger: new DefaultLogger('WARN'), ...options });
  const creator = await ReusableVMWorkflowCreator.create(parseWorkflowCode(code), 10_000, new Set(['sendNotificationMail', 'sendReminderMail', 'logEffect', 'performEffect']));
  const workflows: { dispose(): Promise<void> }[] = [];
  const create = (i: number) =>
    creator.createWorkflow({
      info: { workflowType, runId: `probe-${i}`, workflowId: `probe-${i}`, namespace: 'default', taskQueue: 'probe', attempt: 1, historyLength: 1, unsafe: { isReplaying: false, now: () => Date.now() } } as never,
      randomnessSeed: [1, 2],
      now: Date.now(),
      showStackTraceSources: false,
    });
  try {
    workflows.push(await create(-1)); // first one: compiles lazily-compiled functions
    const before = await settleHeap();
    const started = performance.now();
    for (let i = 0; i < count; i++) workflows.push(await create(i));
    const ms = performance.now() - started;
    const after = await settleHeap();
    return { bundleKb: code.length / 1024, heapKbPerWorkflow: (after - before) / count / 1024, msPerWorkflow: ms / count };
  } finally {
    for (const w of workflows) await w.dispose();
    await creator.destroy();
  }
}

export const modules: SectionRunner = async (ctx) => {
  const count = ctx.opts.quick ? 30 : 100;
  const costs: Record<string, Cost> = {};
  for (const b of BUNDLES) {
    costs[b.name] = await measure(b.path, b.workflowType, count, 'options' in b ? b.options : undefined);
    ctx.log(`modules: ${b.name}: ${costs[b.name]!.heapKbPerWorkflow.toFixed(0)} KB heap and ${costs[b.name]!.msPerWorkflow.toFixed(1)} ms per workflow (bundle ${costs[b.name]!.bundleKb.toFixed(0)} KB)`);
  }
  ctx.details.modules = { workflowsPerBundle: count, costs };
  const parts = BUNDLES.slice(2).map((b) => `${b.name} ${costs[b.name]!.heapKbPerWorkflow.toFixed(0)} KB / ${costs[b.name]!.msPerWorkflow.toFixed(0)} ms`);
  ctx.notes.push(`modules: each workflow instantiates its own copy of the bundle's modules; per workflow: ${parts.join(', ')}`);
  const e = costs.engine!;
  const b = costs.baseline!;
  return [
    // Issue 15: ≤ 150 KB and ≤ 5× the baseline; ≤ 3 ms and ≤ 4× the baseline.
    row({ section: 'modules', metric: 'heap per workflow for its own module instances', unit: 'KB', engine: e.heapKbPerWorkflow, baseline: b.heapKbPerWorkflow, better: 'lower', target: 5, absolute: 150 }),
    row({ section: 'modules', metric: 'CPU to instantiate a workflow (start, cache miss)', unit: 'ms', engine: e.msPerWorkflow, baseline: b.msPerWorkflow, better: 'lower', target: 4, absolute: 3 }),
  ];
};
