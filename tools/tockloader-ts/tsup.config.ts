// Build configuration for @tock-ts/tockloader-ts: the portable library and the Node command line.
import { libraryConfig } from '../../config/tsup.js';

export default libraryConfig({ index: 'src/index.ts' });
