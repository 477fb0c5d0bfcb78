// The supervisor board: every running case that needs attention, with the reasons in Dutch.
// The reasons come from operations' listStuck (deadline passed and state not left, too long in a state,
// failing activities or workflow tasks), plus one read from the machine here:
//  - TERM_EXPIRED_STATE: the case sits in a state the machine enters when a term expires, and someone
//    must act there (e.g. "Reactietermijn verstreken: volgende stap kiezen").
// And the worker: no worker polling means no deadline fires and no event is processed.
import { findProcedure, ROLE_LABELS, type Role } from '../machines/index.ts';
import type { CaseSummary, StatusReport, StuckCase } from '../operations/index.ts';
import { compareText } from '../operations/summary.ts';
import { expiryStates, labelOfState, leafPaths, withAncestors } from './machineGraph.ts';

export type BoardReasonCode = StuckCase['reasons'][number]['code'] | 'TERM_EXPIRED_STATE';

export interface LabeledSummary extends CaseSummary {
  stateLabel: string;
}

export interface BoardItem extends LabeledSummary {
  reasons: { code: BoardReasonCode; message: string }[];
}

export interface Board {
  generatedAt: string;
  /** When the last complete check of retrying activities and failing workflow tasks began (absent: still running). */
  problemsCheckedAt?: string;
  worker: StatusReport;
  items: BoardItem[];
  /** Running cases whose legal clock stands still (a supervisor stopped it), longest stopped first. */
  stoppedClocks: LabeledSummary[];
}

export function withStateLabel<T extends CaseSummary>(summary: T): T & { stateLabel: string } {
  return { ...summary, stateLabel: labelOfState(findProcedure(summary.procedure), summary.state) };
}

const roleList = (roles: readonly string[]) => roles.map((r) => ROLE_LABELS[r as Role] ?? r).join(', ');

const expiredTermMemo = new Map<string, BoardItem['reasons'][number] | undefined>();

/** The TERM_EXPIRED_STATE reason for a case, if it applies (the same for every case in the same state waiting on the same roles). */
export function expiredTermReason(summary: CaseSummary): BoardItem['reasons'][number] | undefined {
  const key = `${summary.procedure}|${summary.state}|${summary.waitingOn.join(',')}`;
  if (expiredTermMemo.has(key)) return expiredTermMemo.get(key);
  const reason = findExpiredTermReason(summary);
  if (expiredTermMemo.size >= 10_000) expiredTermMemo.clear();
  expiredTermMemo.set(key, reason);
  return reason;
}

function findExpiredTermReason(summary: CaseSummary): BoardItem['reasons'][number] | undefined {
  const def = findProcedure(summary.procedure);
  if (!def || summary.waitingOn.length === 0) return undefined;
  const expiry = expiryStates(def);
  for (const leaf of leafPaths(summary.state)) {
    const hit = withAncestors(leaf)
      .map((id) => expiry.get(id))
      .find((t) => t !== undefined);
    if (hit) return { code: 'TERM_EXPIRED_STATE', message: `${hit.label}; sindsdien geen vervolgstap. Wacht op ${roleList(summary.waitingOn)}` };
  }
  return undefined;
}

const RANK: Record<BoardReasonCode, number> = {
  WORKFLOW_TASK_FAILING: 0,
  ACTIVITY_RETRYING: 1,
  EFFECT_FAILED: 1,
  DEADLINE_PASSED: 2,
  TERM_EXPIRED_STATE: 3,
  APPROVAL_WAITING: 4,
  STATE_TOO_LONG: 5,
};

export function buildBoard(args: { stuck: StuckCase[]; running: CaseSummary[]; status: StatusReport; nowMs: number; problemsCheckedAt?: number }): Board {
  const items = new Map<string, BoardItem>();
  for (const s of args.stuck) items.set(s.caseId, { ...withStateLabel(s), reasons: [...s.reasons] });
  for (const c of args.running) {
    const reason = expiredTermReason(c);
    if (!reason) continue;
    const item = items.get(c.caseId);
    if (item) {
      if (!item.reasons.some((r) => r.code === 'DEADLINE_PASSED')) item.reasons.push(reason);
    } else items.set(c.caseId, { ...withStateLabel(c), reasons: [reason] });
  }
  const rank = (i: BoardItem) => Math.min(...i.reasons.map((r) => RANK[r.code] ?? 9));
  const ranks = new Map<BoardItem, number>();
  for (const i of items.values()) ranks.set(i, rank(i));
  const sorted = [...items.values()].sort(
    (a, b) => ranks.get(a)! - ranks.get(b)! || compareText(a.nextDueAt ?? '9999', b.nextDueAt ?? '9999') || compareText(a.lastTransitionAt ?? '', b.lastTransitionAt ?? '') || compareText(a.caseId, b.caseId),
  );
  return {
    generatedAt: new Date(args.nowMs).toISOString(),
    ...(args.problemsCheckedAt !== undefined ? { problemsCheckedAt: new Date(args.problemsCheckedAt).toISOString() } : {}),
    worker: args.status,
    items: sorted,
    stoppedClocks: args.running
      .filter((c) => c.clockStoppedSince !== undefined)
      .sort((a, b) => compareText(a.clockStoppedSince!, b.clockStoppedSince!) || compareText(a.caseId, b.caseId))
      .map(withStateLabel),
  };
}
