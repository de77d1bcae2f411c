import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  decodeProfile,
  ProfileError,
  parseMemStats,
  stripRuntimeFrames,
  summariseGoroutineProfile,
  summariseHeapProfile,
} from '../../src/analyze/profile.js';
import { synthHeap, synthProfile } from '../helpers/synth-profile.js';

describe('int64 values', () => {
  it('decodes a negative sample value and a bigint-sized one written by pprof-format', () => {
    const data = synthHeap([
      { stack: ['main.neg'], objects: -2n, bytes: -8192n },
      { stack: ['main.big'], objects: 1n, bytes: 2n ** 40n },
    ]);
    const s = summariseHeapProfile(data);
    expect(s.total).toBe(2 ** 40 - 8192);
    expect(s.totalObjects).toBe(-1);
  });
});

describe('our decoder against pprof-format', () => {
  it('gives the same sample types, period and per-sample values on every recorded profile', async () => {
    const { Profile } = await import('pprof-format');
    const { gunzipSync } = await import('node:zlib');
    const { readdirSync } = await import('node:fs');
    const dir = new URL('../../fixtures/profiles/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.pb.gz'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const f of files) {
      const gz = readFileSync(new URL(f, dir));
      const ours = decodeProfile(gz);
      const theirs = Profile.decode(gunzipSync(gz));
      const strs = theirs.stringTable.strings;
      expect(ours.sampleTypes, f).toEqual(
        theirs.sampleType.map((t) => ({ type: strs[Number(t.type)], unit: strs[Number(t.unit)] })),
      );
      expect(ours.period, f).toBe(Number(theirs.period));
      const rows: string[] = [];
      ours.forEachSample((ids, values) => rows.push(`${ids.join(',')}:${values.join(',')}`));
      expect(rows, f).toEqual(
        theirs.sample.map((s) => `${s.locationId.map(Number).join(',')}:${s.value.map(Number).join(',')}`),
      );
      expect(ours.framesById.size, f).toBe(theirs.location.length);
    }
  });
});

describe('site extraction', () => {
  it('strips leading runtime. and internal/runtime/ frames, and expands inlined frames leaf first', () => {
    const data = synthHeap([
      {
        // Go 1.24+ map growth: internal/runtime/maps frames at the leaf, then runtime, then user code.
        stack: [
          'internal/runtime/maps.newarray',
          'runtime.mapassign_faststr',
          { fn: 'main.rememberRequest', line: 27 },
          'main.handler',
          'net/http.HandlerFunc.ServeHTTP',
        ],
        objects: 3,
        bytes: 3000,
      },
      {
        // One Location with an inlined helper: the innermost (first) line is the site.
        stack: [
          'runtime.mallocgc',
          [
            { fn: 'main.newBuf', line: 5 },
            { fn: 'main.readPayload', line: 40 },
          ],
          'main.handler',
        ],
        objects: 1,
        bytes: 65536,
      },
      {
        stack: [
          'runtime.mallocgc',
          [
            { fn: 'main.newBuf', line: 5 },
            { fn: 'main.readPayload', line: 40 },
          ],
          'main.other',
        ],
        objects: 1,
        bytes: 1000,
      },
      { stack: ['main.zero'], objects: 0, bytes: 0 },
    ]);
    const s = summariseHeapProfile(data);
    expect(s.period).toBe(65536);
    expect(s.total).toBe(3000 + 65536 + 1000);
    expect(s.totalObjects).toBe(5);
    const sites = [...s.sites.values()].sort((a, b) => b.value - a.value);
    expect(sites.map((x) => [x.site.function, x.site.line, x.value, x.objects])).toEqual([
      ['main.newBuf', 5, 66536, 2],
      ['main.rememberRequest', 27, 3000, 3],
    ]);
    // The stack shown is the heaviest one at that site, inlined caller included.
    expect(sites[0].stack.map((f) => f.function)).toEqual(['main.newBuf', 'main.readPayload', 'main.handler']);
    expect(sites[1].stack.map((f) => f.function)).toEqual([
      'main.rememberRequest',
      'main.handler',
      'net/http.HandlerFunc.ServeHTTP',
    ]);
  });

  it('names an all-runtime stack by its first frame that is not an allocation helper', () => {
    const f = (fn: string) => ({ function: fn, file: '', line: 1 });
    expect(
      stripRuntimeFrames([
        f('runtime.mallocgc'),
        f('runtime.growslice'),
        f('runtime.allgadd'),
        f('runtime.newproc1'),
        f('runtime.systemstack'),
      ])[0].function,
    ).toBe('runtime.allgadd');
    expect(stripRuntimeFrames([f('runtime.mallocgc'), f('runtime.systemstack')])).toEqual([f('runtime.systemstack')]);
  });

  it('reads bigint sample values', () => {
    const data = synthHeap([{ stack: ['main.big'], objects: 1n, bytes: 2n ** 40n }]);
    expect(summariseHeapProfile(data).total).toBe(2 ** 40);
  });

  it('summarises goroutine profiles by where goroutines wait', () => {
    const data = synthProfile(
      [['goroutine', 'count']],
      [
        {
          stack: [
            'runtime.gopark',
            'runtime.chanrecv',
            'runtime.chanrecv1',
            { fn: 'main.waitForReply', line: 31 },
            'runtime.goexit',
          ],
          values: [120],
        },
        {
          stack: [
            'runtime.gopark',
            'runtime.netpollblock',
            'internal/poll.runtime_pollWait',
            'internal/poll.(*pollDesc).wait',
          ],
          values: [3],
        },
      ],
      1,
      ['goroutine', 'count'],
    );
    const s = summariseGoroutineProfile(data);
    expect(s.total).toBe(123);
    const top = [...s.sites.values()].sort((a, b) => b.value - a.value)[0];
    expect(top.site).toEqual({ function: 'main.waitForReply', file: '/src/app/main.go', line: 31 });
  });
});

