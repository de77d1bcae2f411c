/**
 * pprof decoding and aggregation by allocation site. Pure apart from gunzip (a CPU-only transform).
 *
 * Model names follow pprof's profile.proto: a Sample points at Locations (leaf first); a Location holds one
 * or more Lines (more than one when functions were inlined; the first Line is the innermost); a Line points
 * at a Function, whose name and filename are indexes into the string table.
 */
import { gunzipSync } from 'node:zlib';
import { isOwnFrame } from './owners.js';

/** A decoded profile could not be used; the sample is skipped and counted, or (wrong kind) the run stops. */
export class ProfileError extends Error {
  override name = 'ProfileError';
}

/**
 * Largest profile we accept, compressed or decompressed. Memory stays bounded whatever a broken or hostile
 * server sends: a larger profile is not decoded, its sample is skipped and counted with this reason. Real heap
 * profiles are far smaller (a few MB even for large services at fine sampling rates).
 */
export const MAX_PROFILE_BYTES = 64 * 1024 * 1024;

export const TOO_LARGE = `profile larger than ${MAX_PROFILE_BYTES / 1048576} MiB: not decoded (memory stays bounded); raise --profile-rate to sample less`;

/** gunzip when gzipped; refuse empty and oversized input. */
export function gunzipProfile(data: Uint8Array): Uint8Array {
  let raw: Uint8Array = data;
  if (data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b) {
    try {
      raw = gunzipSync(data, { maxOutputLength: MAX_PROFILE_BYTES });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new ProfileError(TOO_LARGE);
      throw new ProfileError(`corrupt gzip in profile: ${(err as Error).message}`);
    }
  }
  if (raw.length === 0) throw new ProfileError('empty profile');
  if (raw.length > MAX_PROFILE_BYTES) throw new ProfileError(TOO_LARGE);
  return raw;
}

/**
 * A decoded profile, as much of profile.proto as the analysis needs: sample types, period, every location's
 * frames, and the samples, which are read one at a time (never all held as objects).
 */
export interface DecodedProfile {
  sampleTypes: { type: string; unit: string }[];
  period: number;
  periodType: { type: string; unit: string } | null;
  /** Frames of each location id, leaf first, inlined functions expanded (innermost first). */
  framesById: Map<number, Frame[]>;
  /** Calls fn(locationIds, values) for every sample, in order. */
  forEachSample(fn: (locationIds: number[], values: number[]) => void): void;
}

/**
 * gunzip and decode a pprof protobuf in a single pass over its fields, without building pprof-format's
 * object model (which made decoding about 0.5x of `go tool pprof -top`'s time on 1-10 MB profiles; see
 * BENCHMARKS.md). Values are signed int64 read as numbers: exact up to 2^53 (in-use bytes and counts never
 * get beyond). Throws ProfileError on corrupt input.
 */
export function decodeProfile(data: Uint8Array): DecodedProfile {
  const buf = gunzipProfile(data);
  try {
    return decodeFields(buf);
  } catch (err) {
    if (err instanceof ProfileError) throw err;
    throw new ProfileError(`corrupt profile protobuf: ${(err as Error).message}`);
  }
}

const utf8 = new TextDecoder('utf-8');

