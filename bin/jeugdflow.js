#!/usr/bin/env node
// Entry point of `npx jeugdflow`. Runs the CLI compiled at install (dist/cli, scripts/buildCli.mjs)
// when it is up to date: no input of the bundle (the list from esbuild's metafile in build.json) is
// newer than the build. Otherwise (no build, an edited source, JEUGDFLOW_CLI_TSX=1) it loads the
// TypeScript CLI through tsx, so a developer editing the CLI never runs stale code.
//
// The bundle is one CommonJS file, compiled here with vm.Script and V8's code cache of it: the first
// run of a command writes dist/cli/cache/<command>-<V8 version>.cache (temp file, then rename; a
// read-only install just runs without one), later runs of that command hand it to V8 and skip most
// parsing and compiling. V8 checks the cache against its own version and flags and refuses a bad
// one (then it is rewritten); a new build replaces dist/cli and its caches together.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, Script } from 'node:vm';

const root = new URL('../', import.meta.url);
const dist = new URL('dist/cli/', root);

/** The build (entry file URL) if it is fresh, else undefined. */
function freshBundle() {
  if (process.env.JEUGDFLOW_CLI_TSX === '1') return undefined;
  try {
    const build = JSON.parse(readFileSync(new URL('build.json', dist), 'utf8'));
    for (const input of build.inputs) {
      if (statSync(new URL(input, root)).mtimeMs > build.startedAt) return undefined;
    }
    return new URL(build.entry, dist);
  } catch {
    // No build, an unreadable build.json or a removed input: the sources are the truth.
    return undefined;
  }
}

/** The cache of this command: its name when it looks like one (the first argument), else `main`. */
function cacheFile(argv) {
  const command = /^[a-z][a-z-]{0,30}$/.test(argv[2] ?? '') ? argv[2] : 'main';
  return new URL(`cache/${command}-${process.versions.v8.replace(/[^\w.-]/g, '_')}.cache`, dist);
}

/** Loads the CommonJS bundle through vm.Script with the command's code cache; returns main and a saver. */
function loadCompiled(entry, argv) {
  const filename = fileURLToPath(entry);
  const cache = cacheFile(argv);
  let cachedData;
  try {
    cachedData = readFileSync(cache);
  } catch {
    // No cache yet: this run writes it.
  }
  const script = new Script(Module.wrap(readFileSync(filename, 'utf8')), {
    filename,
    ...(cachedData ? { cachedData } : {}),
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const mod = new Module(filename);
  mod.filename = filename;
  mod.paths = Module._nodeModulePaths(dirname(filename));
  script.runInThisContext()(mod.exports, createRequire(filename), mod, filename, dirname(filename));
  mod.loaded = true;
  const saveCache = () => {
    if (cachedData && !script.cachedDataRejected) return;
    try {
      mkdirSync(new URL('cache/', dist), { recursive: true });
      const tmp = new URL(`${cache.href}.${process.pid}.tmp`);
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, cache);
    } catch {
      // A read-only install: the CLI works the same, only without the cache.
    }
  };
  return { main: mod.exports.main, saveCache };
}

const bundle = freshBundle();
if (bundle?.pathname.endsWith('.cjs')) {
  const { main, saveCache } = loadCompiled(bundle, process.argv);
  process.exitCode = await main(process.argv);
  saveCache();
} else if (bundle) {
  const { main } = await import(bundle.href);
  process.exitCode = await main(process.argv);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../cli/main.ts');
  process.exitCode = await main(process.argv);
}
