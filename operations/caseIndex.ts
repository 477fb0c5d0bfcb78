// The read model behind the console's lists: every running case's summary in memory, kept up to date
// from the workflows' own search attributes. Temporal stays the source of truth: the index is loaded
// from visibility, then refreshed with only what changed (each workflow stamps JfChangedAt and
// JfRevision whenever it upserts), reloaded in full now and then, and given the view the API itself
// just got back from a case (read your own writes). Visibility cannot sort, so "overdue first, soonest
// deadline first" over 10,000 cases is answered here, not by paging through Temporal per request.
//
// Temporal's per-execution problems (an activity retrying, a workflow task failing) are not in
// visibility; a background sweep describes the running cases at bounded concurrency and keeps the
// result, so the supervisor board never waits on thousands of describe calls.
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { amsterdamDateOf } from '../calendar/index.ts';
import type { CaseAnswer } from '../workflows/engine.ts';
import { JfChangedAt } from '../workflows/searchAttributes.ts';
import { caseAttention, executionProblems, forEachLimited, type AttentionOptions, type AttentionReason } from './attention.ts';
import { byUrgency, indexedFromVisibility, isOverdueAt, quote, sortedPosition, type IndexedCase } from './summary.ts';

export type { IndexedCase };

export interface IndexFilter {
  procedure?: string;
  state?: string;
  provider?: string;
  /** Procedures whose cases match whatever their provider (a provider's list: cases open to every contracted provider). */
  anyProviderProcedures?: readonly string[];
  /** Any of these roles (Mijn werk: all the user's roles). */
  waitingOn?: readonly string[];
  overdue?: boolean;
  dueBefore?: string;
  limit?: number;
}

export interface CaseIndexOptions {
  /** A read waits for a refresh when the last one is older than this. Default 1 s. */
  maxStalenessMs?: number;
  /** Changes are read back this far before the newest one seen (visibility lag). Default 30 s. */
  overlapMs?: number;
  /** Everything is reloaded from Temporal this often (also catches executions terminated outside jeugdflow). Default 10 min. */
  resyncMs?: number;
  /** Pause between two background sweeps of execution problems. Default 60 s. */
  sweepPauseMs?: number;
  /** Describe calls in flight during a sweep. Default 8. */
  sweepConcurrency?: number;
  /** The sweep stops when nobody has looked at the board for this long (and starts again when someone does). Default 10 min. */
  sweepIdleStopMs?: number;
  now?: () => number;
  onError?: (err: unknown, what: string) => void;
}

const CASES = `WorkflowType = 'caseWorkflow'`;

export function indexedFromView(view: CaseAnswer): IndexedCase {
  const termExpired = view.deadlines.some((d) => d.status === 'expired');
  return {
    caseId: view.caseId,
    procedure: view.procedure,
    provider: view.provider,
    state: view.state,
    statePaths: view.statePaths,
    status: view.status === 'active' ? 'RUNNING' : 'COMPLETED',
    waitingOn: [...view.waitingOn],
    ...(view.nextDueAt ? { nextDueAt: view.nextDueAt } : {}),
    overdue: termExpired,
    termExpired,
    lastTransitionAt: view.lastTransitionAt,
    startTime: view.startedAt,
    revision: view.revision,
    ...(Object.keys(view.assignees ?? {}).length ? { assignees: { ...view.assignees } } : {}),
    ...(view.suspended ? { clockStoppedSince: view.suspended.since } : {}),
  };
}

/** Two summaries of a case that list, filter and sort alike. */
function sameSummary(a: IndexedCase, b: IndexedCase): boolean {
  return (
    a.revision === b.revision &&
    a.status === b.status &&
    a.state === b.state &&
    a.procedure === b.procedure &&
    a.provider === b.provider &&
    a.nextDueAt === b.nextDueAt &&
    a.termExpired === b.termExpired &&
    a.lastTransitionAt === b.lastTransitionAt &&
    a.startTime === b.startTime &&
    a.effectsFailed === b.effectsFailed &&
    a.clockStoppedSince === b.clockStoppedSince &&
    a.waitingOn.join(',') === b.waitingOn.join(',') &&
    a.statePaths.join(',') === b.statePaths.join(',') &&
    JSON.stringify(a.assignees ?? {}) === JSON.stringify(b.assignees ?? {})
  );
}

