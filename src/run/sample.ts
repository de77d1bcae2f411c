/**
 * One sample: force a GC and read MemStats, the heap profile and the goroutine profile from the service's
 * pprof handler, plus RSS and CPU time from /proc. Profiles are written under out/profiles.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProfileError, parseMemStats } from '../analyze/profile.js';
import type { SiteTimeline } from '../analyze/timeline.js';
import type { RunConfig } from '../config.js';
import { GateError } from '../errors.js';
import { fetchBytes, fetchTail, HttpStatusError, reason, TooLargeError } from './http.js';
import { goroutineCountFromIndex } from './pprof-index.js';
import { inlineDecoder, type ProfileDecoder } from './profile-decoder.js';
import { LARGE_GOROUTINE_COUNT, LARGE_PROFILE_BYTES } from './stride.js';

export interface Sample {
  i: number;
  /** Seconds since sampling began (when the load started). */
  t: number;
  heapLive: number | null;
  heapObjects: number | null;
  heapInuse: number | null;
  sys: number | null;
  /** HeapSys and HeapReleased: Sys - HeapReleased is the runtime's own view of what it holds from the OS. */
  heapSys?: number | null;
  heapReleased?: number | null;
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

/** RSS and CPU seconds of the service's processes now (one /proc scan; see ProcessGroup.usage). */
export type ProcessUsage = () => { rss: number; cpuSeconds: number };

/** What a sample adds to besides itself: the site timelines and the profile rate read back. */
export interface SampleSink {
  heapSites: SiteTimeline;
  goroutineSites: SiteTimeline;
  /** The same profiles rolled up to owners (the first frame of the service's own code). */
  heapOwners?: SiteTimeline;
  goroutineOwners?: SiteTimeline;
  /** Main module for finding owners (package main always counts). */
  module?: { path: string | null } | null;
  periodInForce: number | null;
}

/** Which profiles this sample fetches (MemStats and RSS are read every sample). */
export interface SampleRequests {
  heapProfile: boolean;
  /** When false, the goroutine count comes from the pprof index page. */
  goroutineProfile: boolean;
}

/** What the profiles of one sample cost (seconds of fetch and decode; null: not fetched or failed). */
export interface SampleCosts {
  heapProfileS: number | null;
  heapProfileLarge: boolean;
  goroutineProfileS: number | null;
  goroutineProfileLarge: boolean;
  /** The index page had no goroutine count we can read: fetch the goroutine profile every sample instead. */
  indexUnreadable: boolean;
}

export const noCosts = (): SampleCosts => ({
  heapProfileS: null,
  heapProfileLarge: false,
  goroutineProfileS: null,
  goroutineProfileLarge: false,
  indexUnreadable: false,
});

const EVERYTHING: SampleRequests = { heapProfile: true, goroutineProfile: true };

