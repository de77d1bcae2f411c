import * as core from '@actions/core';
import { describe, expect, it } from 'vitest';
import { pickAnnotations } from '../../src/action/annotations.js';
import { describeBuiltCommit } from '../../src/action/commit.js';
import { readInputs } from '../../src/action/inputs.js';
import { parseRunArgs } from '../../src/config.js';
import type { Report } from '../../src/report/report.js';

const site = (fn: string, slope: number, verdict: 'pass' | 'fail' = 'fail') => ({
  function: fn,
  file: `/src/${fn}.go`,
  line: 10,
  slopeBytesPerMinute: slope,
  baselineSlopeBytesPerMinute: null,
  inuseBytes: 1,
  verdict,
  reason: '',
  stack: [],
});
const gsite = (fn: string, slope: number) => ({
  function: fn,
  file: `/src/${fn}.go`,
  line: 20,
  slopePerMinute: slope,
  ciLow: 0,
  ciHigh: 0,
  baselineSlopePerMinute: 2,
  goroutines: 5,
  verdict: 'fail' as const,
  reason: '',
  stack: [],
});

function report(heapSites: number, goroutineSites: number): Report {
  return {
    metrics: [
      { name: 'heap_live', slopePerMinute: 1000 },
      { name: 'goroutines', slopePerMinute: 10 },
    ],
    sites: [...Array.from({ length: heapSites }, (_, i) => site(`h${i}`, 500 - i * 10)), site('fine', 1, 'pass')],
    goroutineSites: Array.from({ length: goroutineSites }, (_, i) => gsite(`g${i}`, 9 - i)),
  } as unknown as Report;
}

describe('error annotations', () => {
  it("keep within the limit, largest share of its metric's growth first, and count what was left out", () => {
    const { items, leftOut } = pickAnnotations(report(12, 3), 9);
    expect(items).toHaveLength(9);
    expect(leftOut).toBe(6);
    // g0 carries 90% of goroutine growth, g1 80%, g2 70%, h0 50%, h1 49%...
    expect(items.map((a) => a.function)).toEqual(['g0', 'g1', 'g2', 'h0', 'h1', 'h2', 'h3', 'h4', 'h5']);
    expect(items[0].text).toMatch(/^g0 grows by .* goroutines waiting here \(baseline: /);
    expect(items.some((a) => a.function === 'fine')).toBe(false);
  });
  it('leave nothing out when all fit', () => {
    expect(pickAnnotations(report(2, 0), 10)).toMatchObject({ leftOut: 0 });
    expect(pickAnnotations(report(2, 0), 10).items).toHaveLength(2);
  });
});

describe('the measured commit', () => {
  const pr = { headSha: 'a'.repeat(40), baseRef: 'main' };
  const merge = 'f'.repeat(40);
  it('names the merge commit actions/checkout builds on pull_request by default', () => {
    expect(describeBuiltCommit(merge, pr, merge)).toEqual({
      sha: merge,
      label: 'merge commit ffffffffffff (PR head aaaaaaaaaaaa into main)',
    });
  });
  it('names the PR head when the workflow checked out the head', () => {
    expect(describeBuiltCommit(merge, pr, pr.headSha).label).toBe('PR head aaaaaaaaaaaa');
  });
  it('says so when the workspace holds another commit, or no checkout', () => {
    expect(describeBuiltCommit(merge, pr, 'c'.repeat(40)).label).toMatch(
      /^commit cccccccccccc \(checked out in the workspace; neither the PR head aaaaaaaaaaaa nor the merge commit ffffffffffff\)$/,
    );
    expect(describeBuiltCommit(merge, pr, null)).toMatchObject({
      sha: null,
      label: expect.stringMatching(
        /^commit unknown .*merge commit ffffffffffff of PR head aaaaaaaaaaaa into main by default/,
      ),
    });
  });
  it('on a push is the commit checked out', () => {
    expect(describeBuiltCommit('b'.repeat(40), null, 'b'.repeat(40)).label).toBe('commit bbbbbbbbbbbb');
  });
});

describe('inputs to the engine', () => {
  it('pass as --name=value, so a value starting with "-" stays a value', () => {
    const env = {
      INPUT_START: '-weird-binary --flag',
      'INPUT_PPROF-URL': 'http://127.0.0.1:1',
      INPUT_ENV: 'A=-1\nB=2',
      INPUT_BUDGET: 'heap_live=0/min',
    };
    Object.assign(process.env, env);
    try {
      const { argv } = readInputs();
      expect(argv).toEqual([
        'run',
        '--start=-weird-binary --flag',
        '--pprof-url=http://127.0.0.1:1',
        '--env=A=-1',
        '--env=B=2',
        '--budget=heap_live=0/min',
      ]);
      const raw = parseRunArgs(argv.slice(1));
      expect(raw.start).toBe('-weird-binary --flag');
      expect(raw.env).toEqual(['A=-1', 'B=2']);
    } finally {
      for (const k of Object.keys(env)) delete process.env[k];
    }
    expect(core.getInput('start')).toBe('');
  });
});
