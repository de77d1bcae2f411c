/**
 * Seeded fuzzing of profile decoding and site extraction.
 *
 * 1. Mutated profiles must end in a result or a ProfileError, never another exception or a hang.
 * 2. Differential (issue 11): 100,000 seeded inputs (random bytes; small generated profiles and the real
 *    recorded ones, mutated in their structure: varint widths incl. overlong and 10-byte negatives, lengths,
 *    field numbers, wire types, order; and truncated and spliced), our decoder must agree with the reference
 *    (test/helpers/differential.ts: a wire-format check written from the protobuf spec, plus pprof-format for the
 *    values): either both reject, or both accept with the same per-site in-use bytes and objects. Each input's
 *    work is bounded, asserted on the decoder's own counter (varints read <= 3 x bytes), not on the clock.
 *
 *    Known differences, allowed narrowly and counted:
 *    - pprof-format reads every key as one byte, so a key of more than one byte (a field number of 16 or more,
 *      which profile.proto does not define, or an overlong key) is misread by it: its values are not compared
 *      then, but our verdict must still follow the wire check.
 *    - pprof-format throws "Unrecognized value type" on wire types 1 and 5 (valid protobuf) and on any unknown
 *      wire type inside messages neither decoder uses (Mapping, Label): we skip those, as protobuf says.
 *    - Our caps on the work per profile (PROFILE_LIMITS) refuse what pprof-format would decode; no input
 *      here comes near them (they are tested in pprof-decode.test.ts), so this exception is never taken.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  type DecodeWork,
  decodeProfile,
  ProfileError,
  type ProfileSummary,
  summariseBySite,
  summariseGoroutineProfile,
  summariseHeapProfile,
} from '../../src/analyze/profile.js';
import { checkWire, type Field, mutateTree, parseTree, referenceDecode, serialize } from '../helpers/differential.js';
import { heapProfile } from '../helpers/protowire.js';
import { mulberry32 } from '../helpers/series.js';

const dir = new URL('../../fixtures/profiles/', import.meta.url);
const seeds = readdirSync(dir)
  .filter((f) => f.endsWith('.pb.gz'))
  .map((f) => gunzipSync(readFileSync(new URL(f, dir))));

function mutate(buf: Buffer, rand: () => number): Buffer {
  const b = Buffer.from(buf);
  const kind = Math.floor(rand() * 6);
  const at = () => Math.floor(rand() * b.length);
  switch (kind) {
    case 0: // flip bytes
      for (let i = 0; i < 1 + rand() * 8; i++) b[at()] ^= 1 << Math.floor(rand() * 8);
      return b;
    case 1: // truncate
      return b.subarray(0, at());
    case 2: // insert random bytes
      return Buffer.concat([
        b.subarray(0, at()),
        Buffer.from(Array.from({ length: 1 + rand() * 16 }, () => Math.floor(rand() * 256))),
        b.subarray(at()),
      ]);
    case 3: // huge varint lengths
      b[at()] = 0xff;
      b[at()] = 0xff;
      return b;
    case 4: // splice two profiles
      return Buffer.concat([
        b.subarray(0, at()),
        seeds[Math.floor(rand() * seeds.length)].subarray(Math.floor(rand() * 100)),
      ]);
    default: // pure noise
      return Buffer.from(Array.from({ length: Math.floor(rand() * 512) }, () => Math.floor(rand() * 256)));
  }
}

describe('fuzzing profile decoding', () => {
  it('2000 mutated profiles: a summary or a ProfileError, nothing else', () => {
    const rand = mulberry32(20261123);
    let decoded = 0;
    let refused = 0;
    for (let i = 0; i < 2000; i++) {
      const raw = mutate(seeds[i % seeds.length], rand);
      const data = rand() < 0.5 ? gzipSync(raw) : raw;
      for (const f of [summariseHeapProfile, summariseGoroutineProfile]) {
        try {
          const s = f(data);
          decoded++;
          expect(Number.isFinite(s.total)).toBe(true);
          for (const site of s.sites.values()) expect(typeof site.site.function).toBe('string');
        } catch (err) {
          if (!(err instanceof ProfileError)) throw new Error(`case ${i}: ${(err as Error).stack}`);
          refused++;
        }
      }
    }
    // Both outcomes happen, so the fuzzer reaches past the first checks.
    expect(decoded).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(50);
  });

  it('a gzip bomb is refused by the size cap, not decoded', () => {
    const bomb = gzipSync(Buffer.alloc(80 * 1024 * 1024));
    expect(() => summariseHeapProfile(bomb)).toThrow(/larger than 64 MiB: not decoded/);
  });
});

// ---- differential fuzzing against pprof-format ----

type Outcome = { ok: true; sites: Map<string, [number, number]>; total: number } | { ok: false; why: string };

const outcome = (s: ProfileSummary): Outcome => ({
  ok: true,
  total: s.total,
  sites: new Map([...s.sites].map(([k, a]) => [k, [a.value, a.objects]])),
});

const tally = {
  inputs: 0,
  bothAccept: 0,
  bothReject: 0,
  multiByteKey: 0,
  unknownWireInPprofFormat: 0,
  varints: 0,
  bytes: 0,
};

/** One input through both decoders; throws (with the input in hex) on any disagreement. */
function differential(raw: Uint8Array, label: string): void {
  tally.inputs++;
  tally.bytes += raw.length;
  const work: DecodeWork = { varints: 0, frames: 0 };
  let ours: Outcome;
  try {
    ours = outcome(summariseBySite(decodeProfile(raw, work), 'inuse_space', 'inuse_objects'));
  } catch (err) {
    if (!(err instanceof ProfileError))
      throw new Error(`${label}: not a ProfileError: ${(err as Error).stack}\n${hex(raw)}`);
    ours = { ok: false, why: err.message };
  }
  // The bound on work: each varint read takes at least one byte, at three levels of nesting at most.
  tally.varints += work.varints;
  if (work.varints > 3 * raw.length)
    throw new Error(`${label}: ${work.varints} varints read from ${raw.length} bytes\n${hex(raw)}`);
  const wire = checkWire(raw);
  // Framing, judged by the spec alone: malformed input is refused; well-formed input is refused only for what
  // it means (no inuse_space column), never for how it is written.
  if (!wire.ok && ours.ok) throw new Error(`${label}: accepted malformed input (${wire.why})\n${hex(raw)}`);
  if (wire.ok && !ours.ok && !/no inuse_space sample type/.test(ours.why)) {
    throw new Error(`${label}: refused well-formed input: ${ours.why}\n${hex(raw)}`);
  }
  if (!wire.ok) {
    tally.bothReject++;
    return;
  }
  if (wire.multiByteKey) {
    tally.multiByteKey++; // pprof-format misreads it: no value comparison (see the file comment)
    return;
  }
  let theirs: Outcome;
  try {
    theirs = outcome(summariseBySite(referenceDecode(raw), 'inuse_space', 'inuse_objects'));
  } catch (err) {
    const msg = (err as Error).message;
    if (ours.ok && /^Unrecognized value type: \d$/.test(msg)) {
      tally.unknownWireInPprofFormat++;
      return;
    }
    theirs = { ok: false, why: msg };
  }
  if (ours.ok !== theirs.ok) {
    throw new Error(
      `${label}: ours ${ours.ok ? 'accepted' : `refused (${ours.why})`}, pprof-format ${theirs.ok ? 'accepted' : `refused (${theirs.why})`}\n${hex(raw)}`,
    );
  }
  if (!ours.ok || !theirs.ok) {
    tally.bothReject++;
    return;
  }
  tally.bothAccept++;
  if (
    ours.total !== theirs.total ||
    JSON.stringify([...ours.sites].sort()) !== JSON.stringify([...theirs.sites].sort())
  ) {
    throw new Error(
      `${label}: per-site in-use totals differ\nours   ${JSON.stringify([...ours.sites])}\ntheirs ${JSON.stringify([...theirs.sites])}\n${hex(raw)}`,
    );
  }
}

