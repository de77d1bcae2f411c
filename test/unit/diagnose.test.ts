import { describe, expect, it } from 'vitest';
import type { SeriesAnalysis } from '../../src/analyze/analyze.js';
import { assessAttribution } from '../../src/analyze/attribution.js';
import { type DiagnoseInput, type DiagnoseSite, diagnose, isMapAssignLine } from '../../src/analyze/diagnose.js';
import { parseGoroutineDump } from '../../src/analyze/goroutinedump.js';
import { parseSmapsRollup, sumSplits } from '../../src/analyze/smaps.js';

/** A fit with a given slope per minute; grows significantly when ciLow > 0. */
function fit(slopePerMinute: number, opts: { ciLow?: number; first?: number; last?: number } = {}): SeriesAnalysis {
  const ciLow = opts.ciLow ?? slopePerMinute * 0.8;
  return {
    n: 30,
    slopePerMinute,
    ciLow,
    ciHigh: slopePerMinute * 1.2,
    sePerMinute: Math.abs(slopePerMinute) / 10,
    df: 28,
    trendP: ciLow > 0 ? 1e-6 : 0.4,
    noise: 1,
    autocorrelation: 0,
    effectiveN: 30,
    periodS: null,
    lastHalfSlopePerMinute: slopePerMinute,
    lastHalfCiHigh: slopePerMinute,
    lastHalfCiLow: 0,
    lastHalfSePerMinute: Math.abs(slopePerMinute) / 5,
    lastHalfDf: 13,
    plateau: false,
    resolutionPerMinute: 1,
    inconclusive: null,
    caveat: null,
    worstCaseSePerMinute: Math.abs(slopePerMinute) / 10,
    suggestedDurationS: null,
    minDetectablePerMinute: 1,
    first: opts.first ?? 100,
    last: opts.last ?? 200,
  };
}

const MiB = 1024 * 1024;
const site = (fn: string, slope: number, extra: Partial<DiagnoseSite> = {}): DiagnoseSite => ({
  function: fn,
  file: '/src/app/main.go',
  line: 10,
  slopePerMinute: slope,
  ciLow: slope / 2,
  ...extra,
});

function input(over: Partial<DiagnoseInput> & { verdicts?: Record<string, [string, SeriesAnalysis]> }): DiagnoseInput {
  const verdicts = over.verdicts ?? {};
  return {
    metrics: Object.entries(verdicts).map(([name, [verdict, f]]) => ({ name: name as 'heap_live', verdict, fit: f })),
    fragmentation: null,
    runtimeTotal: null,
    heapSites: [],
    goroutineSites: [],
    goroutineDump: null,
    goroutineLeak: null,
    smaps: null,
    alpha: 0.005,
    ...over,
  };
}

