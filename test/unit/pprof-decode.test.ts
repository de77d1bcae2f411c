/**
 * The bounded decoder (src/analyze/pprof-decode.ts): unsigned lengths bounded by what remains, loops that
 * always advance, strict varints and wire types, and caps on the work per profile. The work counter makes
 * "finishes within a bound" a deterministic assertion: at most 3 varints per byte (three levels of nesting).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type DecodeWork,
  decodeProfile,
  PROFILE_LIMITS,
  ProfileError,
  summariseHeapProfile,
} from '../../src/analyze/profile.js';
import { bytes, heapProfile, key, lenField, uvarint, varintField } from '../helpers/protowire.js';

const HOSTILE = new URL('../../fixtures/hostile/negative-length.pb.gz', import.meta.url);

/** Summarise, returning the error (if any) and the work done either way. */
function attempt(data: Uint8Array): { error: Error | null; work: DecodeWork; total?: number } {
  const work: DecodeWork = { varints: 0, frames: 0 };
  try {
    const p = decodeProfile(data, work);
    let total = 0;
    p.forEachSample((_, v) => (total += v[3] ?? 0));
    return { error: null, work, total };
  } catch (err) {
    return { error: err as Error, work };
  }
}

describe('issue 11: a 10-byte "negative" length', () => {
  it('the recorded 31-byte gzip is refused at once, not looped over', () => {
    const gz = readFileSync(HOSTILE);
    expect(gz.length).toBe(31);
    const r = attempt(gz);
    expect(r.error).toBeInstanceOf(ProfileError);
    expect(r.error!.message).toBe('truncated profile protobuf (the length at byte 7 runs past the end of its message)');
    // 17 bytes decompressed: a handful of varints, not millions.
    expect(r.work.varints).toBeLessThanOrEqual(3 * 17);
    expect(() => summariseHeapProfile(gz)).toThrow(ProfileError);
  });

  const good = heapProfile(
    ['main.a', 'main.b'],
    [
      { loc: [1], inuse: 100 },
      { loc: [2, 1], inuse: 200 },
    ],
  );
  it.each([
    ['a Sample', (n: bigint) => lenField(2, [], n)],
    ['a string', (n: bigint) => lenField(6, [], n)],
    ['a Location', (n: bigint) => lenField(4, [...varintField(1, 9), ...lenField(4, [], n)])],
    ['packed location ids', (n: bigint) => lenField(2, lenField(1, [], n))],
    ['a ValueType', (n: bigint) => lenField(1, [], n)],
  ])('in %s: refused for every negative length from -1 to -64', (_, make) => {
    for (let n = -1n; n >= -64n; n--) {
      const raw = bytes(good, make(n));
      const r = attempt(raw);
      expect(r.error, `length ${n}`).toBeInstanceOf(ProfileError);
      expect(r.error!.message).toMatch(/runs past the end/);
      expect(r.work.varints).toBeLessThanOrEqual(3 * raw.length);
    }
  });

  it('a good profile still decodes, totals intact', () => {
    expect(attempt(bytes(good)).total).toBe(300);
  });
});

describe('varints and wire types', () => {
  const sites = heapProfile(['main.a'], [{ loc: [1], inuse: 7 }]);
  it('overlong but valid varints (up to 10 bytes) are read as their value', () => {
    const raw = bytes(sites, key(12, 0, 3), uvarint(8192, 10));
    expect(decodeProfile(raw).period).toBe(8192);
  });
  it('an 11-byte varint and a 10th byte above 1 are refused', () => {
    const eleven = [...uvarint(1, 11)];
    // Its 10th byte has the continuation bit set, so it is past 64 bits already (Go's protowire rule).
    expect(() => decodeProfile(bytes(sites, key(12, 0), eleven))).toThrow(/varint overflows 64 bits/);
    const ten = uvarint(-1);
    ten[9] = 0x02;
    expect(() => decodeProfile(bytes(sites, key(12, 0), ten))).toThrow(/varint overflows 64 bits/);
  });
  it('a negative int64 value stays negative', () => {
    const raw = bytes(sites, varintField(12, -5));
    expect(decodeProfile(raw).period).toBe(-5);
  });
  it('field 0, groups and reserved wire types are refused; unknown fixed32/fixed64 fields are skipped', () => {
    expect(() => decodeProfile(bytes(sites, key(0, 0), [1]))).toThrow(/field number 0/);
    for (const w of [3, 4, 6, 7]) expect(() => decodeProfile(bytes(sites, key(20, w), [1]))).toThrow(`wire type ${w}`);
    const fixed = bytes(sites, key(20, 1), [1, 2, 3, 4, 5, 6, 7, 8], key(21, 5), [1, 2, 3, 4]);
    expect(attempt(fixed).total).toBe(7);
    expect(() => decodeProfile(bytes(sites, key(21, 5), [1, 2, 3]))).toThrow(/runs past the end/);
  });
  it('a known field with the wrong wire type is refused', () => {
    expect(() => decodeProfile(bytes(sites, varintField(2, 1)))).toThrow(/field 2 is not length-delimited/);
    expect(() => decodeProfile(bytes(sites, lenField(12, [1])))).toThrow(/field 12 has wire type 2/);
    expect(() => decodeProfile(bytes(sites, lenField(4, lenField(1, [1]))))).toThrow(
      /Location field 1 has wire type 2/,
    );
    expect(() => decodeProfile(bytes(sites, lenField(5, [...key(2, 5), 1, 2, 3, 4])))).toThrow(
      /Function field 2 has wire type 5/,
    );
  });
  it('every loop advances: a Sample of nothing but unknown fields ends', () => {
    const junk = Array.from({ length: 1000 }, (_, i) => varintField(3 + (i % 5), i)).flat();
    const r = attempt(bytes(sites, lenField(2, junk)));
    expect(r.error).toBeNull();
    expect(r.work.varints).toBeLessThanOrEqual(3 * (sites.length + junk.length + 3));
  });
});

