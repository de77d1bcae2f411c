import { describe, expect, it } from 'vitest';
import { median } from '../../../src/analyze/stats/median.js';

describe('median', () => {
  it('handles odd and even lengths without mutating the input', () => {
    const v = [5, 1, 4, 2, 3];
    expect(median(v)).toBe(3);
    expect(v).toEqual([5, 1, 4, 2, 3]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([-1e9, 1e9, 0])).toBe(0);
  });
  it('throws on an empty array', () => {
    expect(() => median([])).toThrow(RangeError);
  });
});
