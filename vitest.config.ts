import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Browser tests need Chromium and a built site; they run with `npm run test:e2e`.
    exclude: ['test/e2e/**', 'node_modules/**'],
    // CLI tests spawn the compiled CLI; allow for a slow shared machine.
    testTimeout: 30_000,
  },
});
