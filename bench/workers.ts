// Worker children of the benchmark (bench/workerProcess.ts): bundles built once, one process per
// worker, status (RSS, cached workflows) over IPC, a clean stop so `--cpu-prof` profiles get written.
import { fork, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { failureConverterPath } from '../security/codec.ts';
import { bundlerOptions, workflowsPath } from '../worker/bundle.ts';
import type { Variant } from './drivers.ts';
import type { ChildMessage } from './ipc.ts';

const workerScript = fileURLToPath(new URL('./workerProcess.ts', import.meta.url));
const baselinePath = fileURLToPath(new URL('./baselineWorkflow.ts', import.meta.url));

export type Bundles = Record<Variant, string>;

/** Bundles the case workflow and the baseline workflow (separately) into `dir`; returns their paths. */
export async function buildBundles(dir: string): Promise<Bundles> {
  const out = {} as Bundles;
  for (const [variant, path] of [['engine', workflowsPath], ['baseline', baselinePath]] as const) {
    const { code } = await bundleWorkflowCode({ workflowsPath: path, failureConverterPath, logger: new DefaultLogger('WARN'), ...(variant === 'engine' ? bundlerOptions : {}) });
    out[variant] = join(dir, `${variant}-bundle.js`);
    await writeFile(out[variant], code);
  }
  return out;
}

export interface BenchWorker {
  variant: Variant;
  taskQueue: string;
  pid: number;
  /** Resolves with a description when the process ends (a crash, e.g. out of memory, or stop()). */
  exited: Promise<string>;
  status(): Promise<Extract<ChildMessage, { type: 'status' }>>;
  /** Starts the CPU profiler in the worker (only when started with `profile`). */
  startProfile(): void;
  /** Stops it and writes the profile to `file`. */
  stopProfile(file: string): Promise<void>;
  stop(): Promise<void>;
}

export interface StartWorkerOptions {
  variant: Variant;
  taskQueue: string;
  bundles: Bundles;
  maxCachedWorkflows: number;
  env: NodeJS.ProcessEnv;
  /** Run workflows in the worker's main thread, so they can be CPU-profiled (not for measuring). */
  profile?: boolean;
}

export async function startWorker(opts: StartWorkerOptions): Promise<BenchWorker> {
  const execArgv = ['--import', 'tsx', '--expose-gc', ...(process.env.BENCH_WORKER_NODE_FLAGS?.split(' ').filter(Boolean) ?? [])];
  const args = [opts.variant, opts.taskQueue, opts.bundles[opts.variant], String(opts.maxCachedWorkflows), ...(opts.profile ? ['profile'] : [])];
  const child: ChildProcess = fork(workerScript, args, {
    execArgv,
    env: opts.env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ? `killed by ${signal}` : `exit code ${code}`)));
  const pid = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${opts.variant} worker exited with ${code} before it was ready`)));
    child.on('message', (msg: ChildMessage) => msg.type === 'ready' && resolve(msg.pid));
  });
  return {
    variant: opts.variant,
    taskQueue: opts.taskQueue,
    pid,
    exited,
    status: () =>
      new Promise((resolve, reject) => {
        void exited.then((how) => reject(new Error(`${opts.variant} worker ended (${how})`)));
        const onMessage = (msg: ChildMessage) => {
          if (msg.type !== 'status') return;
          child.off('message', onMessage);
          resolve(msg);
        };
        child.on('message', onMessage);
        if (child.connected) child.send({ type: 'status' });
      }),
    startProfile() {
      if (child.connected) child.send({ type: 'profile', action: 'start' });
    },
    stopProfile: (file) =>
      new Promise((resolve, reject) => {
        void exited.then((how) => reject(new Error(`${opts.variant} worker ended (${how})`)));
        const onMessage = (msg: ChildMessage) => {
          if (msg.type !== 'profiled') return;
          child.off('message', onMessage);
          resolve();
        };
        child.on('message', onMessage);
        child.send({ type: 'profile', action: 'stop', file });
      }),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.send({ type: 'stop' });
      else child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
