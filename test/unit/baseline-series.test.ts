import { describe, expect, it } from 'vitest';
import { downsampleSeries, parseBaseline } from '../../src/baseline.js';

const base = {
  schemaVersion: 1,
  kind: 'go-mem-gate-baseline',
  createdAt: '2026-01-01T00:00:00Z',
  tool: 'go-mem-gate 0.1.0',
  run: { durationS: 60, intervalS: 1, warmupS: 10, profileRate: 65536, samples: 61, confidence: 0.99 },
  metrics: { heap_live: { slopePerMinute: 1, sePerMinute: 1, ciLow: 0, ciHigh: 2, n: 50 } },
  sites: [],
  goroutineSites: [],
};

describe('baseline series', () => {
  it('reads a baseline without a series (written before it existed) as series null', () => {
    expect(parseBaseline(base, 'b.json').series).toBeNull();
  });
  it('keeps a valid series, nulls included', () => {
    const series = { t: [0, 1, 2], heapLive: [100, null, 300] };
    expect(parseBaseline({ ...base, series }, 'b.json').series).toEqual(series);
  });
  it.each([
    ['unequal lengths', { t: [0, 1], heapLive: [1] }],
    ['times out of order', { t: [0, 2, 1], heapLive: [1, 2, 3] }],
    ['a string value', { t: [0, 1], heapLive: [1, '2'] }],
    ['a negative value', { t: [0, 1], heapLive: [1, -2] }],
    ['not an object', 'x'],
    ['a missing array', { t: [0, 1] }],
  ])('refuses a series with %s, naming the file and what to do', (_, series) => {
    expect(() => parseBaseline({ ...base, series }, 'b.json')).toThrow(
      /^baseline b\.json: has a malformed series .*--save-baseline/,
    );
  });
  it('downsamples evenly to the cap, keeping first and last, values rounded to bytes', () => {
    const t = Array.from({ length: 1000 }, (_, i) => i * 0.5);
    const heapLive = t.map((x) => 1e6 + x * 1000.4);
    const d = downsampleSeries({ t, heapLive }, 120);
    expect(d.t.length).toBe(120);
    expect(d.t[0]).toBe(0);
    expect(d.t[119]).toBe(499.5);
    expect(d.heapLive.every((v) => Number.isInteger(v))).toBe(true);
    for (let i = 1; i < d.t.length; i++) expect(d.t[i] - d.t[i - 1]).toBeGreaterThan(3.5);
    expect(downsampleSeries({ t: [0, 1, 2], heapLive: [1.4, null, NaN] })).toEqual({
      t: [0, 1, 2],
      heapLive: [1, null, null],
    });
  });
  it('a saved series round-trips through the reader', () => {
    const series = downsampleSeries({ t: [0, 1, 2, 3], heapLive: [5, 6, 7, 8] }, 2);
    expect(parseBaseline(JSON.parse(JSON.stringify({ ...base, series })), 'b.json').series).toEqual({
      t: [0, 3],
      heapLive: [5, 8],
    });
  });
});
