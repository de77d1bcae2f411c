/**
 * What a verdict is explained by, beyond the slopes: owners (growth rolled up to the service's own code),
 * per-site owners, leak-kind diagnoses, the onset of growth in failing metrics, and whether the profile
 * sampling could attribute the growth at all. Pure: recording and judged results in, report fields out.
 */
import { afterWarmup, analyzeSeries, analyzeSites, type SeriesAnalysis } from './analyze/analyze.js';
import { type Attribution, assessAttribution } from './analyze/attribution.js';
import { type DiagnoseSite, diagnose } from './analyze/diagnose.js';
import { findOnset } from './analyze/onset.js';
import { displayKey, ownerShare } from './analyze/owners.js';
import type { MetricResult, SiteResult } from './compare.js';
import type { MetricName, RunConfig } from './config.js';
import type { ReportDiagnosis, ReportOwner } from './report/report.js';
import type { Recording, Sample } from './run/record.js';

/** Owners listed in report.json, at most. */
export const MAX_OWNERS = 10;

export interface Explanation {
  owners: ReportOwner[];
  diagnoses: ReportDiagnosis[];
  onsets: Map<MetricName, { onsetS: number | null; slopeAfterOnsetPerMinute: number | null }>;
  attribution: Attribution | null;
  notes: string[];
}

/** A series derived from two sample fields (a - b), after the warm-up, analysed; null when too short. */
function derived(
  samples: readonly Sample[],
  warmupS: number,
  confidence: number,
  f: (s: Sample) => number | null | undefined,
): SeriesAnalysis | null {
  const t: number[] = [];
  const v: number[] = [];
  for (const s of samples) {
    const x = f(s);
    if (typeof x === 'number' && Number.isFinite(x)) {
      t.push(s.t);
      v.push(x);
    }
  }
  const cut = afterWarmup({ t, v }, warmupS);
  return cut.t.length >= 3 ? analyzeSeries(cut, confidence) : null;
}

const num = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

/** Reads one source line (I/O, given by the engine); null when the file is not there. */
export type SourceLine = (file: string, line: number) => string | null;

function diagnoseSite(s: SiteResult, sourceLine?: SourceLine): DiagnoseSite {
  return {
    source: sourceLine ? sourceLine(s.site.file, s.site.line) : null,
    function: s.site.function,
    file: s.site.file,
    line: s.site.line,
    slopePerMinute: s.site.fit.slopePerMinute,
    ciLow: s.site.fit.ciLow,
    via: s.site.via,
    bytesPerObject: s.site.bytesPerObject,
    owner: s.site.owner ?? null,
    inuseBytes: s.site.lastValue,
  };
}

