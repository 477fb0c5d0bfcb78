// Temporal messages of the case workflow: the wire names are short, the TypeScript names say the kind.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { AnyRole } from '../machines/types.ts';
import type { CaseView, PersistedCase, SendEventInput, StartCaseInput, SupervisorInput, UpdateAnswer } from './engine.ts';
import type { MigrateCaseInput } from './migration.ts';

export type SendEventUpdateInput = SendEventInput;
export interface CaseQueryInput {
  role?: AnyRole;
  /** Page through the history: the entries from this sequence number on (default: the newest page). */
  historyFrom?: number;
}

/**
 * An event; answers with the case after it (an `UpdateAnswer`: the view without the machine's context,
 * which the case query has, and without the procedure's labels, which the caller adds with
 * `expandAnswer`), its `history` holding only what this step added (see `historyFrom`).
 */
export const sendEventUpdate = defineUpdate<UpdateAnswer, [SendEventUpdateInput]>('sendEvent');
/** A supervisor's correction (extend a deadline, suspend/resume the clock, reassign, resend a reminder, cancel); answers like `sendEvent`. */
export const supervisorUpdate = defineUpdate<UpdateAnswer, [SupervisorInput]>('supervise');
/**
 * A supervisor moves the case to a newer version of its procedure (with a ground and a reason): allowed
 * only in a state the new version declares safe; the workflow then continues as new on that version.
 * Answers like `sendEvent` (no context).
 */
export const migrateUpdate = defineUpdate<UpdateAnswer, [MigrateUpdateInput]>('migrate');
export type MigrateUpdateInput = MigrateCaseInput;
/**
 * The case as the given role may see it: state, allowed events, deadlines with explanation, the machine's
 * context, and one page of the history (`historyFrom` set when it is not all of it; `revision` is the
 * number of entries).
 */
export const caseQuery = defineQuery<CaseView, [CaseQueryInput?]>('case');

export interface CaseWorkflowInput extends StartCaseInput {
  /**
   * The version of the procedure the case runs: set by the starting service to the newest, and by a
   * migration to the version it moved to. Absent in cases started before versions existed: version 1.
   */
  version?: number;
  /** Set by continue-as-new: the case so far. */
  restored?: PersistedCase;
}
