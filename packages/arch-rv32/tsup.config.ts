// Build configuration for @tock-ts/arch-rv32: the main entry and the bare-metal test harness.
import { libraryConfig } from '../../config/tsup.js';

export default libraryConfig({ index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' });
