import { describe, expect, it } from 'vitest';
import type { SeriesAnalysis, SiteAnalysis } from '../../src/analyze/analyze.js';
import { baselineByFunction, differenceLowerBound, judge, judgeSites } from '../../src/compare.js';
import { buildConfig, parseRunArgs } from '../../src/config.js';
import { comparabilityNotes } from '../../src/engine.js';

function fit(slopePerMinute: number, sePerMinute: number, extra: Partial<SeriesAnalysis> = {}): SeriesAnalysis {
  const z = 2.5758293035489;
  return {
    n: 36,
    slopePerMinute,
    ciLow: slopePerMinute - z * sePerMinute,
    ciHigh: slopePerMinute + z * sePerMinute,
    sePerMinute,
    trendP: slopePerMinute - z * sePerMinute > 0 ? 1e-6 : 0.3,
    noise: 1,
    lastHalfSlopePerMinute: slopePerMinute,
    lastHalfCiHigh: slopePerMinute + 3 * z * sePerMinute,
    lastHalfCiLow: slopePerMinute - 3 * z * sePerMinute,
    plateau: false,
    minDetectablePerMinute: 3.4 * sePerMinute,
    // Independent noise and a large sample: the t quantiles are the normal ones.
    df: 1e9,
    autocorrelation: 0,
    effectiveN: 36,
    periodS: null,
    lastHalfSePerMinute: 3 * sePerMinute,
    lastHalfDf: 1e9,
    resolutionPerMinute: 0,
    inconclusive: null,
    caveat: null,
    suggestedDurationS: null,
    worstCaseSePerMinute: Infinity,
    first: 0,
    last: 0,
    ...extra,
  };
}
const rule = { absolute: 16384, relative: 0.25 };

describe('budgets are judged on the lower confidence bound', () => {
  it('fails only when the lower bound is above the budget', () => {
    expect(judge(fit(100_000, 10_000), 'bytes', 0.99, 65536, null, rule).verdict).toBe('fail'); // low = 74 KiB/min
    expect(judge(fit(80_000, 10_000), 'bytes', 0.99, 65536, null, rule).verdict).toBe('pass'); // point above, bound below
  });
  it('does not fail a plateau, and says why', () => {
    const j = judge(
      fit(100_000, 10_000, { plateau: true, lastHalfSlopePerMinute: 100, lastHalfCiLow: -5000 }),
      'bytes',
      0.99,
      0,
      null,
      rule,
    );
    expect(j.verdict).toBe('pass');
    expect(j.reason).toMatch(/levelled off/);
  });
  it('still fails what keeps growing over the budget after a fast fill', () => {
    // A cache filling at 10 MiB/min, plus a 1 MiB/min leak that goes on after it is full.
    const j = judge(
      fit(10 * 1048576, 100_000, { plateau: true, lastHalfSlopePerMinute: 1048576, lastHalfCiLow: 900_000 }),
      'bytes',
      0.99,
      65536,
      null,
      rule,
    );
    expect(j.verdict).toBe('fail');
    expect(j.reason).toMatch(/kept growing at 1\.00 MiB\/min/);
  });
  it("quotes sensitivity with both runs' errors against a baseline", () => {
    const alone = judge(fit(0, 1000), 'bytes', 0.99, 0, null, rule).minDetectablePerMinute;
    const vs = judge(
      fit(0, 1000),
      'bytes',
      0.99,
      null,
      { slopePerMinute: 0, sePerMinute: 1000, ciLow: 0, ciHigh: 0, n: 30, df: 1e9 },
      rule,
    ).minDetectablePerMinute;
    expect(vs / alone).toBeCloseTo(Math.SQRT2, 6);
  });
  it('needs the trend test to agree', () => {
    expect(judge(fit(100_000, 10_000, { trendP: 0.2 }), 'bytes', 0.99, 0, null, rule).verdict).toBe('pass');
  });
});

describe('baseline regressions are judged on the difference', () => {
  const base = { slopePerMinute: 50_000, sePerMinute: 10_000, ciLow: 0, ciHigh: 0, n: 36 };
  it('combines both standard errors', () => {
    expect(
      differenceLowerBound(
        { slopePerMinute: 150_000, sePerMinute: 30_000 },
        { slopePerMinute: 50_000, sePerMinute: 40_000 },
        0.99,
      ),
    ).toBeCloseTo(100_000 - 2.5758293035489 * 50_000, 3);
  });
  it('fails a clear regression and passes the same slope as the baseline', () => {
    const worse = judge(fit(200_000, 10_000), 'bytes', 0.99, null, base, rule);
    expect(worse.verdict).toBe('fail');
    expect(worse.baselineSlopePerMinute).toBe(50_000);
    expect(worse.reason).toMatch(/faster than the baseline/);
    expect(judge(fit(55_000, 10_000), 'bytes', 0.99, null, base, rule).verdict).toBe('pass');
  });
  it('allows the relative tolerance (25% of the baseline slope)', () => {
    const big = { ...base, slopePerMinute: 1_000_000, sePerMinute: 1000 };
    expect(judge(fit(1_200_000, 1000), 'bytes', 0.99, null, big, rule).verdict).toBe('pass');
    expect(judge(fit(1_300_000, 1000), 'bytes', 0.99, null, big, rule).verdict).toBe('fail');
  });
  it('does not call a flat head a regression against a shrinking baseline', () => {
    const shrinking = { ...base, slopePerMinute: -500_000, sePerMinute: 1000 };
    expect(judge(fit(0, 1000), 'bytes', 0.99, null, shrinking, rule).verdict).toBe('pass');
  });
});

