// The two things the benchmark drives through the same steps: jeugdflow's engine (through the same
// operations the CLI and API use) and the plain baseline workflow (raw Temporal client calls).
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { sendEvent, showCase, startCase, type OperationsContext } from '../operations/index.ts';
import type { caseWorkflow } from '../workflows/caseWorkflow.ts';
import { JfCaseId, JfProcedure, JfProvider } from '../workflows/searchAttributes.ts';
import { baselineCaseQuery, baselineSendEventUpdate, type baselineWorkflow } from './baselineWorkflow.ts';
import { benchEvent } from './events.ts';

/**
 * engine: caseWorkflow through the operations; baseline: the hand-written workflow with the same
 * search attributes; plain: the same without search attributes (raw Temporal, informational).
 */
export type Variant = 'engine' | 'baseline';
export type DriverKind = Variant | 'plain';

export interface Driver {
  variant: DriverKind;
  taskQueue: string;
  /** Starts case `id` and waits until it answers a query (what `jeugdflow start` does). */
  start(id: string): Promise<void>;
  /** Only starts the workflow (no waiting for its first task): for opening many cases fast. */
  launch(id: string): Promise<void>;
  /** Sends the i-th event to case `id` and returns the new state. */
  send(id: string, i: number): Promise<string>;
  /** The query behind `jeugdflow show`. */
  show(id: string): Promise<string>;
  /** Closes the case (`case.closed`), so the workflow completes and leaves the worker's cache. */
  close(id: string): Promise<void>;
  workflowId(id: string): string;
}

const contractManager = { role: 'contractmanager' as const, userId: 'bench-cm' };
const closing = { outcome: 'ingetrokken', reason: 'Einde van de benchmark' };
const signal = { category: 'kwaliteit', description: 'Benchmarksignaal zonder persoonsgegevens', receivedOn: '2026-01-05' };

export function engineDriver(client: Client, taskQueue: string): Driver {
  const ops: OperationsContext = { client, taskQueue };
  return {
    variant: 'engine',
    taskQueue,
    workflowId: (id) => `case-${id}`,
    async start(id) {
      await startCase(ops, { procedure: 'escalation-ladder', caseId: id, actor: contractManager, data: { provider: 'AGB-BENCH01', signal } });
    },
    async launch(id) {
      // What operations.startCase starts, without its checks and its first query.
      await client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
        workflowId: `case-${id}`,
        taskQueue,
        args: [{ caseId: id, procedureId: 'escalation-ladder', startedBy: contractManager, data: { provider: 'AGB-BENCH01', signal }, optOut: false, calendar: {} }],
        typedSearchAttributes: [{ key: JfCaseId, value: id }, { key: JfProcedure, value: 'escalation-ladder' }, { key: JfProvider, value: 'AGB-BENCH01' }],
      });
    },
    async send(id, i) {
      const view = await sendEvent(ops, { caseId: id, actor: contractManager, requestId: randomUUID(), ...benchEvent(i) });
      return view.state;
    },
    async show(id) {
      return (await showCase(ops, { caseId: id })).state;
    },
    async close(id) {
      await sendEvent(ops, { caseId: id, actor: contractManager, type: 'case.closed', payload: closing });
    },
  };
}

/** The baseline workflow; `searchAttributes: false` gives the plain variant. */
export function baselineDriver(client: Client, taskQueue: string, opts: { searchAttributes?: boolean } = {}): Driver {
  const searchAttributes = opts.searchAttributes ?? true;
  const workflowId = (id: string) => `${searchAttributes ? 'baseline' : 'plain'}-${id}`;
  const provider = 'AGB-BENCH01';
  const launch = (id: string) =>
    client.workflow.start<typeof baselineWorkflow>('baselineWorkflow', {
      workflowId: workflowId(id),
      taskQueue,
      args: [{ caseId: id, provider, data: { provider, signal }, searchAttributes }],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      // As operations.startCase does.
      ...(searchAttributes
        ? { typedSearchAttributes: [{ key: JfCaseId, value: id }, { key: JfProcedure, value: 'escalation-ladder' }, { key: JfProvider, value: provider }] }
        : {}),
    });
  return {
    variant: searchAttributes ? 'baseline' : 'plain',
    taskQueue,
    workflowId,
    async launch(id) {
      await launch(id);
    },
    async start(id) {
      await (await launch(id)).query(baselineCaseQuery);
    },
    async send(id, i) {
      const view = await client.workflow.getHandle(workflowId(id)).executeUpdate(baselineSendEventUpdate, {
        args: [{ actor: contractManager, ...benchEvent(i) }],
        updateId: randomUUID(),
      });
      return view.state;
    },
    async show(id) {
      return (await client.workflow.getHandle(workflowId(id)).query(baselineCaseQuery)).state;
    },
    async close(id) {
      await client.workflow.getHandle(workflowId(id)).executeUpdate(baselineSendEventUpdate, {
        args: [{ actor: contractManager, type: 'case.closed', payload: closing }],
        updateId: randomUUID(),
      });
    },
  };
}
