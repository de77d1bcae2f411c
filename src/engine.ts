/**
 * The engine both front ends (CLI and Action) call: config -> run -> analyze -> compare -> report.
 * I/O happens here and in run/; analysis and comparison are pure.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type BaseHalf, baseError, baseHalfConfig, combineBaselines, type Evaluate, finishHalf } from './ab.js';
import { afterWarmup, analyzeSeries, analyzeSites, type SeriesAnalysis } from './analyze/analyze.js';
import { boundTimeline, type SiteTimeline } from './analyze/timeline.js';
import { cpuPerSecond, mergeSecondPass, secondPassConfig, secondPassRate, wantsSecondPass } from './attribute.js';
import { type Baseline, readBaseline } from './baseline.js';
import { judgeMetrics, judgeSites } from './compare.js';
import { DEFAULT_BUDGETS, METRIC_NAMES, METRICS, type MetricName, type RunConfig } from './config.js';
import { explain, type SourceLine } from './explain.js';
import { toJsonText } from './report/json.js';
import { renderMarkdown } from './report/markdown.js';
import {
  type BaselineOrigin,
  type BaselineSource,
  REPORT_SCHEMA_VERSION,
  type Report,
  reportGoroutineSite,
  reportMetric,
  reportSite,
  TOOL_VERSION,
  toBaseline,
} from './report/report.js';
import { type Recording, type RecordOptions, record, type Sample } from './run/record.js';
import {
  RUN_SCHEMA_VERSION,
  type RunFile,
  SampleLog,
  type SecondPassRecord,
  writeRunFile,
  writeSamplesJson,
} from './run/run-files.js';
import { sourceLineReader } from './run/source.js';
import { FileRowStore } from './run/spill.js';
import { formatBytes, formatDuration, formatRate } from './units.js';

export interface GateResult {
  report: Report;
  exitCode: 0 | 1 | 2;
  outDir: string;
}

export interface GateOptions {
  signal?: AbortSignal;
  log?: (line: string) => void;
  graceMs?: number;
  /** Notes from the front end (e.g. the Action could not fetch a baseline), shown in the report. */
  notes?: string[];
  /** What the front end knows of the baseline's origin (the Action's artifact lookup), for report.baseline. */
  baselineOrigin?: BaselineOrigin;
}

const SAMPLE_FIELD: Record<MetricName, keyof Sample> = {
  heap_live: 'heapLive',
  heap_objects: 'heapObjects',
  goroutines: 'goroutines',
  rss: 'rss',
};

/** Shell-quote one argument for the "how to reproduce" command line. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_\-./=:@%+,]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command line for "how to reproduce", with --env values hidden: they are often secrets, and the report
 * lands in PR comments, job summaries and artifacts.
 * @example redactArgv(['run', '--env', 'DB_PASSWORD=x']) // ['run', '--env', 'DB_PASSWORD=…']
 */
export function redactArgv(argv: readonly string[]): string[] {
  return argv.map((a, i) => {
    if (argv[i - 1] === '--env' && a.includes('=')) return `${a.slice(0, a.indexOf('='))}=…`;
    const m = /^--env=([^=]*)=/.exec(a);
    return m ? `--env=${m[1]}=…` : a;
  });
}

/** What the baseline and this run differ in, that makes some comparisons less exact. */
export function comparabilityNotes(baseline: Baseline, cfg: RunConfig, periodInForce: number | null): string[] {
  const notes: string[] = [...(baseline.notices ?? [])];
  const b = baseline.run;
  if (b.profileRate !== null && periodInForce !== null && b.profileRate !== periodInForce) {
    notes.push(
      `the baseline was recorded at a heap profile rate of ${formatBytes(b.profileRate)}, this run at ${formatBytes(periodInForce)}: metric slopes compare exactly, site slopes are estimates of different precision`,
    );
  }
  if (
    Number.isFinite(b.durationS) &&
    Math.abs(b.durationS - cfg.durationS) > Math.max(cfg.intervalS, 0.2 * cfg.durationS)
  ) {
    notes.push(
      `the baseline ran for ${formatDuration(b.durationS)}, this run for ${formatDuration(cfg.durationS)}: slopes per minute compare, but slow growth that only shows in the longer run is judged on less data`,
    );
  }
  if (Number.isFinite(b.intervalS) && b.intervalS !== cfg.intervalS) {
    notes.push(
      `the baseline sampled every ${formatDuration(b.intervalS)}, this run every ${formatDuration(cfg.intervalS)}`,
    );
  }
  return notes;
}

