/**
 * A single-pass, bounded decoder for pprof's profile.proto (gzipped or not). Pure apart from gunzip (a CPU-only
 * transform). It cannot hang or run away on hostile input:
 *
 * - every length is read as an unsigned varint and must fit in what remains of its message (a "negative"
 *   10-byte length is a huge unsigned number, so it is refused, never wrapped);
 * - a varint is at most 10 bytes and its 10th byte at most 1 (the rule of Go's protowire);
 * - every loop reads at least one byte per turn, so it strictly advances; field number 0, field numbers past
 *   2^29-1, group wire types (3, 4) and the reserved ones (6, 7) are refused;
 * - a known field with the wrong wire type is refused (as protobuf's own decoders do);
 * - the work per profile is capped (bytes, samples, locations, functions, strings, stack depth and the frames
 *   summed over all samples, see PROFILE_LIMITS); a profile past a cap is refused with a ProfileError that says
 *   which cap, and the run records it as the reason its sample was skipped.
 *
 * `work` counts what was done (varints read, frames handed out), so tests can assert a bound that does not
 * depend on the clock: varints <= 3 x bytes (three levels of nesting, each turn reads a byte) per pass.
 *
 * Model names follow pprof's profile.proto: a Sample points at Locations (leaf first); a Location holds one
 * or more Lines (more than one when functions were inlined; the first Line is the innermost); a Line points
 * at a Function, whose name and filename are indexes into the string table.
 */
import { gunzipSync } from 'node:zlib';

/** A decoded profile could not be used; the sample is skipped and counted, or (wrong kind) the run stops. */
export class ProfileError extends Error {
  override name = 'ProfileError';
}

/**
 * Caps on the work per profile. Real heap profiles are far below every one of them: the largest we measured
 * (the manystacks fixture at depth 19, GODEBUG=memprofilerate=1) is 55 MB raw with 524,288 samples, a few
 * hundred locations and functions, stacks about 25 deep and about 13 M frames in all.
 */
export const PROFILE_LIMITS = {
  /** Compressed and decompressed size. */
  bytes: 64 * 1024 * 1024,
  samples: 2 ** 21,
  locations: 2 ** 20,
  functions: 2 ** 20,
  strings: 2 ** 20,
  /** Locations in one sample's stack (Go records at most 1024, its largest debug.profstackdepth). */
  stackDepth: 2048,
  /** Frames (inlined lines expanded) summed over all samples: bounds the work of walking the stacks. */
  frames: 2 ** 26,
} as const;

/** Largest profile we accept, compressed or decompressed. */
export const MAX_PROFILE_BYTES = PROFILE_LIMITS.bytes;

const CAPPED = 'not decoded (work per profile is capped)';
const HINT = `${CAPPED}; raise --profile-rate to sample less`;

export const TOO_LARGE =
  `profile larger than ${MAX_PROFILE_BYTES / 1048576} MiB: not decoded (memory stays bounded); ` +
  'raise --profile-rate to sample less';

const overCap = (what: string, limit: number) =>
  new ProfileError(`profile has more than ${limit.toLocaleString('en-US')} ${what}: ${HINT}`);

