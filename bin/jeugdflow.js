#!/usr/bin/env node
// Entry point of `npx jeugdflow`. Runs the CLI compiled at install (dist/cli, scripts/buildCli.mjs)
// when it is up to date: no input of the bundle (the list from esbuild's metafile in build.json) is
// newer than the build. Otherwise (no build, an edited source, JEUGDFLOW_CLI_TSX=1) it loads the
// TypeScript CLI through tsx, so a developer editing the CLI never runs stale code.
import { readFileSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const dist = new URL('dist/cli/', root);

/** The URL of the compiled CLI if it is fresh, else undefined. */
function freshBundle() {
  if (process.env.JEUGDFLOW_CLI_TSX === '1') return undefined;
  try {
    const build = JSON.parse(readFileSync(new URL('build.json', dist), 'utf8'));
    for (const input of build.inputs) {
      if (statSync(new URL(input, root)).mtimeMs > build.startedAt) return undefined;
    }
    return new URL(build.entry, dist).href;
  } catch {
    // No build, an unreadable build.json or a removed input: the sources are the truth.
    return undefined;
  }
}

const bundle = freshBundle();
let main;
if (bundle) {
  ({ main } = await import(bundle));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../cli/main.ts'));
}
process.exitCode = await main(process.argv);