const hex = (b: Uint8Array) =>
  Buffer.from(b.subarray(0, 400)).toString('hex') + (b.length > 400 ? `... (${b.length} bytes)` : '');

/** A small random but valid heap profile (a few sites and samples, some values negative or past 2^32). */
function smallProfile(rand: () => number): Uint8Array {
  const nSites = 1 + Math.floor(rand() * 5);
  const sites = Array.from({ length: nSites }, (_, i) => (rand() < 0.2 ? `runtime.f${i}` : `main.f${i}`));
  const samples = Array.from({ length: Math.floor(rand() * 8) }, () => ({
    loc: Array.from({ length: 1 + Math.floor(rand() * 3) }, () => 1 + Math.floor(rand() * (nSites + 1))),
    inuse:
      rand() < 0.1
        ? -Math.floor(rand() * 5000)
        : rand() < 0.1
          ? 2 ** 40 + Math.floor(rand() * 99)
          : Math.floor(rand() * 5000),
  }));
  return Uint8Array.from(heapProfile(sites, samples));
}

describe('differential fuzzing against pprof-format (100,000 seeded inputs)', () => {
  const realTrees: Field[][] = seeds.map((s) => parseTree(s));
  it('the reference agrees with itself on the real profiles (they are well-formed and re-serialise exactly)', () => {
    for (const [i, s] of seeds.entries()) {
      expect(checkWire(s).ok).toBe(true);
      expect(Buffer.from(serialize(realTrees[i])).equals(s)).toBe(true);
      differential(s, `seed ${i}`);
    }
  });

  it('40,000 random byte strings', () => {
    const rand = mulberry32(110001);
    for (let i = 0; i < 40_000; i++) {
      const len = Math.floor(rand() ** 2 * 200);
      // Half start like a profile (a sample_type key), so more of them get past the first byte.
      const raw = Uint8Array.from({ length: len }, (_, j) =>
        j === 0 && rand() < 0.5 ? 0x0a : Math.floor(rand() * 256),
      );
      differential(raw, `random ${i}`);
    }
  });

  it('50,000 small generated profiles, mutated in their structure', () => {
    const rand = mulberry32(110002);
    for (let i = 0; i < 50_000; i++) {
      const good = smallProfile(rand);
      const raw = rand() < 0.1 ? good : Uint8Array.from(serialize(mutateTree(parseTree(good), rand)));
      differential(raw, `generated ${i}`);
    }
  });

  it('10,000 real profiles: mutated in their structure, truncated, spliced', () => {
    const rand = mulberry32(110003);
    // Each real profile as its top-level fields' bytes: a structural mutation rewrites one field's subtree.
    const chunks = realTrees.map((t) => t.map((f) => Uint8Array.from(serialize([f]))));
    for (let i = 0; i < 10_000; i++) {
      const k = i % seeds.length;
      let raw: Uint8Array;
      const r = rand();
      if (r < 0.6) {
        const j = Math.floor(rand() * chunks[k].length);
        const mutated = Uint8Array.from(serialize(mutateTree([realTrees[k][j]], rand)));
        raw = Buffer.concat([...chunks[k].slice(0, j), mutated, ...chunks[k].slice(j + 1)]);
      } else if (r < 0.8) raw = seeds[k].subarray(0, Math.floor(rand() * seeds[k].length));
      else {
        const other = seeds[Math.floor(rand() * seeds.length)];
        raw = Buffer.concat([
          seeds[k].subarray(0, Math.floor(rand() * seeds[k].length)),
          other.subarray(Math.floor(rand() * other.length)),
        ]);
      }
      differential(raw, `real ${i}`);
    }
  });

  it('reached deep: many inputs accepted by both, many refused, each exception counted', () => {
    expect(tally.inputs).toBeGreaterThanOrEqual(100_000);
    expect(tally.bothAccept).toBeGreaterThan(10_000);
    expect(tally.bothReject).toBeGreaterThan(10_000);
    console.log(`differential fuzzing: ${JSON.stringify(tally)}`);
  });
});
