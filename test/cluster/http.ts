// The load's transport over the consoles' HTTP API: one signed-in session per role (contract manager,
// provider, ZBT, …), used on every console in turn, so a session made on one console works on the other. A
// refusal (the procedure's error codes) is a ProcedureError; anything else (a console down, 5xx) is
// thrown as a plain error, which the senders retry with the same request id on the next console.
import { ProcedureError, type ErrorCode } from '../../workflows/errors.ts';
import type { CaseView } from '../../workflows/engine.ts';
import type { Actor, LoadTransport } from '../faults/load.ts';

export interface Session {
  cookie: string;
  csrfToken: string;
  userId: string;
}

const REFUSALS = new Set(['ROLE_NOT_ALLOWED', 'EVENT_NOT_ALLOWED', 'GUARD_FAILED', 'CASE_EXISTS', 'CASE_CLOSED', 'INVALID_PAYLOAD', 'CASE_NOT_FOUND', 'BAD_REQUEST', 'FORBIDDEN', 'OUT_OF_SCOPE', 'UNAUTHENTICATED', 'CSRF_INVALID']);

function cookieOf(res: Response): string {
  const set = res.headers.getSetCookie().find((c) => c.startsWith('jf_session='));
  if (!set) throw new Error('no session cookie');
  return set.split(';')[0]!;
}

export async function signIn(baseUrl: string, username: string, password = 'jeugdflow-demo'): Promise<Session> {
  const first = await fetch(`${baseUrl}/api/session`);
  const anon = (await first.json()) as { csrfToken: string };
  const res = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': anon.csrfToken, cookie: cookieOf(first) },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`sign-in of ${username} on ${baseUrl}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { csrfToken: string; user: { id: string } };
  return { cookie: cookieOf(res), csrfToken: body.csrfToken, userId: body.user.id };
}

export async function whoAmI(baseUrl: string, session: Session): Promise<string | null> {
  const res = await fetch(`${baseUrl}/api/session`, { headers: { cookie: session.cookie } });
  return ((await res.json()) as { user: { id: string } | null }).user?.id ?? null;
}

export class HttpTransport implements LoadTransport {
  private turn = 0;
  /** Requests per console (index into consoleUrls), and failures that were retried. */
  readonly requests: number[];
  failures = 0;

  constructor(
    private readonly consoleUrls: string[],
    private readonly sessions: Partial<Record<Actor['role'], Session>>,
  ) {
    this.requests = consoleUrls.map(() => 0);
  }

  private async post<T>(actor: Actor, path: string, body: unknown): Promise<T> {
    const i = this.turn++ % this.consoleUrls.length;
    this.requests[i]!++;
    const session = this.sessions[actor.role];
    if (!session) throw new Error(`no signed-in user for role ${actor.role}`);
    let res: Response;
    try {
      res = await fetch(`${this.consoleUrls[i]}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken, cookie: session.cookie },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
      });
    } catch (err) {
      this.failures++;
      throw new Error(`console ${i + 1}: ${(err as Error).message}`, { cause: err });
    }
    const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (res.ok) return json as T;
    if (typeof json.code === 'string' && REFUSALS.has(json.code)) {
      throw new ProcedureError({ code: json.code as ErrorCode, message: String(json.message), ...(typeof json.state === 'string' ? { state: json.state } : {}) });
    }
    this.failures++;
    throw new Error(`console ${i + 1}: ${res.status} ${String(json.code ?? '')} ${String(json.message ?? '')}`);
  }

  startCase(input: { procedure: string; caseId: string; actor: Actor; data: Record<string, unknown> }): Promise<unknown> {
    return this.post(input.actor, '/api/cases', { procedure: input.procedure, caseId: input.caseId, data: input.data });
  }

  async showCase(input: { caseId: string; actor: Actor }): Promise<CaseView> {
    const i = this.turn++ % this.consoleUrls.length;
    this.requests[i]!++;
    const session = this.sessions[input.actor.role];
    if (!session) throw new Error(`no signed-in user for role ${input.actor.role}`);
    const res = await fetch(`${this.consoleUrls[i]}/api/cases/${encodeURIComponent(input.caseId)}`, { headers: { cookie: session.cookie }, signal: AbortSignal.timeout(60_000) }).catch((err: unknown) => {
      this.failures++;
      throw new Error(`console ${i + 1}: ${(err as Error).message}`, { cause: err });
    });
    if (!res.ok) {
      this.failures++;
      throw new Error(`console ${i + 1}: ${res.status} ${await res.text().catch(() => '')}`.slice(0, 300));
    }
    return (await res.json()) as CaseView;
  }

  sendEvent(input: { caseId: string; type: string; actor: Actor; payload: Record<string, unknown>; requestId: string }): Promise<CaseView> {
    return this.post<CaseView>(input.actor, `/api/cases/${encodeURIComponent(input.caseId)}/events`, { type: input.type, payload: input.payload, requestId: input.requestId });
  }
}
