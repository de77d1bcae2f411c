import { describe, expect, it } from 'vitest';
import { heapChart, renderMarkdown } from '../../src/report/markdown.js';
import { diagnosisLines, explainedLine, libraryLine } from '../../src/report/blame-md.js';
import type { Report, ReportMetric, ReportOwner, ReportSite } from '../../src/report/report.js';

const MOD = '/home/u/go/pkg/mod/github.com/acme/metrics@v1.4.0';
const handler = { function: 'main.handleOrders', file: '/home/runner/work/shop/shop/cmd/api/main.go', line: 41 };
const stack = [
  { function: 'github.com/acme/metrics.makeLabelPairs', file: `${MOD}/labels.go`, line: 88 },
  { function: 'github.com/acme/metrics.(*CounterVec).WithLabelValues', file: `${MOD}/vec.go`, line: 120 },
  handler,
  { function: 'net/http.HandlerFunc.ServeHTTP', file: '/usr/local/go/src/net/http/server.go', line: 2220 },
];

function metric(over: Partial<ReportMetric>): ReportMetric {
  return {
    name: 'heap_live', unit: 'bytes', slopePerMinute: 6.2 * 2 ** 20, ciLow: 5.9 * 2 ** 20, ciHigh: 6.5 * 2 ** 20, sePerMinute: 1,
    baselineSlopePerMinute: 0, budgetPerMinute: null, budgetSource: null, verdict: 'fail', reason: '', trendP: 0, plateau: false,
    lastHalfSlopePerMinute: 6e6, minDetectablePerMinute: 2e5, noise: 1000, n: 50, first: 1, last: 2, ...over,
  };
}

function site(over: Partial<ReportSite>): ReportSite {
  return {
    function: stack[0].function, file: stack[0].file, line: 88, slopeBytesPerMinute: 5.5 * 2 ** 20, ciLow: 5e6, ciHigh: 6e6,
    baselineSlopeBytesPerMinute: 0, inuseBytes: 9e6, verdict: 'fail', reason: '', stack, owner: handler, ...over,
  };
}

function owner(over: Partial<ReportOwner> = {}): ReportOwner {
  return {
    ...handler, slopeBytesPerMinute: 5.8 * 2 ** 20, ciLow: 5.5 * 2 ** 20, ciHigh: 6.1 * 2 ** 20, share: 0.94,
    sites: [`${stack[0].function} ${stack[0].file}:88`], ...over,
  };
}

function report(over: Partial<Report> = {}): Report {
  const t = Array.from({ length: 61 }, (_, i) => i);
  return {
    schemaVersion: 1, tool: { name: 'go-mem-gate', version: '0.1.0' }, verdict: 'fail', error: null, summary: 'memory regression: heap_live grows beyond the baseline',
    run: { startedAt: '', command: 'go-mem-gate run --start ./svc', durationS: 60, sampledS: 60, intervalS: 1, warmupS: 10, confidence: 0.99, samples: 61, skippedSamples: 0, profileRateRequested: 65536, profileRateInForce: 65536, readyAfterS: 0.2, wallS: 61, load: { kind: 'none', stats: null, exit: null, endedRunEarly: false }, service: { exit: null } },
    baseline: { used: true, source: 'file', createdAt: '', notes: [], series: { t: t.filter((x) => x % 2 === 0), heapLive: t.filter((x) => x % 2 === 0).map(() => 4e6) } },
    notes: [],
    metrics: [metric({ onsetS: 24.6, slopeAfterOnsetPerMinute: 7.1 * 2 ** 20 }), metric({ name: 'heap_objects', unit: 'objects', verdict: 'inconclusive', reason: 'only 4 effective samples', suggestedDurationS: 170, autocorrelation: 0.83, effectiveN: 4.2 })],
    sites: [site({})],
    goroutineSites: [],
    owners: [owner()],
    diagnoses: [{ kind: 'unpruned-map', metric: 'heap_live', evidence: 'objects (+61k/min) and bytes grow together under runtime.mapassign_faststr.', hint: 'bound the map or delete keys' }],
    series: { t, heapLive: t.map((x) => 4e6 + Math.max(0, x - 25) * 100_000), goroutines: [], heapProfile: [] },
    ...over,
  };
}

