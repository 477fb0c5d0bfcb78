// The one error shape of the HTTP API. Refusals of the procedures are ProcedureErrors, whose HTTP
// statuses come from the table in workflows/errors.ts; this file adds only what belongs to HTTP itself
// (log-in, sessions, CSRF, scope, malformed requests) and turns anything thrown into that shape.
import { z } from 'zod';
import { isTemporalUnreachable } from '../operations/temporalErrors.ts';
import { ERROR_CODES, ProcedureError, type ErrorCode } from '../workflows/errors.ts';

/** Transport codes: refusals that come from HTTP, the session or the caller's scope, not from a procedure. */
export const HTTP_ERROR_CODES = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  OUT_OF_SCOPE: 403,
  CSRF_INVALID: 403,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  /** A bounded queue (e.g. PDF rendering) is full; Retry-After says when to try again. */
  BUSY: 503,
} as const satisfies Record<string, number>;
export type HttpErrorCode = keyof typeof HTTP_ERROR_CODES;
export type ApiErrorCode = ErrorCode | HttpErrorCode;

export const API_ERROR_CODES = [...Object.keys(ERROR_CODES), ...Object.keys(HTTP_ERROR_CODES)] as [ApiErrorCode, ...ApiErrorCode[]];

/** The documented error body: every 4xx and 5xx answer of the API has this shape. */
export const apiErrorSchema = z
  .object({
    code: z.enum(API_ERROR_CODES).describe('Machine-readable reason'),
    message: z.string().describe('What went wrong, for people'),
    field: z.string().optional().describe("The request field at fault, as a dot path (e.g. 'payload.reason', 'caseId')"),
    state: z.string().optional().describe("The case's state when the request was refused"),
    allowedEvents: z.array(z.string()).optional().describe("Event types the caller's role may send in that state"),
    rule: z.string().optional().describe('The seed rule or engine rule that refused'),
  })
  .describe('Error');
export type ApiError = z.infer<typeof apiErrorSchema>;

export class HttpError extends Error {
  readonly code: HttpErrorCode;
  readonly field?: string;
  readonly rule?: string;
  /** Seconds, for RATE_LIMITED and BUSY. */
  readonly retryAfter?: number;

  constructor(details: { code: HttpErrorCode; message: string; field?: string; rule?: string; retryAfter?: number }) {
    super(details.message);
    this.name = 'HttpError';
    this.code = details.code;
    this.field = details.field;
    this.rule = details.rule;
    this.retryAfter = details.retryAfter;
  }

  get httpStatus(): number {
    return HTTP_ERROR_CODES[this.code];
  }
}

/** A zod failure of a request part (body, query, params) as BAD_REQUEST naming the field. */
export function requestInvalid(err: z.ZodError, prefix?: string): HttpError {
  const issue = err.issues[0]!;
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
  const dotted = path.map(String).join('.');
  const field = [prefix, dotted].filter(Boolean).join('.') || undefined;
  const message =
    issue.code === 'unrecognized_keys'
      ? `Unknown field '${field}'`
      : `Invalid ${field ? `'${field}'` : 'request'}: ${issue.message}`;
  return new HttpError({ code: 'BAD_REQUEST', message, field });
}

/** Parses a request part or throws BAD_REQUEST naming the field. */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, prefix?: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw requestInvalid(parsed.error, prefix);
  return parsed.data;
}

/** Fastify's own errors (body parsing, limits, content type) carry a statusCode and an FST_ code. */
function fromFastify(err: { statusCode?: number; code?: string; message?: string }): { status: number; body: ApiError } | undefined {
  const status = err.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  if (status === 413) return { status, body: { code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large' } };
  if (status === 415) return { status, body: { code: 'UNSUPPORTED_MEDIA_TYPE', message: `Unsupported content type; send application/json` } };
  if (status === 404) return { status, body: { code: 'NOT_FOUND', message: 'Not found' } };
  if (status === 429) return { status, body: { code: 'RATE_LIMITED', message: 'Too many requests' } };
  const what = err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || /JSON/i.test(err.message ?? '') ? 'Malformed JSON body' : 'Bad request';
  return { status: 400, body: { code: 'BAD_REQUEST', message: `${what}: ${err.message ?? ''}`.trim() } };
}

/**
 * Any thrown value → HTTP status and the documented body. Only an unreachable Temporal is 503
 * UNAVAILABLE; any other unknown error (a Temporal error included) is 500 INTERNAL with a neutral
 * message, logged by the caller with `loggableError` (no personal data).
 */
export function toApiError(err: unknown): { status: number; body: ApiError; retryAfter?: number; internal?: boolean } {
  const refusal = err instanceof ProcedureError ? err : ProcedureError.fromTemporal(err);
  if (refusal) {
    const { code, message, field, state, allowedEvents, rule } = refusal.toJSON();
    const body: ApiError = { code, message };
    if (field !== undefined) body.field = field;
    if (state !== undefined) body.state = state;
    if (allowedEvents !== undefined) body.allowedEvents = allowedEvents;
    if (rule !== undefined) body.rule = rule;
    return { status: refusal.httpStatus, body };
  }
  if (err instanceof HttpError) {
    const body: ApiError = { code: err.code, message: err.message };
    if (err.field !== undefined) body.field = err.field;
    if (err.rule !== undefined) body.rule = err.rule;
    return { status: err.httpStatus, body, ...(err.retryAfter !== undefined ? { retryAfter: err.retryAfter } : {}) };
  }
  if (err instanceof z.ZodError) return { status: 400, body: toApiError(requestInvalid(err)).body };
  const fastify = fromFastify(err as { statusCode?: number; code?: string; message?: string });
  if (fastify) return fastify;
  if (isTemporalUnreachable(err)) {
    return { status: ERROR_CODES.UNAVAILABLE.http, body: { code: 'UNAVAILABLE', message: 'Temporal is not reachable; try again later' } };
  }
  return { status: 500, body: { code: 'INTERNAL', message: 'Internal error' }, internal: true };
}
