// Build configuration for @tock-ts/bench: the benchmark program only (a private tool, no library
// entry), bundled with the workspace packages it measures, taken from their TypeScript sources, so
// a run never depends on another package's `dist/` (which a concurrent build may be rewriting).
// rp2040js stays an external import.
import { libraryConfig } from '../../config/tsup.js';

export default libraryConfig(
  { main: 'src/main.ts' },
  {
    dts: false,
    external: ['rp2040js'],
    noExternal: [/^@tock-ts\//],
    esbuildOptions(options) {
      options.conditions = ['source'];
    },
  },
);
