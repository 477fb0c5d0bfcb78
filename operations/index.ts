// The operations staff use, one implementation each, shared by the CLI and the HTTP API.
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { CalendarOptions } from '../calendar/index.ts';
import { caseAttention, executionProblems, forEachLimited, type AttentionReason } from './attention.ts';
import { byUrgency, indexedFromVisibility, isOverdueAt, quote, toSummary, type CaseSummary } from './summary.ts';

export { byUrgency };
import { findProcedure, listProcedures, ROLES, type AnyRole, type ProcedureDefinition, type Role, type StateMeta } from '../machines/index.ts';
import type { caseWorkflow } from '../workflows/caseWorkflow.ts';
import { caseWorkflowId, assertValidCaseId } from '../workflows/constants.ts';
import type { CaseView } from '../workflows/engine.ts';
import { ProcedureError } from '../workflows/errors.ts';
import { caseQuery, sendEventUpdate, supervisorUpdate } from '../workflows/messages.ts';
import { JfSignal, JfChangedAt, JfRevision, JfCaseId, JfProcedure, JfProvider } from '../workflows/searchAttributes.ts';

export interface OperationsContext {
  client: Client;
  taskQueue: string;
  calendar?: CalendarOptions;
  /** Working days an approval may wait before a supervisor sees it (default 2). */
  approvalWorkingDays?: number;
}

export const actorSchema = z.object({
  role: z.enum(ROLES),
  userId: z.string().trim().min(1).max(128),
});
export type ActorInput = z.infer<typeof actorSchema>;

function procedureOrThrow(id: string): ProcedureDefinition {
  const def = findProcedure(id);
  if (!def) {
    throw new ProcedureError({
      code: 'UNKNOWN_PROCEDURE',
      field: 'procedure',
      message: `Unknown procedure '${id}'; known: ${listProcedures().map((p) => p.id).join(', ')}`,
    });
  }
  return def;
}

function zodRefusal(err: z.ZodError, prefix: string, rule: string): ProcedureError {
  const issue = err.issues[0]!;
  const path = issue.path.join('.');
  return new ProcedureError({
    code: 'INVALID_PAYLOAD',
    field: path ? `${prefix}.${path}` : prefix,
    message: `Invalid ${prefix}${path ? ` at '${path}'` : ''}: ${issue.message}`,
    rule,
  });
}

/** Maps what Temporal throws to a ProcedureError where the cause is known. */
function translate(err: unknown, caseId: string): never {
  const known = ProcedureError.fromTemporal(err);
  if (known) throw known;
  if (err instanceof WorkflowNotFoundError || (err as { name?: string })?.name === 'WorkflowNotFoundError') {
    throw new ProcedureError({ code: 'CASE_NOT_FOUND', field: 'caseId', message: `No case '${caseId}'` });
  }
  const message = (err as Error)?.message ?? String(err);
  if (err instanceof WorkflowUpdateFailedError || /already completed|workflow execution already completed/i.test(message)) {
    throw new ProcedureError({ code: 'CASE_CLOSED', message: `Case ${caseId} is closed; no more events are accepted` });
  }
  throw err;
}

// ---------------------------------------------------------------------------------------------

export interface StartCaseRequest {
  procedure: string;
  caseId: string;
  actor: ActorInput;
  data: unknown;
  personalData?: unknown;
  optOut?: boolean;
}

