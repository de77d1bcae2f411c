/**
 * Seeded mutation fuzzing of profile decoding and site extraction: random and mutated profiles must end in
 * a result or a ProfileError, never another exception or a hang, and decoding stays bounded.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ProfileError, summariseGoroutineProfile, summariseHeapProfile } from '../../src/analyze/profile.js';
import { mulberry32 } from '../helpers/series.js';

const dir = new URL('../../fixtures/profiles/', import.meta.url);
const seeds = readdirSync(dir).filter((f) => f.endsWith('.pb.gz')).map((f) => gunzipSync(readFileSync(new URL(f, dir))));

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
      return Buffer.concat([b.subarray(0, at()), Buffer.from(Array.from({ length: 1 + rand() * 16 }, () => Math.floor(rand() * 256))), b.subarray(at())]);
    case 3: // huge varint lengths
      b[at()] = 0xff;
      b[at()] = 0xff;
      return b;
    case 4: // splice two profiles
      return Buffer.concat([b.subarray(0, at()), seeds[Math.floor(rand() * seeds.length)].subarray(Math.floor(rand() * 100))]);
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
