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
export { analyzeSeries, analyzeSites } from '../src/analyze/analyze.js';
export { judgeSites } from '../src/compare.js';
export { samplingWeight, samplingProbability } from '../src/analyze/sampling.js';
export { theilSen, mannKendall, ols } from '../src/analyze/stats.js';
export { effectiveSize, lagAutocorrelation } from '../src/analyze/stats/autocorrelation.js';
export { studentTQuantile } from '../src/analyze/stats/student-t.js';
export { profileDecoder } from '../src/run/profile-decoder.js';
