// The console's pages (server-rendered, Dutch). Every action goes through the same case service as the
// JSON API, so scope, acting role and the session's user id apply alike.
import type { CalendarOptions } from '../calendar/index.ts';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HttpError, parseRequest, toApiError, type ApiErrorCode } from '../api/errors.ts';
import { jsonSchema } from '../api/openapi.ts';
import { userOf } from '../api/route.ts';
import { assignBodySchema, auditQuerySchema, listQuerySchema, loginBodySchema, sendEventBodySchema, startCaseBodySchema, superviseBodySchema } from '../api/schemas.ts';
import type { User } from '../api/users.ts';
import { findProcedure, type ProcedureDefinition, type Role } from '../machines/index.ts';
import { openForProviders, providersFromBilling } from '../operations/accountabilityYear.ts';
import { listCaughtMail, readCaughtMail } from '../mail/catcher.ts';
import { supervisorActionSchema } from '../workflows/engine.ts';
import { loggableError } from '../operations/temporalErrors.ts';
import { describeProcedure, type ProcedureDescription } from '../operations/procedures.ts';
import { roleLabel } from './format.ts';
import { applyGroupAction, dutchIssues, readForm, type FieldErrors, type FormBody, type JsonSchema } from './forms.ts';
import { pageNumber, type PageContext } from './layout.ts';
import { sentMessageIds } from './messages.ts';
import { boardPage } from './pages/board.ts';
import { auditPage, AUDIT_PAGE_SIZE } from './pages/audit.ts';
import { ACCOUNTABILITY_OPEN_PATH, accountabilityOpenPage } from './pages/accountabilityOpen.ts';
import { contractManagersPage, ROTATION_FORMS, type ContractManagersPageOptions, type RotationForm } from './pages/contractManagers.ts';
import { assignSchema, employmentSchema, endSchema } from '../machines/rotation.ts';
import { amsterdamDateOf } from '../calendar/index.ts';
import { casePage, dossierPage, fixFormId, type CasePageOptions, type FailedForm } from './pages/case.ts';
import { casesCsv, casesPage, type CaseQuery } from './pages/cases.ts';
import { overviewPage } from './pages/overview.ts';
import { quartersOf, stoplightPage } from './pages/stoplight.ts';
import { prefillFromSuggestion } from './suggestion.ts';
import { errorPage } from './pages/error.ts';
import { loginPage } from './pages/login.ts';
import { chooseProcedurePage, newCasePage, startFormSchema } from './pages/newCase.ts';
import { MAIL_FRAME_CSP, postListPage, postMailPage } from './pages/post.ts';
import { workPage } from './pages/work.ts';
import { BoundedQueue, findChromium, htmlToPdf } from './pdf.ts';
import { fieldErrorsOf } from './refusals.ts';
import { formAction } from './formAction.ts';
import { FIX_LABELS, previewExtension, SUPERVISOR_SCHEMA, temporalWorkflowUrl } from './supervisor.ts';

export interface ConsoleOptions {
  /** The demo users are in use: show a warning on every page. */
  demo?: boolean;
  /** Offer the dossier as PDF when Chromium is installed. Default: true. */
  pdf?: boolean;
  /** The Chromium (or compatible) binary for PDFs; default: the first of /usr/bin/chromium, …-browser, google-chrome. */
  pdfBinary?: string;
  /** The PDF rendering queue (concurrency 2, 16 waiting by default). */
  pdfQueue?: BoundedQueue;
  /**
   * The data directory the embedded mail catcher stores into (its `store`, i.e. JEUGDFLOW_DATA_DIR; the
   * mail itself is in <mailDir>/mail/). Given: the console shows the caught mail at /post, to MAIL_READERS.
   */
  mailDir?: string;
  /** The Temporal Web UI (TEMPORAL_UI_URL; default the dev server's) and namespace: supervisors get a link to each case's workflow. */
  temporalUi?: { url?: string; namespace: string };
  /** The working-day calendar (CALENDAR_*), for the preview of an extension. */
  calendar?: CalendarOptions;
}

/** Who may read the caught mail at /post: staff of the commissioning body and supervisors, never a provider's user. */
export const MAIL_READERS: readonly Role[] = ['supervisor', 'contractmanager', 'contractbeheer'];

/** Newest caught mails listed at /post. */
const POST_LIST_LIMIT = 200;

const require = createRequire(import.meta.url);
const ASSETS: Record<string, { file: string; type: string }> = {
  '/assets/design-tokens.css': { file: require.resolve('@utrecht/design-tokens/dist/index.css'), type: 'text/css; charset=utf-8' },
  '/assets/utrecht.css': { file: require.resolve('@utrecht/component-library-css/dist/index.css'), type: 'text/css; charset=utf-8' },
  '/assets/console.css': { file: fileURLToPath(new URL('./assets/console.css', import.meta.url)), type: 'text/css; charset=utf-8' },
  '/assets/console.js': { file: fileURLToPath(new URL('./assets/console.js', import.meta.url)), type: 'text/javascript; charset=utf-8' },
};

