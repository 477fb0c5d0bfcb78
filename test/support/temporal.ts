// Test access to the real Temporal servers started once per run by globalSetup.ts (project `temporal`,
// see vitest.config.ts; its files run one at a time). Never mocks.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundlerOptionsWith, workflowsPath } from '../../worker/bundle.ts';
import { bundleWorkflowCode, DefaultLogger, Runtime, makeTelemetryFilterString, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, inject } from 'vitest';
import { failureConverterPath } from '../../security/codec.ts';
import { testDataConverter } from './keys.ts';

export { testDataConverter, testKeys, TEST_KEY_ENV } from './keys.ts';

/**
 * Every line the Temporal runtime logged in this test process (workers, workflows, activities), as
 * JSON text: tests assert what never reaches a log (personal data). Only warnings and errors are printed.
 */
export const capturedLogs: string[] = [];
const printer = new DefaultLogger('WARN');
try {
  Runtime.install({
    logger: new DefaultLogger('TRACE', (entry) => {
      capturedLogs.push(JSON.stringify({ level: entry.level, message: entry.message, meta: entry.meta }));
      if (entry.level === 'WARN' || entry.level === 'ERROR') printer.log(entry.level, entry.message, entry.meta);
    }),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
  });
} catch {
  // Already installed by an earlier import in this worker.
}

function provided(key: 'temporalTestServerAddress' | 'temporalDevServerAddress' | 'temporalDevServerDbFile'): string {
  const value = inject(key);
  if (!value) {
    throw new Error(`${key} is not available: Temporal tests belong under test/workflows/, test/integration/, test/api/ or test/console/ (vitest project 'temporal', see vitest.config.ts)`);
  }
  return value;
}

/** host:port of the Java time-skipping test server shared by the whole run. */
export function testServerAddress(): string {
  return provided('temporalTestServerAddress');
}

/** The SQLite database file of the shared dev server (read raw by the encryption proofs). */
export function devServerDbFile(): string {
  return provided('temporalDevServerDbFile');
}

/** host:port of the dev server shared by the whole run (namespace 'default', jeugdflow search attributes registered). */
export function devServerAddress(): string {
  return provided('temporalDevServerAddress');
}

type CreateOptions = {
  supportsTimeSkipping: boolean;
  server: { type: 'existing' };
  address: string;
  namespace: string;
  client: { dataConverter: typeof testDataConverter };
};

let env: Promise<TestWorkflowEnvironment> | undefined;

/**
 * A time-skipping TestWorkflowEnvironment on the shared Java test server, one per test file
 * (module state is per file; it is torn down after the file).
 *
 * Why the private API: the public factories either start their own test server
 * (`createTimeSkipping`, which downloads one — impossible here, and a JVM per file is slow) or
 * connect to an existing server WITHOUT time skipping (`createFromExistingServer`). The private
 * static `create` does exactly what we need: connect to our existing server with
 * `supportsTimeSkipping: true`, so `env.sleep()` and awaiting results skip time. Checked against
 * @temporalio/testing 1.24 (lib/testing-workflow-environment.js); re-check when upgrading.
 *
 * Time is global to the server: files using this must not run in parallel (the `temporal`
 * project sets fileParallelism: false), and workflow ids must be unique across files.
 */
export function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  env ??= (TestWorkflowEnvironment as unknown as { create(opts: CreateOptions): Promise<TestWorkflowEnvironment> }).create({
    supportsTimeSkipping: true,
    server: { type: 'existing' },
    address: testServerAddress(),
    namespace: 'default',
    client: { dataConverter: testDataConverter },
  });
  return env;
}

const EventType = temporal.api.enums.v1.EventType;

/**
 * The work of a running workflow that holds the Java test server's clock: a workflow task not yet
 * completed, failed or timed out (read from the history: the test server's describe leaves
 * `pendingWorkflowTask` empty), and every pending activity.
 */
export async function workInFlight(testEnv: TestWorkflowEnvironment, workflowId: string): Promise<string[]> {
  const handle = testEnv.client.workflow.getHandle(workflowId);
  const workflowTaskOpen = async (): Promise<[boolean, number]> => {
    const events = (await handle.fetchHistory()).events ?? [];
    let open = false;
    for (const e of events) {
      if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED || e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED) open = true;
      else if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED || e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED || e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT) open = false;
    }
    return [open, events.length];
  };
  // History, activities, history again: a task that completes in between shows as a change in length.
  const [openBefore, lengthBefore] = await workflowTaskOpen();
  const description = await handle.describe();
  if (description.status.name !== 'RUNNING') return [];
  const [openAfter, lengthAfter] = await workflowTaskOpen();
  const inFlight = (description.raw.pendingActivities ?? []).map((a) => `activity ${a.activityType?.name ?? '?'} (${a.activityId ?? '?'})`);
  if (openBefore || openAfter || lengthBefore !== lengthAfter) inFlight.push('workflow task');
  return inFlight;
}

