// The API and console in-process against the shared dev server, with a real worker on a task queue of
// its own. Test users get provider codes unique to the run, so lists on the shared server can be
// scoped to this run's cases.
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import type { LightMyRequestResponse as Response } from 'fastify';
import { pino } from 'pino';
import { createActivities } from '../../activities/index.ts';
import { buildConsole, type BuildConsoleOptions } from '../../console/app.ts';
import { hashPassword, UserDirectory } from '../../api/users.ts';
import { findProcedure, type Role } from '../../machines/index.ts';
import { caseWorkflowId } from '../../workflows/constants.ts';
import { applyEvent, persist, startCase, validateEvent, type CaseRuntime } from '../../workflows/engine.ts';
import type { CaseWorkflowInput } from '../../workflows/messages.ts';
import { JfCaseId, JfProcedure, JfProvider } from '../../workflows/searchAttributes.ts';
import { bundleWorkflowsOnce, devServerAddress, testDataConverter, testKeys, uniqueTaskQueue } from '../support/temporal.ts';
import { hearing, ladderStart, measureProposal, rungOne } from '../fixtures/ladderSteps.ts';

export const PASSWORD = 'test-password-123';

const silent = pino({ level: 'silent' });

/** Letters only: case numbers and provider codes must never hold a nine-digit run (BSN check). */
export function token(n = 6): string {
  const letters = 'abcdefghjkmnpqrstuvwxyz';
  return [...randomBytes(n)].map((b) => letters[b % letters.length]).join('');
}

export interface Harness {
  app: FastifyInstance;
  client: Client;
  taskQueue: string;
  /** This run's two provider codes. */
  providerA: string;
  providerB: string;
  users: UserDirectory;
  close(): Promise<void>;
}

export async function testUsers(providerA: string, providerB: string): Promise<UserDirectory> {
  const hash = await hashPassword(PASSWORD);
  const users: { id: string; name: string; roles: Role[]; provider?: string }[] = [
    { id: 'anna', name: 'Anna de Vries', roles: ['contractmanager'] },
    { id: 'bram', name: 'Bram Jansen', roles: ['contractmanager'] },
    { id: 'carla', name: 'Carla Bakker', roles: ['contractbeheer'] },
    { id: 'eva', name: 'Eva Smit', roles: ['aanbieder'], provider: providerA },
    { id: 'frank', name: 'Frank Mulder', roles: ['aanbieder'], provider: providerB },
    { id: 'sanne', name: 'Sanne Kok', roles: ['supervisor'] },
    { id: 'dirk', name: 'Dirk Visser', roles: ['contractmanager', 'opdrachtgever-besluit'] },
  ];
  return UserDirectory.fromJson({ users: users.map((u) => ({ ...u, passwordHash: hash })) });
}

