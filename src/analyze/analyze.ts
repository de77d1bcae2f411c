/**
 * The analysis core: series in, numbers out. No I/O, no clock.
 *
 * For each metric, after the warm-up: a Theil-Sen slope with Sen's rank-based confidence interval, a
 * Mann-Kendall trend test, a plateau check (does growth persist to the end?), and the minimum slope this run
 * could have detected given its own noise. For each allocation site: the same slope over in-use bytes.
 */

import type { AllocVia, Frame } from './profile.js';
import { type SamplingModel, samplingWeight, siteTurnover, turnoverSlopeVariance } from './sampling.js';
import { effectiveSize, MAX_AUTOCORRELATION, rhoMargin } from './stats/autocorrelation.js';
import { cyclePhase, detectCycles } from './stats/cycles.js';
import { detectLevelShift } from './stats/level-shift.js';
import { median } from './stats/median.js';
import { olsAdjusted } from './stats/ols.js';
import { studentTCdf, studentTQuantile } from './stats/student-t.js';
import { mannKendall, normalQuantile, ols, theilSen } from './stats.js';
import type { SiteInfo, SiteTimeline, TimelinePoint } from './timeline.js';

/** z of the power we quote sensitivity at: a slope this far above the allowance is caught 80% of the time. */
export const POWER_Z = normalQuantile(0.8);

/**
 * Fewest effective (independent-equivalent) samples a metric is judged on; below it the verdict is
 * 'inconclusive' unless the interval is clearly within the limit. Chosen with the calibration benchmark
 * (bench/calibration-notes.md): with fewer, the autocorrelation estimate itself is too uncertain to trust.
 */
export const MIN_EFFECTIVE_N = 10;

/** Effective samples a suggested run length aims at (comfortably above MIN_EFFECTIVE_N). */
const TARGET_EFFECTIVE_N = 16;

export interface SeriesAnalysis {
  n: number;
  /** Units per minute. */
  slopePerMinute: number;
  ciLow: number;
  ciHigh: number;
  /** Standard error of the slope per minute (from the confidence interval, or the noise, the larger), autocorrelation included. */
  sePerMinute: number;
  /** Degrees of freedom of the t quantiles behind the interval (effective samples minus fitted parameters). */
  df: number;
  /** One-sided p-value for an upward trend (Mann-Kendall, or the t test of the cycle-adjusted slope), autocorrelation included. */
  trendP: number;
  /** Robust s.d. of the residuals around the fitted line, in the metric's unit. */
  noise: number;
  /** Bias-corrected lag-1 autocorrelation of the residuals (0 when none, or negative). */
  autocorrelation: number;
  /** Effective sample size n (1 - rho) / (1 + rho). */
  effectiveN: number;
  /** Period of the memory cycles the trend was judged through (seconds), or null when none were found. */
  periodS: number | null;
  /** Slope of the last half of the analysed window, and its upper bound. */
  lastHalfSlopePerMinute: number;
  lastHalfCiHigh: number;
  lastHalfCiLow: number;
  lastHalfSePerMinute: number;
  lastHalfDf: number;
  /** The last half's worst-case standard error per minute (as worstCaseSePerMinute); Infinity when not computed. */
  lastHalfWorstCaseSePerMinute?: number;
  /** Growth stopped: the last half's slope (upper bound) is under half the whole window's slope. */
  plateau: boolean;
  /** Smallest growth beyond the allowance this run would catch 80% of the time, per minute. */
  minDetectablePerMinute: number;
  /** What the sampling can resolve at all, per minute (integer steps, profile period): the floor of the above. */
  resolutionPerMinute: number;
  /** Why this series cannot be judged (too few effective samples, unbounded interval), or null. */
  inconclusive: string | null;
  /** A reason a failing verdict is not to be trusted (a cycle longer than the window), or null. */
  caveat: string | null;
  /**
   * Standard error of the slope per minute if the noise were correlated in the worst way (its s.d. times
   * sum |t - mean t| / Sxx): a bound that needs no estimate of the autocorrelation. Infinity when not computed.
   */
  worstCaseSePerMinute: number;
  /** Run length from the start of sampling that would settle an inconclusive verdict, seconds, or null. */
  suggestedDurationS: number | null;
  /**
   * The series rose in one step and held (detectLevelShift): where, by how much, and the slope with the step
   * held fixed (its lower bound at the fit's confidence, autocorrelation included). A verdict that fails on the
   * whole window but not on this slope rests on the step alone. Null (or absent) when no step stands out.
   */
  levelShift?: LevelShiftInfo | null;
  first: number | null;
  last: number | null;
}

