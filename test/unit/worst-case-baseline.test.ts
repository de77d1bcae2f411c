/**
 * Against a baseline whose own slope was too uncertain (too few effective samples), overwhelming growth is still
 * a regression when the baseline saved its worst-case error: both sides are then bounded the worst way, with
 * no estimate of either's autocorrelation (the same-job and head-against-baseline runs that ended inconclusive
 * on a loaded machine, issue 10).
 */
import { describe, expect, it } from 'vitest';
import { combineSlopes } from '../../src/ab.js';
import { analyzeSeries } from '../../src/analyze/analyze.js';
import { parseBaseline } from '../../src/baseline.js';
import { judge, worstCaseZ } from '../../src/compare.js';
import { gaussian, mulberry32 } from '../helpers/series.js';

const KIB = 1024;
const rule = { absolute: 32 * KIB, relative: 0.25 };

/** 51 points from t = 10 s: a level that wanders (AR(1) phi 0.9, s.d. 8 KiB, a steady service's) plus a trend. */
function run(slopePerS: number, seed: number) {
  const g = gaussian(mulberry32(seed));
  const t = Array.from({ length: 51 }, (_, i) => 10 + i);
  let e = 8 * KIB * g();
  const v = t.map((x) => {
    e = 0.9 * e + Math.sqrt(1 - 0.81) * 8 * KIB * g();
    return 64 * 2 ** 20 + slopePerS * (x - 10) + e;
  });
  return analyzeSeries({ t, v }, 0.99);
}

const slopeOf = (a: ReturnType<typeof run>, withWorst: boolean) => ({
  slopePerMinute: a.slopePerMinute,
  sePerMinute: a.sePerMinute,
  ciLow: a.ciLow,
  ciHigh: a.ciHigh,
  n: a.n,
  df: a.df,
  ...(withWorst ? { worstCaseSePerMinute: a.worstCaseSePerMinute } : {}),
});

describe('a baseline too uncertain for a difference test', () => {
  // Find a steady base that is inconclusive on its own (df under 8): common with this much wander.
  const seeds = Array.from({ length: 60 }, (_, i) => i + 1);
  const base = seeds.map((s) => run(0, s)).find((a) => a.df < 8 && Number.isFinite(a.worstCaseSePerMinute))!;

  it('is found in this setting', () => {
    expect(base).toBeTruthy();
  });

  it('a head growing 8 KiB/s fails against it when the baseline saved its worst-case error', () => {
    let fails = 0;
    let before = 0;
    for (let s = 100; s < 120; s++) {
      const head = run(8 * KIB, s);
      if (judge(head, 'bytes', 0.99, null, slopeOf(base, true), rule).verdict === 'fail') fails++;
      if (judge(head, 'bytes', 0.99, null, slopeOf(base, false), rule).verdict === 'fail') before++;
    }
    expect(fails).toBe(20);
    // Without the saved bound the same heads were inconclusive whenever their own estimate was.
    expect(before).toBeLessThan(10);
  });

  it('a steady head never fails against it, worst case or not (200 pairs)', () => {
    for (let s = 200; s < 400; s++) {
      const head = run(0, s);
      expect(judge(head, 'bytes', 0.99, null, slopeOf(base, true), rule).verdict).not.toBe('fail');
    }
  });

  it('the worst-case error survives a baseline file and the same-job combination of two base runs', () => {
    const file = parseBaseline(
      {
        schemaVersion: 1,
        kind: 'go-mem-gate-baseline',
        tool: 'go-mem-gate test',
        run: { durationS: 60, intervalS: 1, warmupS: 10, profileRate: null, samples: 61, confidence: 0.99 },
        metrics: { heap_live: slopeOf(base, true) },
        sites: [],
        goroutineSites: [],
      },
      'b.json',
    );
    expect(file.metrics.heap_live?.worstCaseSePerMinute).toBeCloseTo(base.worstCaseSePerMinute, 6);
    const c = combineSlopes(slopeOf(base, true), slopeOf(run(0, 7), true), 0.99);
    expect(c.worstCaseSePerMinute).toBeGreaterThan(0);
    expect(Number.isFinite(c.worstCaseSePerMinute)).toBe(true);
  });
});

describe('a fill-only baseline whose whole run says too little', () => {
  // A fill that levelled off, read on a loaded machine: the whole window had 3 effective samples (a line through
  // the bend) and no plateau was called, while its last half was well measured. Growth after the head's fill is
  // compared with that last half (before, with the whole run's slope: "too uncertain", inconclusive).
  const base = {
    slopePerMinute: 3.4 * 2 ** 20,
    sePerMinute: 2.5 * 2 ** 20,
    ciLow: -2 * 2 ** 20,
    ciHigh: 9 * 2 ** 20,
    n: 59,
    df: 1,
    plateau: false,
    lastHalfSlopePerMinute: 30 * KIB,
    lastHalfSePerMinute: 5 * KIB,
    lastHalfDf: 26,
  };
  const t = Array.from({ length: 59 }, (_, i) => 2 + i);
  const g = gaussian(mulberry32(4));
  const fill = (leakPerS: number) =>
    analyzeSeries(
      { t, v: t.map((x) => 2 ** 20 * Math.min(x, 16) * 0.5 + (x > 16 ? leakPerS * (x - 16) : 0) + 2 * KIB * g()) },
      0.99,
    );

  it('a leak of 16 KiB/s after the fill fails against its last half', () => {
    const head = fill(16 * KIB);
    expect(head.plateau).toBe(true);
    const j = judge(head, 'bytes', 0.99, null, base, rule);
    expect(j.verdict, j.reason).toBe('fail');
    expect(j.reason).toMatch(/kept growing/);
  });

  it('the same fill without the leak passes', () => {
    expect(judge(fill(0), 'bytes', 0.99, null, base, rule).verdict).not.toBe('fail');
  });
});

describe('the minimum detectable growth of a run too correlated for its interval', () => {
  it('is what the worst-case bound can see when that is less than the wide interval can', () => {
    const fit = run(8 * KIB, 101);
    expect(fit.inconclusive).not.toBeNull();
    const j = judge(fit, 'bytes', 0.99, 64 * KIB, null, rule);
    const worst = (worstCaseZ(fit.n) * 2.5758293035489004 + 0.8416212335729143) * fit.worstCaseSePerMinute;
    expect(j.minDetectablePerMinute).toBeLessThanOrEqual(worst * (1 + 1e-9));
    // It failed on that bound, so what it could catch must not read as more than it caught.
    if (j.verdict === 'fail') expect(j.minDetectablePerMinute).toBeLessThan(fit.slopePerMinute);
  });
});
