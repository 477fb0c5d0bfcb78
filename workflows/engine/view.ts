// The view of a case: what a query, the CLI and the console show, narrowed to the viewer's role, and an
// update's answer: the same without the machine's context. The opt-out privacy rule applies here:
// personal data is withheld from whoever may not see it.
import type { IsoDate } from '../../calendar/index.ts';
import { seesOptOutPersonalData } from '../../machines/privacy.ts';
import { ROLE_LABELS, type AnyRole, type ProcedureDefinition, type Role } from '../../machines/types.ts';
import { nextDeadline } from './deadlines.ts';
import { historyPage } from './history.ts';
import { activeStatePaths, allowedEvents, allowedEventTypes, stateLabel, stateString, waitingOn, type AllowedEvent } from './reading.ts';
import type { CaseDeadline, CaseRuntime, ClockSuspension, HistoryEntry } from './types.ts';

export interface DeadlineView {
  name: string;
  label: string;
  kind: CaseDeadline['kind'];
  n: number;
  from: IsoDate;
  dueDate: IsoDate;
  dueAt: string;
  overdue: boolean;
  status: CaseDeadline['status'];
  waitingOn: readonly Role[];
  explanation: string;
  skipped: CaseDeadline['skipped'];
  rule: string;
  /** Extensions by a supervisor (and moves on resuming the clock), each with its ground and reason. */
  extensions: CaseDeadline['extensions'];
}

/**
 * What an update answers (sendEvent, supervise, migrate): the case after the step as the sender's role
 * sees it, without the machine's context. Temporal stores every update's answer in the case's event
 * history, and the context grows with the dossier: answering with it would write it again with every
 * event (and serialising it was a quarter of the workflow's CPU per event). The case query (`CaseView`)
 * has the context; `personalData` stays in the answer (operations/ marks a closed case's key with it).
 */
export interface CaseAnswer {
  caseId: string;
  procedure: string;
  version: number;
  title: string;
  provider: string;
  status: 'active' | 'closed';
  state: string;
  stateLabel: string;
  statePaths: string[];
  waitingOn: readonly Role[];
  waitingOnLabels: string[];
  allowedEvents: readonly AllowedEvent[];
  deadlines: DeadlineView[];
  nextDueAt?: string;
  overdue: boolean;
  startedAt: string;
  lastTransitionAt: string;
  /** The number of history entries: grows with every step (the read model keeps the newest view). */
  revision: number;
  optOut: boolean;
  suspended?: ClockSuspension;
  assignees: Partial<Record<Role, string>>;
  personalData?: unknown;
  personalDataWithheld?: boolean;
  /** Set by operations/ (not the engine) once the retention purge deleted the case's personal data key. */
  personalDataDeleted?: boolean;
  history: HistoryEntry[];
  /**
   * Set when `history` holds only part of the dossier: the entries from this sequence number on (an
   * update's answer: what its step added; the case query: one page). `revision` is the number of
   * entries in all; page with the query's `historyFrom` for the rest.
   */
  historyFrom?: number;
  /** Effects that failed for good (recorded in the history as `effect.failed`). */
  failedEffects?: number;
}

/**
 * An update's answer as the workflow gives it: a `CaseAnswer` without what follows from the text of the
 * procedure version the case runs (its title, the Dutch labels of the roles waited on, the label and
 * roles of each allowed event); of the allowed events only their types. Temporal stores every answer in
 * the case's event history, and serialising it is the workflow's CPU (those fields were a third of it);
 * the caller adds them from the same procedure version (`expandAnswer`, in operations/), so whoever
 * sends an event still gets a whole `CaseAnswer`.
 */
export interface UpdateAnswer extends Omit<CaseAnswer, 'title' | 'waitingOnLabels' | 'allowedEvents'> {
  allowedEvents: readonly string[];
}

/** The case as a query shows it: the answer's fields and the machine's context. */
export interface CaseView extends CaseAnswer {
  context: unknown;
}

export interface ViewOptions {
  /** The viewer's role: allowed events are narrowed to it; opt-out personal data is withheld from the commissioning body. */
  role?: AnyRole;
  nowMs: number;
  /**
   * Only the history entries after this sequence number (an update's answer: what this step added).
   * Temporal stores every update's answer in the case's event history, so answering with the whole
   * dossier each time would make that history grow with the square of the number of steps.
   */
  historyAfter?: number;
  /**
   * One page of the history (the case query): the entries from sequence number `from` on, or, without
   * `from`, the newest ones; at most HISTORY_PAGE_ENTRIES entries and about HISTORY_PAGE_BYTES.
   */
  historyPage?: { from?: number };
}


/** Whom an update answers: the sender's role, and the history after the entry before the step. */
export type AnswerFor = Pick<ViewOptions, 'role' | 'historyAfter'>;

/** The answer of an update whose step ran at `at` (the options built field by field: V8 builds a literal that starts with a spread and adds fields on a slow path). */
export function answerAfterStep(rt: CaseRuntime, answerFor: AnswerFor, at: string): UpdateAnswer {
  // The time is read only to mark deadlines overdue: a case without any is not asked to parse it.
  return updateAnswer(rt, { role: answerFor.role, historyAfter: answerFor.historyAfter, nowMs: rt.deadlines.length > 0 ? Date.parse(at) : 0 });
}

/** An update's answer (see `UpdateAnswer`). */
export function updateAnswer(rt: CaseRuntime, opts: ViewOptions): UpdateAnswer {
  return caseFields(rt, opts, true) as unknown as UpdateAnswer;
}

