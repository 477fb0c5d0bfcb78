// One error class for every refusal, with its code mapped once to CLI exit codes and HTTP statuses.
// Workflow-safe: imports only @temporalio/common.
import { ApplicationFailure } from '@temporalio/common';

export const ERROR_CODES = {
  UNKNOWN_PROCEDURE: { exit: 2, http: 404 },
  UNKNOWN_EVENT: { exit: 1, http: 400 },
  INVALID_PAYLOAD: { exit: 1, http: 400 },
  INVALID_CASE_ID: { exit: 2, http: 400 },
  INVALID_ACTOR: { exit: 2, http: 400 },
  ROLE_NOT_ALLOWED: { exit: 1, http: 403 },
  EVENT_NOT_ALLOWED: { exit: 1, http: 409 },
  GUARD_FAILED: { exit: 1, http: 409 },
  CASE_NOT_FOUND: { exit: 1, http: 404 },
  CASE_EXISTS: { exit: 1, http: 409 },
  CASE_CLOSED: { exit: 1, http: 409 },
  /** The step would make the stored case too large to read or carry (Temporal's 2 MB). */
  CASE_TOO_LARGE: { exit: 1, http: 413 },
  UNAVAILABLE: { exit: 3, http: 503 },
} as const satisfies Record<string, { exit: number; http: number }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ProcedureErrorDetails {
  code: ErrorCode;
  message: string;
  /** The payload field (dot path) or argument at fault. */
  field?: string;
  /** The case's current state when the error arose. */
  state?: string;
  /** Event types the sender's role may send in that state. */
  allowedEvents?: string[];
  /** The seed rule or engine rule that refused. */
  rule?: string;
}

export const PROCEDURE_ERROR_TYPE = 'ProcedureError';
/** ApplicationFailure type of an effect that can never succeed (invalid input, a permanent refusal): not retried. */
export const EFFECT_FAILED_TYPE = 'EffectFailed';

export class ProcedureError extends Error {
  readonly code: ErrorCode;
  readonly field?: string;
  readonly state?: string;
  readonly allowedEvents?: string[];
  readonly rule?: string;

  constructor(details: ProcedureErrorDetails) {
    super(details.message);
    this.name = PROCEDURE_ERROR_TYPE;
    this.code = details.code;
    this.field = details.field;
    this.state = details.state;
    this.allowedEvents = details.allowedEvents;
    this.rule = details.rule;
  }

  toJSON(): ProcedureErrorDetails {
    const { code, message, field, state, allowedEvents, rule } = this;
    return { code, message, field, state, allowedEvents, rule };
  }

  get exitCode(): number {
    return ERROR_CODES[this.code].exit;
  }

  get httpStatus(): number {
    return ERROR_CODES[this.code].http;
  }

  /** The form in which a refusal crosses the Temporal boundary (update validator or handler). */
  toFailure(): ApplicationFailure {
    return ApplicationFailure.create({
      type: PROCEDURE_ERROR_TYPE,
      message: this.message,
      nonRetryable: true,
      details: [this.toJSON()],
    });
  }

  /** Finds a ProcedureError inside a Temporal error chain (WorkflowUpdateFailedError → ApplicationFailure). */
  static fromTemporal(err: unknown): ProcedureError | undefined {
    for (let e: unknown = err, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
      if (e instanceof ProcedureError) return e;
      if (e instanceof ApplicationFailure && e.type === PROCEDURE_ERROR_TYPE) {
        const details = e.details?.[0] as ProcedureErrorDetails | undefined;
        if (details?.code && details.code in ERROR_CODES) return new ProcedureError(details);
      }
    }
    return undefined;
  }
}