export async function startCase(ctx: OperationsContext, req: StartCaseRequest): Promise<CaseView> {
  const def = procedureOrThrow(req.procedure);
  assertValidCaseId(req.caseId);
  const actor = actorSchema.safeParse(req.actor);
  if (!actor.success) throw zodRefusal(actor.error, 'actor', 'every action names who takes it, in which role');
  if (!def.startRoles.includes(actor.data.role)) {
    throw new ProcedureError({
      code: 'ROLE_NOT_ALLOWED',
      field: 'actor.role',
      message: `Role '${actor.data.role}' may not start ${def.id}; allowed roles: ${def.startRoles.join(', ')}`,
      rule: def.seed,
    });
  }
  const data = def.startSchema.safeParse(req.data ?? {});
  if (!data.success) throw zodRefusal(data.error, 'data', def.seed);
  let personalData: unknown;
  if (req.personalData !== undefined) {
    if (!def.personalDataSchema) {
      throw new ProcedureError({ code: 'INVALID_PAYLOAD', field: 'personalData', message: `Procedure ${def.id} keeps no personal data` });
    }
    const parsed = def.personalDataSchema.safeParse(req.personalData);
    if (!parsed.success) throw zodRefusal(parsed.error, 'personalData', def.seed);
    personalData = parsed.data;
  }
  const workflowId = caseWorkflowId(req.caseId);
  try {
    const handle = await ctx.client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
      workflowId,
      taskQueue: ctx.taskQueue,
      args: [
        {
          caseId: req.caseId,
          procedureId: def.id,
          startedBy: actor.data,
          data: data.data,
          ...(personalData !== undefined ? { personalData } : {}),
          optOut: req.optOut ?? false,
          calendar: ctx.calendar ?? {},
        },
      ],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: JfCaseId, value: req.caseId },
        { key: JfProcedure, value: def.id },
        { key: JfProvider, value: data.data.provider },
        // In the read model from the start, even if the first workflow task never succeeds.
        { key: JfChangedAt, value: new Date() },
        { key: JfRevision, value: 0 },
      ],
    });
    return await handle.query(caseQuery, { role: actor.data.role });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      throw new ProcedureError({ code: 'CASE_EXISTS', field: 'caseId', message: `Case '${req.caseId}' already exists` });
    }
    return translate(err, req.caseId);
  }
}

export interface SendEventRequest {
  caseId: string;
  type: string;
  actor: ActorInput;
  payload?: unknown;
  reason?: string;
  /** Idempotency key: a repeated send with the same id is applied once. */
  requestId?: string;
}

export async function sendEvent(ctx: OperationsContext, req: SendEventRequest): Promise<CaseView> {
  const handle = ctx.client.workflow.getHandle(caseWorkflowId(req.caseId));
  try {
    return await handle.executeUpdate(sendEventUpdate, {
      args: [{ type: req.type, actor: req.actor, payload: req.payload ?? {}, ...(req.reason ? { reason: req.reason } : {}) }],
      updateId: req.requestId ?? randomUUID(),
    });
  } catch (err) {
    return translate(err, req.caseId);
  }
}

export interface SuperviseRequest {
  caseId: string;
  actor: ActorInput;
  /** One of the supervisor fixes (`supervisorActionSchema` in workflows/engine.ts). */
  fix: unknown;
  requestId?: string;
}

/** A supervisor's correction, recorded with its reason in the case history. */
export async function superviseCase(ctx: OperationsContext, req: SuperviseRequest): Promise<CaseView> {
  const handle = ctx.client.workflow.getHandle(caseWorkflowId(req.caseId));
  try {
    return await handle.executeUpdate(supervisorUpdate, { args: [{ actor: req.actor, fix: req.fix }], updateId: req.requestId ?? randomUUID() });
  } catch (err) {
    return translate(err, req.caseId);
  }
}

/**
 * The whole case: the query answers with one page of the history (the newest entries, `historyFrom`
 * set when there are older ones, so a long dossier stays under Temporal's 2 MB); the older pages are
 * fetched with the query's `historyFrom`, so `show`, the case page and the dossier stay complete.
 */
export async function showCase(ctx: OperationsContext, req: { caseId: string; role?: AnyRole }): Promise<CaseView> {
  try {
    const handle = ctx.client.workflow.getHandle(caseWorkflowId(req.caseId));
    const role = req.role ? { role: req.role } : {};
    const view = await handle.query(caseQuery, role);
    if (view.historyFrom === undefined || view.historyFrom <= 1) return view;
    const older: CaseView['history'] = [];
    for (let from = 1; from < view.historyFrom; ) {
      const page = await handle.query(caseQuery, { ...role, historyFrom: from });
      const entries = page.history.filter((h) => h.seq >= from && h.seq < view.historyFrom!);
      if (entries.length === 0) break;
      older.push(...entries);
      from = entries.at(-1)!.seq + 1;
    }
    const { historyFrom: _from, ...complete } = view;
    return { ...complete, history: [...older, ...view.history] };
  } catch (err) {
    return translate(err, req.caseId);
  }
}

