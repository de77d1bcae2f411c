/** The Action's other paths: pushes record a baseline, no baseline yet, fork PRs (403), GitHub 5xx. */
import { afterEach, describe, expect, it } from 'vitest';
import { prEvent, runAction } from '../helpers/action.js';
import { FakeGitHub } from '../helpers/fake-github.js';
import { fixture, freePort } from '../helpers/gate.js';

let fake: FakeGitHub;
afterEach(() => fake?.stop());

async function steadyInputs(extra: Record<string, string> = {}) {
  const port = await freePort();
  return {
    start: `${fixture('steady')} -addr 127.0.0.1:${port}`,
    'pprof-url': `http://127.0.0.1:${port}`,
    duration: '12s',
    warmup: '2s',
    ...extra,
  };
}

describe('Action', () => {
  it('on a push records the baseline as an artifact named after baseline-name, and comments nowhere', async () => {
    fake = new FakeGitHub();
    await fake.start();
    const r = await runAction({
      fake,
      eventName: 'push',
      event: { ref: 'refs/heads/main', after: 'c'.repeat(40) },
      inputs: await steadyInputs({ 'baseline-name': 'api' }),
    });
    expect(r.leftovers).toEqual([]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(fake.rest()).toEqual([]);
    expect(fake.uploads.map((u) => u.name)).toEqual(['go-mem-gate-report-api', 'go-mem-gate-baseline-api']);
    expect(r.stdout).toMatch(/recorded the baseline "go-mem-gate-baseline-api"/);
  });

  it('with no baseline yet passes on budgets and says how to record one', async () => {
    fake = new FakeGitHub({ baselineZip: null });
    await fake.start();
    const r = await runAction({ fake, eventName: 'pull_request', event: prEvent(), inputs: await steadyInputs() });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/::notice::go-mem-gate: no baseline artifact "go-mem-gate-baseline-default" on main yet/);
    expect(r.report!.baseline.used).toBe(false);
    expect(r.report!.metrics.every((m) => m.budgetSource === 'default')).toBe(true);
    expect(fake.comments[0].body).toMatch(
      /no baseline recorded on main yet: judged on budgets alone; a push to main running this workflow with save-baseline: auto records one/,
    );
  });

  it('on a fork PR (403 on comments) warns, writes the summary, and the verdict stands', async () => {
    fake = new FakeGitHub({ commentStatus: 403 });
    await fake.start();
    const r = await runAction({
      fake,
      eventName: 'pull_request',
      event: prEvent(),
      inputs: await steadyInputs({ budget: 'heap_live=0/min\ngoroutines=0/min', baseline: 'none' }),
    });
    expect(r.stdout).toMatch(/::warning::go-mem-gate: cannot comment on this pull request \(403/);
    expect(r.summary).toContain('go-mem-gate');
    expect(r.outputs.verdict).toMatch(/^(pass|fail)$/);
    expect(r.code).toBe(r.outputs.verdict === 'pass' ? 0 : 1);
    expect(fake.comments).toHaveLength(0);
  });

  it('retries GitHub 5xx with backoff, then goes on', async () => {
    fake = new FakeGitHub({ failFirst: 2, baselineZip: null });
    await fake.start();
    const r = await runAction({ fake, eventName: 'pull_request', event: prEvent(), inputs: await steadyInputs() });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(fake.rest().slice(0, 3)).toEqual([
      'GET /repos/acme/svc/actions/runs/123',
      'GET /repos/acme/svc/actions/runs/123',
      'GET /repos/acme/svc/actions/runs/123',
    ]);
    expect(fake.comments).toHaveLength(1);
  });

  it('an expired baseline (404) passes on budgets with a warning', async () => {
    fake = new FakeGitHub({ artifactsStatus: 404 });
    await fake.start();
    const r = await runAction({ fake, eventName: 'pull_request', event: prEvent(), inputs: await steadyInputs() });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /::warning::go-mem-gate: could not fetch the baseline from main \(it has expired or was deleted\); judged on budgets alone/,
    );
  });

  it('a bad input fails the step with one line naming the input', async () => {
    fake = new FakeGitHub();
    await fake.start();
    const r = await runAction({
      fake,
      eventName: 'pull_request',
      event: prEvent(),
      inputs: await steadyInputs({ budget: 'heap=fast' }),
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /::error::go-mem-gate: input budget: unknown metric "heap"; use one of heap_live, heap_objects, goroutines, rss/,
    );
  });
});

describe('Action when GitHub keeps failing', () => {
  it('retries 5xx, then warns, and the verdict stands', async () => {
    fake = new FakeGitHub({ failFirst: 1000 });
    await fake.start();
    const r = await runAction({ fake, eventName: 'pull_request', event: prEvent(), inputs: await steadyInputs() });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/::warning::go-mem-gate: could not fetch the baseline from main \(Server Error/);
    expect(r.stdout).toMatch(/::warning::go-mem-gate: could not write the PR comment \(Server Error/);
    // 4 attempts for the baseline lookup, 4 for the comment listing.
    expect(fake.rest().filter((x) => x === 'GET /repos/acme/svc/actions/runs/123')).toHaveLength(4);
    expect(fake.rest().filter((x) => x === 'GET /repos/acme/svc/issues/7/comments')).toHaveLength(4);
    expect(r.outputs.verdict).toBe('pass');
  });
});
