import { describe, expect, it } from 'vitest';
import { normalCdf } from '../../../src/analyze/stats/normal-cdf.js';
import { normalQuantile } from '../../../src/analyze/stats/normal-quantile.js';
import { expectRelClose } from '../../helpers/stats.js';

describe('normalQuantile', () => {
  // Reference values: scipy 1.17.1, scipy.stats.norm.ppf (Cephes ndtri), e.g.
  //   python3 -c "import scipy.stats as st; print(repr(st.norm.ppf(0.975)))"
  it('matches known quantiles', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 13);
    expect(normalQuantile(0.995)).toBeCloseTo(2.5758293035489, 12);
    expect(normalQuantile(0.9)).toBeCloseTo(1.2815515655446004, 13);
    expect(normalQuantile(0.3)).toBeCloseTo(-0.5244005127080409, 13);
    // Acklam's region boundary.
    expect(normalQuantile(0.02425)).toBeCloseTo(-1.972961051311885, 13);
    expect(normalQuantile(0.5)).toBe(0);
  });

  it('is accurate far in the tails', () => {
    expectRelClose(normalQuantile(1e-10), -6.361340902404056, 1e-12);
    expectRelClose(normalQuantile(1e-300), -37.0470962993612, 1e-12);
    expectRelClose(normalQuantile(1 - 1e-10), 6.361340902404056, 1e-6); // 1 - 1e-10 is inexact
  });

  it('is antisymmetric: q(1 - p) = -q(p)', () => {
    for (const p of [0.5, 0.4, 0.25, 0.1, 0.025, 0.005, 0.001, 1e-6]) {
      expect(normalQuantile(1 - p)).toBeCloseTo(-normalQuantile(p), 9);
    }
  });

  it('inverts normalCdf', () => {
    for (const p of [1e-12, 1e-6, 0.001, 0.02, 0.1, 0.3, 0.5, 0.7, 0.9, 0.98, 0.999]) {
      expectRelClose(normalCdf(normalQuantile(p)), p, 1e-13);
    }
  });

  it('handles the ends and invalid input', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(1.1)).toBeNaN();
    expect(normalQuantile(NaN)).toBeNaN();
  });
});