describe('unpruned-map', () => {
  it('is claimed when objects grow with bytes and a growing site is a map assignment, numbers in the line', () => {
    const ds = diagnose(
      input({
        verdicts: { heap_live: ['fail', fit(3 * MiB)], heap_objects: ['fail', fit(12000)] },
        heapSites: [
          site('main.remember', 2.5 * MiB, { source: '\tx := make([]byte, n)' }),
          site('main.remember', 0.4 * MiB, {
            line: 32,
            source: '\tremembered[n] = v // keep',
            inuseBytes: 102400,
            owner: { function: 'main.handle', file: '/src/app/main.go', line: 50 },
          }),
        ],
      }),
    );
    expect(ds).toHaveLength(1);
    expect(ds[0].kind).toBe('unpruned-map');
    expect(ds[0].evidence).toBe(
      'live heap +3.00 MiB/min and objects +12000/min grow together (about 262 B per new object); map ' +
        'growth at main.remember (main.go:32) `remembered[n] = v // keep`, called from main.handle ' +
        '(main.go:50), +410 KiB/min, 100 KiB in use at the end',
    );
  });

  it('is not claimed without a map site, nor when objects do not grow', () => {
    const noMap = input({
      verdicts: { heap_live: ['fail', fit(3 * MiB)], heap_objects: ['fail', fit(12000)] },
      heapSites: [site('main.remember', 3 * MiB, { source: 'x := make([]byte, n)' })],
    });
    expect(diagnose(noMap)).toEqual([]);
    const flat = input({
      verdicts: { heap_live: ['fail', fit(3 * MiB)], heap_objects: ['pass', fit(2, { ciLow: -5 })] },
      heapSites: [site('main.remember', 3 * MiB, { source: 'm[k] = v', bytesPerObject: 300 })],
    });
    expect(diagnose(flat).map((d) => d.kind)).not.toContain('unpruned-map');
  });

  it('falls back to a sampled map site under the same owner, saying what it holds', () => {
    const owner = { function: 'main.handle', file: '/src/app/main.go', line: 50 };
    const ds = diagnose(
      input({
        verdicts: { heap_live: ['fail', fit(3 * MiB)], heap_objects: ['fail', fit(12000)] },
        heapSites: [site('main.remember', 3 * MiB, { owner })],
        heapSitesSeen: [{ ...site('main.remember', 0, { line: 32, owner, source: 'm[k]++' }), inuseBytes: 65536 }],
      }),
    );
    expect(ds[0].evidence).toMatch(
      /a map assignment under the same caller, main\.remember \(main\.go:32\) `m\[k\]\+\+`.*holds 64\.0 KiB/,
    );
  });

  describe('only where the growth is: the map site carries the growth or sits with what does', () => {
    const KiB = 1024;
    const main = (fn: string, line: number) => ({ function: fn, file: '/src/app/main.go', line });
    const metrics = { heap_live: ['fail', fit(120 * KiB)], heap_objects: ['fail', fit(600)] } as Record<
      string,
      [string, SeriesAnalysis]
    >;
    // slowleak: every 100 ms main.recordEvent keeps a make([]byte, 204); net/http's own connection map grows a
    // little beside it (map frames at the leaf, as older Go shows them), under no owner of the service's code.
    const slowleak = [
      site('main.recordEvent', 112 * KiB, { source: '\tb := make([]byte, size)', owner: main('main.leak', 50) }),
      site('net/http.(*Server).trackConn', 5 * KiB, {
        file: '/usr/local/go/src/net/http/server.go',
        line: 3364,
        source: '\t\ts.activeConn[c] = struct{}{}',
        via: ['map'], // internal/runtime/maps frames at the leaf
        owner: null,
      }),
      site('runtime.malg', 3 * KiB, { file: '/usr/local/go/src/runtime/proc.go', line: 5274, owner: null }),
    ];

    it('slowleak-like: a library map growing beside the allocation that carries the growth is no map leak', () => {
      expect(diagnose(input({ verdicts: metrics, heapSites: slowleak })).map((d) => d.kind)).not.toContain(
        'unpruned-map',
      );
      // Nor the fallback: a map the profile saw, but not where the growth is.
      const seen = [{ ...slowleak[1], slopePerMinute: 0, inuseBytes: 65536, owner: main('main.serve', 9) }];
      const withSeen = input({ verdicts: metrics, heapSites: [slowleak[0]], heapSitesSeen: seen });
      expect(diagnose(withSeen).map((d) => d.kind)).not.toContain('unpruned-map');
    });

    it('mapleak-like: the map assignment sits with the value allocation that carries the growth', () => {
      const owner = main('main.main.func1', 30);
      const mapleak = [
        site('main.rememberRequest', 95 * KiB, { source: '\tv := make([]byte, size)', owner }),
        site('main.rememberRequest', 18 * KiB, { line: 22, source: '\tremembered[n] = v', owner }),
        slowleak[1],
      ];
      const ds = diagnose(input({ verdicts: metrics, heapSites: mapleak }));
      expect(ds.map((d) => d.kind)).toEqual(['unpruned-map']);
      expect(ds[0].evidence).toMatch(/map growth at main\.rememberRequest \(main\.go:22\) `remembered\[n\] = v`/);
    });

    it('a map site with a quarter of the growth or more is the leak wherever it is', () => {
      const big = { ...slowleak[1], slopePerMinute: 40 * KiB };
      const ds = diagnose(input({ verdicts: metrics, heapSites: [slowleak[0], big] }));
      expect(ds.map((d) => d.kind)).toEqual(['unpruned-map']);
      expect(ds[0].evidence).toMatch(/map growth at net\/http\.\(\*Server\)\.trackConn/);
    });
  });

  it('recognises map assignments that cannot allocate on their right-hand side', () => {
    expect(isMapAssignLine('\tremembered[n] = v')).toBe(true);
    expect(isMapAssignLine('v.kids[key] = c')).toBe(true);
    expect(isMapAssignLine('counts[path]++')).toBe(true);
    expect(isMapAssignLine('s[i] = make([]byte, 10)')).toBe(false);
    expect(isMapAssignLine('x := m[k]')).toBe(false);
    expect(isMapAssignLine('m[k] = &T{}')).toBe(false);
  });
});

