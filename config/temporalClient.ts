// The client side of the connections to Temporal built from the configuration: address, namespace,
// TLS (mTLS files or server-side TLS) and API key. Never imports @temporalio/worker (its native
// bridge), so the CLI and other client-only callers start fast; config/temporal.ts adds the worker's
// native connection with the same settings.
import { readFile } from 'node:fs/promises';
import { Client, Connection, type TLSConfig } from '@temporalio/client';
import { jeugdflowDataConverter, type KeyRing } from '../security/index.ts';
import { ConfigError, keyRingOf, temporalAddress, usesDevServer, usesTls, type Config } from './index.ts';

async function readTlsFile(variable: string, file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    throw new ConfigError(`Invalid configuration: ${variable} must be a readable file (${file}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
}

/** TLS settings for both connection kinds: false (plaintext), or a TLSConfig read from the files. */
export async function tlsConfig(config: Config): Promise<TLSConfig | false> {
  if (!usesTls(config)) return false;
  const tls: TLSConfig = {};
  if (config.TEMPORAL_TLS_SERVER_NAME) tls.serverNameOverride = config.TEMPORAL_TLS_SERVER_NAME;
  if (config.TEMPORAL_TLS_CA_PATH) tls.serverRootCACertificate = await readTlsFile('TEMPORAL_TLS_CA_PATH', config.TEMPORAL_TLS_CA_PATH);
  if (config.TEMPORAL_TLS_CERT_PATH && config.TEMPORAL_TLS_KEY_PATH) {
    tls.clientCertPair = {
      crt: await readTlsFile('TEMPORAL_TLS_CERT_PATH', config.TEMPORAL_TLS_CERT_PATH),
      key: await readTlsFile('TEMPORAL_TLS_KEY_PATH', config.TEMPORAL_TLS_KEY_PATH),
    };
  }
  return tls;
}

export async function connectionOptions(config: Config): Promise<{ address: string; tls: TLSConfig | false; apiKey?: string }> {
  return {
    address: temporalAddress(config),
    tls: await tlsConfig(config),
    ...(config.TEMPORAL_API_KEY ? { apiKey: config.TEMPORAL_API_KEY } : {}),
  };
}

/** "Cannot reach Temporal at …" with a hint that fits how jeugdflow is run. */
export function unreachable(config: Config, err: unknown): Error {
  const hint = usesDevServer(config)
    ? 'is `npm start` running? (or set TEMPORAL_ADDRESS)'
    : 'check TEMPORAL_ADDRESS and the TLS / API key settings';
  return new Error(`Cannot reach Temporal at ${temporalAddress(config)}: ${(err as Error).message}; ${hint}`, { cause: err });
}

/** A bare connection (operator and system calls only: it carries no payloads, so it needs no keys). */
export async function connectTemporal(config: Config): Promise<Connection> {
  try {
    return await Connection.connect({ ...(await connectionOptions(config)), connectTimeout: '10s' });
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw unreachable(config, err);
  }
}

/**
 * A client for the configured namespace with the encrypting data converter, its connection (close it
 * when done) and the key ring (for the personal-data seal). The keys are checked before connecting.
 */
export async function connectClient(config: Config, keys: KeyRing = keyRingOf(config)): Promise<{ client: Client; connection: Connection; keys: KeyRing }> {
  const connection = await connectTemporal(config);
  return { client: new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: jeugdflowDataConverter(keys) }), connection, keys };
}

