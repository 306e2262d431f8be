import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/browser/**', 'node_modules/**'],
    globalSetup: ['tests/setup/clear-sdk-calls.ts', 'tests/setup/dynamodb-local.ts'],
    setupFiles: ['tests/setup/record-sdk-calls.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
