// Where jeugdflow's local Temporal toolchain lives, and how to find it. Node built-ins only:
// shared by the postinstall installer (installToolchain.mjs) and the TypeScript code (toolchain.ts).
//
// Resolution order, the same everywhere:
//   Temporal CLI:         $TEMPORAL_CLI → per-user cache (pinned build) → `temporal` on PATH
//   Java test server:     $TEMPORAL_TEST_SERVER → per-user cache (Maven artifact + run script)
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { TEMPORAL_SERVER_MODULE, TEMPORAL_SERVER_VERSION } from './stackVersions.mjs';

export { TEMPORAL_SERVER_MODULE, TEMPORAL_SERVER_VERSION };

export const TEMPORAL_CLI_VERSION = 'v1.5.1';
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';
export const TEST_SERVER_VERSION = '1.38.0';
export const TEST_SERVER_ARTIFACT = { groupId: 'io.temporal', artifactId: 'temporal-test-server', version: TEST_SERVER_VERSION };
export const TEST_SERVER_MAIN_CLASS = 'io.temporal.testserver.TestServer';
/** go install @v1.5.1 needs Go 1.25, which Go 1.21+ downloads by itself (GOTOOLCHAIN=auto). */
export const MIN_GO_MINOR = 21;

const exe = process.platform === 'win32' ? '.exe' : '';

/** `${JEUGDFLOW_CACHE_DIR:-${XDG_CACHE_HOME:-~/.cache}/jeugdflow}` */
export function cacheRoot(env = process.env) {
  if (env.JEUGDFLOW_CACHE_DIR) return resolve(env.JEUGDFLOW_CACHE_DIR);
  return join(env.XDG_CACHE_HOME ? resolve(env.XDG_CACHE_HOME) : join(homedir(), '.cache'), 'jeugdflow');
}

export function temporalCliDir(env = process.env) {
  return join(cacheRoot(env), `temporal-cli-${TEMPORAL_CLI_VERSION}`);
}

export function cachedTemporalCliPath(env = process.env) {
  return join(temporalCliDir(env), `temporal${exe}`);
}

export function testServerDir(env = process.env) {
  return join(cacheRoot(env), `temporal-test-server-${TEST_SERVER_VERSION}`);
}

export function cachedTestServerScript(env = process.env) {
  return join(testServerDir(env), 'run-test-server.sh');
}

/** The Temporal server and temporal-sql-tool built from go.temporal.io/server (the Docker-free stack), with its PostgreSQL schema. */
export function temporalServerDir(env = process.env) {
  return join(cacheRoot(env), `temporal-server-v${TEMPORAL_SERVER_VERSION}`);
}

/**
 * The server pieces of `npm run stack:cluster`: $TEMPORAL_SERVER_DIR (a folder with temporal-server,
 * temporal-sql-tool and schema/postgresql/v12), else the cached build.
 * @returns {{ server: string, sqlTool: string, schemaDir: string, source: 'TEMPORAL_SERVER_DIR' | 'cache' } | { error: string }}
 */
export function locateTemporalServer(env = process.env) {
  const dir = env.TEMPORAL_SERVER_DIR ? resolve(env.TEMPORAL_SERVER_DIR) : temporalServerDir(env);
  const server = join(dir, `temporal-server${exe}`);
  const sqlTool = join(dir, `temporal-sql-tool${exe}`);
  const schemaDir = join(dir, 'schema', 'postgresql', 'v12');
  if (isExecutableFile(server) && isExecutableFile(sqlTool) && existsSync(join(schemaDir, 'temporal', 'versioned'))) {
    return { server, sqlTool, schemaDir, source: env.TEMPORAL_SERVER_DIR ? 'TEMPORAL_SERVER_DIR' : 'cache' };
  }
  if (env.TEMPORAL_SERVER_DIR) return { error: messages.serverDirBad(env.TEMPORAL_SERVER_DIR) };
  return { error: messages.serverNotBuilt };
}

