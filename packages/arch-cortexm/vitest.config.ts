// Test configuration for @tock-ts/arch-cortexm.
import { packageTestConfig } from '../../config/vitest.js';

export default packageTestConfig();
