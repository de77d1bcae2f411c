import { describe, expect, it } from 'vitest';
import { findOnset } from '../../src/analyze/onset.js';
import { gaussian, mulberry32 } from '../helpers/series.js';

/** Post-warm-up window [from, to] at 1 s: flat, then `rate` bytes/s from `onset`; AR(1) noise of s.d. `sd`. */
function late(opts: {
  from?: number;
  to?: number;
  interval?: number;
  onset: number;
  rate: number;
  sd: number;
  phi?: number;
  seed: number;
}) {
  const { from = 10, to = 60, interval = 1, onset, rate, sd, phi = 0, seed } = opts;
  const g = gaussian(mulberry32(seed));
  const t: number[] = [];
  const v: number[] = [];
  let e = sd * g();
  for (let x = from; x <= to + 1e-9; x += interval) {
    e = phi * e + Math.sqrt(1 - phi * phi) * sd * g();
    t.push(x);
    v.push(20e6 + rate * Math.max(0, x - onset) + e);
  }
  return { t, v };
}

describe('onset (segmented regression, flat then growth)', () => {
  it('is exact on a noiseless hinge', () => {
    const { t, v } = late({ onset: 31, rate: 1000, sd: 0, seed: 1 });
    const o = findOnset(t, v)!;
    expect(o.onsetS).toBeCloseTo(31, 6);
    expect(o.slopeAfter).toBeCloseTo(1000, 6);
  });

  for (const [onset, phi] of [
    [20, 0],
    [30, 0],
    [45, 0],
    [25, 0.7],
    [40, 0.7],
  ] as const) {
    it(`finds an onset at ${onset} s within 5 s in 200 noisy series (AR(1) phi ${phi})`, () => {
      let worst = 0;
      for (let seed = 1; seed <= 200; seed++) {
        // 50 KiB/s after the onset (the fixtures' leak rate) against the 22 KB noise measured on a steady service.
        const { t, v } = late({ onset, rate: 50 * 1024, sd: 22e3, phi, seed });
        const o = findOnset(t, v);
        expect(o, `seed ${seed}`).not.toBeNull();
        worst = Math.max(worst, Math.abs(o!.onsetS - onset));
        expect(o!.slopeAfter / (50 * 1024)).toBeGreaterThan(0.9);
        expect(o!.slopeAfter / (50 * 1024)).toBeLessThan(1.1);
      }
      expect(worst).toBeLessThanOrEqual(5);
    });
  }

  it('finds a 2 s-interval onset within 5 s, and a slow 2 KiB/s one within 5 s at low noise', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const a = findOnset(
        ...(Object.values(late({ onset: 35, rate: 50 * 1024, sd: 22e3, interval: 2, seed })) as [number[], number[]]),
      );
      expect(Math.abs(a!.onsetS - 35)).toBeLessThanOrEqual(5);
      const b = findOnset(...(Object.values(late({ onset: 25, rate: 2048, sd: 4e3, seed })) as [number[], number[]]));
      expect(Math.abs(b!.onsetS - 25)).toBeLessThanOrEqual(5);
    }
  });

  it('gives steady growth through the whole window no onset inside it (false onsets <= 2% under AR(1) 0.7)', () => {
    let found = 0;
    let foundWhite = 0;
    for (let seed = 1; seed <= 1000; seed++) {
      // Growth from before the window (onset at -100 s): a straight line over the window.
      const { t, v } = late({ onset: -100, rate: 10 * 1024, sd: 22e3, phi: 0.7, seed });
      if (findOnset(t, v)) found++;
      const w = late({ onset: -100, rate: 10 * 1024, sd: 22e3, phi: 0, seed });
      if (findOnset(w.t, w.v)) foundWhite++;
    }
    expect(found).toBeLessThanOrEqual(20);
    expect(foundWhite).toBeLessThanOrEqual(20);
  });

  it('returns null for a series that does not rise or is too short', () => {
    expect(findOnset([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0])).toBeNull();
    expect(findOnset([0, 1, 2], [0, 0, 5])).toBeNull();
  });
});
