// The supervisor board, which the service keeps between reads and redoes per changed case (api/board.ts
// KeptBoard): after cases enter, leave, take steps, stop their clock, turn overdue as a due date passes,
// start or stop failing, and a day passes, it is the board built from scratch (buildBoard over a fresh
// read model of the same cases). No Temporal: the read model reads visibility-shaped executions from
// an in-process list, as in readModelOrder.test.ts.
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { TypedSearchAttributes, type SearchAttributePair } from '@temporalio/common';
import { describe, expect, it, vi } from 'vitest';
import { buildBoard, withStateLabel, type Board } from '../../api/board.ts';
import { createCaseService } from '../../api/service.ts';
import type { User } from '../../api/users.ts';
import { CaseIndex } from '../../operations/caseIndex.ts';
import { executionProblems } from '../../operations/attention.ts';
import { toSummary } from '../../operations/summary.ts';
import { caseIdFromWorkflowId } from '../../workflows/constants.ts';
import {
  JfCaseId,
  JfChangedAt,
  JfClockStopped,
  JfLastTransitionAt,
  JfNextDueAt,
  JfOverdue,
  JfProcedure,
  JfProvider,
  JfRevision,
  JfState,
  JfStatePaths,
  JfWaitingOn,
} from '../../workflows/searchAttributes.ts';

const T0 = Date.parse('2026-12-01T09:00:00Z'); // a Tuesday
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Row {
  caseId: string;
  state: string;
  waitingOn: string[];
  dueMs?: number;
  expired: boolean;
  lastTransitionMs: number;
  clockStoppedSince?: string;
  revision: number;
  running: boolean;
}

/** The states the board reads: expected working days, four-eyes, a term expired and someone must act, nothing to flag. */
const STATES = [
  { state: 'open.investigation', waitingOn: ['contractmanager'] },
  { state: 'open.choosing', waitingOn: ['contractmanager'] },
  { state: 'open.measureProposed', waitingOn: ['contractmanager'] },
  { state: 'open.rung1.responseOverdue', waitingOn: ['contractmanager'] },
  { state: 'open.rung1.awaitingResponse', waitingOn: ['aanbieder'] },
] as const;

function execution(r: Row): WorkflowExecutionInfo {
  const paths = r.state.split('.').map((_, i, parts) => parts.slice(0, i + 1).join('.'));
  const pairs = [
    { key: JfCaseId, value: r.caseId },
    { key: JfProcedure, value: 'escalation-ladder' },
    { key: JfProvider, value: 'zorg-oost' },
    { key: JfState, value: r.state },
    { key: JfStatePaths, value: paths },
    { key: JfWaitingOn, value: r.waitingOn },
    { key: JfOverdue, value: r.expired },
    { key: JfLastTransitionAt, value: new Date(r.lastTransitionMs) },
    ...(r.dueMs !== undefined ? [{ key: JfNextDueAt, value: new Date(r.dueMs) }] : []),
    ...(r.clockStoppedSince ? [{ key: JfClockStopped, value: r.clockStoppedSince }] : []),
    { key: JfChangedAt, value: new Date(T0) },
    { key: JfRevision, value: r.revision },
  ] as SearchAttributePair[];
  return {
    workflowId: `case-${r.caseId}`,
    status: { name: r.running ? 'RUNNING' : 'COMPLETED' },
    startTime: new Date(T0 - 30 * DAY),
    typedSearchAttributes: new TypedSearchAttributes(pairs),
  } as unknown as WorkflowExecutionInfo;
}

/** A Client whose visibility holds `rows` and whose describe says a workflow task keeps failing for the cases in `failing`. */
function temporalOf(rows: Map<string, Row>, failing: Set<string>): Client {
  return {
    workflow: {
      async *list({ query }: { query: string }) {
        const closed = query.includes("ExecutionStatus != 'Running'");
        for (const r of rows.values()) if (r.running !== closed) yield execution(r);
      },
      getHandle(workflowId: string) {
        return { describe: async () => ({ raw: failing.has(caseIdFromWorkflowId(workflowId)) ? { pendingWorkflowTask: { attempt: 3 } } : {} }) };
      },
    },
  } as unknown as Client;
}

