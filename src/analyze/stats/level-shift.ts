/**
 * One level shift: memory that rose (or fell) once and held there. A service that allocates one lasting buffer
 * half-way through a run, or whose live heap switches between two levels (a pool that grows by one block, a
 * second worker that starts), gives a series that a straight line fits with a large slope, though nothing keeps
 * growing. {@link detectLevelShift} finds the best single step on top of a line and says whether it is real; the
 * verdict then asks whether the growth holds apart from it.
 */
import { checkPaired } from './checks.js';
import { ols, olsAdjusted } from './ols.js';

/**
 * A step counts when it lowers the squared residuals of the line by this F statistic: the 1% critical value of
 * Andrews' sup-F test for one break with 15% trimming (12.16; Andrews 1993, table 1). Beside a trend and at 51
 * points a line with white noise shows a "step" in about 2% of series (level-shift.test.ts), which is harmless:
 * a step found where there is none leaves the slope with it held fixed a fair estimate, only a wider one.
 */
export const LEVEL_SHIFT_F = 12.16;

/** Share of the series kept clear of each end when looking for the step (the trimming of the sup-F test). */
export const LEVEL_SHIFT_TRIM = 0.15;

/** Result of {@link detectLevelShift}. */
export interface LevelShift {
  /** Index of the first point after the step. */
  index: number;
  /** Height of the step (the series' unit): positive when the series rose. */
  jump: number;
  /** F statistic of the step against the line alone. */
  f: number;
  /** Slope (per unit of t) with the step held fixed, and its classical standard error (n - 3 df). */
  slope: number;
  se: number;
  /** Residuals of the line-plus-step fit, in order. */
  residuals: number[];
  /** The slope as a weighted sum of the values (sum weights[i] v[i]), for a bound under any correlation. */
  weights: number[];
}

/**
 * The best single step on top of a line: for each break k (LEVEL_SHIFT_TRIM of the points kept clear of each
 * end, at least 3), the drop in the residual sum of squares from adding a step at k, which by Frisch-Waugh is
 * (sum_{i>=k} e_i)^2 / |z~|^2 with e the line's residuals and z~ the step indicator's residual on (1, t); O(n)
 * with suffix sums. Null with fewer than 12 points or when the best step's F is below LEVEL_SHIFT_F.
 *
 * @param t sample times, increasing
 * @param v values, same length
 * @example
 * const t = Array.from({ length: 30 }, (_, i) => i);
 * detectLevelShift(t, t.map((i) => (i >= 15 ? 10 : 0) + (i % 2) * 0.1))?.index; // => 15
 */
export function detectLevelShift(t: readonly number[], v: readonly number[]): LevelShift | null {
  checkPaired(t, v);
  const n = t.length;
  if (n < 12) return null;
  const line = ols(t, v);
  const e = v.map((y, i) => y - line.intercept - line.slope * t[i]!);
  const rssLine = e.reduce((a, x) => a + x * x, 0);
  if (!(rssLine > 0)) return null;
  let tm = 0;
  for (const x of t) tm += x;
  tm /= n;
  let sxx = 0;
  for (const x of t) sxx += (x - tm) ** 2;
  if (!(sxx > 0)) return null;
  const m = Math.max(3, Math.ceil(LEVEL_SHIFT_TRIM * n));
  let best = -1;
  let bestGain = 0;
  let sumE = 0;
  let sumT = 0;
  // Suffix sums from the end: after the loop body for k, they cover i >= k.
  for (let k = n - 1; k >= m; k--) {
    sumE += e[k]!;
    sumT += t[k]! - tm;
    if (k > n - m) continue;
    const after = n - k;
    const zz = after - (after * after) / n - (sumT * sumT) / sxx;
    if (!(zz > 1e-12)) continue;
    const gain = (sumE * sumE) / zz;
    if (gain > bestGain) {
      bestGain = gain;
      best = k;
    }
  }
  if (best < 0) return null;
  const rss = rssLine - bestGain;
  const f = rss > 0 ? (bestGain * (n - 3)) / rss : Infinity;
  if (!(f >= LEVEL_SHIFT_F)) return null;
  const z = t.map((_, i) => (i >= best ? 1 : 0));
  const fit = olsAdjusted(t, z, v);
  let before = 0;
  let afterSum = 0;
  for (let i = 0; i < n; i++) {
    const r = v[i]! - fit.slope * t[i]!;
    if (i < best) before += r;
    else afterSum += r;
  }
  const jump = afterSum / (n - best) - before / best;
  return { index: best, jump, f, slope: fit.slope, se: fit.se, residuals: fit.residuals, weights: fit.weights };
}
