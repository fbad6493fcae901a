// Test configuration for @tock-ts/capsules.
import { mergeConfig } from 'vitest/config';
import { packageTestConfig } from '../../config/vitest.js';

// Workspace packages resolve to their TypeScript sources in the SSR environment tests run in too.
export default mergeConfig(packageTestConfig(), { ssr: { resolve: { conditions: ['source'] } } });
