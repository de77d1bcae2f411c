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

/** Result of {@link olsAdjusted}. */
export interface OlsAdjustedFit {
  n: number;
  /** Coefficient of x with z held fixed. */
  slope: number;
  /** Classical standard error of that coefficient (n - 3 degrees of freedom); Infinity when not identified. */
  se: number;
  /** Residuals of the full fit y ~ 1 + x + z, in input order. */
  residuals: number[];
  /** Residual s.d. with n - 3 degrees of freedom. */
  residualSd: number;
  /** The slope as a weighted sum of y: slope = sum weights[i] y[i] (empty when not identified). */
  weights: number[];
}

/**
 * Least squares y = a + b x + c z, reporting b (the slope in x with z held fixed) through the Frisch-Waugh
 * theorem: regress x and y on (1, z), then b = sum(rx ry) / sum(rx^2). Used to take a known nuisance (the fill
 * of a memory cycle) out of a trend.
 *
 * @example
 * // y = 2 x + 5 z exactly:
 * olsAdjusted([0, 1, 2, 3, 4, 5], [0, 1, 0, 1, 0, 1], [0, 7, 4, 11, 8, 15]).slope; // => 2
 */
export function olsAdjusted(x: readonly number[], z: readonly number[], y: readonly number[]): OlsAdjustedFit {
  checkPaired(x, y);
  checkPaired(z, y);
  const n = x.length;
  const resid = (w: readonly number[]): number[] => {
    const f = ols(z, w);
    return w.map((v, i) => v - f.intercept - f.slope * z[i]!);
  };
  const rx = resid(x);
  const ry = resid(y);
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += rx[i]! * rx[i]!;
    sxy += rx[i]! * ry[i]!;
  }
  // Identified only when x varies beyond what z explains (relative to x's own spread).
  const mx = x.reduce((p, q) => p + q, 0) / Math.max(1, n);
  const xs = x.reduce((a, v) => a + (v - mx) ** 2, 0);
  const identified = n > 3 && sxx > 1e-9 * xs && sxx > 0;
  const slope = identified ? sxy / sxx : 0;
  const residuals = ry.map((v, i) => v - slope * rx[i]!);
  let rss = 0;
  for (const r of residuals) rss += r * r;
  const residualSd = n > 3 ? Math.sqrt(rss / (n - 3)) : 0;
  const se = identified ? residualSd / Math.sqrt(sxx) : Infinity;
  const weights = identified ? rx.map((r) => r / sxx) : [];
  return { n, slope, se, residuals, residualSd, weights };
}
