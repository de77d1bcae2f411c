/** The shipped bundle runs with plain node and no node_modules next to it. */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareDirs } from '../../scripts/check-dist.mjs';
import { assertDistFresh, CLI } from '../helpers/gate.js';

describe('a stale dist/ is never tested (npm test bundles first; the test setup compares)', () => {
  it('compareDirs names every file that differs or is missing on either side', () => {
    const root = mkdtempSync(join(tmpdir(), 'gmg-dist-cmp-'));
    const [a, b] = [join(root, 'a'), join(root, 'b')];
    for (const d of [a, b]) mkdirSync(d);
    for (const [d, files] of [
      [a, { 'cli.js': 'x', 'index.js': 'same', 'old.js': '' }],
      [b, { 'cli.js': 'y', 'index.js': 'same', 'new.js': '' }],
    ] as const) {
      for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
    }
    expect(compareDirs(a, b)).toEqual(['cli.js', 'new.js', 'old.js']);
    expect(compareDirs(a, a)).toEqual([]);
  });
});

describe('dist/cli.js', () => {
  it('runs alone, outside the repository', () => {
    assertDistFresh();
    const dir = mkdtempSync(join(tmpdir(), 'gmg-alone-'));
    copyFileSync(CLI, join(dir, 'cli.js'));
    expect(execFileSync(process.execPath, [join(dir, 'cli.js'), '--version'], { cwd: dir, encoding: 'utf8' })).toMatch(
      /^go-mem-gate \d+\.\d+\.\d+\n$/,
    );
  });
  it('answers bad flags with one line and exit 2, no stack trace', () => {
    const r = spawnSync(process.execPath, [CLI, 'run', '--start', 'x', '--budget', 'heap=fast'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'go-mem-gate: error: --budget: unknown metric "heap"; use one of heap_live, heap_objects, goroutines, rss\n',
    );
  });
  it('refuses an unknown command', () => {
    const r = spawnSync(process.execPath, [CLI, 'runn'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown command "runn"/);
  });
});
