/**
 * Theil-Sen slope with Sen's (1968) distribution-free confidence interval.
 *
 * References: Sen, P.K. (1968), Estimates of the regression coefficient based on Kendall's tau, JASA 63,
 * 1379-1389; Gilbert, R.O. (1987), Statistical Methods for Environmental Pollution Monitoring, ch. 16.
 */
import { checkPaired } from './checks.js';
import { kendallXY, type MannKendall } from './mann-kendall.js';
import { sortedMedian } from './median.js';
import { normalQuantile } from './normal-quantile.js';
import { pairwiseSlopes } from './pairwise-slopes.js';
import { studentTQuantile } from './student-t.js';
import { allEqual } from './ties.js';

/** Consistency constant turning a median absolute deviation into a normal s.d. */
export const MAD_TO_SD = 1.4826;

/** Default two-sided confidence level of {@link theilSen}. */
export const DEFAULT_CONFIDENCE = 0.99;

/**
 * Autocorrelation adjustment of Sen's interval (see ./autocorrelation.ts): the variance of S is multiplied by
 * `varianceFactor` (n / n_eff) and the critical value is Student's t on `df` degrees of freedom instead of the
 * normal quantile. Without it the interval is Sen's (1968) for independent noise.
 */
export interface SenAdjustment {
  varianceFactor?: number;
  df?: number;
}

/** Two-sided critical value: normal, or Student's t on df degrees of freedom. */
function critical(confidence: number, df: number | undefined): number {
  const p = 1 - (1 - confidence) / 2;
  return df === undefined ? normalQuantile(p) : studentTQuantile(p, df);
}

/** Result of {@link theilSen}. */
export interface SlopeFit {
  /** Number of observations. */
  n: number;
  /** Theil-Sen slope: median of the pairwise slopes. */
  slope: number;
  /** Median of (y - slope * x). */
  intercept: number;
  /** Lower bound of Sen's (1968) distribution-free confidence interval; may be -Infinity. */
  ciLow: number;
  /** Upper bound of Sen's confidence interval; may be Infinity. */
  ciHigh: number;
  /** Two-sided confidence level used, e.g. 0.99. */
  confidence: number;
  /**
   * Standard error implied by the CI: (ciHigh - ciLow) / (2 z_{1-(1-confidence)/2}).
   * 0 when all y are equal; Infinity when the CI is unbounded (too few points).
   */
  se: number;
  /** Robust s.d. of the residuals around the Theil-Sen line: 1.4826 * MAD. */
  residualSd: number;
  /** Mann-Kendall test of y against x (x ties handled, see {@link theilSen}). */
  mk: MannKendall;
}

/**
 * Value at a 1-based, possibly fractional, rank of a sorted array, interpolating
 * linearly between neighbouring ranks. Ranks below 1 give -Infinity and ranks
 * above N give Infinity: the data cannot bound the slope at that confidence.
 * (A tolerance of 1e-9 absorbs rounding in ranks that are mathematically 1 or N.)
 */
export function valueAtRank(sorted: Float64Array, rank: number): number {
  const n = sorted.length;
  const eps = 1e-9;
  if (rank < 1 - eps) return -Infinity;
  if (rank > n + eps) return Infinity;
  const r = Math.min(n, Math.max(1, rank));
  const lo = Math.floor(r);
  const frac = r - lo;
  const a = sorted[lo - 1]!;
  if (frac === 0 || lo >= n) return a;
  return a + frac * (sorted[lo]! - a);
}

