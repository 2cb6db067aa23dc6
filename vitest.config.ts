import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Fetched benchmark workloads and fixture projects carry their own test files (the debug workflow's
    // fixtures fail on purpose); they are inputs, not our tests.
    exclude: ['test/bench/workloads/**', 'test/fixtures/**', '**/node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
