/**
 * One sample: force a GC and read MemStats, the heap profile and the goroutine profile from the service's
 * pprof handler, plus RSS and CPU time from /proc. Profiles are written under out/profiles.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunConfig } from '../config.js';
import { GateError } from '../errors.js';
import {
  parseMemStats,
  ProfileError,
} from '../analyze/profile.js';
import type { SiteTimeline } from '../analyze/timeline.js';
import { fetchBytes, HttpStatusError, reason, TooLargeError } from './http.js';
import { groupUsage } from './process.js';
import { inlineDecoder, type ProfileDecoder } from './profile-decoder.js';

export interface Sample {
  i: number;
  /** Seconds since sampling began (when the load started). */
  t: number;
  heapLive: number | null;
  heapObjects: number | null;
  heapInuse: number | null;
  sys: number | null;
  numGC: number | null;
  goroutines: number | null;
  rss: number | null;
  /** CPU seconds the service's process group has used so far (for overhead measurements). */
  cpuSeconds: number | null;
  heapProfile: string | null;
  goroutineProfile: string | null;
  /** Why the sample (or part of it) was skipped. */
  skipped: string | null;
}

/** What a sample adds to besides itself: the site timelines and the profile rate read back. */
export interface SampleSink {
  heapSites: SiteTimeline;
  goroutineSites: SiteTimeline;
  periodInForce: number | null;
}

export function noPprof(url: string, status: number): GateError {
  return new GateError(
    `no pprof at ${url} (${status}): import _ "net/http/pprof" and serve it, or point --pprof-url at the port that does`,
  );
}

export function emptySample(i: number, t: number): Sample {
  return {
    i,
    t,
    heapLive: null,
    heapObjects: null,
    heapInuse: null,
    sys: null,
    numGC: null,
    goroutines: null,
    rss: null,
    cpuSeconds: null,
    heapProfile: null,
    goroutineProfile: null,
    skipped: null,
  };
}

export async function takeSample(
  cfg: RunConfig,
  rec: SampleSink,
  i: number,
  t: number,
  pgid: number,
  timeoutMs: number,
  signal: AbortSignal,
  decoder: ProfileDecoder = inlineDecoder,
): Promise<Sample> {
  const s = emptySample(i, t);
  const n = String(i).padStart(4, '0');
  const heapUrl = `${cfg.pprofUrl}/heap`;
  try {
    // One forced GC per sample; MemStats are read right after it, then the profile as of that GC.
    const text = new TextDecoder().decode(await fetchBytes(`${heapUrl}?gc=1&debug=1`, timeoutMs, signal));
    const ms = parseMemStats(text);
    if (ms.HeapAlloc === undefined) {
      throw new GateError(`${heapUrl}?debug=1 has no "# runtime.MemStats" block; is this a Go net/http/pprof handler?`);
    }
    s.heapLive = ms.HeapAlloc;
    s.heapObjects = ms.HeapObjects ?? null;
    s.heapInuse = ms.HeapInuse ?? null;
    s.sys = ms.Sys ?? null;
    s.numGC = ms.NumGC ?? null;
    ({ rss: s.rss, cpuSeconds: s.cpuSeconds } = groupUsage(pgid));

    const heap = await fetchBytes(heapUrl, timeoutMs, signal);
    s.heapProfile = `profiles/heap-${n}.pb.gz`;
    writeFileSync(join(cfg.out, s.heapProfile), heap);
    const gor = await fetchBytes(`${cfg.pprofUrl}/goroutine`, timeoutMs, signal);
    s.goroutineProfile = `profiles/goroutine-${n}.pb.gz`;
    writeFileSync(join(cfg.out, s.goroutineProfile), gor);

    try {
      const hs = await decoder.summarise('heap', heap, signal);
      rec.periodInForce ??= hs.period;
      rec.heapSites.add(t, hs);
    } catch (err) {
      if (!(err instanceof ProfileError)) throw err;
      if (/no inuse_space sample type/.test(err.message)) {
        throw new GateError(`${heapUrl} is not a heap profile: ${err.message}`);
      }
      s.skipped = `heap profile: ${err.message}`;
    }
    try {
      const gs = await decoder.summarise('goroutine', gor, signal);
      s.goroutines = gs.total;
      rec.goroutineSites.add(t, gs);
    } catch (err) {
      if (!(err instanceof ProfileError)) throw err;
      s.skipped ??= `goroutine profile: ${err.message}`;
    }
  } catch (err) {
    if (err instanceof GateError) throw err;
    if (err instanceof HttpStatusError) {
      if (err.status === 404) throw noPprof(err.url, 404);
      s.skipped = `HTTP ${err.status} from ${err.url}`;
    } else if (err instanceof TooLargeError) s.skipped = err.message;
    else s.skipped = reason(err);
  }
  return s;
}
