// The benchmark's baseline: what a hand-written Temporal workflow does with the same messages as
// caseWorkflow — the `sendEvent` update (with a validator) and the `case` query — with no XState, no
// zod, no roles: a small transition table, a list of applied events, the new state back.
//
// With `searchAttributes` (the baseline proper) it also keeps the case list current as caseWorkflow
// does — the same ten search attributes, upserted at start and after every step — so that both send
// Temporal the same commands and the comparison isolates the engine. Without it ("plain Temporal")
// it shows what those upserts cost on their own.
//
// Bundled on its own (bench/workers.ts) and run on its own task queue.
import { ApplicationFailure, condition, defineQuery, defineUpdate, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import {
  JfCaseId,
  JfLastTransitionAt,
  JfNextDueAt,
  JfOverdue,
  JfProcedure,
  JfProvider,
  JfSignal,
  JfChangedAt,
  JfRevision,
  JfState,
  JfStatePaths,
  JfWaitingOn,
} from '../workflows/searchAttributes.ts';

export interface BaselineEventInput {
  type: string;
  actor: { role: string; userId: string };
  payload?: unknown;
  reason?: string;
}

export interface BaselineView {
  caseId: string;
  state: string;
  seq: number;
}

export interface BaselineCaseView extends BaselineView {
  history: { seq: number; at: string; type: string; from: string; to: string; actor: BaselineEventInput['actor']; payload?: unknown }[];
}

export interface BaselineInput {
  caseId: string;
  provider: string;
  data: unknown;
  /** Keep the same search attributes current as caseWorkflow (default true). */
  searchAttributes?: boolean;
}

export const baselineSendEventUpdate = defineUpdate<BaselineView, [BaselineEventInput]>('sendEvent');
export const baselineCaseQuery = defineQuery<BaselineCaseView>('case');

/** Events accepted per state and where they lead (the ladder's first steps, by hand). */
const TRANSITIONS: Record<string, Record<string, string>> = {
  investigation: { 'hearing.recorded': 'investigation', 'ground.recorded': 'investigation', 'rung.chosen': 'rung1', 'case.closed': 'closed' },
  rung1: { 'hearing.recorded': 'rung1', 'ground.recorded': 'rung1', 'response.submitted': 'responseReceived', 'case.closed': 'closed' },
  responseReceived: { 'hearing.recorded': 'responseReceived', 'rung.chosen': 'rung1', 'case.closed': 'closed' },
};

export async function baselineWorkflow(input: BaselineInput): Promise<BaselineView> {
  let state = 'investigation';
  let lastTransitionAt = Date.now();
  const history: BaselineCaseView['history'] = [];
  const now = () => new Date(Date.now()).toISOString();
  const refuse = (type: string) => ApplicationFailure.nonRetryable(`'${type}' is not allowed in state ${state}`, 'EVENT_NOT_ALLOWED');
  const upsert = () => {
    if (input.searchAttributes === false) return;
    upsertSearchAttributes([
      { key: JfCaseId, value: input.caseId },
      { key: JfProcedure, value: 'escalation-ladder' },
      { key: JfProvider, value: input.provider },
      { key: JfState, value: state },
      { key: JfStatePaths, value: [state] },
      { key: JfWaitingOn, value: ['contractmanager'] },
      { key: JfLastTransitionAt, value: new Date(lastTransitionAt) },
      { key: JfOverdue, value: false },
      { key: JfNextDueAt, value: null },
      { key: JfSignal, value: null },
      { key: JfChangedAt, value: new Date(Date.now()) },
      { key: JfRevision, value: history.length },
    ] as SearchAttributeUpdatePair[]);
  };
  upsert();

  setHandler(baselineCaseQuery, () => ({ caseId: input.caseId, state, seq: history.length, history }));
  setHandler(
    baselineSendEventUpdate,
    (event) => {
      const to = TRANSITIONS[state]?.[event.type];
      if (!to) throw refuse(event.type);
      history.push({ seq: history.length + 1, at: now(), type: event.type, from: state, to, actor: event.actor, payload: event.payload });
      state = to;
      lastTransitionAt = Date.now();
      upsert();
      return { caseId: input.caseId, state, seq: history.length };
    },
    {
      validator: (event) => {
        if (!TRANSITIONS[state]?.[event.type]) throw refuse(event.type);
      },
    },
  );

  await condition(() => state === 'closed');
  return { caseId: input.caseId, state, seq: history.length };
}
