/**
 * Artifacts through @actions/artifact: the run's evidence (report, samples, logs, every profile) and the
 * baseline a push records for later pull requests.
 */

import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';

export function reportArtifactName(baselineName: string): string {
  return `go-mem-gate-report-${baselineName}`;
}

export function baselineArtifactName(baselineName: string): string {
  return `go-mem-gate-baseline-${baselineName}`;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

/** Upload every file under `dir` as one artifact; returns its id. */
export async function uploadDir(name: string, dir: string): Promise<number | undefined> {
  const root = resolve(dir);
  const client = new DefaultArtifactClient();
  const res = await client.uploadArtifact(name, filesUnder(root), root, { retentionDays: 30 });
  return res.id;
}

/** Upload one file (the baseline) as an artifact; returns its id. */
export async function uploadFile(name: string, file: string): Promise<number | undefined> {
  const path = resolve(file);
  const client = new DefaultArtifactClient();
  const res = await client.uploadArtifact(name, [path], resolve(path, '..'), { retentionDays: 90 });
  return res.id;
}

/** Download an artifact of another run into `dir`. */
export async function downloadFrom(
  artifactId: number,
  runId: number,
  owner: string,
  repo: string,
  token: string,
  dir: string,
): Promise<string> {
  const client = new DefaultArtifactClient();
  const res = await client.downloadArtifact(artifactId, {
    path: dir,
    findBy: { token, workflowRunId: runId, repositoryOwner: owner, repositoryName: repo },
  });
  return res.downloadPath ?? dir;
}
