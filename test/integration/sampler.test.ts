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
import { DEFAULTS, type RunConfig } from '../../src/config.js';
import { runSampler, type SamplerState } from '../../src/run/sampler.js';
import { takeSample } from '../../src/run/sample.js';
import { ROOT } from '../helpers/gate.js';

const HEAP = readFileSync(join(ROOT, 'fixtures', 'profiles', 'steady-heap.pb.gz'));
const GOROUTINE = readFileSync(join(ROOT, 'fixtures', 'profiles', 'goroutineleak-goroutine.pb.gz'));
const MEMSTATS = '# runtime.MemStats\n# Alloc = 1000\n# HeapAlloc = 1000\n# HeapObjects = 10\n# Sys = 9000\n# NumGC = 3\n';

/** A pprof server; `delay(path, n)` gives the delay in ms of the n-th request (from 1) to a path. */
async function pprofServer(delay: (path: string, n: number) => number) {
  const counts = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const u = new URL(req.url!, 'http://x');
    const key = `${u.pathname}${u.searchParams.get('debug') === '1' ? '?debug=1' : ''}`;
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    const send = (body: string | Buffer) => setTimeout(() => res.end(body), delay(key, n)).unref();
    if (u.pathname === '/debug/pprof/') {
      return send("<tr><td>3</td><td><a href='goroutine?debug=1'>goroutine</a></td></tr>");
    }
    if (key === '/debug/pprof/heap?debug=1') return send(`heap profile: 1: 1000 [1: 1000] @ heap/1048576\n${MEMSTATS}`);
    if (key === '/debug/pprof/heap') return send(HEAP);
    if (key === '/debug/pprof/goroutine') return send(GOROUTINE);
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
    start: 'true', pprofUrl, readyUrl: `${pprofUrl}/`, load: null, loadUrl: null, rate: null,
    durationS: 2, intervalS: 0.2, warmupS: 0, readyTimeoutS: 5, requestTimeoutS: 5, profileRate: 65536,
    env: {}, budgets: [], baseline: null, saveBaseline: null, confidence: DEFAULTS.confidence, argv: [],
    out: outDir(), ...over,
  };
}

function outDir(): string {
  const out = mkdtempSync(join(tmpdir(), 'gmg-sampler-'));
  mkdirSync(join(out, 'profiles'));
  return out;
}

const noUsage = () => ({ rss: 0, cpuSeconds: 0 });

const state = (): SamplerState => ({
  samples: [], skippedSamples: 0, heapSites: new SiteTimeline(), goroutineSites: new SiteTimeline(), periodInForce: null,
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
