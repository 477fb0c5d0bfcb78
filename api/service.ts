// The operations as a logged-in user may use them: the API routes and the console pages both call
// this, and this calls operations/ (the one implementation the CLI uses too). Added here: scope, the
// acting role, and the actor's user id from the session.
import { findProcedure, type Role } from '../machines/index.ts';
import {
  checkStatus,
  describeProcedure,
  describeProcedures,
  listCases,
  sendEvent,
  showCase,
  startCase,
  superviseCase,
  type ActorInput,
  type ListFilter,
  type OperationsContext,
  type ProcedureDescription,
  type StatusReport,
} from '../operations/index.ts';
import type { CaseView } from '../workflows/engine.ts';
import { ProcedureError } from '../workflows/errors.ts';
import { CaseIndex, type CaseIndexOptions } from '../operations/caseIndex.ts';
import { toSummary } from '../operations/summary.ts';
import { actingRole, actorOf, assertInScope, canStart, openToEveryProvider, requireSupervisor, scopedProvider, startingRole, viewingRole } from './access.ts';
import { buildBoard, withStateLabel, type Board, type LabeledSummary } from './board.ts';
import type { ListQuery, SendEventBody, StartCaseBody, SuperviseBody } from './schemas.ts';
import type { User } from './users.ts';

export type ApiOperations = OperationsContext & { namespace: string };

export interface CaseService {
  procedures(): ProcedureDescription[];
  procedure(id: string): ProcedureDescription;
  startable(user: User): ProcedureDescription[];
  start(user: User, body: StartCaseBody): Promise<CaseView>;
  show(user: User, caseId: string): Promise<CaseView>;
  send(user: User, caseId: string, body: SendEventBody): Promise<CaseView>;
  list(user: User, query: ListQuery): Promise<LabeledSummary[]>;
  myWork(user: User): Promise<LabeledSummary[]>;
  board(user: User): Promise<Board>;
  supervise(user: User, caseId: string, body: SuperviseBody): Promise<CaseView>;
  health(): Promise<StatusReport>;
}

function unknownProcedure(id: string): ProcedureError {
  return new ProcedureError({ code: 'UNKNOWN_PROCEDURE', field: 'procedure', message: `Unknown procedure '${id}'` });
}

export interface CaseServiceOptions {
  now?: () => number;
  /** The read model's timing (tests shorten the background sweep). */
  index?: CaseIndexOptions;
}

