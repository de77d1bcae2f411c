/**
 * Verdicts: compare the run's slopes with the baseline and the budgets. Pure.
 *
 * - Budget: breached when the slope's lower confidence bound is above the budget (and the trend test agrees
 *   and growth did not level off).
 * - Baseline: a regression when the lower bound of (head slope - baseline slope) is above the tolerance,
 *   with the two standard errors combined, and the head itself significantly grows. After a plateau (a fill
 *   that levelled off) the last half's slope is compared the same way, as the budget branch does.
 * - Inconclusive: too few effective samples or an unbounded interval, unless the interval is clearly within the
 *   limit; or a failing verdict on a series whose memory dropped sharply once (a cycle longer than the window).
 *   The judgement then carries the run length that would settle it.
 *
 * Quantiles are Student's t on the fit's degrees of freedom (effective samples minus fitted parameters), and
 * for a difference with a baseline on the Welch-Satterthwaite combination of both.
 */

import { MIN_EFFECTIVE_N, type SeriesAnalysis, type SiteAnalysis } from './analyze/analyze.js';
import { studentTQuantile } from './analyze/stats/student-t.js';
import type { Baseline, BaselineSite, BaselineSlope } from './baseline.js';
import { type Budget, DEFAULT_TOLERANCE, METRICS, type MetricName } from './config.js';
import { formatBytes, formatCount, formatDuration, formatRate } from './units.js';

/** A metric's verdict; sites are only ever 'pass' or 'fail'. */
export type Verdict = 'pass' | 'fail' | 'inconclusive';

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
  /** Run length (seconds from the start of sampling) that would settle an inconclusive verdict. */
  suggestedDurationS: number | null;
  /** The interval the verdict rests on when it is not the fit's own (the worst-case bound of overwhelming growth). */
  interval?: { low: number; high: number };
  /** The verdict rests on a level shift (failed apart from it, or inconclusive because of it). */
  levelShiftUsed?: boolean;
}

export interface RegressionRule {
  confidence: number;
  absolute: number;
  relative: number;
}

/**
 * Growth must clear WORST_CASE_Z x z_{1-a/2} worst-case standard errors (SeriesAnalysis.worstCaseSePerMinute) to
 * fail a metric that is otherwise inconclusive. The bound holds for any correlation of Gaussian noise of the
 * measured s.d.; the factor 2 covers the residual s.d. underestimating the noise's own s.d. under strong
 * autocorrelation. Checked by the calibration benchmark (bench/calibration-notes.md).
 */
export const WORST_CASE_Z = 2;

/**
 * WORST_CASE_Z for a series of n points: 3 at 25 points and below, falling linearly to WORST_CASE_Z at 45. In a
 * window that short the residual s.d. around the line understates strongly correlated noise by more than the
 * factor 2 covers (AR(1) phi 0.95 in a 20 s window: the bound alone false-alarmed in 0.3% of runs, 0.03% at 3).
 */
/**
 * A step must be at least this many noise s.d.s (of the residuals around the line and the step) for growth apart
 * from it to be judged on its own: a map doubling its buckets is a step far above the noise, while strongly
 * correlated noise wanders in "steps" of about its own size (AR(1) phi 0.95: 0.27% false alarms without this).
 */
export const STEP_NOISE_SDS = 4;

/**
 * ... and at least this many for a fail to be put down to the step alone (lower: doubting a fail is the safe
 * side; a level switching by 4 noise s.d.s, the calibration's "steps" cell, is estimated at 2.8-4.5).
 */
export const STEP_ALONE_SDS = 2.5;

export function worstCaseZ(n: number): number {
  return WORST_CASE_Z + Math.min(1, Math.max(0, (45 - n) / 20));
}

/** Two-sided critical value of Student's t (df Infinity: the normal quantile). */
const tCrit = (confidence: number, df: number) => studentTQuantile(1 - (1 - confidence) / 2, df);

/** Degrees of freedom a baseline slope carries: its own, or for baselines written before they were saved, n - 2. */
export function baselineDf(base: BaselineSlope): number {
  if (typeof base.df === 'number' && base.df > 0) return base.df;
  return base.n > 2 ? base.n - 2 : Infinity;
}

