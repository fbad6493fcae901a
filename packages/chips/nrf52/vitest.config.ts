// Test configuration for @tock-ts/chip-nrf52.
import { packageTestConfig } from '../../../config/vitest.js';

export default packageTestConfig();
