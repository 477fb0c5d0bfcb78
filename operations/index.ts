// The operations staff use, one implementation each, shared by the CLI and the HTTP API.
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client, type WorkflowExecutionStatusName } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { amsterdamDateOf, type CalendarOptions } from '../calendar/index.ts';
import { caseAttention, executionProblems, forEachLimited, type AttentionReason } from './attention.ts';
import { code, jsonBoundsIssue, NO_CONTROL_CHARS, organisationCodeSchema, providerCodeSchema } from './bounds.ts';
import { MAX_TEXT } from '../machines/schemas.ts';
import { isTemporalUnreachable } from './temporalErrors.ts';
import { byUrgency, indexedFromVisibility, isOverdueAt, quote, toSummary, type CaseSummary } from './summary.ts';

export { byUrgency };
import { findProcedure, listProcedures, ROLES, type AnyRole, type DeploymentSettings, type ProcedureDefinition, type Role } from '../machines/index.ts';
import type { caseWorkflow } from '../workflows/caseWorkflow.ts';
import { caseWorkflowId, assertValidCaseId } from '../workflows/constants.ts';
import type { CaseAnswer, CaseView, UpdateAnswer } from '../workflows/engine.ts';
import { ProcedureError } from '../workflows/errors.ts';
import { caseQuery, migrateUpdate, sendEventUpdate, supervisorUpdate } from '../workflows/messages.ts';
import { JfSignal, JfChangedAt, JfRevision, JfCaseId, JfProcedure, JfProvider, JfState } from '../workflows/searchAttributes.ts';
import { isSealed, isSealedWithCaseKey, sealPersonalData, sealWithDataKey, unsealPersonalData, unsealWithDataKey, UnsealError, type KeyRing } from '../security/index.ts';
import { CaseKeysUnavailableError, type CaseKeys } from '../store/caseKeys.ts';
import type { AuditLog } from '../store/audit.ts';
import { expandAnswer, seesOptOutPersonalData, validateStart } from '../workflows/engine.ts';

export interface OperationsContext {
  client: Client;
  taskQueue: string;
  calendar?: CalendarOptions;
  /** Working days an approval may wait before a supervisor sees it (default 2). */
  approvalWorkingDays?: number;
  /** The commissioning body's settings for this deployment (config/index.ts); every new case gets them. */
  settings?: DeploymentSettings;
  /**
   * The clock "today" is read from for the checks before a case starts (default the wall clock; the
   * workflow checks again with its own). Time-skipping tests pass the test server's clock.
   */
  now?: () => number | Promise<number>;
  /**
   * The key ring: personal data is sealed with it before it enters Temporal and unsealed only here,
   * for a role that may see it. Without it no personal data can be given, and none is shown.
   */
  keys?: KeyRing;
  /**
   * The case data keys in the shared store: with them every new case's personal data is sealed with its
   * own key (deleted after the retention period). Without them it is sealed with the key ring (`jf1.`,
   * not deletable per case): only for tests and tools without a store.
   */
  caseKeys?: CaseKeys;
  /** Every reveal of personal data to a named reader is recorded here. */
  audit?: AuditLog;
}

/** Shown instead of the personal data once the retention purge deleted the case's data key. */
export const PERSONAL_DATA_DELETED_LABEL = 'Persoonsgegevens verwijderd na de bewaartermijn';

/**
 * The view with the youth's personal data unsealed when `role` may see it: not an opt-out case, or a
 * role outside the commissioning body (the same rule as the engine's viewCase, checked again here,
 * where the role comes from the session and not from whoever asks Temporal). Otherwise it is removed.
 * A case sealed with its own data key (`jf2.`) is read with that key from the store; once the key is
 * deleted after the retention period the view says `personalDataDeleted` instead. A closed case's
 * closing is recorded for the retention period. Each reveal to `reader` goes into the audit log.
 */
