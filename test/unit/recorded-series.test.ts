/** Verdicts on series recorded from real runs (fixtures/recordings/). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { afterWarmup, analyzeSeries } from '../../src/analyze/analyze.js';
import { judge } from '../../src/compare.js';
import { DEFAULT_TOLERANCE } from '../../src/config.js';

const load = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/recordings/${name}`, import.meta.url), 'utf8'));

describe('a leak after a fill, recorded on a loaded machine', () => {
  const rec = load('fill-then-leak-loaded.json');
  const fit = analyzeSeries(afterWarmup({ t: rec.t, v: rec.heapLive }, rec.warmupS), 0.99);

  it('levelled off, with a last half too correlated for its own interval', () => {
    expect(fit.plateau).toBe(true);
    expect(fit.lastHalfDf).toBeLessThan(8);
    expect(Number.isFinite(fit.lastHalfWorstCaseSePerMinute)).toBe(true);
  });

  it('fails against the fill-only baseline on the worst-case bound of its last half', () => {
    const j = judge(fit, 'bytes', 0.99, null, rec.baseline, DEFAULT_TOLERANCE.heap_live);
    expect(j.verdict, j.reason).toBe('fail');
    expect(j.reason).toMatch(/kept growing at 1\.\d+ MiB\/min.*however correlated the noise/);
  });

  it('fails the default budget the same way', () => {
    expect(judge(fit, 'bytes', 0.99, 64 * 1024, null, DEFAULT_TOLERANCE.heap_live).verdict).toBe('fail');
  });
});

describe('a leak that starts half-way, recorded', () => {
  const rec = load('late-leak-120s.json');
  const fit = analyzeSeries(afterWarmup({ t: rec.t, v: rec.heapLive }, rec.warmupS), 0.99);

  it('one line through the bend says too little', () => {
    expect(fit.inconclusive).not.toBeNull();
    expect(fit.plateau).toBe(false);
  });

  it('fails the default budget on its last half', () => {
    const j = judge(fit, 'bytes', 0.99, 64 * 1024, null, DEFAULT_TOLERANCE.heap_live);
    expect(j.verdict, j.reason).toBe('fail');
    expect(j.reason).toMatch(/^grows in the last half of the window at/);
  });
});

describe('the end of a fill, then a leak, recorded', () => {
  const rec = load('fill-end-then-leak-120s.json');
  const fit = analyzeSeries(afterWarmup({ t: rec.t, v: rec.heapLive }, rec.warmupS), 0.99);

  it('fails the default budget, not put down to a step', () => {
    const j = judge(fit, 'bytes', 0.99, 64 * 1024, null, DEFAULT_TOLERANCE.heap_live);
    expect(j.verdict, j.reason).toBe('fail');
    expect(j.reason).not.toMatch(/one step/);
    // The fill's end is found as a step, but the verdict does not rest on it: the report does not show it.
    expect(j.levelShiftUsed).toBeUndefined();
  });
});