const HTML = 'text/html; charset=utf-8';

/** Longest redirect target accepted after log-in. */
export const MAX_NEXT_LENGTH = 512;
/** A path on this site in the characters a URL may hold unencoded (RFC 3986), so it is a valid Location. */
const SAFE_PATH = /^\/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@/?%#]*$/;

/**
 * Only a path on this site (no scheme, no host, no //, no backslash), in safe characters (a Location
 * header cannot hold e.g. 'Ā' or CR LF), at most MAX_NEXT_LENGTH long, may be the redirect target after
 * log-in; anything else goes to '/' (which leads on to Mijn werk).
 */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && next.length <= MAX_NEXT_LENGTH && SAFE_PATH.test(next) && !next.startsWith('/inloggen') ? next : '/';
}

function suggestCaseId(procedure: string): string {
  const prefix = procedure
    .split('-')
    .map((w) => w[0]!.toUpperCase())
    .join('');
  const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
  const tail = [...randomBytes(4)].map((b) => letters[b % letters.length]).join('');
  return `${prefix}-${new Date().getFullYear()}-${tail}`;
}

const jsonSchemaOf = (schema: z.ZodType): JsonSchema => jsonSchema(schema, 'input') as JsonSchema;

/** A refusal that belongs on the page the person came from (not on an error page). */
const FORM_REFUSALS = new Set<ApiErrorCode>([
  'INVALID_PAYLOAD',
  'INVALID_CASE_ID',
  'ROLE_NOT_ALLOWED',
  'EVENT_NOT_ALLOWED',
  'GUARD_FAILED',
  'UNKNOWN_EVENT',
  'CASE_EXISTS',
  'CASE_CLOSED',
  'CASE_TOO_LARGE',
  'BAD_REQUEST',
  'FORBIDDEN',
  'UNKNOWN_PROCEDURE',
]);

