// The production stack on this machine (scripts/cluster.ts) under load: CLUSTER_CASES (default 300)
// cases of mixed procedures (test/cluster/procedures.ts: escalation ladder, a ZBT disagreement registered
// after its contact term ended, a care termination up to the decision term), each step sent with its
// procedure's role, by concurrent senders through BOTH consoles' HTTP API (each request to the next
// console, a failed one retried with the same request id on the other), while worker 1 is killed with
// SIGKILL and started again, the Temporal server is restarted, and console 2 is stopped. Then every
// acknowledged transition must be in its case exactly once, every case at the end of its path with its
// term's timer set (test/faults/verify.ts), every late ZBT case's contact term expired once (a deadline
// firing on the real clock) with its expiry notice mailed, and every mail caught once.
// Ends with: cluster: N cases, N transitions checked, 0 lost, 0 doubled, N mails, 0 doubled mails
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../../scripts/cluster.ts';
import { freePort } from '../../scripts/devServer.ts';
import { freeTemporalPortBlock } from '../../scripts/temporalServer.ts';
import { openStore } from '../../store/index.ts';
import { testDataConverter, TEST_KEY_ENV } from '../support/temporal.ts';
import { runLoad } from '../faults/load.ts';
import { sleep } from '../faults/scenario.ts';
import { checkCases, waitUntilQuiet } from '../faults/verify.ts';
import { HttpTransport, signIn, whoAmI, type Session } from './http.ts';
import { CLUSTER_USERS, MIXED_PLANS, ZBT_LATE_PLAN } from './procedures.ts';

const CASES = Number(process.env.CLUSTER_CASES ?? 300);
const began = Date.now();
const log = (line: string) => console.log(`[cluster ${((Date.now() - began) / 1000).toFixed(0).padStart(4)} s] ${line}`);

let dir: string;
let cluster: Cluster;
let client: Client;
let connection: Connection;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jeugdflow-cluster-'));
  // PostgreSQL runs as the postgres user when we are root: it must reach its folder inside.
  await chmod(dir, 0o755);
  cluster = await startCluster({
    dir,
    namespace: 'default',
    taskQueue: 'jeugdflow',
    pgPort: await freePort(),
    temporalPorts: await freeTemporalPortBlock(),
    consolePorts: [await freePort(), await freePort()],
    smtpPort: await freePort(),
    // The test keys, so verify.ts's client can read the cases.
    env: { ...TEST_KEY_ENV, LOG_LEVEL: 'error' },
    output: 'ignore',
    log,
  });
  connection = await Connection.connect({ address: cluster.temporal.address });
  client = new Client({ connection, dataConverter: testDataConverter });
});

