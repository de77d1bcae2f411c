/**
 * One level shift and drops at the window's edges (issue 8's calibration cells "steps" and "sawtooth of a
 * period as long as the window"), and the wider margins of short windows.
 */
import { describe, expect, it } from 'vitest';
import { analyzeSeries } from '../../src/analyze/analyze.js';
import { RHO_MARGIN, RHO_MARGIN_SHORT, rhoMargin } from '../../src/analyze/stats/autocorrelation.js';
import { detectLevelShift, LEVEL_SHIFT_F } from '../../src/analyze/stats/level-shift.js';
import { judge, WORST_CASE_Z, worstCaseZ } from '../../src/compare.js';
import { gaussian, mulberry32 } from '../helpers/series.js';

const rule = { absolute: 0, relative: 0.25 };
const MIB = 2 ** 20;

/** 51 points a second apart from t = 10 (a 60 s run after its warm-up): level + slope t + step + white noise. */
function window(opts: { step?: number; at?: number; slopePerS?: number; sd?: number; seed: number }) {
  const { step = 0, at = 35, slopePerS = 0, sd = 0.25 * MIB, seed } = opts;
  const g = gaussian(mulberry32(seed));
  const t = Array.from({ length: 51 }, (_, i) => 10 + i);
  const v = t.map((x) => 50 * MIB + slopePerS * (x - 10) + (x >= at ? step : 0) + sd * g());
  return { t, v };
}

describe('detectLevelShift', () => {
  it('finds the step, its place and its height, with the slope beside it', () => {
    const { t, v } = window({ step: 4 * MIB, at: 37, slopePerS: 1024, seed: 3 });
    const s = detectLevelShift(t, v);
    expect(s).not.toBeNull();
    expect(t[s!.index]).toBe(37);
    expect(s!.jump / MIB).toBeCloseTo(4, 0);
    expect(Math.abs(s!.slope - 1024)).toBeLessThan(4 * s!.se);
    expect(s!.f).toBeGreaterThan(LEVEL_SHIFT_F);
  });

  it('sees a step in a straight line with white noise in about 2% of 60 s windows', () => {
    // 4,000 series. Andrews' asymptotic 1% value assumes stationary regressors; beside a trend it lets through
    // about twice that at 51 points, which only ever turns a fail into inconclusive.
    let found = 0;
    for (let seed = 1; seed <= 4000; seed++) {
      const { t, v } = window({ slopePerS: seed % 2 ? 0 : 20 * 1024, seed });
      if (detectLevelShift(t, v) !== null) found++;
    }
    expect(found / 4000).toBeGreaterThan(0.002);
    expect(found / 4000).toBeLessThan(0.03);
  });

  it('needs 12 points', () => {
    expect(detectLevelShift([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [0, 0, 0, 0, 0, 9, 9, 9, 9, 9, 9])).toBeNull();
  });
});

describe('a level that rose once and held', () => {
  it('is inconclusive at budget 0, with where and how much, where one line alone would have failed', () => {
    // Noise 1 MiB, one step of 4 MiB late in the window: the kind of series that failed 1% of the calibration's
    // two-level runs. Every seed where the line's own interval is above 0 (significant, enough effective
    // samples) must end inconclusive on the step.
    let seen = 0;
    let settled = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const a = analyzeSeries(window({ step: 4 * MIB, at: 40, sd: MIB, seed }), 0.99);
      if (!(a.ciLow > 0 && a.trendP < 0.005 && !a.plateau && a.inconclusive === null && a.caveat === null)) continue;
      seen++;
      expect(a.levelShift?.atS).toBe(40);
      const j = judge(a, 'bytes', 0.99, 0, null, rule);
      if (j.verdict !== 'inconclusive') continue;
      settled++;
      expect(j.levelShiftUsed).toBe(true);
      expect(j.reason).toMatch(/rose in one step of \d\.\d\d MiB at 40 s and held/);
      expect(j.suggestedDurationS).toBeGreaterThan(60);
    }
    expect(seen).toBeGreaterThan(3);
    // The rest had a step estimated under 2.5 noise s.d.s (STEP_ALONE_SDS): not clearly a step.
    expect(settled / seen).toBeGreaterThanOrEqual(0.75);
  });

  it('a steady leak of the same total rise still fails', () => {
    const a = analyzeSeries(window({ slopePerS: (4 * MIB) / 50, seed: 11 }), 0.99);
    expect(judge(a, 'bytes', 0.99, 0, null, rule).verdict).toBe('fail');
  });

  it('a leak with a step on top (a map that doubles its buckets) fails on its growth apart from the step', () => {
    // Around one line the step reads as autocorrelation (1.5 effective samples of 51): inconclusive before.
    const a = analyzeSeries(window({ step: 4 * MIB, at: 30, slopePerS: 64 * 1024, seed: 5 }), 0.99);
    expect(a.inconclusive).not.toBeNull();
    expect(a.levelShift).toBeTruthy();
    expect(a.levelShift!.slopeLowPerMinute).toBeGreaterThan(0);
    const j = judge(a, 'bytes', 0.99, 0, null, rule);
    expect(j.verdict).toBe('fail');
    expect(j.reason).toMatch(/^grows at 3\.\d+ MiB\/min \(at least .*\) apart from one step of 3\.\d+ MiB at 30 s/);
    expect(j.interval?.low).toBe(a.levelShift!.slopeLowPerMinute);
    expect(j.levelShiftUsed).toBe(true);
  });

  it('a steady heap with one step is not failed by that rule against a baseline of the same kind', () => {
    const b = analyzeSeries(window({ seed: 8 }), 0.99);
    const base = {
      slopePerMinute: b.slopePerMinute,
      sePerMinute: b.sePerMinute,
      ciLow: b.ciLow,
      ciHigh: b.ciHigh,
      n: b.n,
      df: b.df,
    };
    const a = analyzeSeries(window({ step: 4 * MIB, at: 30, seed: 5 }), 0.99);
    expect(judge(a, 'bytes', 0.99, null, base, rule).verdict).not.toBe('fail');
  });

  it('over 2,000 two-level series at budget 0 (the calibration cell), at most the nominal 0.5% fail', () => {
    let fails = 0;
    const rand = mulberry32(99);
    const g = gaussian(rand);
    for (let k = 0; k < 2000; k++) {
      let on = rand() < 0.5;
      const t = Array.from({ length: 51 }, (_, i) => 10 + i);
      const v = t.map(() => {
        if (rand() < 1 / 15) on = !on;
        return 50 * MIB + (on ? 4 * MIB : 0) + MIB * g();
      });
      if (judge(analyzeSeries({ t, v }, 0.99), 'bytes', 0.99, 0, null, rule).verdict === 'fail') fails++;
    }
    expect(fails / 2000).toBeLessThanOrEqual(0.005);
  });
});