/** gunzip when gzipped; refuse empty and oversized input. */
export function gunzipProfile(data: Uint8Array): Uint8Array {
  let raw: Uint8Array = data;
  if (data.length > MAX_PROFILE_BYTES) throw new ProfileError(TOO_LARGE);
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

export interface Frame {
  function: string;
  file: string;
  line: number;
}

/** What a decode has done so far; grows while samples are read. */
export interface DecodeWork {
  /** Varints read (keys, lengths, values). */
  varints: number;
  /** Frames (location lines) in the stacks handed out by forEachSample. */
  frames: number;
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
  /** Calls fn(locationIds, values) for every sample, in order. Throws ProfileError past PROFILE_LIMITS.frames. */
  forEachSample(fn: (locationIds: number[], values: number[]) => void): void;
  work: DecodeWork;
}

/**
 * gunzip and decode a pprof protobuf in a single pass over its fields, without building pprof-format's
 * object model (which made decoding about 0.5x of `go tool pprof -top`'s time on 1-10 MB profiles; see
 * BENCHMARKS.md). Values are signed int64 read as numbers: exact up to 2^53 (in-use bytes and counts never
 * get beyond). Throws ProfileError on corrupt input or past a cap. `work` (optional) counts what was done, also
 * when the profile is refused.
 */
export function decodeProfile(data: Uint8Array, work: DecodeWork = { varints: 0, frames: 0 }): DecodedProfile {
  const buf = gunzipProfile(data);
  try {
    return decodeFields(buf, work);
  } catch (err) {
    if (err instanceof ProfileError) throw err;
    throw new ProfileError(`corrupt profile protobuf: ${(err as Error).message}`);
  }
}

const utf8 = new TextDecoder('utf-8');
const TRUNCATED_VARINT = 'truncated profile protobuf (varint runs past the end)';
const MAX_FIELD = 2 ** 29 - 1;

/** A protobuf reader over buf[pos, end). Every read consumes at least one byte or throws. */
class Reader {
  constructor(
    readonly buf: Uint8Array,
    public pos: number,
    readonly end: number,
    readonly work: DecodeWork,
  ) {}
  more(): boolean {
    return this.pos < this.end;
  }
  /**
   * A varint of up to 7 bytes (49 bits), summed in a double; -1, with the position unchanged, when it is longer
   * (then it goes through BigInt). Every varint read passes here once (counted in work).
   */
  private shortVarint(): number {
    this.work.varints++;
    let result = 0;
    let mul = 1;
    const start = this.pos;
    for (let i = 0; i < 7; i++) {
      if (this.pos >= this.end) throw new ProfileError(TRUNCATED_VARINT);
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * mul;
      if (b < 0x80) return result;
      mul *= 128;
    }
    this.pos = start;
    return -1;
  }
  /** A varint of 8-10 bytes as an unsigned 64-bit BigInt. */
  private bigVarint(): bigint {
    let big = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new ProfileError(TRUNCATED_VARINT);
      const b = this.buf[this.pos++];
      if (i === 9 && b > 1) throw new ProfileError('corrupt profile protobuf (varint overflows 64 bits)');
      big |= BigInt(b & 0x7f) << BigInt(7 * i);
      if (b < 0x80) return big;
    }
    throw new ProfileError('corrupt profile protobuf (varint longer than 10 bytes)');
  }
  /** A varint's 64 bits as an unsigned number (exact below 2^53). */
  uvarint(): number {
    const v = this.shortVarint();
    return v >= 0 ? v : Number(this.bigVarint());
  }
  /** A varint as a signed int64 (protobuf writes a negative int64 as its two's complement in 10 bytes). */
  varint(): number {
    const v = this.shortVarint();
    return v >= 0 ? v : Number(BigInt.asIntN(64, this.bigVarint()));
  }
  /** A field key: returns field * 8 + wire; refuses field 0, fields past 2^29-1 and wire types 3, 4, 6, 7. */
  key(): number {
    const k = this.uvarint();
    const field = Math.floor(k / 8);
    const wire = k % 8;
    if (field === 0) throw new ProfileError('corrupt profile protobuf (field number 0)');
    if (field > MAX_FIELD) throw new ProfileError('corrupt profile protobuf (field number out of range)');
    if (wire !== 0 && wire !== 1 && wire !== 2 && wire !== 5)
      throw new ProfileError(`corrupt profile protobuf (wire type ${wire})`);
    return k;
  }
  /** A length-delimited field's [start, end): the length is unsigned and must fit in what remains. */
  bytes(): [number, number] {
    const at = this.pos;
    const len = this.uvarint();
    if (len > this.end - this.pos) {
      throw new ProfileError(`truncated profile protobuf (the length at byte ${at} runs past the end of its message)`);
    }
    const start = this.pos;
    this.pos += len;
    return [start, this.pos];
  }
  /** A sub-reader over the next length-delimited field. */
  message(): Reader {
    const [a, b] = this.bytes();
    return new Reader(this.buf, a, b, this.work);
  }
  skip(wire: number): void {
    if (wire === 0) this.uvarint();
    else if (wire === 2) this.bytes();
    else {
      const n = wire === 1 ? 8 : 4; // key() allows only 0, 1, 2 and 5
      if (n > this.end - this.pos) throw new ProfileError('truncated profile protobuf (a field runs past the end)');
      this.pos += n;
    }
  }
  /** A repeated integer field, packed (wire 2) or not (wire 0), appended to out. */
  repeated(wire: number, out: number[], where: string): void {
    if (wire === 0) out.push(this.varint());
    else if (wire === 2) {
      const r = this.message();
      while (r.more()) out.push(r.varint());
    } else throw wrongWire(where, wire);
  }
}

const wrongWire = (where: string, wire: number) =>
  new ProfileError(`corrupt profile protobuf (${where} has wire type ${wire})`);

/** Wire type of each field we read, per message; other fields are skipped whatever their wire type. */
const expectWire = (key: number, want: number, where: string): void => {
  if (key % 8 !== want) throw wrongWire(where, key % 8);
};

