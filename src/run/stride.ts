/**
 * How often to fetch a profile. MemStats (the metrics) are read every sample; a profile that is costly to
 * render and decode is fetched every k-th sample only, so that fetching it takes about PROFILE_COST_SHARE of
 * the sampling interval. Pure.
 */
import { MIN_JUDGED_SAMPLES } from '../config.js';

/** Share of the sampling interval one profile's fetch and decode may take before it is fetched less often. */
export const PROFILE_COST_SHARE = 0.02;
/** Fetch a profile at least every this many samples. */
export const MAX_PROFILE_STRIDE = 10;
/** Profiles smaller than this (gzipped) are fetched every sample whatever they cost on a busy machine. */
export const LARGE_PROFILE_BYTES = 64 * 1024;
/** A goroutine profile of this many goroutines or more is large (its cost is per goroutine, not per byte). */
export const LARGE_GOROUTINE_COUNT = 1000;

/**
 * Every how many samples to fetch a profile whose fetch and decode took `costS` seconds; never so rarely that
 * fewer than MIN_JUDGED_SAMPLES profiles would land after the warm-up.
 * @example profileStride(0.003, 1, 51) // 1: a 3 ms profile is fetched every sample
 * @example profileStride(0.15, 1, 51) // 6: 150 ms would be 8 samples, capped so 8 land after warm-up
 */
export function profileStride(costS: number, intervalS: number, judgedSlots: number): number {
  const cap = Math.max(1, Math.min(MAX_PROFILE_STRIDE, Math.floor(judgedSlots / MIN_JUDGED_SAMPLES)));
  if (!(costS > 0) || !(intervalS > 0)) return 1;
  return Math.min(cap, Math.max(1, Math.ceil(costS / (PROFILE_COST_SHARE * intervalS))));
}

/** Sample slots after the warm-up, for the stride cap. */
export function judgedSlots(durationS: number, warmupS: number, intervalS: number): number {
  return Math.floor((durationS - warmupS) / intervalS + 1e-9) + 1;
}

/** Keeps one profile's stride: fetched on the first sample, then `stride` slots after the last fetch. */
export class ProfileSchedule {
  private lastSlot: number | null = null;
  stride = 1;

  constructor(
    private readonly intervalS: number,
    private readonly slots: number,
  ) {}

  due(slot: number): boolean {
    return this.lastSlot === null || slot - this.lastSlot >= this.stride;
  }

  /**
   * A fetch at `slot` took costS (fetch and decode); null when it failed (then it is tried again next sample).
   * Only a large profile is fetched less often.
   */
  fetched(slot: number, costS: number | null, large: boolean): void {
    if (costS === null) return;
    this.lastSlot = slot;
    this.stride = large ? profileStride(costS, this.intervalS, this.slots) : 1;
  }
}
