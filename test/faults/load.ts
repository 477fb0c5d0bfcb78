// The load the fault tests put on the engine: many escalation-ladder cases, each walked along one
// path by a sender (state-changing steps, in order) while other senders add hearings and grounds to
// the same case concurrently. Every event carries a unique marker in its payload and a request id
// (the update id); a sender retries on any non-refusal error with the SAME request id, as a client
// that lost its answer should. What each sender got back is kept for the checks in verify.ts.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Role } from '../../machines/types.ts';
import { sendEvent, showCase, startCase, type OperationsContext } from '../../operations/index.ts';
import { ProcedureError } from '../../workflows/errors.ts';
import type { CaseAnswer, CaseView } from '../../workflows/engine.ts';

const cm = { role: 'contractmanager' as const, userId: 'faults-cm' };
const provider = { role: 'aanbieder' as const, userId: 'faults-provider' };
/** Who sends a step: a role (the transport signs in one user per role) and a user id. */
export interface Actor {
  role: Role;
  userId: string;
}

export interface Step {
  type: string;
  actor: Actor;
  payload: (marker: string) => Record<string, unknown>;
}

/** The path each case walks, in order: rung 1, response, rung 2, plan, approval, back to rung 1 (term running). */
export const LADDER_PATH: Step[] = [
  { type: 'hearing.recorded', actor: cm, payload: (m) => ({ date: '2026-11-20', providerPosition: 'Standpunt van de aanbieder', findings: `Bevindingen ${m}` }) },
  { type: 'rung.chosen', actor: cm, payload: (m) => ({ rung: 1, reason: `Eerste trede ${m}`, arrangements: 'Tweewekelijks overleg met de teammanager' }) },
  { type: 'response.submitted', actor: provider, payload: (m) => ({ explanation: `Verklaring ${m}`, recoveryMeasures: 'Extra begeleiders ingezet' }) },
  { type: 'rung.chosen', actor: cm, payload: (m) => ({ rung: 2, reason: `Verbeterplan nodig ${m}` }) },
  { type: 'improvementPlan.submitted', actor: provider, payload: (m) => ({ shortcomings: `Tekortkomingen ${m}`, solutions: 'Nieuwe planning en werving', terms: 'Binnen zes weken' }) },
  { type: 'improvementPlan.assessed', actor: cm, payload: (m) => ({ approved: true, reason: `Plan is voldoende ${m}` }) },
  { type: 'rung.chosen', actor: cm, payload: (m) => ({ rung: 1, reason: `Terug naar trede 1 ${m}`, arrangements: 'Wekelijks overleg met de bestuurder' }) },
];
/** Where LADDER_PATH ends: rung 1 with the 15-working-day response term (a Temporal timer) running. */
export const PATH_END_STATE = 'open.rung1.awaitingResponse';

/** Accepted in every open state of the ladder, so other senders can add them at any moment. */
export const EXTRA_STEPS: Step[] = [
  { type: 'hearing.recorded', actor: cm, payload: (m) => ({ date: '2026-11-21', providerPosition: 'Aanvullend standpunt', findings: `Aanvullende bevindingen ${m}` }) },
  { type: 'ground.recorded', actor: cm, payload: (m) => ({ kind: 'ernstige-tekortkoming', type: 'structureel-uitvallen-continuiteit', evidence: `Rapportage ${m}`, established: false }) },
  { type: 'hearing.recorded', actor: cm, payload: (m) => ({ date: '2026-11-22', providerPosition: 'Tweede aanvulling', findings: `Nadere bevindingen ${m}` }) },
];

/**
 * What one case does under load: its procedure, who starts it with what, the path it walks (in order)
 * and the extra steps other senders add concurrently (each accepted in every state of the path).
 * Where it must end, and which legal term then runs (its Temporal timer is checked; `reminders` are
 * that term's reminder offsets); `expiries`: terms that must have ended on the way (deadline.expired).
 */
export interface CasePlan {
  procedure: string;
  starter: Actor;
  startData: (provider: string) => Record<string, unknown>;
  path: Step[];
  extras: Step[];
  endState: string;
  timerFor?: string;
  reminders?: readonly number[];
  expiries?: readonly string[];
}

/** The escalation ladder along LADDER_PATH, with EXTRA_STEPS: the default load. */
export const LADDER_PLAN: CasePlan = {
  procedure: 'escalation-ladder',
  starter: cm,
  startData: (provider) => ({ provider, signal: { category: 'kwaliteit', description: 'Signaal voor de storingstest', receivedOn: '2026-11-20' } }),
  path: LADDER_PATH,
  extras: EXTRA_STEPS,
  endState: PATH_END_STATE,
  timerFor: 'responseTerm',
};

