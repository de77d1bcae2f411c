/** All pairwise slopes of a series, the raw material of Theil-Sen and Sen's interval. */
import { checkPaired } from './checks.js';

/**
 * All pairwise slopes (y[j] - y[i]) / (x[j] - x[i]) for i < j with x[j] != x[i],
 * sorted ascending. Pairs with equal x carry no slope information and are skipped,
 * so the length is n(n-1)/2 minus the number of x-tied pairs. O(n^2) memory and
 * O(n^2 log n) time: n = 600 gives 179,700 slopes.
 *
 * @param x abscissae (e.g. seconds since start), any order
 * @param y ordinates, same length as x
 * @returns a new sorted Float64Array
 * @throws RangeError on different lengths or non-finite values
 * @example
 * pairwiseSlopes([1, 2, 3], [1, 3, 2]); // => Float64Array [-1, 0.5, 2]
 */
export function pairwiseSlopes(x: readonly number[], y: readonly number[]): Float64Array {
  checkPaired(x, y);
  const n = x.length;
  const out = new Float64Array((n * (n - 1)) / 2);
  let k = 0;
  for (let i = 0; i < n - 1; i++) {
    const xi = x[i]!;
    const yi = y[i]!;
    for (let j = i + 1; j < n; j++) {
      const dx = x[j]! - xi;
      if (dx !== 0) out[k++] = (y[j]! - yi) / dx;
    }
  }
  return (k === out.length ? out : out.slice(0, k)).sort();
}
