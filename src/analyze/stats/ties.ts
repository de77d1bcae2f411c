/** Tie bookkeeping for rank statistics (Kendall 1975, ch. 4). Internal: not re-exported by the barrel. */

/**
 * Tie-group sums over the values: [sum t(t-1)(2t+5), sum t(t-1), sum t(t-1)(t-2)]
 * where t runs over the sizes of groups of equal values.
 */
export function tieSums(values: readonly number[]): [number, number, number] {
  const sorted = Float64Array.from(values).sort();
  let v = 0;
  let v1 = 0;
  let v2 = 0;
  let i = 0;
  while (i < sorted.length) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    const t = j - i;
    if (t > 1) {
      v += t * (t - 1) * (2 * t + 5);
      v1 += t * (t - 1);
      v2 += t * (t - 1) * (t - 2);
    }
    i = j;
  }
  return [v, v1, v2];
}

export function allEqual(values: readonly number[]): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return false;
  return true;
}

export function sign(d: number): number {
  return d > 0 ? 1 : d < 0 ? -1 : 0;
}
