// Build configuration for @tock-ts/tock-ts: the library entry (with declarations) and the
// `tock-ts` executable.
import { libraryConfig } from '../../config/tsup.js';

export default libraryConfig(
  { index: 'src/index.ts', main: 'src/main.ts' },
  { dts: { entry: { index: 'src/index.ts' } } },
);