describe('report.md blame: owners, diagnoses, onset, inconclusive', () => {
  const md = renderMarkdown(report());
  it('leads the blame with the owners table: your function, growth, share, library frames beneath, relative path', () => {
    const owners = md.indexOf('#### Your code behind the growth');
    expect(owners).toBeGreaterThan(0);
    expect(owners).toBeLessThan(md.indexOf('#### Regressed allocation sites'));
    const row = md.split('\n').find((l) => l.includes('main.handleOrders</code> <sub>'))!;
    expect(row).toContain('5.80 MiB/min');
    expect(row).toContain('| 94% |');
    expect(row).toContain('cmd/api/main.go:41');
    expect(row).toContain('→ metrics.(&#42;CounterVec).WithLabelValues → metrics.makeLabelPairs');
    expect(md).toContain('These explain 94% of live heap growth.');
  });
  it('shows each diagnosis as one line with its evidence and next step, and drops one without evidence', () => {
    expect(md).toContain('- **Map that is never pruned** (live heap (after GC)): objects (+61k/min) and bytes grow together under runtime.mapassign_faststr. **Next:** bound the map or delete keys');
    expect(diagnosisLines([{ kind: 'off-heap', metric: 'rss', evidence: ' ', hint: 'x' }])).toEqual([]);
  });
  it('says when growth began, and the slope since', () => {
    expect(md).toContain('growth began about 25s into the run; 7.10 MiB/min since then.');
  });
  it('warns about an inconclusive metric, with what would settle it, and marks its row', () => {
    expect(md).toMatch(/> ⚠️ \*\*Inconclusive\*\* \(live heap objects\): only 4 effective samples; a run of about 2m50s would settle it\./);
    expect(md).toMatch(/\| ⚠️ inconclusive \|/);
  });
  it('says in the Sensitivity section how correlated the samples were', () => {
    const sens = md.slice(md.indexOf('#### Sensitivity'));
    expect(sens).toContain('lag-1 autocorrelation: live heap objects 0.83 (worth about 4 of 50 samples)');
    expect(sens).not.toContain('cycles');
    expect(renderMarkdown(report({ metrics: [metric({ periodS: 30 })] }))).toContain('Memory moves in cycles (live heap (after GC) every 30s)');
  });
  it('puts the slopes table before the notes and the owners', () => {
    const withNotes = renderMarkdown(report({ notes: ['a note'] }));
    expect(withNotes.indexOf('| metric')).toBeLessThan(withNotes.indexOf('> a note'));
  });
  it('renders nothing new for a report without the new fields (older producers)', () => {
    const old = renderMarkdown(report({ owners: undefined, diagnoses: undefined, metrics: [metric({})] }));
    expect(old).not.toContain('Your code behind');
    expect(old).not.toContain('Onset');
    expect(old).not.toContain('Inconclusive');
  });
});

