// Deadline reminders by e-mail on Temporal's time-skipping server, with the real activities sending to
// an in-process SMTP server (the mail catcher): at 08:00 Amsterdam on the working days 5 and 1 before
// the due date, an expiry notice to the provider and the contract manager, cancelled by a state
// change, moved by a supervisor's extension, each one recorded in the case history.
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createActivities, type MailRecordDetails } from '../../activities/index.ts';
import { addWorkingDays, amsterdamDateOf, atAmsterdamTime, isWorkingDay, subtractWorkingDays } from '../../calendar/index.ts';
import { createMailService, startMailCatcher, type CaughtMail, type MailCatcher } from '../../mail/index.ts';
import { sendEvent, showCase, startCase, superviseCase, type OperationsContext } from '../../operations/index.ts';
import { expiredTermReason } from '../../api/board.ts';
import { caseAttention } from '../../operations/attention.ts';
import { indexedFromView } from '../../operations/caseIndex.ts';
import { isOverdueAt, toSummary } from '../../operations/summary.ts';
import type { CaseAnswer } from '../../workflows/engine.ts';
import { tempDataDir } from '../mail/support.ts';
import { bundleWorkflowsOnce, endWorkflows, testDataConverter, testKeys, timeSkippingEnv, uniqueTaskQueue } from '../support/temporal.ts';

const cm1 = { role: 'contractmanager' as const, userId: 'anna' };
const provider = { role: 'aanbieder' as const, userId: 'eva' };
const supervisor = { role: 'supervisor' as const, userId: 'sanne' };
const why = 'Onderbouwing met voldoende tekst';

const PROVIDER_ADDRESSES = ['contracten@zorg-oost.example', 'eva@zorg-oost.example'];
const CONTRACT_MANAGERS = ['anna@regio.example', 'bram@regio.example'];
const DIRECTORY = {
  users: [
    { id: 'anna', name: 'Anna de Vries', email: 'anna@regio.example', roles: ['contractmanager'] },
    { id: 'bram', name: 'Bram Jansen', email: 'bram@regio.example', roles: ['contractmanager'] },
    { id: 'eva', name: 'Eva Smit', email: 'eva@zorg-oost.example', roles: ['aanbieder'], provider: 'zorg-oost' },
    { id: 'sanne', name: 'Sanne Kok', email: 'sanne@regio.example', roles: ['supervisor'] },
  ],
  providerContacts: { 'zorg-oost': [{ role: 'aanbieder', name: 'Contractpunt Zorg Oost', email: 'contracten@zorg-oost.example' }] },
};

let env: TestWorkflowEnvironment;
let ops: OperationsContext;
let worker: Worker;
let running: Promise<void>;
let catcher: MailCatcher;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let seq = 0;
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
  const taskQueue = uniqueTaskQueue('reminders');
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
  // Time is global on the shared test server: the cases of this file end here, while the worker runs (endWorkflows).
  if (env) await endWorkflows(env, started.map((caseId) => `case-${caseId}`));
  worker?.shutdown();
  await running;
  await catcher?.close();
  await data?.remove();
});

async function today(): Promise<string> {
  return amsterdamDateOf(await env.currentTimeMs());
}

/** A case on rung 1: the provider must respond within 15 working days. */
async function caseOnRung1(): Promise<{ caseId: string; view: CaseAnswer }> {
  const caseId = `REM-${Date.now().toString(36)}-${++seq}`;
  started.push(caseId);
  await startCase(ops, {
    procedure: 'escalation-ladder',
    caseId,
    actor: cm1,
    data: { provider: 'zorg-oost', signal: { category: 'tijdigheid', description: 'Wachttijden structureel boven de norm', receivedOn: await today() } },
  });
  await sendEvent(ops, {
    caseId,
    type: 'hearing.recorded',
    actor: cm1,
    payload: { date: await today(), providerPosition: 'De aanbieder erkent de achterstand', findings: 'Dossieronderzoek bevestigt het signaal' },
  });
  const view = await sendEvent(ops, { caseId, type: 'rung.chosen', actor: cm1, payload: { rung: 1, reason: why, arrangements: 'Tweewekelijks gesprek met de teammanager' } });
  expect(view.state).toBe('open.rung1.awaitingResponse');
  return { caseId, view };
}

function responseTerm(view: CaseAnswer) {
  const d = view.deadlines.find((x) => x.name === 'responseTerm');
  if (!d) throw new Error(`no responseTerm in ${view.state}`);
  return d;
}

