import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Integration tests run real services for 20-45 s each.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Two workers on a 2-core machine: each run is light (a service, the gate, a loopback load).
    maxWorkers: 2,
    reporters: ['default'],
  },
});
