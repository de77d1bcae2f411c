/**
 * Per-site values over time, aggregated as profiles arrive so that a long run never holds more than one
 * decoded profile at once: each profile is reduced to {site -> value} and dropped.
 *
 * A run against a service with thousands of sites must not hold every site for every sample either. Given a
 * RowStore (run/spill.ts keeps one on disk), a timeline keeps only each site's description in memory and
 * streams the per-sample values to the store; boundTimeline() then reads them back into a timeline of the top
 * TIMELINE_SITES sites by growth, the sites a baseline names, and an "other" remainder per point:
 * O(K x samples) in memory instead of O(sites x samples). Pure: the store is the only I/O, behind an interface.
 */
import { MAX_FITTED_SITES } from './analyze.js';
import type { Frame, ProfileSummary } from './profile.js';

export interface SiteInfo {
  site: Frame;
  stack: Frame[];
  /** Largest in-use bytes per object seen at this site (heap profiles). */
  bytesPerObject?: number;
}

export interface TimelinePoint {
  /** Seconds since sampling began. */
  t: number;
  values: Map<string, number>;
  total: number;
  /** Sum over the sites left out of a bounded timeline (see boundTimeline); absent when none were. */
  other?: number;
}

/** One point as stored: [t, total, id0, value0, id1, value1, ...], ids index the timeline's site keys. */
export type Row = Float64Array;

/** Where a spilling timeline keeps its rows until they are bounded. */
export interface RowStore {
  push(row: Row): void;
  /** Every row pushed, in order (may be read more than once). */
  rows(): Iterable<Row>;
}

/**
 * How many sites a bounded timeline keeps (besides those a baseline names). Twice the number analyzeSites
 * fits, and ranked by the same growth, so the analysis of a bounded timeline equals that of the full one.
 */
export const TIMELINE_SITES = 2 * MAX_FITTED_SITES;

export class SiteTimeline {
  readonly info = new Map<string, SiteInfo>();
  /** Sites folded into each point's `other` by boundTimeline. */
  otherSites = 0;
  private readonly memory: TimelinePoint[] = [];
  private readonly ids = new Map<string, number>();
  private readonly keys: string[] = [];
  private readonly meta: Array<{ t: number; total: number }> = [];

  /** Without a store, every point is kept in memory; with one, points go to the store (bound them to read). */
  constructor(private readonly store: RowStore | null = null) {}

  get spilled(): boolean {
    return this.store !== null;
  }

  /** The points, in order. Only for in-memory timelines: a spilled one is read through boundTimeline(). */
  get points(): TimelinePoint[] {
    if (this.store) throw new Error('internal: a spilled site timeline must be bounded (boundTimeline) before it is read');
    return this.memory;
  }

  /** Number of points added so far, and their times. */
  get times(): number[] {
    return this.store ? this.meta.map((m) => m.t) : this.memory.map((p) => p.t);
  }

  add(t: number, summary: ProfileSummary): void {
    const values = this.store ? null : new Map<string, number>();
    const row = this.store ? new Float64Array(2 + 2 * summary.sites.size) : null;
    let j = 2;
    for (const [key, agg] of summary.sites) {
      let info = this.info.get(key);
      if (!info) {
        this.info.set(key, (info = { site: agg.site, stack: agg.stack }));
        this.ids.set(key, this.keys.length);
        this.keys.push(key);
      }
      if (agg.objects > 0) info.bytesPerObject = Math.max(info.bytesPerObject ?? 0, agg.value / agg.objects);
      if (values) values.set(key, agg.value);
      else {
        row![j++] = this.ids.get(key)!;
        row![j++] = agg.value;
      }
    }
    if (row) {
      row[0] = t;
      row[1] = summary.total;
      this.store!.push(row);
      this.meta.push({ t, total: summary.total });
    } else this.memory.push({ t, values: values!, total: summary.total });
  }

  /** Every point as (t, total, [key, value] pairs), from memory or from the store. */
  *entries(): Generator<{ t: number; total: number; pairs: Iterable<[string, number]> }> {
    if (!this.store) {
      for (const p of this.memory) yield { t: p.t, total: p.total, pairs: p.values };
      return;
    }
    const keys = this.keys;
    for (const row of this.store.rows()) {
      const pairs: Array<[string, number]> = [];
      for (let j = 2; j < row.length; j += 2) pairs.push([keys[row[j]], row[j + 1]]);
      yield { t: row[0], total: row[1], pairs };
    }
  }

  toJSON(): { sites: Array<SiteInfo & { key: string }>; otherSites: number; points: Array<{ t: number; total: number; other?: number; values: Record<string, number> }> } {
    return {
      sites: [...this.info].map(([key, v]) => ({ key, ...v })),
      otherSites: this.otherSites,
      points: this.points.map((p) => ({ t: p.t, total: p.total, ...(p.other === undefined ? {} : { other: p.other }), values: Object.fromEntries(p.values) })),
    };
  }
}

/**
 * A timeline of at most `k` sites (plus every site whose function `keep` names, e.g. the baseline's), the rest
 * summed into each point's `other`. Sites are ranked exactly as analyzeSites ranks them (growth between the
 * means of the first and last quarter of the points after the warm-up, sites in first-seen order on ties), so
 * with k >= MAX_FITTED_SITES analyzeSites gives the same result on the bounded timeline as on the full one.
 * Reads the rows twice (growth, then the kept series); memory is O(sites + k x points).
 * @example boundTimeline(timeline, 10, (fn) => baselineFns.has(fn)).info.size // <= TIMELINE_SITES + named
 */
export function boundTimeline(tl: SiteTimeline, warmupS: number, keep: (fn: string) => boolean = () => false, k = TIMELINE_SITES): SiteTimeline {
  const times = tl.times;
  const n = times.filter((t) => t >= warmupS - 1e-9).length;
  const q = Math.max(1, Math.floor(n / 4));
  const first = new Map<string, number>();
  const last = new Map<string, number>();
  if (n >= 3) {
    let j = 0;
    for (const p of tl.entries()) {
      if (p.t < warmupS - 1e-9) continue;
      const into = j < q ? first : j >= n - q ? last : null;
      if (into) for (const [key, v] of p.pairs) into.set(key, (into.get(key) ?? 0) + v);
      j++;
    }
  }
  const growth: Array<[string, number]> = [];
  for (const key of tl.info.keys()) {
    // The same arithmetic as analyzeSites: sums in point order, missing values adding nothing.
    const g = ((last.get(key) ?? 0) - (first.get(key) ?? 0)) / q;
    if (g > 0) growth.push([key, g]);
  }
  const chosen = new Set(growth.sort((x, y) => y[1] - x[1]).slice(0, k).map(([key]) => key));
  for (const [key, info] of tl.info) if (keep(info.site.function)) chosen.add(key);

  const out = new SiteTimeline();
  for (const [key, info] of tl.info) if (chosen.has(key)) out.info.set(key, info); // first-seen order kept
  out.otherSites = tl.info.size - out.info.size;
  for (const p of tl.entries()) {
    const values = new Map<string, number>();
    let other = 0;
    for (const [key, v] of p.pairs) {
      if (chosen.has(key)) values.set(key, v);
      else other += v;
    }
    out.points.push({ t: p.t, total: p.total, values, ...(out.otherSites > 0 ? { other } : {}) });
  }
  return out;
}
