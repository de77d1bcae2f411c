/**
 * Same-job A/B (`run --base-start CMD`): the base build is measured in this job, on the same runner, ports and
 * settings as the head: base, head, base, each for the whole --duration. The two base runs bracket the head, so a
 * linear drift of the runner's speed or of the load over the job falls on base and head alike (the base's mean
 * time is the head's), and every run has the same length and the same warm-up after its start, so a transient
 * longer than --warmup (a cache filling) weighs on base and head alike. (Base runs of half the duration were
 * tried first: a cache that fills for 15 s then made the same build differ from itself by tens of MiB/min,
 * measured with bench/ab-spread.mjs.) The two base runs are independent; their slopes are combined by
 * inverse-variance weighting into one baseline, which the head is judged against exactly as against a baseline
 * file (slope difference with both runs' standard errors). The job takes three times --duration.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalQuantile } from './analyze/stats.js';
import type { Baseline, BaselineSite, BaselineSlope } from './baseline.js';
import type { RunConfig } from './config.js';
import { toJsonText } from './report/json.js';
import type { Report } from './report/report.js';
import type { Recording } from './run/record.js';

/** The configuration of base run k (1 before the head, 2 after): the base's start command, its own directory. */
export function baseHalfConfig(cfg: RunConfig, k: 1 | 2): RunConfig {
  const out = join(cfg.out, `base-${k}`);
  return { ...cfg, start: cfg.baseStart!, baseStart: null, out, baseline: null, saveBaseline: null };
}

/**
 * Two independent estimates of one slope as one: weights 1/se², standard error 1/sqrt(sum of weights).
 * @example
 * combineSlopes({ slopePerMinute: 10, sePerMinute: 1, ... }, { slopePerMinute: 20, sePerMinute: 1, ... }, 0.95)
 *   .slopePerMinute // 15
 */
export function combineSlopes(a: BaselineSlope, b: BaselineSlope, confidence: number): BaselineSlope {
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const dfOf = (x: BaselineSlope) => (typeof x.df === 'number' && Number.isFinite(x.df) ? x.df : x.n - 2);
  // One side without a usable error (an unbounded interval): the other side alone; neither: no information
  // (df 0, which the comparison treats as a baseline too uncertain to vouch for a pass).
  const usable = (x: BaselineSlope) => Number.isFinite(x.sePerMinute) && Number.isFinite(x.slopePerMinute);
  if (!usable(a) || !usable(b)) {
    if (usable(a) || usable(b)) return { ...(usable(a) ? a : b), n: a.n + b.n };
    return { slopePerMinute: 0, sePerMinute: Infinity, ciLow: -Infinity, ciHigh: Infinity, n: a.n + b.n, df: 0 };
  }
  const combine = (sa: number, ea: number, da: number, sb: number, eb: number, db: number) => {
    if (ea > 0 && eb > 0) {
      const [wa, wb] = [1 / ea ** 2, 1 / eb ** 2];
      const w = wa + wb;
      // Welch-Satterthwaite for the weighted mean: df = W² / Σ wᵢ²/dfᵢ.
      const df = w ** 2 / (wa ** 2 / Math.max(da, 1e-9) + wb ** 2 / Math.max(db, 1e-9));
      return { slope: (wa * sa + wb * sb) / w, se: 1 / Math.sqrt(w), df };
    }
    // A zero standard error (a constant series) would take all the weight: average plainly, keep the larger error.
    return { slope: (sa + sb) / 2, se: Math.max(ea, eb) / Math.SQRT2, df: Math.min(da, db) };
  };
  const c = combine(a.slopePerMinute, a.sePerMinute, dfOf(a), b.slopePerMinute, b.sePerMinute, dfOf(b));
  const out: BaselineSlope = {
    slopePerMinute: c.slope,
    sePerMinute: c.se,
    ciLow: c.slope - z * c.se,
    ciHigh: c.slope + z * c.se,
    n: a.n + b.n,
    df: c.df,
  };
  // The worst-case bound of the weighted mean: the weighted sum of the two bounds (the triangle inequality).
  const worst = (x: BaselineSlope) =>
    typeof x.worstCaseSePerMinute === 'number' && Number.isFinite(x.worstCaseSePerMinute)
      ? x.worstCaseSePerMinute
      : null;
  const [wa, wb] = [worst(a), worst(b)];
  if (wa !== null && wb !== null) {
    const [ua, ub] = [1 / a.sePerMinute ** 2, 1 / b.sePerMinute ** 2];
    out.worstCaseSePerMinute =
      ua > 0 && ub > 0 && Number.isFinite(ua + ub) ? (ua * wa + ub * wb) / (ua + ub) : (wa + wb) / 2;
  }
  // A fill that levelled off in both base runs: their last halves combined the same way (the after-plateau rule).
  if (a.plateau !== undefined && b.plateau !== undefined) out.plateau = a.plateau && b.plateau;
  const tail = (x: BaselineSlope) =>
    typeof x.lastHalfSlopePerMinute === 'number' && typeof x.lastHalfSePerMinute === 'number'
      ? Number.isFinite(x.lastHalfSePerMinute)
      : false;
  if (tail(a) && tail(b)) {
    const t = combine(
      a.lastHalfSlopePerMinute!,
      a.lastHalfSePerMinute!,
      a.lastHalfDf ?? dfOf(a) / 2,
      b.lastHalfSlopePerMinute!,
      b.lastHalfSePerMinute!,
      b.lastHalfDf ?? dfOf(b) / 2,
    );
    out.lastHalfSlopePerMinute = t.slope;
    out.lastHalfSePerMinute = t.se;
    out.lastHalfDf = t.df;
  }
  return out;
}

