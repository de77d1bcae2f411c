/**
 * Integration helpers: build the Go fixtures once, pick free loopback ports, run the real CLI (dist/cli.js)
 * as a child process, and check that nothing it started is left running.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inject } from 'vitest';
import type { Report } from '../../src/report/report.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const BIN_DIR = join(ROOT, '.gate-build', 'bin');
export const CLI = join(ROOT, 'dist', 'cli.js');

/** Build every fixture service with `go build` (incremental: Go's build cache makes repeats cheap). */
export function buildFixtures(): void {
  mkdirSync(BIN_DIR, { recursive: true });
  const services = readdirSync(join(ROOT, 'fixtures', 'services'));
  execFileSync('go', ['build', '-o', `${BIN_DIR}/`, ...services.map((s) => `./services/${s}`)], {
    cwd: join(ROOT, 'fixtures'),
    stdio: 'inherit',
  });
}

export function fixture(name: string): string {
  const p = join(BIN_DIR, name);
  if (!existsSync(p)) throw new Error(`fixture ${name} not built: run buildFixtures() (test/global-setup.ts does)`);
  return p;
}

/** A free loopback port (bind to 0, read it, close). */
export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = net.createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => res(port));
    });
  });
}

/** Integration tests run dist/: refuse to run them on a dist/ that is not what src/ bundles to (global-setup.ts). */
export function assertDistFresh(): void {
  const stale = inject('staleDist');
  if (stale) throw new Error(stale);
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  out: string;
  report: Report | null;
  pid: number;
  /** Processes of this run still alive after the gate exited: anything whose command line names its port(s) or out dir. */
  leftovers: string[];
  /** Peak RSS (VmHWM) of the gate process, read just before it exited. */
  peakRssBytes: number;
}

export function tempOut(prefix = 'gmg-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Run `node dist/cli.js ...args`. `onStart` gets the child (e.g. to send it SIGTERM). */
export async function runCli(
  args: string[],
  opts: { out?: string; onSpawn?: (pid: number) => void; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<CliResult> {
  assertDistFresh();
  const out = opts.out ?? tempOut();
  const child = spawn(process.execPath, [CLI, ...args, '--out', out], {
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  opts.onSpawn?.(child.pid!);
  let peakRssBytes = 0;
  const poll = setInterval(() => {
    try {
      const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child.pid}/status`, 'latin1'));
      if (m) peakRssBytes = Math.max(peakRssBytes, Number(m[1]) * 1024);
    } catch {
      /* exited */
    }
  }, 100);
  const killer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 150_000);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((r) =>
    child.on('close', (c, s) => r([c, s])),
  );
  clearTimeout(killer);
  clearInterval(poll);
  const reportPath = join(out, 'report.json');
  const report = existsSync(reportPath) ? (JSON.parse(readFileSync(reportPath, 'utf8')) as Report) : null;
  const needles = [
    out,
    ...new Set([...args.join(' ').matchAll(/127\.0\.0\.1:(\d+)/g)].map((m) => `127.0.0.1:${m[1]}`)),
  ];
  const leftovers = needles.flatMap((n) => processesMatching(n));
  return { code, signal, stdout, stderr, out, report, pid: child.pid!, leftovers, peakRssBytes };
}

/**
 * processesMatching after up to `ms` for them to go: a process the gate has sent SIGKILL is gone once the kernel
 * schedules its exit, which on a loaded machine can come a moment after the gate itself exited. A process that
 * was never signalled (a real orphan) is still there after the wait.
 */
export async function processesLeft(needle: string, ms = 3000): Promise<string[]> {
  const until = performance.now() + ms;
  let found = processesMatching(needle);
  while (found.length > 0 && performance.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    found = processesMatching(needle);
  }
  return found;
}

/** Live processes whose command line mentions `needle` (e.g. the fixture bin dir or a unique port). */
export function processesMatching(needle: string): string[] {
  const found: string[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e) || Number(e) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'latin1');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      const cmd = readFileSync(`/proc/${e}/cmdline`, 'latin1').replace(/\0/g, ' ').trim();
      if (cmd.includes(needle)) found.push(`${e}: ${cmd}`);
    } catch {
      /* gone */
    }
  }
  return found;
}

/** Files kept in the output directory (relative paths). */
export function keptFiles(out: string): string[] {
  const files: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const e of readdirSync(dir)) {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) walk(p, `${rel}${e}/`);
      else files.push(`${rel}${e}`);
    }
  };
  walk(out, '');
  return files.sort();
}

/** Standard arguments for running a fixture service on a fresh port with the built-in load. */
export async function serviceArgs(
  name: string,
  opts: { rate?: number; flags?: string; duration?: string; warmup?: string } = {},
): Promise<{ args: string[]; port: number }> {
  const port = await freePort();
  const addr = `127.0.0.1:${port}`;
  const args = [
    'run',
    '--start',
    `${fixture(name)} -addr ${addr}${opts.flags ? ` ${opts.flags}` : ''}`,
    '--pprof-url',
    `http://${addr}`,
    '--duration',
    opts.duration ?? '30s',
  ];
  if (opts.warmup) args.push('--warmup', opts.warmup);
  if (opts.rate) args.push('--load-url', `http://${addr}/`, '--rate', String(opts.rate));
  return { args, port };
}

/** The gate's one-line errors on stderr. */
export const errorLine = (stderr: string): string[] =>
  stderr.split('\n').filter((l) => l.startsWith('go-mem-gate: error:'));
