/** `go-mem-gate judge`: arguments, flag replacement, and reading run directories (bad ones fail in one line). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { shellQuote } from '../../src/engine.js';
import { UsageError } from '../../src/errors.js';
import { applyOverrides, parseJudgeArgs } from '../../src/judge.js';
import { inlineDecoder } from '../../src/run/profile-decoder.js';
import { replayRecording } from '../../src/run/replay.js';
import { readRunFile, readSamples, shellSplit } from '../../src/run/run-files.js';

const tmp = mkdtempSync(join(tmpdir(), 'gmg-judge-unit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('applyOverrides', () => {
  const argv = ['run', '--start', './svc --budget x', '--budget', 'rss=0/min', '--duration=30s'];
  argv.push('--budget=goroutines=0/min', '--out', 'o');

  it('puts the new values where the flag first was, and leaves everything else alone', () => {
    expect(applyOverrides(argv, new Map([['budget', ['heap_live=0/min']]]))).toEqual([
      'run',
      '--start',
      './svc --budget x',
      '--budget',
      'heap_live=0/min',
      '--duration=30s',
      '--out',
      'o',
    ]);
  });

  it('appends flags the run did not have, and gives the same argv back for the same options', () => {
    const more = new Map([
      ['warmup', ['5s']],
      ['strict', []],
    ]);
    expect(applyOverrides(argv, more)).toEqual([...argv, '--warmup', '5s', '--strict']);
    const same = new Map([['budget', ['rss=0/min', 'goroutines=0/min']]]);
    const once = applyOverrides(['run', '--start', 's', '--budget', 'rss=0/min', '--budget', 'goroutines=0/min'], same);
    expect(once).toEqual(['run', '--start', 's', '--budget', 'rss=0/min', '--budget', 'goroutines=0/min']);
  });
});

describe('parseJudgeArgs', () => {
  it('takes one directory and the overridable flags', () => {
    const a = parseJudgeArgs(['d', '--budget', 'heap_live=0/min', '--budget=rss=1MiB/min', '--warmup=5s', '--out=x']);
    expect(a.dir).toBe('d');
    expect(a.out).toBe('x');
    expect([...a.overrides]).toEqual([
      ['budget', ['heap_live=0/min', 'rss=1MiB/min']],
      ['warmup', ['5s']],
    ]);
    expect([...parseJudgeArgs(['d', '--strict']).overrides]).toEqual([['strict', []]]);
  });

  it('refuses a missing or second directory and unknown flags, with a one-line UsageError', () => {
    for (const bad of [[], ['a', 'b'], ['d', '--duration', '5s'], ['d', '--start', 'x']]) {
      expect(() => parseJudgeArgs(bad)).toThrow(UsageError);
    }
    expect(() => parseJudgeArgs([])).toThrow(/judge needs the run directory/);
    expect(() => parseJudgeArgs(['d', '--duration', '5s'])).toThrow(/Unknown option '--duration'.*judge --help/);
  });
});

describe('shellSplit', () => {
  it('undoes shellQuote', () => {
    const words = ['go-mem-gate', 'run', '--start', "./svc -addr 127.0.0.1:1 -name 'x'", '--env', 'A=…'];
    words.push('--budget', 'heap_live=0/min', "it's", '');
    expect(shellSplit(words.map(shellQuote).join(' '))).toEqual(words.slice(0, -1).concat(''));
  });
});

describe('reading a run directory', () => {
  const dir = (name: string, files: Record<string, string>) => {
    const d = join(tmp, name);
    mkdirSync(d, { recursive: true });
    for (const [f, text] of Object.entries(files)) writeFileSync(join(d, f), text);
    return d;
  };
  const metrics = { heapLive: 1, heapObjects: 1, heapInuse: 1, sys: 1, numGC: 1, goroutines: 1, rss: 1, cpuSeconds: 0 };
  const sampleOf = (i: number) => ({ i, t: i, ...metrics, heapProfile: null, goroutineProfile: null, skipped: null });
  const sample = (i: number) => JSON.stringify(sampleOf(i));
  const runFile = (text: string) => ({ 'run.json': text });
  const ndjson = (text: string) => ({ 'samples.ndjson': text });
  const command = "go-mem-gate run --start './svc -addr 127.0.0.1:1' --duration 30s";
  const facts = { profileRateInForce: 65536, skippedSamples: 2, wallS: 31, readyAfterS: 0.1 };
  const startedAt = '2026-01-01T00:00:00Z';
  const load = { kind: 'none', stats: null, exit: null, endedRunEarly: false };
  const oldReport = JSON.stringify({
    error: null,
    run: { command, startedAt, ...facts, load, service: { exit: null } },
  });
  const oneLine = (f: () => unknown) => {
    try {
      f();
    } catch (err) {
      expect(err).toBeInstanceOf(UsageError);
      expect((err as Error).message).not.toContain('\n');
      return (err as Error).message;
    }
    throw new Error('no error');
  };

  it('says what is wrong with a missing, foreign, damaged or unfinished directory', () => {
    expect(oneLine(() => readRunFile(join(tmp, 'nope')))).toMatch(/no such directory/);
    expect(oneLine(() => readRunFile(dir('empty', {})))).toMatch(/not a go-mem-gate run directory/);
    const head = '{"kind": "go-mem-gate-run", "argv": ["run"]';
    expect(oneLine(() => readRunFile(dir('badjson', runFile(`${head}, "sch`))))).toMatch(/run\.json is not valid JSON/);
    const run = (name: string, text: string) => oneLine(() => readRunFile(dir(name, runFile(text))));
    expect(run('foreign', '{"kind": "other"}')).toMatch(/not a go-mem-gate run file/);
    expect(run('newer', `${head}, "schemaVersion": 99}`)).toMatch(/schemaVersion 99/);
    expect(run('killed', `${head}, "schemaVersion": 1}`)).toMatch(/did not finish/);
    expect(oneLine(() => readSamples(dir('nosamples', {})))).toMatch(/no samples\.ndjson or samples\.json/);
    const badLine = ndjson(`${sample(0)}\n{oops\n${sample(2)}\n`);
    expect(oneLine(() => readSamples(dir('badline', badLine)))).toMatch(/line 2 is not valid JSON/);
    const notSample = ndjson(`${sample(0)}\n{"i": "x"}\n`);
    expect(oneLine(() => readSamples(dir('notsample', notSample)))).toMatch(/line 2 is not a go-mem-gate sample/);
    const outside = JSON.stringify({ ...JSON.parse(sample(0)), heapProfile: '../../etc/passwd' });
    expect(oneLine(() => readSamples(dir('escape', ndjson(`${outside}\n`))))).toMatch(/outside the run directory/);
  });

  it('reads samples.ndjson, tolerating a half-written last line (a killed gate), and older samples.json', async () => {
    const dropped = JSON.stringify({ ...sampleOf(2), sitesAdded: { heap: false, goroutine: false }, dropped: true });
    const withDropped = readSamples(dir('dropped', ndjson(`${sample(0)}\n${sample(1)}\n${dropped}\n`)));
    expect(withDropped.map((s) => s.dropped ?? false)).toEqual([false, false, true]);
    const facts = readRunFile(dir('old-for-replay', { 'report.json': oldReport })).recording;
    const replayed = await replayRecording(join(tmp, 'dropped'), withDropped, facts, inlineDecoder);
    expect(replayed.samples.map((s) => s.i)).toEqual([0, 1]);
    const partial = ndjson(`${sample(0)}\n${sample(1)}\n{"i": 2, "t"`);
    expect(readSamples(dir('partial', partial)).map((s) => s.i)).toEqual([0, 1]);
    const legacy = { 'samples.json': JSON.stringify({ schemaVersion: 1, samples: [sampleOf(0), sampleOf(1)] }) };
    expect(readSamples(dir('legacy', legacy)).map((s) => s.i)).toEqual([0, 1]);
  });

  it('rebuilds an older run (no run.json) from its report.json command line', () => {
    const r = readRunFile(dir('old', { 'report.json': oldReport }));
    expect(r.argv).toEqual(['run', '--start', './svc -addr 127.0.0.1:1', '--duration', '30s']);
    expect(r.recording.periodInForce).toBe(65536);
    expect(r.recording.skippedSamples).toBe(2);
    // Its load and service facts are checked like run.json's (judge reads them to write the report).
    const noLoad = JSON.stringify({ error: null, run: { command, startedAt, ...facts, load: null, service: null } });
    expect(oneLine(() => readRunFile(dir('old-no-load', { 'report.json': noLoad })))).toMatch(
      /report\.json is malformed \(run\.load should be an object, not null\)/,
    );
  });
});