export interface LevelShiftInfo {
  /** Time of the first sample after the step, seconds. */
  atS: number;
  /** Height of the step, in the metric's unit. */
  jump: number;
  slopePerMinute: number;
  slopeLowPerMinute: number;
  /** Standard error of that slope per minute and its degrees of freedom, autocorrelation included. */
  sePerMinute: number;
  df: number;
  /** Effective samples of the residuals around the line and the step. */
  effectiveN: number;
  /** Robust s.d. of those residuals, in the metric's unit. */
  noise: number;
  /**
   * Standard error per minute of the slope apart from the step under the worst correlation of noise of that
   * s.d. (noise x sum |weights|): a bound that needs no estimate of the autocorrelation.
   */
  worstCaseSePerMinute: number;
  /** The step's share of the window's rise on the one-line fit (slope x span): near 1 when it is all of it. */
  shareOfRise: number;
  /** Run length from the start of sampling that would show whether growth continues apart from the step. */
  suggestedDurationS: number;
}

/**
 * A sample at either end of the window this many robust s.d.s off the trend, on the side a drop would put it
 * (the first one above, the last one below), and by at least half the window's rise: memory that dropped from
 * the top of a cycle as long as the window, just before it began or as it ended. Chosen with the calibration
 * benchmark (a sawtooth of period 20 s seen through a 20 s window: 2.95% false alarms without it); a leak with
 * white noise puts an end sample this far out in about 0.05% of runs.
 */
export const EDGE_DROP_SDS = 2.5;

export interface SeriesInput {
  t: readonly number[];
  v: readonly number[];
}

/** Keep the points at or after the warm-up. */
export function afterWarmup(series: SeriesInput, warmupS: number): SeriesInput {
  const t: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < series.t.length; i++) {
    if (series.t[i] >= warmupS - 1e-9 && Number.isFinite(series.v[i])) {
      t.push(series.t[i]);
      v.push(series.v[i]);
    }
  }
  return { t, v };
}

/** Standard error implied by the residual noise for this sampling design: sigma / sqrt(sum (t - mean t)^2). */
function noiseSe(t: readonly number[], noise: number): number {
  const mean = t.reduce((a, b) => a + b, 0) / t.length;
  const sxx = t.reduce((a, b) => a + (b - mean) ** 2, 0);
  return sxx > 0 ? noise / Math.sqrt(sxx) : Infinity;
}

export interface AnalyzeOptions {
  /** Two-sided confidence of the slope's interval (for sites: Bonferroni-adjusted). */
  confidence: number;
  /** Confidence of the intervals in the plateau check; defaults to `confidence`. */
  plateauConfidence?: number;
  /**
   * Values are counts of whole units of this size (goroutines: 1) that grow one at a time: the growth is a
   * counting process, its Poisson error is added to the fit's, and the slope is least squares (Theil-Sen's
   * median is biased towards 0 on few-step series). Same as `sampling: { weight: sampledUnit }`.
   */
  sampledUnit?: number;
  /**
   * Values come from a sampled heap profile: the error of sampling the grown bytes (per-byte weight
   * s/(e^(s/R)-1)) and the turnover of the standing population (see sampling.ts). Least-squares slope.
   */
  sampling?: SamplingModel;
  /** Smallest step the values move in (1 for counts of objects or goroutines); floors the minimum detectable growth. */
  quantum?: number;
}

interface Fit {
  slope: number;
  low: number;
  high: number;
  /** Standard error of the slope (per second), autocorrelation included. */
  se: number;
  df: number;
}

/** Two-sided critical value of Student's t. */
const tCrit = (confidence: number, df: number) => studentTQuantile(1 - (1 - confidence) / 2, df);

/** Robust s.d. of residuals: 1.4826 x their median absolute deviation from their median. */
function robustSd(r: readonly number[]): number {
  if (r.length === 0) return 0;
  const m = median(r);
  return 1.4826 * median(r.map((x) => Math.abs(x - m)));
}

/**
 * A line through a stretch, its interval widened for autocorrelation (`ratio` = n_eff / n, estimated on the whole window):
 * Sen's interval on the Mann-Kendall variance times n / n_eff, with Student's t on n_eff - 2 degrees of freedom.
 */
