import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../../../src/analyze/stats/normal-quantile.js';
import { logGamma, regularizedBeta, studentTCdf, studentTQuantile } from '../../../src/analyze/stats/student-t.js';

describe('studentTQuantile', () => {
  it('matches the closed forms for df 1, 2 and 4', () => {
    for (const p of [0.6, 0.9, 0.975, 0.995, 0.999]) {
      expect(studentTQuantile(p, 1)).toBeCloseTo(Math.tan(Math.PI * (p - 0.5)), 10);
      expect(studentTQuantile(p, 2)).toBeCloseTo((2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 10);
      // df = 4: t = sign(p - 1/2) 2 sqrt(q - 1), q = cos(acos(sqrt(a)) / 3) / sqrt(a), a = 4 p (1 - p).
      const a = 4 * p * (1 - p);
      const q = Math.cos(Math.acos(Math.sqrt(a)) / 3) / Math.sqrt(a);
      expect(studentTQuantile(p, 4)).toBeCloseTo(2 * Math.sqrt(q - 1), 8);
    }
  });

  it('matches published table values (e.g. R qt, any statistics text)', () => {
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228139, 6);
    expect(studentTQuantile(0.995, 5)).toBeCloseTo(4.032143, 6);
    expect(studentTQuantile(0.995, 30)).toBeCloseTo(2.749996, 6);
    expect(studentTQuantile(0.95, 5)).toBeCloseTo(2.015048, 6);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.042272, 6);
    expect(studentTQuantile(0.975, 3)).toBeCloseTo(3.182446, 6);
    expect(studentTQuantile(0.8, 20)).toBeCloseTo(0.859964, 6);
  });

  it('tends to the normal quantile, is antisymmetric and inverts the CDF, also for fractional df', () => {
    expect(studentTQuantile(0.995, 1e6)).toBeCloseTo(normalQuantile(0.995), 5);
    expect(studentTQuantile(0.995, Infinity)).toBe(normalQuantile(0.995));
    for (const df of [1.5, 3.7, 7.25, 19.9, 150]) {
      for (const p of [0.001, 0.1, 0.3, 0.8, 0.995]) {
        expect(studentTQuantile(1 - p, df)).toBeCloseTo(-studentTQuantile(p, df), 9);
        expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 10);
      }
    }
    // Between its whole-number neighbours.
    const q = studentTQuantile(0.995, 7.5);
    expect(q).toBeLessThan(studentTQuantile(0.995, 7));
    expect(q).toBeGreaterThan(studentTQuantile(0.995, 8));
  });

  it('handles the ends and bad input', () => {
    expect(studentTQuantile(0.5, 3)).toBe(0);
    expect(studentTQuantile(0, 3)).toBe(-Infinity);
    expect(studentTQuantile(1, 3)).toBe(Infinity);
    expect(studentTQuantile(1.2, 3)).toBeNaN();
    expect(studentTQuantile(0.9, 0)).toBeNaN();
    expect(studentTQuantile(0.9, NaN)).toBeNaN();
  });
});

describe('studentTCdf and its parts', () => {
  it('has the known values', () => {
    expect(studentTCdf(0, 4)).toBe(0.5);
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 12); // Cauchy: 1/2 + atan(1)/pi
    expect(studentTCdf(-2, 2)).toBeCloseTo(0.5 * (1 - 2 / Math.sqrt(6)), 12); // df 2: 1/2 + t / (2 sqrt(2 + t^2))
    expect(studentTCdf(Infinity, 3)).toBe(1);
  });
  it('log-gamma and the incomplete beta agree with closed forms', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    expect(regularizedBeta(0.5, 2, 2)).toBeCloseTo(0.5, 12);
    expect(regularizedBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(regularizedBeta(0.2, 2, 1)).toBeCloseTo(0.04, 12); // x^a for b = 1
  });
});
