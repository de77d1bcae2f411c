/**
 * Per-site values over time, aggregated as profiles arrive so that a long run never holds more than one
 * decoded profile at once: each profile is reduced to {site -> value} and dropped.
 */
import type { AllocVia, Frame, ProfileSummary, SiteAgg } from './profile.js';

export interface SiteInfo {
  site: Frame;
  stack: Frame[];
  /** Largest in-use bytes per object seen at this site (heap profiles). */
  bytesPerObject?: number;
  /** The site's owner (from its heaviest stack, latest profile), see owners.ts. */
  owner?: Frame | null;
  /** How the runtime allocated here, over all profiles. */
  via?: AllocVia[];
  /** Owner timelines: the site keys rolled up to this owner, over all profiles. */
  members?: string[];
  /**
   * Per-byte sampling variance of this site's in-use bytes (heap profiles): the byte-weighted mean, over every
   * profile, of samplingWeight(object size, period). About the period for small objects, 0 for huge ones.
   */
  samplingWeight?: number;
}

export interface TimelinePoint {
  /** Seconds since sampling began. */
  t: number;
  values: Map<string, number>;
  total: number;
  /** In-use objects per site (heap profiles). */
  objects?: Map<string, number>;
  /** Cumulative allocated objects per site (heap profiles with alloc_objects). */
  allocs?: Map<string, number>;
}

export interface TimelineJSON {
  sites: Array<SiteInfo & { key: string }>;
  points: Array<{
    t: number;
    total: number;
    values: Record<string, number>;
    objects?: Record<string, number>;
    allocs?: Record<string, number>;
  }>;
}

export class SiteTimeline {
  readonly info = new Map<string, SiteInfo>();
  readonly points: TimelinePoint[] = [];
  /** Running sums behind SiteInfo.samplingWeight: [sum of sampling variance, sum of bytes]. */
  private readonly weightSums = new Map<string, [number, number]>();

  /** Add one profile's sites (or, with `aggs`, another map of the same summary, e.g. its owners). */
  add(t: number, summary: ProfileSummary, aggs: Map<string, SiteAgg> = summary.sites): void {
    const values = new Map<string, number>();
    let objects: Map<string, number> | undefined;
    let allocs: Map<string, number> | undefined;
    for (const [key, agg] of aggs) {
      values.set(key, agg.value);
      let info = this.info.get(key);
      if (!info) this.info.set(key, (info = { site: agg.site, stack: agg.stack }));
      if (agg.objects > 0) info.bytesPerObject = Math.max(info.bytesPerObject ?? 0, agg.value / agg.objects);
      if (agg.owner !== undefined) info.owner = agg.owner;
      for (const v of agg.via ?? []) if (!info.via?.includes(v)) (info.via ??= []).push(v);
      for (const m of agg.members ?? []) if (!info.members?.includes(m)) (info.members ??= []).push(m);
      if (agg.samplingVariance !== undefined) {
        (objects ??= new Map()).set(key, agg.objects);
        if (agg.value > 0) {
          const sums = this.weightSums.get(key) ?? [0, 0];
          sums[0] += agg.samplingVariance;
          sums[1] += agg.value;
          this.weightSums.set(key, sums);
          info.samplingWeight = sums[0] / sums[1];
        }
      }
      if (agg.allocObjects !== undefined) (allocs ??= new Map()).set(key, agg.allocObjects);
    }
    const point: TimelinePoint = { t, values, total: summary.total };
    if (objects) point.objects = objects;
    if (allocs) point.allocs = allocs;
    this.points.push(point);
  }

  toJSON(): TimelineJSON {
    return {
      sites: [...this.info].map(([key, v]) => ({ key, ...v })),
      points: this.points.map((p) => ({
        t: p.t,
        total: p.total,
        values: Object.fromEntries(p.values),
        ...(p.objects ? { objects: Object.fromEntries(p.objects) } : {}),
        ...(p.allocs ? { allocs: Object.fromEntries(p.allocs) } : {}),
      })),
    };
  }

  /** Rebuild a timeline from its toJSON() form (samples.json), e.g. to re-judge a recorded run. */
  static fromJSON(json: TimelineJSON): SiteTimeline {
    const tl = new SiteTimeline();
    for (const { key, ...info } of json.sites) tl.info.set(key, info);
    for (const p of json.points) {
      const point: TimelinePoint = { t: p.t, total: p.total, values: new Map(Object.entries(p.values)) };
      if (p.objects) point.objects = new Map(Object.entries(p.objects));
      if (p.allocs) point.allocs = new Map(Object.entries(p.allocs));
      tl.points.push(point);
    }
    return tl;
  }
}
