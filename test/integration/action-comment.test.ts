/**
 * The sticky comment against a real HTTP server on 127.0.0.1 (octokit's baseUrl): found by marker among the
 * token's own comments (a personal access token's user, or github-actions[bot]), minimized ones skipped, and a
 * create POST that failed after GitHub stored it never posted twice. Only 5xx and network failures are retried.
 */
import * as github from '@actions/github';
import { afterEach, describe, expect, it } from 'vitest';
import { type EventContext, isTransient, tokenIdentity, upsertComment, withRetry } from '../../src/action/github.js';
import { type FakeComment, FakeGitHub } from '../helpers/fake-github.js';

process.env.GO_MEM_GATE_RETRY_MS = '5';
const MARK = '<!-- go-mem-gate:default -->';
let fake: FakeGitHub;
afterEach(() => fake?.stop());

function ctx(): EventContext {
  return {
    owner: 'acme',
    repo: 'svc',
    eventName: 'pull_request',
    runId: 123,
    serverUrl: 'https://github.com',
    pr: { number: 7, headSha: 'a'.repeat(40), baseRef: 'main', headRef: 'f' },
    sha: 'a'.repeat(40),
    ref: 'refs/pull/7/merge',
  };
}

const comment = (id: number, login: string, body: string, extra: Partial<FakeComment> = {}): FakeComment => ({
  id,
  node_id: `IC_${id}`,
  user: { login, type: login.endsWith('[bot]') ? 'Bot' : 'User' },
  body,
  html_url: `https://github.com/acme/svc/pull/7#issuecomment-${id}`,
  ...extra,
});

async function start(opts: ConstructorParameters<typeof FakeGitHub>[0], comments: FakeComment[] = []) {
  fake = new FakeGitHub(opts);
  await fake.start();
  fake.comments.push(...comments);
  return github.getOctokit(opts?.patUser ? 'ghp_personal' : 'ghs_actions', { baseUrl: fake.url });
}

const others = () => [
  comment(1, 'mallory', `${MARK}\nquoting the marker`),
  comment(2, 'github-actions[bot]', `${MARK}\nfrom the Actions token`),
  comment(3, 'octocat', `${MARK}\nold, hidden as outdated`, { minimized: true }),
  comment(4, 'octocat', `${MARK}\nours, shown`),
  comment(5, 'octocat', 'a review remark without the marker'),
];

