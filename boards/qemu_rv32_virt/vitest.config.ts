// Test configuration for @tock-ts/board-qemu-rv32-virt.
import { packageTestConfig } from '../../config/vitest.js';

export default packageTestConfig();
