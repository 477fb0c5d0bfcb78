// The automatic letter with a veto window (002 Begrippenlijst, "SIRO (waarschuwingbrief)") on Temporal's
// time-skipping server, with the real activities sending to an in-process SMTP server (the mail catcher):
// the contract manager is asked first; without action the SIRO warning letter goes to the provider after the
// window (which ends at midnight; like every mail of an expiry step the letter waits for 08:00 on the next
// working day); approval sends it at once; a refusal sends nothing, ever; a postponement moves the window and
// asks again. Every sending is recorded in the case history.
import { writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import type { WorkflowExecutionInfo } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { pino } from 'pino';
import { SMTPServer } from 'smtp-server';
import { caseAttention } from '../../operations/attention.ts';
import { indexedFromVisibility } from '../../operations/summary.ts';
import { JfEffectFailed } from '../../workflows/searchAttributes.ts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createActivities, type MailRecordDetails } from '../../activities/index.ts';
import { addWorkingDays, amsterdamDateOf, atAmsterdamTime, endOfDayAmsterdam, formatDutchDate, subtractWorkingDays } from '../../calendar/index.ts';
import type { AutomaticLetterContext } from '../../machines/automaticLetterMachine.ts';
import { createMailService, LETTER_SENT_APPROVED, LETTER_SENT_AUTOMATICALLY, startMailCatcher, type CaughtMail, type MailCatcher } from '../../mail/index.ts';
import { sendEvent, showCase, startCase, superviseCase, type OperationsContext } from '../../operations/index.ts';
import type { CaseAnswer, CaseView } from '../../workflows/engine.ts';
import { caseWorkflowId } from '../../workflows/constants.ts';
import { ProcedureError } from '../../workflows/errors.ts';
import { tempDataDir } from '../mail/support.ts';
import { bundleWorkflowsOnce, endWorkflows, testDataConverter, testKeys, timeSkippingEnv, uniqueTaskQueue } from '../support/temporal.ts';

const cm = { role: 'contractmanager' as const, userId: 'anna' };
const beheer = { role: 'contractbeheer' as const, userId: 'carla' };

const PROVIDER_ADDRESSES = ['contracten@zorg-oost.example', 'eva@zorg-oost.example'];
const CONTRACT_MANAGERS = ['anna@regio.example', 'bram@regio.example'];
const DIRECTORY = {
  users: [
    { id: 'anna', name: 'Anna de Vries', email: 'anna@regio.example', roles: ['contractmanager'] },
    { id: 'bram', name: 'Bram Jansen', email: 'bram@regio.example', roles: ['contractmanager'] },
    { id: 'carla', name: 'Carla Bos', email: 'carla@regio.example', roles: ['contractbeheer'] },
    { id: 'eva', name: 'Eva Smit', email: 'eva@zorg-oost.example', roles: ['aanbieder'], provider: 'zorg-oost' },
  ],
  providerContacts: { 'zorg-oost': [{ role: 'aanbieder', name: 'Contractpunt Zorg Oost', email: 'contracten@zorg-oost.example' }] },
};

const VETO_REQUEST = 'Automatische brief wacht op uw akkoord: Waarschuwingsbrief SROI (SIRO)';
const LETTER = 'Waarschuwing: achterstand in de realisatie van uw social return-verplichting';
const REMINDER_1 = 'Herinnering: Vetotermijn automatische brief verloopt over 1 werkdag';
const EXPIRY_NOTICE = 'Termijn verstreken: Vetotermijn automatische brief';

let env: TestWorkflowEnvironment;
let ops: OperationsContext;
let worker: Worker;
let running: Promise<void>;
let catcher: MailCatcher;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let seq = 0;
/** The cases this file started: the only workflows it ever terminates. */
const started: string[] = [];

beforeAll(async () => {
  env = await timeSkippingEnv();
  data = await tempDataDir();
  // <dataDir>/directory.json is picked up without configuration.
  await writeFile(join(data.dir, 'directory.json'), JSON.stringify(DIRECTORY));
  catcher = await startMailCatcher({ port: 0, host: '127.0.0.1', store: data.dir });
  const mail = createMailService({
    SMTP_URL: catcher.url,
    MAIL_FROM: 'Jeugdzorg Regio <noreply@jeugdflow.test>',
    JEUGDFLOW_DATA_DIR: data.dir,
    CONSOLE_URL: 'https://jeugdflow.regio.example',
  });
  const taskQueue = uniqueTaskQueue('automatic-letter');
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await bundleWorkflowsOnce(),
    dataConverter: testDataConverter,
    activities: createActivities({ logger: pino({ level: 'silent' }), mail }),
  });
  running = worker.run();
  ops = { client: env.client, keys: testKeys, taskQueue };
});

