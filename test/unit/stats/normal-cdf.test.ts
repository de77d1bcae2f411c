import { describe, expect, it } from 'vitest';
import { normalCdf } from '../../../src/analyze/stats/normal-cdf.js';
import { expectRelClose } from '../../helpers/stats.js';

describe('normalCdf', () => {
  // Reference values: scipy 1.17.1, scipy.stats.norm.cdf.
  it('matches known values', () => {
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 15);
    expect(normalCdf(-1.96)).toBeCloseTo(0.024997895148220435, 15);
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(0.5)).toBeCloseTo(0.6914624612740131, 15);
    expect(normalCdf(3)).toBeCloseTo(0.9986501019683699, 15);
    // Both sides of the series / continued-fraction switch at 2.5.
    expect(normalCdf(2.4999)).toBeCloseTo(0.9937885816250555, 15);
    expect(normalCdf(2.5)).toBeCloseTo(0.9937903346742238, 15);
  });

  it('keeps relative accuracy in the lower tail (small p-values)', () => {
    expectRelClose(normalCdf(-5), 2.866515718791933e-7, 1e-13);
    expectRelClose(normalCdf(-10), 7.61985302416047e-24, 1e-13);
    expectRelClose(normalCdf(-20), 2.7536241186061556e-89, 1e-12);
    expectRelClose(normalCdf(-37), 5.7255712225239266e-300, 1e-12);
  });

  it('is monotone and symmetric', () => {
    let prev = 0;
    for (let z = -8; z <= 8; z += 0.01) {
      const p = normalCdf(z);
      expect(p).toBeGreaterThanOrEqual(prev);
      expect(p + normalCdf(-z)).toBeCloseTo(1, 14);
      prev = p;
    }
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(NaN)).toBeNaN();
  });
});