export function seriesOf(samples: readonly Sample[], metric: MetricName): { t: number[]; v: number[] } {
  const t: number[] = [];
  const v: number[] = [];
  const field = SAMPLE_FIELD[metric];
  for (const s of samples) {
    const x = s[field];
    if (typeof x === 'number' && Number.isFinite(x)) {
      t.push(s.t);
      v.push(x);
    }
  }
  return { t, v };
}

/** Analyse a recording and judge it: pure apart from nothing (kept separate from I/O for tests). */
export function evaluate(
  cfg: RunConfig,
  rec: Recording,
  baseline: Baseline | null,
  baselineSource: BaselineSource | null,
  extraNotes: string[] = [],
  sourceLine?: SourceLine,
): { report: Report; baseline: Baseline } {
  const fits: Partial<Record<MetricName, SeriesAnalysis>> = {};
  for (const name of METRIC_NAMES) {
    const s = afterWarmup(seriesOf(rec.samples, name), cfg.warmupS);
    // Counts (objects, goroutines) move in whole steps: that floors the minimum detectable growth.
    if (s.t.length >= 3)
      fits[name] = analyzeSeries(s, {
        confidence: cfg.confidence,
        quantum: METRICS[name].unit === 'bytes' ? undefined : 1,
      });
  }
  const metrics = judgeMetrics(fits, cfg.budgets, baseline, cfg.confidence);
  const metricFailed = (name: MetricName) => metrics.some((m) => m.name === name && m.judgement.verdict === 'fail');
  const baselineFns = new Set([...(baseline?.sites ?? []), ...(baseline?.goroutineSites ?? [])].map((s) => s.function));
  const heapSites = judgeSites(
    analyzeSites(
      rec.heapSites,
      cfg.warmupS,
      cfg.confidence,
      (fn) => baselineFns.has(fn),
      rec.periodInForce ?? cfg.profileRate,
    ),
    'heap_live',
    cfg.budgets,
    baseline?.sites ?? null,
    'bytes',
    metricFailed('heap_live'),
  );
  const goroutineSites = judgeSites(
    analyzeSites(rec.goroutineSites, cfg.warmupS, cfg.confidence, (fn) => baselineFns.has(fn)),
    'goroutines',
    cfg.budgets,
    baseline?.goroutineSites ?? null,
    'goroutines',
    metricFailed('goroutines'),
  );

  const failed =
    metrics.some((m) => m.judgement.verdict === 'fail') ||
    heapSites.some((s) => s.judgement.verdict === 'fail') ||
    goroutineSites.some((s) => s.judgement.verdict === 'fail');
  // report.verdict stays pass | fail | error (the public contract): inconclusive metrics pass with a warning,
  // or fail under --strict; the metrics themselves say 'inconclusive'.
  const inconclusive = metrics.some((m) => m.judgement.verdict === 'inconclusive');
  const verdict: Report['verdict'] = rec.error
    ? 'error'
    : failed || (inconclusive && cfg.strict === true)
      ? 'fail'
      : 'pass';
  const notes = [...extraNotes];
  const baselineNotes = baseline ? comparabilityNotes(baseline, cfg, rec.periodInForce) : [];
  notes.push(...baselineNotes);
  if (cfg.budgets.some((b) => b.source === 'default')) {
    notes.push(
      `no baseline or budget was given, so default budgets apply: ${cfg.budgets.map((b) => `${b.metric}=${formatRate(b.perMinute, METRICS[b.metric].unit).replace(/ /g, '')}`).join(', ')}`,
    );
  }
  if (rec.periodInForce !== null && rec.periodInForce !== cfg.profileRate) {
    notes.push(
      `heap profile rate in force is ${formatBytes(rec.periodInForce)}, not the ${formatBytes(cfg.profileRate)} asked for (GODEBUG=memprofilerate has no effect before Go 1.20, or the program sets runtime.MemProfileRate itself)`,
    );
  }
  if (rec.skippedSamples > 0)
    notes.push(`${rec.skippedSamples} of ${rec.samples.length} samples were skipped (see samples.json)`);
  const strides = rec.profileStride;
  if (strides && (strides.heap > 1 || strides.goroutine > 1)) {
    const which = [
      strides.heap > 1 ? `heap every ${strides.heap}` : '',
      strides.goroutine > 1 ? `goroutine every ${strides.goroutine}` : '',
    ].filter(Boolean);
    notes.push(
      `large profiles were fetched less often to spare the service (${which.join(', ')} samples at most); ` +
        'MemStats and the goroutine count were read every sample, site slopes rest on fewer points',
    );
  }
  const why = explain(cfg, rec, metrics, heapSites, goroutineSites, sourceLine);
  notes.push(...why.notes);
  const good = rec.samples.filter((s) => s.heapLive !== null);
  const report: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'go-mem-gate', version: TOOL_VERSION },
    verdict,
    error: rec.error,
    summary: '',
    run: {
      startedAt: rec.startedAt,
      command: ['go-mem-gate', ...redactArgv(cfg.argv)].map(shellQuote).join(' '),
      durationS: cfg.durationS,
      sampledS: good.length ? good[good.length - 1].t : 0,
      intervalS: cfg.intervalS,
      warmupS: cfg.warmupS,
      confidence: cfg.confidence,
      strict: cfg.strict === true,
      samples: rec.samples.length,
      skippedSamples: rec.skippedSamples,
      profileRateRequested: cfg.profileRate,
      profileRateInForce: rec.periodInForce,
      readyAfterS: rec.readyAfterS,
      wallS: rec.wallS,
      load: rec.load,
      service: rec.service,
      module: rec.module ? { path: rec.module.path, source: rec.module.source } : null,
      name: cfg.name ?? null,
    },
    baseline: {
      used: baseline !== null,
      source: baselineSource,
      path: baseline && baselineSource !== 'same-job' ? cfg.baseline : null,
      createdAt: baseline?.createdAt ?? null,
      notes: baselineNotes,
      series: baseline?.series ?? null,
    },
    notes,
    metrics: metrics.map((m) => ({ ...reportMetric(m), ...(why.onsets.get(m.name) ?? {}) })),
    sites: heapSites.map((x) => ({ ...reportSite(x), owner: x.site.owner ?? null })),
    goroutineSites: goroutineSites.map((x) => ({ ...reportGoroutineSite(x), owner: x.site.owner ?? null })),
    owners: why.owners,
    diagnoses: why.diagnoses,
    attribution: why.attribution,
    series: {
      t: rec.samples.map((s) => s.t),
      heapLive: rec.samples.map((s) => s.heapLive),
      goroutines: rec.samples.map((s) => s.goroutines),
      heapProfile: rec.samples.map((s) => s.heapProfile),
    },
  };
  report.summary = summaryLine(report);
  return { report, baseline: toBaseline(report, heapSites, goroutineSites, cfg, metrics) };
}

