/**
 * The GitHub Action: a thin front end over the engine. Inputs -> (baseline from the base branch) -> the same
 * run the CLI does -> outputs, job summary, annotations, artifacts, the sticky PR comment, and the check's
 * result. GitHub trouble (read-only token, 5xx, missing baseline) becomes a warning: the verdict stands.
 */

import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as core from '@actions/core';
import * as github from '@actions/github';
import { MAX_ERROR_ANNOTATIONS, pickAnnotations } from './action/annotations.js';
import { baselineArtifactName, downloadFrom, reportArtifactName, uploadDir, uploadFile } from './action/artifacts.js';
import { fitBody, MAX_COMMENT_CHARS, MAX_SUMMARY_BYTES, marker } from './action/comment.js';
import { describeBuiltCommit, workspaceHead } from './action/commit.js';
import type { EventContext, FoundArtifact } from './action/github.js';
import { findBaselineArtifact, readContext, statusOf, upsertComment } from './action/github.js';
import { type ActionInputs, readInputs } from './action/inputs.js';
import { findGoModules, toRepoPath } from './action/paths.js';
import { prepareSameJob, runBuild, type SameJobSetup } from './action/same-job.js';
import { runSummarizeMode } from './action/summarize-mode.js';
import { buildConfig, parseRunArgs } from './config.js';
import { runGate } from './engine.js';
import { GateError, UsageError } from './errors.js';
import { escapeMarkdown } from './report/escape.js';
import type { BaselineOrigin, Report } from './report/report.js';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0];

interface ResolvedBaseline {
  file: string;
  origin: BaselineOrigin | null;
}

/** Where the baseline was measured, relative to the PR's merge-base, in words. */
export function baselineOriginNote(f: FoundArtifact, base: string): string {
  const at = `the baseline comes from the ${f.event} run ${f.runId} on ${base} at commit ${f.commit.slice(0, 12)}`;
  if (f.mergeBase === null) return `${at} (the newest recorded; the merge-base could not be found)`;
  if (f.commitsBehind === 0) return `${at}, this PR's merge-base`;
  const n = f.commitsBehind ?? 0;
  const behind = `${n} commit${n === 1 ? '' : 's'} behind this PR's merge-base ${f.mergeBase.slice(0, 12)}`;
  return `${at}, ${behind} (none was recorded at the merge-base): changes on ${base} in between count as this PR's`;
}

async function resolveBaseline(
  inputs: ActionInputs,
  ctx: EventContext,
  octokit: ReturnType<typeof github.getOctokit> | null,
  notes: string[],
): Promise<ResolvedBaseline | null> {
  if (inputs.baseline === 'none') return null;
  if (typeof inputs.baseline === 'object') return { file: inputs.baseline.path, origin: null };
  if (!ctx.pr) return null; // auto: only pull requests compare with a baseline
  const base = ctx.pr.baseRef;
  const how = `a push to ${base} running this workflow with save-baseline: auto records one`;
  if (!octokit) {
    notes.push(`no github-token, so no baseline could be fetched from ${base}: judged on budgets alone`);
    return null;
  }
  const name = baselineArtifactName(inputs.baselineName);
  try {
    const found = await findBaselineArtifact(octokit, ctx, base, name, 20, (l) => core.info(l));
    if (!found) {
      notes.push(`no baseline recorded on ${base} yet: judged on budgets alone; ${how}`);
      core.notice(`go-mem-gate: no baseline artifact "${name}" on ${base} yet; judged on budgets alone. ${how}.`);
      return null;
    }
    const dir = join(inputs.out, 'baseline-from-base');
    await downloadFrom(found.id, found.runId, ctx.owner, ctx.repo, inputs.token, dir);
    const file = join(dir, 'baseline.json');
    if (!existsSync(file)) throw new Error(`artifact ${name} has no baseline.json`);
    core.info(
      `go-mem-gate: baseline from run ${found.runId} on ${base} (artifact ${found.id}, ${found.createdAt ?? 'date unknown'})`,
    );
    notes.push(baselineOriginNote(found, base));
    return { file, origin: { source: 'artifact', commit: found.commit, commitsBehind: found.commitsBehind } };
  } catch (err) {
    const status = statusOf(err);
    const why = status === 404 || status === 410 ? 'it has expired or was deleted' : message(err);
    core.warning(`go-mem-gate: could not fetch the baseline from ${base} (${why}); judged on budgets alone`);
    notes.push(`the baseline from ${base} could not be fetched (${why}): judged on budgets alone`);
    return null;
  }
}

