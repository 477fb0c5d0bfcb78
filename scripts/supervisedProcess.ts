// One child process under supervision, as a process manager keeps it: started (and, while its
// dependencies come up, started again), killed with SIGKILL or stopped with SIGTERM, and with
// `restartOnExit` brought back when it ends on its own. Used by the cluster stack's workers and consoles
// (scripts/cluster.ts) and by the fault suite's worker (test/faults/workers.ts).
import { fork, type ChildProcess } from 'node:child_process';

export interface SupervisedProcessOptions {
  /** For messages: "worker 1", "console 2". */
  name: string;
  /** Absolute path of the TypeScript entry (run with `node --import tsx`). */
  script: string;
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Ready when the child sends any IPC message; else after `readyAfterMs` without dying (default 5 s). */
  readyOnIpc: boolean;
  readyAfterMs?: number;
  /** stdout and stderr inherited; or both dropped (stderr's tail is kept for start-up errors); or only stderr inherited. */
  output: 'inherit' | 'ignore' | 'stderr';
  /** Start again (after a second) when the process ends without kill()/stop(). */
  restartOnExit?: boolean;
  /** Attempts of start() before it gives up (default 1), with `retryDelayMs` between them (default 2 s). */
  startAttempts?: number;
  retryDelayMs?: number;
  /** After SIGTERM, SIGKILL after this long (default 30 s). */
  stopGraceMs?: number;
}

export class SupervisedProcessError extends Error {
  override name = 'SupervisedProcessError';
}

export class SupervisedProcess {
  private child: ChildProcess | undefined;
  private stopping = false;
  /** Times it was killed with SIGKILL / ended on its own / was started. */
  kills = 0;
  crashes = 0;
  starts = 0;

  constructor(private readonly opts: SupervisedProcessOptions) {}

  get name(): string {
    return this.opts.name;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the process; resolves once it is ready. */
  async start(): Promise<void> {
    this.stopping = false;
    const attempts = this.opts.startAttempts ?? 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.spawnOnce();
      } catch (err) {
        if (attempt >= attempts || this.stopping) throw err;
        await new Promise((r) => setTimeout(r, this.opts.retryDelayMs ?? 2000));
      }
    }
  }

  private spawnOnce(): Promise<void> {
    const output = this.opts.output;
    const child = fork(this.opts.script, [], {
      ...(this.opts.cwd ? { cwd: this.opts.cwd } : {}),
      execArgv: ['--import', 'tsx'],
      env: this.opts.env,
      stdio: ['ignore', output === 'inherit' ? 'inherit' : 'ignore', output === 'ignore' ? 'pipe' : 'inherit', 'ipc'],
    });
    this.child = child;
    this.starts++;
    let stderr = '';
    child.stderr?.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-4000)));
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const onExit = (code: number | null, sig: string | null) => {
        if (timer) clearTimeout(timer);
        reject(new SupervisedProcessError(`jeugdflow: ${this.opts.name} exited (${code ?? sig}) at start-up${stderr ? `:\n${stderr}` : ''}`));
      };
      child.once('exit', onExit);
      const ready = () => {
        child.off('exit', onExit);
        child.once('exit', () => {
          if (this.child !== child || this.stopping) return;
          this.child = undefined;
          this.crashes++;
          if (this.opts.restartOnExit) setTimeout(() => void this.start().catch(() => undefined), 1000);
        });
        resolve();
      };
      if (this.opts.readyOnIpc) child.once('message', ready);
      else timer = setTimeout(ready, this.opts.readyAfterMs ?? 5_000);
    });
  }

  /** kill -9: no shutdown, no goodbye to the server; in-flight tasks are left to time out. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    this.child = undefined;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    this.kills++;
    await gone;
  }

  /** SIGTERM (workers drain), SIGKILL after the grace period. */
  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), this.opts.stopGraceMs ?? 30_000);
    await gone;
    clearTimeout(timer);
  }
}
