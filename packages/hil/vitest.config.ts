// Test configuration for @tock-ts/hil.
import { packageTestConfig } from '../../config/vitest.js';

export default packageTestConfig();
