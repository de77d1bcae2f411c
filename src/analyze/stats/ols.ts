/** Ordinary least squares with the classical slope standard error. */
import { checkPaired } from './checks.js';

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
