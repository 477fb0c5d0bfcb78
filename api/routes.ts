// The JSON API, route by route: each declares who may call it, the zod schemas of its request and of
// its answers, and its handler (api/route.ts). The same table registers the routes (api/app.ts) and
// generates /openapi.json (api/openapi.ts), so the document says what the routes do.
import { z } from 'zod';
import { boardPageOf } from './board.ts';
import { HttpError } from './errors.ts';
import { openApiDocument, eventRequests, startRequests, superviseRequest, type OpenApiDocument } from './openapi.ts';
import type { FastifyInstance } from 'fastify';
import { oidcRoutes, type OidcSettings } from './oidc.ts';
import { registerRoutes, route, userOf, type RouteSpec } from './route.ts';
import {
  auditPageSchema,
  auditQuerySchema,
  boardQuerySchema,
  boardSchema,
  caseParamsSchema,
  caseSummarySchema,
  caseViewSchema,
  listQuerySchema,
  loginBodySchema,
  procedureDescriptionSchema,
  procedureParamsSchema,
  sendEventBodySchema,
  sessionSchema,
  startCaseBodySchema,
  statusReportSchema,
  superviseBodySchema,
  assignBodySchema,
} from './schemas.ts';

/** The outline of this document (a full OpenAPI 3.1 meta-schema is beyond what the API promises). */
const openApiShape = z.looseObject({
  openapi: z.literal('3.1.0'),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  components: z.looseObject({ schemas: z.record(z.string(), z.unknown()) }),
});

const CaseView = { schema: caseViewSchema, name: 'CaseView' } as const;
const CaseSummaries = { schema: caseSummarySchema, name: 'CaseSummary', array: true } as const;
const Session = { schema: sessionSchema, name: 'Session' } as const;

/** The document, once per public URL (it depends only on the route table and the machines). */
const documents = new Map<string, OpenApiDocument>();
function documentFor(serverUrl: string | undefined): OpenApiDocument {
  const key = serverUrl ?? '';
  let doc = documents.get(key);
  if (!doc) documents.set(key, (doc = openApiDocument(API_ROUTES, serverUrl ? { serverUrl } : {})));
  return doc;
}

/** The OpenAPI document of the API (the same as GET /openapi.json). */
export function buildOpenApi(opts: { serverUrl?: string } = {}): OpenApiDocument {
  return documentFor(opts.serverUrl);
}

