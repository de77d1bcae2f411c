/**
 * Pure statistics core: robust trend estimation for short, noisy series.
 *
 * Everything here is deterministic: no I/O, no clock, no randomness, no
 * dependencies. Inputs are never mutated.
 *
 * - {@link normalQuantile}, {@link normalCdf}: the standard normal distribution.
 * - {@link mannKendall}: is there a monotonic trend at all?
 * - {@link theilSen}: how steep is it (median of pairwise slopes), with Sen's
 *   (1968) distribution-free confidence interval.
 * - {@link ols}: classical least squares, for comparison and diagnostics.
 *
 * References:
 * - Sen, P.K. (1968), Estimates of the regression coefficient based on Kendall's tau,
 *   JASA 63, 1379-1389.
 * - Gilbert, R.O. (1987), Statistical Methods for Environmental Pollution Monitoring,
 *   ch. 16 (Mann-Kendall test, Sen's slope and its confidence interval).
 * - Kendall, M.G. (1975), Rank Correlation Methods, 4th ed. (variance of S with ties).
 * - Acklam, P.J. (2003), An algorithm for computing the inverse normal cumulative
 *   distribution function.
 * - Marsaglia, G. (2004), Evaluating the normal distribution, J. Stat. Softw. 11(4).
 */

const SQRT_2PI = Math.sqrt(2 * Math.PI);
const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Consistency constant turning a median absolute deviation into a normal s.d. */
const MAD_TO_SD = 1.4826;

/** Default two-sided confidence level of {@link theilSen}. */
const DEFAULT_CONFIDENCE = 0.99;

// ---------------------------------------------------------------------------
// Normal distribution
// ---------------------------------------------------------------------------

/**
 * Upper tail Q(x) = 1 - Phi(x) for x >= 0, with full relative accuracy.
 *
 * - x < 2.5: Marsaglia's Taylor series Phi(x) = 1/2 + phi(x) * (x + x^3/3 + x^5/(3*5) + ...).
 *   Q >= 0.0062 there, so the subtraction 1/2 - (...) loses at most ~2 digits.
 * - x >= 2.5: the Laplace continued fraction Q(x) = phi(x) / (x + 1/(x + 2/(x + 3/(x + ...)))),
 *   evaluated with the modified Lentz algorithm. phi(x) is computed in log space, so
 *   the result stays accurate (relative) until it underflows past x ~ 38.
 */
function upperTail(x: number): number {
  if (x < 2.5) {
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let k = 1; k < 200; k++) {
      term *= x2 / (2 * k + 1);
      const next = sum + term;
      if (next === sum) break;
      sum = next;
    }
    return 0.5 - sum * Math.exp(-0.5 * x2 - LN_SQRT_2PI);
  }
  // Continued fraction b0 + a1/(b1 + a2/(b2 + ...)) with b_k = x, a_k = k.
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    d = x + k * d;
    d = d === 0 ? tiny : d;
    c = x + k / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-0.5 * x * x - LN_SQRT_2PI) / f;
}

/**
 * Standard normal cumulative distribution function Phi(z) = P(Z <= z).
 *
 * Relative error below 1e-13 over the whole range, also deep in the lower tail
 * (checked against scipy.stats.norm.cdf on -38 <= z <= 8), so small p-values stay
 * meaningful; underflows to 0 below about z = -38.5, and gives NaN for NaN.
 *
 * @param z a standard score
 * @returns P(Z <= z) for Z ~ N(0, 1)
 * @example
 * normalCdf(0); // => 0.5
 * normalCdf(1.96); // => 0.9750021048517795
 * normalCdf(-1.96); // => 0.024997895148220435
 */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  if (z === Infinity) return 1;
  if (z === -Infinity) return 0;
  return z < 0 ? upperTail(-z) : 1 - upperTail(z);
}

// Acklam's rational approximations (relative error < 1.15e-9 before refinement).
const ACKLAM_A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2,
  -3.066479806614716e1, 2.506628277459239,
] as const;
const ACKLAM_B = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
  -1.328068155288572e1,
] as const;
const ACKLAM_C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734,
  4.374664141464968, 2.938163982698783,
] as const;
const ACKLAM_D = [
  7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416,
] as const;
const ACKLAM_P_LOW = 0.02425;

