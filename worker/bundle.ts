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

/** Bundler options of the case workflow; `extraLaw`: modules that register more procedure versions (tests). */
export function bundlerOptionsWith(extraLaw: readonly string[] = []): { preloadModules: string[] } {
  return { preloadModules: [...sharedModules, ...extraLaw] };
}

export const bundlerOptions = bundlerOptionsWith();
