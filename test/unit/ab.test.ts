import { describe, expect, it } from 'vitest';
import { baseHalfConfig, combineBaselines, combineSlopes } from '../../src/ab.js';
import type { Baseline } from '../../src/baseline.js';
import { buildConfig, parseRunArgs } from '../../src/config.js';

const slope = (s: number, se: number, n = 10) => ({
  slopePerMinute: s,
  sePerMinute: se,
  ciLow: s - 2 * se,
  ciHigh: s + 2 * se,
  n,
});

describe('combining the two base runs', () => {
  it('weights each half by 1/se² (known answer) and shrinks the standard error', () => {
    // weights 1 and 4: (1*10 + 4*20) / 5 = 18; se = 1/sqrt(5)
    const c = combineSlopes(slope(10, 1), slope(20, 0.5), 0.95);
    expect(c.slopePerMinute).toBeCloseTo(18, 10);
    expect(c.sePerMinute).toBeCloseTo(1 / Math.sqrt(5), 10);
    expect(c.ciLow).toBeCloseTo(18 - 1.959964 / Math.sqrt(5), 5);
    expect(c.n).toBe(20);
  });
  it('keeps the degrees of freedom (Welch-Satterthwaite), the plateau and the last halves', () => {
    const a = {
      slopePerMinute: 10,
      sePerMinute: 1,
      ciLow: 0,
      ciHigh: 0,
      n: 21,
      df: 3,
      plateau: true,
      lastHalfSlopePerMinute: 1,
      lastHalfSePerMinute: 1,
      lastHalfDf: 2,
    };
    const b = { ...a, slopePerMinute: 20, df: 3, lastHalfSlopePerMinute: 3 };
    const c = combineSlopes(a, b, 0.99);
    // Equal weights: df = W² / Σ wᵢ²/dfᵢ = 4 / (1/3 + 1/3) = 6.
    expect(c.df).toBeCloseTo(6, 9);
    expect(c.plateau).toBe(true);
    expect(c.lastHalfSlopePerMinute).toBeCloseTo(2, 9);
    expect(c.lastHalfDf).toBeCloseTo(4, 9);
  });
  it('takes the usable side when one has no finite error, and has no information (df 0) when neither does', () => {
    const a = { slopePerMinute: 10, sePerMinute: 1, ciLow: 8, ciHigh: 12, n: 21, df: 12 };
    const u = { slopePerMinute: 5, sePerMinute: Infinity, ciLow: -Infinity, ciHigh: Infinity, n: 21 };
    expect(combineSlopes(a, u, 0.99)).toMatchObject({ slopePerMinute: 10, sePerMinute: 1, n: 42, df: 12 });
    const none = combineSlopes(u, u, 0.99);
    expect(Number.isNaN(none.slopePerMinute)).toBe(false);
    expect(none.df).toBe(0);
  });
  it('does not let a zero standard error take all the weight', () => {
    const c = combineSlopes(slope(0, 0), slope(100, 10), 0.95);
    expect(c.slopePerMinute).toBe(50);
    expect(c.sePerMinute).toBeCloseTo(10 / Math.SQRT2, 10);
  });
  it('combines metrics and sites by function, keeps sites seen in one run, and averages the series for the chart', () => {
    const base = (s: number, fn: string, t0: number): Baseline => ({
      schemaVersion: 1,
      kind: 'go-mem-gate-baseline',
      createdAt: '',
      tool: '',
      run: { durationS: 15, intervalS: 1, warmupS: 2, profileRate: 4096, samples: 16, confidence: 0.99 },
      metrics: { heap_live: slope(s, 1) },
      sites: [{ function: fn, file: 'f.go', line: 1, last: 10, ...slope(s, 1) }],
      goroutineSites: [],
      series: { t: [t0, t0 + 1, t0 + 2], heapLive: [1, 2, s] },
    });
    const c = combineBaselines(base(10, 'main.a', 0), base(30, 'main.b', 0));
    expect(c.metrics.heap_live!.slopePerMinute).toBeCloseTo(20, 10);
    expect(c.sites.map((s) => s.function)).toEqual(['main.a', 'main.b']);
    expect(c.series).toEqual({ t: [0, 1, 2], heapLive: [1, 2, 20] });
    expect(c.run).toMatchObject({ durationS: 15, samples: 32 });
  });
});

describe('--base-start', () => {
  const cfg = (...a: string[]) => buildConfig(parseRunArgs(['--start', './head', ...a]));
  it('runs each base run for the whole duration in its own directory, on the same settings', () => {
    const c = cfg('--base-start', './base', '--duration', '60s', '--out', 'o');
    expect(c.budgets).toEqual([]); // judged against the base, not default budgets
    const want = {
      start: './base',
      baseStart: null,
      durationS: 60,
      out: 'o/base-2',
      pprofUrl: c.pprofUrl,
      warmupS: c.warmupS,
    };
    expect(baseHalfConfig(c, 2)).toMatchObject(want);
  });
  it('refuses a baseline file beside it in one line', () => {
    const msg = /^--base-start measures the base build in this run: drop --baseline/;
    expect(() => cfg('--base-start', './base', '--baseline', 'b.json')).toThrow(msg);
  });
});
