/**
 * The error model of a site's in-use bytes as read from a sampled heap profile. Pure.
 *
 * Go samples an allocation of s bytes with probability p = 1 - e^(-s/R) (R: the sampling period,
 * runtime.MemProfileRate) and reports a sampled object scaled by 1/p. One object then contributes
 * s^2 (1 - p) / p = s^2 / (e^(s/R) - 1) to the variance of the reported bytes: per byte of true size, the
 * weight s / (e^(s/R) - 1). It is about R for small objects and vanishes for objects much larger than R
 * (they are always sampled), which is why a leak of a few large objects is certain, not noise.
 *
 * A site's standing population of live objects turns over: freed objects are replaced by new ones, each
 * with its own sampling draw, and the number alive fluctuates. With Poisson arrivals and exponential
 * lifetimes of mean L (M/M/inf) the reported bytes then have variance B s/p (B: standing bytes; per byte
 * s/p = the sampling weight plus s, the count's own Poisson fluctuation) and correlation e^(-|dt|/L) between
 * two profiles dt apart. L comes from the profile itself by Little's law: objects in use over the rate at
 * which they are freed (allocations minus net growth, so that a leak, whose objects are never freed, turns
 * over only as much as the uncertainty of that count allows; see siteTurnover).
 */

/**
 * Per-byte variance weight of one sampled heap-profile object of `size` bytes at sampling period `period`:
 * size / (e^(size/period) - 1). Tends to `period` for small objects and to 0 for objects much larger than it.
 * A period of 0 or less means every allocation is recorded: no sampling error.
 * @example samplingWeight(1, 524288) // ~524287.5 (about the period)
 * @example samplingWeight(1048576, 524288) // 1048576 / (e^2 - 1) ~ 164124
 */
export function samplingWeight(size: number, period: number): number {
  if (!(period > 0)) return 0;
  if (!(size > 0)) return period;
  const x = size / period;
  const w = size / Math.expm1(x);
  return Number.isFinite(w) ? w : 0;
}

/** Probability that Go's heap profiler samples an object of `size` bytes: 1 - e^(-size/period). */
export function samplingProbability(size: number, period: number): number {
  if (!(period > 0)) return 1;
  return -Math.expm1(-Math.max(size, 0) / period);
}

/**
 * Variance of the least-squares slope over times `t` of a stationary series whose points have variance
 * `variance` and correlation e^(-|t_i - t_j| / lifetimeS): variance * sum_ij c_i c_j e^(-|t_i - t_j|/L), with
 * c_i = (t_i - mean t) / sum (t - mean t)^2. Independent points (L -> 0) give variance / Sxx; a population
 * that never turns over (L infinite) adds nothing to the slope.
 * @example turnoverSlopeVariance([0, 1, 2], 1, 0) // 0.5 (= 1 / Sxx)
 */
export function turnoverSlopeVariance(t: readonly number[], variance: number, lifetimeS: number): number {
  const n = t.length;
  if (n < 2 || !(variance > 0) || !(lifetimeS >= 0) || !Number.isFinite(lifetimeS)) return 0;
  const mean = t.reduce((a, b) => a + b, 0) / n;
  const sxx = t.reduce((a, b) => a + (b - mean) ** 2, 0);
  if (!(sxx > 0)) return 0;
  if (lifetimeS === 0) return variance / sxx;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const ci = t[i] - mean;
    sum += ci * ci;
    for (let j = i + 1; j < n; j++) sum += 2 * ci * (t[j] - mean) * Math.exp(-Math.abs(t[j] - t[i]) / lifetimeS);
  }
  return Math.max(0, (variance * sum) / (sxx * sxx));
}

/** What a site's fit needs to know about how its values were measured. */
export interface SamplingModel {
  /** Per-byte variance of sampling newly grown bytes (samplingWeight; 1 for a count of whole units). */
  weight: number;
  /** The standing population that turns over, when known. */
  standing?: {
    /** Mean value over the window (bytes). */
    bytes: number;
    /** Per-byte variance of the standing population: the sampling weight plus the mean object size. */
    perByte: number;
    /** Mean lifetime of its objects, seconds (Infinity: never freed). */
    lifetimeS: number;
  };
}

/**
 * Turnover of a site's standing population over a window, from the profile's own counts (Little's law).
 * `objects` are in-use objects, `allocs` cumulative allocated objects (NaN where the profile did not list the
 * site) and `bytes` in-use bytes at times `t`; `weight` the site's per-byte sampling weight. Returns null when
 * the counts are missing or nothing stands.
 * @example siteTurnover([0, 10], [100, 100], [1000, 2000], [102400, 102400], 65536)?.lifetimeS // 1
 */
export function siteTurnover(
  t: readonly number[],
  objects: readonly number[],
  allocs: readonly number[],
  bytes: readonly number[],
  weight: number,
  period: number,
): SamplingModel['standing'] | null {
  const n = t.length;
  if (n < 2 || objects.length !== n || allocs.length !== n || bytes.length !== n) return null;
  const meanObjects = objects.reduce((a, b) => a + b, 0) / n;
  const meanBytes = bytes.reduce((a, b) => a + b, 0) / n;
  if (!(meanObjects > 0) || !(meanBytes > 0)) return null;
  const i0 = allocs.findIndex(Number.isFinite);
  let i1 = n - 1;
  while (i1 > i0 && !Number.isFinite(allocs[i1])) i1--;
  if (i0 < 0 || !(t[i1] > t[i0])) return null;
  // Freed objects between the two profiles: allocated minus net growth of those in use (never below zero).
  // In sampled objects (one per 1/p objects), k of them, the free rate is taken at k + 1 per window (the mean
  // of a Poisson rate after seeing k, from a flat prior): a window in which no sampled object happened to be
  // freed does not prove that none ever is, or a handful of long-lived large objects would pass for a leak
  // whenever more of them arrived than left. Measured in bench/site-calibration.mjs (bench/sites-notes.md):
  // four 1 MiB objects living ~20 s still "grow" in 1.5% of 30 s runs (nominal 0.5%). One standard deviation
  // more (k + 1 + sqrt(k + 1)) brings that to 0.7% but then seven 1 MiB objects leaked in a 20 s window are no
  // longer blamed among 16 sites, which the issue requires; so k + 1.
  const freed = Math.max(0, allocs[i1] - allocs[i0] - (objects[i1] - objects[i0]));
  const size = meanBytes / meanObjects;
  const unit = 1 / samplingProbability(size, period);
  const k = freed / unit;
  const freeRate = ((k + 1) * unit) / (t[i1] - t[i0]);
  const lifetimeS = meanObjects / freeRate;
  return { bytes: meanBytes, perByte: weight + size, lifetimeS };
}
