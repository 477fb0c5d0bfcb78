// A worker child process that the fault tests kill with SIGKILL and start again, like a process
// manager would. With `restartOnExit` it also comes back by itself when it dies on its own (e.g.
// it could not reach a restarting server).
import { fork, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowsOnce, TEST_KEY_ENV } from '../support/temporal.ts';

const script = fileURLToPath(new URL('./workerProcess.ts', import.meta.url));

/** The case workflow bundled once per file, written where the children can load it. */
export async function writeBundle(dir: string): Promise<string> {
  const { code } = await bundleWorkflowsOnce();
  const file = join(dir, 'case-workflow-bundle.js');
  await writeFile(file, code);
  return file;
}

export interface WorkerSupervisorOptions {
  address: string;
  taskQueue: string;
  bundlePath: string;
  /** Start again (after a second) when the process ends without kill()/stop(). */
  restartOnExit?: boolean;
  /** 0: no workflow cache, so no sticky task queues (needed on the Java time-skipping test server). */
  maxCachedWorkflows?: number;
}

export class WorkerSupervisor {
  private child: ChildProcess | undefined;
  private stopping = false;
  /** Times the process was killed with SIGKILL / ended on its own / was started. */
  kills = 0;
  crashes = 0;
  starts = 0;

  constructor(private readonly opts: WorkerSupervisorOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the worker; resolves once it polls. */
  async start(): Promise<void> {
    this.stopping = false;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.spawnOnce();
        return;
      } catch (err) {
        // The server may be down (restart test): try again, like a process manager.
        if (attempt >= 60) throw err;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  private spawnOnce(): Promise<void> {
    const child = fork(script, [], {
      execArgv: ['--import', 'tsx'],
      env: {
        ...process.env,
        ...TEST_KEY_ENV,
        TEMPORAL_ADDRESS: this.opts.address,
        TEMPORAL_TASK_QUEUE: this.opts.taskQueue,
        JEUGDFLOW_WORKFLOW_BUNDLE: this.opts.bundlePath,
        LOG_LEVEL: 'error',
        ...(this.opts.maxCachedWorkflows !== undefined ? { FAULTS_MAX_CACHED_WORKFLOWS: String(this.opts.maxCachedWorkflows) } : {}),
      },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    this.child = child;
    this.starts++;
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null, signal: string | null) => reject(new Error(`worker exited (${code ?? signal}) before it polled`));
      child.once('exit', onExit);
      child.once('message', () => {
        child.off('exit', onExit);
        child.once('exit', () => {
          if (this.child !== child || this.stopping) return;
          this.child = undefined;
          this.crashes++;
          if (this.opts.restartOnExit) setTimeout(() => void this.start().catch(() => undefined), 1000);
        });
        resolve();
      });
    });
  }

  /** kill -9: no shutdown, no goodbye to the server; in-flight tasks are left to time out. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.child = undefined;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    this.kills++;
    await gone;
  }

  /** Clean shutdown (SIGTERM); SIGKILL after 20 s. */
  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await gone;
    clearTimeout(timer);
  }
}
