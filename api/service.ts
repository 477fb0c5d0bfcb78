// The operations as a logged-in user may use them: the API routes and the console pages both call
// this, and this calls operations/ (the one implementation the CLI uses too). Added here: scope, the
// acting role, and the actor's user id from the session.
import { findProcedure, type Role } from '../machines/index.ts';
import {
  checkStatus,
  countSignals,
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
  type SignalCount,
  type StatusReport,
} from '../operations/index.ts';
import { addCalendarDays as addDays, amsterdamDateOf, dayOfWeek } from '../calendar/index.ts';
import type { CaseView } from '../workflows/engine.ts';
import { ProcedureError } from '../workflows/errors.ts';
import { CaseIndex, type CaseIndexOptions, type IndexedCase } from '../operations/caseIndex.ts';
import { matchesSearch, providerNameFromCode, sortCases, toSummary } from '../operations/summary.ts';
import { actingRole, actorOf, assertInScope, canStart, openToEveryProvider, requireSupervisor, scopedProvider, startingRole, viewingRole } from './access.ts';
import { boardOf, KeptBoard, withStateLabel, type Board, type LabeledSummary } from './board.ts';
import type { ListQuery, SendEventBody, StartCaseBody, SuperviseBody } from './schemas.ts';
import type { User, UserDirectory } from './users.ts';
import type { Logger } from 'pino';
import { forEachLimited } from '../operations/attention.ts';
import { fourEyesEvents, isFourEyesState, myTaskRoles, personalRefusal } from '../operations/myWork.ts';
import { ROLE_LABELS } from '../machines/index.ts';

export type ApiOperations = OperationsContext & { namespace: string };

export interface CaseService {
  procedures(): ProcedureDescription[];
  procedure(id: string): ProcedureDescription;
  startable(user: User): ProcedureDescription[];
  start(user: User, body: StartCaseBody): Promise<CaseView>;
  show(user: User, caseId: string): Promise<CaseView>;
  /** Several cases as `show` gives them, a few at a time, each answer bounded; a case that does not answer (or is not this user's) is left out. */
  showSeveral(user: User, caseIds: readonly string[]): Promise<CaseView[]>;
  send(user: User, caseId: string, body: SendEventBody): Promise<CaseView>;
  list(user: User, query: ListQuery): Promise<LabeledSummary[]>;
  myWork(user: User): Promise<LabeledSummary[]>;
  /** The dashboard ("Overzicht"): open cases per procedure and step, overdue per week, signals per provider, deadlines ahead. */
  overview(user: User): Promise<Overview>;
  /** A provider's name (for lists and search). */
  providerName(code: string): string;
  board(user: User): Promise<Board>;
  supervise(user: User, caseId: string, body: SuperviseBody): Promise<CaseView>;
  /** Claims a task ("Oppakken", userId: the user's own) or hands it to a colleague of the same role from the directory. */
  assign(user: User, caseId: string, body: AssignBody): Promise<CaseView>;
  /** Colleagues a task of `role` can be handed to (the directory's users holding it). */
  colleagues(user: User, role: Role): User[];
  health(): Promise<StatusReport>;
}

function unknownProcedure(id: string): ProcedureError {
  return new ProcedureError({ code: 'UNKNOWN_PROCEDURE', field: 'procedure', message: `Unknown procedure '${id}'` });
}

export interface Overview {
  generatedAt: string;
  /** Open cases per procedure and step (the step's Dutch label). */
  open: { procedure: string; title: string; total: number; steps: { label: string; count: number }[] }[];
  /** Open cases whose term passed, by the week (Monday, YYYY-MM-DD) it passed: the last 8 weeks, oldest first. */
  overdueByWeek: { week: string; count: number }[];
  /** Terminations, refusals, … per provider and reason (as `jeugdflow signals`). */
  signals: SignalCount[];
  /** Open cases by the week of their next deadline: this week and the 7 after it. */
  dueByWeek: { week: string; count: number }[];
}

export interface AssignBody {
  role: Role;
  userId: string;
  reason?: string;
  requestId?: string;
}