describe('retained-slice', () => {
  it('is claimed when bytes grow far faster than objects at a large allocation', () => {
    const ds = diagnose(
      input({
        verdicts: { heap_live: ['fail', fit(37 * MiB)], heap_objects: ['fail', fit(600)] },
        heapSites: [site('main.readPayload', 36 * MiB, { bytesPerObject: 65536 })],
      }),
    );
    expect(ds.map((d) => d.kind)).toEqual(['retained-slice']);
    expect(ds[0].evidence).toBe(
      'live heap +37.0 MiB/min while objects +600/min (about 63.1 KiB per new object); largest grower ' +
        'main.readPayload (main.go:10): 64.0 KiB per object, +36.0 MiB/min',
    );
    expect(ds[0].hint).toMatch(/not what holds it/);
  });

  it('is not claimed for small objects', () => {
    const ds = diagnose(
      input({
        verdicts: { heap_live: ['fail', fit(1 * MiB)], heap_objects: ['pass', fit(0, { ciLow: -1 })] },
        heapSites: [site('main.keep', MiB, { bytesPerObject: 48 })],
      }),
    );
    expect(ds).toEqual([]);
  });
});

describe('blocked-goroutines', () => {
  const dump = parseGoroutineDump(`goroutine 1 [running]:
main.main()
\t/src/app/main.go:5 +0x1

goroutine 8 [chan receive, 3 minutes]:
main.waitForReply(0xc000010000)
\t/src/app/main.go:19 +0x25
created by main.startWorker in goroutine 7
\t/src/app/main.go:30 +0x3d

goroutine 9 [chan receive (leaked), 12 minutes]:
main.waitForReply(...)
\t/src/app/main.go:19
created by main.startWorker in goroutine 7
\t/src/app/main.go:30 +0x3d
`);

  it('parses wait reasons, minutes and creation sites from debug=2', () => {
    const g = dump.find((x) => x.stack[0].function === 'main.waitForReply' && x.waitReason === 'chan receive')!;
    expect(g).toMatchObject({
      count: 1,
      maxMinutes: 3,
      createdBy: { function: 'main.startWorker', file: '/src/app/main.go', line: 30 },
    });
    expect(g.stack[0]).toEqual({ function: 'main.waitForReply', file: '/src/app/main.go', line: 19 });
    expect(dump.find((x) => x.waitReason === 'chan receive (leaked)')?.maxMinutes).toBe(12);
    expect(dump.find((x) => x.waitReason === 'running')?.createdBy).toBeNull();
  });

  it('names the parking site, wait reason, minutes and creator; adds the leak profile only when there', () => {
    const base = {
      verdicts: { goroutines: ['fail', fit(3000, { first: 500, last: 1500 })] as [string, SeriesAnalysis] },
      goroutineSites: [site('main.waitForReply', 3000, { line: 19 })],
      goroutineDump: dump,
    };
    const [d] = diagnose(input(base));
    expect(d.kind).toBe('blocked-goroutines');
    expect(d.evidence).toBe(
      'goroutines +3000/min (500 to 1500); parked in main.waitForReply (main.go:19); 1 waiting on "chan ' +
        'receive" (blocked up to 3 min), created by main.startWorker (main.go:30)',
    );
    const [l] = diagnose(
      input({
        ...base,
        goroutineLeak: {
          total: 1400,
          sites: [{ function: 'main.waitForReply', file: '/src/app/main.go', line: 19, count: 1400 }],
        },
      }),
    );
    expect(l.evidence).toMatch(
      /the GC proves 1400 unreachable \(goroutineleak profile\), most at main\.waitForReply \(main\.go:19\)$/,
    );
  });

  it('is not claimed when goroutines pass', () => {
    expect(
      diagnose(
        input({
          verdicts: { goroutines: ['pass', fit(1, { ciLow: -1 })] },
          goroutineSites: [site('main.w', 1)],
          goroutineDump: dump,
        }),
      ),
    ).toEqual([]);
  });
});

