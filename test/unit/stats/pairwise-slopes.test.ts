import { describe, expect, it } from 'vitest';
import { pairwiseSlopes } from '../../../src/analyze/stats/pairwise-slopes.js';

describe('pairwiseSlopes', () => {
  it('returns all slopes sorted ascending (numeric, not lexicographic)', () => {
    expect(Array.from(pairwiseSlopes([1, 2, 3], [1, 3, 2]))).toEqual([-1, 0.5, 2]);
    const s = pairwiseSlopes([0, 1, 2, 3], [0, 10, 5, 100]);
    // (0,1) 10, (0,2) 5/2, (0,3) 100/3, (1,2) -5, (1,3) 90/2, (2,3) 95
    expect(Array.from(s)).toEqual([-5, 2.5, 10, 100 / 3, 45, 95]);
  });
  it('skips pairs with equal x and does not need sorted x', () => {
    expect(Array.from(pairwiseSlopes([2, 1, 2], [4, 1, 6]))).toEqual([3, 5]);
    expect(pairwiseSlopes([3, 3, 3], [1, 2, 3]).length).toBe(0);
    expect(pairwiseSlopes([], []).length).toBe(0);
  });
  it('rejects mismatched or non-finite input', () => {
    expect(() => pairwiseSlopes([1, 2], [1])).toThrow(RangeError);
    expect(() => pairwiseSlopes([1, NaN], [1, 2])).toThrow(RangeError);
    expect(() => pairwiseSlopes([1, 2], [1, Infinity])).toThrow(RangeError);
  });
});
