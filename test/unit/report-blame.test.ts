import { describe, expect, it } from 'vitest';
import {
  diagnosisLines,
  explainedLine,
  inconclusiveLines,
  libraryLine,
  sensitivityExtras,
} from '../../src/report/blame-md.js';
import { yRange } from '../../src/report/chart.js';
import { heapChart, renderMarkdown } from '../../src/report/markdown.js';
import { handler, metric, owner, report, site } from '../helpers/report-fixture.js';

describe('report.md blame: owners, diagnoses, onset, inconclusive', () => {
  const md = renderMarkdown(report());
  it('leads the blame with the owners table: your function, growth, share, library frames, relative path', () => {
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
    expect(md).toContain(
      '- **Map that is never pruned** (live heap): objects (+61k/min) and bytes grow together under ' +
        'runtime.mapassign_faststr. **Next:** bound the map or delete keys',
    );
    expect(diagnosisLines([{ kind: 'off-heap', metric: 'rss', evidence: ' ', hint: 'x' }])).toEqual([]);
  });
  it('says when growth began, and the slope since', () => {
    expect(md).toContain('growth began about 25s into the run; 7.10 MiB/min since then.');
  });
  it('warns about an inconclusive metric, with what would settle it, and marks its row', () => {
    expect(md).toMatch(
      /> ⚠️ \*\*heap_objects inconclusive\*\*: only 4 effective samples; a run of about 2m50s would settle it/,
    );
    expect(md).toMatch(/\| ⚠️ inconclusive \|/);
  });
  it('does not repeat a run length the reason already gives, and says when --strict fails it', () => {
    const reason = 'inconclusive: 3 effective samples; run at least 2m';
    const m = metric({ verdict: 'inconclusive', reason, suggestedDurationS: 120 });
    expect(inconclusiveLines([m], true)).toEqual([
      '> ⚠️ **heap_live inconclusive**: 3 effective samples; run at least 2m (fails under --strict).',
    ]);
  });
  it('says in the Sensitivity section how correlated the samples were', () => {
    const sens = md.slice(md.indexOf('#### Sensitivity'));
    expect(sens).toContain('lag-1 autocorrelation of heap objects 0.83, worth about 4 of 50 samples); the intervals');
    expect(sens).not.toContain('cycles');
    expect(renderMarkdown(report({ metrics: [metric({ periodS: 30 })] }))).toContain(
      'The live heap moves in cycles of about 30s',
    );
    const objects = metric({
      name: 'heap_objects',
      unit: 'objects',
      periodS: 20,
      autocorrelation: 0.5,
      effectiveN: 10,
    });
    expect(sensitivityExtras([objects])).toEqual([
      '- Neighbouring samples are correlated (lag-1 autocorrelation of heap objects 0.50, ' +
        'worth about 10 of 50 samples); the intervals are widened for it.',
      '- Memory moves in cycles (heap objects every 20s); the trend is judged across whole cycles, not within one.',
    ]);
    expect(sensitivityExtras([{ ...objects, verdict: 'pass' }])).toEqual([]); // only where it changed the verdict
  });
  it('puts the slopes table before the notes and the owners', () => {
    const withNotes = renderMarkdown(report({ notes: ['a note'] }));
    expect(withNotes.indexOf('| metric')).toBeLessThan(withNotes.indexOf('> a note'));
  });
  it('collapses the owners table when the heap did not fail', () => {
    const passing = renderMarkdown(report({ verdict: 'pass', metrics: [metric({ verdict: 'pass' })] }));
    expect(passing).toContain(
      '<summary>Your code behind the heap growth (within limits)</summary>\n\n#### Your code behind the growth',
    );
    expect(md).not.toContain('(within limits)</summary>\n\n#### Your code');
  });
  it('renders nothing new for a report without the new fields (older producers)', () => {
    const old = renderMarkdown(report({ owners: undefined, diagnoses: undefined, metrics: [metric({})] }));
    expect(old).not.toContain('Your code behind');
    expect(old).not.toContain('Onset');
    expect(old).not.toContain('inconclusive');
  });
});

