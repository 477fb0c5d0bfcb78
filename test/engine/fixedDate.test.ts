// A term that ends on a fixed calendar date from the contract ("vóór 1 april"), kind 'date': opens once the
// date is in the context, ends on that date or, when it is a weekend day or public holiday, on the next
// working day (Algemene termijnenwet art. 1), and is recomputed when the date in the context changes.
import { createMachine, type AnyStateMachine } from 'xstate';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import type { ProcedureDefinition } from '../../machines/types.ts';
import { startCase, stepEvent, type CaseRuntime } from '../../workflows/engine.ts';
import { reviewProcedure } from '../fixtures/reviewProcedure.ts';

const T0 = '2029-03-01T09:00:00.000Z';
const gemeente = { role: 'gemeente' as const, userId: 'gina' };

/** The review fixture with the meeting's follow-up term as a fixed date: the day in `meetingOn`. */
function fixedDateProcedure(override: object = {}): ProcedureDefinition {
  const cfg = reviewProcedure.machine.config as { states: Record<string, { meta: { deadlines: object[] } }> };
  const meeting = cfg.states.meeting!;
  const states = {
    ...cfg.states,
    meeting: { ...meeting, meta: { ...meeting.meta, deadlines: [{ ...meeting.meta.deadlines[0], label: 'Inleverdatum', kind: 'date', n: 0, ...override }] } },
  };
  const machine = createMachine({ ...(cfg as object), states } as never, reviewProcedure.machine.implementations as never) as unknown as AnyStateMachine;
  const events = { ...reviewProcedure.events, 'meeting.planned': { ...reviewProcedure.events['meeting.planned']!, schema: z.object({ on: z.string() }).strict(), termStartDates: [] } };
  return { ...reviewProcedure, machine, events };
}

function planned(on: string, rt?: CaseRuntime): CaseRuntime {
  const start = rt ?? startCase(fixedDateProcedure(), { caseId: 'RV-D', procedureId: 'review', startedBy: { role: 'contractmanager', userId: 'anna' }, data: { provider: 'aanbieder-042' } }, T0).rt;
  return stepEvent(start, { type: 'meeting.planned', actor: gemeente, payload: { on } }, T0).rt;
}

describe("a fixed-date term (kind 'date') follows the Algemene termijnenwet", () => {
  it('ends on the date itself when it is a working day', () => {
    const d = planned('2027-03-31').deadlines[0]!;
    expect(d).toMatchObject({ kind: 'date', n: 0, from: '2027-03-31', due: '2027-03-31', status: 'open', waitingOn: ['aanbieder'] });
  });

  it('Atw art. 1: "vóór 1 april 2029" as last day Saturday 31 March moves over Easter to Tuesday 3 April', () => {
    const d = planned('2029-03-31').deadlines[0]!;
    expect(d.due).toBe('2029-04-03');
    expect(d.explanation).toContain('verschoven naar de eerstvolgende werkdag: dinsdag 3 april 2029');
  });

  it('a fixed-date term opens only once its date is in the context (never on a made-up day)', () => {
    const def = fixedDateProcedure({ startsFromContext: 'handInOn' });
    const rt = startCase(def, { caseId: 'RV-E', procedureId: 'review', startedBy: { role: 'contractmanager', userId: 'anna' }, data: { provider: 'aanbieder-042' } }, T0).rt;
    const entered = stepEvent(rt, { type: 'meeting.planned', actor: gemeente, payload: { on: '2029-04-10' } }, T0).rt;
    expect(entered.snapshot.value).toBe('meeting');
    expect(entered.deadlines).toEqual([]);
  });
});
