// Why a case needs a supervisor: one implementation of each rule, used by `jeugdflow list --stuck`
// (straight from Temporal) and by the console's board (from the read model).
//  - from the case's summary (pure): a deadline passed and the state not left; no transition for
//    longer than the state's expected time; an approval (four-eyes) waiting longer than N working days.
//  - from Temporal's description of the execution: an activity retrying; a workflow task failing.
//  - from the search attributes (as cheap as the summary rules): an effect that failed for good
//    (JfEffectFailed, set by the workflow when a mail or other effect can never succeed).
import type { Client } from '@temporalio/client';
import { decodeOptionalFailureToOptionalError } from '@temporalio/common/lib/internal-non-workflow/index.js';
import { amsterdamDateOf, workingDaysBetween, type CalendarOptions } from '../calendar/index.ts';
import { findProcedure, type ProcedureDefinition, type StateMeta } from '../machines/index.ts';
import { caseWorkflowId } from '../workflows/constants.ts';

export type AttentionCode = 'DEADLINE_PASSED' | 'STATE_TOO_LONG' | 'APPROVAL_WAITING' | 'ACTIVITY_RETRYING' | 'WORKFLOW_TASK_FAILING' | 'EFFECT_FAILED';

export interface AttentionReason {
  code: AttentionCode;
  /** Dutch, for the supervisor. */
  message: string;
}

/** The fields of a case summary the rules read. */
export interface AttentionSubject {
  procedure: string;
  state: string;
  overdue: boolean;
  nextDueAt?: string;
  lastTransitionAt?: string;
  /** Effects that failed for good (JfEffectFailed). */
  effectsFailed?: number;
}

export interface AttentionOptions {
  calendar?: CalendarOptions;
  nowMs: number;
  /** Working days an approval may wait before it is flagged (APPROVAL_WAIT_WORKING_DAYS, default 2). */
  approvalWorkingDays?: number;
}

export const DEFAULT_APPROVAL_WORKING_DAYS = 2;

/** metaAlong per procedure definition and state: the same for every case there (the board asks it of 100,000 cases at once). */
const metaMemo = new WeakMap<ProcedureDefinition, Map<string, StateMeta[][]>>();

/** The meta of every active leaf and its ancestors, leaf first; `state` as in JfState ('a.b + c.d'). */
function metaAlong(procedure: string, state: string): StateMeta[][] {
  const def = findProcedure(procedure);
  if (!def) return [];
  let byState = metaMemo.get(def);
  if (!byState) metaMemo.set(def, (byState = new Map()));
  let along = byState.get(state);
  if (!along) {
    if (byState.size >= 10_000) byState.clear();
    byState.set(state, (along = findMetaAlong(def, state)));
  }
  return along;
}

function findMetaAlong(def: ProcedureDefinition, state: string): StateMeta[][] {
  return state.split(' + ').map((leaf) => {
    const parts = leaf.split('.');
    const metas: StateMeta[] = [];
    for (let i = parts.length; i > 0; i--) {
      const node = def.machine.getStateNodeById(`${def.machine.id}.${parts.slice(0, i).join('.')}`) as { meta?: StateMeta } | undefined;
      if (node?.meta) metas.push(node.meta);
    }
    return metas;
  });
}

/** The expected working days in the case's state: the nearest declared on each leaf's path, the least over leaves. */
function expectedWorkingDays(along: StateMeta[][]): number | undefined {
  let best: number | undefined;
  for (const metas of along) {
    const days = metas.find((m) => m.expectedWorkingDays !== undefined)?.expectedWorkingDays;
    if (days !== undefined) best = best === undefined ? days : Math.min(best, days);
  }
  return best;
}

export function caseAttention(c: AttentionSubject, opts: AttentionOptions): AttentionReason[] {
  const reasons: AttentionReason[] = [];
  if (c.overdue) reasons.push({ code: 'DEADLINE_PASSED', message: `Termijn verstreken${c.nextDueAt ? ` (${c.nextDueAt})` : ''} en de status is niet verlaten` });
  if (c.effectsFailed) {
    reasons.push({
      code: 'EFFECT_FAILED',
      message: `${c.effectsFailed === 1 ? 'Een actie is' : `${c.effectsFailed} acties zijn`} definitief mislukt (bijvoorbeeld een e-mail die niet te maken is of geweigerd werd); zie het dossier`,
    });
  }
  if (!c.lastTransitionAt) return reasons;
  const along = metaAlong(c.procedure, c.state);
  const idle = workingDaysBetween(amsterdamDateOf(c.lastTransitionAt), amsterdamDateOf(opts.nowMs), opts.calendar);
  const expected = expectedWorkingDays(along);
  if (expected !== undefined && idle > expected) reasons.push({ code: 'STATE_TOO_LONG', message: `Al ${idle} werkdagen geen overgang; verwacht binnen ${expected}` });
  const approvalDays = opts.approvalWorkingDays ?? DEFAULT_APPROVAL_WORKING_DAYS;
  const approval = along.flat().find((m) => m.fourEyes);
  if (approval && idle > approvalDays) {
    reasons.push({ code: 'APPROVAL_WAITING', message: `Goedkeuring (vier ogen) wacht al ${idle} werkdagen; meer dan ${approvalDays}: ${approval.label}` });
  }
  return reasons;
}

/** Problems Temporal reports for the execution: activities retrying, a workflow task failing. Closed or gone: none. */
export async function executionProblems(client: Client, caseId: string): Promise<AttentionReason[]> {
  const reasons: AttentionReason[] = [];
  let raw;
  try {
    raw = (await client.workflow.getHandle(caseWorkflowId(caseId)).describe()).raw;
  } catch {
    return reasons; // A case that closed or vanished in the meantime needs no attention.
  }
  for (const a of raw.pendingActivities ?? []) {
    if ((a.attempt ?? 1) > 1) {
      // The failure's message is encrypted in Temporal (encodeCommonAttributes): decode it with the client's codec.
      const lastError = await decodeOptionalFailureToOptionalError(client.options.loadedDataConverter, a.lastFailure).catch(() => undefined);
      reasons.push({ code: 'ACTIVITY_RETRYING', message: `Activiteit ${a.activityType?.name ?? '?'} probeert opnieuw (poging ${a.attempt}): ${lastError?.message ?? 'onbekende fout'}` });
    }
  }
  const wft = raw.pendingWorkflowTask;
  if (wft && (wft.attempt ?? 1) > 1) reasons.push({ code: 'WORKFLOW_TASK_FAILING', message: `Workflowtaak mislukt herhaaldelijk (poging ${wft.attempt}), bijvoorbeeld door non-determinisme` });
  return reasons;
}

/** Runs `fn` over `items` with at most `concurrency` at a time. */
export async function forEachLimited<T>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}