afterAll(async () => {
  if (env) await endWorkflows(env, started.map(caseWorkflowId));
  worker?.shutdown();
  await running;
  await catcher?.close();
  await data?.remove();
});

async function today(): Promise<string> {
  return amsterdamDateOf(await env.currentTimeMs());
}

async function sleepUntil(instant: string | number, offsetMs = 0): Promise<void> {
  const target = (typeof instant === 'number' ? instant : Date.parse(instant)) + offsetMs;
  const now = await env.currentTimeMs();
  if (target > now) await env.sleep(target - now);
}

/** The facts of the SIRO check: 0,8% social return realised against the 2% agreed. */
async function siroFacts() {
  return { period: '2026-Q1', realisedPercent: 0.8, targetPercent: 2, checkedOn: await today() };
}

/** A SIRO warning letter awaiting the contract manager's veto. */
async function letterAwaitingVeto(actor: typeof cm | typeof beheer = cm, extra: Record<string, unknown> = {}): Promise<{ caseId: string; view: CaseView }> {
  const caseId = `BRF-${Date.now().toString(36)}-${++seq}`;
  started.push(caseId);
  const view = await startCase(ops, {
    procedure: 'automatic-letter',
    caseId,
    actor,
    data: { provider: 'zorg-oost', letter: 'siro-warning', data: await siroFacts(), ...extra },
  });
  expect(view.state).toBe('awaitingVeto');
  return { caseId, view };
}

function vetoWindow(view: CaseAnswer) {
  const d = view.deadlines.find((x) => x.name === 'vetoWindow');
  if (!d) throw new Error(`no vetoWindow in ${view.state}`);
  return d;
}

const mailsOf = (caseId: string): CaughtMail[] => catcher.messages().filter((m) => m.subject?.endsWith(`– zaak ${caseId}`));
const subjectsOf = (caseId: string, start: string) => mailsOf(caseId).filter((m) => m.subject!.startsWith(start));
const recipients = (mails: CaughtMail[]) => mails.flatMap((m) => m.to).sort();

/** Mail goes out in activities that may still run when a sleep returns: wait (real time) for them. */
async function waitForMail(caseId: string, start: string, count: number): Promise<CaughtMail[]> {
  await vi.waitFor(() => expect(subjectsOf(caseId, start)).toHaveLength(count), { timeout: 15_000, interval: 50 });
  return subjectsOf(caseId, start);
}

/** Gives a (wrongly) pending activity the chance to deliver before asserting its absence. */
const settle = () => new Promise((r) => setTimeout(r, 1_000));

async function closedCase(caseId: string): Promise<CaseView> {
  let view: CaseView | undefined;
  await vi.waitFor(
    async () => {
      view = await showCase(ops, { caseId });
      expect(view.status).toBe('closed');
    },
    { timeout: 15_000, interval: 100 },
  );
  return view!;
}

function letterRecords(view: CaseAnswer) {
  return view.history
    .filter((h) => h.type === 'message.sent')
    .map((h) => ({ at: h.at, label: h.label, details: h.payload as MailRecordDetails }))
    .filter((r) => r.details.template === 'letter:siro-warning');
}

function expectDatedAt(mails: CaughtMail[], expected: string | number, toleranceMs = 2_000): void {
  const at = typeof expected === 'number' ? expected : Date.parse(expected);
  for (const m of mails) expect(Math.abs(Date.parse(m.date!) - at), `${m.subject} dated ${m.date}, expected ${new Date(at).toISOString()}`).toBeLessThan(toleranceMs);
}

