// A worker in a child process of the benchmark, so its RSS and CPU are the worker's alone.
// `engine`: the real case workflow bundle and activities (mail effects only logged); `baseline`:
// bench/baselineWorkflow.ts. Talks to bench/main.ts over IPC (status, stop, CPU profile).
//
//   node --import tsx --expose-gc bench/workerProcess.ts <engine|baseline> <taskQueue> <bundlePath> <maxCachedWorkflows> [profile]
//
// `profile`: workflows run in the main thread (the SDK's debugMode), so a CPU profile taken with the
// inspector covers the workflow code too; figures from such a run are not comparable with others.
// Connects with the jeugdflow configuration (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TLS).
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { DefaultLogger, Runtime, Worker, makeTelemetryFilterString } from '@temporalio/worker';
import { pino } from 'pino';
import { createActivities } from '../activities/index.ts';
import { keyRingOf, loadConfig } from '../config/index.ts';
import { jeugdflowDataConverter } from '../security/index.ts';
import { connectNative } from '../config/temporal.ts';
import type { ChildMessage, ParentMessage } from './ipc.ts';

const [kind, taskQueue, codePath, maxCached, mode] = process.argv.slice(2);
if ((kind !== 'engine' && kind !== 'baseline') || !taskQueue || !codePath || !maxCached) {
  console.error('usage: workerProcess.ts <engine|baseline> <taskQueue> <bundlePath> <maxCachedWorkflows>');
  process.exit(2);
}

const send = (msg: ChildMessage) => process.send?.(msg);

Runtime.install({
  // Under load the SDK warns about speculative workflow tasks the server dropped ("Task not found"): expected, not shown.
  logger: new DefaultLogger('ERROR'),
  telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } },
});

const config = loadConfig();
const connection = await connectNative(config);
const worker = await Worker.create({
  connection,
  namespace: config.TEMPORAL_NAMESPACE,
  taskQueue,
  workflowBundle: { codePath },
  dataConverter: jeugdflowDataConverter(keyRingOf(config)),
  activities: createActivities({ logger: pino({ level: 'silent' }) }),
  maxCachedWorkflows: Number(maxCached),
  ...(mode === 'profile' ? { debugMode: true } : {}),
});

let session: Session | undefined;
async function profile(msg: Extract<ParentMessage, { type: 'profile' }>): Promise<void> {
  if (msg.action === 'start') {
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    return;
  }
  if (!session) return;
  const { profile } = await session.post('Profiler.stop');
  await writeFile(msg.file, JSON.stringify(profile));
  session.disconnect();
  session = undefined;
  send({ type: 'profiled', file: msg.file });
}

async function status(): Promise<ChildMessage> {
  // Only the main thread's heap can be collected from here; workflows run in a worker thread.
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((r) => setTimeout(r, 500));
  const mem = process.memoryUsage();
  return { type: 'status', rss: mem.rss, heapUsed: mem.heapUsed, numCachedWorkflows: worker.getStatus().numCachedWorkflows };
}

process.on('message', (msg: ParentMessage) => {
  if (msg.type === 'status') void status().then(send);
  if (msg.type === 'stop') worker.shutdown();
  if (msg.type === 'profile') void profile(msg);
});
// The parent went away: stop too.
process.on('disconnect', () => worker.getState() === 'RUNNING' && worker.shutdown());

const running = worker.run();
send({ type: 'ready', pid: process.pid });
await running;
await connection.close();
// A clean exit writes the CPU profile when started with --cpu-prof.
process.exit(0);