async function sleepUntil(instant: string | number, offsetMs = 0): Promise<void> {
  const target = (typeof instant === 'number' ? instant : Date.parse(instant)) + offsetMs;
  const now = await env.currentTimeMs();
  if (target > now) await env.sleep(target - now);
}

const mailsOf = (caseId: string): CaughtMail[] => catcher.messages().filter((m) => m.subject?.endsWith(`– zaak ${caseId}`));
const subjectsOf = (caseId: string, start: string) => mailsOf(caseId).filter((m) => m.subject!.startsWith(start));
const recipients = (mails: CaughtMail[]) => mails.flatMap((m) => m.to).sort();

/** Mail goes out in activities that may still run when a sleep returns: wait (real time) for them. */
async function waitForMail(caseId: string, start: string, count: number): Promise<CaughtMail[]> {
  await vi.waitFor(() => expect(subjectsOf(caseId, start)).toHaveLength(count), { timeout: 15_000, interval: 50 });
  return subjectsOf(caseId, start);
}

const REMINDER_5 = 'Herinnering: Reactietermijn aanbieder (trede 1) verloopt over 5 werkdagen';
const REMINDER_1 = 'Herinnering: Reactietermijn aanbieder (trede 1) verloopt over 1 werkdag';
const EXPIRED = 'Termijn verstreken: Reactietermijn aanbieder (trede 1)';
/** A term ends at midnight; its expiry notice waits for 08:00 Amsterdam on the next working day. */
const expiryNoticeAt = (dueDate: string) => atAmsterdamTime(addWorkingDays(dueDate, 1), 8);

/** Every mail in the batch has a Date header at `expected` (second precision), on a working day at 08:00 Amsterdam. */
function expectSentAt(mails: CaughtMail[], expected: string): void {
  for (const m of mails) {
    expect(Math.abs(Date.parse(m.date!) - Date.parse(expected)), `${m.subject} dated ${m.date}, expected ${expected}`).toBeLessThan(2_000);
  }
}

function expectAt0800OnWorkingDay(mails: CaughtMail[]): void {
  for (const m of mails) {
    const date = amsterdamDateOf(m.date!);
    expect(isWorkingDay(date), `${date} is a working day`).toBe(true);
    expect(Math.abs(Date.parse(m.date!) - Date.parse(atAmsterdamTime(date, 8))), `${m.subject} at 08:00 Amsterdam`).toBeLessThan(2_000);
  }
}

function messageRecords(view: CaseAnswer) {
  return view.history.filter((h) => h.type === 'message.sent').map((h) => ({ at: h.at, label: h.label, details: h.payload as MailRecordDetails }));
}