/** A protobuf reader over buf[pos, end). */
class Reader {
  constructor(readonly buf: Uint8Array, public pos: number, readonly end: number) {}
  more(): boolean {
    return this.pos < this.end;
  }
  /**
   * A varint as a signed int64 (protobuf writes a negative int64 as its two's complement in 10 bytes). Up to
   * 7 bytes (49 bits) it is exact in a double; longer ones go through BigInt, so -1 stays -1.
   */
  varint(): number {
    const start = this.pos;
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 7; i++) {
      if (this.pos >= this.end) throw new ProfileError('truncated profile protobuf (varint runs past the end)');
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * mul;
      if (b < 0x80) return result;
      mul *= 128;
    }
    this.pos = start;
    let big = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new ProfileError('truncated profile protobuf (varint runs past the end)');
      const b = this.buf[this.pos++];
      big |= BigInt(b & 0x7f) << BigInt(7 * i);
      if (b < 0x80) return Number(BigInt.asIntN(64, big));
    }
    throw new ProfileError('corrupt profile protobuf (varint longer than 10 bytes)');
  }
  /** A length-delimited field's [start, end). */
  bytes(): [number, number] {
    const len = this.varint();
    const start = this.pos;
    this.pos += len;
    if (this.pos > this.end) throw new ProfileError('truncated profile protobuf (a field runs past the end)');
    return [start, this.pos];
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.pos += 4;
    else throw new ProfileError(`corrupt profile protobuf (wire type ${wire})`);
    if (this.pos > this.end) throw new ProfileError('truncated profile protobuf (a field runs past the end)');
  }
  /** A repeated integer field, packed or not, appended to out. */
  repeated(wire: number, out: number[]): void {
    if (wire === 0) out.push(this.varint());
    else if (wire === 2) {
      const [a, b] = this.bytes();
      const r = new Reader(this.buf, a, b);
      while (r.more()) out.push(r.varint());
    } else this.skip(wire);
  }
}

function decodeFields(buf: Uint8Array): DecodedProfile {
  const top = new Reader(buf, 0, buf.length);
  const strings: string[] = [];
  const sampleRanges: [number, number][] = [];
  const typeRefs: [number, number][] = [];
  let periodTypeRef: [number, number] | null = null;
  const functions = new Map<number, [number, number]>(); // id -> [name, filename] string indexes
  const locations: { id: number; lines: [number, number][] }[] = []; // [functionId, line]
  let period = 0;
  // The integer fields 1 and 2 of a message: ValueType {type, unit} and Line {function_id, line} alike.
  const fields12 = (a: number, b: number): [number, number] => {
    const r = new Reader(buf, a, b);
    let one = 0;
    let two = 0;
    while (r.more()) {
      const key = r.varint();
      if (key === 8) one = r.varint();
      else if (key === 16) two = r.varint();
      else r.skip(key & 7);
    }
    return [one, two];
  };
  while (top.more()) {
    const key = top.varint();
    const field = Math.floor(key / 8);
    const wire = key & 7;
    if (field === 0) throw new ProfileError('corrupt profile protobuf (field number 0)');
    if (wire !== 2 && [1, 2, 4, 5, 6, 11].includes(field)) throw new ProfileError(`corrupt profile protobuf (field ${field} is not length-delimited)`);
    switch (field) {
      case 1: typeRefs.push(fields12(...top.bytes())); break;
      case 2: sampleRanges.push(top.bytes()); break;
      case 4: {
        const [a, b] = top.bytes();
        const r = new Reader(buf, a, b);
        const loc = { id: 0, lines: [] as [number, number][] };
        while (r.more()) {
          const k = r.varint();
          if (k === 8) loc.id = r.varint();
          else if (k === 34) loc.lines.push(fields12(...r.bytes()));
          else r.skip(k & 7);
        }
        locations.push(loc);
        break;
      }
      case 5: {
        const [a, b] = top.bytes();
        const r = new Reader(buf, a, b);
        let id = 0;
        let name = 0;
        let file = 0;
        while (r.more()) {
          const k = r.varint();
          if (k === 8) id = r.varint();
          else if (k === 16) name = r.varint();
          else if (k === 32) file = r.varint();
          else r.skip(k & 7);
        }
        functions.set(id, [name, file]);
        break;
      }
      case 6: {
        const [a, b] = top.bytes();
        strings.push(utf8.decode(buf.subarray(a, b)));
        break;
      }
      case 11: periodTypeRef = fields12(...top.bytes()); break;
      case 12: if (wire === 0) period = top.varint(); else top.skip(wire); break;
      default: top.skip(wire);
    }
  }
  const str = (i: number) => strings[i] ?? '?';
  const framesById = new Map<number, Frame[]>();
  for (const loc of locations) {
    framesById.set(loc.id, loc.lines.map(([fnId, line]) => {
      const fn = functions.get(fnId);
      return { function: fn ? str(fn[0]) : '?', file: fn ? strings[fn[1]] ?? '' : '', line };
    }));
  }
  return {
    sampleTypes: typeRefs.map(([t, u]) => ({ type: str(t), unit: str(u) })),
    period,
    periodType: periodTypeRef ? { type: str(periodTypeRef[0]), unit: str(periodTypeRef[1]) } : null,
    framesById,
    forEachSample(fn) {
      for (const [a, b] of sampleRanges) {
        const r = new Reader(buf, a, b);
        const ids: number[] = [];
        const values: number[] = [];
        while (r.more()) {
          const k = r.varint();
          const f = Math.floor(k / 8);
          if (f === 1) r.repeated(k & 7, ids);
          else if (f === 2) r.repeated(k & 7, values);
          else r.skip(k & 7);
        }
        fn(ids, values);
      }
    },
  };
}


