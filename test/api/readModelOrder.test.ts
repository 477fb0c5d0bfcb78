// The read model's list order, which it keeps between reads (operations/caseIndex.ts) and sorts by
// column with ranked texts (operations/summary.ts sortCases): the same order a fresh sort gives. No
// Temporal: the index reads visibility-shaped executions from an in-process list.
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { TypedSearchAttributes, type SearchAttributePair } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { CaseIndex, type IndexedCase } from '../../operations/caseIndex.ts';
import { byUrgency, isOverdueAt, sortCases, type CaseSummary } from '../../operations/summary.ts';
import { JfCaseId, JfChangedAt, JfNextDueAt, JfOverdue, JfProcedure, JfProvider, JfRevision, JfState, JfStatePaths, JfWaitingOn } from '../../workflows/searchAttributes.ts';

const T0 = Date.parse('2026-12-01T08:00:00Z');
const HOUR = 3_600_000;

interface Row {
  caseId: string;
  dueMs?: number;
  expired: boolean;
  revision: number;
  provider: string;
}

function execution(r: Row): WorkflowExecutionInfo {
  const pairs = [
    { key: JfCaseId, value: r.caseId },
    { key: JfProcedure, value: 'escalation-ladder' },
    { key: JfProvider, value: r.provider },
    { key: JfState, value: 'open.rung1' },
    { key: JfStatePaths, value: ['open', 'open.rung1'] },
    { key: JfWaitingOn, value: ['aanbieder'] },
    { key: JfOverdue, value: r.expired },
    ...(r.dueMs !== undefined ? [{ key: JfNextDueAt, value: new Date(r.dueMs) }] : []),
    { key: JfChangedAt, value: new Date(T0) },
    { key: JfRevision, value: r.revision },
  ] as SearchAttributePair[];
  return { workflowId: `case-${r.caseId}`, status: { name: 'RUNNING' }, startTime: new Date(T0 - 24 * HOUR), typedSearchAttributes: new TypedSearchAttributes(pairs) } as unknown as WorkflowExecutionInfo;
}

/** A Client whose visibility holds `rows` (every query answers all of them: refreshes re-read unchanged rows too). */
function visibility(rows: Map<string, Row>): Client {
  return {
    workflow: {
      async *list({ query }: { query: string }) {
        if (query.includes("ExecutionStatus != 'Running'")) return;
        for (const r of rows.values()) yield execution(r);
      },
    },
  } as unknown as Client;
}

/** What a fresh filter + sort of the rows gives at `nowMs`. */
function freshOrder(index: IndexedCase[], nowMs: number): string[] {
  return index
    .map((c) => ({ ...c, overdue: isOverdueAt(c, nowMs) }))
    .sort(byUrgency)
    .map((c) => c.caseId);
}

describe('read model order', () => {
  it('a list read after cases changed, and after a due date passed, is in the order a fresh sort gives (overdue first, then the soonest deadline)', async () => {
    let nowMs = T0;
    const rows = new Map<string, Row>();
    for (let i = 0; i < 300; i++) {
      const caseId = `RO-${String(i).padStart(4, '0')}`;
      rows.set(caseId, { caseId, dueMs: i % 7 === 0 ? undefined : T0 + ((i * 37) % 50) * HOUR - 5 * HOUR + 30 * 60_000, expired: i % 11 === 0, revision: 1, provider: `p${i % 5}` });
    }
    const index = new CaseIndex(visibility(rows), { now: () => nowMs, maxStalenessMs: 0, overlapMs: 0 });
    try {
      const first = await index.list();
      expect(first.map((c) => c.caseId)).toEqual(freshOrder(first, nowMs));
      expect(first.filter((c) => c.overdue).length).toBeGreaterThan(0);

      // Five cases take a step (a new revision, a new due date) before any due date passes: they move, the rest stays.
      for (const id of ['RO-0003', 'RO-0050', 'RO-0101', 'RO-0222', 'RO-0299']) {
        const r = rows.get(id)!;
        rows.set(id, { ...r, revision: 2, dueMs: T0 + 60 * HOUR - Number(id.slice(3)) * 1000, expired: false });
      }
      rows.delete('RO-0150'); // gone from the running cases: a resync drops it, a refresh leaves it (not closed in visibility)
      nowMs += 1000;
      const second = await index.list();
      expect(second.map((c) => c.caseId)).toEqual(freshOrder(second, nowMs));
      expect(second.find((c) => c.caseId === 'RO-0003')!.revision).toBe(2);
      expect(second.find((c) => c.caseId === 'RO-0003')!.nextDueAt).toBe(new Date(rows.get('RO-0003')!.dueMs!).toISOString());

      // Time passes a due date: that case turns overdue and moves up.
      const soonest = second.find((c) => !c.overdue && c.nextDueAt)!;
      nowMs = Date.parse(soonest.nextDueAt!) + 1;
      const third = await index.list();
      expect(third.find((c) => c.caseId === soonest.caseId)!.overdue).toBe(true);
      expect(third.map((c) => c.caseId)).toEqual(freshOrder(third, nowMs));
      // A filter keeps that order.
      const filtered = await index.list({ provider: 'p2', overdue: true });
      expect(filtered.map((c) => c.caseId)).toEqual(third.filter((c) => c.provider === 'p2' && c.overdue).map((c) => c.caseId));
    } finally {
      await index.close();
    }
  });

  it('a column sort orders by the Dutch text with numbers as numbers, ties by urgency, as localeCompare per pair did', () => {
    const names = ['Zorg 10', 'zorg 9', 'Ábc', 'abc', 'Zorg 9', 'Beter', 'beter-thuis', 'Zorg 100'];
    const cases: (CaseSummary & { name: string })[] = Array.from({ length: 200 }, (_, i) => ({
      caseId: `S-${(i * 7919) % 1000}`,
      procedure: 'escalation-ladder',
      provider: `p${i % 8}`,
      state: 'open',
      status: 'RUNNING',
      waitingOn: [],
      overdue: i % 9 === 0,
      ...(i % 4 ? { nextDueAt: new Date(T0 + ((i * 13) % 17) * HOUR).toISOString() } : {}),
      name: names[i % names.length]!,
    }));
    for (const order of ['asc', 'desc'] as const) {
      const sign = order === 'desc' ? -1 : 1;
      const expected = [...cases].sort((a, b) => sign * a.name.localeCompare(b.name, 'nl', { numeric: true }) || byUrgency(a, b)).map((c) => c.caseId);
      const label = (c: (typeof cases)[number]) => c.name;
      expect(sortCases(cases, 'provider', order, label).map((c) => c.caseId)).toEqual(expected);
      expect(sortCases([...cases].sort(byUrgency), 'provider', order, label, { urgencyOrdered: true }).map((c) => c.caseId)).toEqual(expected);
    }
  });
});
