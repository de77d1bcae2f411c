// Shared pieces of the benchmarks: free ports, building fixtures, running the CLI, a bounded pool, and
// rebuilding a recording from a run's directory so a run can be judged again under another policy.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';

export const WORK = 'bench/work';

export const freePort = () =>
  new Promise((r) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => r(p));
    });
  });

export function buildFixtures(names) {
  execFileSync('go', ['build', '-o', '../.gate-build/bin/', ...names.map((n) => `./services/${n}`)], {
    cwd: 'fixtures',
    stdio: 'inherit',
  });
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : null;
}

/** Run `node dist/cli.js ARGS --out DIR`; resolves with the exit code, wall seconds and the report. */
export function runGate(args, out) {
  mkdirSync(out, { recursive: true });
  const t0 = performance.now();
  const child = spawn(process.execPath, ['dist/cli.js', ...args, '--out', out], { stdio: 'ignore' });
  return new Promise((resolve) =>
    child.on('close', (code) => {
      let report = null;
      try {
        report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
      } catch {
        /* no report */
      }
      resolve({ code, wallS: (performance.now() - t0) / 1000, report, out });
    }),
  );
}

/** Run async jobs with at most `n` at once, in order; calls onDone after each. */
export async function pool(jobs, n, onDone = () => {}) {
  const results = new Array(jobs.length);
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, jobs.length) }, async () => {
      while (next < jobs.length) {
        const i = next++;
        results[i] = await jobs[i]();
        onDone(++done, jobs.length, results[i]);
      }
    }),
  );
  return results;
}

/**
 * The recording of a finished run, rebuilt from its output directory for lib.evaluate(), as `go-mem-gate judge`
 * rebuilds it: run.json (or, for older runs, report.json), the samples, and the site timelines decoded again
 * from the saved profiles (kept in memory here: the benchmark runs are short).
 */
export function loadRecording(lib, out) {
  return lib.replayRecording(out, lib.readSamples(out), lib.readRunFile(out).recording);
}

/** The gate's `run` arguments for a fixture service at addr under the built-in load (sc: fixture, flags). */
export function fixtureRunArgs(sc, addr, { rate, lengthS }) {
  return [
    'run',
    '--start',
    `.gate-build/bin/${sc.fixture} -addr ${addr}${sc.flags ? ` ${sc.flags}` : ''}`,
    '--pprof-url',
    `http://${addr}`,
    '--load-url',
    `http://${addr}/`,
    '--rate',
    String(rate),
    '--duration',
    `${lengthS}s`,
  ];
}
