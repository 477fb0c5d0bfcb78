// zod schemas of the API: they validate the requests and, with the machines' own event and start
// schemas, generate the OpenAPI document (api/openapi.ts). One source for both.
import { z } from 'zod';
import { AUDIT_KINDS } from '../store/audit.ts';
import { CASE_ID_PATTERN } from '../workflows/constants.ts';
import { ROLES } from '../machines/types.ts';
import { MAX_TEXT } from '../machines/schemas.ts';
import { boundedJsonObject, code, NO_CONTROL_CHARS, providerCodeSchema } from '../operations/bounds.ts';

const role = z.enum(ROLES);
/** A JSON object of bounded depth and size (MAX_JSON_DEPTH, MAX_JSON_NODES): deeper or larger is a 400 naming the field. */
const jsonObject = boundedJsonObject();

export const caseIdSchema = z.string().regex(CASE_ID_PATTERN, "a case number: 3–64 letters, digits, '.', '_' or '-'").describe('Case number (never a BSN or a name)');

export const caseParamsSchema = z.object({ caseId: caseIdSchema }).strict();
export const procedureParamsSchema = z.object({ id: code(64, 'a procedure id') }).strict();

export const loginBodySchema = z
  .object({
    username: z.string().trim().min(1).max(64).regex(NO_CONTROL_CHARS, 'no control characters').describe('User id from the users file'),
    password: z.string().min(1).max(1024),
  })
  .strict();

export const startCaseBodySchema = z
  .object({
    procedure: code(64, 'a procedure id').describe('Procedure id, e.g. escalation-ladder'),
    caseId: caseIdSchema,
    data: jsonObject.describe("Start data: the procedure's start schema (see /api/procedures)"),
    personalData: jsonObject.optional().describe("The youth's personal data, kept apart from the case data (only procedures that declare it)"),
    optOut: z.boolean().optional().describe('No consent to share data with the commissioning body'),
    role: role.optional().describe('Act in this role (one of yours); default: your first role that may start the procedure'),
  })
  .strict();
export type StartCaseBody = z.infer<typeof startCaseBodySchema>;

export const sendEventBodySchema = z
  .object({
    type: code(128, 'an event type').describe('Event type, e.g. hearing.recorded'),
    payload: jsonObject.optional().describe("The event's payload (its schema is in /api/procedures)"),
    reason: z.string().max(MAX_TEXT).regex(NO_CONTROL_CHARS, 'no control characters').optional().describe('Why (recorded in the dossier)'),
    requestId: code(128, 'a request id').optional().describe('Idempotency key: a repeated request with the same id is applied once'),
    role: role.optional().describe('Act in this role (one of yours); default: your first role that may send the event'),
  })
  .strict();
export type SendEventBody = z.infer<typeof sendEventBodySchema>;

export const superviseBodySchema = z
  .object({
    fix: jsonObject.describe('One supervisor fix (supervisorActionSchema); the engine checks it and records it with its reason in the history'),
    requestId: code(128, 'a request id').optional().describe('Idempotency key'),
  })
  .strict();
export type SuperviseBody = z.infer<typeof superviseBodySchema>;

export const assignBodySchema = z
  .object({
    role: role.describe('The role whose task it is (one of yours)'),
    userId: z.string().trim().min(1).max(64).regex(NO_CONTROL_CHARS, 'no control characters').describe('Your own id to claim the task ("Oppakken"), or a colleague from the users file who holds the role'),
    reason: z.string().trim().min(5).max(MAX_TEXT).regex(NO_CONTROL_CHARS, 'no control characters').optional().describe('Why (recorded in the dossier)'),
    requestId: code(128, 'a request id').optional().describe('Idempotency key'),
  })
  .strict();
