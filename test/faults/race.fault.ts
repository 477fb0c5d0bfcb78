// Two senders racing for the same case in the same state: one wins; the other gets a clear refusal
// (a ProcedureError) naming the state the winner left the case in, and leaves no step behind.
// And two sends with the same request id at once: applied once, both told it happened.
import { amsterdamDateOf } from '../../calendar/index.ts';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendEvent, showCase, startCase, type OperationsContext, type SendEventRequest } from '../../operations/index.ts';
import { caseWorkflowId } from '../../workflows/constants.ts';
import type { CaseAnswer } from '../../workflows/engine.ts';
import { ProcedureError } from '../../workflows/errors.ts';
import { testDataConverter, testKeys, uniqueTaskQueue } from '../support/temporal.ts';
import { markerOf } from './load.ts';
import { startRestartableServer, type RestartableServer } from './server.ts';
import { addTally } from './tally.ts';
import { WorkerSupervisor, writeBundle } from './workers.ts';

const cm1 = { role: 'contractmanager' as const, userId: 'race-cm-1' };
const cm2 = { role: 'contractmanager' as const, userId: 'race-cm-2' };
const cm3 = { role: 'contractmanager' as const, userId: 'race-cm-3' };
const provider1 = { role: 'aanbieder' as const, userId: 'race-provider-1' };
const provider2 = { role: 'aanbieder' as const, userId: 'race-provider-2' };
const ROUNDS = 8;
const EventType = temporal.api.enums.v1.EventType;

let dir: string;
let server: RestartableServer;
let worker: WorkerSupervisor;
let connection: Connection;
let ops: OperationsContext;
const runId = Date.now().toString(36);
const tally = { cases: 0, transitions: 0, lost: 0, doubled: 0, races: 0 };
/** How the losers were refused: by the update validator (nothing written) or by the handler's re-check. */
const refusedBy = { validator: 0, handler: 0 };
let losers = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jeugdflow-faults-race-'));
  const [s, bundlePath] = await Promise.all([startRestartableServer(dir), writeBundle(dir)]);
  server = s;
  const taskQueue = uniqueTaskQueue('faults-race');
  worker = new WorkerSupervisor({ address: server.address, taskQueue, bundlePath });
  await worker.start();
  connection = await Connection.connect({ address: server.address });
  ops = { client: new Client({ connection, dataConverter: testDataConverter }), keys: testKeys, taskQueue };
});

