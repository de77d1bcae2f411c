/** Median of a numeric array. */

/** Median of an already sorted typed array (n >= 1). */
export function sortedMedian(sorted: Float64Array): number {
  const n = sorted.length;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Median of a numeric array: the middle value, or the mean of the two middle
 * values for an even count. Does not mutate the input.
 *
 * @param values at least one number
 * @returns the median
 * @throws RangeError when values is empty
 * @example
 * median([3, 1, 2]); // => 2
 * median([4, 1, 3, 2]); // => 2.5
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty array');
  return sortedMedian(Float64Array.from(values).sort());
}
