// Build configuration for @tock-ts/silicon.
import { libraryConfig } from '../../config/tsup.js';

export default libraryConfig({ index: 'src/index.ts' });
