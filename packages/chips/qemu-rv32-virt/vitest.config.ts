// Test configuration for @tock-ts/chip-qemu-rv32-virt.
import { packageTestConfig } from '../../../config/vitest.js';

export default packageTestConfig();