/** Welch-Satterthwaite degrees of freedom of a difference of two estimates with standard errors a, b. */
export function welchDf(a: number, dfA: number, b: number, dfB: number): number {
  const num = (a * a + b * b) ** 2;
  const den = (dfA === Infinity ? 0 : a ** 4 / dfA) + (dfB === Infinity ? 0 : b ** 4 / dfB);
  return den > 0 ? num / den : Infinity;
}

/**
 * The lower bound of (head - baseline) at the given two-sided confidence, on Student's t with the
 * Welch-Satterthwaite degrees of freedom (normal when neither side gives its df).
 */
export function differenceLowerBound(
  head: { slopePerMinute: number; sePerMinute: number; df?: number },
  base: { slopePerMinute: number; sePerMinute: number; df?: number },
  confidence: number,
): number {
  const df = welchDf(head.sePerMinute, head.df ?? Infinity, base.sePerMinute, base.df ?? Infinity);
  return (
    head.slopePerMinute - base.slopePerMinute - tCrit(confidence, df) * Math.hypot(head.sePerMinute, base.sePerMinute)
  );
}

/** The one-sided significance the lower bound of a two-sided interval at `confidence` corresponds to. */
const oneSided = (confidence: number) => (1 - confidence) / 2;

/**
 * Judge one series against an optional budget and an optional baseline slope.
 * @example judge(fit, 'bytes', 0.99, 16384, null, rule).verdict // 'fail' when fit.ciLow > 16 KiB/min
 */
