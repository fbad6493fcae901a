// Test configuration for @tock-ts/silicon.
import { packageTestConfig } from '../../config/vitest.js';

export default packageTestConfig();
