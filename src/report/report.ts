/**
 * report.json (schemaVersion 1, the public contract in GUIDE.md §5) and the baseline a run saves. Pure.
 */

import type { Frame } from '../analyze/profile.js';
import { BASELINE_SCHEMA_VERSION, type Baseline, type BaselineSite, downsampleSeries } from '../baseline.js';
import type { MetricResult, SiteResult } from '../compare.js';
import type { MetricName, RunConfig } from '../config.js';
import type { LoadStats } from '../run/load.js';
import type { ExitInfo } from '../run/process.js';

export const REPORT_SCHEMA_VERSION = 1;
export const TOOL_VERSION = '0.1.0';

export interface ReportMetric {
  name: MetricName;
  unit: string;
  slopePerMinute: number;
  ciLow: number;
  ciHigh: number;
  sePerMinute: number;
  baselineSlopePerMinute: number | null;
  budgetPerMinute: number | null;
  budgetSource: 'user' | 'default' | null;
  /** 'inconclusive': too little information (few effective samples, unbounded interval) to pass or fail. */
  verdict: MetricVerdict;
  reason: string;
  /** Seconds into the run at which growth began (changepoint), for failing metrics; null or absent when none. */
  onsetS?: number | null;
  /** Slope after the onset, per minute, when an onset was found. */
  slopeAfterOnsetPerMinute?: number | null;
  /** Lag-1 autocorrelation of the residuals (bias-corrected) and the effective sample size it leaves. */
  autocorrelation?: number | null;
  effectiveN?: number | null;
  /** Period of detected memory cycles in seconds (batch flushes, compactions), when found. */
  periodS?: number | null;
  /** Run length that would settle an inconclusive verdict, seconds. */
  suggestedDurationS?: number | null;
  /**
   * The series rose in one step and held (seconds into the run, height in the metric's unit), with the slope
   * apart from it, when the verdict rested on that step; absent or null otherwise.
   */
  levelShift?: { atS: number; jump: number; slopePerMinute: number; slopeLowPerMinute: number } | null;
  trendP: number;
  plateau: boolean;
  lastHalfSlopePerMinute: number;
  minDetectablePerMinute: number;
  noise: number;
  n: number;
  first: number | null;
  last: number | null;
}

export type MetricVerdict = 'pass' | 'fail' | 'inconclusive';

/** A site's owner: the first frame, from the leaf up, in the service's own code (package main or the main module). */
export interface OwnerFrame {
  function: string;
  file: string;
  line: number;
}

/** Growth rolled up to the service's own code (pprof's cumulative view), largest first. */
export interface ReportOwner extends OwnerFrame {
  slopeBytesPerMinute: number;
  ciLow: number;
  ciHigh: number;
  /** Fraction of the heap_live slope explained by this owner's sites, 0..1. */
  share: number;
  /** Keys of the sites rolled up here (siteKey: function file:line). */
  sites: string[];
}

/** A leak-kind diagnosis; `evidence` always states the numbers it rests on. */
export interface ReportDiagnosis {
  kind: 'unpruned-map' | 'retained-slice' | 'blocked-goroutines' | 'off-heap' | 'fragmentation';
  metric: MetricName;
  evidence: string;
  hint: string;
}

export interface ReportAttribution {
  expectedSamples: number;
  resolvable: boolean;
  profileRate: number;
  suggestedProfileRate: number;
  note: string | null;
  /** `--attribute auto`: the second pass that re-ran the service at a finer profile rate, when it ran. */
  secondPass?: {
    profileRate: number;
    expectedSamples: number;
    resolvable: boolean;
    error: string | null;
    /** Service CPU seconds per second in each pass: what the finer rate cost. */
    serviceCpuPerSecond: { first: number | null; second: number | null };
    wallS: number;
  } | null;
}

export interface ReportSite {
  function: string;
  file: string;
  line: number;
  slopeBytesPerMinute: number;
  ciLow: number;
  ciHigh: number;
  baselineSlopeBytesPerMinute: number | null;
  inuseBytes: number;
  verdict: 'pass' | 'fail';
  reason: string;
  stack: Frame[];
  owner?: OwnerFrame | null;
}

