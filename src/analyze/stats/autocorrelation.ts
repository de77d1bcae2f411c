/**
 * Serial correlation of residuals, and the effective sample size it leaves.
 *
 * Samples one second apart are not independent: on real Go services the residuals of post-GC live heap around
 * its trend have a lag-1 autocorrelation of 0.25-0.97 (GUIDE.md section 4). An interval that assumes
 * independence is then far too narrow. The correction used by the gate: estimate the lag-1 autocorrelation of
 * the residuals, correct its small-sample bias, and take the AR(1) effective sample size
 * n_eff = n (1 - rho) / (1 + rho); intervals then use Student's t on n_eff - p degrees of freedom and the
 * variance scaled by n / n_eff. bench/calibration-notes.md has the measurement this choice rests on.
 *
 * Bias: around a fitted line (p = 2 parameters: intercept and slope) the lag-1 estimate of AR(1) noise is
 * biased low by about (2 + 4 rho) / n. This extends the mean-only result, E[r] ~ rho - (1 + 3 rho) / n
 * (Kendall 1954; Marriott and Pope 1954), by one more fitted parameter; in simulation
 * (n = 21, 51, 111; rho = 0 ... 0.95; 20,000 series each) it removes the bias at rho <= 0.5 and most of it
 * above (e.g. n = 51, rho = 0.8: raw 0.667, corrected 0.766). Solving r = rho - (2 + 4 rho) / n for rho gives
 * {@link biasCorrectedLag1}.
 */

/**
 * Bias -(a + b rho) / n of the lag-1 autocorrelation of residuals around a fit with 1 (mean), 2 (line) or 4
 * (two lines, one per half) parameters. For 4 the values were fitted in the same simulation: raw 0.551,
 * corrected 0.746 at n = 51, rho = 0.8 (the line's own correction there: 0.766).
 */
const BIAS = { 1: [1, 3], 2: [2, 4], 4: [4, 8] } as const;

/** Largest autocorrelation the correction uses: keeps n_eff positive and the suggested run length finite. */
export const MAX_AUTOCORRELATION = 0.98;

/**
 * Lag-1 sample autocorrelation r1 = sum (e[i] - m)(e[i+1] - m) / sum (e[i] - m)^2 (m the mean).
 * 0 for fewer than 3 values or no spread.
 *
 * @param e residuals in time order
 * @returns r1 in [-1, 1]
 * @example
 * lag1Autocorrelation([1, 2, 3, 4]); // => 0.25  (deviations -1.5 -0.5 0.5 1.5: (0.75 - 0.25 + 0.75) / 5)
 */
export function lag1Autocorrelation(e: readonly number[]): number {
  const n = e.length;
  if (n < 3) return 0;
  let m = 0;
  for (const v of e) m += v;
  m /= n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const d = e[i]! - m;
    den += d * d;
    if (i + 1 < n) num += d * (e[i + 1]! - m);
  }
  return den > 0 ? num / den : 0;
}

/**
 * Lag-1 autocorrelation of residuals from a fit with `params` parameters, corrected for its small-sample bias:
 * rho = (n r1 + a) / (n - b) with (a, b) = (1, 3) for a fitted mean, (2, 4) for a fitted line and (4, 8) for
 * a line per half (the bias
 * -(a + b rho) / n solved for rho), clamped to [0, MAX_AUTOCORRELATION]. Negative values are set to 0: the gate
 * never narrows an interval for negative correlation. 0 when n is too small to say anything (n <= b + 2).
 *
 * @param e residuals in time order
 * @param params fitted parameters the residuals are taken around: 1 (mean), 2 (line), 4 (two lines); default 2
 * @example
 * biasCorrectedLag1([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]); // r1 = 0.7, n = 10: (7 + 2) / 6 = 1.5 -> 0.98 (clamped)
 * biasCorrectedLag1([1, -1, 1, -1, 1, -1, 1, -1]); // => 0 (negative: never narrows)
 */
export function biasCorrectedLag1(e: readonly number[], params: 1 | 2 | 4 = 2): number {
  const n = e.length;
  const [a, b] = BIAS[params];
  if (n <= b + 2) return 0;
  const rho = (n * lag1Autocorrelation(e) + a) / (n - b);
  return Math.min(MAX_AUTOCORRELATION, Math.max(0, rho));
}

/**
 * Effective sample size of n AR(1) observations with lag-1 autocorrelation rho: n (1 - rho) / (1 + rho),
 * the number of independent observations that would give the same variance of a mean (and, to first order,
 * of a trend slope). Never more than n.
 *
 * @example
 * effectiveSampleSize(51, 0); // => 51
 * effectiveSampleSize(51, 0.5); // => 17
 */
