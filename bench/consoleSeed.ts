// What `npm run bench:console` (bench/console.ts) and the bench's console section share: the seeded
// cases (escalation-ladder cases restored from snapshots, spread over its states, 40 providers,
// deadlines from long past to weeks ahead, some waiting for an approval), and the console started on
// a free port with three logged-in people.
import type { Client } from '@temporalio/client';
import { pino } from 'pino';
import { hashPassword, UserDirectory } from '../api/users.ts';
import { buildConsole } from '../console/app.ts';
import { findProcedure, type Role } from '../machines/index.ts';
import { caseWorkflowId } from '../workflows/constants.ts';
import { applyEvent, persist, startCase, validateEvent } from '../workflows/engine.ts';
import type { CaseWorkflowInput } from '../workflows/messages.ts';
import { JfCaseId, JfProcedure, JfProvider } from '../workflows/searchAttributes.ts';
import { since } from './stats.ts';

import { hearing, measureProposal, rungOne } from '../test/fixtures/ladderSteps.ts';

export { hearing, measureProposal, rungOne };

export const PROVIDERS = Array.from({ length: 40 }, (_, i) => `AGB-BENCH${String(i).padStart(3, '0')}`);
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();

export const seedCaseId = (i: number) => `BENCH-${String(i).padStart(5, '0')}`;

/** Case i: which provider, and where along the ladder (with its dates), spread deterministically. */
export function seedInput(i: number): CaseWorkflowInput {
  const def = findProcedure('escalation-ladder')!;
  const caseId = seedCaseId(i);
  const provider = PROVIDERS[Math.floor(i / 10) % PROVIDERS.length]!; // blocks of ten: every provider gets every kind
  const startedBy = { role: 'contractmanager' as const, userId: 'cm-bench' };
  const data = { provider, signal: { category: 'kwaliteit', description: 'Herhaalde klachten over de begeleiding', receivedOn: '2026-11-02' } };
  const ago = 1 + ((i * 7) % 40); // 1..40 days: a share of the response terms has expired
  const { rt } = startCase(def, { caseId, procedureId: def.id, startedBy, data }, daysAgo(ago + 1));
  const kind = i % 10;
  const step = (type: string, payload: unknown) =>
    applyEvent(rt, validateEvent(rt, { type, actor: { role: 'contractmanager', userId: kind === 9 ? 'cm-bench' : 'cm-other' }, payload }, daysAgo(ago)));
  if (kind >= 3) step('hearing.recorded', hearing);
  if (kind >= 3 && kind <= 8) step('rung.chosen', rungOne); // waits on the provider, response term running or expired
  if (kind === 9) step('measure.proposed', measureProposal); // waits for a second contract manager (four-eyes)
  return { caseId, procedureId: def.id, startedBy, data, calendar: {}, restored: persist(rt) };
}

/** Starts seeded case i on `taskQueue` (already started: fine). */
export async function launchSeeded(client: Client, taskQueue: string, i: number): Promise<void> {
  const input = seedInput(i);
  try {
    await client.workflow.start('caseWorkflow', {
      workflowId: caseWorkflowId(input.caseId),
      taskQueue,
      args: [input],
      typedSearchAttributes: [
        { key: JfCaseId, value: input.caseId },
        { key: JfProcedure, value: input.procedureId },
        { key: JfProvider, value: (input.data as { provider: string }).provider },
      ],
    });
  } catch (err) {
    if ((err as Error).name !== 'WorkflowExecutionAlreadyStartedError') throw err;
  }
}

export interface RunningConsole {
  base: string;
  /** GET `path` as `user` (cm, provider, supervisor); throws unless 200. */
  get(user: string, path: string): Promise<{ ms: number; bytes: number }>;
  json<T>(user: string, path: string): Promise<T>;
  close(): Promise<void>;
}

const PASSWORD = 'bench-password-123';

/** The console on a free port of 127.0.0.1, with a contract manager, a provider's staff member and a supervisor logged in. */
export async function startConsole(ops: { client: Client; taskQueue: string; namespace: string }): Promise<RunningConsole> {
  const hash = await hashPassword(PASSWORD);
  const people: { id: string; name: string; roles: Role[]; provider?: string }[] = [
    { id: 'cm', name: 'Contractmanager', roles: ['contractmanager'] },
    { id: 'provider', name: 'Aanbieder', roles: ['aanbieder'], provider: PROVIDERS[0]! },
    { id: 'supervisor', name: 'Toezichthouder', roles: ['supervisor'] },
  ];
  const users = UserDirectory.fromJson({ users: people.map((u) => ({ ...u, passwordHash: hash })) });
  const app = await buildConsole({
    ops: { ...ops, calendar: {} },
    users,
    pdf: false,
    logger: pino({ level: 'warn' }),
    loginLimits: { maxAttemptsPerAddress: 1000 },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const sessions = new Map<string, { cookie: string; csrf: string }>();
  for (const p of people) {
    const anon = await fetch(`${base}/api/session`);
    const anonCookie = anon.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const { csrfToken } = (await anon.json()) as { csrfToken: string };
    const res = await fetch(`${base}/api/session`, {
      method: 'POST',
      headers: { cookie: anonCookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ username: p.id, password: PASSWORD }),
    });
    if (res.status !== 200) throw new Error(`log-in of ${p.id}: ${res.status} ${await res.text()}`);
    sessions.set(p.id, { cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: ((await res.json()) as { csrfToken: string }).csrfToken });
  }
  return {
    base,
    async get(user, path) {
      const started = performance.now();
      const res = await fetch(`${base}${path}`, { headers: { cookie: sessions.get(user)!.cookie } });
      const body = await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`GET ${path} as ${user}: ${res.status} ${Buffer.from(body).toString().slice(0, 300)}`);
      return { ms: since(started), bytes: body.byteLength };
    },
    async json<T>(user: string, path: string) {
      return (await (await fetch(`${base}${path}`, { headers: { cookie: sessions.get(user)!.cookie } })).json()) as T;
    },
    close: () => app.close(),
  };
}
