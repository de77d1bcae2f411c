/**
 * `go-mem-gate judge DIR`: judge a recorded run again, from its run.json, samples and saved profiles, without
 * re-running the service. The configuration is the run's own (rebuilt from its argv), with the options given
 * here replacing the run's: so with no options, or the same ones, it reproduces the run's verdicts exactly,
 * through the same path (engine.judgeRecording -> evaluate) the live run took.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { secondPassConfig, wantsSecondPass } from './attribute.js';
import type { Baseline } from './baseline.js';
import { buildConfig, parseRunArgs, OPTIONS as RUN_OPTIONS, type RunConfig } from './config.js';
import {
  applySecondPass,
  type GateResult,
  gateResult,
  judgeRecording,
  type RunExtras,
  repoRoot,
  resolveBaseline,
  sameJobNote,
  secondPassFailedNote,
  writeReport,
} from './engine.js';
import { GateError, UsageError } from './errors.js';
import { toJsonText } from './report/json.js';
import type { Report } from './report/report.js';
import { type ProfileDecoder, profileDecoder } from './run/profile-decoder.js';
import type { Recording } from './run/record.js';
import { replayRecording } from './run/replay.js';
import { type RunFile, readRunFile, readSamples } from './run/run-files.js';
import { FileRowStore } from './run/spill.js';

/** The run flags `judge` may change; everything else is the recorded run's. */
const OVERRIDABLE = ['budget', 'baseline', 'save-baseline', 'warmup', 'confidence', 'strict'] as const;

