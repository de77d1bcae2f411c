/**
 * The run stage: start the service, wait until it is ready, start the load, sample every interval, stop
 * everything. All I/O of a run lives here; what it returns is plain data for the analysis.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { MIN_JUDGED_SAMPLES, type RunConfig } from '../config.js';
import { GateError } from '../errors.js';
import { MAX_PROFILE_BYTES, parseMemStats, ProfileError, summariseGoroutineProfile, summariseHeapProfile, TOO_LARGE } from '../analyze/profile.js';
import { SiteTimeline, type RowStore } from '../analyze/timeline.js';
import { formatBytes, formatDuration } from '../units.js';
import { startBuiltinLoad, type BuiltinLoad, type LoadStats } from './load.js';
import { describeExit, groupUsage, lastLines, startGroup, type ExitInfo, type ProcessGroup } from './process.js';

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

export interface Recording {
  startedAt: string;
  readyAfterS: number | null;
  samples: Sample[];
  heapSites: SiteTimeline;
  goroutineSites: SiteTimeline;
  /** MemProfileRate really in force, read back from the heap profile's Period. */
  periodInForce: number | null;
  load: { kind: 'command' | 'builtin' | 'none'; stats: LoadStats | null; exit: ExitInfo | null; endedRunEarly: boolean };
  service: { exit: ExitInfo | null };
  skippedSamples: number;
  error: string | null;
  /** Wall time of the whole recording (start of service to everything stopped). */
  wallS: number;
}

export interface RecordOptions {
  signal?: AbortSignal;
  /** Progress lines for humans. */
  log?: (line: string) => void;
  /** Grace before SIGKILL when stopping process groups. */
  graceMs?: number;
  /** Called with each sample as it is taken (samples.ndjson is written from here). */
  onSample?: (s: Sample) => void;
  /** Where the site timelines keep their per-sample values (on disk for long runs); in memory without it. */
  siteStore?: (kind: 'heap' | 'goroutine') => RowStore;
}

/** Sleep that ends early on abort, and leaves no listener behind either way (runs take hundreds of sleeps). */
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });


/** GODEBUG for the service: the user's settings kept, ours last so that it is the one in force. */
export function serviceGodebug(userGodebug: string | undefined, profileRate: number): string {
  const kept = (userGodebug ?? '').split(',').map((s) => s.trim()).filter((s) => s && !s.startsWith('memprofilerate='));
  return [...kept, `memprofilerate=${profileRate}`].join(',');
}

