/**
 * The sampler and the per-sample fetch against a real HTTP server on 127.0.0.1 serving recorded Go profiles
 * (fixtures/profiles), with one endpoint made slow on purpose. No Go service needed: these exercise what the
 * gate does with slow or failing answers.
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SiteTimeline } from '../../src/analyze/timeline.js';
import { DEFAULTS, MIN_JUDGED_SAMPLES, type RunConfig } from '../../src/config.js';
import { fetchTail } from '../../src/run/http.js';
import { MEMSTATS_TAIL_BYTES, takeSample } from '../../src/run/sample.js';
import { runSampler, type SamplerState } from '../../src/run/sampler.js';
import { judgedSlots } from '../../src/run/stride.js';
import { ROOT } from '../helpers/gate.js';
import { synthHeap, synthProfile } from '../helpers/synth-profile.js';

const HEAP = readFileSync(join(ROOT, 'fixtures', 'profiles', 'steady-heap.pb.gz'));
const GOROUTINE = readFileSync(join(ROOT, 'fixtures', 'profiles', 'goroutineleak-goroutine.pb.gz'));
const MEMSTATS =
  '# runtime.MemStats\n# Alloc = 1000\n# HeapAlloc = 1000\n# HeapObjects = 10\n# Sys = 9000\n# NumGC = 3\n';

/** A pprof server; `delay(path, n)` gives the delay in ms of the n-th request (from 1) to a path. */
async function pprofServer(
  delay: (path: string, n: number) => number,
  heap: Uint8Array = HEAP,
  goroutines = 3,
  goroutineProfile: Uint8Array = GOROUTINE,
) {
  const counts = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const u = new URL(req.url!, 'http://x');
    const key = `${u.pathname}${u.searchParams.get('debug') === '1' ? '?debug=1' : ''}`;
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    const send = (body: string | Buffer) => setTimeout(() => res.end(body), delay(key, n)).unref();
    if (u.pathname === '/debug/pprof/') {
      return send(`<tr><td>${goroutines}</td><td><a href='goroutine?debug=1'>goroutine</a></td></tr>`);
    }
    if (key === '/debug/pprof/heap?debug=1') return send(`heap profile: 1: 1000 [1: 1000] @ heap/1048576\n${MEMSTATS}`);
    if (key === '/debug/pprof/heap') return send(Buffer.from(heap));
    if (key === '/debug/pprof/goroutine') return send(Buffer.from(goroutineProfile));
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  servers.push(server);
  return { url: `http://127.0.0.1:${port}/debug/pprof`, counts };
}

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

function config(pprofUrl: string, over: Partial<RunConfig> = {}): RunConfig {
  return {
    start: 'true',
    pprofUrl,
    readyUrl: `${pprofUrl}/`,
    load: null,
    loadUrl: null,
    rate: null,
    durationS: 2,
    intervalS: 0.2,
    warmupS: 0,
    readyTimeoutS: 5,
    requestTimeoutS: 5,
    profileRate: 65536,
    env: {},
    budgets: [],
    baseline: null,
    saveBaseline: null,
    confidence: DEFAULTS.confidence,
    argv: [],
    out: outDir(),
    ...over,
  };
}

function outDir(): string {
  const out = mkdtempSync(join(tmpdir(), 'gmg-sampler-'));
  mkdirSync(join(out, 'profiles'));
  return out;
}

const noUsage = () => ({ rss: 0, cpuSeconds: 0 });

const state = (): SamplerState => ({
  samples: [],
  skippedSamples: 0,
  heapSites: new SiteTimeline(),
  goroutineSites: new SiteTimeline(),
  periodInForce: null,
});

describe('per-sample fetch', () => {
  it('keeps the heap profile (sites and live heap) when the goroutine profile times out', async () => {
    const { url } = await pprofServer((path) => (path === '/debug/pprof/goroutine' ? 60_000 : 0));
    const cfg = config(url, { requestTimeoutS: 2 });
    const sink = state();
    const s = await takeSample(cfg, sink, 0, 0, noUsage, 2000, new AbortController().signal);
    expect(s.skipped).toBe('goroutine profile: timed out');
    expect(s.heapLive).toBe(1000);
    expect(s.heapProfile).toBe('profiles/heap-0000.pb.gz');
    expect(sink.heapSites.points).toHaveLength(1);
    expect(sink.heapSites.points[0].values.size).toBeGreaterThan(0);
    expect(sink.periodInForce).not.toBeNull();
  });
});

describe('the sampler loop', () => {
  it('counts slots lost to a slow sample as skipped samples, one per slot', async () => {
    // The 3rd MemStats request takes 1 s, at 0.2 s intervals: the slots due meanwhile are lost.
    const { url } = await pprofServer((path, n) => (path === '/debug/pprof/heap?debug=1' && n === 3 ? 1000 : 0));
    const cfg = config(url);
    const rec = state();
    await runSampler(cfg, rec, noUsage, new AbortController().signal, () => {});
    const slots = Math.floor(cfg.durationS / cfg.intervalS + 1e-9) + 1;
    expect(rec.samples.map((s) => s.i)).toEqual(Array.from({ length: slots }, (_, i) => i));
    const lost = rec.samples.filter((s) => s.skipped?.startsWith('slot lost'));
    expect(lost.length).toBeGreaterThanOrEqual(3);
    for (const s of lost) expect(s.heapLive).toBeNull();
    expect(rec.skippedSamples).toBe(rec.samples.filter((s) => s.skipped).length);
  });
});