describe('caps on the work per profile', () => {
  const repeat = (part: number[], n: number) => {
    const out = new Uint8Array(part.length * n);
    for (let i = 0; i < n; i++) out.set(part, i * part.length);
    return out;
  };
  const concat = (...xs: Uint8Array[]) => Buffer.concat(xs);
  const base = Uint8Array.from(heapProfile(['main.a'], [{ loc: [1], inuse: 7 }]));

  it.each([
    ['samples', [0x12, 0x00], PROFILE_LIMITS.samples],
    ['locations', [0x22, 0x00], PROFILE_LIMITS.locations],
    ['functions', [0x2a, 0x00], PROFILE_LIMITS.functions],
    ['strings', [0x32, 0x00], PROFILE_LIMITS.strings],
  ])('more than the cap of %s: refused with the reason', (what, part, limit) => {
    expect(attempt(concat(base, repeat(part, limit - 10))).error).toBeNull();
    const r = attempt(concat(base, repeat(part, limit + 1)));
    expect(r.error).toBeInstanceOf(ProfileError);
    expect(r.error!.message).toBe(
      `profile has more than ${limit.toLocaleString('en-US')} ${what}: not decoded (work per profile is capped); raise --profile-rate to sample less`,
    );
  });

  it('a stack deeper than the cap: refused', () => {
    const deep = (n: number) => Uint8Array.from(lenField(2, lenField(1, Array(n).fill(1))));
    expect(attempt(concat(base, deep(PROFILE_LIMITS.stackDepth))).error).toBeNull();
    const r = attempt(concat(base, deep(PROFILE_LIMITS.stackDepth + 1)));
    expect(r.error!.message).toBe(
      `a sample's stack is deeper than ${PROFILE_LIMITS.stackDepth} locations: not decoded (work per profile is capped)`,
    );
  });

  it('many samples through one location with many inlined lines: the frames cap stops the walk', () => {
    // 40,000 lines in one location (2 bytes each), 2,000 samples through it: 80 M frames from 100 KB.
    const loc = Uint8Array.from(lenField(4, [...varintField(1, 99), ...Array(40_000).fill([0x22, 0x00]).flat()]));
    const samples = repeat(lenField(2, lenField(1, [99])), 2000);
    const r = attempt(concat(base, loc, samples));
    expect(r.error!.message).toBe(
      `profile has more than ${PROFILE_LIMITS.frames.toLocaleString('en-US')} frames in all stacks: not decoded (work per profile is capped); raise --profile-rate to sample less`,
    );
    expect(r.work.frames).toBeLessThanOrEqual(PROFILE_LIMITS.frames + 40_000);
    expect(attempt(concat(base, loc, repeat(lenField(2, lenField(1, [99])), 1000))).error).toBeNull();
  });

  it('a gzip larger than the byte cap is refused before gunzip', () => {
    const r = attempt(new Uint8Array(PROFILE_LIMITS.bytes + 1).fill(0x1f, 0, 1).fill(0x8b, 1, 2));
    expect(r.error!.message).toMatch(/^profile larger than 64 MiB/);
  });
});
