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
import type { AllocVia, Frame, ProfileSummary, SiteAgg } from './profile.js';

/** `into` (created when absent) with the items of `more` it does not hold yet appended, in order. */
function union<T>(into: T[] | undefined, more: readonly T[]): T[] {
  const out = into ?? [];
  for (const x of more) if (!out.includes(x)) out.push(x);
  return out;
}

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
  /** Sum over the sites left out of a bounded timeline (see boundTimeline); absent when none were. */
  other?: number;
  /** In-use objects per site (heap profiles). */
  objects?: Map<string, number>;
  /** Cumulative allocated objects per site (heap profiles with alloc_objects). */
  allocs?: Map<string, number>;
}

export interface TimelineJSON {
  sites: Array<SiteInfo & { key: string }>;
  /** Sites folded into each point's `other` (bounded timelines). */
  otherSites?: number;
  points: Array<{
    t: number;
    total: number;
    other?: number;
    values: Record<string, number>;
    objects?: Record<string, number>;
    allocs?: Record<string, number>;
  }>;
}

/**
 * One point as stored: [t, total, flags, id0, value0, objects0, allocs0, id1, ...]; ids index the timeline's
 * site keys; flags: ROW_OBJECTS when the point has in-use object counts, ROW_ALLOCS when it has allocation
 * counts; a site's objects or allocs is NaN when the point has none for it.
 */
export type Row = Float64Array;
const ROW_HEAD = 3;
const ROW_STRIDE = 4;
const ROW_OBJECTS = 1;
const ROW_ALLOCS = 2;

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
  /** Running sums behind SiteInfo.samplingWeight: [sum of sampling variance, sum of bytes]. */
  private readonly weightSums = new Map<string, [number, number]>();

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

  /** Add one profile's sites (or, with `aggs`, another map of the same summary, e.g. its owners). */
  add(t: number, summary: ProfileSummary, aggs: Map<string, SiteAgg> = summary.sites): void {
    const row = new Float64Array(ROW_HEAD + ROW_STRIDE * aggs.size);
    let flags = 0;
    let j = ROW_HEAD;
    for (const [key, agg] of aggs) {
      const info = this.info.get(key) ?? this.addSite(key, { site: agg.site, stack: agg.stack });
      if (agg.objects > 0) info.bytesPerObject = Math.max(info.bytesPerObject ?? 0, agg.value / agg.objects);
      if (agg.owner !== undefined) info.owner = agg.owner;
      if (agg.via) info.via = union(info.via, agg.via);
      if (agg.members) info.members = union(info.members, agg.members);
      if (agg.samplingVariance !== undefined) {
        flags |= ROW_OBJECTS;
        if (agg.value > 0) {
          const sums = this.weightSums.get(key) ?? [0, 0];
          sums[0] += agg.samplingVariance;
          sums[1] += agg.value;
          this.weightSums.set(key, sums);
          info.samplingWeight = sums[0] / sums[1];
        }
      }
      if (agg.allocObjects !== undefined) flags |= ROW_ALLOCS;
      row[j++] = this.ids.get(key)!;
      row[j++] = agg.value;
      row[j++] = agg.samplingVariance !== undefined ? agg.objects : NaN;
      row[j++] = agg.allocObjects ?? NaN;
    }
    row[0] = t;
    row[1] = summary.total;
    row[2] = flags;
    if (this.store) {
      this.store.push(row);
      this.meta.push({ t, total: summary.total });
    } else this.memory.push(pointOf(row, this.keys, () => true));
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

  /** Every point as a row (see Row), from the store or made from memory. */
  *rows(): Generator<Row> {
    if (this.store) {
      yield* this.store.rows();
      return;
    }
    for (const p of this.memory) {
      const row = new Float64Array(ROW_HEAD + ROW_STRIDE * p.values.size);
      row[0] = p.t;
      row[1] = p.total;
      row[2] = (p.objects ? ROW_OBJECTS : 0) | (p.allocs ? ROW_ALLOCS : 0);
      let j = ROW_HEAD;
      for (const [key, v] of p.values) {
        row[j++] = this.ids.get(key)!;
        row[j++] = v;
        row[j++] = p.objects?.get(key) ?? NaN;
        row[j++] = p.allocs?.get(key) ?? NaN;
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
        ...(p.objects ? { objects: Object.fromEntries(p.objects) } : {}),
        ...(p.allocs ? { allocs: Object.fromEntries(p.allocs) } : {}),
      })),
    };
  }

  /** Rebuild a timeline from its toJSON() form (samples.json), e.g. to re-judge a recorded run. */
  static fromJSON(json: TimelineJSON): SiteTimeline {
    const tl = new SiteTimeline();
    for (const { key, ...info } of json.sites) tl.addSite(key, info);
    tl.otherSites = json.otherSites ?? 0;
    for (const p of json.points) {
      const point: TimelinePoint = { t: p.t, total: p.total, values: new Map(Object.entries(p.values)) };
      if (p.other !== undefined) point.other = p.other;
      if (p.objects) point.objects = new Map(Object.entries(p.objects));
      if (p.allocs) point.allocs = new Map(Object.entries(p.allocs));
      tl.memory.push(point);
    }
    return tl;
  }
}

/** A row as a point, with the sites `keep` accepts (by id); the others summed into `other` when `withOther`. */
function pointOf(row: Row, keys: readonly string[], keep: (id: number) => boolean, withOther = false): TimelinePoint {
  const values = new Map<string, number>();
  const objects = row[2] & ROW_OBJECTS ? new Map<string, number>() : undefined;
  const allocs = row[2] & ROW_ALLOCS ? new Map<string, number>() : undefined;
  let other = 0;
  for (let i = ROW_HEAD; i < row.length; i += ROW_STRIDE) {
    const id = row[i];
    if (!keep(id)) {
      other += row[i + 1];
      continue;
    }
    const key = keys[id];
    values.set(key, row[i + 1]);
    if (objects && !Number.isNaN(row[i + 2])) objects.set(key, row[i + 2]);
    if (allocs && !Number.isNaN(row[i + 3])) allocs.set(key, row[i + 3]);
  }
  const point: TimelinePoint = { t: row[0], values, total: row[1] };
  if (withOther) point.other = other;
  if (objects) point.objects = objects;
  if (allocs) point.allocs = allocs;
  return point;
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
      if (into) for (let i = ROW_HEAD; i < row.length; i += ROW_STRIDE) into[row[i]] += row[i + 1];
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
  for (const row of tl.rows()) out.points.push(pointOf(row, keys, (id) => chosen[id] === 1, out.otherSites > 0));
  return out;
}