/** The marker of an event: `[<case>/<step>]`, found back in the case history by markerOf. */
export const marker = (caseId: string, step: string) => `[${caseId}/${step}]`;
export function markerOf(payload: unknown): string | undefined {
  return /\[[A-Za-z0-9._-]+\/[a-z0-9]+\]/.exec(JSON.stringify(payload ?? {}))?.[0];
}

export interface Ack {
  caseId: string;
  marker: string;
  type: string;
  requestId: string;
  attempts: number;
  state: string;
}

export interface LoadStats {
  cases: string[];
  acks: Ack[];
  /** Refused by the procedure (must stay empty: every step is valid). */
  refusals: { caseId: string; marker: string; type: string; attempts: number; error: ProcedureError }[];
  /** Sends that never succeeded within the give-up time. */
  gaveUp: { caseId: string; marker: string; type: string; error: string }[];
  /** Errors seen and retried with the same request id (or the same case id for starts). */
  retriedErrors: number;
  /** Those errors by kind (error name and gRPC code or first words of the message). */
  errorKinds: Record<string, number>;
  /** Retries whose first attempt had in fact been applied (the server answered the stored outcome). */
  startsAlreadyThere: number;
  /** The plan each case followed. */
  planOf: Map<string, CasePlan>;
}

export interface LoadOptions {
  client: Client;
  taskQueue: string;
  prefix: string;
  cases: number;
  /** Cases walked at the same time (one sender each) and extra-event senders. */
  pathSenders: number;
  extraSenders: number;
  /** Stop retrying a send after this long (default 4 minutes). */
  giveUpMs?: number;
  onAck?: (ack: Ack) => void;
  /** How starts and events are sent (default: the operations on `client`; the cluster test goes through the consoles' HTTP API). */
  transport?: LoadTransport;
  /** The cases' provider (default AGB-FAULTS01); over the API it must be the signed-in provider user's. */
  provider?: string;
  /** What the cases do: case i follows plans[i % plans.length] (default: the ladder only). */
  plans?: readonly CasePlan[];
}

/** Sends a start or an event; throws ProcedureError for a refusal, anything else is retried. */
export interface LoadTransport {
  startCase(input: { procedure: string; caseId: string; actor: Actor; data: Record<string, unknown> }): Promise<unknown>;
  sendEvent(input: { caseId: string; type: string; actor: Actor; payload: Record<string, unknown>; requestId: string }): Promise<CaseAnswer>;
  /** Reads a case (for plans with `expiries`: the path waits until those terms have ended). */
  showCase(input: { caseId: string; actor: Actor }): Promise<CaseView>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function pool(items: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(items, concurrency) }, async () => {
    for (let i = next++; i < items; i = next++) await task(i);
  }));
}

function describeError(err: unknown): string {
  return `${(err as Error)?.name ?? 'Error'}: ${(err as Error)?.message ?? String(err)}`.slice(0, 300);
}

