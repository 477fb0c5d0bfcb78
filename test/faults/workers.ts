// A worker child process that the fault tests kill with SIGKILL and start again, like a process
// manager would. With `restartOnExit` it also comes back by itself when it dies on its own (e.g.
// it could not reach a restarting server).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SupervisedProcess } from '../../scripts/supervisedProcess.ts';
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

/** The fault suite's worker under the same supervisor as the cluster stack's (scripts/supervisedProcess.ts). */
export class WorkerSupervisor extends SupervisedProcess {
  constructor(opts: WorkerSupervisorOptions) {
    super({
      name: 'worker',
      script,
      env: {
        ...process.env,
        ...TEST_KEY_ENV,
        TEMPORAL_ADDRESS: opts.address,
        TEMPORAL_TASK_QUEUE: opts.taskQueue,
        JEUGDFLOW_WORKFLOW_BUNDLE: opts.bundlePath,
        LOG_LEVEL: 'error',
        ...(opts.maxCachedWorkflows !== undefined ? { FAULTS_MAX_CACHED_WORKFLOWS: String(opts.maxCachedWorkflows) } : {}),
      },
      // workerProcess.ts says 'ready' over IPC once it polls.
      readyOnIpc: true,
      output: 'stderr',
      ...(opts.restartOnExit !== undefined ? { restartOnExit: opts.restartOnExit } : {}),
      // The server may be down (restart test): try again for a minute, like a process manager.
      startAttempts: 60,
      retryDelayMs: 1000,
      stopGraceMs: 20_000,
    });
  }
}
