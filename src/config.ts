/**
 * Configuration: one place that turns CLI flags (or the Action's inputs, which use the same names) into a
 * validated RunConfig. Every mistake is a UsageError whose message says what is accepted.
 */
import { parseArgs } from 'node:util';
import { normalQuantile } from './analyze/stats/normal-quantile.js';
import { UsageError } from './errors.js';
import { parseBytes, parseDuration, parseRate, parseRequestRate } from './units.js';

export const METRICS = {
  heap_live: { unit: 'bytes', title: 'live heap (after GC)' },
  heap_objects: { unit: 'objects', title: 'live heap objects' },
  goroutines: { unit: 'goroutines', title: 'goroutines' },
  rss: { unit: 'bytes', title: 'RSS (process tree)' },
} as const;
export type MetricName = keyof typeof METRICS;
export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];

export interface Budget {
  metric: MetricName;
  perMinute: number;
  /** "user" when given with --budget, "default" when applied because there was neither baseline nor budget. */
  source: 'user' | 'default';
}

/**
 * Budgets that apply when the user gives neither a baseline nor a budget. A budget is breached only when the
 * lower confidence bound of the slope is above it, so these are allowances for legitimate slow growth, not
 * noise margins. See BENCHMARKS.md for the measurements behind them.
 */
export const DEFAULT_BUDGETS: Record<MetricName, number> = {
  // A healthy service's post-GC heap still creeps up for its first minute or so (runtime and net/http
  // structures warming up): measured up to 90 KiB/min (99% lower bound 32 KiB/min) between 10 s and 30 s on
  // the steady fixture, levelling off by about 60 s. 64 KiB/min stays clear of that and still catches a
  // 2 KiB/s leak in 45 s. With a baseline the drift cancels out and finer leaks are caught.
  heap_live: 64 * 1024,
  heap_objects: 600, // 10 objects/s; the same drift measured up to 200 objects/min
  goroutines: 0,
  // RSS follows the heap with a lag (the heap goal is up to 2x live with GOGC=100) and moves in pages, so it
  // drifts by a few MiB/min on healthy services in short runs: the default catches large off-heap leaks only.
  rss: 16 * 1024 * 1024,
};

/**
 * Tolerance for a regression against a baseline: head slope minus baseline slope (lower bound) must stay under
 * max(absolute, relative * |baseline slope|).
 */
export const DEFAULT_TOLERANCE: Record<MetricName, { absolute: number; relative: number }> = {
  // Run-to-run variation of the warm-up drift above is not in either run's own interval: allow for it.
  heap_live: { absolute: 32 * 1024, relative: 0.25 },
  heap_objects: { absolute: 300, relative: 0.25 },
  goroutines: { absolute: 0, relative: 0.25 },
  rss: { absolute: 16 * 1024 * 1024, relative: 0.25 },
};

export interface RunConfig {
  start: string;
  /** Same-job A/B: the base build's start command, measured in two halves around the head (--base-start). */
  baseStart?: string | null;
  /** Base URL of the pprof handlers, without a trailing slash, e.g. http://127.0.0.1:6060/debug/pprof */
  pprofUrl: string;
  readyUrl: string;
  load: string | null;
  loadUrl: string | null;
  /** Requests per second of the built-in load (with loadUrl and no load command). */
  rate: number | null;
  durationS: number;
  intervalS: number;
  warmupS: number;
  readyTimeoutS: number;
  /** Timeout of one pprof request; a slower answer skips (and counts) that sample. */
  requestTimeoutS: number;
  /** Heap profile sampling rate in bytes, set through GODEBUG=memprofilerate. */
  profileRate: number;
  env: Record<string, string>;
  budgets: Budget[];
  baseline: string | null;
  saveBaseline: string | null;
  out: string;
  /** Two-sided confidence level of every interval the verdicts are judged on. */
  confidence: number;
  /** Fail (exit 1) when a metric is inconclusive, instead of passing with a warning. */
  strict?: boolean;
  /** The command line as the user gave it, for "how to reproduce". */
  argv: string[];
  /** The service's main module (import path) for owners; null: found from go.mod or the binary's build info. */
  module?: string | null;
  /** 'auto': after a heap failure the sampling could not attribute, a second pass at a finer profile rate. */
  attribute?: 'off' | 'auto';
  /** A label for this run (--name), e.g. the service's name in a monorepo: summarize's row label. */
  name?: string | null;
}

