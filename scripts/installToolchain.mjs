#!/usr/bin/env node
// postinstall: provides the Temporal CLI (dev server) and the Java time-skipping test server ONCE,
// in a per-user cache outside the repo, so later runs, fresh clones and CI reuse them:
//
//   ${JEUGDFLOW_CACHE_DIR:-${XDG_CACHE_HOME:-~/.cache}/jeugdflow}/
//     temporal-cli-v1.5.1/temporal                          go install github.com/temporalio/cli/cmd/temporal@v1.5.1
//     temporal-test-server-1.38.0/{pom.xml,lib/*.jar,run-test-server.sh}
//     temporal-server-v1.29.1/{temporal-server,temporal-sql-tool,schema/postgresql/v12/…}   only with --cluster:
//                                 go install go.temporal.io/server/cmd/server@v1.29.1 …/cmd/tools/sql@v1.29.1,
//                                 the schema copied from the module in `go env GOMODCACHE`
//
// Each one is built in a temp dir next to its final place and renamed into place when complete, so a
// killed install never leaves a half cache. A missing Go/Java/Maven prints one line saying what to
// install and exits 0: `npm install` completes, and `npm start` / `npm test` stop later with the same line.
// Set JEUGDFLOW_SKIP_TOOLCHAIN=1 to skip everything (Docker images), TEMPORAL_CLI / TEMPORAL_TEST_SERVER
// to use existing binaries.
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  MIN_GO_MINOR,
  TEMPORAL_CLI_MODULE,
  TEMPORAL_CLI_VERSION,
  TEST_SERVER_ARTIFACT,
  TEST_SERVER_MAIN_CLASS,
  TEST_SERVER_VERSION,
  TEMPORAL_SERVER_MODULE,
  TEMPORAL_SERVER_VERSION,
  cacheRoot,
  locateTemporalServer,
  temporalServerDir,
  findJava,
  findOnPath,
  goMinorVersion,
  locateTemporalCli,
  locateTestServer,
  messages,
  temporalCliDir,
  testServerDir,
} from './toolchainPaths.mjs';

const say = (line) => console.log(`jeugdflow: ${line}`);
const warn = (line) => console.warn(line.startsWith('jeugdflow:') ? line : `jeugdflow: ${line}`);

/** Runs a command with output going to a log file; resolves with the exit code. */
function run(command, args, { cwd, env, logFile }) {
  return new Promise((resolvePromise) => {
    const log = createWriteStream(logFile, { flags: 'a' });
    log.write(`$ ${command} ${args.join(' ')}\n`);
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.on('error', (err) => {
      log.end(`\n${err.message}\n`);
      resolvePromise(-1);
    });
    child.on('close', (code) => {
      log.end(`\n[exit ${code}]\n`);
      resolvePromise(code ?? -1);
    });
  });
}

/** Prints "…still busy (N min)" every minute while `promise` runs. */
async function withHeartbeat(label, promise) {
  const started = Date.now();
  const timer = setInterval(() => say(`${label} still running (${Math.round((Date.now() - started) / 60_000)} min)…`), 60_000);
  try {
    return await promise;
  } finally {
    clearInterval(timer);
  }
}

/** Temp dirs are named .tmp-<pid>-…; remove those whose installer process is gone. */
async function removeStaleTempDirs(root) {
  let entries = [];
  try {
    entries = await readdir(root);
  } catch {
    return;
  }
  for (const name of entries) {
    const m = /^\.tmp-(\d+)-/.exec(name);
    if (!m) continue;
    let alive = false;
    try {
      process.kill(Number(m[1]), 0);
      alive = true;
    } catch (err) {
      alive = err.code === 'EPERM';
    }
    if (!alive) await rm(join(root, name), { recursive: true, force: true });
  }
}

/** Moves a finished temp dir into place; if another installer won the race, keeps theirs. */
async function publish(tmp, finalDir) {
  try {
    await rename(tmp, finalDir);
  } catch (err) {
    if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
    await rm(tmp, { recursive: true, force: true });
  }
}

