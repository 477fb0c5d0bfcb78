// The read model at 100,000 open cases, in process. Seeding 100,000 workflows takes hours on this
// machine, so the read model (api/service.ts over operations/caseIndex.ts) is fed 100,000 case
// summaries the way Temporal's visibility feeds it: a real @temporalio/client Client whose
// connection's listWorkflowExecutions answers with pages of 1,000 executions, encoded as protobuf
// ListWorkflowExecutionsResponse bytes and decoded per call (as gRPC does), carrying the search
// attributes caseWorkflow upserts, computed from real engine runtimes. Everything above that call —
// the client's list iterator, its search-attribute decoding, the index's load, the service's lists
// and board — is the production code. Cases in a four-eyes state answer the `case` query with the
// engine's own view; describe (the board's background sweep) answers with nothing pending.
//
// Timed: Mijn werk of a contract manager and of a provider, Zaken with a filter and a sort, the
// supervisor board. Baseline: the simplest implementation, a plain filter + sort of the same
// 100,000 summaries held in an array.
import { Client, type Connection } from '@temporalio/client';
import { defaultPayloadConverter, type SearchAttributeUpdatePair } from '@temporalio/common';
import { decodeTypedSearchAttributes, encodeUnifiedSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes.js';
import proto from '@temporalio/proto';
import type { User } from '../../api/users.ts';
import { createCaseService } from '../../api/service.ts';
import { findProcedure } from '../../machines/index.ts';
import { byUrgency, indexedFromVisibility, isOverdueAt, type CaseSummary } from '../../operations/summary.ts';
import { caseWorkflowId } from '../../workflows/constants.ts';
import { applyEvent, startCase, validateEvent, viewCase, type CaseView } from '../../workflows/engine.ts';
import type { CaseRuntime } from '../../workflows/engine.ts';
import { caseSearchAttributes } from '../../workflows/caseAttributes.ts';
import { JfRevision } from '../../workflows/searchAttributes.ts';
import { hearing, measureProposal, rungOne } from '../consoleSeed.ts';
import type { SectionRunner } from '../context.ts';
import { row } from '../report.ts';
import { percentiles, since } from '../stats.ts';

const { temporal } = proto;

const PAGE = 1000;
/** protobufjs takes a number where its types say Long (int64). */
const int64 = (n: number) => n as never;
const DAY = 86_400_000;
const PROVIDERS = Array.from({ length: 400 }, (_, i) => `AGB-BENCH${String(i).padStart(3, '0')}`);
const KINDS = 10;
const AGES = 40;


/** Kind k of the ladder (as bench/console.ts seeds it), `ago` days along. */
function template(kind: number, ago: number, nowMs: number): CaseRuntime {
  const def = findProcedure('escalation-ladder')!;
  const at = (days: number) => new Date(nowMs - days * DAY).toISOString();
  const startedBy = { role: 'contractmanager' as const, userId: 'cm-bench' };
  const data = { provider: PROVIDERS[0]!, signal: { category: 'kwaliteit', description: 'Herhaalde klachten over de begeleiding', receivedOn: '2026-11-02' } };
  const { rt } = startCase(def, { caseId: 'TEMPLATE', procedureId: def.id, startedBy, data }, at(ago + 1));
  const step = (type: string, payload: unknown) =>
    applyEvent(rt, validateEvent(rt, { type, actor: { role: 'contractmanager', userId: kind === 9 ? 'cm-bench' : 'cm-other' }, payload }, at(ago)));
  if (kind >= 3) step('hearing.recorded', hearing);
  if (kind >= 3 && kind <= 8) step('rung.chosen', rungOne);
  if (kind === 9) step('measure.proposed', measureProposal);
  return rt;
}

interface Fed {
  client: Client;
  summaries: CaseSummary[];
  pages: Uint8Array[];
  queries: { n: number };
  change(i: number): void;
}

/** 100,000 executions as visibility pages, and a Client on a connection that serves them. */
function feed(n: number, nowMs: number): Fed {
  const templates = new Map<string, { rt: CaseRuntime; view: CaseView }>();
  const tpl = (kind: number, ago: number) => {
    const key = `${kind}|${ago}`;
    let t = templates.get(key);
    if (!t) {
      const rt = template(kind, ago, nowMs);
      templates.set(key, (t = { rt, view: viewCase(rt, { nowMs }) }));
    }
    return t;
  };
  const caseIdOf = (i: number) => `RM-${String(i).padStart(6, '0')}`;
  const shape = (i: number) => ({ kind: i % KINDS, ago: 1 + ((i * 7) % AGES), provider: PROVIDERS[Math.floor(i / 10) % PROVIDERS.length]! });
  const pages: Uint8Array[] = [];
  const summaries: CaseSummary[] = [];
  const changedAt = new Date(nowMs - 60_000);
  /** Case i as visibility lists it; `steps` more history entries (a newer revision) stamped `at`. */
  const executionOf = (i: number, steps = 0, at = changedAt): proto.temporal.api.workflow.v1.IWorkflowExecutionInfo => {
    const { kind, ago, provider } = shape(i);
    const { rt } = tpl(kind, ago);
    const caseId = caseIdOf(i);
    const sa = caseSearchAttributes({ ...rt, caseId, provider }, at).map((p) => (p.key === JfRevision ? { key: JfRevision, value: rt.history.length + steps } : p)) as SearchAttributeUpdatePair[];
    const startMs = nowMs - (ago + 1) * DAY;
    return {
      execution: { workflowId: caseWorkflowId(caseId), runId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` },
      type: { name: 'caseWorkflow' },
      startTime: { seconds: int64(Math.floor(startMs / 1000)), nanos: 0 },
      executionTime: { seconds: int64(Math.floor(startMs / 1000)), nanos: 0 },
      status: temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
      historyLength: int64(12 + steps),
      historySizeBytes: int64(9000),
      taskQueue: 'readmodel-bench',
      searchAttributes: { indexedFields: encodeUnifiedSearchAttributes(undefined, sa) },
    };
  };
  for (let from = 0; from < n; from += PAGE) {
    const executions: proto.temporal.api.workflow.v1.IWorkflowExecutionInfo[] = [];
    for (let i = from; i < Math.min(n, from + PAGE); i++) executions.push(executionOf(i));
    const nextPageToken = from + PAGE < n ? Buffer.from(String(pages.length + 1)) : Buffer.alloc(0);
    pages.push(temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse.encode({ executions, nextPageToken }).finish());
  }
  // The array the baseline filters: the same summaries, decoded once.
  for (const bytes of pages) {
    const res = temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse.decode(bytes);
    for (const raw of res.executions) {
      const { statePaths: _s, revision: _r, termExpired: _t, ...s } = indexedFromVisibility({
        workflowId: raw.execution!.workflowId!,
        status: { name: 'RUNNING' },
        startTime: new Date(Number(raw.startTime!.seconds) * 1000),
        typedSearchAttributes: decodeTypedSearchAttributes(raw.searchAttributes?.indexedFields),
      } as never);
      summaries.push(s);
    }
  }
  const queries = { n: 0 };
  let lastChange: Uint8Array | undefined;
  let steps = 0;
  /** Case i takes a step: the next refresh reads it (a newer revision). */
  const change = (i: number) => {
    lastChange = temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse.encode({ executions: [executionOf(i, ++steps, new Date())] }).finish();
  };
  const viewOf = (workflowId: string): CaseView => {
    const i = Number(workflowId.slice(workflowId.lastIndexOf('-') + 1));
    const { kind, ago, provider } = shape(i);
    return { ...tpl(kind, ago).view, caseId: caseIdOf(i), provider };
  };
  const workflowService = {
    async listWorkflowExecutions(req: { nextPageToken?: Uint8Array | null; query?: string | null }) {
      // The index asks for running cases (load) and for what changed or closed since (refresh).
      // What changed since (the refresh): the case changed last, if any, as a page of one.
      if (/JfChangedAt >=/.test(req.query ?? '') && lastChange) return temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse.decode(lastChange);
      if (!/ExecutionStatus = 'Running'/.test(req.query ?? '')) return temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse.create({ executions: [] });
      const page = req.nextPageToken?.length ? Number(Buffer.from(req.nextPageToken).toString()) : 0;
      return temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse.decode(pages[page]!);
    },
    async queryWorkflow(req: { execution?: { workflowId?: string | null } | null }) {
      queries.n++;
      return { queryResult: { payloads: [defaultPayloadConverter.toPayload(viewOf(req.execution!.workflowId!))] } };
    },
    async describeWorkflowExecution(req: { execution?: { workflowId?: string | null; runId?: string | null } | null }) {
      // A network round trip's worth of waiting, no CPU: the sweep runs in the background as it does in production.
      await new Promise((r) => setTimeout(r, 5));
      return temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse.create({
        workflowExecutionInfo: {
          execution: { workflowId: req.execution!.workflowId!, runId: req.execution?.runId ?? '' },
          type: { name: 'caseWorkflow' },
          startTime: { seconds: int64(Math.floor(nowMs / 1000)) },
          status: temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
          historyLength: int64(12),
        },
      });
    },
    async getSystemInfo() {
      return { serverVersion: 'in-process' };
    },
    async describeTaskQueue() {
      return { pollers: [{ identity: 'readmodel-bench', lastAccessTime: { seconds: Math.floor(Date.now() / 1000) } }] };
    },
    async countWorkflowExecutions() {
      return { count: n };
    },
  };
  const connection = {
    workflowService,
    withDeadline: <R>(_d: unknown, fn: () => Promise<R>) => fn(),
    withAbortSignal: <R>(_s: unknown, fn: () => Promise<R>) => fn(),
    withMetadata: <R>(_m: unknown, fn: () => Promise<R>) => fn(),
  } as unknown as Connection;
  return { client: new Client({ connection, namespace: 'default' }), summaries, pages, queries, change };
}

export const readmodel: SectionRunner = async (ctx) => {
  const n = ctx.opts.readModelCases;
  const requests = ctx.opts.quick ? 30 : 60;
  const nowMs = Date.now();
  let t = performance.now();
  const fed = feed(n, nowMs);
  ctx.log(`readmodel: ${n} executions as ${fed.pages.length} visibility pages built in ${(since(t) / 1000).toFixed(1)} s`);

  const service = createCaseService(
    { client: fed.client, taskQueue: 'readmodel-bench', namespace: 'default', calendar: {} },
    // Changes are read before every request (production: when the last read is older than a second); no full reload during the run.
    { index: { resyncMs: 24 * 3600_000, maxStalenessMs: 0 } },
  );
  const cm: User = { id: 'cm', name: 'Contractmanager', roles: ['contractmanager'] };
  const provider: User = { id: 'aanbieder', name: 'Aanbieder', roles: ['aanbieder'], provider: PROVIDERS[0]! };
  const supervisor: User = { id: 'supervisor', name: 'Toezichthouder', roles: ['supervisor'] };
  const zaken = { state: 'open.rung1', sort: 'provider' as const, order: 'desc' as const, limit: 50 };
  try {
    t = performance.now();
    await service.list(cm, { limit: 1 });
    const loadMs = since(t);
    ctx.log(`readmodel: first load of ${n} cases through client.workflow.list in ${(loadMs / 1000).toFixed(1)} s`);

    // The plain array implementation of each question.
    const inState = new Set(fed.summaries.filter((_, i) => i % KINDS >= 3 && i % KINDS <= 8).map((s) => s.caseId)); // open.rung1: what the baseline cannot know without statePaths
    const baselines: Record<string, () => unknown> = {
      mijnWerkCm: () => fed.summaries.filter((c) => c.waitingOn.includes('contractmanager')).sort(byUrgency),
      mijnWerkProvider: () => fed.summaries.filter((c) => c.provider === provider.provider && c.waitingOn.includes('aanbieder')).sort(byUrgency),
      zaken: () =>
        fed.summaries
          .filter((c) => inState.has(c.caseId))
          .sort((a, b) => b.provider.localeCompare(a.provider) || byUrgency(a, b))
          .slice(0, 50),
      board: () => {
        const nowMs = Date.now();
        return fed.summaries.filter((c) => isOverdueAt({ ...c, statePaths: [], revision: 0, termExpired: c.overdue }, nowMs)).sort(byUrgency);
      },
    };
    const engines: Record<string, () => Promise<unknown>> = {
      mijnWerkCm: () => service.myWork(cm),
      mijnWerkProvider: () => service.myWork(provider),
      zaken: () => service.list(cm, zaken),
      board: () => service.board(supervisor),
    };
    const sizes: Record<string, number> = {};
    // Warm-up: Mijn werk's first look asks each four-eyes case once (remembered per revision).
    for (const k of Object.keys(engines)) {
      t = performance.now();
      const r = (await engines[k]!()) as unknown[] | { running?: unknown[] };
      ctx.log(`readmodel: first ${k} in ${since(t).toFixed(0)} ms (${fed.queries.n} case queries so far)`);
      sizes[k] = Array.isArray(r) ? r.length : -1;
      baselines[k]!();
    }
    const samples: Record<string, { engine: number[]; baseline: number[] }> = {};
    /** One request of question `k` to the engine and to the baseline, each timed into `samples[label]`. */
    const timeOnce = async (k: string, label: string): Promise<void> => {
      const s = (samples[label] ??= { engine: [], baseline: [] });
      let started = performance.now();
      await engines[k]!();
      s.engine.push(since(started));
      started = performance.now();
      baselines[k]!();
      s.baseline.push(since(started));
    };
    const queriesBefore = fed.queries.n;
    for (let i = 0; i < requests; i++) {
      for (const k of Object.keys(engines)) await timeOnce(k, k);
    }
    // The same questions while cases keep changing: before each request one case takes a step, which the
    // index reads on its refresh (so the kept order and what was derived from it are redone for that case).
    let next = 0;
    for (let i = 0; i < requests; i++) {
      for (const k of ['mijnWerkCm', 'board'] as const) {
        fed.change((next++ * 7919) % n);
        await timeOnce(k, `${k}Changing`);
      }
    }
    const timedQueries = fed.queries.n - queriesBefore;
    const labels: Record<string, string> = {
      mijnWerkCmChanging: `Mijn werk, contract manager, a case changed before each request`,
      boardChanging: 'supervisor board, a case changed before each request',
      mijnWerkCm: `Mijn werk, contract manager (${sizes.mijnWerkCm} rows)`,
      mijnWerkProvider: `Mijn werk, provider (${sizes.mijnWerkProvider} rows)`,
      zaken: `Zaken: state ${zaken.state}, sorted by provider (first ${zaken.limit})`,
      board: 'supervisor board',
    };
    ctx.details.readmodel = { cases: n, loadMs, requests, timedCaseQueries: timedQueries, samples: Object.fromEntries(Object.entries(samples).map(([k, s]) => [k, { engine: percentiles(s.engine), baseline: percentiles(s.baseline) }])) };
    ctx.notes.push(
      `readmodel: ${n.toLocaleString('en-US')} open cases fed in process as visibility pages (protobuf ListWorkflowExecutionsResponse through a real Client; no workflows), service functions timed in process (${requests} requests each, the index refreshing before each); first load ${(loadMs / 1000).toFixed(1)} s; ${timedQueries} case queries during the timed requests; baseline: filter + sort of the same summaries in an array`,
    );
    return Object.keys(samples).map((k) => {
      const e = percentiles(samples[k]!.engine);
      const b = percentiles(samples[k]!.baseline);
      return row({ section: 'readmodel', metric: `${labels[k]} p95 at ${n.toLocaleString('en-US')} cases`, unit: 'ms', engine: e.p95, baseline: b.p95, better: 'lower', absolute: 300 });
    });
  } finally {
    await service.close();
  }
};