/**
 * Error annotations on the regressed sites' source lines, most important first, within GitHub's 10 per step (one
 * of which the step's own failure message takes when the check fails); a notice says how many were left out.
 */
function annotate(report: Report, workspace: string, willFail: boolean): void {
  const modules = findGoModules(workspace);
  const { items, leftOut } = pickAnnotations(report, MAX_ERROR_ANNOTATIONS - (willFail ? 1 : 0));
  for (const a of items) {
    const file = toRepoPath(a.file, workspace, modules);
    core.error(a.text, { title: 'go-mem-gate: memory regression', ...(file ? { file, startLine: a.line } : {}) });
  }
  if (leftOut > 0) {
    const why = `GitHub shows at most ${MAX_ERROR_ANNOTATIONS} error annotations per step`;
    const sites = `${leftOut} more regressed site${leftOut === 1 ? '' : 's'}`;
    core.notice(`go-mem-gate: ${sites} not annotated (${why}); all are in the report`);
  }
}

export async function run(): Promise<void> {
  const controller = new AbortController();
  const onSignal = (sig: NodeJS.Signals) =>
    controller.abort(`interrupted by ${sig}: the run was cancelled before it finished`);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const inputs = readInputs();
    const ctx = readContext();
    const octokit = inputs.token ? github.getOctokit(inputs.token) : null;
    mkdirSync(inputs.out, { recursive: true });
    if (inputs.mode === 'summarize') return await runSummarizeMode(inputs, ctx, octokit);
    const notes: string[] = [];
    const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
    // compare: auto is same-job when a build command is given; same-job needs a pull request to compare.
    const wantSameJob = inputs.compare === 'same-job' || (inputs.compare === 'auto' && inputs.build !== '');
    const sameJob = wantSameJob && ctx.pr !== null;
    let setup: SameJobSetup | null = null;
    if (sameJob) {
      const pr = ctx.pr!;
      if (!pr.baseSha) throw new GateError('compare: same-job needs pull_request.base.sha in the event payload');
      const start = inputs.argv.find((a) => a.startsWith('--start='))?.slice('--start='.length) ?? '';
      if (!start.trim()) throw new UsageError('--start is required: the shell command that starts your Go service');
      setup = await prepareSameJob({
        workspace,
        headSha: pr.headSha,
        baseSha: pr.baseSha,
        baseRef: pr.baseRef,
        build: inputs.build,
        start,
        name: inputs.baselineName,
        out: inputs.out,
        log: (l) => core.info(l),
        signal: controller.signal,
      });
      if (workspaceHead(workspace) === process.env.GITHUB_SHA && process.env.GITHUB_SHA !== pr.headSha) {
        notes.push(
          'the head measured is the merge commit actions/checkout made, and the base is the merge-base: changes on ' +
            `${pr.baseRef} since the PR branched off count as this PR's; check out the PR head to compare exactly its change`,
        );
      }
    } else if (inputs.build && inputs.mode === 'run') {
      core.info(`go-mem-gate: building: ${inputs.build}`);
      const log = join(inputs.out, 'build-head.log');
      await runBuild(inputs.build, workspace, log, `the service in ${workspace}`, controller.signal);
    }
    try {
      const baseline = sameJob ? null : await resolveBaseline(inputs, ctx, octokit, notes);
      const savePath =
        inputs.saveBaseline === 'none'
          ? null
          : typeof inputs.saveBaseline === 'object'
            ? inputs.saveBaseline.path
            : join(inputs.out, 'baseline.json');

      const argv = [...inputs.argv, `--out=${inputs.out}`];
      if (baseline) argv.push(`--baseline=${baseline.file}`);
      if (setup) argv.push(`--base-start=${setup.baseStart}`);
      if (savePath) argv.push(`--save-baseline=${savePath}`);
      const cfg = buildConfig(parseRunArgs(argv.slice(1)), argv);
      const origin: BaselineOrigin | null | undefined = setup
        ? { source: 'same-job', commit: setup.mergeBase, commitsBehind: 0 }
        : baseline?.origin;
      const log = (l: string) => core.info(l);
      const gateOpts = { signal: controller.signal, log, notes, baselineOrigin: origin ?? undefined };
      const result = await runGate(cfg, gateOpts);
      const report = result.report;

      const metric = (name: string) => report.metrics.find((m) => m.name === name)?.slopePerMinute;
      core.setOutput('verdict', report.verdict);
      core.setOutput('report-path', join(inputs.out, 'report.json'));
      core.setOutput('heap-slope', metric('heap_live') ?? '');
      core.setOutput('goroutine-slope', metric('goroutines') ?? '');
      core.setOutput('rss-slope', metric('rss') ?? '');
      core.setOutput(
        'regressed-sites',
        report.sites.filter((s) => s.verdict === 'fail').length +
          report.goroutineSites.filter((s) => s.verdict === 'fail').length,
      );

      // Evidence first (always, even on error), so the comment can link to it.
      const runUrl = `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}/actions/runs/${ctx.runId}`;
      let artifactUrl: string | null = null;
      try {
        const id = await uploadDir(reportArtifactName(inputs.baselineName), inputs.out);
        if (id !== undefined) artifactUrl = `${runUrl}/artifacts/${id}`;
      } catch (err) {
        core.warning(
          `go-mem-gate: could not upload the report artifact (${message(err)}); the files stay in ${inputs.out}`,
        );
      }
      if (inputs.saveBaseline === 'auto' && !ctx.pr && report.verdict !== 'error' && savePath) {
        try {
          await uploadFile(baselineArtifactName(inputs.baselineName), savePath);
          core.info(
            `go-mem-gate: recorded the baseline "${baselineArtifactName(inputs.baselineName)}" for pull requests into ${ctx.ref}`,
          );
        } catch (err) {
          core.warning(`go-mem-gate: could not upload the baseline artifact (${message(err)})`);
        }
      }

      const willFail = report.verdict === 'error' || (report.verdict === 'fail' && inputs.failOnRegression);
      try {
        annotate(report, workspace, willFail);
      } catch (err) {
        core.warning(`go-mem-gate: could not annotate the source lines (${message(err)})`);
      }
      const built = describeBuiltCommit(process.env.GITHUB_SHA ?? '', ctx.pr, workspaceHead(workspace));
      core.info(`go-mem-gate: measured ${built.label}`);
      const evidence = artifactUrl ? ` · [report, samples, logs and profiles](${artifactUrl})` : '';
      const footer = [`<sub>[workflow run](${runUrl})${evidence} · measured ${escapeMarkdown(built.label, 400)}</sub>`];
      try {
        await core.summary
          .addRaw(fitBody(report, { footer, limit: MAX_SUMMARY_BYTES, measure: (s) => Buffer.byteLength(s) }))
          .write();
      } catch (err) {
        core.warning(`go-mem-gate: could not write the job summary (${message(err)})`);
      }

      if (ctx.pr && inputs.comment && octokit) {
        try {
          const body = fitBody(report, { header: marker(inputs.baselineName), footer, limit: MAX_COMMENT_CHARS });
          const c = await upsertComment(octokit, ctx, marker(inputs.baselineName), body, (l) => core.info(l));
          core.setOutput('comment-url', c.url);
          core.info(`go-mem-gate: ${c.created ? 'commented' : 'updated the comment'}: ${c.url}`);
        } catch (err) {
          const status = statusOf(err);
          core.warning(
            status === 403
              ? 'go-mem-gate: cannot comment on this pull request (403: the token is read-only, as on pull requests from forks); the verdict stands and the report is in the job summary'
              : `go-mem-gate: could not write the PR comment (${message(err)}); the verdict stands and the report is in the job summary`,
          );
        }
      }

      if (report.verdict === 'error') core.setFailed(`go-mem-gate could not measure: ${report.error}`);
      else if (report.verdict === 'fail' && inputs.failOnRegression) core.setFailed(`go-mem-gate: ${report.summary}`);
      else core.info(`go-mem-gate: ${report.summary}`);
    } finally {
      await setup?.cleanup();
    }
  } catch (err) {
    // Messages name CLI flags; an Action user set inputs of the same names.
    if (err instanceof UsageError)
      core.setFailed(`go-mem-gate: ${err.message.replace(/--([a-z][a-z-]*)/g, 'input $1')}`);
    else if (err instanceof GateError) core.setFailed(`go-mem-gate: ${err.message}`);
    else core.setFailed(`go-mem-gate: internal error: ${message(err)} (please report it)`);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
