/**
 * Leaks under memory that is not a straight line (issue 8), with the real CLI and real services:
 *
 * - batchflush -leak 4096: a 4 KiB/s leak under a batch buffer that is filled and flushed periodically, which the
 *   straight line through the teeth could not see (it passed the default budgets).
 * - cache: a fill to 8 MiB, then 16 KiB/s of leak, against a baseline recorded from the fill alone (it was never
 *   caught against a baseline).
 *
 * These depend on the periodic-memory detection and the baseline-after-plateau clause (branch `stats`, merged).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, serviceArgs, tempOut } from '../helpers/gate.js';

/**
 * PENDING (branch `stats`): the fill-then-leak run is judged right only when its plateau is seen, and the
 * plateau rule does not fire in about half the runs. Measured on the merged code (stats 4535a4f): the head's
 * last half grows at 1.1 MiB/min with its 99% upper bound above half the whole window's 7.6 MiB/min, because
 * the last half's interval is widened by the whole window's n_eff/n (0.29 there, from the bend of the fill),
 * so neither "levelled off" nor the after-plateau baseline clause applies, and the head passes against the
 * baseline. Enable this once the plateau test is reliable on such runs.
 */
const FILL_THEN_LEAK_PENDING = true;

/**
 * PENDING (branch `stats`): a clean sawtooth whose per-cycle minima rise 4 KiB/s ends `inconclusive` in about a
 * third of 40 s runs, so the test would be flaky. Measured on the merged code: 8 s period, 40 s: caught in 4 of
 * 4 recorded runs (bench/sites-notes.md) but inconclusive in 2 of 2 runs under the test harness ("only 7.9 / 8.0
 * effective samples of 31 / 36"); 4 s period (-period 4s, 5 s warm-up): caught in 2 of 3, inconclusive in 1
 * ("only 7.1 effective samples of 36, autocorrelation 0.60"; interval 208-370 KiB/min against the 64 KiB/min
 * budget). The residuals around the cycle model are correlated (lag-1 0.4-0.6), likely within each cycle: the
 * drop is placed at a sample, not between samples, so each cycle may carry its own phase offset (a guess, not
 * checked). Enable once such runs are judged reliably.
 */
const PERIODIC_LEAK_PENDING = true;

const heapOf = (r: Awaited<ReturnType<typeof runCli>>) => r.report!.metrics.find((m) => m.name === 'heap_live')!;
const why = (r: Awaited<ReturnType<typeof runCli>>) => `${r.stdout}\n${r.stderr}`;

describe('leaks under periodic memory and after a fill (needs branch stats)', () => {
  it.skipIf(PERIODIC_LEAK_PENDING)(
    'batchflush -leak 4096: a 4 KiB/s leak under the 8 s sawtooth fails the default budgets',
    async () => {
      const { args } = await serviceArgs('batchflush', { rate: 50, duration: '40s', flags: '-leak 4096' });
      const r = await runCli(args);
      expect(r.leftovers).toEqual([]);
      expect(r.code, why(r)).toBe(1);
      expect(heapOf(r).verdict).toBe('fail');
    },
  );

  it.skipIf(FILL_THEN_LEAK_PENDING)(
    'cache: a leak after the fill fails against a baseline recorded from the fill alone',
    async () => {
      // Full after 16 s. A 2 s warm-up leaves most of the fill in the window, then the plateau (and, in the head,
      // 24 s of leak at 16 KiB/s = 0.94 MiB/min). With the default 10 s warm-up only the last 6 s of the fill are
      // left, the run does not read as "grew, then levelled off", and the head passed against the baseline in 1 of
      // 2 runs (bench/sites-notes.md).
      const fill = '-fill-rate 524288 -cap 8388608';
      const baseline = join(tempOut('gmg-base-'), 'baseline.json');
      const base = await serviceArgs('cache', { rate: 50, duration: '40s', warmup: '2s', flags: fill });
      const b = await runCli([...base.args, '--save-baseline', baseline]);
      expect(b.leftovers).toEqual([]);
      expect(b.code, why(b)).toBe(0);
      const head = await serviceArgs('cache', {
        rate: 50,
        duration: '40s',
        warmup: '2s',
        flags: `${fill} -leak 16384`,
      });
      const r = await runCli([...head.args, '--baseline', baseline]);
      expect(r.leftovers).toEqual([]);
      expect(r.code, why(r)).toBe(1);
      expect(heapOf(r).verdict).toBe('fail');
    },
  );
});
