// Unit and integration tests: `*.test.ts` beside the code. Tests use real parts (sharp,
// onnxruntime, the native addon), so the timeout is generous; forks isolate native modules.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', 'e2e/**', 'cache/**', 'out/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
