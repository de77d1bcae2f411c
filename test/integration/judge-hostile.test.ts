/**
 * `go-mem-gate judge` on a recorded run whose profiles are hostile: the real CLI (dist/cli.js) decodes them on
 * the same worker, with the same caps, as a live run. A profile the decoder refuses is left out of the sites
 * (the run is judged); a profile that takes seconds to decode does not hold up SIGTERM (one line, exit 2); a
 * damaged run.json is one line, exit 2. Run directories are written by hand (test/helpers/run-dir.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summariseHeapProfile } from '../../src/analyze/profile.js';
import { assertDistFresh, CLI, errorLine, tempOut } from '../helpers/gate.js';
import { runJson, writeRunDir, writeRunJson } from '../helpers/run-dir.js';
import { worstCaseProfile } from '../helpers/worst-profile.mjs';

interface Judged {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  stoppedAfterSignalS: number | null;
}

/** `node dist/cli.js judge DIR --out OUT`; with sigtermAfterMs, SIGTERM that long after the start. */
async function judge(dir: string, sigtermAfterMs?: number): Promise<Judged> {
  assertDistFresh();
  const child = spawn(process.execPath, [CLI, 'judge', dir, '--out', tempOut()], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.resume();
  let signalledAt: number | null = null;
  const timer =
    sigtermAfterMs === undefined
      ? null
      : setTimeout(() => {
          signalledAt = performance.now();
          child.kill('SIGTERM');
        }, sigtermAfterMs);
  const killer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((r) =>
    child.on('close', (c, s) => r([c, s])),
  );
  const stoppedAfterSignalS = signalledAt === null ? null : (performance.now() - signalledAt) / 1000;
  if (timer) clearTimeout(timer);
  clearTimeout(killer);
  return { code, signal, stderr, stoppedAfterSignalS };
}

describe('judge on hostile recorded profiles', () => {
  it('the negative-length profile of issue 11 is refused and left out; the run is judged', async () => {
    const dir = writeRunDir(runJson(), 'fixtures/hostile/negative-length.pb.gz');
    const r = await judge(dir);
    expect(r.signal).toBeNull();
    expect(r.stderr).not.toMatch(/internal error|Fatal|invalid size|\n\s+at /);
    expect([0, 1], r.stderr).toContain(r.code);
    expect(existsSync(join(dir, 'run.json'))).toBe(true);
  });

  it('SIGTERM while a profile that takes seconds is being decoded: one line, exit 2, at once', async () => {
    const slow = join(tempOut(), 'slow.pb.gz');
    writeFileSync(slow, worstCaseProfile());
    const t0 = performance.now();
    summariseHeapProfile(readFileSync(slow));
    const decodeS = (performance.now() - t0) / 1000;
    const dir = writeRunDir(runJson(), slow);
    // 13 such profiles: the judge is deep in decoding after 1.5 s, whatever the machine's load.
    const r = await judge(dir, 1500);
    expect(r.signal, 'the judge was killed by the signal instead of handling it').toBeNull();
    expect(r.code, r.stderr).toBe(2);
    expect(errorLine(r.stderr)).toEqual([
      'go-mem-gate: error: interrupted by SIGTERM: judge stopped before it finished',
    ]);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    // Relative, not absolute: one decode takes at least twice as long as the judge took to stop.
    const stoppedS = r.stoppedAfterSignalS!;
    console.log(
      `judge stopped ${stoppedS.toFixed(2)} s after SIGTERM; one such profile decodes in ${decodeS.toFixed(2)} s`,
    );
    expect(stoppedS).toBeLessThan(decodeS / 2);
  });
});

describe('judge on a damaged run.json', () => {
  it('load of the wrong type, a missing field, not JSON: one line, exit 2', async () => {
    const dir = writeRunDir(runJson(), null);
    const run = runJson() as { recording: Record<string, unknown> };
    const cases: Array<[unknown, RegExp]> = [
      [{ ...run, recording: { ...run.recording, load: 'builtin' } }, /recording\.load should be an object, not "b/],
      [{ ...run, recording: { ...run.recording, wallS: undefined } }, /recording\.wallS should be a number, not missi/],
      ['{"schemaVersion": 1, "kind": "go-mem-gate-run", "argv": [', /run\.json is not valid JSON/],
    ];
    for (const [content, why] of cases) {
      writeRunJson(dir, content);
      const r = await judge(dir);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^go-mem-gate: error: /);
      expect(r.stderr).toMatch(why);
      expect(r.stderr).not.toMatch(/internal error/);
    }
  });
});
