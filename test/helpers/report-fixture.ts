/** A hand-made failing Report with every optional field the blame and stats work fill in. */
import type { Report, ReportMetric, ReportOwner, ReportSite } from '../../src/report/report.js';

const MOD = '/home/u/go/pkg/mod/github.com/acme/metrics@v1.4.0';
export const handler = { function: 'main.handleOrders', file: '/home/runner/work/shop/shop/cmd/api/main.go', line: 41 };
export const stack = [
  { function: 'github.com/acme/metrics.makeLabelPairs', file: `${MOD}/labels.go`, line: 88 },
  { function: 'github.com/acme/metrics.(*CounterVec).WithLabelValues', file: `${MOD}/vec.go`, line: 120 },
  handler,
  { function: 'net/http.HandlerFunc.ServeHTTP', file: '/usr/local/go/src/net/http/server.go', line: 2220 },
];

export function metric(over: Partial<ReportMetric>): ReportMetric {
  return {
    name: 'heap_live',
    unit: 'bytes',
    slopePerMinute: 6.2 * 2 ** 20,
    ciLow: 5.9 * 2 ** 20,
    ciHigh: 6.5 * 2 ** 20,
    sePerMinute: 1,
    baselineSlopePerMinute: 0,
    budgetPerMinute: null,
    budgetSource: null,
    verdict: 'fail',
    reason: '',
    trendP: 0,
    plateau: false,
    lastHalfSlopePerMinute: 6e6,
    minDetectablePerMinute: 2e5,
    noise: 1000,
    n: 50,
    first: 1,
    last: 2,
    ...over,
  };
}

export function site(over: Partial<ReportSite>): ReportSite {
  return {
    function: stack[0].function,
    file: stack[0].file,
    line: 88,
    slopeBytesPerMinute: 5.5 * 2 ** 20,
    ciLow: 5e6,
    ciHigh: 6e6,
    baselineSlopeBytesPerMinute: 0,
    inuseBytes: 9e6,
    verdict: 'fail',
    reason: '',
    stack,
    owner: handler,
    ...over,
  };
}

export function owner(over: Partial<ReportOwner> = {}): ReportOwner {
  return {
    ...handler,
    slopeBytesPerMinute: 5.8 * 2 ** 20,
    ciLow: 5.5 * 2 ** 20,
    ciHigh: 6.1 * 2 ** 20,
    share: 0.94,
    sites: [`${stack[0].function} ${stack[0].file}:88`],
    ...over,
  };
}

/** The run block of a 60 s run at 1 s intervals after a 10 s warm-up, with no load. */
export function runInfo(over: Partial<Report['run']> = {}): Report['run'] {
  return {
    startedAt: '',
    command: 'go-mem-gate run',
    durationS: 60,
    sampledS: 60,
    intervalS: 1,
    warmupS: 10,
    confidence: 0.99,
    samples: 61,
    skippedSamples: 0,
    profileRateRequested: 65536,
    profileRateInForce: 65536,
    readyAfterS: 0,
    wallS: 0,
    load: { kind: 'none', stats: null, exit: null, endedRunEarly: false },
    service: { exit: null },
    ...over,
  };
}

/** A passing report of that run with nothing else in it: no baseline, metrics, sites, notes or series points. */
export function bareReport(over: Partial<Report> = {}): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'go-mem-gate', version: '0' },
    verdict: 'pass',
    error: null,
    summary: 'no memory regression',
    run: runInfo(),
    baseline: { used: false, source: null, createdAt: null, notes: [] },
    notes: [],
    metrics: [],
    sites: [],
    goroutineSites: [],
    series: { t: [], heapLive: [], goroutines: [], heapProfile: [] },
    ...over,
  };
}

export function report(over: Partial<Report> = {}): Report {
  const t = Array.from({ length: 61 }, (_, i) => i);
  return {
    ...bareReport(),
    tool: { name: 'go-mem-gate', version: '0.1.0' },
    verdict: 'fail',
    summary: 'memory regression: heap_live grows beyond the baseline',
    run: runInfo({ command: 'go-mem-gate run --start ./svc', readyAfterS: 0.2, wallS: 61 }),
    baseline: {
      used: true,
      source: 'file',
      createdAt: '',
      notes: [],
      series: { t: t.filter((x) => x % 2 === 0), heapLive: t.filter((x) => x % 2 === 0).map(() => 4e6) },
    },
    notes: [],
    metrics: [
      metric({ onsetS: 24.6, slopeAfterOnsetPerMinute: 7.1 * 2 ** 20 }),
      metric({
        name: 'heap_objects',
        unit: 'objects',
        verdict: 'inconclusive',
        reason: 'only 4 effective samples',
        suggestedDurationS: 170,
        autocorrelation: 0.83,
        effectiveN: 4.2,
      }),
    ],
    sites: [site({})],
    goroutineSites: [],
    owners: [owner()],
    diagnoses: [
      {
        kind: 'unpruned-map',
        metric: 'heap_live',
        evidence: 'objects (+61k/min) and bytes grow together under runtime.mapassign_faststr.',
        hint: 'bound the map or delete keys',
      },
    ],
    series: { t, heapLive: t.map((x) => 4e6 + Math.max(0, x - 25) * 100_000), goroutines: [], heapProfile: [] },
    ...over,
  };
}
