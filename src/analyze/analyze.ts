/**
 * The analysis core: series in, numbers out. No I/O, no clock.
 *
 * For each metric, after the warm-up: a Theil-Sen slope with Sen's rank-based confidence interval, a
 * Mann-Kendall trend test, a plateau check (does growth persist to the end?), and the minimum slope this run
 * could have detected given its own noise. For each allocation site: the same slope over in-use bytes.
 */
import { mannKendall, normalQuantile, ols, theilSen } from './stats.js';
import type { AllocVia, Frame } from './profile.js';
import type { SiteTimeline } from './timeline.js';

/** z of the power we quote sensitivity at: a slope this far above the allowance is caught 80% of the time. */
export const POWER_Z = normalQuantile(0.8);

export interface SeriesAnalysis {
  n: number;
  /** Units per minute. */
  slopePerMinute: number;
  ciLow: number;
  ciHigh: number;
  /** Standard error of the slope per minute (from the confidence interval, or the noise, the larger). */
  sePerMinute: number;
  /** One-sided Mann-Kendall p-value for an upward trend. */
  trendP: number;
  /** Robust s.d. of the residuals around the fitted line, in the metric's unit. */
  noise: number;
  /** Slope of the last half of the analysed window, and its upper bound. */
  lastHalfSlopePerMinute: number;
  lastHalfCiHigh: number;
  lastHalfCiLow: number;
  /** Growth stopped: the last half's slope (upper bound) is under half the whole window's slope. */
  plateau: boolean;
  /** Smallest growth beyond the allowance this run would catch 80% of the time, per minute. */
  minDetectablePerMinute: number;
  first: number | null;
  last: number | null;
}

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
   * Values come from a sampled heap profile, where one sample stands for about this many bytes (the sampling
   * period, or the object size when larger). The growth is then a counting process: its Poisson error is added
   * to the fit's, and the slope is least squares (Theil-Sen's median is biased towards 0 on the few-step
   * series a sparsely sampled site gives).
   */
  sampledUnit?: number;
}

interface Fit {
  slope: number;
  low: number;
  high: number;
  se: number;
}

/** Slope (per second) and interval of one stretch of a series. */
function fitSlope(t: readonly number[], v: readonly number[], confidence: number, sampledUnit: number | undefined): Fit & { residualSd: number; seNoise: number } {
  if (sampledUnit === undefined) {
    const f = theilSen(t, v, confidence);
    const seNoise = t.length >= 3 ? noiseSe(t, f.residualSd) : Infinity;
    return { slope: f.slope, low: f.ciLow, high: f.ciHigh, se: f.se, residualSd: f.residualSd, seNoise };
  }
  const f = ols(t, v);
  const span = t.length > 1 ? t[t.length - 1] - t[0] : 0;
  const samplingSe = span > 0 ? Math.sqrt(Math.max(f.slope * span, 0) * sampledUnit) / span : Infinity;
  const se = Math.hypot(f.se, samplingSe);
  const z = normalQuantile(1 - (1 - confidence) / 2);
  return { slope: f.slope, low: f.slope - z * se, high: f.slope + z * se, se, residualSd: f.residualSd, seNoise: se };
}

/**
 * Analyse one series (already cut to the window of interest), t in seconds.
 *
 * Plateau: growth that levels off is a cache filling, not a leak. It is called when the last half's slope,
 * at its upper bound, is under half of the larger of the whole window's and the first half's slopes. A
 * steady leak keeps its slope in both halves, so this needs no significance from the last half alone.
 * @example analyzeSeries({ t: [0, 1, 2, 3, 4], v: [0, 10, 20, 30, 40] }, { confidence: 0.99 }).slopePerMinute // 600
 */
export function analyzeSeries(series: SeriesInput, opts: AnalyzeOptions | number): SeriesAnalysis {
  const { confidence, plateauConfidence = confidence, sampledUnit } = typeof opts === 'number' ? { confidence: opts } : opts;
  const { t, v } = series;
  const n = t.length;
  const fit = fitSlope(t, v, confidence, sampledUnit);
  const mk = mannKendall(v);
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const half = Math.floor(n / 2);
  const head = fitSlope(t.slice(0, half + 1), v.slice(0, half + 1), plateauConfidence, sampledUnit);
  const tail = fitSlope(t.slice(half), v.slice(half), plateauConfidence, sampledUnit);
  const grew = Math.max(fit.slope, head.slope);
  const plateau = n >= 8 && grew > 0 && tail.high < 0.5 * grew;
  const sePerSecond = Math.max(fit.se, fit.seNoise);
  return {
    n,
    slopePerMinute: fit.slope * 60,
    ciLow: fit.low * 60,
    ciHigh: fit.high * 60,
    sePerMinute: sePerSecond * 60,
    trendP: mk.pIncreasing,
    noise: fit.residualSd,
    lastHalfSlopePerMinute: tail.slope * 60,
    lastHalfCiHigh: tail.high * 60,
    lastHalfCiLow: tail.low * 60,
    plateau,
    minDetectablePerMinute: (z + POWER_Z) * sePerSecond * 60,
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
export function analyzeSites(timeline: SiteTimeline, warmupS: number, confidence: number, alwaysFit: (fn: string) => boolean = () => false, period: number | null = null): SiteAnalysis[] {
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
  const ranked = [...growth.entries()].filter(([, g]) => g > 0).sort((x, y) => y[1] - x[1]).map(([k]) => k);
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
      fit: analyzeSeries({ t, v }, {
        confidence: siteConfidence,
        plateauConfidence: confidence,
        // Heap profiles: one sample stands for about `period` bytes (or one object, when objects are larger).
        // Goroutine profiles are complete, but goroutines come and go one at a time (a load opening one more
        // keep-alive connection, say): their count is judged as a counting process of unit 1, so a few
        // steps over a long run are not a trend.
        sampledUnit: period === null ? 1 : Math.max(period, info.bytesPerObject ?? 0),
      }),
      lastValue: v[v.length - 1],
      owner: info.owner,
      via: info.via,
      bytesPerObject: info.bytesPerObject,
      members: info.members,
    });
  }
  return out;
}
