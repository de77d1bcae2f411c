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
}

export interface TimelinePoint {
  /** Seconds since sampling began. */
  t: number;
  values: Map<string, number>;
  total: number;
}

export class SiteTimeline {
  readonly info = new Map<string, SiteInfo>();
  readonly points: TimelinePoint[] = [];

  /** Add one profile's sites (or, with `aggs`, another map of the same summary, e.g. its owners). */
  add(t: number, summary: ProfileSummary, aggs: Map<string, SiteAgg> = summary.sites): void {
    const values = new Map<string, number>();
    for (const [key, agg] of aggs) {
      values.set(key, agg.value);
      let info = this.info.get(key);
      if (!info) this.info.set(key, (info = { site: agg.site, stack: agg.stack }));
      if (agg.objects > 0) info.bytesPerObject = Math.max(info.bytesPerObject ?? 0, agg.value / agg.objects);
      if (agg.owner !== undefined) info.owner = agg.owner;
      for (const v of agg.via ?? []) if (!info.via?.includes(v)) (info.via ??= []).push(v);
      for (const m of agg.members ?? []) if (!info.members?.includes(m)) (info.members ??= []).push(m);
    }
    this.points.push({ t, values, total: summary.total });
  }

  toJSON(): { sites: Array<SiteInfo & { key: string }>; points: Array<{ t: number; total: number; values: Record<string, number> }> } {
    return {
      sites: [...this.info].map(([key, v]) => ({ key, ...v })),
      points: this.points.map((p) => ({ t: p.t, total: p.total, values: Object.fromEntries(p.values) })),
    };
  }
}
