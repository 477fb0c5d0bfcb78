// Test access to the real Temporal servers started once per run by globalSetup.ts (project `temporal`,
// see vitest.config.ts; its files run one at a time). Never mocks.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
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

/**
 * Terminates the workflows a file leaves running on the shared time-skipping server: an open
 * workflow whose worker is gone holds time skipping, and the next file's `env.sleep` would then
 * take real time. (The Java test server has no visibility List; ListOpenWorkflowExecutions works.)
 */
async function terminateOpenWorkflows(testEnv: TestWorkflowEnvironment): Promise<void> {
  const { executions } = await testEnv.client.workflowService.listOpenWorkflowExecutions({ namespace: 'default', maximumPageSize: 10_000 });
  await Promise.all(
    (executions ?? []).map((e) =>
      testEnv.client.workflow
        .getHandle(e.execution!.workflowId!, e.execution!.runId ?? undefined)
        .terminate('test file finished')
        .catch(() => undefined),
    ),
  );
}

afterAll(async () => {
  if (!env) return;
  const current = await env;
  env = undefined;
  await terminateOpenWorkflows(current);
  await current.teardown();
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
