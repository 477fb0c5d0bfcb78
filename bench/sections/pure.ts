// The engine's pure functions, timed in this process without Temporal: what one event costs the
// workflow, in the order workflows/caseWorkflow.ts runs them — the validator's dry run of the whole
// step (validation, transition, deadlines, size check; the handler keeps it), the check for ended
// terms, the search attributes it upserts, the answer it gives (the view without the machine's context)
// and serialising that answer (Temporal stores it in the case's event history) —
// against the baseline workflow's handler logic.
import { findProcedure } from '../../machines/index.ts';
import { activeStatePaths, dueDeadlines, nextDeadline, startCase, stateString, stepEvent, waitingOn } from '../../workflows/engine.ts';
import type { SectionRunner } from '../context.ts';
import { benchEvent } from '../drivers.ts';
import { row } from '../report.ts';

const actor = { role: 'contractmanager' as const, userId: 'bench-cm' };
const signal = { category: 'kwaliteit', description: 'Benchmarksignaal zonder persoonsgegevens', receivedOn: '2026-01-05' };

type Part = 'ended terms' | 'step and answer (validator dry run, kept by the handler)' | 'search attributes' | 'JSON of the answer';

export const pure: SectionRunner = async (ctx) => {
  const definition = findProcedure('escalation-ladder')!;
  const events = ctx.opts.events;
  const cases = ctx.opts.quick ? 200 : 1000;
  const totals = new Map<Part, number>();
  let startMs = 0;
  let baselineMs = 0;
  const time = <T>(part: Part, fn: () => T): T => {
    const t0 = performance.now();
    const out = fn();
    totals.set(part, (totals.get(part) ?? 0) + performance.now() - t0);
    return out;
  };
  for (let warm = 0; warm < 2; warm++) {
    totals.clear();
    startMs = 0;
    baselineMs = 0;
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
  }
  const n = cases * events;
  const us = (ms: number) => (ms / n) * 1000;
  const engineUs = [...totals.values()].reduce((a, b) => a + b, 0);
  const breakdown = Object.fromEntries([...totals].map(([k, v]) => [k, us(v)]));
  ctx.details.pure = { events: n, usPerEvent: breakdown, startCaseUs: (startMs / cases) * 1000 };
  ctx.notes.push(
    `pure engine cost per event (µs, history of ${events} events): ${[...totals].map(([k, v]) => `${k} ${us(v).toFixed(0)}`).join(', ')}; startCase ${((startMs / cases) * 1000).toFixed(0)} µs`,
  );
  ctx.log(`pure: ${n} events timed`);
  return [row({ section: 'pure', metric: 'workflow-side CPU per event (no Temporal)', unit: 'µs/event', engine: us(engineUs), baseline: us(baselineMs), better: 'lower', absolute: 20 })];
};
