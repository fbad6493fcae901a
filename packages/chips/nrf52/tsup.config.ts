// Build configuration for @tock-ts/chip-nrf52.
import { libraryConfig } from '../../../config/tsup.js';

export default libraryConfig({ index: 'src/index.ts' });