// ---------------------------------------------------------------------------------------------

export const listFilterSchema = z
  .object({
    procedure: z.string().optional(),
    state: z.string().regex(/^[A-Za-z0-9._-]+$/, 'a state path such as rung1 or rung1.overdue').optional(),
    provider: z.string().regex(/^[A-Za-z0-9._ -]+$/).optional(),
    waitingOn: z.enum(ROLES).optional(),
    overdue: z.boolean().optional(),
    dueBefore: z.string().datetime({ offset: true }).or(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).optional(),
    includeClosed: z.boolean().optional(),
    limit: z.number().int().min(1).max(10_000).default(500),
  })
  .strict();
export type ListFilter = z.input<typeof listFilterSchema>;

export type { CaseSummary };

export async function listCases(ctx: OperationsContext, filter: ListFilter = {}): Promise<CaseSummary[]> {
  const f = listFilterSchema.parse(filter);
  const clauses = [`WorkflowType = 'caseWorkflow'`];
  if (!f.includeClosed) clauses.push(`ExecutionStatus = 'Running'`);
  if (f.procedure) clauses.push(`JfProcedure = ${quote(procedureOrThrow(f.procedure).id)}`);
  if (f.state) clauses.push(`JfStatePaths = ${quote(f.state)}`);
  if (f.provider) clauses.push(`JfProvider = ${quote(f.provider)}`);
  if (f.waitingOn) clauses.push(`JfWaitingOn = ${quote(f.waitingOn)}`);
  if (f.dueBefore) clauses.push(`JfNextDueAt < ${quote(f.dueBefore.length === 10 ? `${f.dueBefore}T00:00:00Z` : f.dueBefore)}`);
  if (f.overdue) clauses.push(`(JfOverdue = true OR JfNextDueAt < ${quote(new Date().toISOString())})`);
  const out: CaseSummary[] = [];
  const nowMs = Date.now();
  for await (const wf of ctx.client.workflow.list({ query: clauses.join(' AND ') })) {
    const c = indexedFromVisibility(wf);
    out.push({ ...toSummary(c), overdue: isOverdueAt(c, nowMs) });
    if (out.length >= f.limit) break;
  }
  // Visibility has no ORDER BY: overdue first, then soonest deadline, then the rest by case id.
  return out.sort(byUrgency);
}


// ---------------------------------------------------------------------------------------------

export interface ProcedureDescription {
  id: string;
  version: number;
  title: string;
  description: string;
  seed: string;
  startRoles: readonly Role[];
  startSchema: unknown;
  states: { id: string; title: string; waitingOn: readonly Role[]; fourEyes: boolean }[];
  events: { type: string; title: string; roles: readonly AnyRole[]; rule: string; schema: unknown }[];
  deadlines: { state: string; name: string; title: string; kind: string; n: number; onExpiry: string; waitingOn: readonly Role[]; rule: string }[];
}

function toJsonSchema(schema: z.ZodType): unknown {
  try {
    return z.toJSONSchema(schema, { unrepresentable: 'any' });
  } catch {
    return {};
  }
}

export function describeProcedure(def: ProcedureDefinition): ProcedureDescription {
  const states: ProcedureDescription['states'] = [];
  const deadlines: ProcedureDescription['deadlines'] = [];
  const walk = (node: { path: string[]; meta?: unknown; states: Record<string, unknown> }) => {
    for (const child of Object.values(node.states) as (typeof node)[]) {
      const meta = child.meta as StateMeta | undefined;
      const id = child.path.join('.');
      states.push({ id, title: meta?.label ?? id, waitingOn: meta?.waitingOn ?? [], fourEyes: meta?.fourEyes ?? false });
      for (const d of meta?.deadlines ?? []) {
        deadlines.push({ state: id, name: d.name, title: d.label, kind: d.kind, n: d.n, onExpiry: d.onExpiry, waitingOn: d.waitingOn, rule: d.rule });
      }
      walk(child);
    }
  };
  walk(def.machine.root as never);
  return {
    id: def.id,
    version: def.version,
    title: def.title,
    description: def.description,
    seed: def.seed,
    startRoles: def.startRoles,
    startSchema: toJsonSchema(def.startSchema),
    states,
    events: Object.entries(def.events).map(([type, e]) => ({ type, title: e.label, roles: e.roles, rule: e.rule, schema: toJsonSchema(e.schema) })),
    deadlines,
  };
}