export type AssignBodyInput = z.infer<typeof assignBodySchema>;

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Columns a list can be sorted by (GET /api/cases?sort=…; the console's column headers). */
export const LIST_SORT_KEYS = ['caseId', 'procedure', 'provider', 'state', 'waitingOn', 'nextDueAt'] as const;
export type ListSortKey = (typeof LIST_SORT_KEYS)[number];

/** Query of GET /api/cases. Strings in, typed filter out. */
export const listQuerySchema = z
  .object({
    procedure: code(64, 'a procedure id').optional(),
    state: z.string().max(256).regex(/^[A-Za-z0-9._-]+$/, 'a state path such as open.rung1').optional(),
    provider: providerCodeSchema.optional(),
    waitingOn: role.optional(),
    overdue: flag.optional(),
    dueBefore: z.iso.date().optional().describe('YYYY-MM-DD'),
    includeClosed: flag.optional(),
    q: z.string().trim().max(100).regex(NO_CONTROL_CHARS, 'no control characters').optional().describe('Search: part of the case number, or of the provider code or name'),
    sort: z.enum(LIST_SORT_KEYS).optional().describe('Sort by this column (default: overdue first, then the soonest deadline)'),
    order: z.enum(['asc', 'desc']).optional().describe('Sort order (default asc)'),
    limit: z
      .string()
      .regex(/^\d{1,5}$/)
      .transform(Number)
      .pipe(z.number().int().min(1).max(10_000))
      .optional(),
  })
  .strict();
export type ListQuery = z.output<typeof listQuerySchema>;

// ---------------------------------------------------------------------------------------------
// Responses: each route declares its answers with these (api/routes.ts); the handler's return type must
// fit them, and test/api/openapi.test.ts validates real answers against the document generated from them.

const actor = z.object({ role: z.string(), userId: z.string() });

export const sessionSchema = z.object({
  user: z
    .object({
      id: z.string(),
      name: z.string(),
      roles: z.array(role),
      provider: z.string().optional().describe("A provider's staff: its provider code (scope)"),
      organisation: z.string().optional().describe("The organisation a user who is not a provider's acts for (a municipality's code)"),
    })
    .nullable(),
  csrfToken: z.string().describe(`Send it as header x-csrf-token on every POST, PUT, PATCH and DELETE`),
});

const groundSchema = z.object({ code: z.string(), label: z.string() });

export const historyEntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  kind: z.enum(['start', 'event', 'expiry', 'supervisor', 'message']),
  type: z.string(),
  label: z.string(),
  actor,
  from: z.string(),
  to: z.string(),
  reason: z.string().optional(),
  ground: groundSchema.optional().describe("A supervisor fix: its ground from the closed list (code and Dutch label)"),
  rule: z.string().optional(),
  payload: z.unknown().optional(),
});

export const deadlineViewSchema = z.object({
  name: z.string(),
  label: z.string(),
  kind: z.enum(['working-days', 'days', 'date']),
  n: z.number().int(),
  from: z.string(),
  dueDate: z.string(),
  dueAt: z.string(),
  overdue: z.boolean(),
  status: z.enum(['open', 'expired']),
  waitingOn: z.array(z.string()),
  explanation: z.string().describe('Dutch: how the due date was counted'),
  skipped: z.array(z.object({ date: z.string(), reason: z.string() })).describe('Days not counted, and why'),
  rule: z.string(),
  extensions: z
    .array(z.object({ at: z.string(), by: actor, from: z.string(), to: z.string(), reason: z.string(), ground: groundSchema.optional() }))
    .describe('Moves of the due date by a supervisor (extension, or resuming a suspended clock), each with its ground'),
});

export const caseViewSchema = z.object({
  caseId: z.string(),
  procedure: z.string(),
  version: z.number().int(),
  title: z.string(),
  provider: z.string(),
  status: z.enum(['active', 'closed']),
  state: z.string(),
  stateLabel: z.string(),
  statePaths: z.array(z.string()),
  waitingOn: z.array(z.string()),
  waitingOnLabels: z.array(z.string()),
  allowedEvents: z
    .array(z.object({ type: z.string(), label: z.string(), roles: z.array(z.string()) }))
    .describe('Events the caller may send now (guards aside)'),
  deadlines: z.array(deadlineViewSchema),
  nextDueAt: z.string().optional(),
  overdue: z.boolean(),
  startedAt: z.string(),
  lastTransitionAt: z.string(),
  revision: z.number().int().describe('Number of history entries; grows with every step'),
  optOut: z.boolean(),
  context: z.unknown(),
  personalData: z.unknown().optional(),
  personalDataWithheld: z.boolean().optional(),
  assignees: z.partialRecord(role, z.string()).describe('Who handles the case for a role (user id), once claimed or assigned'),
  suspended: z.object({ since: z.string(), by: actor, reason: z.string(), ground: groundSchema.optional() }).optional().describe('The legal clock is stopped by a supervisor'),
  personalDataDeleted: z.boolean().optional().describe('The personal data was deleted after the retention period (JEUGDFLOW_RETENTION_DAYS after the case closed): "Persoonsgegevens verwijderd na de bewaartermijn"'),
  history: z.array(historyEntrySchema),
  historyFrom: z.number().int().optional().describe('Set when history holds only the entries from this sequence number on'),
  failedEffects: z.number().int().optional().describe('Effects (mails) that failed for good; recorded in the history'),
});

