import { describe, expect, it } from 'vitest';
import { cyclePhase, detectCycles } from '../../../src/analyze/stats/cycles.js';
import { gaussian, mulberry32 } from '../../helpers/series.js';

/** Sawtooth: filled at `fill` per second, flushed every `period` s, plus a leak and white noise. */
function sawtooth(n: number, period: number, fill: number, noise: number, leak = 0, seed = 1) {
  const g = gaussian(mulberry32(seed));
  const t = Array.from({ length: n }, (_, i) => i);
  const v = t.map((x) => 1e6 + fill * (x % period) + leak * x + noise * g());
  return { t, v };
}

describe('detectCycles', () => {
  it('the doc example: a buffer filled by 10/s and flushed every 5 s', () => {
    const t = Array.from({ length: 15 }, (_, i) => i);
    const c = detectCycles(
      t,
      t.map((x) => 10 * (x % 5) + (x % 2) * 0.1),
    );
    expect(c).not.toBeNull();
    expect(c!.drops).toEqual([5, 10]);
    expect(c!.periodS).toBe(5);
    expect(c!.regular).toBe(true);
  });
  it('finds the period of a noisy sawtooth with a leak on top', () => {
    for (const period of [6, 8, 15]) {
      const { t, v } = sawtooth(90, period, 5000, 2000, 60, period);
      const c = detectCycles(t, v)!;
      expect(c.periodS).toBe(period);
      expect(c.regular).toBe(true);
      expect(c.drops.length).toBe(Math.floor(89 / period));
    }
  });
  it('finds nothing in white noise, AR(1) noise or a steady leak', () => {
    const g = gaussian(mulberry32(2));
    const t = Array.from({ length: 120 }, (_, i) => i);
    expect(
      detectCycles(
        t,
        t.map(() => g()),
      ),
    ).toBeNull();
    const ar = [0];
    for (let i = 1; i < 120; i++) ar.push(0.95 * ar[i - 1]! + g());
    expect(detectCycles(t, ar)).toBeNull();
    expect(
      detectCycles(
        t,
        t.map((x) => 1000 * x + 50 * g()),
      ),
    ).toBeNull();
  });
  it('does not take a one-sample spike for a flush', () => {
    const g = gaussian(mulberry32(5));
    const t = Array.from({ length: 60 }, (_, i) => i);
    const v = t.map((x) => 100 * g() + (x === 20 || x === 40 ? 1e5 : 0));
    expect(detectCycles(t, v)).toBeNull();
  });
  it('an integer count with a few single steps has no cycles (the step of a count is the noise floor)', () => {
    const t = Array.from({ length: 40 }, (_, i) => i);
    const v = t.map((x) => 12 + (x > 10 && x < 20 ? 1 : 0) + (x > 30 ? 2 : 0));
    expect(detectCycles(t, v)).toBeNull();
  });
});

describe('a late sample next to a flush', () => {
  it('still finds every flush (the jump of a late sample under a fast fill is not a spike)', () => {
    // 512 KiB/s fill flushed every 8 s, 7 KiB of noise; the sample before each of two flushes is 0.3 s late,
    // so its raw difference is 150 KiB above the others (more than DROP_SDS noise s.d.s).
    const g = gaussian(mulberry32(9));
    const t = Array.from({ length: 31 }, (_, i) => 10 + i + (i === 5 || i === 21 ? 0.3 : 0));
    const v = t.map((x) => 1.6e6 + 524_288 * ((x - 10 + 2) % 8) + 68 * x + 7_000 * g());
    const c = detectCycles(t, v)!;
    expect(c).not.toBeNull();
    expect(c.drops).toEqual([6, 14, 22, 30]);
    expect(c.periodS).toBeCloseTo(8, 0);
    expect(c.regular).toBe(true);
  });
});

describe('cyclePhase', () => {
  it('counts the time since the last drop, extrapolating one period before the first', () => {
    expect(cyclePhase([0, 1, 2, 3, 4, 5], [2, 4], 2)).toEqual([0, 1, 0, 1, 0, 1]);
    expect(cyclePhase([0, 1, 2, 3, 4, 5, 6], [3, 6], 3)).toEqual([0, 1, 2, 0, 1, 2, 0]);
  });
});

describe('a near-perfect leak with one small dip', () => {
  it('is not a cycle: the dip is tiny next to what the series grew', () => {
    const t = Array.from({ length: 21 }, (_, i) => i + 10);
    // 640 KiB/s, almost no jitter, one 100 KB dip (the runtime freeing something).
    const v = t.map((x, i) => 5e6 + 655_360 * x + (i % 3) * 100 - (i >= 11 ? 100_000 : 0));
    expect(detectCycles(t, v)).toBeNull();
  });
});

describe('a flush next to an ordinary step of a fast fill', () => {
  // Recorded: batchflush -leak 4096, 60 s (heap_live in KiB, t = 40 ... 52 s). The fill adds about 520 KiB per
  // sample with 8 KiB of jitter, so its ordinary steps are far beyond the noise; the step after the flush at
  // 48 s (558 KiB) made that flush read as a one-sample dip, the run lost its period and passed the default
  // budgets with a 4 KiB/s leak. A dip needs a jump back of at least half the drop.
  const kib = [519, 1038, 1553, 2080, 2600, 3113, 3637, 4153, 543, 1101, 1620, 2142, 2658];
  const t = kib.map((_, i) => 40 + i);

  it('finds the flush', () => {
    const c = detectCycles(
      t,
      kib.map((x) => x * 1024),
    );
    expect(c?.drops).toEqual([8]);
  });

  it('a real one-sample dip (the next sample gives most of it back) is still not a flush', () => {
    const v = [...kib.slice(0, 8), 2000, ...kib.slice(9).map((x) => x + 3600)].map((x) => x * 1024);
    expect(detectCycles(t, v)).toBeNull();
  });
});
