import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Integration tests run real services for 20-45 s each.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Integration runs mostly wait (a service, the gate and a loopback load use a fraction of a core), so three
    // run side by side on a 2-core machine; the verdicts are judged on confidence bounds that absorb the noise.
    maxWorkers: 3,
    reporters: ['default'],
  },
});
