/**
 * The Action's `mode: summarize`: in a final job that `needs:` the matrix, download every go-mem-gate-report-*
 * artifact of this workflow run, and post one sticky comment for all of them (the matrix jobs set
 * `comment: false`). Needs `actions: read` to list and download the run's artifacts.
 */

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as core from '@actions/core';
import { GateError } from '../errors.js';
import { renderSummary, summaryExitCode } from '../report/summary.js';
import { readRun } from '../summarize.js';
import { downloadFrom } from './artifacts.js';
import { MAX_COMMENT_CHARS, MAX_SUMMARY_BYTES, marker } from './comment.js';
import { type EventContext, type Octokit, upsertComment, withRetry } from './github.js';
import type { ActionInputs } from './inputs.js';

export const REPORT_PREFIX = 'go-mem-gate-report-';

/** The report artifacts of this run, by service name (the part after the prefix), sorted. */
export async function listReportArtifacts(
  octokit: Octokit,
  ctx: EventContext,
): Promise<{ id: number; service: string }[]> {
  const q = { owner: ctx.owner, repo: ctx.repo, run_id: ctx.runId, per_page: 100 };
  const arts = await withRetry(() => octokit.paginate(octokit.rest.actions.listWorkflowRunArtifacts, q));
  return arts
    .filter((a) => a.name.startsWith(REPORT_PREFIX) && !a.expired)
    .map((a) => ({ id: a.id, service: a.name.slice(REPORT_PREFIX.length) }))
    .sort((a, b) => a.service.localeCompare(b.service));
}

const firstLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0];

export async function runSummarizeMode(
  inputs: ActionInputs,
  ctx: EventContext,
  octokit: Octokit | null,
): Promise<void> {
  if (!octokit) {
    throw new GateError('mode summarize needs github-token (with actions: read) to download the report artifacts');
  }
  const found = await listReportArtifacts(octokit, ctx);
  if (found.length === 0) {
    throw new GateError(
      `no ${REPORT_PREFIX}* artifacts in this workflow run: the summarize job must come after the measuring jobs ` +
        '(needs:), which upload them',
    );
  }
  const runs = [];
  for (const a of found) {
    const dir = join(inputs.out, 'reports', a.service);
    mkdirSync(dir, { recursive: true });
    try {
      await downloadFrom(a.id, ctx.runId, ctx.owner, ctx.repo, inputs.token, dir);
      runs.push(readRun(dir, a.service));
    } catch (err) {
      const problem = `its report artifact could not be downloaded (${firstLine(err)})`;
      runs.push({ name: a.service, report: null, problem });
    }
  }
  const exit = summaryExitCode(runs);
  const verdict = exit === 1 ? 'fail' : exit === 2 ? 'error' : 'pass';
  const list = runs.map((r) => `${r.name} ${r.report?.verdict ?? 'error'}`).join(', ');
  core.info(`go-mem-gate: summarized ${runs.length} runs: ${list}`);
  core.setOutput('verdict', verdict);
  const runUrl = `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}/actions/runs/${ctx.runId}`;
  const where = `each run's report, samples, logs and profiles are in its ${REPORT_PREFIX}NAME artifact`;
  const footer = [`<sub>[workflow run](${runUrl}) · ${where}</sub>`];
  try {
    const measure = (s: string) => Buffer.byteLength(s);
    await core.summary.addRaw(renderSummary(runs, { footer, limit: MAX_SUMMARY_BYTES, measure })).write();
  } catch (err) {
    core.warning(`go-mem-gate: could not write the job summary (${firstLine(err)})`);
  }
  if (ctx.pr && inputs.comment) {
    const mark = marker(`summary:${inputs.baselineName}`);
    try {
      const body = renderSummary(runs, { header: mark, footer, limit: MAX_COMMENT_CHARS });
      const c = await upsertComment(octokit, ctx, mark, body, (l) => core.info(l));
      core.setOutput('comment-url', c.url);
      core.info(`go-mem-gate: ${c.created ? 'commented' : 'updated the comment'}: ${c.url}`);
    } catch (err) {
      const why = firstLine(err);
      core.warning(
        `go-mem-gate: could not write the PR comment (${why}); the verdict stands and the summary is in the job summary`,
      );
    }
  }
  const failed = runs.filter((r) => r.report?.verdict === 'fail').map((r) => r.name);
  const errored = runs.filter((r) => (r.report?.verdict ?? 'error') === 'error').map((r) => r.name);
  if (failed.length && inputs.failOnRegression)
    core.setFailed(`go-mem-gate: memory regression in ${failed.join(', ')}`);
  else if (!failed.length && errored.length) core.setFailed(`go-mem-gate could not measure ${errored.join(', ')}`);
  else core.info(`go-mem-gate: ${verdict}`);
}