describe('automatic letter with a veto window (SIRO warning letter)', () => {
  it('without action within the window the SIRO letter goes to the provider automatically: the window ends at midnight, the letter waits for 08:00 on the next working day', async () => {
    const { caseId, view } = await letterAwaitingVeto();
    const window = vetoWindow(view);
    expect(window.dueDate).toBe(addWorkingDays(await today(), 5));
    expect(window.dueAt).toBe(endOfDayAmsterdam(window.dueDate));

    // The contract managers are asked first, quoting the letter and the end of the window.
    const requests = await waitForMail(caseId, VETO_REQUEST, 2);
    expect(recipients(requests)).toEqual(CONTRACT_MANAGERS);
    const request = await catcher.read(requests[0]!.id);
    expect(request?.text).toContain(formatDutchDate(window.dueDate));
    expect(request?.text).toContain('--- Concept: Waarschuwingsbrief SROI (SIRO) ---');
    expect(request?.text).toContain('gerealiseerd 0,8%, afgesproken 2%');

    // One working day before the end, at 08:00, a reminder to the contract managers. Nothing to the provider yet.
    await sleepUntil(window.dueAt, -60_000);
    const reminders = await waitForMail(caseId, REMINDER_1, 2);
    expect(recipients(reminders)).toEqual(CONTRACT_MANAGERS);
    expectDatedAt(reminders, atAmsterdamTime(subtractWorkingDays(window.dueDate, 1), 8));
    await settle();
    expect(subjectsOf(caseId, LETTER)).toEqual([]);
    expect((await showCase(ops, { caseId })).state).toBe('awaitingVeto');

    // The window ends at midnight: the expiry comes then and closes the case as sent, automatically,
    // decided by the engine. Like every mail of an expiry step, the letter waits for the working morning.
    await sleepUntil(window.dueAt, 60 * 60_000);
    const expired = await closedCase(caseId);
    expect(expired.state).toBe('sent');
    const ctx = expired.context as AutomaticLetterContext;
    expect(ctx.automatic).toBe(true);
    expect(ctx.decision).toMatchObject({ outcome: 'not-vetoed', by: { role: 'system' } });
    const expiry = expired.history.find((h) => h.type === 'vetoWindow.expired');
    expect(expiry).toMatchObject({ kind: 'expiry', from: 'awaitingVeto', to: 'sent' });
    expect(Math.abs(Date.parse(expiry!.at) - Date.parse(window.dueAt))).toBeLessThan(60_000);
    await settle();
    expect(subjectsOf(caseId, LETTER)).toEqual([]);

    // 08:00 Amsterdam on the first working day after the window: the letter to the provider contacts, and
    // the engine's notice that the term ended to the contract managers.
    const morning = atAmsterdamTime(addWorkingDays(window.dueDate, 1), 8);
    await sleepUntil(morning, 60 * 60_000);
    const letters = await waitForMail(caseId, LETTER, 2);
    expect(recipients(letters)).toEqual(PROVIDER_ADDRESSES);
    expectDatedAt(letters, morning);
    const notices = await waitForMail(caseId, EXPIRY_NOTICE, 2);
    expect(recipients(notices)).toEqual(CONTRACT_MANAGERS);
    expectDatedAt(notices, morning);

    // The letter shows its facts and says it went automatically.
    const content = await catcher.read(letters[0]!.id);
    for (const part of [content?.text, content?.html]) {
      expect(part).toContain('aanbieder zorg-oost');
      expect(part).toContain('over de periode 2026-Q1');
      expect(part).toContain('gerealiseerd 0,8%, afgesproken 2%');
      expect(part).toContain(formatDutchDate(window.from)); // checked on: the day of the start
    }
    expect(content?.text).toContain(LETTER_SENT_AUTOMATICALLY);
    expect(content?.text).not.toContain(LETTER_SENT_APPROVED);

    // The history records the sending: message ids, recipients, time.
    let after = expired;
    await vi.waitFor(async () => {
      after = await showCase(ops, { caseId });
      expect(letterRecords(after)).toHaveLength(1);
    }, { timeout: 15_000, interval: 100 });
    const [record] = letterRecords(after);
    expect(record?.label).toBe('E-mail verstuurd: brief "Waarschuwingsbrief SROI (SIRO)" (aan 2 ontvangers)');
    expect(record?.details.status).toBe('sent');
    expect(record!.details.messages.map((m) => m.messageId).sort()).toEqual(letters.map((l) => l.messageId).sort());
    expect(Math.abs(Date.parse(record!.at) - Date.parse(morning))).toBeLessThan(60_000);
    expect(new Set(mailsOf(caseId).map((m) => m.messageId)).size).toBe(mailsOf(caseId).length);
  });

  it('approved: the letter goes to the provider at once, not automatically, and who approved is recorded', async () => {
    const { caseId, view } = await letterAwaitingVeto(beheer);
    await waitForMail(caseId, VETO_REQUEST, 2);
    await sleepUntil(Date.parse(view.startedAt) + 2 * 60 * 60_000);
    const approvedAt = await env.currentTimeMs();
    const approved = await sendEvent(ops, { caseId, type: 'letter.approved', actor: cm, payload: { reason: 'Achterstand besproken; de brief mag uit' } });
    expect(approved.state).toBe('sent');
    expect(approved.deadlines.filter((d) => d.status === 'open')).toEqual([]);

    const letters = await waitForMail(caseId, LETTER, 2);
    expect(recipients(letters)).toEqual(PROVIDER_ADDRESSES);
    expectDatedAt(letters, approvedAt, 60_000);
    const content = await catcher.read(letters[0]!.id);
    expect(content?.text).toContain(LETTER_SENT_APPROVED);
    expect(content?.text).not.toContain(LETTER_SENT_AUTOMATICALLY);

    const after = await closedCase(caseId);
    const ctx = after.context as AutomaticLetterContext;
    expect(ctx.automatic).toBe(false);
    expect(ctx.decision).toMatchObject({ outcome: 'approved', by: cm, reason: 'Achterstand besproken; de brief mag uit' });
    expect(letterRecords(after)).toHaveLength(1);
  });

  it('refused: nothing goes to the provider, not even after the window would have ended', async () => {
    const { caseId, view } = await letterAwaitingVeto();
    const window = vetoWindow(view);
    await waitForMail(caseId, VETO_REQUEST, 2);
    const refused = await sendEvent(ops, { caseId, type: 'letter.refused', actor: cm, payload: { reason: 'De aanbieder heeft de achterstand inmiddels ingelopen' } });
    expect(refused.state).toBe('refused');
    expect(refused.status).toBe('closed');
    expect(refused.deadlines).toEqual([]);

    await sleepUntil(window.dueAt, 3 * 24 * 60 * 60_000);
    await settle();
    expect(subjectsOf(caseId, LETTER)).toEqual([]);
    expect(subjectsOf(caseId, REMINDER_1)).toEqual([]);
    expect(subjectsOf(caseId, EXPIRY_NOTICE)).toEqual([]);
    expect(mailsOf(caseId)).toHaveLength(2); // the two veto requests, nothing else

    const after = await closedCase(caseId);
    expect(after.state).toBe('refused');
    expect((after.context as AutomaticLetterContext).decision).toMatchObject({ outcome: 'refused', by: cm, reason: 'De aanbieder heeft de achterstand inmiddels ingelopen' });
    expect(letterRecords(after)).toEqual([]);
    expect(after.history.some((h) => h.type === 'vetoWindow.expired')).toBe(false);
  });

  it('postponed: the window moves by the postponement, a new veto request goes out, the letter at the end of the new window', async () => {
    const { caseId, view } = await letterAwaitingVeto(cm, { vetoWorkingDays: 3 });
    const first = vetoWindow(view);
    expect(first.dueDate).toBe(addWorkingDays(await today(), 3));
    await waitForMail(caseId, VETO_REQUEST, 2);

    // On the last day of the window, at 10:00, the contract manager postpones by 4 working days.
    await sleepUntil(atAmsterdamTime(first.dueDate, 10));
    const postponed = await sendEvent(ops, { caseId, type: 'letter.postponed', actor: cm, payload: { workingDays: 4, reason: 'Eerst een gesprek met de aanbieder' } });
    expect(postponed.state).toBe('awaitingVeto');
    const moved = vetoWindow(postponed);
    expect(moved.dueDate).toBe(addWorkingDays(first.dueDate, 4));
    expect(moved.n).toBe(7);
    expect(((await showCase(ops, { caseId })).context as AutomaticLetterContext).postponements).toMatchObject([{ workingDays: 4, by: cm }]);

    // A new request, quoting the new end of the window.
    const requests = await waitForMail(caseId, VETO_REQUEST, 4);
    const latest = requests.filter((m) => Date.parse(m.date!) >= Date.parse(atAmsterdamTime(first.dueDate, 10)));
    expect(recipients(latest)).toEqual(CONTRACT_MANAGERS);
    expect(new Set(requests.map((m) => m.messageId)).size).toBe(4);
    const text = (await catcher.read(latest[0]!.id))?.text;
    expect(text).toContain(formatDutchDate(moved.dueDate));
    expect(text).not.toContain(formatDutchDate(first.dueDate));

    // Nothing at the end of the old window.
    await sleepUntil(first.dueAt, 60 * 60_000);
    await settle();
    expect(subjectsOf(caseId, LETTER)).toEqual([]);
    expect((await showCase(ops, { caseId })).state).toBe('awaitingVeto');

    // After the new window it goes out automatically, at 08:00 on the next working day (after a reminder
    // against the new end).
    const morning = atAmsterdamTime(addWorkingDays(moved.dueDate, 1), 8);
    await sleepUntil(morning, 60 * 60_000);
    const letters = await waitForMail(caseId, LETTER, 2);
    expect(recipients(letters)).toEqual(PROVIDER_ADDRESSES);
    expectDatedAt(letters, morning);
    // Reminders: one against the first end (before the postponement), one against the new end.
    const reminders = await waitForMail(caseId, REMINDER_1, 4);
    expectDatedAt(reminders.slice(0, 2), atAmsterdamTime(subtractWorkingDays(first.dueDate, 1), 8));
    expectDatedAt(reminders.slice(2), atAmsterdamTime(subtractWorkingDays(moved.dueDate, 1), 8));
    let after = await closedCase(caseId);
    await vi.waitFor(async () => {
      after = await showCase(ops, { caseId });
      expect(letterRecords(after)).toHaveLength(1);
    }, { timeout: 15_000, interval: 100 });
    expect(after.state).toBe('sent');
    expect((after.context as AutomaticLetterContext).automatic).toBe(true);
    expect(after.history.filter((h) => h.type === 'message.sent' && (h.payload as MailRecordDetails).template === 'letter.vetoRequested')).toHaveLength(2);
  });
});

