/**
 * Leak-kind diagnoses: which kind of growth this is, from signals the gate already has (metric slopes, heap
 * and goroutine sites, MemStats) or fetches cheaply at the end of the run (goroutine dump, goroutine leak
 * profile, smaps_rollup). A kind is only claimed when its evidence is there, and the evidence is always
 * spelled out in the line with its numbers. Pure.
 */
import type { MetricName } from '../config.js';
import { formatBytes, formatCount, formatRate } from '../units.js';
import type { SeriesAnalysis } from './analyze.js';
import type { GoroutineGroup } from './goroutinedump.js';
import type { AllocVia, Frame } from './profile.js';
import type { MemorySplit } from './smaps.js';

export type DiagnosisKind = 'unpruned-map' | 'retained-slice' | 'blocked-goroutines' | 'off-heap' | 'fragmentation';

export interface Diagnosis {
  kind: DiagnosisKind;
  metric: MetricName;
  evidence: string;
  hint: string;
}

export interface DiagnoseMetric {
  name: MetricName;
  verdict: string;
  fit: SeriesAnalysis;
}

export interface DiagnoseSite {
  function: string;
  file: string;
  line: number;
  slopePerMinute: number;
  ciLow: number;
  via?: AllocVia[];
  bytesPerObject?: number;
  owner?: Frame | null;
  /** The site's source line, when the file could be read (the gate usually runs beside the source). */
  source?: string | null;
  /** In-use bytes at the site in the last profile. */
  inuseBytes?: number;
}

/**
 * A map assignment whose right-hand side cannot allocate (`m[k] = v`, `m[k]++`): when the heap profile puts
 * an allocation on such a line, it is the map's own growth. (Go 1.26 hides the runtime's map frames from heap
 * profiles; older Go shows internal/runtime/maps frames, recorded as `via`.)
 * @example isMapAssignLine('\tremembered[n] = v') // true
 */
export function isMapAssignLine(line: string): boolean {
  const code = line.replace(/\/\/.*$/, '').trim();
  return /^[\w.()*]+\[[^\]]+\]\s*(=\s*[\w.]+|\+\+|\+=\s*[\w.]+)$/.test(code);
}

const isMapSite = (s: DiagnoseSite) => !!s.via?.includes('map') || (s.source != null && isMapAssignLine(s.source));

export interface DiagnoseInput {
  metrics: DiagnoseMetric[];
  /** Slope of HeapInuse - HeapAlloc (bytes in in-use spans not holding live objects), when sampled. */
  fragmentation: SeriesAnalysis | null;
  /** Slope of the runtime's own total, Sys - HeapReleased (or Sys), with its label, when sampled. */
  runtimeTotal: { fit: SeriesAnalysis; label: string } | null;
  heapSites: DiagnoseSite[];
  /**
   * Other heap sites under the growing sites' owners that were sampled but not fitted (a map's tables grow in
   * a few large steps, so their site may show no fitted slope), with their in-use bytes at the end.
   */
  heapSitesSeen?: (DiagnoseSite & { inuseBytes: number })[];
  goroutineSites: DiagnoseSite[];
  /** Goroutine dump (debug=2) at the end of the run. */
  goroutineDump: GoroutineGroup[] | null;
  /** The goroutine leak profile at the end of the run (Go 1.26 GOEXPERIMENT=goroutineleakprofile, Go 1.27+). */
  goroutineLeak: { total: number; sites: { function: string; file: string; line: number; count: number }[] } | null;
  /** smaps_rollup of the service's processes at the first and the last sample, and the seconds between. */
  smaps: { first: MemorySplit; last: MemorySplit; spanS: number } | null;
  /** One-sided significance for "grows" (e.g. 0.005 at 99% two-sided). */
  alpha: number;
}

/** An allocation of at least this many bytes per object counts as large (a buffer, not a map entry). */
export const LARGE_OBJECT = 4096;
/** Sites looked at for the allocation path: the fastest growing ones. */
const TOP_SITES = 8;