/**
 * Theil-Sen slope (median of pairwise slopes) with Sen's (1968) confidence interval.
 *
 * Confidence interval (Sen 1968; Gilbert 1987, ch. 16): with N pairwise slopes sorted
 * ascending and C = z_{1-alpha/2} * sqrt(varS),
 *   M1 = (N - C) / 2,  M2 = (N + C) / 2,
 *   ciLow = slope at rank M1,  ciHigh = slope at rank M2 + 1  (1-based ranks).
 * Non-integer ranks are interpolated linearly between the neighbouring order
 * statistics (as Gilbert and the MeteoSwiss `mannkendall` code do; R's
 * trend::sens.slope and scipy's theilslopes round to the nearest rank instead).
 * A rank below 1 or above N (only with very few points: n <= 6 at 99%, n <= 5 at
 * 95%) leaves that side unbounded (-Infinity / Infinity) rather than clamping it,
 * because clamping would report a falsely narrow interval, e.g. zero width at n = 2.
 *
 * varS is the Mann-Kendall variance of S computed between x and y: with distinct x
 * it is mannKendall(y in x order).varS; pairs tied in x contribute no slope and no
 * sign, and the variance carries Kendall's correction for ties in both x and y
 * (Sen 1968 allows ties in x this way). `mk` reports that same test.
 *
 * Degenerate input: n < 2 gives slope 0 and CI (-Infinity, Infinity); all x equal
 * gives the same; all y equal gives slope 0 and CI [0, 0] (se 0). Outputs are never NaN.
 *
 * @param x abscissae (e.g. seconds since start), any order, ties allowed
 * @param y ordinates, same length
 * @param confidence two-sided confidence level in (0, 1); default 0.99
 * @param adjust optional autocorrelation adjustment ({@link SenAdjustment}); the slope is unchanged by it
 * @returns slope, intercept, CI, implied standard error, robust residual s.d., MK test
 * @throws RangeError on different lengths, non-finite values or a bad confidence
 * @example
 * const fit = theilSen([1, 2, 3, 4, 5], [1, 3, 2, 5, 4], 0.9);
 * // sorted pairwise slopes: -1, -1, 1/3, 1/2, 3/4, 1, 1, 4/3, 2, 3
 * fit.slope; // => 0.875
 * fit.intercept; // => 0.125
 * [fit.ciLow, fit.ciHigh]; // => [-1, 2.35754...] (ranks 1.64 and 9.36)
 */
export function theilSen(
  x: readonly number[],
  y: readonly number[],
  confidence: number = DEFAULT_CONFIDENCE,
  adjust: SenAdjustment = {},
): SlopeFit {
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`confidence must be in (0, 1), got ${String(confidence)}`);
  }
  checkPaired(x, y);
  const n = x.length;
  const mk = kendallXY(x, y);
  const slopes = pairwiseSlopes(x, y);
  const nSlopes = slopes.length;

  let slope = 0;
  let ciLow = -Infinity;
  let ciHigh = Infinity;
  if (nSlopes > 0) {
    slope = sortedMedian(slopes);
    if (allEqual(y)) {
      // Constant series (e.g. a steady goroutine count): no trend and no spread.
      ciLow = 0;
      ciHigh = 0;
    } else {
      const c = critical(confidence, adjust.df) * Math.sqrt(mk.varS * (adjust.varianceFactor ?? 1));
      ciLow = valueAtRank(slopes, (nSlopes - c) / 2);
      ciHigh = valueAtRank(slopes, (nSlopes + c) / 2 + 1);
    }
  }
  if (slope === 0) slope = 0; // normalise -0

  let intercept = 0;
  let residualSd = 0;
  if (n > 0) {
    const offsets = new Float64Array(n);
    for (let i = 0; i < n; i++) offsets[i] = y[i]! - slope * x[i]!;
    intercept = sortedMedian(offsets.slice().sort());
    for (let i = 0; i < n; i++) offsets[i] = Math.abs(offsets[i]! - intercept);
    residualSd = MAD_TO_SD * sortedMedian(offsets.sort());
  }

  let se: number;
  if (ciLow === ciHigh) se = 0;
  else if (!Number.isFinite(ciLow) || !Number.isFinite(ciHigh)) se = Infinity;
  else se = (ciHigh - ciLow) / (2 * critical(confidence, adjust.df));

  return { n, slope, intercept, ciLow, ciHigh, confidence, se, residualSd, mk };
}
