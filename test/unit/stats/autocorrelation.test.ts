import { describe, expect, it } from 'vitest';
import {
  biasCorrectedLag1,
  effectiveSampleSize,
  effectiveSize,
  lag1Autocorrelation,
  lagAutocorrelation,
  MAX_AUTOCORRELATION,
} from '../../../src/analyze/stats/autocorrelation.js';
import { gaussian, mulberry32 } from '../../helpers/series.js';

describe('lag-1 autocorrelation, by hand', () => {
  it('[1, 2, 3, 4]: deviations -1.5 -0.5 0.5 1.5, (0.75 - 0.25 + 0.75) / 5 = 0.25', () => {
    expect(lag1Autocorrelation([1, 2, 3, 4])).toBeCloseTo(0.25, 14);
  });
  it('[2, 0, 1, 3, 0, 2]: mean 4/3, sum of lagged products -16/9 over 62/9', () => {
    // deviations 2/3, -4/3, -1/3, 5/3, -4/3, 2/3; products -8/9, 4/9, -5/9, -20/9, -8/9 -> -37/9
    // squares 4/9 16/9 1/9 25/9 16/9 4/9 -> 66/9; r1 = -37/66
    expect(lag1Autocorrelation([2, 0, 1, 3, 0, 2])).toBeCloseTo(-37 / 66, 14);
    expect(lagAutocorrelation([2, 0, 1, 3, 0, 2], 1)).toBeCloseTo(-37 / 66, 14);
    // lag 2: (2/3)(-1/3) + (-4/3)(5/3) + (-1/3)(-4/3) + (5/3)(2/3) = (-2 - 20 + 4 + 10) / 9 = -8/9
    expect(lagAutocorrelation([2, 0, 1, 3, 0, 2], 2)).toBeCloseTo(-8 / 66, 14);
  });
  it('is 0 when undefined', () => {
    expect(lag1Autocorrelation([5, 5, 5, 5])).toBe(0);
    expect(lag1Autocorrelation([1, 2])).toBe(0);
  });
});

describe('bias correction', () => {
  it('solves r = rho - (2 + 4 rho) / n for rho around a line, (1 + 3 rho) / n around a mean', () => {
    // 12 values with r1 = 0.25 exactly is awkward to build; use the formula on a series with a known r1.
    const e = [1, -1, 2, 0, 1, -2, -1, 0, 2, 1, -1, 0];
    const r = lag1Autocorrelation(e);
    const n = e.length;
    expect(biasCorrectedLag1(e)).toBeCloseTo(Math.max(0, (n * r + 2) / (n - 4)), 14);
    expect(biasCorrectedLag1(e, 1)).toBeCloseTo(Math.max(0, (n * r + 1) / (n - 3)), 14);
    expect(biasCorrectedLag1(e, 4)).toBeCloseTo(Math.max(0, (n * r + 4) / (n - 8)), 14);
  });
  it('r1 = 0.7 on 1..10 becomes (7 + 2) / 6 = 1.5, clamped to the maximum', () => {
    expect(biasCorrectedLag1([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBe(MAX_AUTOCORRELATION);
  });
  it('never goes negative (never narrows an interval)', () => {
    expect(biasCorrectedLag1([1, -1, 1, -1, 1, -1, 1, -1])).toBe(0);
  });
  it('removes the bias around a fitted line: simulated AR(1) residuals, n = 51', () => {
    const g = gaussian(mulberry32(3));
    for (const phi of [0, 0.5, 0.8]) {
      let raw = 0;
      let corrected = 0;
      const runs = 2000;
      for (let k = 0; k < runs; k++) {
        const y = [g()];
        for (let i = 1; i < 51; i++) y.push(phi * y[i - 1]! + Math.sqrt(1 - phi * phi) * g());
        // Residuals around the least-squares line.
        const n = y.length;
        const mx = (n - 1) / 2;
        const my = y.reduce((a, b) => a + b, 0) / n;
        let sxy = 0;
        let sxx = 0;
        for (let i = 0; i < n; i++) {
          sxy += (i - mx) * (y[i]! - my);
          sxx += (i - mx) ** 2;
        }
        const e = y.map((v, i) => v - my - (sxy / sxx) * (i - mx));
        raw += lag1Autocorrelation(e) / runs;
        corrected += (n * lag1Autocorrelation(e) + 2) / (n - 4) / runs;
      }
      expect(Math.abs(corrected - phi)).toBeLessThan(0.045);
      expect(Math.abs(corrected - phi)).toBeLessThan(Math.abs(raw - phi));
    }
  });
});

describe('effective sample size', () => {
  it('n (1 - rho) / (1 + rho)', () => {
    expect(effectiveSampleSize(51, 0)).toBe(51);
    expect(effectiveSampleSize(51, 0.5)).toBeCloseTo(17, 12);
    expect(effectiveSampleSize(100, 0.8)).toBeCloseTo(100 / 9, 12);
    expect(effectiveSampleSize(30, -0.4)).toBe(30);
  });
  it('equals the AR(1) size when the autocorrelation decays like AR(1), and is smaller with a slow decay', () => {
    const g = gaussian(mulberry32(9));
    const ar: number[] = [g()];
    for (let i = 1; i < 400; i++) ar.push(0.6 * ar[i - 1]! + 0.8 * g());
    const es = effectiveSize(ar);
    expect(es.decay).toBeGreaterThanOrEqual(es.rho);
    expect(es.n).toBeLessThanOrEqual(effectiveSampleSize(400, es.rho) + 1e-9);
    // A slowly drifting level read with jitter: r1 moderate, decay slow.
    const level: number[] = [0];
    for (let i = 1; i < 400; i++) level.push(0.97 * level[i - 1]! + 0.25 * g());
    const jittered = level.map((x) => x + g());
    const j = effectiveSize(jittered);
    expect(j.decay).toBeGreaterThan(j.rho + 0.2);
    expect(j.n).toBeLessThan(0.6 * effectiveSampleSize(400, j.rho));
  });
  it('white noise keeps about all its samples', () => {
    const g = gaussian(mulberry32(4));
    const e = Array.from({ length: 200 }, g);
    expect(effectiveSize(e).n).toBeGreaterThan(150);
  });
});
