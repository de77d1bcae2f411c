/** Shared assertions for the statistics tests (test/unit/stats/). */
import { expect } from 'vitest';
import type { SlopeFit } from '../../src/analyze/stats/theil-sen.js';

export const range = (n: number, start = 0, step = 1): number[] =>
  Array.from({ length: n }, (_, i) => start + i * step);

/** Every numeric field of a fit (and its mk) is not NaN. */
export function expectNoNaN(fit: SlopeFit): void {
  const values = [
    fit.n,
    fit.slope,
    fit.intercept,
    fit.ciLow,
    fit.ciHigh,
    fit.confidence,
    fit.se,
    fit.residualSd,
    fit.mk.n,
    fit.mk.s,
    fit.mk.varS,
    fit.mk.z,
    fit.mk.pTwoSided,
    fit.mk.pIncreasing,
  ];
  for (const v of values) expect(Number.isNaN(v)).toBe(false);
}

/** Relative closeness for values spanning many orders of magnitude. */
export function expectRelClose(actual: number, expected: number, rel: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}