export function createCaseService(ops: ApiOperations, opts: CaseServiceOptions = {}): CaseService & { close(): Promise<void> } {
  const now = opts.now ?? Date.now;
  // Lists, Mijn werk and the board read the read model; single cases are always asked of the workflow.
  const index = new CaseIndex(ops.client, { now, ...opts.index });

  const descriptions = new Map(describeProcedures().map((d) => [d.id, d]));

  async function show(user: User, caseId: string): Promise<CaseView> {
    const role = viewingRole(user);
    // Personal data only after the scope check: first a look without it, then (when the case has any) the
    // revealing read, which records the user in the audit log.
    const view = await showCase(ops, { caseId, role, reader: false });
    index.note(view);
    assertInScope(user, view.provider, caseId, findProcedure(view.procedure));
    const shown = view.personalDataWithheld ? await showCase(ops, { caseId, role, reader: user.id }) : view;
    if (user.roles.length === 1) return shown;
    // Several roles: the view stays that of the viewing role (personal data), the allowed events are those of all the user's roles.
    const all = await showCase(ops, { caseId, reader: false });
    return { ...shown, allowedEvents: all.allowedEvents.filter((e) => e.roles.some((r) => user.roles.includes(r as Role))) };
  }

  async function health(): Promise<StatusReport> {
    try {
      return await checkStatus(ops);
    } catch (err) {
      return { server: { reachable: false, error: (err as Error).message }, worker: { polling: false, pollers: [] }, taskQueue: ops.taskQueue };
    }
  }

  return {
    procedures: () => [...descriptions.values()],

    procedure(id) {
      const def = findProcedure(id);
      if (!def) throw unknownProcedure(id);
      return descriptions.get(id) ?? describeProcedure(def);
    },

    startable(user) {
      return [...descriptions.values()].filter((d) => {
        const def = findProcedure(d.id);
        return def !== undefined && canStart(user, def);
      });
    },

    async start(user, body) {
      const def = findProcedure(body.procedure);
      const role = startingRole(user, def, body.role);
      const provider = (body.data as { provider?: unknown }).provider;
      if (typeof provider === 'string') assertInScope(user, provider);
      await startCase(ops, {
        procedure: body.procedure,
        caseId: body.caseId,
        actor: actorOf(user, role),
        data: body.data,
        ...(body.personalData !== undefined ? { personalData: body.personalData } : {}),
        ...(body.optOut !== undefined ? { optOut: body.optOut } : {}),
        reader: false, // the answer comes from show() below, which records the read
      });
      return show(user, body.caseId);
    },

    show,

    async send(user, caseId, body) {
      const before = await show(user, caseId);
      const role = actingRole(user, findProcedure(before.procedure), body.type, body.role);
      await sendEvent(ops, {
        caseId,
        type: body.type,
        actor: actorOf(user, role),
        payload: body.payload ?? {},
        ...(body.reason ? { reason: body.reason } : {}),
        ...(body.requestId ? { requestId: body.requestId } : {}),
        reader: false,
      });
      return show(user, caseId);
    },

    async list(user, query) {
      const filter: ListFilter = {
        ...(query.procedure ? { procedure: query.procedure } : {}),
        ...(query.state ? { state: query.state } : {}),
        ...(query.waitingOn ? { waitingOn: query.waitingOn } : {}),
        ...(query.overdue ? { overdue: true } : {}),
        ...(query.dueBefore ? { dueBefore: query.dueBefore } : {}),
        ...(query.includeClosed ? { includeClosed: true } : {}),
        ...(query.limit ? { limit: query.limit } : {}),
      };
      const provider = scopedProvider(user, query.provider);
      if (provider !== undefined) filter.provider = provider;
      // Closed cases are not in the read model: those lists come from Temporal's visibility.
      if (filter.includeClosed) return (await listCases(ops, filter)).map(withStateLabel);
      const { limit = 500, waitingOn, ...rest } = filter;
      // A provider's list also shows the cases open to every contracted provider (a proposal at the table).
      const open = user.provider !== undefined && query.provider === undefined ? { anyProviderProcedures: openToEveryProvider() } : {};
      const found = await index.list({ ...rest, ...open, ...(waitingOn ? { waitingOn: [waitingOn] } : {}), limit });
      return found.map((c) => withStateLabel(toSummary(c)));
    },

    async myWork(user) {
      const provider = scopedProvider(user, undefined);
      const found = await index.list({ waitingOn: user.roles, ...(provider !== undefined ? { provider } : {}) });
      return found.map((c) => withStateLabel(toSummary(c)));
    },

    async board(user) {
      requireSupervisor(user);
      const [running, status] = await Promise.all([index.list(), health()]);
      const attention = index.attention(running, {
        ...(ops.calendar ? { calendar: ops.calendar } : {}),
        ...(ops.approvalWorkingDays ? { approvalWorkingDays: ops.approvalWorkingDays } : {}),
      });
      return buildBoard({
        stuck: attention.map((c) => ({ ...toSummary(c), reasons: c.reasons })),
        running: running.map(toSummary),
        status,
        nowMs: now(),
        ...(index.problemsCheckedAt !== undefined ? { problemsCheckedAt: index.problemsCheckedAt } : {}),
      });
    },

    async supervise(user, caseId, body) {
      requireSupervisor(user);
      await show(user, caseId);
      await superviseCase(ops, { caseId, actor: { role: 'supervisor', userId: user.id }, fix: body.fix, ...(body.requestId ? { requestId: body.requestId } : {}), reader: false });
      return show(user, caseId);
    },

    health,

    close: () => index.close(),
  };
}
