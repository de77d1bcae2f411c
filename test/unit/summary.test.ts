import { describe, expect, it } from 'vitest';
import type { Report, ReportMetric, ReportSite } from '../../src/report/report.js';
import { renderSummary, type SummaryRun, summaryExitCode } from '../../src/report/summary.js';
import { bareReport } from '../helpers/report-fixture.js';

const LIMIT = 65_536;

function report(verdict: Report['verdict'], sites = 30, i = 0): Report {
  const site = (k: number): ReportSite => ({
    function: `github.com/acme/${'long/package/'.repeat(10)}pkg.(*T).M${k}|<x>`,
    file: `/src/${'d/'.repeat(40)}f.go`,
    line: k,
    slopeBytesPerMinute: 1e6 - k,
    ciLow: 1,
    ciHigh: 2,
    baselineSlopeBytesPerMinute: null,
    inuseBytes: 1,
    verdict: verdict === 'fail' ? 'fail' : 'pass',
    reason: '',
    stack: [],
  });
  const metric = (name: string, v: 'pass' | 'fail'): ReportMetric =>
    ({
      name,
      unit: 'bytes',
      slopePerMinute: 1000 * (i + 1),
      ciLow: 1,
      ciHigh: 2,
      baselineSlopePerMinute: null,
      budgetPerMinute: 262144,
      verdict: v,
    }) as unknown as ReportMetric;
  return bareReport({
    verdict,
    error: verdict === 'error' ? 'the service exited with status 3 before it was ready' : null,
    summary: verdict === 'fail' ? 'memory regression: heap_live grows beyond budget' : 'no memory regression',
    notes: Array.from({ length: 5 }, () => 'n'.repeat(300)),
    metrics:
      verdict === 'error'
        ? []
        : [metric('heap_live', verdict === 'fail' ? 'fail' : 'pass'), metric('goroutines', 'pass')],
    sites: Array.from({ length: sites }, (_, k) => site(k)),
  });
}

describe('summarize', () => {
  it('puts three runs (pass, fail, error) in one table, details collapsed, and exits 1', () => {
    const runs: SummaryRun[] = [
      { name: 'api', report: report('pass') },
      { name: 'worker', report: report('fail') },
      { name: 'broken', report: report('error') },
    ];
    const body = renderSummary(runs, { header: '<!-- m -->', limit: LIMIT });
    expect(
      body.startsWith('<!-- m -->\n### ❌ go-mem-gate: 3 runs: 1 regressed, 1 could not be measured, 1 passed\n'),
    ).toBe(true);
    expect(body).toMatch(/^\| api \| ✅ pass \| heap_live pass: .* \(budget 256 KiB\/min\) \| <code>/m);
    expect(body).toMatch(/^\| worker \| ❌ fail \| heap_live fail: /m);
    expect(body).toMatch(/^\| broken \| ⚠️ error \| — \| the service exited with status 3 before it was ready \|$/m);
    expect(body.match(/<details><summary>(api|worker|broken): /g)).toHaveLength(3);
    expect(summaryExitCode(runs)).toBe(1);
  });

  it('exits 2 when none failed but one could not measure (or had no report), else 0', () => {
    expect(
      summaryExitCode([
        { name: 'a', report: report('pass') },
        { name: 'b', report: null, problem: 'no report.json' },
      ]),
    ).toBe(2);
    expect(
      summaryExitCode([
        { name: 'a', report: report('pass') },
        { name: 'b', report: report('error') },
      ]),
    ).toBe(2);
    expect(summaryExitCode([{ name: 'a', report: report('pass') }])).toBe(0);
  });

  it('stays under 65,536 characters for 50 services: details trimmed first, the table whole', () => {
    const runs: SummaryRun[] = Array.from({ length: 50 }, (_, i) => ({
      name: `service-${i}|<b>`,
      report: report(i % 7 === 0 ? 'fail' : i % 11 === 0 ? 'error' : 'pass', 200, i),
    }));
    const body = renderSummary(runs, { header: '<!-- m -->', footer: ['<sub>links</sub>'], limit: LIMIT });
    expect(body.length).toBeLessThanOrEqual(LIMIT);
    const rows = body.split('\n').filter((l) => /^\| service-\d+/.test(l));
    expect(rows).toHaveLength(50);
    // Names from users are escaped.
    expect(rows[0].startsWith('| service-0&#124;&lt;b&gt; |')).toBe(true);
    expect(body).toMatch(/_Details of \d+ runs left out to fit GitHub's limit/);
    // Failed runs keep their details longest.
    expect(body).toContain('<details><summary>service-0&#124;&lt;b&gt;: ❌ fail</summary>');
    expect(body.trimEnd().endsWith('<sub>links</sub>')).toBe(true);
  });

  it('keeps all details when they fit', () => {
    const body = renderSummary([{ name: 'a', report: report('pass', 2) }], { limit: LIMIT });
    expect(body).not.toContain('left out');
    expect(body).toContain('<details><summary>a: ✅ pass</summary>');
  });
});