/** One line: the verdict and why. */
export function summaryLine(r: Report): string {
  if (r.verdict === 'error') return `could not measure: ${r.error}`;
  const failedMetrics = r.metrics.filter((m) => m.verdict === 'fail');
  const unsure = inconclusiveLine(r);
  if (r.verdict === 'fail' && failedMetrics.length === 0 && unsure && r.run.strict)
    return `${unsure} (failed: --strict)`;
  const failedSites =
    r.sites.filter((s) => s.verdict === 'fail').length + r.goroutineSites.filter((s) => s.verdict === 'fail').length;
  if (r.verdict === 'fail') {
    const parts: string[] = failedMetrics.map((m) => m.name);
    if (failedSites) parts.push(`${failedSites} allocation site${failedSites === 1 ? '' : 's'}`);
    return `memory regression: ${parts.join(', ')} ${failedMetrics.length + failedSites === 1 ? 'grows' : 'grow'} beyond ${r.baseline.used ? 'the baseline' : 'budget'}`;
  }
  if (unsure) return `no memory regression seen in ${formatDuration(r.run.sampledS)} of sampling, but ${unsure}`;
  return `no memory regression in ${formatDuration(r.run.sampledS)} of sampling`;
}

/**
 * The warning for inconclusive metrics, or null: which ones, and the run length that would settle them.
 * @example inconclusiveLine(report) // 'heap_live is inconclusive: run at least 2m'
 */
