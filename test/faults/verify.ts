// The checks after a fault run: every case has exactly the transitions its senders were told had
// happened — none lost, none twice, none the senders were not told about — both in the case's own
// history (the `show` view) and in Temporal's history (one accepted update per request id), and
// every open legal term has its Temporal timer pending.
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { atAmsterdamTime, subtractWorkingDays, type IsoDate } from '../../calendar/index.ts';
import { showCase, type OperationsContext } from '../../operations/index.ts';
import { REMINDER_HOUR } from '../../workflows/engine.ts';
import { caseWorkflowId } from '../../workflows/constants.ts';
import { markerOf, type LoadStats } from './load.ts';

const EventType = temporal.api.enums.v1.EventType;

/** A protobuf Timestamp or Duration in milliseconds. */
function ms(t: { seconds?: { toNumber(): number } | number | null; nanos?: number | null } | null | undefined): number {
  const seconds = t?.seconds;
  return (typeof seconds === 'number' ? seconds : (seconds?.toNumber() ?? 0)) * 1000 + Math.floor((t?.nanos ?? 0) / 1e6);
}

export interface PendingTimer {
  timerId: string;
  firesAt: number;
}

export interface CaseCheck {
  caseId: string;
  state: string;
  /** Acknowledged transitions looked for. */
  checked: number;
  lost: string[];
  doubled: string[];
  /** In the history without any sender having been told (a sender that gave up). */
  unacknowledged: string[];
  /** Temporal history: accepted updates, and update ids accepted more than once. */
  acceptedUpdates: number;
  updateIdsTwice: string[];
  pendingTimers: PendingTimer[];
  problems: string[];
}

export interface Summary {
  cases: number;
  checked: number;
  lost: number;
  doubled: number;
  unacknowledged: number;
  problems: string[];
  checks: CaseCheck[];
}

/** Timers started and neither fired nor cancelled, with when they fire. */
export function pendingTimers(history: temporal.api.history.v1.IHistory): PendingTimer[] {
  const open = new Map<string, PendingTimer>();
  for (const e of history.events ?? []) {
    if (e.eventType === EventType.EVENT_TYPE_TIMER_STARTED) {
      const a = e.timerStartedEventAttributes!;
      open.set(a.timerId!, { timerId: a.timerId!, firesAt: ms(e.eventTime) + ms(a.startToFireTimeout) });
    } else if (e.eventType === EventType.EVENT_TYPE_TIMER_FIRED) {
      open.delete(e.timerFiredEventAttributes!.timerId!);
    } else if (e.eventType === EventType.EVENT_TYPE_TIMER_CANCELED) {
      open.delete(e.timerCanceledEventAttributes!.timerId!);
    }
  }
  return [...open.values()];
}

/** When the engine must wake for an open deadline: its first reminder still ahead (08:00, N working days before), else its end. */
export function expectedWakeAt(d: { dueDate: string; dueAt: string }, openedAtMs: number, reminders: readonly number[] = [5, 1]): number {
  const times = reminders
    .map((offset) => Date.parse(atAmsterdamTime(subtractWorkingDays(d.dueDate as IsoDate, offset), REMINDER_HOUR)))
    .filter((t) => t >= openedAtMs && t < Date.parse(d.dueAt));
  return Math.min(Date.parse(d.dueAt), ...times);
}

/** Waits until no case has a workflow task or an activity outstanding (killed workers leave some to time out). */
export async function waitUntilQuiet(client: Client, caseIds: readonly string[], timeoutMs = 180_000): Promise<string[]> {
  const until = Date.now() + timeoutMs;
  let busy = [...caseIds];
  while (busy.length && Date.now() < until) {
    const still: string[] = [];
    for (const caseId of busy) {
      const raw = (await client.workflow.getHandle(caseWorkflowId(caseId)).describe()).raw;
      if (raw.pendingWorkflowTask || (raw.pendingActivities ?? []).length > 0) still.push(caseId);
    }
    busy = still;
    if (busy.length) await new Promise((r) => setTimeout(r, 2000));
  }
  return busy;
}

