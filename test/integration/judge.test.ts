/**
 * `go-mem-gate judge DIR` on real recordings: a live run of a real fixture, then its directory judged again.
 * With the run's own options it reproduces report.json and report.md byte for byte (run.json restores the
 * timestamps and timings too), and the baseline it saves is the one the live run saved.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/report.js';
import { CLI, errorLine, fixture, freePort, keptFiles, runCli, serviceArgs, tempOut } from '../helpers/gate.js';

function judge(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'judge', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');

describe('go-mem-gate judge', () => {
  it('reproduces a live run against a baseline exactly, and re-judges it under other options', async () => {
    const work = tempOut('gmg-judge-');
    const base = join(work, 'base.json');
    const steady = await serviceArgs('steady', { rate: 100, duration: '20s', warmup: '5s' });
    const b = await runCli([...steady.args, '--save-baseline', base]);
    expect(b.code, `${b.stdout}\n${b.stderr}`).toBe(0);

    const leak = await serviceArgs('mapleak', { rate: 100, duration: '20s', warmup: '5s' });
    const savedLive = join(work, 'head.json');
    // As the Action does: the base branch's baseline is downloaded into the output directory.
    const leakOut = join(work, 'leak-out');
    const inOut = join(leakOut, 'baseline-from-base', 'baseline.json');
    mkdirSync(dirname(inOut), { recursive: true });
    copyFileSync(base, inOut);
    const live = await runCli([...leak.args, '--baseline', inOut, '--save-baseline', savedLive], { out: leakOut });
    // A fail, or (calibrated verdicts, 20 s) inconclusive: either way judged against the baseline.
    expect(live.code, `${live.stdout}\n${live.stderr}`).toBeLessThan(2);
    expect(live.report!.baseline.used).toBe(true);
    const dir = live.out;
    const liveJson = read(dir, 'report.json');
    const liveMd = read(dir, 'report.md');
    // The recording on disk: run.json with the run's facts, one sample per line, bounded samples.json.
    const run = JSON.parse(read(dir, 'run.json'));
    expect(run.recording.periodInForce).toBe(65536);
    expect(run.argv).toContain('--baseline');
    const lines = read(dir, 'samples.ndjson').trim().split('\n');
    expect(lines.length).toBe(live.report!.run.samples);
    const parsed = lines.map((l) => JSON.parse(l));
    for (const l of parsed) {
      expect(l.sitesAdded).toEqual({ heap: l.heapProfile !== null, goroutine: l.goroutineProfile !== null });
    }
    expect(JSON.parse(read(dir, 'samples.json')).samples).toEqual(parsed.map(({ sitesAdded, ...s }) => s));

    // Same options (the run's own; --save-baseline is only written when given again): byte for byte.
    const liveBaseline = read(work, 'head.json');
    rmSync(savedLive);
    const j = judge([dir, '--save-baseline', savedLive]);
    expect(j.code, j.stderr).toBe(live.code);
    expect(read(dir, 'report.json')).toBe(liveJson);
    expect(read(dir, 'report.md')).toBe(liveMd);
    expect(read(work, 'head.json')).toBe(liveBaseline);
    expect(j.stdout).toContain('main.rememberRequest');

    // The directory moved (an artifact downloaded elsewhere): the baseline inside it is still found.
    const moved = join(work, 'moved');
    cpSync(dir, moved, { recursive: true });
    rmSync(join(dir, 'baseline-from-base'), { recursive: true });
    expect(judge([moved]).code).toBe(live.code);
    expect(read(moved, 'report.json')).toBe(liveJson);

    // Other options, written elsewhere: the run's directory is left as it was.
    const other = join(work, 'other');
    const k = judge([dir, '--warmup', '10s', '--budget', 'heap_live=1GiB/min', '--strict', '--out', other]);
    expect(k.code, k.stderr).toBeLessThan(2);
    const r2 = JSON.parse(read(other, 'report.json')) as Report;
    expect(r2.run.warmupS).toBe(10);
    expect(r2.run.strict).toBe(true);
    expect(live.report!.run.strict).toBe(false);
    const heapN = (r: Report) => r.metrics.find((m) => m.name === 'heap_live')!.n;
    expect(heapN(r2)).toBeLessThan(heapN(live.report!));
    expect(r2.run.command).toContain('--warmup 10s');
    expect(read(dir, 'report.json')).toBe(liveJson);
    rmSync(work, { recursive: true, force: true });
  });

  it('keeps the site timelines bounded with 2,000 allocation sites, and judge reproduces the run', async () => {
    // Every kept object sampled (512 B rate, 4 KiB objects): about 2,000 distinct sites in every heap profile.
    const flags = '-depth 0 -sites 2000 -object-bytes 4096';
    const { args } = await serviceArgs('manystacks', { rate: 50, duration: '15s', warmup: '3s', flags });
    const live = await runCli([...args, '--profile-rate', '512']);
    expect(live.code, `${live.stdout}\n${live.stderr}`).toBe(0);
    const samples = JSON.parse(read(live.out, 'samples.json'));
    expect(samples.heapSites.sites.length).toBeLessThanOrEqual(120);
    expect(samples.heapSites.sites.length + samples.heapSites.otherSites).toBeGreaterThan(2000);
    for (const p of samples.heapSites.points) expect(p.other).toBeGreaterThan(2000 * 4096 * 0.9);
    expect(keptFiles(live.out).filter((f) => f.startsWith('.sites-'))).toEqual([]); // the spill files are gone
    const liveJson = read(live.out, 'report.json');
    expect(judge([live.out]).code).toBe(0);
    expect(read(live.out, 'report.json')).toBe(liveJson);
  });

  it('a run stopped by SIGTERM keeps every sample it took, and judge reproduces its report', async () => {
    const { args } = await serviceArgs('steady', { rate: 50, duration: '60s' });
    let pid = 0;
    const running = runCli(args, { onSpawn: (p) => (pid = p) });
    await new Promise((r) => setTimeout(r, 7000));
    process.kill(pid, 'SIGTERM');
    const live = await running;
    expect(live.code).toBe(2);
    expect(live.leftovers).toEqual([]);
    // Every sample kept is a line (and a sample cut short by the signal, if its profile joined the timeline).
    const lines = read(live.out, 'samples.ndjson')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.filter((l) => !l.dropped).length).toBe(live.report!.run.samples);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    const liveJson = read(live.out, 'report.json');
    const j = judge([live.out]);
    expect(j.code).toBe(2);
    expect(errorLine(j.stderr)[0]).toMatch(/interrupted by SIGTERM/);
    expect(read(live.out, 'report.json')).toBe(liveJson);
  });

  it('reproduces a same-job A/B run (--base-start): the combined base is kept in run.json', async () => {
    const port = await freePort();
    const addr = `127.0.0.1:${port}`;
    const live = await runCli([
      'run',
      '--base-start',
      `${fixture('steady')} -addr ${addr}`,
      '--start',
      `${fixture('slowleak')} -addr ${addr} -rate 16384`,
      '--pprof-url',
      `http://${addr}`,
      '--load-url',
      `http://${addr}/`,
      '--rate',
      '50/s',
      '--duration',
      '12s',
      '--warmup',
      '2s',
      '--profile-rate',
      '4KiB',
    ]);
    expect(live.code, `${live.stdout}\n${live.stderr}`).toBeLessThan(2);
    expect(live.report!.baseline.source).toBe('same-job');
    const liveJson = read(live.out, 'report.json');
    expect(judge([live.out]).code).toBe(live.code);
    expect(read(live.out, 'report.json')).toBe(liveJson);
  });

  it("replays --attribute auto's second pass from attribution/: the owner it named, byte for byte", async () => {
    // 16 KiB/s at a 4 MiB profile rate: the heap fails, but about 0.1 samples cannot say where from; the second
    // pass (at the suggested finer rate) names main.recordEvent.
    const flags = '-rate 16384 -prealloc 4096';
    const { args } = await serviceArgs('slowleak', { rate: 50, duration: '30s', warmup: '5s', flags });
    const live = await runCli([...args, '--profile-rate', '4MiB', '--attribute', 'auto'], { timeoutMs: 170_000 });
    expect(live.leftovers).toEqual([]);
    expect(live.code, `${live.stdout}\n${live.stderr}`).toBe(1);
    const a = live.report!.attribution!;
    expect(a.resolvable).toBe(false);
    expect(a.secondPass!.resolvable).toBe(true);
    expect(live.report!.owners![0].function).toBe('main.recordEvent');
    const run = JSON.parse(read(live.out, 'run.json'));
    expect(run.secondPass).toEqual({ dir: 'attribution', profileRate: a.secondPass!.profileRate, error: null });
    const liveJson = read(live.out, 'report.json');
    const liveMd = read(live.out, 'report.md');
    const secondJson = read(live.out, 'attribution/report.json');

    const j = judge([live.out]);
    expect(j.code, j.stderr).toBe(1);
    expect(read(live.out, 'report.json')).toBe(liveJson);
    expect(read(live.out, 'report.md')).toBe(liveMd);
    expect(read(live.out, 'attribution/report.json')).toBe(secondJson);
    // Written elsewhere: the same report, and the second pass's own report beside it.
    const other = join(tempOut('gmg-judge-attr-'), 'out');
    expect(judge([live.out, '--out', other]).code).toBe(1);
    expect(read(other, 'report.json')).toBe(liveJson);
    expect(read(other, 'attribution/report.json')).toBe(secondJson);
  });

  it('refuses a missing, foreign or damaged run directory in one line, exit status 2', async () => {
    const { args } = await serviceArgs('steady', { rate: 50, duration: '12s', warmup: '2s' });
    const live = await runCli(args);
    expect(live.code, `${live.stdout}\n${live.stderr}`).toBe(0);
    const work = tempOut('gmg-judge-bad-');
    const copy = (name: string) => {
      const d = join(work, name);
      cpSync(live.out, d, { recursive: true });
      return d;
    };
    const cases: Array<[string, RegExp]> = [];
    cases.push([join(work, 'missing'), /no such directory/]);
    cases.push([work, /not a go-mem-gate run directory/]);
    const damagedRun = copy('damaged-run');
    writeFileSync(join(damagedRun, 'run.json'), '{"kind": "go-mem-gate-run", "argv": ["run", "--st');
    cases.push([damagedRun, /run\.json is not valid JSON/]);
    const damagedSamples = copy('damaged-samples');
    const text = read(damagedSamples, 'samples.ndjson');
    writeFileSync(join(damagedSamples, 'samples.ndjson'), text.replace('\n', '\n{"i": 1, "t": oops\n'));
    cases.push([damagedSamples, /samples\.ndjson line 2 is not valid JSON/]);
    const noProfile = copy('no-profile');
    rmSync(join(noProfile, 'profiles', 'heap-0003.pb.gz'));
    cases.push([noProfile, /profiles\/heap-0003\.pb\.gz is missing/]);
    for (const [dir, why] of cases) {
      const r = judge([dir]);
      expect(r.code, `${dir}: ${r.stdout}${r.stderr}`).toBe(2);
      expect(errorLine(r.stderr)).toHaveLength(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(why);
    }
    // A corrupt profile is judged as the live run would have judged it: that sample's sites are left out.
    const corrupt = copy('corrupt-profile');
    appendFileSync(join(corrupt, 'profiles', 'heap-0004.pb.gz'), 'garbage');
    writeFileSync(join(corrupt, 'profiles', 'heap-0005.pb.gz'), 'not gzip at all');
    expect(judge([corrupt]).code).toBe(0);
    expect(judge([live.out, '--confidence', '2']).stderr).toMatch(/^go-mem-gate: error: --confidence must be /);
    rmSync(work, { recursive: true, force: true });
  });
});
