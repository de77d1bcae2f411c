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
    run: { ...a.run, durationS: a.run.durationS + b.run.durationS, samples: a.run.samples + b.run.samples },
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
