// `npm run test:faults`: kill -9 the worker and restart the dev server under load, race two senders,
// and fire a deadline after a kill. Not part of `npm test` (minutes, not seconds; files are named
// *.fault.ts so the main config never picks them up). One file at a time: they share the CPU badly.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/faults/**/*.fault.ts'],
    globalSetup: ['test/faults/globalSetup.ts'],
    fileParallelism: false,
    testTimeout: 480_000,
    hookTimeout: 120_000,
    teardownTimeout: 60_000,
  },
});