/** Something already answers on this loopback port before we start the service? */
async function portInUse(url: string): Promise<boolean> {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const local = host === 'localhost' || host === '::1' || host.startsWith('127.');
  if (!local) return false;
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    const done = (v: boolean) => {
      sock.destroy();
      resolve(v);
    };
    sock.setTimeout(500, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

class HttpStatusError extends Error {
  constructor(readonly status: number, readonly url: string) {
    super(`HTTP ${status} from ${url}`);
  }
}

class TooLargeError extends Error {}

/** GET a URL into memory, with a timeout, linked to the run's signal, and at most maxBytes of body. */
async function fetchBytes(url: string, timeoutMs: number, signal?: AbortSignal, maxBytes = MAX_PROFILE_BYTES): Promise<Uint8Array> {
  // One controller per request, linked to the run's signal and removed afterwards (no listener build-up).
  const ctl = new AbortController();
  const onAbort = () => ctl.abort(signal?.reason);
  const timer = setTimeout(() => ctl.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const res = await fetch(url, { signal: ctl.signal });
    if (!res.ok) {
      await res.body?.cancel();
      throw new HttpStatusError(res.status, url);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of res.body ?? []) {
      size += chunk.length;
      if (size > maxBytes) {
        ctl.abort();
        throw new TooLargeError(TOO_LARGE);
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

function reason(err: unknown): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'timed out';
  if (e?.cause?.code) return e.cause.code === 'ECONNREFUSED' ? 'connection refused' : e.cause.code;
  return e?.message ?? String(err);
}

function noPprof(url: string, status: number): GateError {
  return new GateError(`no pprof at ${url} (${status}): import _ "net/http/pprof" and serve it, or point --pprof-url at the port that does`);
}

export async function record(cfg: RunConfig, opts: RecordOptions = {}): Promise<Recording> {
  const log = opts.log ?? (() => {});
  const graceMs = opts.graceMs ?? 5000;
  const t0 = performance.now();
  const profilesDir = join(cfg.out, 'profiles');
  mkdirSync(profilesDir, { recursive: true });
  const rec: Recording = {
    startedAt: new Date().toISOString(),
    readyAfterS: null,
    samples: [],
    heapSites: new SiteTimeline(opts.siteStore?.('heap')),
    goroutineSites: new SiteTimeline(opts.siteStore?.('goroutine')),
    periodInForce: null,
    load: { kind: cfg.load ? 'command' : cfg.rate ? 'builtin' : 'none', stats: null, exit: null, endedRunEarly: false },
    service: { exit: null },
    skippedSamples: 0,
    error: null,
    wallS: 0,
  };

  let service: ProcessGroup | null = null;
  let loadGroup: ProcessGroup | null = null;
  let builtin: BuiltinLoad | null = null;
  // Aborted by: the caller (SIGTERM/SIGINT), the service dying, the load failing.
  const stop = new AbortController();
  let stopReason: string | null = null;
  const abort = (why: string) => {
    stopReason ??= why;
    stop.abort();
  };
  const onOuterAbort = () => abort(String(opts.signal?.reason ?? 'interrupted'));
  if (opts.signal?.aborted) onOuterAbort();
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });

  try {
    if (!existsSync('/proc/self/stat')) {
      throw new GateError('go-mem-gate runs on Linux: it reads /proc to find, measure and stop the service\'s processes (on GitHub, use an ubuntu runner)');
    }
    for (const url of new Set([cfg.readyUrl, cfg.pprofUrl])) {
      if (await portInUse(url)) {
        const u = new URL(url);
        throw new GateError(`something already listens on ${u.host} before the service started: stop it, or run the service on a free port and set --pprof-url`);
      }
    }

    const env: NodeJS.ProcessEnv = { ...process.env, ...cfg.env };
    env.GODEBUG = serviceGodebug(env.GODEBUG, cfg.profileRate);
    const serviceLog = join(cfg.out, 'service.log');
    log(`starting service: ${cfg.start}`);
    service = startGroup('service', cfg.start, env, serviceLog);
    const svc = service;
    const serviceDied = (phase: string) => {
      const e = svc.exit!;
      const tail = lastLines(serviceLog);
      return `service ${describeExit(e)} after ${e.afterS.toFixed(1)}s${phase}; ${tail ? `last lines of service.log: ${tail}` : 'service.log is empty'}`;
    };
    svc.exited.then(() => {
      rec.service.exit = svc.exit;
      abort(serviceDied(rec.readyAfterS === null ? ', before it was ready' : ''));
    });

    // Wait until ready.
    const readyDeadline = performance.now() + cfg.readyTimeoutS * 1000;
    let last = 'no answer yet';
    for (;;) {
      if (stop.signal.aborted) throw new GateError(stopReason!);
      try {
        await fetchBytes(cfg.readyUrl, 1000, stop.signal);
        break;
      } catch (err) {
        if (err instanceof HttpStatusError) {
          if (err.status === 404 && cfg.readyUrl === `${cfg.pprofUrl}/`) throw noPprof(cfg.readyUrl, 404);
          last = `HTTP ${err.status}`;
        } else if (!stop.signal.aborted) last = reason(err);
      }
      if (performance.now() > readyDeadline) {
        throw new GateError(`service did not answer 2xx at ${cfg.readyUrl} within ${formatDuration(cfg.readyTimeoutS)} (last: ${last}); check --start and --ready-url, or raise --ready-timeout`);
      }
      await sleep(100, stop.signal);
    }
    rec.readyAfterS = (performance.now() - t0) / 1000;
    log(`service ready after ${rec.readyAfterS.toFixed(1)}s`);
    if (cfg.readyUrl !== `${cfg.pprofUrl}/`) {
      // Ready somewhere else: check once that pprof answers where we will sample it.
      try {
        await fetchBytes(`${cfg.pprofUrl}/`, cfg.requestTimeoutS * 1000, stop.signal);
      } catch (err) {
        if (err instanceof HttpStatusError && err.status === 404) throw noPprof(`${cfg.pprofUrl}/`, 404);
        if (!stop.signal.aborted) {
          throw new GateError(`the service is ready at ${cfg.readyUrl}, but nothing usable answers at ${cfg.pprofUrl}/ (${err instanceof HttpStatusError ? `HTTP ${err.status}` : reason(err)}): is pprof served on another port? set --pprof-url`);
        }
      }
    }

    // Start the load.
    if (cfg.load) {
      const loadEnv: NodeJS.ProcessEnv = { ...process.env, ...cfg.env };
      if (cfg.loadUrl) loadEnv.TARGET_URL = cfg.loadUrl;
      log(`starting load: ${cfg.load}`);
      loadGroup = startGroup('load', cfg.load, loadEnv, join(cfg.out, 'load.log'));
      const lg = loadGroup;
      lg.exited.then((e) => {
        rec.load.exit = e;
        if (stop.signal.aborted) return;
        if (e.code === 0) {
          rec.load.endedRunEarly = true;
          abort('load finished');
        } else {
          const tail = lastLines(lg.logPath);
          abort(`load command ${describeExit(e)} after ${e.afterS.toFixed(1)}s; ${tail ? `last lines of load.log: ${tail}` : 'load.log is empty'}`);
        }
      });
    } else if (cfg.loadUrl && cfg.rate) {
      log(`built-in load: ${cfg.rate}/s to ${cfg.loadUrl}`);
      builtin = startBuiltinLoad(cfg.loadUrl, cfg.rate);
    }

    // Sample.
    const begin = performance.now();
    const timeoutMs = cfg.requestTimeoutS * 1000;
    for (let i = 0; ; i++) {
      const due = begin + i * cfg.intervalS * 1000;
      if ((due - begin) / 1000 > cfg.durationS + 1e-9) break;
      // Timers may fire a little early; a sample is never taken before its slot.
      while (!stop.signal.aborted && performance.now() < due) await sleep(Math.max(1, due - performance.now()), stop.signal);
      if (stop.signal.aborted) break;
      if (performance.now() - due > cfg.intervalS * 1000) continue; // a slow sample overran this slot
      const t = (performance.now() - begin) / 1000;
      const sample = await takeSample(cfg, rec, i, t, svc.pid, timeoutMs, stop.signal);
      if (stop.signal.aborted && sample.skipped) break; // the run ended while this sample was in flight
      rec.samples.push(sample);
      opts.onSample?.(sample);
      if (sample.skipped) {
        rec.skippedSamples++;
        log(`  ${t.toFixed(0).padStart(4)}s  sample skipped: ${sample.skipped}`);
      } else {
        log(`  ${t.toFixed(0).padStart(4)}s  heap ${formatBytes(sample.heapLive ?? NaN).padStart(10)}  goroutines ${String(sample.goroutines).padStart(6)}  rss ${formatBytes(sample.rss ?? NaN).padStart(10)}`);
      }
    }
    if (stopReason && stopReason !== 'load finished') throw new GateError(stopReason);
    const judged = rec.samples.filter((s) => s.heapLive !== null && s.t >= cfg.warmupS - 1e-9).length;
    if (rec.load.endedRunEarly && judged < MIN_JUDGED_SAMPLES) {
      const at = rec.load.exit?.afterS ?? 0;
      throw new GateError(`the load command finished after ${at.toFixed(1)}s, leaving ${judged} samples after the ${formatDuration(cfg.warmupS)} warm-up (need ${MIN_JUDGED_SAMPLES}): make the load run at least ${formatDuration(cfg.warmupS + MIN_JUDGED_SAMPLES * cfg.intervalS)}, or shorten --warmup`);
    }
    if (builtin) {
      const st = builtin.stats();
      if (st.sent >= 10 && st.ok < st.sent / 2) {
        throw new GateError(`the built-in load got 2xx for only ${st.ok} of ${st.sent} requests to ${st.url} (first error: ${st.firstError ?? 'none'}); check --load-url`);
      }
    }
    const good = rec.samples.filter((s) => !s.skipped).length;
    if (rec.samples.length > 0 && good < rec.samples.length / 2) {
      throw new GateError(`${rec.skippedSamples} of ${rec.samples.length} samples failed (${rec.samples.find((s) => s.skipped)?.skipped}); the service answers pprof too slowly or not at all under this load`);
    }
  } catch (err) {
    if (err instanceof GateError) rec.error = err.message;
    else throw err;
  } finally {
    opts.signal?.removeEventListener('abort', onOuterAbort);
    // Stop everything at once: a cancelled CI job gets SIGKILL a few seconds after SIGINT/SIGTERM, and
    // the partial results must be written before that. After a signal the grace is short.
    const grace = opts.signal?.aborted ? Math.min(graceMs, 2000) : graceMs;
    const alreadyDead = service?.exit != null;
    const lg = loadGroup;
    await Promise.all([
      builtin ? builtin.stop().then((st) => (rec.load.stats = st)) : null,
      lg ? lg.stop(grace).then(() => (rec.load.exit ??= lg.exit)) : null,
      service?.stop(grace),
    ]);
    if (service && alreadyDead) rec.service.exit = service.exit;
    rec.wallS = (performance.now() - t0) / 1000;
  }
  return rec;
}

async function takeSample(cfg: RunConfig, rec: Recording, i: number, t: number, pgid: number, timeoutMs: number, signal: AbortSignal): Promise<Sample> {
  const s: Sample = {
    i, t, heapLive: null, heapObjects: null, heapInuse: null, sys: null, numGC: null, goroutines: null, rss: null, cpuSeconds: null,
    heapProfile: null, goroutineProfile: null, skipped: null,
  };
  const n = String(i).padStart(4, '0');
  const heapUrl = `${cfg.pprofUrl}/heap`;
  try {
    // One forced GC per sample; MemStats are read right after it, then the profile as of that GC.
    const text = new TextDecoder().decode(await fetchBytes(`${heapUrl}?gc=1&debug=1`, timeoutMs, signal));
    const ms = parseMemStats(text);
    if (ms.HeapAlloc === undefined) throw new GateError(`${heapUrl}?debug=1 has no "# runtime.MemStats" block; is this a Go net/http/pprof handler?`);
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
      const hs = summariseHeapProfile(heap);
      rec.periodInForce ??= hs.period;
      rec.heapSites.add(t, hs);
    } catch (err) {
      if (!(err instanceof ProfileError)) throw err;
      if (/no inuse_space sample type/.test(err.message)) throw new GateError(`${heapUrl} is not a heap profile: ${err.message}`);
      s.skipped = `heap profile: ${err.message}`;
    }
    try {
      const gs = summariseGoroutineProfile(gor);
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