export function judge(
  fit: SeriesAnalysis,
  unit: string,
  confidence: number,
  budget: number | null,
  base: BaselineSlope | null,
  rule: Omit<RegressionRule, 'confidence'>,
): Judgement {
  const reasons: string[] = [];
  let fail = false;
  let allowance: number | null = null;
  let diffLow: number | null = null;
  const significant = fit.trendP < oneSided(confidence);
  // After a plateau the verdict rests on the last half alone, which must then carry enough information itself
  // (the whole window's interval, a line through the bend of a fill, may be unbounded and does not matter).
  // The same holds when the whole window says too little (a line through a bend upwards: growth that began late,
  // a leak that starts half-way), as long as no cycle or drop is in play: the last half is then judged alone.
  const tailCounts = fit.plateau || (fit.inconclusive !== null && fit.caveat === null && fit.periodS === null);
  const tailJudged = tailCounts && fit.lastHalfDf >= MIN_EFFECTIVE_N - 2;
  // ... or, when it does not, its worst-case bound, which needs no estimate of its autocorrelation (a leak after a
  // fill whose last half read as strongly correlated on a loaded machine passed against its baseline, unjudged).
  const tailWorst = fit.lastHalfWorstCaseSePerMinute ?? Infinity;
  const kwTail = worstCaseZ(Math.ceil(fit.n / 2)) * tCrit(confidence, Infinity);
  // (The worst-case bound of a half window needs 20 points: with fewer, the residual s.d. of strongly correlated
  // noise understates it past what the bound's factor covers: AR(1) phi 0.95 in a 30 s run, 0.33% false alarms.)
  const tailBounded = tailCounts && (tailJudged || (Number.isFinite(tailWorst) && fit.n - Math.floor(fit.n / 2) >= 20));
  const tailLead = fit.plateau ? 'grew fast, then kept growing at' : 'grows in the last half of the window at';
  const tailLow = tailJudged ? fit.lastHalfCiLow : fit.lastHalfSlopePerMinute - kwTail * tailWorst;
  const tailHigh = tailJudged ? fit.lastHalfCiHigh : fit.lastHalfSlopePerMinute + kwTail * tailWorst;
  let tailFailed = false;
  if (fit.n < 3) {
    return {
      verdict: 'inconclusive',
      allowancePerMinute: budget,
      baselineSlopePerMinute: base?.slopePerMinute ?? null,
      diffLow: null,
      reason: 'too few samples to judge',
      minDetectablePerMinute: Infinity,
      suggestedDurationS: null,
    };
  }
  if (budget !== null) {
    allowance = budget;
    if (fit.ciLow > budget && significant && !fit.plateau) {
      fail = true;
      reasons.push(
        `grows at ${formatRate(fit.slopePerMinute, unit)} (at least ${formatRate(fit.ciLow, unit)}), over the budget of ${formatRate(budget, unit)}`,
      );
    } else if (tailBounded && fit.slopePerMinute > budget && tailLow > budget) {
      // Levelling off excuses the fill, not what still grows after it.
      fail = true;
      tailFailed = true;
      reasons.push(
        `${tailLead} ${formatRate(fit.lastHalfSlopePerMinute, unit)} (at least ${formatRate(tailLow, unit)}${tailJudged ? '' : ' however correlated the noise'}), over the budget of ${formatRate(budget, unit)}`,
      );
    } else if (fit.ciLow > budget && fit.plateau) {
      reasons.push(
        `grew, then levelled off (last half: ${formatRate(fit.lastHalfSlopePerMinute, unit)}): not counted as a leak`,
      );
    } else {
      reasons.push(`within the budget of ${formatRate(budget, unit)}`);
    }
  }
  const bDf = base ? baselineDf(base) : Infinity;
  // The baseline's worst-case error, when it saved one (every baseline since it was added): a bound on its slope
  // that needs no estimate of its autocorrelation, for when its own interval is too uncertain to lean on.
  const baseWorst =
    base && typeof base.worstCaseSePerMinute === 'number' && Number.isFinite(base.worstCaseSePerMinute)
      ? base.worstCaseSePerMinute
      : null;
  const baseUpper = base
    ? Math.min(
        base.ciHigh,
        baseWorst === null
          ? Infinity
          : base.slopePerMinute + worstCaseZ(base.n) * tCrit(confidence, Infinity) * baseWorst,
      )
    : Infinity;
  if (base) {
    diffLow = differenceLowerBound(fit, { ...base, df: bDf }, confidence);
    const tol = Math.max(rule.absolute, rule.relative * Math.abs(base.slopePerMinute));
    allowance = allowance === null ? base.slopePerMinute + tol : Math.min(allowance, base.slopePerMinute + tol);
    // After a fill, the last half against what the baseline did in its own last half when it levelled off too
    // (a fill-only baseline), else against its whole run.
    // The baseline's last half when it levelled off too (a fill-only base), and also when its whole run says too
    // little (too few effective samples: a line through a bend) while its last half is well measured: for a
    // base that grows evenly both estimate the same slope.
    const tailKnown =
      typeof base.lastHalfSlopePerMinute === 'number' &&
      typeof base.lastHalfSePerMinute === 'number' &&
      Number.isFinite(base.lastHalfSePerMinute);
    const tailDf = typeof base.lastHalfDf === 'number' ? base.lastHalfDf : bDf;
    const useTail =
      tailKnown &&
      (base.plateau === true ||
        (bDf < MIN_EFFECTIVE_N - 2 && tailDf >= MIN_EFFECTIVE_N - 2 && base.lastHalfSePerMinute! < base.sePerMinute));
    const baseTail = useTail
      ? { slopePerMinute: base.lastHalfSlopePerMinute!, sePerMinute: base.lastHalfSePerMinute!, df: tailDf }
      : { slopePerMinute: base.slopePerMinute, sePerMinute: base.sePerMinute, df: bDf };
    const tailTol = Math.max(rule.absolute, rule.relative * Math.abs(baseTail.slopePerMinute));
    const tailDiffLow = differenceLowerBound(
      { slopePerMinute: fit.lastHalfSlopePerMinute, sePerMinute: fit.lastHalfSePerMinute, df: fit.lastHalfDf },
      baseTail,
      confidence,
    );
    const tailDiffAny = tailJudged
      ? tailDiffLow
      : fit.lastHalfSlopePerMinute -
        baseTail.slopePerMinute -
        // The baseline's own error, unless it is too uncertain to lean on: then its worst-case one, if saved.
        kwTail *
          Math.hypot(tailWorst, useTail || bDf >= MIN_EFFECTIVE_N - 2 ? baseTail.sePerMinute : (baseWorst ?? Infinity));
    if (diffLow > tol && fit.ciLow > 0 && significant && !fit.plateau) {
      fail = true;
      reasons.push(
        `grows ${formatRate(fit.slopePerMinute - base.slopePerMinute, unit)} faster than the baseline (at least ${formatRate(diffLow, unit)}; tolerance ${formatRate(tol, unit)})`,
      );
    } else if (tailBounded && fit.slopePerMinute > 0 && tailLow > 0 && tailDiffAny > tailTol) {
      fail = true;
      tailFailed = true;
      reasons.push(
        `${tailLead} ${formatRate(fit.lastHalfSlopePerMinute, unit)}, ${formatRate(fit.lastHalfSlopePerMinute - baseTail.slopePerMinute, unit)} faster than the baseline (at least ${formatRate(tailDiffAny, unit)}${tailJudged ? '' : ' however correlated the noise'}; tolerance ${formatRate(tailTol, unit)})`,
      );
    } else if (
      bDf < MIN_EFFECTIVE_N - 2 &&
      fit.inconclusive === null &&
      Number.isFinite(baseUpper) &&
      fit.ciLow > 0 &&
      significant &&
      !fit.plateau &&
      fit.ciLow > baseUpper + tol
    ) {
      // A baseline too uncertain for a difference test still bounds its own slope: a head whose lower bound is
      // above the baseline's upper bound plus the tolerance grew faster whatever the baseline's true slope was.
      // A false alarm needs one of the two one-sided 0.5% bounds to be wrong: at most 1%, far less in practice.
      // (The baseline's bound is the lower of its interval's and its worst-case one, which needs no estimate of
      // its autocorrelation.)
      fail = true;
      reasons.push(
        `grows at least ${formatRate(fit.ciLow, unit)}, above even the baseline's upper bound of ${formatRate(baseUpper, unit)} (tolerance ${formatRate(tol, unit)}; the baseline's own slope is too uncertain for a finer comparison)`,
      );
    } else {
      reasons.push('no regression against the baseline');
    }
  }
  if (budget === null && !base) reasons.push('no budget or baseline for this metric');
  // Against a baseline both runs' errors count, so the run can see less than it could alone.
  const df = base ? welchDf(fit.sePerMinute, fit.df, base.sePerMinute, bDf) : fit.df;
  const k = tCrit(confidence, df) + studentTQuantile(0.8, df);
  let minDetectablePerMinute = Math.max(
    k * Math.hypot(fit.sePerMinute, base?.sePerMinute ?? 0),
    fit.resolutionPerMinute,
  );
  // Too few effective samples (an unusable, or a finite but very wide, interval): the worst-case bound can still
  // see growth, and the run catches whichever is smaller (a 30 s mapleak run read "would catch 63.9 MiB/min"
  // on its interval while it failed 3.5 MiB/min on the worst-case bound).
  if (
    (fit.inconclusive !== null || !Number.isFinite(minDetectablePerMinute)) &&
    Number.isFinite(fit.worstCaseSePerMinute)
  ) {
    const worst =
      (worstCaseZ(fit.n) * tCrit(confidence, Infinity) + studentTQuantile(0.8, Infinity)) *
      Math.hypot(fit.worstCaseSePerMinute, base?.sePerMinute ?? 0);
    minDetectablePerMinute = Math.min(minDetectablePerMinute, Math.max(worst, fit.resolutionPerMinute));
  }
  let verdict: Verdict = fail ? 'fail' : 'pass';
  let suggestedDurationS: number | null = null;
  const settle = (why: string, suggested: number | null = fit.suggestedDurationS) => {
    verdict = 'inconclusive';
    suggestedDurationS = suggested;
    // "Within the budget" would read as a pass: the point is that this run cannot tell.
    for (let i = reasons.length - 1; i >= 0; i--)
      if (/^(within the budget|no regression against)/.test(reasons[i]!)) reasons.splice(i, 1);
    reasons.unshift(`inconclusive: ${why}${suggested !== null ? `; run at least ${formatDuration(suggested)}` : ''}`);
  };
  // Clearly within the limit even on its wide interval (or, after a fill that levelled off, its last half is):
  // a pass stays a pass.
  const within = (high: number) => allowance !== null && Number.isFinite(high) && high <= allowance;
  const clearlyWithin = within(fit.ciHigh) || (fit.plateau && !fail && within(fit.lastHalfCiHigh));
  // Overwhelming growth needs no autocorrelation estimate: above the allowance even at WORST_CASE_K standard
  // errors of the worst correlation the noise could have (a leak whose own steps, e.g. a map doubling, look like
  // autocorrelated noise in a short run).
  const worstHalf = worstCaseZ(fit.n) * tCrit(confidence, Infinity) * fit.worstCaseSePerMinute;
  const worstLow = fit.slopePerMinute - worstHalf;
  let interval: Judgement['interval'];
  let levelShiftUsed = false;
  // Against a baseline, the difference must clear it with the baseline's own error added.
  // The baseline's own standard error is an estimate that is itself unreliable below MIN_EFFECTIVE_N (its Sen
  // interval may have been unbounded, then bounded on the residual noise): no worst-case verdict rests on it.
  // A baseline that saved its own worst-case error is held to that instead, which needs no estimate of its
  // autocorrelation either: head and baseline both bounded the worst way.
  const baseTol = base ? Math.max(rule.absolute, rule.relative * Math.abs(base.slopePerMinute)) : 0;
  const baseClear =
    !base ||
    (bDf >= MIN_EFFECTIVE_N - 2 &&
      fit.slopePerMinute -
        base.slopePerMinute -
        worstCaseZ(fit.n) * tCrit(confidence, Infinity) * Math.hypot(fit.worstCaseSePerMinute, base.sePerMinute) >
        baseTol) ||
    (baseWorst !== null &&
      fit.slopePerMinute -
        base.slopePerMinute -
        worstCaseZ(Math.min(fit.n, base.n)) * tCrit(confidence, Infinity) * (fit.worstCaseSePerMinute + baseWorst) >
        baseTol);
  const kw = worstCaseZ(fit.n) * tCrit(confidence, Infinity);
  const worstWithin =
    allowance !== null &&
    !fail &&
    Number.isFinite(worstHalf) &&
    (budget === null || fit.slopePerMinute + worstHalf <= budget) &&
    (!base ||
      fit.slopePerMinute - base.slopePerMinute + kw * Math.hypot(fit.worstCaseSePerMinute, base.sePerMinute) <=
        Math.max(rule.absolute, rule.relative * Math.abs(base.slopePerMinute)));
  // One step and a hold is a level change, not a leak: a failing verdict must also hold on the slope with the
  // step held fixed, else it rests on the step alone.
  const shift = fit.levelShift ?? null;
  // (Only whole-window verdicts: after a fill that levelled off, the last half is judged on its own.)
  // The step must be one: well above the noise, and most of the window's rise (strongly correlated noise finds
  // small "steps" everywhere, which must not hide overwhelming growth).
  const material = shift !== null && shift.jump >= STEP_NOISE_SDS * shift.noise;
  const stepAlone =
    shift !== null &&
    shift.jump >= STEP_ALONE_SDS * shift.noise &&
    shift.shareOfRise >= 0.5 &&
    // ... and the growth apart from it is the lesser part (a fill that ended inside the window, then a leak, is
    // fitted badly by a step: a wide interval on a slope as large as the whole's)
    shift.slopePerMinute <= 0.5 * fit.slopePerMinute &&
    allowance !== null &&
    !fit.plateau &&
    !(shift.slopeLowPerMinute > allowance);
  // The converse: a series whose step inflated the autocorrelation around one line (too few effective samples
  // to judge) but whose growth apart from the step is clear on its own noise (a map that doubles its buckets
  // while it leaks).
  const shiftTol = base ? Math.max(rule.absolute, rule.relative * Math.abs(base.slopePerMinute)) : 0;
  // Its lower bound: the interval when the residuals around the line and the step carry enough effective
  // samples, else the worst-case bound (a slice that doubles while it leaks 64 KiB/s, seen in a 20 s window: the
  // regular growth leaves residuals too structured for an interval, and one line through the step too noisy
  // for the worst-case bound of the whole).
  const shiftLow =
    shift === null
      ? -Infinity
      : shift.effectiveN >= MIN_EFFECTIVE_N
        ? shift.slopeLowPerMinute
        : shift.slopePerMinute - worstCaseZ(fit.n) * tCrit(confidence, Infinity) * shift.worstCaseSePerMinute;
  const growsApart =
    shift !== null &&
    allowance !== null &&
    !fit.plateau &&
    material &&
    fit.trendP < 0.5 &&
    Number.isFinite(shiftLow) &&
    (budget === null || shiftLow > budget) &&
    (!base ||
      (bDf >= MIN_EFFECTIVE_N - 2 &&
        (shift.effectiveN >= MIN_EFFECTIVE_N
          ? differenceLowerBound(
              { slopePerMinute: shift.slopePerMinute, sePerMinute: shift.sePerMinute, df: shift.df },
              { ...base, df: bDf },
              confidence,
            )
          : shift.slopePerMinute -
            base.slopePerMinute -
            worstCaseZ(fit.n) *
              tCrit(confidence, Infinity) *
              Math.hypot(shift.worstCaseSePerMinute, base.sePerMinute)) > shiftTol));
  const overwhelming =
    !stepAlone &&
    allowance !== null &&
    Number.isFinite(worstLow) &&
    worstLow > allowance &&
    baseClear &&
    fit.trendP < 0.5 &&
    !fit.plateau;
  if (fit.inconclusive !== null && overwhelming) {
    fail = true;
    verdict = 'fail';
    interval = { low: worstLow, high: fit.slopePerMinute + worstHalf };
    for (let i = reasons.length - 1; i >= 0; i--)
      if (/^(within the budget|no regression against)/.test(reasons[i]!)) reasons.splice(i, 1);
    reasons.unshift(
      `grows at ${formatRate(fit.slopePerMinute, unit)}, at least ${formatRate(worstLow, unit)} however correlated the noise, over the allowance of ${formatRate(allowance!, unit)} (${fit.inconclusive})`,
    );
  } else if (fit.inconclusive !== null && !fail && growsApart && shift !== null) {
    fail = true;
    levelShiftUsed = true;
    verdict = 'fail';
    for (let i = reasons.length - 1; i >= 0; i--)
      if (/^(within the budget|no regression against)/.test(reasons[i]!)) reasons.splice(i, 1);
    interval = { low: shiftLow, high: 2 * shift.slopePerMinute - shiftLow };
    const amount = unit === 'bytes' ? formatBytes(shift.jump) : formatCount(shift.jump);
    reasons.unshift(
      `grows at ${formatRate(shift.slopePerMinute, unit)} (at least ${formatRate(shiftLow, unit)}${shift.effectiveN >= MIN_EFFECTIVE_N ? '' : ' however correlated the noise'}) apart from one step of ${amount} at ${Math.round(shift.atS)} s, over the allowance of ${formatRate(allowance!, unit)}`,
    );
  } else if (fit.inconclusive !== null && !clearlyWithin && worstWithin) {
    // Clearly within the limit however correlated the noise: a pass that needs no autocorrelation estimate.
    interval = { low: worstLow, high: fit.slopePerMinute + worstHalf };
    reasons.push(`at most ${formatRate(interval.high, unit)} however correlated the noise (${fit.inconclusive})`);
  } else if (fit.inconclusive !== null && !clearlyWithin && allowance !== null && !tailFailed) {
    settle(fit.inconclusive);
  } else if (fit.caveat !== null && fail) settle(fit.caveat);
  else if (fail && !tailFailed && stepAlone && shift !== null) {
    levelShiftUsed = true;
    const amount = unit === 'bytes' ? formatBytes(shift.jump) : formatCount(shift.jump);
    settle(
      `it rose in one step of ${amount} at ${Math.round(shift.atS)} s and held; apart from that step it grows at ${formatRate(shift.slopePerMinute, unit)} (at least ${formatRate(shift.slopeLowPerMinute, unit)}), not shown to be over the allowance of ${formatRate(allowance!, unit)}`,
      Math.max(fit.suggestedDurationS ?? 0, shift.suggestedDurationS),
    );
  }
  // Levelled off, but the last half says too little to tell whether it still grows (and is not bounded within
  // the limit even the worst way): not a pass.
  else if (!fail && fit.plateau && !tailJudged && allowance !== null && !clearlyWithin && !within(tailHigh)) {
    settle(
      `it levelled off, but its last half carries too few effective samples (${(fit.lastHalfDf + 2).toFixed(1)}) to tell whether it still grows`,
    );
  }
  // A baseline whose own slope had too little information (its run was inconclusive, e.g. one step of a
  // growing slice in a 20 s window: 1.1 effective samples of 21) cannot vouch for a pass: its interval is so
  // wide that any growth would be "no regression".
  else if (!fail && base && bDf < MIN_EFFECTIVE_N - 2 && !clearlyWithin) {
    settle(
      `the baseline's own slope is too uncertain to compare with (${(bDf + 2).toFixed(1)} effective samples); record the baseline again with a longer --duration`,
    );
  }
  return {
    verdict,
    allowancePerMinute: allowance,
    baselineSlopePerMinute: base?.slopePerMinute ?? null,
    diffLow,
    reason: reasons.join('; '),
    minDetectablePerMinute,
    suggestedDurationS,
    ...(interval ? { interval } : {}),
    ...(levelShiftUsed ? { levelShiftUsed } : {}),
  };
}