const JUDGE_OPTIONS = {
  budget: { type: 'string', multiple: true },
  baseline: { type: 'string' },
  'save-baseline': { type: 'string' },
  warmup: { type: 'string' },
  confidence: { type: 'string' },
  strict: { type: 'boolean' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const JUDGE_USAGE = `usage: go-mem-gate judge DIR [--budget METRIC=RATE]... [--baseline FILE]
                          [--save-baseline FILE] [--warmup DURATION] [--confidence LEVEL] [--strict] [--out DIR]
judges the run recorded in DIR (a run's --out directory) again from its samples and profiles; options not
given are the run's own; writes report.json and report.md into DIR, or into --out`;

export interface JudgeArgs {
  dir: string;
  out: string | null;
  /** Flag name -> values given (a boolean flag: [] when given). */
  overrides: Map<string, string[]>;
  help: boolean;
}

/** Parse `judge` arguments (without the subcommand). Throws UsageError. */
export function parseJudgeArgs(argv: string[]): JudgeArgs {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: typeof JUDGE_OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: JUDGE_OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    const msg = (err as Error).message.split('\n')[0].replace(/\.$/, '');
    throw new UsageError(`${msg}; run "go-mem-gate judge --help" for the flags`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { dir: '', out: null, overrides: new Map(), help: true };
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? 'judge needs the run directory: go-mem-gate judge DIR (the --out of a run)'
        : `judge takes one run directory, got ${positionals.length}: ${positionals.join(' ')}`,
    );
  }
  const overrides = new Map<string, string[]>();
  for (const name of OVERRIDABLE) {
    const v = values[name];
    if (v === undefined || v === false) continue;
    if (!(name in RUN_OPTIONS)) {
      throw new UsageError(`--${name} is not supported by this version of go-mem-gate run, so judge cannot apply it`);
    }
    overrides.set(name, v === true ? [] : Array.isArray(v) ? v : [v]);
  }
  return { dir: positionals[0], out: values.out?.trim() ? values.out : null, overrides, help: false };
}

/**
 * The run's argv (subcommand first) with some flags replaced: each replaced flag's new values go where its
 * first occurrence was (or at the end), so the same options give the same argv, hence the same command line.
 * @example
 * applyOverrides(['run', '--budget', 'rss=0/min', '--duration', '30s'], new Map([['budget', ['heap_live=0/min']]]))
 * // ['run', '--budget', 'heap_live=0/min', '--duration', '30s']
 */
export function applyOverrides(argv: readonly string[], overrides: ReadonlyMap<string, readonly string[]>): string[] {
  const tokens = runTokens(argv);
  const drop = new Set<number>();
  const at = new Map<string, number>();
  for (const tok of tokens) {
    if (tok.kind !== 'option' || !overrides.has(tok.name)) continue;
    if (!at.has(tok.name)) at.set(tok.name, tok.index);
    drop.add(tok.index);
    if (tok.value !== undefined && !tok.inlineValue) drop.add(tok.index + 1);
  }
  const words = (name: string) => {
    const vs = overrides.get(name)!;
    return vs.length === 0 ? [`--${name}`] : vs.flatMap((v) => [`--${name}`, v]);
  };
  const out: string[] = [argv[0]];
  argv.slice(1).forEach((a, i) => {
    for (const [name, idx] of at) if (idx === i) out.push(...words(name));
    if (!drop.has(i)) out.push(a);
  });
  for (const name of overrides.keys()) if (!at.has(name)) out.push(...words(name));
  return out;
}

/** The tokens of a recorded `run` argv (its flags as `run` reads them; unknown ones kept as they are). */
function runTokens(argv: readonly string[]) {
  return parseArgs({ args: argv.slice(1), options: RUN_OPTIONS, allowPositionals: true, strict: false, tokens: true })
    .tokens;
}

/**
 * The argv without a flag (and its value).
 * @example withoutFlag(['run', '--base-start', 'x', '--start', 'y'], 'base-start') // ['run', '--start', 'y']
 */
export function withoutFlag(argv: readonly string[], name: string): string[] {
  const tokens = runTokens(argv);
  const drop = new Set<number>();
  for (const tok of tokens) {
    if (tok.kind !== 'option' || tok.name !== name) continue;
    drop.add(tok.index);
    if (tok.value !== undefined && !tok.inlineValue) drop.add(tok.index + 1);
  }
  return [argv[0], ...argv.slice(1).filter((_, i) => !drop.has(i))];
}

/**
 * The directory relative paths of the run are read against: the one it was started in when it is still there
 * (same machine), else the current directory (a run directory downloaded elsewhere).
 */
export function runCwd(run: RunFile): string {
  try {
    if (statSync(run.cwd).isDirectory()) return run.cwd;
  } catch {
    /* gone: another machine, or a removed checkout */
  }
  return process.cwd();
}

/**
 * Where to read the baseline the run itself named: inside the run's output directory (where the Action puts
 * the base branch's baseline) it is found in DIR wherever DIR now is; elsewhere, relative to the directory the
 * run was started in (or the current one when that is gone).
 */
function recordedBaselinePath(run: RunFile, cwd: string, recordedOut: string, dir: string): string | null {
  const raw = parseRunArgs(run.argv.slice(1)).baseline?.trim();
  if (!raw) return null;
  const inOut = relative(resolve(run.cwd, recordedOut), resolve(run.cwd, raw));
  if (inOut && !inOut.startsWith('..') && !isAbsolute(inOut)) return join(dir, inOut);
  return resolve(cwd, raw);
}

/**
 * Replay --attribute auto's second pass from its recording (run.json's secondPass, in DIR/attribution/) and
 * fold its blame into the report, as the live run did. Judge never starts the service: without a recorded
 * second pass the report says so.
 */
async function replaySecondPass(
  dir: string,
  run: RunFile,
  cfg: RunConfig,
  rec: Recording,
  report: Report,
  replay: (from: string) => Promise<Recording>,
): Promise<void> {
  const sp = run.secondPass;
  if (!sp) {
    report.notes.push(
      '--attribute auto: judge does not start the service, and this run recorded no second pass; rerun it ' +
        `with --profile-rate ${report.attribution!.suggestedProfileRate} to name the owner`,
    );
    return;
  }
  if (sp.error !== null) {
    report.notes.push(secondPassFailedNote(sp.error));
    return;
  }
  const cfg2 = secondPassConfig(cfg, sp.profileRate);
  const rec2 = await replay(join(dir, sp.dir));
  const r2 = applySecondPass(report, rec, cfg2, rec2);
  mkdirSync(cfg2.out, { recursive: true });
  writeFileSync(join(cfg2.out, 'report.json'), toJsonText(r2));
}

/**
 * Judge the run in args.dir again; writes report.json and report.md (and a baseline when asked).
 * A same-job A/B recording (run --base-start) given --baseline FILE: its head run (the recording in DIR) is
 * judged against FILE, as `run --baseline FILE` would have judged it; the base runs in base-1/ and base-2/ are
 * not used, and report.baseline.source is "file".
 */
export async function judgeDir(
  args: JudgeArgs,
  opts: { signal?: AbortSignal; decoder?: ProfileDecoder } = {},
): Promise<GateResult> {
  const dir = args.dir;
  const run = readRunFile(dir);
  const ownBaseline = !args.overrides.has('baseline');
  let argv = applyOverrides(run.argv, args.overrides);
  if (!ownBaseline) argv = withoutFlag(argv, 'base-start');
  let cfg = buildConfig(parseRunArgs(argv.slice(1)), argv);
  const recordedOut = cfg.out;
  cfg = { ...cfg, out: args.out ?? dir };
  const notes = [...run.notes];
  if (!ownBaseline && run.sameJob) {
    notes.push(
      `judged against ${cfg.baseline}: the head run of this same-job A/B recording; its base runs ` +
        '(base-1/, base-2/) are not used',
    );
  }
  const cwd = runCwd(run);
  let baseline: Baseline | null;
  const baselinePath = ownBaseline ? recordedBaselinePath(run, cwd, recordedOut, dir) : cfg.baseline;
  ({ cfg, baseline } = resolveBaseline(cfg, notes, baselinePath));
  // What the run was judged with besides its flags: the baseline's origin, a same-job run's combined base.
  const extras: RunExtras = {
    cwd,
    workdir: run.workdir ?? repoRoot(cwd),
    ...(ownBaseline ? { baselineOrigin: run.baselineOrigin, sameJob: run.sameJob } : {}),
  };
  if (extras.sameJob) {
    baseline = extras.sameJob.baseline;
    if (baseline) notes.push(sameJobNote(cfg));
  }
  // Profiles are decoded on the worker a live run uses (its caps, and `signal` stops a decode in flight); site
  // stores spill to a temporary directory, as the live run spills, removed afterwards.
  const spill = mkdtempSync(join(tmpdir(), 'go-mem-gate-judge-'));
  const stores: FileRowStore[] = [];
  const decoder = opts.decoder ?? profileDecoder();
  const store = (kind: 'heap' | 'goroutine') => {
    const s = new FileRowStore(join(spill, `sites-${kind}-${stores.length}.bin`));
    stores.push(s);
    return s;
  };
  const replay = async (from: string, facts = readRunFile(from).recording): Promise<Recording> => {
    try {
      return await replayRecording(from, readSamples(from), facts!, decoder, store, opts.signal);
    } catch (err) {
      if (opts.signal?.aborted) throw new GateError(String(opts.signal.reason));
      throw err;
    }
  };
  try {
    const rec = await replay(dir, run.recording);
    const judged = judgeRecording(cfg, rec, baseline, notes, extras);
    if (wantsSecondPass(cfg, judged.report)) await replaySecondPass(dir, run, cfg, rec, judged.report, replay);
    writeReport(cfg, judged);
    return gateResult(cfg, judged.report);
  } finally {
    await decoder.close();
    for (const s of stores) s.remove();
    rmSync(spill, { recursive: true, force: true });
  }
}
