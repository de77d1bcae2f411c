/**
 * The baseline file: what `--save-baseline` writes and `--baseline` reads. Versioned by schemaVersion; a
 * reader accepts every version up to its own and refuses newer ones with a clear message.
 */
import { readFileSync } from 'node:fs';
import { METRIC_NAMES, type MetricName } from './config.js';
import { UsageError } from './errors.js';

export const BASELINE_SCHEMA_VERSION = 1;

export interface BaselineSlope {
  slopePerMinute: number;
  sePerMinute: number;
  /** Interval bounds; null (in the file) when unbounded: JSON cannot carry Infinity. */
  ciLow: number;
  ciHigh: number;
  n: number;
  /** Degrees of freedom of the slope's t quantiles (effective samples minus parameters); absent in older files. */
  df?: number;
  /** The base run levelled off, and its last half's slope: what growth after a fill is compared with. Optional. */
  plateau?: boolean;
  lastHalfSlopePerMinute?: number;
  lastHalfSePerMinute?: number;
  lastHalfDf?: number;
  /**
   * Standard error of the slope under the worst correlation of the noise (SeriesAnalysis.worstCaseSePerMinute):
   * lets a run whose own slope was too uncertain still bound it. Optional.
   */
  worstCaseSePerMinute?: number;
}

export interface BaselineSite extends BaselineSlope {
  function: string;
  file: string;
  line: number;
  last: number;
}

export interface Baseline {
  schemaVersion: number;
  kind: 'go-mem-gate-baseline';
  createdAt: string;
  tool: string;
  /** How the baseline run was made, to say what is comparable. */
  run: {
    durationS: number;
    intervalS: number;
    warmupS: number;
    profileRate: number | null;
    samples: number;
    confidence: number;
  };
  metrics: Partial<Record<MetricName, BaselineSlope>>;
  sites: BaselineSite[];
  goroutineSites: BaselineSite[];
  /** The base run's live-heap series, downsampled (at most ~120 points) so the file stays small; optional. */
  series?: { t: number[]; heapLive: (number | null)[] } | null;
  /** Commit the baseline was measured at, when known. */
  commit?: string | null;
  /** What was left out when reading it (a metric or site without a usable slope), for the report's notes. */
  notices?: string[];
}

function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function checkSlope(v: unknown): v is BaselineSlope {
  const o = v as BaselineSlope;
  return !!o && typeof o === 'object' && isNum(o.slopePerMinute) && isNum(o.sePerMinute) && isNum(o.n);
}

/**
 * A slope as read from a file: interval bounds written as null (unbounded) come back as -Infinity / Infinity,
 * optional fields that are not finite numbers are dropped.
 */
function readSlope<T extends BaselineSlope>(o: T): T {
  const opt = (v: unknown) => (isNum(v) ? v : undefined);
  const out = { ...o, ciLow: isNum(o.ciLow) ? o.ciLow : -Infinity, ciHigh: isNum(o.ciHigh) ? o.ciHigh : Infinity } as T;
  for (const k of [
    'df',
    'lastHalfSlopePerMinute',
    'lastHalfSePerMinute',
    'lastHalfDf',
    'worstCaseSePerMinute',
  ] as const) {
    if (opt(out[k]) === undefined) delete out[k];
  }
  if (typeof out.plateau !== 'boolean') delete out.plateau;
  return out;
}

function checkSite(v: unknown): v is BaselineSite {
  const o = v as BaselineSite;
  return checkSlope(v) && typeof o.function === 'string' && typeof o.file === 'string' && isNum(o.line);
}

/** Most points a baseline series may hold; toBaseline keeps at most BASELINE_SERIES_POINTS. */
const MAX_SERIES_POINTS = 10_000;
export const BASELINE_SERIES_POINTS = 120;

/**
 * Validate the optional series: equal-length arrays, times finite and non-decreasing, values finite numbers
 * of bytes or null. Returns null when absent (older baselines), undefined when malformed.
 */
function checkSeries(v: unknown): Baseline['series'] | undefined {
  if (v === undefined || v === null) return null;
  const o = v as { t?: unknown; heapLive?: unknown };
  if (typeof o !== 'object' || !Array.isArray(o.t) || !Array.isArray(o.heapLive)) return undefined;
  const t = o.t as unknown[];
  const h = o.heapLive as unknown[];
  if (t.length !== h.length || t.length > MAX_SERIES_POINTS) return undefined;
  for (let i = 0; i < t.length; i++) {
    if (!isNum(t[i]) || (i > 0 && (t[i] as number) < (t[i - 1] as number))) return undefined;
    if (h[i] !== null && !(isNum(h[i]) && (h[i] as number) >= 0)) return undefined;
  }
  return { t: t as number[], heapLive: h as (number | null)[] };
}