export interface Frame {
  function: string;
  file: string;
  line: number;
}

/** Frames hidden by the runtime or added by it at the leaf (Go 1.24+ maps): not the allocation site. */
export function isRuntimeFrame(fn: string): boolean {
  return fn.startsWith('runtime.') || fn.startsWith('internal/runtime/');
}

/** Generic allocation and stack-switching helpers: never the interesting frame of a runtime-only stack. */
const RUNTIME_HELPER = /^runtime\.(mallocgc\w*|newobject|makeslice\w*|growslice|makemap\w*|newarray|rawstring\w*|rawbyteslice|rawruneslice|concatstring\w*|slicebytetostring|systemstack|mcall|newproc\.func\d+)$/;

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
 * "goroutine" (goroutine profile); `objectsType` an optional second column summed alongside. Each stack is
 * walked in full to find its owner; only STACK_DEPTH frames are kept for display.
 */
export function summariseBySite(
  profile: DecodedProfile,
  valueType: string,
  objectsType?: string,
  opts: SummariseOptions = {},
): ProfileSummary {
  const sampleTypes = profile.sampleTypes.map((st) => `${st.type}/${st.unit}`);
  const vi = profile.sampleTypes.findIndex((st) => st.type === valueType);
  if (vi < 0) {
    throw new ProfileError(`profile has no ${valueType} sample type (it has: ${sampleTypes.join(', ') || 'none'})`);
  }
  const oi = objectsType ? profile.sampleTypes.findIndex((st) => st.type === objectsType) : -1;
  const module = opts.module ?? null;
  const noFrames: Frame[] = [];
  const sites = new Map<string, SiteAgg>();
  const owners = new Map<string, SiteAgg & { memberSet: Set<string> }>();
  const heaviest = new Map<string, number>();
  let total = 0;
  let totalObjects = 0;
  profile.forEachSample((locationIds, values) => {
    const v = values[vi] ?? 0;
    const o = oi >= 0 ? values[oi] ?? 0 : 0;
    if (v === 0 && o === 0) return;
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
      sites.set(key, agg);
    }
    agg.value += v;
    agg.objects += o;
    for (const f of leading) {
      const via = allocVia(f.function);
      if (via && !agg.via?.includes(via)) (agg.via ??= []).push(via);
    }
    if (v > (heaviest.get(key) ?? -1)) {
      heaviest.set(key, v);
      agg.stack = frames;
      agg.owner = owner;
    }
    if (owner) {
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
  return summariseBySite(decodeProfile(data), 'inuse_space', 'inuse_objects', opts);
}

/** A goroutine profile (from /debug/pprof/goroutine) by the frame each goroutine is parked in. */
export function summariseGoroutineProfile(data: Uint8Array, opts: SummariseOptions = {}): ProfileSummary {
  return summariseBySite(decodeProfile(data), 'goroutine', undefined, opts);
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
  re.lastIndex = start;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) stats[m[1]] = Number(m[2]);
  return stats;
}