afterAll(async () => {
  await connection?.close();
  await cluster?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('the cluster stack', () => {
  it('keeps every transition exactly once through both consoles while a worker is killed, the server restarted and a console stopped', async () => {
    const [url1, url2] = cluster.consoleUrls as [string, string];
    const sessions: Partial<Record<keyof typeof CLUSTER_USERS, Session>> = {};
    for (const [role, user] of Object.entries(CLUSTER_USERS) as [keyof typeof CLUSTER_USERS, string][]) sessions[role] = await signIn(url1, user);
    // A session made on console 1 is known to console 2: one store.
    expect(await whoAmI(url2, sessions.contractmanager!)).toBe('anna');

    const transport = new HttpTransport(cluster.consoleUrls, sessions);
    const stepsOf = (i: number) => MIXED_PLANS[i % MIXED_PLANS.length]!.path.length + MIXED_PLANS[i % MIXED_PLANS.length]!.extras.length;
    const total = Array.from({ length: CASES }, (_, i) => stepsOf(i)).reduce((a, n) => a + n, 0);
    let acked = 0;
    let done = false;
    let serverRestarts = 0;
    const chaosLog: string[] = [];
    const mark = (what: string) => chaosLog.push(`${what} at ${new Date().toISOString()}`);
    const chaos = (async () => {
      const at = async (fraction: number) => {
        while (!done && acked < total * fraction) await sleep(200);
      };
      await at(0.15);
      log(`kill -9 worker 1 (pid ${cluster.workers[0]!.pid}) at ${acked} / ${total}`);
      mark('worker 1 killed');
      await cluster.workers[0]!.kill();
      await sleep(3000);
      await cluster.workers[0]!.start();
      await at(0.35);
      log(`restarting the Temporal server at ${acked} / ${total}`);
      mark('server stopping');
      await cluster.temporal.restart('graceful', 2000);
      mark('server back');
      serverRestarts++;
      await at(0.55);
      log(`stopping console 2 at ${acked} / ${total}`);
      mark('console 2 stopping');
      await cluster.consoles[1]!.stop();
    })();
    const stats = await runLoad({
      client,
      taskQueue: 'jeugdflow',
      prefix: `CLUSTER-${Date.now().toString(36)}`,
      cases: CASES,
      pathSenders: 20,
      extraSenders: 8,
      provider: 'zorg-oost',
      plans: MIXED_PLANS,
      transport,
      giveUpMs: 300_000,
      onAck: () => {
        if (++acked % 500 === 0) log(`${acked} / ${total} transitions acknowledged`);
      },
    }).finally(() => (done = true));
    await chaos;
    log(`load done: ${stats.acks.length} acknowledged, ${stats.retriedErrors} errors retried (${JSON.stringify(stats.errorKinds)}), ${stats.refusals.length} refused, ${stats.gaveUp.length} given up; requests per console ${transport.requests.join(' / ')}`);
    expect(stats.refusals.map((r) => `${r.caseId} ${r.type}: ${r.error.code} ${r.error.message}`)).toEqual([]);
    expect(stats.gaveUp).toEqual([]);
    expect(stats.cases).toHaveLength(CASES);

    const busy = await waitUntilQuiet(client, stats.cases, 300_000);
    expect(busy).toEqual([]);
    const summary = await checkCases({ client, taskQueue: 'jeugdflow' }, stats, (caseId) => {
      const plan = stats.planOf.get(caseId)!;
      return { state: plan.endState, ...(plan.timerFor ? { timerFor: plan.timerFor } : {}), ...(plan.reminders ? { reminders: plan.reminders } : {}), ...(plan.expiries ? { expiries: plan.expiries } : {}) };
    });
    const byProcedure = new Map<string, number>();
    for (const plan of stats.planOf.values()) byProcedure.set(plan.procedure, (byProcedure.get(plan.procedure) ?? 0) + 1);
    const lateZbtCases = [...stats.planOf].filter(([, plan]) => plan === ZBT_LATE_PLAN).map(([caseId]) => caseId);

    // Mail: every caught mail once (the Message-ID is deterministic per case, subject and address).
    const mails = cluster.mail.messages();
    const seen = new Map<string, number>();
    for (const m of mails) for (const to of m.to) seen.set(`${m.messageId ?? m.id} ${to}`, (seen.get(`${m.messageId ?? m.id} ${to}`) ?? 0) + 1);
    const doubledMails = [...seen.values()].filter((n) => n > 1).reduce((a, n) => a + n - 1, 0);
    for (const [key, n] of seen) {
      if (n < 2) continue;
      const copies = mails.filter((m) => `${m.messageId ?? m.id}` === key.split(' ')[0]);
      log(`mail caught ${n} times: ${copies.map((m) => `${m.subject ?? ''} (${m.receivedAt}, ${m.id})`).join(' | ')}`);
    }
    log(`chaos: ${chaosLog.join('; ')}`);
    // Sends a worker took over after a crash (kill -9 mid-send): how many the catcher confirmed over MAIL_API_URL instead of a second send.
    const store = await openStore({ DATABASE_URL: cluster.databaseUrl, JEUGDFLOW_DATA_DIR: dir });
    const [takeovers] = await store
      .query<{ taken: string; confirmed: string }>(
        "SELECT count(*) FILTER (WHERE possible_duplicate OR attempts > 1) AS taken, count(*) FILTER (WHERE response LIKE 'Afgeleverd vóór een onderbreking%') AS confirmed FROM jf_outbox",
      )
      .finally(() => store.close());
    log(`outbox: ${takeovers?.taken ?? 0} sends taken over or retried after a claim, ${takeovers?.confirmed ?? 0} of them found at the catcher (MAIL_API_URL) and not sent again`);
    // The deadline that fired: each late ZBT case's contact term ended, and its expiry notice ("Termijn verstreken") was caught.
    const expiryMails = mails.filter((m) => m.subject?.startsWith('Termijn verstreken'));
    const casesWithExpiryMail = new Set(expiryMails.map((m) => lateZbtCases.find((c) => m.subject?.includes(c) || m.messageId?.includes(c))).filter(Boolean));
    log(`procedures: ${[...byProcedure].map(([p, n]) => `${p} ${n}`).join(', ')}; expiry notices: ${expiryMails.length} mails for ${lateZbtCases.length} late ZBT cases`);

    console.log(
      `\ncluster: ${summary.cases} cases, ${summary.checked} transitions checked, ${summary.lost} lost, ${summary.doubled} doubled, ${mails.length} mails, ${doubledMails} doubled mails` +
        ` (${[...byProcedure].map(([p, n]) => `${n} ${p}`).join(', ')}; ${lateZbtCases.length} terms expired, ${expiryMails.length} expiry mails; ${cluster.workers[0]!.kills} worker kills, ${serverRestarts} server restarts, 1 console stopped, ${stats.retriedErrors} errors retried, ${((Date.now() - began) / 1000).toFixed(0)} s)\n`,
    );
    expect(summary.problems.slice(0, 20)).toEqual([]);
    expect(summary.lost).toBe(0);
    expect(summary.doubled).toBe(0);
    expect(summary.cases).toBe(CASES);
    expect(summary.checked).toBe(total);
    expect(doubledMails).toBe(0);
    expect(lateZbtCases.length).toBeGreaterThan(0);
    expect(expiryMails.length).toBeGreaterThanOrEqual(lateZbtCases.length);
    expect(casesWithExpiryMail.size).toBe(lateZbtCases.length);
  });
});
