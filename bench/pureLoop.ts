// The loop the pure section times: what one event costs the workflow, in the order
// workflows/caseWorkflow.ts runs it — the check for ended terms, the validator's dry run of the whole
// step (validation, transition, deadlines, size check, the answer; the handler keeps it), the search
// attributes it upserts, and serialising the answer (Temporal stores it in the case's event history) —
// against the baseline workflow's handler logic. bench/sections/pure.ts compiles this module as the
// worker compiles workflow code and runs `bestRound` in a Node process of its own; it imports nothing of
// Temporal.
import { findProcedure } from '../machines/index.ts';
import { activeStatePaths, dueDeadlines, nextDeadline, startCase, stateString, stepEvent, waitingOn } from '../workflows/engine.ts';
import { benchEvent } from './events.ts';

export const PARTS = ['ended terms', 'step and answer (validator dry run, kept by the handler)', 'search attributes', 'JSON of the answer'] as const;
export type Part = (typeof PARTS)[number];

export interface PureRound {
  /** Milliseconds per part over all events. */
  totals: Record<Part, number>;
  /** Milliseconds of the baseline handler over all events. */
  baselineMs: number;
  /** Milliseconds of startCase over all cases. */
  startMs: number;
  events: number;
}

const actor = { role: 'contractmanager' as const, userId: 'bench-cm' };
const signal = { category: 'kwaliteit', description: 'Benchmarksignaal zonder persoonsgegevens', receivedOn: '2026-01-05' };

/** One round: `cases` cases of `events` hearings each. */
export function pureRound(cases: number, events: number): PureRound {
  const definition = findProcedure('escalation-ladder')!;
  const totals = Object.fromEntries(PARTS.map((p) => [p, 0])) as Record<Part, number>;
  let startMs = 0;
  let baselineMs = 0;
  const time = <T>(part: Part, fn: () => T): T => {
    const t0 = performance.now();
    const out = fn();
    totals[part] += performance.now() - t0;
    return out;
  };
  for (let c = 0; c < cases; c++) {
    const at = new Date(Date.UTC(2026, 0, 5, 9, 0, c % 60)).toISOString();
    let t0 = performance.now();
    let { rt } = startCase(definition, { caseId: `PURE-${c}`, procedureId: definition.id, startedBy: actor, data: { provider: 'AGB-BENCH01', signal } }, at);
    startMs += performance.now() - t0;
    // The baseline handler: a table lookup, a push, a small result.
    let state = 'investigation';
    const history: unknown[] = [];
    for (let e = 0; e < events; e++) {
      const input = { actor, ...benchEvent(e) };
      const before = rt.history.length;
      time('ended terms', () => dueDeadlines(rt, Date.parse(at)).length);
      const step = time('step and answer (validator dry run, kept by the handler)', () => stepEvent(rt, input, at, { role: actor.role, historyAfter: before }));
      rt = step.rt;
      time('search attributes', () => [stateString(rt.snapshot), activeStatePaths(rt.snapshot), waitingOn(rt), nextDeadline(rt)]);
      const answer = step.answer;
      time('JSON of the answer', () => JSON.stringify(answer));
      t0 = performance.now();
      const table: Record<string, string> = { 'hearing.recorded': 'investigation' };
      const to = table[input.type]!;
      history.push({ seq: history.length + 1, at, type: input.type, from: state, to, actor, payload: input.payload });
      state = to;
      JSON.stringify({ caseId: `PURE-${c}`, state, seq: history.length });
      baselineMs += performance.now() - t0;
    }
  }
  return { totals, baselineMs, startMs, events: cases * events };
}

/** The least of three rounds after a warm-up round, per part and for the baseline. */
export function bestRound(cases: number, events: number): PureRound {
  pureRound(cases, events);
  const rounds = [pureRound(cases, events), pureRound(cases, events), pureRound(cases, events)];
  const least = (pick: (r: PureRound) => number) => Math.min(...rounds.map(pick));
  return {
    totals: Object.fromEntries(PARTS.map((p) => [p, least((r) => r.totals[p])])) as PureRound['totals'],
    baselineMs: least((r) => r.baselineMs),
    startMs: least((r) => r.startMs),
    events: rounds[0]!.events,
  };
}
