/**
 * What the benchmarks use from the engine, bundled by bench/build-lib.mjs into .gate-build/bench-lib.mjs so
 * plain .mjs benchmark scripts can call the real code (decoding, analysis, verdicts) without a TS loader.
 */
export { decodeProfile, summariseHeapProfile, summariseGoroutineProfile } from '../src/analyze/profile.js';
export { SiteTimeline } from '../src/analyze/timeline.js';
export { buildConfig, parseRunArgs, DEFAULT_BUDGETS } from '../src/config.js';
export { evaluate } from '../src/engine.js';
export { normalQuantile } from '../src/analyze/stats.js';
export { parseBaseline } from '../src/baseline.js';
export { profileDecoder } from '../src/run/profile-decoder.js';