afterAll(async () => {
  addTally({ test: 'racing senders', ...tally });
  refusedBy.validator = losers - refusedBy.handler;
  console.log(`racing senders: losers refused by the validator ${refusedBy.validator}×, by the handler's re-check ${refusedBy.handler}×`);
  await worker?.stop();
  await connection?.close();
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

let n = 0;
const sent = new Map<string, string[]>();

async function send(req: Omit<SendEventRequest, 'requestId'> & { requestId?: string }, label: string): Promise<CaseAnswer> {
  const payload = { ...(req.payload as object), ...markField(req.type, `[${req.caseId}/${label}]`) };
  const view = await sendEvent(ops, { ...req, payload });
  sent.set(req.caseId, [...(sent.get(req.caseId) ?? []), `[${req.caseId}/${label}]`]);
  return view;
}

/** Puts the marker in a free-text field of the payload. */
function markField(type: string, m: string): Record<string, string> {
  switch (type) {
    case 'hearing.recorded': return { findings: `Bevindingen ${m}` };
    case 'rung.chosen': return { reason: `Reden ${m}` };
    case 'measure.proposed': return { reason: `Onderbouwing ${m}` };
    case 'measure.rejected': return { reason: `Afgewezen ${m}` };
    case 'measure.approved': return { note: `Akkoord ${m}` };
    case 'response.submitted': return { explanation: `Verklaring ${m}` };
    default: throw new Error(`no marker field for ${type}`);
  }
}

async function newCase(): Promise<string> {
  const caseId = `RACE-${runId}-${++n}`;
  await startCase(ops, {
    procedure: 'escalation-ladder',
    caseId,
    actor: cm1,
    data: { provider: 'AGB-FAULTS01', signal: { category: 'kwaliteit', description: 'Signaal voor de racetest', receivedOn: '2026-11-20' } },
  });
  await send({ caseId, type: 'hearing.recorded', actor: cm1, payload: { date: '2026-11-20', providerPosition: 'Standpunt van de aanbieder' } }, 'hearing');
  tally.cases++;
  return caseId;
}

const rung1 = { rung: 1, arrangements: 'Tweewekelijks overleg met de teammanager' };
const rung3 = {
  rung: 3,
  urgent: { needed: false },
  shortcoming: 'Wachttijden structureel boven de norm',
  recoveryTermWorkingDays: 20,
  legalConsequences: 'Bij uitblijven van herstel is de aanbieder in verzuim',
};

/** Sends both at once; returns the winner's view and the loser's error. */
async function race(caseId: string, a: [Omit<SendEventRequest, 'caseId'>, string], b: [Omit<SendEventRequest, 'caseId'>, string]) {
  const results = await Promise.allSettled([send({ caseId, ...a[0] }, a[1]), send({ caseId, ...b[0] }, b[1])]);
  const won = results.filter((r): r is PromiseFulfilledResult<CaseAnswer> => r.status === 'fulfilled');
  const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  expect(won, `exactly one of the two wins (${caseId})`).toHaveLength(1);
  expect(lost).toHaveLength(1);
  const err = lost[0]!.reason as unknown;
  expect(err).toBeInstanceOf(ProcedureError);
  tally.races++;
  losers++;
  return { winner: won[0]!.value, refusal: err as ProcedureError };
}

/** The case has exactly the steps its senders were told about, once each, and says how the loser was refused. */
async function checkCase(caseId: string): Promise<void> {
  const view = await showCase(ops, { caseId });
  const markers = view.history.filter((h) => h.kind === 'event').map((h) => markerOf(h.payload));
  const expected = sent.get(caseId) ?? [];
  const lost = expected.filter((m) => !markers.includes(m));
  const doubled = markers.filter((m, i) => markers.indexOf(m) !== i);
  tally.transitions += expected.length;
  tally.lost += lost.length;
  tally.doubled += doubled.length;
  expect({ lost, doubled, extra: markers.filter((m) => !m || !expected.includes(m)) }).toEqual({ lost: [], doubled: [], extra: [] });
  const history = await ops.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
  const failedUpdates = (history.events ?? []).filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED && e.workflowExecutionUpdateCompletedEventAttributes?.outcome?.failure).length;
  refusedBy.handler += failedUpdates;
}

function expectRefusalNaming(refusal: ProcedureError, winner: CaseAnswer): void {
  expect(refusal.state).toBe(winner.state);
  expect(refusal.message).toContain(winner.state);
  expect(['EVENT_NOT_ALLOWED', 'GUARD_FAILED']).toContain(refusal.code);
}

describe('racing senders', () => {
  it('two contract managers choose rung 1 at the same moment: one wins, the other is refused naming the new state', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const caseId = await newCase();
      const { winner, refusal } = await race(
        caseId,
        [{ type: 'rung.chosen', actor: cm1, payload: rung1 }, 'cm1'],
        [{ type: 'rung.chosen', actor: cm2, payload: rung1 }, 'cm2'],
      );
      expect(winner.state).toBe('open.rung1.awaitingResponse');
      expectRefusalNaming(refusal, winner);
      await checkCase(caseId);
    }
  });

  it('four eyes: one reviewer approves while another rejects the same proposal; the loser is refused naming the new state', async () => {
    const outcomes = new Set<string>();
    for (let i = 0; i < ROUNDS; i++) {
      const caseId = await newCase();
      await send({ caseId, type: 'measure.proposed', actor: cm1, payload: rung3 }, 'proposal');
      const approve: [Omit<SendEventRequest, 'caseId'>, string] = [{ type: 'measure.approved', actor: cm2, payload: { date: amsterdamDateOf(Date.now()), registeredLetter: { reference: 'RR 1234 5678 9NL' } } }, 'approve'];
      const reject: [Omit<SendEventRequest, 'caseId'>, string] = [{ type: 'measure.rejected', actor: cm3, payload: {} }, 'reject'];
      const { winner, refusal } = await race(caseId, ...((i % 2 === 0 ? [approve, reject] : [reject, approve]) as [typeof approve, typeof reject]));
      outcomes.add(winner.history.at(-1)!.type);
      expectRefusalNaming(refusal, winner);
      await checkCase(caseId);
    }
    expect(outcomes.size).toBeGreaterThan(0);
  });

  it('two provider users respond to the same term at once: one response counts, the other is refused naming the new state', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const caseId = await newCase();
      await send({ caseId, type: 'rung.chosen', actor: cm1, payload: rung1 }, 'rung1');
      const response = { recoveryMeasures: 'Extra begeleiders ingezet' };
      const { winner, refusal } = await race(
        caseId,
        [{ type: 'response.submitted', actor: provider1, payload: response }, 'p1'],
        [{ type: 'response.submitted', actor: provider2, payload: response }, 'p2'],
      );
      expect(winner.state).toBe('open.rung1.responseReceived');
      expectRefusalNaming(refusal, winner);
      await checkCase(caseId);
    }
  });

  it('the same request sent twice at once (a client retrying too early) is applied once and both get its result', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const caseId = await newCase();
      const requestId = randomUUID();
      const req = { caseId, type: 'hearing.recorded', actor: cm1, requestId, payload: { date: '2026-11-21', providerPosition: 'Tweede standpunt', ...markField('hearing.recorded', `[${caseId}/again]`) } };
      const [a, b] = await Promise.all([sendEvent(ops, req), sendEvent(ops, req)]);
      sent.set(caseId, [...(sent.get(caseId) ?? []), `[${caseId}/again]`]);
      expect(a.history.length).toBe(b.history.length);
      expect(a.state).toBe(b.state);
      tally.races++;
      await checkCase(caseId);
    }
  });
});
