/**
 * Aggregation of decoded pprof profiles by allocation site (decoding itself: ./pprof-decode.ts). Pure apart
 * from gunzip (a CPU-only transform).
 *
 * Model names follow pprof's profile.proto: a Sample points at Locations (leaf first); a Location holds one
 * or more Lines (more than one when functions were inlined; the first Line is the innermost); a Line points
 * at a Function, whose name and filename are indexes into the string table.
 */
import { isOwnFrame } from './owners.js';
import { type DecodedProfile, decodeProfile, type Frame, ProfileError } from './pprof-decode.js';
import { samplingWeight } from './sampling.js';

// The decoder lives in its own file; everything it exports is still reachable from here.
export {
  type DecodedProfile,
  type DecodeWork,
  decodeProfile,
  type Frame,
  gunzipProfile,
  MAX_PROFILE_BYTES,
  PROFILE_LIMITS,
  ProfileError,
  TOO_LARGE,
} from './pprof-decode.js';

/** Frames hidden by the runtime or added by it at the leaf (Go 1.24+ maps): not the allocation site. */
export function isRuntimeFrame(fn: string): boolean {
  return fn.startsWith('runtime.') || fn.startsWith('internal/runtime/');
}

/** Generic allocation and stack-switching helpers: never the interesting frame of a runtime-only stack. */
const RUNTIME_HELPER =
  /^runtime\.(mallocgc\w*|newobject|makeslice\w*|growslice|makemap\w*|newarray|rawstring\w*|rawbyteslice|rawruneslice|concatstring\w*|slicebytetostring|systemstack|mcall|newproc\.func\d+)$/;

/**
 * Drop the leading runtime frames; what remains starts at the allocation site (or blocking point).
 * A stack made only of runtime frames (the runtime's own allocations, e.g. runtime.malg for a new goroutine's
 * descriptor, reached through runtime.systemstack) starts at its first frame that is not a generic helper.
 */
export function stripRuntimeFrames(frames: readonly Frame[]): Frame[] {
  let i = 0;
  while (i < frames.length && isRuntimeFrame(frames[i].function)) i++;
  if (i < frames.length) return frames.slice(i);
  const j = frames.findIndex((f) => !RUNTIME_HELPER.test(f.function));
  return j >= 0 ? frames.slice(j) : frames.slice(-1);
}

/** Frames shown for context below the site. */
export const STACK_DEPTH = 4;

/**
 * What the leading runtime frames of a stack say about the allocation: through a map's assign or growth
 * ('map'), through append's growth ('growslice'), or a make([]T, n) ('makeslice').
 */
export type AllocVia = 'map' | 'growslice' | 'makeslice';

/** Classify one stripped leading runtime frame. */
export function allocVia(fn: string): AllocVia | null {
  if (/^runtime\.(mapassign|makemap|hashGrow|growWork|evacuate)|^internal\/runtime\/maps\./.test(fn)) return 'map';
  if (fn === 'runtime.growslice') return 'growslice';
  if (/^runtime\.makeslice/.test(fn)) return 'makeslice';
  return null;
}

export interface SiteAgg {
  key: string;
  site: Frame;
  /** The site and up to STACK_DEPTH-1 callers, from the heaviest stack seen at this site. */
  stack: Frame[];
  value: number;
  objects: number;
  /** The owner (first frame of the service's own code, see owners.ts) of the heaviest stack at this site. */
  owner?: Frame | null;
  /** How the runtime allocated at this site (any stack), from the leading runtime frames. */
  via?: AllocVia[];
  /** Owners only: keys of the sites whose stacks rolled up to this owner. */
  members?: string[];
  /** Cumulative allocated objects (heap profiles: alloc_objects), when the profile has them. */
  allocObjects?: number;
  /**
   * Sampling variance of `value` (heap profiles): the sum over samples of in-use bytes times the per-byte
   * weight s/(e^(s/R)-1) of the sample's object size s at period R.
   */
  samplingVariance?: number;
}

export interface ProfileSummary {
  /** Sample types as "type/unit". */
  sampleTypes: string[];
  /** Sampling period in force (heap: bytes between samples, i.e. the MemProfileRate). */
  period: number;
  periodType: string;
  total: number;
  totalObjects: number;
  sites: Map<string, SiteAgg>;
  /**
   * The same values rolled up to each stack's owner (pprof's cumulative view at the first own frame), keyed
   * by siteKey(owner). Stacks with no own frame are not rolled up.
   */
  owners?: Map<string, SiteAgg>;
}

export function siteKey(f: Frame): string {
  return `${f.function}\u0000${f.file}\u0000${f.line}`;
}

export interface SummariseOptions {
  /** The service's main module (import path), for finding owners; package main is always the service's own. */
  module?: string | null;
}

/**
 * Aggregate a profile by site over one value column. `valueType` is e.g. "inuse_space" (heap) or
 * "goroutine" (goroutine profile); `objectsType` an optional second column summed alongside, and
 * `allocObjectsType` a third (cumulative allocations). With `objectsType`, each sample's sampling variance
 * (its bytes times samplingWeight of its object size at the profile's period) is summed per site too.
 * Each stack is walked in full to find its owner (opts.module); only STACK_DEPTH frames are kept for display.
 */