describe('off-heap', () => {
  const rss = {
    verdicts: {
      rss: ['fail', fit(60 * MiB)] as [string, SeriesAnalysis],
      heap_live: ['pass', fit(10000, { ciLow: -1 })] as [string, SeriesAnalysis],
    },
  };

  it("is claimed when RSS outgrows the runtime's own total, split by smaps_rollup", () => {
    const first = parseSmapsRollup('Rss:  10240 kB\nPss: 1 kB\nAnonymous:  6144 kB\n')!;
    const last = parseSmapsRollup('Rss:  71680 kB\nAnonymous:  67584 kB\n')!;
    expect(first).toEqual({ rss: 10240 * 1024, anonymous: 6144 * 1024, fileBacked: 4096 * 1024 });
    expect(sumSplits([first, last]).anonymous).toBe((6144 + 67584) * 1024);
    const [d] = diagnose(
      input({
        ...rss,
        runtimeTotal: { fit: fit(0.5 * MiB), label: 'Sys − HeapReleased' },
        smaps: { first, last, spanS: 60 },
      }),
    );
    expect(d.kind).toBe('off-heap');
    expect(d.evidence).toBe(
      "RSS +60.0 MiB/min while the Go runtime's own total (Sys − HeapReleased) +512 KiB/min: about 59.5 " +
        'MiB/min is outside the Go heap; smaps_rollup: anonymous +60.0 MiB/min, file-backed +0 B/min',
    );
    expect(d.hint).toMatch(/anonymous/);
  });

  it("is not claimed when the runtime accounts for the growth, nor without the runtime's total", () => {
    const runtimeTotal = { fit: fit(55 * MiB), label: 'Sys − HeapReleased' };
    expect(diagnose(input({ ...rss, runtimeTotal }))).toEqual([]);
    expect(diagnose(input(rss))).toEqual([]);
  });
});

describe('fragmentation', () => {
  it('is claimed when HeapInuse − HeapAlloc grows while the live heap is flat; not a data leak', () => {
    const [d] = diagnose(
      input({
        verdicts: { heap_live: ['pass', fit(20 * 1024, { ciLow: -1 })] },
        fragmentation: fit(8 * MiB, { first: 4 * MiB, last: 12 * MiB }),
      }),
    );
    expect(d.kind).toBe('fragmentation');
    expect(d.evidence).toBe(
      'HeapInuse − HeapAlloc +8.00 MiB/min (4.00 MiB to 12.0 MiB) while the live heap +20.0 KiB/min',
    );
    expect(d.hint).toMatch(/^not a leak of the program's data/);
  });

  it('takes a rise of many times the noise when the interval could not be computed (a clean staircase)', () => {
    const staircase = { ...fit(28 * MiB, { first: 5 * MiB, last: 12 * MiB }), ciLow: NaN, trendP: 0.15, noise: 20e3 };
    const flatHeap = { heap_live: ['pass', fit(30 * 1024, { ciLow: -1 })] as [string, SeriesAnalysis] };
    expect(diagnose(input({ verdicts: flatHeap, fragmentation: staircase }))[0]?.kind).toBe('fragmentation');
    const small = { ...staircase, last: staircase.first! + 100e3 };
    expect(diagnose(input({ verdicts: flatHeap, fragmentation: small }))).toEqual([]);
  });

  it('is not claimed when the live heap grows too, or the gap does not grow significantly', () => {
    expect(diagnose(input({ verdicts: { heap_live: ['fail', fit(8 * MiB)] }, fragmentation: fit(8 * MiB) }))).toEqual(
      [],
    );
    expect(
      diagnose(
        input({ verdicts: { heap_live: ['pass', fit(0, { ciLow: -1 })] }, fragmentation: fit(8 * MiB, { ciLow: -1 }) }),
      ),
    ).toEqual([]);
  });
});

describe('attribution the sampling supports', () => {
  it('expects growth / period samples, and says plainly when that is too few', () => {
    // 1 KiB/s for 50 s at 64 KiB: 0.78 samples.
    const a = assessAttribution(60 * 1024, 50, 65536);
    expect(a.expectedSamples).toBeCloseTo(50 / 64, 6);
    expect(a.resolvable).toBe(false);
    expect(a.suggestedProfileRate).toBe(2048); // 50 KiB / 20 = 2560 -> power of 2 below
    expect(a.note).toBe(
      'the live heap grows at 60.0 KiB/min, which leaves about 0.8 heap-profile samples in the 50s ' +
        'analysed at a profile rate of 64.0 KiB: too few to tell which function it comes from, so no site is ' +
        'named as the cause. Rerun with --profile-rate 2048 (about 20 samples) or a longer --duration',
    );
    const b = assessAttribution(5 * MiB, 20, 65536);
    expect(b.resolvable).toBe(true);
    expect(b.note).toBeNull();
    expect(assessAttribution(-100, 50, 65536).expectedSamples).toBe(0);
  });
});
