/**
 * Run the Action's entry point (dist/index.js) as a workflow step would: an event payload file, GITHUB_*
 * variables, INPUT_* inputs, and GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, against a FakeGitHub.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../src/report/report.js';
import type { FakeGitHub } from './fake-github.js';
import { assertDistFresh, processesMatching, ROOT } from './gate.js';

export const ACTION = join(ROOT, 'dist', 'index.js');

/** An unsigned JWT with the scope @actions/artifact reads the run's backend ids from. */
function runtimeToken(): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ scp: 'Actions.GenericRead Actions.Results:1111-run:2222-job' })}.sig`;
}

export function prEvent(number = 7, baseRef = 'main') {
  return {
    action: 'synchronize',
    number,
    pull_request: {
      number,
      head: { sha: 'a1b2c3d4e5f6a7b8c9d0', ref: 'feature' },
      base: { ref: baseRef, sha: 'b'.repeat(40) },
    },
    repository: { name: 'svc', owner: { login: 'acme' } },
  };
}

export interface ActionResult {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  out: string;
  report: Report | null;
  leftovers: string[];
}

/** Parse the GITHUB_OUTPUT file (name<<DELIM ... DELIM blocks). */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(re)) out[m[1]] = m[3];
  return out;
}

export async function runAction(opts: {
  fake: FakeGitHub;
  eventName: string;
  event: unknown;
  inputs: Record<string, string>;
  workspace?: string;
  /** Called with the Action process's id once it is started (e.g. to send it SIGTERM). */
  onSpawn?: (pid: number) => void;
}): Promise<ActionResult> {
  const dir = mkdtempSync(join(tmpdir(), 'gmg-action-'));
  const eventPath = join(dir, 'event.json');
  writeFileSync(eventPath, JSON.stringify(opts.event));
  const outputFile = join(dir, 'output');
  const summaryFile = join(dir, 'summary.md');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const out = join(dir, 'out');
  const inputs: Record<string, string> = { 'github-token': 'ghs_faketoken', out, ...opts.inputs };
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: opts.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: `${opts.fake.owner}/${opts.fake.repo}`,
    GITHUB_REPOSITORY_OWNER: opts.fake.owner,
    GITHUB_RUN_ID: '123',
    GITHUB_RUN_NUMBER: '5',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SHA: 'f'.repeat(40), // the merge commit on pull_request: not what we measure
    GITHUB_REF: opts.eventName === 'pull_request' ? 'refs/pull/7/merge' : 'refs/heads/main',
    GITHUB_API_URL: opts.fake.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_WORKSPACE: opts.workspace ?? ROOT,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    ACTIONS_RUNTIME_TOKEN: runtimeToken(),
    ACTIONS_RESULTS_URL: `${opts.fake.url}/`,
    GO_MEM_GATE_RETRY_MS: '20',
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  assertDistFresh();
  const child = spawn(process.execPath, [ACTION], {
    cwd: opts.workspace ?? ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  opts.onSpawn?.(child.pid!);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
  const reportPath = join(out, 'report.json');
  const ports = [
    ...new Set([...JSON.stringify(inputs).matchAll(/127\.0\.0\.1:(\d+)/g)].map((m) => `127.0.0.1:${m[1]}`)),
  ];
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    out,
    report: existsSync(reportPath) ? JSON.parse(readFileSync(reportPath, 'utf8')) : null,
    leftovers: ports.flatMap((p) => processesMatching(p)),
  };
}
