/**
 * Verdicts: compare the run's slopes with the baseline and the budgets. Pure.
 *
 * - Budget: breached when the slope's lower confidence bound is above the budget (and the trend test agrees
 *   and growth did not level off).
 * - Baseline: a regression when the lower bound of (head slope - baseline slope) is above the tolerance,
 *   with the two standard errors combined, and the head itself significantly grows.
 */
import type { Baseline, BaselineSite, BaselineSlope } from './baseline.js';
import { DEFAULT_TOLERANCE, METRICS, type Budget, type MetricName } from './config.js';
import { POWER_Z, type SeriesAnalysis, type SiteAnalysis } from './analyze/analyze.js';
import { normalQuantile } from './analyze/stats.js';
import { formatRate } from './units.js';

export type Verdict = 'pass' | 'fail';

export interface Judgement {
  verdict: Verdict;
  /** Threshold the slope was held to, per minute, when there was one. */
  allowancePerMinute: number | null;
  baselineSlopePerMinute: number | null;
  /** Lower confidence bound of head minus baseline, when a baseline was compared. */
  diffLow: number | null;
  reason: string;
  /** Smallest growth above the allowance this judgement would catch 80% of the time. */
  minDetectablePerMinute: number;
}

export interface RegressionRule {
  confidence: number;
  absolute: number;
  relative: number;
}

/** The lower bound of (head - baseline) at the given two-sided confidence. */
export function differenceLowerBound(head: { slopePerMinute: number; sePerMinute: number }, base: { slopePerMinute: number; sePerMinute: number }, confidence: number): number {
  const z = normalQuantile(1 - (1 - confidence) / 2);
  return head.slopePerMinute - base.slopePerMinute - z * Math.hypot(head.sePerMinute, base.sePerMinute);
}

/** The one-sided significance the lower bound of a two-sided interval at `confidence` corresponds to. */
const oneSided = (confidence: number) => (1 - confidence) / 2;

/**
 * Judge one series against an optional budget and an optional baseline slope.
 * @example judge(fit, 'bytes', 0.99, 16384, null, rule).verdict // 'fail' when fit.ciLow > 16 KiB/min
 */
export function judge(fit: SeriesAnalysis, unit: string, confidence: number, budget: number | null, base: BaselineSlope | null, rule: Omit<RegressionRule, 'confidence'>): Judgement {
  const reasons: string[] = [];
  let fail = false;
  let allowance: number | null = null;
  let diffLow: number | null = null;
  const significant = fit.trendP < oneSided(confidence);
  if (fit.n < 3) {
    return { verdict: 'pass', allowancePerMinute: budget, baselineSlopePerMinute: base?.slopePerMinute ?? null, diffLow: null, reason: 'too few samples to judge', minDetectablePerMinute: Infinity };
  }
  if (budget !== null) {
    allowance = budget;
    if (fit.ciLow > budget && significant && !fit.plateau) {
      fail = true;
      reasons.push(`grows at ${formatRate(fit.slopePerMinute, unit)} (at least ${formatRate(fit.ciLow, unit)}), over the budget of ${formatRate(budget, unit)}`);
    } else if (fit.ciLow > budget && fit.plateau && fit.lastHalfCiLow > budget) {
      // Levelling off excuses the fill, not what still grows after it.
      fail = true;
      reasons.push(`grew fast, then kept growing at ${formatRate(fit.lastHalfSlopePerMinute, unit)} (at least ${formatRate(fit.lastHalfCiLow, unit)}), over the budget of ${formatRate(budget, unit)}`);
    } else if (fit.ciLow > budget && fit.plateau) {
      reasons.push(`grew, then levelled off (last half: ${formatRate(fit.lastHalfSlopePerMinute, unit)}): not counted as a leak`);
    } else {
      reasons.push(`within the budget of ${formatRate(budget, unit)}`);
    }
  }
  if (base) {
    diffLow = differenceLowerBound(fit, base, confidence);
    const tol = Math.max(rule.absolute, rule.relative * Math.abs(base.slopePerMinute));
    allowance = allowance === null ? base.slopePerMinute + tol : Math.min(allowance, base.slopePerMinute + tol);
    if (diffLow > tol && fit.ciLow > 0 && significant && !fit.plateau) {
      fail = true;
      reasons.push(`grows ${formatRate(fit.slopePerMinute - base.slopePerMinute, unit)} faster than the baseline (at least ${formatRate(diffLow, unit)}; tolerance ${formatRate(tol, unit)})`);
    } else {
      reasons.push('no regression against the baseline');
    }
  }
  if (budget === null && !base) reasons.push('no budget or baseline for this metric');
  const z = normalQuantile(1 - (1 - confidence) / 2);
  return {
    verdict: fail ? 'fail' : 'pass', allowancePerMinute: allowance, baselineSlopePerMinute: base?.slopePerMinute ?? null, diffLow, reason: reasons.join('; '),
    // Against a baseline both runs' errors count, so the run can see less than it could alone.
    minDetectablePerMinute: (z + POWER_Z) * Math.hypot(fit.sePerMinute, base?.sePerMinute ?? 0),
  };
}