export async function startHarness(opts: { worker?: boolean; app?: Partial<BuildConsoleOptions>; activities?: object } = {}): Promise<Harness> {
  const address = devServerAddress();
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace: 'default', dataConverter: testDataConverter });
  const taskQueue = uniqueTaskQueue('api');
  const providerA = `za-${token()}`;
  const providerB = `zb-${token()}`;
  const users = await testUsers(providerA, providerB);
  let native: NativeConnection | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  if (opts.worker !== false) {
    native = await NativeConnection.connect({ address });
    worker = await Worker.create({
      connection: native,
      namespace: 'default',
      taskQueue,
      workflowBundle: await bundleWorkflowsOnce(),
      dataConverter: testDataConverter,
      activities: opts.activities ?? createActivities({ logger: silent }),
    });
    running = worker.run();
  }
  // The read model's background sweep (retrying activities, failing workflow tasks) every half second, not every minute.
  const app = await buildConsole({ ops: { client, keys: testKeys, taskQueue, namespace: 'default', calendar: {} }, users, pdf: false, index: { sweepPauseMs: 500 }, ...opts.app });
  await app.ready();
  return {
    app,
    client,
    taskQueue,
    providerA,
    providerB,
    users,
    async close() {
      await app.close();
      if (worker) {
        worker.shutdown();
        await running;
      }
      await native?.close();
      await connection.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// A logged-in API client over app.inject

export interface Agent {
  userId: string;
  csrf: string;
  cookie: string;
  get(url: string): Promise<Response>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  request(opts: { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: string; payload?: string | object; headers?: Record<string, string> }): Promise<Response>;
}

export function cookieOf(res: Response): string {
  const c = res.cookies.find((x) => x.name === 'jf_session');
  if (!c) throw new Error(`no session cookie in response ${res.statusCode}: ${res.body}`);
  return `jf_session=${c.value}`;
}

export async function anonymous(app: FastifyInstance): Promise<{ cookie: string; csrf: string }> {
  const res = await app.inject({ method: 'GET', url: '/api/session' });
  return { cookie: cookieOf(res), csrf: res.json<{ csrfToken: string }>().csrfToken };
}

export async function login(app: FastifyInstance, userId: string, password = PASSWORD): Promise<Agent> {
  const anon = await anonymous(app);
  const res = await app.inject({
    method: 'POST',
    url: '/api/session',
    headers: { cookie: anon.cookie, 'x-csrf-token': anon.csrf },
    payload: { username: userId, password },
  });
  if (res.statusCode !== 200) throw new Error(`log-in of ${userId} failed: ${res.statusCode} ${res.body}`);
  const cookie = cookieOf(res);
  const csrf = res.json<{ csrfToken: string }>().csrfToken;
  const request: Agent['request'] = (o) =>
    app.inject({ method: o.method, url: o.url, ...(o.payload !== undefined ? { payload: o.payload } : {}), headers: { cookie, 'x-csrf-token': csrf, ...o.headers } });
  return {
    userId,
    csrf,
    cookie,
    request,
    get: (url) => request({ method: 'GET', url }),
    post: (url, body, headers) => request({ method: 'POST', url, ...(body !== undefined ? { payload: body as object } : {}), ...(headers ? { headers } : {}) }),
  };
}

/** Retries `check` until it stops throwing: visibility (list queries) is eventually consistent. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Seeding cases with a past: the pure engine steps the real machine at past instants, and the real
// case workflow continues from there (its `restored` input, as after continue-as-new).

export { hearing, ladderStart, measureProposal, rungOne };

const DAY = 86_400_000;
export const daysAgo = (n: number, nowMs = Date.now()) => new Date(nowMs - n * DAY).toISOString();

export async function seedLadderCase(
  h: Pick<Harness, 'client' | 'taskQueue'>,
  opts: {
    caseId: string;
    provider: string;
    startedAt: string;
    steps?: { type: string; role: Role; userId: string; payload: unknown; at: string }[];
    tweak?: (rt: CaseRuntime) => void;
  },
): Promise<void> {
  const def = findProcedure('escalation-ladder')!;
  const startedBy = { role: 'contractmanager' as const, userId: 'anna' };
  const data = ladderStart(opts.provider);
  const { rt } = startCase(def, { caseId: opts.caseId, procedureId: def.id, startedBy, data }, opts.startedAt);
  for (const s of opts.steps ?? []) {
    applyEvent(rt, validateEvent(rt, { type: s.type, actor: { role: s.role, userId: s.userId }, payload: s.payload }, s.at));
  }
  opts.tweak?.(rt);
  const input: CaseWorkflowInput = { caseId: opts.caseId, procedureId: def.id, startedBy, data, calendar: {}, restored: persist(rt) };
  await h.client.workflow.start('caseWorkflow', {
    workflowId: caseWorkflowId(opts.caseId),
    taskQueue: h.taskQueue,
    args: [input],
    typedSearchAttributes: [
      { key: JfCaseId, value: opts.caseId },
      { key: JfProcedure, value: def.id },
      { key: JfProvider, value: opts.provider },
    ],
  });
}
