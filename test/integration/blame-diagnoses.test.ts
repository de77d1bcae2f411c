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