export function explain(
  cfg: RunConfig,
  rec: Recording,
  metrics: MetricResult[],
  heapSites: SiteResult[],
  goroutineSites: SiteResult[],
  sourceLine?: SourceLine,
): Explanation {
  const notes: string[] = [];
  const heap = metrics.find((m) => m.name === 'heap_live');
  const period = rec.periodInForce ?? cfg.profileRate;
  const judged = rec.samples.filter((s) => s.heapLive !== null && s.t >= cfg.warmupS - 1e-9);
  const spanS = judged.length > 1 ? judged[judged.length - 1].t - judged[0].t : 0;

  // Attribution the sampling supports: judged where the heap failed (a passing heap has nothing to explain).
  const attribution = heap ? assessAttribution(heap.fit.slopePerMinute, spanS, period) : null;
  const unresolved = !!attribution && !attribution.resolvable && heap?.judgement.verdict === 'fail';
  if (unresolved && attribution.note) notes.push(attribution.note);

  // Owners: the rolled-up timelines, fitted like sites. Share: the owner's slope over the slope of the whole
  // profile's in-use total (a ratio of two estimates from the same samples, whose sampling errors largely
  // cancel), which estimates the fraction of the live heap's growth; the live heap's own slope when the
  // profile total does not grow.
  let owners: ReportOwner[] = [];
  if (rec.heapOwners && !unresolved) {
    const fitted = analyzeSites(rec.heapOwners, cfg.warmupS, cfg.confidence, () => false, period);
    const pts = rec.heapSites.points.filter((p) => p.t >= cfg.warmupS - 1e-9);
    const totalFit =
      pts.length >= 3
        ? analyzeSeries(
            { t: pts.map((p) => p.t), v: pts.map((p) => p.total) },
            { confidence: cfg.confidence, sampledUnit: period },
          )
        : null;
    const heapSlope =
      totalFit && totalFit.slopePerMinute > 0 ? totalFit.slopePerMinute : (heap?.fit.slopePerMinute ?? 0);
    const siteInfo = rec.heapSites.info;
    owners = fitted
      .filter((o) => o.fit.slopePerMinute > 0)
      .sort((a, b) => b.fit.slopePerMinute - a.fit.slopePerMinute || a.key.localeCompare(b.key))
      .slice(0, MAX_OWNERS)
      .map((o) => ({
        function: o.function,
        file: o.file,
        line: o.line,
        slopeBytesPerMinute: o.fit.slopePerMinute,
        ciLow: o.fit.ciLow,
        ciHigh: o.fit.ciHigh,
        share: ownerShare(o.fit.slopePerMinute, heapSlope),
        sites: (o.members ?? []).map((k) => {
          const info = siteInfo.get(k);
          return info ? displayKey(info.site) : k.replace(/\u0000/g, ' ');
        }),
      }));
  }

  // Onset of growth, for failing (and inconclusive) metrics.
  const onsets: Explanation['onsets'] = new Map();
  for (const m of metrics) {
    // Failing metrics, and inconclusive ones: a late start bends the series, which is one way to be inconclusive.
    if (m.judgement.verdict !== 'fail' && m.judgement.verdict !== 'inconclusive') continue;
    const field = (
      { heap_live: 'heapLive', heap_objects: 'heapObjects', goroutines: 'goroutines', rss: 'rss' } as const
    )[m.name];
    const pts = rec.samples.filter((s) => num(s[field]) && s.t >= cfg.warmupS - 1e-9);
    const o = findOnset(
      pts.map((s) => s.t),
      pts.map((s) => s[field] as number),
    );
    onsets.set(m.name, { onsetS: o ? o.onsetS : null, slopeAfterOnsetPerMinute: o ? o.slopeAfter * 60 : null });
  }

  // Leak kinds. Sites are evidence only when the sampling could resolve them.
  const end = rec.endState ?? null;
  const bothReleased = rec.samples.some((s) => num(s.sys) && num(s.heapReleased));
  const runtimeFit = bothReleased
    ? derived(rec.samples, cfg.warmupS, cfg.confidence, (s) =>
        num(s.sys) && num(s.heapReleased) ? s.sys - s.heapReleased : null,
      )
    : derived(rec.samples, cfg.warmupS, cfg.confidence, (s) => s.sys);
  // Every site seen under the growing sites' owners (fitted or not, largest in use first), for map tables that
  // grow in a few large steps and so may show no fitted growth of their own.
  const topOwners = new Set(
    heapSites
      .slice(0, 12)
      .map((x) => x.site.owner?.function)
      .filter(Boolean),
  );
  const lastPoint = rec.heapSites.points[rec.heapSites.points.length - 1];
  const heapSitesSeen =
    unresolved || !sourceLine || !lastPoint
      ? []
      : [...rec.heapSites.info]
          .filter(([k, info]) => topOwners.has(info.owner?.function) && (lastPoint.values.get(k) ?? 0) > 0)
          .sort(([a], [b]) => (lastPoint.values.get(b) ?? 0) - (lastPoint.values.get(a) ?? 0))
          .slice(0, 50)
          .map(([k, info]) => ({
            function: info.site.function,
            file: info.site.file,
            line: info.site.line,
            slopePerMinute: 0,
            ciLow: 0,
            via: info.via,
            owner: info.owner ?? null,
            source: sourceLine(info.site.file, info.site.line),
            inuseBytes: lastPoint.values.get(k) ?? 0,
          }));
  const diagnoses = diagnose({
    heapSitesSeen,
    metrics: metrics.map((m) => ({ name: m.name, verdict: m.judgement.verdict, fit: m.fit })),
    fragmentation: derived(rec.samples, cfg.warmupS, cfg.confidence, (s) =>
      num(s.heapInuse) && num(s.heapLive) ? s.heapInuse - s.heapLive : null,
    ),
    runtimeTotal: runtimeFit ? { fit: runtimeFit, label: bothReleased ? 'Sys − HeapReleased' : 'Sys' } : null,
    heapSites: unresolved ? [] : heapSites.slice(0, 12).map((x) => diagnoseSite(x, sourceLine)),
    goroutineSites: goroutineSites.map((x) => diagnoseSite(x)),
    goroutineDump: end?.goroutineDump ?? null,
    goroutineLeak: end?.goroutineLeak?.available ? end.goroutineLeak : null,
    smaps: end?.smaps ?? null,
    alpha: (1 - cfg.confidence) / 2,
  });
  return { owners, diagnoses, onsets, attribution, notes };
}
