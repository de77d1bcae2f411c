/**
 * Faults in what the service serves, and in the load: each ends in a clear line and the right exit status,
 * skipped samples are counted, and what was gathered is kept. The "service" here is test/helpers/fake-pprof.mjs,
 * a real process serving real HTTP, with deliberately bad profiles.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorLine, freePort, keptFiles, processesMatching, ROOT, runCli, serviceArgs } from '../helpers/gate.js';

const FAKE = join(ROOT, 'test', 'helpers', 'fake-pprof.mjs');

async function fakeArgs(mode: string, arg = '', extra: string[] = []) {
  const port = await freePort();
  return [
    'run',
    '--start',
    `${process.execPath} ${FAKE} ${port} ${mode} ${arg} # 127.0.0.1:${port}`,
    '--pprof-url',
    `http://127.0.0.1:${port}`,
    '--duration',
    '12s',
    '--warmup',
    '2s',
    ...extra,
  ];
}

const skipped = (out: string) =>
  (JSON.parse(readFileSync(join(out, 'samples.json'), 'utf8')).samples as { skipped: string | null }[])
    .map((s) => s.skipped)
    .filter((s) => s !== null) as string[];

describe('bad profiles are skipped and counted, not fatal', () => {
  it.each([
    ['corrupt-every-3', /^heap profile: corrupt gzip in profile/],
    ['truncated-every-3', /^heap profile: truncated profile protobuf/],
    ['empty-every-3', /^heap profile: empty profile$/],
  ])('%s', async (mode, why) => {
    const r = await runCli(await fakeArgs(mode));
    expect(r.leftovers).toEqual([]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const reasons = skipped(r.out);
    expect(reasons.length).toBeGreaterThanOrEqual(3);
    for (const x of reasons) expect(x).toMatch(why);
    expect(r.report!.run.skippedSamples).toBe(reasons.length);
    expect(r.report!.notes.join('\n')).toMatch(
      new RegExp(`${reasons.length} of ${r.report!.run.samples} samples were skipped`),
    );
    // The live-heap series comes from MemStats, which every sample still has.
    expect(r.report!.metrics.find((m) => m.name === 'heap_live')!.n).toBe(11);
    // The raw bad profiles are kept as evidence.
    expect(keptFiles(r.out).filter((f) => f.startsWith('profiles/heap-'))).toHaveLength(13);
  });

  it('a slow pprof answer past --request-timeout skips that sample', async () => {
    const r = await runCli(await fakeArgs('slow-every-2', '2500', ['--request-timeout', '1s']));
    expect(r.leftovers).toEqual([]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(skipped(r.out).filter((x) => x === 'timed out').length).toBeGreaterThanOrEqual(2);
  });

  it('a 100 MB profile is not decoded: memory stays bounded, the sample is skipped with the reason', async () => {
    // The fake's own RSS jumps while it builds the 100 MB profile: judge the heap only.
    const r = await runCli(await fakeArgs('huge-every-3', '100', ['--budget', 'heap_live=1MiB/min']));
    expect(r.leftovers).toEqual([]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const reasons = skipped(r.out);
    expect(reasons.length).toBeGreaterThanOrEqual(3);
    for (const x of reasons)
      expect(x).toBe(
        'heap profile: profile larger than 64 MiB: not decoded (memory stays bounded); raise --profile-rate to sample less',
      );
    expect(r.peakRssBytes).toBeLessThan(400 * 1024 * 1024);
  });
});

describe('bad profiles that are fatal', () => {
  it('a heap endpoint without inuse_space: a clear error', async () => {
    const r = await runCli(await fakeArgs('no-inuse'));
    expect(r.leftovers).toEqual([]);
    expect(r.code).toBe(2);
    expect(errorLine(r.stderr)[0]).toMatch(
      /go-mem-gate: error: http:\/\/127\.0\.0\.1:\d+\/debug\/pprof\/heap is not a heap profile: profile has no inuse_space sample type \(it has: samples\/count, cpu\/nanoseconds\)$/,
    );
  });

  it('most samples failing is an error that says why', async () => {
    const r = await runCli(await fakeArgs('always-fail'));
    expect(r.leftovers).toEqual([]);
    expect(r.code).toBe(2);
    expect(errorLine(r.stderr)[0]).toMatch(
      /go-mem-gate: error: 13 of 13 samples failed \(HTTP 500 from http:\/\/127\.0\.0\.1:\d+\/debug\/pprof\/heap\?gc=1&debug=1\); the service answers pprof too slowly or not at all under this load$/,
    );
    expect(keptFiles(r.out)).toEqual(expect.arrayContaining(['samples.json', 'report.json', 'service.log']));
  });
});

describe('the load', () => {
  it('hangs past the duration: it is stopped with its children, and that is fine', async () => {
    const { args } = await serviceArgs('steady', { duration: '12s', warmup: '2s' });
    const r = await runCli([...args, '--load', 'sleep 603 & sleep 604; wait']);
    expect(r.leftovers).toEqual([]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.report!.run.load.exit!.signal ?? r.report!.run.load.exit!.code).toBeTruthy();
    expect([...processesMatching('sleep 603'), ...processesMatching('sleep 604')]).toEqual([]);
  });

  it('exits non-zero at once: an error naming its status', async () => {
    const { args } = await serviceArgs('steady', { duration: '12s', warmup: '2s' });
    const r = await runCli([...args, '--load', 'exit 7']);
    expect(r.code).toBe(2);
    expect(errorLine(r.stderr)[0]).toMatch(/load command exited with status 7 after \d\.\ds; load\.log is empty$/);
  });
});

describe('the gate itself', () => {
  it('SIGINT while sampling: children stopped, partial results written, exit 2', async () => {
    const { args } = await serviceArgs('steady', { duration: '60s' });
    let pid = 0;
    const running = runCli(args, { onSpawn: (p) => (pid = p) });
    await new Promise((res) => setTimeout(res, 5000));
    process.kill(pid, 'SIGINT');
    const r = await running;
    expect(r.leftovers).toEqual([]);
    expect(r.code).toBe(2);
    expect(errorLine(r.stderr)[0]).toMatch(/interrupted by SIGINT/);
    expect(r.report!.run.samples).toBeGreaterThanOrEqual(3);
  });

  it('runs the commands as written, adding only GODEBUG (user values kept), TARGET_URL, GO_MEM_GATE_RUN', async () => {
    const port = await freePort();
    const dump = join(ROOT, '.gate-build', `env-${port}.txt`);
    const r = await runCli([
      'run',
      '--start',
      `env > ${dump}; exec ${join(ROOT, '.gate-build', 'bin', 'steady')} -addr 127.0.0.1:${port}`,
      '--pprof-url',
      `http://127.0.0.1:${port}`,
      '--duration',
      '10s',
      '--warmup',
      '2s',
      '--env',
      'GODEBUG=gctrace=0',
      '--env',
      'WEIRD=$(touch /tmp/pwned-${port});`x`',
    ]);
    expect(r.leftovers).toEqual([]);
    expect(r.code, r.stderr).toBe(0);
    const env = Object.fromEntries(
      readFileSync(dump, 'utf8')
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(env.GODEBUG).toBe('gctrace=0,memprofilerate=65536');
    expect(env.WEIRD).toBe('$(touch /tmp/pwned-${port});`x`'); // passed as data, never evaluated
    const added = Object.keys(env).filter((k) => !(k in process.env) && !['PWD', 'SHLVL', '_', 'OLDPWD'].includes(k));
    expect(added.sort()).toEqual(['GODEBUG', 'GO_MEM_GATE_RUN', 'WEIRD'].filter((k) => !(k in process.env)).sort());
    expect(env.GO_MEM_GATE_RUN).toMatch(/^service-[0-9a-f]{24}$/); // the mark that finds its daemons (process.ts)
  });
});

describe('pprof and readiness', () => {
  it('pprof on another port than the one given: says so before sampling', async () => {
    const { args, port } = await serviceArgs('steady', { duration: '12s', warmup: '2s' });
    const wrong = await freePort();
    const i = args.indexOf('--pprof-url');
    args[i + 1] = `http://127.0.0.1:${wrong}`;
    const r = await runCli([...args, '--ready-url', `http://127.0.0.1:${port}/healthz`]);
    expect(r.leftovers).toEqual([]);
    expect(r.code).toBe(2);
    expect(errorLine(r.stderr)[0]).toBe(
      `go-mem-gate: error: the service is ready at http://127.0.0.1:${port}/healthz, but nothing usable answers at http://127.0.0.1:${wrong}/debug/pprof/ (connection refused): is pprof served on another port? set --pprof-url`,
    );
  });

  it('a missing baseline file: passes on default budgets with a notice', async () => {
    const { args } = await serviceArgs('steady', { duration: '12s', warmup: '2s' });
    const r = await runCli([...args, '--baseline', '/nonexistent/baseline.json']);
    expect(r.leftovers).toEqual([]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.report!.notes[0]).toBe(
      'no baseline at /nonexistent/baseline.json yet: judged on budgets alone; record one with --save-baseline on the base branch',
    );
    expect(r.report!.metrics.every((m) => m.budgetSource === 'default')).toBe(true);
  });
});

describe('runs that could not judge anything', () => {
  it('a load command that finishes before enough samples: an error, not a green check', async () => {
    const { args } = await serviceArgs('steady', { duration: '30s' });
    const r = await runCli([...args, '--load', 'sleep 3']);
    expect(r.leftovers).toEqual([]);
    expect(r.code).toBe(2);
    expect(errorLine(r.stderr)[0]).toMatch(
      /the load command finished after 3\.\ds, leaving 0 samples after the 10s warm-up \(need 8\): make the load run at least 18s, or shorten --warmup$/,
    );
  });

  it('a built-in load whose requests all fail: an error naming the URL', async () => {
    const { args, port } = await serviceArgs('steady', { duration: '12s', warmup: '2s' });
    const r = await runCli([...args, '--load-url', `http://127.0.0.1:${port}/no-such-page`, '--rate', '50']);
    expect(r.leftovers).toEqual([]);
    expect(r.code).toBe(2);
    expect(errorLine(r.stderr)[0]).toMatch(
      new RegExp(
        `the built-in load got 2xx for only 0 of \\d+ requests to http://127\\.0\\.0\\.1:${port}/no-such-page \\(first error: HTTP 404\\); check --load-url$`,
      ),
    );
  });
});
