import { buildFixtures } from './helpers/gate.js';

/** Build the Go fixtures once for the whole run (integration tests run the real CLI against them). */
export default function setup(): void {
  buildFixtures();
}
