// Test configuration for @tock-ts/arch-rv32.
import { packageTestConfig } from '../../config/vitest.js';

export default packageTestConfig();
