// The worker the fault suite kills: the real case workflow (workflows/index.ts, or the same code
// pre-bundled once by the test to save the bundling time on every restart) and the real activities,
// in a process of its own so it can be killed with SIGKILL. Mail effects are only logged (no SMTP
// here); everything else is what `node --import tsx worker/main.ts` runs.
//
//   TEMPORAL_ADDRESS=… TEMPORAL_TASK_QUEUE=… [JEUGDFLOW_WORKFLOW_BUNDLE=bundle.js] [FAULTS_MAX_CACHED_WORKFLOWS=0]
//   node --import tsx test/faults/workerProcess.ts
//
// FAULTS_MAX_CACHED_WORKFLOWS=0 turns the workflow cache and with it sticky task queues off: the Java
// time-skipping test server never hands a task on a dead worker's sticky queue to another worker.
//
// Sends 'ready' over IPC once it polls. SIGTERM shuts down cleanly.
import { DefaultLogger, Runtime, Worker, makeTelemetryFilterString } from '@temporalio/worker';
import { pino } from 'pino';
import { createActivities } from '../../activities/index.ts';
import { keyRingOf, loadConfig } from '../../config/index.ts';
import { jeugdflowDataConverter } from '../../security/index.ts';
import { connectNative } from '../../config/temporal.ts';
import { bundlerOptions, workflowsPath } from '../../worker/bundle.ts';

Runtime.install({
  // Killing workers and servers makes the SDK warn a lot (task not found, connection lost): expected here.
  logger: new DefaultLogger('ERROR'),
  telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } },
});

const config = loadConfig();
const bundle = process.env.JEUGDFLOW_WORKFLOW_BUNDLE;
const maxCached = process.env.FAULTS_MAX_CACHED_WORKFLOWS;
const connection = await connectNative(config);
const worker = await Worker.create({
  connection,
  namespace: config.TEMPORAL_NAMESPACE,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  ...(bundle ? { workflowBundle: { codePath: bundle } } : { workflowsPath, bundlerOptions }),
  dataConverter: jeugdflowDataConverter(keyRingOf(config)),
  activities: createActivities({ logger: pino({ level: 'silent' }) }),
  ...(maxCached !== undefined ? { maxCachedWorkflows: Number(maxCached) } : {}),
});
process.once('SIGTERM', () => worker.shutdown());
process.once('disconnect', () => worker.getState() === 'RUNNING' && worker.shutdown());
const running = worker.run();
process.send?.('ready');
await running;
await connection.close();
process.exit(0);