export const caseSummarySchema = z.object({
  caseId: z.string(),
  procedure: z.string(),
  provider: z.string(),
  state: z.string(),
  stateLabel: z.string(),
  status: z.string(),
  waitingOn: z.array(z.string()),
  nextDueAt: z.string().optional(),
  overdue: z.boolean(),
  lastTransitionAt: z.string().optional(),
  startTime: z.string().optional(),
  effectsFailed: z.number().int().optional().describe('Effects (mails) that failed for good'),
  clockStoppedSince: z.string().optional().describe('Since when the legal clock stands still (a supervisor stopped it); terms do not run'),
  assignees: z.partialRecord(z.string(), z.string()).optional().describe('Who handles the case per role (a claimed or handed-over task); absent: the role as a whole'),
});

export const procedureDescriptionSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  title: z.string(),
  description: z.string(),
  seed: z.string(),
  startRoles: z.array(z.string()),
  startSchema: z.unknown().describe('JSON Schema of the start data'),
  states: z.array(z.object({ id: z.string(), title: z.string(), waitingOn: z.array(z.string()), fourEyes: z.boolean() })),
  events: z.array(
    z.object({ type: z.string(), title: z.string(), roles: z.array(z.string()), rule: z.string(), schema: z.unknown().describe('JSON Schema of the payload') }),
  ),
  deadlines: z.array(
    z.object({
      state: z.string(),
      name: z.string(),
      title: z.string(),
      kind: z.string(),
      n: z.number(),
      onExpiry: z.string(),
      waitingOn: z.array(z.string()),
      rule: z.string(),
    }),
  ),
});

export const statusReportSchema = z.object({
  server: z.object({ reachable: z.boolean(), version: z.string().optional(), error: z.string().optional() }),
  worker: z.object({ polling: z.boolean(), pollers: z.array(z.object({ identity: z.string(), lastAccessTime: z.string().optional() })) }),
  taskQueue: z.string(),
});

export const boardSchema = z.object({
  generatedAt: z.string(),
  problemsCheckedAt: z.string().optional().describe('When the last complete check of retrying activities and failing workflow tasks began; absent while the first is running'),
  worker: statusReportSchema,
  items: z.array(
    caseSummarySchema.extend({
      reasons: z.array(
        z.object({
          code: z.enum(['DEADLINE_PASSED', 'STATE_TOO_LONG', 'APPROVAL_WAITING', 'ACTIVITY_RETRYING', 'WORKFLOW_TASK_FAILING', 'TERM_EXPIRED_STATE', 'EFFECT_FAILED']),
          message: z.string().describe('Dutch explanation'),
        }),
      ),
    }),
  ),
  stoppedClocks: z.array(caseSummarySchema).describe('Running cases whose legal clock stands still, longest stopped first'),
  itemsTotal: z.number().int().optional().describe('All cases that need attention (with `limit`: `items` is one page of them)'),
  stoppedClocksTotal: z.number().int().optional().describe('All running cases whose clock stands still (with `limit`: `stoppedClocks` is one page of them)'),
});

/** GET /api/board query: without `limit`, every row (at 100,000 open cases that can be tens of thousands). */
export const boardQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(1000).optional().describe('Rows per page of `items` and of `stoppedClocks`, 1–1000 (default: all)'),
    offset: z.coerce.number().int().min(0).max(10_000_000).optional().describe('Rows to skip in both lists (the next page: offset + limit)'),
  })
  .strict();
export type BoardQuery = z.output<typeof boardQuerySchema>;

/** GET /api/audit query: newest first; `before` = the last id of the previous page. */
export const auditQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).optional().describe('Entries per page, 1–500 (default 100)'),
    before: z.coerce.number().int().min(1).optional().describe('Only entries older than this id (the next page: the `next` of the previous answer)'),
    kind: z.enum(AUDIT_KINDS).optional(),
    caseId: z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/).optional(),
    actor: z.string().min(1).max(200).optional(),
  })
  .strict();

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string().describe('ISO instant'),
  kind: z.enum(AUDIT_KINDS).describe('personal-data.read: someone saw the personal data; personal-data.deleted: the retention purge deleted it; sign-in, sign-in.failed, sign-out'),
  actor: z.string().describe("User id ('cli:<user>' from the command line, 'bewaartermijn' for the console's retention purge, '(onbekend)' for a failed sign-in with an unknown name)"),
  caseId: z.string().optional(),
  address: z.string().optional().describe('Client address (sign-ins)'),
});

export const auditPageSchema = z.object({
  entries: z.array(auditEntrySchema),
  next: z.number().int().optional().describe('Pass as `before` for the next (older) page; absent on the last page'),
});
