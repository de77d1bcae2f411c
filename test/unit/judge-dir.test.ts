/**
 * `go-mem-gate judge DIR` on run directories written here (run.json and samples.ndjson, no profiles): a same-job
 * recording judged against a file, baseline.source as the enum of GUIDE section 5 (the path beside it), a run
 * directory whose recorded working directory is gone (another machine), and --name as summarize's row label.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readInputs } from '../../src/action/inputs.js';
import { SiteTimeline } from '../../src/analyze/timeline.js';
import { buildConfig, parseRunArgs } from '../../src/config.js';
import { evaluate, repoRoot } from '../../src/engine.js';
import { judgeDir } from '../../src/judge.js';
import { toJsonText } from '../../src/report/json.js';
import type { Report } from '../../src/report/report.js';
import type { Recording, Sample } from '../../src/run/record.js';
import { summarize } from '../../src/summarize.js';
import { gaussian, mulberry32 } from '../helpers/series.js';

const tmp = mkdtempSync(join(tmpdir(), 'gmg-judge-dir-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** 61 samples, 1 s apart: a live heap of 50 MB plus `perS` bytes a second, with white noise of 20 KB. */
function samples(perS: number, seed: number): Sample[] {
  const g = gaussian(mulberry32(seed));
  return Array.from({ length: 61 }, (_, i) => ({
    i,
    t: i,
    heapLive: Math.round(5e7 + perS * i + 2e4 * g()),
    heapObjects: null,
    heapInuse: null,
    sys: null,
    numGC: i,
    goroutines: 10,
    rss: null,
    cpuSeconds: null,
    heapProfile: null,
    goroutineProfile: null,
    skipped: null,
  }));
}

const facts = {
  startedAt: '2026-01-01T00:00:00.000Z',
  readyAfterS: 0.1,
  periodInForce: 65536,
  load: { kind: 'none' as const, stats: null, exit: null, endedRunEarly: false },
  service: { exit: null },
  skippedSamples: 0,
  error: null,
  wallS: 61,
};

function recording(perS: number, seed: number): Recording {
  return { ...facts, samples: samples(perS, seed), heapSites: new SiteTimeline(), goroutineSites: new SiteTimeline() };
}

/** A baseline file measured on a steady service (what --save-baseline writes). */
function steadyBaseline(path: string): string {
  const cfg = buildConfig(parseRunArgs(['--start', 'x', '--duration', '60s']));
  writeFileSync(path, toJsonText(evaluate(cfg, recording(0, 7), null, null).baseline));
  return path;
}

/** A run directory as `run` leaves it: run.json (argv, cwd, the recording's facts, extras) and samples.ndjson. */
function runDir(name: string, argv: string[], extra: Record<string, unknown> = {}, perS = 0): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  const run = { schemaVersion: 1, kind: 'go-mem-gate-run', tool: 'go-mem-gate test', argv, notes: [], ...extra };
  writeFileSync(join(dir, 'run.json'), JSON.stringify({ cwd: tmp, ...run, recording: facts }));
  const lines = samples(perS, 11).map((s) => JSON.stringify({ ...s, sitesAdded: { heap: false, goroutine: false } }));
  writeFileSync(join(dir, 'samples.ndjson'), `${lines.join('\n')}\n`);
  return dir;
}

const judge = (dir: string, overrides: Array<[string, string[]]> = []) =>
  judgeDir({ dir, out: null, overrides: new Map(overrides), help: false });
const read = (dir: string) => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
const RUN = ['run', '--start', './head', '--duration', '60s'];

describe('judge DIR --baseline FILE on a same-job A/B recording (run --base-start)', () => {
  it('judges the head run against the file: --base-start is dropped, source "file", the base runs unused', async () => {
    const base = steadyBaseline(join(tmp, 'steady.json'));
    // The head grows 4 KiB/s, and so did the base build measured in the same job: a pass against it.
    const cfg = buildConfig(parseRunArgs(['--start', 'x', '--duration', '60s']));
    const sameJob = { baseline: evaluate(cfg, recording(4096, 9), null, null).baseline, error: null };
    const dir = runDir('samejob', [...RUN, '--base-start', './base'], { sameJob }, 4096);
    const own = await judge(dir);
    expect(own.report.baseline).toMatchObject({ used: true, source: 'same-job', path: null });
    expect(own.exitCode).toBe(0);

    const r = await judge(dir, [['baseline', [base]]]);
    expect(r.report.baseline).toMatchObject({ used: true, source: 'file', path: base });
    expect(r.report.run.command).toContain(`--baseline ${base}`);
    expect(r.report.run.command).not.toContain('--base-start');
    expect(r.report.notes.join('\n')).toMatch(
      /the head run of this same-job A\/B recording; its base runs .* not used/,
    );
    expect(r.report.metrics.find((m) => m.name === 'heap_live')!.verdict).toBe('fail');
    expect(r.exitCode).toBe(1);
    expect(read(dir).baseline.source).toBe('file');
  });
});

