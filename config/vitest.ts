// Shared vitest preset: workspace packages resolve to their TypeScript sources, tests sit beside
// code, and each run leaves a JSON report that `scripts/test-summary.mjs` totals for CI.
import { defineConfig } from 'vitest/config';

export function packageTestConfig() {
  return defineConfig({
    resolve: { conditions: ['source'] },
    test: {
      include: ['src/**/*.test.ts'],
      reporters: ['default', 'json'],
      outputFile: { json: 'test-results.json' },
    },
  });
}
