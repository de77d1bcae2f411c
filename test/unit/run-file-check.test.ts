/**
 * judge on a damaged run.json: every field it reads, given the wrong type or left out, ends in one line naming
 * what is wrong (UsageError, exit 2), or is judged; never an error from deep in the engine ("internal error").
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { GateError, UsageError } from '../../src/errors.js';
import { judgeDir } from '../../src/judge.js';
import { inlineDecoder } from '../../src/run/profile-decoder.js';
import { runFileProblem } from '../../src/run/run-file-check.js';
import { tempOut } from '../helpers/gate.js';
import { runJson, writeRunDir, writeRunJson } from '../helpers/run-dir.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const judge = (dir: string) =>
  judgeDir({ dir, out: dirs[0] ?? tempOut(), overrides: new Map(), help: false }, { decoder: inlineDecoder });

/** Every path into the parts of run.json judge reads (recording, baselineOrigin, sameJob), objects and leaves. */
function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (!v || typeof v !== 'object') return [at];
  const keys = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  return [at, ...keys.flatMap((k) => paths((v as Record<string | number, unknown>)[k], [...at, k]))];
}

function withValue(run: Record<string, unknown>, path: (string | number)[], value: unknown, remove = false) {
  const copy = structuredClone(run);
  let o = copy as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (remove) delete o[last];
  else o[last] = value;
  return copy;
}

describe('run.json as judge reads it', () => {
  it('a complete run.json fits, and judges', async () => {
    expect(runFileProblem(runJson())).toBeNull();
    const dir = writeRunDir(runJson());
    dirs.push(dir);
    const r = await judge(dir);
    expect(r.report.verdict).not.toBe('error');
    expect(r.report.metrics.length).toBeGreaterThan(0);
  });

  it('names the field that is wrong', () => {
    const run = runJson();
    const load = withValue(run, ['recording', 'load'], 'builtin');
    expect(runFileProblem(load)).toBe('recording.load should be an object, not "builtin"');
    const kind = withValue(run, ['recording', 'load', 'kind'], 3);
    expect(runFileProblem(kind)).toBe('recording.load.kind should be "command" or "builtin" or "none", not 3');
    const gone = withValue(run, ['recording', 'service'], undefined, true);
    expect(runFileProblem(gone)).toBe('recording.service should be an object, not missing');
    const site = withValue(run, ['sameJob', 'baseline', 'sites', 0, 'function'], null);
    expect(runFileProblem(site)).toBe('sameJob.baseline.sites[0].function should be a string, not null');
    const second = { dir: '../elsewhere', profileRate: 16384, error: null };
    expect(runFileProblem({ ...run, secondPass: second })).toBe(
      'secondPass.dir should be a directory name, not "../elsewhere"',
    );
    expect(runFileProblem({ ...run, secondPass: { ...second, dir: 'attribution' } })).toBeNull();
    const origin = { source: 's3', commit: null, commitsBehind: null };
    expect(runFileProblem({ ...run, baselineOrigin: origin })).toMatch(/^baselineOrigin\.source should be "file" or/);
    expect(runFileProblem({ ...run, workdir: 3 })).toBe('workdir should be a string, not 3');
    const long = withValue(run, ['recording', 'startedAt'], 7);
    expect(runFileProblem(withValue(long, ['recording', 'wallS'], 'x'.repeat(1000)))).toMatch(/^recording\.startedAt/);
    expect(runFileProblem(withValue(run, ['recording', 'wallS'], 'x'.repeat(1000)))).toBe(
      `recording.wallS should be a number, not "${'x'.repeat(36)}...`,
    );
  });

  it('any field of the wrong type, or missing: one line (exit 2) or judged, never an internal error', async () => {
    const run = runJson();
    const dir = writeRunDir(run, null);
    dirs.push(dir);
    const targets = ['recording', 'baselineOrigin', 'sameJob'].flatMap((k) => paths(run[k], [k]));
    const wrong: unknown[] = ['x', -7, true, null, [], {}];
    let refused = 0;
    let judged = 0;
    for (const path of targets) {
      for (const [value, remove] of [...wrong.map((v) => [v, false] as const), [undefined, true] as const]) {
        writeRunJson(dir, withValue(run, path, value, remove));
        try {
          await judge(dir);
          judged++;
        } catch (err) {
          const what = `${path.join('.')} = ${remove ? '(missing)' : JSON.stringify(value)}`;
          expect(err instanceof UsageError || err instanceof GateError, `${what}: ${(err as Error).stack}`).toBe(true);
          expect((err as Error).message, what).not.toContain('\n');
          refused++;
        }
      }
    }
    expect(targets.length).toBeGreaterThan(80);
    expect(judged).toBeGreaterThan(0); // values judge can use (e.g. a null error, or a note left out)
    expect(refused).toBeGreaterThan(judged); // most wrong types are refused
  });

  it('not JSON, or not an object: one line', async () => {
    const dir = writeRunDir(runJson(), null);
    dirs.push(dir);
    for (const [text, why] of [
      ['{"kind": "go-mem-gate-run", "argv": ["run"', /run\.json is not valid JSON/],
      ['[]', /not a go-mem-gate run file/],
      ['null', /not a go-mem-gate run file/],
      ['"run"', /not a go-mem-gate run file/],
      [JSON.stringify({ ...runJson(), argv: 'run --start x' }), /not a go-mem-gate run file/],
      [JSON.stringify({ ...runJson(), recording: [] }), /recording should be an object, not an array/],
    ] as const) {
      writeRunJson(dir, text);
      await expect(judge(dir)).rejects.toThrow(why);
    }
  });
});
