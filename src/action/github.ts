/**
 * Everything the Action asks of GitHub's REST API, and nothing more: the sticky comment, and finding the base
 * branch's baseline artifact. 5xx answers are retried with backoff; the caller turns a final failure into a
 * warning, because the gate must never fail because of GitHub.
 */
import * as github from '@actions/github';

export type Octokit = ReturnType<typeof github.getOctokit>;

export interface EventContext {
  owner: string;
  repo: string;
  eventName: string;
  runId: number;
  serverUrl: string;
  /** Set on pull_request (and pull_request_target) events. */
  pr: { number: number; headSha: string; baseRef: string; headRef: string; baseSha?: string } | null;
  /** The PR head on pull requests (GITHUB_SHA, which actions/checkout builds by default, is the merge commit). */
  sha: string;
  ref: string;
}

export function readContext(): EventContext {
  const c = github.context;
  const [owner, repo] = (process.env.GITHUB_REPOSITORY ?? '/').split('/');
  type Pull = { number: number; head: { sha: string; ref: string }; base: { ref: string; sha?: string } };
  const pull = c.payload.pull_request as Pull | undefined;
  return {
    owner,
    repo,
    eventName: c.eventName,
    runId: c.runId,
    serverUrl: c.serverUrl,
    pr: pull
      ? {
          number: pull.number,
          headSha: pull.head.sha,
          baseRef: pull.base.ref,
          headRef: pull.head.ref,
          baseSha: pull.base.sha,
        }
      : null,
    sha: (pull ? pull.head.sha : c.sha) ?? '',
    ref: c.ref ?? '',
  };
}

/** HTTP status of an Octokit error, if it has one. */
export function statusOf(err: unknown): number | null {
  const s = (err as { status?: unknown })?.status;
  return typeof s === 'number' ? s : null;
}

/**
 * Worth retrying: an HTTP 5xx answer, or a network failure (octokit reports a failed fetch as a RequestError with
 * status 500). Anything without a status is a programming error or a bad answer, and is never retried.
 */
export function isTransient(err: unknown): boolean {
  const status = statusOf(err);
  return status !== null && status >= 500 && status <= 599;
}

/** Base delay of the 5xx backoff (ms); GO_MEM_GATE_RETRY_MS shortens it in tests. */
const retryBaseMs = () => Number(process.env.GO_MEM_GATE_RETRY_MS ?? 1000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Call fn, retrying 5xx and network failures 3 times with exponential backoff. Safe only for idempotent calls. */
export async function withRetry<T>(fn: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (!isTransient(err) || i >= attempts - 1) throw err;
      await sleep(retryBaseMs() * 2 ** i);
    }
  }
}

/** Who the token acts as, and how we learnt it (for the log). */
export interface TokenIdentity {
  login: string;
  how: string;
}

/** The login GitHub Actions' own GITHUB_TOKEN posts as. */
export const ACTIONS_BOT = 'github-actions[bot]';

/**
 * The token's own identity. GraphQL `viewer` answers for every kind of token: the user for a personal access
 * token, `<app-slug>[bot]` for a GitHub App installation token, github-actions[bot] for GITHUB_TOKEN. Where
 * GraphQL is unavailable, REST `GET /user` answers for a user token; an installation token gets 403 there
 * ("Resource not accessible by integration"), and we then take it for the Actions token, github-actions[bot].
 */
export async function tokenIdentity(octokit: Octokit): Promise<TokenIdentity> {
  try {
    const res = await withRetry(() => octokit.graphql<{ viewer: { login: string } }>('query { viewer { login } }'));
    if (res?.viewer?.login) return { login: res.viewer.login, how: 'GraphQL viewer' };
  } catch (err) {
    if (isTransient(err)) throw err;
  }
  try {
    const res = await withRetry(() => octokit.rest.users.getAuthenticated());
    return { login: res.data.login, how: 'GET /user' };
  } catch (err) {
    const status = statusOf(err);
    if (status === 401 || status === 403) {
      return { login: ACTIONS_BOT, how: `GET /user answered ${status}: taken for GITHUB_TOKEN` };
    }
    throw err;
  }
}

/** A comment's author is the token itself (a viewer login without "[bot]" also matches its bot account). */
export function isAuthor(user: { login?: string; type?: string } | null | undefined, me: string): boolean {
  if (!user?.login) return false;
  if (user.login === me) return true;
  return user.type === 'Bot' && !me.endsWith('[bot]') && user.login === `${me}[bot]`;
}

interface ListedComment {
  id: number;
  node_id: string;
  body?: string;
  html_url: string;
  user: { login?: string; type?: string } | null;
}

/**
 * Which of these comments GitHub shows minimized ("hidden" as outdated, off-topic, ...). REST has no such flag,
 * so this asks GraphQL `isMinimized` for just these few node ids. Null when GraphQL cannot tell.
 */
