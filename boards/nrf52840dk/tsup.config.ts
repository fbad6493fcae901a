// Build configuration for @tock-ts/board-nrf52840dk.
import { libraryConfig } from '../../config/tsup.js';

export default libraryConfig({ index: 'src/index.ts' });
