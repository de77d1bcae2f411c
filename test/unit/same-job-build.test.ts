/**
 * compare: same-job's plumbing: workspace paths in the start command pointed at the base's worktree (whole
 * paths only), and the build step stopped by a cancellation, before or while it runs, leaving no process.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { retargetPath, runBuild } from '../../src/action/same-job.js';

const tmp = mkdtempSync(join(tmpdir(), 'gmg-build-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Processes whose command line contains `text` (not this test's own pgrep). */
const running = (text: string) => {
  try {
    return execFileSync('pgrep', ['-f', '-a', text], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
};

describe('retargetPath', () => {
  const ws = '/home/runner/work/x';
  const wt = '/home/runner/work/go-mem-gate-base-default';
  it('replaces the workspace itself and paths under it', () => {
    expect(retargetPath(`${ws}/bin/server -c ${ws}/conf.yml`, ws, wt)).toBe(`${wt}/bin/server -c ${wt}/conf.yml`);
    expect(retargetPath(`cd ${ws} && ./bin/server`, ws, wt)).toBe(`cd ${wt} && ./bin/server`);
    expect(retargetPath(`./s --data='${ws}/d' --root=${ws}`, ws, wt)).toBe(`./s --data='${wt}/d' --root=${wt}`);
    expect(retargetPath(`A=${ws}:${ws}/lib "${ws}"`, `${ws}/`, wt)).toBe(`A=${wt}:${wt}/lib "${wt}"`);
  });
  it('leaves paths that only share a prefix or contain the workspace alone', () => {
    const cmd = `${ws}2/bin/server -c ${ws}-old/c.yml -d /mnt${ws}/d -e ${ws}.bak`;
    expect(retargetPath(cmd, ws, wt)).toBe(cmd);
    expect(retargetPath(`${ws}2/bin/a ${ws}/bin/b`, ws, wt)).toBe(`${ws}2/bin/a ${wt}/bin/b`);
  });
  it('treats the workspace path literally (no pattern characters), and a replacement with $ literally', () => {
    expect(retargetPath('/w/a.b/s /w/aXb/s', '/w/a.b', '/w/$&')).toBe('/w/$&/s /w/aXb/s');
  });
});

describe('runBuild and cancellation', () => {
  it('starts nothing when already cancelled', async () => {
    const c = new AbortController();
    c.abort('interrupted by SIGTERM: the run was cancelled before it finished');
    const marker = 'sleep 41.125';
    await expect(runBuild(marker, tmp, join(tmp, 'a.log'), 'the head', c.signal)).rejects.toThrow(
      /build of the head was stopped: interrupted by SIGTERM/,
    );
    expect(running(marker)).toEqual([]);
  });
  it('stops a running build and everything it started when cancelled', async () => {
    const c = new AbortController();
    const marker = 'sleep 42.375';
    // A build with a child in the background and one in the foreground: both must go.
    const build = runBuild(`${marker} & ${marker}; wait`, tmp, join(tmp, 'b.log'), 'the base', c.signal);
    for (let i = 0; i < 200 && running(marker).length < 2; i++) await new Promise((r) => setTimeout(r, 25));
    expect(running(marker).length).toBeGreaterThanOrEqual(2);
    c.abort('interrupted by SIGTERM: the run was cancelled before it finished');
    await expect(build).rejects.toThrow(/build of the base was stopped: interrupted by SIGTERM/);
    expect(running(marker)).toEqual([]);
  });
  it('says which build failed and where its log is', async () => {
    const log = join(tmp, 'c.log');
    await expect(runBuild('exit 3', tmp, log, 'the head', undefined)).rejects.toThrow(
      `build of the head failed (status 3): see ${log}`,
    );
  });
});
