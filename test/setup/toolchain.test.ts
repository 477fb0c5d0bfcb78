// Where the local Temporal toolchain is found: overrides first, then the per-user cache, then PATH;
// a missing piece is one line saying what to install.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ToolchainError, resolveTemporalCli, resolveTestServerCommand } from '../../scripts/toolchain.ts';
import { cacheRoot, cachedTemporalCliPath, cachedTestServerScript } from '../../scripts/toolchainPaths.mjs';

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
