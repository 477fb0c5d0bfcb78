// The OpenAPI 3.1 document, generated from the zod schemas that validate the requests (api/schemas.ts)
// and from the machines' own start and event schemas (machines/*), so it cannot drift from either.
import { z } from 'zod';
import { listProcedures, type ProcedureDefinition } from '../machines/index.ts';
import { API_ERROR_CODES, apiErrorSchema, HTTP_ERROR_CODES } from './errors.ts';
import { ERROR_CODES } from '../workflows/errors.ts';
import {
  auditPageSchema,
  auditQuerySchema,
  boardSchema,
  caseSummarySchema,
  caseViewSchema,
  listQuerySchema,
  loginBodySchema,
  procedureDescriptionSchema,
  sendEventBodySchema,
  sessionSchema,
  startCaseBodySchema,
  statusReportSchema,
  superviseBodySchema,
  assignBodySchema,
} from './schemas.ts';
import { supervisorActionSchema } from '../workflows/engine.ts';
import { CSRF_HEADER, SESSION_COOKIE } from './sessions.ts';

type Json = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const out = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json;
  delete out.$schema;
  return out;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ 'application/json': { schema } });

function personEvents(def: ProcedureDefinition) {
  return Object.entries(def.events).filter(([, e]) => !e.roles.includes('system'));
}

/** Body of POST /api/cases for one procedure: the generic envelope with that procedure's start schema. */
function startRequestFor(def: ProcedureDefinition): Json {
  const body = jsonSchema(startCaseBodySchema, 'input') as Json & { properties: Json };
  body.properties.procedure = { const: def.id, description: def.title };
  body.properties.data = { ...jsonSchema(def.startSchema, 'input'), description: `Start data of ${def.id}` };
  if (def.personalDataSchema) body.properties.personalData = { ...jsonSchema(def.personalDataSchema, 'input'), description: "The youth's personal data" };
  else delete body.properties.personalData;
  return { ...body, title: `Start ${def.id}`, description: def.description };
}

/** Body of POST /api/cases/{caseId}/events for one event: the envelope with that event's payload schema. */
function eventRequestFor(def: ProcedureDefinition, type: string): Json {
  const e = def.events[type]!;
  const body = jsonSchema(sendEventBodySchema, 'input') as Json & { properties: Json; required?: string[] };
  body.properties.type = { const: type, description: e.label };
  body.properties.payload = { ...jsonSchema(e.schema, 'input'), description: e.description ?? e.label };
  return {
    ...body,
    required: [...new Set([...(body.required ?? []), 'type', 'payload'])],
    title: `${def.id}: ${type}`,
    description: `${e.label}. Roles: ${e.roles.join(', ')}. Rule: ${e.rule}${e.fourEyesApproval ? '. Four-eyes: must come from another person than the proposer.' : ''}`,
  };
}

function superviseRequest(): Json {
  const body = jsonSchema(superviseBodySchema, 'input') as Json & { properties: Json };
  body.properties.fix = { ...jsonSchema(supervisorActionSchema, 'input'), description: 'One supervisor fix, recorded with its reason in the history' };
  return body;
}

const errorResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [String(s), { description: errorDescription(s), content: json(ref('Error')) }]));

function errorDescription(status: number): string {
  const codes = [
    ...Object.entries(ERROR_CODES).filter(([, v]) => v.http === status).map(([k]) => k),
    ...Object.entries(HTTP_ERROR_CODES).filter(([, v]) => v === status).map(([k]) => k),
  ];
  return `Refused: ${codes.join(', ') || 'error'}`;
}

function queryParameters(): Json[] {
  const schema = jsonSchema(listQuerySchema, 'input') as { properties: Record<string, Json> };
  return Object.entries(schema.properties).map(([name, s]) => ({ name, in: 'query', required: false, schema: s }));
}

