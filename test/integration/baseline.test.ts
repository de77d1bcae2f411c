/**
 * Baseline flow: a run on the "base branch" saves a baseline; a faster-leaking "head" fails against it with
 * the regressed site matched by function name; a head like the base passes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, serviceArgs, tempOut } from '../helpers/gate.js';

describe('baseline', () => {
  const dir = tempOut('gmg-baseline-');
  const baselineFile = join(dir, 'baseline.json');

  it('saves a baseline, then fails a head that leaks 8x faster, blaming the same function', async () => {
    const base = await serviceArgs('slowleak', { rate: 50, duration: '45s', flags: '-rate 2048 -prealloc 4096' });
    const b = await runCli([...base.args, '--profile-rate', '4KiB', '--save-baseline', baselineFile]);
    expect(b.leftovers).toEqual([]);
    expect(b.report!.verdict).not.toBe('error');
    const saved = JSON.parse(readFileSync(baselineFile, 'utf8'));
    expect(saved).toMatchObject({
      schemaVersion: 1,
      kind: 'go-mem-gate-baseline',
      run: { profileRate: 4096, intervalS: 1, warmupS: 10 },
    });
    expect(saved.metrics.heap_live.slopePerMinute).toBeGreaterThan(0);
    expect(saved.sites.map((s: { function: string }) => s.function)).toContain('main.recordEvent');
    // The base run's live heap, for the chart: one point per sample here (31 < the 120-point cap), in bytes.
    expect(saved.series.t).toHaveLength(b.report!.series.t.length);
    expect(saved.series.heapLive.filter((v: number | null) => v !== null).length).toBeGreaterThan(20);

    // 45 s each: at 30 s (21 samples) moderate autocorrelation on a loaded machine can leave under 10 effective
    // samples, and the calibrated verdict is then (rightly) inconclusive.
    const head = await serviceArgs('slowleak', { rate: 50, duration: '45s', flags: '-rate 16384 -prealloc 4096' });
    const h = await runCli([...head.args, '--profile-rate', '4KiB', '--baseline', baselineFile]);
    expect(h.leftovers).toEqual([]);
    expect(h.code, h.stdout + h.stderr).toBe(1);
    const heap = h.report!.metrics.find((m) => m.name === 'heap_live')!;
    expect(heap.verdict).toBe('fail');
    expect(heap.baselineSlopePerMinute).toBeCloseTo(saved.metrics.heap_live.slopePerMinute, 6);
    expect(heap.budgetPerMinute).toBeNull(); // a baseline alone: no default budgets
    expect(h.report!.baseline).toMatchObject({ used: true, source: 'file', path: baselineFile });
    const site = h.report!.sites[0];
    expect(site.function).toBe('main.recordEvent');
    expect(site.verdict).toBe('fail');
    expect(site.baselineSlopeBytesPerMinute).not.toBeNull();
    const md = readFileSync(join(h.out, 'report.md'), 'utf8');
    expect(md).toMatch(/#### Regressed allocation sites/);
    expect(md).toMatch(/<code title="main\.recordEvent">main\.recordEvent<\/code>/);
    // Base and head on one chart, and the file path relative to the repository the gate ran in.
    expect(h.report!.baseline.series).toEqual(saved.series);
    expect(md.match(/^ {2}line \[/gm)).toHaveLength(2);
    expect(md).toContain('🟦 blue line: base run');
    expect(md).toMatch(/<sub>fixtures\/services\/slowleak\/main\.go:\d+/);
    expect(md).not.toContain(join(import.meta.dirname, '..', '..', 'fixtures'));
  });

  it('passes a head that leaks like its baseline', async () => {
    const run = await serviceArgs('slowleak', { rate: 50, duration: '30s', flags: '-rate 2048 -prealloc 4096' });
    const baseFile = join(tempOut('gmg-baseline2-'), 'b.json');
    const b = await runCli([...run.args, '--profile-rate', '4KiB', '--save-baseline', baseFile]);
    expect(b.report!.verdict).not.toBe('error');
    const again = await serviceArgs('slowleak', { rate: 50, duration: '30s', flags: '-rate 2048 -prealloc 4096' });
    const h = await runCli([...again.args, '--profile-rate', '4KiB', '--baseline', baseFile]);
    expect(h.leftovers).toEqual([]);
    expect(h.code, h.stdout + h.stderr).toBe(0);
    expect(h.report!.metrics.find((m) => m.name === 'heap_live')!.baselineSlopePerMinute).not.toBeNull();
  });

  it('refuses a corrupt or newer baseline before starting anything', async () => {
    const bad = join(dir, 'bad.json');
    const newer = join(dir, 'newer.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(bad, '{"schemaVersion": 1, "kind": "go-mem-gate-baseline", ');
    writeFileSync(newer, JSON.stringify({ schemaVersion: 9, kind: 'go-mem-gate-baseline', metrics: {} }));
    const run = await serviceArgs('steady', { duration: '20s' });
    const r1 = await runCli([...run.args, '--baseline', bad]);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(
      new RegExp(
        `^go-mem-gate: error: baseline ${bad}: not valid JSON .*record a new one with --save-baseline on the base branch\\n$`,
      ),
    );
    const r2 = await runCli([...run.args, '--baseline', newer]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/schemaVersion 9 is newer than this go-mem-gate reads \(1\); upgrade go-mem-gate/);
    expect(r2.leftovers).toEqual([]);
  });
});