/** Acklam's approximation of the quantile for 0 < p <= 0.5 (result <= 0). */
function acklamLower(p: number): number {
  const [a0, a1, a2, a3, a4, a5] = ACKLAM_A;
  const [b0, b1, b2, b3, b4] = ACKLAM_B;
  const [c0, c1, c2, c3, c4, c5] = ACKLAM_C;
  const [d0, d1, d2, d3] = ACKLAM_D;
  if (p < ACKLAM_P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) /
      ((((d0 * q + d1) * q + d2) * q + d3) * q + 1)
    );
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) /
    (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1)
  );
}

/**
 * Inverse of the standard normal CDF (the probit / normal quantile function).
 *
 * Acklam's rational approximation (relative error < 1.15e-9), polished by one
 * Halley step against {@link normalCdf}; the result agrees with scipy's ndtri to
 * within 3e-14 relative over 1e-300 <= p < 1. Computed on the lower half and mirrored, so
 * normalQuantile(1 - p) === -normalQuantile(p) whenever 1 - p is exact.
 *
 * @param p a probability in [0, 1]
 * @returns z with Phi(z) = p; -Infinity for 0, Infinity for 1, NaN outside [0, 1]
 * @example
 * normalQuantile(0.5); // => 0
 * normalQuantile(0.975); // => 1.959963984540054
 * normalQuantile(0.995); // => 2.5758293035489004
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  const upper = p > 0.5;
  const q = upper ? 1 - p : p; // lower-tail probability, 0 < q < 0.5
  let x = acklamLower(q);
  // One Halley step on f(x) = Phi(x) - q (Phi(x) = Q(-x) for x < 0, accurate in the tail).
  const e = upperTail(-x) - q;
  const u = e * SQRT_2PI * Math.exp(0.5 * x * x);
  x = x - u / (1 + 0.5 * x * u);
  return upper ? -x : x;
}

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

function checkFinite(name: string, values: readonly number[]): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new RangeError(`${name}[${i}] is not a finite number: ${String(values[i])}`);
    }
  }
}

function checkPaired(x: readonly number[], y: readonly number[]): void {
  if (x.length !== y.length) {
    throw new RangeError(`x and y differ in length: ${x.length} != ${y.length}`);
  }
  checkFinite('x', x);
  checkFinite('y', y);
}

/** Median of an already sorted typed array (n >= 1). */
function sortedMedian(sorted: Float64Array): number {
  const n = sorted.length;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Tie-group sums over the values: [sum t(t-1)(2t+5), sum t(t-1), sum t(t-1)(t-2)]
 * where t runs over the sizes of groups of equal values.
 */
function tieSums(values: readonly number[]): [number, number, number] {
  const sorted = Float64Array.from(values).sort();
  let v = 0;
  let v1 = 0;
  let v2 = 0;
  let i = 0;
  while (i < sorted.length) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    const t = j - i;
    if (t > 1) {
      v += t * (t - 1) * (2 * t + 5);
      v1 += t * (t - 1);
      v2 += t * (t - 1) * (t - 2);
    }
    i = j;
  }
  return [v, v1, v2];
}

function allEqual(values: readonly number[]): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return false;
  return true;
}

function sign(d: number): number {
  return d > 0 ? 1 : d < 0 ? -1 : 0;
}

/** Assemble a MannKendall result from S and its null variance. */
function mkResult(n: number, s: number, varS: number): MannKendall {
  let z = 0;
  if (varS > 0) {
    if (s > 0) z = (s - 1) / Math.sqrt(varS);
    else if (s < 0) z = (s + 1) / Math.sqrt(varS);
  }
  const pTwoSided = Math.min(1, 2 * normalCdf(-Math.abs(z)));
  const pIncreasing = normalCdf(-z); // = 1 - Phi(z), without cancellation
  return { n, s, varS, z, pTwoSided, pIncreasing };
}

