/**
 * Which commit was measured, said truthfully. On pull_request, actions/checkout checks out the merge commit
 * (GITHUB_SHA, refs/pull/N/merge) by default, not the PR head: the build is whatever the workspace holds. We ask
 * git for the workspace's HEAD and name it by what it is.
 */
import { execFileSync } from 'node:child_process';

/** The workspace's HEAD commit, or null when it is no git checkout (or git is missing). */
export function workspaceHead(workspace: string): string | null {
  try {
    const stdio: ('ignore' | 'pipe')[] = ['ignore', 'pipe', 'ignore'];
    const opts = { encoding: 'utf8' as const, timeout: 10_000, stdio };
    const out = execFileSync('git', ['-C', workspace, 'rev-parse', 'HEAD'], opts);
    const sha = out.trim();
    return /^[0-9a-f]{40,64}$/.test(sha) ? sha : null;
  } catch {
    return null;
  }
}

export interface BuiltCommit {
  /** The commit built and measured, when known. */
  sha: string | null;
  /** One phrase for the comment's footer, e.g. "merge commit 0123456789ab (PR head a1b2c3d4e5f6 into main)". */
  label: string;
}

const short = (sha: string) => sha.slice(0, 12);

/**
 * Name the measured commit. `githubSha` is GITHUB_SHA (the merge commit on pull_request), `pr` the PR's head
 * and base branch, `head` the workspace's HEAD (null when unknown).
 */
export function describeBuiltCommit(
  githubSha: string,
  pr: { headSha: string; baseRef: string } | null,
  head: string | null,
): BuiltCommit {
  if (!pr) {
    const sha = head ?? (githubSha || null);
    return { sha, label: sha ? `commit ${short(sha)}` : 'commit unknown' };
  }
  const into = `PR head ${short(pr.headSha)} into ${pr.baseRef}`;
  if (head === null) {
    const merge = `merge commit ${short(githubSha)} of ${into}`;
    const why = `no git checkout in the workspace; actions/checkout builds ${merge} by default`;
    const label = `commit unknown (${why})`;
    return { sha: null, label };
  }
  if (head === pr.headSha) return { sha: head, label: `PR head ${short(head)}` };
  if (head === githubSha) return { sha: head, label: `merge commit ${short(head)} (${into})` };
  const neither = `neither the PR head ${short(pr.headSha)} nor the merge commit ${short(githubSha)}`;
  return { sha: head, label: `commit ${short(head)} (checked out in the workspace; ${neither})` };
}