function combineSites(a: readonly BaselineSite[], b: readonly BaselineSite[], confidence: number): BaselineSite[] {
  const byFn = new Map(b.map((s) => [s.function, s]));
  const out: BaselineSite[] = [];
  for (const s of a) {
    const t = byFn.get(s.function);
    byFn.delete(s.function);
    out.push(t ? { ...s, ...combineSlopes(s, t, confidence), last: (s.last + t.last) / 2 } : s);
  }
  return [...out, ...byFn.values()];
}

/** The baseline of the two base halves, for judging the head. */
export function combineBaselines(a: Baseline, b: Baseline): Baseline {
  const confidence = a.run.confidence;
  const metrics: Baseline['metrics'] = {};
  const names = new Set([...Object.keys(a.metrics), ...Object.keys(b.metrics)]) as Set<keyof Baseline['metrics']>;
  for (const name of names) {
    const [x, y] = [a.metrics[name], b.metrics[name]];
    metrics[name] = x && y ? combineSlopes(x, y, confidence) : (x ?? y);
  }
  // One base line for the chart, on the head's 0..duration axis: the mean of the two runs, sample by sample.
  let series: Baseline['series'] = null;
  if (a.series && b.series) {
    const n = Math.min(a.series.t.length, b.series.t.length);
    const mean = (x: number | null, y: number | null) => (x === null || y === null ? (x ?? y) : (x + y) / 2);
    const other = b.series.heapLive;
    series = { t: a.series.t.slice(0, n), heapLive: a.series.heapLive.slice(0, n).map((v, i) => mean(v, other[i])) };
  }
  return {
    ...a,
    // Each base run is as long as the head's: the comparability check compares run lengths, not totals.
    run: { ...a.run, durationS: (a.run.durationS + b.run.durationS) / 2, samples: a.run.samples + b.run.samples },
    metrics,
    sites: combineSites(a.sites, b.sites, confidence),
    goroutineSites: combineSites(a.goroutineSites, b.goroutineSites, confidence),
    series,
  };
}

/** One base run, judged on its own (no baseline, no budgets needed) to get its slopes. */
export interface BaseHalf {
  k: 1 | 2;
  report: Report;
  baseline: Baseline;
}

export type Evaluate = (cfg: RunConfig, rec: Recording) => { report: Report; baseline: Baseline };

/** Keep a base run's evidence beside the head's (samples, report) and judge it. */
export function finishHalf(cfg: RunConfig, k: 1 | 2, rec: Recording, evaluate: Evaluate): BaseHalf {
  const half = baseHalfConfig(cfg, k);
  mkdirSync(half.out, { recursive: true });
  const samples = { schemaVersion: 1, samples: rec.samples };
  writeFileSync(join(half.out, 'samples.json'), `${JSON.stringify(samples, null, 1)}\n`);
  const { report, baseline } = evaluate(half, rec);
  writeFileSync(join(half.out, 'report.json'), toJsonText(report));
  const s = report.series;
  return { k, report, baseline: { ...baseline, series: baseline.series ?? { t: s.t, heapLive: s.heapLive } } };
}

/** The error of the base runs, if any could not be measured. */
export function baseError(halves: readonly BaseHalf[]): string | null {
  const bad = halves.find((h) => h.report.verdict === 'error');
  if (!bad) return null;
  const which = bad.k === 1 ? 'before' : 'after';
  return `the base build (--base-start) could not be measured in its run ${which} the head: ${bad.report.error}`;
}