/**
 * The `CaseAnswer` of an update's answer: the fields that follow from the procedure's text added from
 * `definition`, the version the case runs (`findProcedure(answer.procedure, answer.version)`); without
 * it (a caller that does not know that version) an event's label is its type and its roles are unknown.
 */
export function expandAnswer(definition: Pick<ProcedureDefinition, 'title' | 'events'> | undefined, answer: UpdateAnswer): CaseAnswer {
  const events = definition?.events;
  // The fields in the order of a CaseAnswer (the added ones in their places); an answer made in this
  // process has the fields it leaves out (undefined): taken out, not spread in.
  const { caseId, procedure, version, title: _title, provider, status, state, stateLabel, statePaths, waitingOn, waitingOnLabels: _labels, allowedEvents: types, ...rest } = answer as AnyAnswer;
  return {
    caseId,
    procedure,
    version,
    title: definition?.title ?? procedure,
    provider,
    status,
    state,
    stateLabel,
    statePaths,
    waitingOn,
    waitingOnLabels: waitingOn.map((r) => ROLE_LABELS[r]),
    allowedEvents: (types as readonly string[]).map((type) => ({ type, label: events?.[type]?.label ?? type, roles: events?.[type]?.roles ?? [] })),
    ...rest,
  };
}

/** The case with the machine's context (the case query, the workflow's result). */
export function viewCase(rt: CaseRuntime, opts: ViewOptions): CaseView {
  return Object.assign(answerCase(rt, opts), { context: rt.snapshot.context });
}

/** The case without the machine's context, as `opts.role` sees it. */
export function answerCase(rt: CaseRuntime, opts: ViewOptions): CaseAnswer {
  return caseFields(rt, opts, false) as CaseAnswer;
}

/** A `CaseAnswer` or an `UpdateAnswer`, as `caseFields` builds them (the fields an update leaves out are there, undefined). */
type AnyAnswer = Omit<CaseAnswer, 'title' | 'waitingOnLabels' | 'allowedEvents'> & {
  title: string | undefined;
  waitingOnLabels: string[] | undefined;
  allowedEvents: readonly AllowedEvent[] | readonly string[];
};

/**
 * The one list of the fields of an answer, an update's answer and a view: the context is never built or
 * copied for an answer (the view adds it after), and the fields come in one fixed order. `forUpdate`:
 * without the fields an update's answer leaves to the caller (`UpdateAnswer`).
 */
function caseFields(rt: CaseRuntime, opts: ViewOptions, forUpdate: boolean): AnyAnswer {
  const deadlines = rt.deadlines.map<DeadlineView>((d) => ({
    name: d.name,
    label: d.label,
    kind: d.kind,
    n: d.n,
    from: d.from,
    dueDate: d.due,
    dueAt: d.dueAt,
    overdue: d.status === 'expired' || Date.parse(d.dueAt) <= opts.nowMs,
    status: d.status,
    waitingOn: d.waitingOn,
    explanation: d.explanation,
    skipped: d.skipped,
    rule: d.rule,
    extensions: d.extensions,
  }));
  const waiting = waitingOn(rt);
  const showPersonal = rt.personalData !== undefined && (!rt.optOut || seesOptOutPersonalData(opts.role));
  const { history, historyFrom } = historyOf(rt, opts);
  // Every field is always there, in this order (an absent one is undefined, which JSON leaves out): one
  // object shape for every answer, built as one literal, without spreading optional parts in.
  return {
    caseId: rt.caseId,
    procedure: rt.procedureId,
    version: rt.version,
    title: forUpdate ? undefined : rt.definition.title,
    provider: rt.provider,
    status: rt.snapshot.status === 'active' && !rt.cancelled ? 'active' : 'closed',
    state: stateString(rt.snapshot),
    stateLabel: stateLabel(rt.snapshot),
    statePaths: activeStatePaths(rt.snapshot),
    waitingOn: waiting,
    waitingOnLabels: forUpdate ? undefined : waiting.map((r) => ROLE_LABELS[r]),
    allowedEvents: forUpdate ? allowedEventTypes(rt, opts.role) : allowedEvents(rt, opts.role),
    deadlines,
    nextDueAt: nextDeadline(rt)?.dueAt,
    overdue: deadlines.some((d) => d.overdue),
    startedAt: rt.startedAt,
    lastTransitionAt: rt.lastTransitionAt,
    revision: rt.history.length,
    optOut: rt.optOut,
    suspended: rt.suspended,
    assignees: rt.assignees ?? {},
    personalData: showPersonal ? rt.personalData : undefined,
    personalDataWithheld: rt.personalData !== undefined && !showPersonal ? true : undefined,
    history,
    historyFrom,
    failedEffects: rt.failedEffects || undefined,
  };
}

function historyOf(rt: CaseRuntime, opts: ViewOptions): { history: HistoryEntry[]; historyFrom?: number } {
  if (opts.historyAfter !== undefined) {
    // The entries after `historyAfter` are at the end (numbered in order): found from there, not by a scan of the whole dossier.
    let from = rt.history.length;
    while (from > 0 && rt.history[from - 1]!.seq > opts.historyAfter) from--;
    return { history: rt.history.slice(from), historyFrom: opts.historyAfter + 1 };
  }
  if (opts.historyPage) {
    const page = historyPage(rt.history, opts.historyPage.from);
    return page.from === 1 && page.entries.length === rt.history.length ? { history: page.entries } : { history: page.entries, historyFrom: page.from };
  }
  return { history: rt.history };
}
