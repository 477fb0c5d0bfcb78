// Opt-out (seed 002 §4.2 stap 9): without consent to share data with the commissioning body, no
// personal data of the youth reaches it. Proved on a real dev server for a care-termination case:
// the CLI output for the contract manager, search attributes, workflow ids and logs — and (issue 17)
// a raw look at Temporal: its history, its query answers and its database file.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.ts';
import { sendEvent, startCase, type OperationsContext } from '../../operations/index.ts';
import { createAuditLog } from '../../store/audit.ts';
import { openStore } from '../../store/index.ts';
import { EncryptionCodec, ENCRYPTED_ENCODING, isSealed, newKeyLine } from '../../security/index.ts';
import type { CaseView } from '../../workflows/engine.ts';
import { caseQuery } from '../../workflows/messages.ts';
import { runCli, type CliResult } from '../support/cli.ts';
import { bundleWorkflowsOnce, capturedLogs, devServerAddress, devServerDbFile, testDataConverter, testKeys, TEST_KEY_ENV, uniqueTaskQueue } from '../support/temporal.ts';


const youth = { name: 'Sanne de Vries', bsn: '111222333', dateOfBirth: '2011-05-14', address: 'Lindelaan 12, 3011 AB Rotterdam' };
const PII = [youth.name, 'de Vries', youth.bsn, youth.dateOfBirth, 'Lindelaan'];

let taskQueue: string;
let worker: Worker;
let running: Promise<void>;
let native: NativeConnection;
let connection: Connection;
let ops: OperationsContext;
const activityLog: string[] = [];
const caseId = `JH-${Date.now().toString(36)}`;
const aanbieder = { role: 'aanbieder' as const, userId: 'teamleider-1' };
// The CLI records the personal data it reveals in the audit log of its own store (issue 17): a data folder of this test.
const cliDataDir = mkdtempSync(join(tmpdir(), 'jf-optout-'));

async function cli(...args: string[]): Promise<CliResult> {
  return cliWith(TEST_KEY_ENV, ...args);
}

async function cliWith(keyEnv: Record<string, string>, ...args: string[]): Promise<CliResult> {
  return runCli([...args], { ...keyEnv, TEMPORAL_ADDRESS: devServerAddress(), TEMPORAL_TASK_QUEUE: taskQueue, LOG_LEVEL: 'warn', JEUGDFLOW_DATA_DIR: cliDataDir });
}

function expectNoPii(text: string): void {
  for (const value of PII) expect(text).not.toContain(value);
}

beforeAll(async () => {
  taskQueue = uniqueTaskQueue();
  native = await NativeConnection.connect({ address: devServerAddress() });
  const sink = new Writable({
    write(chunk, _enc, done) {
      activityLog.push(String(chunk));
      done();
    },
  });
  worker = await Worker.create({
    connection: native,
    taskQueue,
    workflowBundle: await bundleWorkflowsOnce(),
    dataConverter: testDataConverter,
    activities: createActivities({ logger: pino({ level: 'trace' }, sink) }),
  });
  running = worker.run();
  connection = await Connection.connect({ address: devServerAddress() });
  ops = { client: new Client({ connection, dataConverter: testDataConverter }), keys: testKeys, taskQueue };

  await startCase(ops, {
    procedure: 'care-termination',
    caseId,
    actor: aanbieder,
    data: {
      provider: 'AGB-87654321',
      caseDirector: 'lokaal-team',
      childProtectionMeasure: false,
      seriousReasons: 'Herhaalde bedreigingen van medewerkers door een familielid',
      reasonCategory: 'bedreiging-intimidatie',
      optOut: true,
    },
    personalData: youth,
    optOut: true,
  });
  const send = (type: string, payload: Record<string, unknown>) => sendEvent(ops, { caseId, type, actor: aanbieder, payload });
  await send('caseDirector.informed', { informedOn: '2026-11-02' });
  await send('conversation.held', { date: '2026-11-03', report: 'Gespreksverslag 1 in dossier', agreements: ['Geen bedreigingen meer'] });
  await send('conversation.held', { date: '2026-11-05', report: 'Gespreksverslag 2 in dossier', agreements: ['Contact via de mentor'] });
  await send('warning.first.issued', { date: '2026-11-09', copyReference: 'Kopie waarschuwing 1 in dossier' });
  await send('warning.second.issued', { date: '2026-11-16', copyReference: 'Kopie waarschuwing 2 in dossier' });
  await send('consentForm.submitted', {
    signedBy: 'Teammanager ambulante hulp',
    signedOn: '2026-11-20',
    attachments: { conversationReports: true, agreementsOverview: true, firstWarningCopy: true, secondWarningCopy: true },
    copyToContractManager: true,
  });
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await native?.close();
  await connection?.close();
});

