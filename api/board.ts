// The supervisor board: every running case that needs attention, with the reasons in Dutch.
// The reasons come from operations' listStuck (deadline passed and state not left, too long in a state,
// failing activities or workflow tasks), plus one read from the machine here:
//  - TERM_EXPIRED_STATE: the case sits in a state the machine enters when a term expires, and someone
//    must act there (e.g. "Reactietermijn verstreken: volgende stap kiezen").
// And the worker: no worker polling means no deadline fires and no event is processed.
import { findProcedure, ROLE_LABELS, type Role } from '../machines/index.ts';
import type { AttentionReason } from '../operations/attention.ts';
import type { CaseSummary, StatusReport, StuckCase } from '../operations/index.ts';
import { compareText, sortedPosition as position, toSummary, type IndexedCase } from '../operations/summary.ts';
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
  /** A page (boardPageOf): how many rows `items` and `stoppedClocks` have in all. */
  itemsTotal?: number;
  stoppedClocksTotal?: number;
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

/** A case with its reasons from the rules and Temporal as a board row (the expired-term reason is added by withExpiredTerm). */
function stuckItem(s: StuckCase): BoardItem {
  return { ...withStateLabel(s), reasons: [...s.reasons] };
}

/** Adds the TERM_EXPIRED_STATE reason to a case's row (or makes it its row), unless a deadline passed already says so. */
function withExpiredTerm(item: BoardItem | undefined, c: CaseSummary): BoardItem | undefined {
  const reason = expiredTermReason(c);
  if (!reason) return item;
  if (!item) return { ...withStateLabel(c), reasons: [reason] };
  if (!item.reasons.some((r) => r.code === 'DEADLINE_PASSED')) item.reasons.push(reason);
  return item;
}

/** Each row's rank (its most urgent reason), worked out once: rows are not changed after they are ordered. */
const ranks = new WeakMap<BoardItem, number>();
const rankOf = (i: BoardItem): number => {
  let r = ranks.get(i);
  if (r === undefined) ranks.set(i, (r = Math.min(...i.reasons.map((x) => RANK[x.code] ?? 9))));
  return r;
};

/** The board's order: the most urgent reason first, then the soonest deadline, the oldest transition, the case number. */
function byBoardOrder(a: BoardItem, b: BoardItem): number {
  return rankOf(a) - rankOf(b) || compareText(a.nextDueAt ?? '9999', b.nextDueAt ?? '9999') || compareText(a.lastTransitionAt ?? '', b.lastTransitionAt ?? '') || compareText(a.caseId, b.caseId);
}

/** Stopped clocks: longest stopped first, then by case number. */
function byClockStopped(a: CaseSummary, b: CaseSummary): number {
  return compareText(a.clockStoppedSince!, b.clockStoppedSince!) || compareText(a.caseId, b.caseId);
}

/** The board from scratch: what KeptBoard keeps between reads. */
export function buildBoard(args: { stuck: StuckCase[]; running: CaseSummary[]; status: StatusReport; nowMs: number; problemsCheckedAt?: number }): Board {
  const items = new Map<string, BoardItem>();
  for (const s of args.stuck) items.set(s.caseId, stuckItem(s));
  for (const c of args.running) {
    const item = withExpiredTerm(items.get(c.caseId), c);
    if (item) items.set(c.caseId, item);
  }
  return {
    ...boardHeader(args),
    items: [...items.values()].sort(byBoardOrder),
    stoppedClocks: args.running
      .filter((c) => c.clockStoppedSince !== undefined)
      .sort(byClockStopped)
      .map(withStateLabel),
  };
}

function boardHeader(args: { status: StatusReport; nowMs: number; problemsCheckedAt?: number }): Pick<Board, 'generatedAt' | 'problemsCheckedAt' | 'worker'> {
  return {
    generatedAt: new Date(args.nowMs).toISOString(),
    ...(args.problemsCheckedAt !== undefined ? { problemsCheckedAt: new Date(args.problemsCheckedAt).toISOString() } : {}),
    worker: args.status,
  };
}

/** What the kept board reads from the read model at one moment. */
export interface BoardSource {
  /** Every running case, `overdue` as of now; an entry stays the same object until its case changes (the read model's entries). */
  running: readonly IndexedCase[];
  /** The day (Europe/Amsterdam) the rules count working days to: a new day redoes every row. */
  day: string;
  /** A case's execution problems as of the last sweep: the same array until they change. */
  problemsOf(caseId: string): readonly unknown[] | undefined;
  /** The cases among these that need attention, with their reasons (the rules and the execution problems). */
  attention(cases: readonly IndexedCase[]): (IndexedCase & { reasons: AttentionReason[] })[];
  /** The case as lists show it, with its state's Dutch label. */
  label(c: IndexedCase): LabeledSummary;
}

interface BoardRow {
  entry: IndexedCase;
  problems: readonly unknown[] | undefined;
  item: BoardItem | undefined;
  stopped: LabeledSummary | undefined;
  /** The last update that saw the case running. */
  seen: number;
}