async function reveal(ctx: OperationsContext, view: CaseView, role: AnyRole | undefined, reader?: Reader): Promise<CaseView>;
async function reveal(ctx: OperationsContext, view: CaseAnswer, role: AnyRole | undefined, reader?: Reader): Promise<CaseAnswer>;
async function reveal(ctx: OperationsContext, view: CaseAnswer, role: AnyRole | undefined, reader?: Reader): Promise<CaseAnswer> {
  try {
    if (view.status === 'closed' && ctx.caseKeys && isSealed(view.personalData) && isSealedWithCaseKey(view.personalData)) {
      const closedAt = Date.parse(view.lastTransitionAt);
      await ctx.caseKeys.markClosed(view.caseId, Number.isNaN(closedAt) ? Date.now() : closedAt);
    }
    if (view.personalData === undefined) return view;
    const { personalData, ...rest } = view;
    const allowed = !view.optOut || seesOptOutPersonalData(role);
    if (!allowed || reader === false) return { ...rest, personalDataWithheld: true };
    let revealed: unknown;
    if (!isSealed(personalData)) {
      // Unsealed personal data in a case (started before sealing) is shown by the same rule.
      revealed = personalData;
    } else if (isSealedWithCaseKey(personalData)) {
      if (!ctx.caseKeys || !ctx.keys) return { ...rest, personalDataWithheld: true };
      const found = await ctx.caseKeys.get(view.caseId);
      if (found.status === 'deleted') return { ...rest, personalDataDeleted: true };
      if (found.status === 'missing') throw new UnsealError(`The data key of case ${view.caseId} is not in the store (another DATABASE_URL?)`);
      revealed = unsealWithDataKey(found.key, view.caseId, personalData);
    } else {
      if (!ctx.keys) return { ...rest, personalDataWithheld: true };
      revealed = unsealPersonalData(ctx.keys, view.caseId, personalData);
    }
    // Recorded before it is shown: a read that cannot be audited is not shown.
    if (ctx.audit && reader) await ctx.audit.record({ kind: 'personal-data.read', actor: reader, caseId: view.caseId });
    return { ...rest, personalData: revealed };
  } catch (err) {
    if (!(err instanceof CaseKeysUnavailableError)) throw err;
    const { personalData: _withheld, ...rest } = view;
    return { ...rest, personalDataWithheld: true };
  }
}

/** Who personal data is revealed to (user id, for the audit log); `false`: do not reveal it at all. */
export type Reader = string | false;