function auditParameters(): Json[] {
  const schema = jsonSchema(auditQuerySchema, 'input') as { properties: Record<string, Json> };
  return Object.entries(schema.properties).map(([name, s]) => ({ name, in: 'query', required: false, schema: s }));
}

export function buildOpenApi(opts: { serverUrl?: string } = {}): Json {
  const procedures = listProcedures();
  const schemas: Record<string, unknown> = {
    Error: jsonSchema(apiErrorSchema, 'output'),
    Session: jsonSchema(sessionSchema, 'output'),
    LoginRequest: jsonSchema(loginBodySchema, 'input'),
    CaseView: jsonSchema(caseViewSchema, 'output'),
    CaseSummary: jsonSchema(caseSummarySchema, 'output'),
    ProcedureDescription: jsonSchema(procedureDescriptionSchema, 'output'),
    StatusReport: jsonSchema(statusReportSchema, 'output'),
    Board: jsonSchema(boardSchema, 'output'),
    SuperviseRequest: superviseRequest(),
    AssignRequest: jsonSchema(assignBodySchema, 'input'),
    AuditPage: jsonSchema(auditPageSchema, 'output'),
  };
  const startRefs: unknown[] = [];
  const eventRefs: unknown[] = [];
  for (const def of procedures) {
    schemas[`StartCase.${def.id}`] = startRequestFor(def);
    startRefs.push(ref(`StartCase.${def.id}`));
    for (const [type] of personEvents(def)) {
      const name = `Event.${def.id}.${type}`;
      schemas[name] = eventRequestFor(def, type);
      eventRefs.push(ref(name));
    }
  }
  const csrf = [{ session: [], csrf: [] }];
  const session = [{ session: [] }];
  const caseIdParam = { name: 'caseId', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$' } };

  return {
    openapi: '3.1.0',
    info: {
      title: 'jeugdflow API',
      version: '1',
      description:
        'Jeugdwet contract-management procedures as durable cases. Log in with POST /api/session (after GET /api/session for the CSRF token); ' +
        `the session cookie '${SESSION_COOKIE}' is HttpOnly and Secure; send the CSRF token as header '${CSRF_HEADER}' on every state-changing call. ` +
        'Every error has the shape of components.schemas.Error; its code is one of: ' +
        API_ERROR_CODES.join(', ') +
        '.',
    },
    ...(opts.serverUrl ? { servers: [{ url: opts.serverUrl }] } : {}),
    components: {
      schemas,
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Session cookie set by POST /api/session' },
        csrf: { type: 'apiKey', in: 'header', name: CSRF_HEADER, description: 'csrfToken from GET /api/session' },
      },
    },
    paths: {
      '/healthz': {
        get: {
          operationId: 'health',
          summary: 'Temporal reachable and a worker polling the task queue',
          responses: {
            '200': { description: 'Healthy', content: json(ref('StatusReport')) },
            '503': { description: 'Server unreachable or no worker polling', content: json(ref('StatusReport')) },
          },
        },
      },
      '/openapi.json': { get: { operationId: 'openapi', summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } } },
      '/api/session': {
        get: { operationId: 'getSession', summary: 'Who is logged in, and the CSRF token', responses: { '200': { description: 'Session', content: json(ref('Session')) } } },
        post: {
          operationId: 'logIn',
          summary: 'Log in (rate limited)',
          security: [{ csrf: [] }],
          requestBody: { required: true, content: json(ref('LoginRequest')) },
          responses: { '200': { description: 'Logged in; a new session cookie and CSRF token', content: json(ref('Session')) }, ...errorResponses(400, 401, 403, 413, 415, 429) },
        },
        delete: { operationId: 'logOut', summary: 'Log out', security: csrf, responses: { '204': { description: 'Logged out' }, ...errorResponses(403) } },
      },
      '/api/procedures': {
        get: {
          operationId: 'listProcedures',
          summary: 'Procedures with their states, events (with the JSON Schema of each payload), roles and deadlines',
          security: session,
          responses: { '200': { description: 'Procedures', content: json({ type: 'array', items: ref('ProcedureDescription') }) }, ...errorResponses(401) },
        },
      },
      '/api/procedures/{id}': {
        get: {
          operationId: 'getProcedure',
          security: session,
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'Procedure', content: json(ref('ProcedureDescription')) }, ...errorResponses(401, 404) },
        },
      },
      '/api/cases': {
        get: {
          operationId: 'listCases',
          summary: "List cases, overdue first, then by next deadline (a provider's users: only their own provider's)",
          security: session,
          parameters: queryParameters(),
          responses: { '200': { description: 'Cases', content: json({ type: 'array', items: ref('CaseSummary') }) }, ...errorResponses(400, 401, 403, 404, 503) },
        },
        post: {
          operationId: 'startCase',
          summary: 'Start a case (the actor is the logged-in user)',
          security: csrf,
          requestBody: { required: true, content: json({ oneOf: startRefs }) },
          responses: { '201': { description: 'Started', content: json(ref('CaseView')) }, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 503) },
        },
      },
      '/api/cases/{caseId}': {
        get: {
          operationId: 'showCase',
          summary: 'A case: state, the events you may send now, deadlines with explanation, history',
          security: session,
          parameters: [caseIdParam],
          responses: { '200': { description: 'Case', content: json(ref('CaseView')) }, ...errorResponses(400, 401, 403, 404, 503) },
        },
      },
      '/api/cases/{caseId}/events': {
        post: {
          operationId: 'sendEvent',
          summary: 'Send an event (the actor is the logged-in user; role, state, payload, guards and scope are checked)',
          security: csrf,
          parameters: [caseIdParam],
          requestBody: { required: true, content: json({ anyOf: eventRefs }) },
          responses: { '200': { description: 'Accepted; the case after the event', content: json(ref('CaseView')) }, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 503) },
        },
      },
      '/api/cases/{caseId}/supervise': {
        post: {
          operationId: 'superviseCase',
          summary: 'A supervisor fix: extend a deadline, suspend or resume the legal clock, reassign, resend a reminder, cancel (role supervisor)',
          security: csrf,
          parameters: [caseIdParam],
          requestBody: { required: true, content: json(ref('SuperviseRequest')) },
          responses: { '200': { description: 'Applied; the case after the fix', content: json(ref('CaseView')) }, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 503) },
        },
      },
      '/api/cases/{caseId}/assign': {
        post: {
          operationId: 'assignCase',
          summary: 'Claim a task ("Oppakken", userId: your own) or hand it to a colleague from the users file who holds the role; recorded in the history',
          security: csrf,
          parameters: [caseIdParam],
          requestBody: { required: true, content: json(ref('AssignRequest')) },
          responses: { '200': { description: 'Assigned; the case after it', content: json(ref('CaseView')) }, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 503) },
        },
      },
      '/api/work': {
        get: {
          operationId: 'myWork',
          summary: 'Cases waiting on one of your roles, overdue first, then soonest deadline',
          security: session,
          responses: { '200': { description: 'Cases', content: json({ type: 'array', items: ref('CaseSummary') }) }, ...errorResponses(401, 503) },
        },
      },
      '/api/audit': {
        get: {
          operationId: 'auditLog',
          summary:
            'The audit log (role supervisor): who read which case’s personal data and when (API, console case page, dossier, PDF, CLI), personal data deleted after the retention period, sign-ins; newest first',
          security: session,
          parameters: auditParameters(),
          responses: { '200': { description: 'Audit entries, newest first', content: json(ref('AuditPage')) }, ...errorResponses(400, 401, 403) },
        },
      },
      '/api/board': {
        get: {
          operationId: 'supervisorBoard',
          summary: 'Supervisor board: cases that need attention, with the reason, and the worker status (role supervisor)',
          security: session,
          responses: { '200': { description: 'Board', content: json(ref('Board')) }, ...errorResponses(401, 403, 503) },
        },
      },
    },
  };
}