/** Fewest samples after the warm-up a run needs to be judged (Sen's 99% interval is bounded from 7). */
export const MIN_JUDGED_SAMPLES = 8;

/**
 * Fewest samples after the warm-up at a confidence level: MIN_JUDGED_SAMPLES, or more when Sen's interval of n
 * independent points is still unbounded at that confidence (rank (N - C) / 2 < 1 with N = n(n-1)/2 slopes and
 * C = z sqrt(n(n-1)(2n+5)/18)): 8 at 0.99, 9 at 0.999, 11 at 0.9999.
 */
export function minJudgedSamples(confidence: number): number {
  const z = normalQuantile(1 - (1 - confidence) / 2);
  let n = 3;
  while (n < 1000 && (n * (n - 1)) / 2 - z * Math.sqrt((n * (n - 1) * (2 * n + 5)) / 18) < 2) n++;
  return Math.max(MIN_JUDGED_SAMPLES, n);
}

export const DEFAULTS = {
  pprofUrl: 'http://127.0.0.1:6060/debug/pprof',
  duration: '60s',
  interval: '1s',
  warmup: '10s',
  readyTimeout: '30s',
  profileRate: '64KiB',
  out: 'go-mem-gate-out',
  confidence: 0.99,
};

export const OPTIONS = {
  start: { type: 'string' },
  'base-start': { type: 'string' },
  'pprof-url': { type: 'string' },
  'ready-url': { type: 'string' },
  load: { type: 'string' },
  'load-url': { type: 'string' },
  rate: { type: 'string' },
  duration: { type: 'string' },
  interval: { type: 'string' },
  warmup: { type: 'string' },
  'ready-timeout': { type: 'string' },
  'request-timeout': { type: 'string' },
  'profile-rate': { type: 'string' },
  env: { type: 'string', multiple: true },
  budget: { type: 'string', multiple: true },
  baseline: { type: 'string' },
  'save-baseline': { type: 'string' },
  out: { type: 'string' },
  confidence: { type: 'string' },
  module: { type: 'string' },
  attribute: { type: 'string' },
  strict: { type: 'boolean' },
  name: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type RawOptions = {
  [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K] extends { multiple: true }
    ? string[]
    : (typeof OPTIONS)[K]['type'] extends 'boolean'
      ? boolean
      : string;
};

export const USAGE = `usage: go-mem-gate run --start CMD [--pprof-url URL] [--ready-url URL]
                        [--load CMD | --load-url URL --rate N/s]
                        [--duration ${DEFAULTS.duration}] [--interval ${DEFAULTS.interval}] [--warmup ${DEFAULTS.warmup}] [--ready-timeout ${DEFAULTS.readyTimeout}] [--request-timeout 5s]
                        [--profile-rate ${DEFAULTS.profileRate}] [--env K=V]... [--budget METRIC=RATE]...
                        [--baseline FILE | --base-start CMD] [--save-baseline FILE] [--out DIR]
                        [--confidence ${DEFAULTS.confidence}] [--strict] [--module PATH] [--attribute off|auto]
                        [--name NAME]
--name NAME: a label for this run (report.json run.name), the row label of go-mem-gate summarize
--base-start CMD: same-job A/B; the base build runs for --duration before the head and again after it, on the
                  same ports with the same settings, and the head is judged against it as against a baseline
metrics: ${METRIC_NAMES.join(', ')}; rates like 256KiB/min, 0/min, 10/min; durations like 45s, 2m
exit status: 0 pass, 1 regression or budget breached, 2 could not measure
(a metric too noisy or too short to judge is 'inconclusive': exit 0 with a warning, or 1 with --strict)`;

/** Parse `run` flags (argv without the subcommand). Throws UsageError. */
export function parseRunArgs(argv: string[]): RawOptions {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    if (positionals.length > 0)
      throw new UsageError(`unexpected argument "${positionals[0]}"; flags take the form --name value`);
    return values as RawOptions;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const msg = (err as Error).message.split('\n')[0];
    throw new UsageError(`${msg.replace(/\.$/, '')}; run "go-mem-gate run --help" for the flags`);
  }
}