async function minimizedOf(octokit: Octokit, nodeIds: string[]): Promise<Set<string> | null> {
  if (nodeIds.length === 0) return new Set();
  try {
    const res = await withRetry(() =>
      octokit.graphql<{ nodes: ({ id: string; isMinimized?: boolean } | null)[] }>(
        'query($ids: [ID!]!) { nodes(ids: $ids) { ... on IssueComment { id isMinimized } } }',
        { ids: nodeIds },
      ),
    );
    return new Set(res.nodes.filter((n) => n?.isMinimized).map((n) => n!.id));
  } catch (err) {
    if (isTransient(err)) throw err;
    return null;
  }
}

export interface FoundComment {
  id: number;
  url: string;
}

/**
 * Our sticky comment: the newest comment that starts with the marker, whose author is the token's own identity
 * (so nobody can make the gate overwrite their comment by quoting the marker), and that is not minimized (a
 * comment someone hid stays hidden; the fresh result goes into a new one).
 */
export async function findOurComment(
  octokit: Octokit,
  ctx: EventContext,
  marker: string,
  me: () => Promise<TokenIdentity>,
  log: (l: string) => void = () => {},
): Promise<FoundComment | null> {
  const { owner, repo } = ctx;
  const issue_number = ctx.pr!.number;
  const q = { owner, repo, issue_number, per_page: 100 };
  const comments = (await withRetry(() => octokit.paginate(octokit.rest.issues.listComments, q))) as ListedComment[];
  const marked = comments.filter((c) => typeof c.body === 'string' && c.body.startsWith(marker));
  if (marked.length === 0) return null;
  const who = await me();
  const mine = marked.filter((c) => isAuthor(c.user, who.login));
  if (mine.length === 0) return null;
  const hidden = await minimizedOf(octokit, mine.map((c) => c.node_id).filter(Boolean));
  if (hidden === null) log(`go-mem-gate: GraphQL could not say whether our comment is minimized; taking it as shown`);
  const shown = mine.filter((c) => !hidden?.has(c.node_id));
  const hiddenCount = mine.length - shown.length;
  if (hiddenCount > 0) log(`go-mem-gate: ${hiddenCount} earlier comment(s) of ours are minimized and stay so`);
  const c = shown.at(-1);
  return c ? { id: c.id, url: c.html_url } : null;
}

/**
 * Create the sticky comment, or update ours. An update (PATCH) is idempotent and retried like any call. A create
 * (POST) is not: when it fails with 5xx or a network error, GitHub may have stored the comment anyway, so before
 * every retry we look again and update what we find instead of posting a second one.
 */
export async function upsertComment(
  octokit: Octokit,
  ctx: EventContext,
  marker: string,
  body: string,
  log: (l: string) => void = () => {},
): Promise<{ url: string; created: boolean }> {
  const { owner, repo } = ctx;
  const issue_number = ctx.pr!.number;
  let identity: Promise<TokenIdentity> | null = null;
  const me = () => {
    identity ??= tokenIdentity(octokit).then((id) => {
      log(`go-mem-gate: the token acts as ${id.login} (${id.how})`);
      return id;
    });
    return identity;
  };
  const update = async (id: number) => {
    const res = await withRetry(() => octokit.rest.issues.updateComment({ owner, repo, comment_id: id, body }));
    return res.data.html_url;
  };
  const found = await findOurComment(octokit, ctx, marker, me, log);
  if (found) return { url: await update(found.id), created: false };
  const attempts = 4;
  for (let i = 0; ; i++) {
    try {
      const res = await octokit.rest.issues.createComment({ owner, repo, issue_number, body });
      return { url: res.data.html_url, created: true };
    } catch (err) {
      if (!isTransient(err) || i >= attempts - 1) throw err;
      await sleep(retryBaseMs() * 2 ** i);
      const stored = await findOurComment(octokit, ctx, marker, me, log);
      if (stored) {
        log(`go-mem-gate: the comment was stored although creating it failed (${statusOf(err)}); not posting it twice`);
        return { url: await update(stored.id), created: true };
      }
    }
  }
}

export interface FoundArtifact {
  id: number;
  runId: number;
  name: string;
  createdAt: string | null;
  /** The event of the run that recorded it (push, schedule, workflow_dispatch, merge_group). */
  event: string;
  /** The commit the baseline was measured at. */
  commit: string;
  /** The PR's merge-base with its base branch, when GitHub could tell. */
  mergeBase: string | null;
  /** How many commits the baseline's commit is behind the merge-base (0: at it); null when unknown. */
  commitsBehind: number | null;
}

/** Events whose runs record a baseline (save-baseline: auto uploads on every event but pull requests). */
export const BASELINE_EVENTS = ['push', 'schedule', 'workflow_dispatch', 'merge_group'] as const;

interface RunInfo {
  id: number;
  event: string;
  head_sha: string;
  head_branch: string | null;
  created_at: string;
  head_repository?: { full_name?: string } | null;
}