describe('report.md layout: short names, relative paths, stacks collapsed', () => {
  const md = renderMarkdown(report());
  it('never shows a module-cache or build-machine absolute path, not even in a tooltip', () => {
    const visible = md;
    expect(visible).not.toMatch(/\/home\/|\/pkg\/mod\/|\/usr\/local\/go/);
    expect(visible).toContain('github.com/acme/metrics&#64;v1.4.0/labels.go:88'); // @ escaped: no mention
    expect(visible).toContain('net/http/server.go:2220');
  });
  it('shortens function names in cells and keeps the full name in the tooltip', () => {
    expect(md).toContain('<code title="github.com/acme/metrics.makeLabelPairs">metrics.makeLabelPairs</code>');
  });
  it('puts slopes first in the site table and the stacks in a collapsed details block', () => {
    expect(md).toContain('| growth | baseline | function | in use at end |');
    expect(md).toContain(
      '<details><summary>Stacks of these 1 site (leaf first)</summary>\n\n' +
        '<pre>#1 metrics.makeLabelPairs\n  github.com/acme/metrics.makeLabelPairs\n',
    );
    expect(md).toContain('main.handleOrders\n      cmd/api/main.go:41  ◀ your code');
  });
  it('escapes hostile names in owners, diagnoses, tooltips and stacks', () => {
    const evil = 'main.x|`<script>alert(1)</script>"@octocat';
    const hostile = renderMarkdown(
      report({
        owners: [owner({ function: evil, file: '/r/<b>.go' })],
        sites: [site({ function: evil, stack: [{ function: evil, file: '<img src=x>', line: 1 }] })],
        diagnoses: [{ kind: 'off-heap', metric: 'rss', evidence: '<script>@octocat', hint: '"|`' }],
      }),
    );
    expect(hostile).not.toMatch(/<script|<img|<b>|@octocat/);
    expect(hostile).not.toMatch(/title="[^"]*"[^>]*"/); // no attribute broken open by a quote
  });
  it('libraryLine elides the middle of long library chains and counts further sites', () => {
    const deep = [0, 1, 2, 3, 4].map((i) => ({ function: `example.com/lib.f${i}`, file: 'x.go', line: i }));
    const s = site({ function: deep[0].function, file: 'x.go', line: 0, stack: [...deep, handler] });
    const s2 = site({ function: 'example.com/lib.g', file: 'y.go', line: 1, slopeBytesPerMinute: 1, stack: [] });
    expect(libraryLine(owner({ sites: ['example.com/lib.f0 x.go:0'] }), [s, s2])).toBe(
      '→ lib.f4 → … → lib.f0 <i>(+1 more site)</i>',
    );
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
    expect(chart).toMatch(/y-axis "MiB" 0 --> 8\n/); // 4 MiB + 3.5 MiB of growth, 5% headroom, rounded up
    expect(chart.match(/^ {2}line \[/gm)).toHaveLength(2);
    expect(chart.match(/^ {2}bar \[/gm)).toHaveLength(2);
    expect(chart).toContain(
      '🟥 red line: this run (head) · 🟦 blue line: base run · grey band: warm-up, first 10s, not judged · ' +
        '🟧 orange bar: growth began, about 25s in',
    );
    expect(chart).toContain('"plotColorPalette":"#d8dee4, #fb8c00, #0969da, #cf222e"');
    // Bars outside the warm-up and the onset sit below the axis (not drawn); inside, they reach its top.
    const [warm, onset] = chart
      .split('\n')
      .filter((l) => l.startsWith('  bar ['))
      .map((l) => l.slice(7, -1).split(', ').map(Number));
    expect(warm.slice(0, 10).every((v) => v === 8)).toBe(true);
    expect(warm.slice(10).every((v) => v === -8)).toBe(true);
    expect(onset.filter((v) => v === 8)).toHaveLength(1);
    expect(onset.indexOf(8)).toBe(24); // 24.6 s on a grid of 60/59 s steps
  });
  it('interpolates the base run onto the head grid and holds the shorter base flat, saying so', () => {
    const r = report({
      baseline: {
        used: true,
        source: 'file',
        createdAt: '',
        notes: [],
        series: { t: [0, 30], heapLive: [0, 30 * 2 ** 20] },
      },
    });
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
  it('starts the y-axis at zero unless the heap barely moves, then just below its smallest value', () => {
    expect(yRange(3.8, 7.6)).toEqual({ lo: 0, hi: 8 });
    expect(yRange(0.2, 2.6)).toEqual({ lo: 0, hi: 3 });
    const big = yRange(500, 512); // 12 MiB of growth on a 500 MiB heap stays visible
    expect(big.lo).toBeLessThanOrEqual(500);
    expect(big.hi).toBeGreaterThanOrEqual(512);
    expect(12 / (big.hi - big.lo)).toBeGreaterThan(0.2); // the growth spans a fifth of the axis or more
    expect(yRange(100, 100)).toEqual({ lo: 97.5, hi: 102.5 }); // flat: a band of +-2.5%, noise stays small
  });
  it('keeps at most maxPoints per plot and switches to KiB for small heaps', () => {
    const t = Array.from({ length: 500 }, (_, i) => i);
    const c = heapChart(
      report({
        baseline: { used: false, source: null, createdAt: null, notes: [] },
        series: { t, heapLive: t.map((x) => 2e5 + x), goroutines: [], heapProfile: [] },
      }),
    )!;
    for (const l of c.split('\n').filter((x) => /^ {2}(line|bar) \[/.test(x)))
      expect(l.split(',').length).toBeLessThanOrEqual(60);
    expect(c).toContain('y-axis "KiB"');
  });
});

describe('report.md size', () => {
  it('a worst case (40 regressed sites, 30-frame stacks of long names) fits a PR comment at 20 rows', () => {
    const fn = (i: number) =>
      `github.com/some-organisation/some-long-library-name/v3/internal/subpackage${i}.(*SomeLongType).SomeMethod`;
    const deep = Array.from({ length: 30 }, (_, i) => ({
      function: fn(i),
      file: `/root/go/pkg/mod/github.com/some-organisation/some-long-library-name/v3@v3.1.2/internal/sub${i}/file.go`,
      line: 100 + i,
    }));
    const sites = Array.from({ length: 40 }, (_, i) => site({ function: fn(i), file: deep[i % 30].file, stack: deep }));
    const md = renderMarkdown(report({ sites }));
    expect(md.length).toBeLessThan(65_536 / 1.5); // room for the Action's header, footer and the owners table
    expect(md).toContain('<summary>Stacks of the first 10 of these sites (leaf first)</summary>');
    expect(md).toContain('  … 22 more frames');
    expect(md).toContain('_…and 20 more in report.json._');
  });
});
