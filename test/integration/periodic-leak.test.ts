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
 * Was PENDING: the fill-then-leak run passed against the baseline in about half the runs. Cause (branch stats2):
 * the last half's interval used the autocorrelation of the whole window's residuals around a broken line, and
 * those are the fill's (tens of KiB, shaped by when the GCs fell; n_eff 6.8 of 39 on a clean fill-only run),
 * while the plateau has a few KiB of white noise. The fill-only baseline then had an unbounded last half and
 * no plateau, so nothing could be compared after the fill. The last half is now judged on its own residuals
 * after a bend (unit test: test/unit/calibrated.test.ts, "fill then leak ... cache fixture").
 */
// Pending again: it passes run alone (3 of 3) but failed in 2 of 3 full-suite runs (a loaded machine leaves
// the fill-only baseline too few effective samples). Open work in issue 8.
const FILL_THEN_LEAK_PENDING = false;

/**
 * PENDING: a 4 KiB/s leak under the 8 s sawtooth still ends `inconclusive` now and then (measured on branch
 * stats2, 17:20-17:27 UTC, 2 shared cores): 5 of 6 fresh 40 s runs of this command failed as they should
 * (262-319 KiB/min, lower bounds 235-272 KiB/min), 1 was inconclusive ("only 7.9 effective samples of 31,
 * autocorrelation 0.52"); re-judged with the current code, the 9 recorded leak runs that had ended 6 fail / 3
 * inconclusive under older code all fail, and the 8 recorded clean runs pass.
 * Why the inconclusive one: its first, partial cycle (the 6 samples before the first flush in the window) sat
 * 25-35 KiB under the model for 3 samples, then 10-15 KiB over it (a one-off step inside that cycle), while
 * every later cycle fits within the noise. The autocorrelation of the within-cycle residuals (0.52) is that
 * one cycle's shape, and it is applied to all cycles. Judging from the first flush on fixes that run
 * (291 KiB/min, [245, 338]) but loses a fifth of the samples and makes others worse (one recorded leak run's
 * lower bound falls from 87 to 32 KiB/min, under the budget), so it was not adopted. A fix would need an
 * autocorrelation estimate that one odd cycle cannot carry (e.g. pooled per cycle, or the odd cycle
 * down-weighted), checked on the calibration benchmark's sawtooth cells. Not done for lack of time.
 * A sample 0.3 s late next to a flush no longer hides the flush (cycles are found on differences per sample
 * interval: test/unit/stats/cycles.test.ts).
 */
const PERIODIC_LEAK_PENDING = false;

const heapOf = (r: Awaited<ReturnType<typeof runCli>>) => r.report!.metrics.find((m) => m.name === 'heap_live')!;
const why = (r: Awaited<ReturnType<typeof runCli>>) => `${r.stdout}\n${r.stderr}`;

describe('leaks under periodic memory and after a fill', () => {
  it.skipIf(PERIODIC_LEAK_PENDING)(
    'batchflush -leak 4096: a 4 KiB/s leak under the 8 s sawtooth fails the default budgets',
    async () => {
      const { args } = await serviceArgs('batchflush', { rate: 50, duration: '60s', flags: '-leak 4096' });
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
      const base = await serviceArgs('cache', { rate: 50, duration: '60s', warmup: '2s', flags: fill });
      const b = await runCli([...base.args, '--save-baseline', baseline]);
      expect(b.leftovers).toEqual([]);
      expect(b.code, why(b)).toBe(0);
      const head = await serviceArgs('cache', {
        rate: 50,
        duration: '60s',
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
