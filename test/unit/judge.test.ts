/** `go-mem-gate judge`: arguments, flag replacement, and reading run directories (bad ones fail in one line). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { shellQuote } from '../../src/engine.js';
import { UsageError } from '../../src/errors.js';
import { applyOverrides, parseJudgeArgs } from '../../src/judge.js';
import { readRunFile, readSamples, shellSplit } from '../../src/run/run-files.js';

const tmp = mkdtempSync(join(tmpdir(), 'gmg-judge-unit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('applyOverrides', () => {
  const argv = ['run', '--start', './svc --budget x', '--budget', 'rss=0/min', '--duration=30s', '--budget=goroutines=0/min', '--out', 'o'];

  it('puts the new values where the flag first was, and leaves everything else alone', () => {
    expect(applyOverrides(argv, new Map([['budget', ['heap_live=0/min']]]))).toEqual(
      ['run', '--start', './svc --budget x', '--budget', 'heap_live=0/min', '--duration=30s', '--out', 'o'],
    );
  });

  it('appends flags the run did not have, and gives the same argv back for the same options', () => {
    expect(applyOverrides(argv, new Map([['warmup', ['5s']], ['strict', []]]))).toEqual([...argv, '--warmup', '5s', '--strict']);
    const same = new Map([['budget', ['rss=0/min', 'goroutines=0/min']]]);
    const once = applyOverrides(['run', '--start', 's', '--budget', 'rss=0/min', '--budget', 'goroutines=0/min'], same);
    expect(once).toEqual(['run', '--start', 's', '--budget', 'rss=0/min', '--budget', 'goroutines=0/min']);
  });
});

describe('parseJudgeArgs', () => {
  it('takes one directory and the overridable flags', () => {
    const a = parseJudgeArgs(['d', '--budget', 'heap_live=0/min', '--budget', 'rss=1MiB/min', '--warmup', '5s', '--out', 'x']);
    expect(a.dir).toBe('d');
    expect(a.out).toBe('x');
    expect([...a.overrides]).toEqual([['budget', ['heap_live=0/min', 'rss=1MiB/min']], ['warmup', ['5s']]]);
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
    const words = ['go-mem-gate', 'run', '--start', "./svc -addr 127.0.0.1:1 -name 'x'", '--env', 'A=…', '--budget', 'heap_live=0/min', "it's", ''];
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
  const sample = (i: number) => JSON.stringify({ i, t: i, heapLive: 1, heapObjects: 1, heapInuse: 1, sys: 1, numGC: 1, goroutines: 1, rss: 1, cpuSeconds: 0, heapProfile: null, goroutineProfile: null, skipped: null });
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
    expect(oneLine(() => readRunFile(dir('badjson', { 'run.json': '{"kind": "go-mem-gate-run", "argv": [' })))).toMatch(/run\.json is not valid JSON/);
    expect(oneLine(() => readRunFile(dir('foreign', { 'run.json': '{"kind": "other"}' })))).toMatch(/not a go-mem-gate run file/);
    expect(oneLine(() => readRunFile(dir('newer', { 'run.json': '{"kind": "go-mem-gate-run", "argv": [], "schemaVersion": 99}' })))).toMatch(/schemaVersion 99/);
    expect(oneLine(() => readRunFile(dir('killed', { 'run.json': '{"kind": "go-mem-gate-run", "argv": ["run"], "schemaVersion": 1}' })))).toMatch(/did not finish/);
    expect(oneLine(() => readSamples(dir('nosamples', {})))).toMatch(/no samples\.ndjson or samples\.json/);
    expect(oneLine(() => readSamples(dir('badline', { 'samples.ndjson': `${sample(0)}\n{oops\n${sample(2)}\n` })))).toMatch(/line 2 is not valid JSON/);
    expect(oneLine(() => readSamples(dir('notsample', { 'samples.ndjson': `${sample(0)}\n{"i": "x"}\n` })))).toMatch(/line 2 is not a go-mem-gate sample/);
    const escape = JSON.stringify({ ...JSON.parse(sample(0)), heapProfile: '../../etc/passwd' });
    expect(oneLine(() => readSamples(dir('escape', { 'samples.ndjson': `${escape}\n` })))).toMatch(/outside the run directory/);
  });

  it('reads samples.ndjson, tolerating a half-written last line (a killed gate), and older samples.json', () => {
    expect(readSamples(dir('partial', { 'samples.ndjson': `${sample(0)}\n${sample(1)}\n{"i": 2, "t"` })).map((s) => s.i)).toEqual([0, 1]);
    expect(readSamples(dir('legacy', { 'samples.json': `{"schemaVersion": 1, "samples": [${sample(0)}, ${sample(1)}]}` })).map((s) => s.i)).toEqual([0, 1]);
  });

  it('rebuilds an older run (no run.json) from its report.json command line', () => {
    const report = { error: null, run: { command: "go-mem-gate run --start './svc -addr 127.0.0.1:1' --duration 30s", startedAt: '2026-01-01T00:00:00Z', profileRateInForce: 65536, skippedSamples: 2, wallS: 31, readyAfterS: 0.1, load: null, service: null } };
    const r = readRunFile(dir('old', { 'report.json': JSON.stringify(report) }));
    expect(r.argv).toEqual(['run', '--start', './svc -addr 127.0.0.1:1', '--duration', '30s']);
    expect(r.recording.periodInForce).toBe(65536);
    expect(r.recording.skippedSamples).toBe(2);
  });
});
