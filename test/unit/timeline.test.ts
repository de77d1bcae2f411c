/** Bounded site timelines: on disk while the run lasts, then the top sites by growth + the baseline's + "other". */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeSites, MAX_FITTED_SITES } from '../../src/analyze/analyze.js';
import type { ProfileSummary, SiteAgg } from '../../src/analyze/profile.js';
import { boundTimeline, SiteTimeline, TIMELINE_SITES } from '../../src/analyze/timeline.js';
import { FileRowStore } from '../../src/run/spill.js';
import { mulberry32 } from '../helpers/series.js';

const tmp = mkdtempSync(join(tmpdir(), 'gmg-timeline-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A profile summary with `values` (site index -> in-use bytes); sites are main.siteN at fake.go:N. */
function summary(values: Map<number, number>): ProfileSummary {
  const sites = new Map<string, SiteAgg>();
  let total = 0;
  for (const [i, v] of values) {
    const site = { function: `main.site${i}`, file: 'fake.go', line: i };
    const key = `${site.function}\u0000${site.file}\u0000${site.line}`;
    const objects = Math.max(1, Math.round(v / 100));
    // Heap-profile extras: sampling variance and cumulative allocations (some sites turn over, some do not).
    const extras = { samplingVariance: v * 65536, allocObjects: objects * (1 + (i % 3)) + i };
    sites.set(key, { key, site, stack: [site], value: v, objects, ...extras });
    total += v;
  }
  const sampleTypes = ['inuse_space/bytes'];
  return { sampleTypes, period: 65536, periodType: 'space/bytes', total, totalObjects: 0, sites };
}

/**
 * 600 sites over 90 points: most churn around a level, some grow at random rates, some appear late or vanish,
 * values are sampled-looking (multiples of a unit with noise), and a few grow at exactly equal rates (ties).
 */
function synthetic(seed: number, nSites = 600, nPoints = 90): ProfileSummary[] {
  const rnd = mulberry32(seed);
  const kind = Array.from({ length: nSites }, () => rnd());
  const rate = Array.from({ length: nSites }, (_, i) => (i % 97 === 5 ? 4096 : rnd() * 20000));
  return Array.from({ length: nPoints }, (_, j) => {
    const m = new Map<number, number>();
    for (let i = 0; i < nSites; i++) {
      if (kind[i] < 0.1 && j < 30) continue; // appears late
      if (kind[i] > 0.95 && j > 60) continue; // goes away
      const grow = kind[i] < 0.3 ? rate[i] * j : 0;
      const v = Math.round((50000 + grow + (rnd() - 0.5) * 30000) / 512) * 512;
      if (v > 0) m.set(i, v);
    }
    return summary(m);
  });
}

function fill(tl: SiteTimeline, profiles: ProfileSummary[]): SiteTimeline {
  for (const [j, p] of profiles.entries()) tl.add(j * 1.0001, p);
  return tl;
}

describe('boundTimeline', () => {
  it('gives analyzeSites exactly the result of the full timeline, from memory or from disk', () => {
    for (const seed of [1, 2, 3]) {
      const profiles = synthetic(seed);
      const full = fill(new SiteTimeline(), profiles);
      const store = new FileRowStore(join(tmp, `rows-${seed}.bin`));
      const spilled = fill(new SiteTimeline(store), profiles);
      const named = new Set(['main.site7', 'main.site301']);
      const keep = (fn: string) => named.has(fn);
      const expected = analyzeSites(full, 10, 0.99, keep, 65536);
      expect(expected.length).toBeGreaterThanOrEqual(MAX_FITTED_SITES); // the cut is exercised
      for (const tl of [full, spilled]) {
        const bounded = boundTimeline(tl, 10, keep);
        expect(bounded.info.size).toBeLessThanOrEqual(TIMELINE_SITES + named.size);
        expect(analyzeSites(bounded, 10, 0.99, keep, 65536)).toEqual(expected);
      }
      store.remove();
    }
  });

  it('keeps the top sites by growth and the named ones, and sums the rest into "other" at every point', () => {
    const profiles = synthetic(4);
    const full = fill(new SiteTimeline(), profiles);
    const bounded = boundTimeline(full, 10, (fn) => fn === 'main.site599', 20);
    expect(bounded.info.size).toBeLessThanOrEqual(21);
    expect([...bounded.info.values()].map((i) => i.site.function)).toContain('main.site599');
    expect(bounded.otherSites).toBe(full.info.size - bounded.info.size);
    expect(bounded.points.length).toBe(full.points.length);
    full.points.forEach((p, j) => {
      const q = bounded.points[j];
      let kept = 0;
      for (const [key, v] of p.values) if (bounded.info.has(key)) kept += v;
      expect([...q.values.values()].reduce((a, b) => a + b, 0)).toBe(kept);
      expect(q.other).toBeCloseTo(p.total - kept, 3);
      expect(q.total).toBe(p.total);
    });
    // The sites kept grew more than any site left out (each side of the cut, by first-to-last-quarter growth).
    const growth = (key: string) => {
      const pts = full.points.filter((p) => p.t >= 10);
      const q = Math.floor(pts.length / 4);
      const sum = (xs: typeof pts) => xs.reduce((a, p) => a + (p.values.get(key) ?? 0), 0);
      return (sum(pts.slice(-q)) - sum(pts.slice(0, q))) / q;
    };
    const keptGrowth = [...bounded.info.keys()].filter((k) => !k.startsWith('main.site599')).map(growth);
    const leftGrowth = [...full.info.keys()].filter((k) => !bounded.info.has(k)).map(growth);
    expect(Math.min(...keptGrowth)).toBeGreaterThanOrEqual(Math.max(...leftGrowth));
  });

  it('holds O(K x points) in memory: a spilled timeline keeps no values until bounded', () => {
    const store = new FileRowStore(join(tmp, 'rows-big.bin'));
    const tl = fill(new SiteTimeline(store), synthetic(5, 3000, 40));
    expect(() => tl.points).toThrow(/must be bounded/);
    expect(statSync(store.path).size).toBeGreaterThan(40 * 2000 * 16); // the values went to disk
    const bounded = boundTimeline(tl, 5);
    expect(bounded.info.size).toBeLessThanOrEqual(TIMELINE_SITES);
    expect(bounded.otherSites).toBeGreaterThan(2500);
    store.remove();
  });

  it('a run too short to rank keeps only the named sites, everything else in "other"', () => {
    const tl = fill(new SiteTimeline(), synthetic(6, 50, 2));
    const bounded = boundTimeline(tl, 0, (fn) => fn === 'main.site3');
    expect([...bounded.info.values()].map((i) => i.site.function)).toEqual(['main.site3']);
  });
});

describe('FileRowStore', () => {
  it('reads back exactly what was written, any number of times', () => {
    const store = new FileRowStore(join(tmp, 'exact.bin'));
    const values = [[0.1, 1 / 3, 7, 2 ** 53 + 2], [], [-0.5, 1e-300, 3, Number.MAX_VALUE]];
    const rows = values.map((r) => new Float64Array(r));
    for (const r of rows) store.push(r);
    for (let k = 0; k < 2; k++) expect([...store.rows()].map((r) => [...r])).toEqual(rows.map((r) => [...r]));
    store.remove();
    expect(() => store.push(new Float64Array([1]))).toThrow(/removed/);
  });
});
