/**
 * The run stage: start the service, wait until it is ready, start the load, sample every interval, stop
 * everything. What it returns is plain data for the analysis. The parts live beside it: http.ts (bounded
 * GET), readiness.ts, sample.ts (one sample), sampler.ts (the loop), validity.ts (is the recording judgeable).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type RowStore, SiteTimeline } from '../analyze/timeline.js';
import type { RunConfig } from '../config.js';
import { GateError } from '../errors.js';
import { type EndState, fetchEndState, groupSmaps } from './endstate.js';
import { type BuiltinLoad, type LoadStats, startBuiltinLoad } from './load.js';
import { type MainModule, moduleBeforeStart, moduleFromGroup } from './module.js';
import { describeExit, type ExitInfo, lastLines, type ProcessGroup, startGroup } from './process.js';
import { profileDecoder } from './profile-decoder.js';
import { checkPortsFree, checkPprofAnswers, waitReady } from './readiness.js';
import type { Sample } from './sample.js';
import { runSampler } from './sampler.js';
import { recordingProblem } from './validity.js';

export type { Sample } from './sample.js';

export interface Recording {
  startedAt: string;
  readyAfterS: number | null;
  samples: Sample[];
  heapSites: SiteTimeline;
  goroutineSites: SiteTimeline;
  /** The same profiles rolled up to owners (first frame of the service's own code, see analyze/owners.ts). */
  heapOwners?: SiteTimeline;
  goroutineOwners?: SiteTimeline;
  /** The main module owners were found with, and where it came from. */
  module?: MainModule | null;
  /** Goroutine dump, goroutine leak profile and smaps_rollup, looked at once at the end of sampling. */
  endState?: EndState | null;
  /** MemProfileRate really in force, read back from the heap profile's Period. */
  periodInForce: number | null;
  /** The largest stride each profile was fetched at (1: every sample; large profiles less often). */
  profileStride?: { heap: number; goroutine: number };
  load: {
    kind: 'command' | 'builtin' | 'none';
    stats: LoadStats | null;
    exit: ExitInfo | null;
    endedRunEarly: boolean;
  };
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
  onSample?: (s: Sample, kept: boolean) => void;
  /** Where the site timelines keep their per-sample values (on disk for long runs); in memory without it. */
  siteStore?: (kind: 'heap' | 'goroutine') => RowStore;
}

/** GODEBUG for the service: the user's settings kept, ours last so that it is the one in force. */
export function serviceGodebug(userGodebug: string | undefined, profileRate: number): string {
  const kept = (userGodebug ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s && !s.startsWith('memprofilerate='));
  return [...kept, `memprofilerate=${profileRate}`].join(',');
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
    // Owners are few (one per function of the service's own code): kept in memory.
    heapOwners: new SiteTimeline(),
    goroutineOwners: new SiteTimeline(),
    module: moduleBeforeStart(cfg.module ?? null),
    endState: null,
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
  // Profiles are decoded on a worker thread, so a slow or hostile profile never holds up a signal.
  const decoder = profileDecoder();
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
      throw new GateError(
        "go-mem-gate runs on Linux: it reads /proc to find, measure and stop the service's processes " +
          '(on GitHub, use an ubuntu runner)',
      );
    }
    // Interrupted before this run began (e.g. SIGTERM during a same-job base run): start nothing.
    if (stop.signal.aborted) throw new GateError(`${stopReason ?? 'interrupted'} (before the service was started)`);
    await checkPortsFree(cfg);

    const env: NodeJS.ProcessEnv = { ...process.env, ...cfg.env };
    env.GODEBUG = serviceGodebug(env.GODEBUG, cfg.profileRate);
    const serviceLog = join(cfg.out, 'service.log');
    log(`starting service: ${cfg.start}`);
    service = startGroup('service', cfg.start, env, serviceLog);
    const svc = service;
    const serviceDied = (phase: string) => {
      const e = svc.exit!;
      const tail = lastLines(serviceLog);
      const logged = tail ? `last lines of service.log: ${tail}` : 'service.log is empty';
      return `service ${describeExit(e)} after ${e.afterS.toFixed(1)}s${phase}; ${logged}`;
    };
    svc.exited.then(() => {
      rec.service.exit = svc.exit;
      abort(serviceDied(rec.readyAfterS === null ? ', before it was ready' : ''));
    });

    await waitReady(cfg, stop.signal, () => stopReason!);
    rec.readyAfterS = (performance.now() - t0) / 1000;
    log(`service ready after ${rec.readyAfterS.toFixed(1)}s`);
    await checkPprofAnswers(cfg, stop.signal);

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
          const logged = tail ? `last lines of load.log: ${tail}` : 'load.log is empty';
          abort(`load command ${describeExit(e)} after ${e.afterS.toFixed(1)}s; ${logged}`);
        }
      });
    } else if (cfg.loadUrl && cfg.rate) {
      log(`built-in load: ${cfg.rate}/s to ${cfg.loadUrl}`);
      builtin = startBuiltinLoad(cfg.loadUrl, cfg.rate);
    }

    // Main module from the service binary's build info when neither --module nor ./go.mod named it.
    rec.module ??= moduleFromGroup(svc.pid);
    if (rec.module.path) log(`main module ${rec.module.path} (from ${rec.module.source})`);
    const smapsFirst = groupSmaps(svc.pid);
    const sampledFrom = performance.now();
    await runSampler(cfg, rec, () => svc.usage(), stop.signal, log, decoder, opts.onSample);
    if (stopReason && stopReason !== 'load finished') throw new GateError(stopReason);
    if (!stop.signal.aborted) {
      const first = smapsFirst ? { at: sampledFrom, split: smapsFirst } : null;
      rec.endState = await fetchEndState(cfg, svc.pid, first, stop.signal, rec.module.path, decoder);
    }
    const problem = recordingProblem({
      samples: rec.samples,
      skippedSamples: rec.skippedSamples,
      warmupS: cfg.warmupS,
      intervalS: cfg.intervalS,
      loadEndedRunEarlyAfterS: rec.load.endedRunEarly ? (rec.load.exit?.afterS ?? 0) : null,
      builtin: builtin ? builtin.stats() : null,
      confidence: cfg.confidence,
    });
    if (problem) throw new GateError(problem);
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
      decoder.close(),
    ]);
    if (service && alreadyDead) rec.service.exit = service.exit;
    rec.wallS = (performance.now() - t0) / 1000;
  }
  return rec;
}