describe('opt-out: no personal data of the youth reaches the commissioning body', () => {
  it('the contract manager sees the case without the personal data; the case director sees it', async () => {
    const asCm = await cli('show', caseId, '--as', 'contractmanager', '--json');
    expect(asCm.code).toBe(0);
    expectNoPii(asCm.stdout);
    expect(JSON.parse(asCm.stdout)).toMatchObject({ caseId, optOut: true, personalDataWithheld: true, state: 'awaitingDecision.pending' });
    const plainCm = await cli('show', caseId, '--as', 'contractmanager');
    expectNoPii(plainCm.stdout);
    expect(plainCm.stdout).toContain('Personal data: withheld');
    const noRole = await cli('show', caseId, '--json');
    expectNoPii(noRole.stdout);

    const asDirector = JSON.parse((await cli('show', caseId, '--as', 'casusregisseur', '--json')).stdout) as { personalData?: unknown };
    expect(asDirector.personalData).toEqual(youth);
  });

  it('the CLI records who read which case’s personal data, and only the show that revealed it', async () => {
    const store = await openStore({ JEUGDFLOW_DATA_DIR: cliDataDir });
    try {
      const reads = await createAuditLog(store).list({ caseId, kind: 'personal-data.read' });
      expect(reads).toHaveLength(1); // the case director’s show; the withheld and role-less shows revealed nothing
      expect(reads[0]!.actor).toMatch(/^cli:/);
    } finally {
      await store.close();
    }
  });

  it('search attributes and the workflow id carry no personal data', async () => {
    const handle = ops.client.workflow.getHandle(`case-${caseId}`);
    const described = await handle.describe();
    expect(described.workflowId).toBe(`case-${caseId}`);
    expectNoPii(JSON.stringify(described.searchAttributes));
    expectNoPii(JSON.stringify(described.raw.workflowExecutionInfo?.searchAttributes ?? {}));
  });

  it('a case id that carries a BSN is refused before anything starts', async () => {
    const r = await cli('start', 'care-termination', '--case', `JH-${youth.bsn}`, '--as', 'aanbieder:x', '--data', '{}');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('INVALID_CASE_ID');
    expectNoPii(r.stderr);
  });

  it('neither the workflow, the worker nor the activities log personal data', async () => {
    expect(capturedLogs.some((l) => l.includes(caseId))).toBe(true); // the case was logged: the check below is not vacuous
    expectNoPii(capturedLogs.join('\n'));
    expect(activityLog.some((l) => l.includes(caseId))).toBe(true);
    expectNoPii(activityLog.join('\n'));
  });
});

/** Every payload in a Temporal message, except search attributes (plain by design: they never hold personal data). */
function payloadsIn(value: unknown, out: Payload[] = []): Payload[] {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return out;
  const o = value as Record<string, unknown>;
  if (o.metadata && typeof o.metadata === 'object' && 'data' in o) {
    out.push(o as Payload);
    return out;
  }
  for (const [k, v] of Object.entries(o)) if (k !== 'searchAttributes' && !isPatchMarker(k, v)) payloadsIn(v, out);
  return out;
}

/** The SDK's patch marker (`patched()`, workflow versioning): written by the SDK itself, it holds only the patch id. */
function isPatchMarker(key: string, value: unknown): boolean {
  return key === 'markerRecordedEventAttributes' && (value as { markerName?: unknown } | null)?.markerName === 'core_patch';
}

const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');

