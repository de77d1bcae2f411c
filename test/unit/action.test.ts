import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { readActionYml, withReference } from '../../scripts/docs.mjs';
import { fitBody, MAX_COMMENT_CHARS, marker } from '../../src/action/comment.js';
import { RUN_INPUTS, readInputs } from '../../src/action/inputs.js';
import { toRepoPath } from '../../src/action/paths.js';
import { DEFAULTS, parseRunArgs } from '../../src/config.js';
import type { Report, ReportSite } from '../../src/report/report.js';
import { bareReport } from '../helpers/report-fixture.js';

const yml = readFileSync(new URL('../../action.yml', import.meta.url), 'utf8');
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
type Item = { name: string; default?: string; description?: string; required: boolean };
const { inputs, outputs } = readActionYml(yml) as { inputs: Item[]; outputs: Item[] };

describe('action.yml', () => {
  it('runs on node24 from the bundled dist/index.js', () => {
    expect(yml).toMatch(/runs:\n {2}using: node24\n {2}main: dist\/index\.js/);
  });
  it('has every CLI run flag as an input of the same name, and every input has a description', () => {
    const names = inputs.map((i) => i.name);
    for (const flag of RUN_INPUTS) expect(names).toContain(flag);
    for (const flag of RUN_INPUTS) expect(() => parseRunArgs([`--${flag}`, 'x'])).not.toThrow();
    const actionOnly = [
      'mode',
      'compare',
      'build',
      'env',
      'budget',
      'strict',
      'baseline',
      'save-baseline',
      'baseline-name',
      'out',
      'github-token',
      'comment',
      'fail-on-regression',
    ];
    expect(names.sort()).toEqual([...RUN_INPUTS, ...actionOnly].sort());
    for (const i of [...inputs, ...outputs]) expect(i.description, i.name).toBeTruthy();
  });
  it('input strict: true becomes --strict (default false: inconclusive metrics warn), anything else is refused', () => {
    const run = (v: string | undefined) => {
      const saved = process.env.INPUT_STRICT;
      if (v === undefined) delete process.env.INPUT_STRICT;
      else process.env.INPUT_STRICT = v;
      try {
        return readInputs().argv;
      } finally {
        if (saved === undefined) delete process.env.INPUT_STRICT;
        else process.env.INPUT_STRICT = saved;
      }
    };
    expect(run('true')).toContain('--strict');
    expect(run('false')).not.toContain('--strict');
    expect(run(undefined)).not.toContain('--strict');
    expect(() => run('yes')).toThrow(/input strict: "yes" must be true or false/);
    expect(parseRunArgs(['--start', 'x', '--strict']).strict).toBe(true);
    expect(inputs.find((i) => i.name === 'strict')?.default).toBe('false');
  });
  it('has the CLI defaults', () => {
    const d = Object.fromEntries(inputs.map((i) => [i.name, i.default]));
    expect(d).toMatchObject({
      duration: DEFAULTS.duration,
      interval: DEFAULTS.interval,
      warmup: DEFAULTS.warmup,
      'profile-rate': DEFAULTS.profileRate,
      'ready-timeout': DEFAULTS.readyTimeout,
      out: DEFAULTS.out,
      'pprof-url': DEFAULTS.pprofUrl,
      confidence: String(DEFAULTS.confidence),
    });
  });
  it('has the outputs the Action sets', () => {
    const src = readFileSync(new URL('../../src/main.ts', import.meta.url), 'utf8');
    const set = [...src.matchAll(/setOutput\(\s*'([a-z-]+)'/g)].map((m) => m[1]).sort();
    expect(outputs.map((o) => o.name).sort()).toEqual(set);
  });
  it('is what the README reference says (regenerate with node scripts/docs.mjs)', () => {
    expect(withReference(readme, yml)).toBe(readme);
  });
});

function bigReport(sites: number): Report {
  const site = (i: number): ReportSite => ({
    function: `github.com/acme/${'very/long/package/'.repeat(20)}pkg.(*Type).Method${i}|<x>`,
    file: `/src/${'dir/'.repeat(60)}f.go`,
    line: i,
    slopeBytesPerMinute: 1e6 - i,
    ciLow: 1,
    ciHigh: 2,
    baselineSlopeBytesPerMinute: null,
    inuseBytes: 1,
    verdict: 'fail',
    reason: '',
    stack: [],
  });
  return bareReport({
    verdict: 'fail',
    summary: 'memory regression',
    notes: Array.from({ length: 50 }, () => 'n'.repeat(600)),
    metrics: [],
    sites: Array.from({ length: sites }, (_, i) => site(i)),
    goroutineSites: Array.from({ length: sites }, (_, i) => ({
      ...site(i),
      slopePerMinute: 1,
      baselineSlopePerMinute: null,
      goroutines: 1,
    })) as never,
  });
}

describe('the comment body', () => {
  it("always fits GitHub's 65,536 characters (no 422), keeping the top sites and saying how many were cut", () => {
    const body = fitBody(bigReport(5000), { header: marker('api'), footer: ['links'], limit: MAX_COMMENT_CHARS });
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(body.startsWith('<!-- go-mem-gate:api -->\n')).toBe(true);
    expect(body).toContain('Method0');
    expect(body).toMatch(/…and \d+ more in report\.json\./);
  });
  it('falls back to a hard cut with a note when even no rows would not fit', () => {
    const body = fitBody(bigReport(10), { footer: [], limit: 2000 });
    expect(body.length).toBeLessThanOrEqual(2000);
    expect(body).toMatch(/cut to fit GitHub's limit/);
  });
});

describe('profile paths to repository paths', () => {
  const mods = [
    { path: 'github.com/acme/svc', dir: '' },
    { path: 'github.com/acme/svc/tools', dir: 'tools' },
  ];
  const exists = (p: string) => ['cmd/server/main.go', 'tools/gen/x.go', 'internal/a.go'].includes(p);
  it.each([
    ['/home/runner/work/svc/svc/internal/a.go', 'internal/a.go'],
    ['github.com/acme/svc/cmd/server/main.go', 'cmd/server/main.go'],
    ['github.com/acme/svc/tools/gen/x.go', 'tools/gen/x.go'],
    ['/usr/local/go/src/runtime/malloc.go', null],
    ['github.com/other/lib/x.go', null],
    ['internal/a.go', 'internal/a.go'],
  ])('%s -> %s', (file, want) => expect(toRepoPath(file, '/home/runner/work/svc/svc', mods, exists)).toBe(want));
});
