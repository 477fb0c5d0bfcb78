// The read model behind Mijn werk, the case lists and the supervisor board, on the shared dev server:
// kept up to date from the workflows (also for steps taken outside the console), sorted deadline-first
// in memory, and the board's reasons that visibility alone cannot give (an approval waiting too long,
// an activity retrying, a workflow task failing), found by the background sweep.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProcedure } from '../../machines/index.ts';
import { sendEvent } from '../../operations/index.ts';
import { caseWorkflowId } from '../../workflows/constants.ts';
import { persist, startCase } from '../../workflows/engine.ts';
import type { CaseWorkflowInput } from '../../workflows/messages.ts';
import { JfCaseId, JfChangedAt, JfProcedure, JfProvider } from '../../workflows/searchAttributes.ts';
import { daysAgo, eventually, hearing, ladderStart, login, measureProposal, rungOne, seedLadderCase, startHarness, token, type Agent, type Harness } from './harness.ts';

interface Summary {
  caseId: string;
  overdue: boolean;
  nextDueAt?: string;
  stateLabel: string;
}
interface BoardBody {
  problemsCheckedAt?: string;
  items: { caseId: string; reasons: { code: string; message: string }[] }[];
}

const newCaseId = (prefix: string) => `${prefix}-${token(8).toUpperCase()}`;
const step = (type: string, payload: unknown, at: string) => ({ type, role: 'contractmanager' as const, userId: 'anna', payload, at });

let h: Harness;
let anna: Agent;
let frank: Agent;
let sanne: Agent;
let failing = 0;

beforeAll(async () => {
  // Mail delivery fails here (as with an SMTP server that refuses), so effects retry.
  h = await startHarness({
    activities: {
      async sendNotificationMail(input: { type: string }) {
        failing++;
        throw new Error(`SMTP-server weigert de verbinding (${input.type})`);
      },
      async sendReminderMail(input: { type: string }) {
        failing++;
        throw new Error(`SMTP-server weigert de verbinding (${input.type})`);
      },
      async logEffect() {
        return {};
      },
    },
  });
  [anna, frank, sanne] = (await Promise.all(['anna', 'frank', 'sanne'].map((u) => login(h.app, u)))) as [Agent, Agent, Agent];
});

afterAll(async () => {
  await h?.close();
});

const codesOf = (board: BoardBody, caseId: string) => board.items.find((i) => i.caseId === caseId)?.reasons.map((r) => r.code) ?? [];

describe('the read model', () => {
  it('Mijn werk puts the overdue case on top, then the soonest deadline, however the cases were started', async () => {
    const provider = h.providerB; // frank's provider
    const [overdue, soon, later] = [newCaseId('OVD'), newCaseId('SOON'), newCaseId('LATER')];
    const chosen = (at: string) => [step('hearing.recorded', hearing, at), step('rung.chosen', rungOne, at)];
    // Started in this order on purpose: the latest deadline first, the overdue one last.
    await seedLadderCase(h, { caseId: later, provider, startedAt: daysAgo(3), steps: chosen(daysAgo(1)) });
    await seedLadderCase(h, { caseId: soon, provider, startedAt: daysAgo(12), steps: chosen(daysAgo(10)) });
    await seedLadderCase(h, {
      caseId: overdue,
      provider,
      startedAt: daysAgo(46),
      steps: chosen(daysAgo(44)),
      // The term expired (a stopped clock would not do: its passed due date is not overdue).
      tweak: (rt) => {
        rt.deadlines[0]!.status = 'expired';
        rt.deadlines[0]!.expiredAt = daysAgo(20);
      },
    });
    const mine = [overdue, soon, later];
    const work = await eventually(async () => {
      const w = (await frank.get('/api/work')).json<Summary[]>().filter((c) => mine.includes(c.caseId));
      expect(w.map((c) => c.caseId)).toEqual(mine);
      return w;
    }, 30_000);
    expect(work[0]!.overdue).toBe(true);
    expect(work[1]!.nextDueAt! < work[2]!.nextDueAt!).toBe(true);
  });

  it('a step taken outside the console (CLI) reaches the lists, and a case terminated in Temporal leaves them', async () => {
    const res = await anna.post('/api/cases', { procedure: 'escalation-ladder', caseId: newCaseId('CLI'), data: ladderStart(h.providerA) });
    expect(res.statusCode, res.body).toBe(201);
    const { caseId } = res.json<{ caseId: string }>();
    const listed = async (query: string) => (await anna.get(`/api/cases?provider=${h.providerA}&${query}`)).json<Summary[]>().map((c) => c.caseId);
    expect(await listed('state=open.investigation')).toContain(caseId);

    // As `jeugdflow send` does it: straight to the workflow, not through this console.
    const ops = { client: h.client, taskQueue: h.taskQueue };
    await sendEvent(ops, { caseId, type: 'hearing.recorded', actor: { role: 'contractmanager', userId: 'anna' }, payload: hearing });
    await sendEvent(ops, { caseId, type: 'rung.chosen', actor: { role: 'contractmanager', userId: 'anna' }, payload: rungOne });
    await eventually(async () => {
      expect(await listed('state=open.rung1')).toContain(caseId);
      expect(await listed('state=open.investigation')).not.toContain(caseId);
      expect(await listed('waitingOn=aanbieder')).toContain(caseId);
    }, 30_000);

    await h.client.workflow.getHandle(caseWorkflowId(caseId)).terminate('test: terminated outside jeugdflow');
    await eventually(async () => expect(await listed('procedure=escalation-ladder')).not.toContain(caseId), 30_000);
  });
});