function fitLine(
  t: readonly number[],
  v: readonly number[],
  confidence: number,
  ratio: number,
): Fit & { residualSd: number; seNoise: number } {
  const n = t.length;
  const neff = n * ratio;
  const df = Math.max(1, neff - 2);
  const factor = neff > 0 ? n / neff : Infinity;
  const f = theilSen(t, v, confidence, { varianceFactor: factor, df });
  const seNoise = n >= 3 ? noiseSe(t, f.residualSd) * Math.sqrt(factor) : Infinity;
  if ((!Number.isFinite(f.ciLow) || !Number.isFinite(f.ciHigh)) && Number.isFinite(seNoise) && seNoise > 0) {
    // Sen's ranks run out when n_eff is small (at n = 21, below about 7.7 effective samples: an estimated
    // autocorrelation of 0.4, which white noise shows in about 8% of 30 s runs at 1 s), though the data still
    // bound the slope: then a t interval on the residual noise, with the larger of the standard error widened
    // the same way and the one of the worst correlation the noise could have (an estimate of the
    // autocorrelation this uncertain is not leaned on). Still inconclusive below MIN_EFFECTIVE_N, but the
    // standard error stays finite (a baseline keeps it; a run can be compared).
    const se = Math.max(seNoise, worstCaseSe(t, f.residualSd));
    const c = tCrit(confidence, df);
    return { slope: f.slope, low: f.slope - c * se, high: f.slope + c * se, se, df, residualSd: f.residualSd, seNoise };
  }
  return { slope: f.slope, low: f.ciLow, high: f.ciHigh, se: f.se, df, residualSd: f.residualSd, seNoise };
}

/**
 * Sampled values (heap-profile sites, goroutine counts): least squares, with the error of sampling the grown
 * bytes (a counting process of per-byte variance `model.weight`) and the turnover of the standing population.
 */
function fitSampled(
  t: readonly number[],
  v: readonly number[],
  confidence: number,
  model: SamplingModel,
): Fit & { residualSd: number; seNoise: number } {
  const f = ols(t, v);
  const span = t.length > 1 ? t[t.length - 1] - t[0] : 0;
  // Sampling of the bytes grown over the window: a counting process of per-byte variance `weight`.
  const growthVar = span > 0 ? (Math.max(f.slope * span, 0) * model.weight) / span ** 2 : Infinity;
  // The standing population turning over: correlated noise the residuals under-state when lifetimes are long.
  const st = model.standing;
  const turnoverVar = st ? turnoverSlopeVariance(t, st.bytes * st.perByte, st.lifetimeS) : 0;
  const se = Math.sqrt(Math.max(f.se ** 2, turnoverVar) + growthVar);
  const z = normalQuantile(1 - (1 - confidence) / 2);
  return {
    slope: f.slope,
    low: f.slope - z * se,
    high: f.slope + z * se,
    se,
    df: Infinity,
    residualSd: f.residualSd,
    seNoise: se,
  };
}

/** Cycle number of each sample: how many drops came at or before it. */
function cycleIds(n: number, drops: readonly number[]): number[] {
  const out: number[] = [];
  let k = 0;
  for (let i = 0; i < n; i++) {
    while (k < drops.length && drops[k]! <= i) k++;
    out.push(k);
  }
  return out;
}

/** Residuals minus their own cycle's mean: the noise within cycles. */
function withinCycle(e: readonly number[], ids: readonly number[]): number[] {
  const sum = new Map<number, [number, number]>();
  e.forEach((x, i) => {
    const s = sum.get(ids[i]!) ?? [0, 0];
    sum.set(ids[i]!, [s[0] + x, s[1] + 1]);
  });
  return e.map((x, i) => {
    const [a, m] = sum.get(ids[i]!)!;
    return x - a / m;
  });
}

/**
 * The trend through memory cycles: least squares on time with the fill (time since the last drop) held fixed,
 * i.e. the rise from cycle to cycle. Each cycle can sit off the common line by its own amount: the flush
 * happens between two samples, so the first sample of a cycle has seen up to one sample interval of fill
 * (for a fast fill, far more than the noise), and that changes from cycle to cycle when the period is not a
 * whole number of sample intervals. So the standard error has two parts, as in a random-effects model: the
 * noise within cycles (widened for its autocorrelation, `ratio` = n_eff / n) and the spread of the cycles'
 * own offsets, sum over cycles of (sum of the slope's weights in it)^2 times their variance; the degrees of
 * freedom combine the two (Welch-Satterthwaite), the second part counting cycles, not samples.
 */
