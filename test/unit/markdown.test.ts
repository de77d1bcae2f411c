import { describe, expect, it } from 'vitest';
import { heapChart, renderMarkdown } from '../../src/report/markdown.js';
import type { Report, ReportSite } from '../../src/report/report.js';
import { bareReport, runInfo } from '../helpers/report-fixture.js';

const hostile = `main.(*T).f|x\`y\`<script>alert(1)</script>\n@octocat ${'ü'.repeat(300)}`;

function report(over: Partial<Report> = {}): Report {
  const site: ReportSite = {
    function: hostile,
    file: '/src/<b>evil</b>|.go',
    line: 7,
    slopeBytesPerMinute: 3e6,
    ciLow: 2e6,
    ciHigh: 4e6,
    baselineSlopeBytesPerMinute: null,
    inuseBytes: 5e6,
    verdict: 'fail',
    reason: '',
    stack: [
      { function: hostile, file: 'a.go', line: 1 },
      { function: '@here|caller', file: 'b.go', line: 2 },
    ],
  };
  return bareReport({
    tool: { name: 'go-mem-gate', version: '0.1.0' },
    verdict: 'fail',
    summary: 'memory regression: heap_live grows beyond budget',
    run: runInfo({
      command: "go-mem-gate run --start './svc ```' --out x",
      durationS: 30,
      sampledS: 30,
      samples: 31,
      profileRateInForce: 524288,
      readyAfterS: 0.2,
      wallS: 31,
    }),
    notes: ['note with <img src=x onerror=alert(1)> and @someone'],
    metrics: [
      {
        name: 'heap_live',
        unit: 'bytes',
        slopePerMinute: 3e6,
        ciLow: 2e6,
        ciHigh: 4e6,
        sePerMinute: 1,
        baselineSlopePerMinute: null,
        budgetPerMinute: 65536,
        budgetSource: 'default',
        verdict: 'fail',
        reason: '',
        trendP: 0,
        plateau: false,
        lastHalfSlopePerMinute: 3e6,
        minDetectablePerMinute: 5e5,
        noise: 1000,
        n: 21,
        first: 1,
        last: 2,
      },
    ],
    sites: Array.from({ length: 25 }, () => site),
    series: {
      t: Array.from({ length: 200 }, (_, i) => i),
      heapLive: Array.from({ length: 200 }, (_, i) => 1e6 + i * 1000),
      goroutines: [],
      heapProfile: Array.from({ length: 200 }, (_, i) => `profiles/heap-${String(i).padStart(4, '0')}.pb.gz`),
    },
    ...over,
  });
}

describe('report.md', () => {
  const md = renderMarkdown(report());
  it('escapes everything from a profile or a user: no raw HTML, no mention, no broken table', () => {
    expect(md).not.toMatch(/<script|<img|<b>|@octocat|@someone|@here/);
    for (const line of md.split('\n').filter((l) => l.startsWith('| '))) {
      const cells = line.replace(/\\\|/g, '').split('|').length;
      expect(cells >= 5 && cells <= 8, line).toBe(true); // 3 (owners), 4 (sites) or 6 (metrics) columns
    }
  });
  it('lists regressed sites up to the row limit and says how many more there are', () => {
    expect(md).toContain('#### Regressed allocation sites');
    expect(md).toContain('…and 5 more in report.json.');
  });
  it('says when the profile rate in force differs from the one asked for', () => {
    expect(md).toMatch(/one sample per 512 KiB allocated \(asked for 64\.0 KiB\)/);
  });
  it('fences a command holding backticks with a longer fence, and gives the pprof diff of the kept profiles', () => {
    expect(md).toContain("````sh\ngo-mem-gate run --start './svc ```' --out x\n````");
    expect(md).toContain(
      'go tool pprof -sample_index=inuse_space -top -diff_base profiles/heap-0010.pb.gz profiles/heap-0199.pb.gz',
    );
  });
  it('charts at most 60 points', () => {
    const chart = heapChart(report())!;
    const line = chart.split('\n').find((l) => l.trim().startsWith('line'))!;
    expect(line.split(',').length).toBeLessThanOrEqual(61);
    expect(chart).toContain('xychart-beta');
  });
});

describe('report.md shows the confidence level with its digits', () => {
  it('0.995 is "99.5%", not "100%"', () => {
    const r = report();
    const md = renderMarkdown({ ...r, run: { ...r.run, confidence: 0.995 } });
    expect(md).toContain('99.5% interval');
    expect(md).not.toMatch(/100%/);
  });
});