export interface CaseServiceOptions {
  /** The user directory: an assignee must be in it and hold the role. */
  users?: UserDirectory;
  /** Provider names by code (from the tables or the directory), for searching by name; default: the code spelled as a name. */
  providerNames?: () => ReadonlyMap<string, string>;
  now?: () => number;
  /** The read model's timing (tests shorten the background sweep). */
  index?: CaseIndexOptions;
  /**
   * Where every event a user applies is logged (case, event, role, user, new state; never a payload).
   * The worker logs only what the engine does of its own accord (a term that expired, a mail that failed
   * for good, a migration, a supervisor fix): a log call in workflow code is cloned to the worker's main
   * thread, which cost each step a third of the worker's time above the baseline (README, Benchmarks).
   */
  logger?: Pick<Logger, 'info'>;
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
    if (user.roles.length === 1) return offerable(user, shown);
    // Several roles: the view stays that of the viewing role (personal data), the allowed events are those of all the user's roles.
    const all = await showCase(ops, { caseId, reader: false });
    return offerable(user, { ...shown, allowedEvents: all.allowedEvents.filter((e) => e.roles.some((r) => user.roles.includes(r as Role))) });
  }

  /** Steps the machine's guards would refuse to this person (four-eyes) are not offered to them. */
  function offerable(user: User, view: CaseView): CaseView {
    if (view.status !== 'active' || !isFourEyesState(view)) return view;
    const allowedEvents = view.allowedEvents.filter((e) => {
      const roles = e.roles.filter((r): r is Role => user.roles.includes(r as Role));
      return roles.length === 0 || roles.some((r) => personalRefusal(view, e.type, { role: r, userId: user.id }).length === 0);
    });
    return allowedEvents.length === view.allowedEvents.length ? view : { ...view, allowedEvents };
  }

  const fourEyesMemo = new Map<string, boolean>();

  // What the lists derive from a read-model entry, kept with the entry (the index shares an entry between
  // reads until its case changes): at 100,000 cases, deriving it per row per request was most of a list's time.
  interface Derived {
    labeled?: LabeledSummary;
    fourEyes?: boolean;
    /** myTaskRoles per user (id and roles). */
    mine?: Map<string, string[]>;
  }
  const derived = new WeakMap<IndexedCase, Derived>();
  const derivedOf = (c: IndexedCase): Derived => {
    let d = derived.get(c);
    if (!d) derived.set(c, (d = {}));
    return d;
  };
  const labeled = (c: IndexedCase): LabeledSummary => (derivedOf(c).labeled ??= withStateLabel(toSummary(c)));
  const fourEyes = (c: IndexedCase): boolean => (derivedOf(c).fourEyes ??= isFourEyesState(c));
  /** myTaskRoles for one user over many entries. */
  const mineFor = (user: User) => {
    const key = `${user.id}|${user.roles.join(',')}`;
    return (c: IndexedCase): string[] => {
      const d = derivedOf(c);
      let roles = (d.mine ??= new Map()).get(key);
      if (!roles) d.mine.set(key, (roles = myTaskRoles(user, c)));
      return roles;
    };
  };
  /** The supervisor board, kept up to date per changed case; `boardKey`: what it was last brought up to date with (the index, the day, the last sweep). */
  const kept = new KeptBoard();
  let boardKey: string | undefined;

  /**
   * How long a page that asks many cases (Mijn werk's four-eyes question, the stoplight) waits for one case's
   * answer: a case whose worker does not answer (down, or its task queue gone) must not hold up the page.
   */
  const CASE_ANSWER_MS = 2_000;
  const bounded = <T>(fn: () => Promise<T>): Promise<T> => ops.client.withDeadline(Date.now() + CASE_ANSWER_MS, fn);

  /** Whether a case in a four-eyes state still has a step for this person (the proposer's own approval does not count). */
  async function hasStepFor(user: User, caseId: string, roles: readonly string[]): Promise<boolean> {
    const view = await showCase(ops, { caseId, reader: false });
    const approval = fourEyesEvents(view);
    return view.allowedEvents.some((e) => approval.has(e.type) && e.roles.some((r) => roles.includes(r) && personalRefusal(view, e.type, { role: r as Role, userId: user.id }).length === 0));
  }

  /** The assignee is a user of the directory who holds the role (an unknown id such as a typo is refused). */
  function assertAssignee(view: CaseView, role: Role, userId: string, prefix = ''): void {
    if (!opts.users) return;
    const who = opts.users.find(userId);
    const names = opts.users
      .all()
      .filter((u) => u.roles.includes(role))
      .map((u) => `${u.name} (${u.id})`)
      .join(', ');
    if (!who || !who.roles.includes(role)) {
      throw new ProcedureError({
        code: 'INVALID_PAYLOAD',
        field: `${prefix}userId`,
        state: view.state,
        allowedEvents: view.allowedEvents.map((e) => e.type),
        message: `${who ? `${who.name} heeft de rol ${ROLE_LABELS[role] ?? role} niet` : `Er is geen gebruiker '${userId.slice(0, 64)}'`}; kies een collega met de rol ${ROLE_LABELS[role] ?? role}: ${names || 'er is niemand met die rol'}.`,
        rule: 'een taak gaat naar een collega uit het gebruikersoverzicht die de rol van de taak heeft',
      });
    }
  }

  function providerName(code: string): string {
    return opts.providerNames?.().get(code) ?? providerNameFromCode(code);
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
    async showSeveral(user, caseIds) {
      const views: CaseView[] = [];
      await forEachLimited(caseIds, 8, async (caseId) => {
        await bounded(() => show(user, caseId)).then(
          (view) => void views.push(view),
          () => undefined,
        );
      });
      return views;
    },

    async send(user, caseId, body) {
      const before = await show(user, caseId);
      const role = actingRole(user, findProcedure(before.procedure), body.type, body.role);
      const applied = await sendEvent(ops, {
        caseId,
        type: body.type,
        actor: actorOf(user, role),
        payload: body.payload ?? {},
        ...(body.reason ? { reason: body.reason } : {}),
        ...(body.requestId ? { requestId: body.requestId } : {}),
        reader: false,
      });
      opts.logger?.info({ caseId, event: body.type, role, userId: user.id, state: applied.state }, 'event applied');
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
      // Search and sort apply before the limit: the first page of a sorted list is the first of all.
      const searched = query.q !== undefined || query.sort !== undefined;
      const names = new Map<string, string>();
      const nameOf = (code: string) => names.get(code) ?? (names.set(code, providerName(code)), names.get(code)!);
      const finish = (cases: LabeledSummary[], urgencyOrdered = false) => {
        const hits = query.q ? cases.filter((c) => matchesSearch(c, query.q!, nameOf)) : cases;
        const sorted =
          query.sort || query.order
            ? sortCases(hits, query.sort, query.order, (c, k) => (k === 'state' ? c.stateLabel : k === 'provider' ? nameOf(c.provider) : String(c[k as keyof LabeledSummary] ?? '')), { urgencyOrdered })
            : hits;
        return query.limit !== undefined ? sorted.slice(0, query.limit) : sorted;
      };
      // Closed cases are not in the read model: those lists come from Temporal's visibility.
      if (filter.includeClosed) {
        const { limit: _l, ...all } = filter;
        return finish((await listCases(ops, searched ? all : filter)).map(withStateLabel));
      }
      const { limit = 500, waitingOn, ...rest } = filter;
      // A provider's list also shows the cases open to every contracted provider (a proposal at the table).
      const open = user.provider !== undefined && query.provider === undefined ? { anyProviderProcedures: openToEveryProvider() } : {};
      const found = await index.list({ ...rest, ...open, ...(waitingOn ? { waitingOn: [waitingOn] } : {}), ...(searched ? {} : { limit }) });
      return finish(found.map(labeled), true).slice(0, query.limit ?? (searched ? 10_000 : limit));
    },

    providerName,

    async myWork(user) {
      const provider = scopedProvider(user, undefined);
      const mine = mineFor(user);
      const found = (await index.list({ ...(provider !== undefined ? { provider } : {}) })).filter((c) => mine(c).length > 0);
      // A four-eyes approval is not the proposer's task: the machine's guards decide, per person.
      const notMine = new Set<string>();
      await forEachLimited(
        found.filter((c) => fourEyes(c)),
        4,
        async (c) => {
          try {
            // The answer holds until the case takes its next step (a new revision).
            const key = `${c.caseId}|${c.revision}|${user.id}|${user.roles.join(',')}`;
            let mine = fourEyesMemo.get(key);
            if (mine === undefined) {
              // Bounded: a case that does not answer stays listed, and is asked again next time (not remembered).
              mine = await bounded(() => hasStepFor(user, c.caseId, myTaskRoles(user, c)));
              // Room for every open case's answer (clearing at a fixed 10,000 made a list of more four-eyes cases than that ask them all again on every look).
              if (fourEyesMemo.size >= Math.max(10_000, 2 * index.size)) fourEyesMemo.delete(fourEyesMemo.keys().next().value!);
              fourEyesMemo.set(key, mine);
            }
            if (!mine) notMine.add(c.caseId);
          } catch {
            // closed or gone meanwhile: the next look has it right
          }
        },
      );
      return (notMine.size ? found.filter((c) => !notMine.has(c.caseId)) : found).map(labeled);
    },

    async overview(user) {
      const provider = scopedProvider(user, undefined);
      const open = user.provider !== undefined ? { anyProviderProcedures: openToEveryProvider() } : {};
      const [running, signals] = await Promise.all([index.list({ ...(provider !== undefined ? { provider, ...open } : {}) }), countSignals(ops, provider !== undefined ? { provider } : {})]);
      const cases = running.map((c) => withStateLabel(toSummary(c)));
      const today = amsterdamDateOf(now());
      const monday = (day: string) => addDays(day, -((dayOfWeek(day) + 6) % 7));
      const thisWeek = monday(today);
      const weeks = (from: number, n: number) => Array.from({ length: n }, (_, i) => addDays(thisWeek, 7 * (from + i)));
      const byProcedure = new Map<string, Map<string, number>>();
      for (const c of cases) {
        const steps = byProcedure.get(c.procedure) ?? new Map<string, number>();
        steps.set(c.stateLabel, (steps.get(c.stateLabel) ?? 0) + 1);
        byProcedure.set(c.procedure, steps);
      }
      const count = (ws: string[], pick: (c: LabeledSummary) => string | undefined) => {
        const n = new Map(ws.map((w) => [w, 0]));
        for (const c of cases) {
          const day = pick(c);
          if (day === undefined) continue;
          const w = monday(day);
          if (n.has(w)) n.set(w, n.get(w)! + 1);
        }
        return ws.map((week) => ({ week, count: n.get(week)! }));
      };
      return {
        generatedAt: new Date(now()).toISOString(),
        open: [...byProcedure]
          .map(([id, steps]) => ({
            procedure: id,
            title: findProcedure(id)?.title ?? id,
            total: [...steps.values()].reduce((a, b) => a + b, 0),
            steps: [...steps].map(([label, n]) => ({ label, count: n })).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'nl')),
          }))
          .sort((a, b) => b.total - a.total || a.title.localeCompare(b.title, 'nl')),
        overdueByWeek: count(weeks(-7, 8), (c) => (c.overdue && c.nextDueAt ? amsterdamDateOf(c.nextDueAt) : c.overdue ? today : undefined)),
        signals,
        dueByWeek: count(weeks(0, 8), (c) => (c.nextDueAt && !c.overdue ? amsterdamDateOf(c.nextDueAt) : undefined)),
      };
    },

    colleagues(_user, role) {
      return (opts.users?.all() ?? []).filter((u) => u.roles.includes(role));
    },

    async assign(user, caseId, body) {
      const before = await show(user, caseId);
      if (!user.roles.includes(body.role)) {
        throw new ProcedureError({
          code: 'ROLE_NOT_ALLOWED',
          field: 'role',
          state: before.state,
          message: `U hebt de rol ${ROLE_LABELS[body.role] ?? body.role} niet; een taak oppakken of overdragen doet iemand met die rol (of de supervisor via Toezicht).`,
          rule: 'een taak wordt opgepakt of overgedragen door iemand met de rol van die taak',
        });
      }
      assertAssignee(before, body.role, body.userId);
      const self = body.userId === user.id;
      await superviseCase(ops, {
        caseId,
        actor: actorOf(user, body.role),
        fix: {
          action: 'case.reassigned',
          role: body.role,
          userId: body.userId,
          ground: 'taak-opgepakt',
          reason: body.reason ?? (self ? 'Taak opgepakt' : `Taak overgedragen door ${user.id}`),
        },
        ...(body.requestId ? { requestId: body.requestId } : {}),
        reader: false,
      });
      return show(user, caseId);
    },

    async board(user) {
      requireSupervisor(user);
      const [running, status] = await Promise.all([index.list(), health()]);
      const nowMs = now();
      index.sweep(); // someone looks: keep the sweep going
      // The reasons count working days: the same cases, sweep and day give the same board.
      const day = amsterdamDateOf(nowMs);
      const key = `${index.version}|${day}|${index.problemsCheckedAt ?? ''}`;
      const header = { status, nowMs, ...(index.problemsCheckedAt !== undefined ? { problemsCheckedAt: index.problemsCheckedAt } : {}) };
      if (boardKey === key) return boardOf(kept, header);
      const attentionOptions = {
        ...(ops.calendar ? { calendar: ops.calendar } : {}),
        ...(ops.approvalWorkingDays ? { approvalWorkingDays: ops.approvalWorkingDays } : {}),
      };
      kept.update({
        running,
        day,
        problemsOf: (id) => index.problemsOf(id),
        attention: (cases) => index.attention(cases, attentionOptions),
        label: labeled,
      });
      boardKey = key;
      return boardOf(kept, header);
    },

    async supervise(user, caseId, body) {
      requireSupervisor(user);
      const before = await show(user, caseId);
      const fix = body.fix as { action?: unknown; role?: unknown; userId?: unknown };
      if (fix.action === 'case.reassigned' && typeof fix.userId === 'string' && typeof fix.role === 'string') assertAssignee(before, fix.role as Role, fix.userId.trim(), 'fix.');
      await superviseCase(ops, { caseId, actor: { role: 'supervisor', userId: user.id }, fix: body.fix, ...(body.requestId ? { requestId: body.requestId } : {}), reader: false });
      return show(user, caseId);
    },

    health,

    close: () => index.close(),
  };
}
