/** The shipped bundle runs with plain node and no node_modules next to it. */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/gate.js';

describe('dist/cli.js', () => {
  it('runs alone, outside the repository', () => {
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