describe('an effect that can never succeed fails once, loudly', () => {
  let refusing: SMTPServer;
  let worker2: Worker;
  let running2: Promise<void>;
  let ops2: OperationsContext;

  beforeAll(async () => {
    // A real SMTP server that refuses every recipient for good (550).
    refusing = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      },
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    const port = (refusing.server.address() as AddressInfo).port;
    const mail = createMailService({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Jeugdzorg Regio <noreply@jeugdflow.test>', JEUGDFLOW_DATA_DIR: data.dir, CONSOLE_URL: 'https://jeugdflow.regio.example' });
    const taskQueue = uniqueTaskQueue('refusing-smtp');
    worker2 = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: await bundleWorkflowsOnce(), dataConverter: testDataConverter, activities: createActivities({ logger: pino({ level: 'silent' }), mail }) });
    running2 = worker2.run();
    ops2 = { client: env.client, taskQueue, keys: testKeys };
  });
  afterAll(async () => {
    worker2?.shutdown();
    await running2;
    await new Promise<void>((resolve) => (refusing ? refusing.close(() => resolve()) : resolve()));
  });

  it('a mail refused for good is recorded in the dossier, not retried, and the supervisor board shows the case (EFFECT_FAILED)', async () => {
    const caseId = `BRF-FAIL-${Date.now().toString(36)}`;
    started.push(caseId);
    await startCase(ops2, { procedure: 'automatic-letter', caseId, actor: cm, data: { provider: 'zorg-oost', letter: 'siro-warning', data: await siroFacts() } });
    let view!: CaseView;
    await vi.waitFor(async () => {
      view = await showCase(ops2, { caseId });
      expect(view.failedEffects).toBe(1);
    }, { timeout: 20_000, interval: 100 });
    const record = view.history.find((h) => h.kind === 'message')!;
    expect((record.payload as MailRecordDetails).status).toBe('failed');
    expect(record.label).toContain('E-mail niet afgeleverd');
    const description = await env.client.workflow.getHandle(caseWorkflowId(caseId)).describe();
    expect(description.raw.pendingActivities ?? []).toEqual([]);
    expect(description.typedSearchAttributes.get(JfEffectFailed)).toBe(1);
    const reasons = caseAttention(indexedFromVisibility(description as unknown as WorkflowExecutionInfo), { nowMs: await env.currentTimeMs() });
    expect(reasons.map((r) => r.code)).toContain('EFFECT_FAILED');
  });
});

