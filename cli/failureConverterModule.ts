// The data converter names its failure converter by path (security/failureConverter.cjs), and the
// Temporal client require()s that path. From the compiled CLI that require would load a second
// @temporalio/common from node_modules next to the bundled one (about 25 ms of a `show`). Importing
// the module here lets esbuild bundle it with everything else; registering it in require's cache
// under the same path makes the client's require() return exactly this module. Through tsx the
// import already loads the file itself into that cache, so nothing changes there.
import Module, { createRequire } from 'node:module';
import { failureConverterPath } from '../security/codec.ts';
import * as failureConverterModule from '../security/failureConverter.cjs';

/** Puts the failure converter module into require's cache under failureConverterPath, unless it is there. */
export function registerFailureConverterModule(): void {
  const cache = createRequire(import.meta.url).cache;
  if (cache[failureConverterPath]) return;
  const entry = new Module(failureConverterPath);
  entry.filename = failureConverterPath;
  entry.exports = { failureConverter: failureConverterModule.failureConverter };
  entry.loaded = true;
  cache[failureConverterPath] = entry;
}
