// Where the local Temporal toolchain is found: overrides first, then the per-user cache, then PATH;
// a missing piece is one line saying what to install.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ToolchainError, resolveTemporalCli, resolveTestServerCommand } from '../../scripts/toolchain.ts';
import {
  TEMPORAL_SERVER_VERSION,
  cacheRoot,
  cachedTemporalCliPath,
  cachedTestServerScript,
  locateTemporalServer,
  messages,
  temporalServerDir,
} from '../../scripts/toolchainPaths.mjs';

const dir = mkdtempSync(join(tmpdir(), 'jeugdflow-toolchain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function executable(path: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
  return path;
}

describe('toolchain', () => {
  it('caches per user, outside the repo: JEUGDFLOW_CACHE_DIR, else XDG_CACHE_HOME/jeugdflow, else ~/.cache/jeugdflow', () => {
    expect(cacheRoot({ JEUGDFLOW_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x' })).toBe('/c');
    expect(cacheRoot({ XDG_CACHE_HOME: '/x' })).toBe('/x/jeugdflow');
    expect(cacheRoot({})).toBe(join(homedir(), '.cache', 'jeugdflow'));
    expect(cachedTemporalCliPath({ JEUGDFLOW_CACHE_DIR: '/c' })).toBe('/c/temporal-cli-v1.5.1/temporal');
    expect(cachedTestServerScript({ JEUGDFLOW_CACHE_DIR: '/c' })).toBe('/c/temporal-test-server-1.38.0/run-test-server.sh');
  });

  it('prefers TEMPORAL_CLI, then the cached build, then temporal on PATH', () => {
    const cache = join(dir, 'cache');
    const onPath = executable(join(dir, 'bin', 'temporal'));
    const own = executable(join(dir, 'own-temporal'));
    const env = { JEUGDFLOW_CACHE_DIR: cache, PATH: join(dir, 'bin') };
    expect(resolveTemporalCli(env)).toBe(onPath);
    const cached = executable(cachedTemporalCliPath(env));
    expect(resolveTemporalCli(env)).toBe(cached);
    expect(resolveTemporalCli({ ...env, TEMPORAL_CLI: own })).toBe(own);
  });

  it('says in one line what to install when the CLI is missing', () => {
    const env = { JEUGDFLOW_CACHE_DIR: join(dir, 'empty'), PATH: join(dir, 'nothing-here') };
    expect(() => resolveTemporalCli(env)).toThrow(ToolchainError);
    expect(() => resolveTemporalCli(env)).toThrow(/^jeugdflow: Go 1\.21\+ is needed to build the Temporal CLI.*TEMPORAL_CLI=/);
    expect(() => resolveTemporalCli({ ...env, TEMPORAL_CLI: '/no/such/temporal' })).toThrow('TEMPORAL_CLI=/no/such/temporal is not an executable file');
  });

  it('starts the test server from TEMPORAL_TEST_SERVER with the port as its argument', () => {
    const own = executable(join(dir, 'test-server'));
    expect(resolveTestServerCommand(7233, { TEMPORAL_TEST_SERVER: own })).toEqual({ command: own, args: ['7233'] });
    expect(() => resolveTestServerCommand(7233, { JEUGDFLOW_CACHE_DIR: join(dir, 'empty'), PATH: '' })).toThrow(/^jeugdflow: Java 17\+ is needed/);
  });
});

describe('the cluster stack\'s Temporal server (npm run stack:cluster)', () => {
  it('is found in TEMPORAL_SERVER_DIR, else in the cache folder of the compose file\'s server version, with its PostgreSQL schema', () => {
    const cache = join(dir, 'server-cache');
    const env = { JEUGDFLOW_CACHE_DIR: cache };
    expect(temporalServerDir(env)).toBe(join(cache, `temporal-server-v${TEMPORAL_SERVER_VERSION}`));
    expect(locateTemporalServer(env)).toEqual({ error: messages.serverNotBuilt });
    const server = executable(join(temporalServerDir(env), 'temporal-server'));
    const sqlTool = executable(join(temporalServerDir(env), 'temporal-sql-tool'));
    // Binaries without the schema are not enough: the SQL tool needs its versioned folders.
    expect(locateTemporalServer(env)).toEqual({ error: messages.serverNotBuilt });
    mkdirSync(join(temporalServerDir(env), 'schema', 'postgresql', 'v12', 'temporal', 'versioned'), { recursive: true });
    expect(locateTemporalServer(env)).toEqual({ server, sqlTool, schemaDir: join(temporalServerDir(env), 'schema', 'postgresql', 'v12'), source: 'cache' });
  });

  it('says in one line how to build it when it is missing, and what a bad TEMPORAL_SERVER_DIR lacks', () => {
    const found = locateTemporalServer({ JEUGDFLOW_CACHE_DIR: join(dir, 'empty') });
    expect('error' in found && found.error).toMatch(/^jeugdflow: the Temporal server v1\.29\.1 is not built yet; run `node scripts\/installToolchain\.mjs --cluster`/);
    const bad = locateTemporalServer({ TEMPORAL_SERVER_DIR: '/no/such/dir' });
    expect('error' in bad && bad.error).toBe('jeugdflow: TEMPORAL_SERVER_DIR=/no/such/dir needs temporal-server, temporal-sql-tool (executable) and schema/postgresql/v12');
  });
});
