/**
 * pprof decoding and aggregation by allocation site. Pure apart from gunzip (a CPU-only transform).
 *
 * Model names follow pprof's profile.proto: a Sample points at Locations (leaf first); a Location holds one
 * or more Lines (more than one when functions were inlined; the first Line is the innermost); a Line points
 * at a Function, whose name and filename are indexes into the string table.
 */
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';

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

/**
 * pprof-format decodes int64 fields as number or bigint depending on size, and negative int64 as an
 * unsigned bigint. Normalise to a signed JS number.
 * @example toNumber(18446744073709551615n) // -1
 */
export function toNumber(v: number | bigint | undefined | null): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return v;
  return Number(BigInt.asIntN(64, v));
}

/** gunzip (when gzipped) and decode a pprof protobuf. Throws ProfileError on corrupt input. */
export function decodeProfile(data: Uint8Array): Profile {
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
  checkWireFormat(raw);
  try {
    // A plain Uint8Array view, not a Buffer: pprof-format slices a view per field, and Buffer's subarray is
    // several times slower (about 25% of decode time on a 1 MB profile, bench/analysis-speed.mjs).
    return Profile.decode(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength));
  } catch (err) {
    throw new ProfileError(`corrupt profile protobuf: ${(err as Error).message}`);
  }
}

/**
 * Walk the top-level protobuf fields and check that every one ends inside the buffer. pprof-format reads
 * past the end of a truncated buffer without complaint, so a cut-off download would otherwise decode as a
 * smaller, wrong profile.
 */
export function checkWireFormat(buf: Uint8Array): void {
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (pos >= buf.length) throw new ProfileError('truncated profile protobuf (varint runs past the end)');
      const b = buf[pos++];
      result += (b & 0x7f) * mul;
      if (b < 0x80) return result;
      mul *= 128;
    }
    throw new ProfileError('corrupt profile protobuf (varint longer than 10 bytes)');
  };
  while (pos < buf.length) {
    const key = varint();
    const wire = key % 8;
    if (key < 8) throw new ProfileError('corrupt profile protobuf (field number 0)');
    if (wire === 0) varint();
    else if (wire === 1) pos += 8;
    else if (wire === 2) {
      const len = varint(); // not `pos += varint()`: that reads pos before varint() moves it
      pos += len;
    }
    else if (wire === 5) pos += 4;
    else throw new ProfileError(`corrupt profile protobuf (wire type ${wire})`);
    if (pos > buf.length) throw new ProfileError('truncated profile protobuf (a field runs past the end)');
  }
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

/** Frames of one location, with inlined functions expanded (innermost first). */
function locationFrames(profile: Profile, li: number, fnIndex: Map<number, number>): Frame[] {
  const strings = profile.stringTable.strings;
  return profile.location[li].line.map((line) => {
    const fi = fnIndex.get(toNumber(line.functionId));
    const fn = fi === undefined ? undefined : profile.function[fi];
    return {
      function: fn ? strings[toNumber(fn.name)] ?? '?' : '?',
      file: fn ? strings[toNumber(fn.filename)] ?? '' : '',
      line: toNumber(line.line),
    };
  });
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

export interface SiteAgg {
  key: string;
  site: Frame;
  /** The site and up to STACK_DEPTH-1 callers, from the heaviest stack seen at this site. */
  stack: Frame[];
  value: number;
  objects: number;
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
}

export function siteKey(f: Frame): string {
  return `${f.function}\u0000${f.file}\u0000${f.line}`;
}

function sampleTypeIndex(profile: Profile, type: string): number {
  const strings = profile.stringTable.strings;
  return profile.sampleType.findIndex((st) => strings[toNumber(st.type)] === type);
}

/**
 * Aggregate a profile by site over one value column. `valueType` is e.g. "inuse_space" (heap) or
 * "goroutine" (goroutine profile); `objectsType` an optional second column summed alongside.
 */
export function summariseBySite(profile: Profile, valueType: string, objectsType?: string): ProfileSummary {
  const strings = profile.stringTable.strings;
  const sampleTypes = profile.sampleType.map((st) => `${strings[toNumber(st.type)]}/${strings[toNumber(st.unit)]}`);
  const vi = sampleTypeIndex(profile, valueType);
  if (vi < 0) {
    throw new ProfileError(`profile has no ${valueType} sample type (it has: ${sampleTypes.join(', ') || 'none'})`);
  }
  const oi = objectsType ? sampleTypeIndex(profile, objectsType) : -1;
  const fnIndex = new Map<number, number>();
  profile.function.forEach((f, i) => fnIndex.set(toNumber(f.id), i));
  // Frames per location id, expanded once: a large profile has ~100x more samples than locations.
  const framesById = new Map<number, Frame[]>();
  profile.location.forEach((l, i) => framesById.set(toNumber(l.id), locationFrames(profile, i, fnIndex)));
  const noFrames: Frame[] = [];

  const sites = new Map<string, SiteAgg>();
  const heaviest = new Map<string, number>();
  let total = 0;
  let totalObjects = 0;
  for (const s of profile.sample) {
    const v = toNumber(s.value[vi]);
    const o = oi >= 0 ? toNumber(s.value[oi]) : 0;
    if (v === 0 && o === 0) continue;
    total += v;
    totalObjects += o;
    // Walk leaf first: skip the leading runtime frames, keep the site and STACK_DEPTH-1 callers, stop there.
    let frames: Frame[] = [];
    const leading: Frame[] = [];
    walk: for (const id of s.locationId) {
      for (const f of framesById.get(toNumber(id)) ?? noFrames) {
        if (frames.length === 0 && isRuntimeFrame(f.function)) leading.push(f);
        else if (frames.push(f) >= STACK_DEPTH) break walk;
      }
    }
    if (frames.length === 0) frames = stripRuntimeFrames(leading).slice(0, STACK_DEPTH);
    const site = frames[0] ?? { function: '?', file: '', line: 0 };
    const key = siteKey(site);
    let agg = sites.get(key);
    if (!agg) {
      agg = { key, site, stack: frames, value: 0, objects: 0 };
      sites.set(key, agg);
    }
    agg.value += v;
    agg.objects += o;
    if (v > (heaviest.get(key) ?? -1)) {
      heaviest.set(key, v);
      agg.stack = frames;
    }
  }
  return {
    sampleTypes,
    period: toNumber(profile.period),
    periodType: profile.periodType ? `${strings[toNumber(profile.periodType.type)]}/${strings[toNumber(profile.periodType.unit)]}` : '',
    total,
    totalObjects,
    sites,
  };
}

/** A heap profile (from /debug/pprof/heap) by allocation site, over in-use bytes and objects. */
export function summariseHeapProfile(data: Uint8Array): ProfileSummary {
  return summariseBySite(decodeProfile(data), 'inuse_space', 'inuse_objects');
}

/** A goroutine profile (from /debug/pprof/goroutine) by the frame each goroutine is parked in. */
export function summariseGoroutineProfile(data: Uint8Array): ProfileSummary {
  return summariseBySite(decodeProfile(data), 'goroutine');
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
