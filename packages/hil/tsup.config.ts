// Build configuration for @tock-ts/hil.
import { libraryConfig } from '../../config/tsup.js';

export default libraryConfig({ index: 'src/index.ts' });
