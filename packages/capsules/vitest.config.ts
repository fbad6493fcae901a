// Test configuration for @tock-ts/capsules.
import { packageTestConfig } from '../../config/vitest.js';

export default packageTestConfig();