describe('the supervisor board kept between reads', () => {
  it('after cases enter, leave, take steps, stop their clock, start failing, and a due date and a day pass, the kept board is the board built from scratch', async () => {
    let nowMs = T0;
    const rows = new Map<string, Row>();
    const failing = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const caseId = `BK-${String(i).padStart(4, '0')}`;
      const { state, waitingOn } = STATES[i % STATES.length]!;
      rows.set(caseId, {
        caseId,
        state,
        waitingOn: [...waitingOn],
        dueMs: i % 6 === 0 ? undefined : T0 + ((i * 37) % 90) * HOUR - 10 * HOUR + 30 * 60_000,
        expired: i % 13 === 0,
        lastTransitionMs: T0 - ((i * 7) % 25) * DAY,
        ...(i % 17 === 0 ? { clockStoppedSince: new Date(T0 - (i % 5) * DAY).toISOString() } : {}),
        revision: 1,
        running: true,
      });
    }
    failing.add('BK-0007');
    const client = temporalOf(rows, failing);
    const service = createCaseService({ client, taskQueue: 'board-kept', namespace: 'default' }, { now: () => nowMs, index: { maxStalenessMs: 0, overlapMs: 0, resyncMs: 365 * DAY, sweepPauseMs: 1 } });
    const supervisor: User = { id: 'toezicht', name: 'Toezichthouder', roles: ['supervisor'] };

    /** The board from scratch: a fresh read model of the same cases, the rules and Temporal's problems asked anew. */
    const fromScratch = async (): Promise<Pick<Board, 'items' | 'stoppedClocks'>> => {
      const fresh = new CaseIndex(client, { now: () => nowMs, sweepIdleStopMs: 0 });
      try {
        const running = await fresh.list();
        const stuck = [];
        for (const c of running) {
          const reasons = [...fresh.attention([c], {})[0]?.reasons ?? [], ...(await executionProblems(client, c.caseId))];
          if (reasons.length) stuck.push({ ...toSummary(c), reasons });
        }
        const { items, stoppedClocks } = buildBoard({ stuck, running: running.map((c) => withStateLabel(toSummary(c))), status: { server: { reachable: true }, worker: { polling: true, pollers: [] }, taskQueue: 'q' }, nowMs });
        return { items, stoppedClocks };
      } finally {
        await fresh.close();
      }
    };
    /** The service's board once a sweep of execution problems that began now has ended. */
    const kept = async (): Promise<Pick<Board, 'items' | 'stoppedClocks'>> => {
      const checked = new Date(nowMs).toISOString();
      const board = await vi.waitFor(
        async () => {
          const b = await service.board(supervisor);
          if (b.problemsCheckedAt === undefined || b.problemsCheckedAt < checked) throw new Error('sweep not done');
          return b;
        },
        { timeout: 20_000, interval: 5 },
      );
      return { items: board.items, stoppedClocks: board.stoppedClocks };
    };
    const step = (id: string, change: Partial<Row>) => {
      const r = rows.get(id)!;
      rows.set(id, { ...r, ...change, revision: r.revision + 1 });
    };
    const codes = (b: Pick<Board, 'items'>, id: string) => b.items.find((i) => i.caseId === id)?.reasons.map((r) => r.code) ?? [];

    try {
      const first = await kept();
      expect(first).toEqual(await fromScratch());
      expect(first.items.length).toBeGreaterThan(100);
      expect(first.stoppedClocks.length).toBeGreaterThan(10);
      expect(codes(first, 'BK-0007')).toContain('WORKFLOW_TASK_FAILING');
      const onBoard = new Set(first.items.map((i) => i.caseId));
      const others = new Set(['BK-0001', 'BK-0008', 'BK-0013', 'BK-0020', 'BK-0034']);
      const quiet = [...rows.values()].find((r) => !onBoard.has(r.caseId) && r.clockStoppedSince === undefined && !others.has(r.caseId))!;
      const flagged = first.items.find((i) => i.reasons.every((r) => r.code === 'TERM_EXPIRED_STATE') && !others.has(i.caseId))!;

      // Cases take steps (another column, a later due date, a term expired), one stops its clock, one enters, two leave.
      nowMs += 1000;
      step(quiet.caseId, { state: 'open.rung1.responseOverdue', waitingOn: ['contractmanager'], expired: true, lastTransitionMs: nowMs });
      step(flagged.caseId, { state: 'open.rung1.awaitingResponse', waitingOn: ['aanbieder'], dueMs: T0 + 40 * DAY, expired: false, lastTransitionMs: nowMs });
      step('BK-0013', { expired: false, dueMs: T0 + 3 * DAY, lastTransitionMs: nowMs });
      step('BK-0020', { clockStoppedSince: new Date(nowMs).toISOString() });
      step('BK-0034', { clockStoppedSince: undefined });
      rows.set('BK-9000', { ...rows.get('BK-0003')!, caseId: 'BK-9000', revision: 1 });
      step('BK-0001', { running: false });
      step('BK-0008', { running: false });
      failing.add('BK-0011');
      failing.delete('BK-0007');
      const second = await kept();
      expect(second).toEqual(await fromScratch());
      expect(codes(second, quiet.caseId)).toEqual(expect.arrayContaining(['DEADLINE_PASSED']));
      expect(codes(second, flagged.caseId)).not.toContain('TERM_EXPIRED_STATE');
      expect(codes(second, 'BK-0011')).toContain('WORKFLOW_TASK_FAILING');
      expect(codes(second, 'BK-0007')).not.toContain('WORKFLOW_TASK_FAILING');
      expect(second.items.some((i) => i.caseId === 'BK-9000')).toBe(true);
      expect(second.items.some((i) => i.caseId === 'BK-0001' || i.caseId === 'BK-0008')).toBe(false);
      expect(second.stoppedClocks.some((c) => c.caseId === 'BK-0020')).toBe(true);

      // A due date passes the same day: that case turns overdue and moves up.
      const soonest = [...rows.values()].filter((r) => r.running && !r.expired && r.clockStoppedSince === undefined && r.dueMs !== undefined && r.dueMs > nowMs).sort((a, b) => a.dueMs! - b.dueMs!)[0]!;
      expect(soonest).toBeTruthy();
      nowMs = soonest.dueMs! + 1;
      const third = await kept();
      expect(third).toEqual(await fromScratch());
      expect(codes(third, soonest.caseId)).toContain('DEADLINE_PASSED');

      // A working day passes: the idle days count on (STATE_TOO_LONG, APPROVAL_WAITING), more due dates pass.
      nowMs += DAY;
      step('BK-0002', { state: 'open.choosing', lastTransitionMs: nowMs });
      const fourth = await kept();
      expect(fourth).toEqual(await fromScratch());
      expect(fourth).not.toEqual(third);
    } finally {
      await service.close();
    }
  });
});