describe('cheaper samples', () => {
  it('a large, slow heap profile is fetched every k-th sample; MemStats every sample', async () => {
    // 3,000 sites with names gzip cannot squeeze: well over 64 KiB. Served 40 ms late: costly at 0.1 s.
    const sites = Array.from({ length: 3000 }, (_, i) => ({
      stack: [`main.f${(i * 2654435761).toString(36)}${Math.random().toString(36).slice(2)}`],
      objects: 1,
      bytes: 1000 + i,
    }));
    const big = synthHeap(sites);
    expect(big.length).toBeGreaterThan(64 * 1024);
    const { url, counts } = await pprofServer((path) => (path === '/debug/pprof/heap' ? 40 : 0), big);
    const cfg = config(url, { durationS: 6, intervalS: 0.1, warmupS: 0 });
    const rec = state();
    await runSampler(cfg, rec, noUsage, new AbortController().signal, () => {});
    const measured = rec.samples.filter((s) => s.heapLive !== null);
    const profiled = rec.samples.filter((s) => s.heapProfile !== null);
    expect(measured.length).toBeGreaterThan(20);
    expect(counts.get('/debug/pprof/heap?debug=1')).toBe(measured.length);
    // The stride cap (61 slots / 8 = 7): about one profile per 7 slots, so at least 8 of them after warm-up.
    const cap = Math.floor(judgedSlots(cfg.durationS, cfg.warmupS, cfg.intervalS) / MIN_JUDGED_SAMPLES);
    expect(cap).toBe(7);
    expect(profiled.length).toBeGreaterThanOrEqual(MIN_JUDGED_SAMPLES);
    expect(profiled.length).toBeLessThanOrEqual(Math.ceil(rec.samples.length / cap) + 1);
    expect(counts.get('/debug/pprof/heap')).toBe(profiled.length);
    expect(rec.heapSites.points).toHaveLength(profiled.length);
    // The small goroutine profile is still fetched every sample: the index page is not needed.
    expect(counts.get('/debug/pprof/')).toBeUndefined();
  });

  it('many goroutines: the count comes from the index page between goroutine profiles', async () => {
    // A goroutine profile of 5,000 goroutines: large, whatever its size in bytes. Served 40 ms late.
    const many = synthProfile([['goroutine', 'count']], [{ stack: ['main.wait', 'main.start'], values: [5000] }], 1, [
      'goroutine',
      'count',
    ]);
    const slow = (path: string) => (path === '/debug/pprof/goroutine' ? 40 : 0);
    const { url, counts } = await pprofServer(slow, HEAP, 5000, many);
    const cfg = config(url, { durationS: 6, intervalS: 0.1, warmupS: 0 });
    const rec = state();
    await runSampler(cfg, rec, noUsage, new AbortController().signal, () => {});
    const good = rec.samples.filter((s) => !s.skipped);
    expect(good.length).toBeGreaterThan(20);
    for (const s of good) expect(s.goroutines).toBe(5000);
    const profiled = good.filter((s) => s.goroutineProfile !== null).length;
    expect(profiled).toBeGreaterThanOrEqual(MIN_JUDGED_SAMPLES);
    expect(profiled).toBeLessThanOrEqual(Math.ceil(rec.samples.length / 7) + 1);
    expect(counts.get('/debug/pprof/')).toBe(good.length - profiled);
    expect(rec.goroutineSites.points).toHaveLength(profiled);
  });
});

describe('a very long heap?debug=1 text', () => {
  it('is read to its end with bounded memory: MemStats after 80 MiB of records', async () => {
    const record = Buffer.from('1: 64 [1: 64] @ 0x1 0x2\n#\t0x1\tmain.f+0x1\t/src/main.go:1\n\n'.repeat(16_384));
    const server = http.createServer(async (req, res) => {
      const u = new URL(req.url!, 'http://x');
      if (u.pathname === '/debug/pprof/heap' && u.searchParams.get('debug') === '1') {
        res.write('heap profile: 1: 64 [1: 64] @ heap/8192\n');
        for (let sent = 0; sent < 80 * 1024 * 1024; sent += record.length) {
          if (!res.write(record)) await new Promise((r) => res.once('drain', r));
        }
        return res.end(MEMSTATS);
      }
      if (u.pathname === '/debug/pprof/heap') return res.end(HEAP);
      if (u.pathname === '/debug/pprof/goroutine') return res.end(GOROUTINE);
      res.writeHead(404);
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    servers.push(server);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/debug/pprof`;
    const cfg = config(url, { requestTimeoutS: 60 });
    const s = await takeSample(cfg, state(), 0, 0, noUsage, 60_000, new AbortController().signal);
    expect(s.skipped).toBeNull();
    expect(s.heapLive).toBe(1000);
    expect(s.numGC).toBe(3);
    // What is kept of the body: the tail, not 80 MiB.
    const tail = await fetchTail(`${url}/heap?gc=1&debug=1`, 60_000, undefined, MEMSTATS_TAIL_BYTES);
    expect(tail.length).toBeGreaterThanOrEqual(MEMSTATS_TAIL_BYTES);
    expect(tail.length).toBeLessThan(2 * 1024 * 1024);
    expect(Buffer.from(tail).toString('latin1').endsWith(MEMSTATS)).toBe(true);
  });
});
