/**
 * The sampler loop: one sample per interval slot from the start of the load until the duration is over or
 * the run is stopped. A sample is never taken before its slot; a slot already past when a slow sample ends
 * is not taken late.
 */
import type { RunConfig } from '../config.js';
import { formatBytes } from '../units.js';
import { inlineDecoder, type ProfileDecoder } from './profile-decoder.js';
import { takeSample, type Sample, type SampleSink } from './sample.js';
import { sleep } from './sleep.js';

/** Where the loop puts what it takes. */
export interface SamplerState extends SampleSink {
  samples: Sample[];
  skippedSamples: number;
}

export async function runSampler(
  cfg: RunConfig,
  rec: SamplerState,
  pgid: number,
  signal: AbortSignal,
  log: (line: string) => void,
  decoder: ProfileDecoder = inlineDecoder,
): Promise<void> {
  const begin = performance.now();
  const timeoutMs = cfg.requestTimeoutS * 1000;
  for (let i = 0; ; i++) {
    const due = begin + i * cfg.intervalS * 1000;
    if ((due - begin) / 1000 > cfg.durationS + 1e-9) break;
    // Timers may fire a little early; a sample is never taken before its slot.
    while (!signal.aborted && performance.now() < due) await sleep(Math.max(1, due - performance.now()), signal);
    if (signal.aborted) break;
    if (performance.now() - due > cfg.intervalS * 1000) continue; // a slow sample overran this slot
    const t = (performance.now() - begin) / 1000;
    const sample = await takeSample(cfg, rec, i, t, pgid, timeoutMs, signal, decoder);
    if (signal.aborted && sample.skipped) break; // the run ended while this sample was in flight
    rec.samples.push(sample);
    if (sample.skipped) {
      rec.skippedSamples++;
      log(`  ${t.toFixed(0).padStart(4)}s  sample skipped: ${sample.skipped}`);
    } else {
      const heap = formatBytes(sample.heapLive ?? NaN).padStart(10);
      const rss = formatBytes(sample.rss ?? NaN).padStart(10);
      log(`  ${t.toFixed(0).padStart(4)}s  heap ${heap}  goroutines ${String(sample.goroutines).padStart(6)}  rss ${rss}`);
    }
  }
}
