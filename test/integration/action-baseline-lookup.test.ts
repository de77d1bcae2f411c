/**
 * Finding the base branch's baseline artifact, against a real HTTP server on 127.0.0.1: runs of every event
 * that records one, the run at the PR's merge-base preferred, runs without the artifact, with an expired one,
 * after the merge-base, from pull requests or from forks walked past.
 */
import * as github from '@actions/github';
import { afterEach, describe, expect, it } from 'vitest';
import { type EventContext, findBaselineArtifact } from '../../src/action/github.js';
import { FakeGitHub, type FakeRun, HISTORY } from '../helpers/fake-github.js';

process.env.GO_MEM_GATE_RETRY_MS = '5';
let fake: FakeGitHub;
afterEach(() => fake?.stop());

const ctx: EventContext = {
  owner: 'acme',
  repo: 'svc',
  eventName: 'pull_request',
  runId: 123,
  serverUrl: 'https://github.com',
  pr: { number: 7, headSha: 'd'.repeat(40), baseRef: 'main', headRef: 'f' },
  sha: 'd'.repeat(40),
  ref: 'refs/pull/7/merge',
};
const [c0, c1, c2, c3, c4] = HISTORY;
const at = (h: number) => `2026-11-20T${String(h).padStart(2, '0')}:00:00Z`;
const NAME = 'go-mem-gate-baseline-default';

async function lookup(runs: FakeRun[], mergeBase: string | null = c3) {
  fake = new FakeGitHub({ runs, mergeBase, baselineZip: Buffer.from('x') });
  await fake.start();
  const log: string[] = [];
  const found = await findBaselineArtifact(
    github.getOctokit('ghs_x', { baseUrl: fake.url }),
    ctx,
    'main',
    NAME,
    20,
    (l) => log.push(l),
  );
  return { found, log };
}

describe('baseline lookup', () => {
  it('picks the run at the merge-base among runs of several events, skipping one there without the artifact', async () => {
    const { found, log } = await lookup([
      { id: 610, event: 'push', head_sha: c4, head_branch: 'main', created_at: at(10), artifact: 70 }, // after the merge-base
      { id: 609, event: 'pull_request', head_sha: c3, head_branch: 'main', created_at: at(9), artifact: 69 }, // a PR run: never
      { id: 608, event: 'push', head_sha: c3, head_branch: 'main', created_at: at(8) }, // at the merge-base, job skipped
      {
        id: 607,
        event: 'merge_group',
        head_sha: c3,
        head_branch: 'gh-readonly-queue/main/pr-9-abc',
        created_at: at(7),
        artifact: 67,
      },
      { id: 606, event: 'schedule', head_sha: c2, head_branch: 'main', created_at: at(6), artifact: 66 },
      {
        id: 605,
        event: 'push',
        head_sha: c3,
        head_branch: 'main',
        created_at: at(11),
        repository: 'mallory/svc',
        artifact: 65,
      }, // a fork
    ]);
    expect(found).toEqual({
      id: 67,
      runId: 607,
      name: NAME,
      createdAt: at(7),
      event: 'merge_group',
      commit: c3,
      mergeBase: c3,
      commitsBehind: 0,
    });
    expect(log.join('\n')).toMatch(/run 608 \(push at c30000000000\) has no baseline artifact; looking further back/);
    // The merge-queue runs are asked for apart (their branch is gh-readonly-queue/main/...).
    const queries = fake.requests.filter((q) => q.path.endsWith('/workflows/77/runs')).map((q) => q.query);
    expect(queries).toEqual([
      { branch: 'main', status: 'success', per_page: '20' },
      { event: 'merge_group', status: 'success', per_page: '20' },
    ]);
    expect(fake.rest()).toEqual([
      'GET /repos/acme/svc/actions/runs/123',
      `GET /repos/acme/svc/compare/main...${'d'.repeat(40)}`,
      'GET /repos/acme/svc/actions/workflows/77/runs',
      'GET /repos/acme/svc/actions/workflows/77/runs',
      'GET /repos/acme/svc/actions/runs/608/artifacts',
      'GET /repos/acme/svc/actions/runs/607/artifacts',
    ]);
  });

  it('with none at the merge-base, takes the newest run before it and counts the commits behind', async () => {
    const { found, log } = await lookup([
      { id: 710, event: 'push', head_sha: c4, head_branch: 'main', created_at: at(10), artifact: 80 }, // after: skipped
      { id: 708, event: 'push', head_sha: c3, head_branch: 'main', created_at: at(8) },
      { id: 707, event: 'schedule', head_sha: c2, head_branch: 'main', created_at: at(7), artifact: 'expired' },
      { id: 706, event: 'workflow_dispatch', head_sha: c1, head_branch: 'main', created_at: at(6), artifact: 76 },
      { id: 705, event: 'push', head_sha: c0, head_branch: 'main', created_at: at(5), artifact: 75 },
    ]);
    expect(found).toMatchObject({
      id: 76,
      runId: 706,
      event: 'workflow_dispatch',
      commit: c1,
      mergeBase: c3,
      commitsBehind: 2,
    });
    expect(log.join('\n')).toMatch(/run 707 \(schedule at c20000000000\) has only an expired baseline artifact/);
    expect(fake.rest()).not.toContain('GET /repos/acme/svc/actions/runs/710/artifacts');
  });

  it('when the merge-base cannot be found, takes the newest and says the distance is unknown', async () => {
    const { found, log } = await lookup(
      [
        { id: 809, event: 'push', head_sha: c3, head_branch: 'main', created_at: at(9), artifact: 89 },
        { id: 810, event: 'push', head_sha: c4, head_branch: 'main', created_at: at(10), artifact: 90 },
      ],
      null,
    );
    expect(found).toMatchObject({ runId: 810, commit: c4, mergeBase: null, commitsBehind: null });
    expect(log.join('\n')).toMatch(/could not find the merge-base \(404\); taking the newest baseline/);
  });

  it('is null when no run recorded a baseline', async () => {
    const { found } = await lookup([{ id: 900, event: 'push', head_sha: c3, head_branch: 'main', created_at: at(1) }]);
    expect(found).toBeNull();
  });
});