// ---------------------------------------------------------------------------
// Median
// ---------------------------------------------------------------------------

/**
 * Median of a numeric array: the middle value, or the mean of the two middle
 * values for an even count. Does not mutate the input.
 *
 * @param values at least one number
 * @returns the median
 * @throws RangeError when values is empty
 * @example
 * median([3, 1, 2]); // => 2
 * median([4, 1, 3, 2]); // => 2.5
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty array');
  return sortedMedian(Float64Array.from(values).sort());
}

// ---------------------------------------------------------------------------
// Pairwise slopes
// ---------------------------------------------------------------------------

/**
 * All pairwise slopes (y[j] - y[i]) / (x[j] - x[i]) for i < j with x[j] != x[i],
 * sorted ascending. Pairs with equal x carry no slope information and are skipped,
 * so the length is n(n-1)/2 minus the number of x-tied pairs. O(n^2) memory and
 * O(n^2 log n) time: n = 600 gives 179,700 slopes.
 *
 * @param x abscissae (e.g. seconds since start), any order
 * @param y ordinates, same length as x
 * @returns a new sorted Float64Array
 * @throws RangeError on different lengths or non-finite values
 * @example
 * pairwiseSlopes([1, 2, 3], [1, 3, 2]); // => Float64Array [-1, 0.5, 2]
 */
export function pairwiseSlopes(x: readonly number[], y: readonly number[]): Float64Array {
  checkPaired(x, y);
  const n = x.length;
  const out = new Float64Array((n * (n - 1)) / 2);
  let k = 0;
  for (let i = 0; i < n - 1; i++) {
    const xi = x[i]!;
    const yi = y[i]!;
    for (let j = i + 1; j < n; j++) {
      const dx = x[j]! - xi;
      if (dx !== 0) out[k++] = (y[j]! - yi) / dx;
    }
  }
  return (k === out.length ? out : out.slice(0, k)).sort();
}

// ---------------------------------------------------------------------------
// Mann-Kendall
// ---------------------------------------------------------------------------

/** Result of {@link mannKendall}. */
export interface MannKendall {
  /** Number of observations. */
  n: number;
  /** Kendall S statistic: sum over i < j of sign(y[j] - y[i]). */
  s: number;
  /** Null variance of S with the tie correction. */
  varS: number;
  /** Continuity-corrected: (S-1)/sqrt(varS) if S>0, (S+1)/sqrt(varS) if S<0, else 0. */
  z: number;
  /** Two-sided p-value, 2 * (1 - Phi(|z|)). */
  pTwoSided: number;
  /** One-sided p-value for an upward trend: 1 - Phi(z). */
  pIncreasing: number;
}

/**
 * Mann-Kendall test for a monotonic trend in a series given in time order.
 *
 * S = sum_{i<j} sign(y[j] - y[i]);
 * varS = [n(n-1)(2n+5) - sum_t t(t-1)(2t+5)] / 18, t over the sizes of groups of
 * tied y values (Kendall 1975; Gilbert 1987, ch. 16). z uses the continuity
 * correction and the normal approximation (fine from n ~ 10 on). A series with
 * fewer than 2 points, or all values tied, gives S = 0, varS = 0, z = 0, p = 1.
 *
 * @param y observations ordered by time (e.g. sorted by x)
 * @returns S, its variance, z and p-values
 * @throws RangeError on non-finite values
 * @example
 * mannKendall([1, 3, 2, 5, 4]);
 * // => { n: 5, s: 6, varS: 16.666..., z: 1.2247..., pTwoSided: 0.2207..., pIncreasing: 0.1103... }
 */
export function mannKendall(y: readonly number[]): MannKendall {
  checkFinite('y', y);
  const n = y.length;
  let s = 0;
  for (let i = 0; i < n - 1; i++) {
    const yi = y[i]!;
    for (let j = i + 1; j < n; j++) s += sign(y[j]! - yi);
  }
  const [tieY] = tieSums(y);
  const varS = Math.max(0, (n * (n - 1) * (2 * n + 5) - tieY) / 18);
  return mkResult(n, s, varS);
}