export interface MetricResult {
  name: MetricName;
  unit: string;
  fit: SeriesAnalysis;
  budget: Budget | null;
  judgement: Judgement;
}

export function judgeMetrics(fits: Partial<Record<MetricName, SeriesAnalysis>>, budgets: Budget[], baseline: Baseline | null, confidence: number): MetricResult[] {
  const out: MetricResult[] = [];
  for (const [name, fit] of Object.entries(fits) as [MetricName, SeriesAnalysis][]) {
    const unit = METRICS[name].unit;
    const budget = budgets.find((b) => b.metric === name) ?? null;
    const base = baseline?.metrics[name] ?? null;
    out.push({ name, unit, fit, budget, judgement: judge(fit, unit, confidence, budget?.perMinute ?? null, base, DEFAULT_TOLERANCE[name]) });
  }
  return out;
}

export interface SiteResult {
  site: SiteAnalysis;
  baseline: BaselineSlope | null;
  judgement: Judgement;
}

/**
 * Baseline slope per function: sites are matched by function name, because line numbers move between
 * commits; several sites of one function in the baseline are summed.
 */
export function baselineByFunction(sites: readonly BaselineSite[]): Map<string, BaselineSlope> {
  const byFn = new Map<string, BaselineSlope>();
  for (const s of sites) {
    const prev = byFn.get(s.function);
    byFn.set(
      s.function,
      prev
        ? {
            slopePerMinute: prev.slopePerMinute + s.slopePerMinute,
            sePerMinute: Math.hypot(prev.sePerMinute, s.sePerMinute),
            ciLow: prev.ciLow + s.ciLow,
            ciHigh: prev.ciHigh + s.ciHigh,
            n: Math.min(prev.n, s.n),
          }
        : { slopePerMinute: s.slopePerMinute, sePerMinute: s.sePerMinute, ciLow: s.ciLow, ciHigh: s.ciHigh, n: s.n },
    );
  }
  return byFn;
}

/**
 * Judge sites against the metric they explain (heap_live for heap sites, goroutines for goroutine sites):
 * its budget, and the baseline's site of the same function (a site new in head has a baseline slope of 0).
 * Sites explain a failure, they do not make one: a site is marked regressed only when the metric it explains
 * failed (`metricFailed`). Profiles are sampled and churn, so on its own a site can look like it grows while
 * the heap as a whole holds (seen in the benchmark's clean cache and steady runs before this rule).
 * Sorted with failing sites first, then by slope, largest first.
 */
export function judgeSites(sites: SiteAnalysis[], metric: MetricName, budgets: Budget[], baselineSites: readonly BaselineSite[] | null, unit: string, metricFailed = true): SiteResult[] {
  const budget = budgets.find((b) => b.metric === metric)?.perMinute ?? null;
  const byFn = baselineSites ? baselineByFunction(baselineSites) : null;
  const rule = DEFAULT_TOLERANCE[metric];
  const results = sites.map((site): SiteResult => {
    const matched = byFn?.get(site.function) ?? null;
    const base = byFn ? matched ?? { slopePerMinute: 0, sePerMinute: 0, ciLow: 0, ciHigh: 0, n: 0 } : null;
    const j = judge(site.fit, unit, site.confidence, budget, base, rule);
    const held = j.verdict === 'fail' && !metricFailed;
    return {
      site,
      baseline: matched,
      judgement: { ...j, verdict: held ? 'pass' : j.verdict, reason: held ? `${j.reason}; not counted: ${metric} as a whole is within its limits` : j.reason, baselineSlopePerMinute: matched?.slopePerMinute ?? null },
    };
  });
  return results.sort((a, b) => {
    const fa = a.judgement.verdict === 'fail' ? 1 : 0;
    const fb = b.judgement.verdict === 'fail' ? 1 : 0;
    return fb - fa || b.site.fit.slopePerMinute - a.site.fit.slopePerMinute || a.site.key.localeCompare(b.site.key);
  });
}
