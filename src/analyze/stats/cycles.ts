/**
 * Memory that moves in cycles: a buffer filled and flushed, a compaction, a snapshot truncated. A straight line
 * through the teeth of such a sawtooth has a huge interval (or worse, a spurious slope when the window holds
 * part of one tooth). {@link detectCycles} finds the flushes: repeated drops much larger than the noise.
 */
import { median } from './median.js';

/** A drop counts when it is this many robust s.d.s of the sample-to-sample differences below their median. */
export const DROP_SDS = 5;

/**
 * ... and at least this share of the series' range: a flush gives back much of what was filled, while a
 * near-perfect leak (tiny differences) would otherwise make any small dip look "much larger than the noise".
 */
export const DROP_SHARE_OF_RANGE = 0.1;

/** Result of {@link detectCycles}. */
export interface Cycles {
  /** Indices i where the series dropped between i - 1 and i (the first point of each new cycle). */
  drops: number[];
  /** Median time between drops; null with fewer than two drops. */
  periodS: number | null;
  /** Drops come at a steady pace: every gap within [0.6, 1.6] x the median gap (true with fewer than 3 drops). */
  regular: boolean;
  /** Robust s.d. of the sample-to-sample differences (the noise the drops are measured against). */
  diffSd: number;
}

/**
 * Find cycles: drops v[i] - v[i-1] (per median sample interval, so a late sample is not a jump) below
 * median(diff) - DROP_SDS * sd(diff), with sd(diff) = 1.4826 x the
 * median absolute deviation of the differences (robust: the drops themselves barely move it), floored at the
 * step of an integer-valued series (a count of goroutines moves by whole units), and of at least
 * DROP_SHARE_OF_RANGE of the series' range. A drop right after a jump up that gives back at least half of
 * it, or right before one, is a spike or a dip in a single sample, not a flush, and is not counted. Returns null when no drop is found.
 *
 * @param t sample times in seconds, increasing
 * @param v values, same length
 * @example
 * // A buffer filled by 10 per second and flushed every 5 s:
 * const t = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];
 * detectCycles(t, t.map((x) => 10 * (x % 5) + (x % 2) * 0.1)); // => { drops: [5, 10], periodS: 5, regular: true, ... }
 */
export function detectCycles(t: readonly number[], v: readonly number[]): Cycles | null {
  const n = v.length;
  if (n < 5) return null;
  // Differences per median sample interval: a late (or skipped) sample under a fast fill moves two raw
  // differences by the fill of the delay (0.3 s late at 512 KiB/s: 150 KiB, many noise s.d.s), which made a
  // flush next to it read as a spike; as rates the fill is the same whatever the spacing.
  const raw: number[] = [];
  const gapsT: number[] = [];
  for (let i = 1; i < n; i++) {
    raw.push(v[i]! - v[i - 1]!);
    gapsT.push(t[i]! - t[i - 1]!);
  }
  const dt = median(gapsT);
  const d = raw.map((x, k) => (dt > 0 && gapsT[k]! > 0 ? (x * dt) / gapsT[k]! : x));
  const med = median(d);
  const integer = v.every((x) => Number.isInteger(x));
  const mad = median(d.map((x) => Math.abs(x - med)));
  const diffSd = Math.max(1.4826 * mad, integer ? 1 : 0);
  const limit = DROP_SDS * diffSd;
  if (!(limit > 0)) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of v) {
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
  }
  const minDrop = DROP_SHARE_OF_RANGE * (hi - lo);
  const drops: number[] = [];
  for (let k = 0; k < d.length; k++) {
    if (!(d[k]! < med - limit) || -raw[k]! < minDrop) continue;
    const before = k > 0 ? d[k - 1]! : 0;
    const after = k + 1 < d.length ? d[k + 1]! : 0;
    // A spike or a dip in one sample: the jump next to the drop gives back at least half of it. (Only beyond
    // the noise is not enough: a fill whose per-sample step is far above the noise, e.g. 520 KiB per sample
    // with 8 KiB of jitter, has ordinary steps beyond it, and a flush next to one was missed.)
    const back = Math.max(limit, 0.5 * (med - d[k]!));
    if (before > med + back || after > med + back) continue;
    drops.push(k + 1);
  }
  if (drops.length === 0) return null;
  if (drops.length < 2) return { drops, periodS: null, regular: true, diffSd };
  const gaps: number[] = [];
  for (let i = 1; i < drops.length; i++) gaps.push(t[drops[i]!]! - t[drops[i - 1]!]!);
  const periodS = median(gaps);
  const regular = gaps.every((g) => g >= 0.6 * periodS && g <= 1.6 * periodS);
  return { drops, periodS, regular, diffSd };
}

/**
 * Time since the last drop at each sample (the phase of the fill), for points before the first drop counted
 * from one period before it. Used as a regressor to take the fill out of a trend fit.
 *
 * @example
 * cyclePhase([0, 1, 2, 3, 4, 5], [2, 4], 2); // => [0, 1, 0, 1, 0, 1]
 */
export function cyclePhase(t: readonly number[], drops: readonly number[], periodS: number): number[] {
  const out: number[] = [];
  let k = -1;
  for (let i = 0; i < t.length; i++) {
    while (k + 1 < drops.length && drops[k + 1]! <= i) k++;
    out.push(k < 0 ? t[i]! - (t[drops[0]!]! - periodS) : t[i]! - t[drops[k]!]!);
  }
  return out;
}