export async function consoleRoutes(app: FastifyInstance, opts: ConsoleOptions): Promise<void> {
  const jf = app.jf;
  const service = jf.service;
  const assets = new Map(Object.entries(ASSETS).map(([path, a]) => [path, { body: readFileSync(a.file, 'utf8'), type: a.type }]));
  const chromium = opts.pdf === false ? undefined : (opts.pdfBinary ?? findChromium());
  const pdfQueue = opts.pdfQueue ?? new BoundedQueue();
  const personalSchemas = new Map<string, JsonSchema>();

  const mailDir = opts.mailDir;
  const mayReadPost = (user: User | undefined): boolean =>
    mailDir !== undefined && user !== undefined && !user.provider && user.roles.some((r) => MAIL_READERS.includes(r));

  const ctxOf = (request: FastifyRequest): PageContext => ({
    ...(request.user ? { user: request.user, canStart: service.startable(request.user).length > 0 } : {}),
    ...(request.session ? { csrfToken: request.session.csrfToken } : {}),
    ...(opts.demo ? { demo: true } : {}),
    ...(mayReadPost(request.user) ? { post: true } : {}),
  });

  const send = (reply: FastifyReply, body: string, status = 200) => reply.status(status).type(HTML).send(body);

  const onForm = (code: ApiErrorCode) => FORM_REFUSALS.has(code);

  // Every page needs a signed-in user unless its route says `config: { public: true }`: the requireUser
  // pre-handler refuses, and the error handler below sends the person to the log-in page and back.
  app.addHook('onRoute', (route) => {
    if (route.config?.public) return;
    const own = route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler];
    route.preHandler = [app.requireUser, ...own];
  });
  const PUBLIC = { config: { public: true } } as const;

  /** A procedure by id: a case's own version (it keeps the one it started under), else the newest. */
  function procedureOf(id: string, version?: number): ProcedureDefinition {
    const def = findProcedure(id, version);
    if (!def) throw new HttpError({ code: 'NOT_FOUND', message: `Onbekende procedure '${id}'` });
    return def;
  }

  /** The description of exactly this version (the service describes the newest). */
  function descriptionOf(def: ProcedureDefinition): ProcedureDescription {
    const newest = service.procedure(def.id);
    return newest.version === def.version ? newest : describeProcedure(def);
  }

  function personalSchemaOf(def: ProcedureDefinition): JsonSchema | undefined {
    if (!def.personalDataSchema) return undefined;
    if (!personalSchemas.has(def.id)) personalSchemas.set(def.id, jsonSchemaOf(def.personalDataSchema));
    return personalSchemas.get(def.id);
  }

  jf.notFound = (request, reply) => send(reply, errorPage(ctxOf(request), { code: 'NOT_FOUND', message: 'Deze pagina bestaat niet.' }), 404);

  app.setErrorHandler(async (err, request, reply) => {
    const e = toApiError(err);
    if (e.internal) request.log.error({ err: loggableError(err), route: request.routeOptions.url }, 'console request failed');
    if (e.body.code === 'UNAUTHENTICATED') return reply.redirect(`/inloggen?terug=${encodeURIComponent(request.url)}`, 303);
    if (e.body.code === 'CSRF_INVALID' && request.url.startsWith('/inloggen')) {
      await jf.ensureSession(request, reply);
      return send(reply, loginPage(ctxOf(request), { ...(jf.oidcLoginUrl ? { oidcUrl: jf.oidcLoginUrl } : {}), passwordLogin: jf.users.size > 0, error: e.body }), e.status);
    }
    if (e.retryAfter !== undefined) void reply.header('retry-after', String(e.retryAfter));
    return send(reply, errorPage(ctxOf(request), e.body), e.status);
  });

  app.addHook('onSend', async (_request, reply, payload) => {
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith('text/html')) void reply.header('cache-control', 'no-store');
    return payload;
  });

  for (const [path, asset] of assets) {
    app.get(path, PUBLIC, async (_request, reply) => reply.type(asset.type).header('cache-control', 'public, max-age=3600').send(asset.body));
  }

  app.get('/', PUBLIC, async (request, reply) => reply.redirect(request.user ? '/mijn-werk' : '/inloggen', 303));

  // -- Log-in -----------------------------------------------------------------------------------

  // Sign-in with the organisation's account (OpenID Connect) when configured; the password form when
  // there are local users.
  const loginWays = { ...(jf.oidcLoginUrl ? { oidcUrl: jf.oidcLoginUrl } : {}), passwordLogin: jf.users.size > 0 };
  jf.loginRefused = async (request, reply, err) => {
    await jf.ensureSession(request, reply);
    return send(reply, loginPage(ctxOf(request), { ...loginWays, oidcError: err.message }), err.httpStatus);
  };

  app.get('/inloggen', PUBLIC, async (request, reply) => {
    if (request.user) return reply.redirect('/mijn-werk', 303);
    await jf.ensureSession(request, reply);
    const q = request.query as Record<string, unknown>;
    return send(reply, loginPage(ctxOf(request), { ...loginWays, next: safeNext(q.terug), loggedOut: q.uitgelogd === '1' }));
  });

  app.post('/inloggen', PUBLIC, async (request, reply) => {
    const body = (request.body ?? {}) as FormBody;
    const username = typeof body.username === 'string' ? body.username : '';
    const password = typeof body.password === 'string' ? body.password : '';
    return formAction(reply, {
      run: async () => {
        parseRequest(loginBodySchema, { username: username || '-', password: password || '-' });
        await jf.logIn(request, reply, username, password);
        return safeNext(body.next);
      },
      accepts: (code) => code === 'BAD_REQUEST' || code === 'UNAUTHENTICATED' || code === 'RATE_LIMITED',
      refused: (e) => send(reply, loginPage(ctxOf(request), { ...loginWays, next: safeNext(body.next), username: username.slice(0, 64), error: e.body }), e.status),
    });
  });

  app.post('/uitloggen', PUBLIC, async (request, reply) => {
    await jf.logOut(request, reply);
    return reply.redirect('/inloggen?uitgelogd=1', 303);
  });

  // -- Mijn werk, zaken -------------------------------------------------------------------------

  // -- Mijn werk, zaken, overzicht: work per person, finding and the dashboard (console/pages/work.ts, cases.ts, overview.ts)

  const workOpts = (user: User) => ({ colleagues: (role: string) => service.colleagues(user, role as Role), providerName: service.providerName });

  /** The list filters of /zaken (and its CSV): the query's non-empty strings; a provider's user is never asked for another provider. */
  function caseQueryOf(request: FastifyRequest, user: User): CaseQuery {
    const raw = Object.fromEntries(Object.entries((request.query ?? {}) as Record<string, unknown>).filter(([k, v]) => k !== 'pagina' && typeof v === 'string' && v !== '')) as CaseQuery;
    if (user.provider) delete raw.provider;
    return raw;
  }

  app.get('/mijn-werk', async (request, reply) => {
    const user = userOf(request);
    const q = request.query as Record<string, unknown>;
    const flash = typeof q.toegewezen === 'string' ? `Zaak ${q.toegewezen.slice(0, 64)}: ${q.aan === user.id ? 'u hebt de taak opgepakt' : `de taak is overgedragen aan ${jf.users.find(String(q.aan))?.name ?? 'een collega'}`}; dit staat in het dossier.` : undefined;
    return send(reply, workPage(ctxOf(request), await service.myWork(user), { ...workOpts(user), pageNo: pageNumber(request.query), ...(flash ? { flash } : {}) }));
  });

  app.post('/zaken/:caseId/toewijzen', async (request, reply) => {
    const user = userOf(request);
    const { caseId } = request.params as { caseId: string };
    const body = (request.body ?? {}) as FormBody;
    try {
      const assign = parseRequest(assignBodySchema, {
        role: typeof body.role === 'string' ? body.role : '',
        userId: typeof body.userId === 'string' ? body.userId : '',
        ...(typeof body.requestId === 'string' && body.requestId ? { requestId: body.requestId } : {}),
      });
      await service.assign(user, caseId, assign);
      return reply.redirect(`/mijn-werk?${new URLSearchParams({ toegewezen: caseId, aan: assign.userId }).toString()}#resultaat`, 303);
    } catch (err) {
      const e = toApiError(err);
      if (!FORM_REFUSALS.has(e.body.code) && e.body.code !== 'INVALID_PAYLOAD') throw err;
      const procedure = await service.show(user, caseId).then((v) => v.procedure, () => undefined);
      return send(reply, workPage(ctxOf(request), await service.myWork(user), { ...workOpts(user), error: e.body, ...(procedure ? { errorProcedure: procedure } : {}) }), e.status);
    }
  });

  app.get('/zaken.csv', async (request, reply) => {
    const user = userOf(request);
    const raw = caseQueryOf(request, user);
    const cases = await service.list(user, parseRequest(listQuerySchema, raw));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="zaken.csv"')
      .send(casesCsv(cases, service.providerName));
  });

  app.get('/overzicht', async (request, reply) => {
    const user = userOf(request);
    return send(reply, overviewPage(ctxOf(request), await service.overview(user)));
  });

  // The KPI stoplight per provider over time (console/pages/stoplight.ts): the kpi-stoplight cases in the user's
  // scope, ended ones too (the history stays visible), each read whole (one case per provider; at most 50).
  app.get('/stoplicht', async (request, reply) => {
    const user = userOf(request);
    const cases = await service.list(user, parseRequest(listQuerySchema, { procedure: 'kpi-stoplight', includeClosed: 'true' }));
    const views = await service.showSeveral(user, cases.slice(0, 50).map((c) => c.caseId));
    const entries = views
      .map((v) => ({ provider: v.provider, caseId: v.caseId, stateLabel: v.stateLabel, quarters: quartersOf(v.context) }))
      .sort((a, b) => a.provider.localeCompare(b.provider, 'nl'));
    return send(reply, stoplightPage(ctxOf(request), entries));
  });

  app.get('/zaken', async (request, reply) => {
    const user = userOf(request);
    const raw = caseQueryOf(request, user);
    const pageNo = pageNumber(request.query);
    try {
      const cases = await service.list(user, parseRequest(listQuerySchema, raw));
      return send(reply, casesPage(ctxOf(request), { cases, query: raw, procedures: service.procedures(), page: pageNo, providerName: service.providerName }));
    } catch (err) {
      const e = toApiError(err);
      if (e.status >= 500) throw err;
      return send(reply, casesPage(ctxOf(request), { cases: [], query: raw, procedures: service.procedures(), error: e.body }), e.status);
    }
  });

  // -- Nieuwe zaak ------------------------------------------------------------------------------

  app.get('/zaken/nieuw', async (request, reply) => {
    const user = userOf(request);
    return send(reply, chooseProcedurePage(ctxOf(request), service.startable(user)));
  });

  app.get('/zaken/nieuw/:procedure', async (request, reply) => {
    const user = userOf(request);
    const def = procedureOf((request.params as { procedure: string }).procedure);
    if (!user.roles.some((r) => def.startRoles.includes(r))) {
      throw new HttpError({ code: 'FORBIDDEN', message: `Met uw rol kunt u ${def.title} niet starten; dat doet: ${def.startRoles.map(roleLabel).join(', ')}.` });
    }
    const personalSchema = personalSchemaOf(def);
    // ?van=<case>: a case that suggests starting this procedure (e.g. an escalation ladder) prefills the form.
    const from = (request.query as Record<string, unknown>).van;
    const values = typeof from === 'string' && from.length <= 64 ? await service.show(user, from).then((v) => prefillFromSuggestion(v, def.id), () => undefined) : undefined;
    return send(
      reply,
      newCasePage(ctxOf(request), { desc: service.procedure(def.id), def, suggestion: suggestCaseId(def.id), ...(values ? { values } : {}), ...(personalSchema ? { personalSchema } : {}) }),
    );
  });

  app.post('/zaken/nieuw/:procedure', async (request, reply) => {
    const user = userOf(request);
    const def = procedureOf((request.params as { procedure: string }).procedure);
    const desc = service.procedure(def.id);
    const body = (request.body ?? {}) as FormBody;
    const personalSchema = personalSchemaOf(def);
    const regrouped = applyGroupAction(body);
    if (regrouped) {
      return send(reply, newCasePage(ctxOf(request), { desc, def, suggestion: suggestCaseId(def.id), values: regrouped, ...(personalSchema ? { personalSchema } : {}) }));
    }
    const data = readForm(startFormSchema(desc, body), body, 'data') ?? {};
    const personalData = personalSchema ? readForm(personalSchema, body, 'personalData', false) : undefined;
    return formAction(reply, {
      run: async () => {
        const start = parseRequest(startCaseBodySchema, {
          procedure: def.id,
          caseId: typeof body.caseId === 'string' ? body.caseId.trim() : '',
          data,
          ...(personalData !== undefined ? { personalData } : {}),
          ...(body.optOut === 'true' ? { optOut: true } : {}),
          ...(typeof body.role === 'string' && body.role ? { role: body.role } : {}),
        });
        const view = await service.start(user, start);
        return `/zaken/${encodeURIComponent(view.caseId)}?gestart=1`;
      },
      accepts: (code) => onForm(code) || code === 'OUT_OF_SCOPE',
      refused: (e) => {
        let dutch: FieldErrors | undefined;
        if (e.body.code === 'INVALID_PAYLOAD' && e.body.field?.startsWith('data')) dutch = dutchIssues(def.startSchema, data, 'data');
        if (e.body.code === 'INVALID_PAYLOAD' && e.body.field?.startsWith('personalData') && def.personalDataSchema) dutch = dutchIssues(def.personalDataSchema, personalData, 'personalData');
        const fields = fieldErrorsOf(e.body, dutch);
        return send(
          reply,
          newCasePage(ctxOf(request), { desc, def, suggestion: suggestCaseId(def.id), values: body, error: e.body, fields, ...(personalSchema ? { personalSchema } : {}) }),
          e.status,
        );
      },
    });
  });

  // -- Verantwoording openen voor alle aanbieders (002 §3.2.2): one action, every contracted provider ----------

  /** The roles of this user that may open the year's accountability (its start roles; never a provider's user). */
  const accountabilityRoles = (user: User): Role[] => {
    const def = procedureOf('accountability');
    return user.provider ? [] : user.roles.filter((r) => def.startRoles.includes(r));
  };
  const requireAccountabilityRole = (user: User): Role[] => {
    const roles = accountabilityRoles(user);
    if (roles.length === 0) {
      throw new HttpError({ code: 'FORBIDDEN', message: `Met uw rol kunt u de verantwoording niet openen; dat doet: ${procedureOf('accountability').startRoles.map(roleLabel).join(', ')}.` });
    }
    return roles;
  };

  app.get(ACCOUNTABILITY_OPEN_PATH, async (request, reply) => {
    const user = userOf(request);
    return send(reply, accountabilityOpenPage(ctxOf(request), { roles: requireAccountabilityRole(user) }));
  });

  app.post(ACCOUNTABILITY_OPEN_PATH, async (request, reply) => {
    const user = userOf(request);
    const roles = requireAccountabilityRole(user);
    const body = (request.body ?? {}) as FormBody;
    const values = { year: typeof body.year === 'string' ? body.year.trim().slice(0, 8) : '', billing: typeof body.billing === 'string' ? body.billing.slice(0, 1_000_000) : '' };
    const role = typeof body.role === 'string' && roles.includes(body.role as Role) ? (body.role as Role) : roles[0]!;
    const refuse = (message: string, field: string) =>
      send(reply, accountabilityOpenPage(ctxOf(request), { roles, values, error: { code: 'INVALID_PAYLOAD', field, message } }), 400);
    if (!/^\d{4}$/.test(values.year) || Number(values.year) < 2018 || Number(values.year) > 2198) return refuse('Contractjaar: vul een jaartal in vanaf 2018 (JJJJ).', 'year');
    const year = Number(values.year);
    let providers;
    try {
      providers = providersFromBilling(values.billing, year);
    } catch {
      return refuse('Facturatiegegevens: geen geldige CSV met de kolommen provider,name,year,revenue_eur,clients (met kopregel).', 'billing');
    }
    if (providers.length === 0) return refuse(`Facturatiegegevens: geen aanbieder met een regel voor contractjaar ${year}.`, 'billing');
    const results = await openForProviders(year, providers, ({ caseId, data }) => service.start(user, { procedure: 'accountability', caseId, data, role }));
    return send(reply, accountabilityOpenPage(ctxOf(request), { roles, values: { year: values.year }, results: { year, providers: providers.length, results } }));
  });

  // -- De zaak ----------------------------------------------------------------------------------

  /** The case's sent messages the local catcher caught (Message-ID → id under /post), for those who may read /post. */
  async function caughtMailOf(request: FastifyRequest, messageIds: string[]): Promise<Map<string, string> | undefined> {
    if (!mailDir || messageIds.length === 0 || !mayReadPost(request.user)) return undefined;
    try {
      const wanted = new Set(messageIds);
      const found = new Map<string, string>();
      for (const m of await listCaughtMail(mailDir)) if (m.messageId && wanted.has(m.messageId) && !found.has(m.messageId)) found.set(m.messageId, m.id);
      return found;
    } catch (err) {
      request.log.warn({ err }, 'console: caught mail unreadable; case page without links to /post');
      return undefined;
    }
  }

  async function renderCase(
    request: FastifyRequest,
    reply: FastifyReply,
    caseId: string,
    extra: { flash?: string; failed?: FailedForm; status?: number; preview?: CasePageOptions['preview']; openFix?: string } = {},
  ) {
    const user = request.user!;
    const view = await service.show(user, caseId);
    const def = procedureOf(view.procedure, view.version);
    const caughtMail = await caughtMailOf(request, sentMessageIds(view));
    return send(
      reply,
      casePage(ctxOf(request), {
        view,
        def,
        desc: descriptionOf(def),
        requestId: randomUUID,
        pdfAvailable: chromium !== undefined,
        ...(opts.temporalUi && user.roles.includes('supervisor') ? { temporalUrl: temporalWorkflowUrl(opts.temporalUi.url, opts.temporalUi.namespace, view.caseId) } : {}),
        ...(caughtMail ? { caughtMail } : {}),
        ...(extra.flash ? { flash: extra.flash } : {}),
        ...(extra.failed ? { failed: extra.failed } : {}),
        ...(extra.preview ? { preview: extra.preview } : {}),
        ...(extra.openFix ? { openFix: extra.openFix } : {}),
      }),
      extra.status,
    );
  }

  app.get('/zaken/:caseId', async (request, reply) => {
    const user = userOf(request);
    const { caseId } = request.params as { caseId: string };
    const q = request.query as Record<string, unknown>;
    let flash: string | undefined;
    if (q.gestart === '1') flash = 'De zaak is gestart.';
    if (typeof q.vastgelegd === 'string') {
      const view = await service.show(user, caseId);
      const label = findProcedure(view.procedure)?.events[q.vastgelegd]?.label ?? q.vastgelegd;
      flash = `Vastgelegd: ${label}. De zaak staat nu in de fase: ${view.stateLabel}.`;
    }
    if (typeof q.toezicht === 'string') flash = `Herstelactie uitgevoerd: ${FIX_LABELS[q.toezicht]?.label ?? q.toezicht}.`;
    return renderCase(request, reply, caseId, { ...(flash ? { flash } : {}), ...(typeof q.herstel === 'string' && q.herstel in FIX_LABELS ? { openFix: q.herstel } : {}) });
  });

  app.post('/zaken/:caseId/stappen', async (request, reply) => {
    const user = userOf(request);
    const { caseId } = request.params as { caseId: string };
    const body = (request.body ?? {}) as FormBody;
    const type = typeof body.type === 'string' ? body.type : '';
    const formId = typeof body.formId === 'string' ? body.formId : '';
    // "Nog een … toevoegen" / "… verwijderen": the same form again, one group more or less, nothing sent.
    const regrouped = applyGroupAction(body);
    if (regrouped) return renderCase(request, reply, caseId, { failed: { formId, fields: new Map(), values: regrouped } });
    const before = await service.show(user, caseId);
    const def = procedureOf(before.procedure);
    const schema = (service.procedure(def.id).events.find((e) => e.type === type)?.schema ?? {}) as JsonSchema;
    const payload = readForm(schema, body, 'payload') ?? {};
    return formAction(reply, {
      run: async () => {
        const event = parseRequest(sendEventBodySchema, {
          type,
          payload,
          ...(typeof body.reason === 'string' && body.reason.trim() ? { reason: body.reason.trim() } : {}),
          ...(typeof body.requestId === 'string' && body.requestId ? { requestId: body.requestId } : {}),
          ...(typeof body.role === 'string' && body.role ? { role: body.role } : {}),
        });
        await service.send(user, caseId, event);
        return `/zaken/${encodeURIComponent(caseId)}?vastgelegd=${encodeURIComponent(type)}#resultaat`;
      },
      accepts: onForm,
      refused: (e) => {
        const eventDef = def.events[type];
        const dutch = e.body.code === 'INVALID_PAYLOAD' && eventDef ? dutchIssues(eventDef.schema, payload, 'payload') : undefined;
        // A refused request is not applied: the form keeps its request id only when nothing happened.
        const values = { ...body, requestId: randomUUID() };
        return renderCase(request, reply, caseId, { failed: { formId, error: e.body, fields: fieldErrorsOf(e.body, dutch), values }, status: e.status });
      },
    });
  });

  app.post('/zaken/:caseId/toezicht', async (request, reply) => {
    const user = userOf(request);
    const { caseId } = request.params as { caseId: string };
    const body = (request.body ?? {}) as FormBody;
    const fix = (readForm(SUPERVISOR_SCHEMA, body, 'fix') ?? {}) as Record<string, unknown>;
    const formId = typeof body.formId === 'string' ? body.formId : fixFormId(String(fix.action ?? ''));
    // Extending: first the resulting due date (working-day calendar), then the confirmation.
    if (fix.action === 'deadline.extended' && body.bevestigd !== 'ja') {
      const result = previewExtension(await service.show(user, caseId), fix, opts.calendar);
      if (result) return renderCase(request, reply, caseId, { preview: { values: body, result } });
    }
    return formAction(reply, {
      run: async () => {
        await service.supervise(user, caseId, parseRequest(superviseBodySchema, { fix, ...(typeof body.requestId === 'string' && body.requestId ? { requestId: body.requestId } : {}) }));
        return `/zaken/${encodeURIComponent(caseId)}?toezicht=${encodeURIComponent(String(fix.action ?? ''))}#resultaat`;
      },
      accepts: onForm,
      refused: (e) => {
        const dutch = e.body.code === 'INVALID_PAYLOAD' ? dutchIssues(supervisorActionSchema, fix, 'fix') : undefined;
        return renderCase(request, reply, caseId, { failed: { formId, error: e.body, fields: fieldErrorsOf(e.body, dutch), values: { ...body, requestId: randomUUID() } }, status: e.status });
      },
    });
  });

  app.get('/zaken/:caseId/dossier', async (request, reply) => {
    const user = userOf(request);
    const view = await service.show(user, (request.params as { caseId: string }).caseId);
    const def = procedureOf(view.procedure, view.version);
    return send(reply, dossierPage(ctxOf(request), { view, def, desc: descriptionOf(def) }));
  });

  app.get('/zaken/:caseId/dossier.pdf', async (request, reply) => {
    const user = userOf(request);
    if (!chromium) throw new HttpError({ code: 'NOT_FOUND', message: 'PDF is niet beschikbaar: Chromium is niet geïnstalleerd.' });
    const view = await service.show(user, (request.params as { caseId: string }).caseId);
    const def = procedureOf(view.procedure, view.version);
    const pageHtml = dossierPage({ ...ctxOf(request), demo: false }, { view, def, desc: descriptionOf(def) });
    const styles = new Map([...assets].map(([p, a]) => [p, a.body]));
    const pdf = await pdfQueue.run(() => htmlToPdf(chromium, pageHtml, styles, { runningHeader: `Dossier zaak ${view.caseId}` }));
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="dossier-${view.caseId}.pdf"`)
      .header('cache-control', 'no-store')
      .send(pdf);
  });

  // -- Toezicht ---------------------------------------------------------------------------------

  app.get('/toezicht', async (request, reply) => {
    const user = userOf(request);
    const view = (request.query as { klok?: unknown } | undefined)?.klok === 'stil' ? 'klok-stil' : 'aandacht';
    return send(reply, boardPage(ctxOf(request), await service.board(user), pageNumber(request.query), view));
  });

  app.get('/toezicht/auditlog', async (request, reply) => {
    const user = userOf(request);
    if (!user.roles.includes('supervisor')) {
      throw new HttpError({ code: 'FORBIDDEN', message: 'Het auditlog is alleen voor de supervisor (Toezicht).', rule: 'alleen een supervisor leest het auditlog' });
    }
    const q = request.query as Record<string, unknown>;
    const query = parseRequest(auditQuerySchema.pick({ caseId: true, before: true }), {
      ...(typeof q.zaak === 'string' && q.zaak.trim() ? { caseId: q.zaak.trim() } : {}),
      ...(typeof q.voor === 'string' && q.voor ? { before: q.voor } : {}),
    });
    const entries = await jf.audit.list({ ...query, limit: AUDIT_PAGE_SIZE });
    return send(reply, auditPage(ctxOf(request), { entries, ...query }));
  });

  // -- Toezicht → Contractmanagers (002 §2.3.2 integrity rotation) --------------------------------

  const ROTATION_SCHEMAS: Record<RotationForm, z.ZodType> = { toewijzen: assignSchema, beeindigen: endSchema, werkgever: employmentSchema };
  const rotationJson = Object.fromEntries(ROTATION_FORMS.map((f) => [f, jsonSchemaOf(ROTATION_SCHEMAS[f])])) as Record<RotationForm, JsonSchema>;
  const rotationSupervisor = async (request: FastifyRequest) => {
    if (!userOf(request).roles.includes('supervisor')) {
      throw new HttpError({ code: 'FORBIDDEN', message: 'De koppels en rotatie van contractmanagers zijn alleen voor de supervisor (Toezicht).', rule: '002 §2.3.2 (keuze: de supervisor legt de toewijzingen vast)' });
    }
  };
  const rotationPage = async (request: FastifyRequest, result?: ContractManagersPageOptions['result']) => {
    const today = amsterdamDateOf(Date.now());
    const [{ assignments, employment }, review] = await Promise.all([jf.rotation.list(), jf.rotation.check(today)]);
    return contractManagersPage(ctxOf(request), { today, assignments, employment, review, schemas: rotationJson, ...(result ? { result } : {}) });
  };

  app.get('/contractmanagers', { preHandler: rotationSupervisor }, async (request, reply) => send(reply, await rotationPage(request)));

  app.post('/contractmanagers', { preHandler: rotationSupervisor }, async (request, reply) => {
    const user = userOf(request);
    const body = (request.body ?? {}) as FormBody;
    const name = (ROTATION_FORMS as readonly string[]).includes(String(body.form)) ? (body.form as RotationForm) : undefined;
    if (!name) throw new HttpError({ code: 'BAD_REQUEST', message: 'Onbekend formulier.' });
    const value = readForm(rotationJson[name], body, name) ?? {};
    const errors = dutchIssues(ROTATION_SCHEMAS[name], value, name);
    if (errors.size > 0) return send(reply, await rotationPage(request, { form: name, refusals: [], warnings: [], values: body, errors }), 400);
    const today = amsterdamDateOf(Date.now());
    if (name === 'werkgever') {
      await jf.rotation.recordEmployment(value, { actor: user.id });
      return send(reply, await rotationPage(request, { form: name, refusals: [], warnings: [], done: 'De vorige werkgever is vastgelegd.' }));
    }
    const result = name === 'toewijzen' ? await jf.rotation.assign(value, { actor: user.id, today }) : await jf.rotation.end(value, { actor: user.id });
    const done = name === 'toewijzen' ? 'De toewijzing is vastgelegd.' : 'Het koppel is beëindigd.';
    return send(reply, await rotationPage(request, { form: name, refusals: result.refusals, warnings: result.warnings, ...(result.applied ? { done } : { values: body }) }), result.applied ? 200 : 409);
  });

  // -- Post (only with the embedded mail catcher) -------------------------------------------------

  if (mailDir) {
    // Pre-handler of the /post pages (after requireUser): only MAIL_READERS.
    const postReader = async (request: FastifyRequest) => {
      if (!mayReadPost(request.user)) {
        throw new HttpError({ code: 'FORBIDDEN', message: `Post is er alleen voor: ${MAIL_READERS.map(roleLabel).join(', ')}.` });
      }
    };
    const mailOr404 = async (request: FastifyRequest) => {
      const mail = await readCaughtMail(mailDir, (request.params as { id: string }).id);
      if (!mail) throw new HttpError({ code: 'NOT_FOUND', message: 'Deze e-mail is niet (meer) in Post.' });
      return mail;
    };

    app.get('/post', { preHandler: postReader }, async (request, reply) => {
      const all = await listCaughtMail(mailDir);
      return send(reply, postListPage(ctxOf(request), { mails: all.slice(0, POST_LIST_LIMIT), total: all.length }));
    });

    app.get('/post/:id', { preHandler: postReader }, async (request, reply) => {
      return send(reply, postMailPage(ctxOf(request), await mailOr404(request)));
    });

    // The mail's own HTML, for the sandboxed iframe of /post/:id only: a policy of its own (MAIL_FRAME_CSP).
    app.get('/post/:id/html', { preHandler: postReader }, async (request, reply) => {
      const mail = await mailOr404(request);
      if (mail.html === undefined) throw new HttpError({ code: 'NOT_FOUND', message: 'Deze e-mail heeft geen HTML-versie.' });
      return reply
        .header('content-security-policy', MAIL_FRAME_CSP)
        .header('x-frame-options', 'SAMEORIGIN')
        .header('x-content-type-options', 'nosniff')
        .type(HTML)
        .send(mail.html);
    });
  }
}