export function inconclusiveLine(r: Report): string | null {
  const m = r.metrics.filter((x) => x.verdict === 'inconclusive');
  if (m.length === 0) return null;
  const longest = Math.max(...m.map((x) => x.suggestedDurationS ?? 0));
  return `${m.map((x) => x.name).join(', ')} ${m.length === 1 ? 'is' : 'are'} inconclusive${longest > 0 ? `: run at least ${formatDuration(longest)}` : ''}`;
}

export function exitCodeOf(verdict: Report['verdict']): 0 | 1 | 2 {
  return verdict === 'pass' ? 0 : verdict === 'fail' ? 1 : 2;
}

/** The repository the gate runs in: the nearest directory up from `dir` holding .git, else `dir` itself. */
export function repoRoot(dir: string): string {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return resolve(dir);
  }
}

/**
 * The baseline a run is judged against, read before anything starts (a corrupt or newer file is a UsageError),
 * and what to say when it is not there yet. Shared by `run` and `judge`. `readPath` is where to read
 * cfg.baseline from (judge resolves it against the recorded run's directory).
 */
export function resolveBaseline(
  cfg: RunConfig,
  notes: string[],
  readPath = cfg.baseline,
): { cfg: RunConfig; baseline: Baseline | null } {
  if (!cfg.baseline || !readPath) return { cfg, baseline: null };
  if (existsSync(readPath)) return { cfg, baseline: readBaseline(readPath) };
  notes.push(
    `no baseline at ${cfg.baseline} yet: judged on budgets alone; record one with --save-baseline on the base branch`,
  );
  if (cfg.budgets.length === 0) {
    const budgets = METRIC_NAMES.map((metric) => ({
      metric,
      perMinute: DEFAULT_BUDGETS[metric],
      source: 'default' as const,
    }));
    cfg = { ...cfg, budgets };
  }
  return { cfg, baseline: null };
}

export interface Judged {
  report: Report;
  /** The baseline this run would save. */
  baseline: Baseline;
  /** The bounded site timelines the verdicts were computed from (for samples.json). */
  heapSites: SiteTimeline;
  goroutineSites: SiteTimeline;
}

/**
 * The one analysis path of `run` and `judge`: bound the site timelines (top sites by growth, the baseline's
 * sites, "other"), then evaluate().
 */
export function judgeRecording(
  cfg: RunConfig,
  rec: Recording,
  baseline: Baseline | null,
  notes: string[],
  extras: RunExtras = {},
): Judged {
  const named = new Set([...(baseline?.sites ?? []), ...(baseline?.goroutineSites ?? [])].map((s) => s.function));
  const keep = (fn: string) => named.has(fn);
  const heapSites = boundTimeline(rec.heapSites, cfg.warmupS, keep);
  const goroutineSites = boundTimeline(rec.goroutineSites, cfg.warmupS, keep);
  const bounded = { ...rec, heapSites, goroutineSites };
  const source: BaselineSource | null = !baseline ? null : cfg.baseStart ? 'same-job' : 'file';
  const { report, baseline: saved } = evaluate(cfg, bounded, baseline, source, notes, sourceLineReader());
  if (baseline && extras.baselineOrigin) Object.assign(report.baseline, extras.baselineOrigin);
  // Paths in report.md are shown relative to the repository the run was started in (recorded in run.json).
  report.run.workdir = extras.workdir ?? repoRoot(extras.cwd ?? process.cwd());
  if (extras.sameJob) {
    report.baseline.source = 'same-job';
    report.baseline.series = baseline?.series ?? null;
    const err = extras.sameJob.error;
    if (err && report.verdict !== 'error') {
      report.verdict = 'error';
      report.error = err;
      report.summary = `could not measure: ${err}`;
    }
  }
  return { report, baseline: saved, heapSites, goroutineSites };
}

/**
 * What a run was judged with besides its flags and its recording: the front end's word on the baseline's
 * origin, and a same-job A/B run's combined base baseline (or why the base could not be measured). Kept in
 * run.json, so that `judge` applies them as the run did.
 */
export interface RunExtras {
  baselineOrigin?: GateOptions['baselineOrigin'];
  /** Directory the run was started in (run.json's cwd), for the repository root paths are shown against. */
  cwd?: string;
  /** The repository root paths are shown against, as the live run found it (run.json's workdir). */
  workdir?: string;
  sameJob?: { baseline: Baseline | null; error: string | null };
}

