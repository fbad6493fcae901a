// Build configuration for @tock-ts/capsules.
import { libraryConfig } from '../../config/tsup.js';

export default libraryConfig({ index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' });
