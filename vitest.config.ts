import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Tests against real Temporal servers (started once per run by test/support/globalSetup.ts):
 * time-skipping workflow tests, and integration tests on the dev server (CLI, API, console).
 */
const temporalTests = [
  'test/workflows/**/*.test.ts',
  'test/integration/**/*.test.ts',
  'test/api/**/*.test.ts',
  'test/console/**/*.test.ts',
];

export default defineConfig({
  test: {
    // Stopping the two servers can take a few seconds.
    teardownTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          // The fault-injection suite runs on its own: npm run test:faults.
          exclude: [...configDefaults.exclude, ...temporalTests, 'test/faults/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'temporal',
          include: temporalTests,
          globalSetup: ['test/support/globalSetup.ts'],
          // Time skipping is global to the one test server: one file at a time.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
