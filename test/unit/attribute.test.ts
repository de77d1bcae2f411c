import { describe, expect, it } from 'vitest';
import { mergeSecondPass, wantsSecondPass } from '../../src/attribute.js';
import type { RunConfig } from '../../src/config.js';
import type { Report } from '../../src/report/report.js';

function report(over: {
  verdict?: Report['verdict'];
  heap?: string;
  resolvable?: boolean;
  expected?: number;
  owners?: Report['owners'];
}): Report {
  return {
    verdict: over.verdict ?? 'fail',
    error: null,
    metrics: [{ name: 'heap_live', verdict: over.heap ?? 'fail' }],
    attribution: {
      expectedSamples: over.expected ?? 1,
      resolvable: over.resolvable ?? false,
      profileRate: 65536,
      suggestedProfileRate: 2048,
      note: 'x',
    },
    owners: over.owners ?? [],
    notes: [],
    run: { profileRateInForce: 2048, profileRateRequested: 2048, wallS: 50 },
  } as unknown as Report;
}
const cfg = (attribute: 'off' | 'auto') => ({ attribute }) as RunConfig;

describe('--attribute auto', () => {
  it('runs a second pass only for a heap failure the sampling could not attribute, and only when asked', () => {
    expect(wantsSecondPass(cfg('auto'), report({}))).toBe(true);
    expect(wantsSecondPass(cfg('off'), report({}))).toBe(false);
    expect(wantsSecondPass(cfg('auto'), report({ resolvable: true }))).toBe(false);
    expect(wantsSecondPass(cfg('auto'), report({ heap: 'pass', verdict: 'fail' }))).toBe(false);
    expect(wantsSecondPass(cfg('auto'), report({ verdict: 'error' }))).toBe(false);
  });

  it("takes the owners from a resolving second pass and keeps the first pass's verdict", () => {
    const first = report({});
    const owner = {
      function: 'main.recordEvent',
      file: '/a.go',
      line: 3,
      slopeBytesPerMinute: 1,
      ciLow: 0,
      ciHigh: 2,
      share: 0.9,
      sites: [],
    };
    const second = report({ verdict: 'pass', heap: 'pass', resolvable: true, expected: 24, owners: [owner] });
    mergeSecondPass(first, second, 0.02, 0.03);
    expect(first.verdict).toBe('fail');
    expect(first.owners).toEqual([owner]);
    expect(first.attribution!.secondPass).toEqual({
      profileRate: 2048,
      expectedSamples: 24,
      resolvable: true,
      error: null,
      serviceCpuPerSecond: { first: 0.02, second: 0.03 },
      wallS: 50,
    });
    expect(first.notes[0]).toBe(
      'owners come from a second pass at a heap profile rate of 2.00 KiB (about 24 samples of the growth); ' +
        "the verdict is the first pass's",
    );
  });

  it('says so when the second pass could not resolve the owner either', () => {
    const first = report({});
    mergeSecondPass(first, report({ resolvable: false, expected: 3.2, owners: [] }), null, null);
    expect(first.owners).toEqual([]);
    expect(first.notes[0]).toMatch(/could not resolve the owner either \(about 3\.2 samples\)/);
  });
});
