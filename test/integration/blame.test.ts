/**
 * Blame a reviewer can act on, with the real CLI against real Go services: the owner in the service's own
 * code, the kind of leak with its evidence, when growth began, and no blame the sampling cannot support.
 */
import { describe, expect, it } from 'vitest';
import { runCli, serviceArgs } from '../helpers/gate.js';

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
    // Unbounded label cardinality is a map that is never pruned: when the map's own site is among the sites the
    // run resolved, the library's map assignment is the evidence. (Under a loaded machine the map-table site is
    // sometimes not resolved in 30 s, and then no kind is claimed: a known gap, see the closing notes.)
    const why = JSON.stringify({ diagnoses: r.report!.diagnoses, sites: r.report!.sites.slice(0, 8), out: r.out });
    const map = diag(r, 'unpruned-map');
    if (map) expect(map.evidence, why).toMatch(/kids\[key\] = c/);
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
    const { args } = await serviceArgs('slowleak', { rate: 100, duration: '45s', flags: '-rate 2048 -prealloc 4096' });
    const r = await runCli(args);
    // On a loaded machine the calibrated heap verdict can be 'inconclusive' (exit 0) rather than 'fail'; then
    // there is no failure to explain, and nothing more to check here.
    if (metric(r, 'heap_live').verdict === 'inconclusive') return expect(r.code).toBe(0);
    expect(r.code, r.stderr).toBe(1);
    expect(metric(r, 'heap_live').verdict).toBe('fail');
    const a = r.report!.attribution!;
    expect(a.resolvable).toBe(false);
    expect(a.expectedSamples).toBeLessThan(5);
    expect(r.report!.owners).toEqual([]);
    expect(r.report!.notes.join('\n')).toMatch(/too few to tell which function it comes from.*--profile-rate \d+/);
  });
});

describe('--attribute auto', () => {
  it("re-runs a 4 KiB/s leak at a finer rate and names its owner; the verdict stays the first pass's", async () => {
    const { args } = await serviceArgs('slowleak', { rate: 100, duration: '45s', flags: '-rate 4096 -prealloc 8192' });
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
