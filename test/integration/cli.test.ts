// The CLI as a newcomer uses it, against a real Temporal dev server with a real worker.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.ts';
import { PROCEDURE_IDS } from '../../machines/index.ts';
import { cliBundleFresh } from '../../bench/sections/cli.ts';
import { runCli, type CliResult } from '../support/cli.ts';
import { bundleWorkflowsOnce, devServerAddress, testDataConverter, TEST_KEY_ENV, uniqueTaskQueue } from '../support/temporal.ts';


let taskQueue: string;
let worker: Worker;
let running: Promise<void>;
let native: NativeConnection;
let client: Client;
let connection: Connection;
const caseId = `CLI-${Date.now().toString(36)}`;

async function cli(...args: string[]): Promise<CliResult> {
  return runCli([...args], { ...TEST_KEY_ENV, TEMPORAL_ADDRESS: devServerAddress(), TEMPORAL_TASK_QUEUE: taskQueue, LOG_LEVEL: 'warn' });
}

const json = <T>(r: CliResult): T => {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as T;
};

beforeAll(async () => {
  taskQueue = uniqueTaskQueue();
  native = await NativeConnection.connect({ address: devServerAddress() });
  worker = await Worker.create({
    connection: native,
    taskQueue,
    workflowBundle: await bundleWorkflowsOnce(),
    dataConverter: testDataConverter,
    activities: createActivities({ logger: pino({ level: 'silent' }) }),
  });
  running = worker.run();
  connection = await Connection.connect({ address: devServerAddress() });
  client = new Client({ connection, dataConverter: testDataConverter });
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await native?.close();
  await connection?.close();
});

const PROPOSAL_START = JSON.stringify({
  provider: 'zorg-oost',
  proposer: { kind: 'aanbieder', code: 'zorg-oost' },
  title: 'Gezamenlijke aanpak wachtlijsten',
  summary: 'Aanbieders en SOJ maken één regionaal overzicht van wachttijden per segment.',
  topic: { scope: 'algemeen' },
  changesContract: false,
  table: { type: 'digitaal' },
});