function fitCycles(
  t: readonly number[],
  v: readonly number[],
  phase: readonly number[],
  ids: readonly number[],
  confidence: number,
  ratio: number,
): Fit & { residualSd: number; residuals: number[] } {
  const n = t.length;
  const f = olsAdjusted(t, phase, v);
  if (!Number.isFinite(f.se) || n < 6) {
    return {
      slope: f.slope,
      low: -Infinity,
      high: Infinity,
      se: Infinity,
      df: 1,
      residualSd: robustSd(f.residuals),
      residuals: f.residuals,
    };
  }
  const cycles = new Map<number, { sum: number; m: number; w: number }>();
  f.residuals.forEach((e, i) => {
    const c = cycles.get(ids[i]!) ?? { sum: 0, m: 0, w: 0 };
    c.sum += e;
    c.m += 1;
    c.w += f.weights[i]!;
    cycles.set(ids[i]!, c);
  });
  const k = cycles.size;
  const within = withinCycle(f.residuals, ids);
  const dfWithin = Math.max(1, n - k - 3);
  const sigmaE2 = within.reduce((a, x) => a + x * x, 0) / dfWithin;
  let between = 0;
  let invM = 0;
  let w2k = 0;
  for (const c of cycles.values()) {
    between += (c.sum / c.m) ** 2;
    invM += 1 / c.m;
    w2k += c.w * c.w;
  }
  between /= Math.max(1, k - 1);
  const sigmaU2 = Math.max(0, between - (sigmaE2 * invM) / k);
  const a = (sigmaE2 * f.weights.reduce((s, w) => s + w * w, 0)) / ratio;
  const b = sigmaU2 * w2k;
  const se = Math.sqrt(a + b);
  const dfA = Math.max(1, n * ratio - k - 3);
  const dfB = Math.max(1, k - 2);
  const df = a + b > 0 ? (a + b) ** 2 / ((a * a) / dfA + (b * b) / dfB) : dfA;
  const c = tCrit(confidence, df);
  return {
    slope: f.slope,
    low: f.slope - c * se,
    high: f.slope + c * se,
    se,
    df,
    residualSd: robustSd(within),
    residuals: f.residuals,
  };
}

/** Residuals of a least-squares line through a stretch. */
function olsResiduals(t: readonly number[], v: readonly number[]): number[] {
  const f = ols(t, v);
  return v.map((y, i) => y - f.intercept - f.slope * t[i]!);
}

const sumSq = (r: readonly number[]) => r.reduce((a, x) => a + x * x, 0);

/**
 * Residuals of the best two-line fit (one line up to a break, one after, the break where they fit best), when
 * it leaves under BEND_RSS of the squared residuals of one line; else null. A fill that levels off leaves
 * about 1% (simulated fills well above the noise, n = 21-111); AR(1) noise alone, even at phi 0.95, leaves under
 * 10% in fewer than 1% of series, so wandering noise is not taken for a bend.
 */
function brokenLineResiduals(t: readonly number[], v: readonly number[]): number[] | null {
  const n = t.length;
  let best: number[] = olsResiduals(t, v);
  const lineRss = sumSq(best);
  let bestRss = lineRss;
  for (let k = 4; k <= n - 4; k++) {
    const r = [...olsResiduals(t.slice(0, k), v.slice(0, k)), ...olsResiduals(t.slice(k), v.slice(k))];
    const rss = sumSq(r);
    if (rss < bestRss) {
      best = r;
      bestRss = rss;
    }
  }
  return bestRss < BEND_RSS * lineRss ? best : null;
}

/** Share of one line's squared residuals a broken line must leave, at most, to count as a bend (a fill). */
const BEND_RSS = 0.05;

/**
 * Slope standard error under the worst correlation of noise of s.d. sigma: the least-squares slope is
 * sum w_i e_i with w_i = (t_i - mean t) / Sxx, whose s.d. is at most sigma sum |w_i| whatever the correlation.
 */
function worstCaseSe(t: readonly number[], sigma: number): number {
  const mean = t.reduce((a, b) => a + b, 0) / t.length;
  const sxx = t.reduce((a, b) => a + (b - mean) ** 2, 0);
  return sxx > 0 ? (sigma * t.reduce((a, b) => a + Math.abs(b - mean), 0)) / sxx : Infinity;
}

/** A run length in seconds, rounded up to a whole 10 s below 2 minutes and to a whole 30 s above. */
function roundUpDuration(s: number): number {
  const step = s <= 120 ? 10 : 30;
  return Math.ceil(s / step) * step;
}

