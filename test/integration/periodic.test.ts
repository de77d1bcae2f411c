/**
 * Calibrated verdicts on memory that is not a straight line (issue 8), with the real CLI and real services:
 *
 * - wander: retained memory is a mean-reverting random walk around ~4 MiB (lag-1 autocorrelation ~0.9 at
 *   1 s sampling), no trend. Before the autocorrelation correction it failed `--budget heap_live=0/min` in
 *   about 1 run of 3 ("grows at 2.22 MiB/min").
 * - batchflush: a batch buffer filled at 512 KiB/s and dropped every 8 s (a 4 MiB sawtooth), no trend; and the
 *   same with a 4 KiB/s leak underneath, which the straight line through the teeth could not see.
 * - cache: a fill to 8 MiB, then 16 KiB/s of leak, against a baseline recorded from the fill alone.
 *
 * These depend on the autocorrelation correction, the periodic-memory detection and the baseline-after-plateau
 * clause (branch `stats`); see NEEDS_STATS below.
 */
import { describe, expect, it } from 'vitest';
import { runCli, serviceArgs, tempOut } from '../helpers/gate.js';
import { join } from 'node:path';

/**
 * True once the statistics of issue 8 items 1-3 (branch `stats`) are merged: until then these verdicts are the
 * known-wrong ones the issue describes, and the tests are skipped rather than asserting them.
 */
const NEEDS_STATS = true;

const heapOf = (r: Awaited<ReturnType<typeof runCli>>) => r.report!.metrics.find((m) => m.name === 'heap_live')!;
const why = (r: Awaited<ReturnType<typeof runCli>>) => `${r.stdout}\n${r.stderr}`;

describe.skipIf(NEEDS_STATS)('memory that wanders or moves in cycles (needs branch stats)', () => {
  it('wander: a mean-reverting walk passes a zero budget, or ends inconclusive (exit 0)', async () => {
    const { args } = await serviceArgs('wander', { rate: 50, duration: '40s' });
    const r = await runCli([...args, '--budget', 'heap_live=0/min']);
    expect(r.leftovers).toEqual([]);
    expect(r.code, why(r)).toBe(0);
    expect(['pass', 'inconclusive']).toContain(heapOf(r).verdict);
  });

  it('batchflush: a 4 MiB sawtooth flushed every 8 s passes the default budgets', async () => {
    const { args } = await serviceArgs('batchflush', { rate: 50, duration: '40s' });
    const r = await runCli(args);
    expect(r.leftovers).toEqual([]);
    expect(r.code, why(r)).toBe(0);
    expect(heapOf(r).verdict).not.toBe('fail');
  });

  it('batchflush -leak 4096: a 4 KiB/s leak under the sawtooth fails the default budgets', async () => {
    const { args } = await serviceArgs('batchflush', { rate: 50, duration: '40s', flags: '-leak 4096' });
    const r = await runCli(args);
    expect(r.leftovers).toEqual([]);
    expect(r.code, why(r)).toBe(1);
    expect(heapOf(r).verdict).toBe('fail');
  });

  it('cache: a leak after the fill fails against a baseline recorded from the fill alone', async () => {
    const fill = '-fill-rate 524288 -cap 8388608'; // full after 16 s
    const baseline = join(tempOut('gmg-base-'), 'baseline.json');
    const base = await serviceArgs('cache', { rate: 50, duration: '40s', warmup: '5s', flags: fill });
    const b = await runCli([...base.args, '--save-baseline', baseline]);
    expect(b.leftovers).toEqual([]);
    expect(b.code, why(b)).toBe(0);
    const head = await serviceArgs('cache', { rate: 50, duration: '40s', warmup: '5s', flags: `${fill} -leak 16384` });
    const r = await runCli([...head.args, '--baseline', baseline]);
    expect(r.leftovers).toEqual([]);
    expect(r.code, why(r)).toBe(1);
    expect(heapOf(r).verdict).toBe('fail');
  });
});
