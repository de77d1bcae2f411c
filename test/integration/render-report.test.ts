/**
 * The render script (scripts/render-report.mjs) on a hand-made report with every blame field, long module
 * paths and hostile names: it renders in headless Chromium, the first table fits a PR comment's width, and the
 * chart draws. Skipped when no Chromium is installed (see the script for how to install it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/report/markdown.js';
import { handler, metric, owner, report, site, stack } from '../helpers/report-fixture.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'render-report.mjs');
const chromium = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
].find((p) => p && existsSync(p));

/** A busy failing report: three owners, deep module paths, a goroutine site, a hostile function name. */
function busyReport() {
  const deep =
    '/root/go/pkg/mod/github.com/very-long-organisation-name/observability-client-library@v2.17.3-0.20240101-abcdef' +
    '/v2/internal/labels';
  const lib = {
    function:
      'github.com/very-long-organisation-name/observability-client-library/v2/internal/labels.' +
      '(*LabelPairCache[go.shape.string]).GetOrCreateWithLabelValues',
    file: `${deep}/cache.go`,
    line: 1204,
  };
  const s1 = site({ function: lib.function, file: lib.file, line: lib.line, stack: [lib, ...stack.slice(1)] });
  const s2 = site({
    function: 'main.(*sessionStore).remember|`<b>@octocat',
    file: '/home/runner/work/shop/shop/internal/session/store.go',
    line: 77,
    slopeBytesPerMinute: 1.1 * 2 ** 20,
    stack: [],
    owner: null,
  });
  const g = {
    function: 'main.worker',
    file: '/home/runner/work/shop/shop/cmd/api/worker.go',
    line: 19,
    slopePerMinute: 120,
    ciLow: 90,
    ciHigh: 150,
    baselineSlopePerMinute: 0,
    goroutines: 1800,
    verdict: 'fail' as const,
    reason: '',
    stack: [],
    owner: null,
  };
  // The widest metric rows: default budgets, baselines, negative lower bounds, an inconclusive verdict.
  const wide = {
    budgetPerMinute: 16 * 2 ** 20,
    budgetSource: 'default' as const,
    baselineSlopePerMinute: -123.4 * 2 ** 20,
  };
  return report({
    metrics: [
      metric({ ...wide, onsetS: 24.6, slopeAfterOnsetPerMinute: 7.1 * 2 ** 20, ciLow: -812.3 * 2 ** 20 }),
      metric({
        ...wide,
        name: 'heap_objects',
        unit: 'objects',
        verdict: 'inconclusive',
        slopePerMinute: 6501171,
        ciLow: -1234567,
        ciHigh: 12345678,
        baselineSlopePerMinute: 1234567,
        budgetPerMinute: 600,
        reason: 'only 4 effective samples',
        suggestedDurationS: 170,
        autocorrelation: 0.83,
        effectiveN: 4.2,
      }),
      metric({
        ...wide,
        name: 'goroutines',
        unit: 'goroutines',
        verdict: 'fail',
        slopePerMinute: 120,
        ciLow: 90,
        ciHigh: 150,
        budgetPerMinute: 0,
        baselineSlopePerMinute: 0,
      }),
      metric({
        ...wide,
        name: 'rss',
        verdict: 'pass',
        plateau: true,
        slopePerMinute: 3.2 * 2 ** 20,
        ciLow: -2.8 * 2 ** 20,
        ciHigh: 9.1 * 2 ** 20,
        periodS: 30,
      }),
    ],
    sites: [s1, s2, site({})],
    goroutineSites: [g],
    owners: [
      owner({ sites: [`${lib.function} ${lib.file}:${lib.line}`] }),
      owner({
        function: 'main.(*sessionStore).remember',
        file: '/home/runner/work/shop/shop/internal/session/store.go',
        line: 77,
        share: 0.18,
        slopeBytesPerMinute: 1.1 * 2 ** 20,
        sites: [],
      }),
      owner({
        ...handler,
        function: 'github.com/shop/api/internal/billing.(*Invoicer).renderPDFWithAttachments',
        share: 0.02,
        sites: [],
      }),
    ],
    diagnoses: [
      {
        kind: 'unpruned-map',
        metric: 'heap_live',
        evidence: 'objects (+61k/min) and bytes (+5.8 MiB/min) grow together under runtime.mapassign_faststr',
        hint: 'bound the map (LRU) or delete keys when sessions end',
      },
      {
        kind: 'blocked-goroutines',
        metric: 'goroutines',
        evidence: '1,800 goroutines created at main.worker wait in chan receive, the oldest for 3 minutes',
        hint: 'close the channel or cancel the context when the request ends',
      },
    ],
    notes: ['the baseline ran for 1m, this run for 1m30s: slopes per minute compare'],
  });
}

describe.skipIf(!chromium)('render-report script', () => {
  it('renders a busy report at 900 px with the first table fitting and the chart drawn', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gmg-render-'));
    writeFileSync(join(dir, 'report.md'), renderMarkdown(busyReport()));
    const r = spawnSync(process.execPath, [SCRIPT, dir, '--check'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^table 1: fits/m);
    expect(r.stdout).not.toMatch(/SCROLLS/);
    expect(r.stderr).not.toMatch(/mermaid could not draw/);
    const png = readFileSync(join(dir, 'report.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });
});

describe('render-report script without its inputs', () => {
  it('exits 2 with a one-line message when DIR has no report.md', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gmg-render-'));
    const r = spawnSync(process.execPath, [SCRIPT, dir], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(
      /^render-report: .*report\.md: no such file; give the --out directory of a go-mem-gate run$/,
    );
  });
  it('exits 2 saying how to install chromium when it is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gmg-render-'));
    writeFileSync(join(dir, 'report.md'), '# x\n');
    const r = spawnSync(process.execPath, [SCRIPT, dir], {
      encoding: 'utf8',
      env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium' },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/CHROMIUM_PATH=\/nonexistent\/chromium does not exist/);
  });
});
