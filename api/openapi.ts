// The OpenAPI 3.1 document, generated from the route declarations (api/routes.ts: path, access, the zod
// schemas of request and answers, the refusals) and from the machines' own start and event schemas, so
// it cannot drift from what the routes accept and answer. Nothing here is written by hand but prose.
import { z } from 'zod';
import { listProcedures, type ProcedureDefinition } from '../machines/index.ts';
import { API_ERROR_CODES, apiErrorSchema, codesWithStatus } from './errors.ts';
import { loginBodySchema, sendEventBodySchema, startCaseBodySchema, superviseBodySchema } from './schemas.ts';
import { supervisorActionSchema } from '../workflows/engine.ts';
import { CSRF_HEADER, SESSION_COOKIE } from './sessions.ts';
import { securityOf, type JsonSchema, type ResponseSpec, type RouteSpec } from './route.ts';

type Json = Record<string, unknown>;

export interface OpenApiDocument extends Json {
  openapi: '3.1.0';
  components: { schemas: Record<string, Json>; securitySchemes: Json };
  paths: Record<string, Record<string, Json>>;
}

/** A zod schema as JSON Schema 2020-12: `input` for what a request may hold, `output` for what an answer holds. */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
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

/** The request documents of the API's bodies, each a component: the start of each procedure, each event a person sends, the supervisor fix. */
function requestComponents(): Record<string, Json> {
  const out: Record<string, Json> = { LoginRequest: jsonSchema(loginBodySchema, 'input') };
  for (const def of listProcedures()) {
    out[`StartCase.${def.id}`] = startRequestFor(def);
    for (const [type] of personEvents(def)) out[`Event.${def.id}.${type}`] = eventRequestFor(def, type);
  }
  const supervise = jsonSchema(superviseBodySchema, 'input') as Json & { properties: Json };
  supervise.properties.fix = { ...jsonSchema(supervisorActionSchema, 'input'), description: 'One supervisor fix, recorded with its reason in the history' };
  out.SuperviseRequest = supervise;
  return out;
}

/** POST /api/cases as documented: one of the procedures' start bodies. */
export const startRequests = (): JsonSchema => ({ oneOf: listProcedures().map((def) => ref(`StartCase.${def.id}`)) });
/** POST /api/cases/{caseId}/events as documented: any event a person may send, with its payload schema. */
export const eventRequests = (): JsonSchema => ({ anyOf: listProcedures().flatMap((def) => personEvents(def).map(([type]) => ref(`Event.${def.id}.${type}`))) });
export const superviseRequest = (): JsonSchema => ref('SuperviseRequest');

function errorDescription(status: number): string {
  return `Refused: ${codesWithStatus(status).join(', ') || 'error'}`;
}

/** Query or path parameters from an object schema: one parameter per property. */
function parameters(schema: z.ZodType, where: 'query' | 'path'): Json[] {
  const s = jsonSchema(schema, 'input') as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, p]) => ({ name, in: where, required: where === 'path' || (s.required ?? []).includes(name), schema: p }));
}

function responseSchema(spec: ResponseSpec, schemas: Record<string, Json>): unknown {
  if (!spec.schema) return undefined;
  let one: unknown;
  if (spec.name) {
    schemas[spec.name] ??= jsonSchema(spec.schema, 'output');
    one = ref(spec.name);
  } else one = jsonSchema(spec.schema, 'output');
  return spec.array ? { type: 'array', items: one } : one;
}

export function openApiDocument(routes: readonly RouteSpec[], opts: { serverUrl?: string } = {}): OpenApiDocument {
  const schemas: Record<string, Json> = { Error: jsonSchema(apiErrorSchema, 'output'), ...requestComponents() };
  const paths: Record<string, Record<string, Json>> = {};
  for (const spec of routes) {
    const path = spec.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const responses: Record<string, Json> = {};
    for (const [status, r] of Object.entries(spec.responses as Record<string, ResponseSpec>)) {
      const schema = responseSchema(r, schemas);
      responses[status] = { description: r.description, ...(schema ? { content: json(schema) } : {}) };
    }
    for (const status of spec.errors ?? []) responses[String(status)] = { description: errorDescription(status), content: json(ref('Error')) };
    const security = securityOf(spec);
    const params = [...(spec.params ? parameters(spec.params, 'path') : []), ...(spec.query ? parameters(spec.query, 'query') : [])];
    const body = spec.bodyDocument?.() ?? (spec.body ? jsonSchema(spec.body, 'input') : undefined);
    (paths[path] ??= {})[spec.method.toLowerCase()] = {
      operationId: spec.operationId,
      summary: spec.summary,
      ...(security.length > 0 ? { security: [Object.fromEntries(security.map((s) => [s, []]))] } : {}),
      ...(params.length > 0 ? { parameters: params } : {}),
      ...(body ? { requestBody: { required: true, content: json(body) } } : {}),
      responses,
    };
  }

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
    paths,
  };
}
