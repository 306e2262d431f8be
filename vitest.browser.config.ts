// `npm run test:browser`: the pages people see, in a real Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core). Kept out of `npm test`, which needs no browser.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/browser/**/*.browser.test.ts'],
    globalSetup: ['tests/setup/dynamodb-local.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