describe('the engine refuses what it cannot carry out (on the server)', () => {
  const sanne = { role: 'supervisor' as const, userId: 'sanne' };

  it('a fix or event that would fail is refused by the update validator with the field; no history, and every read keeps working', async () => {
    const { caseId, view } = await letterAwaitingVeto(cm);
    await waitForMail(caseId, VETO_REQUEST, 2);
    for (const until of ['2026-13-01', '9999-12-31', '2026-02-31']) {
      const err = await refusalOf(superviseCase(ops, { caseId, actor: sanne, fix: { action: 'deadline.extended', deadline: 'vetoWindow', until, ground: 'overmacht', reason: 'contractmanager ziek' } }));
      expect(err, until).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'fix.until', state: 'awaitingVeto' });
    }
    const bsn = await refusalOf(sendEvent(ops, { caseId, type: 'letter.postponed', actor: cm, payload: { workingDays: 2, reason: 'Eerst overleg met de aanbieder' }, reason: 'jeugdige 111 222 333' }));
    expect(bsn).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'reason', state: 'awaitingVeto' });
    expect(bsn.allowedEvents).toEqual(expect.arrayContaining(['letter.approved', 'letter.postponed', 'letter.refused']));
    const noGround = await refusalOf(superviseCase(ops, { caseId, actor: sanne, fix: { action: 'clock.suspended', reason: 'overleg loopt nog' } }));
    expect(noGround).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'fix.ground' });

    const after = await showCase(ops, { caseId });
    expect(after.revision).toBe(view.revision + (after.history.filter((h) => h.kind === 'message').length - view.history.filter((h) => h.kind === 'message').length));
    expect(after.history.filter((h) => h.kind === 'supervisor' || h.kind === 'event')).toEqual([]);

    const extended = await superviseCase(ops, { caseId, actor: sanne, fix: { action: 'deadline.extended', deadline: 'vetoWindow', workingDays: 2, ground: 'overmacht', reason: 'contractmanager ziek' } });
    expect(extended.history).toEqual([expect.objectContaining({ type: 'supervisor.deadline.extended', label: 'Termijn verlengd (grond: Overmacht (ziekte, calamiteit))', ground: { code: 'overmacht', label: 'Overmacht (ziekte, calamiteit)' } })]);
    expect(vetoWindow(extended).extensions).toEqual([expect.objectContaining({ ground: { code: 'overmacht', label: 'Overmacht (ziekte, calamiteit)' }, reason: 'contractmanager ziek' })]);
  });
});

async function refusalOf(p: Promise<unknown>): Promise<ProcedureError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProcedureError);
  return err as ProcedureError;
}
