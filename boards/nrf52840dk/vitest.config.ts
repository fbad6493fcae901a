// Test configuration for @tock-ts/board-nrf52840dk.
import { packageTestConfig } from '../../config/vitest.js';

export default packageTestConfig();
