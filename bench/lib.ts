/**
 * What the benchmarks use from the engine, bundled by bench/build-lib.mjs into .gate-build/bench-lib.mjs so
 * plain .mjs benchmark scripts can call the real code (decoding, analysis, verdicts) without a TS loader.
 */

export { analyzeSeries, analyzeSites } from '../src/analyze/analyze.js';
export { decodeProfile, summariseGoroutineProfile, summariseHeapProfile } from '../src/analyze/profile.js';
export { samplingProbability, samplingWeight } from '../src/analyze/sampling.js';
export { effectiveSize, lagAutocorrelation } from '../src/analyze/stats/autocorrelation.js';
export { studentTQuantile } from '../src/analyze/stats/student-t.js';
export { mannKendall, normalQuantile, ols, theilSen } from '../src/analyze/stats.js';
export { boundTimeline, SiteTimeline } from '../src/analyze/timeline.js';
export { parseBaseline } from '../src/baseline.js';
export { judgeSites } from '../src/compare.js';
export { buildConfig, DEFAULT_BUDGETS, parseRunArgs } from '../src/config.js';
export { evaluate, judgeRecording } from '../src/engine.js';
export { newRunMark, treeMembers } from '../src/run/process.js';
export { profileDecoder } from '../src/run/profile-decoder.js';
export { replayRecordingInline as replayRecording } from '../src/run/replay.js';
export { readRunFile, readSamples } from '../src/run/run-files.js';
export { FileRowStore } from '../src/run/spill.js';