export const actorSchema = z.object({
  role: z.enum(ROLES),
  userId: z.string().trim().min(1).max(128),
  /** The provider or municipality code the person acts for (API: from the signed-in user; CLI: --organisation). */
  organisation: organisationCodeSchema.optional(),
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
  // An unknown key has the object as its path: name the key itself.
  const path = [...issue.path, ...(issue.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : [])].join('.');
  const field = [prefix, path].filter(Boolean).join('.');
  return new ProcedureError({
    code: 'INVALID_PAYLOAD',
    field,
    message: prefix ? `Invalid ${prefix}${path ? ` at '${path}'` : ''}: ${issue.message}` : `Invalid '${field}': ${issue.message}`,
    rule,
  });
}

/** The one answer for a case that does not exist, and for one the caller may not see (no hint which). */
export function caseNotFound(caseId: string): ProcedureError {
  return new ProcedureError({ code: 'CASE_NOT_FOUND', field: 'caseId', message: `No case '${caseId}'` });
}

const CLOSED_RULE = 'een afgesloten zaak neemt geen stappen meer aan';

const END_STATUS: Partial<Record<WorkflowExecutionStatusName, string>> = {
  COMPLETED: 'closed',
  CANCELLED: 'cancelled in Temporal',
  TERMINATED: 'terminated in Temporal (by an operator, not by the procedure)',
  TIMED_OUT: 'timed out in Temporal',
  FAILED: 'failed in Temporal',
};

/**
 * CASE_CLOSED naming the end state when the case's workflow is no longer running, else undefined.
 * The end state comes from the workflow's result (the CaseView it returned) when it completed, else
 * from the state it last recorded in its search attributes.
 */
export async function closedCaseRefusal(client: Client, caseId: string): Promise<ProcedureError | undefined> {
  const handle = client.workflow.getHandle(caseWorkflowId(caseId));
  let described;
  try {
    described = await handle.describe();
  } catch {
    return undefined;
  }
  const status = described.status.name;
  if (status === 'RUNNING' || status === 'CONTINUED_AS_NEW') return undefined;
  let state = described.typedSearchAttributes.get(JfState);
  let label: string | undefined;
  let cancelledBySupervisor = false;
  if (status === 'COMPLETED') {
    try {
      const view = (await handle.result()) as CaseView;
      state = view.state;
      label = view.stateLabel;
      if (view.history.some((e) => e.kind === 'supervisor' && e.to === 'cancelled')) cancelledBySupervisor = true;
    } catch {
      // The search attribute still names the last state.
    }
  }
  const how = cancelledBySupervisor ? 'cancelled by a supervisor' : (END_STATUS[status] ?? `ended in Temporal (${status.toLowerCase()})`);
  const where = state ? ` in state ${state}${label ? ` (${label})` : ''}` : '';
  return new ProcedureError({
    code: 'CASE_CLOSED',
    field: 'caseId',
    message: `Case ${caseId} is ${how}${where}; no more events are accepted`,
    ...(state ? { state } : {}),
    allowedEvents: [],
    rule: CLOSED_RULE,
  });
}

/**
 * Maps what Temporal throws to a ProcedureError where the cause is known; anything else is rethrown.
 * `closedCheck: false` (reading a case): "not found" is only ever CASE_NOT_FOUND, so a read never tells
 * more than "no such case" before the caller's scope is checked.
 */
async function translate(err: unknown, client: Client, caseId: string, { closedCheck = true }: { closedCheck?: boolean } = {}): Promise<never> {
  const known = ProcedureError.fromTemporal(err);
  if (known) throw known;
  const message = (err as Error)?.message ?? String(err);
  if (err instanceof WorkflowNotFoundError || (err as { name?: string })?.name === 'WorkflowNotFoundError' || /already completed/i.test(message)) {
    // An update or query of a workflow that has ended says "not found": ask whether it exists and ended.
    throw (closedCheck ? await closedCaseRefusal(client, caseId) : undefined) ?? caseNotFound(caseId);
  }
  if (isTemporalUnreachable(err)) throw new ProcedureError({ code: 'UNAVAILABLE', message: 'Temporal is not reachable; try again later' });
  throw err;
}

/** The actor's organisation code is a code like a provider's (the engine checks role and user id). */
function assertOrganisation(actor: ActorInput | undefined): void {
  if (actor?.organisation === undefined) return;
  const parsed = organisationCodeSchema.safeParse(actor.organisation);
  if (!parsed.success) throw zodRefusal(parsed.error, 'actor.organisation', 'an organisation is named by its code');
}

/** Refuses data, personal data, payloads and fixes nested too deep or too large, naming the field. */
function assertJsonBounds(value: unknown, field: string): void {
  const issue = jsonBoundsIssue(value);
  if (!issue) return;
  const first = issue.path[0];
  throw new ProcedureError({
    code: 'INVALID_PAYLOAD',
    field: first === undefined ? field : `${field}.${first}`,
    message: `Invalid ${field}: ${issue.message}`,
    rule: 'a request stays within the limits of the case system',
  });
}

// ---------------------------------------------------------------------------------------------

export interface StartCaseRequest {
  procedure: string;
  caseId: string;
  actor: ActorInput;
  data: unknown;
  personalData?: unknown;
  optOut?: boolean;
  /** Who the answer's personal data is shown to (audit); default the actor; false: withheld. */
  reader?: Reader;
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
  assertJsonBounds(req.data ?? {}, 'data');
  if (req.personalData !== undefined) assertJsonBounds(req.personalData, 'personalData');
  const data = def.startSchema.safeParse(req.data ?? {});
  if (!data.success) throw zodRefusal(data.error, 'data', def.seed);
  // The provider code becomes a search attribute and a visibility filter: bounded, no control characters.
  const provider = providerCodeSchema.safeParse((data.data as { provider?: unknown }).provider);
  if (!provider.success) throw zodRefusal(provider.error, 'data.provider', 'provider codes are codes, never names or personal data');
  // A date typed by a person that starts a legal term is not after today: refused here, before any
  // workflow starts (the workflow checks it again against its own clock).
  const nowMs = await (ctx.now?.() ?? Date.now());
  validateStart(def, { data: req.data ?? {} }, new Date(nowMs).toISOString());
  const settings = ctx.settings ?? {};
  // Checks that need who starts, today or the settings (a party acts as itself; a date's lower bound): before any workflow runs.
  const refusal = def.checkStart?.(data.data as never, { startedBy: actor.data, today: amsterdamDateOf(nowMs), settings });
  if (refusal) {
    throw new ProcedureError({ code: refusal.code ?? 'INVALID_PAYLOAD', field: `data.${refusal.field}`, message: `Invalid data at '${refusal.field}': ${refusal.message}`, rule: refusal.rule });
  }
  let personalData: unknown;
  if (req.personalData !== undefined) {
    if (!def.personalDataSchema) {
      throw new ProcedureError({ code: 'INVALID_PAYLOAD', field: 'personalData', message: `Procedure ${def.id} keeps no personal data` });
    }
    const parsed = def.personalDataSchema.safeParse(req.personalData);
    if (!parsed.success) throw zodRefusal(parsed.error, 'personalData', def.seed);
    if (!ctx.keys) throw new Error('No key ring to seal the personal data with (OperationsContext.keys)');
    // Sealed before it enters Temporal: history, queries and the database only ever hold this.
    personalData = ctx.caseKeys
      ? sealWithDataKey(await ctx.caseKeys.create(req.caseId), req.caseId, parsed.data)
      : sealPersonalData(ctx.keys, req.caseId, parsed.data);
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
          // A new case runs the newest version of its procedure, and keeps it (a migration aside).
          version: def.version,
          startedBy: actor.data,
          data: data.data,
          ...(personalData !== undefined ? { personalData } : {}),
          optOut: req.optOut ?? false,
          calendar: ctx.calendar ?? {},
          settings,
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
    return await reveal(ctx, await handle.query(caseQuery, { role: actor.data.role }), actor.data.role, req.reader ?? actor.data.userId);
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      throw new ProcedureError({ code: 'CASE_EXISTS', field: 'caseId', message: `Case '${req.caseId}' already exists` });
    }
    return translate(err, ctx.client, req.caseId);
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
  /** Who the answer's personal data is shown to (audit); default the actor; false: withheld. */
  reader?: Reader;
}

/** Event type, request id and reason of a send, checked before anything reaches Temporal. */
export const sendFieldsSchema = z.object({
  type: code(128, 'an event type such as hearing.recorded'),
  requestId: code(128, 'a request id').optional(),
  reason: z.string().max(MAX_TEXT).regex(NO_CONTROL_CHARS, 'no control characters').optional(),
});

/** An update's answer as a `CaseAnswer`: the labels it leaves out, from the procedure version the case runs (the newest one when this process does not know that version). */
function answered(answer: UpdateAnswer): CaseAnswer {
  return expandAnswer(findProcedure(answer.procedure, answer.version) ?? findProcedure(answer.procedure), answer);
}

export async function sendEvent(ctx: OperationsContext, req: SendEventRequest): Promise<CaseAnswer> {
  const handle = ctx.client.workflow.getHandle(caseWorkflowId(req.caseId));
  const fields = sendFieldsSchema.safeParse({ type: req.type, requestId: req.requestId, reason: req.reason });
  if (!fields.success) throw zodRefusal(fields.error, '', 'a request stays within the limits of the case system');
  assertOrganisation(req.actor);
  assertJsonBounds(req.payload ?? {}, 'payload');
  try {
    const view = answered(
      await handle.executeUpdate(sendEventUpdate, {
        args: [{ type: req.type, actor: req.actor, payload: req.payload ?? {}, ...(req.reason ? { reason: req.reason } : {}) }],
        updateId: req.requestId ?? randomUUID(),
      }),
    );
    return await reveal(ctx, view, req.actor.role, req.reader ?? req.actor.userId);
  } catch (err) {
    return translate(err, ctx.client, req.caseId);
  }
}

export interface SuperviseRequest {
  caseId: string;
  actor: ActorInput;
  /** One of the supervisor fixes (`supervisorActionSchema` in workflows/engine.ts). */
  fix: unknown;
  requestId?: string;
  /** Who the answer's personal data is shown to (audit); default the actor; false: withheld. */
  reader?: Reader;
}

/** A supervisor's correction, recorded with its reason in the case history. */
export async function superviseCase(ctx: OperationsContext, req: SuperviseRequest): Promise<CaseAnswer> {
  const handle = ctx.client.workflow.getHandle(caseWorkflowId(req.caseId));
  const fields = sendFieldsSchema.pick({ requestId: true }).safeParse({ requestId: req.requestId });
  if (!fields.success) throw zodRefusal(fields.error, '', 'a request stays within the limits of the case system');
  assertOrganisation(req.actor);
  assertJsonBounds(req.fix, 'fix');
  try {
    const view = answered(await handle.executeUpdate(supervisorUpdate, { args: [{ actor: req.actor, fix: req.fix }], updateId: req.requestId ?? randomUUID() }));
    return await reveal(ctx, view, req.actor.role, req.reader ?? req.actor.userId);
  } catch (err) {
    return translate(err, ctx.client, req.caseId);
  }
}

export interface MigrateRequest {
  caseId: string;
  actor: ActorInput;
  /** The version to move to; default the newest. */
  toVersion?: number;
  /** A ground from the closed list (GROUNDS_PER_FIX['case.migrated']). */
  ground: string;
  reason: string;
  requestId?: string;
  reader?: Reader;
}

/**
 * A supervisor moves a running case to a newer version of its procedure (recorded in the dossier with
 * ground and reason). Refused, without a trace in the case's history, unless the case is in a state the
 * new version declares safe.
 */
export async function migrateCase(ctx: OperationsContext, req: MigrateRequest): Promise<CaseAnswer> {
  const handle = ctx.client.workflow.getHandle(caseWorkflowId(req.caseId));
  const fields = sendFieldsSchema.pick({ requestId: true, reason: true }).safeParse({ requestId: req.requestId, reason: req.reason });
  if (!fields.success) throw zodRefusal(fields.error, '', 'a request stays within the limits of the case system');
  assertOrganisation(req.actor);
  try {
    const view = answered(
      await handle.executeUpdate(migrateUpdate, {
        args: [{ actor: req.actor, ground: req.ground, reason: req.reason, ...(req.toVersion !== undefined ? { toVersion: req.toVersion } : {}) }],
        updateId: req.requestId ?? randomUUID(),
      }),
    );
    return await reveal(ctx, view, req.actor.role, req.reader ?? req.actor.userId);
  } catch (err) {
    return translate(err, ctx.client, req.caseId);
  }
}

/**
 * A case as `role` sees it: the query answers with one page of the history (the newest entries,
 * `historyFrom` set when there are older ones, so a long dossier stays under Temporal's 2 MB); the older
 * pages are fetched with the query's `historyFrom`, so `show`, the case page and the dossier stay
 * complete. `reader` names who sees the personal data (recorded in the audit log); `false` withholds it
 * (a look that shows no personal data, e.g. for the allowed events only).
 */
export async function showCase(ctx: OperationsContext, req: { caseId: string; role?: AnyRole; reader?: Reader }): Promise<CaseView> {
  try {
    const handle = ctx.client.workflow.getHandle(caseWorkflowId(req.caseId));
    const role = req.role ? { role: req.role } : {};
    const view = await handle.query(caseQuery, role);
    if (view.historyFrom === undefined || view.historyFrom <= 1) return await reveal(ctx, view, req.role, req.reader);
    const older: CaseView['history'] = [];
    for (let from = 1; from < view.historyFrom; ) {
      const page = await handle.query(caseQuery, { ...role, historyFrom: from });
      const entries = page.history.filter((h) => h.seq >= from && h.seq < view.historyFrom!);
      if (entries.length === 0) break;
      older.push(...entries);
      from = entries.at(-1)!.seq + 1;
    }
    const { historyFrom: _from, ...complete } = view;
    return await reveal(ctx, { ...complete, history: [...older, ...view.history] }, req.role, req.reader);
  } catch (err) {
    return translate(err, ctx.client, req.caseId, { closedCheck: false });
  }
}

// ---------------------------------------------------------------------------------------------

export const listFilterSchema = z
  .object({
    procedure: code(64, 'a procedure id').optional(),
    state: z.string().max(256).regex(/^[A-Za-z0-9._-]+$/, 'a state path such as rung1 or rung1.overdue').optional(),
    provider: providerCodeSchema.optional(),
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
  const parsed = listFilterSchema.safeParse(filter);
  if (!parsed.success) throw zodRefusal(parsed.error, '', 'filters are codes and dates; they become a visibility query');
  const f = parsed.data;
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
    const overdue = isOverdueAt(c, nowMs);
    // A stopped clock: a passed due date is not overdue (the visibility query cannot tell).
    if (f.overdue && !overdue) continue;
    out.push({ ...toSummary(c), overdue });
    if (out.length >= f.limit) break;
  }
  // Visibility has no ORDER BY: overdue first, then soonest deadline, then the rest by case id.
  return out.sort(byUrgency);
}


// ---------------------------------------------------------------------------------------------

export { describeProcedure, describeProcedures, type ProcedureDescription } from './procedures.ts';

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
  const checked = z.object({ provider: providerCodeSchema.optional(), since: z.iso.datetime({ offset: true }).optional() }).safeParse(filter);
  if (!checked.success) throw zodRefusal(checked.error, '', 'filters are codes and dates; they become a visibility query');
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