/** More changed cases than this at once (a new day, a reload): ordering afresh is cheaper than moving each. */
const REBUILD_ABOVE = 2000;

/**
 * The supervisor board kept between reads, as buildBoard would build it from the same cases: each update
 * redoes only the cases whose read-model entry (a new revision, or overdue since a due date passed) or
 * execution problems changed, takes out their old rows and puts the new ones in place (binary search).
 * A new day redoes every row (the rules count working days); so do many changes at once.
 */
export class KeptBoard {
  private readonly rows = new Map<string, BoardRow>();
  private ordered: BoardItem[] = [];
  private stopped: LabeledSummary[] = [];
  private day: string | undefined;
  private pass = 0;
  /** What the last update did: the cases it redid, and whether it ordered every row afresh. */
  last = { redone: 0, rebuilt: false };

  /** The rows in board order (changed in place by the next update: copy to keep). */
  get items(): readonly BoardItem[] {
    return this.ordered;
  }

  /** The running cases whose clock stands still, longest stopped first (changed in place by the next update). */
  get stoppedClocks(): readonly LabeledSummary[] {
    return this.stopped;
  }

  /** Brings the board up to date with `src`. */
  update(src: BoardSource): void {
    if (src.day !== this.day) {
      this.rows.clear();
      this.ordered = [];
      this.stopped = [];
      this.day = src.day;
    }
    const pass = ++this.pass;
    const changed: IndexedCase[] = [];
    let known = 0;
    for (const c of src.running) {
      const row = this.rows.get(c.caseId);
      if (row) {
        row.seen = pass;
        known++;
        if (row.entry === c && row.problems === src.problemsOf(c.caseId)) continue;
      }
      changed.push(c);
    }
    const gone: string[] = [];
    if (known < this.rows.size) for (const [id, row] of this.rows) if (row.seen !== pass) gone.push(id);
    const rebuild = this.rows.size === 0 || changed.length + gone.length > REBUILD_ABOVE;
    this.last = { redone: changed.length + gone.length, rebuilt: rebuild };
    if (changed.length === 0 && gone.length === 0) return;

    for (const id of gone) {
      if (!rebuild) this.takeOut(this.rows.get(id)!);
      this.rows.delete(id);
    }
    const stuck = new Map(src.attention(changed).map((c) => [c.caseId, c.reasons]));
    for (const c of changed) {
      const old = this.rows.get(c.caseId);
      if (old && !rebuild) this.takeOut(old);
      const labeled = src.label(c);
      const reasons = stuck.get(c.caseId);
      const row: BoardRow = {
        entry: c,
        problems: src.problemsOf(c.caseId),
        item: withExpiredTerm(reasons ? stuckItem({ ...toSummary(c), reasons }) : undefined, labeled),
        stopped: c.clockStoppedSince !== undefined ? withStateLabel(labeled) : undefined,
        seen: pass,
      };
      this.rows.set(c.caseId, row);
      if (!rebuild) {
        if (row.item) this.ordered.splice(position(this.ordered, row.item, byBoardOrder), 0, row.item);
        if (row.stopped) this.stopped.splice(position(this.stopped, row.stopped, byClockStopped), 0, row.stopped);
      }
    }
    if (rebuild) {
      this.ordered = [];
      this.stopped = [];
      for (const row of this.rows.values()) {
        if (row.item) this.ordered.push(row.item);
        if (row.stopped) this.stopped.push(row.stopped);
      }
      this.ordered.sort(byBoardOrder);
      this.stopped.sort(byClockStopped);
    }
  }

  private takeOut(row: BoardRow): void {
    if (row.item) remove(this.ordered, row.item, byBoardOrder);
    if (row.stopped) remove(this.stopped, row.stopped, byClockStopped);
  }
}

/** Takes `x` out of `list` (ordered by `compare`). */
function remove<T>(list: T[], x: T, compare: (a: T, b: T) => number): void {
  let at = position(list, x, compare);
  if (list[at] !== x) at = list.indexOf(x); // not where the order puts it (cannot happen while rows stay unchanged): look
  if (at >= 0) list.splice(at, 1);
}

/** The kept board as an answer (a copy: later updates do not change it). */
export function boardOf(kept: KeptBoard, header: { status: StatusReport; nowMs: number; problemsCheckedAt?: number }): Board {
  return { ...boardHeader(header), items: [...kept.items], stoppedClocks: [...kept.stoppedClocks] };
}

/** One page of both lists (from `offset`, at most `limit` rows each) with their totals; without either, the whole board. */
export function boardPageOf(board: Board, page: { limit?: number; offset?: number }): Board {
  if (page.limit === undefined && !page.offset) return board;
  const from = page.offset ?? 0;
  const to = page.limit === undefined ? undefined : from + page.limit;
  return {
    ...board,
    items: board.items.slice(from, to),
    stoppedClocks: board.stoppedClocks.slice(from, to),
    itemsTotal: board.items.length,
    stoppedClocksTotal: board.stoppedClocks.length,
  };
}
