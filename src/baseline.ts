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
  ciLow: number;
  ciHigh: number;
  n: number;
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
  run: { durationS: number; intervalS: number; warmupS: number; profileRate: number | null; samples: number; confidence: number };
  metrics: Partial<Record<MetricName, BaselineSlope>>;
  sites: BaselineSite[];
  goroutineSites: BaselineSite[];
  /** The base run's live-heap series, downsampled (at most ~120 points) so the file stays small; optional. */
  series?: { t: number[]; heapLive: (number | null)[] } | null;
  /** Commit the baseline was measured at, when known. */
  commit?: string | null;
}

function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function checkSlope(v: unknown): v is BaselineSlope {
  const o = v as BaselineSlope;
  return !!o && isNum(o.slopePerMinute) && isNum(o.sePerMinute) && isNum(o.n);
}

function checkSite(v: unknown): v is BaselineSite {
  const o = v as BaselineSite;
  return checkSlope(v) && typeof o.function === 'string' && typeof o.file === 'string' && isNum(o.line);
}

/** Validate parsed JSON as a baseline. `source` names the file in messages. */
export function parseBaseline(json: unknown, source: string): Baseline {
  const o = json as Partial<Baseline> | null;
  const bad = (what: string) => new UsageError(`baseline ${source}: ${what}; record a new one with --save-baseline on the base branch`);
  if (!o || typeof o !== 'object' || o.kind !== 'go-mem-gate-baseline') throw bad('is not a go-mem-gate baseline (no "kind": "go-mem-gate-baseline")');
  if (!isNum(o.schemaVersion)) throw bad('has no schemaVersion');
  if (o.schemaVersion > BASELINE_SCHEMA_VERSION) {
    throw new UsageError(`baseline ${source}: schemaVersion ${o.schemaVersion} is newer than this go-mem-gate reads (${BASELINE_SCHEMA_VERSION}); upgrade go-mem-gate, or record the baseline again with this version`);
  }
  if (!o.metrics || typeof o.metrics !== 'object') throw bad('has no metrics');
  const metrics: Baseline['metrics'] = {};
  for (const [name, m] of Object.entries(o.metrics)) {
    if (!(METRIC_NAMES as string[]).includes(name)) continue; // written by a version that knew more metrics
    if (!checkSlope(m)) throw bad(`metric ${name} is malformed`);
    metrics[name as MetricName] = m;
  }
  const sites = Array.isArray(o.sites) ? o.sites : [];
  const goroutineSites = Array.isArray(o.goroutineSites) ? o.goroutineSites : [];
  if (!sites.every(checkSite) || !goroutineSites.every(checkSite)) throw bad('has malformed sites');
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
  };
}

/** Read and validate a baseline file. Throws UsageError with the file name and what to do. */
export function readBaseline(path: string): Baseline {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`baseline ${path}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}; give a file written by --save-baseline, or drop --baseline to judge on budgets`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`baseline ${path}: not valid JSON (${(err as Error).message}); record a new one with --save-baseline on the base branch`);
  }
  return parseBaseline(json, path);
}
