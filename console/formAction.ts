// One form post, the console's way: parse the form and run the action (`run`, which returns where to go
// next), then redirect there (303, so a reload does not post again). A refusal the person can fix on
// the same page (`accepts` its code) re-renders that page with the refusal (`refused`); anything else
// goes to the console's error handler (error page, or the log-in page for UNAUTHENTICATED).
import type { FastifyReply } from 'fastify';
import { toApiError, type ApiError, type ApiErrorCode } from '../api/errors.ts';

export interface FormRefusal {
  status: number;
  body: ApiError;
}

export interface FormAction {
  /** Parses the form, runs the action, and returns the path to redirect to. */
  run: () => Promise<string>;
  /** The refusals shown on the form itself. */
  accepts: (code: ApiErrorCode) => boolean;
  /** Renders the form again with the refusal (status and body of the API's error). */
  refused: (refusal: FormRefusal) => unknown;
}

export async function formAction(reply: FastifyReply, action: FormAction): Promise<unknown> {
  let next: string;
  try {
    next = await action.run();
  } catch (err) {
    const e = toApiError(err);
    if (!action.accepts(e.body.code)) throw err;
    if (e.retryAfter !== undefined) void reply.header('retry-after', String(e.retryAfter));
    return action.refused({ status: e.status, body: e.body });
  }
  return reply.redirect(next, 303);
}