/** The merge-base of the PR's head with its base branch (compare API base...head), or null. */
export async function mergeBaseOf(octokit: Octokit, ctx: EventContext): Promise<string | null> {
  if (!ctx.pr) return null;
  const { owner, repo } = ctx;
  const q = { owner, repo, base: ctx.pr.baseRef, head: ctx.pr.headSha, per_page: 1 };
  const res = await withRetry(() => octokit.rest.repos.compareCommits(q));
  return res.data.merge_base_commit?.sha ?? null;
}

/**
 * The baseline artifact for this PR, from a successful run of this workflow that recorded one: a push,
 * schedule, workflow_dispatch run on `branch`, or a merge-queue run into it. The run at the PR's merge-base
 * is preferred; otherwise the newest run at a commit before it (how many commits behind is counted with the
 * compare API). Runs with no such artifact (a skipped job) or only an expired one are walked past, as are runs
 * at commits after the merge-base (they hold changes the PR does not have) and runs from forks.
 * Null when there is none.
 */
export async function findBaselineArtifact(
  octokit: Octokit,
  ctx: EventContext,
  branch: string,
  artifactName: string,
  maxRuns = 20,
  log: (l: string) => void = () => {},
): Promise<FoundArtifact | null> {
  const { owner, repo } = ctx;
  const run = await withRetry(() => octokit.rest.actions.getWorkflowRun({ owner, repo, run_id: ctx.runId }));
  const workflow_id = run.data.workflow_id;
  let mergeBase: string | null = null;
  try {
    mergeBase = await mergeBaseOf(octokit, ctx);
  } catch (err) {
    if (isTransient(err)) throw err;
    log(`go-mem-gate: could not find the merge-base (${statusOf(err) ?? 'no status'}); taking the newest baseline`);
  }
  const list = async (filter: { branch?: string; event?: string }) => {
    const q = { owner, repo, workflow_id, status: 'success' as const, per_page: maxRuns, ...filter };
    return (await withRetry(() => octokit.rest.actions.listWorkflowRuns(q))).data.workflow_runs as RunInfo[];
  };
  const events: readonly string[] = BASELINE_EVENTS;
  const recording = (r: RunInfo) => events.includes(r.event) && r.event !== 'merge_group';
  const onBranch = (await list({ branch })).filter(recording);
  // Merge-queue runs are on a gh-readonly-queue/<branch>/... branch, so the branch filter does not find them.
  const queue = `gh-readonly-queue/${branch}/`;
  const queued = (await list({ event: 'merge_group' })).filter((r) => r.head_branch?.startsWith(queue));
  // Only this repository's runs: a fork's branch of the same name must never provide (or crowd out) the baseline.
  const runs = [...onBranch, ...queued]
    .filter((r) => r.head_repository?.full_name === `${owner}/${repo}`)
    .sort((x, y) => Date.parse(y.created_at) - Date.parse(x.created_at) || y.id - x.id);
  // At the merge-base first, then the rest newest first.
  const atBase = runs.filter((r) => r.head_sha === mergeBase);
  const ordered = mergeBase ? [...atBase, ...runs.filter((r) => r.head_sha !== mergeBase)] : runs;
  const behindBy = new Map<string, number | null>();
  for (const r of ordered.slice(0, maxRuns)) {
    let commitsBehind: number | null = null;
    if (mergeBase && r.head_sha === mergeBase) commitsBehind = 0;
    else if (mergeBase) {
      if (!behindBy.has(r.head_sha)) {
        const q = { owner, repo, base: r.head_sha, head: mergeBase, per_page: 1 };
        const cmp = await withRetry(() => octokit.rest.repos.compareCommits(q));
        // "ahead": the merge-base is ahead of the run's commit, i.e. the run is before it.
        behindBy.set(r.head_sha, cmp.data.status === 'ahead' ? cmp.data.ahead_by : null);
      }
      commitsBehind = behindBy.get(r.head_sha)!;
      if (commitsBehind === null) continue; // after the merge-base, or on another line of history
    }
    const q = { owner, repo, run_id: r.id, name: artifactName, per_page: 10 };
    const arts = await withRetry(() => octokit.rest.actions.listWorkflowRunArtifacts(q));
    const a = arts.data.artifacts.find((x) => x.name === artifactName && !x.expired);
    if (!a) {
      const expired = arts.data.artifacts.some((x) => x.name === artifactName && x.expired);
      const has = expired ? 'only an expired' : 'no';
      const which = `run ${r.id} (${r.event} at ${r.head_sha.slice(0, 12)})`;
      log(`go-mem-gate: ${which} has ${has} baseline artifact; looking further back`);
      continue;
    }
    const createdAt = a.created_at ?? null;
    const at = { event: r.event, commit: r.head_sha, mergeBase, commitsBehind };
    return { id: a.id, runId: r.id, name: a.name, createdAt, ...at };
  }
  return null;
}
