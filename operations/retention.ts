// AVG retention: a closed case's personal data is deleted a configurable period after it closed
// (JEUGDFLOW_RETENTION_DAYS) by deleting the case's data key (crypto-shredding; store/caseKeys.ts).
// The sweep records when cases closed (Temporal's close time of their execution); the purge deletes
// the keys whose case closed longer ago than the retention period, auditing each deletion. The console
// process runs both at start and hourly; operators run `npx jeugdflow retention purge`.
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { CaseKeys, PurgeResult } from '../store/caseKeys.ts';
import { caseIdFromWorkflowId } from '../workflows/constants.ts';
import { JfCaseId } from '../workflows/searchAttributes.ts';
import { quote } from './summary.ts';

export const RETENTION_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Records the close time of every case whose workflow completed (the procedure reached its end, or a
 * supervisor cancelled it) at or after `since` (all of them without it). Only `Completed`: a run that
 * continued as new is the same case still running, and a terminated, failed or timed-out execution
 * is an operator's matter (it may be reset), not the end of the procedure. Cases without a data key
 * are skipped by the store. Returns how many closings were new.
 */
export async function sweepClosedCases(client: Client, caseKeys: CaseKeys, opts: { since?: Date } = {}): Promise<number> {
  const clauses = [`WorkflowType = 'caseWorkflow'`, `ExecutionStatus = 'Completed'`];
  if (opts.since) clauses.push(`CloseTime >= ${quote(opts.since.toISOString())}`);
  let recorded = 0;
  for await (const wf of client.workflow.list({ query: clauses.join(' AND ') })) {
    if (!wf.closeTime) continue;
    const caseId = wf.typedSearchAttributes.get(JfCaseId) ?? caseIdFromWorkflowId(wf.workflowId);
    if (await caseKeys.markClosed(caseId, wf.closeTime.getTime())) recorded++;
  }
  return recorded;
}

export interface RetentionRun extends PurgeResult {
  closingsRecorded: number;
}

/** One sweep and one purge at `now` (explicit: tests and operators choose the instant). */
export async function runRetention(opts: {
  client: Client;
  caseKeys: CaseKeys;
  retentionDays: number;
  now: number;
  since?: Date;
  actor?: string;
}): Promise<RetentionRun> {
  const closingsRecorded = await sweepClosedCases(opts.client, opts.caseKeys, opts.since ? { since: opts.since } : {});
  const purged = await opts.caseKeys.purge({ now: opts.now, retentionDays: opts.retentionDays, ...(opts.actor ? { actor: opts.actor } : {}) });
  return { closingsRecorded, ...purged };
}

/**
 * Runs the retention at start and every `intervalMs` (default hourly) until `signal` aborts. A failed
 * run is logged (case numbers only) and tried again at the next interval. The first sweep reads every
 * closed case; later ones only those closed since the previous run (with an hour's margin).
 */
export function scheduleRetention(opts: {
  client: Client;
  caseKeys: CaseKeys;
  retentionDays: number;
  logger: Logger;
  signal?: AbortSignal;
  intervalMs?: number;
}): { stop(): Promise<void> } {
  let since: Date | undefined;
  let running: Promise<void> = Promise.resolve();
  const once = async () => {
    const started = Date.now();
    try {
      const run = await runRetention({ client: opts.client, caseKeys: opts.caseKeys, retentionDays: opts.retentionDays, now: started, ...(since ? { since } : {}) });
      since = new Date(started - RETENTION_INTERVAL_MS);
      if (run.deleted.length > 0 || run.closingsRecorded > 0) {
        opts.logger.info(
          { deleted: run.deleted.map((d) => d.caseId), closingsRecorded: run.closingsRecorded, retentionDays: opts.retentionDays },
          'retention: personal data of closed cases deleted after the retention period',
        );
      }
    } catch (err) {
      opts.logger.warn({ err: { name: (err as Error)?.name, message: (err as Error)?.message } }, 'retention: run failed; next try at the next interval');
    }
  };
  running = once();
  const timer = setInterval(() => {
    running = running.then(once);
  }, opts.intervalMs ?? RETENTION_INTERVAL_MS);
  timer.unref();
  const stop = async () => {
    clearInterval(timer);
    await running;
  };
  opts.signal?.addEventListener('abort', () => void stop(), { once: true });
  return { stop };
}
