// One place for the versions and settings of the production-shaped stack, shared by
// docker-compose.yml (checked against this file by test/setup/compose.test.ts, since YAML cannot
// import) and the Docker-free stack on this machine (scripts/cluster.ts, scripts/temporalServer.ts,
// the server build in scripts/installToolchain.mjs). Change a version here and in the compose file
// together; the test fails until both agree. Node built-ins only (the postinstall imports it).

/** Temporal server: the temporalio/server image tag, and the go.temporal.io/server module version built locally. */
export const TEMPORAL_SERVER_VERSION = '1.29.1';
export const TEMPORAL_SERVER_MODULE = 'go.temporal.io/server';
/** The admin-tools image that runs temporal-sql-tool in compose (same server version). */
export const TEMPORAL_ADMIN_TOOLS_TAG = `${TEMPORAL_SERVER_VERSION}-tctl-1.18.4-cli-1.5.0`;
export const TEMPORAL_UI_VERSION = '2.34.0';
/** The compose PostgreSQL image; locally Debian's `postgresql` package (any major ≥ 12: the postgres12 SQL plugin). */
export const POSTGRES_IMAGE_VERSION = '16.6';
export const POSTGRES_MIN_MAJOR = 12;
export const MAILPIT_VERSION = 'v1.20.4';

export const STACK_SETTINGS = Object.freeze({
  /** temporal-sql-tool / server SQL plugin. */
  sqlPlugin: 'postgres12',
  /** Schema folders inside the server module (…/temporal/versioned and …/visibility/versioned). */
  schemaDir: 'schema/postgresql/v12',
  temporalDatabase: 'temporal',
  visibilityDatabase: 'temporal_visibility',
  temporalUser: 'temporal',
  jeugdflowDatabase: 'jeugdflow',
  jeugdflowUser: 'jeugdflow',
  /** Fixed at cluster creation; the temporalio/server image's NUM_HISTORY_SHARDS. */
  numHistoryShards: 4,
  /** Namespace retention of closed workflows (temporal operator namespace create --retention). */
  namespaceRetention: '30d',
  /** jeugdflow workers (compose: deploy.replicas). */
  workerReplicas: 2,
  /** Mail catcher SMTP port (mailpit's and the embedded catcher's). */
  smtpPort: 1025,
});
