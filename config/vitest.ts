// Shared vitest preset: workspace packages resolve to their TypeScript sources (the `source`
// export condition, ahead of the built `dist/`), tests sit beside code, and each run leaves a JSON
// report that `scripts/test-summary.mjs` totals for CI.
import { defineConfig } from 'vitest/config';

export function packageTestConfig() {
  // Vite's default server conditions, with `source` first.
  const conditions = ['source', 'module', 'node', 'development|production'];
  return defineConfig({
    resolve: { conditions },
    ssr: { resolve: { conditions } },
    test: {
      include: ['src/**/*.test.ts'],
      reporters: ['default', 'json'],
      outputFile: { json: 'test-results.json' },
    },
  });
}