describe('bad data', () => {
  it('rejects a corrupt gzip', () => {
    const good = synthHeap([{ stack: ['main.a'], objects: 1, bytes: 1 }]);
    const bad = Uint8Array.from(good);
    bad.fill(0x55, 12, 40);
    expect(() => decodeProfile(bad)).toThrow(ProfileError);
    expect(() => decodeProfile(bad)).toThrow(/corrupt gzip/);
  });
  it('rejects an empty profile', () => {
    expect(() => decodeProfile(new Uint8Array())).toThrow(/empty profile/);
    expect(() => decodeProfile(gzipSync(new Uint8Array()))).toThrow(/empty profile/);
  });
  it('rejects a truncated protobuf', () => {
    const raw = decodeRaw(synthHeap([{ stack: ['main.a', 'main.b'], objects: 1, bytes: 100 }]));
    expect(() => decodeProfile(gzipSync(raw.subarray(0, raw.length - 7)))).toThrow(ProfileError);
  });
  it('says which sample types a profile has when inuse_space is missing', () => {
    const data = synthProfile(
      [
        ['samples', 'count'],
        ['cpu', 'nanoseconds'],
      ],
      [{ stack: ['main.a'], values: [1, 10] }],
    );
    expect(() => summariseHeapProfile(data)).toThrow(
      /no inuse_space sample type \(it has: samples\/count, cpu\/nanoseconds\)/,
    );
  });
});

function decodeRaw(gz: Uint8Array): Uint8Array {
  return new Uint8Array(require('node:zlib').gunzipSync(gz));
}

describe('MemStats', () => {
  it('reads the # runtime.MemStats block of debug=1 text', () => {
    const text =
      'heap profile: 1: 2 [3: 4] @ heap/65536\n# runtime.MemStats\n# Alloc = 1234\n# HeapAlloc = 1234\n# HeapObjects = 56\n# NumGC = 7\n# LastGC = 1763869000123456789\n# PauseNs = [1 2 3]\n';
    const ms = parseMemStats(text);
    expect(ms.HeapAlloc).toBe(1234);
    expect(ms.HeapObjects).toBe(56);
    expect(ms.NumGC).toBe(7);
    expect(ms.PauseNs).toBeUndefined();
  });
  it('returns nothing without the block', () => expect(parseMemStats('<html>404</html>')).toEqual({}));
});

const recorded = (name: string) => new URL(`../../fixtures/profiles/${name}`, import.meta.url);

describe('recorded profiles from the fixtures', () => {
  it.runIf(existsSync(recorded('mapleak-heap-last.pb.gz')))(
    'blames main.rememberRequest in a real mapleak heap profile, and it grew',
    () => {
      const first = summariseHeapProfile(readFileSync(recorded('mapleak-heap-first.pb.gz')));
      const last = summariseHeapProfile(readFileSync(recorded('mapleak-heap-last.pb.gz')));
      expect(last.period).toBe(4096);
      const byFn = (s: typeof last) => {
        const m = new Map<string, number>();
        for (const a of s.sites.values()) m.set(a.site.function, (m.get(a.site.function) ?? 0) + a.value);
        return m;
      };
      const growth = [...byFn(last)]
        .map(([fn, v]) => [fn, v - (byFn(first).get(fn) ?? 0)] as const)
        .sort((a, b) => b[1] - a[1]);
      expect(growth[0][0]).toBe('main.rememberRequest');
      // Sites are user code, or for the runtime's own allocations a named runtime function, never a helper.
      for (const a of last.sites.values())
        expect(a.site.function).not.toMatch(/^runtime\.(mallocgc|systemstack|growslice|makeslice|newobject)$/);
    },
  );
  it.runIf(existsSync(recorded('goroutineleak-goroutine.pb.gz')))(
    'finds main.waitForReply in a real goroutine profile',
    () => {
      const s = summariseGoroutineProfile(readFileSync(recorded('goroutineleak-goroutine.pb.gz')));
      const top = [...s.sites.values()].sort((a, b) => b.value - a.value)[0];
      expect(top.site.function).toBe('main.waitForReply');
      expect(top.value).toBeGreaterThan(100);
    },
  );
  it.runIf(existsSync(recorded('mapleak-heap-debug1.txt')))('reads MemStats from real debug=1 text', () => {
    const ms = parseMemStats(readFileSync(recorded('mapleak-heap-debug1.txt'), 'utf8'));
    expect(ms.HeapAlloc).toBeGreaterThan(0);
    expect(ms.NumGC).toBeGreaterThan(0);
  });
});