export function isExecutableFile(file) {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findOnPath(name, env = process.env) {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name + exe);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/** The java binary the test server will use: $JAVA_HOME/bin/java, else java on PATH. */
export function findJava(env = process.env) {
  if (env.JAVA_HOME) {
    const candidate = join(env.JAVA_HOME, 'bin', `java${exe}`);
    if (isExecutableFile(candidate)) return candidate;
  }
  return findOnPath('java', env);
}

/** Minor version of `go version` (go1.22.3 → 22), or undefined when Go is missing or unreadable. */
export function goMinorVersion(goBinary) {
  try {
    const out = execFileSync(goBinary, ['version'], { encoding: 'utf8', timeout: 20_000, stdio: ['ignore', 'pipe', 'ignore'] });
    const m = /go1\.(\d+)/.exec(out);
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

export const messages = {
  needGo:
    'jeugdflow: Go 1.21+ is needed to build the Temporal CLI once (apt-get install golang-go or https://go.dev/dl); ' +
    'or set TEMPORAL_CLI=/path/to/temporal to use an existing one',
  goTooOld: (minor) =>
    `jeugdflow: Go 1.21+ is needed to build the Temporal CLI once, found go1.${minor} (https://go.dev/dl); ` +
    'or set TEMPORAL_CLI=/path/to/temporal to use an existing one',
  cliNotBuilt:
    `jeugdflow: the Temporal CLI ${TEMPORAL_CLI_VERSION} is not installed yet; run \`node scripts/installToolchain.mjs\` ` +
    '(one time, needs Go 1.21+) or set TEMPORAL_CLI=/path/to/temporal',
  cliOverrideBad: (value) => `jeugdflow: TEMPORAL_CLI=${value} is not an executable file`,
  needJava:
    'jeugdflow: Java 17+ is needed to run the Temporal test server (apt-get install openjdk-17-jre-headless or https://adoptium.net); ' +
    'or set TEMPORAL_TEST_SERVER=/path/to/temporal-test-server',
  needMaven:
    'jeugdflow: Maven is needed once to fetch the Temporal test server (apt-get install maven or https://maven.apache.org/download.cgi); ' +
    'or set TEMPORAL_TEST_SERVER=/path/to/temporal-test-server',
  testServerNotInstalled:
    `jeugdflow: the Temporal test server ${TEST_SERVER_VERSION} is not installed yet; run \`node scripts/installToolchain.mjs\` ` +
    '(one time, needs Java 17+ and Maven) or set TEMPORAL_TEST_SERVER=/path/to/temporal-test-server',
  serverNotBuilt:
    `jeugdflow: the Temporal server v${TEMPORAL_SERVER_VERSION} is not built yet; run \`node scripts/installToolchain.mjs --cluster\` ` +
    '(one time, about 8 minutes, needs Go 1.21+) or set TEMPORAL_SERVER_DIR to a folder with temporal-server, temporal-sql-tool and schema/postgresql/v12',
  serverDirBad: (value) => `jeugdflow: TEMPORAL_SERVER_DIR=${value} needs temporal-server, temporal-sql-tool (executable) and schema/postgresql/v12`,
  testServerOverrideBad: (value) => `jeugdflow: TEMPORAL_TEST_SERVER=${value} is not an executable file`,
};

/**
 * @returns {{ path: string, source: 'TEMPORAL_CLI' | 'cache' | 'PATH' } | { error: string }}
 */
export function locateTemporalCli(env = process.env) {
  if (env.TEMPORAL_CLI) {
    const file = resolve(env.TEMPORAL_CLI);
    return isExecutableFile(file) ? { path: file, source: 'TEMPORAL_CLI' } : { error: messages.cliOverrideBad(env.TEMPORAL_CLI) };
  }
  const cached = cachedTemporalCliPath(env);
  if (isExecutableFile(cached)) return { path: cached, source: 'cache' };
  const onPath = findOnPath('temporal', env);
  if (onPath) return { path: onPath, source: 'PATH' };
  const go = findOnPath('go', env);
  if (!go) return { error: messages.needGo };
  return { error: messages.cliNotBuilt };
}

/**
 * The command that starts the time-skipping test server; the caller appends the port.
 * @returns {{ command: string, args: string[], source: 'TEMPORAL_TEST_SERVER' | 'cache' } | { error: string }}
 */
export function locateTestServer(env = process.env) {
  if (env.TEMPORAL_TEST_SERVER) {
    const file = resolve(env.TEMPORAL_TEST_SERVER);
    return isExecutableFile(file)
      ? { command: file, args: [], source: 'TEMPORAL_TEST_SERVER' }
      : { error: messages.testServerOverrideBad(env.TEMPORAL_TEST_SERVER) };
  }
  const script = cachedTestServerScript(env);
  if (!findJava(env)) return { error: messages.needJava };
  if (!isExecutableFile(script) || !existsSync(join(testServerDir(env), 'lib'))) {
    return { error: findOnPath('mvn', env) ? messages.testServerNotInstalled : messages.needMaven };
  }
  return { command: script, args: [], source: 'cache' };
}
