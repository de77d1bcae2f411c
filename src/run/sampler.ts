/**
 * The sampler loop: one sample per interval slot from the start of the load until the duration is over or
 * the run is stopped. A sample is never taken before its slot; a slot already past when a slow sample ends
 * is not taken late.
 */
import type { RunConfig } from '../config.js';
import { formatBytes } from '../units.js';
import { inlineDecoder, type ProfileDecoder } from './profile-decoder.js';
import { emptySample, noCosts, type ProcessUsage, type Sample, type SampleSink, takeSample } from './sample.js';
import { sleep } from './sleep.js';
import { judgedSlots, ProfileSchedule } from './stride.js';

/** A slot that passed while the sample before it was still being taken: recorded as skipped, not dropped. */
export function lostSlot(i: number, t: number, lateS: number): Sample {
  const s = emptySample(i, t);
  s.skipped = `slot lost: the sample before it was still running ${lateS.toFixed(1)}s after this slot was due`;
  return s;
}

/** Where the loop puts what it takes. */
export interface SamplerState extends SampleSink {
  samples: Sample[];
  skippedSamples: number;
  /** The largest stride each profile was fetched at (1: every sample). */
  profileStride?: { heap: number; goroutine: number };
}

export async function runSampler(
  cfg: RunConfig,
  rec: SamplerState,
  usage: ProcessUsage,
  signal: AbortSignal,
  log: (line: string) => void,
  decoder: ProfileDecoder = inlineDecoder,
  /** Called with each sample kept, as it is taken (samples.ndjson is written from here). */
  onSample?: (s: Sample, kept: boolean) => void,
): Promise<void> {
  const begin = performance.now();
  const timeoutMs = cfg.requestTimeoutS * 1000;
  // Large profiles are fetched every k-th sample (see stride.ts); MemStats every sample.
  const slots = judgedSlots(cfg.durationS, cfg.warmupS, cfg.intervalS);
  const heapSchedule = new ProfileSchedule(cfg.intervalS, slots);
  const goroutineSchedule = new ProfileSchedule(cfg.intervalS, slots);
  let indexReadable = true;
  for (let i = 0; ; i++) {
    const due = begin + i * cfg.intervalS * 1000;
    if ((due - begin) / 1000 > cfg.durationS + 1e-9) break;
    // Timers may fire a little early; a sample is never taken before its slot.
    while (!signal.aborted && performance.now() < due) await sleep(Math.max(1, due - performance.now()), signal);
    if (signal.aborted) break;
    const late = performance.now() - due;
    const want = { heapProfile: heapSchedule.due(i), goroutineProfile: !indexReadable || goroutineSchedule.due(i) };
    const costs = noCosts();
    const t0 = (performance.now() - begin) / 1000;
    const sample =
      late > cfg.intervalS * 1000
        ? lostSlot(i, (due - begin) / 1000, late / 1000) // a slow sample overran this slot
        : await takeSample(cfg, rec, i, t0, usage, timeoutMs, signal, want, costs, decoder);
    heapSchedule.fetched(i, costs.heapProfileS, costs.heapProfileLarge);
    goroutineSchedule.fetched(i, costs.goroutineProfileS, costs.goroutineProfileLarge);
    if (costs.indexUnreadable) indexReadable = false;
    rec.profileStride = {
      heap: Math.max(rec.profileStride?.heap ?? 1, heapSchedule.stride),
      goroutine: Math.max(rec.profileStride?.goroutine ?? 1, indexReadable ? goroutineSchedule.stride : 1),
    };
    const t = sample.t;
    // The /proc scan also finds descendants that left the service's process group, so that they are stopped
    // with it: after every sample, also one that failed.
    if (sample.rss === null) usage();
    if (signal.aborted && sample.skipped) {
      onSample?.(sample, false); // its heap profile may have joined the site timeline already
      break; // the run ended while this sample was in flight
    }
    rec.samples.push(sample);
    onSample?.(sample, true);
    if (sample.skipped) {
      rec.skippedSamples++;
      log(`  ${t.toFixed(0).padStart(4)}s  sample skipped: ${sample.skipped}`);
    } else {
      const heap = formatBytes(sample.heapLive ?? NaN).padStart(10);
      const rss = formatBytes(sample.rss ?? NaN).padStart(10);
      const goroutines = String(sample.goroutines).padStart(6);
      log(`  ${t.toFixed(0).padStart(4)}s  heap ${heap}  goroutines ${goroutines}  rss ${rss}`);
    }
  }
}
