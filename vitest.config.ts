import { defineConfig } from 'vitest/config';
import { shippedModelsPlugin } from './scripts/shipped-models.mjs';

export default defineConfig({
  plugins: [shippedModelsPlugin()],
  test: {
    environment: 'node',
    include: ['tests/unit/**/*.test.ts'],
    testTimeout: 10_000,
    hookTimeout: 10_000,
  },
});