const where = (s: { function: string; file: string; line: number }) => `${s.function} (${baseName(s.file)}:${s.line})`;
const baseName = (file: string) => file.slice(file.lastIndexOf('/') + 1);
/**
 * Grows: a significant upward trend, or, when the interval could not be computed (too few effective samples:
 * a clean staircase is strongly autocorrelated), a rise from first to last of more than 8 times the noise.
 */
// Growth the evidence can stand on: a significant trend, or (when the interval cannot say: unbounded, or too few
// effective samples, as a rise in a few steps leaves) a rise of more than 8 noise s.d.s from first to last point.
const grows = (fit: SeriesAnalysis | undefined, alpha: number) =>
  !!fit &&
  ((Number.isFinite(fit.ciLow) && fit.ciLow > 0 && fit.trendP < alpha) ||
    ((!Number.isFinite(fit.ciLow) || fit.inconclusive !== null) &&
      fit.slopePerMinute > 0 &&
      (fit.last ?? 0) - (fit.first ?? 0) > 8 * fit.noise));
const ownerNote = (s: DiagnoseSite) =>
  s.owner && s.owner.function !== s.function ? `, called from ${where(s.owner)}` : '';

function growingSites(sites: readonly DiagnoseSite[]): DiagnoseSite[] {
  return sites
    .filter((s) => s.slopePerMinute > 0)
    .sort((a, b) => b.slopePerMinute - a.slopePerMinute)
    .slice(0, TOP_SITES);
}

/** A map site with at least this share of the live heap's slope carries the growth on its own. */
export const MAP_SHARE = 0.25;

/**
 * Where most of the growth is: the function that owns the most growth among the growing sites (a site counts
 * under its owner, the first frame of the service's own code, or under its own function when it has none).
 * A map site there (in that function, or called from it) is the leak's map. Null when nothing grows.
 */
function growthCarrier(top: readonly DiagnoseSite[]): string | null {
  const byOwner = new Map<string, number>();
  for (const s of top) {
    const key = s.owner?.function ?? s.function;
    byOwner.set(key, (byOwner.get(key) ?? 0) + s.slopePerMinute);
  }
  let best: string | null = null;
  for (const [key, slope] of byOwner) if (best === null || slope > byOwner.get(best)!) best = key;
  return best;
}

const MAP_HINT =
  'entries are added to a map and never deleted: delete them when done, ' +
  'or bound the map (size cap, LRU or TTL eviction)';
const SLICE_HINT =
  'a few long-lived references keep large arrays alive (a small sub-slice keeps its whole backing array): ' +
  'copy what you keep (bytes.Clone(b[:n])) or stop appending to a slice that lives forever. ' +
  'The profile names where the memory was allocated, not what holds it';
const signed = (x: number, unit: string) => `${x >= 0 ? '+' : ''}${formatRate(x, unit)}`;
const quoted = (s: DiagnoseSite, dflt = '') => (s.source ? ` \`${s.source.trim()}\`` : dflt);