export interface MetricResult {
  name: MetricName;
  unit: string;
  fit: SeriesAnalysis;
  budget: Budget | null;
  judgement: Judgement;
}

export function judgeMetrics(
  fits: Partial<Record<MetricName, SeriesAnalysis>>,
  budgets: Budget[],
  baseline: Baseline | null,
  confidence: number,
): MetricResult[] {
  const out: MetricResult[] = [];
  for (const [name, fit] of Object.entries(fits) as [MetricName, SeriesAnalysis][]) {
    const unit = METRICS[name].unit;
    const budget = budgets.find((b) => b.metric === name) ?? null;
    const base = baseline?.metrics[name] ?? null;
    out.push({
      name,
      unit,
      fit,
      budget,
      judgement: judge(fit, unit, confidence, budget?.perMinute ?? null, base, DEFAULT_TOLERANCE[name]),
    });
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
export function judgeSites(
  sites: SiteAnalysis[],
  metric: MetricName,
  budgets: Budget[],
  baselineSites: readonly BaselineSite[] | null,
  unit: string,
  metricFailed = true,
): SiteResult[] {
  const budget = budgets.find((b) => b.metric === metric)?.perMinute ?? null;
  const byFn = baselineSites ? baselineByFunction(baselineSites) : null;
  const rule = DEFAULT_TOLERANCE[metric];
  const results = sites.map((site): SiteResult => {
    const matched = byFn?.get(site.function) ?? null;
    const base = byFn ? (matched ?? { slopePerMinute: 0, sePerMinute: 0, ciLow: 0, ciHigh: 0, n: 0 }) : null;
    const judged = judge(site.fit, unit, site.confidence, budget, base, rule);
    // Sites explain a metric; they are never inconclusive on their own (the metric says so).
    const j = judged.verdict === 'inconclusive' ? { ...judged, verdict: 'pass' as const } : judged;
    const held = j.verdict === 'fail' && !metricFailed;
    return {
      site,
      baseline: matched,
      judgement: {
        ...j,
        verdict: held ? 'pass' : j.verdict,
        reason: held ? `${j.reason}; not counted: ${metric} as a whole is within its limits` : j.reason,
        baselineSlopePerMinute: matched?.slopePerMinute ?? null,
      },
    };
  });
  return results.sort((a, b) => {
    const fa = a.judgement.verdict === 'fail' ? 1 : 0;
    const fb = b.judgement.verdict === 'fail' ? 1 : 0;
    return fb - fa || b.site.fit.slopePerMinute - a.site.fit.slopePerMinute || a.site.key.localeCompare(b.site.key);
  });
}