/** Normalise a pprof URL: "http://h:p" -> "http://h:p/debug/pprof"; trailing slashes dropped. */
export function normalisePprofUrl(text: string): string {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new UsageError(`--pprof-url: "${text}" is not a URL; use e.g. http://127.0.0.1:6060/debug/pprof`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new UsageError(`--pprof-url: "${text}" must be an http:// or https:// URL`);
  }
  if (u.pathname === '/' || u.pathname === '') u.pathname = '/debug/pprof';
  return u.toString().replace(/\/+$/, '');
}

function checkUrl(text: string, flag: string): string {
  try {
    const u = new URL(text);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
    return u.toString();
  } catch {
    throw new UsageError(`${flag}: "${text}" is not an http(s) URL; use e.g. http://127.0.0.1:8080/`);
  }
}

/** Parse one `METRIC=RATE` budget. */
export function parseBudget(text: string): Budget {
  const eq = text.indexOf('=');
  if (eq < 0)
    throw new UsageError(
      `--budget: "${text}" must look like METRIC=RATE, e.g. heap_live=256KiB/min; metrics: ${METRIC_NAMES.join(', ')}`,
    );
  const metric = text.slice(0, eq).trim();
  if (!(metric in METRICS)) {
    throw new UsageError(`--budget: unknown metric "${metric}"; use one of ${METRIC_NAMES.join(', ')}`);
  }
  return {
    metric: metric as MetricName,
    perMinute: parseRate(text.slice(eq + 1), `--budget ${metric}`),
    source: 'user',
  };
}

