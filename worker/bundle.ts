// How the case workflow is bundled: one definition for the worker, the tests, the benchmarks and the
// fault suite, so they all run what production runs.
//
// The law and the engine are shared by every case a worker holds. With the SDK's reusable V8 context
// each cached workflow would otherwise evaluate its own copy of every module of the bundle: with 15
// procedures about 5 MB of heap and 40 ms of CPU per case (`npm run bench -- --section modules`).
// `preloadModules` evaluates the machines (with their zod schemas and xstate), the calendar and the
// pure engine once, before any workflow, and the SDK deep-freezes them; only workflows/caseWorkflow.ts
// (the case's own state and handlers) is evaluated per case.
//
// What that asks of the shared modules (tested in test/machines/sharedLaw.test.ts):
// - they keep no state of a case: pure functions, frozen definitions, caches of pure functions only;
// - the law freezes itself (`freezeLaw` in machines/immutable.ts): the SDK's freeze would break zod
//   schemas (zod writes caches into them) and stops at an object that is already frozen;
// - they export no RegExp (zod resets a pattern's `lastIndex`, which a frozen pattern refuses);
// - procedures and versions are registered while the shared modules load (machines/index.ts), never
//   from the workflow entry, which every case evaluates again.
import { fileURLToPath } from 'node:url';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/**
 * The modules every case shares: the registry of procedures (and with it machines, schemas and
 * calendar), the engine, and what the workflow imports besides (messages, search attribute keys,
 * migration, the activity proxies). Only workflows/caseWorkflow.ts is evaluated per case.
 */
export const sharedModules: readonly string[] = ['../machines/index.ts', '../workflows/engine.ts', '../workflows/messages.ts', '../workflows/searchAttributes.ts', '../workflows/caseAttributes.ts', '../workflows/migration.ts', '../workflows/effects.ts'].map((path) =>
  fileURLToPath(new URL(path, import.meta.url)),
);

/**
 * The language level the workflow code is compiled to. The SDK's bundler compiles TypeScript with swc to
 * ES2017, which turns every object spread, `?.`, `??` and `??=` into helper functions: each case's step
 * then cost about 40% more CPU than the same code run as written (measured with the bench's pure
 * section, its loop compiled both ways). Node 20, which runs the workflows, has all of ES2022.
 */
export const WORKFLOW_TARGET = 'es2022';

interface RuleLike {
  use?: unknown;
  oneOf?: RuleLike[];
  rules?: RuleLike[];
}

/** Sets the target of the bundler's swc-loader rule (`webpackConfigHook`); any other configuration is left as the SDK makes it. */
export function compileForNode<C extends { module?: { rules?: unknown[] } }>(config: C): C {
  const visit = (rule: RuleLike) => {
    for (const use of [rule.use].flat()) {
      const loader = use as { loader?: unknown; options?: { jsc?: { target?: string } } } | undefined;
      if (typeof loader?.loader === 'string' && loader.loader.includes('swc-loader') && loader.options?.jsc) loader.options.jsc.target = WORKFLOW_TARGET;
    }
    for (const child of [...(rule.oneOf ?? []), ...(rule.rules ?? [])]) visit(child);
  };
  for (const rule of config.module?.rules ?? []) if (rule && typeof rule === 'object') visit(rule as RuleLike);
  return config;
}

/** Bundler options of the case workflow; `extraLaw`: modules that register more procedure versions (tests). */
export function bundlerOptionsWith(extraLaw: readonly string[] = []): { preloadModules: string[]; webpackConfigHook: typeof compileForNode } {
  return { preloadModules: [...sharedModules, ...extraLaw], webpackConfigHook: compileForNode };
}

export const bundlerOptions = bundlerOptionsWith();
