/**
 * The recording on disk, written as the run goes and read back by `go-mem-gate judge`:
 * - run.json: what the run was asked (argv, with --env values hidden), the front end's notes, the working
 *   directory, and at the end what the recording found (period in force, skipped samples, error, timings);
 * - samples.ndjson: one sample per line, appended as each sample arrives (nothing held back until the end);
 * - samples.json: at the end, every sample and the bounded site timelines (top sites by growth + "other"),
 *   written piece by piece (never one string holding everything).
 */
import { closeSync, existsSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { SiteTimeline } from '../analyze/timeline.js';
import type { Baseline } from '../baseline.js';
import { UsageError } from '../errors.js';
import type { BaselineOrigin } from '../report/report.js';
import type { Recording, Sample } from './record.js';
import { runFileProblem } from './run-file-check.js';

export const RUN_FILE = 'run.json';
export const SAMPLES_NDJSON = 'samples.ndjson';
export const SAMPLES_JSON = 'samples.json';
export const RUN_SCHEMA_VERSION = 1;

/** What the recording found, besides the samples and the profiles (those are in their own files). */
export type RecordingFacts = Omit<
  Recording,
  'samples' | 'heapSites' | 'goroutineSites' | 'heapOwners' | 'goroutineOwners'
>;

export interface RunFile {
  schemaVersion: number;
  kind: 'go-mem-gate-run';
  tool: string;
  /** The run's argv (subcommand first), --env values hidden: `judge` rebuilds the configuration from it. */
  argv: string[];
  /** Directory the run was started from (relative paths in argv are relative to it). */
  cwd: string;
  /** The repository root the report shows paths against, as found when the run started (absent in older runs). */
  workdir?: string;
  /** Notes from the front end (e.g. the Action could not fetch a baseline). */
  notes: string[];
  /** Written when the recording ends; absent while it runs (or when the gate was killed). */
  recording?: RecordingFacts;
  /** The front end's word on the baseline's origin (the Action's artifact lookup). */
  baselineOrigin?: BaselineOrigin;
  /** A same-job A/B run (--base-start): the two base runs combined, or why the base could not be measured. */
  sameJob?: { baseline: Baseline | null; error: string | null };
  /** --attribute auto's second pass, recorded in its own directory (a run directory itself) for judge to replay. */
  secondPass?: SecondPassRecord;
}

/** Where a second pass for attribution was recorded, at which heap profile rate, or why it did not finish. */
export interface SecondPassRecord {
  /** Directory inside the run's directory. */
  dir: string;
  profileRate: number;
  error: string | null;
}

/** run.json keeps non-finite numbers (an unbounded interval in a same-job baseline) as {"$nonFinite": "Infinity"}. */
const keepNonFinite = (_: string, v: unknown) =>
  typeof v === 'number' && !Number.isFinite(v) ? { $nonFinite: String(v) } : v;
const restoreNonFinite = (_: string, v: unknown) => {
  const o = v as { $nonFinite?: unknown } | null;
  const marked = !!o && typeof o === 'object' && typeof o.$nonFinite === 'string' && Object.keys(o).length === 1;
  return marked ? Number(o.$nonFinite) : v;
};

/** Write a JSON file whole, through a temporary name, so a reader never sees half of it. */
function writeJsonAtomic(path: string, value: unknown): void {
  writeFileSync(`${path}.tmp`, `${JSON.stringify(value, keepNonFinite, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

export function writeRunFile(dir: string, run: RunFile): void {
  writeJsonAtomic(join(dir, RUN_FILE), run);
}

/** Whether a sample's heap and goroutine profiles were added to the site timelines (they decoded). */
export interface SitesAdded {
  heap: boolean;
  goroutine: boolean;
}

/**
 * A line of samples.ndjson. `sitesAdded` is absent in samples.json and in runs recorded before it existed;
 * `dropped` marks a sample the run did not keep (cut short by its end) whose profiles joined the timelines.
 */
export type SampleLine = Sample & { sitesAdded?: SitesAdded; dropped?: boolean };

/** Appends samples to samples.ndjson as they arrive. */
export class SampleLog {
  private fd: number | null;

  constructor(dir: string) {
    this.fd = openSync(join(dir, SAMPLES_NDJSON), 'w');
  }

  /**
   * One line: the sample, and which site timelines its profiles joined (judge replays exactly those). A sample
   * cut short by the end of the run is not kept, but what it added to the timelines is: `dropped: true`.
   */
  readonly add = (s: Sample, sitesAdded: SitesAdded, kept = true): void => {
    const line = kept ? { ...s, sitesAdded } : { ...s, sitesAdded, dropped: true };
    if (this.fd !== null) writeSync(this.fd, `${JSON.stringify(line)}\n`);
  };

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

/** samples.json (schemaVersion 1): the samples, then the bounded timelines, one piece per write. */
export function writeSamplesJson(
  dir: string,
  samples: readonly Sample[],
  heapSites: SiteTimeline,
  goroutineSites: SiteTimeline,
): void {
  const path = join(dir, SAMPLES_JSON);
  const fd = openSync(`${path}.tmp`, 'w');
  try {
    const put = (s: string) => writeSync(fd, s);
    put('{\n "schemaVersion": 1,\n "samples": [');
    samples.forEach((s, i) => {
      put(`${i ? ',' : ''}\n  ${JSON.stringify(s)}`);
    });
    put('\n ]');
    for (const [name, tl] of [
      ['heapSites', heapSites],
      ['goroutineSites', goroutineSites],
    ] as const) {
      const j = tl.toJSON();
      put(`,\n "${name}": {\n  "otherSites": ${j.otherSites},\n  "sites": [`);
      for (const [i, s] of j.sites.entries()) put(`${i ? ',' : ''}\n   ${JSON.stringify(s)}`);
      put('\n  ],\n  "points": [');
      for (const [i, p] of j.points.entries()) put(`${i ? ',' : ''}\n   ${JSON.stringify(p)}`);
      put('\n  ]\n }');
    }
    put('\n}\n');
  } finally {
    closeSync(fd);
  }
  renameSync(`${path}.tmp`, path);
}

function validSecondPass(x: unknown): x is SecondPassRecord {
  const p = x as SecondPassRecord | null;
  return (
    !!p &&
    typeof p === 'object' &&
    typeof p.dir === 'string' &&
    /^[A-Za-z0-9._-]+$/.test(p.dir) &&
    p.dir !== '..' &&
    typeof p.profileRate === 'number' &&
    p.profileRate >= 1 &&
    (p.error === null || typeof p.error === 'string')
  );
}

const bad = (dir: string, what: string) => new UsageError(`${dir}: ${what}`);

function readJson(dir: string, name: string): unknown {
  const path = join(dir, name);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw bad(dir, `cannot read ${name} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  try {
    return JSON.parse(text, restoreNonFinite);
  } catch (err) {
    throw bad(dir, `${name} is not valid JSON (${(err as Error).message.split('\n')[0]}): the file is damaged`);
  }
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const numOrNull = (v: unknown): v is number | null => v === null || isNum(v);

/** Check one parsed sample line; `where` names it in the message. */
function checkSample(v: unknown, where: string, dir: string): SampleLine {
  const s = v as SampleLine;
  const fields = ['heapLive', 'heapObjects', 'heapInuse', 'sys', 'numGC', 'goroutines', 'rss', 'cpuSeconds'] as const;
  const strOrNull = (x: unknown) => x === null || x === undefined || typeof x === 'string';
  const ok =
    !!s &&
    typeof s === 'object' &&
    isNum(s.i) &&
    isNum(s.t) &&
    fields.every((f) => numOrNull(s[f] ?? null)) &&
    [s.heapProfile, s.goroutineProfile, s.skipped].every(strOrNull);
  const added = s?.sitesAdded;
  const addedOk =
    added === undefined || (!!added && typeof added.heap === 'boolean' && typeof added.goroutine === 'boolean');
  const droppedOk = s?.dropped === undefined || typeof s.dropped === 'boolean';
  if (!ok || !addedOk || !droppedOk) throw bad(dir, `${where} is not a go-mem-gate sample: the file is damaged`);
  for (const p of [s.heapProfile, s.goroutineProfile]) {
    if (typeof p === 'string' && (p.startsWith('/') || p.split('/').includes('..'))) {
      throw bad(dir, `${where} names a profile outside the run directory (${p})`);
    }
  }
  return s;
}

/** The samples of a run directory: samples.ndjson, or (runs recorded before it existed) samples.json. */
export function readSamples(dir: string): SampleLine[] {
  const nd = join(dir, SAMPLES_NDJSON);
  if (existsSync(nd)) {
    const lines = readFileSync(nd, 'utf8').split('\n');
    const out: SampleLine[] = [];
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch {
        // A gate killed mid-write leaves a partial last line: that sample was never judged either.
        if (i === lines.length - 1) return;
        throw bad(dir, `${SAMPLES_NDJSON} line ${i + 1} is not valid JSON: the file is damaged`);
      }
      out.push(checkSample(v, `${SAMPLES_NDJSON} line ${i + 1}`, dir));
    });
    return out;
  }
  if (!existsSync(join(dir, SAMPLES_JSON))) {
    throw bad(dir, `not a go-mem-gate run directory (no ${SAMPLES_NDJSON} or ${SAMPLES_JSON}); give a run's --out`);
  }
  const j = readJson(dir, SAMPLES_JSON) as { samples?: unknown };
  if (!j || !Array.isArray(j.samples)) throw bad(dir, `${SAMPLES_JSON} has no samples: the file is damaged`);
  return j.samples.map((s, i) => checkSample(s, `${SAMPLES_JSON} sample ${i}`, dir));
}

/** Split a command line made by engine.shellQuote (words, or '...' with '\'' inside) back into words. */
export function shellSplit(line: string): string[] {
  const words: string[] = [];
  const re = /\s*((?:'(?:[^']|'\\'')*'|[^\s']+)+)/gy;
  for (const m of line.matchAll(re)) {
    words.push(m[1].replace(/'((?:[^']|'\\'')*)'/g, (_, q: string) => q.replace(/'\\''/g, "'")));
  }
  return words;
}

/**
 * Read run.json. A run recorded before run.json existed is rebuilt from its report.json (its command line and
 * run facts), which is enough to judge it again.
 */
export function readRunFile(dir: string): RunFile & { recording: RecordingFacts } {
  if (!existsSync(dir)) throw bad(dir, 'no such directory; give the --out directory of a go-mem-gate run');
  if (existsSync(join(dir, RUN_FILE))) {
    const r = readJson(dir, RUN_FILE) as Partial<RunFile> | null;
    if (r?.kind !== 'go-mem-gate-run' || !Array.isArray(r.argv) || !r.argv.every((a) => typeof a === 'string')) {
      throw bad(dir, `${RUN_FILE} is not a go-mem-gate run file: the file is damaged`);
    }
    if (!isNum(r.schemaVersion) || r.schemaVersion > RUN_SCHEMA_VERSION) {
      const v = String(r.schemaVersion);
      throw bad(dir, `${RUN_FILE} has schemaVersion ${v}, unknown to this go-mem-gate; use the one that recorded it`);
    }
    const rec = r.recording;
    if (!rec || typeof rec !== 'object') {
      throw bad(dir, `${RUN_FILE} has no recording: the run did not finish (the gate was killed); nothing to judge`);
    }
    const problem = runFileProblem(r);
    if (problem) throw bad(dir, `${RUN_FILE} is malformed (${problem}): the file is damaged`);
    return {
      schemaVersion: r.schemaVersion,
      kind: 'go-mem-gate-run',
      tool: String(r.tool ?? ''),
      argv: r.argv,
      cwd: typeof r.cwd === 'string' ? r.cwd : dir,
      ...(typeof r.workdir === 'string' ? { workdir: r.workdir } : {}),
      notes: Array.isArray(r.notes) ? r.notes.map(String) : [],
      recording: rec,
      ...(r.baselineOrigin ? { baselineOrigin: r.baselineOrigin } : {}),
      ...(r.sameJob ? { sameJob: r.sameJob } : {}),
      ...(validSecondPass(r.secondPass) ? { secondPass: r.secondPass } : {}),
    };
  }
  if (!existsSync(join(dir, 'report.json'))) {
    throw bad(dir, `not a go-mem-gate run directory (no ${RUN_FILE} or report.json); give a run's --out directory`);
  }
  const rep = readJson(dir, 'report.json') as { run?: Record<string, unknown>; error?: unknown } | null;
  const run = rep?.run;
  if (!run || typeof run.command !== 'string' || typeof run.startedAt !== 'string') {
    throw bad(dir, 'report.json has no run command: the file is damaged');
  }
  const argv = shellSplit(run.command).slice(1); // drop "go-mem-gate"
  const rebuilt: RunFile & { recording: RecordingFacts } = {
    schemaVersion: RUN_SCHEMA_VERSION,
    kind: 'go-mem-gate-run',
    tool: '',
    argv,
    cwd: dir,
    notes: [],
    recording: {
      startedAt: run.startedAt,
      readyAfterS: numOrNull(run.readyAfterS) ? run.readyAfterS : null,
      periodInForce: numOrNull(run.profileRateInForce) ? run.profileRateInForce : null,
      load: run.load as Recording['load'],
      service: run.service as Recording['service'],
      skippedSamples: isNum(run.skippedSamples) ? run.skippedSamples : 0,
      error: typeof rep.error === 'string' ? rep.error : null,
      wallS: isNum(run.wallS) ? run.wallS : 0,
    },
  };
  const problem = runFileProblem(rebuilt);
  if (problem)
    throw bad(dir, `report.json is malformed (run.${problem.replace(/^recording\./, '')}): the file is damaged`);
  return rebuilt;
}
