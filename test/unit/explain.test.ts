/**
 * The explanation of a recording (owners, shares, onset, attribution), on synthetic recordings built from
 * synthetic heap profiles: the leak allocates in a library called from main.handle, and starts at 30 s.
 */
import { describe, expect, it } from 'vitest';
import { summariseHeapProfile } from '../../src/analyze/profile.js';
import { SiteTimeline } from '../../src/analyze/timeline.js';
import { buildConfig, parseRunArgs } from '../../src/config.js';
import { evaluate } from '../../src/engine.js';
import type { Recording } from '../../src/run/record.js';
import { emptySample } from '../../src/run/sample.js';
import { gaussian, mulberry32 } from '../helpers/series.js';
import { synthHeap } from '../helpers/synth-profile.js';

const LIB = { fn: 'example.com/metrics.(*Vec).With', file: '/go/pkg/mod/example.com/metrics@v1.0.0/vec.go', line: 40 };
const HANDLER = { fn: 'main.handle', file: '/src/app/main.go', line: 12 };
const BUFIO = { fn: 'bufio.NewReaderSize', file: '/usr/lib/go/src/bufio/bufio.go', line: 57 };
const HTTP = { fn: 'net/http.HandlerFunc.ServeHTTP', file: '/usr/lib/go/src/net/http/server.go', line: 2220 };

/** 61 samples at 1 s; the leak grows `rate` B/s from `onset` on, all allocated in the library under main.handle. */
function recording(rate: number, onset: number, period = 4096): Recording {
  const heapSites = new SiteTimeline();
  const heapOwners = new SiteTimeline();
  const samples = [];
  const noise = gaussian(mulberry32(7));
  for (let t = 0; t <= 60; t++) {
    const leaked = Math.round(rate * Math.max(0, t - onset));
    // Profile values are already scaled; the leak's in-use bytes as the profile would report them.
    const data = synthHeap(
      [
        { stack: ['runtime.mallocgc', LIB, HANDLER, HTTP], objects: Math.ceil(leaked / 64), bytes: leaked },
        { stack: [BUFIO, HTTP], objects: 4, bytes: 16384 },
      ],
      period,
    );
    const s = summariseHeapProfile(data);
    heapSites.add(t, s);
    heapOwners.add(t, s, s.owners);
    const sample = emptySample(t, t);
    // Live heap: 20 MB plus the leak, with white noise of 20 KB (seeded).
    sample.heapLive = 20e6 + leaked + 20e3 * noise();
    sample.heapObjects = 100000 + Math.ceil(leaked / 64);
    sample.goroutines = 10;
    sample.rss = 40e6 + leaked;
    samples.push(sample);
  }
  return {
    startedAt: '2026-01-01T00:00:00Z',
    readyAfterS: 0.1,
    samples,
    heapSites,
    goroutineSites: new SiteTimeline(),
    heapOwners,
    goroutineOwners: new SiteTimeline(),
    module: null,
    endState: null,
    periodInForce: period,
    load: { kind: 'none', stats: null, exit: null, endedRunEarly: false },
    service: { exit: null },
    skippedSamples: 0,
    error: null,
    wallS: 61,
  };
}

const cfg = buildConfig(parseRunArgs(['--start', 'x', '--duration', '60s']));

describe('explanation of a recording', () => {
  it('rolls a library leak up to the handler, with its share of the heap slope, and dates its onset', () => {
    const { report } = evaluate(cfg, recording(20480, 30), null, null);
    const heap = report.metrics.find((m) => m.name === 'heap_live')!;
    // Flat, then growth: a straight line leaves autocorrelated residuals, which the verdict may call inconclusive.
    expect(['fail', 'inconclusive']).toContain(heap.verdict);
    expect(report.owners).toHaveLength(1);
    expect(report.owners![0]).toMatchObject({ function: 'main.handle', file: '/src/app/main.go', line: 12 });
    expect(report.owners![0].share).toBeGreaterThan(0.8);
    expect(report.owners![0].sites).toEqual([`${LIB.fn} ${LIB.file}:${LIB.line}`]);
    expect(report.sites[0]).toMatchObject({ function: LIB.fn, owner: { function: 'main.handle' } });
    expect(Math.abs(heap.onsetS! - 30)).toBeLessThanOrEqual(2);
    expect(heap.slopeAfterOnsetPerMinute! / (20480 * 60)).toBeCloseTo(1, 1);
    expect(report.attribution).toMatchObject({ resolvable: true });
  });

  it('names no owner when the growth left too few profile samples, and says why', () => {
    // 20 KiB/s over the 50 s judged = 1000 KiB of growth at a 1 MiB rate: about one sample.
    const { report } = evaluate(cfg, recording(20480, 0, 1048576), null, null);
    expect(report.metrics.find((m) => m.name === 'heap_live')!.verdict).toBe('fail');
    expect(report.attribution!.resolvable).toBe(false);
    expect(report.attribution!.expectedSamples).toBeLessThan(2);
    expect(report.owners).toEqual([]);
    expect(report.notes.join('\n')).toMatch(/too few to tell which function it comes from/);
  });

  it('gives a passing metric no onset', () => {
    const { report } = evaluate(cfg, recording(0, 0), null, null);
    expect(report.metrics.every((m) => m.onsetS === undefined)).toBe(true);
    expect(report.diagnoses).toEqual([]);
  });
});
