// Test configuration for @tock-ts/kernel.
import { packageTestConfig } from '../../config/vitest.js';

export default packageTestConfig();