/**
 * Kendall's S between x and y (sum of sign(dx) * sign(dy); pairs tied in x count 0)
 * with its null variance allowing ties in both x and y (Kendall 1975, ch. 4):
 *
 *   varS = [n(n-1)(2n+5) - Tx - Ty] / 18
 *        + [sum t(t-1)(t-2)][sum u(u-1)(u-2)] / [9 n(n-1)(n-2)]
 *        + [sum t(t-1)][sum u(u-1)] / [2 n(n-1)]
 *
 * with t over x tie groups, u over y tie groups, Tx = sum t(t-1)(2t+5), Ty likewise.
 * With distinct x this is exactly mannKendall(y sorted by x).
 */
function kendallXY(x: readonly number[], y: readonly number[]): MannKendall {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n - 1; i++) {
    const xi = x[i]!;
    const yi = y[i]!;
    for (let j = i + 1; j < n; j++) s += sign(x[j]! - xi) * sign(y[j]! - yi);
  }
  const [tx, tx1, tx2] = tieSums(x);
  const [ty, ty1, ty2] = tieSums(y);
  let varS = (n * (n - 1) * (2 * n + 5) - tx - ty) / 18;
  if (n > 2) varS += (tx2 * ty2) / (9 * n * (n - 1) * (n - 2));
  if (n > 1) varS += (tx1 * ty1) / (2 * n * (n - 1));
  return mkResult(n, s, Math.max(0, varS));
}

// ---------------------------------------------------------------------------
// Theil-Sen
// ---------------------------------------------------------------------------

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
function valueAtRank(sorted: Float64Array, rank: number): number {
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
      const zc = normalQuantile(1 - (1 - confidence) / 2);
      const c = zc * Math.sqrt(mk.varS);
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
  else se = (ciHigh - ciLow) / (2 * normalQuantile(1 - (1 - confidence) / 2));

  return { n, slope, intercept, ciLow, ciHigh, confidence, se, residualSd, mk };
}

// ---------------------------------------------------------------------------
// Ordinary least squares
// ---------------------------------------------------------------------------

/** Result of {@link ols}. */
export interface OlsFit {
  /** Number of observations. */
  n: number;
  /** Least-squares slope. */
  slope: number;
  /** Least-squares intercept. */
  intercept: number;
  /** Classical standard error of the slope: residualSd / sqrt(Sxx); Infinity if n < 3 or all x equal. */
  se: number;
  /** Residual s.d. with n - 2 degrees of freedom; 0 if n < 3. */
  residualSd: number;
}

/**
 * Ordinary least squares fit y = intercept + slope * x with the classical slope
 * standard error se = s / sqrt(sum (x - mean x)^2), s^2 = RSS / (n - 2).
 * Sums are centred for numerical stability. With n = 0 everything is 0 (se
 * Infinity); with all x equal the slope is 0 and the intercept is mean(y).
 *
 * @param x abscissae
 * @param y ordinates, same length
 * @returns slope, intercept, slope standard error and residual s.d.
 * @throws RangeError on different lengths or non-finite values
 * @example
 * ols([1, 2, 3, 4, 5], [1, 3, 2, 5, 4]);
 * // => { n: 5, slope: 0.8, intercept: 0.6, se: 0.3464..., residualSd: 1.0954... }
 */
export function ols(x: readonly number[], y: readonly number[]): OlsFit {
  checkPaired(x, y);
  const n = x.length;
  if (n === 0) return { n, slope: 0, intercept: 0, se: Infinity, residualSd: 0 };
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    sxx += dx * dx;
    sxy += dx * (y[i]! - my);
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  const intercept = my - slope * mx;
  let rss = 0;
  for (let i = 0; i < n; i++) {
    const r = y[i]! - my - slope * (x[i]! - mx);
    rss += r * r;
  }
  const residualSd = n > 2 ? Math.sqrt(rss / (n - 2)) : 0;
  const se = n > 2 && sxx > 0 ? residualSd / Math.sqrt(sxx) : Infinity;
  return { n, slope, intercept, se, residualSd };
}
