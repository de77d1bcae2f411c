/**
 * What attribution the heap-profile sampling can support. The profile samples about one allocation per
 * `period` bytes, so growth of G bytes over the analysed window leaves about G / period samples to tell
 * where it came from. With a handful, any site that happens to hold a sample looks like a grower. Pure.
 */
import { formatBytes, formatDuration, formatRate } from '../units.js';

/** Fewer expected samples than this and no site or owner is evidence (Poisson relative error above ~30%). */
export const MIN_ATTRIBUTION_SAMPLES = 10;
/** Samples a second pass should aim for. */
export const TARGET_ATTRIBUTION_SAMPLES = 20;

export interface Attribution {
  /** Profile samples the growth is expected to have left in the analysed window. */
  expectedSamples: number;
  /** Enough samples to name the function. */
  resolvable: boolean;
  /** Heap sampling period in force (bytes). */
  profileRate: number;
  /** A --profile-rate that would leave about TARGET_ATTRIBUTION_SAMPLES in a run of the same length (power of 2). */
  suggestedProfileRate: number;
  /** One sentence for the report when not resolvable; null otherwise. */
  note: string | null;
}

/**
 * @param slopePerMinute growth of the live heap, bytes per minute
 * @param spanS seconds analysed (after the warm-up)
 * @param period heap profile sampling period in force, bytes
 * @example assessAttribution(60 * 1024, 50, 65536).expectedSamples // 0.78 (1 KiB/s for 50 s at 64 KiB)
 */
export function assessAttribution(slopePerMinute: number, spanS: number, period: number): Attribution {
  const growth = Math.max(0, slopePerMinute) * (spanS / 60);
  const expectedSamples = period > 0 ? growth / period : Infinity;
  const resolvable = expectedSamples >= MIN_ATTRIBUTION_SAMPLES;
  const ideal = growth / TARGET_ATTRIBUTION_SAMPLES;
  const suggestedProfileRate = ideal >= 1 ? 2 ** Math.floor(Math.log2(ideal)) : 1;
  const rate = `--profile-rate ${suggestedProfileRate}`;
  const note = resolvable
    ? null
    : `the live heap grows at ${formatRate(slopePerMinute, 'bytes')}, which leaves about ` +
      `${expectedSamples.toFixed(1)} heap-profile samples in the ${formatDuration(spanS)} analysed at a profile ` +
      `rate of ${formatBytes(period)}: too few to tell which function it comes from, so no site is named as the ` +
      `cause. Rerun with ${rate} (about ${TARGET_ATTRIBUTION_SAMPLES} samples) or a longer --duration`;
  return { expectedSamples, resolvable, profileRate: period, suggestedProfileRate, note };
}