/** Where a case must end; the term whose timer must be pending (with its reminder offsets); terms that must have expired once. */
export interface CaseExpectation {
  state?: string;
  timerFor?: string;
  reminders?: readonly number[];
  expiries?: readonly string[];
}

export async function checkCases(
  ops: OperationsContext,
  stats: LoadStats,
  expect: CaseExpectation | ((caseId: string) => CaseExpectation),
): Promise<Summary> {
  const expectFor = typeof expect === 'function' ? expect : () => expect;
  const checks: CaseCheck[] = [];
  const acksByCase = new Map<string, string[]>();
  for (const a of stats.acks) acksByCase.set(a.caseId, [...(acksByCase.get(a.caseId) ?? []), a.marker]);
  for (const caseId of stats.cases) {
    const problems: string[] = [];
    const view = await showCase(ops, { caseId });
    const handle = ops.client.workflow.getHandle(caseWorkflowId(caseId));
    const history = await handle.fetchHistory();

    const seen = new Map<string, number>();
    for (const h of view.history.filter((x) => x.kind === 'event')) {
      const m = markerOf(h.payload);
      if (!m) problems.push(`event ${h.type} #${h.seq} without a marker`);
      else seen.set(m, (seen.get(m) ?? 0) + 1);
    }
    const acked = acksByCase.get(caseId) ?? [];
    const ackedSet = new Set(acked);
    const lost = acked.filter((m) => !seen.has(m));
    const doubled = [...seen].filter(([, n]) => n > 1).map(([m, n]) => `${m}×${n}`);
    const unacknowledged = [...seen.keys()].filter((m) => !ackedSet.has(m));

    const accepted = new Map<string, number>();
    for (const e of history.events ?? []) {
      if (e.eventType !== EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED) continue;
      const id = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId ?? '?';
      accepted.set(id, (accepted.get(id) ?? 0) + 1);
    }
    const updateIdsTwice = [...accepted].filter(([, n]) => n > 1).map(([id]) => id);
    const acceptedUpdates = [...accepted.values()].reduce((a, b) => a + b, 0);
    const events = view.history.filter((x) => x.kind === 'event').length;
    if (acceptedUpdates !== events) problems.push(`${acceptedUpdates} accepted updates in Temporal's history but ${events} events in the case history`);

    const want = expectFor(caseId);
    if (want.state && view.state !== want.state) problems.push(`state ${view.state}, expected ${want.state}`);
    for (const name of want.expiries ?? []) {
      const ended = view.history.filter((x) => x.kind === 'expiry' && (x.payload as { deadline?: unknown } | undefined)?.deadline === name).length;
      if (ended !== 1) problems.push(`term ${name} expired ${ended} times, expected once`);
    }
    const timers = pendingTimers(history);
    if (want.timerFor) {
      const d = view.deadlines.find((x) => x.name === want.timerFor && x.status === 'open');
      if (!d) problems.push(`no open deadline ${want.timerFor}`);
      else if (timers.length !== 1) problems.push(`${timers.length} pending timers, expected 1 for ${want.timerFor}`);
      else {
        const wake = expectedWakeAt(d, Date.parse(view.lastTransitionAt), want.reminders);
        const firesAt = timers[0]!.firesAt;
        // The workflow sets the timer from its task's start time; the event is written a moment later.
        if (firesAt < wake || firesAt > wake + 120_000) {
          problems.push(`pending timer fires at ${new Date(firesAt).toISOString()}, expected ${new Date(wake).toISOString()} (deadline ${d.dueAt})`);
        }
      }
    }
    checks.push({ caseId, state: view.state, checked: acked.length, lost, doubled, unacknowledged, acceptedUpdates, updateIdsTwice, pendingTimers: timers, problems });
  }
  return {
    cases: checks.length,
    checked: checks.reduce((a, c) => a + c.checked, 0),
    lost: checks.reduce((a, c) => a + c.lost.length, 0),
    doubled: checks.reduce((a, c) => a + c.doubled.length + c.updateIdsTwice.length, 0),
    unacknowledged: checks.reduce((a, c) => a + c.unacknowledged.length, 0),
    problems: checks.flatMap((c) => c.problems.map((p) => `${c.caseId}: ${p}`)),
    checks,
  };
}