describe('encryption (issue 17): a raw look at Temporal shows no personal data of an opt-out youth', () => {
  it('the workflow history fetched raw holds no BSN, name, birth date or address; every payload but the search attributes is encrypted', async () => {
    const history = await ops.client.workflow.getHandle(`case-${caseId}`).fetchHistory();
    const raw = Buffer.from(temporal.api.history.v1.History.encode(history).finish()).toString('latin1');
    expect(raw).toContain(caseId); // the search attributes are in it, plain: the look is not vacuous
    expectNoPii(raw);
    expect(raw).not.toContain('Herhaalde bedreigingen'); // the case data is encrypted too
    const payloads = payloadsIn(history);
    expect(payloads.length).toBeGreaterThan(10); // start input, update arguments and results, activity inputs and results
    for (const p of payloads) {
      expect(text(p.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
      expect(text(p.metadata!['encryption-key-id'])).toBe(testKeys.writeKeyId);
    }
    // The patch markers are plain and hold the patch id, nothing of the case.
    for (const e of history.events ?? []) {
      if (!isPatchMarker('markerRecordedEventAttributes', e.markerRecordedEventAttributes)) continue;
      for (const p of Object.values(e.markerRecordedEventAttributes!.details ?? {}).flatMap((d) => d.payloads ?? [])) expect(text(p.data)).toMatch(/named-activities|wake-on-change|expire-before-update/);
    }
  });

  it('the case query answers encrypted bytes, and decrypted only the sealed personal data, whatever role the caller names', async () => {
    for (const role of ['casusregisseur', 'aanbieder']) {
      const res = await connection.workflowService.queryWorkflow({
        namespace: 'default',
        execution: { workflowId: `case-${caseId}` },
        query: { queryType: caseQuery.name, queryArgs: { payloads: [defaultPayloadConverter.toPayload({ role })] } },
      });
      const answer = res.queryResult!.payloads![0]!;
      expect(text(answer.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
      expectNoPii(Buffer.from(answer.data!).toString('latin1'));
      // Even with the payload key (what the Web UI's codec endpoint has), the youth's data stays sealed.
      const [decoded] = await new EncryptionCodec(testKeys).decode([answer]);
      const view = defaultPayloadConverter.fromPayload<CaseView>(decoded!);
      expect(view.caseId).toBe(caseId);
      expect(isSealed(view.personalData)).toBe(true);
      expectNoPii(JSON.stringify(view));
    }
  });

  it("a refusal's message leaves the worker encrypted (the failure converter encodes common attributes), and the client still reads it", async () => {
    const res = await connection.workflowService.updateWorkflowExecution({
      namespace: 'default',
      workflowExecution: { workflowId: `case-${caseId}` },
      request: {
        meta: { updateId: `raw-${Date.now()}` },
        input: { name: 'sendEvent', args: { payloads: [defaultPayloadConverter.toPayload({ type: 'no.such.event', actor: aanbieder, payload: {} })] } },
      },
      waitPolicy: { lifecycleStage: temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED },
    });
    const failure = res.outcome!.failure!;
    expect(failure.message).toBe('Encoded failure');
    expect(text(failure.encodedAttributes!.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(Buffer.from(temporal.api.failure.v1.Failure.encode(failure).finish()).toString('latin1')).not.toContain('no.such.event');
    // Through the client with the key, the refusal reads as ever.
    await expect(sendEvent(ops, { caseId, type: 'no.such.event', actor: aanbieder, payload: {} })).rejects.toMatchObject({ code: expect.stringMatching(/EVENT/) });
  });

  it("the dev server's database file holds no BSN, name, birth date or address", async () => {
    const file = devServerDbFile();
    const raw = [file, `${file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f).toString('latin1')).join('\n');
    expect(raw).toContain(caseId); // the case is in it
    expectNoPii(raw);
  });

  it('without the key the case cannot be read: the CLI with another key says so in one line, and shows nothing', async () => {
    const r = await cliWith({ JEUGDFLOW_KEYS: newKeyLine() }, 'show', caseId, '--as', 'casusregisseur', '--json');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not in this key ring');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expectNoPii(r.stdout + r.stderr);
  });
});