function decodeFields(buf: Uint8Array, work: DecodeWork): DecodedProfile {
  const top = new Reader(buf, 0, buf.length, work);
  const strings: string[] = [];
  const sampleRanges: number[] = []; // start, end pairs
  const typeRefs: [number, number][] = [];
  let periodTypeRef: [number, number] | null = null;
  const functions = new Map<number, [number, number]>(); // id -> [name, filename] string indexes
  let functionCount = 0;
  const locations: { id: number; lines: [number, number][] }[] = []; // [functionId, line]
  let period = 0;
  // The integer fields 1 and 2 of a message: ValueType {type, unit} and Line {function_id, line} alike.
  const fields12 = (r: Reader, where: string): [number, number] => {
    let one = 0;
    let two = 0;
    while (r.more()) {
      const key = r.key();
      const f = Math.floor(key / 8);
      if (f === 1 || f === 2) {
        expectWire(key, 0, `${where} field ${f}`);
        if (f === 1) one = r.varint();
        else two = r.varint();
      } else r.skip(key % 8);
    }
    return [one, two];
  };
  while (top.more()) {
    const key = top.key();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (field === 12) {
      expectWire(key, 0, 'field 12');
      period = top.varint();
      continue;
    }
    if (field !== 1 && field !== 2 && field !== 4 && field !== 5 && field !== 6 && field !== 11) {
      top.skip(wire);
      continue;
    }
    if (wire !== 2) throw new ProfileError(`corrupt profile protobuf (field ${field} is not length-delimited)`);
    switch (field) {
      case 1:
        typeRefs.push(fields12(top.message(), 'ValueType'));
        break;
      case 2: {
        const [a, b] = top.bytes();
        if (sampleRanges.length >= 2 * PROFILE_LIMITS.samples) throw overCap('samples', PROFILE_LIMITS.samples);
        sampleRanges.push(a, b);
        break;
      }
      case 4: {
        if (locations.length >= PROFILE_LIMITS.locations) throw overCap('locations', PROFILE_LIMITS.locations);
        const r = top.message();
        const loc = { id: 0, lines: [] as [number, number][] };
        while (r.more()) {
          const k = r.key();
          const f = Math.floor(k / 8);
          if (f === 1) {
            expectWire(k, 0, 'Location field 1');
            loc.id = r.varint();
          } else if (f === 4) {
            expectWire(k, 2, 'Location field 4');
            loc.lines.push(fields12(r.message(), 'Line'));
          } else r.skip(k % 8);
        }
        locations.push(loc);
        break;
      }
      case 5: {
        if (++functionCount > PROFILE_LIMITS.functions) throw overCap('functions', PROFILE_LIMITS.functions);
        const r = top.message();
        let id = 0;
        let name = 0;
        let file = 0;
        while (r.more()) {
          const k = r.key();
          const f = Math.floor(k / 8);
          if (f === 1 || f === 2 || f === 4) {
            expectWire(k, 0, `Function field ${f}`);
            const v = r.varint();
            if (f === 1) id = v;
            else if (f === 2) name = v;
            else file = v;
          } else r.skip(k % 8);
        }
        functions.set(id, [name, file]);
        break;
      }
      case 6: {
        if (strings.length >= PROFILE_LIMITS.strings) throw overCap('strings', PROFILE_LIMITS.strings);
        const [a, b] = top.bytes();
        strings.push(utf8.decode(buf.subarray(a, b)));
        break;
      }
      case 11:
        periodTypeRef = fields12(top.message(), 'ValueType');
        break;
    }
  }
  const str = (i: number) => strings[i] ?? '?';
  const framesById = new Map<number, Frame[]>();
  for (const loc of locations) {
    framesById.set(
      loc.id,
      loc.lines.map(([fnId, line]) => {
        const fn = functions.get(fnId);
        return { function: fn ? str(fn[0]) : '?', file: fn ? (strings[fn[1]] ?? '') : '', line };
      }),
    );
  }
  return {
    sampleTypes: typeRefs.map(([t, u]) => ({ type: str(t), unit: str(u) })),
    period,
    periodType: periodTypeRef ? { type: str(periodTypeRef[0]), unit: str(periodTypeRef[1]) } : null,
    framesById,
    work,
    forEachSample(fn) {
      let frames = 0;
      for (let s = 0; s < sampleRanges.length; s += 2) {
        const r = new Reader(buf, sampleRanges[s], sampleRanges[s + 1], work);
        const ids: number[] = [];
        const values: number[] = [];
        while (r.more()) {
          const k = r.key();
          const f = Math.floor(k / 8);
          if (f === 1) r.repeated(k % 8, ids, 'Sample field 1');
          else if (f === 2) r.repeated(k % 8, values, 'Sample field 2');
          else r.skip(k % 8);
        }
        if (ids.length > PROFILE_LIMITS.stackDepth) {
          throw new ProfileError(`a sample's stack is deeper than ${PROFILE_LIMITS.stackDepth} locations: ${CAPPED}`);
        }
        for (const id of ids) frames += framesById.get(id)?.length ?? 0;
        work.frames = frames;
        if (frames > PROFILE_LIMITS.frames) throw overCap('frames in all stacks', PROFILE_LIMITS.frames);
        fn(ids, values);
      }
    },
  };
}