export class CaseIndex {
  private readonly cases = new Map<string, IndexedCase>();
  private readonly problems = new Map<string, AttentionReason[]>();
  private readonly attentionMemo = new Map<string, { key: string; reasons: AttentionReason[] }>();
  private readonly opts: Required<Omit<CaseIndexOptions, 'onError'>> & Pick<CaseIndexOptions, 'onError'>;
  private changedCursorMs = 0;
  private closedCursorMs = 0;
  private lastRefreshMs = 0;
  private lastResyncMs = Number.NEGATIVE_INFINITY;
  private inflight: Promise<void> | undefined;
  private sweeping: Promise<void> | undefined;
  private wakeSweep: (() => void) | undefined;
  private closed = false;
  private lastLookMs = 0;
  /**
   * Every running case in list order (overdue as of a moment, then urgency), kept between reads: a read
   * filters it instead of sorting 100,000 cases. Valid until the first due date in it passes (a case then
   * turns overdue and moves up); cases that change meanwhile are moved in place (binary search).
   */
  private ordered: IndexedCase[] | undefined;
  /** The entry of each case in `ordered` (the case itself, or a copy with `overdue` as of then). */
  private orderedEntry = new Map<string, IndexedCase>();
  /** Of each such copy, the case it copies. */
  private readonly copied = new WeakMap<IndexedCase, IndexedCase>();
  /** `ordered` holds until this moment (ms): the soonest due date of a case not yet overdue. */
  private orderedValidThrough = Number.NEGATIVE_INFINITY;
  /** Cases changed since `ordered` was built (undefined: too many, rebuild). */
  private changed: Set<string> | undefined = new Set();
  /** Bumped whenever a list could read differently (a case changed, time made one overdue): lets callers keep what they derived. */
  version = 0;
  /** When the last complete sweep of execution problems began. */
  problemsCheckedAt: number | undefined;

  constructor(
    private readonly client: Client,
    opts: CaseIndexOptions = {},
  ) {
    this.opts = {
      maxStalenessMs: opts.maxStalenessMs ?? 1000,
      overlapMs: opts.overlapMs ?? 30_000,
      resyncMs: opts.resyncMs ?? 10 * 60_000,
      sweepPauseMs: opts.sweepPauseMs ?? 60_000,
      sweepConcurrency: opts.sweepConcurrency ?? 8,
      sweepIdleStopMs: opts.sweepIdleStopMs ?? 10 * 60_000,
      now: opts.now ?? Date.now,
      ...(opts.onError ? { onError: opts.onError } : {}),
    };
  }

  get size(): number {
    return this.cases.size;
  }