describe('report.baseline.source', () => {
  it('is "file" for --baseline, with the path beside it; "same-job" and "artifact" from the recorded origin', async () => {
    const base = steadyBaseline(join(tmp, 'b.json'));
    const file = await judge(runDir('file', [...RUN, '--baseline', base]));
    expect(file.report.baseline).toMatchObject({ used: true, source: 'file', path: base });
    const origin = { source: 'artifact', commit: 'c'.repeat(40), commitsBehind: 2 };
    const art = await judge(runDir('artifact', [...RUN, '--baseline', base], { baselineOrigin: origin }));
    expect(art.report.baseline).toMatchObject({ used: true, source: 'artifact', path: base, commitsBehind: 2 });
    const none = await judge(runDir('none', RUN));
    expect(none.report.baseline).toMatchObject({ used: false, source: null, path: null });
  });
});

describe('judge on another machine: the recorded working directory is gone', () => {
  it('reads a relative baseline from the current directory and shows paths against the recorded repository', async () => {
    const here = join(tmp, 'elsewhere');
    mkdirSync(here);
    steadyBaseline(join(here, 'rel.json'));
    const gone = '/nonexistent-gmg/home/runner/work/svc/svc';
    const dir = runDir('moved', [...RUN, '--baseline', 'rel.json'], { cwd: gone, workdir: '/home/runner/work/svc' });
    const old = runDir('moved-old', [...RUN, '--baseline', 'rel.json'], { cwd: gone });
    const saved = process.cwd();
    process.chdir(here);
    let r: Awaited<ReturnType<typeof judge>>;
    let o: Awaited<ReturnType<typeof judge>>;
    try {
      r = await judge(dir);
      o = await judge(old);
    } finally {
      process.chdir(saved);
    }
    expect(r.report.baseline).toMatchObject({ used: true, source: 'file' });
    expect(r.report.notes.join('\n')).not.toMatch(/no baseline at/);
    // The repository the live run found (run.json's workdir), on any machine.
    expect(r.report.run.workdir).toBe('/home/runner/work/svc');
    // An older run.json (no workdir): the current directory's repository.
    expect(o.report.baseline.used).toBe(true);
    expect(o.report.run.workdir).toBe(repoRoot(here));
  });
});

describe('--name', () => {
  it("is recorded in report.json run.name and labels summarize's row (default: the directory's name)", async () => {
    const named = runDir('dir-a', [...RUN, '--name', 'payments api']);
    const plain = runDir('dir-b', RUN);
    expect((await judge(named)).report.run.name).toBe('payments api');
    expect((await judge(plain)).report.run.name).toBeNull();
    const { body } = summarize([named, plain]);
    expect(body).toMatch(/^\| payments api \|/m);
    expect(body).toMatch(/^\| dir-b \|/m);
    expect(body).not.toMatch(/^\| dir-a \|/m);
    expect(() => buildConfig(parseRunArgs(['--start', 'x', '--name', 'a\nb']))).toThrow(/--name must be one line/);
  });
});

describe('the Action input name', () => {
  const argvWith = (env: Record<string, string>) => {
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      return readInputs().argv;
    } finally {
      for (const k of Object.keys(env)) if (saved[k] === undefined) delete process.env[k];
      Object.assign(process.env, saved);
    }
  };
  it('becomes --name; without it, a baseline-name other than the default labels the run', async () => {
    expect(argvWith({ INPUT_NAME: 'api (eu)' })).toContain('--name=api (eu)');
    expect(argvWith({ 'INPUT_BASELINE-NAME': 'worker' })).toContain('--name=worker');
    expect(argvWith({ 'INPUT_BASELINE-NAME': 'worker', INPUT_NAME: 'w' })).toEqual(
      expect.arrayContaining(['--name=w']),
    );
    expect(argvWith({ 'INPUT_BASELINE-NAME': 'worker', INPUT_NAME: 'w' })).not.toContain('--name=worker');
    expect(argvWith({}).some((a) => a.startsWith('--name'))).toBe(false);
  });
});
