#!/usr/bin/env node
// Compiles the CLI (cli/main.ts and what it imports) ahead of time with esbuild into dist/cli/, so
// `npx jeugdflow` starts from JavaScript instead of compiling TypeScript through tsx at every start.
// Runs at `npm install` (postinstall, after the toolchain) and as `npm run build:cli`.
//
//   dist/cli/main.cjs      one CommonJS file: bin/jeugdflow.js compiles it with vm.Script and keeps
//                          V8's code cache of it per command in dist/cli/cache/ (written by the first
//                          run of that command), so later runs skip parsing and compiling most of
//                          it (about a quarter of a `show`). The CLI's dynamic import()s stay lazy:
//                          esbuild turns them into module initialisers run on first use, so
//                          `deadline` and `--help` evaluate neither Temporal nor the machines.
//   dist/cli/build.json    { startedAt, entry, inputs }: bin/jeugdflow.js runs the bundle only while
//                          no input (from esbuild's metafile) is newer than startedAt, else it falls
//                          back to tsx. A new build replaces dist/cli whole, caches included: V8
//                          checks a code cache only against the source's length, never a stale one.
//
// Packages are bundled too (one file instead of hundreds: @temporalio/client with grpc-js and the
// protobuf roots loads in about a fifth of the time); only the worker with its native bridge, and PGlite
// (it reads its WebAssembly and data files next to its own module), stay in
// node_modules (the CLI never imports the worker; PGlite it requires from there, its CommonJS build).
// `import.meta.url` in a source file is rewritten to that source file's own URL (relative to the
// bundle), so paths such as the repository root and the failure converter stay what they were; in
// packages it is the bundle's own URL.
// Never fails an install: any problem prints one line, removes the half build and exits 0 (the CLI
// then runs through tsx as before). JEUGDFLOW_SKIP_CLI_BUILD=1 skips it.
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const finalDir = join(root, 'dist', 'cli');
const say = (line) => console.log(`jeugdflow: ${line}`);
const ENTRY = 'main.cjs';

/** Rewrites import.meta.url in the project's own sources to the source file's URL, relative to outdir. */
function keepImportMetaUrl(outdir) {
  return {
    name: 'keep-import-meta-url',
    setup(build) {
      build.onLoad({ filter: /\.[cm]?[tj]s$/ }, async (args) => {
        if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        const text = await readFile(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return undefined;
        const rel = relative(outdir, args.path).split(sep).join('/');
        return {
          contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`),
          loader: /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js',
          resolveDir: dirname(args.path),
        };
      });
    },
  };
}

// Parts of @temporalio/proto's one JSON root that no client call of the CLI reaches: the Cloud Ops API,
// the worker's core-SDK messages and the OpenAPI annotations. Building them costs every `show` and
// `send` time for nothing; nothing the CLI bundles names them (grep the client and common packages).
const UNUSED_PROTO_NAMESPACES = [['coresdk'], ['temporal', 'api', 'cloud'], ['grpc', 'gateway']];

/**
 * The source of @temporalio/proto's protos/json-module.js without UNUSED_PROTO_NAMESPACES, or
 * undefined when its shape is not the known one or the trimmed root would leave any type reference
 * unresolved (then the bundle keeps the full root).
 */
export function trimProtoRoot(source, protobufjs) {
  const start = source.indexOf('.addJSON(');
  const end = source.lastIndexOf('});');
  if (start < 0 || end < start) return undefined;
  let json;
  try {
    json = JSON.parse(source.slice(start + '.addJSON('.length, end + 1));
  } catch {
    return undefined;
  }
  for (const path of UNUSED_PROTO_NAMESPACES) {
    let parent = { nested: json };
    for (const name of path.slice(0, -1)) parent = parent?.nested?.[name];
    if (parent?.nested) delete parent.nested[path.at(-1)];
  }
  try {
    protobufjs.Root.fromJSON({ nested: json }).resolveAll();
  } catch {
    return undefined;
  }
  return `${source.slice(0, start + '.addJSON('.length)}${JSON.stringify(json)}${source.slice(end + 1)}`;
}

/** Bundles @temporalio/proto's JSON root trimmed by trimProtoRoot. */
function trimmedProtoRoot() {
  return {
    name: 'trimmed-proto-root',
    setup(build) {
      build.onLoad({ filter: /[\\/]@temporalio[\\/]proto[\\/]protos[\\/]json-module\.js$/ }, async (args) => {
        const protobufjs = createRequire(args.path)('protobufjs/light');
        const contents = trimProtoRoot(await readFile(args.path, 'utf8'), protobufjs);
        return contents === undefined ? undefined : { contents, loader: 'js' };
      });
    },
  };
}

export async function buildCli() {
  const { build } = await import('esbuild');
  const startedAt = Date.now();
  const tmp = join(root, 'dist', `.cli-${process.pid}-${randomBytes(3).toString('hex')}`);
  try {
    const result = await build({
      absWorkingDir: root,
      entryPoints: [join(root, 'cli', 'main.ts')],
      outfile: join(tmp, ENTRY),
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      // PGlite loads its WebAssembly and data files next to its own module: it stays in node_modules.
      external: ['@temporalio/worker', '@temporalio/core-bridge', '@electric-sql/pglite', '@electric-sql/pglite/*'],
      // CommonJS has no import.meta: packages that read import.meta.url get the bundle's URL.
      define: { 'import.meta.url': '__jfBundleUrl' },
      banner: { js: "const __jfBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
      metafile: true,
      logLevel: 'silent',
      // The sources live at ../../ from dist/cli, not from the temp dir: rewrite against the final place.
      plugins: [keepImportMetaUrl(finalDir), trimmedProtoRoot()],
    });
    const inputs = [...Object.keys(result.metafile.inputs).filter((p) => !p.includes('node_modules/')), 'package-lock.json', 'package.json', 'tsconfig.json'];
    await writeFile(join(tmp, 'build.json'), `${JSON.stringify({ startedAt, entry: ENTRY, inputs }, null, 2)}\n`);
    await rm(finalDir, { recursive: true, force: true });
    await rename(tmp, finalDir);
    return { inputs: inputs.length, ms: Date.now() - startedAt };
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.env.JEUGDFLOW_SKIP_CLI_BUILD === '1') {
    say('JEUGDFLOW_SKIP_CLI_BUILD=1: the CLI runs through tsx');
  } else {
    try {
      const { inputs, ms } = await buildCli();
      say(`CLI compiled to dist/cli in ${ms} ms (${inputs} inputs; edited sources fall back to tsx until \`npm run build:cli\`)`);
    } catch (err) {
      const first = (err?.errors?.[0]?.text ?? (err instanceof Error ? err.message : String(err))).split('\n')[0];
      console.warn(`jeugdflow: CLI build skipped (${first}); \`npx jeugdflow\` runs through tsx`);
    }
  }
}
