// The pure case engine: steps any registered machine with xstate's pure transition functions,
// validates events (schema, role, `can`), and turns state meta into calendar deadlines.
// No Temporal, no I/O: the workflow calls it, tests call it, the CLI uses it to explain.
//
// One concern per file under ./engine/, and this module is their public face (nothing else reaches in):
//   types.ts        the case, its history entries, deadlines and inputs
//   reading.ts      the case's machine read: state string and label, handled events, who it waits on
//   validation.ts   checks of an event or a start (the update validators' dry runs run these)
//   stepping.ts     start, event and expiry steps, each on a copy of the case
//   deadlines.ts    legal terms from state meta, reminders and expiry notices
//   supervision.ts  a supervisor's fixes, with a ground from a closed list
//   view.ts         what a viewer sees, with the opt-out privacy rule
//   history.ts      the dossier and its pages
//   persistence.ts  plain JSON for continue-as-new, and the size budget (limits.ts)
export type {
  CaseDeadline,
  CaseRuntime,
  ClockSuspension,
  DeadlineExtension,
  EffectRequest,
  HistoryEntry,
  PersistedCase,
  SendEventInput,
  StartCaseInput,
  StepResult,
} from './engine/types.ts';
export { ENGINE_ACTOR } from './engine/types.ts';
export { activeNodes, activeStatePaths, allowedEvents, handledEventTypes, stateLabel, stateString, waitingOn, type AllowedEvent } from './engine/reading.ts';
export { SEES_OPT_OUT_PERSONAL_DATA, seesOptOutPersonalData } from '../machines/privacy.ts';
export { CASE_SIZE_BUDGET, CASE_SIZE_LIMIT, HISTORY_PAGE_BYTES, HISTORY_PAGE_ENTRIES, MAX_REASON, utf8Length } from './engine/limits.ts';
export { validateEvent, validateStart } from './engine/validation.ts';
export { copyRuntime, fitsIn, persist, persistedLength, persistedSize, restore } from './engine/persistence.ts';
export { historyPage, MAX_EFFECT_ERROR, recordEffectFailure, recordMessage } from './engine/history.ts';
export { dueDeadlines, dueReminders, EXPIRY_NOTICE, nextDeadline, nextWakeAt, reconcileDeadlines, REMINDER_HOUR, scheduleExpiryNotice, type ReminderParams } from './engine/deadlines.ts';
export { applyEvent, expireDeadline, expireDueDeadlines, startCase, stepEvent, stepExpiry } from './engine/stepping.ts';
export {
  applySupervisorAction,
  groundRef,
  GROUNDS_PER_FIX,
  stepSupervisorAction,
  SUPERVISOR_GROUNDS,
  supervisorActionSchema,
  validateSupervisorAction,
  type SupervisorAction,
  type SupervisorGround,
  type SupervisorGroundRef,
  type SupervisorInput,
} from './engine/supervision.ts';
export { answerCase, expandAnswer, updateAnswer, viewCase, type CaseAnswer, type CaseView, type DeadlineView, type UpdateAnswer, type ViewOptions } from './engine/view.ts';