function heapKinds(input: DiagnoseInput, heap: DiagnoseMetric, objects: DiagnoseMetric | undefined): Diagnosis[] {
  const out: Diagnosis[] = [];
  const bytes = heap.fit.slopePerMinute;
  const objSlope = objects?.fit.slopePerMinute ?? null;
  const objectsGrow = grows(objects?.fit, input.alpha);
  const top = growingSites(input.heapSites);
  const perObject = objSlope !== null && objSlope > 0 ? bytes / objSlope : Infinity;
  const objText = objSlope === null ? 'objects not sampled' : `objects ${signed(objSlope, 'objects')}`;
  const together =
    `live heap +${formatRate(bytes, 'bytes')} and ${objText} grow together ` +
    `(about ${formatBytes(perObject)} per new object)`;

  // The map must be where the growth is: a map site among many growing ones is not the leak (slowleak's
  // allocation carries the growth while a library's map grows a little beside it).
  const carrier = growthCarrier(top);
  const carries = (s: DiagnoseSite) =>
    (bytes > 0 && s.slopePerMinute >= MAP_SHARE * bytes) ||
    (carrier !== null && (s.function === carrier || s.owner?.function === carrier));
  const mapSite = top.find((s) => isMapSite(s) && carries(s));
  const mapSeen = mapSite
    ? null
    : input.heapSitesSeen?.find((s) => isMapSite(s) && s.inuseBytes > 0 && carrier !== null && carries(s));
  if (objectsGrow && perObject < LARGE_OBJECT && mapSite) {
    const at = `${where(mapSite)}${quoted(mapSite, ' (map frames)')}${ownerNote(mapSite)}`;
    const held = mapSite.inuseBytes ? `, ${formatBytes(mapSite.inuseBytes)} in use at the end` : '';
    const evidence = `${together}; map growth at ${at}, +${formatRate(mapSite.slopePerMinute, 'bytes')}${held}`;
    out.push({ kind: 'unpruned-map', metric: 'heap_live', evidence, hint: MAP_HINT });
  } else if (objectsGrow && perObject < LARGE_OBJECT && mapSeen) {
    const at = `${where(mapSeen)}${quoted(mapSeen)}${ownerNote(mapSeen)}`;
    const evidence =
      `${together}; a map assignment under the same caller, ${at}, ` +
      `holds ${formatBytes(mapSeen.inuseBytes)} of map tables at the end`;
    out.push({ kind: 'unpruned-map', metric: 'heap_live', evidence, hint: MAP_HINT });
  }
  const large = top.find((s) => (s.bytesPerObject ?? 0) >= LARGE_OBJECT || s.via?.includes('growslice'));
  const objectsFlat = objSlope !== null && (!objectsGrow || perObject >= LARGE_OBJECT);
  if (objectsFlat && large && !out.length) {
    const size =
      large.bytesPerObject !== undefined ? `${formatBytes(large.bytesPerObject)} per object` : 'growing slice';
    const append = large.via?.includes('growslice') ? 'append growth, ' : '';
    const per = Number.isFinite(perObject) ? ` (about ${formatBytes(perObject)} per new object)` : '';
    const evidence =
      `live heap +${formatRate(bytes, 'bytes')} while ${objText}${per}; largest grower ${where(large)}` +
      `${ownerNote(large)}: ${append}${size}, +${formatRate(large.slopePerMinute, 'bytes')}`;
    out.push({ kind: 'retained-slice', metric: 'heap_live', evidence, hint: SLICE_HINT });
  }
  return out;
}

function goroutineKind(input: DiagnoseInput, g: DiagnoseMetric): Diagnosis | null {
  const from = `${formatCount(g.fit.first ?? 0)} to ${formatCount(g.fit.last ?? 0)}`;
  const parts = [`goroutines +${formatRate(g.fit.slopePerMinute, 'goroutines')} (${from})`];
  const top = growingSites(input.goroutineSites)[0];
  if (top) parts.push(`parked in ${where(top)}${ownerNote(top)}`);
  const dump = input.goroutineDump;
  const group = top && dump ? dump.find((d) => d.stack.some((f) => f.function === top.function)) : dump?.[0];
  if (group) {
    const blocked = group.maxMinutes > 0 ? `up to ${group.maxMinutes} min` : 'under a minute so far';
    const creator = group.createdBy ? `, created by ${where(group.createdBy)}` : '';
    parts.push(`${group.count} waiting on "${group.waitReason}" (blocked ${blocked})${creator}`);
  }
  const leak = input.goroutineLeak;
  if (leak && leak.total > 0) {
    const most = leak.sites[0] ? `, most at ${where(leak.sites[0])}` : '';
    parts.push(`the GC proves ${leak.total} unreachable (goroutineleak profile)${most}`);
  }
  if (!top && !group) return null;
  const reason = group?.waitReason.replace(/ \(leaked\)$/, '') ?? 'something';
  return {
    kind: 'blocked-goroutines',
    metric: 'goroutines',
    evidence: parts.join('; '),
    hint:
      `each waits on ${reason} that nothing will ever complete: give it a way out ` +
      '(close the channel, select on ctx.Done(), or a buffered channel for a reply nobody may read)',
  };
}