describe('report.md layout: short names, relative paths, stacks collapsed', () => {
  const md = renderMarkdown(report());
  it('never shows a module-cache or build-machine absolute path outside a tooltip', () => {
    const visible = md.replace(/title="[^"]*"/g, '');
    expect(visible).not.toMatch(/\/home\/|\/pkg\/mod\/|\/usr\/local\/go/);
    expect(visible).toContain('github.com/acme/metrics&#64;v1.4.0/labels.go:88'); // @ escaped: no mention
    expect(visible).toContain('net/http/server.go:2220');
  });
  it('shortens function names in cells and keeps the full name in the tooltip', () => {
    expect(md).toContain('<code title="github.com/acme/metrics.makeLabelPairs">metrics.makeLabelPairs</code>');
  });
  it('puts slopes first in the site table and the stacks in a collapsed details block', () => {
    expect(md).toContain('| growth | baseline | function | in use at end |');
    expect(md).toMatch(/<details><summary>Stacks of these 1 site \(leaf first\)<\/summary>\n\n<pre>#1 github\.com\/acme\/metrics\.makeLabelPairs\n/);
    expect(md).toContain('main.handleOrders\n      cmd/api/main.go:41  ◀ your code');
  });
  it('escapes hostile names in owners, diagnoses, tooltips and stacks', () => {
    const evil = 'main.x|`<script>alert(1)</script>"@octocat';
    const hostile = renderMarkdown(report({
      owners: [owner({ function: evil, file: '/r/<b>.go' })],
      sites: [site({ function: evil, stack: [{ function: evil, file: '<img src=x>', line: 1 }] })],
      diagnoses: [{ kind: 'off-heap', metric: 'rss', evidence: '<script>@octocat', hint: '"|`' }],
    }));
    expect(hostile).not.toMatch(/<script|<img|<b>|@octocat/);
    expect(hostile).not.toMatch(/title="[^"]*"[^>]*"/); // no attribute broken open by a quote
  });
  it('libraryLine elides the middle of long library chains and counts further sites', () => {
    const deep = [0, 1, 2, 3, 4].map((i) => ({ function: `example.com/lib.f${i}`, file: 'x.go', line: i }));
    const s = site({ function: deep[0].function, file: 'x.go', line: 0, stack: [...deep, handler] });
    const s2 = site({ function: 'example.com/lib.g', file: 'y.go', line: 1, slopeBytesPerMinute: 1, stack: [] });
    expect(libraryLine(owner({ sites: ['example.com/lib.f0 x.go:0'] }), [s, s2])).toBe('→ lib.f4 → … → lib.f0 <i>(+1 more site)</i>');
    expect(libraryLine(owner({ sites: [] }), [site({ owner: null })])).toBe('');
  });
  it('caps the explained share at 100%', () => {
    expect(explainedLine([0.7, 0.6])).toBe('These explain 100% of live heap growth.');
  });
});

describe('heap chart: base and head on one numeric time axis', () => {
  const chart = heapChart(report())!;
  it('uses a numeric x-axis, two lines and marks warm-up and onset, with a caption for a legend', () => {
    expect(chart).toMatch(/x-axis "seconds into the run" 0 --> 60\n/);
    expect(chart).toMatch(/y-axis "MiB" \d+(\.\d+)? --> \d+/);
    expect(chart.match(/^ {2}line \[/gm)).toHaveLength(2);
    expect(chart.match(/^ {2}bar \[/gm)).toHaveLength(2);
    expect(chart).toContain('red line: this run (head) · blue line: base run · grey band: warm-up, first 10s, not judged · orange bar: growth began, about 25s in');
    expect(chart).toContain('"plotColorPalette":"#d8dee4, #fb8c00, #0969da, #cf222e"');
  });
  it('interpolates the base run onto the head grid and holds the shorter base flat, saying so', () => {
    const r = report({ baseline: { used: true, source: 'file', createdAt: '', notes: [], series: { t: [0, 30], heapLive: [0, 30 * 2 ** 20] } } });
    const c = heapChart(r)!;
    const lines = c.split('\n').filter((l) => l.startsWith('  line ['));
    const baseVals = lines[0].slice(8, -1).split(', ').map(Number);
    expect(baseVals[0]).toBe(0);
    expect(baseVals[baseVals.length - 1]).toBe(30);
    // 60 grid points over 0..60 s: point i is at 60i/59 s, where the base (1 MiB/s up to 30 s) is at 60i/59 MiB.
    expect(baseVals[15]).toBeCloseTo((15 * 60) / 59, 2);
    expect(baseVals[29]).toBeCloseTo((29 * 60) / 59, 2);
    expect(baseVals[40]).toBe(30);
    expect(c).toContain('blue line: base run (sampled for 30s; flat after that)');
  });
  it('says why there is no base line when the baseline file had no series', () => {
    const c = heapChart(report({ baseline: { used: true, source: 'file', createdAt: '', notes: [], series: null } }))!;
    expect(c.match(/^ {2}line \[/gm)).toHaveLength(1);
    expect(c).toContain('no base line: the baseline file holds no series');
  });
  it('keeps at most maxPoints per plot and switches to KiB for small heaps', () => {
    const t = Array.from({ length: 500 }, (_, i) => i);
    const c = heapChart(report({ baseline: { used: false, source: null, createdAt: null, notes: [] }, series: { t, heapLive: t.map((x) => 2e5 + x), goroutines: [], heapProfile: [] } }))!;
    for (const l of c.split('\n').filter((x) => /^ {2}(line|bar) \[/.test(x))) expect(l.split(',').length).toBeLessThanOrEqual(60);
    expect(c).toContain('y-axis "KiB"');
  });
});
