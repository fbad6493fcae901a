// Build configuration for @tock-ts/tockloader-ts: the portable library (with declarations) and
// the Node command line (an executable script, no declarations).
import { libraryConfig } from '../../config/tsup.js';

export default libraryConfig(
  { index: 'src/index.ts', 'cli/main': 'src/cli/main.ts' },
  { dts: { entry: { index: 'src/index.ts' } } },
);
