// The case as the engine holds it: the history, the deadlines, what survives continue-as-new, and the
// inputs of a start and an event. Types only (plus the engine's own actor): every other engine file reads these.
import type { AnyMachineSnapshot } from 'xstate';
import type { CalendarOptions, IsoDate } from '../../calendar/index.ts';
import type { Actor, DeadlineDefinition, DeploymentSettings, ProcedureDefinition, Role } from '../../machines/types.ts';
import type { SupervisorGroundRef } from '../supervisorGrounds.ts';

export interface HistoryEntry {
  seq: number;
  at: string;
  kind: 'start' | 'event' | 'expiry' | 'supervisor' | 'message';
  type: string;
  label: string;
  actor: Actor;
  from: string;
  to: string;
  reason?: string;
  /** A supervisor fix: the ground from the closed list, with its Dutch label. */
  ground?: SupervisorGroundRef;
  rule?: string;
  payload?: unknown;
}

export interface CaseDeadline {
  /** Unique while open: `<state node id>#<name>`. */
  key: string;
  name: string;
  label: string;
  stateNode: string;
  kind: DeadlineDefinition['kind'];
  n: number;
  from: IsoDate;
  due: IsoDate;
  dueAt: string;
  skipped: { date: IsoDate; reason: string }[];
  explanation: string;
  waitingOn: readonly Role[];
  onExpiry: string;
  reminders: readonly number[];
  rule: string;
  status: 'open' | 'expired';
  expiredAt?: string;
  /** Ended, and its state was left by the expiry: shown as overdue until the case's next step. */
  lingering?: boolean;
  openedAt: string;
  /** Reminders planned before this instant (the opening or the last move) are passed over. */
  remindFrom: string;
  /** Reminder offsets (working days before due) already sent or passed over. */
  remindersDone: number[];
  extensions: DeadlineExtension[];
}

export interface DeadlineExtension {
  at: string;
  by: Actor;
  from: IsoDate;
  to: IsoDate;
  reason: string;
  /** Absent on extensions recorded before grounds existed. */
  ground?: SupervisorGroundRef;
}

export interface ClockSuspension {
  since: string;
  by: Actor;
  reason: string;
  ground?: SupervisorGroundRef;
}

/** Everything a case needs to survive continue-as-new. Plain JSON. */
export interface PersistedCase {
  caseId: string;
  procedureId: string;
  version: number;
  provider: string;
  optOut: boolean;
  calendar: CalendarOptions;
  startedAt: string;
  lastTransitionAt: string;
  value: unknown;
  context: unknown;
  history: HistoryEntry[];
  deadlines: CaseDeadline[];
  suspended?: ClockSuspension;
  /** Effects held until a set time (an expiry notice waits for 08:00 on a working day). */
  scheduled?: { atMs: number; effect: EffectRequest }[];
  /** Who handles the case per role, set by a supervisor. */
  assignees?: Partial<Record<Role, string>>;
  cancelled?: { at: string; by: Actor; reason: string; ground?: SupervisorGroundRef };
  personalData?: unknown;
  /** Effects that failed for good (recorded in the history; the board shows the case). */
  failedEffects?: number;
}

export interface CaseRuntime extends Omit<PersistedCase, 'value' | 'context'> {
  definition: ProcedureDefinition;
  snapshot: AnyMachineSnapshot;
  /**
   * What the size check measured of this case (`persistedLength`), so the next step measures only what
   * it changed; never stored (`persist` leaves it out). Kept on the case, not in a WeakMap keyed by it:
   * V8's scavenger keeps a WeakMap's values alive, so every step's measure outlived its case and was
   * promoted to the old generation (a quarter of a step's CPU went to the young-generation GC).
   */
  measured?: object;
}

export interface EffectRequest {
  type: string;
  params: unknown;
  seq: number;
}

export interface StepResult {
  entry: HistoryEntry;
  effects: EffectRequest[];
}

export interface StartCaseInput {
  caseId: string;
  procedureId: string;
  startedBy: Actor;
  data: unknown;
  personalData?: unknown;
  optOut?: boolean;
  calendar?: CalendarOptions;
  /** The deployment's settings from the starting service's configuration (never from a user). */
  settings?: DeploymentSettings;
}

export interface SendEventInput {
  type: string;
  actor: Actor;
  payload?: unknown;
  reason?: string;
}

export const ENGINE_ACTOR: Actor = { role: 'system', userId: 'jeugdflow' };
