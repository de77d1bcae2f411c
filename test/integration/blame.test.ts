/**
 * Blame a reviewer can act on, with the real CLI against real Go services: the owner in the service's own
 * code, the kind of leak with its evidence, when growth began, and no blame the sampling cannot support.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, ROOT, runCli, serviceArgs } from '../helpers/gate.js';

const metric = (r: Awaited<ReturnType<typeof runCli>>, name: string) => r.report!.metrics.find((m) => m.name === name)!;
const diag = (r: Awaited<ReturnType<typeof runCli>>, kind: string) => r.report!.diagnoses?.find((d) => d.kind === kind);

describe('owners', () => {
  it('a leak allocated only inside a library module is owned by the handler that calls it', async () => {
    const { args } = await serviceArgs('libleak', { rate: 200, duration: '30s' });
    const r = await runCli(args);
    expect(r.leftovers).toEqual([]);
    expect(r.code, r.stderr).toBe(1);
    expect(metric(r, 'heap_live').verdict).toBe('fail');
    // No leaked byte is allocated in package main: every heap site of the leak is in the library...
    expect(r.report!.sites[0].function).toMatch(/^gomemlib\.example\/metrics\./);
    // ...and rolled up to the user's function it flows through.
    const owner = r.report!.owners![0];
    expect(owner.function).toBe('main.handleRequest');
    expect(owner.file).toMatch(/fixtures\/services\/libleak\/main\.go$/);
    expect(owner.share).toBeGreaterThanOrEqual(0.8);
    expect(owner.sites.some((k) => k.startsWith('gomemlib.example/metrics.'))).toBe(true);
    expect(r.report!.sites[0].owner?.function).toBe('main.handleRequest');
    expect(r.report!.run.module).toEqual({ path: 'gomemgate.example/fixtures', source: 'build info' });
    // Unbounded label cardinality is a map that is never pruned: the library's map assignment is the evidence.
    const why = JSON.stringify({ diagnoses: r.report!.diagnoses, sites: r.report!.sites.slice(0, 8), out: r.out });
    expect(diag(r, 'unpruned-map')?.evidence, why).toMatch(/kids\[key\] = c/);
  });

  it('--module overrides the build info: the module named owns the frames under it', async () => {
    const { args } = await serviceArgs('libleak', { rate: 200, duration: '20s' });
    const r = await runCli([...args, '--module', 'gomemlib.example/metrics']);
    expect(r.code, r.stderr).toBe(1);
    // With the library declared the main module, its own frames are the owners.
    expect(r.report!.run.module).toEqual({ path: 'gomemlib.example/metrics', source: 'flag' });
    expect(r.report!.owners![0].function).toMatch(/^gomemlib\.example\/metrics\./);
  });
});

describe('diagnoses', () => {
  it('retained-slice: bytes grow while objects barely do, at a 64 KiB allocation', async () => {
    const { args } = await serviceArgs('retain', { rate: 10, duration: '25s' });
    const r = await runCli(args);
    expect(r.code, r.stderr).toBe(1);
    const d = diag(r, 'retained-slice')!;
    expect(d.metric).toBe('heap_live');
    expect(d.evidence).toMatch(/main\.readPayload/);
    expect(d.evidence).toMatch(/KiB per object/);
    expect(diag(r, 'unpruned-map')).toBeUndefined();
  });

  it('blocked-goroutines: wait reason, creation site and time blocked from the goroutine dump', async () => {
    const { args } = await serviceArgs('goroutineleak', { rate: 50, duration: '25s' });
    const r = await runCli(args);
    expect(r.code, r.stderr).toBe(1);
    const d = diag(r, 'blocked-goroutines')!;
    expect(d.metric).toBe('goroutines');
    expect(d.evidence).toMatch(/parked in main\.waitForReply/);
    expect(d.evidence).toMatch(
      /waiting on "chan receive" \(blocked under a minute so far\), created by main\.startWorker/,
    );
    expect(d.evidence).not.toMatch(/goroutineleak profile/); // built without the experiment: not claimed
  });

  it("blocked-goroutines: the GC's goroutine leak profile when the service is built with it (Go 1.26+)", async () => {
    const goVersion = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim();
    const [, major, minor] = /^go(\d+)\.(\d+)/.exec(goVersion) ?? [];
    if (!(Number(major) > 1 || Number(minor) >= 26)) return; // older Go: no goroutineleak profile to test
    const bin = join(mkdtempSync(join(tmpdir(), 'gmg-leakprof-')), 'goroutineleak');
    execFileSync('go', ['build', '-o', bin, './services/goroutineleak'], {
      cwd: join(ROOT, 'fixtures'),
      env: { ...process.env, GOEXPERIMENT: 'goroutineleakprofile' },
    });
    const port = await freePort();
    const addr = `127.0.0.1:${port}`;
    const r = await runCli([
      'run',
      '--start',
      `${bin} -addr ${addr}`,
      '--pprof-url',
      `http://${addr}`,
      '--duration',
      '20s',
      '--load-url',
      `http://${addr}/`,
      '--rate',
      '50',
    ]);
    expect(r.leftovers).toEqual([]);
    expect(r.code, r.stderr).toBe(1);
    expect(diag(r, 'blocked-goroutines')!.evidence).toMatch(
      /the GC proves \d+ unreachable \(goroutineleak profile\), most at main\.waitForReply/,
    );
  });

  it("off-heap: RSS grows beyond the runtime's own total, anonymous memory from smaps_rollup", async () => {
    const { args } = await serviceArgs('mmapleak', { rate: 20, duration: '25s', flags: '-rate 1048576' });
    const r = await runCli(args);
    // RSS moves in steps: the autocorrelation-aware verdict may call it inconclusive rather than fail.
    expect(r.report!.verdict, r.stderr).not.toBe('error');
    expect(['fail', 'inconclusive']).toContain(metric(r, 'rss').verdict);
    const d = diag(r, 'off-heap')!;
    expect(d.evidence).toMatch(/outside the Go heap/);
    expect(d.evidence).toMatch(/Sys − HeapReleased/);
    expect(d.evidence).toMatch(/smaps_rollup: anonymous \+\d/);
    expect(d.hint).toMatch(/Mmap/);
    expect(r.report!.diagnoses!.map((x) => x.kind)).toEqual(['off-heap']);
  });
});

describe('onset', () => {
  it('a leak that starts 25 s into the load is dated within 5 s', async () => {
    const { args } = await serviceArgs('lateleak', { rate: 200, duration: '45s', flags: '-after 25s' });
    const r = await runCli(args);
    // Flat, then growth: a straight line through it leaves autocorrelated residuals, so the verdict can be
    // inconclusive (exit 0 with a warning) rather than fail; the onset is found either way.
    const heap = metric(r, 'heap_live');
    expect(['fail', 'inconclusive'], r.stderr).toContain(heap.verdict);
    expect(Math.abs(heap.onsetS! - 25)).toBeLessThanOrEqual(5);
    // After the onset it grows at about 200 req/s x 512 B (plus map tables): faster than the whole-window slope.
    expect(heap.slopeAfterOnsetPerMinute!).toBeGreaterThan(heap.slopePerMinute);
    expect(r.report!.owners![0].function).toBe('main.rememberLate');
  });
});

describe('attribution the sampling supports', () => {
  it('a 2 KiB/s leak at the default 64 KiB rate: the heap fails, no owner named, the note says why', async () => {
    const { args } = await serviceArgs('slowleak', { rate: 100, duration: '45s', flags: '-rate 2048' });
    const r = await runCli(args);
    expect(r.code, r.stderr).toBe(1);
    expect(metric(r, 'heap_live').verdict).toBe('fail');
    const a = r.report!.attribution!;
    expect(a.resolvable).toBe(false);
    expect(a.expectedSamples).toBeLessThan(5);
    expect(r.report!.owners).toEqual([]);
    expect(r.report!.notes.join('\n')).toMatch(/too few to tell which function it comes from.*--profile-rate \d+/);
  });
});

describe('fragmentation', () => {
  it('HeapInuse − HeapAlloc and RSS grow with a flat live heap: fragmentation, not off-heap', async () => {
    const { args } = await serviceArgs('fragment', { rate: 20, duration: '25s' });
    const r = await runCli(args);
    expect(r.leftovers).toEqual([]);
    expect(r.report!.verdict, r.stderr).not.toBe('error');
    expect(metric(r, 'heap_live').verdict).toBe('pass');
    const rss = metric(r, 'rss').verdict;
    expect(['fail', 'inconclusive']).toContain(rss);
    const d = diag(r, 'fragmentation')!;
    expect(d.metric).toBe('rss');
    expect(d.evidence).toMatch(/^HeapInuse − HeapAlloc \+[\d.]+ MiB\/min .* while the live heap/);
    expect(d.hint).toMatch(/not a leak of the program's data/);
    expect(diag(r, 'off-heap')).toBeUndefined();
  });
});

describe('--attribute auto', () => {
  it("re-runs a 2 KiB/s leak at a finer rate and names its owner; the verdict stays the first pass's", async () => {
    const { args } = await serviceArgs('slowleak', { rate: 100, duration: '45s', flags: '-rate 2048' });
    const r = await runCli([...args, '--attribute', 'auto'], { timeoutMs: 170_000 });
    expect(r.leftovers).toEqual([]);
    expect(r.code, r.stderr).toBe(1);
    const a = r.report!.attribution!;
    expect(a.resolvable).toBe(false); // the first pass could not tell
    expect(a.secondPass!.profileRate).toBeLessThan(65536);
    expect(a.secondPass!.resolvable).toBe(true);
    expect(a.secondPass!.serviceCpuPerSecond.second).toBeGreaterThan(0);
    expect(r.report!.owners![0].function).toBe('main.recordEvent');
    expect(r.report!.notes.join('\n')).toMatch(/owners come from a second pass/);
    expect(r.report!.verdict).toBe('fail');
  });
});
