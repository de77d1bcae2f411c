/**
 * A run directory written by hand, as a finished `go-mem-gate run --out DIR` leaves it (run.json, samples.ndjson,
 * profiles/), for judging without a live service: every field of run.json that judge reads is filled in, with
 * the values a real run of the steady fixture recorded (a 12 s run, 13 samples at 1 s).
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROOT, tempOut } from './gate.js';

const frame = (fn: string, line: number) => ({ function: fn, file: '/src/main.go', line });
const slope = { slopePerMinute: 1200, sePerMinute: 300, ciLow: 400, ciHigh: 2000, n: 13, df: 9 };

/** run.json of a finished 12 s run, with an end state and a same-job base, so every part judge reads is there. */
export function runJson(): Record<string, unknown> {
  return {
    schemaVersion: 1,
    kind: 'go-mem-gate-run',
    tool: 'go-mem-gate 0.1.0',
    argv: ['run', '--start', './steady -addr 127.0.0.1:1', '--duration', '12s', '--interval', '1s', '--warmup', '2s'],
    cwd: '/tmp',
    notes: ['a note from the front end'],
    recording: {
      startedAt: '2026-11-23T18:56:47.156Z',
      readyAfterS: 0.13,
      module: { path: 'gomemgate.example/fixtures', source: 'build info', goVersion: 'go1.26.8' },
      endState: {
        goroutineDump: [
          { waitReason: 'IO wait', count: 9, maxMinutes: 0, stack: [frame('main.serve', 3)], createdBy: frame('x', 1) },
        ],
        goroutineLeak: { available: true, total: 1, sites: [{ ...frame('main.wait', 9), count: 1 }] },
        smaps: {
          first: { rss: 10399744, anonymous: 1449984, fileBacked: 8949760 },
          last: { rss: 13676544, anonymous: 4313088, fileBacked: 9363456 },
          spanS: 12.03,
        },
      },
      periodInForce: 524288,
      load: {
        kind: 'builtin',
        stats: {
          url: 'http://127.0.0.1:1/',
          targetRate: 50,
          sent: 604,
          ok: 604,
          httpErrors: 0,
          networkErrors: 0,
          dropped: 0,
          durationS: 12.07,
          achievedRate: 50.04,
          latencyP50Ms: 0.98,
          latencyP99Ms: 49,
          firstError: null,
        },
        exit: null,
        endedRunEarly: false,
      },
      service: { exit: { code: null, signal: 'SIGTERM', afterS: 12.19 } },
      skippedSamples: 0,
      error: null,
      wallS: 12.24,
      profileStride: { heap: 1, goroutine: 1 },
    },
    baselineOrigin: { source: 'file', commit: 'abc123', commitsBehind: 2 },
    sameJob: {
      baseline: {
        schemaVersion: 1,
        kind: 'go-mem-gate-baseline',
        createdAt: '2026-11-23T18:56:47.156Z',
        tool: 'go-mem-gate 0.1.0',
        run: { durationS: 12, intervalS: 1, warmupS: 2, profileRate: 524288, samples: 13, confidence: 0.99 },
        metrics: { heap_live: slope, goroutines: { ...slope, ciLow: -Infinity, ciHigh: Infinity } },
        sites: [{ ...slope, ...frame('main.leak', 12), last: 4096 }],
        goroutineSites: [],
        series: { t: [0, 1, 2], heapLive: [100, null, 300] },
        notices: [],
      },
      error: null,
    },
  };
}

/**
 * A run directory: run.json as given, 13 samples one second apart, each naming a heap profile (a copy of
 * `heapProfile`, a file under fixtures/; none when null) and no goroutine profile.
 */
export function writeRunDir(
  run: unknown,
  heapProfile: string | null = 'fixtures/profiles/steady-heap.pb.gz',
  dir = tempOut('gmg-rd-'),
): string {
  mkdirSync(join(dir, 'profiles'), { recursive: true });
  const lines: string[] = [];
  for (let i = 0; i < 13; i++) {
    const file = heapProfile ? `profiles/heap-${String(i).padStart(4, '0')}.pb.gz` : null;
    if (file && heapProfile) copyFileSync(resolve(ROOT, heapProfile), join(dir, file));
    const heapLive = 4_000_000 + 1000 * i + (i % 3) * 5000;
    const m = { heapLive, heapObjects: 9000 + i, heapInuse: heapLive * 2, sys: 20e6, numGC: 2 * i + 1 };
    const s = { i, t: i, ...m, goroutines: 16, rss: 30e6, cpuSeconds: i / 10, heapProfile: file };
    const sitesAdded = { heap: file !== null, goroutine: false };
    lines.push(JSON.stringify({ ...s, goroutineProfile: null, skipped: null, sitesAdded }));
  }
  writeFileSync(join(dir, 'samples.ndjson'), `${lines.join('\n')}\n`);
  writeRunJson(dir, run);
  return dir;
}

/** Rewrite run.json of a run directory (text as given, or a value written as the gate writes it). */
export function writeRunJson(dir: string, run: unknown): void {
  writeFileSync(join(dir, 'run.json'), typeof run === 'string' ? run : JSON.stringify(run, keepNonFinite, 1));
}

/** As run.json writes them (src/run/run-files.ts): non-finite numbers as {"$nonFinite": "Infinity"}. */
const keepNonFinite = (_: string, v: unknown) =>
  typeof v === 'number' && !Number.isFinite(v) ? { $nonFinite: String(v) } : v;