export function describeProcedures(): ProcedureDescription[] {
  return listProcedures().map(describeProcedure);
}

// ---------------------------------------------------------------------------------------------

export interface StatusReport {
  server: { reachable: boolean; version?: string; error?: string };
  worker: { polling: boolean; pollers: { identity: string; lastAccessTime?: string }[] };
  taskQueue: string;
}

/** Healthy when the server answers and a worker polled the task queue within the last minute. */
export async function checkStatus(ctx: OperationsContext & { namespace: string }): Promise<StatusReport> {
  const report: StatusReport = { server: { reachable: false }, worker: { polling: false, pollers: [] }, taskQueue: ctx.taskQueue };
  const service = ctx.client.connection.workflowService;
  try {
    const info = await service.getSystemInfo({});
    report.server = { reachable: true, version: info.serverVersion ?? undefined };
  } catch (err) {
    report.server = { reachable: false, error: (err as Error).message };
    return report;
  }
  const res = await service.describeTaskQueue({
    namespace: ctx.namespace,
    taskQueue: { name: ctx.taskQueue, kind: 1 },
    taskQueueType: 1, // workflow task queue
  });
  const minuteAgo = Date.now() - 60_000;
  for (const p of res.pollers ?? []) {
    const last = p.lastAccessTime?.seconds ? Number(p.lastAccessTime.seconds) * 1000 : undefined;
    report.worker.pollers.push({ identity: p.identity ?? '?', ...(last ? { lastAccessTime: new Date(last).toISOString() } : {}) });
    if (last === undefined || last >= minuteAgo) report.worker.polling = true;
  }
  return report;
}

// ---------------------------------------------------------------------------------------------

export interface StuckCase extends CaseSummary {
  reasons: AttentionReason[];
}

/** Cases that need a supervisor, each with the reasons; overdue first. Straight from Temporal (one describe per case). */
export async function listStuck(ctx: OperationsContext, filter: ListFilter = {}): Promise<StuckCase[]> {
  const cases = await listCases(ctx, filter);
  const nowMs = Date.now();
  const out: StuckCase[] = [];
  await forEachLimited(cases, 8, async (c) => {
    const reasons = [
      ...caseAttention(c, { calendar: ctx.calendar, nowMs, approvalWorkingDays: ctx.approvalWorkingDays }),
      ...(await executionProblems(ctx.client, c.caseId)),
    ];
    if (reasons.length) out.push({ ...c, reasons });
  });
  return out.sort(byUrgency);
}

// ---------------------------------------------------------------------------------------------

export interface SignalCount {
  procedure: string;
  provider: string;
  outcome: string;
  category: string;
  count: number;
}

/** Monitoring signals (e.g. terminations and refusals) counted per provider, outcome and reason. */
export async function countSignals(ctx: OperationsContext, filter: { provider?: string; since?: string } = {}): Promise<SignalCount[]> {
  const procedures = listProcedures().filter((p) => p.monitoringSignal);
  const counts = new Map<string, SignalCount>();
  for (const def of procedures) {
    const clauses = [`WorkflowType = 'caseWorkflow'`, `JfProcedure = ${quote(def.id)}`];
    if (filter.provider) clauses.push(`JfProvider = ${quote(filter.provider)}`);
    if (filter.since) clauses.push(`StartTime >= ${quote(filter.since)}`);
    for await (const wf of ctx.client.workflow.list({ query: clauses.join(' AND ') })) {
      const signal = wf.typedSearchAttributes.get(JfSignal);
      if (!signal) continue;
      const [outcome = '', category = ''] = signal.split(':');
      const provider = wf.typedSearchAttributes.get(JfProvider) ?? '';
      const key = [def.id, provider, outcome, category].join('|');
      const c = counts.get(key) ?? { procedure: def.id, provider, outcome, category, count: 0 };
      c.count++;
      counts.set(key, c);
    }
  }
  return [...counts.values()].sort((a, b) => a.provider.localeCompare(b.provider) || b.count - a.count || a.outcome.localeCompare(b.outcome));
}
