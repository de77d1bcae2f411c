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
  pr: { number: number; headSha: string; baseRef: string; headRef: string } | null;
  /** The commit measured: the PR head on pull requests (not the merge commit in GITHUB_SHA). */
  sha: string;
  ref: string;
}

export function readContext(): EventContext {
  const c = github.context;
  const [owner, repo] = (process.env.GITHUB_REPOSITORY ?? '/').split('/');
  const pull = c.payload.pull_request as { number: number; head: { sha: string; ref: string }; base: { ref: string } } | undefined;
  return {
    owner,
    repo,
    eventName: c.eventName,
    runId: c.runId,
    serverUrl: c.serverUrl,
    pr: pull ? { number: pull.number, headSha: pull.head.sha, baseRef: pull.base.ref, headRef: pull.head.ref } : null,
    sha: (pull ? pull.head.sha : c.sha) ?? '',
    ref: c.ref ?? '',
  };
}

/** HTTP status of an Octokit error, if it has one. */
export function statusOf(err: unknown): number | null {
  const s = (err as { status?: unknown })?.status;
  return typeof s === 'number' ? s : null;
}

/** Base delay of the 5xx backoff (ms); GO_MEM_GATE_RETRY_MS shortens it in tests. */
const retryBaseMs = () => Number(process.env.GO_MEM_GATE_RETRY_MS ?? 1000);

/** Call fn, retrying 5xx and network errors 3 times with exponential backoff. */
export async function withRetry<T>(fn: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (err) {
      const status = statusOf(err);
      const retryable = status === null || status >= 500;
      if (!retryable || i >= attempts - 1) throw err;
      await new Promise((r) => setTimeout(r, retryBaseMs() * 2 ** i));
    }
  }
}

/** Create the sticky comment, or update the one that carries our marker. Returns its URL. */
export async function upsertComment(octokit: Octokit, ctx: EventContext, marker: string, body: string): Promise<{ url: string; created: boolean }> {
  const { owner, repo } = ctx;
  const issue_number = ctx.pr!.number;
  const comments = await withRetry(() => octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number, per_page: 100 }));
  // Ours: posted by a bot (the Actions token's github-actions[bot]) and starting with our marker, so that
  // nobody can make the gate overwrite their comment by quoting the marker.
  const mine = comments.find((c) => typeof c.body === 'string' && c.body.startsWith(marker) && c.user?.type === 'Bot');
  if (mine) {
    const res = await withRetry(() => octokit.rest.issues.updateComment({ owner, repo, comment_id: mine.id, body }));
    return { url: res.data.html_url, created: false };
  }
  const res = await withRetry(() => octokit.rest.issues.createComment({ owner, repo, issue_number, body }));
  return { url: res.data.html_url, created: true };
}

export interface FoundArtifact {
  id: number;
  runId: number;
  name: string;
  createdAt: string | null;
}

/**
 * The baseline artifact of the latest successful run of this workflow on `branch`: look the workflow up from
 * this run, list its successful runs on the branch (newest first), and take the first with an unexpired
 * artifact of that name. Null when there is none yet.
 */
export async function findBaselineArtifact(octokit: Octokit, ctx: EventContext, branch: string, artifactName: string, maxRuns = 10): Promise<FoundArtifact | null> {
  const { owner, repo } = ctx;
  const run = await withRetry(() => octokit.rest.actions.getWorkflowRun({ owner, repo, run_id: ctx.runId }));
  // Only pushes in this repository: a pull request from a fork's branch of the same name must never provide
  // (or crowd out) the baseline.
  const runs = await withRetry(() =>
    octokit.rest.actions.listWorkflowRuns({ owner, repo, workflow_id: run.data.workflow_id, branch, event: 'push', status: 'success', per_page: maxRuns }),
  );
  for (const r of runs.data.workflow_runs.filter((x) => x.head_repository?.full_name === `${owner}/${repo}`)) {
    const arts = await withRetry(() => octokit.rest.actions.listWorkflowRunArtifacts({ owner, repo, run_id: r.id, name: artifactName, per_page: 10 }));
    const a = arts.data.artifacts.find((x) => x.name === artifactName && !x.expired);
    if (a) return { id: a.id, runId: r.id, name: a.name, createdAt: a.created_at ?? null };
  }
  return null;
}
