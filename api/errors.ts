// The one error shape of the HTTP API, and the one place its codes map to HTTP statuses (HTTP_STATUS).
// Refusals of the procedures are ProcedureErrors (their codes and CLI exit codes in workflows/errors.ts);
// this file adds only the codes that belong to HTTP itself (log-in, sessions, CSRF, scope, malformed
// requests), raised as HttpError with a Dutch message, and turns anything thrown into that shape.
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

/** Every code of the API → its HTTP status: the one table (answers, and the document's refusals per status). */
export const HTTP_STATUS = Object.fromEntries([
  ...Object.entries(ERROR_CODES).map(([code, { http }]) => [code, http]),
  ...Object.entries(HTTP_ERROR_CODES),
]) as Record<ApiErrorCode, number>;

/** The codes answered with a status (for the document: "Refused: CASE_EXISTS, …"). */
export const codesWithStatus = (status: number): ApiErrorCode[] => API_ERROR_CODES.filter((code) => HTTP_STATUS[code] === status);

/** Dutch messages of the transport refusals that say the same every time. */
export const TRANSPORT_MESSAGES = {
  internal: 'Interne fout; probeer het later opnieuw',
  unavailable: 'Temporal is niet bereikbaar; probeer het later opnieuw',
  tooLarge: 'Het verzoek is te groot',
  mediaType: 'Dit inhoudstype wordt niet ondersteund; stuur application/json',
  notFound: 'Niet gevonden',
  tooMany: 'Te veel verzoeken',
  malformedJson: 'Ongeldige JSON in het verzoek',
  badRequest: 'Ongeldig verzoek',
} as const;

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
    return HTTP_STATUS[this.code];
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
      ? `Onbekend veld '${field}'`
      : `${field ? `Ongeldig veld '${field}'` : 'Ongeldig verzoek'}: ${issue.message}`;
  return new HttpError({ code: 'BAD_REQUEST', message, field });
}

/** zod's own messages in Dutch (a schema's own message still wins): every word a user reads is Dutch. */
const dutchMessages = z.locales.nl().localeError;

/** Parses a request part or throws BAD_REQUEST naming the field. */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, prefix?: string): z.output<S> {
  const parsed = schema.safeParse(value, { error: dutchMessages });
  if (!parsed.success) throw requestInvalid(parsed.error, prefix);
  return parsed.data;
}

/** Fastify's own errors (body parsing, limits, content type) carry a statusCode and an FST_ code. */
function fromFastify(err: { statusCode?: number; code?: string; message?: string }): { status: number; body: ApiError } | undefined {
  const status = err.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  if (status === 413) return { status, body: { code: 'PAYLOAD_TOO_LARGE', message: TRANSPORT_MESSAGES.tooLarge } };
  if (status === 415) return { status, body: { code: 'UNSUPPORTED_MEDIA_TYPE', message: TRANSPORT_MESSAGES.mediaType } };
  if (status === 404) return { status, body: { code: 'NOT_FOUND', message: TRANSPORT_MESSAGES.notFound } };
  if (status === 429) return { status, body: { code: 'RATE_LIMITED', message: TRANSPORT_MESSAGES.tooMany } };
  const what = err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || /JSON/i.test(err.message ?? '') ? TRANSPORT_MESSAGES.malformedJson : TRANSPORT_MESSAGES.badRequest;
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
    return { status: HTTP_STATUS[code], body };
  }
  if (err instanceof HttpError) {
    const body: ApiError = { code: err.code, message: err.message };
    if (err.field !== undefined) body.field = err.field;
    if (err.rule !== undefined) body.rule = err.rule;
    return { status: HTTP_STATUS[err.code], body, ...(err.retryAfter !== undefined ? { retryAfter: err.retryAfter } : {}) };
  }
  if (err instanceof z.ZodError) return { status: 400, body: toApiError(requestInvalid(err)).body };
  const fastify = fromFastify(err as { statusCode?: number; code?: string; message?: string });
  if (fastify) return fastify;
  if (isTemporalUnreachable(err)) {
    return { status: HTTP_STATUS.UNAVAILABLE, body: { code: 'UNAVAILABLE', message: TRANSPORT_MESSAGES.unavailable } };
  }
  return { status: HTTP_STATUS.INTERNAL, body: { code: 'INTERNAL', message: TRANSPORT_MESSAGES.internal }, internal: true };
}