function offHeapKind(input: DiagnoseInput, rss: DiagnoseMetric): Diagnosis | null {
  const rt = input.runtimeTotal;
  if (!rt) return null;
  const outside = rss.fit.slopePerMinute - Math.max(0, rt.fit.slopePerMinute);
  if (!(outside > 0.5 * rss.fit.slopePerMinute)) return null;
  const parts = [
    `RSS +${formatRate(rss.fit.slopePerMinute, 'bytes')} while the Go runtime's own total (${rt.label}) ` +
      `${signed(rt.fit.slopePerMinute, 'bytes')}: about ${formatRate(outside, 'bytes')} is outside the Go heap`,
  ];
  let hint =
    'look for memory the Go runtime does not manage: syscall.Mmap without Munmap, ' +
    'cgo allocations without C.free, or files kept mapped';
  const sm = input.smaps;
  if (sm && sm.spanS > 0) {
    const anon = ((sm.last.anonymous - sm.first.anonymous) / sm.spanS) * 60;
    const file = ((sm.last.fileBacked - sm.first.fileBacked) / sm.spanS) * 60;
    parts.push(`smaps_rollup: anonymous ${signed(anon, 'bytes')}, file-backed ${signed(file, 'bytes')}`);
    hint =
      anon >= file
        ? 'anonymous memory outside the Go heap grows: look for syscall.Mmap(MAP_ANON) regions never unmapped, ' +
          'or cgo (C.malloc) never freed'
        : 'file-backed memory grows: look for files mapped (mmap) and never unmapped, ' +
          'or page cache of mapped files kept resident';
  }
  return { kind: 'off-heap', metric: 'rss', evidence: parts.join('; '), hint };
}

function fragmentationKind(
  input: DiagnoseInput,
  heap: DiagnoseMetric | undefined,
  rss: DiagnoseMetric | undefined,
): Diagnosis | null {
  const frag = input.fragmentation;
  if (!frag || !grows(frag, input.alpha) || !heap) return null;
  const live = heap.fit.slopePerMinute;
  const flat = heap.verdict !== 'fail' && frag.slopePerMinute > 4 * Math.abs(live);
  if (!flat || frag.slopePerMinute < 256 * 1024) return null;
  const range = `${formatBytes(frag.first ?? 0)} to ${formatBytes(frag.last ?? 0)}`;
  return {
    kind: 'fragmentation',
    // It explains RSS growth when RSS failed (or could not be judged); otherwise it is about the heap.
    metric: rss?.verdict === 'fail' || rss?.verdict === 'inconclusive' ? 'rss' : 'heap_live',
    evidence:
      `HeapInuse − HeapAlloc +${formatRate(frag.slopePerMinute, 'bytes')} (${range}) ` +
      `while the live heap ${signed(live, 'bytes')}`,
    hint:
      "not a leak of the program's data: heap spans are held by a few scattered live objects. " +
      'Keep long-lived objects apart from short-lived ones of the same size (allocate them together, ' +
      'reuse buffers), and check in a longer run that it levels off',
  };
}

/** All kinds whose evidence is there, in the order heap, goroutines, off-heap, fragmentation. */
export function diagnose(input: DiagnoseInput): Diagnosis[] {
  const m = (name: MetricName) => input.metrics.find((x) => x.name === name);
  const heap = m('heap_live');
  const out: Diagnosis[] = [];
  if (heap?.verdict === 'fail') out.push(...heapKinds(input, heap, m('heap_objects')));
  const g = m('goroutines');
  if (g?.verdict === 'fail') {
    const d = goroutineKind(input, g);
    if (d) out.push(d);
  }
  const rss = m('rss');
  // RSS that failed, or could not be judged (few effective samples) yet clearly rose.
  if (rss && (rss.verdict === 'fail' || (rss.verdict === 'inconclusive' && grows(rss.fit, input.alpha)))) {
    const d = offHeapKind(input, rss);
    if (d) out.push(d);
  }
  const f = fragmentationKind(input, heap, rss);
  if (f) out.push(f);
  return out;
}