/**
 * Ends workflows on the shared time-skipping server without locking its clock for the rest of the run.
 *
 * The Java test server locks time skipping for every scheduled workflow task and activity, and unlocks
 * when the task completes. Terminating a workflow unlocks none of them (temporal-test-server 1.38,
 * TestWorkflowMutableStateImpl.terminateWorkflowExecution): a workflow terminated with a task in flight
 * leaves the clock locked, and every later `env.sleep` of the run takes real time. So this waits, while
 * the workflows' worker still runs, until no task of a workflow is in flight, and only then terminates it.
 * Returns what was still in flight when `waitMs` ran out (terminated all the same: the file's afterAll
 * then reports the locked clock and releases it).
 */
export async function endWorkflows(testEnv: TestWorkflowEnvironment, workflowIds: Iterable<string>, waitMs = 20_000): Promise<string[]> {
  const until = Date.now() + waitMs;
  const leftInFlight = await Promise.all(
    [...new Set(workflowIds)].map(async (workflowId) => {
      let inFlight: string[] = [];
      for (;;) {
        inFlight = await workInFlight(testEnv, workflowId).catch(() => []); // gone or never started: nothing to end
        if (inFlight.length === 0 || Date.now() > until) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await testEnv.client.workflow
        .getHandle(workflowId)
        .terminate('test finished')
        .catch(() => undefined); // already closed
      return inFlight.map((what) => `${workflowId}: ${what}`);
    }),
  );
  return leftInFlight.flat();
}

/** The workflows still running on the shared time-skipping server. (The Java test server has no visibility List; ListOpenWorkflowExecutions works.) */
async function openWorkflowIds(testEnv: TestWorkflowEnvironment): Promise<string[]> {
  const { executions } = await testEnv.client.workflowService.listOpenWorkflowExecutions({ namespace: 'default', maximumPageSize: 10_000 });
  return (executions ?? []).flatMap((e) => (e.execution?.workflowId ? [e.execution.workflowId] : []));
}

/**
 * Ends every workflow still running on the shared time-skipping server (see endWorkflows): an open
 * workflow whose worker is gone would hold time skipping as soon as a later file's `env.sleep` fires
 * one of its timers. Call it before the file's worker stops.
 */
export async function endOpenWorkflows(testEnv: TestWorkflowEnvironment, waitMs?: number): Promise<string[]> {
  return endWorkflows(testEnv, await openWorkflowIds(testEnv), waitMs);
}

/**
 * How many locks on the test server's clock nothing will ever release, released here. Asked when the
 * file has ended all its workflows, so nothing may hold the clock any more: a minute of server time
 * then passes at once. While it does not, one leaked lock is released and the same sleep awaited again.
 */
export async function releaseLeakedClockLocks(testEnv: TestWorkflowEnvironment): Promise<number> {
  const probe = testEnv.sleep(60_000);
  for (let leaked = 0; ; leaked++) {
    let timer: NodeJS.Timeout | undefined;
    const passed = await Promise.race([probe.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 10_000)))]);
    clearTimeout(timer);
    if (passed) return leaked;
    if (leaked === 20) throw new Error('the test server\'s clock stays locked after 20 releases');
    await testEnv.connection.testService!.unlockTimeSkipping({});
  }
}

afterAll(async () => {
  if (!env) return;
  const current = await env;
  env = undefined;
  try {
    // With no worker left, any task still in flight is terminated with its lock: reported below.
    const inFlight = await endOpenWorkflows(current, 0);
    const leaked = await releaseLeakedClockLocks(current);
    if (leaked > 0) {
      throw new Error(
        `this file left the time-skipping server's clock locked (${leaked} lock(s), now released): a workflow was terminated with a task in flight` +
          `${inFlight.length > 0 ? ` (${inFlight.join('; ')})` : ''}. End workflows with endWorkflows()/endOpenWorkflows() while their worker still runs.`,
      );
    }
  } finally {
    await current.teardown();
  }
});

export const defaultWorkflowsPath = workflowsPath;

const bundles = new Map<string, Promise<WorkflowBundleWithSourceMap>>();

/**
 * The workflow bundle of workflows/index.ts as the worker builds it (or of `path`, with `extraLaw` preloaded
 * beside the shared modules), built once per test file.
 */
export function bundleWorkflowsOnce(path: string = workflowsPath, extraLaw: readonly string[] = []): Promise<WorkflowBundleWithSourceMap> {
  let bundle = bundles.get(path);
  if (!bundle) {
    bundle = bundleWorkflowCode({ workflowsPath: path, failureConverterPath, logger: new DefaultLogger('WARN'), ...bundlerOptionsWith(extraLaw) });
    bundles.set(path, bundle);
  }
  return bundle;
}

/** A task queue of its own for one test, so workers of different tests never steal each other's tasks. */
export function uniqueTaskQueue(prefix = 'test'): string {
  return `${prefix}-${randomUUID()}`;
}
