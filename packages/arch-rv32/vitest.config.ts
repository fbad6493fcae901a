// Test configuration for @tock-ts/arch-rv32. Tests run in Node (vitest's SSR path), which takes
// its own resolve conditions, so workspace packages resolve to their sources there too.
import { mergeConfig } from 'vitest/config';
import { packageTestConfig } from '../../config/vitest.js';

export default mergeConfig(packageTestConfig(), {
  ssr: { resolve: { conditions: ['source'] } },
});
