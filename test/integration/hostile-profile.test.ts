/**
 * Issue 11: a hostile pprof endpoint. The real CLI (dist/cli.js) against test/helpers/fake-pprof.mjs serving the
 * 31-byte gzip whose protobuf length is a 10-byte "negative" varint (fixtures/hostile/negative-length.pb.gz):
 * before the fix the gate looped for 46 s, died with "Fatal JavaScript invalid size error", wrote no report and
 * left the service running. Now the profile is refused, the run ends in its normal time and says why, and the
 * service's process group is stopped. And a SIGTERM that arrives while a huge profile is being decoded stops the
 * gate at once (decoding runs on a worker thread), with nothing left running.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summariseHeapProfile } from '../../src/analyze/profile.js';
import { errorLine, freePort, processesMatching, ROOT, runCli, tempOut } from '../helpers/gate.js';

const FAKE = join(ROOT, 'test', 'helpers', 'fake-pprof.mjs');
const HOSTILE = join(ROOT, 'fixtures', 'hostile', 'negative-length.pb.gz');
const REFUSED = 'heap profile: truncated profile protobuf (the length at byte 7 runs past the end of its message)';

async function fakeArgs(mode: string, arg = '', duration = '12s') {
  const port = await freePort();
  const start = `${process.execPath} ${FAKE} ${port} ${mode} ${arg} # 127.0.0.1:${port}`;
  return ['run', '--start', start, '--pprof-url', `http://127.0.0.1:${port}`, '--duration', duration, '--warmup', '2s'];
}

const samples = (out: string) =>
  JSON.parse(readFileSync(join(out, 'samples.json'), 'utf8')).samples as { skipped: string | null }[];

describe('a heap profile whose length field is a 10-byte negative varint', () => {
  it('served every time: ends in its normal time, exit 2, service stopped, report.json says why', async () => {
    const r = await runCli(await fakeArgs('file-always', HOSTILE), { timeoutMs: 90_000 });
    expect(r.signal, 'the gate had to be killed').toBeNull();
    expect(r.leftovers).toEqual([]);
    expect(processesMatching(FAKE).filter((p) => p.includes(r.out))).toEqual([]);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).not.toMatch(/Fatal|invalid size|internal error|\n\s+at /);
    expect(errorLine(r.stderr)[0]).toMatch(
      /^go-mem-gate: error: 13 of 13 samples failed \(heap profile: truncated profile protobuf \(the length at byte 7 runs past the end of its message\)\)/,
    );
    expect(r.report!.verdict).toBe('error');
    expect(r.report!.error).toMatch(/13 of 13 samples failed \(heap profile: truncated profile protobuf/);
    // 12 s of sampling, then the stop: nowhere near the 46 s the old decoder spun before dying.
    expect(r.report!.run.wallS).toBeLessThan(30);
    for (const s of samples(r.out)) expect(s.skipped).toBe(REFUSED);
  });

  it('served every third time: those samples are skipped with the reason, the run is judged on the rest', async () => {
    const r = await runCli(await fakeArgs('file-every-3', HOSTILE));
    expect(r.leftovers).toEqual([]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const reasons = samples(r.out)
      .map((s) => s.skipped)
      .filter((s) => s !== null);
    expect(reasons.length).toBeGreaterThanOrEqual(3);
    for (const x of reasons) expect(x).toBe(REFUSED);
    expect(r.report!.run.skippedSamples).toBe(reasons.length);
  });
});

describe('a signal during a slow decode', () => {
  it('SIGTERM while a huge profile is being decoded: the gate stops at once, nothing left running', async () => {
    const out = tempOut();
    const args = await fakeArgs('slow-decode', '', '60s');
    let pid = 0;
    const log = join(out, 'service.log');
    const running = runCli(args, { out, onSpawn: (p) => (pid = p), timeoutMs: 120_000 });
    // Wait until the fake has sent its first slow profile, then give the gate a second to be inside decoding it.
    for (let i = 0; i < 600 && !(existsSync(log) && /serving slow profile/.test(readFileSync(log, 'utf8'))); i++) {
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(readFileSync(log, 'utf8')).toMatch(/serving slow profile/);
    await new Promise((res) => setTimeout(res, 1000));
    const signalledAt = performance.now();
    process.kill(pid, 'SIGTERM');
    const r = await running;
    const stopS = (performance.now() - signalledAt) / 1000;
    expect(r.signal).toBeNull();
    expect(r.leftovers).toEqual([]);
    expect(r.code).toBe(2);
    expect(errorLine(r.stderr)[0]).toMatch(/interrupted by SIGTERM/);
    expect(r.report!.verdict).toBe('error');
    // Relative, not absolute: the decode the signal interrupted takes (on this machine, now) at least twice as
    // long as the gate took to stop, so the signal did not wait for it.
    const decodeS = await decodeSeconds();
    console.log(
      `gate stopped ${stopS.toFixed(2)} s after SIGTERM; that profile takes ${decodeS.toFixed(2)} s to decode`,
    );
    expect(
      stopS,
      `stopped ${stopS.toFixed(2)} s after SIGTERM; decoding that profile takes ${decodeS.toFixed(2)} s`,
    ).toBeLessThan(decodeS / 2);
  });
});

/** Decode the fake's slow profile in this process, as the old gate did on its main thread: seconds. */
async function decodeSeconds(): Promise<number> {
  const port = await freePort();
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [FAKE, String(port), 'slow-decode'], { stdio: 'ignore' });
  try {
    for (let i = 0; i < 100; i++) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/debug/pprof/`);
        if (res.ok) break;
      } catch {
        /* not up yet */
      }
      await new Promise((res) => setTimeout(res, 100));
    }
    let gz = new Uint8Array();
    for (let i = 0; i < 3; i++)
      gz = new Uint8Array(await (await fetch(`http://127.0.0.1:${port}/debug/pprof/heap`)).arrayBuffer());
    const t0 = performance.now();
    summariseHeapProfile(gz);
    return (performance.now() - t0) / 1000;
  } finally {
    child.kill('SIGTERM');
  }
}
