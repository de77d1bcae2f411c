/**
 * `go-mem-gate judge DIR`: judge a recorded run again, from its run.json, samples and saved profiles, without
 * re-running the service. The configuration is the run's own (rebuilt from its argv), with the options given
 * here replacing the run's: so with no options, or the same ones, it reproduces the run's verdicts exactly,
 * through the same path (engine.judgeRecording -> evaluate) the live run took.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Baseline } from './baseline.js';
import { buildConfig, parseRunArgs, OPTIONS as RUN_OPTIONS } from './config.js';
import {
  type GateResult,
  gateResult,
  judgeRecording,
  type RunExtras,
  resolveBaseline,
  sameJobNote,
  writeReport,
} from './engine.js';
import { GateError, UsageError } from './errors.js';
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
  const { tokens } = parseArgs({
    args: argv.slice(1),
    options: RUN_OPTIONS,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
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

/**
 * Where to read the baseline the run itself named: inside the run's output directory (where the Action puts
 * the base branch's baseline) it is found in DIR wherever DIR now is; elsewhere, relative to the directory the
 * run was started in.
 */
function recordedBaselinePath(run: RunFile, recordedOut: string, dir: string): string | null {
  const raw = parseRunArgs(run.argv.slice(1)).baseline?.trim();
  if (!raw) return null;
  const path = resolve(run.cwd, raw);
  const inOut = relative(resolve(run.cwd, recordedOut), path);
  return inOut && !inOut.startsWith('..') && !isAbsolute(inOut) ? join(dir, inOut) : path;
}

/**
 * Judge the run in args.dir again; writes report.json and report.md (and a baseline when asked). Profiles are
 * decoded on the worker a live run uses (its caps, and `signal` stops a decode in flight).
 */
export async function judgeDir(
  args: JudgeArgs,
  opts: { signal?: AbortSignal; decoder?: ProfileDecoder } = {},
): Promise<GateResult> {
  const dir = args.dir;
  const run = readRunFile(dir);
  const samples = readSamples(dir);
  const argv = applyOverrides(run.argv, args.overrides);
  let cfg = buildConfig(parseRunArgs(argv.slice(1)), argv);
  const recordedOut = cfg.out;
  cfg = { ...cfg, out: args.out ?? dir };
  const notes = [...run.notes];
  let baseline: Baseline | null;
  const ownBaseline = !args.overrides.has('baseline');
  const baselinePath = ownBaseline ? recordedBaselinePath(run, recordedOut, dir) : cfg.baseline;
  ({ cfg, baseline } = resolveBaseline(cfg, notes, baselinePath));
  // What the run was judged with besides its flags: the baseline's origin, a same-job run's combined base.
  const extras: RunExtras = {
    cwd: run.cwd,
    ...(ownBaseline ? { baselineOrigin: run.baselineOrigin, sameJob: run.sameJob } : {}),
  };
  if (!ownBaseline) cfg = { ...cfg, baseStart: null };
  if (extras.sameJob) {
    baseline = extras.sameJob.baseline;
    if (baseline) notes.push(sameJobNote(cfg));
  }
  const spill = mkdtempSync(join(tmpdir(), 'go-mem-gate-judge-'));
  const stores: FileRowStore[] = [];
  const decoder = opts.decoder ?? profileDecoder();
  try {
    const store = (kind: 'heap' | 'goroutine') => {
      const s = new FileRowStore(join(spill, `sites-${kind}.bin`));
      stores.push(s);
      return s;
    };
    let rec: Recording;
    try {
      rec = await replayRecording(dir, samples, run.recording, decoder, store, opts.signal);
    } catch (err) {
      if (opts.signal?.aborted) throw new GateError(String(opts.signal.reason));
      throw err;
    }
    const judged = judgeRecording(cfg, rec, baseline, notes, extras);
    writeReport(cfg, judged);
    return gateResult(cfg, judged.report);
  } finally {
    await decoder.close();
    for (const s of stores) s.remove();
    rmSync(spill, { recursive: true, force: true });
  }
}