  /** Brings the index up to date when it is older than maxStalenessMs; concurrent callers share one refresh. */
  async fresh(): Promise<void> {
    if (this.inflight) return this.inflight;
    const now = this.opts.now();
    if (now - this.lastRefreshMs < this.opts.maxStalenessMs) return;
    const full = now - this.lastResyncMs >= this.opts.resyncMs;
    this.inflight = (full ? this.resync(now) : this.refresh(now)).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** A view the API just received from the case itself: newer than anything visibility may still say. */
  note(view: CaseAnswer): void {
    this.accept(indexedFromView(view));
  }

  /** Running cases matching the filter, overdue first, then the soonest deadline; `overdue` as of now. */
  async list(filter: IndexFilter = {}): Promise<IndexedCase[]> {
    await this.fresh();
    const nowMs = this.opts.now();
    const dueBeforeMs = filter.dueBefore ? Date.parse(filter.dueBefore.length === 10 ? `${filter.dueBefore}T00:00:00Z` : filter.dueBefore) : undefined;
    const out: IndexedCase[] = [];
    const limit = filter.limit ?? Number.POSITIVE_INFINITY;
    for (const c of this.inOrder(nowMs)) {
      if (out.length >= limit) break;
      if (filter.procedure && c.procedure !== filter.procedure) continue;
      if (filter.provider && c.provider !== filter.provider && !filter.anyProviderProcedures?.includes(c.procedure)) continue;
      if (filter.state && !c.statePaths.includes(filter.state)) continue;
      if (filter.waitingOn && !c.waitingOn.some((r) => filter.waitingOn!.includes(r))) continue;
      if (dueBeforeMs !== undefined && !(c.nextDueAt && Date.parse(c.nextDueAt) < dueBeforeMs)) continue;
      if (filter.overdue && !c.overdue) continue;
      out.push(c);
    }
    return out;
  }

  /** All running cases in list order, `overdue` as of `nowMs` (the entries are shared between reads: do not change them). */
  private inOrder(nowMs: number): IndexedCase[] {
    if (this.ordered && nowMs <= this.orderedValidThrough && this.changed) {
      if (this.changed.size === 0) return this.ordered;
      for (const id of this.changed) {
        const old = this.orderedEntry.get(id);
        if (old) this.ordered.splice(this.position(old), 1);
        this.orderedEntry.delete(id);
        const c = this.cases.get(id);
        if (!c) continue;
        const entry = this.entryOf(c, nowMs);
        this.ordered.splice(this.position(entry), 0, entry);
      }
      this.changed.clear();
      this.version++;
      return this.ordered;
    }
    const ordered: IndexedCase[] = [];
    // A case that did not change keeps its entry (the board and the lists keep what they derived from it).
    const previous = this.orderedEntry;
    this.orderedEntry = new Map();
    this.orderedValidThrough = Number.POSITIVE_INFINITY;
    for (const c of this.cases.values()) ordered.push(this.entryOf(c, nowMs, previous.get(c.caseId)));
    ordered.sort(byUrgency);
    this.ordered = ordered;
    this.changed = new Set();
    this.version++;
    return ordered;
  }

  /** The case as lists show it at `nowMs` (`previous`, its entry until now, when that still says the same); narrows how long the order holds. */
  private entryOf(c: IndexedCase, nowMs: number, previous?: IndexedCase): IndexedCase {
    const overdue = isOverdueAt(c, nowMs);
    if (!overdue && c.clockStoppedSince === undefined && c.nextDueAt !== undefined) this.orderedValidThrough = Math.min(this.orderedValidThrough, Date.parse(c.nextDueAt));
    let entry = c;
    if (overdue !== c.overdue) {
      if (previous && previous.overdue === overdue && this.copied.get(previous) === c) entry = previous;
      else this.copied.set((entry = { ...c, overdue }), c);
    }
    this.orderedEntry.set(c.caseId, entry);
    return entry;
  }

  /** Where `entry` is, or would go, in `ordered` (by byUrgency, which ends on the unique case id). */
  private position(entry: IndexedCase): number {
    return sortedPosition(this.ordered!, entry, byUrgency);
  }

  /** A case entered, changed or left the index. */
  private touched(id: string): void {
    if (!this.changed) return;
    this.changed.add(id);
    // Many changes at once (a reload): sorting afresh is cheaper than moving each.
    if (this.changed.size > 2000) this.changed = undefined;
  }

  /**
   * Which of `cases` (from `list()`) need attention, with the reasons: the summary rules as of now,
   * the execution problems as of the last sweep (started on first use, then repeated in the background).
   */
  attention(cases: readonly IndexedCase[], opts: Omit<AttentionOptions, 'nowMs'>): (IndexedCase & { reasons: AttentionReason[] })[] {
    this.sweep();
    const nowMs = this.opts.now();
    // The rules count working days: the same case on the same day gives the same reasons.
    const day = amsterdamDateOf(nowMs);
    const out: (IndexedCase & { reasons: AttentionReason[] })[] = [];
    for (const c of cases) {
      const key = `${c.revision}|${day}|${c.overdue}|${c.state}`;
      let memo = this.attentionMemo.get(c.caseId);
      if (memo?.key !== key) this.attentionMemo.set(c.caseId, (memo = { key, reasons: caseAttention(c, { ...opts, nowMs }) }));
      const reasons = [...memo.reasons, ...(this.problems.get(c.caseId) ?? [])];
      if (reasons.length) out.push({ ...c, reasons });
    }
    return out;
  }

  /** The execution problems of a case as of the last sweep: the same array until a sweep finds them changed. */
  problemsOf(caseId: string): readonly AttentionReason[] | undefined {
    return this.problems.get(caseId);
  }

  /** Someone looks at the board: starts the background sweep if it is not running. */
  sweep(): void {
    this.lastLookMs = this.opts.now();
    if (this.closed || this.sweeping) return;
    this.sweeping = (async () => {
      while (!this.closed && this.opts.now() - this.lastLookMs < this.opts.sweepIdleStopMs) {
        const began = this.opts.now();
        try {
          await this.fresh();
          const ids = [...this.cases.keys()];
          const seen = new Map<string, AttentionReason[]>();
          await forEachLimited(ids, this.opts.sweepConcurrency, async (id) => {
            if (this.closed) return;
            const found = await executionProblems(this.client, id);
            if (found.length) seen.set(id, found);
          });
          // Problems found again as they were keep their array: the board redoes only the cases whose problems changed.
          for (const [id, found] of seen) {
            const known = this.problems.get(id);
            if (known && JSON.stringify(known) === JSON.stringify(found)) seen.set(id, known);
          }
          this.problems.clear();
          for (const [id, found] of seen) this.problems.set(id, found);
          this.problemsCheckedAt = began;
        } catch (err) {
          this.opts.onError?.(err, 'sweep');
        }
        // Closed during the sweep: no pause (close() could not wake one that had not begun yet).
        if (this.closed) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.opts.sweepPauseMs);
          timer.unref?.();
          this.wakeSweep = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wakeSweep = undefined;
      }
    })().finally(() => {
      this.sweeping = undefined;
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wakeSweep?.();
    await Promise.allSettled([this.sweeping, this.inflight]);
  }

  // -------------------------------------------------------------------------------------------

  private accept(c: IndexedCase): void {
    const known = this.cases.get(c.caseId);
    if (known && known.revision > c.revision) return;
    // Refreshes read the last changes again (an overlap for visibility's lag): the same summary changes nothing.
    if (known && c.status === 'RUNNING' && sameSummary(known, c)) return;
    this.touched(c.caseId);
    if (c.status === 'RUNNING') this.cases.set(c.caseId, c);
    else {
      this.cases.delete(c.caseId);
      this.problems.delete(c.caseId);
      this.attentionMemo.delete(c.caseId);
    }
  }

  private async collect(query: string, each: (wf: WorkflowExecutionInfo) => void): Promise<void> {
    for await (const wf of this.client.workflow.list({ query })) each(wf);
  }

  /** Everything running, from scratch; entries the API noted meanwhile with a newer revision stay. */
  private async resync(now: number): Promise<void> {
    const fresh = new Map<string, IndexedCase>();
    let newest = 0;
    await this.collect(`${CASES} AND ExecutionStatus = 'Running'`, (wf) => {
      const c = indexedFromVisibility(wf);
      fresh.set(c.caseId, c);
      newest = Math.max(newest, wf.typedSearchAttributes.get(JfChangedAt)?.getTime() ?? 0);
    });
    for (const [id, known] of this.cases) {
      const c = fresh.get(id);
      // A newer entry the API noted stays; so does the same summary (what was derived from it stays valid).
      if (c && (known.revision > c.revision || sameSummary(known, c))) fresh.set(id, known);
    }
    this.cases.clear();
    for (const [id, c] of fresh) this.cases.set(id, c);
    this.changed = undefined; // sort afresh
    for (const id of this.problems.keys()) if (!fresh.has(id)) this.problems.delete(id);
    for (const id of this.attentionMemo.keys()) if (!fresh.has(id)) this.attentionMemo.delete(id);
    // No running case stamped yet: start from now (the wall clock), not from 1970 and every closed case.
    this.changedCursorMs = Math.max(this.changedCursorMs, newest || now - this.opts.overlapMs);
    this.closedCursorMs = Math.max(this.closedCursorMs, now - this.opts.overlapMs);
    this.lastResyncMs = now;
    this.lastRefreshMs = now;
  }

  /** What changed since the newest change seen (less an overlap), and what closed since the last look. */
  private async refresh(now: number): Promise<void> {
    const since = (ms: number) => quote(new Date(Math.max(0, ms - this.opts.overlapMs)).toISOString());
    const rows: IndexedCase[] = [];
    let newestChange = this.changedCursorMs;
    let newestClose = this.closedCursorMs;
    await Promise.all([
      this.collect(`${CASES} AND JfChangedAt >= ${since(this.changedCursorMs)}`, (wf) => {
        newestChange = Math.max(newestChange, wf.typedSearchAttributes.get(JfChangedAt)?.getTime() ?? 0);
        rows.push(indexedFromVisibility(wf));
      }),
      this.collect(`${CASES} AND ExecutionStatus != 'Running' AND CloseTime >= ${since(this.closedCursorMs)}`, (wf) => {
        newestClose = Math.max(newestClose, wf.closeTime?.getTime() ?? 0);
        rows.push(indexedFromVisibility(wf));
      }),
    ]);
    // A continued-as-new run is not the case closing; its successor (same case) carries on.
    const running = new Set(rows.filter((r) => r.status === 'RUNNING').map((r) => r.caseId));
    for (const r of rows) {
      if (r.status === 'CONTINUED_AS_NEW' || (r.status !== 'RUNNING' && running.has(r.caseId))) continue;
      this.accept(r);
    }
    this.changedCursorMs = newestChange;
    this.closedCursorMs = newestClose;
    this.lastRefreshMs = now;
  }
}