export function effectiveSampleSize(n: number, rho: number): number {
  const r = Math.min(MAX_AUTOCORRELATION, Math.max(0, rho));
  return Math.min(n, (n * (1 - r)) / (1 + r));
}

/** Lag-k sample autocorrelation (k >= 1), the mean removed; 0 when undefined. */
export function lagAutocorrelation(e: readonly number[], k: number): number {
  const n = e.length;
  if (n < k + 2) return 0;
  let m = 0;
  for (const v of e) m += v;
  m /= n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const d = e[i]! - m;
    den += d * d;
    if (i + k < n) num += d * (e[i + k]! - m);
  }
  return den > 0 ? num / den : 0;
}

/**
 * Standard errors above the estimate at which the autocorrelation is used (see {@link effectiveSize}). Chosen by
 * the calibration benchmark: 0 left AR(1) phi 0.95 at 1.45% false alarms in 30 s runs (nominal 0.5%); 1 brought
 * every AR(1) cell to nominal but cost 18 points of power on white noise at 60 s; 0.5 gives 0.8% and 14 points.
 */
export const RHO_MARGIN = 0.5;

/**
 * The margin for short series: below 45 points the estimate's own distribution is skewed and its bias
 * correction (first order in 1/n) leaves more of the bias, so the margin grows linearly to RHO_MARGIN_SHORT at
 * 25 points and below. Chosen with the calibration benchmark: with 0.5 throughout, AR(1) phi 0.95 seen through a
 * 20 s window at 1 s (21 points) false-alarmed in 0.9-0.95% of runs (nominal 0.5%); windows that short have
 * almost no power on white noise either way (3.4% for a trend of 4 sigma/min).
 */
export const RHO_MARGIN_SHORT = 1.25;

/** Margin (in standard errors of the estimate) above the estimated autocorrelation for a series of n points. */
export function rhoMargin(n: number): number {
  const w = Math.min(1, Math.max(0, (45 - n) / 20));
  return RHO_MARGIN + w * (RHO_MARGIN_SHORT - RHO_MARGIN);
}

/** Result of {@link effectiveSize}. */
export interface EffectiveSize {
  /** Bias-corrected lag-1 autocorrelation (clamped to [0, MAX_AUTOCORRELATION]). */
  rho: number;
  /** Decay per lag of the autocorrelation beyond lag 1 (equals rho for pure AR(1) noise). */
  decay: number;
  /** Effective sample size n / (1 + 2 rho / (1 - decay)). */
  n: number;
}

/**
 * Effective sample size of residuals whose autocorrelation is r_k = rho * decay^(k-1): AR(1) noise
 * (decay = rho) plus independent measurement noise, which lowers the lag-1 correlation but not the decay. A
 * drifting level sampled with jitter (memory that wanders and is read with noise) is of this kind, and the
 * plain AR(1) size n (1 - rho) / (1 + rho) overstates its information. The decay is the ratio of the
 * bias-corrected lag-2 and lag-1 autocorrelations, used only when rho is clearly above 0 (2 / sqrt(n)) and
 * kept in [rho, MAX_AUTOCORRELATION]; the variance inflation is then 1 + 2 sum_k r_k = 1 + 2 rho / (1 - decay),
 * with rho taken `margin` standard errors above its estimate when it is above 0 (RHO_MARGIN by default; the
 * whole window of a metric uses {@link rhoMargin}).
 *
 * @param e residuals in time order
 * @param params parameters of the fit the residuals are taken around (see {@link biasCorrectedLag1})
 * @param margin standard errors of the estimate added to it when it is above 0
 * @example
 * effectiveSize([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).n; // => 0.1010... (rho clamped to 0.98: n / 99)
 */
export function effectiveSize(e: readonly number[], params: 1 | 2 | 4 = 2, margin = RHO_MARGIN): EffectiveSize {
  const n = e.length;
  const rho = biasCorrectedLag1(e, params);
  const [a, b] = BIAS[params];
  let decay = rho;
  if (n > 2 * b && rho > 2 / Math.sqrt(n)) {
    const r2 = (n * lagAutocorrelation(e, 2) + a) / (n - b);
    decay = Math.min(MAX_AUTOCORRELATION, Math.max(rho, r2 / rho));
  }
  // The estimate itself is uncertain (s.e. about sqrt((1 - rho^2) / n)), and an underestimate is what makes
  // false alarms: when there is correlation at all, the inflation uses rho one standard error up.
  const up = rho > 0 ? Math.min(MAX_AUTOCORRELATION, rho + margin * Math.sqrt((1 - rho * rho) / n)) : 0;
  const inflation = 1 + (2 * up) / (1 - Math.max(decay, up));
  return { rho, decay, n: Math.min(n, n / inflation) };
}
