/**
 * The worker-thread decoder (src/run/profile-decoder.ts) with the real worker entry, bundled by esbuild as
 * scripts/bundle.mjs does: same summaries as decoding inline, ProfileErrors come back as ProfileErrors, an abort
 * ends a decode in flight (the worker is terminated and the next decode gets a fresh one), and running out of
 * the worker's memory limit refuses that profile instead of killing the gate.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProfileError } from '../../src/analyze/profile.js';
import { inlineDecoder, profileDecoder } from '../../src/run/profile-decoder.js';
import { lenField, utf8 } from '../helpers/protowire.js';
import { worstCaseProfile } from '../helpers/worst-profile.mjs';

const dir = new URL('../../fixtures/profiles/', import.meta.url);
const recorded = readdirSync(dir)
  .filter((f) => f.endsWith('.pb.gz'))
  .map((f) => ({ f, data: readFileSync(new URL(f, dir)) }));
let workerUrl: URL;

beforeAll(async () => {
  const out = mkdtempSync(join(tmpdir(), 'gmg-worker-'));
  await build({
    entryPoints: { 'profile-worker': 'src/run/profile-worker.ts' },
    outdir: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  workerUrl = pathToFileURL(join(out, 'profile-worker.js'));
});

describe('decoding on a worker thread', () => {
  it('gives the same summaries as decoding inline, for every recorded profile', async () => {
    const d = profileDecoder(workerUrl);
    expect(d).not.toBe(inlineDecoder);
    try {
      for (const { f, data } of recorded) {
        const kind = f.includes('goroutine') ? 'goroutine' : 'heap';
        expect(await d.summarise(kind, data), f).toEqual(await inlineDecoder.summarise(kind, data));
      }
    } finally {
      await d.close();
    }
  });

  it('a refused profile comes back as a ProfileError with its reason', async () => {
    const d = profileDecoder(workerUrl);
    try {
      const hostile = readFileSync(new URL('../../fixtures/hostile/negative-length.pb.gz', import.meta.url));
      const err = await d.summarise('heap', hostile).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProfileError);
      expect((err as Error).message).toBe(
        'truncated profile protobuf (the length at byte 7 runs past the end of its message)',
      );
    } finally {
      await d.close();
    }
  });

  it('an abort ends the decode in flight; the next decode works on a fresh worker', async () => {
    const d = profileDecoder(workerUrl);
    try {
      const ctl = new AbortController();
      const pending = d.summarise('heap', worstCaseProfile(), ctl.signal);
      setTimeout(() => ctl.abort('interrupted by SIGTERM'), 200);
      await expect(pending).rejects.toBe('interrupted by SIGTERM');
      const again = await d.summarise('heap', recorded.find((r) => r.f === 'mapleak-heap-last.pb.gz')!.data);
      expect(again.total).toBe(1_015_026);
    } finally {
      await d.close();
    }
  });

  it('a profile that needs more memory than the worker may use is refused, and the gate carries on', async () => {
    const d = profileDecoder(workerUrl, 16);
    try {
      // A million distinct strings: tens of MB of heap once decoded, far past a 16 MiB limit.
      const strings = Buffer.from(Array.from({ length: 1_000_000 }, (_, i) => lenField(6, utf8(`s${i}`))).flat());
      const err = await d.summarise('heap', strings).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProfileError);
      expect((err as Error).message).toBe('decoding needed more than 16 MiB of memory: not decoded');
      expect((await d.summarise('heap', recorded.find((r) => r.f === 'mapleak-heap-first.pb.gz')!.data)).total).toBe(
        308_552,
      );
    } finally {
      await d.close();
    }
  });
});

describe('owners through the worker', () => {
  it('carries the main module to the worker, and decodes the goroutine leak profile there', async () => {
    const { synthHeap, synthProfile } = await import('../helpers/synth-profile.js');
    const data = synthHeap([
      {
        stack: [
          'runtime.mallocgc',
          { fn: 'github.com/acme/svc/store.(*DB).Put', file: '/w/store/db.go', line: 9 },
          { fn: 'main.main', line: 3 },
        ],
        objects: 1,
        bytes: 4096,
      },
    ]);
    const leak = synthProfile(
      [['goroutineleak', 'count']],
      [{ stack: ['runtime.gopark', { fn: 'main.wait', line: 19 }], values: [5] }],
      1,
      ['goroutineleak', 'count'],
    );
    const d = profileDecoder(workerUrl);
    try {
      const withModule = await d.summarise('heap', data, undefined, 'github.com/acme/svc');
      const without = await d.summarise('heap', data);
      expect([...withModule.sites.values()][0].owner?.function).toBe('github.com/acme/svc/store.(*DB).Put');
      expect([...without.sites.values()][0].owner?.function).toBe('main.main');
      expect([...withModule.owners!.values()][0].members).toHaveLength(1);
      const l = await d.summarise('goroutineleak', leak);
      expect(l.total).toBe(5);
      expect([...l.sites.values()][0].site.function).toBe('main.wait');
    } finally {
      await d.close();
    }
  });
});