export async function runLoad(opts: LoadOptions): Promise<LoadStats> {
  const ops: OperationsContext = { client: opts.client, taskQueue: opts.taskQueue };
  const transport: LoadTransport = opts.transport ?? {
    startCase: (input) => startCase(ops, input),
    sendEvent: (input) => sendEvent(ops, input),
    showCase: (input) => showCase(ops, { caseId: input.caseId, role: input.actor.role }),
  };
  const giveUpMs = opts.giveUpMs ?? 240_000;
  const stats: LoadStats = { cases: [], acks: [], refusals: [], gaveUp: [], retriedErrors: 0, errorKinds: {}, startsAlreadyThere: 0, planOf: new Map() };
  const plans = opts.plans ?? [LADDER_PLAN];
  const retried = (err: unknown) => {
    stats.retriedErrors++;
    const e = err as { name?: string; code?: unknown; message?: string };
    const kind = `${e?.name ?? 'Error'}${e?.code !== undefined ? ` (code ${String(e.code)})` : ''}: ${(e?.message ?? '').split(/[:.\n]/)[0]!.slice(0, 60)}`;
    stats.errorKinds[kind] = (stats.errorKinds[kind] ?? 0) + 1;
  };
  const caseIds = Array.from({ length: opts.cases }, (_, i) => `${opts.prefix}-${String(i).padStart(3, '0')}`);
  caseIds.forEach((caseId, i) => stats.planOf.set(caseId, plans[i % plans.length]!));
  const planOf = (caseId: string) => stats.planOf.get(caseId)!;

  /** Sends until it succeeds or is refused; the request id never changes. */
  /**
   * A refusal by the procedure or the operations. Temporal unreachable (UNAVAILABLE, as the operations now
   * name it) is not a refusal: retried with the same request id.
   */
  const isRefusal = (err: unknown): err is ProcedureError => err instanceof ProcedureError && err.code !== 'UNAVAILABLE';

  async function send(caseId: string, step: Step, stepName: string): Promise<CaseAnswer | undefined> {
    const m = marker(caseId, stepName);
    const requestId = randomUUID();
    const until = Date.now() + giveUpMs;
    for (let attempt = 1; ; attempt++) {
      try {
        const view = await transport.sendEvent({ caseId, type: step.type, actor: step.actor, payload: step.payload(m), requestId });
        const ack = { caseId, marker: m, type: step.type, requestId, attempts: attempt, state: view.state };
        stats.acks.push(ack);
        opts.onAck?.(ack);
        return view;
      } catch (err) {
        if (isRefusal(err)) {
          stats.refusals.push({ caseId, marker: m, type: step.type, attempts: attempt, error: err });
          return undefined;
        }
        if (Date.now() > until) {
          stats.gaveUp.push({ caseId, marker: m, type: step.type, error: describeError(err) });
          return undefined;
        }
        retried(err);
        await sleep(Math.min(2000, 100 * 2 ** attempt));
      }
    }
  }

  async function start(caseId: string): Promise<boolean> {
    const until = Date.now() + giveUpMs;
    for (let attempt = 1; ; attempt++) {
      try {
        const plan = planOf(caseId);
        await transport.startCase({ procedure: plan.procedure, caseId, actor: plan.starter, data: plan.startData(opts.provider ?? 'AGB-FAULTS01') });
        return true;
      } catch (err) {
        // The same case id is the same workflow id: a start that did happen says so.
        if (err instanceof ProcedureError && err.code === 'CASE_EXISTS' && attempt > 1) {
          stats.startsAlreadyThere++;
          return true;
        }
        if (isRefusal(err) || Date.now() > until) {
          stats.gaveUp.push({ caseId, marker: marker(caseId, 'start'), type: 'start', error: describeError(err) });
          return false;
        }
        retried(err);
        await sleep(Math.min(2000, 100 * 2 ** attempt));
      }
    }
  }

  /** Waits until every term in the case's plan `expiries` has ended in its history. */
  async function expiriesRecorded(caseId: string): Promise<boolean> {
    const plan = planOf(caseId);
    const names = plan.expiries ?? [];
    if (names.length === 0) return true;
    const until = Date.now() + giveUpMs;
    for (let attempt = 1; ; attempt++) {
      try {
        const view = await transport.showCase({ caseId, actor: plan.starter });
        const ended = new Set(view.history.filter((h) => h.kind === 'expiry').map((h) => (h.payload as { deadline?: string } | undefined)?.deadline));
        if (names.every((n) => ended.has(n))) return true;
      } catch (err) {
        if (Date.now() > until) {
          stats.gaveUp.push({ caseId, marker: marker(caseId, 'expiry'), type: 'wait for expiry', error: describeError(err) });
          return false;
        }
        retried(err);
      }
      if (Date.now() > until) {
        stats.gaveUp.push({ caseId, marker: marker(caseId, 'expiry'), type: 'wait for expiry', error: `${names.join(', ')} not expired` });
        return false;
      }
      await sleep(Math.min(2000, 100 * 2 ** attempt));
    }
  }

  const started = new Set<string>();
  const startedCases = new Map<string, Promise<boolean>>();
  const ensureStarted = (caseId: string) => {
    let p = startedCases.get(caseId);
    if (!p) startedCases.set(caseId, (p = start(caseId).then((ok) => (ok && started.add(caseId), ok))));
    return p;
  };

  const walk = pool(caseIds.length, opts.pathSenders, async (i) => {
    const caseId = caseIds[i]!;
    if (!(await ensureStarted(caseId))) return;
    // A term that had already ended at registration: the party acts after the engine recorded its end
    // (an event that arrives before the due timer fired is applied as if in time; see the report).
    if (!(await expiriesRecorded(caseId))) return;
    for (const [n, step] of planOf(caseId).path.entries()) {
      if (!(await send(caseId, step, `p${n}`))) return; // a refused step stops this case's path
    }
  });
  const maxExtras = Math.max(0, ...plans.map((p) => p.extras.length));
  const extras = pool(caseIds.length * maxExtras, opts.extraSenders, async (k) => {
    const caseId = caseIds[k % caseIds.length]!;
    const n = Math.floor(k / caseIds.length);
    const step = planOf(caseId).extras[n];
    if (!step) return;
    if (!(await ensureStarted(caseId))) return;
    await send(caseId, step, `x${n}`);
  });
  await Promise.all([walk, extras]);
  stats.cases = caseIds.filter((id) => started.has(id));
  return stats;
}
