/**
 * Monorepos: three real runs (a steady service that passes, a leaking one that fails, one that cannot start)
 * summarized into one body by the CLI, and by the Action's mode: summarize into one sticky comment, from the
 * run's report artifacts served by a real HTTP server on 127.0.0.1.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prEvent, runAction } from '../helpers/action.js';
import { FakeGitHub, zip } from '../helpers/fake-github.js';
import { CLI, freePort, runCli, serviceArgs, tempOut } from '../helpers/gate.js';

const root = tempOut('gmg-summ-');
const dirs = { api: join(root, 'api'), worker: join(root, 'worker'), broken: join(root, 'broken') };

beforeAll(async () => {
  for (const d of Object.values(dirs)) mkdirSync(d);
  const pass = await serviceArgs('steady', { duration: '12s', warmup: '2s' });
  const fail = await serviceArgs('mapleak', { rate: 200, duration: '30s' });
  const port = await freePort();
  const [a, w, b] = await Promise.all([
    runCli(pass.args, { out: dirs.api }),
    runCli([...fail.args, '--budget', 'heap_live=0/min'], { out: dirs.worker }),
    runCli(
      ['run', '--start', 'exit 3', '--pprof-url', `http://127.0.0.1:${port}`, '--duration', '12s', '--warmup', '2s'],
      { out: dirs.broken },
    ),
  ]);
  expect([a.report?.verdict, w.report?.verdict, b.report?.verdict]).toEqual(['pass', 'fail', 'error']);
}, 120_000);

describe('go-mem-gate summarize', () => {
  it('prints one body with a row per run, named after its directory, and exits 1', () => {
    const r = spawnSync(process.execPath, [CLI, 'summarize', dirs.api, dirs.worker, dirs.broken], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^### ❌ go-mem-gate: 3 runs: 1 regressed, 1 could not be measured, 1 passed$/m);
    expect(r.stdout).toMatch(/^\| api \| ✅ pass \| /m);
    expect(r.stdout).toMatch(/^\| worker \| ❌ fail \| heap_live fail: .*\| <code>main\./m);
    expect(r.stdout).toMatch(/^\| broken \| ⚠️ error \| — \| .+ \|$/m);
    expect(r.stdout.match(/<details><summary>(api|worker|broken): /g)).toHaveLength(3);
  });

  it('exits 2 when none failed but one could not measure, 0 when all passed; a bad DIR is one line, status 2', () => {
    const run = (...a: string[]) => spawnSync(process.execPath, [CLI, 'summarize', ...a], { encoding: 'utf8' });
    expect(run(dirs.api, dirs.broken).status).toBe(2);
    expect(run(dirs.api).status).toBe(0);
    const empty = tempOut('gmg-empty-');
    const noReport = run(dirs.api, empty);
    expect(noReport.status).toBe(2);
    expect(noReport.stdout).toContain('no report.json in');
    const bad = run(join(root, 'nope'));
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toEqual([
      `go-mem-gate: error: summarize: "${join(root, 'nope')}" is not a directory; give each run's --out directory`,
    ]);
    expect(run().stderr).toMatch(/^go-mem-gate: error: summarize needs at least one DIR/);
  });
});

describe('Action mode: summarize', () => {
  let fake: FakeGitHub;
  afterAll(() => fake?.stop());

  it('downloads every go-mem-gate-report-* artifact of the run and posts one sticky comment', async () => {
    const art = (dir: string) =>
      zip({ 'report.json': readFileSync(join(dir, 'report.json')), 'report.md': readFileSync(join(dir, 'report.md')) });
    fake = new FakeGitHub({
      runArtifacts: [
        { id: 301, name: 'go-mem-gate-report-worker', zip: art(dirs.worker) },
        { id: 302, name: 'go-mem-gate-report-api', zip: art(dirs.api) },
        { id: 303, name: 'go-mem-gate-report-broken', zip: art(dirs.broken) },
        { id: 304, name: 'go-mem-gate-baseline-api', zip: zip({ 'baseline.json': '{}' }) }, // not a report: ignored
        { id: 305, name: 'go-mem-gate-report-old', zip: zip({}), expired: true },
      ],
    });
    await fake.start();
    const r = await runAction({ fake, eventName: 'pull_request', event: prEvent(), inputs: { mode: 'summarize' } });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/::error::go-mem-gate: memory regression in worker/);
    expect(r.outputs.verdict).toBe('fail');
    expect(fake.rest()).toEqual([
      'GET /repos/acme/svc/actions/runs/123/artifacts',
      'GET /repos/acme/svc/actions/artifacts/302/zip',
      'GET /repos/acme/svc/actions/artifacts/303/zip',
      'GET /repos/acme/svc/actions/artifacts/301/zip',
      'GET /repos/acme/svc/issues/7/comments',
      'POST /repos/acme/svc/issues/7/comments',
    ]);
    expect(fake.comments).toHaveLength(1);
    const body = fake.comments[0].body;
    expect(
      body.startsWith(
        '<!-- go-mem-gate:summary:default -->\n### ❌ go-mem-gate: 3 runs: 1 regressed, 1 could not be measured, 1 passed',
      ),
    ).toBe(true);
    const rows = body
      .split('\n')
      .filter((l) => /^\| (api|broken|worker) \|/.test(l))
      .map((l) => l.split(' | ')[0]);
    expect(rows).toEqual(['| api', '| broken', '| worker']);
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(r.summary).toContain('### ❌ go-mem-gate: 3 runs');

    // The next push updates the same comment.
    const again = await runAction({ fake, eventName: 'pull_request', event: prEvent(), inputs: { mode: 'summarize' } });
    expect(again.code).toBe(1);
    expect(fake.comments).toHaveLength(1);
    expect(fake.api().at(-1)).toBe('PATCH /repos/acme/svc/issues/comments/9000');
  });
});