export interface ReportGoroutineSite {
  function: string;
  file: string;
  line: number;
  slopePerMinute: number;
  ciLow: number;
  ciHigh: number;
  baselineSlopePerMinute: number | null;
  goroutines: number;
  verdict: 'pass' | 'fail';
  reason: string;
  stack: Frame[];
  owner?: OwnerFrame | null;
}

export interface Report {
  schemaVersion: 1;
  tool: { name: 'go-mem-gate'; version: string };
  verdict: 'pass' | 'fail' | 'error';
  error: string | null;
  summary: string;
  run: {
    startedAt: string;
    command: string;
    durationS: number;
    sampledS: number;
    intervalS: number;
    warmupS: number;
    confidence: number;
    /** --strict: inconclusive metrics fail the run (verdict 'fail', exit 1) instead of passing with a warning. */
    strict?: boolean;
    samples: number;
    skippedSamples: number;
    profileRateRequested: number;
    profileRateInForce: number | null;
    readyAfterS: number | null;
    wallS: number;
    load: {
      kind: 'command' | 'builtin' | 'none';
      stats: LoadStats | null;
      exit: ExitInfo | null;
      endedRunEarly: boolean;
    };
    service: { exit: ExitInfo | null };
    /** The repository (or directory) the gate ran in; the comment shows the service's files relative to it. */
    workdir?: string | null;
    /** The main module owners were found with (package main always counts), and where it was read. */
    module?: { path: string | null; source: string | null } | null;
    /** The run's label (--name), summarize's row label; null when not given. */
    name?: string | null;
  };
  baseline: {
    used: boolean;
    /** Where the baseline came from: 'file' (--baseline), 'artifact' (the Action's lookup), 'same-job' (--base-start). */
    source: BaselineSource | null;
    /** The baseline file read (--baseline), when one was; null for a same-job run. */
    path?: string | null;
    createdAt: string | null;
    notes: string[];
    /** The base run's live-heap series (downsampled), for the chart; absent in old baselines. */
    series?: { t: number[]; heapLive: (number | null)[] } | null;
    /** The commit the baseline was measured at, and how many commits it is behind the PR's merge-base. */
    commit?: string | null;
    commitsBehind?: number | null;
  };
  notes: string[];
  metrics: ReportMetric[];
  sites: ReportSite[];
  goroutineSites: ReportGoroutineSite[];
  owners?: ReportOwner[];
  diagnoses?: ReportDiagnosis[];
  /**
   * Whether the heap-profile sampling could attribute the live heap's growth: about growth / profile rate
   * samples were expected. When not resolvable and the heap failed, owners are empty and no site is evidence.
   */
  attribution?: ReportAttribution | null;
  /** Live heap and goroutines over time, for the chart (also in samples.json). */
  series: { t: number[]; heapLive: (number | null)[]; goroutines: (number | null)[]; heapProfile: (string | null)[] };
}

/** Where a run's baseline came from (report.json baseline.source). */
export type BaselineSource = 'file' | 'artifact' | 'same-job';

/** What a front end knows of a baseline's origin: where it came from, the commit it was measured at. */
export interface BaselineOrigin {
  source: BaselineSource;
  commit: string | null;
  commitsBehind: number | null;
}

export function reportMetric(m: MetricResult): ReportMetric {
  const f = m.fit;
  return {
    name: m.name,
    unit: m.unit,
    slopePerMinute: f.slopePerMinute,
    // The interval the verdict rests on: the fit's, or the worst-case bound that failed overwhelming growth.
    ciLow: m.judgement.interval?.low ?? f.ciLow,
    ciHigh: m.judgement.interval?.high ?? f.ciHigh,
    sePerMinute: f.sePerMinute,
    baselineSlopePerMinute: m.judgement.baselineSlopePerMinute,
    budgetPerMinute: m.budget?.perMinute ?? null,
    budgetSource: m.budget?.source ?? null,
    verdict: m.judgement.verdict,
    reason: m.judgement.reason,
    autocorrelation: f.autocorrelation,
    effectiveN: f.effectiveN,
    periodS: f.periodS,
    suggestedDurationS: m.judgement.suggestedDurationS,
    levelShift:
      f.levelShift && m.judgement.levelShiftUsed
        ? {
            atS: f.levelShift.atS,
            jump: f.levelShift.jump,
            slopePerMinute: f.levelShift.slopePerMinute,
            slopeLowPerMinute: f.levelShift.slopeLowPerMinute,
          }
        : null,
    trendP: f.trendP,
    plateau: f.plateau,
    lastHalfSlopePerMinute: f.lastHalfSlopePerMinute,
    minDetectablePerMinute: m.judgement.minDetectablePerMinute,
    noise: f.noise,
    n: f.n,
    first: f.first,
    last: f.last,
  };
}