export function noPprof(url: string, status: number): GateError {
  return new GateError(
    `no pprof at ${url} (${status}): import _ "net/http/pprof" and serve it, ` +
      'or point --pprof-url at the port that does',
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
    heapSys: null,
    heapReleased: null,
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
  usage: ProcessUsage,
  timeoutMs: number,
  signal: AbortSignal,
  want: SampleRequests = EVERYTHING,
  costs: SampleCosts = noCosts(),
  decoder: ProfileDecoder = inlineDecoder,
): Promise<Sample> {
  const s = emptySample(i, t);
  const n = String(i).padStart(4, '0');
  const heapUrl = `${cfg.pprofUrl}/heap`;
  try {
    // One forced GC per sample; MemStats are read right after it, then the profile as of that GC.
    // Only the end of the text is kept: the MemStats block follows every heap record, which may be many MB.
    const ms = memStatsOf(await fetchTail(`${heapUrl}?gc=1&debug=1`, timeoutMs, signal, MEMSTATS_TAIL_BYTES));
    if (ms.HeapAlloc === undefined) {
      throw new GateError(`${heapUrl}?debug=1 has no "# runtime.MemStats" block; is this a Go net/http/pprof handler?`);
    }
    s.heapLive = ms.HeapAlloc;
    s.heapObjects = ms.HeapObjects ?? null;
    s.heapInuse = ms.HeapInuse ?? null;
    s.sys = ms.Sys ?? null;
    s.heapSys = ms.HeapSys ?? null;
    s.heapReleased = ms.HeapReleased ?? null;
    s.numGC = ms.NumGC ?? null;
    ({ rss: s.rss, cpuSeconds: s.cpuSeconds } = usage());

    if (want.heapProfile) {
      const started = performance.now();
      const heap = await fetchBytes(heapUrl, timeoutMs, signal);
      s.heapProfile = `profiles/heap-${n}.pb.gz`;
      writeFileSync(join(cfg.out, s.heapProfile), heap);
      // The heap profile counts even when the goroutine profile fails next.
      try {
        const hs = await decoder.summarise('heap', heap, signal, rec.module?.path ?? null);
        rec.periodInForce ??= hs.period;
        rec.heapSites.add(t, hs);
        if (hs.owners) rec.heapOwners?.add(t, hs, hs.owners);
      } catch (err) {
        if (!(err instanceof ProfileError)) throw err;
        if (/no inuse_space sample type/.test(err.message)) {
          throw new GateError(`${heapUrl} is not a heap profile: ${err.message}`);
        }
        s.skipped = `heap profile: ${err.message}`;
      }
      costs.heapProfileS = (performance.now() - started) / 1000;
      costs.heapProfileLarge = heap.length >= LARGE_PROFILE_BYTES;
    }

    if (!want.goroutineProfile) {
      // The count alone, from the index page: no stack walk in the service.
      let html: string;
      try {
        html = new TextDecoder().decode(await fetchBytes(`${cfg.pprofUrl}/`, timeoutMs, signal));
      } catch (err) {
        s.skipped ??= `goroutine count: ${describeFetchFailure(err)}`;
        return s;
      }
      s.goroutines = goroutineCountFromIndex(html);
      if (s.goroutines !== null) return s;
      costs.indexUnreadable = true;
    }
    const started = performance.now();
    let gor: Uint8Array;
    try {
      gor = await fetchBytes(`${cfg.pprofUrl}/goroutine`, timeoutMs, signal);
    } catch (err) {
      s.skipped ??= `goroutine profile: ${describeFetchFailure(err)}`;
      return s;
    }
    s.goroutineProfile = `profiles/goroutine-${n}.pb.gz`;
    writeFileSync(join(cfg.out, s.goroutineProfile), gor);
    try {
      const gs = await decoder.summarise('goroutine', gor, signal, rec.module?.path ?? null);
      s.goroutines = gs.total;
      rec.goroutineSites.add(t, gs);
      if (gs.owners) rec.goroutineOwners?.add(t, gs, gs.owners);
      costs.goroutineProfileLarge = gs.total >= LARGE_GOROUTINE_COUNT || gor.length >= LARGE_PROFILE_BYTES;
    } catch (err) {
      if (!(err instanceof ProfileError)) throw err;
      s.skipped ??= `goroutine profile: ${err.message}`;
    }
    costs.goroutineProfileS = (performance.now() - started) / 1000;
  } catch (err) {
    s.skipped = describeFetchFailure(err);
  }
  return s;
}

/** The MemStats block ends the heap?debug=1 text: decode only its tail (the text has every heap record). */
export const MEMSTATS_TAIL_BYTES = 64 * 1024;

export function memStatsOf(body: Uint8Array): Record<string, number> {
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  if (body.length > MEMSTATS_TAIL_BYTES) {
    const tail = decode(body.subarray(body.length - MEMSTATS_TAIL_BYTES));
    if (tail.includes('# runtime.MemStats')) return parseMemStats(tail);
  }
  return parseMemStats(decode(body));
}

/** A failed request as a skip reason; a 404 (no pprof) and GateErrors end the run instead. */
function describeFetchFailure(err: unknown): string {
  if (err instanceof GateError) throw err;
  if (err instanceof HttpStatusError) {
    if (err.status === 404) throw noPprof(err.url, 404);
    return `HTTP ${err.status} from ${err.url}`;
  }
  if (err instanceof TooLargeError) return err.message;
  return reason(err);
}