/**
 * Analyse one series (already cut to the window of interest), t in seconds.
 *
 * Autocorrelation: the lag-1 autocorrelation of the residuals around the fitted line, bias-corrected, gives
 * an effective sample size; every interval and test (Sen's interval, Mann-Kendall, the noise standard error,
 * the minimum detectable growth) uses its variance inflation and Student's t on its degrees of freedom.
 * With fewer than MIN_EFFECTIVE_N effective samples, or an unbounded interval, the series is `inconclusive`
 * with the run length that would settle it.
 *
 * Cycles: when the series drops sharply and regularly (batch flushes, compactions), the trend is the slope
 * with the fill (time since the last drop) held fixed: the rise of the per-cycle minima. Fewer than two
 * cycles in the window: inconclusive. One unexplained sharp drop: a failing verdict is not trusted (caveat).
 *
 * Plateau: growth that levels off is a cache filling, not a leak. It is called when the last half's slope,
 * at its upper bound, is under half of the larger of the whole window's and the first half's slopes. A
 * steady leak keeps its slope in both halves, so this needs no significance from the last half alone.
 * @example analyzeSeries({ t: [0, 1, 2, 3, 4], v: [0, 10, 20, 30, 40] }, { confidence: 0.99 }).slopePerMinute // 600
 */
