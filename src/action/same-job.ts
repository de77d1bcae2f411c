/**
 * The Action's `compare: same-job` on a pull request: find the merge-base of the PR head and its base branch
 * in the local clone, check it out in a git worktree beside the workspace, run the same `build` command in both,
 * and hand the engine a --base-start that starts the base build from its worktree. Needs the history of both
 * sides: actions/checkout with `fetch-depth: 0` (its default depth of 1 has no merge-base to find).
 */
import { execFile, spawn } from 'node:child_process';
import { createWriteStream, existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { shellQuote } from '../engine.js';
import { GateError } from '../errors.js';

const run = promisify(execFile);

async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('git', ['-C', cwd, ...args], { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim();
}

const firstLine = (err: unknown) =>
  String((err as { stderr?: string }).stderr || (err as Error).message || err)
    .trim()
    .split('\n')[0];

/** The merge-base of the PR head and the base branch's commit, from the local clone; a clear error without it. */
export async function localMergeBase(
  workspace: string,
  headSha: string,
  baseSha: string,
  baseRef: string,
): Promise<string> {
  try {
    return await git(workspace, 'merge-base', headSha, baseSha);
  } catch (err) {
    let shallow = '';
    try {
      const isShallow = (await git(workspace, 'rev-parse', '--is-shallow-repository')) === 'true';
      shallow = isShallow ? ' (this clone is shallow)' : '';
    } catch {
      /* not a git checkout: the message below says so */
    }
    const sides = `the PR head ${headSha.slice(0, 12)} and ${baseRef} (${baseSha.slice(0, 12)})`;
    throw new GateError(
      `compare: same-job needs the merge-base of ${sides}, and the checkout in ${workspace} lacks the history ` +
        `to find it${shallow}: use actions/checkout with fetch-depth: 0 (git: ${firstLine(err)})`,
    );
  }
}

/** Why a build did not run or was stopped: the cancellation's reason. */
const cancelled = (what: string, signal: AbortSignal) =>
  new GateError(`build of ${what} was stopped: ${String(signal.reason ?? 'cancelled')}`);

/**
 * Run `build` through /bin/sh in `cwd`, in its own process group, output to `logFile`; a clear error on failure.
 * A cancellation (`signal`, e.g. the job's SIGTERM), before or during the build, stops the whole group: no
 * build is started once cancelled, and none is left running.
 */
export async function runBuild(
  build: string,
  cwd: string,
  logFile: string,
  what: string,
  signal?: AbortSignal,
): Promise<void> {
  if (signal?.aborted) throw cancelled(what, signal);
  const log = createWriteStream(logFile);
  await new Promise<void>((r, j) => log.on('open', () => r()).on('error', j));
  if (signal?.aborted) {
    log.end();
    throw cancelled(what, signal);
  }
  const child = spawn('/bin/sh', ['-c', build], { cwd, stdio: ['ignore', log, log], detached: true });
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((r) =>
    child.on('close', (c, s) => r([c, s])).on('error', () => r([null, null])),
  );
  const killGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* gone */
    }
  };
  signal?.addEventListener('abort', killGroup, { once: true });
  let code: number | null;
  let sig: NodeJS.Signals | null;
  try {
    [code, sig] = await exited;
  } finally {
    signal?.removeEventListener('abort', killGroup);
    // Whatever the shell left behind in its group (a backgrounded step) goes with it.
    killGroup();
    log.end();
  }
  if (signal?.aborted) throw cancelled(what, signal);
  const how = sig ? `signal ${sig}` : `status ${code}`;
  if (code !== 0) throw new GateError(`build of ${what} failed (${how}): see ${logFile}`);
}

/** Characters that end a path in a shell command (whitespace, quotes, operators, separators). */
const PATH_END = String.raw`\s'"=:;,&|()<>\x60`;

/**
 * Point every whole-path mention of `from` (itself, or a path under it) in a shell command at `to`: a path that
 * merely starts with the same characters (/w/x2 for /w/x) or contains it (/a/w/x) is left alone.
 * @example retargetPath('./x/bin -c /w/x/c.yml -d /w/x2', '/w/x', '/w/b') // './x/bin -c /w/b/c.yml -d /w/x2'
 */
export function retargetPath(command: string, from: string, to: string): string {
  const root = from.replace(/\/+$/, '');
  if (!root) return command;
  const escaped = root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`(^|[${PATH_END}])${escaped}(?=$|/|[${PATH_END}])`, 'g');
  return command.replace(re, (_, before: string) => `${before}${to}`);
}

export interface SameJobSetup {
  /** The engine's --base-start: the user's start command, run from the base's worktree. */
  baseStart: string;
  mergeBase: string;
  worktree: string;
  /** Remove the worktree again. */
  cleanup: () => Promise<void>;
}

/**
 * Prepare the base build: worktree at the merge-base beside the workspace, `build` there and in the workspace.
 * Paths in `start` that name the workspace are pointed at the worktree; relative ones resolve there anyway.
 */
export interface SameJobOptions {
  workspace: string;
  headSha: string;
  baseSha: string;
  baseRef: string;
  build: string;
  start: string;
  /** baseline-name, for the worktree's directory name. */
  name: string;
  out: string;
  log: (l: string) => void;
  signal?: AbortSignal;
}

export async function prepareSameJob(o: SameJobOptions): Promise<SameJobSetup> {
  const ws = resolve(o.workspace);
  const mergeBase = await localMergeBase(ws, o.headSha, o.baseSha, o.baseRef);
  const worktree = resolve(ws, '..', `go-mem-gate-base-${o.name}`);
  const cleanup = async () => {
    try {
      await git(ws, 'worktree', 'remove', '--force', worktree);
    } catch {
      /* not registered */
    }
    if (existsSync(worktree)) rmSync(worktree, { recursive: true, force: true });
    await git(ws, 'worktree', 'prune').catch(() => {});
  };
  await cleanup();
  try {
    await git(ws, 'worktree', 'add', '--detach', worktree, mergeBase);
  } catch (err) {
    const what = `the merge-base ${mergeBase.slice(0, 12)} in ${worktree}`;
    throw new GateError(`compare: same-job could not check out ${what} (git: ${firstLine(err)})`);
  }
  const mb = mergeBase.slice(0, 12);
  o.log(`go-mem-gate: same-job A/B: merge-base ${mb} of the PR head and ${o.baseRef} checked out in ${worktree}`);
  try {
    o.log(`go-mem-gate: building the base: ${o.build}`);
    const base = `the base (merge-base ${mb}) in ${worktree}`;
    await runBuild(o.build, worktree, join(o.out, 'build-base.log'), base, o.signal);
    o.log(`go-mem-gate: building the head: ${o.build}`);
    await runBuild(o.build, ws, join(o.out, 'build-head.log'), `the head in ${ws}`, o.signal);
  } catch (err) {
    await cleanup();
    throw err;
  }
  const start = retargetPath(o.start, ws, worktree);
  return { baseStart: `cd ${shellQuote(worktree)} && ${start}`, mergeBase, worktree, cleanup };
}