describe('a drop at the edge of the window', () => {
  // One tooth of a sawtooth (period 20 s, amplitude 5 noise s.d.s) seen through a 20 s window.
  const tooth = (dropAt: number, seed: number) => {
    const g = gaussian(mulberry32(seed));
    const t = Array.from({ length: 21 }, (_, i) => 10 + i);
    const v = t.map((x) => 50 * MIB + 5 * MIB * (((((x - dropAt) % 20) + 20) % 20) / 20) + MIB * g());
    return { t, v };
  };

  it('a last sample that dropped makes a fail inconclusive (a cycle as long as the window)', () => {
    let caveats = 0;
    for (let seed = 1; seed <= 50; seed++) {
      const a = analyzeSeries(tooth(30, seed), 0.99);
      if (a.caveat?.includes('the last sample')) caveats++;
    }
    expect(caveats).toBeGreaterThanOrEqual(35);
  });

  it('a first sample left at the top of the previous tooth does too', () => {
    let caveats = 0;
    for (let seed = 1; seed <= 50; seed++) {
      const a = analyzeSeries(tooth(11, seed), 0.99);
      if (a.caveat?.includes('the first sample')) caveats++;
    }
    expect(caveats).toBeGreaterThanOrEqual(35);
  });

  it('a clean leak has no such caveat', () => {
    let caveats = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const a = analyzeSeries(window({ slopePerS: 16 * 1024, sd: 64 * 1024, seed }), 0.99);
      if (a.caveat !== null) caveats++;
    }
    expect(caveats).toBeLessThanOrEqual(2);
  });
});

describe('short windows take wider margins', () => {
  it('rhoMargin: RHO_MARGIN_SHORT at 25 points and below, RHO_MARGIN from 45, linear between', () => {
    expect(rhoMargin(21)).toBe(RHO_MARGIN_SHORT);
    expect(rhoMargin(25)).toBe(RHO_MARGIN_SHORT);
    expect(rhoMargin(35)).toBeCloseTo((RHO_MARGIN + RHO_MARGIN_SHORT) / 2, 10);
    expect(rhoMargin(51)).toBe(RHO_MARGIN);
  });

  it('worstCaseZ: 3 at 25 points and below, WORST_CASE_Z from 45', () => {
    expect(worstCaseZ(21)).toBe(WORST_CASE_Z + 1);
    expect(worstCaseZ(35)).toBeCloseTo(WORST_CASE_Z + 0.5, 10);
    expect(worstCaseZ(120)).toBe(WORST_CASE_Z);
  });
});