describe('jeugdflow CLI on the dev server', () => {
  it('status exits 0 when the server answers and a worker polls the task queue', async () => {
    const r = await cli('status', '--json');
    expect(json<{ server: { reachable: boolean }; worker: { polling: boolean } }>(r)).toMatchObject({ server: { reachable: true }, worker: { polling: true } });
  });

  it('procedures --json lists every procedure with states, events with roles, and deadlines', async () => {
    const list = json<{ id: string; version: number; states: { id: string; title: string }[]; events: { type: string; roles: string[] }[]; deadlines: { name: string }[] }[]>(
      await cli('procedures', '--json'),
    );
    // Every registered procedure, whatever lines the registry gains.
    expect(list.map((p) => p.id).sort()).toEqual([...PROCEDURE_IDS].sort());
    expect(list.map((p) => p.id)).toEqual(
      expect.arrayContaining(['automatic-letter', 'care-content-escalation', 'care-termination', 'escalation-ladder', 'proposal-lifecycle', 'zbt-disagreement', 'sroi', 'progress-conversation', 'settlement', 'accountability', 'provider-change', 'provider-report', 'final-settlement', 'production-ceiling', 'kpi-stoplight']),
    );
    const ladder = list.find((p) => p.id === 'escalation-ladder')!;
    expect(ladder.states.map((s) => s.id)).toContain('open.rung1.awaitingResponse');
    expect(ladder.events.find((e) => e.type === 'measure.approved')?.roles).toEqual(['contractmanager']);
    expect(ladder.deadlines.map((d) => d.name)).toEqual(expect.arrayContaining(['responseTerm', 'objectionWindow', 'directorMeeting']));
  });

  it('start, a refused illegal event (exit 1, nothing recorded), advance, show, list', async () => {
    const start = await cli(
      'start', 'escalation-ladder', '--case', caseId, '--as', 'contractmanager:anna',
      '--data', JSON.stringify({ provider: 'AGB-12345678', signal: { category: 'tijdigheid', description: 'Wachttijden lopen op boven de norm', receivedOn: '2026-11-20' } }),
    );
    expect(start.code).toBe(0);
    expect(start.stdout).toContain(`Started case ${caseId}`);

    const handle = client.workflow.getHandle(`case-${caseId}`);
    const eventsBefore = (await handle.fetchHistory()).events?.length;

    const refused = await cli('send', caseId, 'measure.approved', '--as', 'contractmanager:bert', '--data', '{"date":"2026-11-23"}');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('refused (EVENT_NOT_ALLOWED)');
    expect(refused.stderr).toContain('state: open.investigation');
    expect(refused.stderr).toContain('allowed events: hearing.recorded');
    expect(refused.stderr).toMatch(/rule: .*003/);
    // A refused event leaves no trace in the Temporal history (the validator ran on a speculative task).
    expect((await handle.fetchHistory()).events?.length).toBe(eventsBefore);

    const badPayload = await cli('send', caseId, 'hearing.recorded', '--as', 'contractmanager:anna', '--data', '{"date":"gisteren"}');
    expect(badPayload.code).toBe(1);
    expect(badPayload.stderr).toContain('refused (INVALID_PAYLOAD)');
    expect(badPayload.stderr).toContain('field: payload.date');

    const heard = await cli(
      'send', caseId, 'hearing.recorded', '--as', 'contractmanager:anna',
      '--data', JSON.stringify({ date: '2026-11-23', providerPosition: 'De aanbieder erkent de wachttijden', findings: 'Wachtlijst bevestigt het signaal' }),
    );
    expect(heard.code).toBe(0);
    const chosen = await cli(
      'send', caseId, 'rung.chosen', '--as', 'contractmanager:anna', '--reason', 'Eerste signaal, lichtste middel',
      '--data', JSON.stringify({ rung: 1, reason: 'Eerste signaal over wachttijden', arrangements: 'Tweewekelijks overleg met de teammanager' }),
    );
    expect(chosen.code).toBe(0);
    expect(chosen.stdout).toContain('open.rung1.awaitingResponse');

    const shown = json<{
      caseId: string;
      procedure: string;
      version: number;
      state: string;
      allowedEvents: string[];
      deadlines: { name: string; dueDate: string; dueAt: string; overdue: boolean; explanation: string }[];
      history: { type: string; actor: { role: string; userId: string }; reason?: string }[];
    }>(await cli('show', caseId, '--as', 'aanbieder', '--json'));
    expect(shown).toMatchObject({ caseId, procedure: 'escalation-ladder', version: 1, state: 'open.rung1.awaitingResponse' });
    expect(shown.allowedEvents).toEqual(['response.submitted']);
    expect(shown.deadlines[0]).toMatchObject({ name: 'responseTerm', overdue: false });
    expect(shown.deadlines[0]!.explanation).toContain('15 werkdagen');
    expect(shown.history.map((h) => h.type)).toEqual(['case.started', 'hearing.recorded', 'rung.chosen']);
    expect(shown.history[2]).toMatchObject({ actor: { role: 'contractmanager', userId: 'anna' }, reason: 'Eerste signaal, lichtste middel' });

    const plain = await cli('show', caseId);
    expect(plain.stdout).toContain('Wacht op reactie aanbieder');
    expect(plain.stdout).toContain('responseTerm');

    // Visibility is eventually consistent: poll until the case shows up.
    let listed: { caseId: string; state: string; nextDueAt?: string }[] = [];
    for (let i = 0; i < 50 && !listed.some((c) => c.caseId === caseId && c.state === 'open.rung1.awaitingResponse'); i++) {
      listed = json(await cli('list', '--procedure', 'escalation-ladder', '--state', 'open.rung1', '--json'));
      if (!listed.some((c) => c.caseId === caseId && c.state === 'open.rung1.awaitingResponse')) await new Promise((r) => setTimeout(r, 200));
    }
    expect(listed.find((c) => c.caseId === caseId)).toMatchObject({ state: 'open.rung1.awaitingResponse', nextDueAt: shown.deadlines[0]!.dueAt.replace(/\.\d+Z$/, '.999Z') });
  });

  it.skipIf(!cliBundleFresh())('the compiled CLI refuses with the same message and loads no package from node_modules (its failure converter is bundled, not required from disk)', async () => {
    const refused = await runCli(['send', caseId, 'measure.approved', '--as', 'contractmanager:bert', '--data', '{"date":"2026-11-23"}'], {
      ...TEST_KEY_ENV, TEMPORAL_ADDRESS: devServerAddress(), TEMPORAL_TASK_QUEUE: taskQueue, LOG_LEVEL: 'warn', NODE_DEBUG: 'module',
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('refused (EVENT_NOT_ALLOWED)');
    expect(refused.stderr).toMatch(/rule: .*003/);
    // NODE_DEBUG=module names every file require() loads: none from node_modules.
    expect(refused.stderr.split('\n').filter((l) => /^MODULE \d+: load ".*\/node_modules\//.test(l))).toEqual([]);
  });

  it('migrate: a running case keeps its version; with no newer version registered the move is refused (exit 1, nothing recorded) and show names the version', async () => {
    const id = `CLI-MIG-${Date.now().toString(36)}`;
    const start = await cli(
      'start', 'escalation-ladder', '--case', id, '--as', 'contractmanager:anna',
      '--data', JSON.stringify({ provider: 'AGB-12345678', signal: { category: 'tijdigheid', description: 'Wachttijden lopen op boven de norm', receivedOn: '2026-11-20' } }),
    );
    expect(start.code).toBe(0);
    const handle = client.workflow.getHandle(`case-${id}`);
    const updates = async () => ((await handle.fetchHistory()).events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
    const refused = await cli('migrate', id, '--as', 'supervisor:sam', '--ground', 'nieuwe-versie', '--reason', 'Nieuwe regels gelden per 1 januari');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('refused (EVENT_NOT_ALLOWED)');
    expect(refused.stderr).toContain('geen nieuwere versie');
    // The validator refused it: no update in the case's Temporal history.
    expect(await updates()).toBe(0);
    const badGround = await cli('migrate', id, '--as', 'supervisor:sam', '--ground', 'overmacht', '--reason', 'Nieuwe regels gelden per 1 januari');
    expect(badGround.code).toBe(2);
    const plain = await cli('show', id);
    expect(plain.stdout).toContain('(escalation-ladder v1)');
    expect(plain.stdout).toContain('Versie 1');
  });

  it('bad arguments exit 2 with a one-line error', async () => {
    const badDate = await cli('deadline', '--from', '2026-02-30', '--working-days', '5');
    expect(badDate.code).toBe(2);
    expect(badDate.stderr.trim().split('\n')).toHaveLength(1);
    const badN = await cli('deadline', '--from', '2026-04-02', '--working-days', '0');
    expect(badN.code).toBe(2);
    const badRole = await cli('send', caseId, 'hearing.recorded', '--as', 'koning:willem');
    expect(badRole.code).toBe(2);
    const badJson = await cli('send', caseId, 'hearing.recorded', '--as', 'contractmanager:anna', '--data', '{oops');
    expect(badJson.code).toBe(2);
  });

  it('deadline explains the Algemene termijnenwet in one Dutch sentence, or as JSON', async () => {
    const plain = await cli('deadline', '--from', '2026-04-02', '--working-days', '5');
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('maandag 13 april 2026');
    expect(plain.stdout).toContain('Goede Vrijdag');
    const d = json<{ from: string; due: string; dueAt: string; skipped: { date: string; reason: string }[] }>(
      await cli('deadline', '--from', '2026-04-24', '--days', '2', '--json'),
    );
    expect(d).toMatchObject({ from: '2026-04-24', due: '2026-04-28', dueAt: '2026-04-28T21:59:59.999Z' });
    expect(d.skipped).toEqual([
      { date: '2026-04-26', reason: 'zondag' },
      { date: '2026-04-27', reason: 'Koningsdag' },
    ]);
    const without = json<{ due: string }>(await cli('deadline', '--from', '2026-04-02', '--working-days', '5', '--without', 'goede-vrijdag', '--json'));
    expect(without.due).toBe('2026-04-10');
  });

  it('an unknown case is reported, not a stack trace', async () => {
    const r = await cli('show', 'NOPE-000');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('CASE_NOT_FOUND');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('send to a closed case says the case is closed with its end state (completed or terminated), not CASE_NOT_FOUND', async () => {
    const start = (id: string) =>
      cli(
        'start', 'escalation-ladder', '--case', id, '--as', 'contractmanager:anna',
        '--data', JSON.stringify({ provider: 'AGB-12345678', signal: { category: 'tijdigheid', description: 'Wachttijden lopen op boven de norm', receivedOn: '2026-11-20' } }),
      );
    const hearing = JSON.stringify({ date: '2026-11-23', providerPosition: 'De aanbieder erkent de wachttijden', findings: 'Wachtlijst bevestigt het signaal' });

    const cancelledId = `${caseId}-C`;
    expect((await start(cancelledId)).code).toBe(0);
    expect((await cli('supervise', cancelledId, 'case.cancelled', '--as', 'supervisor:sam', '--ground', 'dubbele-zaak', '--reason', 'Dubbel aangemaakt')).code).toBe(0);
    const handle = client.workflow.getHandle(`case-${cancelledId}`);
    await handle.result();
    const closed = await cli('send', cancelledId, 'hearing.recorded', '--as', 'contractmanager:anna', '--data', hearing);
    expect(closed.code).toBe(1);
    expect(closed.stderr).toContain('refused (CASE_CLOSED)');
    expect(closed.stderr).toContain('cancelled by a supervisor');
    expect(closed.stderr).toContain('state: open.investigation');
    expect(closed.stderr).not.toContain('CASE_NOT_FOUND');

    const terminatedId = `${caseId}-T`;
    expect((await start(terminatedId)).code).toBe(0);
    await client.workflow.getHandle(`case-${terminatedId}`).terminate('test: operator ends the workflow');
    const terminated = await cli('send', terminatedId, 'hearing.recorded', '--as', 'contractmanager:anna', '--data', hearing);
    expect(terminated.code).toBe(1);
    expect(terminated.stderr).toContain('refused (CASE_CLOSED)');
    expect(terminated.stderr).toContain('terminated');
    expect(terminated.stderr).toContain('state: open.investigation');
  });

  it('a case cancelled in Temporal itself (by an operator) ends as cancelled at once, and a send says it is closed', async () => {
    const id = `${caseId}-K`;
    const data = JSON.stringify({ provider: 'AGB-12345678', signal: { category: 'tijdigheid', description: 'Wachttijden lopen op boven de norm', receivedOn: '2026-11-20' } });
    expect((await cli('start', 'escalation-ladder', '--case', id, '--as', 'contractmanager:anna', '--data', data)).code).toBe(0);
    const handle = client.workflow.getHandle(`case-${id}`);
    await handle.cancel();
    // Before: the effect loop's unhandled CancelledFailure failed the workflow task over and over.
    await expect(handle.result()).rejects.toMatchObject({ cause: expect.objectContaining({ name: 'CancelledFailure' }) });
    expect((await handle.describe()).status.name).toBe('CANCELLED');
    const hearing = JSON.stringify({ date: '2026-11-23', providerPosition: 'De aanbieder erkent de wachttijden', findings: 'Wachtlijst bevestigt het signaal' });
    const closed = await cli('send', id, 'hearing.recorded', '--as', 'contractmanager:anna', '--data', hearing);
    expect(closed.code).toBe(1);
    expect(closed.stderr).toContain('refused (CASE_CLOSED)');
  });

  it('start --organisation records the organisation the person acts for; a malformed code is a bad argument (exit 2)', async () => {
    const id = `${caseId}-O`;
    const data = JSON.stringify({ provider: 'AGB-12345678', signal: { category: 'tijdigheid', description: 'Wachttijden lopen op boven de norm', receivedOn: '2026-11-20' } });
    const bad = await cli('start', 'escalation-ladder', '--case', id, '--as', 'contractmanager:anna', '--organisation', 'gemeente\r\nx', '--data', data);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('organisation code');
    expect((await cli('start', 'escalation-ladder', '--case', id, '--as', 'contractmanager:anna', '--organisation', 'gemeente-dordrecht', '--data', data)).code).toBe(0);
    const shown = json<{ history: { actor: { organisation?: string } }[] }>(await cli('show', id, '--json'));
    expect(shown.history[0]!.actor.organisation).toBe('gemeente-dordrecht');
  });

  it('bad codes are refused naming the field before they reach Temporal (exit 1, no stack trace)', async () => {
    const list = await cli('list', '--provider', `zorg\r\n${'p'.repeat(2100)}`);
    expect(list.code).toBe(1);
    expect(list.stderr).toContain('field: provider');
    const send = await cli('send', caseId, 'hearing.recorded', '--as', 'contractmanager:anna', '--request-id', 'a\r\nb');
    expect(send.code).toBe(1);
    expect(send.stderr).toContain('field: requestId');
    expect(`${list.stderr}${send.stderr}`).not.toMatch(/\n\s+at /);
  });

  it('a provider submits a proposal and gives feedback only as its own organisation (--organisation)', async () => {
    const caseId = `OT-CLI-${Date.now().toString(36)}`;
    const asOther = await cli('start', 'proposal-lifecycle', '--case', caseId, '--as', 'aanbieder:frank', '--organisation', 'jeugdhulp-west', '--data', PROPOSAL_START);
    expect(asOther.code).toBe(1);
    expect(asOther.stderr).toContain('data.proposer');
    const own = await cli('start', 'proposal-lifecycle', '--case', caseId, '--as', 'aanbieder:eva', '--organisation', 'zorg-oost', '--data', PROPOSAL_START);
    expect(own.stderr).toBe('');
    expect(own.code).toBe(0);
    const feedback = (code: string) => JSON.stringify({ participant: { kind: 'aanbieder', code }, feedback: 'Graag ook de GGZ-wachttijden meenemen' });
    const inOtherName = await cli('send', caseId, 'feedback.given', '--as', 'aanbieder:frank', '--organisation', 'jeugdhulp-west', '--data', feedback('zorg-oost'));
    expect(inOtherName.code).toBe(1);
    expect(inOtherName.stderr).toContain('GUARD_FAILED');
    const asItself = await cli('send', caseId, 'feedback.given', '--as', 'aanbieder:frank', '--organisation', 'jeugdhulp-west', '--data', feedback('jeugdhulp-west'));
    expect(asItself.stderr).toBe('');
    expect(asItself.code).toBe(0);
    const badCode = await cli('send', caseId, 'feedback.given', '--as', 'aanbieder:frank', '--organisation', 'Jeugdhulp West', '--data', feedback('jeugdhulp-west'));
    expect(badCode.code).toBe(2);
    expect(badCode.stderr).toContain('organisation code');
  });
});
