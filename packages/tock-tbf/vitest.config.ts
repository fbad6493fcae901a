// Test configuration for @tock-ts/tock-tbf.
import { packageTestConfig } from '../../config/vitest.js';

export default packageTestConfig();
