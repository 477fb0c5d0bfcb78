// One API route = one declaration: method, path, who may call it, the zod schemas of its request
// (params, query, body) and of each answer, and the handler. `registerRoutes` turns the declarations into
// fastify routes (parsing every request part with its schema, so a bad request is a 400 naming the field);
// api/openapi.ts turns the same declarations into /openapi.json. The handler's answer is typed by the
// declared response schema, and a test validates real answers against the document: it cannot drift.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { parseRequest } from './errors.ts';
import type { User } from './users.ts';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

/**
 * Who may call: `public` anyone; `user` a signed-in user (the requireUser pre-handler); state-changing
 * methods also need the CSRF token (the auth plugin's hook), which the document states as well.
 */
export type RouteAccess = 'public' | 'user';

export interface ResponseSpec {
  description: string;
  /** The body's schema (output side); none for an empty answer (204) or a document without one. */
  schema?: z.ZodType;
  /** Name under components.schemas; omitted: the schema is inlined. */
  name?: string;
  /** The body is an array of `schema` (a list answer). */
  array?: boolean;
}

/** JSON Schema fragments that the document uses instead of the generated one (e.g. a oneOf per procedure). */
export type JsonSchema = Record<string, unknown>;

export interface RouteInput<P, Q, B> {
  request: FastifyRequest;
  reply: FastifyReply;
  params: P;
  query: Q;
  body: B;
}

/** The schema's type with read-only arrays allowed (the operations' types say `readonly Role[]`). */
type Loose<T> = T extends readonly (infer U)[] ? readonly Loose<U>[] : T extends object ? { [K in keyof T]: Loose<T[K]> } : T;
type Out<S> = S extends z.ZodType ? Loose<z.input<S>> : never;
/** What a handler may answer: the output of any declared response with a schema, or the reply itself. */
type Answer<R extends Record<number, ResponseSpec>> = { [K in keyof R]: R[K] extends { schema: z.ZodType } ? (R[K] extends { array: true } ? Out<R[K]['schema']>[] : Out<R[K]['schema']>) : never }[keyof R];

export interface RouteSpec<P = unknown, Q = unknown, B = unknown, R extends Record<number, ResponseSpec> = Record<number, ResponseSpec>> {
  method: HttpMethod;
  /** fastify form ('/api/cases/:caseId'); the document shows '{caseId}'. */
  url: string;
  operationId: string;
  summary: string;
  access: RouteAccess;
  /** What the document says the call needs; default: derived from `access` and the method (see `securityOf`). */
  security?: readonly ('session' | 'csrf')[];
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** The request body as documented, when it is more precise than `body` (the per-procedure start and event schemas). */
  bodyDocument?: () => JsonSchema;
  responses: R;
  /** HTTP statuses of the refusals this route may answer (each documented with the one error shape). */
  errors?: number[];
  handler(input: RouteInput<P, Q, B>): Promise<Answer<R> | FastifyReply>;
}

/** Declares a route; the generics infer params, query, body and answers from the schemas. */
export function route<P = undefined, Q = undefined, B = undefined, const R extends Record<number, ResponseSpec> = Record<number, ResponseSpec>>(
  spec: RouteSpec<P, Q, B, R>,
): RouteSpec {
  return spec as unknown as RouteSpec;
}

const UNSAFE = new Set<HttpMethod>(['POST', 'DELETE']);

/** What a call needs, as the document states it: a session for `user` routes, the CSRF token for every state-changing one. */
export function securityOf(spec: RouteSpec): readonly ('session' | 'csrf')[] {
  if (spec.security) return spec.security;
  return [...(spec.access === 'user' ? (['session'] as const) : []), ...(UNSAFE.has(spec.method) ? (['csrf'] as const) : [])];
}

/** The signed-in user of a route with access `user` (the requireUser pre-handler has run). */
export function userOf(request: FastifyRequest): User {
  return request.user!;
}

export function registerRoutes(app: FastifyInstance, routes: readonly RouteSpec[]): void {
  for (const spec of routes) {
    app.route({
      method: spec.method,
      url: spec.url,
      ...(spec.access === 'user' ? { preHandler: app.requireUser } : {}),
      handler: async (request, reply) =>
        spec.handler({
          request,
          reply,
          params: spec.params ? parseRequest(spec.params, request.params ?? {}) : undefined,
          query: spec.query ? parseRequest(spec.query, request.query ?? {}) : undefined,
          body: spec.body ? parseRequest(spec.body, request.body) : undefined,
        }),
    });
  }
}
