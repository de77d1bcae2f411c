import { describe, expect, it } from 'vitest';
import { ols, olsAdjusted } from '../../../src/analyze/stats/ols.js';

describe('ols', () => {
  // Hand-computed: x = 1..5, y = [1, 3, 2, 5, 4]; Sxx = 10, Sxy = 8, slope 0.8, intercept 3 - 0.8*3 = 0.6;
  // residuals [-0.4, 0.8, -1, 1.2, -0.6], RSS = 3.6, s = sqrt(3.6/3) = 1.0954, se = s/sqrt(10) = 0.3464.
  const x = [1, 2, 3, 4, 5];
  const y = [1, 3, 2, 5, 4];
  it('OLS', () => {
    const fit = ols(x, y);
    expect(fit.n).toBe(5);
    expect(fit.slope).toBeCloseTo(0.8, 14);
    expect(fit.intercept).toBeCloseTo(0.6, 14);
    expect(fit.residualSd).toBeCloseTo(1.0954451150103321, 12);
    expect(fit.se).toBeCloseTo(0.34641016151377546, 12);
  });

  it('degenerate input: n < 3 or all x equal gives se Infinity', () => {
    expect(ols([], [])).toEqual({ n: 0, slope: 0, intercept: 0, se: Infinity, residualSd: 0 });
    expect(ols([0, 10], [100, 150]).slope).toBe(5);
    expect(ols([5, 5, 5], [1, 2, 3]).se).toBe(Infinity);
    expect(() => ols([1], [1, 2])).toThrow(RangeError);
  });
});

describe('olsAdjusted', () => {
  it('recovers the coefficient of x with z held fixed, exactly on exact data', () => {
    const f = olsAdjusted([0, 1, 2, 3, 4, 5], [0, 1, 0, 1, 0, 1], [0, 7, 4, 11, 8, 15]);
    expect(f.slope).toBeCloseTo(2, 12);
    expect(f.residualSd).toBeCloseTo(0, 10);
  });
  it('is not identified when z explains x', () => {
    const f = olsAdjusted([0, 1, 2, 3, 4], [0, 2, 4, 6, 8], [1, 2, 3, 4, 5]);
    expect(f.se).toBe(Infinity);
  });
});
