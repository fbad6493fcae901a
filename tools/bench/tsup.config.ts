// Build configuration for @tock-ts/bench: the benchmark program only (a private tool, no library
// entry); rp2040js stays an external import.
import { libraryConfig } from '../../config/tsup.js';

export default libraryConfig({ main: 'src/main.ts' }, { dts: false, external: ['rp2040js'] });
