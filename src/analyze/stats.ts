/**
 * Pure statistics core: robust trend estimation for short, noisy series. One small module per statistic
 * under ./stats/, each with its doc example and its own test file (test/unit/stats/); this file only
 * re-exports them, so imports of './stats.js' keep working.
 *
 * Everything here is deterministic: no I/O, no clock, no randomness, no dependencies. Inputs are never mutated.
 *
 * - {@link normalQuantile}, {@link normalCdf}: the standard normal distribution.
 * - {@link mannKendall}: is there a monotonic trend at all?
 * - {@link theilSen}: how steep is it (median of pairwise slopes), with Sen's (1968) confidence interval.
 * - {@link ols}: classical least squares, for comparison and diagnostics.
 */

export { type MannKendall, mannKendall } from './stats/mann-kendall.js';
export { median } from './stats/median.js';
export { normalCdf } from './stats/normal-cdf.js';
export { normalQuantile } from './stats/normal-quantile.js';
export { type OlsFit, ols } from './stats/ols.js';
export { pairwiseSlopes } from './stats/pairwise-slopes.js';
export { type SlopeFit, theilSen } from './stats/theil-sen.js';