type HeapSeries = { t: number[]; heapLive: (number | null)[] };

/**
 * Keep at most `max` points of a series, evenly spread, always keeping the last one; values rounded to bytes.
 * @example downsampleSeries({ t: [0, 1, 2, 3], heapLive: [1, 2, 3, 4] }, 2) // { t: [0, 3], heapLive: [1, 4] }
 */
export function downsampleSeries(s: HeapSeries, max = BASELINE_SERIES_POINTS): HeapSeries {
  const n = Math.min(s.t.length, s.heapLive.length);
  const keep: number[] = [];
  if (n <= max) for (let i = 0; i < n; i++) keep.push(i);
  else for (let k = 0; k < max; k++) keep.push(Math.round((k * (n - 1)) / (max - 1)));
  const round = (v: number | null) => (v === null || !Number.isFinite(v) ? null : Math.round(v));
  return { t: keep.map((i) => Number(s.t[i].toFixed(3))), heapLive: keep.map((i) => round(s.heapLive[i])) };
}

/** Validate parsed JSON as a baseline. `source` names the file in messages. */
export function parseBaseline(json: unknown, source: string): Baseline {
  const o = json as Partial<Baseline> | null;
  const bad = (what: string) =>
    new UsageError(`baseline ${source}: ${what}; record a new one with --save-baseline on the base branch`);
  if (!o || typeof o !== 'object' || o.kind !== 'go-mem-gate-baseline')
    throw bad('is not a go-mem-gate baseline (no "kind": "go-mem-gate-baseline")');
  if (!isNum(o.schemaVersion)) throw bad('has no schemaVersion');
  if (o.schemaVersion > BASELINE_SCHEMA_VERSION) {
    throw new UsageError(
      `baseline ${source}: schemaVersion ${o.schemaVersion} is newer than this go-mem-gate reads (${BASELINE_SCHEMA_VERSION}); upgrade go-mem-gate, or record the baseline again with this version`,
    );
  }
  if (!o.metrics || typeof o.metrics !== 'object') throw bad('has no metrics');
  const metrics: Baseline['metrics'] = {};
  const notices: string[] = [];
  for (const [name, m] of Object.entries(o.metrics)) {
    if (!(METRIC_NAMES as string[]).includes(name)) continue; // written by a version that knew more metrics
    // A missing or null slope (an unbounded or failed fit in the base run): leave that metric out, judge the rest.
    if (!checkSlope(m)) {
      notices.push(
        `the baseline has no usable slope for ${name} (missing or null): ${name} is judged on its budget alone, if any; record the baseline again to compare it`,
      );
      continue;
    }
    metrics[name as MetricName] = readSlope(m);
  }
  const readSites = (list: unknown, what: string): BaselineSite[] => {
    const all = Array.isArray(list) ? list : [];
    const good = all.filter(checkSite).map((x) => readSlope(x));
    if (good.length < all.length)
      notices.push(`${all.length - good.length} ${what} in the baseline had no usable slope and were left out`);
    return good;
  };
  const sites = readSites(o.sites, 'allocation sites');
  const goroutineSites = readSites(o.goroutineSites, 'goroutine sites');
  const series = checkSeries(o.series);
  if (series === undefined) {
    throw bad('has a malformed series (t and heapLive must be arrays of equal length, times in order)');
  }
  const run = (o.run ?? {}) as Baseline['run'];
  return {
    schemaVersion: o.schemaVersion,
    kind: 'go-mem-gate-baseline',
    createdAt: String(o.createdAt ?? ''),
    tool: String(o.tool ?? ''),
    run: {
      durationS: isNum(run.durationS) ? run.durationS : NaN,
      intervalS: isNum(run.intervalS) ? run.intervalS : NaN,
      warmupS: isNum(run.warmupS) ? run.warmupS : NaN,
      profileRate: isNum(run.profileRate) ? run.profileRate : null,
      samples: isNum(run.samples) ? run.samples : NaN,
      confidence: isNum(run.confidence) ? run.confidence : NaN,
    },
    metrics,
    sites,
    goroutineSites,
    series,
    ...(typeof o.commit === 'string' ? { commit: o.commit } : {}),
    notices,
  };
}

/** Read and validate a baseline file. Throws UsageError with the file name and what to do. */
export function readBaseline(path: string): Baseline {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      `baseline ${path}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}; give a file written by --save-baseline, or drop --baseline to judge on budgets`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(
      `baseline ${path}: not valid JSON (${(err as Error).message}); record a new one with --save-baseline on the base branch`,
    );
  }
  return parseBaseline(json, path);
}