/** Parse `K=V` pairs into an environment object. */
export function parseEnv(pairs: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new UsageError(`--env: "${p}" must look like NAME=value`);
    env[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return env;
}

/** Turn raw flag values into a validated RunConfig. */
export function buildConfig(raw: RawOptions, argv: string[] = []): RunConfig {
  if (!raw.start?.trim())
    throw new UsageError(
      '--start is required: the shell command that starts your Go service, e.g. --start "./myservice -addr :6060"',
    );
  const pprofUrl = normalisePprofUrl(raw['pprof-url'] ?? DEFAULTS.pprofUrl);
  const readyUrl = raw['ready-url'] ? checkUrl(raw['ready-url'], '--ready-url') : `${pprofUrl}/`;
  const loadUrl = raw['load-url'] ? checkUrl(raw['load-url'], '--load-url') : null;
  const load = raw.load?.trim() ? raw.load : null;
  let rate: number | null = null;
  if (raw.rate !== undefined) {
    if (load) throw new UsageError('--rate drives the built-in load; drop it when you give your own --load command');
    if (!loadUrl) throw new UsageError('--rate needs --load-url: the URL the built-in load requests');
    rate = parseRequestRate(raw.rate);
  } else if (loadUrl && !load) {
    throw new UsageError(
      '--load-url without --load needs --rate, e.g. --rate 200/s, for the built-in constant-rate load',
    );
  }

  const durationS = parseDuration(raw.duration ?? DEFAULTS.duration, '--duration');
  const intervalS = parseDuration(raw.interval ?? DEFAULTS.interval, '--interval');
  const warmupS = parseDuration(raw.warmup ?? DEFAULTS.warmup, '--warmup');
  const readyTimeoutS = parseDuration(raw['ready-timeout'] ?? DEFAULTS.readyTimeout, '--ready-timeout');
  if (!(intervalS >= 0.1)) throw new UsageError(`--interval must be at least 100ms, got "${raw.interval}"`);
  if (!(durationS > 0)) throw new UsageError(`--duration must be above 0, got "${raw.duration}"`);
  // Default: 5 s, or 3 intervals when longer; a forced GC on a 1.4 GB heap took 77 ms (GUIDE.md).
  const requestTimeoutS =
    raw['request-timeout'] === undefined
      ? Math.max(5, 3 * intervalS)
      : parseDuration(raw['request-timeout'], '--request-timeout');
  if (!(requestTimeoutS >= 0.1))
    throw new UsageError(`--request-timeout must be at least 100ms, got "${raw['request-timeout']}"`);
  if (!(readyTimeoutS > 0)) throw new UsageError(`--ready-timeout must be above 0, got "${raw['ready-timeout']}"`);
  if (intervalS > durationS)
    throw new UsageError(
      `--interval (${raw.interval}) is longer than --duration (${raw.duration ?? DEFAULTS.duration}); sample more often or run longer`,
    );
  if (warmupS >= durationS)
    throw new UsageError(
      `--warmup (${raw.warmup}) must be shorter than --duration (${raw.duration ?? DEFAULTS.duration}), which leaves nothing to analyse`,
    );
  const confidence = raw.confidence === undefined ? DEFAULTS.confidence : Number(raw.confidence);
  if (!(confidence > 0.5 && confidence <= 0.9999))
    throw new UsageError(`--confidence must be above 0.5 and at most 0.9999, e.g. 0.99; got "${raw.confidence}"`);
  const pointsAfterWarmup = Math.floor((durationS - warmupS) / intervalS) + 1;
  const minPoints = minJudgedSamples(confidence);
  if (pointsAfterWarmup < minPoints) {
    throw new UsageError(
      `only ${pointsAfterWarmup} samples would remain after --warmup; need at least ${minPoints}${minPoints > MIN_JUDGED_SAMPLES ? ` at --confidence ${confidence}` : ''}: lengthen --duration or shorten --interval/--warmup`,
    );
  }

  const profileRate = Math.round(parseBytes(raw['profile-rate'] ?? DEFAULTS.profileRate, '--profile-rate'));
  if (!(profileRate >= 1)) throw new UsageError(`--profile-rate must be at least 1 byte, got "${raw['profile-rate']}"`);

  const budgets = (raw.budget ?? []).map(parseBudget);
  const seen = new Set<string>();
  for (const b of budgets) {
    if (seen.has(b.metric)) throw new UsageError(`--budget ${b.metric} is given twice; keep one`);
    seen.add(b.metric);
  }
  const baseline = raw.baseline?.trim() ? raw.baseline : null;
  const baseStart = raw['base-start']?.trim() ? raw['base-start'] : null;
  if (baseStart && baseline) {
    const fix = 'drop --baseline, or drop --base-start to compare with the file';
    throw new UsageError(`--base-start measures the base build in this run: ${fix}`);
  }
  if (budgets.length === 0 && !baseline && !baseStart) {
    for (const metric of METRIC_NAMES) budgets.push({ metric, perMinute: DEFAULT_BUDGETS[metric], source: 'default' });
  }

  const module = raw.module?.trim() ? raw.module.trim() : null;
  if (module !== null && !/^[A-Za-z0-9._~\-/+]+$/.test(module)) {
    throw new UsageError(`--module must be a Go module path like github.com/you/service, got "${raw.module}"`);
  }
  const attribute = raw.attribute === undefined ? 'off' : raw.attribute.trim();
  if (attribute !== 'off' && attribute !== 'auto') {
    throw new UsageError(`--attribute must be off or auto, got "${raw.attribute}"`);
  }

  const name = raw.name?.trim() ? raw.name.trim() : null;
  if (name !== null && (name.length > 100 || /[\r\n]/.test(name))) {
    throw new UsageError(`--name must be one line of at most 100 characters, got "${name.slice(0, 40)}…"`);
  }

  return {
    start: raw.start,
    baseStart,
    pprofUrl,
    readyUrl,
    load,
    loadUrl,
    rate,
    durationS,
    intervalS,
    warmupS,
    readyTimeoutS,
    requestTimeoutS,
    profileRate,
    env: parseEnv(raw.env ?? []),
    budgets,
    baseline,
    saveBaseline: raw['save-baseline']?.trim() ? raw['save-baseline'] : null,
    out: raw.out?.trim() ? raw.out : DEFAULTS.out,
    confidence,
    strict: raw.strict === true,
    argv,
    module,
    attribute,
    name,
  };
}