function versionOf(binary) {
  try {
    return execFileSync(binary, ['--version'], { encoding: 'utf8', timeout: 20_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

async function ensureTemporalCli(root) {
  const found = locateTemporalCli();
  if ('path' in found) {
    const version = versionOf(found.path);
    const from = { TEMPORAL_CLI: 'from TEMPORAL_CLI', cache: 'cached', PATH: 'from PATH' }[found.source];
    say(`Temporal CLI ${from}: ${found.path}${version ? ` (${version})` : ''}`);
    return true;
  }
  if (process.env.TEMPORAL_CLI) {
    warn(found.error);
    return false;
  }
  const go = findOnPath('go');
  if (!go) {
    warn(messages.needGo);
    return false;
  }
  const minor = goMinorVersion(go);
  if (minor !== undefined && minor < MIN_GO_MINOR) {
    warn(messages.goTooOld(minor));
    return false;
  }

  const tmp = await mkdtemp(join(root, `.tmp-${process.pid}-temporal-cli-`));
  // Stripped (-s -w: ~250 MB → ~210 MB) and stamped with its version, as the release builds are.
  const ldflags = `-s -w -X github.com/temporalio/cli/temporalcli.Version=${TEMPORAL_CLI_VERSION.replace(/^v/, '')}`;
  const logFile = join(root, `temporal-cli-${TEMPORAL_CLI_VERSION}-build.log`);
  await rm(logFile, { force: true });
  say(`building the Temporal CLI ${TEMPORAL_CLI_VERSION} with go install (one time, about 5 minutes)…`);
  const started = Date.now();
  const code = await withHeartbeat(
    'Temporal CLI build',
    run(go, ['install', `-ldflags=${ldflags}`, `${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION}`], {
      cwd: tmp,
      env: { ...process.env, GOBIN: tmp },
      logFile,
    }),
  );
  const binary = join(tmp, process.platform === 'win32' ? 'temporal.exe' : 'temporal');
  const version = code === 0 ? versionOf(binary) : undefined;
  if (!version) {
    await rm(tmp, { recursive: true, force: true });
    warn(`the Temporal CLI build failed (see ${logFile}); fix it and run \`node scripts/installToolchain.mjs\`, or set TEMPORAL_CLI=/path/to/temporal`);
    return false;
  }
  await chmod(tmp, 0o755);
  await publish(tmp, temporalCliDir());
  await rm(logFile, { force: true });
  say(`Temporal CLI ready in ${Math.round((Date.now() - started) / 1000)} s: ${join(temporalCliDir(), 'temporal')} (${version})`);
  return true;
}

const pom = `<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by jeugdflow's scripts/installToolchain.mjs: fetches the Temporal time-skipping test server. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>jeugdflow</groupId>
  <artifactId>temporal-test-server-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>${TEST_SERVER_ARTIFACT.groupId}</groupId>
      <artifactId>${TEST_SERVER_ARTIFACT.artifactId}</artifactId>
      <version>${TEST_SERVER_ARTIFACT.version}</version>
    </dependency>
  </dependencies>
</project>
`;

// The jars are copied next to the script (not referenced in ~/.m2), so the cache folder is
// self-contained: it survives a cleaned Maven repository and can be cached by CI on its own.
const runScript = `#!/bin/sh
# Temporal time-skipping test server ${TEST_SERVER_VERSION} (installed by jeugdflow's scripts/installToolchain.mjs).
# Usage: run-test-server.sh <port>
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
if [ -n "\${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java="$JAVA_HOME/bin/java"; else java=java; fi
exec "$java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$here/lib/*" ${TEST_SERVER_MAIN_CLASS} "$@"
`;

async function ensureTestServer(root) {
  const found = locateTestServer();
  if ('command' in found) {
    say(`Temporal test server ${found.source === 'cache' ? 'cached' : 'from TEMPORAL_TEST_SERVER'}: ${found.command}`);
    return true;
  }
  if (process.env.TEMPORAL_TEST_SERVER) {
    warn(found.error);
    return false;
  }
  if (!findJava()) {
    warn(messages.needJava);
    return false;
  }
  const mvn = findOnPath('mvn');
  if (!mvn) {
    warn(messages.needMaven);
    return false;
  }

  const tmp = await mkdtemp(join(root, `.tmp-${process.pid}-temporal-test-server-`));
  const logFile = join(root, `temporal-test-server-${TEST_SERVER_VERSION}-install.log`);
  await rm(logFile, { force: true });
  say(`fetching the Temporal test server ${TEST_SERVER_VERSION} with Maven (one time)…`);
  await writeFile(join(tmp, 'pom.xml'), pom);
  const code = await withHeartbeat(
    'Temporal test server download',
    run(mvn, ['-q', '-B', '-f', join(tmp, 'pom.xml'), 'dependency:copy-dependencies', `-DoutputDirectory=${join(tmp, 'lib')}`], {
      cwd: tmp,
      env: process.env,
      logFile,
    }),
  );
  const jar = join(tmp, 'lib', `${TEST_SERVER_ARTIFACT.artifactId}-${TEST_SERVER_VERSION}.jar`);
  const ok = code === 0 && (await stat(jar).then((s) => s.isFile(), () => false));
  if (!ok) {
    await rm(tmp, { recursive: true, force: true });
    warn(`fetching the Temporal test server failed (see ${logFile}); fix it and run \`node scripts/installToolchain.mjs\`, or set TEMPORAL_TEST_SERVER=/path/to/temporal-test-server`);
    return false;
  }
  await writeFile(join(tmp, 'run-test-server.sh'), runScript);
  await chmod(join(tmp, 'run-test-server.sh'), 0o755);
  await chmod(tmp, 0o755);
  await publish(tmp, testServerDir());
  await rm(logFile, { force: true });
  say(`Temporal test server ready: ${join(testServerDir(), 'run-test-server.sh')}`);
  return true;
}

/**
 * `--cluster` (npm run stack:cluster / test:cluster): the Temporal server and its SQL tool, built from
 * the same module version as the temporalio/server image of docker-compose.yml (scripts/stackVersions.mjs),
 * and the PostgreSQL schema of that version next to them (the Go module cache may be cleaned later).
 */
async function ensureTemporalServer(root) {
  const found = locateTemporalServer();
  if ('server' in found) {
    say(`Temporal server v${TEMPORAL_SERVER_VERSION} ${found.source === 'cache' ? 'cached' : 'from TEMPORAL_SERVER_DIR'}: ${found.server}`);
    return true;
  }
  if (process.env.TEMPORAL_SERVER_DIR) {
    warn(found.error);
    return false;
  }
  const go = findOnPath('go');
  if (!go) {
    warn(messages.needGo.replace('the Temporal CLI', 'the Temporal server'));
    return false;
  }
  const minor = goMinorVersion(go);
  if (minor !== undefined && minor < MIN_GO_MINOR) {
    warn(messages.goTooOld(minor));
    return false;
  }
  const tmp = await mkdtemp(join(root, `.tmp-${process.pid}-temporal-server-`));
  const logFile = join(root, `temporal-server-v${TEMPORAL_SERVER_VERSION}-build.log`);
  await rm(logFile, { force: true });
  say(`building the Temporal server v${TEMPORAL_SERVER_VERSION} and temporal-sql-tool with go install (one time, about 8 minutes)…`);
  const started = Date.now();
  const version = `v${TEMPORAL_SERVER_VERSION}`;
  // Outside any module (cwd = tmp), `go install pkg@version` uses the module's own go.mod: GOFLAGS
  // from the user's environment (-mod=vendor and the like) must not leak in.
  const env = { ...process.env, GOBIN: tmp, GOFLAGS: '-mod=mod' };
  const code = await withHeartbeat(
    'Temporal server build',
    run(go, ['install', '-ldflags=-s -w', `${TEMPORAL_SERVER_MODULE}/cmd/server@${version}`, `${TEMPORAL_SERVER_MODULE}/cmd/tools/sql@${version}`], { cwd: tmp, env, logFile }),
  );
  let ok = code === 0;
  if (ok) {
    try {
      await rename(join(tmp, 'server'), join(tmp, 'temporal-server'));
      await rename(join(tmp, 'sql'), join(tmp, 'temporal-sql-tool'));
      const modCache = execFileSync(go, ['env', 'GOMODCACHE'], { encoding: 'utf8', cwd: tmp, env }).trim();
      const schema = join(modCache, `${TEMPORAL_SERVER_MODULE}@${version}`, 'schema', 'postgresql', 'v12');
      await cp(schema, join(tmp, 'schema', 'postgresql', 'v12'), { recursive: true });
      // The module cache is read-only: make the copy ours.
      execFileSync('chmod', ['-R', 'u+w,a+rX', tmp]);
      ok = versionOf(join(tmp, 'temporal-server'))?.includes(TEMPORAL_SERVER_VERSION) ?? false;
    } catch (err) {
      await writeFile(logFile, `\n${err instanceof Error ? err.message : String(err)}\n`, { flag: 'a' });
      ok = false;
    }
  }
  if (!ok) {
    await rm(tmp, { recursive: true, force: true });
    warn(`the Temporal server build failed (see ${logFile}); fix it and run \`node scripts/installToolchain.mjs --cluster\`, or set TEMPORAL_SERVER_DIR`);
    return false;
  }
  await chmod(tmp, 0o755);
  await publish(tmp, temporalServerDir());
  await rm(logFile, { force: true });
  say(`Temporal server ready in ${Math.round((Date.now() - started) / 1000)} s: ${temporalServerDir()}`);
  return true;
}

async function main() {
  if (process.argv.includes('--cluster')) {
    const root = cacheRoot();
    await mkdir(root, { recursive: true });
    await removeStaleTempDirs(root);
    if (!(await ensureTemporalServer(root))) process.exitCode = 1;
    return;
  }
  if (process.env.JEUGDFLOW_SKIP_TOOLCHAIN === '1') {
    say('JEUGDFLOW_SKIP_TOOLCHAIN=1: not installing the Temporal CLI and test server');
    return;
  }
  const root = cacheRoot();
  await mkdir(root, { recursive: true });
  await removeStaleTempDirs(root);
  const [cli, testServer] = await Promise.all([ensureTemporalCli(root), ensureTestServer(root)]);
  if (!cli || !testServer) say('toolchain incomplete: `npm install` goes on; `npm start` / `npm test` need the piece named above');
}

main().catch((err) => {
  // Never a stack trace from postinstall: one line, and npm install still completes.
  warn(`toolchain install failed: ${err instanceof Error ? err.message : String(err)}`);
});