export const API_ROUTES: readonly RouteSpec[] = [
  route({
    method: 'GET',
    url: '/healthz',
    operationId: 'health',
    summary: 'Temporal reachable and a worker polling the task queue',
    access: 'public',
    responses: {
      200: { description: 'Healthy', schema: statusReportSchema, name: 'StatusReport' },
      503: { description: 'Server unreachable or no worker polling', schema: statusReportSchema, name: 'StatusReport' },
    },
    handler: async ({ request, reply }) => {
      const status = await request.server.jf.service.health();
      return reply.status(status.server.reachable && status.worker.polling ? 200 : 503).send(status);
    },
  }),
  route({
    method: 'GET',
    url: '/openapi.json',
    operationId: 'openapi',
    summary: 'This document',
    access: 'public',
    responses: { 200: { description: 'OpenAPI 3.1', schema: openApiShape } },
    handler: async ({ request, reply }) => reply.send(documentFor(request.server.jf.publicUrl)),
  }),
  route({
    method: 'GET',
    url: '/api/session',
    operationId: 'getSession',
    summary: 'Who is logged in, and the CSRF token',
    access: 'public',
    responses: { 200: { description: 'Session', ...Session } },
    handler: async ({ request, reply }) => {
      const session = await request.server.jf.ensureSession(request, reply);
      return { user: request.user ?? null, csrfToken: session.csrfToken };
    },
  }),
  route({
    method: 'POST',
    url: '/api/session',
    operationId: 'logIn',
    summary: 'Log in (rate limited)',
    access: 'public',
    body: loginBodySchema,
    bodyDocument: () => ({ $ref: '#/components/schemas/LoginRequest' }),
    responses: { 200: { description: 'Logged in; a new session cookie and CSRF token', ...Session } },
    errors: [400, 401, 403, 413, 415, 429],
    handler: async ({ request, reply, body }) => {
      const { user, session } = await request.server.jf.logIn(request, reply, body.username, body.password);
      return { user, csrfToken: session.csrfToken };
    },
  }),
  route({
    method: 'DELETE',
    url: '/api/session',
    operationId: 'logOut',
    summary: 'Log out',
    access: 'public',
    security: ['session', 'csrf'],
    responses: { 204: { description: 'Logged out' } },
    errors: [403],
    handler: async ({ request, reply }) => {
      await request.server.jf.logOut(request, reply);
      return reply.status(204).send();
    },
  }),
  route({
    method: 'GET',
    url: '/api/procedures',
    operationId: 'listProcedures',
    summary: 'Procedures with their states, events (with the JSON Schema of each payload), roles and deadlines',
    access: 'user',
    responses: { 200: { description: 'Procedures', schema: procedureDescriptionSchema, name: 'ProcedureDescription', array: true } },
    errors: [401],
    handler: async ({ request }) => request.server.jf.service.procedures(),
  }),
  route({
    method: 'GET',
    url: '/api/procedures/:id',
    operationId: 'getProcedure',
    summary: 'One procedure',
    access: 'user',
    params: procedureParamsSchema,
    responses: { 200: { description: 'Procedure', schema: procedureDescriptionSchema, name: 'ProcedureDescription' } },
    errors: [400, 401, 404],
    handler: async ({ request, params }) => request.server.jf.service.procedure(params.id),
  }),
  route({
    method: 'GET',
    url: '/api/cases',
    operationId: 'listCases',
    summary: "List cases, overdue first, then by next deadline (a provider's users: only their own provider's)",
    access: 'user',
    query: listQuerySchema,
    responses: { 200: { description: 'Cases', ...CaseSummaries } },
    errors: [400, 401, 403, 404, 503],
    handler: async ({ request, query }) => request.server.jf.service.list(userOf(request), query),
  }),
  route({
    method: 'POST',
    url: '/api/cases',
    operationId: 'startCase',
    summary: 'Start a case (the actor is the logged-in user)',
    access: 'user',
    body: startCaseBodySchema,
    bodyDocument: startRequests,
    responses: { 201: { description: 'Started', ...CaseView } },
    errors: [400, 401, 403, 404, 409, 413, 415, 503],
    handler: async ({ request, reply, body }) => {
      const view = await request.server.jf.service.start(userOf(request), body);
      return reply.status(201).header('location', `/api/cases/${encodeURIComponent(view.caseId)}`).send(view);
    },
  }),
  route({
    method: 'GET',
    url: '/api/cases/:caseId',
    operationId: 'showCase',
    summary: 'A case: state, the events you may send now, deadlines with explanation, history',
    access: 'user',
    params: caseParamsSchema,
    responses: { 200: { description: 'Case', ...CaseView } },
    errors: [400, 401, 403, 404, 503],
    handler: async ({ request, params }) => request.server.jf.service.show(userOf(request), params.caseId),
  }),
  route({
    method: 'POST',
    url: '/api/cases/:caseId/events',
    operationId: 'sendEvent',
    summary: 'Send an event (the actor is the logged-in user; role, state, payload, guards and scope are checked)',
    access: 'user',
    params: caseParamsSchema,
    body: sendEventBodySchema,
    bodyDocument: eventRequests,
    responses: { 200: { description: 'Accepted; the case after the event, read fresh as GET /api/cases/{caseId} shows it (context and whole history included)', ...CaseView } },
    errors: [400, 401, 403, 404, 409, 413, 415, 503],
    handler: async ({ request, params, body }) => request.server.jf.service.send(userOf(request), params.caseId, body),
  }),
  route({
    method: 'POST',
    url: '/api/cases/:caseId/supervise',
    operationId: 'superviseCase',
    summary: 'A supervisor fix: extend a deadline, suspend or resume the legal clock, reassign, resend a reminder, cancel (role supervisor)',
    access: 'user',
    params: caseParamsSchema,
    body: superviseBodySchema,
    bodyDocument: superviseRequest,
    responses: { 200: { description: 'Applied; the case after the fix, read fresh as GET /api/cases/{caseId} shows it', ...CaseView } },
    errors: [400, 401, 403, 404, 409, 413, 415, 503],
    handler: async ({ request, params, body }) => request.server.jf.service.supervise(userOf(request), params.caseId, body),
  }),
  route({
    method: 'POST',
    url: '/api/cases/:caseId/assign',
    operationId: 'assignCase',
    summary: 'Claim a task ("Oppakken", userId: your own) or hand it to a colleague from the users file who holds the role; recorded in the history',
    access: 'user',
    params: caseParamsSchema,
    body: assignBodySchema,
    responses: { 200: { description: 'Assigned; the case after it', ...CaseView } },
    errors: [400, 401, 403, 404, 409, 413, 415, 503],
    handler: async ({ request, params, body }) => request.server.jf.service.assign(userOf(request), params.caseId, body),
  }),
  route({
    method: 'GET',
    url: '/api/work',
    operationId: 'myWork',
    summary: 'Cases waiting on one of your roles, overdue first, then soonest deadline',
    access: 'user',
    responses: { 200: { description: 'Cases', ...CaseSummaries } },
    errors: [401, 503],
    handler: async ({ request }) => request.server.jf.service.myWork(userOf(request)),
  }),
  route({
    method: 'GET',
    url: '/api/audit',
    operationId: 'auditLog',
    summary:
      'The audit log (role supervisor): who read which case’s personal data and when (API, console case page, dossier, PDF, CLI), personal data deleted after the retention period, sign-ins; newest first',
    access: 'user',
    query: auditQuerySchema,
    responses: { 200: { description: 'Audit entries, newest first', schema: auditPageSchema, name: 'AuditPage' } },
    errors: [400, 401, 403],
    handler: async ({ request, query }) => {
      if (!userOf(request).roles.includes('supervisor')) {
        throw new HttpError({ code: 'FORBIDDEN', message: 'Alleen een supervisor mag het auditlog lezen', rule: 'alleen een supervisor leest het auditlog' });
      }
      const entries = await request.server.jf.audit.list(query);
      return { entries, ...(entries.length === (query.limit ?? 100) ? { next: entries[entries.length - 1]!.id } : {}) };
    },
  }),
  route({
    method: 'GET',
    url: '/api/board',
    operationId: 'supervisorBoard',
    summary: 'Supervisor board: cases that need attention, with the reason, and the worker status (role supervisor)',
    access: 'user',
    query: boardQuerySchema,
    responses: { 200: { description: 'Board', schema: boardSchema, name: 'Board' } },
    errors: [400, 401, 403, 503],
    handler: async ({ request, query }) => boardPageOf(await request.server.jf.service.board(userOf(request)), query),
  }),
];

/** The JSON API as a fastify plugin: the routes of API_ROUTES, and the OpenID Connect sign-in when configured. */
export async function apiRoutes(app: FastifyInstance, opts: { oidc?: OidcSettings }): Promise<void> {
  registerRoutes(app, API_ROUTES);
  if (opts.oidc) await app.register(oidcRoutes, { settings: opts.oidc, ctx: app.jf });
}

/** Every documented path with its method, e.g. 'GET /api/cases/{caseId}' (for tests that walk the document). */
export const documentedRoutes = (): string[] => API_ROUTES.map((r) => `${r.method} ${r.url.replace(/:([A-Za-z]+)/g, '{$1}')}`);

export type { OpenApiDocument };
