// Shared set-up of the time-skipping workflow tests: one worker per test file on its own task queue,
// running the real workflow bundle and activities, and the helpers every such test needs.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { pino } from 'pino';
import { afterAll, beforeAll, expect } from 'vitest';
import { createActivities } from '../../activities/index.ts';
import { amsterdamDateOf, endOfDayAmsterdam } from '../../calendar/index.ts';
import type { AnyRole } from '../../machines/index.ts';
import { showCase, type OperationsContext } from '../../operations/index.ts';
import type { CaseAnswer, CaseView, DeadlineView } from '../../workflows/engine.ts';
import { ProcedureError } from '../../workflows/errors.ts';
import { bundleWorkflowsOnce, endOpenWorkflows, testDataConverter, testKeys, timeSkippingEnv, uniqueTaskQueue } from './temporal.ts';

export interface CaseWorker {
  /** Set in beforeAll. */
  env: TestWorkflowEnvironment;
  ops: OperationsContext;
}

/** Starts a worker for this test file in beforeAll and shuts it down in afterAll. */
export function useCaseWorker(): CaseWorker {
  const harness = {} as CaseWorker;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  beforeAll(async () => {
    harness.env = await timeSkippingEnv();
    const taskQueue = uniqueTaskQueue();
    worker = await Worker.create({
      connection: harness.env.nativeConnection,
      taskQueue,
      workflowBundle: await bundleWorkflowsOnce(),
      dataConverter: testDataConverter,
      activities: createActivities({ logger: pino({ level: 'silent' }) }),
    });
    running = worker.run();
    harness.ops = { client: harness.env.client, taskQueue, keys: testKeys, now: () => harness.env.currentTimeMs() };
  });
  afterAll(async () => {
    // Ended while the worker runs: no task of theirs is left in flight to lock the shared clock.
    if (harness.env) await endOpenWorkflows(harness.env);
    worker?.shutdown();
    await running;
  });
  return harness;
}

/** The Amsterdam date of the test server's clock. */
export async function today(env: TestWorkflowEnvironment): Promise<string> {
  return amsterdamDateOf(await env.currentTimeMs());
}

export function deadline(view: CaseAnswer, name: string) {
  const d = view.deadlines.find((x) => x.name === name);
  if (!d) throw new Error(`no deadline ${name} in ${view.state}: ${view.deadlines.map((x) => x.name).join(', ')}`);
  return d;
}

/** Skips time to just before (or just after) the end of a deadline. */
export async function sleepUntil(env: TestWorkflowEnvironment, dueAt: string, offsetMs: number): Promise<void> {
  const target = Date.parse(dueAt) + offsetMs;
  const now = await env.currentTimeMs();
  if (target > now) await env.sleep(target - now);
}

export async function refusal(p: Promise<unknown>): Promise<ProcedureError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProcedureError);
  return err as ProcedureError;
}

/**
 * The rule every term follows: it ends at the end of its due day (Europe/Amsterdam); a minute before,
 * the case is still in `pending` with the term open; a minute after, the engine has expired it: the
 * case is in `expired`, the expiry is the last history entry (by the system) and the term is overdue.
 * Returns the case a minute after the end, as `role` sees it.
 */
export async function expectTermExpiry(h: CaseWorker, a: { caseId: string; term: DeadlineView; pending: string; expired: string; role?: AnyRole }): Promise<CaseView> {
  expect(a.term.dueAt).toBe(endOfDayAmsterdam(a.term.dueDate));
  await sleepUntil(h.env, a.term.dueAt, -60_000);
  const before = await showCase(h.ops, { caseId: a.caseId });
  expect(before.state).toBe(a.pending);
  expect(deadline(before, a.term.name)).toMatchObject({ overdue: false, status: 'open' });
  await sleepUntil(h.env, a.term.dueAt, 60_000);
  const after = await showCase(h.ops, { caseId: a.caseId, ...(a.role ? { role: a.role } : {}) });
  expect(after.state).toBe(a.expired);
  expect(after.history.at(-1)).toMatchObject({ kind: 'expiry', type: `${a.term.name}.expired`, actor: { role: 'system' } });
  expect(deadline(after, a.term.name)).toMatchObject({ overdue: true, status: 'expired' });
  return after;
}
