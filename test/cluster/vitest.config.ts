// `npm run test:cluster`: the Docker-free production stack (scripts/cluster.ts: PostgreSQL, the Temporal
// server v1.29.1, two workers, two consoles, the mail catcher) under load while a worker is killed,
// the server restarted and a console stopped. Not part of `npm test` (minutes; *.cluster.ts).
// CLUSTER_CASES sets the number of cases (default 300).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/cluster/**/*.cluster.ts'],
    fileParallelism: false,
    testTimeout: 1_200_000,
    hookTimeout: 300_000,
    teardownTimeout: 120_000,
  },
});
