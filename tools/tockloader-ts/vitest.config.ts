// Test configuration for @tock-ts/tockloader-ts.
import { packageTestConfig } from '../../config/vitest.js';

export default packageTestConfig();