/** The note a same-job A/B run carries when its two base runs were combined. */
export function sameJobNote(cfg: RunConfig): string {
  const half = `${cfg.durationS}s`;
  return (
    `same-job A/B: the base build ran ${half} before and ${half} after this run, on the same ports with the same ` +
    'settings; its two runs are combined by inverse-variance weighting (evidence in base-1/ and base-2/)'
  );
}

/** What `run` and `judge` return: the report, the exit status it calls for, where it was written. */
export function gateResult(cfg: RunConfig, report: Report): GateResult {
  return { report, exitCode: exitCodeOf(report.verdict), outDir: cfg.out };
}

/** report.json, report.md, and the baseline when asked (its directory made if missing). */
export function writeReport(cfg: RunConfig, judged: Judged): void {
  mkdirSync(cfg.out, { recursive: true });
  writeFileSync(join(cfg.out, 'report.json'), toJsonText(judged.report));
  writeFileSync(join(cfg.out, 'report.md'), renderMarkdown(judged.report));
  if (cfg.saveBaseline && judged.report.verdict !== 'error') {
    mkdirSync(dirname(resolve(cfg.saveBaseline)), { recursive: true });
    writeFileSync(cfg.saveBaseline, toJsonText(judged.baseline));
  }
}

/**
 * Record into cfg.out as `judge` can replay it: samples.ndjson as samples arrive (with which site timelines
 * each sample's profiles joined), the per-sample site values spilled to files there. `done()` closes the log
 * and removes the spill files.
 */
async function recordLogged(cfg: RunConfig, opts: RecordOptions): Promise<{ rec: Recording; done: () => void }> {
  const sampleLog = new SampleLog(cfg.out);
  const stores = new Map<'heap' | 'goroutine', FileRowStore>();
  const done = () => {
    sampleLog.close();
    for (const s of stores.values()) s.remove();
  };
  const siteStore = (kind: 'heap' | 'goroutine') => {
    const store = new FileRowStore(join(cfg.out, `.sites-${kind}.bin`));
    stores.set(kind, store);
    return store;
  };
  // Which timelines each sample's profiles joined (a row added since the last sample), for judge to replay.
  const seen = { heap: 0, goroutine: 0 };
  const joined = (kind: 'heap' | 'goroutine') => {
    const count = stores.get(kind)?.count ?? 0;
    const added = count > seen[kind];
    seen[kind] = count;
    return added;
  };
  const onSample = (s: Sample, kept: boolean) => {
    sampleLog.add(s, { heap: joined('heap'), goroutine: joined('goroutine') }, kept);
  };
  try {
    const rec = await record(cfg, { ...opts, onSample, siteStore });
    sampleLog.close();
    return { rec, done };
  } catch (err) {
    done();
    throw err;
  }
}

/** The recording's facts for run.json (samples, timelines and owners are rebuilt by judge from the files). */
function factsOf(rec: Recording): NonNullable<RunFile['recording']> {
  const { samples, heapSites, goroutineSites, heapOwners, goroutineOwners, ...facts } = rec;
  return facts;
}

/**
 * Judge a second pass's recording and fold its blame into the first pass's report: the one path of `run` and
 * `judge`. Returns the second pass's own report (written to its directory).
 */
export function applySecondPass(first: Report, firstRec: Recording, cfg2: RunConfig, rec2: Recording): Report {
  // Its site timelines spill to disk as the first pass's do: bounded (top sites by growth) before analysis.
  const heapSites = boundTimeline(rec2.heapSites, cfg2.warmupS, () => false);
  const goroutineSites = boundTimeline(rec2.goroutineSites, cfg2.warmupS, () => false);
  const bounded = { ...rec2, heapSites, goroutineSites };
  const { report: r2 } = evaluate(cfg2, bounded, null, null, [], sourceLineReader());
  mergeSecondPass(first, r2, cpuPerSecond(firstRec), cpuPerSecond(rec2));
  return r2;
}

/** The note when the second pass did not finish; the verdict is the first pass's. */
export function secondPassFailedNote(error: string): string {
  return `--attribute auto: the second pass did not finish (${error}); the verdict is the first pass's`;
}

