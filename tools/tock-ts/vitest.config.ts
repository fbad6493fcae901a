// Test configuration for @tock-ts/tock-ts.
import { packageTestConfig } from '../../config/vitest.js';

export default packageTestConfig();