describe('deadline reminders by e-mail', () => {
  it('go out 5 and 1 working days before the due date at 08:00 Amsterdam, and on expiry to the provider and the contract manager', async () => {
    const { caseId, view } = await caseOnRung1();
    const term = responseTerm(view);
    // The rung choice itself is announced to the provider.
    await waitForMail(caseId, 'Escalatieladder: trede gekozen', 2);

    await sleepUntil(expiryNoticeAt(term.dueDate), 60 * 60_000);
    const five = await waitForMail(caseId, REMINDER_5, 2);
    const one = await waitForMail(caseId, REMINDER_1, 2);
    const expired = await waitForMail(caseId, EXPIRED, 4);

    expect(recipients(five)).toEqual(PROVIDER_ADDRESSES);
    expect(recipients(one)).toEqual(PROVIDER_ADDRESSES);
    expectSentAt(five, atAmsterdamTime(subtractWorkingDays(term.dueDate, 5), 8));
    expectSentAt(one, atAmsterdamTime(subtractWorkingDays(term.dueDate, 1), 8));
    expectAt0800OnWorkingDay([...five, ...one]);

    // The expiry notice: to whoever had to act and to the contract managers, the first working morning after the term ended.
    expect(recipients(expired)).toEqual([...CONTRACT_MANAGERS, ...PROVIDER_ADDRESSES].sort());
    expectSentAt(expired, expiryNoticeAt(term.dueDate));
    expectAt0800OnWorkingDay(expired);
    // One expiry mail per person: the procedure adds no second one for the contract managers.
    expect(subjectsOf(caseId, 'Escalatieladder: termijn verstreken')).toEqual([]);

    // The content: what is due, the due date with its explanation, the rule and the link.
    const content = await catcher.read(five[0]!.id);
    expect(content?.text).toContain(term.explanation);
    expect(content?.text).toContain(term.rule);
    expect(content?.text).toContain(`https://jeugdflow.regio.example/zaken/${caseId}`);
    expect(content?.headers['message-id']).toBe(five[0]!.messageId);

    // Each sending is in the dossier with message ids, recipients, time and the SMTP reply.
    const after = await showCase(ops, { caseId });
    expect(after.state).toBe('open.rung1.responseOverdue');
    const records = messageRecords(after);
    const reminder5 = records.find((r) => r.details.deadline?.offset === 5)!;
    expect(reminder5.label).toBe('E-mail verstuurd: herinnering "Reactietermijn aanbieder (trede 1)" (nog 5 werkdagen) (aan 2 ontvangers)');
    expect(reminder5.details.messages.map((m) => m.messageId).sort()).toEqual(five.map((m) => m.messageId).sort());
    for (const m of reminder5.details.messages) expect(m.response).toMatch(/^250 OK: caught as /);
    expect(Math.abs(Date.parse(reminder5.at) - Date.parse(atAmsterdamTime(subtractWorkingDays(term.dueDate, 5), 8)))).toBeLessThan(60_000);
    expect(records.find((r) => r.details.deadline?.offset === -1)?.details.messages).toHaveLength(4);
    // Nothing was sent twice.
    expect(new Set(mailsOf(caseId).map((m) => m.messageId)).size).toBe(mailsOf(caseId).length);
  });

  it('each mail runs as an activity named for what it sends: the Temporal history shows sendNotificationMail and sendReminderMail, not performEffect', async () => {
    const { caseId, view } = await caseOnRung1();
    await waitForMail(caseId, 'Escalatieladder: trede gekozen', 2);
    await sleepUntil(atAmsterdamTime(subtractWorkingDays(responseTerm(view).dueDate, 5), 8), 60 * 60_000);
    await waitForMail(caseId, REMINDER_5, 2);
    // The activity has finished once its record is in the dossier: nothing in flight when the file ends.
    await vi.waitFor(async () => expect(messageRecords(await showCase(ops, { caseId })).some((r) => r.details.deadline?.offset === 5)).toBe(true), { timeout: 15_000, interval: 100 });

    const history = await env.client.workflow.getHandle(`case-${caseId}`).fetchHistory();
    const scheduled = (history.events ?? []).flatMap((e) => (e.activityTaskScheduledEventAttributes?.activityType?.name ? [e.activityTaskScheduledEventAttributes.activityType.name] : []));
    expect(scheduled).toContain('sendNotificationMail');
    expect(scheduled).toContain('sendReminderMail');
    expect(scheduled).not.toContain('performEffect');
  });

  it('stop when the state changes: a response cancels the pending reminders', async () => {
    const { caseId, view } = await caseOnRung1();
    const term = responseTerm(view);
    const fiveAt = atAmsterdamTime(subtractWorkingDays(term.dueDate, 5), 8);
    await sleepUntil(fiveAt, 60 * 60_000);
    await waitForMail(caseId, REMINDER_5, 2);

    const responded = await sendEvent(ops, {
      caseId,
      type: 'response.submitted',
      actor: provider,
      payload: { explanation: 'Personeelstekort door ziekte', recoveryMeasures: 'Inhuur van twee extra begeleiders' },
    });
    expect(responded.deadlines).toEqual([]);
    await waitForMail(caseId, 'Escalatieladder: aanbieder zorg-oost heeft gereageerd', 2);

    await sleepUntil(term.dueAt, 24 * 60 * 60_000);
    // Give any (wrongly) pending activity the chance to deliver before asserting its absence.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(subjectsOf(caseId, REMINDER_1)).toEqual([]);
    expect(subjectsOf(caseId, EXPIRED)).toEqual([]);
    expect(subjectsOf(caseId, REMINDER_5)).toHaveLength(2);
  });

  it('move with a supervisor extension: new reminders against the new due date, none at the old one', async () => {
    const { caseId, view } = await caseOnRung1();
    const term = responseTerm(view);
    const fiveAt = atAmsterdamTime(subtractWorkingDays(term.dueDate, 5), 8);
    await sleepUntil(fiveAt, 60 * 60_000);
    const firstFive = await waitForMail(caseId, REMINDER_5, 2);

    const extended = await superviseCase(ops, {
      caseId,
      actor: supervisor,
      fix: { action: 'deadline.extended', deadline: 'responseTerm', workingDays: 5, ground: 'overmacht', reason: 'Aanbieder vroeg uitstel wegens overmacht' },
    });
    const moved = responseTerm(extended);
    expect(moved.dueDate).toBe(addWorkingDays(term.dueDate, 5));
    expect(moved.explanation).toContain('Verlengd tot');

    await sleepUntil(expiryNoticeAt(moved.dueDate), 60 * 60_000);
    const fives = await waitForMail(caseId, REMINDER_5, 4);
    const ones = await waitForMail(caseId, REMINDER_1, 2);
    await waitForMail(caseId, EXPIRED, 4);

    const secondFive = fives.filter((m) => !firstFive.some((f) => f.id === m.id));
    expectSentAt(secondFive, atAmsterdamTime(subtractWorkingDays(moved.dueDate, 5), 8));
    expectSentAt(ones, atAmsterdamTime(subtractWorkingDays(moved.dueDate, 1), 8));
    expectAt0800OnWorkingDay([...fives, ...ones]);
    // New message ids for the moved reminders.
    expect(new Set(fives.map((m) => m.messageId)).size).toBe(4);
    // Nothing at 08:00 on the old "1 working day before".
    const oldOneAt = Date.parse(atAmsterdamTime(subtractWorkingDays(term.dueDate, 1), 8));
    expect(mailsOf(caseId).filter((m) => Math.abs(Date.parse(m.date!) - oldOneAt) < 60_000)).toEqual([]);
    expectSentAt(subjectsOf(caseId, EXPIRED), expiryNoticeAt(moved.dueDate));
  });

  it('a term extended past today is no longer overdue, leaves the board and sends no expiry mail (its end passed while the clock stood still)', async () => {
    const { caseId, view } = await caseOnRung1();
    const term = responseTerm(view);
    await superviseCase(ops, { caseId, actor: supervisor, fix: { action: 'clock.suspended', ground: 'bezwaar-loopt', reason: 'Bezwaar van de aanbieder loopt' } });
    // The due date passes while the clock stands still: no expiry, no notice.
    await sleepUntil(expiryNoticeAt(term.dueDate), 60 * 60_000);
    const stopped = await showCase(ops, { caseId });
    expect(stopped.state).toBe('open.rung1.awaitingResponse');
    const nowMs = await env.currentTimeMs();
    // The board reads the summary: a stopped clock's passed due date is not overdue.
    const onBoard = (v: CaseAnswer) => {
      const indexed = indexedFromView(v);
      const summary = { ...toSummary(indexed), overdue: isOverdueAt(indexed, nowMs) };
      return [...caseAttention(summary, { nowMs }).map((r) => r.code), ...(expiredTermReason(summary) ? ['TERM_EXPIRED_STATE'] : [])];
    };
    expect(onBoard(stopped)).not.toContain('DEADLINE_PASSED');

    // Extended past today: the term is open again and not overdue, in the view and for the board.
    const until = addWorkingDays(amsterdamDateOf(nowMs), 10);
    const extended = await superviseCase(ops, { caseId, actor: supervisor, fix: { action: 'deadline.extended', deadline: 'responseTerm', until, ground: 'overmacht', reason: 'Aanbieder vroeg uitstel wegens overmacht' } });
    expect(responseTerm(extended)).toMatchObject({ dueDate: until, status: 'open', overdue: false });
    expect(extended.overdue).toBe(false);
    const resumed = await superviseCase(ops, { caseId, actor: supervisor, fix: { action: 'clock.resumed', ground: 'grond-vervallen', reason: 'Bezwaar afgehandeld' } });
    expect(resumed.overdue).toBe(false);
    expect(onBoard(resumed)).toEqual([]);

    // Up to the end of the new term: no expiry mail (reminders for the new date only).
    await sleepUntil(responseTerm(resumed).dueAt, -60 * 60_000);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(subjectsOf(caseId, EXPIRED)).toEqual([]);
    const late = await showCase(ops, { caseId });
    expect(late.overdue).toBe(false);
    expect(late.history.filter((h) => h.kind === 'expiry')).toEqual([]);
  });

  it('go to the contract manager a supervisor assigned, not to every contract manager', async () => {
    const { caseId, view } = await caseOnRung1();
    await superviseCase(ops, { caseId, actor: supervisor, fix: { action: 'case.reassigned', role: 'contractmanager', userId: 'bram', ground: 'wisseling-behandelaar', reason: 'Anna is met verlof' } });
    await sleepUntil(expiryNoticeAt(responseTerm(view).dueDate), 60 * 60_000);
    const expired = await waitForMail(caseId, EXPIRED, 3);
    expect(recipients(expired)).toEqual(['bram@regio.example', ...PROVIDER_ADDRESSES].sort());
  });
});
