// How the case workflow is bundled: one definition for the worker, the tests, the benchmarks and the
// fault suite, so they all run what production runs.
//
// Every cached workflow evaluates its own copy of the bundle's modules (the SDK's reusable V8 context
// shares only @temporalio/workflow): about 2.7 MB of heap and 25–30 ms of CPU per workflow, mostly
// the six machines and their zod schemas (`npm run bench -- --section modules`). The SDK's
// `preloadModules` would share them, but it deep-freezes what it shares, and zod 4 writes to its
// schemas after construction (lazily bound methods, `pattern.lastIndex = 0` before every regex test),
// so a frozen schema throws. Until the machines' schemas can live outside the shared modules, the
// worker keeps the SDK's default cache size, which budgets 4 MB per cached workflow.
import { fileURLToPath } from 'node:url';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));