/**
 * Run the whole gate. Writes run.json (at the start, and the recording's facts at the end), samples.ndjson
 * (as samples arrive), then samples.json, report.json, report.md (and a baseline when asked). The per-sample
 * site values go to files in the output directory while the run lasts and are removed once bounded. A second
 * pass for attribution (--attribute auto) is recorded the same way in out/attribution/, for judge to replay.
 */
export async function runGate(cfg: RunConfig, opts: GateOptions = {}): Promise<GateResult> {
  const extraNotes: string[] = [...(opts.notes ?? [])];
  let baseline: Baseline | null;
  ({ cfg, baseline } = resolveBaseline(cfg, extraNotes));
  mkdirSync(cfg.out, { recursive: true });
  const runFile: RunFile = {
    schemaVersion: RUN_SCHEMA_VERSION,
    kind: 'go-mem-gate-run',
    tool: `go-mem-gate ${TOOL_VERSION}`,
    argv: redactArgv(cfg.argv),
    cwd: process.cwd(),
    workdir: repoRoot(process.cwd()),
    notes: [...(opts.notes ?? [])],
  };
  writeRunFile(cfg.out, runFile);
  // Same-job A/B: base, head, base (see ab.ts).
  const halves: BaseHalf[] = [];
  const evalHalf: Evaluate = (c, r) => evaluate(c, r, null, null);
  const baseHalf = async (k: 1 | 2) => {
    opts.log?.(`same-job A/B: base build, ${k === 1 ? 'before' : 'after'} the head (${cfg.durationS}s)`);
    const half = baseHalfConfig(cfg, k);
    mkdirSync(half.out, { recursive: true });
    halves.push(finishHalf(cfg, k, await record(half, opts), evalHalf));
  };
  if (cfg.baseStart) await baseHalf(1);
  if (cfg.baseStart) opts.log?.(`same-job A/B: head build (${cfg.durationS}s)`);
  const { rec, done } = await recordLogged(cfg, opts);
  try {
    if (cfg.baseStart && !opts.signal?.aborted) await baseHalf(2);
    const extras: RunExtras = { baselineOrigin: opts.baselineOrigin, cwd: runFile.cwd, workdir: runFile.workdir };
    if (cfg.baseStart) {
      if (halves.length === 2 && !baseError(halves)) {
        baseline = combineBaselines(halves[0].baseline, halves[1].baseline);
        extraNotes.push(sameJobNote(cfg));
      }
      const missing = halves.length < 2 ? "the base build's run after the head did not run (interrupted)" : null;
      extras.sameJob = { baseline, error: baseError(halves) ?? missing };
    }
    const { workdir, cwd, ...kept } = extras;
    const finished: RunFile = { ...runFile, recording: factsOf(rec), ...kept };
    writeRunFile(cfg.out, finished);
    const judged = judgeRecording(cfg, rec, baseline, extraNotes, extras);
    writeSamplesJson(cfg.out, rec.samples, judged.heapSites, judged.goroutineSites);
    // --attribute auto: a second pass at a finer profile rate only adds blame; the verdict stays this run's.
    // The first pass's report is written first: whatever happens in the second pass, the verdict is kept.
    writeReport(cfg, judged);
    if (wantsSecondPass(cfg, judged.report) && !opts.signal?.aborted) {
      const cfg2 = secondPassConfig(cfg, secondPassRate(judged.report));
      const secondPass: SecondPassRecord = { dir: 'attribution', profileRate: cfg2.profileRate, error: null };
      try {
        opts.log?.(
          `second pass for attribution: heap profile rate ${formatBytes(cfg2.profileRate)}, ${cfg.durationS}s`,
        );
        mkdirSync(cfg2.out, { recursive: true });
        const second = await recordLogged(cfg2, opts);
        try {
          writeRunFile(cfg2.out, { ...runFile, notes: [], recording: factsOf(second.rec) });
          const r2 = applySecondPass(judged.report, rec, cfg2, second.rec);
          writeFileSync(join(cfg2.out, 'report.json'), toJsonText(r2));
        } finally {
          second.done();
        }
      } catch (err) {
        secondPass.error = (err as Error).message;
        judged.report.notes.push(secondPassFailedNote(secondPass.error));
      }
      writeRunFile(cfg.out, { ...finished, secondPass });
      writeReport(cfg, judged);
    }
    return gateResult(cfg, judged.report);
  } finally {
    done();
  }
}
