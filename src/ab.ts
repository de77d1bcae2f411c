/**
 * Same-job A/B (`run --base-start CMD`): the base build is measured in this job, on the same runner, ports and
 * settings as the head, in two halves of --duration: one before the head's run and one after it, so that a
 * drift of the runner's speed or of the load over the job falls on base and head alike (to first order: the
 * base's mean time equals the head's). The head runs once for the whole --duration, so its own slope keeps
 * the precision of an ordinary run. The two base halves are independent runs; their slopes are combined by
 * inverse-variance weighting into one baseline, which the head is judged against exactly as against a
 * baseline file (slope difference with both runs' standard errors).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Baseline, BaselineSite, BaselineSlope } from './baseline.js';
import type { RunConfig } from './config.js';
import { normalQuantile } from './analyze/stats.js';
import type { Recording } from './run/record.js';
import type { Report } from './report/report.js';

/** The configuration of base half k (1 or 2): the base's start command, half the duration, its own directory. */
export function baseHalfConfig(cfg: RunConfig, k: 1 | 2): RunConfig {
  return { ...cfg, start: cfg.baseStart!, baseStart: null, durationS: cfg.durationS / 2, out: join(cfg.out, `base-${k}`), baseline: null, saveBaseline: null };
}

/**
 * Two independent estimates of one slope as one: weights 1/se², standard error 1/sqrt(sum of weights).
 * @example combineSlopes({slopePerMinute: 10, sePerMinute: 1, ...}, {slopePerMinute: 20, sePerMinute: 1, ...}, 0.95).slopePerMinute // 15
 */
export function combineSlopes(a: BaselineSlope, b: BaselineSlope, confidence: number): BaselineSlope {
  const z = normalQuantile(1 - (1 - confidence) / 2);
  let slope: number;
  let se: number;
  if (a.sePerMinute > 0 && b.sePerMinute > 0) {
    const [wa, wb] = [1 / a.sePerMinute ** 2, 1 / b.sePerMinute ** 2];
    slope = (wa * a.slopePerMinute + wb * b.slopePerMinute) / (wa + wb);
    se = 1 / Math.sqrt(wa + wb);
  } else {
    // A zero standard error (a constant series) would take all the weight: average plainly, keep the larger error.
    slope = (a.slopePerMinute + b.slopePerMinute) / 2;
    se = Math.max(a.sePerMinute, b.sePerMinute) / Math.SQRT2;
  }
  return { slopePerMinute: slope, sePerMinute: se, ciLow: slope - z * se, ciHigh: slope + z * se, n: a.n + b.n };
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
export function combineBaselines(a: Baseline, b: Baseline, halfDurationS: number): Baseline {
  const confidence = a.run.confidence;
  const metrics: Baseline['metrics'] = {};
  for (const name of new Set([...Object.keys(a.metrics), ...Object.keys(b.metrics)]) as Set<keyof Baseline['metrics']>) {
    const [x, y] = [a.metrics[name], b.metrics[name]];
    metrics[name] = x && y ? combineSlopes(x, y, confidence) : (x ?? y);
  }
  const series = a.series && b.series ? { t: [...a.series.t, ...b.series.t.map((t) => t + halfDurationS)], heapLive: [...a.series.heapLive, ...b.series.heapLive] } : null;
  return {
    ...a,
    run: { ...a.run, durationS: a.run.durationS + b.run.durationS, samples: a.run.samples + b.run.samples },
    metrics,
    sites: combineSites(a.sites, b.sites, confidence),
    goroutineSites: combineSites(a.goroutineSites, b.goroutineSites, confidence),
    series,
  };
}

/** One base half, judged on its own (no baseline, no budgets needed) to get its slopes. */
export interface BaseHalf {
  k: 1 | 2;
  report: Report;
  baseline: Baseline;
}

export type Evaluate = (cfg: RunConfig, rec: Recording) => { report: Report; baseline: Baseline };

/** Keep a base half's evidence beside the head's (samples, report) and judge it. */
export function finishHalf(cfg: RunConfig, k: 1 | 2, rec: Recording, evaluate: Evaluate): BaseHalf {
  const half = baseHalfConfig(cfg, k);
  mkdirSync(half.out, { recursive: true });
  writeFileSync(join(half.out, 'samples.json'), `${JSON.stringify({ schemaVersion: 1, samples: rec.samples }, null, 1)}\n`);
  const { report, baseline } = evaluate(half, rec);
  writeFileSync(join(half.out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  const s = report.series;
  return { k, report, baseline: { ...baseline, series: baseline.series ?? { t: s.t, heapLive: s.heapLive } } };
}

/** The error of the base halves, if any could not be measured. */
export function baseError(halves: readonly BaseHalf[]): string | null {
  const bad = halves.find((h) => h.report.verdict === 'error');
  return bad ? `the base build (--base-start) could not be measured in its ${bad.k === 1 ? 'first' : 'second'} half: ${bad.report.error}` : null;
}
