// Test configuration for @tock-ts/test-apps.
import { packageTestConfig } from '../config/vitest.js';

export default packageTestConfig();
