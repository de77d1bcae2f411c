/** A slow leak on a timer, 2 KiB/s, is caught in a 45 s run (1 s interval, 10 s warm-up). */
import { describe, expect, it } from 'vitest';
import { runCli, serviceArgs } from '../helpers/gate.js';

describe('slow leak', () => {
  it('2 KiB/s on a timer, under a steady request load', async () => {
    const { args } = await serviceArgs('slowleak', { rate: 100, duration: '45s', flags: '-rate 2048 -prealloc 4096' });
    const r = await runCli(args);
    expect(r.leftovers).toEqual([]);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(1);
    const heap = r.report!.metrics.find((m) => m.name === 'heap_live')!;
    expect(heap.verdict).toBe('fail');
    // 2 KiB/s of payload, plus size-class rounding (2080 B/s), the slice that holds it (which doubles as it
    // grows) and the service's own warm-up drift (up to ~55 KiB/min, BENCHMARKS.md): between 0.7x and 2x.
    expect(heap.slopePerMinute).toBeGreaterThan(0.7 * 2048 * 60);
    expect(heap.slopePerMinute).toBeLessThan(2 * 2048 * 60);
  });
});
