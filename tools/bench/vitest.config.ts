// Test configuration for @tock-ts/bench: the smoke test runs the built benchmark in a child process.
import { packageTestConfig } from '../../config/vitest.js';

export default packageTestConfig();
