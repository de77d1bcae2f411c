/**
 * The Action's inputs, read once, in one place. Run inputs carry the CLI's flag names and are turned into the
 * same argv the CLI parses, so the Action can never compute anything the CLI cannot.
 */
import * as core from '@actions/core';
import { UsageError } from '../errors.js';

/** Inputs passed through as CLI flags, in the CLI's order. */
export const RUN_INPUTS = [
  'start',
  'pprof-url',
  'ready-url',
  'ready-timeout',
  'request-timeout',
  'load',
  'load-url',
  'rate',
  'duration',
  'interval',
  'warmup',
  'profile-rate',
  'confidence',
  'module',
  'attribute',
  'name',
] as const;

export interface ActionInputs {
  /** run: measure this service; summarize: one comment for the run's report artifacts (a matrix's final job). */
  mode: 'run' | 'summarize';
  /** same-job: measure the PR's merge-base in this job (needs build); artifact: the base branch's baseline artifact. */
  compare: 'same-job' | 'artifact' | 'auto';
  /** Build command run in the workspace and in the base's worktree (compare: same-job). */
  build: string;
  /** CLI argv for `go-mem-gate run`, without --baseline/--save-baseline/--out (the Action resolves those). */
  argv: string[];
  baseline: 'auto' | 'none' | { path: string };
  saveBaseline: 'auto' | 'none' | { path: string };
  baselineName: string;
  out: string;
  token: string;
  comment: boolean;
  failOnRegression: boolean;
}

function bool(name: string): boolean {
  const v = core.getInput(name).trim().toLowerCase();
  if (v === '' || v === 'true') return true;
  if (v === 'false') return false;
  throw new UsageError(`input ${name}: "${v}" must be true or false`);
}

/** Multiline input: one item per line; blank lines and lines starting with # are skipped. */
export function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

function fileOrMode(name: string): 'auto' | 'none' | { path: string } {
  const v = core.getInput(name).trim();
  if (v === '' || v === 'auto') return 'auto';
  if (v === 'none') return 'none';
  return { path: v };
}

export function readInputs(): ActionInputs {
  const argv: string[] = ['run'];
  for (const name of RUN_INPUTS) {
    const v = core.getInput(name).trim();
    if (v) argv.push(`--${name}=${v}`); // one token: a value starting with "-" stays a value
  }
  for (const kv of lines(core.getInput('env'))) argv.push(`--env=${kv}`);
  for (const b of lines(core.getInput('budget'))) argv.push(`--budget=${b}`);
  const strict = core.getInput('strict').trim().toLowerCase();
  if (strict === 'true') argv.push('--strict');
  else if (strict !== '' && strict !== 'false') throw new UsageError(`input strict: "${strict}" must be true or false`);
  const baselineName = core.getInput('baseline-name').trim() || 'default';
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(baselineName)) {
    throw new UsageError(
      `input baseline-name: "${baselineName}" may hold only letters, digits, ".", "_" and "-" (at most 64)`,
    );
  }
  // The run's label: the name input, else baseline-name when set (a monorepo's matrix sets it per service; the
  // matrix values themselves are not visible to a JavaScript action).
  if (!core.getInput('name').trim() && baselineName !== 'default') argv.push(`--name=${baselineName}`);
  const mode = core.getInput('mode').trim() || 'run';
  if (mode !== 'run' && mode !== 'summarize') throw new UsageError(`input mode: "${mode}" must be run or summarize`);
  const compare = core.getInput('compare').trim() || 'auto';
  if (compare !== 'same-job' && compare !== 'artifact' && compare !== 'auto') {
    throw new UsageError(`input compare: "${compare}" must be same-job, artifact or auto`);
  }
  const build = core.getInput('build').trim();
  if (compare === 'same-job' && !build) {
    const eg = 'go build -o bin/server ./cmd/server';
    throw new UsageError(`input compare: same-job needs input build, the command that builds the service (e.g. ${eg})`);
  }
  return {
    mode,
    compare,
    build,
    argv,
    baseline: fileOrMode('baseline'),
    saveBaseline: fileOrMode('save-baseline'),
    baselineName,
    out: core.getInput('out').trim() || 'go-mem-gate-out',
    token: core.getInput('github-token').trim(),
    comment: bool('comment'),
    failOnRegression: bool('fail-on-regression'),
  };
}