function site(fn: string, line: number, slope: number, se: number): SiteAnalysis {
  return {
    key: `${fn}:${line}`,
    confidence: 0.999,
    function: fn,
    file: `/src/${fn}.go`,
    line,
    stack: [],
    fit: fit(slope, se),
    lastValue: 1,
  };
}

describe('sites', () => {
  it("match the baseline by function name, not line, summing a function's sites", () => {
    const byFn = baselineByFunction([
      {
        function: 'main.a',
        file: 'a.go',
        line: 10,
        slopePerMinute: 100,
        sePerMinute: 3,
        ciLow: 0,
        ciHigh: 0,
        n: 30,
        last: 0,
      },
      {
        function: 'main.a',
        file: 'a.go',
        line: 20,
        slopePerMinute: 50,
        sePerMinute: 4,
        ciLow: 0,
        ciHigh: 0,
        n: 30,
        last: 0,
      },
    ]);
    expect(byFn.get('main.a')).toMatchObject({ slopePerMinute: 150, sePerMinute: 5 });
  });
  it('sort failing sites first, then by slope; a site moved to another line keeps its baseline', () => {
    const results = judgeSites(
      [site('main.small', 1, 1000, 100), site('main.moved', 99, 500_000, 1000), site('main.new', 5, 400_000, 1000)],
      'heap_live',
      [],
      [
        {
          function: 'main.moved',
          file: '/src/main.moved.go',
          line: 12,
          slopePerMinute: 500_000,
          sePerMinute: 1000,
          ciLow: 0,
          ciHigh: 0,
          n: 30,
          last: 0,
        },
      ],
      'bytes',
    );
    expect(results.map((r) => [r.site.function, r.judgement.verdict])).toEqual([
      ['main.new', 'fail'],
      ['main.moved', 'pass'],
      ['main.small', 'pass'],
    ]);
    expect(results[0].judgement.baselineSlopePerMinute).toBeNull();
    expect(results[1].judgement.baselineSlopePerMinute).toBe(500_000);
  });
  it('explain a failure, never make one: a growing site is not counted while the heap as a whole is within limits', () => {
    const b = [{ metric: 'heap_live' as const, perMinute: 65536, source: 'default' as const }];
    const r = judgeSites([site('main.cacheStore', 31, 4_000_000, 100_000)], 'heap_live', b, null, 'bytes', false);
    expect(r[0].judgement.verdict).toBe('pass');
    expect(r[0].judgement.reason).toMatch(/not counted: heap_live as a whole is within its limits/);
    expect(
      judgeSites([site('main.cacheStore', 31, 4_000_000, 100_000)], 'heap_live', b, null, 'bytes', true)[0].judgement
        .verdict,
    ).toBe('fail');
  });
  it('are judged against the heap budget without a baseline', () => {
    const r = judgeSites(
      [site('main.leak', 1, 3_000_000, 10_000), site('main.ok', 2, 1000, 1000)],
      'heap_live',
      [{ metric: 'heap_live', perMinute: 16384, source: 'default' }],
      null,
      'bytes',
    );
    expect(r.map((x) => x.judgement.verdict)).toEqual(['fail', 'pass']);
  });
});

describe('comparability with the baseline', () => {
  const cfg = buildConfig(parseRunArgs(['--start', 'x', '--duration', '60s']));
  const baseline = (run: object) => ({
    schemaVersion: 1,
    kind: 'go-mem-gate-baseline' as const,
    createdAt: '',
    tool: '',
    metrics: {},
    sites: [],
    goroutineSites: [],
    run: { durationS: 60, intervalS: 1, warmupS: 10, profileRate: 65536, samples: 61, confidence: 0.99, ...run },
  });
  it('says nothing when the runs match', () => {
    expect(comparabilityNotes(baseline({}), cfg, 65536)).toEqual([]);
  });
  it('says what is less comparable: profile rate, run length, interval', () => {
    const notes = comparabilityNotes(baseline({ profileRate: 524288, durationS: 300, intervalS: 2 }), cfg, 65536);
    expect(notes).toHaveLength(3);
    expect(notes[0]).toMatch(
      /heap profile rate of 512 KiB, this run at 64\.0 KiB: metric slopes compare exactly, site slopes are estimates of different precision/,
    );
    expect(notes[1]).toMatch(/the baseline ran for 5m, this run for 1m/);
    expect(notes[2]).toMatch(/every 2s, this run every 1s/);
  });
});
