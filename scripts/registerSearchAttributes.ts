// One-shot: registers jeugdflow's search attributes on the configured cluster (TEMPORAL_ADDRESS,
// TEMPORAL_NAMESPACE, TLS / API key settings), waiting up to 2 minutes for the namespace to exist.
// Used by docker-compose.yml (service jeugdflow-setup) before the workers start; `npm start` does
// the same on its own. Exit 0 when all are there, 1 otherwise.
//   node --import tsx scripts/registerSearchAttributes.ts
import { isGrpcServiceError } from '@temporalio/client';
import { ConfigError, loadConfig, temporalAddress } from '../config/index.ts';
import { registerSearchAttributes } from '../config/searchAttributes.ts';
import { connectTemporal } from '../config/temporal.ts';

const GRPC_NOT_FOUND = 5;

async function main(): Promise<number> {
  const config = loadConfig();
  const connection = await connectTemporal(config);
  try {
    const deadline = Date.now() + 120_000;
    for (;;) {
      try {
        await connection.workflowService.describeNamespace({ namespace: config.TEMPORAL_NAMESPACE });
        break;
      } catch (err) {
        if (!(isGrpcServiceError(err) && err.code === GRPC_NOT_FOUND) || Date.now() > deadline) throw err;
        console.log(`jeugdflow: waiting for namespace '${config.TEMPORAL_NAMESPACE}'…`);
        await new Promise((r) => setTimeout(r, 2_000));
      }
    }
    const { added } = await registerSearchAttributes(connection, config.TEMPORAL_NAMESPACE);
    console.log(
      added.length > 0
        ? `jeugdflow: registered search attributes ${added.join(', ')} on ${temporalAddress(config)}`
        : `jeugdflow: search attributes already registered on ${temporalAddress(config)}`,
    );
    return 0;
  } finally {
    await connection.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof ConfigError ? `jeugdflow: ${err.message}` : `jeugdflow: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
