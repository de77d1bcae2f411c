import { describe, expect, it } from 'vitest';
import { mannKendall } from '../../../src/analyze/stats/mann-kendall.js';

describe('published Mann-Kendall example (College of the Holy Cross, "A Mann-Kendall Example (By Hand)")', () => {
  // Source: https://mathcs.holycross.edu/~little/Montserrat/MannKendallByHand.txt
  // Series of 14 values; 91 pairs: 72 up, 18 down, 1 tie -> S = 54.
  // One tied pair (12.9 twice): V = 14*13*33/18 - 2*1*9/18 = 332.667.
  // Z = (S - 1)/sqrt(V) = 2.9058, one-sided p = .0018.
  // (pymannkendall 1.4.3 original_test: s=54, var_s=332.6666666666667, z=2.905836845996537,
  //  two-sided p=0.0036627237628823472.)
  const y = [12.9, 14.8, 13.2, 15.7, 13.8, 15.6, 12.9, 11.0, 17.3, 15.9, 19.0, 18.3, 20.1, 21.7];

  it('reproduces S, V, Z and p', () => {
    const mk = mannKendall(y);
    expect(mk.n).toBe(14);
    expect(mk.s).toBe(54);
    expect(mk.varS).toBeCloseTo((14 * 13 * 33) / 18 - (2 * 1 * 9) / 18, 10);
    expect(mk.varS).toBeCloseTo(332.6666666666667, 10);
    expect(mk.z).toBeCloseTo(2.9058, 4);
    expect(mk.z).toBeCloseTo(2.905836845996537, 12);
    expect(mk.pIncreasing).toBeCloseTo(0.0018, 4);
    expect(mk.pTwoSided).toBeCloseTo(0.0036627237628823472, 12);
  });
});
