// Shared tsup preset for every library package: ESM, declarations, source maps, ES2022.
import { defineConfig, type Options } from 'tsup';

export function libraryConfig(entry: Record<string, string>, overrides: Options = {}) {
  return defineConfig({
    entry,
    format: ['esm'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    ...overrides,
  });
}
