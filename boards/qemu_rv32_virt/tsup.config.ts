// Build configuration for @tock-ts/board-qemu-rv32-virt.
import { libraryConfig } from '../../config/tsup.js';

export default libraryConfig({ index: 'src/index.ts' });