export function analyzeSeries(series: SeriesInput, opts: AnalyzeOptions | number): SeriesAnalysis {
  const {
    confidence,
    plateauConfidence = confidence,
    sampledUnit,
    sampling,
    quantum,
  } = typeof opts === 'number' ? { confidence: opts } : opts;
  const model = sampling ?? (sampledUnit === undefined ? undefined : { weight: sampledUnit });
  const { t, v } = series;
  const n = t.length;
  const span = n > 1 ? t[n - 1] - t[0] : 0;
  const dt = n > 1 ? span / (n - 1) : 0;
  const half = Math.floor(n / 2);
  let inconclusive: string | null = null;
  let caveat: string | null = null;
  let levelShift: LevelShiftInfo | null = null;
  let suggested: number | null = null;
  let periodS: number | null = null;
  let rho = 0;
  let ratio = 1;
  /** The straight-line fit was used (not the sampled-site or the cycle model). */
  let lineFit = false;
  let fit: Fit & { residualSd: number; seNoise: number };
  let head: Fit;
  let tail: Fit;
  let trendP: number;

  const cycles = model === undefined && n >= 8 ? detectCycles(t, v) : null;
  const periodic = cycles !== null && cycles.periodS !== null && cycles.drops.length >= 2 && cycles.regular;
  if (model !== undefined) {
    fit = fitSampled(t, v, confidence, model);
    head = fitSampled(t.slice(0, half + 1), v.slice(0, half + 1), plateauConfidence, model);
    tail = fitSampled(t.slice(half), v.slice(half), plateauConfidence, model);
    trendP = mannKendall(v).pIncreasing;
  } else if (periodic && span >= 2 * cycles.periodS!) {
    periodS = cycles.periodS;
    const phase = cyclePhase(t, cycles.drops, periodS!);
    const ids = cycleIds(n, cycles.drops);
    // Autocorrelation of the noise within cycles (each cycle's own offset is accounted for in fitCycles).
    // Only whole cycles (from the first drop to the last) when they hold most of the window: the partial
    // cycles at the ends are where the fill's phase is extrapolated, and one odd partial cycle (a step inside
    // it) set the autocorrelation for every cycle of a 4 KiB/s leak under an 8 s sawtooth (inconclusive in
    // about one fresh 40 s run in six).
    const within = withinCycle(olsAdjusted(t, phase, v).residuals, ids);
    const whole = within.slice(cycles.drops[0]!, cycles.drops[cycles.drops.length - 1]!);
    const sample = whole.length >= Math.max(12, 0.5 * n) ? whole : within;
    const es = effectiveSize(sample);
    rho = es.rho;
    ratio = es.n / sample.length;
    const c = fitCycles(t, v, phase, ids, confidence, ratio);
    fit = { ...c, seNoise: c.se };
    head = fitCycles(
      t.slice(0, half + 1),
      v.slice(0, half + 1),
      phase.slice(0, half + 1),
      ids.slice(0, half + 1),
      plateauConfidence,
      ratio,
    );
    tail = fitCycles(t.slice(half), v.slice(half), phase.slice(half), ids.slice(half), plateauConfidence, ratio);
    trendP = Number.isFinite(c.se) && c.se > 0 ? 1 - studentTCdf(c.slope / c.se, c.df) : 0.5;
  } else {
    if (cycles !== null && cycles.periodS !== null && cycles.regular && cycles.drops.length >= 2) {
      periodS = cycles.periodS;
      inconclusive = `memory moves in cycles of about ${Math.round(periodS)} s, and the window after the warm-up holds fewer than two`;
      suggested = roundUpDuration(t[0] + 2.5 * periodS);
    } else if (cycles !== null && cycles.drops.length <= 2) {
      const d = t[cycles.drops[0]!]!;
      const longest = Math.max(d - t[0], t[n - 1] - d);
      caveat = `memory dropped sharply at ${Math.round(d)} s: growth may be the fill of a cycle longer than the window`;
      suggested = roundUpDuration(t[0] + 2.5 * longest);
    }
    // The autocorrelation is measured around the least-squares line (cheap; it differs from Theil-Sen's only
    // where outliers pull it, and then errs towards more autocorrelation, i.e. wider intervals), then one
    // adjusted Sen fit gives the slope and its interval.
    lineFit = true;
    const raw = ols(t, v);
    // A fill that levels off bends the series, and the bend around one straight line would pass for
    // autocorrelation. When the uncorrected plateau rule sees a bend, the autocorrelation is taken around the
    // best broken line (two pieces) instead.
    // (Least squares here, which is cheap: this only decides where the autocorrelation is measured.)
    const z0 = normalQuantile(1 - (1 - plateauConfidence) / 2);
    const head0 = ols(t.slice(0, half + 1), v.slice(0, half + 1));
    const tail0 = ols(t.slice(half), v.slice(half));
    const grew0 = Math.max(raw.slope, head0.slope);
    const bends = n >= 12 && grew0 > 0 && tail0.slope + z0 * tail0.se < 0.5 * grew0;
    const broken = bends ? brokenLineResiduals(t, v) : null;
    // The whole window, on which a fail is decided, takes the wider margin of short series (rhoMargin).
    const lineEs = () =>
      effectiveSize(
        v.map((y, i) => y - raw.intercept - raw.slope * t[i]!),
        2,
        rhoMargin(n),
      );
    const es = broken ? effectiveSize(broken, 4, rhoMargin(n)) : lineEs();
    rho = es.rho;
    ratio = n > 0 ? es.n / n : 1;
    fit = fitLine(t, v, confidence, ratio);
    head = fitLine(t.slice(0, half + 1), v.slice(0, half + 1), plateauConfidence, ratio);
    // After a bend, the last half is judged on its own noise: the fill's residuals (larger, and shaped by when
    // the GCs fell) would otherwise set the autocorrelation of a stretch that holds none of the fill, and so
    // widen its interval until neither "levelled off" nor "kept growing after it" could ever be said.
    const tt = t.slice(half);
    const tv = v.slice(half);
    const tailRatio = broken && tt.length >= 3 ? effectiveSize(olsResiduals(tt, tv)).n / tt.length : ratio;
    tail = fitLine(tt, tv, plateauConfidence, tailRatio);
    if (broken) {
      // A bend that did not level off (the last half still rises) is no fill: the broken line then explains the
      // series no better than a step would, and its white residuals would understate the noise (a level that
      // switched up once in a 60 s window, read around two lines, passed for 27 independent samples). The
      // whole window and its first half are then judged on the autocorrelation around one line.
      const grewB = Math.max(fit.slope, head.slope);
      if (!(n >= 8 && grewB > 0 && tail.high < 0.5 * grewB)) {
        const es1 = lineEs();
        rho = es1.rho;
        ratio = n > 0 ? es1.n / n : 1;
        fit = fitLine(t, v, confidence, ratio);
        head = fitLine(t.slice(0, half + 1), v.slice(0, half + 1), plateauConfidence, ratio);
      }
    }
    const shift = n >= 12 ? detectLevelShift(t, v) : null;
    if (shift !== null && shift.jump > 0) {
      const es2 = effectiveSize(shift.residuals, 4, rhoMargin(n));
      const dfS = Math.max(1, es2.n - 3);
      const seS = es2.n > 0 ? shift.se * Math.sqrt(n / es2.n) : Infinity;
      levelShift = {
        atS: t[shift.index]!,
        jump: shift.jump,
        slopePerMinute: shift.slope * 60,
        slopeLowPerMinute: (shift.slope - tCrit(confidence, dfS) * seS) * 60,
        sePerMinute: seS * 60,
        df: dfS,
        effectiveN: es2.n,
        noise: robustSd(shift.residuals),
        worstCaseSePerMinute:
          shift.weights.length > 0
            ? robustSd(shift.residuals) * shift.weights.reduce((a, w) => a + Math.abs(w), 0) * 60
            : Infinity,
        shareOfRise: fit.slope > 0 && span > 0 ? shift.jump / (fit.slope * span) : Infinity,
        suggestedDurationS: roundUpDuration(t[0]! + 2 * span),
      };
    }
    if (cycles === null && n >= 8 && fit.slope > 0 && fit.residualSd > 0) {
      const b0 = median(v.map((y, i) => y - fit.slope * t[i]!));
      const rise = fit.slope * span;
      const first = v[0]! - b0 - fit.slope * t[0]!;
      const lastE = v[n - 1]! - b0 - fit.slope * t[n - 1]!;
      const edge = EDGE_DROP_SDS * fit.residualSd;
      if (first > edge && first >= 0.5 * rise) {
        caveat = `the first sample after the warm-up (${Math.round(t[0]!)} s) sat far above the trend: memory may have just dropped from the top of a cycle longer than the window`;
        suggested = roundUpDuration(t[0]! + 2.5 * span);
      } else if (-lastE > edge && -lastE >= 0.5 * rise) {
        caveat = `memory dropped sharply at ${Math.round(t[n - 1]!)} s, the last sample: growth may be the fill of a cycle longer than the window`;
        suggested = roundUpDuration(t[0]! + 2.5 * span);
      }
    }
    const mk = mannKendall(v);
    const neffAll = n * ratio;
    const z = neffAll > 0 && mk.varS > 0 ? mk.z * Math.sqrt(neffAll / n) : 0;
    trendP = mk.varS > 0 ? 1 - studentTCdf(z, Math.max(1, neffAll - 2)) : mk.pIncreasing;
  }

  const effectiveN = n * ratio;
  if (model === undefined && n >= 3 && inconclusive === null) {
    if (effectiveN < MIN_EFFECTIVE_N) {
      inconclusive = `only ${effectiveN.toFixed(1)} effective samples of ${n} (autocorrelation ${rho.toFixed(2)})`;
    } else if (!Number.isFinite(fit.low) || !Number.isFinite(fit.high)) {
      inconclusive = 'the interval of the slope is unbounded';
    }
    if (inconclusive !== null) {
      // The same information per sample (n_eff / n) over a longer run; at least one more sample than now.
      const perSample = Math.max(ratio, (1 - MAX_AUTOCORRELATION) / (1 + MAX_AUTOCORRELATION));
      const needed = Math.max(TARGET_EFFECTIVE_N / perSample, n + 1) * (dt > 0 ? dt : 1);
      // A projection from a handful of effective samples is rough: never more than ten times this run (the
      // statement "at least" stays true).
      suggested = roundUpDuration(Math.min(t[0] + needed, 10 * Math.max(t[n - 1]!, 1)));
    }
  }

  const grew = Math.max(fit.slope, head.slope);
  const plateau = n >= 8 && grew > 0 && tail.high < 0.5 * grew;
  const sePerSecond = Math.max(fit.se, fit.seNoise);
  const unit = model?.weight ?? quantum ?? 0;
  const k = tCrit(confidence, fit.df) + studentTQuantile(0.8, fit.df);
  // A counting process of step `unit` moves in steps: growth of g steps over the window has a Poisson error of
  // sqrt(g) steps, so it stands out at g = k^2 steps (normal quantiles: the Poisson error does not depend on
  // the autocorrelation of the noise around it, whose few degrees of freedom once made this floor 5,075
  // goroutines a minute for a count that never moved).
  const kz = normalQuantile(1 - (1 - confidence) / 2) + POWER_Z;
  const resolution = unit > 0 && span > 0 ? (kz * kz * unit) / span : 0;
  return {
    n,
    slopePerMinute: fit.slope * 60,
    ciLow: fit.low * 60,
    ciHigh: fit.high * 60,
    sePerMinute: sePerSecond * 60,
    df: fit.df,
    trendP,
    noise: fit.residualSd,
    // Not where cycles were seen: a fill inside a cycle longer than the window is overwhelming growth too.
    worstCaseSePerMinute: lineFit && cycles === null && n >= 3 ? worstCaseSe(t, fit.residualSd) * 60 : Infinity,
    autocorrelation: rho,
    effectiveN,
    periodS,
    lastHalfSlopePerMinute: tail.slope * 60,
    lastHalfCiHigh: tail.high * 60,
    lastHalfCiLow: tail.low * 60,
    lastHalfSePerMinute: tail.se * 60,
    lastHalfDf: tail.df,
    lastHalfWorstCaseSePerMinute:
      lineFit && cycles === null && n - half >= 3 && 'residualSd' in tail
        ? worstCaseSe(t.slice(half), (tail as { residualSd: number }).residualSd) * 60
        : Infinity,
    plateau,
    minDetectablePerMinute: Math.max(k * sePerSecond, resolution) * 60,
    resolutionPerMinute: resolution * 60,
    inconclusive,
    caveat,
    suggestedDurationS: suggested,
    levelShift,
    first: n > 0 ? v[0] : null,
    last: n > 0 ? v[n - 1] : null,
  };
}

