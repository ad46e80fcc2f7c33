import { defineConfig } from 'vitest/config';

// Browser tests over the built site in real Chromium (`npm run test:e2e`). The global setup
// builds dist/ when it is missing and a second site from the XSS fixture.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