describe('sticky comment', () => {
  it('under a personal access token reuses the newest shown comment of that user, skipping minimized ones', async () => {
    const octokit = await start({ patUser: 'octocat' }, others());
    const log: string[] = [];
    const r = await upsertComment(octokit, ctx(), MARK, `${MARK}\nnew`, (l) => log.push(l));
    expect(r).toEqual({ url: 'https://github.com/acme/svc/pull/7#issuecomment-4', created: false });
    expect(fake.api()).toEqual([
      'GET /repos/acme/svc/issues/7/comments',
      'POST /graphql',
      'POST /graphql',
      'PATCH /repos/acme/svc/issues/comments/4',
    ]);
    expect(fake.comments.map((c) => c.body.split('\n').at(-1))).toEqual([
      'quoting the marker',
      'from the Actions token',
      'old, hidden as outdated',
      'new',
      'a review remark without the marker',
    ]);
    expect(log.join('\n')).toMatch(/the token acts as octocat \(GraphQL viewer\)/);
    expect(log.join('\n')).toMatch(/1 earlier comment\(s\) of ours are minimized and stay so/);
    // GraphQL was asked only about the user's own marked comments.
    const nodesQuery = fake.requests
      .filter((q) => q.path === '/graphql')
      .map((q) => JSON.parse(q.body))
      .find((b) => b.variables?.ids);
    expect(nodesQuery.variables.ids).toEqual(['IC_3', 'IC_4']);
  });

  it("under GITHUB_TOKEN the same comments give github-actions[bot]'s", async () => {
    const octokit = await start({}, others());
    const r = await upsertComment(octokit, ctx(), MARK, `${MARK}\nnew`);
    expect(r.created).toBe(false);
    expect(fake.api().at(-1)).toBe('PATCH /repos/acme/svc/issues/comments/2');
    expect(fake.comments[1].body).toBe(`${MARK}\nnew`);
  });

  it('when our only comment is minimized, posts a new one', async () => {
    const octokit = await start({ patUser: 'octocat' }, [comment(3, 'octocat', `${MARK}\nold`, { minimized: true })]);
    const r = await upsertComment(octokit, ctx(), MARK, `${MARK}\nnew`);
    expect(r.created).toBe(true);
    expect(fake.comments.map((c) => [c.user.login, c.body])).toEqual([
      ['octocat', `${MARK}\nold`],
      ['octocat', `${MARK}\nnew`],
    ]);
  });

  it('without GraphQL, learns a PAT user from GET /user, and takes a 403 there for github-actions[bot]', async () => {
    let octokit = await start({ patUser: 'octocat', graphqlStatus: 404 }, others());
    expect(await tokenIdentity(octokit)).toEqual({ login: 'octocat', how: 'GET /user' });
    let r = await upsertComment(octokit, ctx(), MARK, `${MARK}\nnew`);
    // GraphQL cannot say which are minimized: the newest of the user's own is taken as shown.
    expect(fake.api().at(-1)).toBe('PATCH /repos/acme/svc/issues/comments/4');
    expect(r.created).toBe(false);
    await fake.stop();
    octokit = await start({ graphqlStatus: 404 }, others());
    expect((await tokenIdentity(octokit)).login).toBe('github-actions[bot]');
    r = await upsertComment(octokit, ctx(), MARK, `${MARK}\nnew`);
    expect(fake.api().at(-1)).toBe('PATCH /repos/acme/svc/issues/comments/2');
  });

  it('never posts twice when the create POST fails after the server stored the comment', async () => {
    const octokit = await start({ createFailsAfterStore: 1 }, [comment(1, 'mallory', `${MARK}\nnot ours`)]);
    const log: string[] = [];
    const r = await upsertComment(octokit, ctx(), MARK, `${MARK}\nbody`, (l) => log.push(l));
    expect(fake.comments.filter((c) => c.user.login === 'github-actions[bot]')).toHaveLength(1);
    expect(fake.comments).toHaveLength(2);
    expect(r).toEqual({ url: 'https://github.com/acme/svc/pull/7#issuecomment-9001', created: true });
    expect(fake.api()).toEqual([
      'GET /repos/acme/svc/issues/7/comments',
      'POST /graphql', // viewer (a marked comment exists: mallory's)
      'POST /repos/acme/svc/issues/7/comments', // stored, but answered 502
      'GET /repos/acme/svc/issues/7/comments', // look again before any retry
      'POST /graphql', // isMinimized of our stored comment
      'PATCH /repos/acme/svc/issues/comments/9001',
    ]);
    expect(log.join('\n')).toMatch(/stored although creating it failed \(502\); not posting it twice/);
  });

  it('retries a create POST that GitHub did not store, after looking again', async () => {
    const octokit = await start({ createFailsBeforeStore: 2 });
    const r = await upsertComment(octokit, ctx(), MARK, `${MARK}\nbody`);
    expect(r).toEqual({ url: 'https://github.com/acme/svc/pull/7#issuecomment-9000', created: true });
    expect(fake.comments).toHaveLength(1);
    expect(fake.api()).toEqual([
      'GET /repos/acme/svc/issues/7/comments',
      'POST /repos/acme/svc/issues/7/comments', // 502, nothing stored
      'GET /repos/acme/svc/issues/7/comments', // nothing of ours: retry
      'POST /repos/acme/svc/issues/7/comments', // 502 again
      'GET /repos/acme/svc/issues/7/comments',
      'POST /repos/acme/svc/issues/7/comments', // 201
    ]);
  });

  it('does not retry a 4xx: one request, then the error', async () => {
    const octokit = await start({ commentStatus: 422 });
    await expect(upsertComment(octokit, ctx(), MARK, 'x')).rejects.toMatchObject({ status: 422 });
    expect(fake.api()).toEqual(['GET /repos/acme/svc/issues/7/comments']);
  });
});

describe('what is retried', () => {
  it('5xx and network failures are transient; 4xx and programming errors are not', async () => {
    expect(isTransient({ status: 502 })).toBe(true);
    expect(isTransient({ status: 500 })).toBe(true);
    expect(isTransient({ status: 404 })).toBe(false);
    expect(isTransient({ status: 422 })).toBe(false);
    expect(isTransient(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
  });

  it('retries a refused connection 4 times in all, and a TypeError from our code not at all', async () => {
    fake = new FakeGitHub();
    await fake.start();
    const url = fake.url;
    await fake.stop();
    const octokit = github.getOctokit('ghs_x', { baseUrl: url });
    let calls = 0;
    await expect(
      withRetry(() => {
        calls++;
        return octokit.rest.issues.listComments({ owner: 'a', repo: 'b', issue_number: 1 });
      }),
    ).rejects.toMatchObject({ status: 500 });
    expect(calls).toBe(4);
    calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw new TypeError('bug');
      }),
    ).rejects.toThrow('bug');
    expect(calls).toBe(1);
    await fake.start(); // so afterEach can stop it
  });
});
