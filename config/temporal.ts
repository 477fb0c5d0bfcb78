// Connections to Temporal built from the configuration: address, namespace, TLS (mTLS files or
// server-side TLS) and API key are applied the same way for the client and the worker. The client
// half lives in ./temporalClient.ts (no @temporalio/worker import); this module adds the worker's.
import { NativeConnection } from '@temporalio/worker';
import { ConfigError, type Config } from './index.ts';
import { connectionOptions, unreachable } from './temporalClient.ts';

export { connectClient, connectTemporal, tlsConfig } from './temporalClient.ts';

/** The native (Rust core) connection a Worker needs. */
export async function connectNative(config: Config): Promise<NativeConnection> {
  try {
    return await NativeConnection.connect(await connectionOptions(config));
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw unreachable(config, err);
  }
}