export function reportSite(s: SiteResult): ReportSite {
  return {
    function: s.site.function,
    file: s.site.file,
    line: s.site.line,
    slopeBytesPerMinute: s.site.fit.slopePerMinute,
    ciLow: s.site.fit.ciLow,
    ciHigh: s.site.fit.ciHigh,
    baselineSlopeBytesPerMinute: s.judgement.baselineSlopePerMinute,
    inuseBytes: s.site.lastValue,
    verdict: s.judgement.verdict === 'fail' ? 'fail' : 'pass',
    reason: s.judgement.reason,
    stack: s.site.stack,
  };
}

export function reportGoroutineSite(s: SiteResult): ReportGoroutineSite {
  const { slopeBytesPerMinute, baselineSlopeBytesPerMinute, inuseBytes, ...rest } = reportSite(s);
  return {
    ...rest,
    slopePerMinute: slopeBytesPerMinute,
    baselineSlopePerMinute: baselineSlopeBytesPerMinute,
    goroutines: inuseBytes,
  };
}

/** The baseline this run would save for the next comparison. */
export function toBaseline(
  report: Report,
  heapSites: SiteResult[],
  goroutineSites: SiteResult[],
  cfg: RunConfig,
  metrics: MetricResult[] = [],
): Baseline {
  const site = (s: SiteResult): BaselineSite => ({
    function: s.site.function,
    file: s.site.file,
    line: s.site.line,
    slopePerMinute: s.site.fit.slopePerMinute,
    sePerMinute: s.site.fit.sePerMinute,
    ciLow: s.site.fit.ciLow,
    ciHigh: s.site.fit.ciHigh,
    n: s.site.fit.n,
    last: s.site.lastValue,
  });
  return {
    schemaVersion: BASELINE_SCHEMA_VERSION,
    kind: 'go-mem-gate-baseline',
    createdAt: report.run.startedAt,
    tool: `go-mem-gate ${TOOL_VERSION}`,
    run: {
      durationS: report.run.sampledS,
      intervalS: cfg.intervalS,
      warmupS: cfg.warmupS,
      profileRate: report.run.profileRateInForce,
      samples: report.run.samples,
      confidence: cfg.confidence,
    },
    metrics: Object.fromEntries(
      report.metrics.map((m) => {
        // With the fits at hand, also what a later comparison needs: degrees of freedom, and growth after a fill.
        const f = metrics.find((x) => x.name === m.name)?.fit;
        const extra = f
          ? {
              df: f.df,
              plateau: f.plateau,
              lastHalfSlopePerMinute: f.lastHalfSlopePerMinute,
              lastHalfSePerMinute: f.lastHalfSePerMinute,
              lastHalfDf: f.lastHalfDf,
              ...(Number.isFinite(f.worstCaseSePerMinute) ? { worstCaseSePerMinute: f.worstCaseSePerMinute } : {}),
            }
          : {};
        return [
          m.name,
          {
            slopePerMinute: m.slopePerMinute,
            sePerMinute: m.sePerMinute,
            ciLow: m.ciLow,
            ciHigh: m.ciHigh,
            n: m.n,
            ...extra,
          },
        ];
      }),
    ),
    sites: heapSites.map(site),
    goroutineSites: goroutineSites.map(site),
    series: downsampleSeries({ t: report.series.t, heapLive: report.series.heapLive }),
  };
}