describe('the supervisor board from the read model', () => {
  it('flags an approval (four-eyes) waiting longer than the allowed working days, not one proposed today', async () => {
    const old = newCaseId('APR');
    const fresh = newCaseId('APRNEW');
    const proposed = (at: string) => [step('hearing.recorded', hearing, at), step('measure.proposed', measureProposal, at)];
    await seedLadderCase(h, { caseId: old, provider: h.providerA, startedAt: daysAgo(12), steps: proposed(daysAgo(10)) });
    await seedLadderCase(h, { caseId: fresh, provider: h.providerA, startedAt: daysAgo(1), steps: proposed(new Date().toISOString()) });
    const board = await eventually(async () => {
      const b = (await sanne.get('/api/board')).json<BoardBody>();
      expect(codesOf(b, old)).toContain('APPROVAL_WAITING');
      expect(b.items.map((i) => i.caseId)).toContain(old);
      return b;
    }, 30_000);
    expect(codesOf(board, fresh)).not.toContain('APPROVAL_WAITING');
    expect(board.items.find((i) => i.caseId === old)!.reasons.find((r) => r.code === 'APPROVAL_WAITING')!.message).toMatch(/Goedkeuring \(vier ogen\) wacht al \d+ werkdagen; meer dan 2/);
  });

  it('flags an activity that keeps failing, with the attempt and the last error', async () => {
    const res = await anna.post('/api/cases', { procedure: 'escalation-ladder', caseId: newCaseId('ACT'), data: ladderStart(h.providerA) });
    const { caseId } = res.json<{ caseId: string }>();
    await anna.post(`/api/cases/${caseId}/events`, { type: 'hearing.recorded', payload: hearing });
    const chosen = await anna.post(`/api/cases/${caseId}/events`, { type: 'rung.chosen', payload: rungOne }); // mails the provider
    expect(chosen.statusCode, chosen.body).toBe(200);
    const board = await eventually(async () => {
      const b = (await sanne.get('/api/board')).json<BoardBody>();
      expect(codesOf(b, caseId)).toContain('ACTIVITY_RETRYING');
      return b;
    }, 60_000);
    expect(failing).toBeGreaterThan(1);
    const reason = board.items.find((i) => i.caseId === caseId)!.reasons.find((r) => r.code === 'ACTIVITY_RETRYING')!;
    expect(reason.message).toMatch(/sendNotificationMail probeert opnieuw \(poging \d+\): SMTP-server weigert de verbinding/);
    expect(board.problemsCheckedAt).toBeDefined();
  });

  it('flags a workflow task that keeps failing (a stored state this machine does not have)', async () => {
    const def = findProcedure('escalation-ladder')!;
    const caseId = newCaseId('WFT');
    const startedBy = { role: 'contractmanager' as const, userId: 'anna' };
    const data = ladderStart(h.providerA);
    const { rt } = startCase(def, { caseId, procedureId: def.id, startedBy, data }, daysAgo(1));
    const input: CaseWorkflowInput = { caseId, procedureId: def.id, startedBy, data, calendar: {}, restored: { ...persist(rt), value: 'noSuchState' } };
    const handle = await h.client.workflow.start('caseWorkflow', {
      workflowId: caseWorkflowId(caseId),
      taskQueue: h.taskQueue,
      args: [input],
      typedSearchAttributes: [
        { key: JfCaseId, value: caseId },
        { key: JfProcedure, value: def.id },
        { key: JfProvider, value: h.providerA },
        { key: JfChangedAt, value: new Date() },
      ],
    });
    try {
      await eventually(async () => {
        const b = (await sanne.get('/api/board')).json<BoardBody>();
        expect(codesOf(b, caseId)).toContain('WORKFLOW_TASK_FAILING');
      }, 60_000);
    } finally {
      await handle.terminate('test done');
    }
  });
});
