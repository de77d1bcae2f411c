/**
 * Mann-Kendall test for a monotonic trend, and Kendall's S between x and y with ties in both.
 *
 * References: Kendall, M.G. (1975), Rank Correlation Methods, 4th ed. (variance of S with ties);
 * Gilbert, R.O. (1987), Statistical Methods for Environmental Pollution Monitoring, ch. 16.
 */
import { checkFinite } from './checks.js';
import { normalCdf } from './normal-cdf.js';
import { sign, tieSums } from './ties.js';

/** Assemble a MannKendall result from S and its null variance. */
export function mkResult(n: number, s: number, varS: number): MannKendall {
  let z = 0;
  if (varS > 0) {
    if (s > 0) z = (s - 1) / Math.sqrt(varS);
    else if (s < 0) z = (s + 1) / Math.sqrt(varS);
  }
  const pTwoSided = Math.min(1, 2 * normalCdf(-Math.abs(z)));
  const pIncreasing = normalCdf(-z); // = 1 - Phi(z), without cancellation
  return { n, s, varS, z, pTwoSided, pIncreasing };
}

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
export function kendallXY(x: readonly number[], y: readonly number[]): MannKendall {
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