export interface SiteAnalysis {
  /** Bonferroni-adjusted confidence this site's interval was computed at. */
  confidence: number;
  key: string;
  function: string;
  file: string;
  line: number;
  stack: Frame[];
  fit: SeriesAnalysis;
  /** Value (in-use bytes, or goroutines) in the last profile. */
  lastValue: number;
  /** Carried from the timeline (see SiteInfo): owner, allocation path, size per object, rolled-up sites. */
  owner?: Frame | null;
  via?: AllocVia[];
  bytesPerObject?: number;
  members?: string[];
}

/** How many sites get a full fit: the ones that grew most from the first to the last quarter. */
export const MAX_FITTED_SITES = 60;

/**
 * Per-site slopes over the window after the warm-up. Sites are pre-ranked by the growth between the means of
 * the first and last quarter of the window, and the top MAX_FITTED_SITES are fitted (plus any in `alwaysFit`,
 * e.g. sites matched to a baseline). Every site is a test of its own, so the intervals are Bonferroni-adjusted:
 * each at 1 - (1 - confidence) / (number of sites fitted), which keeps the chance of any false site alarm in a
 * clean run under 1 - confidence.
 */
export function analyzeSites(
  timeline: SiteTimeline,
  warmupS: number,
  confidence: number,
  alwaysFit: (fn: string) => boolean = () => false,
  period: number | null = null,
): SiteAnalysis[] {
  const points = timeline.points.filter((p) => p.t >= warmupS - 1e-9);
  if (points.length < 3) return [];
  const q = Math.max(1, Math.floor(points.length / 4));
  const growth = new Map<string, number>();
  for (const key of timeline.info.keys()) {
    let a = 0;
    let b = 0;
    for (let i = 0; i < q; i++) a += points[i].values.get(key) ?? 0;
    for (let i = points.length - q; i < points.length; i++) b += points[i].values.get(key) ?? 0;
    growth.set(key, (b - a) / q);
  }
  const ranked = [...growth.entries()]
    .filter(([, g]) => g > 0)
    .sort((x, y) => y[1] - x[1])
    .map(([k]) => k);
  const chosen = new Set(ranked.slice(0, MAX_FITTED_SITES));
  for (const [key, info] of timeline.info) if (alwaysFit(info.site.function)) chosen.add(key);
  const t = points.map((p) => p.t);
  const siteConfidence = 1 - (1 - confidence) / Math.max(1, chosen.size);
  const out: SiteAnalysis[] = [];
  for (const key of chosen) {
    const info = timeline.info.get(key)!;
    const v = points.map((p) => p.values.get(key) ?? 0);
    out.push({
      key,
      confidence: siteConfidence,
      function: info.site.function,
      file: info.site.file,
      line: info.site.line,
      stack: info.stack,
      fit: analyzeSeries(
        { t, v },
        {
          confidence: siteConfidence,
          plateauConfidence: confidence,
          sampling: siteSamplingModel(points, key, v, info, period),
        },
      ),
      lastValue: v[v.length - 1],
      owner: info.owner,
      via: info.via,
      bytesPerObject: info.bytesPerObject,
      members: info.members,
    });
  }
  return out;
}

/**
 * How a site's values were measured. Heap profiles (period given): the exact per-byte sampling weight of its
 * objects, and the turnover of its standing population with lifetimes from its own counts (Little's law).
 * Goroutine profiles are complete, but goroutines come and go one at a time (a load opening one more
 * keep-alive connection, say): their count is judged as a counting process of unit 1, so a few steps over a
 * long run are not a trend.
 */
function siteSamplingModel(
  points: readonly TimelinePoint[],
  key: string,
  v: readonly number[],
  info: SiteInfo,
  period: number | null,
): SamplingModel {
  if (period === null) return { weight: 1 };
  const weight = info.samplingWeight ?? (info.bytesPerObject ? samplingWeight(info.bytesPerObject, period) : period);
  if (!points.some((p) => p.objects && p.allocs)) return { weight };
  const t = points.map((p) => p.t);
  const objects = points.map((p) => p.objects?.get(key) ?? 0);
  const allocs = points.map((p) => p.allocs?.get(key) ?? NaN);
  const standing = siteTurnover(t, objects, allocs, v, weight, period);
  return standing ? { weight, standing } : { weight };
}