export function summariseBySite(
  profile: DecodedProfile,
  valueType: string,
  objectsType?: string,
  allocObjectsType?: string,
  opts: SummariseOptions = {},
): ProfileSummary {
  const sampleTypes = profile.sampleTypes.map((st) => `${st.type}/${st.unit}`);
  const vi = profile.sampleTypes.findIndex((st) => st.type === valueType);
  if (vi < 0) {
    throw new ProfileError(`profile has no ${valueType} sample type (it has: ${sampleTypes.join(', ') || 'none'})`);
  }
  const oi = objectsType ? profile.sampleTypes.findIndex((st) => st.type === objectsType) : -1;
  const module = opts.module ?? null;
  const ai = allocObjectsType ? profile.sampleTypes.findIndex((st) => st.type === allocObjectsType) : -1;
  const noFrames: Frame[] = [];
  const sites = new Map<string, SiteAgg>();
  const owners = new Map<string, SiteAgg & { memberSet: Set<string> }>();
  const heaviest = new Map<string, number>();
  let total = 0;
  let totalObjects = 0;
  profile.forEachSample((locationIds, values) => {
    const v = values[vi] ?? 0;
    const o = oi >= 0 ? (values[oi] ?? 0) : 0;
    const a = ai >= 0 ? (values[ai] ?? 0) : 0;
    if (v === 0 && o === 0 && a === 0) return;
    total += v;
    totalObjects += o;
    // Walk leaf first: skip the leading runtime frames, keep the site and STACK_DEPTH-1 callers, and go on
    // up only until the owner is found.
    let frames: Frame[] = [];
    const leading: Frame[] = [];
    let owner: Frame | null = null;
    walk: for (const id of locationIds) {
      for (const f of profile.framesById.get(id) ?? noFrames) {
        if (frames.length === 0 && isRuntimeFrame(f.function)) {
          leading.push(f);
          continue;
        }
        if (frames.length < STACK_DEPTH) frames.push(f);
        if (owner === null && isOwnFrame(f, module)) owner = f;
        if (owner !== null && frames.length >= STACK_DEPTH) break walk;
      }
    }
    if (frames.length === 0) frames = stripRuntimeFrames(leading).slice(0, STACK_DEPTH);
    const site = frames[0] ?? { function: '?', file: '', line: 0 };
    const key = siteKey(site);
    let agg = sites.get(key);
    if (!agg) {
      agg = { key, site, stack: frames, value: 0, objects: 0, owner };
      if (ai >= 0) agg.allocObjects = 0;
      if (oi >= 0) agg.samplingVariance = 0;
      sites.set(key, agg);
    }
    agg.value += v;
    agg.objects += o;
    for (const f of leading) {
      const via = allocVia(f.function);
      if (!via) continue;
      agg.via ??= [];
      if (!agg.via.includes(via)) agg.via.push(via);
    }
    if (ai >= 0) agg.allocObjects! += a;
    // One Go heap-profile sample is one (stack, object size) bucket: its size is bytes / objects.
    if (oi >= 0 && o > 0 && v > 0) agg.samplingVariance! += v * samplingWeight(v / o, profile.period);
    if (v > (heaviest.get(key) ?? -1)) {
      heaviest.set(key, v);
      agg.stack = frames;
      agg.owner = owner;
    }
    if (owner && (v !== 0 || o !== 0)) {
      const ok = `${owner.function}\u0000${owner.file}`; // by function, as pprof's cumulative view
      let oa = owners.get(ok);
      if (!oa) {
        oa = { key: ok, site: owner, stack: [owner], value: 0, objects: 0, memberSet: new Set<string>() };
        owners.set(ok, oa);
      }
      oa.value += v;
      oa.objects += o;
      oa.memberSet.add(key);
    }
  });
  const ownerAggs = new Map<string, SiteAgg>();
  for (const [k, { memberSet, ...oa }] of owners) ownerAggs.set(k, { ...oa, members: [...memberSet] });
  // Sites with nothing in use were kept only to count their allocations; as before, they are not listed.
  for (const [key, agg] of sites) if (agg.value === 0 && agg.objects === 0) sites.delete(key);
  return {
    sampleTypes,
    period: profile.period,
    periodType: profile.periodType ? `${profile.periodType.type}/${profile.periodType.unit}` : '',
    total,
    totalObjects,
    sites,
    owners: ownerAggs,
  };
}

/** A heap profile (from /debug/pprof/heap) by allocation site, over in-use bytes and objects. */
export function summariseHeapProfile(data: Uint8Array, opts: SummariseOptions = {}): ProfileSummary {
  return summariseBySite(decodeProfile(data), 'inuse_space', 'inuse_objects', 'alloc_objects', opts);
}

/** A goroutine profile (from /debug/pprof/goroutine) by the frame each goroutine is parked in. */
export function summariseGoroutineProfile(data: Uint8Array, opts: SummariseOptions = {}): ProfileSummary {
  return summariseBySite(decodeProfile(data), 'goroutine', undefined, undefined, opts);
}

/**
 * Read the `# runtime.MemStats` block at the end of /debug/pprof/heap?debug=1 text: `# Name = value` lines.
 * Values that exceed 2^53 (nanosecond times) lose precision; we do not use them.
 */
export function parseMemStats(text: string): Record<string, number> {
  const stats: Record<string, number> = {};
  const start = text.lastIndexOf('# runtime.MemStats');
  if (start < 0) return stats;
  const re = /^# (\w+) = (-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*$/gm;
  for (const m of text.slice(start).matchAll(re)) stats[m[1]] = Number(m[2]);
  return stats;
}
