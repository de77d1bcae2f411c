import type { TestProject } from 'vitest/node';
import { staleDistFiles } from '../scripts/check-dist.mjs';
import { buildFixtures } from './helpers/gate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Why dist/ cannot be trusted (it differs from a fresh bundle of src/), or null when it is fresh. */
    staleDist: string | null;
  }
}

/**
 * Build the Go fixtures once for the whole run (integration tests run the real CLI against them), and check once
 * that dist/ is what src/ bundles to now: integration tests refuse a stale dist/ (test/helpers/gate.ts).
 */
export default function setup(project: TestProject): void {
  buildFixtures();
  const stale = staleDistFiles();
  project.provide(
    'staleDist',
    stale.length
      ? `dist/ is stale (${stale.join(', ')} differ from a fresh bundle of src/): run "npm run bundle" ` +
          '(npm test does it first) before integration tests, which run dist/'
      : null,
  );
}
