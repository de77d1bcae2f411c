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

/** A timeline as samples.json holds it. */
export interface TimelineJSON {
  sites: Array<SiteInfo & { key: string }>;
  /** Sites folded into each point's `other` (bounded timelines). */
  otherSites: number;
  points: Array<{ t: number; total: number; other?: number; values: Record<string, number> }>;
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
    if (this.store) throw new Error('internal: a spilled site timeline must be bounded (boundTimeline) to be read');
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
      const info = this.info.get(key) ?? this.addSite(key, { site: agg.site, stack: agg.stack });
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

  /** Describe a new site (its values come with add()); returns its info. */
  addSite(key: string, info: SiteInfo): SiteInfo {
    this.info.set(key, info);
    this.ids.set(key, this.keys.length);
    this.keys.push(key);
    return info;
  }

  /** Site keys by id (ids are given in first-seen order, the order of `info`). */
  get siteKeys(): readonly string[] {
    return this.keys;
  }

  /** Every point as a row [t, total, id, value, ...], from the store or made from memory. */
  *rows(): Generator<Row> {
    if (this.store) {
      yield* this.store.rows();
      return;
    }
    for (const p of this.memory) {
      const row = new Float64Array(2 + 2 * p.values.size);
      row[0] = p.t;
      row[1] = p.total;
      let j = 2;
      for (const [key, v] of p.values) {
        row[j++] = this.ids.get(key)!;
        row[j++] = v;
      }
      yield row;
    }
  }

  toJSON(): TimelineJSON {
    return {
      sites: [...this.info].map(([key, v]) => ({ key, ...v })),
      otherSites: this.otherSites,
      points: this.points.map((p) => ({
        t: p.t,
        total: p.total,
        ...(p.other === undefined ? {} : { other: p.other }),
        values: Object.fromEntries(p.values),
      })),
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
export function boundTimeline(
  tl: SiteTimeline,
  warmupS: number,
  keep: (fn: string) => boolean = () => false,
  k = TIMELINE_SITES,
): SiteTimeline {
  const keys = tl.siteKeys;
  const times = tl.times;
  const n = times.filter((t) => t >= warmupS - 1e-9).length;
  const q = Math.max(1, Math.floor(n / 4));
  // The same arithmetic as analyzeSites: per site, sums in point order starting at 0, a missing value adding 0.
  const first = new Float64Array(keys.length);
  const last = new Float64Array(keys.length);
  if (n >= 3) {
    let j = 0;
    for (const row of tl.rows()) {
      if (row[0] < warmupS - 1e-9) continue;
      const into = j < q ? first : j >= n - q ? last : null;
      if (into) for (let i = 2; i < row.length; i += 2) into[row[i]] += row[i + 1];
      j++;
    }
  }
  const growth: Array<[number, number]> = [];
  for (let id = 0; id < keys.length; id++) {
    const g = (last[id] - first[id]) / q;
    if (g > 0) growth.push([id, g]);
  }
  const chosen = new Uint8Array(keys.length);
  for (const [id] of growth.sort((x, y) => y[1] - x[1]).slice(0, k)) chosen[id] = 1;
  keys.forEach((key, id) => {
    if (keep(tl.info.get(key)!.site.function)) chosen[id] = 1;
  });

  const out = new SiteTimeline();
  keys.forEach((key, id) => {
    if (chosen[id]) out.addSite(key, tl.info.get(key)!); // first-seen order kept
  });
  out.otherSites = keys.length - out.info.size;
  for (const row of tl.rows()) {
    const values = new Map<string, number>();
    let other = 0;
    for (let i = 2; i < row.length; i += 2) {
      if (chosen[row[i]]) values.set(keys[row[i]], row[i + 1]);
      else other += row[i + 1];
    }
    out.points.push({ t: row[0], total: row[1], values, ...(out.otherSites > 0 ? { other } : {}) });
  }
  return out;
}
