// Kept in step with package.json by test/api.test.ts; part of the check cache key.
export const VERSION = '0.1.0';
